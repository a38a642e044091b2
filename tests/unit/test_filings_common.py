"""What the filing kinds share (filings.common): the clock words come from the labels data
(resources/filings/labels.json), as every other label on a filing does, so a changed label
needs no code change; one date format; screening reasons grouped under their citation."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from approvals.filings import common as k
from approvals.filings.data import Reason, Track


def _track(**clock: Any) -> Track:
    fields: dict[str, Any] = dict(
        id=1, regime="CN-FISR", kind="CN-FISR", outcome="approval_required",
        state="general_review", state_label="General review", state_label_zh="一般审查",
        clock_phase="general_review", clock_calendar="CN", clock_unit="working", clock_days=30,
        clock_start="2026-10-01", clock_pauses=(), clock_stopped_on=None,
        due_date="2026-11-12", due_estimated=False, completed_on=None)
    return Track(**{**fields, **clock})


def test_clock_units_and_calendars_in_both_languages() -> None:
    assert k.clock_text(_track()) == "General review: 30 working days (CN calendar) from 2026-10-01"
    assert k.clock_text(_track(), lang="zh") == "一般审查：自2026年10月1日起30个工作日（中国日历）"
    us = _track(kind="US-OISP", clock_phase="notification", clock_calendar="US",
                clock_unit="calendar")
    assert "30 calendar days (US calendar)" in k.clock_text(us)
    assert "30个自然日（美国日历）" in k.clock_text(us, lang="zh")
    # A clock without a unit counts days; a calendar the labels do not know prints its code.
    assert "30 days (HK calendar)" in k.clock_text(_track(clock_unit=None, clock_calendar="HK"))


def test_the_words_are_read_from_the_labels_data(monkeypatch: pytest.MonkeyPatch) -> None:
    data = {**k.labels(), "clock_units": {"working": ["business days", "个营业日"]},
            "calendars": {"CN": ["PRC", "中华人民共和国"]}}
    monkeypatch.setattr(k, "labels", lambda: data)
    assert "30 business days (PRC calendar)" in k.clock_text(_track())
    assert "30个营业日（中华人民共和国日历）" in k.clock_text(_track(), lang="zh")


def test_every_unit_and_calendar_a_clock_uses_is_labelled() -> None:
    from approvals.domain.workflow import clock_specs

    for spec in clock_specs():
        assert spec.unit in k.labels()["clock_units"], spec
        assert spec.calendar in k.labels()["calendars"], spec


def test_dates_print_as_iso_or_a_dash() -> None:
    assert k.date_or_dash(date(2026, 3, 1)) == "2026-03-01"
    assert k.date_or_dash(None) == k.NOT_STATED


def test_reasons_are_grouped_under_their_citation_in_order_of_first_mention() -> None:
    reasons = (
        Reason("r1", "31 CFR 850.210", "covered foreign person", "受涵盖外国人", "《联邦法规》850.210"),
        Reason("r2", "31 CFR 850.217", "AI system above 10^23 operations"),
        Reason("r3", "31 CFR 850.210", "organised in China", "在中国设立", "《联邦法规》850.210"),
        Reason("r4", "", "no citation"),
    )
    assert k.reasons_by_citation(reasons) == {
        ("31 CFR 850.210", ""): ["• covered foreign person", "• organised in China"],
        ("31 CFR 850.217", ""): ["• AI system above 10^23 operations"],
        ("", ""): ["• no citation"],
    }
    bilingual = k.reasons_by_citation(reasons, bilingual=True)
    assert list(bilingual) == [("31 CFR 850.210", "《联邦法规》850.210"), ("31 CFR 850.217", ""),
                               ("", "")]
    first, second = bilingual[("31 CFR 850.210", "《联邦法规》850.210")]
    assert first.startswith("• 受涵盖外国人\n") and first.endswith("covered foreign person")
    assert second.startswith("• 在中国设立\n")
    # Stored before the Chinese text existed: English only.
    assert bilingual[("31 CFR 850.217", "")] == ["• AI system above 10^23 operations"]


def test_a_stop_after_the_period_ran_out_says_the_due_date_stands() -> None:
    """A due date beside an open stop: the period ran out by the stop day, so a filing
    must not read as if the stop had moved it."""
    late = _track(state="materials_requested", clock_pauses=(("2026-11-20", None),),
                  clock_stopped_on="2026-11-20")
    assert k.clock_text(late).endswith(
        "materials requested on 2026-11-20 with no day of the period left: the clock did not "
        "stop (the due date stands)")
    assert k.clock_text(late, lang="zh").endswith(
        "2026年11月20日要求补正材料时已无剩余期限，未中止计时（截止日期不变）")
    assert k.due_text(late) == "2026-11-12"
    in_time = _track(state="materials_requested", clock_pauses=(("2026-11-02", None),),
                     clock_stopped_on="2026-11-02", due_date=None)
    assert k.clock_text(in_time).endswith("stopped since 2026-11-02")


def test_a_late_stop_resumed_says_it_stopped_no_day() -> None:
    """"stopped 2026-11-23 to 2026-12-01" read as six working days added to the period,
    whose due date had not moved: the stop came on its last day."""
    late = _track(state="preliminary_review", clock_days=15, clock_start="2026-11-02",
                  clock_pauses=(("2026-11-23", "2026-12-01"),), due_date="2026-11-23")
    assert k.clock_text(late).endswith(
        "materials requested on 2026-11-23 with no day of the period left, supplied on "
        "2026-12-01: the clock did not stop")
    assert k.clock_text(late, lang="zh").endswith(
        "2026年11月23日要求补正材料时已无剩余期限，未中止计时（2026年12月1日补正）")
    in_time = _track(clock_pauses=(("2026-10-20", "2026-10-27"),), due_date="2026-11-19")
    assert k.clock_text(in_time).endswith("stopped 2026-10-20 to 2026-10-27")


def test_a_percentage_keeps_its_sign_on_its_line() -> None:
    """"33.3333" ended a line of the US notification and "%." began the next."""
    assert k.percent(33.3333) == "33.3333\u00a0%"
    assert k.percent(51, zh=True) == "51%"
