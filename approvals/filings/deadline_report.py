"""The deadlines report: "Deadlines as of <date>", the dashboard's sections as tables, on
A4 landscape (ReportLab; no Qt, no database: services.deadline_report reads the rows into
the plain `DeadlineReport` defined here, with the sections and the CSV's columns).

Laid out with the filings' own pieces (layout.flowables for the bilingual headings and
tables, fonts for the embedded, subset Latin and CJK fonts, "Page X of Y" from layout's
numbered canvas), under a header of its own: the report's title and date, and a footer
with the generation time and what the report includes.

A long list: its rows go into tables of at most CHUNK rows (ReportLab measures all the
rows left of a table at every page break, so one table of 100,000 rows would never end),
and a printed report holds at most MAX_PDF_ROWS rows, the most urgent sections first,
saying what it leaves out (the CSV export holds every row). The layout reports progress,
through which the caller can cancel it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate

from approvals.domain.clocks import fmt_date
from approvals.domain.dates import utc_text
from approvals.domain.errors import NotFound
from approvals.domain.numbers import counted
from approvals.domain.workflow import workflow
from approvals.filings import content as c
from approvals.filings import layout
from approvals.filings.common import zh_date
from approvals.filings.fonts import LATIN, draw_mixed, printable, register_fonts, text_width
from approvals.filings.printable import check_document

# The dashboard's sections, in its order (ui.dashboard lists them under these titles).
# The US notifications whose completion date is not recorded yet have sections of their
# own: their dates are projections the case list's Next deadline does not count.
GROUPS = ("overdue", "this_week", "prohibited", "stopped", "later", "no_date")
TITLES = {
    "prohibited": "Prohibited by the screening — cannot be filed",
    "overdue": "Overdue",
    "this_week": "Due this week",
    "stopped": "Clock stopped",
    "later": "Due later",
    "no_date": "No due date yet",
}
# The dashboard's box and its group headings; joined, the report's section titles
# (REPORT_TITLES): "projected" said once, by the group, on the screen and on paper.
EXPECTED_TITLE = "Expected US notifications"
EXPECTED_GROUPS = ("projected", "not_known")
EXPECTED_TITLES = {
    "projected": "Due dates projected from the expected completion date",
    "not_known": "Completion date not known",
}
SECTIONS = GROUPS + EXPECTED_GROUPS
# Every row the dashboard lists: tracks, their clearances' conditions, expected notifications.
ALL_OPEN = "All open tracks, conditions and expected US notifications"
# Items of a row: a track's own clock, a condition of its clearance, a projected notification.
TRACK, CONDITION, EXPECTED = "track", "condition", "expected"
ITEM_WORDS = {TRACK: "Track", CONDITION: "Condition", EXPECTED: "Expected notification"}
UNIT_WORDS = {"working": "working days", "calendar": "calendar days"}

CSV_HEADER: tuple[str, ...] = (
    "Section", "Item", "Case", "Target (EN)", "Target (ZH)", "Regime", "Track kind", "State",
    "Condition", "Due date", "Estimated", "Days left", "Days overdue", "Day unit",
    "Stopped since", "Expected completion", "Owner", "As of", "Included",
)

# A row's key, as the dashboard hands the rows it shows: (TRACK, track id),
# (CONDITION, obligation id) or (EXPECTED, track id).
RowKey = tuple[str, int]
Progress = Callable[[float, str], None]


def week_days(as_of: date) -> tuple[date, date]:
    """The days "Due this week" holds on `as_of`: that day to the Sunday of its week
    (Monday to Sunday), as services.deadline_report.section_of counts it."""
    return as_of, as_of + timedelta(days=6 - as_of.weekday())


def week_words(as_of: date) -> str:
    """Which days "Due this week" held on `as_of`, in dates: "1 Dec to Sunday 6 Dec 2026",
    "Sunday 6 Dec 2026 only". A report is read after the day it was made, and the
    dashboard's "today to Sunday" read as the next seven days (next Tuesday's deadline
    looked for in it)."""
    first, last = week_days(as_of)
    if first == last:
        return f"Sunday {fmt_date(last)} only"
    start = f"{first.day} {first:%b}" if first.year == last.year else fmt_date(first)
    return f"{start} to Sunday {fmt_date(last)}"


def week_words_zh(as_of: date) -> str:
    """week_words in Chinese: "2026年12月1日至12月6日（星期日）"."""
    first, last = week_days(as_of)
    end = zh_date(last) if first.year != last.year else f"{last.month}月{last.day}日"
    return f"仅{zh_date(first)}（星期日）" if first == last else f"{zh_date(first)}至{end}（星期日）"


# The expected notifications' sections as the report and its CSV title them, in words a
# reader takes in without the dashboard beside it: the dashboard's box title and group
# heading (EXPECTED_TITLE, EXPECTED_TITLES) joined on one line.
REPORT_TITLES = {
    group: f"{EXPECTED_TITLE}: {title[0].lower()}{title[1:]}"
    for group, title in EXPECTED_TITLES.items()
}


def section_title(section: str, as_of: date | None = None) -> str:
    """A section's title; with `as_of` (a report's date) "Due this week" names its days:
    "Due this week (1 Dec to Sunday 6 Dec 2026)"."""
    if section in REPORT_TITLES:
        return REPORT_TITLES[section]
    if section == "this_week" and as_of is not None:
        return f"{TITLES[section]} ({week_words(as_of)})"
    return TITLES[section]


@dataclass(frozen=True)
class DeadlineRow:
    section: str  # one of SECTIONS
    item: str  # TRACK | CONDITION | EXPECTED
    reference: str
    target: str
    target_zh: str
    regime: str
    kind: str
    state: str  # in words
    condition: str  # the condition's text ("" for a track)
    due_date: str | None  # ISO; projected for an expected notification
    estimated: bool  # counted through a year without an official holiday schedule
    days_left: int | None  # in `unit`; a stopped clock: what remains when it resumes
    days_overdue: int | None  # in `unit`, past the due date
    unit: str | None  # working | calendar
    stopped_since: str | None
    expected_completion: str | None
    owner: str  # the login, as the CSV gives it (auditors match it to the trail)
    key: RowKey
    owner_name: str = ""  # the owner's full name, "" without one: the printed report's
    # Its clock stops on a later day than the report's (`stopped_since`): it runs till then.
    stops_ahead: bool = False
    # The regimes whose prohibition blocks the deal, said after `state` in English
    # (services.deadline_report.prohibition_note); () when the state says none.
    prohibited_by: tuple[str, ...] = ()
    # A condition row that is the rules' follow-up of a plain clearance (a renewal), not
    # the authority's condition (services.workspace.OpenTrack.follow_up).
    follow_up: bool = False
    # An expected notification whose expected completion date has gone by (the deal may
    # have completed unrecorded): "(passed)" on screen, said on paper and in the CSV too.
    completion_passed: bool = False

    @property
    def item_words(self) -> str:
        """The row's kind in words: Track, Condition, Follow-up, Expected notification."""
        return "Follow-up" if self.item == CONDITION and self.follow_up else ITEM_WORDS[self.item]

    def owner_text(self) -> str:
        """The owner as the printed report names them: "Li Wei (li.wei)" (a record: the
        login is who the trail names), the login alone without a full name."""
        return f"{self.owner_name} ({self.owner})" if self.owner_name else self.owner

    def days_count(self) -> tuple[str, int] | None:
        """What the row's count of days says, once for both languages: ("overdue", 5),
        ("resumes", 16) for a stopped clock's days left, ("today", 0) or ("left", 3); None
        without a count."""
        if self.days_overdue is not None:
            return "overdue", self.days_overdue
        if self.days_left is None:
            return None
        if self.section == "stopped":
            return "resumes", self.days_left
        return ("today" if self.days_left == 0 else "left"), self.days_left

    def days_text(self) -> str:
        """"3 working days left", "5 calendar days overdue", "due today"; "" without a count."""
        count = self.days_count()
        if count is None:
            return ""
        kind, n = count
        words = _one(UNIT_WORDS.get(self.unit or "", "days"), n)
        return {"overdue": f"{n} {words} overdue", "resumes": f"{n} {words} left when it resumes",
                "today": "due today", "left": f"{n} {words} left"}[kind]

    def csv_row(self, as_of: date, included: str) -> tuple[Any, ...]:
        return (section_title(self.section, as_of), self.item_words, self.reference, self.target,
                self.target_zh, self.regime, self.kind, self.state, self.condition,
                # Estimated says something of a date: left blank where there is none.
                self.due_date, ("yes" if self.estimated else "no") if self.due_date else "",
                self.days_left, self.days_overdue, UNIT_WORDS.get(self.unit or "", ""),
                # A stop recorded for a later day: the clock runs till then.
                (f"{self.stopped_since} (stops then; running until that day)"
                 if self.stops_ahead and self.stopped_since else self.stopped_since),
                (self.expected_completion or "") + (" (passed)" if self.completion_passed
                                                    else "") or None,
                self.owner, as_of.isoformat(), included)


