""""Acquires control: No" beside a stake after the deal of 50 % or more: screening counts
such a stake as control whatever the answer says, and the wizard said so only in the
answer's tooltip. A grey note under Acquires control says it (Next stays available: the
answer is the officer's)."""

from __future__ import annotations

from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import choose, edit
from tests.ui.test_wizard_audit2 import example


def test_a_majority_stake_with_control_answered_no_gets_a_note(
        qtbot, wizard: IntakeWizard) -> None:
    control = wizard.control_field
    choose(wizard, "field_deal_acquires_control", "No")
    edit(wizard, "field_deal_stake_after_pct").setText("62%")
    assert control.note_label.text() == ("a stake of 62 % is control whatever this says: "
                                         "screening counts it as control")
    assert control.problem() is None  # a note, not a problem
    edit(wizard, "field_deal_stake_after_pct").setText("49.9")
    assert control.note_label.text() == ""
    edit(wizard, "field_deal_stake_after_pct").setText("50")
    choose(wizard, "field_deal_acquires_control", "Yes")
    assert control.note_label.text() == ""


def test_the_note_and_hint_name_the_rulebooks_control_stake(
        qtbot, runner, admin, monkeypatch) -> None:
    """The figure is the CN-FISR scope rule's `control_stake_pct_at_least` in force today
    (a rulebook update that lowers it changes the note), not a 50 written in the wizard."""
    from datetime import date

    from approvals.domain import rulebook as rulebook_module
    from approvals.domain.screening import control_stake_threshold
    from approvals.ui import wizard as wizard_module

    shipped = rulebook_module.default_rulebook()
    assert control_stake_threshold(shipped, date(2026, 12, 1)) == 50
    assert control_stake_threshold(shipped, date(2019, 1, 1)) is None  # FISR not yet in force
    monkeypatch.setattr(wizard_module, "control_stake_threshold", lambda _book, _day: 33.5)
    w = IntakeWizard(runner, admin)
    qtbot.addWidget(w)
    w.show()
    control = w.control_field
    assert "a stake of 33.5 % or more is control" in control.hint
    choose(w, "field_deal_acquires_control", "No")
    edit(w, "field_deal_stake_after_pct").setText("40")
    assert control.note_label.text() == ("a stake of 40 % is control whatever this says: "
                                         "screening counts it as control")
    edit(w, "field_deal_stake_after_pct").setText("33")
    assert control.note_label.text() == ""


def test_without_a_control_stake_in_force_no_note_is_made_up(
        qtbot, runner, admin, monkeypatch) -> None:
    from approvals.ui import wizard as wizard_module

    monkeypatch.setattr(wizard_module, "control_stake_threshold", lambda _book, _day: None)
    w = IntakeWizard(runner, admin)
    qtbot.addWidget(w)
    w.show()
    assert w.control_field.hint == "Your assessment of actual control."
    choose(w, "field_deal_acquires_control", "No")
    edit(w, "field_deal_stake_after_pct").setText("90")
    assert w.control_field.note_label.text() == ""


def test_an_unreadable_record_of_rulebook_updates_does_not_stop_the_wizard(
        qtbot, runner, admin, monkeypatch) -> None:
    """The record of installed updates damaged (CheckFailed): the wizard opens without the
    control figure, and its review page says the preview could not run (both raised)."""
    from approvals.domain.errors import CheckFailed
    from approvals.ui import wizard as wizard_module

    def unreadable(_data_dir: object) -> None:
        raise CheckFailed("The record of the installed rulebook updates cannot be read")

    monkeypatch.setattr(wizard_module, "rulebook_for", unreadable)
    w = IntakeWizard(runner, admin)
    qtbot.addWidget(w)
    w.show()
    assert w.control_field.hint == "Your assessment of actual control."
    w.autosave_timer.stop()
    w.load_data(example("vision-startup.json"))
    w.go_to_review()
    assert "the preview could not run" in w.review_page.screening_title.text()
    w._dirty = False
