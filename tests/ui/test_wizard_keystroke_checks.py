"""A keystroke in the intake wizard checks the page on screen, not once per page: every page's
completeChanged made QWizard re-check the current page's fields once per page (about ten
times a keystroke), and typing lagged on a slow laptop."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QWizard

from approvals.ui.wizard import FactsPage, IntakeWizard


def test_a_keystroke_checks_the_current_page_once_and_next_follows_it(
        qtbot, wizard: IntakeWizard, monkeypatch: pytest.MonkeyPatch) -> None:
    facts_pages = [p for p in map(wizard.page, wizard.pageIds()) if isinstance(p, FactsPage)]
    assert len(facts_pages) > 3  # the wizard still has several pages to check
    checked: list[str] = []
    real = FactsPage.problems  # what isComplete asks (Qt calls isComplete from C++)

    def counted(page: FactsPage) -> list:
        checked.append(page.objectName())
        return real(page)

    monkeypatch.setattr(FactsPage, "problems", counted)
    name = wizard.findChild(QLineEdit, "field_target_name_en")
    assert name is not None
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()  # the target's name is required
    qtbot.keyClicks(name, "X")
    # (QWizard itself asks a second time as the button's state settles.)
    assert set(checked) == {wizard.currentPage().objectName()} and len(checked) <= 2, checked
    assert next_button.isEnabled()  # and its answer still reaches the button
    checked.clear()
    name.clear()
    assert set(checked) == {wizard.currentPage().objectName()} and len(checked) <= 2, checked
    assert not next_button.isEnabled()
