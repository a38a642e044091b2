"""A proposed value typed in review mode as the facts list shows it: a list of choices
(`Robotic control, Cybersecurity`), a choice (`Convertible debt`), Yes/No. The list was
refused with "expected array, got …" and the choice with its codes; the value field's hint
follows the field chosen."""

from __future__ import annotations

import pytest

from approvals.domain.errors import InputError
from approvals.ui.review import PROPOSE_HINT, coded, proposal_hint, recommended, typed_proposal


def test_a_list_of_choices_is_typed_in_words_separated_by_commas() -> None:
    assert typed_proposal("target.ai.end_uses", "Robotic control, Cybersecurity") == [
        "robotic_control", "cybersecurity"]
    assert typed_proposal("target.ai.end_uses", "robotic control、cybersecurity；military") == [
        "robotic_control", "cybersecurity", "military"]
    assert typed_proposal("target.activities", "AI applications") == ["ai_application"]
    assert typed_proposal("target.ai.end_uses", "Military, military") == ["military"]
    assert typed_proposal("target.ai.end_uses", "none") == []


def test_free_text_items_split_on_semicolons_when_one_has_a_comma() -> None:
    assert typed_proposal("target.ai.us_models_used", "GPT-4, Llama 3") == ["GPT-4", "Llama 3"]
    assert typed_proposal("target.ai.us_models_used", "Model A, v2; Model B") == [
        "Model A, v2", "Model B"]


def test_a_choice_and_yes_no_are_typed_as_shown() -> None:
    assert typed_proposal("deal.instrument", "Convertible debt") == "convertible_debt"
    assert typed_proposal("deal.instrument", "convertible_debt") == "convertible_debt"
    assert typed_proposal("investor.kind", "Private equity fund") == "private_equity_fund"
    assert typed_proposal("deal.veto_rights", "Yes") is True
    assert typed_proposal("deal.veto_rights", "否") is False


def test_an_unknown_choice_names_the_field_and_the_choices_in_words() -> None:
    with pytest.raises(InputError) as refused:
        typed_proposal("target.ai.end_uses", "Robotic control, Cyber")
    problem = refused.value.problems[0]
    assert problem.path == "target.ai.end_uses"
    assert "'Cyber' is not one of its choices" in problem.message
    assert "Cybersecurity" in problem.message and "cybersecurity" not in problem.message
    with pytest.raises(InputError, match="Yes, No"):
        typed_proposal("deal.veto_rights", "maybe")


def test_choices_typed_in_json_are_stored_as_codes() -> None:
    assert coded("target.ai.end_uses", ["Robotic control", "cybersecurity"]) == [
        "robotic_control", "cybersecurity"]
    assert coded("deal.instrument", "Convertible debt") == "convertible_debt"
    assert coded("target.name_en", "Acme") == "Acme"  # free text as it is
    with pytest.raises(InputError):
        coded("deal.instrument", "Bonds")


def test_the_hint_says_what_to_type_for_the_field() -> None:
    assert proposal_hint(None) == PROPOSE_HINT
    assert "separated by commas" in proposal_hint("target.ai.end_uses")
    assert "Robotic control" in proposal_hint("target.ai.end_uses") or \
        "Military" in proposal_hint("target.ai.end_uses")
    assert "Convertible debt" in proposal_hint("deal.instrument")
    assert proposal_hint("deal.veto_rights") == "Yes or No"
    assert "2026年6月30日" in proposal_hint("deal.signing_date")
    assert "2500万" in proposal_hint("deal.amount.value")
    assert "%" in proposal_hint("deal.stake_after_pct")
    assert "whole number" in proposal_hint("deal.board_seats")
    assert "no quotes" in proposal_hint("target.name_zh")


def test_a_return_recommendation_is_said_in_words() -> None:
    assert recommended("return") == "return to the preparer"
    assert recommended("approve") == "approve"


def test_a_proposed_figure_is_read_as_the_wizards_field_reads_it() -> None:
    """In the field's currency ($ in a dollar field), to that currency's smallest unit:
    the wizard refuses a fen below the yuan, and so does review mode."""
    assert typed_proposal("deal.lp_commitment_usd", "$2,000,000") == 2_000_000
    assert typed_proposal("deal.amount.value", "1,000.125",
                          {"deal": {"amount": {"currency": "KWD"}}}) == 1_000.125
    with pytest.raises(InputError) as refused:
        typed_proposal("target.turnover_cny.china", "800,000,000.125")
    problem = refused.value.problems[0]
    assert problem.path == "target.turnover_cny.china"
    assert problem.message == ("'800,000,000.125' has 3 decimal places, and a CNY amount has "
                               "at most 2: check the figure")
    with pytest.raises(InputError, match="is in CNY: convert the USD figure"):
        typed_proposal("target.turnover_cny.china", "9亿美元")
