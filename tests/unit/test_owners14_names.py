"""The Owner columns name people by their full name: the rows read for the case list and
the deadlines dashboard carry the owner's full name beside the login, the printed
deadlines report names the owner "Zoe Alder (alice)" (a record: the login is who the trail
names), and the CSV files keep the login that auditors match to the trail."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from approvals.filings.deadline_report import cells
from approvals.services import users
from approvals.services.cases import list_cases
from approvals.services.deadline_report import (
    deadline_report,
    export_deadlines_csv,
    save_deadlines_pdf,
)
from approvals.services.exports import export_case_list_csv
from approvals.services.workspace import expected_notifications, open_deadlines
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.pdf_support import pdf_words

PW = "correct horse battery staple"
TODAY = date(2026, 12, 1)


@pytest.fixture
def named(demo: Database, admin: Actor, fast_hash: None) -> Database:
    """The demo with its owner (alice) a user named Zoe Alder, one case owned by bob (a user
    without a full name) and one by cli:root (the command line)."""
    with demo.session() as s:
        users.create_first_admin(s, username=admin.username, password=PW, display_name="Zoe Alder")
        users.create_user(s, actor=admin, username="bob", password=PW, roles=["preparer"])
        references = [
            r[0]
            for r in s.connection().execute(
                text("SELECT reference FROM cases ORDER BY reference LIMIT 2")
            )
        ]
        s.connection().execute(
            text("UPDATE cases SET owner = 'bob' WHERE reference = :r"), {"r": references[0]}
        )
        s.connection().execute(
            text("UPDATE cases SET owner = 'cli:root' WHERE reference = :r"), {"r": references[1]}
        )
    return demo


def test_the_case_lists_rows_carry_the_owners_full_name(named: Database) -> None:
    with named.read_session() as s:
        rows = list_cases(s)
    by_owner = {(r.owner, r.owner_name) for r in rows}
    assert by_owner == {("alice", "Zoe Alder"), ("bob", ""), ("cli:root", "")}


def test_the_dashboards_rows_carry_the_owners_full_name(named: Database) -> None:
    with named.read_session() as s:
        deadlines = open_deadlines(s)
        expected = expected_notifications(s, today=TODAY)
    assert deadlines and expected  # the demo has both
    for row in (*deadlines, *expected):
        assert row.owner_name == {"alice": "Zoe Alder"}.get(row.owner, "")
    assert any(r.owner_name == "Zoe Alder" for r in deadlines)
    assert any(r.owner_name == "Zoe Alder" for r in expected)


def test_the_printed_deadlines_report_names_the_owner_with_the_login(
    named: Database, admin: Actor, tmp_path: Path
) -> None:
    with named.read_session() as s:
        report = deadline_report(s, actor=admin, today=TODAY)
    owners = {cells(r)[-1] for r in report.rows}
    assert "Zoe Alder (alice)" in owners
    assert "alice" not in owners
    assert owners <= {"Zoe Alder (alice)", "bob", "cli:root"}
    with named.session() as s:
        save_deadlines_pdf(s, actor=admin, out=tmp_path / "deadlines.pdf", today=TODAY)
    assert "Zoe Alder (alice)" in pdf_words((tmp_path / "deadlines.pdf").read_bytes())


def test_the_csv_files_keep_the_login(named: Database, admin: Actor, tmp_path: Path) -> None:
    """Auditors match the logins to the trail: neither CSV names the full name."""
    with named.session() as s:
        export_deadlines_csv(s, actor=admin, out=tmp_path / "deadlines.csv", today=TODAY)
        export_case_list_csv(s, actor=admin, out=tmp_path / "cases.csv")
    for name in ("deadlines.csv", "cases.csv"):
        with (tmp_path / name).open(encoding="utf-8-sig", newline="") as f:
            table = list(csv.DictReader(f))
        assert {row["Owner"] for row in table} >= {"alice"}
        assert "Zoe Alder" not in (tmp_path / name).read_text(encoding="utf-8-sig")
