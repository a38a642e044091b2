"""The case list's rules that read the database: the amber "due within 3 working days" is
counted on the calendar of the track that owns the next deadline (a US deadline of a case
that also has Chinese tracks on the US calendar), and an open case whose tracks were all
closed after their decisions says so ("Open (tracks closed)"), not "Closed", which read as
the case itself closed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from approvals.cli.cases import status_code
from approvals.services.cases import CaseRow, list_cases, status_text
from approvals.services.deadline_report import due_soon_limit
from approvals.store.db import Database
from approvals.ui.case_list import deadline_calendar, row_texts, urgency_of
from approvals.ui.main_window import row_filter
from tests.unit.test_case_lifecycle import new_case, set_track, tracks

# Tuesday before Thanksgiving: three working days run to Friday 27 Nov on the Chinese
# calendar, to Monday 30 Nov on the US one (Thursday 26 Nov is a US holiday).
TUESDAY = date(2026, 11, 24)


def test_a_us_deadline_is_amber_by_the_us_calendar_in_a_case_with_chinese_tracks(
        db: Database) -> None:
    case_id, reference = new_case(db)  # CN-FISR, CN-TECH-EXPORT, CN-SAMR and US-OISP
    by_regime = {t.regime: t for t in tracks(db, case_id)}
    assert {"CN-FISR", "US-OISP"} <= set(by_regime)
    for t in by_regime.values():
        set_track(db, t.id, due_date=None, completed_on=None)
    set_track(db, by_regime["US-OISP"].id, due_date="2026-11-30")
    set_track(db, by_regime["CN-FISR"].id, due_date="2026-12-20")
    with db.read_session() as s:
        row = next(r for r in list_cases(s) if r.reference == reference)
        cn, us = due_soon_limit(s, "CN", TUESDAY), due_soon_limit(s, "US", TUESDAY)
    assert (cn, us) == ("2026-11-29", "2026-11-30")  # the days before the 4th working day
    assert row.next_deadline == "2026-11-30" and row.next_deadline_regime == "US-OISP"
    assert deadline_calendar(row) == "US"
    # Counted on the Chinese calendar (the case has Chinese tracks) it was plain.
    assert urgency_of(row, TUESDAY.isoformat(), cn, us) == "due_soon"

    # The Chinese track's deadline first: the Chinese calendar, whatever else the case has.
    set_track(db, by_regime["CN-FISR"].id, due_date="2026-11-30")
    set_track(db, by_regime["US-OISP"].id, due_date="2026-12-20")
    with db.read_session() as s:
        row = next(r for r in list_cases(s) if r.reference == reference)
    assert row.next_deadline_regime == "CN-FISR" and deadline_calendar(row) == "CN"
    assert urgency_of(row, TUESDAY.isoformat(), cn, us) == ""


def test_an_open_case_whose_tracks_were_all_closed_does_not_read_as_closed(
        db: Database) -> None:
    case_id, reference = new_case(db)
    for t in tracks(db, case_id):
        set_track(db, t.id, state="closed", outcome="approval_required")
    with db.read_session() as s:
        row = next(r for r in list_cases(s) if r.reference == reference)
    assert row.status == "open" and row.worst_state == "closed"
    text = status_text(row.status, row.worst_state, row.blocked)
    assert text == "Open (tracks closed)"
    assert row_texts(row)[5] == "Open (tracks closed)"  # the Status column
    assert status_code(row.status, row.worst_state) == "open"  # `case list --json`
    # "All but closed" keeps it, and nothing in its row says Closed as if the case were.
    assert row_filter("not_closed", None, lambda _r: "")(row)
    assert "Closed" not in row_texts(row)


def test_closed_tracks_words_beside_the_case_status_and_what_blocks_it() -> None:
    assert status_text("completed", "closed") == "Completed (tracks closed)"
    assert status_text("open", "closed", (("CN-TECH-EXPORT", "Export refused"),)) == \
        "Open (tracks closed; blocked: Export refused)"
    assert status_text("closed", "") == "Closed"  # the case's own status, unchanged
    assert status_text("open", "cleared") == "Cleared"  # a decided track still says its own


def test_descending_keeps_equal_rows_in_reference_order_and_blanks_last() -> None:
    """Z to A reversed the order of equal rows (Owner, every case alice's, turned the list
    into reverse reference order), and an unnamed draft's blank Target sorted first A to Z."""
    from approvals.ui.case_list import (
        OWNER_COLUMN,
        TARGET_COLUMN,
        CaseTableModel,
    )

    def row(number: int, target: str, owner: str) -> CaseRow:
        return CaseRow(number, f"AP-2026-{number:04d}", target, "Fund", None, None, "open",
                       owner, "", (), "", None)

    rows = [row(1, "Beta", "alice"), row(2, "", "alice"), row(3, "Alpha", "alice"),
            row(4, "Beta", "alice")]
    model = CaseTableModel()
    model.set_rows(rows)
    for column, order, expected in (
            (OWNER_COLUMN, Qt.SortOrder.DescendingOrder, [1, 2, 3, 4]),
            (TARGET_COLUMN, Qt.SortOrder.AscendingOrder, [3, 1, 4, 2]),
            (TARGET_COLUMN, Qt.SortOrder.DescendingOrder, [1, 4, 3, 2])):
        model.sort(column, order)
        assert [model.row_at(i).id for i in range(model.rowCount())] == expected, (column, order)


def test_the_descending_order_is_a_stable_reverse_with_the_blanks_last() -> None:
    """descending_order (one pass over the ascending order, not a second sort) gives what a
    stable reversed sort with the blank cells moved last gives, for every column."""
    import random

    from approvals.ui.case_list import COLUMNS, descending_order

    rng = random.Random(7)
    rows = [CaseRow(i, f"AP-2026-{i:04d}", rng.choice(["", "Alpha", "beta", "Gamma", "alpha"]),
                    rng.choice(["", "Fund A", "Fund B"]), None, None, "open",
                    rng.choice(["alice", "bob"]), "", (), "", None)
            for i in range(300)]
    for column, spec in enumerate(COLUMNS):
        ascending = sorted(range(len(rows)), key=lambda i, k=spec.sort_key: k(rows[i]))
        expected = sorted(range(len(rows)), key=lambda i, k=spec.sort_key: k(rows[i]),
                          reverse=True)
        if spec.blank is not None:
            expected = ([i for i in expected if not spec.blank(rows[i])]
                        + [i for i in ascending if spec.blank(rows[i])])
        assert descending_order(rows, column, ascending) == expected, spec.title