def _one(words: str, n: int) -> str:
    return words.removesuffix("s") if n == 1 else words


UNIT_WORDS_ZH = {"working": "个工作日", "calendar": "个自然日"}


def days_text_zh(row: DeadlineRow) -> str:
    """days_text in Chinese, for the line under it: "剩余3个工作日", "逾期5个自然日",
    "今日到期"; "" without a count."""
    count = row.days_count()
    if count is None:
        return ""
    kind, n = count
    words = UNIT_WORDS_ZH.get(row.unit or "", "天")
    return {"overdue": f"逾期{n:,}{words}", "resumes": f"恢复计时后剩余{n:,}{words}",
            "today": "今日到期", "left": f"剩余{n:,}{words}"}[kind]


def state_zh(row: DeadlineRow) -> str:
    """The Chinese name of a row's state, as its kind's workflow names it ("内部审核"),
    with the prohibition that blocks the deal when the English says one ("草稿（交易被禁止：
    US-OISP）"); "" for a kind or state this installation's workflows do not know."""
    try:
        states = workflow(row.kind).states
    except NotFound:
        return ""
    regimes = ", ".join(row.prohibited_by)
    label = row.state.removesuffix(f" (deal prohibited: {regimes})") if regimes else row.state
    zh = next((s.label_zh for s in states if s.label == label), "")
    return f"{zh}（交易被禁止：{'、'.join(row.prohibited_by)}）" if zh and regimes else zh


