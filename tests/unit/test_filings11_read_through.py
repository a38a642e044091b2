"""What reading the printed filings as an officer found: the US notification's missing
commercial rationale marked in place as every other required item; the missing box's
track and screening lines starting as sentences; the deadlines report's Chinese lines
dating the Chinese way and naming the rows' marks."""

from __future__ import annotations

import copy
import io
import re
from dataclasses import replace
from datetime import date

import pypdf

from approvals.domain.facts import parse_facts
from approvals.filings import compose
from approvals.filings import content as c
from approvals.filings.deadline_report import ALL_OPEN, DeadlineReport, DeadlineRow
from approvals.filings.deadline_report import build_pdf as build_report
from approvals.filings.deadline_report import document as report_document
from approvals.filings.layout import build_pdf
from tests.unit.test_filing_content_version import FACTS, NOW, synthetic_case


def squashed(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pages))


def test_a_missing_commercial_rationale_is_marked_in_place_on_the_us_notification() -> None:
    facts = copy.deepcopy(FACTS)
    del facts["deal"]["commercial_rationale"]
    data = replace(synthetic_case(), facts=parse_facts(facts))
    document, missing = compose(data, "us-notification", final=False, now=NOW)
    assert "deal.commercial_rationale" in [path for path, _ in missing]
    text = squashed(build_pdf(document)[0])
    section = text[text.index("4.Commercialrationale"):text.index("5.Whythetransaction")]
    assert "CommercialrationaleMISSING(required)" in section.replace("■", "")


def test_the_missing_box_lines_of_tracks_start_as_sentences() -> None:
    data = replace(synthetic_case(), tracks=())
    _document, missing = compose(data, "cn-application", final=False, now=NOW)
    assert ("tracks", "本案尚无中国境内审批或备案事项 / No Chinese filing track is open for this case") in missing
    _document, missing = compose(replace(synthetic_case(), screening=None), "us-notification",
                                 final=False, now=NOW)
    assert ("screening", "No current screening of the case: screen it first") in missing


def test_the_deadlines_reports_chinese_dates_the_chinese_way() -> None:
    row = DeadlineRow(section="later", item="track", reference="AP-2026-00001",
                      target="Target Co., Ltd.", target_zh="目标有限公司", regime="CN-FISR",
                      kind="CN-FISR", state="General review", condition="",
                      due_date="2027-04-14", estimated=True, days_left=60,
                      days_overdue=None, unit="working", stopped_since=None,
                      expected_completion=None, owner="alice", key=("track", 1))
    report = DeadlineReport(date(2026, 12, 28), "2026-12-28T09:00:00Z", ALL_OPEN, [row], 1)
    document = report_document(report)
    assert document.title_zh == "期限一览（截至2026年12月28日）"
    note = next(b for b in document.blocks if isinstance(b, c.Para))
    assert note.zh is not None and note.zh.startswith("截至2026年12月28日。")
    assert "标有“estimated”的日期" in note.zh and "标为 estimated" not in note.zh
    text = squashed(build_report(report)[0])
    assert "期限一览·2026年12月28日" in text  # the header of every page
    assert "2026-12-28" not in text.split("Generated")[0]  # the rows keep ISO dates, the as-of not


def test_reasons_that_do_not_make_it_covered_are_not_headed_why_it_applies() -> None:
    data = synthetic_case()
    assert data.screening is not None
    determinations = tuple(replace(d, outcome="not_required") if d.regime == "US-OISP" else d
                           for d in data.screening.determinations)
    data = replace(data, screening=replace(data.screening, determinations=determinations))
    document, _missing = compose(data, "us-notification", final=False, now=NOW)
    tables = [b for b in document.blocks if isinstance(b, c.Table)
              and b.headers[0] == "Rule paragraph"]
    assert tables and tables[0].headers[1] == "What the screening found"


def test_a_section_going_on_overleaf_is_named_there() -> None:
    # Rows with no due date fill more than a page: overleaf the column titles alone did
    # not say whose rows they were.
    rows = [DeadlineRow(section="no_date", item="track", reference=f"AP-2026-{n:05d}",
                        target="Target Co., Ltd.", target_zh="目标有限公司", regime="CN-FISR",
                        kind="CN-FISR", state="Draft", condition="", due_date=None,
                        estimated=False, days_left=None, days_overdue=None, unit=None,
                        stopped_since=None, expected_completion=None, owner="alice",
                        key=("track", n)) for n in range(40)]
    report = DeadlineReport(date(2026, 12, 28), "2026-12-28T09:00:00Z", ALL_OPEN, rows, 40)
    pages = [re.sub(r"\s+", "", page.extract_text())
             for page in pypdf.PdfReader(io.BytesIO(build_report(report)[0])).pages]
    assert len(pages) >= 2
    overleaf = "尚无到期日（续前页）Noduedateyet(40)(continuedfromthepreviouspage)"
    assert overleaf not in pages[0]
    for page in pages[1:]:
        assert overleaf in page and page.index(overleaf) < page.index("到期日Duedate")
