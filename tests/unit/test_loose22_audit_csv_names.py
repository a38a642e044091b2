"""The audit CSV's Actor name (current) column and its Event in words read the users'
names from one source (audit_view.user_names): a display name stored with spaces around
it was written untrimmed in the one and trimmed in the other."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import text

from approvals.services.exports import AUDIT_HEADER, export_audit_csv
from approvals.services.users import create_user
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database

# Users are made with the cheap hasher: these tests are about names, not passwords
# (argon2 at production cost is ~0.3 s a hash; the production hasher has its own test).
pytestmark = pytest.mark.usefixtures("fast_hash")


def test_the_name_column_and_the_words_say_the_same_trimmed_name(
        db: Database, admin: Actor, tmp_path: Path) -> None:
    with db.session() as s:
        create_user(s, actor=admin, username="li.wei", password="correct horse battery",
                    roles=["preparer"], display_name="Li Wei")
        create_user(s, actor=admin, username="chen", password="correct horse battery",
                    roles=["preparer"], display_name="Chen")
    with db.session() as s:  # as an older version (or a hand edit) stored them
        s.connection().execute(text(
            "UPDATE users SET display_name = '  Li Wei \t' WHERE username = 'li.wei'"))
        s.connection().execute(text(
            "UPDATE users SET display_name = ' chen ' WHERE username = 'chen'"))
        # Events about each, by each (their sentences name the user they are about).
        for login in ("li.wei", "chen"):
            append_event(s, actor=Actor(login, ("preparer",)), action="user.unlocked",
                         entity="user", entity_id=login)
    out = tmp_path / "trail.csv"
    with db.session() as s:
        export_audit_csv(s, actor=admin, out=out)
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = [dict(zip(AUDIT_HEADER, r, strict=True)) for r in list(csv.reader(f))[1:]]
    li = next(r for r in rows if r["Actor"] == "li.wei")
    assert li["Actor name (current)"] == "Li Wei"
    assert "Li Wei (li.wei)" in li["Event in words"]
    # A name that is only the login again is said by neither (the login says it).
    chen = next(r for r in rows if r["Actor"] == "chen")
    assert chen["Actor name (current)"] == ""
    assert "chen (chen)" not in chen["Event in words"]
