"""Generating a filing again (after Edit particulars…) keeps the last rendering in sight
until the new pages are drawn: the view painted its pages white until its renderer had
drawn them, and the preview went blank behind the particulars editor meanwhile."""

from __future__ import annotations

from PySide6.QtGui import QImage

from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.filing_preview import FilingDialog
from approvals.ui.workers import TaskRunner
from tests.ui.test_particulars_ui import new_case


def dark_share(image: QImage) -> float:
    """The share of the middle of `image` that is printed (not white or grey): text."""
    image = image.scaled(120, 120)
    dark = sum(1 for x in range(20, 100) for y in range(20, 100)
               if image.pixelColor(x, y).lightness() < 140)
    return dark / 6400


def test_the_last_rendering_stays_until_the_new_pages_are_drawn(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    reference = new_case(db, admin, "DEMO-02")
    dialog = FilingDialog(runner, admin, reference)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData("status-report"))
    with qtbot.waitSignal(dialog.rendered, timeout=60_000):
        dialog.generate_button.click()
    qtbot.waitUntil(lambda: dark_share(dialog.view.grab().toImage()) > 0.01, timeout=10_000)
    assert not dialog.last_rendering.isVisible()

    seen_when_shown: list[tuple[float, bool]] = []
    dialog.rendered.connect(lambda _pages: seen_when_shown.append(
        (dark_share(dialog.view.grab().toImage()), dialog.last_rendering.isVisible())))
    with qtbot.waitSignal(dialog.rendered, timeout=60_000):
        dialog._particulars_saved()  # what saving in the particulars editor does
    # The moment the new document is loaded its pages are not drawn yet: the old ones show.
    assert seen_when_shown
    printed, kept = seen_when_shown[0]
    assert printed > 0.01 and kept
    # Lifted once the view has drawn the new pages.
    qtbot.waitUntil(lambda: not dialog.last_rendering.isVisible(), timeout=10_000)
    assert dark_share(dialog.view.grab().toImage()) > 0.01