@dataclass(frozen=True)
class DeadlineReport:
    as_of: date
    generated_at: str  # ISO UTC
    included: str  # ALL_OPEN, or what the filter kept
    rows: list[DeadlineRow]  # section by section (SECTIONS order)
    total: int  # rows the dashboard lists without a filter

    def sections(self) -> Iterator[tuple[str, list[DeadlineRow]]]:
        """(section, its rows) for each section with rows, in SECTIONS order."""
        for section in SECTIONS:
            rows = [r for r in self.rows if r.section == section]
            if rows:
                yield section, rows


KIND = "deadline-report"
PAGE_SIZE = landscape(A4)
CHUNK = 200  # rows per table (see the module docstring)
# A printed report holds at most this many rows (about 350 pages, some 20 seconds to lay
# out): 170,000 rows would be 12,000 pages, ten minutes and gigabytes of memory, and no
# one's reading. The CSV export holds every row.
MAX_PDF_ROWS = 5_000
ROWS_A_PAGE = 14  # about, with the names on two lines
# Which sections a shortened report fills first: what needs action soonest.
# Dated deadlines before what has none: prohibited drafts (never filed) and projected US
# notifications (no deadline yet) filled a shortened report, every "Due later" row cut.
URGENCY = ("overdue", "this_week", "stopped", "later", "prohibited", "projected", "not_known",
           "no_date")

