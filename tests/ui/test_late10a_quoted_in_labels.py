"""The labels that quote what was typed show it as typed: markup typed into a field (<b>,
<img>) is not rendered, and a long paste leaves the label narrow."""

from __future__ import annotations

from PySide6.QtCore import Qt

from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.ui.test_rulebook_window import open_window, type_date
from tests.ui.test_wizard_typing import error_text, paste, to_deal_page


def test_the_rulebook_date_error_shows_typed_markup_as_text(qtbot, runner: TaskRunner) -> None:
    window = open_window(qtbot, runner)
    type_date(qtbot, window, "<b>2026</b>", reloads=False)
    assert window.date_error.text().startswith("In force on: '<b>2026</b>' is not a date")
    assert window.date_error.textFormat() == Qt.TextFormat.PlainText
    window.date_edit.setText("2026-01-01 " * 300)  # a pasted column of dates
    qtbot.keyClick(window.date_edit, Qt.Key.Key_Return)
    assert "(3,299 characters)" in window.date_error.text()
    assert window.date_error.sizeHint().width() < 1000
    runner.wait_for_done()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    window.close()


def test_the_wizard_field_and_page_show_typed_markup_as_text(qtbot, wizard: IntakeWizard) -> None:
    to_deal_page(qtbot, wizard)
    paste(qtbot, wizard, "field_deal_amount_value", "<b>12</b> USD")
    assert "'<b>12</b>' is not a number" in error_text(wizard, "error_deal_amount")
    page = wizard.currentPage()
    assert "'<b>12</b>'" in page.blocked_label.text()
    for label in (wizard.findChild(type(page.blocked_label), "error_deal_amount"),
                  page.blocked_label):
        assert label.textFormat() == Qt.TextFormat.PlainText


def test_the_audit_trail_date_problem_shows_typed_markup_as_text(qtbot, runner: TaskRunner,
                                                                data_dir, admin) -> None:
    from approvals.ui.main_window import MainWindow

    main = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(main)
    main.audit_trail_action.trigger()
    window = main.audit_trail_window
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    window.from_filter.setText("<b>2026</b>")
    window.apply_filters()
    assert window.problem.isVisible() and "'<b>2026</b>'" in window.problem.text()
    assert window.problem.textFormat() == Qt.TextFormat.PlainText
    window.close()
    runner.wait_for_done()
