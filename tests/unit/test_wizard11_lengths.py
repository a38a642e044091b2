"""The most each kind of typed text takes (typed_input.length_problem) and what the case
list shows of a draft holding a longer text: its beginning, not a pasted megabyte; the
draft's facts keep the whole text."""

from __future__ import annotations

from approvals.domain.typed_input import NAME_CHARS, length_problem, list_length_problem
from approvals.services.drafts import load_draft, save_draft
from approvals.store.audit import Actor
from approvals.store.cases import case_by_reference
from approvals.store.db import Database


def test_a_text_up_to_its_most_passes_and_a_longer_one_says_both_lengths() -> None:
    assert length_problem("n" * 200, 200, "a name") is None
    assert length_problem("n" * 12_345, 200, "a name") == (
        "is 12,345 characters long; a name takes at most 200: shorten it")
    assert length_problem("n" * 32_767, 200, "a name", cut=True) == (
        "is at least 32,767 characters long; a name takes at most 200: shorten it")


def test_a_lists_blank_lines_are_not_counted_but_are_numbered() -> None:
    assert list_length_problem(["a", "", "b"], most_items=2) is None
    assert list_length_problem(["a", "b", "c"], most_items=2) == (
        "has 3 items; the list takes at most 2: shorten it")
    assert list_length_problem(["a", "", "x" * 11], item_chars=10) == (
        "line 3 is 11 characters long; an item takes at most 10: shorten it")


def test_the_case_list_shows_the_beginning_of_a_drafts_over_long_texts(
        db: Database, admin: Actor) -> None:
    pasted = "Beijing Moxin " * 75_000  # about a megabyte
    data = {"reference": "R" * 500, "target": {"name_en": pasted, "name_zh": "墨" * 300},
            "investor": {"name": pasted},
            "deal": {"amount": {"value": 5, "currency": "U" * 1000}}}
    with db.session() as s:
        reference = save_draft(s, actor=admin, data=data).reference
    with db.read_session() as s:
        case = case_by_reference(s, reference)
        assert len(case.target_name) == NAME_CHARS and case.target_name.endswith("…")
        assert case.target_name.startswith("Beijing Moxin Beijing")
        assert len(case.investor_name) == len(case.target_name_zh) == NAME_CHARS
        assert len(case.own_reference) == 100
        assert len(case.amount_currency or "") == 12
        # The draft itself loses nothing: the field shows it whole, to be shortened.
        assert load_draft(s, actor=admin, reference=reference).data == data


def test_invisible_characters_alone_leave_a_drafts_cells_empty(admin, db) -> None:
    """A zero-width space pasted alone into Your reference stood in the case list as an
    invisible reference (the wizard itself reads it as nothing)."""
    data = {"reference": "\u200b", "target": {"name_en": " \u200e\u200b ", "name_zh": "墨\u200b"}}
    with db.session() as s:
        reference = save_draft(s, actor=admin, data=data).reference
    with db.read_session() as s:
        case = case_by_reference(s, reference)
        assert (case.own_reference, case.target_name) == ("", "")
        assert case.target_name_zh == "墨\u200b"  # with a character to show, kept as typed
