"""The deadlines dashboard as a report (services.deadline_report, filings.deadline_report):
its rows for the demo, section by section, with the days counted in each clock's own unit
and the estimated marker; the CSV (guarded against formulas, recorded in the trail); the
PDF read back (both languages, every page numbered, every font embedded); a long list."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import text
from sqlmodel import select

from approvals.domain.errors import InputError, PermissionDenied
from approvals.filings.deadline_report import (
    MAX_PDF_ROWS,
    DeadlineReport,
    DeadlineRow,
    build_pdf,
    printed_counts,
    state_zh,
)
from approvals.services.deadline_report import (
    ALL_OPEN,
    CSV_HEADER,
    SECTIONS,
    deadline_report,
    export_deadlines_csv,
    render_deadlines_pdf,
    save_deadlines_pdf,
)
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from tests.conftest import FolderTemplates, load_demo_from_template
from tests.pdf_support import pdf_words

TODAY = date(2026, 12, 28)  # a Monday: the demo's dates fall in every section
NOBODY = Actor("nobody", ())


@pytest.fixture
def demo(folder_templates: FolderTemplates, db: Database, admin: Actor) -> Database:
    load_demo_from_template(folder_templates, db, admin)
    return db


def _report(db: Database, actor: Actor, **kw) -> DeadlineReport:
    with db.read_session() as s:
        return deadline_report(s, actor=actor, today=TODAY, **kw)


def _last_event(db: Database) -> tuple[str, dict]:
    with db.read_session() as s:
        row = s.exec(select(Event.action, Event.details)
                     .order_by(Event.id.desc())).first()  # type: ignore[union-attr]
    assert row is not None
    return row[0], json.loads(row[1] or "{}")


def _weekdays(start: date, end: date) -> int:
    """Days Monday to Friday in (start, end]: the CN calendar has no holiday between
    November and the end of December 2026, so this is its count of working days."""
    return sum(1 for n in range(1, (end - start).days + 1)
               if (start + timedelta(days=n)).weekday() < 5)


def test_the_demo_rows_fall_in_every_section_with_days_in_their_clocks_unit(
        demo: Database, admin: Actor) -> None:
    # One US notification whose deal gives no expected completion date: "not known".
    with demo.session() as s:
        s.connection().execute(text(
            "UPDATE cases SET facts = json_remove(facts, '$.deal.expected_completion_date') "
            "WHERE reference = 'AP-2026-0004'"))
    report = _report(demo, admin)
    by_section = {section: [r for r in report.rows if r.section == section]
                  for section in SECTIONS}
    assert all(by_section.values()), {k: len(v) for k, v in by_section.items()}
    assert [r.section for r in report.rows] == sorted(
        (r.section for r in report.rows), key=SECTIONS.index)  # the dashboard's order
    assert report.included == ALL_OPEN and report.total == len(report.rows)

    overdue, = by_section["overdue"]
    assert (overdue.reference, overdue.regime, overdue.due_date) == (
        "AP-2026-0006", "CN-DATA-EXPORT", "2026-11-09")
    assert overdue.unit == "working" and overdue.days_left is None
    assert overdue.days_overdue == _weekdays(date(2026, 11, 9), TODAY) == 35
    assert overdue.days_text() == "35 working days overdue"

    this_week, = by_section["this_week"]
    assert (this_week.due_date, this_week.unit, this_week.days_left) == ("2026-12-31",
                                                                        "working", 3)
    assert this_week.state == "General review"  # in words, not the code

    stopped, = by_section["stopped"]
    assert stopped.regime == "CN-SAMR" and stopped.due_date is None
    assert stopped.stopped_since == "2026-11-17" and stopped.unit == "calendar"
    assert stopped.days_left == 16  # what remains once the clock resumes
    assert stopped.days_text() == "16 calendar days left when it resumes"

    # Conditions of a clearance: one counted through 2027, which has no official CN
    # holiday schedule, so its date is estimated; days in calendar days as typed.
    conditions = by_section["later"]
    assert [c.item for c in conditions] == ["condition", "condition"]
    estimated = [c for c in conditions if c.estimated]
    assert [c.due_date for c in estimated] == ["2027-04-14"]
    assert estimated[0].days_left == (date(2027, 4, 14) - TODAY).days == 107
    assert "design data of the target's IP blocks" in estimated[0].condition
    # A date typed as it was decided is not counted, so not estimated either.
    assert [c.due_date for c in conditions if not c.estimated] == ["2027-10-16"]

    # The US notifications projected from the expected completion: calendar days.
    projected = by_section["projected"]
    assert {p.reference: (p.due_date, p.days_left, p.unit) for p in projected} == {
        "AP-2026-0002": ("2027-03-03", 65, "calendar"),
        "AP-2026-0006": ("2027-03-30", 92, "calendar")}
    assert all(p.item == "expected" and p.expected_completion for p in projected)
    unknown, = by_section["not_known"]
    assert unknown.reference == "AP-2026-0004" and unknown.due_date is None
    assert unknown.days_left is None and unknown.days_text() == ""

    assert {r.reference for r in by_section["prohibited"]} == {
        "AP-2026-0001", "AP-2026-0005", "AP-2026-0008", "AP-2026-0012", "AP-2026-0014"}
    # AP-2026-0012's deal is prohibited by the negative list, which opens no track: its
    # other tracks are listed with the prohibition that blocks the deal, not as drafts.
    assert {(r.regime, r.state) for r in by_section["prohibited"]
            if r.reference == "AP-2026-0012"} == {
        ("CN-DATA-EXPORT", "Draft (deal prohibited: CN-NEGATIVE-LIST)"),
        ("CN-TECH-EXPORT", "Returned to preparer (deal prohibited: CN-NEGATIVE-LIST)")}
    # The printed report says it in Chinese too, under the English.
    assert {state_zh(r) for r in by_section["prohibited"] if r.reference == "AP-2026-0012"} \
        == {"草稿（交易被禁止：CN-NEGATIVE-LIST）", "退回修改（交易被禁止：CN-NEGATIVE-LIST）"}
    # A track prohibited itself says so by its section alone.
    assert {r.state for r in by_section["prohibited"] if r.regime == "US-OISP"} == {"Draft"}
    # AP-2026-0008's CN-US-CAPITAL review, accepted by the authority before the deal was
    # found prohibited elsewhere, runs on the authority's clock: listed by its due date
    # with the prohibition named, not as "cannot be filed".
    [capital] = [r for r in report.rows
                 if r.reference == "AP-2026-0008" and r.regime == "CN-US-CAPITAL"]
    assert capital.section != "prohibited"
    assert capital.state.startswith("Accepted by the authority (deal prohibited: ")
    assert all(r.due_date is None for r in by_section["no_date"])
    assert {r.target_zh for r in report.rows if r.reference == "AP-2026-0002"} == {
        "深圳机械视觉机器人有限公司"}


def test_a_filtered_dashboard_gives_its_rows_in_its_order(demo: Database,
                                                          admin: Actor) -> None:
    everything = _report(demo, admin)
    chosen = [r for r in everything.rows if r.reference == "AP-2026-0002"]
    keys = [r.key for r in reversed(chosen)]  # the officer sorted descending
    report = _report(demo, admin, keys=keys, filter_text="  AP-2026-0002 ")
    assert len(report.rows) == len(chosen) == 5 and report.total == len(everything.rows)
    for section in {r.section for r in chosen}:
        mine = [r.key for r in report.rows if r.section == section]
        assert mine == [k for k in keys if k in mine]
    assert report.included == (f"Only the rows matching the filter “AP-2026-0002” "
                               f"(5 of {len(everything.rows)} rows)")


def test_an_unfiltered_dashboard_read_earlier_leaves_no_new_row_out(demo: Database,
                                                                    admin: Actor) -> None:
    """A dashboard left open sent the keys of the rows it showed: a track a colleague
    opened since was left out of a report that said "All open tracks…"."""
    everything = _report(demo, admin)
    shown = [r.key for r in everything.rows][1:]  # the first was added since
    report = _report(demo, admin, keys=list(reversed(shown)), filter_text="")
    assert {r.key for r in report.rows} == {r.key for r in everything.rows}
    first = everything.rows[0]
    mine = [r.key for r in report.rows if r.section == first.section]
    assert mine[-1] == first.key  # at its section's end, the others in the shown order


def test_the_csv_holds_every_row_guarded_against_formulas_and_is_recorded(
        demo: Database, admin: Actor, tmp_path: Path) -> None:
    with demo.session() as s:  # a name a spreadsheet would take for a formula
        s.connection().execute(text(
            "UPDATE cases SET target_name = '=HYPERLINK(\"http://x\",\"y\")' "
            "WHERE reference = 'AP-2026-0006'"))
    out = tmp_path / "deadlines.csv"
    with demo.session() as s:
        result = export_deadlines_csv(s, actor=admin, out=out, today=TODAY)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # BOM for Excel, CRLF
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == CSV_HEADER
    body = [dict(zip(CSV_HEADER, r, strict=True)) for r in rows[1:]]
    assert len(body) == result.rows == len(_report(demo, admin).rows)
    guarded = [r for r in body if r["Case"] == "AP-2026-0006"]
    assert guarded and all(r["Target (EN)"] == "'=HYPERLINK(\"http://x\",\"y\")"
                           for r in guarded)
    overdue = next(r for r in body if r["Section"] == "Overdue")
    assert (overdue["Days overdue"], overdue["Days left"], overdue["Day unit"]) == (
        "35", "", "working days")
    condition = next(r for r in body if r["Due date"] == "2027-04-14")
    assert (condition["Item"], condition["Estimated"], condition["Days left"]) == (
        "Condition", "yes", "107")
    stopped = next(r for r in body if r["Section"] == "Clock stopped")
    assert stopped["Stopped since"] == "2026-11-17"
    assert {r["Target (ZH)"] for r in body if r["Case"] == "AP-2026-0002"} == {
        "深圳机械视觉机器人有限公司"}
    assert {r["As of"] for r in body} == {"2026-12-28"}
    assert {r["Included"] for r in body} == {ALL_OPEN}
    action, details = _last_event(demo)
    assert action == "deadlines.exported"
    assert details == {"file": "deadlines.csv", "rows": result.rows, "format": "csv",
                       "as_of": "2026-12-28", "included": ALL_OPEN}


def test_exports_are_refused_without_the_permission(demo: Database, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out = tmp_path / "deadlines.csv"
    with pytest.raises(PermissionDenied), demo.session() as s:
        export_deadlines_csv(s, actor=NOBODY, out=out, today=TODAY)
    with pytest.raises(PermissionDenied), demo.session() as s:
        save_deadlines_pdf(s, actor=NOBODY, out=tmp_path / "d.pdf", today=TODAY)
    with pytest.raises(PermissionDenied), demo.read_session() as s:
        render_deadlines_pdf(s, actor=NOBODY, today=TODAY)
    assert list(tmp_path.iterdir()) == []


def test_a_key_that_is_no_row_is_bad_input(demo: Database, admin: Actor,
                                           tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught, demo.session() as s:
        export_deadlines_csv(s, actor=admin, out=tmp_path / "d.csv", keys=[("case", 1)])
    assert caught.value.problems[0].path == "keys[0]"
    assert not (tmp_path / "d.csv").exists()


def _fonts_embedded_and_pages_numbered(pdf: bytes, pages: int) -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == pages
    for number, page in enumerate(reader.pages, start=1):
        words = page.extract_text()
        assert f"Page {number} of {pages}" in words, number
        assert len(re.findall(r"Page \d+ of \d+", words)) == 1
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            name = str(font["/BaseFont"])
            assert font["/Subtype"] == "/TrueType", name  # never an unembedded standard font
            assert "+" in name, f"{name} is not a subset"
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), f"{name} not embedded"


def test_the_pdf_reads_back_in_both_languages_numbered_with_fonts_embedded(
        demo: Database, admin: Actor, tmp_path: Path) -> None:
    out = tmp_path / "deadlines.pdf"
    with demo.session() as s:
        saved = save_deadlines_pdf(s, actor=admin, out=out, today=TODAY)
    pdf = out.read_bytes()
    assert saved.pages >= 2 and saved.rows == len(_report(demo, admin).rows)
    _fonts_embedded_and_pages_numbered(pdf, saved.pages)
    words = pdf_words(pdf)
    squashed = words.replace(" ", "")
    for expected in ("Deadlines as of 28 Dec 2026", "Included: All open tracks, conditions and expected US notifications",
                     "35 working days overdue", "3 working days left",
                     "stopped since 17 Nov 2026", "16 calendar days left when it resumes",
                     "65 calendar days left", "Materials requested", "AP-2026-0014"):
        assert expected in words, expected
    for expected in ("期限一览", "已逾期", "本周到期", "已中止计时", "到期日", "目标公司",
                     "深圳机械视觉机器人有限公司", "西安盾剑防务智能有限公司",
                     "14Apr2027(estimated)", "Overdue(1)", "Duethisweek(1)"):
        assert expected in squashed, expected
    action, details = _last_event(demo)
    assert action == "deadlines.exported" and details["pages"] == saved.pages
    # The PDF for printing is the same report, not recorded as an export.
    with demo.read_session() as s:
        rendered = render_deadlines_pdf(s, actor=admin, today=TODAY)
    assert rendered.pages == saved.pages and rendered.rows == saved.rows


def _row(n: int, section: str) -> DeadlineRow:
    return DeadlineRow(section=section, item="track", reference=f"AP-2026-{n:05d}",
                       target="Target Co., Ltd.", target_zh="目标有限公司", regime="CN-FISR",
                       kind="CN-FISR", state="General review", condition="",
                       due_date="2027-01-05", estimated=False, days_left=6,
                       days_overdue=None, unit="working", stopped_since=None,
                       expected_completion=None, owner="alice", key=("track", n))


def test_dated_deadlines_are_printed_before_rows_without_one() -> None:
    """Prohibited drafts and projected notifications filled a shortened report and every
    "Due later" deadline was cut."""
    rows = ([_row(n, "prohibited") for n in range(40)] + [_row(100 + n, "later")
                                                          for n in range(20)]
            + [_row(200 + n, "projected") for n in range(40)])
    report = DeadlineReport(TODAY, "2026-12-28T09:00:00Z", ALL_OPEN, rows, len(rows))
    counts = printed_counts(report, 50)
    assert counts["later"] == 20 and counts["prohibited"] == 30 and counts["projected"] == 0


def test_a_long_list_prints_the_urgent_sections_first_and_says_what_it_leaves_out() -> None:
    rows = ([_row(n, "overdue") for n in range(30)] + [_row(100 + n, "later")
                                                       for n in range(40)])
    report = DeadlineReport(TODAY, "2026-12-28T09:00:00Z", ALL_OPEN, rows, len(rows))
    assert printed_counts(report, 50)["overdue"] == 30
    assert printed_counts(report, 50)["later"] == 20
    assert sum(printed_counts(report).values()) == len(rows) <= MAX_PDF_ROWS
    progress: list[float] = []
    pdf, pages = build_pdf(report, limit=50, progress=lambda f, _m: progress.append(f))
    _fonts_embedded_and_pages_numbered(pdf, pages)
    assert progress[0] == 0.0 and progress[-1] == 1.0 and progress == sorted(progress)
    words = pdf_words(pdf)
    assert "holds 50 of the 70 rows" in words
    assert "and 20 more rows of this section, not printed" in words
    assert "AP-2026-00119" in words and "AP-2026-00120" not in words
    # A section the limit reaches before it prints none of its rows, and says so.
    none_later = pdf_words(build_pdf(report, limit=20)[0])
    assert "The 40 rows of this section are not printed" in none_later
    assert "AP-2026-00100" not in none_later and "AP-2026-00019" in none_later


def test_cancelling_stops_the_layout() -> None:
    rows = [_row(n, "later") for n in range(400)]
    report = DeadlineReport(TODAY, "2026-12-28T09:00:00Z", ALL_OPEN, rows, len(rows))

    class Stop(Exception):
        pass

    def cancel(fraction: float, _message: str) -> None:
        if fraction > 0:
            raise Stop

    with pytest.raises(Stop):
        build_pdf(report, progress=cancel)


def test_a_passed_expected_completion_and_a_later_stop_are_said_on_paper_and_in_the_csv(
        ) -> None:
    """The dashboard's "(passed)" and "stops on …" were said on screen only: the CSV gave
    a stop recorded for a later day as "Stopped since", the paper a comfortable count."""
    from dataclasses import replace

    from approvals.filings.deadline_report import cells

    expected = replace(_row(1, "projected"), item="expected", expected_completion="2026-12-01",
                       completion_passed=True)
    row = expected.csv_row(TODAY, ALL_OPEN)
    assert row[CSV_HEADER.index("Expected completion")] == "2026-12-01 (passed)"
    assert "passed: record the completion date if the deal has completed" in cells(expected)[5]
    later_stop = replace(_row(2, "stopped"), stopped_since="2026-12-31", stops_ahead=True)
    assert later_stop.csv_row(TODAY, ALL_OPEN)[CSV_HEADER.index("Stopped since")] == (
        "2026-12-31 (stops then; running until that day)")
