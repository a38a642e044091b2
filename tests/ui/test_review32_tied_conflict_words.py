"""Proposed changes: a proposal whose own field is as exported, but whose amount's currency
changed here, says so in its Status cell and leads its confirmation with it, with what
accepting makes of the reviewer's figure (the dialog said the value changed, beside two
equal numbers)."""

from __future__ import annotations

from approvals.services.review import ProposalView
from approvals.ui.review import proposal_status_text, tied_conflict_text


def _view() -> ProposalView:
    return ProposalView(1, 1, "AP-2026-0002", "deal.amount.value", 20_000_000, 25_000_000,
                        20_000_000, True, "pending", "rita", "p", None, None,
                        tied_changed=(("deal.amount.currency", "USD", "HKD"),))


def test_the_status_cell_names_the_field_that_changed() -> None:
    assert proposal_status_text(_view()) == "pending — conflict: currency USD → HKD here"


def test_the_confirmation_says_what_accepting_makes_of_the_figure() -> None:
    assert tied_conflict_text(_view()) == (
        "Amount (Deal) — currency changed here from USD to HKD after the pack of AP-2026-0002 "
        "was exported: accepting the reviewer's Amount (Deal) — value makes Amount (Deal) "
        "HKD 25,000,000, where the reviewer meant USD 25,000,000.")
