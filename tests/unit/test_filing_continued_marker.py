"""A table row continued on the next page says so in its first column, on one line: the
row's height was measured without the marker, so a marker wrapping in a narrow column
(the bilingual attachments' number, 6 % of the page) ran into the row below."""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4

from approvals.filings import content as c
from approvals.filings.fonts import register_fonts, text_width
from approvals.filings.layout import MARGIN_X, _styles, _table, continued_marker

WIDTH = A4[0] - 2 * MARGIN_X


def one_line_high(table) -> bool:
    marker = table.continued
    inner = table._colWidths[0] - 8  # the cell's padding, left and right
    _, height = marker.wrap(inner, 1_000)
    return height <= marker.style.leading + 0.01


@pytest.mark.parametrize(("bilingual", "first_column"), [
    (True, 0.06),  # the Chinese application's attachments
    (True, 0.3),
    (False, 0.06),
    (False, 0.3),
])
def test_the_continued_marker_stays_on_one_line(bilingual: bool, first_column: float) -> None:
    register_fonts()
    table = _table(c.Table(
        headers=("No.", "File (type)"),
        headers_zh=("序号", "文件（类型）") if bilingual else None,
        rows=(("1", "agreement.pdf"),),
        widths=(first_column, 1 - first_column),
    ), _styles(), WIDTH)
    assert one_line_high(table)


def test_the_longest_marker_that_fits_is_chosen() -> None:
    register_fonts()
    style = _styles()["cell_label_en"]
    assert continued_marker(True, 200, style) == "（续）(continued)"
    assert continued_marker(False, 200, style) == "(continued)"
    narrow = WIDTH * 0.06 - 8
    chosen = continued_marker(True, narrow, style)
    assert chosen.startswith("（续") or chosen == "续"
    assert text_width(chosen, style.fontName, style.fontSize) <= narrow
