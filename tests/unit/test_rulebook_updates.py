"""Rulebook updates: which rulebook an installation screens with, and signed updates that
install, refuse (the tamper matrix) and revert without ever leaving a half-installed one."""

from __future__ import annotations

import json
import shutil
import stat
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from approvals.domain.errors import CheckFailed, ConflictError, InputError, PermissionDenied
from approvals.domain.rulebook import RulebookError, default_rulebook, version_key
from approvals.exchange.pack import MANIFEST, SIGNATURE, Member, PackRefused, write_pack
from approvals.paths import DataDir
from approvals.services import review, screening
from approvals.services import rulebook_updates as updates
from approvals.services.cases import import_case
from approvals.services.rulebook import (
    INSTALLED_FILE,
    installed_updates,
    rulebook_for,
    rulebook_in_use,
    rulebook_overview,
)
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from tests.conftest import EXAMPLES_DIR, REPO_ROOT, new_database
from tests.trail_support import event_rows

SHIPPED = REPO_ROOT / "resources" / "rulebook"
PREPARER = Actor("pat", ("preparer",))
AFTER = date(2031, 6, 1)  # after the test update's future-dated US-OISP scope version
BEFORE = date(2030, 6, 1)


def rule_folder(base: Path, version: str = "2026.12.1", *, future_scope: bool = True,
                edit: Callable[[Path], None] | None = None) -> Path:
    """A copy of the shipped rulebook declaring `version`; with `future_scope`, a US-OISP
    scope version from 2031 that no longer counts China as a country of concern (so the
    frontier lab's US-OISP outcome changes from 2031 on)."""
    folder = base / f"rules-{version}-{len(list(base.glob('rules-*')))}"
    shutil.copytree(SHIPPED, folder)
    manifest = json.loads((folder / "rulebook.json").read_text(encoding="utf-8"))
    manifest["version"] = version
    (folder / "rulebook.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    if future_scope:
        oisp = json.loads((folder / "us-oisp.json").read_text(encoding="utf-8"))
        scope = next(r for r in oisp["rules"] if r["id"] == "US-OISP.scope.2025")
        oisp["rules"].append({**scope, "id": "US-OISP.scope.2031", "effective_from": "2031-01-01",
                              "parameters": {**scope["parameters"], "countries_of_concern": ["MO"]}})
        (folder / "us-oisp.json").write_text(json.dumps(oisp, ensure_ascii=False, indent=1),
                                             encoding="utf-8")
    if edit is not None:
        edit(folder)
    return folder


class Team:
    """The knowledge team's installation, whose key the officer's installation trusts."""

    def __init__(self, root: Path) -> None:
        self.dir = DataDir(root).ensure()
        self.db = new_database(self.dir)

    def pack(self, source: Path, out: Path, actor: Actor | None = None) -> updates.PackedUpdate:
        with self.db.session() as s:
            return updates.pack_rulebook_update(s, data_dir=self.dir, source=source, out=out,
                                                actor=actor or ROOT)


ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))


def install(db: Database, data_dir: DataDir, path: Path, *, actor: Actor = ROOT,
            allow_older: bool = False, reason: str | None = None) -> updates.RulebookChange:
    with db.session() as s:
        return updates.install_rulebook_update(s, data_dir=data_dir, path=path, actor=actor,
                                               allow_older=allow_older, reason=reason)


def revert(db: Database, data_dir: DataDir, actor: Actor = ROOT) -> updates.RulebookChange:
    with db.session() as s:
        return updates.revert_rulebook_update(s, data_dir=data_dir, actor=actor)


def events(db: Database) -> list[tuple[Any, ...]]:
    return event_rows(db, "action, old_value, new_value, details")


def state(data_dir: DataDir) -> tuple[str, bytes | None, list[str]]:
    """The rulebook in use, the record's bytes and the folder's entries."""
    record = data_dir.rulebook / INSTALLED_FILE
    listing = sorted(p.name for p in data_dir.rulebook.iterdir()) if data_dir.rulebook.exists() else []
    return (rulebook_for(data_dir).version, record.read_bytes() if record.exists() else None,
            listing)


