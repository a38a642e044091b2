"""A table row a little taller than a page (a long commercial rationale) still splits:
ReportLab refused the split, its remainder being under the two-line minimum, and moved
the table to the next page, where the row was refused again (a LayoutError: the filing
could not be generated at all)."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4

from approvals.filings import content as c
from approvals.filings.fonts import register_fonts
from approvals.filings.layout import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    SPLIT_IN_ROW,
    _fields,
    _styles,
)

WIDTH = A4[0] - 2 * MARGIN_X
PAGE = A4[1] - MARGIN_TOP - MARGIN_BOTTOM  # the body frame of a page


def one_row(lines: int):
    text = "\n".join(f"Rationale line {n}" for n in range(lines))
    return _fields(c.Fields((c.Field("Purpose of the investment", text, "投资目的"),)),
                   _styles(), WIDTH)


def test_a_row_just_taller_than_a_page_splits_at_the_top_of_one() -> None:
    register_fonts()
    minimum = SPLIT_IN_ROW["splitInRow"]
    # The row whose height passes a page's by less than the minimum a part keeps.
    lines = next(n for n in range(20, 200)
                 if 0 < one_row(n).wrap(WIDTH, PAGE)[1] - PAGE < minimum / 2)
    table = one_row(lines)
    table.wrap(WIDTH, PAGE)
    parts = table.split(WIDTH, PAGE)
    assert len(parts) == 2
    heights = [part.wrap(WIDTH, PAGE)[1] for part in parts]
    assert heights[0] <= PAGE and heights[1] >= minimum