TITLE_ZH = "期限一览"
SECTION_ZH = {
    "prohibited": "筛查结果为禁止——不能申报",
    "overdue": "已逾期",
    "this_week": "本周到期",
    "stopped": "已中止计时",
    "later": "以后到期",
    "no_date": "尚无到期日",
    "projected": "预计的美国通知：到期日按预计交割日推算",
    "not_known": "预计的美国通知：交割日未知",
}
HEADERS = ("Due date", "Days left", "Case", "Target", "Regime", "State", "Owner")
HEADERS_ZH = ("到期日", "剩余天数", "案件", "目标公司", "监管事项", "状态", "负责人")
# Owner holds a full name and its login ("Li Wei (li.wei)", on two lines when long).
WIDTHS = (0.09, 0.12, 0.11, 0.23, 0.13, 0.21, 0.11)


def _day(iso: str) -> str:
    """A row's date as the report's title and headings write theirs ("31 Dec 2026"): one
    format on the page (the CSV keeps YYYY-MM-DD, for a spreadsheet to sort)."""
    try:  # kept on one line (no-break spaces): "17 / Nov 2026" split at a column's edge
        return fmt_date(date.fromisoformat(iso)).replace(" ", "\u00a0")
    except ValueError:
        return iso


def _due(row: DeadlineRow) -> str:
    # A projected date is said so by its section's title, once, not on every row.
    if not row.due_date:
        return "—"
    return _day(row.due_date) + ("\n(estimated)" if row.estimated else "")


def _days(row: DeadlineRow) -> str:
    # The column is headed in both languages, as the Target's names are given: the
    # count in English, and under it in Chinese (a Chinese reader read "days left" alone).
    text, zh = row.days_text(), days_text_zh(row)
    if row.stopped_since and row.stops_ahead:
        text = f"stops on {_day(row.stopped_since)}" + (f"; {text}" if text else "")
        zh = f"将自{zh_date(row.stopped_since)}起中止计时" + (f"；{zh}" if zh else "")
    elif row.stopped_since:
        text = f"stopped since {_day(row.stopped_since)}" + (f"; {text}" if text else "")
        zh = f"自{zh_date(row.stopped_since)}起中止计时" + (f"；{zh}" if zh else "")
    return f"{text}\n{zh}" if text else "—"


def _target(row: DeadlineRow) -> str:
    return f"{row.target}\n{row.target_zh}" if row.target_zh else row.target


def _regime(row: DeadlineRow) -> str:
    return row.regime if row.kind == row.regime else f"{row.regime}\n({row.kind})"


def _state(row: DeadlineRow) -> str:
    zh = state_zh(row)
    if row.item == "condition":  # the condition's words are the officer's (English)
        return (f"{row.item_words}: {row.condition}\n(track: {row.state})"
                + (f"\n（事项状态：{zh}）" if zh else ""))
    state = f"{row.state}\n{zh}" if zh else row.state
    if row.item == "expected":
        passed = ("\npassed: record the completion date if the deal has completed\n已过"
                  if row.completion_passed else "")
        return state + (f"\nexpected completion {_day(row.expected_completion)}"
                        f"\n预计交割日：{zh_date(row.expected_completion)}{passed}"
                        if row.expected_completion
                        else "\nexpected completion not known\n预计交割日未知")
    return state


def cells(row: DeadlineRow) -> tuple[str, ...]:
    """A row as the report's table prints it (HEADERS order)."""
    return (_due(row), _days(row), row.reference, _target(row), _regime(row), _state(row),
            row.owner_text())


def nothing_listed(report: DeadlineReport) -> str:
    """Why a report has no rows: no open deadline, or a filter that kept none of them."""
    if report.included != ALL_OPEN and report.total:
        return f"No row of the {report.total:,} matches the filter."
    return "No open deadlines are listed."


def printed_counts(report: DeadlineReport, limit: int = MAX_PDF_ROWS) -> dict[str, int]:
    """How many rows of each section the PDF prints: all of them up to `limit` in all;
    beyond it, the sections are filled in order of urgency (URGENCY) until `limit`."""
    sizes = {section: len(rows) for section, rows in report.sections()}
    left, counts = limit, {}
    for section in URGENCY:
        counts[section] = min(sizes.get(section, 0), left)
        left -= counts[section]
    return counts


# included_text's words for a filter (services.deadline_report), read back for Chinese.
_FILTERED = re.compile(r"Only the rows matching the filter “(?P<words>.*)”"
                       r"(?: \((?P<shown>[\d,]+) of (?P<total>[\d,]+) rows\))?")