def frontier() -> dict[str, Any]:
    return json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))


# -- which rulebook is in use -----------------------------------------------------------------
def test_without_an_installed_update_the_shipped_rulebook_is_used(data_dir: DataDir) -> None:
    in_use = rulebook_in_use(data_dir)
    assert in_use.source == "shipped" and in_use.update is None and in_use.revert_to == ""
    assert rulebook_for(data_dir) is default_rulebook()
    assert rulebook_for(None) is default_rulebook()
    assert not data_dir.rulebook.exists()  # asking creates nothing


def test_version_key_orders_declared_versions() -> None:
    assert version_key("2026.12.1") > version_key("2026.11.2") > version_key("2026.11")
    assert version_key("2026.12-beta") is None and version_key("") is None


def test_install_screen_show_and_revert(db: Database, data_dir: DataDir, team: Team,
                                        update: Path) -> None:
    shipped = default_rulebook().version
    with db.session() as s:
        case = import_case(s, data=frontier(), actor=ROOT)
    change = install(db, data_dir, update)
    new = change.after.version
    assert change.before.version == shipped and change.before.source == "shipped"
    assert new.startswith("2026.12.1+") and change.after.source == "installed"
    assert change.after.update is not None
    assert change.after.update.signer_label == "Knowledge team"
    assert change.after.revert_to == f"the shipped rulebook {shipped}"
    assert rulebook_for(data_dir).version == new
    assert rulebook_overview(AFTER, data_dir=data_dir).version == new

    # Every screening of the folder uses it: the services resolve it from the session.
    with db.session() as s:
        stored = screening.screen_case(session=s, case_id=case.id, actor=ROOT, as_of=AFTER)
    assert stored.rulebook_version == new
    assert stored.result.outcomes()["US-OISP"] != "prohibited"
    with db.session() as s:
        before = screening.screen_case(session=s, case_id=case.id, actor=ROOT, as_of=BEFORE)
    assert before.result.outcomes()["US-OISP"] == "prohibited"  # not yet in force

    action, old, new_value, details = events(db)[-3]  # installed, then two screenings
    assert action == "rulebook.installed"
    assert json.loads(old)["rulebook"] == shipped
    assert json.loads(new_value)["rulebook"] == new
    assert json.loads(new_value)["signer"] == change.after.update.signer_fingerprint
    assert json.loads(details)["file"] == update.name

    back = revert(db, data_dir)
    assert back.before.version == new and back.after.source == "shipped"
    assert rulebook_for(data_dir) is default_rulebook()
    action, old, new_value, _details = events(db)[-1]
    assert (action, json.loads(old)["rulebook"], json.loads(new_value)["rulebook"]) == (
        "rulebook.reverted", new, shipped)
    # The reverted update's folder goes; the record stays (empty).
    assert [p.name for p in data_dir.rulebook.iterdir()] == [INSTALLED_FILE]
    with pytest.raises(InputError, match="no installed update to revert"):
        revert(db, data_dir)


def test_rule_files_edited_after_install_are_not_screened_with(
        db: Database, data_dir: DataDir, team: Team, update: Path) -> None:
    """The signature is checked at install; a threshold edited in the installed folder
    afterwards would change outcomes under a version nobody signed. Screening refuses,
    naming the update and the folder; a revert still goes back."""
    installed = install(db, data_dir, update).after
    assert installed.update is not None
    rules = installed.directory / "us-oisp.json"
    edited = rules.read_text(encoding="utf-8").replace("1e+25", "1e+30")
    assert edited != rules.read_text(encoding="utf-8")
    rules.write_text(edited, encoding="utf-8")
    for ask in (lambda: rulebook_for(data_dir), lambda: rulebook_in_use(data_dir)):
        with pytest.raises(CheckFailed) as refused:
            ask()
        message = str(refused.value)
        assert f"installed rulebook update {installed.version}" in message
        assert "were changed after it was installed" in message
        assert "View → Rulebook → Revert" in message
    with pytest.raises(CheckFailed, match="approvals rulebook revert"):
        rulebook_for(data_dir, command_line=True)
    with db.session() as s, pytest.raises(CheckFailed):
        import_case(s, data=frontier(), actor=ROOT)
    back = revert(db, data_dir)
    assert back.after.source == "shipped" and rulebook_for(data_dir) is default_rulebook()


