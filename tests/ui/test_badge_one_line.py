"""An outcome badge stays on one line: after a long state label (the case window's track
line) or in a window narrowed by 200 % scaling, "Approval required" broke after
"Approval", the badge's colour running over two lines. Laid out by Qt's rich-text engine,
as a word-wrapped QLabel lays it out, at every width from 160 px (just wider than the
widest badge) to 700 px (1366 px at 200 % is 683 logical pixels)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from approvals.domain.numbers import humanise
from approvals.ui import widgets

# The case window's track line (case_view._track_selected) with a long state.
TRACK_LINE = ("<b>CN-FISR</b> — Foreign investment security review — state: <b>Materials "
              "requested by the authority</b> 补正材料 · opened for ")


def _lines(html: str, width: int) -> list[str]:
    doc = QTextDocument()
    doc.setHtml(html)
    doc.setTextWidth(width)
    doc.size()  # lays the document out
    out: list[str] = []
    block = doc.begin()
    while block.isValid():
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            text = block.text()[line.textStart():line.textStart() + line.textLength()]
            out.append(text.replace("\xa0", " "))
        block = block.next()
    return out


@pytest.mark.parametrize("outcome", sorted(widgets.OUTCOME_COLOURS))
def test_a_badge_is_never_split_across_lines(qapp, outcome: str) -> None:
    words = humanise(outcome)
    badge = widgets.badge_html(outcome)
    for prefix in (TRACK_LINE, "<b>US-OISP</b> &nbsp;"):
        split = [w for w in range(160, 701, 7)
                 if not any(words in line for line in _lines(prefix + badge, w))]
        assert split == [], f"{words!r} broken over two lines at widths {split}"


def test_the_badge_text_still_reads_and_is_found(qtbot) -> None:
    label = QLabel(TRACK_LINE + widgets.badge_html("approval_required"))
    qtbot.addWidget(label)
    assert "Approval required" in label.text()  # the source keeps plain spaces
    assert "white-space:nowrap" in widgets.badge_html("not_required")
