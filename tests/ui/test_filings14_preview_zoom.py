"""Zooming the filing preview keeps the page being read in view: the view kept its scroll
offset in pixels, so 200 % on page 3 of a status report showed the foot of page 1."""

from __future__ import annotations

from approvals.store.audit import Actor
from approvals.ui.workers import TaskRunner
from tests.ui.test_preview2_view import previewing


def test_zooming_stays_on_the_page_being_read(qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = previewing(qtbot, runner, admin, pages=6)
    navigator = dialog.view.pageNavigator()
    dialog.page_box.setValue(4)
    assert navigator.currentPage() == 3
    for zoom in ("200 %", "50 %", "Whole page", "400 %", "Fit width"):
        dialog.zoom.setCurrentIndex(dialog.zoom.findText(zoom))
        qtbot.waitUntil(lambda: dialog.page_box.value() == 4, timeout=5_000)
        assert navigator.currentPage() == 3, zoom
    # The Zoom buttons and keys go through the same list: page 4 still.
    dialog.zoom_in_button.click()
    dialog.zoom_in_button.click()
    qtbot.waitUntil(lambda: dialog.page_box.value() == 4, timeout=5_000)
    assert navigator.currentPage() == 3