def test_revert_goes_back_to_the_previous_installed_update(db, data_dir, team, tmp_path) -> None:
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    team.pack(rule_folder(tmp_path, "2026.12.1"), first)
    team.pack(rule_folder(tmp_path, "2027.1.1"), second)
    one = install(db, data_dir, first).after.version
    two = install(db, data_dir, second)
    assert two.before.version == one and two.after.revert_to == f"the installed update {one}"
    assert len(installed_updates(data_dir)) == 2
    assert revert(db, data_dir).after.version == one
    assert rulebook_for(data_dir).version == one


def test_reverting_an_edited_update_goes_back_to_the_one_before_it(
        db, data_dir, team, tmp_path) -> None:
    """The second update's files edited after install: Revert dropped every installed
    update (the first too) and recorded "(unreadable record)", though the record read."""
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    team.pack(rule_folder(tmp_path, "2026.12.1"), first)
    team.pack(rule_folder(tmp_path, "2027.1.1"), second)
    one = install(db, data_dir, first).after.version
    two = install(db, data_dir, second).after
    rules = two.directory / "us-oisp.json"
    rules.write_text(rules.read_text(encoding="utf-8") + " ", encoding="utf-8")
    with db.read_session() as s:
        plan = updates.plan_revert(s, data_dir=data_dir)
    assert plan.dropping == two.version
    assert plan.question().startswith(
        f"Revert from the installed update {two.version}, whose files were changed since it "
        "was installed, to ")
    back = revert(db, data_dir)
    assert back.after.version == one and rulebook_for(data_dir).version == one
    assert back.before.version == f"{two.version} (its files changed since it was installed)"
    (old, details), = [(e[1], e[3]) for e in events(db) if e[0] == "rulebook.reverted"]
    assert "(unreadable record)" not in (old or "") and two.version in (old or "")
    assert json.loads(details or "{}")["reverted_update"] == two.version


def test_an_update_not_newer_is_refused_unless_allowed(db, data_dir, team, update, tmp_path) -> None:
    install(db, data_dir, update)
    before = state(data_dir)
    with pytest.raises(InputError, match="same version as the installed rulebook in use"):
        install(db, data_dir, update)
    older = tmp_path / "older.zip"
    team.pack(rule_folder(tmp_path, "2026.11.3"), older)
    # The command line is told the option (the app: Install anyway…, test_words22_*).
    with pytest.raises(InputError, match="--allow-older"):
        install(db, data_dir, older, actor=Actor("cli:root", ROOT.roles))
    assert state(data_dir) == before
    change = install(db, data_dir, older, allow_older=True, reason="back")
    assert change.after.declared_version == "2026.11.3"
    assert change.after.update is not None and change.after.update.pinned


def test_a_newer_shipped_rulebook_sets_an_older_update_aside(db, data_dir, team, tmp_path) -> None:
    """After an app upgrade ships a newer rulebook, an update installed before (not pinned
    as deliberately older) no longer shadows it; pinned, it stays in use."""
    old = tmp_path / "old.zip"
    team.pack(rule_folder(tmp_path, "2026.1.1"), old)
    install(db, data_dir, old, allow_older=True, reason="back")  # older: pinned
    assert rulebook_in_use(data_dir).source == "installed"
    record = data_dir.rulebook / INSTALLED_FILE
    data = json.loads(record.read_text(encoding="utf-8"))
    data["installed"][0]["pinned"] = False  # as if installed before the upgrade
    record.write_text(json.dumps(data), encoding="utf-8")
    in_use = rulebook_in_use(data_dir)
    assert in_use.source == "shipped" and "set aside" in in_use.note
    assert rulebook_for(data_dir) is default_rulebook()


