"""One printed page, one way of writing each thing (filings13):

- Hong Kong and Macao have one name a language wherever a filing names them: the place
  rows, the Part 1 heading, the USCC's "not applicable" line and the screening's reasons
  all say 中国香港 / Hong Kong, China (a row said 中国香港特别行政区 / Hong Kong SAR, China
  beside a heading saying 中国香港).
- The status report's audit timeline writes its days as YYYY-MM-DD, as every other date
  of the report ("on 22 Oct 2026" stood beside "2026-10-22" in the same table)."""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from approvals.domain.event_text import EventFacts, day_text, event_sentence, iso_days
from approvals.domain.facts import parse_facts
from approvals.domain.places import place_name, place_name_zh, place_zh
from approvals.domain.screening import screen
from approvals.filings import common as k
from approvals.filings import compose
from approvals.filings.content import FilingDocument
from approvals.filings.data import Determination, Reason
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import FilingTrack
from tests.pdf_support import pdf_words, status_report_pdf
from tests.unit.test_filing_content_version import FACTS, NOW, synthetic_case
from tests.workflow_support import complete_for_filing, take_step

MONTH_DAY = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")


def _text(document: FilingDocument) -> str:
    return repr(document.canonical())


def _offshore_document(kind: str, target: str, investor: str) -> FilingDocument:
    facts: dict[str, Any] = copy.deepcopy(FACTS)
    facts["target"].update(jurisdiction=target, headquarters=target, uscc=None)
    facts["investor"]["jurisdiction"] = investor
    parsed = parse_facts(facts)
    # The reasons as the screening words them for these places (Chinese too).
    determinations = tuple(
        Determination(d.regime, d.outcome, d.status,
                      tuple(Reason(r.rule, r.citation, r.text, r.text_zh, r.citation_zh)
                            for r in d.reasons), tuple(d.missing))
        for d in screen(parsed, date(2026, 11, 18), False).determinations)
    data = synthetic_case()
    assert data.screening is not None
    data = replace(data, facts=parsed,
                   screening=replace(data.screening, determinations=determinations))
    document, _missing = compose(data, kind, final=False, now=NOW)
    return document


@pytest.mark.parametrize(("code", "english", "chinese"), [
    ("HK", "Hong Kong, China", "中国香港"), ("MO", "Macao, China", "中国澳门"),
])
def test_a_region_has_one_name_a_language_on_every_filing(code: str, english: str,
                                                          chinese: str) -> None:
    assert (k.en("countries", code), k.zh("countries", code)) == (english, chinese)
    assert (place_name(code), place_name_zh(code)) == (english, chinese)
    cn = _text(_offshore_document("cn-application", code, code))
    us = _text(_offshore_document("us-notification", code, "US"))
    for text in (cn, us):
        assert "SAR" not in text and "特别行政区" not in text and "Macau" not in text
    assert f"{chinese} / {english} ({code})" in cn  # the place rows
    assert f"place of organisation: {english})" in cn  # Part 1's heading
    assert f"注册地：{chinese}）" in cn
    assert place_zh(code) in cn  # the screening's Chinese reasons: 中国香港（HK）
    assert f"Place of organisation', 'value': '{english} ({code})'" in us


def test_an_event_says_its_days_as_iso_where_asked_and_in_words_elsewhere() -> None:
    step = EventFacts("track.transition", "1", "state", "filed", "accepted",
                      {"from": "filed", "to": "accepted", "on": "2026-10-22",
                       "due_date": ["2026-11-19", "2026-12-31"]})
    assert event_sentence(step, iso_dates=True) == \
        "Filed → Accepted; on 2026-10-22; due date 2026-11-19 → 2026-12-31"
    # The case window's Timeline keeps its words.
    assert event_sentence(step) == \
        "Filed → Accepted; on 22 Oct 2026; due date 19 Nov 2026 → 31 Dec 2026"
    with iso_days():
        assert day_text("2027-06-30") == "2027-06-30"
    assert day_text("2027-06-30") == "30 Jun 2027"  # only within it
    assert day_text("not a day") == "not a day"


PREP = Actor("pat", ("preparer",))
APPR = Actor("adam", ("approver",))


def test_the_status_reports_timeline_writes_its_days_as_the_report_does(db: Database) -> None:
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts()[0]), actor=PREP, status="draft",
                           today=date(2026, 11, 2))
        track = FilingTrack(case_id=case.id, regime="CN-FISR", kind="CN-FISR",
                            outcome="approval_required")
        s.add(track)
        s.flush()
        complete_for_filing(s, case.reference, PREP)
        case_id, track_id = case.id, track.id
    assert case_id is not None and track_id is not None
    today = date(2026, 11, 2)
    take_step(db, track_id, "submit_for_review", PREP, today=today)
    take_step(db, track_id, "approve_for_filing", APPR, on="2026-10-22", today=today)
    take_step(db, track_id, "file", PREP, filing_reference="FISR-1", on="2026-10-26", today=today)
    text = pdf_words(status_report_pdf(db, case_id, Actor("alice", ("admin", "approver"))))
    timeline = text[text.index("Audit timeline"):text.index("Audit chain")]
    assert "Approved for filing → Filed; filing reference FISR-1; on 2026-10-26" in timeline
    assert MONTH_DAY.findall(timeline) == []
