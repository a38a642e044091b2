"""A keystroke in the intake wizard checks the page on screen, not once per page: every page's
completeChanged made QWizard re-check the current page's fields once per page (about ten
times a keystroke), and typing lagged on a slow laptop."""

from __future__ import annotations

from typing import Any

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
    # The wizard asks whether the answer turned; it did, and QWizard asks twice more as
    # the button's state settles. (A keystroke that turns nothing: once.)
    assert set(checked) == {wizard.currentPage().objectName()} and len(checked) <= 3, checked
    assert next_button.isEnabled()  # and its answer still reaches the button
    checked.clear()
    qtbot.keyClicks(name, "Y")
    assert checked == [wizard.currentPage().objectName()]
    checked.clear()
    name.clear()
    assert set(checked) == {wizard.currentPage().objectName()} and len(checked) <= 3, checked
    assert not next_button.isEnabled()


def test_a_keystroke_that_leaves_the_page_as_complete_as_it_was_keeps_the_page_still(
        qtbot, wizard: IntakeWizard) -> None:
    """QWizard answers completeChanged by hiding and showing the whole page to set its
    buttons: every control of the page laid out and painted again. A keystroke that does
    not turn the page's answer does not send it; the line under the form and Next's
    tooltip still follow the keystroke, and the answer turning still reaches Next."""
    page = wizard.currentPage()
    assert isinstance(page, FactsPage)
    told: list[None] = []
    page.completeChanged.connect(lambda: told.append(None))
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    blocked = page.blocked_label
    assert not next_button.isEnabled() and "Name" in blocked.text()  # the name is required
    chinese = wizard.findChild(QLineEdit, "field_target_name_zh")
    assert chinese is not None
    qtbot.keyClicks(chinese, "Li")  # no Chinese characters: a second problem on the page
    assert told == []
    assert "also" in blocked.text() and "also" not in page.blocked_reason  # both named
    assert "has no Chinese characters" in next_button.toolTip()
    assert not next_button.isEnabled()
    chinese.clear()
    assert told == [] and "has no Chinese characters" not in next_button.toolTip()
    name = wizard.findChild(QLineEdit, "field_target_name_en")
    assert name is not None
    qtbot.keyClicks(name, "X")  # the page turns complete: Next is told
    assert told == [None] and next_button.isEnabled() and not blocked.isVisibleTo(page)
    qtbot.keyClicks(name, "Y")
    assert told == [None] and next_button.isEnabled()
    name.clear()  # and back: told again
    assert told == [None, None] and not next_button.isEnabled()
    assert next_button.toolTip().startswith("Next is unavailable")


def test_a_keystroke_reads_again_only_the_value_of_its_own_field(
        qtbot, wizard: IntakeWizard) -> None:
    """The values the pages' conditions look at are read from every field once; after
    that a keystroke reads its own field again, and a row that depends on it still
    turns (the USCC is asked for a company organised in mainland China)."""
    read: list[str] = []
    for each in wizard.fields:
        def counted(field: Any = each, real: Any = each.draft_value) -> Any:
            read.append(".".join(field.path))
            return real()
        each.draft_value = counted  # type: ignore[method-assign]
    wizard.findChild(QLineEdit, "field_target_name_en").setText("Acme")
    assert read == ["target.name_en"]
    uscc = next(f for f in wizard.fields if f.path == ("target", "uscc"))
    page = wizard.currentPage()
    assert isinstance(page, FactsPage) and page.form.isRowVisible(uscc.container)
    read.clear()
    place = wizard.findChild(QLineEdit, "field_target_jurisdiction")
    qtbot.keyClicks(place, "KY")  # Cayman: no USCC
    assert set(read) == {"target.jurisdiction"}
    assert not page.form.isRowVisible(uscc.container)
    place.clear()
    qtbot.keyClicks(place, "CN")
    assert set(read) == {"target.jurisdiction"}
    assert page.form.isRowVisible(uscc.container)
