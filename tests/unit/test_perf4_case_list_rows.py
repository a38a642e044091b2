"""The case list's rows, made with less Python per row (services.cases._rows), are what the
list's rules say for every kind of case: drafts, discarded intakes, closed and completed
cases, tracks in every state of every workflow, screening prohibitions, refused tracks
since closed, running and completed clocks, estimated dates, open and fulfilled
conditions. The oracle works each row out case by case from the tables."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta
from typing import Any

import pytest

from approvals.domain.calendars import ESTIMATED_MARK
from approvals.domain.workflow import WORKFLOWS, worst_state
from approvals.services import cases as cases_service
from approvals.services.cases import (
    ENDED_STATUSES,
    SCREENING_PROHIBITS,
    CaseRow,
    _refusal,
    list_cases,
)
from approvals.store.db import Database

STATUSES = ("open", "open", "open", "completed", "closed", "draft", "discarded")
REGIMES = ("CN-FISR", "CN-MOFCOM", "US-OISP", "CN-NEGATIVE-LIST", "CN-EXPORT")


def _fill(con: sqlite3.Connection, cases: int, seed: int) -> None:
    rng = random.Random(seed)
    kinds = sorted(WORKFLOWS)
    track_id = obligation_id = event_id = 0
    stamp = "2026-11-30T10:00:00Z"
    for n in range(1, cases + 1):
        status = rng.choice(STATUSES)
        amount = rng.choice([None, 1_000_000.0, 2_500_000.5])
        con.execute(
            "INSERT INTO cases (id, reference, facts, status, owner, target_name, investor_name, "
            "amount_value, amount_currency, created_at, updated_at, version, action_regimes, "
            "target_name_zh, own_reference) VALUES (?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
            (n, f"AP-2026-{rng.randrange(1, 10**6):06d}-{n}", status, rng.choice(["pat", "ann"]),
             f"Target {n}", rng.choice(["Fund A", "Fund B"]), amount, amount and "USD", stamp,
             f"2026-11-{rng.randrange(1, 30):02d}", " ".join(rng.sample(REGIMES, rng.randrange(3))),
             rng.choice(["", "深度视觉"]), rng.choice(["", f"DEAL-{n}"])))
        if status in ("draft", "discarded") and rng.random() < 0.7:
            continue
        # Distinct dates within a case: no ties for the earliest.
        days = [(date(2027, 1, 1) + timedelta(d)).isoformat() for d in rng.sample(range(400), 20)]
        refusal_closed = False
        for _ in range(rng.randrange(5)):
            track_id += 1
            kind = rng.choice(kinds)
            state = rng.choice([st.name for st in WORKFLOWS[kind].states])
            if state == "closed" and not refusal_closed and rng.random() < 0.5:
                refusal_closed = True  # closed after its refusal: still blocks completion
                event_id += 1
                con.execute(
                    "INSERT INTO events (id, occurred_at, actor, role, action, entity, entity_id, "
                    "case_id, track_id, old_value, new_value, reason, details, prev_hash, hash) "
                    "VALUES (?, ?, 'pat', 'preparer', 'track.transition', 'track', ?, ?, ?, "
                    "'\"prohibited\"', '\"closed\"', '', '{}', '', '')",
                    (event_id, stamp, str(track_id), n, track_id))
            due = days.pop() if rng.random() < 0.7 else None
            con.execute(
                "INSERT INTO filing_tracks (id, case_id, regime, kind, outcome, state, clock_pauses, "
                "due_date, due_estimated, completed_on, created_at, updated_at, version) "
                "VALUES (?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, ?, 1)",
                (track_id, n, rng.choice(REGIMES), kind,
                 rng.choice(["approval_required", "notification_required", "prohibited"]),
                 state, due, rng.random() < 0.4, "2026-10-01" if rng.random() < 0.3 else None,
                 stamp, stamp))
            for _ in range(rng.randrange(3)):
                obligation_id += 1
                text = rng.choice(["Report annually", f"Report in 30 days {ESTIMATED_MARK}"])
                con.execute(
                    "INSERT INTO obligations (id, track_id, text, due_date, status, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (obligation_id, track_id, text,
                     days.pop() if rng.random() < 0.8 else None,
                     rng.choice(["open", "open", "fulfilled"]), stamp))
    con.commit()


def _oracle(con: sqlite3.Connection, *, include_drafts: bool, include_discarded: bool,
            first: int | None) -> list[CaseRow]:
    hidden = ({"draft"} if not include_drafts else set()) | (
        set() if include_drafts and include_discarded else {"discarded"})
    rows = []
    cases = [c for c in con.execute(
        "SELECT id, reference, target_name, investor_name, amount_value, amount_currency, "
        "status, owner, updated_at, action_regimes, target_name_zh, own_reference FROM cases "
        "ORDER BY reference") if c[6] not in hidden]
    for c in cases[:first]:
        tracks = con.execute("SELECT id, regime, kind, state, outcome, due_date, due_estimated, "
                             "completed_on FROM filing_tracks WHERE case_id = ? ORDER BY id",
                             (c[0],)).fetchall()
        running = [(t[5], bool(t[6]), t[1]) for t in tracks if t[7] is None and t[5] is not None]
        due, estimated, regime = min(running) if running else (None, False, "")
        conditions = con.execute(
            "SELECT o.due_date, o.text, t.regime FROM obligations o JOIN filing_tracks t "
            "ON t.id = o.track_id WHERE t.case_id = ? AND o.status = 'open' "
            "AND o.due_date IS NOT NULL", (c[0],)).fetchall()
        if conditions:
            condition = min(conditions)
            if due is None or condition[0] < due:
                due, estimated, regime = condition[0], ESTIMATED_MARK in condition[1], condition[2]
        # The other calendar's earliest, on a later day (the amber of either calendar).
        dated = [(t[0], t[2]) for t in running] + [(o[0], o[2]) for o in conditions]
        firsts = [min((d for d in dated if d[1].startswith("US") == us), default=None)
                  for us in (False, True)]
        later = ""
        if all(firsts) and firsts[0][0] != firsts[1][0]:  # type: ignore[index]
            then = max(f for f in firsts if f is not None)
            later = f"{then[0]} {then[1]}"
        blocked = [(t[2], SCREENING_PROHIBITS) if t[4] == "prohibited" else _refusal(t[2])
                   for t in tracks if t[4] == "prohibited" or t[3] == "prohibited"]
        blocked += [_refusal(kind) for (kind,) in con.execute(
            "SELECT t.kind FROM filing_tracks t JOIN events e ON e.track_id = t.id WHERE t.case_id = ? "
            "AND t.state = 'closed' AND e.action = 'track.transition' AND e.old_value = '\"prohibited\"'",
            (c[0],))]
        worst = worst_state((t[2], t[3]) for t in tracks)
        if c[6] in ENDED_STATUSES:
            worst, blocked = "", []
        regimes = tuple(sorted(set(c[9].split()) | {t[1] for t in tracks}))
        rows.append(CaseRow(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], regimes, worst,
                            due, estimated, c[10], c[11], tuple(blocked),
                            next_deadline_regime=regime, later_deadline=later))
    return rows


@pytest.fixture
def rich(db: Database) -> Database:
    con = sqlite3.connect(db.data_dir.database)
    try:
        _fill(con, 400, seed=20261130)
    finally:
        con.close()
    return db


@pytest.mark.parametrize(("drafts", "discarded", "first"), [
    (True, False, None), (False, False, None), (True, True, None), (True, False, 37)])
def test_the_rows_are_the_lists_rules_case_by_case(rich: Database, drafts: bool, discarded: bool,
                                                   first: int | None) -> None:
    with rich.read_session() as s:
        listed = list_cases(s, include_drafts=drafts, include_discarded=discarded, first=first)
    con = sqlite3.connect(rich.data_dir.database)
    try:
        expected = _oracle(con, include_drafts=drafts, include_discarded=discarded, first=first)
    finally:
        con.close()
    assert listed == expected
    assert all(type(r) is CaseRow for r in listed) and listed[0].reference == expected[0].reference
    # The fixture holds every kind of row the rules tell apart.
    if first is None:
        assert {r.status for r in listed} >= {"open", "completed", "closed"}
        assert any(r.blocked for r in listed) and any(r.next_deadline_estimated for r in listed)
        assert any(r.next_deadline and not r.next_deadline_estimated for r in listed)
        assert any(r.worst_state == "" and r.status == "closed" for r in listed)
        # Deadlines owned by US and by Chinese tracks both (the amber's calendar).
        owners = {r.next_deadline_regime[:2] for r in listed if r.next_deadline}
        assert owners == {"US", "CN"}
        assert any(r.later_deadline for r in listed)  # both calendars, on different days
        assert any(words != SCREENING_PROHIBITS for r in listed for _k, words in r.blocked)


@pytest.mark.usefixtures("automatic_collector")
def test_the_collector_is_left_as_it_was(rich: Database) -> None:
    import gc

    with rich.read_session() as s:
        assert gc.isenabled()
        list_cases(s)
        assert gc.isenabled()
        gc.disable()
        try:
            list_cases(s)
            assert not gc.isenabled()  # a caller's own pause (the window's) is kept
        finally:
            gc.enable()


@pytest.mark.usefixtures("automatic_collector")
def test_a_read_that_fails_lets_the_collector_run_again(rich: Database,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any) -> list[CaseRow]:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(cases_service, "_rows", broken)
    import gc

    with rich.read_session() as s, pytest.raises(RuntimeError):
        list_cases(s)
    assert gc.isenabled()
