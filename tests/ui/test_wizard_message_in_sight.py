"""At double scaling the wizard's form scrolls: the message that appears under the field
being typed in is scrolled into view with it, and nothing moves for a field not in focus."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget

from approvals.ui.wizard import Field, IntakeWizard


def _field(w: IntakeWizard, *path: str) -> Field:
    return next(f for f in w.fields if f.path == path)


def _in_sight(widget: QWidget, viewport: QWidget) -> bool:
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size()))


def _field_at_the_bottom_edge(qtbot, wizard: IntakeWizard, *path: str) -> tuple[Field, QWidget]:
    """The page scrolled so the field's input is the last thing in sight."""
    wizard.resize(640, 360)  # the 1366×768 screen at QT_SCALE_FACTOR=2
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=2_000)
    page = wizard.currentPage()
    field = _field(wizard, *path)
    viewport = page.scroll_area.viewport()
    inner = page.scroll_area.widget()
    bottom = field.widget.mapTo(inner, QPoint(0, field.widget.height())).y()
    page.scroll_area.verticalScrollBar().setValue(bottom - viewport.height() + 2)
    assert _in_sight(field.widget, viewport)
    return field, viewport


def test_a_message_under_the_field_being_typed_is_scrolled_into_sight(qtbot,
                                                                      wizard: IntakeWizard) -> None:
    field, viewport = _field_at_the_bottom_edge(qtbot, wizard, "target", "turnover_cny",
                                                "worldwide")
    scroll = wizard.currentPage().scroll_area.verticalScrollBar()
    longest = scroll.maximum()
    field.widget.setFocus()
    qtbot.waitUntil(field.widget.hasFocus, timeout=2_000)
    qtbot.keyClicks(field.widget, "lots")
    assert field.error_label.isVisible()
    # Once the form has grown by the message's line (until then it stands where the form
    # had room, and may look in sight), and has had its turn to scroll.
    qtbot.waitUntil(lambda: scroll.maximum() > longest, timeout=2_000)
    qtbot.wait(50)
    assert _in_sight(field.error_label, viewport)
    assert _in_sight(field.widget, viewport)  # the field stays in sight with its message


def test_a_message_set_on_a_field_not_in_focus_does_not_move_the_form(qtbot,
                                                                      wizard: IntakeWizard) -> None:
    field, viewport = _field_at_the_bottom_edge(qtbot, wizard, "target", "turnover_cny",
                                                "worldwide")
    scroll = wizard.currentPage().scroll_area.verticalScrollBar()
    before, longest = scroll.value(), scroll.maximum()
    field.widget.setText("lots")  # loaded or set by another field, not typed here
    assert field.error_label.isVisible()
    qtbot.waitUntil(lambda: scroll.maximum() > longest, timeout=2_000)
    qtbot.wait(50)
    assert scroll.value() == before and not _in_sight(field.error_label, viewport)
