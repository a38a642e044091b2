"""The deadlines report in both languages, row by row (pdflook). Its column headings are
bilingual (剩余天数 / Days left, 状态 / State) and every target is named in both
languages, but a row's count of days and its state were English only, and the Chinese
note under the title left out what the report includes and how many rows ("Included:
All open tracks. 30 rows." had no pair). Read back from the PDF with pypdf: the Chinese
words are printed, each under its English, inside its own column."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from typing import Any

import pypdf

from approvals.filings.deadline_report import (
    ALL_OPEN,
    PAGE_SIZE,
    WIDTHS,
    DeadlineReport,
    DeadlineRow,
    build_pdf,
)
from approvals.filings.layout import MARGIN_X

AS_OF = date(2026, 12, 28)
LATER = DeadlineRow(section="later", item="track", reference="AP-2026-0001",
                    target="Target Co., Ltd.", target_zh="目标有限公司", regime="CN-FISR",
                    kind="CN-FISR", state="Internal review", condition="",
                    due_date="2027-04-14", estimated=False, days_left=60, days_overdue=None,
                    unit="working", stopped_since=None, expected_completion=None,
                    owner="alice", key=("track", 1))
OVERDUE = replace(LATER, section="overdue", reference="AP-2026-0002", due_date="2026-12-21",
                  days_left=None, days_overdue=5, unit="calendar", key=("track", 2))
STOPPED = replace(LATER, section="stopped", reference="AP-2026-0003", due_date=None,
                  days_left=16, unit="calendar", stopped_since="2026-11-17",
                  state="Materials requested", key=("track", 3))
CONDITION = replace(LATER, item="condition", reference="AP-2026-0004",
                    state="Cleared with conditions", condition="Annual report to NDRC",
                    key=("condition", 4))
EXPECTED = replace(LATER, section="projected", item="expected", reference="AP-2026-0005",
                   regime="US-OISP", kind="US-OISP", state="Draft", unit="calendar",
                   expected_completion="2027-02-01", key=("expected", 5))
ROWS = [OVERDUE, STOPPED, LATER, CONDITION, EXPECTED]


def _squashed(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))


def _runs(pdf: bytes) -> list[tuple[float, float, str]]:
    """Every run of text on every page: (x, y, text)."""
    out: list[tuple[float, float, str]] = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        def visit(text: str, cm: list[float], tm: list[float], _font: Any, _size: float) -> None:
            if text.strip():
                out.append((cm[0] * tm[4] + cm[4], cm[3] * tm[5] + cm[5], text.strip()))
        page.extract_text(visitor_text=visit)
    return out


def test_days_and_states_are_printed_in_chinese_too() -> None:
    pdf, _pages = build_pdf(DeadlineReport(AS_OF, "2026-12-28T09:00:00Z", ALL_OPEN, ROWS, 5))
    text = _squashed(pdf)
    for words in ("5calendardaysoverdue逾期5个自然日",
                  "stoppedsince17Nov2026;16calendardaysleftwhenitresumes"
                  "自2026年11月17日起中止计时；恢复计时后剩余16个自然日",
                  "60workingdaysleft剩余60个工作日",
                  "Internalreview内部审核",
                  "Materialsrequested补正材料",
                  "(track:Clearedwithconditions)（事项状态：附条件通过）",
                  "Draft草稿expectedcompletion1Feb2027预计交割日：2027年2月1日"):
        assert words in text


def test_the_chinese_days_stay_in_the_days_left_column() -> None:
    pdf, _pages = build_pdf(DeadlineReport(AS_OF, "2026-12-28T09:00:00Z", ALL_OPEN, ROWS, 5))
    width = PAGE_SIZE[0] - 2 * MARGIN_X
    left = MARGIN_X + WIDTHS[0] * width
    right = left + WIDTHS[1] * width
    days = [(x, y) for x, y, t in _runs(pdf)
            if t.startswith(("逾期", "剩余", "自")) and t != "剩余天数"]  # not the heading
    assert len(days) == 5  # the 4 counts and the stopped clock's line (its count wraps)
    assert all(left < x < right for x, _y in days)


def test_the_chinese_note_says_what_is_included_and_how_many_rows() -> None:
    pdf, _pages = build_pdf(DeadlineReport(AS_OF, "2026-12-28T09:00:00Z", ALL_OPEN, ROWS, 5))
    assert "截至2026年12月28日。范围：全部未完成的申报流程、条件及预计的美国通知；共5行。天数按" in _squashed(pdf)
    filtered = DeadlineReport(AS_OF, "2026-12-28T09:00:00Z",
                              "Only the rows matching the filter “AP-2026-0001” (1 of 5 rows)",
                              [LATER], 5)
    assert "范围：仅含符合筛选条件“AP-2026-0001”的行（5行中的1行）。" in _squashed(build_pdf(filtered)[0])


def test_an_unknown_state_prints_in_english_alone() -> None:
    odd = replace(LATER, state="Awaiting courier", kind="XX-UNKNOWN")
    text = _squashed(build_pdf(DeadlineReport(AS_OF, "2026-12-28T09:00:00Z", ALL_OPEN,
                                              [odd], 1))[0])
    assert "Awaitingcourier" in text
