"""The case list's sort orders carried over a reload (case_list.carried_orders): after a
few cases changed or were added at the end, every column's order is the one sorting
afresh gives, ties in the same places; anything else is sorted afresh."""

from __future__ import annotations

import random

from approvals.services.cases import CaseRow
from approvals.ui.case_list import (
    COLUMNS,
    MOST_CHANGED,
    carried_orders,
    prepare_rows,
    sort_orders,
)

STATES = ["draft", "internal_review", "filed", "general_review"]


def _row(n: int, rng: random.Random) -> CaseRow:
    # Few distinct values per column: many ties, which must stay in index order.
    return CaseRow(id=n, reference=f"AP-2026-{n:05d}", target=rng.choice(["Alpha", "beta", "Gamma"]),
                   investor=rng.choice(["Fund A", "Fund B"]),
                   amount_value=rng.choice([None, 1e6, 5e6]),
                   amount_currency=rng.choice(["USD", "CNY"]),
                   status=rng.choice(["open", "closed", "completed"]),
                   owner=rng.choice(["li", "chen"]), updated_at="",
                   regimes=tuple(sorted(rng.sample(["CN-FISR", "CN-SAMR", "US-OISP"],
                                                   rng.randint(0, 2)))),
                   worst_state=rng.choice(STATES),
                   next_deadline=rng.choice([None, "2026-12-01", "2027-01-15"]),
                   target_zh=rng.choice(["", "甲公司", "乙公司"]))


def _all_orders(rows: list[CaseRow]) -> dict[tuple[int, bool], list[int]]:
    prepared = prepare_rows(rows)
    return {**prepared.orders, **sort_orders(prepared)}


def _edited(row: CaseRow, rng: random.Random) -> CaseRow:
    fresh = _row(row.id, rng)
    return row._replace(status=fresh.status, target=fresh.target, worst_state=fresh.worst_state,
                        next_deadline=fresh.next_deadline, regimes=fresh.regimes)


def test_changed_and_added_cases_take_their_places_in_every_order() -> None:
    rng = random.Random(3)
    old = [_row(n, rng) for n in range(1, 400)]
    old_orders = _all_orders(old)
    new = list(old)
    for i in rng.sample(range(len(new)), 12):
        new[i] = _edited(new[i], rng)
    new += [_row(n, rng) for n in range(400, 404)]  # created since: at the end
    carried = carried_orders(new, old, old_orders)
    assert set(carried) == {(c, False) for c in range(len(COLUMNS))}
    assert carried == _all_orders(new)
    # On the worker: the same through sort_orders, the loaded column's order left alone.
    prepared = prepare_rows(new)
    assert {**prepared.orders, **sort_orders(prepared, (old, old_orders))} == _all_orders(new)


def test_unchanged_rows_share_the_orders() -> None:
    rng = random.Random(5)
    rows = [_row(n, rng) for n in range(1, 50)]
    orders = _all_orders(rows)
    carried = carried_orders(list(rows), rows, orders)
    assert all(carried[key] is orders[key] for key in carried)


def test_anything_else_is_sorted_afresh() -> None:
    rng = random.Random(7)
    rows = [_row(n, rng) for n in range(1, 300)]
    orders = _all_orders(rows)
    assert carried_orders(rows[1:], rows, orders) == {}  # a case gone
    inserted = [rows[0], _row(1000, rng), *rows[1:]]
    assert carried_orders(inserted, rows, orders) == {}  # one put before the others
    many = [_edited(r, rng) if i <= MOST_CHANGED + 50 else r for i, r in enumerate(rows)]
    assert carried_orders(many, rows, orders) == {}
    prepared = prepare_rows(inserted)
    assert {**prepared.orders, **sort_orders(prepared, (rows, orders))} == _all_orders(inserted)
