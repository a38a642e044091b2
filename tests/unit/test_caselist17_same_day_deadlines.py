"""Two tracks of a case due the same day: the case list names the same one every time (the
Chinese one before the US one, then by regime; it was whichever SQLite met first), and its
amber goes by either calendar, as the dashboard marks either row amber; the dashboard lists
the two in that same order."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from approvals.services.cases import CaseRow, list_cases
from approvals.services.deadline_report import due_soon_limit, due_soon_limits
from approvals.services.workspace import open_deadlines
from approvals.store.db import Database
from approvals.store.models import Obligation
from approvals.ui.case_list import amber_owner, deadline_tip, urgency_of
from tests.unit.test_case_lifecycle import new_case, set_track, tracks

# Tuesday before Thanksgiving: three working days run to Friday 27 Nov on the Chinese
# calendar, to Monday 30 Nov on the US one (Thursday 26 Nov is a US holiday).
TUESDAY = date(2026, 11, 24)
MONDAY = "2026-11-30"


def dated(db: Database, dues: dict[str, str | None]) -> tuple[int, str, dict[str, int]]:
    """A case with four tracks (CN-FISR, CN-TECH-EXPORT, CN-SAMR, US-OISP) due as `dues`
    says, the others without a due date."""
    case_id, reference = new_case(db)
    ids = {t.regime: t.id for t in tracks(db, case_id)}
    for regime, track_id in ids.items():
        assert track_id is not None
        set_track(db, track_id, due_date=dues.get(regime), completed_on=None)
    return case_id, reference, {r: i for r, i in ids.items() if i is not None}


def row_of(db: Database, reference: str) -> CaseRow:
    with db.read_session() as s:
        return next(r for r in list_cases(s) if r.reference == reference)


def limits(db: Database) -> tuple[str | None, str | None]:
    with db.read_session() as s:
        return due_soon_limit(s, "CN", TUESDAY), due_soon_limit(s, "US", TUESDAY)


def test_a_chinese_and_a_us_track_due_the_same_day(db: Database) -> None:
    _id, reference, _ids = dated(db, {"CN-FISR": MONDAY, "US-OISP": MONDAY,
                                      "CN-SAMR": "2026-12-20"})
    cn, us = limits(db)
    assert (cn, us) == ("2026-11-29", "2026-11-30")  # the days before the 4th working day
    row = row_of(db, reference)
    assert row.next_deadline == MONDAY
    assert (row.next_deadline_regime, row.next_deadline_also) == ("CN-FISR", "US-OISP")
    # Not amber on the Chinese calendar (Friday is its third working day), amber on the US
    # one: the dashboard marks the US row amber, and so the case list marks the case.
    assert urgency_of(row, TUESDAY.isoformat(), cn, us) == "due_soon"
    assert amber_owner(row, cn, us) == ("US", "US-OISP")
    tip = deadline_tip(row, "due_soon", TUESDAY, amber_owner(row, cn, us))
    assert "Working days of the US federal calendar (US-OISP)" in tip
    assert "Due the same day: CN-FISR and US-OISP" in tip
    # Counted on the Chinese calendar alone (the tie's other track left out) it is plain.
    assert urgency_of(row._replace(next_deadline_also=""), TUESDAY.isoformat(), cn, us) == ""

    with db.read_session() as s:
        due_soon = due_soon_limits(s, TUESDAY)
        rows = [d for d in open_deadlines(s) if d.reference == reference]
    same_day = [d for d in rows if d.due_date == MONDAY]
    assert [d.regime for d in same_day] == ["CN-FISR", "US-OISP"]  # the list's order
    assert any(due_soon.covers(d.regime, d.due_date) for d in same_day)


def test_the_same_track_is_named_whichever_was_made_first(db: Database) -> None:
    # Two Chinese tracks the same day: by regime, whatever their order in the table.
    _id, reference, ids = dated(db, {"CN-TECH-EXPORT": "2026-12-02", "CN-SAMR": "2026-12-02",
                                     "US-OISP": "2026-12-09"})
    row = row_of(db, reference)
    assert (row.next_deadline_regime, row.next_deadline_also) == ("CN-SAMR", "")
    # Moved later one at a time, the earlier of the two takes over, and back again.
    set_track(db, ids["CN-SAMR"], due_date="2026-12-03")
    assert row_of(db, reference).next_deadline_regime == "CN-TECH-EXPORT"
    set_track(db, ids["CN-SAMR"], due_date="2026-12-02")
    assert row_of(db, reference).next_deadline_regime == "CN-SAMR"
    # A US track alone on the earliest day owns it, nothing beside it.
    set_track(db, ids["US-OISP"], due_date="2026-12-01")
    row = row_of(db, reference)
    assert (row.next_deadline, row.next_deadline_regime, row.next_deadline_also) == \
        ("2026-12-01", "US-OISP", "")


def test_a_condition_due_the_same_day_as_a_track_on_the_other_calendar(db: Database) -> None:
    _id, reference, ids = dated(db, {"CN-FISR": MONDAY})
    with db.session() as s:  # a condition of the US track's clearance, due the same Monday
        s.add(Obligation(track_id=ids["US-OISP"], text="Report the closing", due_date=MONDAY))
    set_track(db, ids["US-OISP"], completed_on="2026-11-20")
    cn, us = limits(db)
    row = row_of(db, reference)
    assert (row.next_deadline, row.next_deadline_regime, row.next_deadline_also) == \
        (MONDAY, "CN-FISR", "US-OISP")
    assert urgency_of(row, TUESDAY.isoformat(), cn, us) == "due_soon"
    # The condition a day earlier: it alone is the next deadline.
    with db.session() as s:
        for o in s.exec(select(Obligation)).all():
            o.due_date = "2026-11-27"
            s.add(o)
    row = row_of(db, reference)
    assert (row.next_deadline, row.next_deadline_regime, row.next_deadline_also) == \
        ("2026-11-27", "US-OISP", "")


def test_an_estimated_date_stays_estimated_whichever_track_owns_it(db: Database) -> None:
    _id, reference, ids = dated(db, {"CN-FISR": "2027-03-01", "CN-SAMR": "2027-03-01"})
    set_track(db, ids["CN-SAMR"], due_estimated=True)
    row = row_of(db, reference)
    assert row.next_deadline == "2027-03-01" and row.next_deadline_estimated
    assert row.next_deadline_regime == "CN-SAMR"  # the estimated one, so it is said


def test_the_column_tip_says_either_calendar_counts_a_shared_day(qtbot) -> None:
    from PySide6.QtCore import Qt

    from approvals.ui.case_list import DEADLINE_COLUMN, CaseTableModel

    tip = CaseTableModel().headerData(DEADLINE_COLUMN, Qt.Orientation.Horizontal,
                                      Qt.ItemDataRole.ToolTipRole)
    assert "a Chinese and a US track due the same day, on either calendar" in tip


def test_a_later_chinese_deadline_due_soon_makes_the_case_amber(db: Database) -> None:
    """30 Sep 2026: the US notification due Wednesday 7 Oct is not within 3 US working days
    (they run to 5 Oct), but CN-FISR due 8 Oct is within 3 Chinese ones (the National Day
    holiday, then the make-up Saturday 10 Oct). The case list left the case uncoloured
    while the dashboard marked the CN-FISR row amber."""
    _id, reference, _ids = dated(db, {"US-OISP": "2026-10-07", "CN-FISR": "2026-10-08"})
    today = date(2026, 9, 30)
    with db.read_session() as s:
        cn, us = due_soon_limit(s, "CN", today), due_soon_limit(s, "US", today)
    assert (cn, us) == ("2026-10-11", "2026-10-05")
    row = row_of(db, reference)
    assert (row.next_deadline, row.next_deadline_regime) == ("2026-10-07", "US-OISP")
    assert row.later_deadline == "2026-10-08 CN-FISR"
    assert urgency_of(row, today.isoformat(), cn, us) == "due_soon"
    assert amber_owner(row, cn, us) == ("CN", "CN-FISR")
    tip = deadline_tip(row, "due_soon", today, amber_owner(row, cn, us))
    assert tip.startswith("Due within 3 working days: CN-FISR, due 8 Oct 2026 (the date "
                          "shown is US-OISP's)")
    # A day later for CN-FISR (12 Oct, past the make-up Saturday): no colour.
    _id, other, _ids = dated(db, {"US-OISP": "2026-10-07", "CN-FISR": "2026-10-13"})
    assert urgency_of(row_of(db, other), today.isoformat(), cn, us) == ""