def included_zh(report: DeadlineReport) -> str:
    """What the report includes and how many rows, in Chinese: the pair of the English
    note's "Included: All open tracks. 30 rows." (the Chinese line said neither)."""
    if report.included == ALL_OPEN:
        rows = f"{len(report.rows):,}"
        if len(report.rows) != report.total:
            rows = f"{report.total:,}行中的{rows}"
        return f"范围：全部未完成的申报流程、条件及预计的美国通知；共{rows}行。"
    m = _FILTERED.fullmatch(report.included)
    if m is None:  # words of another form: said as they are
        return f"范围：{report.included}。"
    counts = f"（{m['total']}行中的{m['shown']}行）" if m["shown"] else ""
    return f"范围：仅含符合筛选条件“{m['words']}”的行{counts}。"


def document(report: DeadlineReport, *, limit: int = MAX_PDF_ROWS) -> c.FilingDocument:
    """The report's content: a summary, then each section's rows in tables (at most
    `limit` rows in all, see printed_counts; what is left out is said where it is)."""
    as_of = fmt_date(report.as_of)
    counts = printed_counts(report, limit)
    printed = sum(counts.values())
    filtered = report.included != ALL_OPEN  # what it says counts the rows already
    blocks: list[c.Block] = [c.Para(
        f"Included: {report.included}. "
        + ("" if filtered else f"{counted(len(report.rows), 'row')}"
           + (f" of {report.total:,}" if len(report.rows) != report.total else "") + ". ")
        + "Days are counted in each clock's own unit (working or calendar days); "
          "a date marked estimated is counted through a year without an official holiday "
          "schedule.",
        # Dates in Chinese lines the Chinese way, as the Chinese application writes them;
        # the rows' mark is English, so the note names it as printed. (A projected date
        # is said so by its section's title, in both languages.)
        zh=f"截至{zh_date(report.as_of)}。{included_zh(report)}天数按各时限自身的单位（工作日或自然日）计算；"
           "标有“estimated”的日期涉及尚无官方节假日安排的年份，为估算。",
        style="note")]
    if printed < len(report.rows):
        blocks.append(c.Para(
            f"This printed report holds {printed:,} of the {len(report.rows):,} rows (at most "
            f"{limit:,}, about {limit // ROWS_A_PAGE:,} pages): the most urgent sections "
            "first; each shortened section says how many rows it leaves out. Export CSV… on "
            "the dashboard writes every row, or filter the dashboard before printing.",
            zh=f"本打印报告只列出 {len(report.rows):,} 行中的 {printed:,} 行；"
               "完整清单请用仪表板的“导出 CSV”，或先筛选后再打印。",
            style="flag"))
    if not report.rows:
        blocks.append(c.Para(nothing_listed(report), zh="没有符合筛选条件的行。"
                             if filtered and report.total else "没有未完成的期限。"))
    for section, rows in report.sections():
        title, zh = f"{section_title(section)} ({len(rows):,})", SECTION_ZH.get(section)
        if section == "this_week":  # which days, as the dashboard says it (in dates on paper)
            title += f" · {week_words(report.as_of)}"
            zh = f"{zh} · {week_words_zh(report.as_of)}"
        blocks.append(c.Heading(title, zh=zh))
        shown = rows[:counts[section]]
        for start in range(0, len(shown), CHUNK):
            blocks.append(c.Table(headers=HEADERS, headers_zh=HEADERS_ZH, widths=WIDTHS,
                                  rows=tuple(cells(r) for r in shown[start:start + CHUNK])))
        left_out = len(rows) - len(shown)
        if left_out:
            blocks.append(c.Para(
                (f"… and {left_out:,} more rows of this section, not printed (see above)."
                 if shown else f"The {left_out:,} rows of this section are not printed "
                               "(see above)."),
                zh=f"……本节另有 {left_out:,} 行未打印。" if shown else f"本节 {left_out:,} 行均未打印。",
                style="flag"))
    return c.FilingDocument(
        kind=KIND, reference=f"Deadlines as of {as_of}", title_en=f"Deadlines as of {as_of}",
        title_zh=f"{TITLE_ZH}（截至{zh_date(report.as_of)}）", page_size="A4", final=False,
        watermark=False, generated_at=report.generated_at, blocks=tuple(blocks))


