"""A rulebook update previewed before it is installed (services.rulebook_updates.plan_install):
the versions from → to, the rule versions added / changed / withdrawn with what each says
differently, and the open cases whose outcome it would change. It used to be installed at
once, with only Revert to undo it. A preview changes nothing; an install confirmed from a
preview installs what was previewed or nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from approvals.domain.errors import ConflictError
from approvals.domain.rulebook import default_rulebook
from approvals.paths import DataDir
from approvals.services import rulebook_updates as updates
from approvals.services import screening
from approvals.services.cases import import_case
from approvals.services.rulebook import rulebook_for
from approvals.store.db import Database
from tests.unit.test_rulebook_updates import (
    AFTER,
    BEFORE,
    ROOT,
    Team,
    events,
    frontier,
    install,
    rule_folder,
    state,
)


def plan(db: Database, data_dir: DataDir, path: Path, *, as_of: date = AFTER,
         allow_older: bool = False) -> updates.InstallPlan:
    with db.read_session() as s:
        return updates.plan_install(s, data_dir=data_dir, path=path, as_of=as_of,
                                    allow_older=allow_older)


def _edited(folder: Path) -> None:
    """The LP-interest exception lowered and ended, and the penalties version withdrawn."""
    oisp_path = folder / "us-oisp.json"
    oisp = json.loads(oisp_path.read_text(encoding="utf-8"))
    for rule in oisp["rules"]:
        if rule["id"] == "US-OISP.excepted.2025":
            rule["parameters"]["lp_interest_at_most_usd"] = 1_000_000
            rule["effective_to"] = "2032-12-31"
    oisp["rules"] = [r for r in oisp["rules"] if r["id"] != "US-OISP.penalties.2025"]
    oisp_path.write_text(json.dumps(oisp, ensure_ascii=False, indent=1), encoding="utf-8")


def test_the_preview_names_versions_rules_and_the_cases_it_changes(
        db: Database, data_dir: DataDir, team: Team, tmp_path: Path) -> None:
    with db.session() as s:
        case = import_case(s, data=frontier(), actor=ROOT)
        screening.screen_case(session=s, case_id=case.id, actor=ROOT, as_of=AFTER)
    path = tmp_path / "edited.zip"
    team.pack(rule_folder(tmp_path, edit=_edited), path)
    shipped = default_rulebook()

    preview = plan(db, data_dir, path)

    assert preview.before.version == shipped.version and preview.declared_version == "2026.12.1"
    line = preview.version_line()
    assert f"from the shipped rulebook {shipped.version}" in line
    assert "version 2026.12.1" in line and "signed by Knowledge team" in line
    by_id = {c.rule.id: c for c in preview.rule_changes}
    assert set(by_id) == {"US-OISP.scope.2031", "US-OISP.excepted.2025",
                          "US-OISP.penalties.2025"}
    added, changed, withdrawn = (by_id["US-OISP.scope.2031"], by_id["US-OISP.excepted.2025"],
                                 by_id["US-OISP.penalties.2025"])
    assert added.kind == updates.ADDED and added.previous is not None
    assert added.previous.id == "US-OISP.scope.2025"  # compared with the version before it
    assert "Effective from: 2025-01-02 → 2031-01-01" in [d.text() for d in added.differences]
    assert any(d.what == "Countries of concern" and "MO" in d.new and "CN" in d.old
               for d in added.differences)
    assert added.heading().startswith("Added US-OISP.scope.2031 — ")
    assert changed.kind == updates.CHANGED
    texts = [d.text() for d in changed.differences]
    assert "Effective to: open-ended → 2032-12-31" in texts
    assert any(t.startswith("LP interest: commitment of: at most USD 2") and "USD 1" in t
               for t in texts), texts
    assert withdrawn.kind == updates.WITHDRAWN
    assert preview.rules_line() == "Rule versions: 1 added, 1 changed, 1 withdrawn."
    # The case's US-OISP outcome changes as of 2031-06-01 (China no longer of concern).
    assert [(c.reference, c.regime, c.old_outcome) for c in preview.changes] == [
        (case.reference, "US-OISP", "prohibited")]
    assert preview.references == (case.reference,)
    # The exception ends after 2032-12-31: that date is previewed too, without the change
    # already listed for today.
    assert [(day, changes) for day, _what, changes in preview.later] == [(date(2033, 1, 1), ())]
    text = preview.text()
    assert f"{case.reference} (US-OISP prohibited → " in text
    assert text.endswith("Nothing has changed yet.")


def test_a_version_that_starts_later_is_previewed_on_its_date(
        db: Database, data_dir: DataDir, update: Path) -> None:
    with db.session() as s:
        case = import_case(s, data=frontier(), actor=ROOT)
        screening.screen_case(session=s, case_id=case.id, actor=ROOT, as_of=BEFORE)
    preview = plan(db, data_dir, update, as_of=BEFORE)
    assert preview.changes == ()  # nothing changes on 2030-06-01
    (day, what, later), = preview.later
    assert day == date(2031, 1, 1) and what == ("US-OISP.scope.2031 takes effect",)
    assert [c.reference for c in later] == [case.reference]
    assert "no open case's outcome would change" in preview.text()


def test_a_preview_changes_nothing(db: Database, data_dir: DataDir, update: Path) -> None:
    before, logged = state(data_dir), events(db)
    plan(db, data_dir, update)
    assert state(data_dir) == before and events(db) == logged
    assert rulebook_for(data_dir) is default_rulebook()


def test_an_install_confirmed_from_a_preview_installs_what_was_previewed_or_nothing(
        db: Database, data_dir: DataDir, team: Team, update: Path, tmp_path: Path) -> None:
    preview = plan(db, data_dir, update)
    before = state(data_dir)
    # The file replaced after its preview: refused, nothing installed.
    other = tmp_path / "other.zip"
    team.pack(rule_folder(tmp_path, "2027.1.1"), other)
    update.write_bytes(other.read_bytes())
    with db.session() as s, pytest.raises(ConflictError, match="changed since its preview"):
        updates.install_rulebook_update(s, data_dir=data_dir, path=update, actor=ROOT,
                                        expected_sha256=preview.file_sha256,
                                        expected_in_use=preview.before.version)
    assert state(data_dir) == before
    # Another rulebook put in use after the preview: refused too.
    fresh = plan(db, data_dir, update)
    install(db, data_dir, other)
    in_use = state(data_dir)
    with db.session() as s, pytest.raises(ConflictError, match="changed since the preview"):
        updates.install_rulebook_update(s, data_dir=data_dir, path=update, actor=ROOT,
                                        allow_older=True, reason="again",
                                        expected_sha256=fresh.file_sha256,
                                        expected_in_use=fresh.before.version)
    assert state(data_dir) == in_use


def test_a_preview_refuses_as_an_install_does(db: Database, data_dir: DataDir,
                                              update: Path) -> None:
    install(db, data_dir, update)
    with pytest.raises(updates.NotNewer):
        plan(db, data_dir, update)
    again = plan(db, data_dir, update, allow_older=True)  # Install anyway…: no reason yet
    assert again.older and again.rule_changes == ()
    assert again.rules_line() == "No rule version is added, changed or withdrawn."
