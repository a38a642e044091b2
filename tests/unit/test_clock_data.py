"""The workflow's clock data (resources/rulebook/workflow/clocks.json), the one place the
statutory time limits live: it is valid, it says what the regulatory reference says, and
the version that applies is chosen by date, so a new version needs no code change."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from approvals.domain import workflow as wf
from approvals.domain.errors import InputError, NotFound
from approvals.domain.rulebook import PROVISIONS, default_rulebook
from approvals.resources import resource_path

ON = date(2026, 11, 2)

# docs/regulatory-reference.md: (kind, phase) -> (days, unit, calendar, extension_days, verified)
REFERENCE = {
    # FISR Arts. 7-10 (verify): 15 / 30 / 60 working days.
    ("CN-FISR", "preliminary_review"): (15, "working", "CN", None, False),
    ("CN-FISR", "general_review"): (30, "working", "CN", None, False),
    ("CN-FISR", "special_review"): (60, "working", "CN", None, False),
    # SAMR: 30 and 90 calendar days, extension up to 60.
    ("CN-SAMR", "phase_1_review"): (30, "calendar", "CN", None, True),
    ("CN-SAMR", "phase_2_review"): (90, "calendar", "CN", 60, True),
    # Data export assessment: 45 working days from acceptance.
    ("CN-DATA-EXPORT", "assessment"): (45, "working", "CN", None, True),
    # Technology export licence: decided within 30 working days.
    ("CN-TECH-EXPORT", "application_review"): (30, "working", "CN", None, True),
    # Reported CN approval: no time limit is public.
    ("CN-US-CAPITAL", "review"): (None, "working", "CN", None, False),
    # OISP: 30 calendar days after completion (850.401, verify).
    ("US-OISP", "notification"): (30, "calendar", "US", None, False),
    # ... or 30 days after actual knowledge acquired only after completion (850.402; not
    # marked "verify" in the reference).
    ("US-OISP", "notification_after_knowledge"): (30, "calendar", "US", None, True),
}


@pytest.mark.parametrize("key", list(REFERENCE))
def test_clock_says_what_the_reference_says(key: tuple[str, str]) -> None:
    spec = wf.clock_spec(*key, ON)
    assert (spec.days, spec.unit, spec.calendar, spec.extension_days, spec.verified) == REFERENCE[key]


def test_chinese_calendar_day_periods_roll_and_others_do_not() -> None:
    # Civil Code arts. 201, 203: a calendar-day period ending on a holiday ends on the next
    # working day; OISP states no roll and working-day periods need none.
    rolls = {(s.kind, s.phase): s.roll for s in wf.clock_specs()}
    assert rolls[("CN-SAMR", "phase_1_review")] and rolls[("CN-SAMR", "phase_2_review")]
    assert not rolls[("US-OISP", "notification")]
    assert not rolls[("US-OISP", "notification_after_knowledge")]
    assert not any(r for (kind, phase), r in rolls.items()
                   if wf.clock_spec(kind, phase, ON).unit == "working")


def test_renewal_follow_up_says_what_the_reference_says() -> None:
    (renewal,) = wf.follow_ups_for("CN-DATA-EXPORT", "clear", ON)
    assert (renewal.valid_years, renewal.working_days_before_expiry, renewal.calendar) == (3, 60, "CN")
    assert renewal.verified


def test_every_clock_and_follow_up_has_a_citation() -> None:
    assert all(s.citation for s in wf.clock_specs())
    assert all(f.citation for f in wf.follow_ups())


def test_the_rulebook_holds_no_clock_rules() -> None:
    # One source of truth: review time limits are not screening provisions.
    assert all("clock" not in provisions for provisions in PROVISIONS.values())
    assert not [r.id for r in default_rulebook().rules if r.provision == "clock"]


# Two numbers are still stated by screening rules as well, because the screening prints or
# carries them (the technology export reason text; the OISP notification provision). Until
# the screening reads them from the clock data, they must agree.
STILL_IN_THE_RULEBOOK = wf.CLOCKS_THE_RULEBOOK_STATES
assert set(STILL_IN_THE_RULEBOOK) == {("CN-TECH-EXPORT", "application_review"),
                                      ("US-OISP", "notification"),
                                      ("US-OISP", "notification_after_knowledge")}


@pytest.mark.parametrize("key", list(STILL_IN_THE_RULEBOOK))
def test_numbers_the_screening_also_states_agree(key: tuple[str, str]) -> None:
    regime, provision, parameter = STILL_IN_THE_RULEBOOK[key]
    rule = default_rulebook().rules_on(ON).get(regime, provision)
    assert rule is not None
    assert wf.clock_spec(*key, ON).days == rule[parameter]


# -- selection by date, from a temporary data file -----------------------------------------

def _clock(**changes: Any) -> dict[str, Any]:
    entry = {"kind": "CN-FISR", "phase": "preliminary_review", "effective_from": "2021-01-18",
             "days": 15, "unit": "working", "calendar": "CN", "roll": False,
             "extension_days": None, "citation": "test", "verified": False}
    entry.update(changes)
    return entry


def _write(tmp_path: Path, data: dict[str, Any], name: str = "clocks.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_future_dated_version_takes_over_on_its_date(tmp_path: Path) -> None:
    path = _write(tmp_path, {"clocks": [
        _clock(effective_to="2027-06-30"),
        _clock(effective_from="2027-07-01", days=20, citation="new measures"),
    ]})
    specs = wf.clock_specs(path)
    assert wf.clock_spec("CN-FISR", "preliminary_review", date(2027, 6, 30), specs).days == 15
    after = wf.clock_spec("CN-FISR", "preliminary_review", date(2027, 7, 1), specs)
    assert (after.days, after.citation) == (20, "new measures")
    # Before the first version took effect: that version named, the date to check.
    with pytest.raises(NotFound, match="holds no CN-FISR preliminary review period for "
                                       "2021-01-17: the earliest it holds applies from "
                                       r"2021-01-18 \(test\); check the date"):
        wf.clock_spec("CN-FISR", "preliminary_review", date(2021, 1, 17), specs)


def test_a_completion_before_the_outbound_rules_is_said_as_such() -> None:
    with pytest.raises(NotFound) as refused:
        wf.clock_spec("US-OISP", "notification", date(2024, 6, 1))
    assert str(refused.value) == ("The app holds no US-OISP notification period for 2024-06-01: "
                                  "the earliest it holds applies from 2025-01-02 (31 CFR "
                                  "850.401); check the date.")


def test_an_ended_version_no_longer_applies(tmp_path: Path) -> None:
    # Without effective_to the 2021 version would still be the latest one in force.
    path = _write(tmp_path, {"clocks": [
        _clock(effective_to="2027-06-30"),
        _clock(effective_from="2025-01-01", effective_to="2025-12-31", days=10),
    ]})
    specs = wf.clock_specs(path)
    assert wf.clock_spec("CN-FISR", "preliminary_review", date(2025, 6, 1), specs).days == 10
    assert wf.clock_spec("CN-FISR", "preliminary_review", date(2026, 1, 1), specs).days == 15
    with pytest.raises(NotFound):
        wf.clock_spec("CN-FISR", "preliminary_review", date(2027, 7, 1), specs)


def test_follow_ups_are_chosen_by_date(tmp_path: Path) -> None:
    renewal = {"kind": "CN-DATA-EXPORT", "transitions": ["clear"], "text": "Renew",
               "valid_years": 3, "working_days_before_expiry": 60, "calendar": "CN",
               "citation": "test", "verified": True}
    path = _write(tmp_path, {"clocks": [], "follow_ups": [
        dict(renewal, effective_from="2024-03-22", effective_to="2027-12-31"),
        dict(renewal, effective_from="2028-01-01", valid_years=2),
    ]})
    items = wf.follow_ups(path)
    assert [f.valid_years for f in wf.follow_ups_for("CN-DATA-EXPORT", "clear", date(2027, 12, 31), items)] == [3]
    assert [f.valid_years for f in wf.follow_ups_for("CN-DATA-EXPORT", "clear", date(2028, 1, 1), items)] == [2]
    assert wf.follow_ups_for("CN-DATA-EXPORT", "clear", date(2024, 3, 21), items) == []


# -- validation names the entry and field ---------------------------------------------------

@pytest.mark.parametrize(
    ("entries", "where", "message"),
    [
        ([_clock(days="15")], "clocks[0].days", "expected a whole number of days, got '15'"),
        ([_clock(days=15.5)], "clocks[0].days", "expected a whole number of days"),
        ([_clock(days=-1)], "clocks[0].days", "expected a whole number of days"),
        ([_clock(extension_days=True)], "clocks[0].extension_days", "expected a whole number"),
        ([_clock(verified="false")], "clocks[0].verified", "expected true or false"),
        ([_clock(roll=1)], "clocks[0].roll", "expected true or false"),
        ([_clock(effective_from="2021-13-01")], "clocks[0].effective_from", "expected a date"),
        # Python would read these as 18 January 2021; the data files write YYYY-MM-DD only.
        ([_clock(effective_from="20210118")], "clocks[0].effective_from", "expected a date"),
        ([_clock(effective_from="2021-W03-1")], "clocks[0].effective_from", "expected a date"),
        ([_clock(effective_to="2020-01-01")], "clocks[0].effective_to", "is before effective_from"),
        ([_clock(), _clock(days=20)], "clocks[1].effective_from", "ambiguous"),
        ([_clock(unit="weeks")], "clocks[0].unit", "'weeks' is not working or calendar"),
        ([_clock(calendar="EU")], "clocks[0].calendar", "'EU' is not CN or US"),
        ([_clock(kind="CN-XYZ")], "clocks[0].kind", "'CN-XYZ' is not a track kind"),
        ([{k: v for k, v in _clock().items() if k != "phase"}], "clocks[0].phase", "required"),
    ],
)
def test_bad_clock_data_names_the_entry(entries, where, message) -> None:
    with pytest.raises(InputError) as err:
        wf.parse_clock_specs({"clocks": entries})
    assert any(p.path == where and message in p.message for p in err.value.problems), err.value.problems


def test_bad_json_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "clocks.json"
    path.write_text('{"clocks": [\n,]}', encoding="utf-8")
    with pytest.raises(InputError) as err:
        wf.clock_specs(path)
    assert err.value.problems[0].path.endswith("clocks.json:2:1")


def test_shipped_file_is_the_default() -> None:
    shipped = resource_path(*wf.CLOCKS_FILE)
    assert wf.clock_specs(shipped) == wf.clock_specs()
