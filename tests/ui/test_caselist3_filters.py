"""The Status and Regime filters' row test (main_window.row_filter), made per setting:
every Status filter, alone and with a regime, keeps exactly the rows it names."""

from __future__ import annotations

from approvals.services.cases import CaseRow
from approvals.ui.main_window import STATUS_FILTERS, row_filter

TODAY, SOON = "2026-11-30", "2026-12-03"


def _row(n: int, status: str, regimes: tuple[str, ...], due: str | None = None,
         blocked: tuple[tuple[str, str], ...] = ()) -> CaseRow:
    return CaseRow(id=n, reference=f"AP-2026-{n:04d}", target="T", investor="F",
                   amount_value=None, amount_currency=None, status=status, owner="li",
                   updated_at="", regimes=regimes, worst_state="filed", next_deadline=due,
                   blocked=blocked)


ROWS = [
    _row(1, "open", ("CN-FISR",), "2026-11-01"),  # overdue
    _row(2, "open", ("CN-SAMR",), "2026-12-02"),  # due soon
    _row(3, "closed", ("CN-FISR",)),
    _row(4, "completed", ("US-OISP",)),
    _row(5, "draft", ()),
    _row(6, "open", ("CN-FISR", "US-OISP"), None, (("CN-FISR", "Export refused"),)),
    _row(7, "discarded", ()),
]
EXPECTED = {"": [1, 2, 3, 4, 5, 6, 7], "draft": [5], "open": [1, 2, 6], "overdue": [1],
            "due_soon": [2], "blocked": [6], "completed": [4], "closed": [3],
            "not_closed": [1, 2, 4, 5, 6, 7], "discarded": [7]}


def _urgency(row: CaseRow) -> str:
    due = row.next_deadline
    return "" if due is None else "overdue" if due < TODAY else "due_soon" if due <= SOON else ""


def test_every_status_filter_alone_and_with_a_regime() -> None:
    assert {key for _text, key in STATUS_FILTERS} == set(EXPECTED)
    for _text, key in STATUS_FILTERS:
        keep = row_filter(key or None, None, _urgency)
        assert [r.id for r in ROWS if keep(r)] == EXPECTED[key], key
        with_fisr = row_filter(key or None, "CN-FISR", _urgency)
        assert [r.id for r in ROWS if with_fisr(r)] == [
            n for n in EXPECTED[key] if "CN-FISR" in ROWS[n - 1].regimes], key
