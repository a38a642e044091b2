"""A track whose period a step ended (a notification filed, a decision) says how it ended
in the filings' clock column: "No statutory clock running" was all the status report said
of a US notification filed a day late, which the Tracks tab and the notification say."""

from __future__ import annotations

from dataclasses import replace

import pytest

from approvals.filings.common import clock_text
from approvals.filings.data import Track, Transition

BASE = Track(id=1, regime="US-OISP", kind="US-OISP", outcome="notification_required",
             state="filed", state_label="Filed", state_label_zh="已提交", clock_phase=None,
             clock_calendar=None, clock_unit=None, clock_days=None, clock_start=None,
             clock_pauses=(), clock_stopped_on=None, due_date=None, due_estimated=False,
             completed_on="2026-10-09")


def step(to_state: str, on: str, due: str | None, name: str = "record_filing") -> Transition:
    recorded = (("on", on),) + ((("was_due", due),) if due else ())
    return Transition(occurred_at=f"{on}T09:00:00+00:00", actor="amy", role="approver",
                      from_state="approved_for_filing", to_state=to_state, transition=name,
                      reason="", self_approval=False, recorded=recorded)


@pytest.mark.parametrize(("on", "en", "zh"), [
    ("2026-11-09", "notification filed on 2026-11-09 (1 day after the due date 2026-11-08)",
     "已于2026年11月9日提交通知（截止日期2026年11月8日，逾期1日）"),
    ("2026-11-12", "notification filed on 2026-11-12 (4 days after the due date 2026-11-08)",
     "已于2026年11月12日提交通知（截止日期2026年11月8日，逾期4日）"),
    ("2026-11-08", "notification filed on 2026-11-08 (due 2026-11-08: in time)",
     "已于2026年11月8日提交通知（截止日期2026年11月8日，按时提交）"),
])
def test_a_filed_notification_says_whether_it_was_in_time(on: str, en: str, zh: str) -> None:
    track = replace(BASE, history=(step("filed", on, "2026-11-08"),))
    assert clock_text(track) == en
    assert clock_text(track, lang="zh") == zh


def test_a_decision_says_the_period_it_ended() -> None:
    track = replace(BASE, regime="CN-SAMR", kind="CN-SAMR", state="cleared",
                    history=(step("cleared", "2026-07-31", "2026-08-04", "clear"),))
    assert clock_text(track) == "Cleared on 2026-07-31: the period ended (it ran to 2026-08-04)"
    assert clock_text(track, lang="zh").startswith("2026年7月31日")
    assert clock_text(track, lang="zh").endswith("（法定时限截至2026年8月4日）")


def test_a_track_no_step_ended_a_period_of_has_no_clock_running() -> None:
    track = replace(BASE, state="draft", history=(step("internal_review", "2026-11-01", None),))
    assert clock_text(track) == "No statutory clock running"
    assert clock_text(track, lang="zh") == "未计算法定时限"