FOOTER_SIZE = 7.5


def footer_line(report: DeadlineReport, width: float) -> str:
    """Every page's footer: the generation time and what is included, on one line `width`
    points wide. A long filter (a target's names in both languages and more) is shortened
    there with "…", its row counts kept: the full filter is said on page 1, and the line ran
    off the page's edge."""
    head = f"Generated {utc_text(report.generated_at)} · Included: "

    def fits(text: str) -> bool:
        return text_width(text, LATIN, FOOTER_SIZE) <= width

    line = printable(head + report.included)[0]
    if fits(line):
        return line
    # included_text's form: Only the rows matching the filter “<words>” (n of m rows)
    lead, opened, rest = report.included.partition("“")
    words, closed, counts = rest.rpartition("”")
    if opened and closed and words:
        before, after = lead + opened, closed + counts
    else:  # no filter in quotes: the end is cut
        before, words, after = "", report.included, ""
    low, high = 0, len(words)  # the longest start of the filter's words that fits
    while low < high:
        mid = (low + high + 1) // 2
        if fits(printable(f"{head}{before}{words[:mid].rstrip()}…{after}")[0]):
            low = mid
        else:
            high = mid - 1
    cut = words[:low]
    if 0 < low < len(words) and (cut[-1] + words[low]).isascii() and \
            (cut[-1] + words[low]).isalnum() and " " in cut:
        cut = cut[:cut.rindex(" ")]  # at a word's end, not within an English word
    return printable(f"{head}{before}{cut.rstrip()}…{after}")[0]


class _Page:
    """The header (title and date) and footer (generation time, what is included) of
    every page; "Page X of Y" is layout's numbered canvas."""

    def __init__(self, report: DeadlineReport, title: str) -> None:
        self.title = title
        self.right = f"{TITLE_ZH} · {zh_date(report.as_of)}"
        self.width, self.height = PAGE_SIZE
        self.footer = footer_line(report, self.width - 2 * layout.MARGIN_X)

    def __call__(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        top = self.height - 13 * mm
        canvas.setFillColor(layout.INK)
        draw_mixed(canvas, layout.MARGIN_X, top, self.title, size=10, bold=True)
        draw_mixed(canvas, self.width - layout.MARGIN_X, top, self.right, size=8.5,
                   align="right")
        canvas.setStrokeColor(layout.RULE)
        canvas.setLineWidth(0.6)
        canvas.line(layout.MARGIN_X, top - 3 * mm, self.width - layout.MARGIN_X, top - 3 * mm)
        canvas.line(layout.MARGIN_X, layout.FOOTER_RULE_Y, self.width - layout.MARGIN_X,
                    layout.FOOTER_RULE_Y)
        canvas.setFillColor(layout.MUTED)
        draw_mixed(canvas, layout.MARGIN_X, layout.STATUS_Y, self.footer, size=FOOTER_SIZE)
        canvas.restoreState()


def build_pdf(report: DeadlineReport, *, progress: Progress | None = None,
              limit: int = MAX_PDF_ROWS) -> tuple[bytes, int]:
    """Lay the report out (at most `limit` rows, see printed_counts); (PDF bytes, page
    count). `progress` may raise to cancel."""
    register_fonts()
    if progress is not None:
        progress(0.0, "Preparing the report…")
    # What the fonts cannot set is said on page 1 (filings.printable).
    doc = check_document(document(report, limit=limit))
    # The filings' "Page X of Y" leaves room for their QR code at the right; the report has
    # none, so its label ends at the right margin, under the header's date.
    return layout.lay_out(
        doc, page_size=PAGE_SIZE, on_page=_Page(report, doc.title_en),
        number_area=(PAGE_SIZE[0] + layout.QR_SIZE + 4 * mm, PAGE_SIZE[1]), bilingual=True,
        generated_at=report.generated_at, progress=progress,
        title=doc.title_en, subject=KIND, lang="en-US")
