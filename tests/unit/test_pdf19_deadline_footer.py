"""The deadlines report's footer stays on the page (pdf19): it says what the report includes,
and with a long dashboard filter (a target's names in both languages and more) it ran off
the page's right edge, "(26 of 26 r" cut by the paper. The filter is shortened there with
"…", its row counts kept; page 1 says the whole filter. Read back with pypdf: where the
footer starts and how wide its text is."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pypdf

from approvals.filings.deadline_report import PAGE_SIZE
from approvals.filings.fonts import LATIN, register_fonts, text_width
from approvals.filings.layout import MARGIN_X, STATUS_Y
from approvals.services.deadline_report import render_deadlines_pdf
from approvals.store.audit import Actor
from approvals.store.db import Database

TODAY = date(2026, 12, 28)
LONG = ("Shenzhen Jixie Vision Robotics Co., Ltd. 深圳机械视觉机器人有限公司 internal review "
        "general review materials requested clock stopped")


def _footers(pdf: bytes) -> list[tuple[float, str]]:
    """Per page: (where the footer line starts, its text)."""
    out: list[tuple[float, str]] = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        runs: list[tuple[float, str]] = []

        def visit(text: str, cm: list[float], tm: list[float], _font: Any, _size: float,
                  runs: list[tuple[float, str]] = runs) -> None:
            if text.strip() and abs(cm[3] * tm[5] + cm[5] - STATUS_Y) < 1:
                runs.append((cm[0] * tm[4] + cm[4], text))

        page.extract_text(visitor_text=visit)
        assert runs, "no footer line"
        out.append((runs[0][0], "".join(text for _x, text in runs).replace("\n", "")))
    return out


def _render(db: Database, admin: Actor, filter_text: str) -> bytes:
    with db.session() as s:
        return render_deadlines_pdf(s, actor=admin, today=TODAY, filter_text=filter_text).pdf


def test_a_long_filter_is_shortened_in_the_footer_within_the_page(
        db: Database, admin: Actor) -> None:
    register_fonts()
    pdf = _render(db, admin, LONG)
    right = PAGE_SIZE[0] - MARGIN_X
    for x, text in _footers(pdf):
        assert x + text_width(text, LATIN, 7.5) <= right + 0.5, text
        assert text.startswith("Generated ") and "Included: Only the rows matching" in text
        assert "…”" in text and text.endswith("(0 of 0 rows)"), text
        assert "general review…”" in text or " m…" not in text  # cut at a word's end
    # Page 1 says the whole filter.
    first = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "".join(LONG.split()) in "".join(first.split())


def test_a_short_filter_prints_whole(db: Database, admin: Actor) -> None:
    for _x, text in _footers(_render(db, admin, "Jixie")):
        assert text.endswith("Included: Only the rows matching the filter “Jixie” (0 of 0 rows)")
