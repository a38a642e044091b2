"""The Review page says which facts a track's first step will ask for. A US notification
(US-OISP) finished without a Commercial rationale: Finish let it through, and only the
Tracks tab said "Submit for internal review: the case facts are incomplete: fill in
Commercial rationale (Deal)", so the officer went back through Edit facts… page by page."""

from __future__ import annotations

from approvals.ui.wizard import IntakeWizard
from tests.ui.test_journeys import demo_facts


def _review(wizard: IntakeWizard, facts: dict) -> None:
    wizard.load_data(facts)
    wizard.go_to_review()
    assert wizard.currentPage() is wizard.review_page


def test_review_names_the_facts_the_us_notification_s_submission_needs(
        qtbot, wizard: IntakeWizard) -> None:
    facts = demo_facts("DEMO-06")  # a notifiable US outbound deal
    del facts["deal"]["commercial_rationale"]  # not yet given
    _review(wizard, facts)
    page = wizard.review_page
    assert wizard.review_page.determinations.outcomes()["US-OISP"] == "notification_required"
    text = page.needed_later_label.text()
    assert page.needed_later_label.isVisibleTo(page), text
    assert "Needed before Submit for internal review" in text
    assert "US-OISP: the case facts are incomplete: fill in Commercial rationale (Deal)." in text
    assert "deal.commercial_rationale" not in text  # in the wizard's words, not the path
    # Finish does not wait for it: a draft's facts may be completed later.
    assert wizard.button(wizard.WizardButton.FinishButton).isEnabled()


def test_nothing_is_said_once_the_facts_are_there(qtbot, wizard: IntakeWizard) -> None:
    facts = demo_facts("DEMO-06")
    facts["deal"]["commercial_rationale"] = "Minority stake in a security-analytics developer"
    _review(wizard, facts)
    page = wizard.review_page
    assert not page.needed_later_label.isVisibleTo(page)
    assert page.needed_later_label.text() == ""
