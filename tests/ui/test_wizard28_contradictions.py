"""Answers the screening contradicts get a grey word at the field, as "Acquires control:
No" beside a majority stake does (the screening said so only in its reasons on the Review
page): "US person: No" for an investor of the United States, "develops no AI system" for
a target whose activities include AI model development, and a largest training run far
below any real one (3.1e-25 typed for 3.1e25 screened US-OISP as not required)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from approvals.ui.wizard import IntakeWizard, compute_note
from tests.ui.test_wizard import choose, edit, tick


def test_us_person_no_for_an_investor_of_the_united_states(qtbot, wizard: IntakeWizard) -> None:
    field = wizard.us_person_field
    choose(wizard, "field_investor_us_person", "No")
    edit(wizard, "field_investor_jurisdiction").setText("US")
    assert field.note_label.text() == ("an investor organised in United States (US) is a US "
                                       "person whatever this says: screening counts it as one")
    assert field.problem() is None  # a note: Next stays available
    edit(wizard, "field_investor_jurisdiction").setText("SG")
    assert field.note_label.text() == ""
    edit(wizard, "field_investor_jurisdiction").setText("PR")  # a US territory, by the rulebook
    assert "an investor organised in Puerto Rico (PR) is a US person" in field.note_label.text()
    choose(wizard, "field_investor_us_person", "Yes")
    assert field.note_label.text() == ""


def test_developing_no_ai_system_with_ai_model_development_among_the_activities(
        qtbot, wizard: IntakeWizard) -> None:
    tick(qtbot, wizard, "choice_target_activities_ai_model_development")
    field = wizard.develops_field
    choose(wizard, "field_target_ai_develops_ai_system", "No")
    assert field.note_label.text().startswith(
        "the target's activities include AI model development: check this answer")
    choose(wizard, "field_target_ai_develops_ai_system", "Yes")
    assert field.note_label.text() == ""


def test_a_training_run_far_too_small_is_noted_with_the_likely_figure(
        qtbot, wizard: IntakeWizard) -> None:
    choose(wizard, "field_target_ai_develops_ai_system", "Yes")
    compute = edit(wizard, "field_target_ai_max_training_compute_ops")
    compute.setText("3.1e-25")
    field = next(f for f in wizard.fields if f.path[-1] == "max_training_compute_ops")
    assert field.note_label.text() == (
        "3.1e-25 operations is far less than any training run takes (a small model's is "
        "about 1e20): check the exponent: did you mean 3.1e25?")
    assert field.problem() is None
    compute.setText("3.1e25")
    assert field.note_label.text() == ""
    assert compute_note(0) is None and compute_note(1e15) is None
    assert compute_note(5e10) is not None and "did you mean" not in compute_note(5e10)
    # The smallest numbers a float holds (10 ** -324 is 0: a ZeroDivisionError reached the
    # unexpected-error box), and a mirror past the largest: a note, no guess.
    for tiny in (5e-324, 9.9e-324, 2.5e-310):
        said = compute_note(tiny)
        assert said is not None and "far less" in said and "did you mean" not in said
    assert compute_note(1e-300) is not None and compute_note(1e-300).endswith(  # type: ignore[union-attr]
        "did you mean 1e300?")


def test_a_headcount_larger_than_the_worlds_is_noted(qtbot, wizard: IntakeWizard) -> None:
    """100亿 typed in a personal-data count was taken as 10,000,000,000 without a word."""
    field = next(f for f in wizard.fields if f.path[-1] == "pi_subjects_processed")
    field.widget.setText("100亿")
    assert field.note_label.text() == (
        "10,000,000,000 individuals is more people than live on Earth (about 8.2 billion): "
        "check the figure (亿 is 100 million, 万 is 10,000)")
    assert field.problem() is None  # a note: Next stays available
    field.widget.setText("1亿")
    assert field.note_label.text() == ""


def test_an_individual_investor_is_not_asked_for_an_entitys_lei_or_parent(
        qtbot, wizard: IntakeWizard) -> None:
    """A natural person has no Legal Entity Identifier and no ultimate parent (the filings
    say so, filings.common.ENTITY_ONLY); the wizard still asked for both."""
    lei = wizard.findChild(QLineEdit, "field_investor_lei")
    parent = wizard.findChild(QLineEdit, "field_investor_ultimate_parent")
    wizard.show()
    wizard.setCurrentId(wizard.pageIds()[2])  # the investor page
    choose(wizard, "field_investor_kind", "Corporation")
    assert lei.isVisibleTo(wizard) and parent.isVisibleTo(wizard)
    choose(wizard, "field_investor_kind", "Individual")
    assert not lei.isVisibleTo(wizard) and not parent.isVisibleTo(wizard)