def test_packing_refuses_bad_rule_data_naming_file_and_entry(team: Team, tmp_path: Path) -> None:
    def bad(folder: Path) -> None:
        samr = json.loads((folder / "cn-samr.json").read_text(encoding="utf-8"))
        samr["rules"][0]["parameters"]["control_stake_pct_at_least"] = "fifty"
        (folder / "cn-samr.json").write_text(json.dumps(samr, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(RulebookError) as info:
        team.pack(rule_folder(tmp_path, edit=bad), tmp_path / "bad.zip")
    assert any(p.path.startswith("cn-samr.json: rules[0]")
               and "control_stake_pct_at_least" in p.message for p in info.value.problems)
    assert not (tmp_path / "bad.zip").exists()


def _notifiable_gap(folder: Path) -> None:
    oisp = json.loads((folder / "us-oisp.json").read_text(encoding="utf-8"))
    old = next(r for r in oisp["rules"] if r["id"] == "US-OISP.notifiable.2025")
    old["effective_to"] = "2027-05-30"
    oisp["rules"].append({**old, "id": "US-OISP.notifiable.2027", "effective_from": "2027-06-01",
                          "effective_to": None})
    (folder / "us-oisp.json").write_text(json.dumps(oisp, ensure_ascii=False), encoding="utf-8")


def test_a_gap_in_a_needed_provision_is_refused_at_pack_and_install(
        db: Database, data_dir: DataDir, team: Team, tmp_path: Path, monkeypatch) -> None:
    """Signed and installed, such an update made every screening on 2027-05-31 fail."""
    gap = "no 'notifiable' rule of US-OISP applies on 2027-05-31"
    with pytest.raises(RulebookError, match=gap):
        team.pack(rule_folder(tmp_path, edit=_notifiable_gap), tmp_path / "gap.zip")
    assert not (tmp_path / "gap.zip").exists()
    # Packed by a version without the check: installing it is refused, nothing changed.
    with monkeypatch.context() as m:
        m.setattr(updates, "gap_problems", lambda _book: [])
        team.pack(rule_folder(tmp_path, edit=_notifiable_gap), tmp_path / "gap.zip")
    before = state(data_dir)
    with pytest.raises(RulebookError) as info:
        install(db, data_dir, tmp_path / "gap.zip")
    assert any(p.path == "gap.zip: us-oisp.json: US-OISP.notifiable.2025" and gap in p.message
               for p in info.value.problems), info.value.problems
    assert state(data_dir) == before


def _data_export_main_rule_gap(folder: Path) -> None:
    data = json.loads((folder / "cn-data-export.json").read_text(encoding="utf-8"))
    old = next(r for r in data["rules"] if r["id"] == "CN-DATA-EXPORT.thresholds.2024-03")
    old["effective_to"] = "2027-02-20"  # the typo: the next one starts on 1 March
    data["rules"].append({**old, "id": "CN-DATA-EXPORT.thresholds.2027-03",
                          "effective_from": "2027-03-01", "effective_to": None})
    (folder / "cn-data-export.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_a_gap_in_a_regimes_main_rule_is_refused_too(team: Team, tmp_path: Path) -> None:
    """Signed and installed, such an update made the data-export regime "not in force" for
    every open case from 21 February to 28 February 2027."""
    with pytest.raises(RulebookError) as info:
        team.pack(rule_folder(tmp_path, edit=_data_export_main_rule_gap), tmp_path / "gap.zip")
    assert any(p.path == "cn-data-export.json: CN-DATA-EXPORT.thresholds.2024-03"
               and "no 'thresholds' rule of CN-DATA-EXPORT applies from 2027-02-21 until "
                   "CN-DATA-EXPORT.thresholds.2027-03 takes effect on 2027-03-01" in p.message
               for p in info.value.problems), info.value.problems
    assert not (tmp_path / "gap.zip").exists()
    # A regime that ends and never starts again is no gap.
    def ends(folder: Path) -> None:
        data = json.loads((folder / "cn-data-export.json").read_text(encoding="utf-8"))
        for rule in data["rules"]:
            if rule["id"] == "CN-DATA-EXPORT.thresholds.2024-03":
                rule["effective_to"] = "2030-12-31"
        (folder / "cn-data-export.json").write_text(json.dumps(data, ensure_ascii=False),
                                                    encoding="utf-8")
    team.pack(rule_folder(tmp_path, edit=ends), tmp_path / "ends.zip")
    assert (tmp_path / "ends.zip").exists()


@pytest.mark.parametrize("edit, where, message", [
    (lambda f: (f / "workflow" / "clocks.json").write_text("{}", encoding="utf-8"),
     "clocks.json", "not part of a rulebook update"),
    (lambda f: (f / "rulebook.json").write_text(json.dumps(
        {"version": "next", "regimes": json.loads((SHIPPED / "rulebook.json").read_text())["regimes"]}),
        encoding="utf-8"), "rulebook.json", "whole numbers joined by dots"),
])
def test_packing_refuses_what_cannot_travel(team, tmp_path, edit, where, message) -> None:
    with pytest.raises(InputError) as info:
        team.pack(rule_folder(tmp_path, edit=edit), tmp_path / "x.zip")
    assert any(where in p.path and message in p.message for p in info.value.problems), info.value


def test_only_an_administrator_installs_signs_or_reverts(db, data_dir, team, update, tmp_path) -> None:
    before, trail = state(data_dir), events(db)
    with pytest.raises(PermissionDenied):
        install(db, data_dir, update, actor=PREPARER)
    with pytest.raises(PermissionDenied):
        revert(db, data_dir, actor=PREPARER)
    with pytest.raises(PermissionDenied):
        team.pack(rule_folder(tmp_path), tmp_path / "x.zip", actor=PREPARER)
    assert state(data_dir) == before and events(db) == trail
    assert not (tmp_path / "x.zip").exists()


# -- the tamper matrix: each refused, the rulebook in use unchanged -----------------------------
def _write_member(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    zf.writestr(info, data)


def _rewrite(src: Path, dst: Path, change: Callable[[str, bytes], bytes | None],
             add: dict[str, bytes] | None = None) -> None:
    """Copy an update member by member in write_pack's form; `change` may alter or drop
    (None) a member; `add`ed members go before the manifest."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            if info.filename == MANIFEST:
                for name, data in (add or {}).items():
                    _write_member(zout, name, data)
            data = change(info.filename, zin.read(info))
            if data is not None:
                _write_member(zout, info.filename, data)


def _flip(data: bytes) -> bytes:
    mid = len(data) // 2
    return data[:mid] + bytes([data[mid] ^ 0x01]) + data[mid + 1:]


def _flipped(update: Path, out: Path, **_: Any) -> None:
    _rewrite(update, out, lambda n, d: _flip(d) if n == "us-oisp.json" else d)


def _flipped_manifest(update: Path, out: Path, **_: Any) -> None:
    _rewrite(update, out, lambda n, d: d.replace(b"2026.12.1", b"2026.12.9") if n == MANIFEST else d)


def _removed(update: Path, out: Path, **_: Any) -> None:
    _rewrite(update, out, lambda n, d: None if n == "cn-samr.json" else d)


def _added(update: Path, out: Path, **_: Any) -> None:
    _rewrite(update, out, lambda n, d: d, add={"cn-extra.json": b'{"regime": "CN-SAMR"}'})


def _unsigned(update: Path, out: Path, **_: Any) -> None:
    _rewrite(update, out, lambda n, d: None if n == SIGNATURE else d)


def _untrusted(update: Path, out: Path, *, tmp_path: Path, **_: Any) -> None:
    stranger = DataDir(tmp_path / "stranger").ensure()
    folder = rule_folder(tmp_path)
    write_pack(out, identity=review.identity_of(stranger), kind="rulebook",
               members=[Member(p.name, data=p.read_bytes()) for p in sorted(folder.glob("*.json"))])


def _signed(members: dict[str, bytes], out: Path, team: Team) -> None:
    """Signed by the trusted team, but not validated first (a broken tool on their side)."""
    write_pack(out, identity=review.identity_of(team.dir), kind="rulebook",
               members=[Member(n, data=d) for n, d in sorted(members.items())])


def _invalid_data(update: Path, out: Path, *, tmp_path: Path, team: Team, **_: Any) -> None:
    folder = rule_folder(tmp_path)
    members = {p.name: p.read_bytes() for p in folder.glob("*.json")}
    oisp = json.loads(members["us-oisp.json"])
    oisp["rules"][0]["effective_from"] = "someday"
    members["us-oisp.json"] = json.dumps(oisp).encode()
    _signed(members, out, team)


def _not_a_rule_file(update: Path, out: Path, *, tmp_path: Path, team: Team, **_: Any) -> None:
    folder = rule_folder(tmp_path)
    members = {p.name: p.read_bytes() for p in folder.glob("*.json")}
    members["notes.txt"] = b"hello"
    _signed(members, out, team)


def _review_pack(update: Path, out: Path, *, team: Team, **_: Any) -> None:
    write_pack(out, identity=review.identity_of(team.dir), kind="review",
               members=[Member("rulebook.json", data=b"{}")])


TAMPERING: list[tuple[str, Callable[..., None], type[Exception], str]] = [
    ("flipped byte", _flipped, PackRefused, "does not match its SHA-256"),
    ("flipped manifest", _flipped_manifest, PackRefused, "signature does not match"),
    ("member removed", _removed, PackRefused, "missing from the pack"),
    ("member added", _added, PackRefused, "not listed in the signed manifest"),
    ("unsigned", _unsigned, PackRefused, "unsigned"),
    ("untrusted key", _untrusted, PackRefused, "not trusted here"),
    ("invalid rule data", _invalid_data, RulebookError, "us-oisp.json: rules[0]"),
    ("not a rule file", _not_a_rule_file, PackRefused, "notes.txt is not a rule file"),
    ("a review pack", _review_pack, PackRefused,
     "it is a review pack (cases sent for review), not a rulebook update"),
]


@pytest.mark.parametrize("name, make, error, expected", TAMPERING, ids=[t[0] for t in TAMPERING])
@pytest.mark.parametrize("with_update_installed", [False, True], ids=["shipped", "installed"])
def test_a_tampered_update_is_refused_and_changes_nothing(
        db, data_dir, team, update, tmp_path, name, make, error, expected,
        with_update_installed) -> None:
    if with_update_installed:
        older = tmp_path / "older.zip"
        team.pack(rule_folder(tmp_path, "2026.11.5", future_scope=False), older)
        install(db, data_dir, older)
    bad = tmp_path / "tampered.zip"
    make(update, bad, tmp_path=tmp_path, team=team)
    before, trail = state(data_dir), events(db)
    with pytest.raises(error) as info:
        install(db, data_dir, bad)
    text = str(info.value) if error is PackRefused else "; ".join(map(str, info.value.problems))
    assert expected in text, text
    if error is PackRefused:  # named as what it is, not as the exchange's "pack"
        assert text.startswith("The rulebook update tampered.zip was refused: "), text
        assert bool(info.value.untrusted) == (name == "untrusted key")  # the Trust link's cue
    if error is RulebookError:
        assert all(p.path.startswith("tampered.zip: ") for p in info.value.problems)
    assert state(data_dir) == before, "a refused update changed the rulebook in use"
    assert events(db) == trail


def test_a_rulebook_update_is_no_review_pack(db, data_dir, update) -> None:
    with db.session() as s, pytest.raises(PackRefused, match="is a rulebook update, not a review pack"):
        review.import_pack(s, data_dir=data_dir, path=update, actor=ROOT)


# -- atomicity: a failure or a crash at any point leaves the old rulebook in use ----------------
def test_a_failure_before_the_commit_leaves_the_old_rulebook(db, data_dir, team, update,
                                                             monkeypatch) -> None:
    install_first = rule_folder(update.parent, "2026.11.9", future_scope=False)
    first = update.parent / "first.zip"
    team.pack(install_first, first)
    install(db, data_dir, first)
    before, trail = state(data_dir), events(db)

    def fail(*_a: Any, **_k: Any) -> None:
        raise OSError("disk gone")

    # The event is the last write of the unit of work: failing there rolls everything back.
    monkeypatch.setattr(updates, "append_event", fail)
    with pytest.raises(OSError):
        install(db, data_dir, update)
    assert state(data_dir) == before and events(db) == trail


def test_a_crash_mid_install_leaves_the_old_rulebook(db, data_dir, team, update) -> None:
    """What a crash leaves — an unpacked folder the record does not name, a half-unpacked
    `.incoming-*` one — is not used, and the next install tidies the former."""
    data_dir.rulebook.mkdir()
    shutil.copytree(SHIPPED, data_dir.rulebook / "2027.1.1-abcdef-12345678",
                    ignore=shutil.ignore_patterns("workflow", "README.md"))
    (data_dir.rulebook / ".incoming-cut").mkdir()
    (data_dir.rulebook / ".incoming-cut" / "us-oisp.json").write_bytes(b"{half")
    assert rulebook_for(data_dir) is default_rulebook()
    install(db, data_dir, update)
    names = sorted(p.name for p in data_dir.rulebook.iterdir())
    assert "2027.1.1-abcdef-12345678" not in names and ".incoming-cut" in names
    assert rulebook_for(data_dir).declared_version == "2026.12.1"


def test_a_broken_record_is_said_and_revert_resets_it(db, data_dir, team, update) -> None:
    install(db, data_dir, update)
    (data_dir.rulebook / INSTALLED_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(CheckFailed, match="is not valid JSON"):
        rulebook_for(data_dir)
    change = revert(db, data_dir)
    assert change.after.source == "shipped" and rulebook_for(data_dir) is default_rulebook()
    assert events(db)[-1][0] == "rulebook.reverted"


def test_rescreening_lists_the_cases_the_update_changes(db, data_dir, team, update) -> None:
    with db.session() as s:
        case = import_case(s, data=frontier(), actor=ROOT)
        screening.screen_case(session=s, case_id=case.id, actor=ROOT, as_of=AFTER)
    with db.read_session() as s:
        assert screening.rescreen_open_cases(session=s, as_of=AFTER) == []
    install(db, data_dir, update)
    with db.read_session() as s:
        changes = screening.rescreen_open_cases(session=s, as_of=AFTER)
    assert [(c.reference, c.regime, c.old_outcome) for c in changes] == [
        (case.reference, "US-OISP", "prohibited")]
    assert changes[0].new_rulebook == rulebook_for(data_dir).version


def test_accepting_a_rescreening_shown_under_another_rulebook_is_refused(
        db, data_dir, team, update) -> None:
    """Shown under the update (US-OISP prohibited → not required), accepted after a revert:
    it stored a screening under the shipped rulebook, outcome unchanged, with the reason
    typed for the change shown. Refused now, nothing stored; one check's batch alike."""
    with db.session() as s:
        case = import_case(s, data=frontier(), actor=ROOT)
    install(db, data_dir, update)
    shown = rulebook_for(data_dir).version
    revert(db, data_dir)
    with db.read_session() as s:
        before = len(s.exec(select(Event.id)).all())
    with db.session() as s, pytest.raises(ConflictError) as refused:
        screening.accept_rescreen(session=s, case_id=case.id, actor=ROOT, reason="as shown",
                                  expected_rulebook=shown)
    assert f"not {shown}. Nothing was stored; re-screen the case again" in str(refused.value)
    with db.session() as s, pytest.raises(ConflictError, match="check the open cases again"):
        screening.accept_rescreens(session=s, references=[case.reference], actor=ROOT,
                                   reason="as listed", expected_rulebook=shown)
    with db.read_session() as s:
        assert len(s.exec(select(Event.id)).all()) == before
    with db.session() as s:  # under the rulebook in use, as shown now: stored
        screening.accept_rescreen(session=s, case_id=case.id, actor=ROOT, reason="as shown",
                                  expected_rulebook=rulebook_for(data_dir).version)


def test_a_filing_places_a_reason_of_an_installed_rule_under_its_provision() -> None:
    """The US notification sorts a screening's reasons by provision: a rule only an
    installed update holds is placed by its id (REGIME.provision.edition)."""
    from approvals.filings.us_notification import _provision

    assert _provision("US-OISP.scope.2025") == "scope"  # the shipped rulebook's
    assert _provision("US-OISP.scope.2031") == "scope"  # an installed update's
    assert _provision("US-OISP.nonsense.2031") is None
    assert _provision("free text") is None
