"""Turning the mouse wheel to scroll a wizard page scrolls it: a drop-down passing under
the pointer keeps its answer (the Target page's "Leading tech / AI enterprise" went from
Unknown to No while the officer scrolled down to the activities)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QScrollArea

from approvals.store.audit import Actor
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner


def _wheel_down(widget: Any) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, -120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_a_drop_down_scrolls_the_page_and_keeps_the_answer(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    wizard = IntakeWizard(runner, admin)
    qtbot.addWidget(wizard)
    wizard.resize(920, 420)  # short enough that the Target page scrolls
    wizard.show()
    qtbot.waitExposed(wizard)
    page = wizard.currentPage()
    scroll = page.findChild(QScrollArea, "targetPage_scroll")
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0
    for name in ("field_target_leading_tech_enterprise",):
        box = page.findChild(QComboBox, name)
        box.setFocus()  # focused or not, the wheel is the page's
        before = bar.value()
        _wheel_down(box)
        assert box.currentText() == "Unknown"
        assert bar.value() > before, "the page did not scroll"
    assert "leading_tech_enterprise" not in wizard.collect(draft=True)["target"]


def test_the_wheel_over_the_currency_and_a_choice_keeps_them(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    wizard = IntakeWizard(runner, admin)
    qtbot.addWidget(wizard)
    deal = wizard.page(wizard.page_ids["dealPage"])
    for name in ("field_deal_amount_currency", "field_deal_instrument"):
        box = deal.findChild(QComboBox, name)
        text = box.currentText()
        _wheel_down(box)
        assert box.currentText() == text, name
