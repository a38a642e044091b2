"""A careful reader's pass over the printed papers (content format 12): one fact, one name
within a filing, and a word said once where it was said three times.

- The US notification names `investor.ultimate_parent` as 31 CFR 850.405 does, "ultimate
  owner": in its row, in its missing-information box and in the screening reason that
  names the investor's owner (which said "ultimate parent" two sections below the row).
- A missing value is named in the box as its row names it: the notification's
  "Transaction value / consideration" (the box said "Transaction value"), the Chinese
  application's "投资金额 / Investment amount" (its row said "Amount").
- The deadlines report says once, in its section's title in both languages, that the
  expected US notifications' due dates are projected (the title said "(projected):
  Projected from …", each row "(projected)", and the Chinese note named the mark again).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from approvals.domain.facts import parse_facts
from approvals.domain.screening import screen
from approvals.filings import compose
from approvals.filings import deadline_report as dr
from approvals.filings.data import Determination, FilingData, Reason, ScreeningInfo
from approvals.filings.layout import build_pdf
from tests.pdf_support import pdf_words
from tests.unit.test_filing_content_version import FACTS, NOW, synthetic_case

OWNER = "Lion City Group Pte. Ltd."


def _words(data: FilingData, kind: str) -> str:
    document, _missing = compose(data, kind, final=False, now=NOW)
    return pdf_words(build_pdf(document)[0])


def _with_facts(changes: dict[str, Any]) -> FilingData:
    """The fixed case with other facts, screened by this version's rules."""
    raw = {part: dict(value) if isinstance(value, dict) else value for part, value in FACTS.items()}
    for path, value in changes.items():
        head, _, leaf = path.partition(".")
        if value is None:
            raw[head].pop(leaf, None)
        else:
            raw[head][leaf] = value
    facts = parse_facts(raw)
    result = screen(facts, date(2026, 11, 18))
    screening = ScreeningInfo(
        as_of="2026-11-18", rulebook=result.rulebook, include_proposed=False,
        created_at="2026-11-18T09:00:00Z", created_by="li.wei",
        determinations=tuple(
            Determination(d.regime, d.outcome, d.status,
                          tuple(Reason(r.rule, r.citation, r.text, r.text_zh, r.citation_zh)
                                for r in d.reasons), d.missing)
            for d in result.determinations))
    return replace(synthetic_case(), facts=facts, screening=screening)


def test_the_us_notification_names_the_ultimate_owner_in_the_regulations_words_only() -> None:
    # An investor that is not a US person, with a notifiable deal: the screening's reason
    # names the investor's owner, printed in sections 5 and 9 under the row of section 2.
    data = _with_facts({"investor.us_person": False, "investor.jurisdiction": "SG",
                        "investor.ultimate_parent": OWNER})
    words = _words(data, "us-notification")
    assert f"Ultimate owner {OWNER}" in words  # section 2's row
    assert f"(ultimate owner: {OWNER})" in words  # the screening reason
    assert "ultimate parent" not in words.lower()


def test_the_us_notification_box_names_a_missing_value_as_its_row_does() -> None:
    data = _with_facts({"investor.ultimate_parent": None, "deal.amount": None})
    words = _words(data, "us-notification")
    assert "US person: ultimate owner [investor.ultimate_parent]" in words
    assert "Transaction value / consideration [deal.amount]" in words  # the box
    assert "Transaction value / consideration" in words.split("8. Financial details", 1)[1]
    # Every mention of the value says it whole: the box's words are the row's.
    assert len(re.findall(r"Transaction value(?! / consideration)", words)) == 0


def test_the_chinese_application_names_the_investment_amount_as_its_form_does() -> None:
    words = _words(_with_facts({"deal.amount": None}), "cn-application")
    assert "投资金额 / Investment amount [deal.amount]" in words  # the box
    part3 = words.split("Part 3. The transaction", 1)[1].split("Part 4.", 1)[0]
    assert "投资金额 Investment amount" in part3  # the row
    assert not re.search(r"\bAmount\b", part3)


def _row(section: str, item: str, due: str | None, *, estimated: bool = False) -> dr.DeadlineRow:
    return dr.DeadlineRow(
        section=section, item=item, reference="AP-2026-0042", target="Example Co., Ltd.",
        target_zh="示例有限公司", regime="US-OISP" if item == dr.EXPECTED else "CN-FISR",
        kind="US-OISP" if item == dr.EXPECTED else "CN-FISR", state="Draft", condition="",
        due_date=due, estimated=estimated, days_left=30 if due else None, days_overdue=None,
        unit="calendar" if due else None, stopped_since=None,
        expected_completion="2027-02-01" if item == dr.EXPECTED and due else None,
        owner="li.wei", key=(item, 1))


def test_the_deadlines_report_says_once_that_expected_notifications_are_projected() -> None:
    rows = [_row("later", dr.TRACK, "2027-04-14", estimated=True),
            _row("projected", dr.EXPECTED, "2027-03-03"),
            _row("projected", dr.EXPECTED, "2027-03-30", estimated=True),
            _row("not_known", dr.EXPECTED, None)]
    report = dr.DeadlineReport(date(2026, 12, 28), "2026-12-28T09:00:00Z", dr.ALL_OPEN, rows,
                               len(rows))
    words = pdf_words(dr.build_pdf(report)[0])
    assert len(re.findall("projected", words, re.IGNORECASE)) == 1, words
    assert ("Expected US notifications: due dates projected from the expected completion "
            "date (2)") in words
    assert "预计的美国通知：到期日按预计交割日推算" in words and words.count("推算") == 1
    assert "Expected US notifications: completion date not known (1)" in words
    assert "预计的美国通知：交割日未知" in words
    # The estimated mark stays on its rows; the Chinese note names that mark alone.
    assert "14 Apr 2027 (estimated)" in words and "30 Mar 2027 (estimated)" in words
    assert "“projected”" not in words
    # The CSV's Section column titles the section in the same words.
    assert rows[1].csv_row(report.as_of, dr.ALL_OPEN)[0] == (
        "Expected US notifications: due dates projected from the expected completion date")


def test_the_deadlines_report_writes_its_dates_one_way() -> None:
    # The title and the week's heading said "28 Dec 2026", the rows "2026-12-31".
    stopped = replace(_row("stopped", dr.TRACK, None), stopped_since="2026-11-17", unit="calendar",
                      days_left=16)
    rows = [_row("this_week", dr.TRACK, "2026-12-31"), stopped,
            _row("projected", dr.EXPECTED, "2027-03-03")]
    report = dr.DeadlineReport(date(2026, 12, 28), "2026-12-28T09:00:00Z", dr.ALL_OPEN, rows,
                               len(rows))
    words = pdf_words(dr.build_pdf(report)[0])
    assert "Deadlines as of 28 Dec 2026" in words
    assert "31 Dec 2026 30 calendar days left" in words
    assert "stopped since 17 Nov 2026; 16 calendar days left when it resumes" in words
    assert "3 Mar 2027 30 calendar days left" in words
    assert "expected completion 1 Feb 2027" in words
    # Only the footer's generation time is YYYY-MM-DD, as every filing's footer is.
    assert re.findall(r"\d{4}-\d{2}-\d{2}", words) == ["2026-12-28"] * dr.build_pdf(report)[1]
    # The CSV keeps YYYY-MM-DD for a spreadsheet.
    assert rows[0].csv_row(report.as_of, dr.ALL_OPEN)[9] == "2026-12-31"
