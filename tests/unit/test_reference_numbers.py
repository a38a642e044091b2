"""Case references past 9,999 in a year: the next one is counted by number, and the list
sorts them by number (as text, AP-2026-9999 came after AP-2026-10000, which was offered
again and refused as taken: no case could be made for the rest of the year)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import cast

from sqlmodel import col, select

from approvals.domain.identifiers import reference_order
from approvals.services.cases import CaseRow, create_case, next_reference
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case
from approvals.ui.case_list import COLUMNS, REFERENCE_COLUMN
from tests.unit.test_locking import _facts

ALICE = Actor("alice", ("preparer",))


def test_the_next_reference_after_9999_is_10000_then_10001(db: Database) -> None:
    year = date.today().year
    with db.session() as s:
        for reference in (f"AP-{year}-0007", f"AP-{year}-9999", f"AP-{year}-draft-copy",
                          f"AP-{year - 1}-12000"):
            s.add(Case(reference=reference, facts="{}"))
    with db.session() as s:
        assert next_reference(s, year) == f"AP-{year}-10000"
        assert create_case(s, facts=_facts(), actor=ALICE).reference == f"AP-{year}-10000"
    with db.session() as s:
        assert create_case(s, facts=_facts(), actor=ALICE).reference == f"AP-{year}-10001"
        assert next_reference(s, year - 1) == f"AP-{year - 1}-12001"
        assert next_reference(s, year + 1) == f"AP-{year + 1}-0001"


def test_references_sort_by_year_then_number() -> None:
    refs = ["AP-2026-10000", "AP-2027-0001", "AP-2026-1000", "AP-2026-9999", "AP-2026-1001"]
    assert sorted(refs, key=reference_order) == [
        "AP-2026-1000", "AP-2026-1001", "AP-2026-9999", "AP-2026-10000", "AP-2027-0001"]
    # The case list's Reference column sorts the same way.
    sort_key = COLUMNS[REFERENCE_COLUMN].sort_key
    rows = [cast(CaseRow, SimpleNamespace(reference=r)) for r in refs]
    assert [r.reference for r in sorted(rows, key=sort_key)] == sorted(refs, key=reference_order)


def test_case_list_on_the_command_line_is_in_number_order(tmp_path) -> None:
    """`approvals case list` listed AP-2026-10000 before AP-2026-9999 (text order)."""
    import sqlite3

    from tests.cli.helpers import run_many
    from tests.conftest import EXAMPLES_DIR

    folder = tmp_path / "data"
    (first,) = run_many(("case", "import", EXAMPLES_DIR / "frontier-lab.json",
                         "--data-dir", folder))
    assert first.code == 0, first.stderr
    year = first.stdout.strip().split("-")[1]
    conn = sqlite3.connect(folder / "approvals.db")
    conn.execute("UPDATE cases SET reference = ?", (f"AP-{year}-9999",))
    conn.commit()
    conn.close()
    second, listed = run_many(
        ("case", "import", EXAMPLES_DIR / "vision-startup.json", "--data-dir", folder),
        ("case", "list", "--json", "--data-dir", folder))
    assert second.stdout.strip() == f"AP-{year}-10000", second.stderr
    assert [c["reference"] for c in listed.json()["cases"]] == [f"AP-{year}-9999",
                                                                f"AP-{year}-10000"]


def test_check_of_the_open_cases_lists_them_in_number_order(db: Database) -> None:
    """Check open cases… and the rulebook install's comparison listed AP-2026-10000 among
    the 1000s (their text order), not after AP-2026-9999 as the case list does."""
    from approvals.services.screening import rescreen_open_cases

    year = date.today().year
    with db.session() as s:
        for _ in range(2):
            create_case(s, facts=_facts(), actor=ALICE)
    with db.session() as s:
        cases = s.exec(select(Case).order_by(col(Case.id))).all()
        cases[0].reference, cases[1].reference = f"AP-{year}-10000", f"AP-{year}-9999"
    with db.session() as s:
        # Before Treasury's rules took effect: US-OISP changes for both cases.
        changes = rescreen_open_cases(session=s, as_of=date(2024, 6, 1))
    listed = list(dict.fromkeys(c.reference for c in changes))
    assert listed == [f"AP-{year}-9999", f"AP-{year}-10000"]
