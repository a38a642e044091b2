"""What a bilingual application and the status report say of a Chinese track driven by
hand: an estimated due date in both languages, and each step dated by the day it took
effect (the authority's notice), not by the day it was typed in."""

from __future__ import annotations

from typing import Any

from approvals.filings import common as k
from approvals.filings import content as c
from approvals.filings.data import Track, Transition


def _step(transition: str, from_state: str, to_state: str, reason: str = "",
          **recorded: str) -> Transition:
    return Transition(occurred_at="2026-11-29T20:26:00Z", actor="wangjing", role="preparer",
                      from_state=from_state, to_state=to_state, transition=transition,
                      reason=reason, self_approval=False, recorded=tuple(recorded.items()))


def _track(**fields: Any) -> Track:
    base: dict[str, Any] = dict(
        id=1, regime="CN-SAMR", kind="CN-SAMR", outcome="approval_required",
        state="phase_2_review", state_label="Phase 2 review", state_label_zh="进一步审查",
        clock_phase="phase_2_review", clock_calendar="CN", clock_unit="calendar",
        clock_days=150, clock_start="2026-10-08", clock_pauses=(), clock_stopped_on=None,
        due_date="2027-03-08", due_estimated=True, completed_on=None)
    return Track(**{**base, **fields})


def test_an_estimated_due_date_is_said_in_both_languages_on_a_bilingual_filing() -> None:
    table = k.tracks_table((_track(),), bilingual=True)
    assert isinstance(table, c.Table)
    due = table.rows[0][3]
    assert due == ("2027年3月8日（估算：节假日安排尚未正式公布）\n"
                   "2027-03-08 (estimated: holiday schedule not yet official)")
    # The English-only report says it under the date; an official date has no note.
    english = k.tracks_table((_track(),), bilingual=False)
    assert english.rows[0][3] == "2027-03-08\n(estimated: holiday schedule not yet official)"
    official = k.tracks_table((_track(due_estimated=False, due_date="2026-10-08"),),
                              bilingual=True)
    assert official.rows[0][3] == "2026年10月8日\n2026-10-08"


def test_the_history_dates_each_step_by_the_day_it_took_effect() -> None:
    track = _track(history=(
        _step("file", "approved_for_filing", "filed", filing_reference="市监 2026-18",
              on="2026-07-27"),
        _step("accept", "filed", "phase_1_review", "市场监管总局立案", on="2026-09-01"),
        _step("extend_review", "phase_2_review", "phase_2_review", "延长审查期限通知",
              on="2026-11-20"),
        _step("close", "cleared", "closed"),  # no date given: the day it was recorded
    ))
    table = k.history_table(track, bilingual=False)
    assert isinstance(table, c.Table)
    assert table.headers == ("Effective", "Transition", "By; recorded (UTC)", "Reason")
    assert [row[0] for row in table.rows] == ["2026-07-27", "2026-09-01", "2026-11-20",
                                              "2026-11-29"]
    # The filing reference the step recorded is beside the (empty) reason.
    assert table.rows[0][3] == "filing reference 市监 2026-18"
    assert table.rows[0][2] == "wangjing [preparer]\n2026-11-29 20:26:00"
    assert table.rows[1][1] == "Filed → Phase 1 review"
    # A step that leaves the state as it was is named, not "Phase 2 review → Phase 2 review".
    assert table.rows[2][1] == "Phase 2 extended (Phase 2 review)"


def test_the_clock_statement_says_the_extension_and_the_roll() -> None:
    # SAMR phase 2 from Thu 8 Oct 2026: 90 calendar days + a 60-day extension end on
    # Sun 7 Mar 2027, so the period ends on Mon 8 Mar 2027.
    track = _track()
    assert k.extension_days(track) == 60
    assert k.rolled_from(track) == "2027-03-07"
    assert k.clock_text(track) == (
        "Phase 2 review: 150 calendar days (CN calendar; including an extension of 60 calendar "
        "days) from "
        "2026-10-08; day 150 (2027-03-07) is not a working day, so the period ends on the "
        "next one")
    assert k.clock_text(track, lang="zh") == (
        "进一步审查：自2026年10月8日起150个自然日（中国日历；含延长60个自然日）；"
        "第150日（2027年3月7日）为非工作日，顺延至下一工作日")
    # Phase 1 from Tue 1 Sep 2026: day 30 is 1 Oct (National Day), due Thu 8 Oct; no
    # extension. A stop of 3 days pushes the last day on by 3.
    phase_1 = _track(clock_phase="phase_1_review", clock_days=30, clock_start="2026-09-01",
                     due_date="2026-10-08", due_estimated=False)
    assert k.clock_text(phase_1) == (
        "Phase 1 review: 30 calendar days (CN calendar) from 2026-09-01; day 30 "
        "(2026-10-01) is not a working day, so the period ends on the next one")
    stopped = _track(clock_phase="phase_1_review", clock_days=30, clock_start="2026-09-01",
                     clock_pauses=(("2026-09-10", "2026-09-13"),), due_date="2026-10-08")
    assert k.rolled_from(stopped) == "2026-10-04"
    # A working-day period's due date is the Nth working day itself: nothing to say.
    assert k.rolled_from(_track(clock_unit="working", clock_days=45, due_date="2027-01-04")) \
        is None


def test_a_plain_clearance_has_follow_ups_a_conditional_one_conditions() -> None:
    cleared = _track(kind="CN-DATA-EXPORT", state="cleared", history=(
        _step("clear", "assessment", "cleared", on="2026-12-21"),))
    assert k.obligations_word(cleared) == "Follow-ups"
    closed = _track(kind="CN-FISR", state="closed", history=(
        _step("clear_with_conditions", "general_review", "cleared_with_conditions"),
        _step("close", "cleared_with_conditions", "closed")))
    assert k.obligations_word(closed) == "Conditions"


def test_a_stopped_clock_has_no_due_date_and_says_why() -> None:
    stopped = _track(kind="CN-FISR", clock_phase="special_review", clock_unit="working",
                     clock_days=60, clock_start="2026-09-10",
                     clock_pauses=(("2026-09-28", "2026-10-12"), ("2026-11-23", None)),
                     clock_stopped_on="2026-11-23", due_date=None, due_estimated=False)
    assert k.due_text(stopped, lang="both") == ("中止计时，恢复计时后确定截止日期\n"
                                                "clock stopped: due date set when it resumes")
    assert k.due_text(stopped) == "clock stopped: due date set when it resumes"
    # No clock at all: a dash, as before.
    assert k.due_text(_track(clock_days=None, clock_phase=None, due_date=None)) == k.NOTHING == "—"
