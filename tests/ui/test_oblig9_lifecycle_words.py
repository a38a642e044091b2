"""What the life-cycle dialogs and messages tell the officer to do next: reopening names
the tab and buttons that open new tracks (it said "accepting a new screening opens new
ones", naming neither), and a discarded draft's message says where it went (the list
then read "No case matches" and nothing else)."""

from __future__ import annotations

from approvals.services.case_lifecycle import CLOSED, COMPLETED, Availability, Ending
from approvals.services.drafts import save_draft
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_lifecycle import KINDS, ReasonDialog, what_happens
from tests.ui.scaling_support import doubled_app_font
from tests.ui.test_case_lifecycle_ui import (  # noqa: F401  (fixture)
    dialog_of,
    give_reason,
    make_window,
    select,
)


def test_reopening_says_where_new_tracks_are_opened() -> None:
    ending = Ending(CLOSED, "2026-11-30T10:00:00Z", "adam", "lapsed", COMPLETED)
    text = what_happens("reopen", Availability("AP-2026-0002", CLOSED, 4, "", "", "", ending))
    # Not "will be completed again", which read as if reopening completed the deal.
    assert text.startswith("Case AP-2026-0002 will be reopened as completed, as it was "
                           "before it was closed.")
    assert "Screening tab" in text and "Re-screen with today's rules" in text
    assert "Accept the new screening…" in text


def test_a_discarded_draft_says_which_filter_lists_it(
        qtbot, make_window, db: Database, admin: Actor) -> None:  # noqa: F811
    with db.session() as s:
        reference = save_draft(s, actor=admin, data={"target": {"name_en": "Half Typed"}}
                               ).reference
    window = make_window()
    select(qtbot, window, reference)
    window.lifecycle.actions["discard"].trigger()
    dialog = dialog_of(qtbot, window)
    with qtbot.waitSignal(window.cases_loaded, timeout=10_000):
        give_reason(qtbot, window, dialog, "entered twice")
    assert window.statusBar().currentMessage() == (
        f"Discarded draft {reference}: the Status filter's Intake discarded lists it")


def test_at_200_percent_the_dialog_is_as_tall_as_what_it_says(qtbot) -> None:
    """The dialog took its height from a size hint made for another width: at 200 % the
    last lines of what reopening does (where to go on) were cut off."""
    with doubled_app_font():
        ending = Ending(CLOSED, "2026-11-30T10:00:00Z", "adam", "lapsed", COMPLETED)
        dialog = ReasonDialog(KINDS["reopen"], Availability(
            "AP-2026-0002", CLOSED, 4, "", "", "", ending), lambda _d, _r: None)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        what = dialog.what
        assert what.height() >= what.heightForWidth(what.width())
        dialog.reject()


def test_a_long_refusal_in_the_dialog_is_shown_whole(qtbot) -> None:
    """Refused after OK (the case changed meanwhile), the dialog kept its height and the
    refusal's last lines, which say what to do, were cut off."""
    dialog = ReasonDialog(KINDS["close"], Availability("AP-2026-0002", "open", 4, "", "",
                                                       ""), lambda _d, _r: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.refused("Case AP-2026-0002 cannot be closed yet: " + "; ".join(
        f"the CN-FISR condition “Condition number {n}” is open: mark it fulfilled or waived "
        "(case window, Tracks tab)" for n in range(4)) + ".")
    problem = dialog.problem
    assert problem.height() >= problem.heightForWidth(problem.width())
    dialog.reject()
