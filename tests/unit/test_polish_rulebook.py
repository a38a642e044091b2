"""Reverting and going back, as the rulebook window asks them: a revert is planned (what
goes back to what, the open cases it would change) before anything changes, and confirmed
against what was planned; an update that is not newer is refused with both versions, and
installed on purpose with a reason, audited as `--allow-older` is."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from approvals.domain.errors import ConflictError, InputError, PermissionDenied
from approvals.domain.rulebook import default_rulebook
from approvals.paths import DataDir
from approvals.services import rulebook_updates as updates
from approvals.services.cases import import_case
from approvals.services.screening import accept_rescreen
from approvals.store.db import Database
from tests.unit.test_rulebook_updates import (
    PREPARER,
    ROOT,
    Team,
    events,
    frontier,
    install,
    revert,
    rule_folder,
    state,
)


def _oisp_today(folder: Path) -> None:
    """China no longer a country of concern from the scope version in force today."""
    oisp = json.loads((folder / "us-oisp.json").read_text(encoding="utf-8"))
    for rule in oisp["rules"]:
        if rule["provision"] == "scope":
            rule["parameters"]["countries_of_concern"] = ["MO"]
    (folder / "us-oisp.json").write_text(json.dumps(oisp, ensure_ascii=False), encoding="utf-8")


def plan(db: Database, data_dir: DataDir, as_of: date | None = None) -> updates.RevertPlan:
    with db.read_session() as s:
        return updates.plan_revert(s, data_dir=data_dir, as_of=as_of)


def test_a_revert_is_planned_without_changing_anything(db: Database, data_dir: DataDir,
                                                       team: Team, tmp_path: Path) -> None:
    out = tmp_path / "today.zip"
    team.pack(rule_folder(tmp_path, "2026.12.5", edit=_oisp_today), out)
    with db.session() as s:
        case = import_case(s, data=frontier(), actor=ROOT)
    change = install(db, data_dir, out)
    # Not re-screened yet: its screening is the shipped rulebook's, which a revert restores.
    quiet = plan(db, data_dir)
    assert quiet.references == () and "no open case's outcome would change" in quiet.question()
    with db.session() as s:
        accept_rescreen(session=s, case_id=case.id, actor=ROOT, reason="new rules")
    before, logged = state(data_dir), events(db)
    found = plan(db, data_dir, date(2027, 1, 4))
    assert (state(data_dir), events(db)) == (before, logged)  # it only read
    assert found.before is not None and found.before.version == change.after.version
    assert found.after.version == default_rulebook().version and found.after.update is None
    assert found.references == (case.reference,)
    assert {c.regime for c in found.changes} == {"US-OISP"}
    question = found.question()
    assert question.startswith(f"Revert from the installed update {change.after.version} to "
                               f"the shipped rulebook {default_rulebook().version}?")
    assert f"As of 2027-01-04, against the screenings the open cases hold, 1 open case's " \
           f"outcome would change ({case.reference})" in question
    assert question.endswith("Nothing has changed yet.")
    # What the plan said is what the revert does.
    done = revert(db, data_dir)
    assert done.after.version == found.after.version and done.before.version == found.before.version


def test_many_cases_are_counted_not_all_named() -> None:
    shipped = default_rulebook()
    from approvals.services.rulebook import rulebook_in_use
    from approvals.services.screening import OutcomeChange

    in_use = rulebook_in_use(None)
    changes = tuple(OutcomeChange(i, f"AP-2026-{i:04d}", "US-OISP", "prohibited",
                                  "not_required", shipped.version, shipped.version)
                    for i in range(1, 14))
    question = updates.RevertPlan(in_use, in_use, date(2026, 12, 1), changes).question()
    assert "13 open cases' outcomes would change (AP-2026-0001" in question
    assert "AP-2026-0010 and 3 more)" in question and "AP-2026-0011" not in question


def test_nothing_to_revert_is_said_when_planning(db: Database, data_dir: DataDir) -> None:
    with pytest.raises(InputError, match="no installed update to revert"):
        plan(db, data_dir)


def test_a_revert_confirmed_for_another_rulebook_is_refused(db: Database, data_dir: DataDir,
                                                            team: Team, update: Path,
                                                            tmp_path: Path) -> None:
    install(db, data_dir, update)
    planned = plan(db, data_dir)
    newer = tmp_path / "newer.zip"
    team.pack(rule_folder(tmp_path, "2026.12.9"), newer)
    install(db, data_dir, newer)  # meanwhile, in another window or by the command line
    before, logged = state(data_dir), events(db)
    assert planned.before is not None
    with db.session() as s, pytest.raises(ConflictError, match="changed since the revert was "
                                                                "confirmed"):
        updates.revert_rulebook_update(s, data_dir=data_dir, actor=ROOT,
                                       expected=planned.before.version)
    assert (state(data_dir), events(db)) == (before, logged)
    with db.session() as s:  # confirmed for what is in use: reverted
        updates.revert_rulebook_update(s, data_dir=data_dir, actor=ROOT,
                                       expected=state(data_dir)[0])
    assert state(data_dir)[0] == planned.before.version


def test_not_newer_is_refused_with_both_versions_then_installed_with_a_reason(
        db: Database, data_dir: DataDir, team: Team, update: Path, tmp_path: Path) -> None:
    first = install(db, data_dir, update)
    older = tmp_path / "older.zip"
    team.pack(rule_folder(tmp_path, "2026.11.9"), older)
    before, logged = state(data_dir), events(db)
    with pytest.raises(updates.NotNewer) as refused:
        install(db, data_dir, older)
    exc = refused.value
    assert isinstance(exc, InputError)  # the command line's exit 2, as before
    assert exc.file_name == "older.zip" and exc.declared_version == "2026.11.9"
    assert exc.version.startswith("2026.11.9+") and not exc.same
    assert exc.before.version == first.after.version
    assert "Install anyway… in the rulebook window" in str(exc)
    assert (state(data_dir), events(db)) == (before, logged)
    # Only an administrator may go back, reason or not.
    with db.session() as s, pytest.raises(PermissionDenied):
        updates.install_rulebook_update(s, data_dir=data_dir, path=older, actor=PREPARER,
                                        allow_older=True, reason="back")
    with db.session() as s:
        change = updates.install_rulebook_update(
            s, data_dir=data_dir, path=older, actor=ROOT, allow_older=True,
            reason="  2026.12.1 misstates the FISR threshold  ")
    assert change.after.version == exc.version and change.after.update is not None
    assert change.after.update.pinned  # kept over a newer shipped rulebook
    action, old, new, details = events(db)[-1]
    assert action == "rulebook.installed"
    assert json.loads(details or "{}")["allow_older"] is True
    assert json.loads(old or "{}")["rulebook"] == first.after.version
    assert json.loads(new or "{}")["rulebook"] == exc.version
    import sqlite3

    conn = sqlite3.connect(db.data_dir.database)
    try:
        reason = conn.execute("SELECT reason FROM events ORDER BY id DESC LIMIT 1").fetchone()[0]
    finally:
        conn.close()
    assert reason == "2026.12.1 misstates the FISR threshold"


def test_the_same_version_again_is_said_as_the_same(db: Database, data_dir: DataDir,
                                                    update: Path) -> None:
    install(db, data_dir, update)
    with pytest.raises(updates.NotNewer) as refused:
        install(db, data_dir, update)
    assert refused.value.same and "the same version as" in str(refused.value)
