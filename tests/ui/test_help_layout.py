"""The user guide is laid out whole after its screenshots are refitted to a new window
width: changed one format at a time in a document on screen, Qt's layout stopped
part-way and every section after the conditions drew as blank space (Find and the
contents then scrolled to nothing)."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QWidget

from approvals.ui.help import GuideWindow, open_guide_at


def unlaid_blocks(document: QTextDocument) -> int:
    """Blocks with text that have no line: the layout never reached them."""
    count, block = 0, document.begin()
    while block.isValid():
        if block.text().strip() and block.layout().lineCount() == 0:
            count += 1
        block = block.next()
    return count


def test_the_whole_guide_is_laid_out_after_a_resize(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    guide: GuideWindow = open_guide_at(parent)  # no runner: read on this thread
    try:
        guide.resize(1140, 660)
        guide.show()
        qtbot.waitUntil(lambda: bool(guide.headings), timeout=20_000)
        guide.resize(900, 660)  # the screenshots refitted to the narrower column
        document = guide.text.document()
        qtbot.waitUntil(lambda: unlaid_blocks(document) == 0, timeout=5_000)
        # And the last section is where the contents say it is, with its text drawn.
        last = guide.headings[-1]
        assert guide.go_to(last.anchor)
        block = document.findBlock(last.position)
        assert block.layout().lineCount() > 0
    finally:
        guide.close()
