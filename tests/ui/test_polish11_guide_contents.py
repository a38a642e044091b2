"""At 200 % the user guide's contents cut most chapter titles ("Screening: which
approv…"): the titles now wrap, each row as tall as its wrapped title, also after the
contents are made wider or narrower, with room between one wrapped title and the next."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWidget

from approvals.ui.help import GuideSource, GuideWindow
from tests.ui.scaling_support import doubled_app_font

GUIDE = """# Approvals

## Screening: which approvals a deal needs, and why

Text.

## Filing workflows, statutory clocks and the audit trail

Text.
"""


def cut_titles(guide: GuideWindow) -> list[str]:
    """The titles whose wrapped text is taller than their row, or that wrap with no room
    above and below them (their lines ran into the next title's)."""
    tree = guide.contents
    metrics = QFontMetrics(tree.font())
    cut = []
    for item in guide._items():
        row = tree.visualItemRect(item)
        needed = metrics.boundingRect(QRect(0, 0, row.width(), 10_000),
                                      int(Qt.TextFlag.TextWordWrap), item.text(0)).height()
        if needed >= 2 * metrics.height():
            needed += metrics.height() // 2
        if row.height() < needed:
            cut.append(item.text(0))
    return cut


def test_at_200_percent_long_contents_titles_wrap_whole(qtbot) -> None:
    with doubled_app_font():
        parent = QWidget()
        qtbot.addWidget(parent)
        guide = GuideWindow(parent)
        guide.show_source(GuideSource(markdown=GUIDE, origin="a test"))
        guide.resize(1366, 700)
        guide.show()
        qtbot.waitExposed(guide)
        guide.split.setSizes([300, 1000])
        qtbot.waitUntil(lambda: guide.contents.columnWidth(0) < 320)
        # The test means something: at this width the chapter titles need two lines.
        metrics = QFontMetrics(guide.contents.font())
        assert metrics.horizontalAdvance("Screening: which approvals a deal needs, and why") \
            > guide.contents.columnWidth(0)
        qtbot.waitUntil(lambda: not cut_titles(guide), timeout=2_000)
        guide.split.setSizes([200, 1100])  # narrower: three lines, rows taller again
        qtbot.waitUntil(lambda: not cut_titles(guide), timeout=2_000)
        guide.close()
