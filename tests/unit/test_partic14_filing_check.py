"""Check a filing names people by their names: the stored final's "stored … by li.wei" and
each change listed ("li.wei: Deal rationale changed") named the login. The --json output
keeps the logins the records hold."""

from __future__ import annotations

import pytest

from approvals.services.users import create_user
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.unit.test_filing_check import (
    READER,
    check,
    draft_pdf,
    edit_later,
    final_pdf,
    generated_later,
)

# Users are made with the cheap hasher: these tests are about names, not passwords
# (argon2 at production cost is ~0.3 s a hash; the production hasher has its own test).
pytestmark = pytest.mark.usefixtures("fast_hash")

LI_WEI = Actor("li.wei", ("preparer", "approver"))


def name_li_wei(db: Database, admin: Actor) -> None:
    """The demo's officer li.wei as a user with a full name."""
    with db.session() as session:
        create_user(
            session,
            actor=admin,
            username="li.wei",
            password="correct-horse-42",
            roles=LI_WEI.roles,
            display_name="Li Wei",
        )


def test_the_stored_final_names_who_stored_it(demo: Database, admin: Actor) -> None:
    name_li_wei(db=demo, admin=admin)
    result = check(demo, READER, final_pdf(demo, LI_WEI))
    assert result.verdict == "identical"
    assert "by Li Wei:" in result.headline and "li.wei" not in result.text, result.text
    assert result.as_json()["stored_final"]["stored_by"] == "li.wei"  # --json: the record's


def test_the_changes_listed_name_who_made_them(
    demo: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    name_li_wei(db=demo, admin=admin)
    pdf = generated_later(draft_pdf(demo, admin))
    edit_later(demo, LI_WEI, "AP-2026-0003", monkeypatch)
    result = check(demo, READER, pdf)
    assert result.verdict == "changed"
    assert [c.line.split("  ", 1)[1].split(":")[0] for c in result.changes] == ["Li Wei"]
    assert "li.wei" not in result.text, result.text
    assert [c["actor"] for c in result.as_json()["changes"]] == ["li.wei"]
    assert "who" not in result.as_json()["changes"][0]  # the JSON keys stay as they were
