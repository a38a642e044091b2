"""The audit matrix: every service that writes, called once on a seeded database.

For each row the test snapshots every table (plain SQL) before and after the call and
checks that the change left its trace in the audit trail: the expected events were
appended with the actor, the role, a UTC time and the reason given; field changes carry
the old and the new value; no earlier event changed (append-only); the hash chain still
verifies. Rows whose service only reads prove it: nothing changes at all. A refused call
(no permission, or bad input) writes nothing, in any table. A last test fails when a
public service function appears that the matrix does not classify.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
import shutil
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlmodel import Session, select

import approvals.services as services_package
from approvals.domain.audit import ACTIONS_CHANGING_CONTENT, stored_value
from approvals.domain.errors import ApprovalsError, PermissionDenied
from approvals.domain.event_text import EventFacts, event_sentence, has_words
from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import auth
from approvals.store.audit import Actor, verify_chain
from approvals.store.db import Database
from approvals.store.migrate import open_database
from tests.conftest import EXAMPLES_DIR, open_copy
from tests.users_support import create_user_with_own_password

PW = "correct horse battery"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))  # built in code, all roles
RITA = Actor("rita", ("reviewer",))
NOBODY = Actor("nobody", ())
UTC_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")  # models.utc_now()


def example() -> dict[str, Any]:
    return json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))


# --- the world each row runs in -----------------------------------------------------------


@dataclass
class World:
    a_dir: DataDir  # the preparer's installation: every row's database
    a_db: Database
    b_dir: DataDir  # the reviewer's installation (opens packs, answers them)
    b_db: Database
    c_dir: DataDir  # an installation with nothing in it yet (the demo's first load)
    c_db: Database
    tmp: Path  # files handed to services (letters, packs, backups)
    ids: dict[str, Any]

    def tx(self, fn: Callable[[Session], Any], *, on: str = "a") -> Any:
        db = {"a": self.a_db, "b": self.b_db, "c": self.c_db}[on]
        with db.session() as s:
            return fn(s)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, migrated_database: Path
             ) -> dict[str, Any]:
    """Two seeded installations and the files the rows need, copied for every row."""
    from approvals.services import cases, documents, drafts, review, screening, users
    from approvals.store.models import Case, FilingTrack, Obligation

    base = tmp_path_factory.mktemp("audit-matrix")
    a_dir, b_dir = DataDir(base / "A").ensure(), DataDir(base / "B").ensure()
    c_dir = DataDir(base / "C").ensure()
    for folder in (a_dir, b_dir, c_dir):  # the session's migrated database, not 3 migrations
        shutil.copyfile(migrated_database, folder.database)
    open_database(c_dir).dispose()
    tmp = base / "tmp"
    tmp.mkdir()
    (tmp / "letter.txt").write_text("a letter to attach\n", encoding="utf-8")
    saved, auth._hasher = auth._hasher, FAST_HASHER
    a_db, b_db = open_database(a_dir), open_database(b_dir)
    ids: dict[str, Any] = {}
    try:
        with a_db.session() as s:
            users.create_first_admin(s, username="ada", password=PW)
            for name, roles in (("root", ROOT.roles), ("pat", ("preparer",)),
                                ("gone", ("reviewer",)), ("locked", ("reviewer",))):
                # Each has signed in once and chosen PW (a created account's first sign-in).
                create_user_with_own_password(s, actor=ROOT, username=name, password=PW,
                                              roles=roles)
            users.deactivate_user(s, actor=ROOT, username="gone")
            case = cases.import_case(s, data=example(), actor=ROOT)
            ids |= {"case_id": case.id, "case_ref": case.reference}
            ids["draft_ref"] = drafts.save_draft(s, actor=ROOT,
                                                 data={"target": {"name_en": "X"}}).reference
            # A complete draft, screened but with no tracks yet: for opening them.
            screened = drafts.save_draft(s, actor=ROOT, data=example()).reference
            ids["screened_id"] = cases.case_id_for(s, screened)
            screening.screen_case(session=s, case_id=ids["screened_id"], actor=ROOT)
            ids["doc_id"] = documents.attach_document(s, actor=ROOT, data_dir=a_dir,
                                                      case_id=case.id,
                                                      source=tmp / "letter.txt").id
        for _ in range(auth.MAX_FAILED_ATTEMPTS):
            with a_db.session() as s:
                auth.sign_in(s, username="locked", password="wrong wrong wrong")
        with a_db.session() as s:
            screening.screen_case(session=s, case_id=case.id, actor=ROOT)
            screening.open_tracks(session=s, case_id=case.id, actor=ROOT)
        with a_db.read_session() as s:
            track = s.exec(select(FilingTrack).where(FilingTrack.case_id == case.id,
                                                     FilingTrack.state == "draft")).first()
            assert track is not None
            ids |= {"track_id": track.id, "track_version": track.version,
                    "case_version": cases.get_case(s, case.reference).version}
        # Offline review: each side trusts the other; a pack opened on B, answered with a
        # proposal that A imported; a second answer (a comment) and a second pack kept
        # for the import/open rows.
        with b_db.session() as s:
            review.trust_key(s, key_text=review.installation_identity(a_dir).public_key_text,
                             label="Preparer", actor=ROOT)
        with a_db.session() as s:
            review.trust_key(s, key_text=review.installation_identity(b_dir).public_key_text,
                             label="Reviewer laptop", actor=ROOT)
        with a_db.session() as s:
            review.export_review_pack(s, data_dir=a_dir, references=[case.reference],
                                      out=tmp / "pack1.zip", actor=ROOT)
        with b_db.session() as s:
            pack_id = review.open_review_pack(s, data_dir=b_dir, path=tmp / "pack1.zip",
                                              actor=RITA).pack_id
        review.propose_change(data_dir=b_dir, pack_id=pack_id, reference=case.reference,
                              field_path="deal.board_seats", value=2, actor=RITA)
        with b_db.session() as s:
            review.export_response_pack(s, data_dir=b_dir, pack_id=pack_id,
                                        out=tmp / "response1.zip", actor=RITA)
        with a_db.session() as s:
            review.import_response(s, data_dir=a_dir, path=tmp / "response1.zip", actor=ROOT)
        with a_db.read_session() as s:
            (proposal,) = review.list_proposals(s, reference=case.reference)
            ids["proposal_id"] = proposal.id
        review.add_review_comment(data_dir=b_dir, pack_id=pack_id, reference=case.reference,
                                  body="Amount matches the SPA?", actor=RITA)
        review.set_recommendation(data_dir=b_dir, pack_id=pack_id, reference=case.reference,
                                  recommendation="approve", reasons="Complete", actor=RITA)
        ids["pack_id"] = pack_id
        with b_db.session() as s:
            review.export_response_pack(s, data_dir=b_dir, pack_id=pack_id,
                                        out=tmp / "response2.zip", actor=RITA)
        # A third answer revises the proposal: the pending one is superseded on import.
        review.propose_change(data_dir=b_dir, pack_id=pack_id, reference=case.reference,
                              field_path="deal.board_seats", value=3, actor=RITA)
        with b_db.session() as s:
            review.export_response_pack(s, data_dir=b_dir, pack_id=pack_id,
                                        out=tmp / "response3.zip", actor=RITA)
        with a_db.session() as s:
            review.export_review_pack(s, data_dir=a_dir, references=[case.reference],
                                      out=tmp / "pack2.zip", actor=ROOT)
        with a_db.session() as s:  # particulars of the case's own, for changing them
            from approvals.services.filings import set_filing_particulars

            set_filing_particulars(session=s, actor=ROOT, reference=case.reference,
                                   values={"applicant": {"legal_representative": "王芳"}})
        with a_db.session() as s:  # a schedule entered, for replacing it
            from approvals.services.workflow import add_calendar_year

            add_calendar_year(session=s, actor=ROOT, calendar="CN", year=2032, source="gazette",
                              days=[{"day": "2032-01-01", "kind": "holiday", "name": "New Year"}])
        with a_db.session() as s:  # a day corrected, for taking the correction back
            from approvals.services.workflow import correct_calendar_day

            correct_calendar_day(session=s, actor=ROOT, calendar="CN", day=date(2033, 1, 3),
                                 kind="holiday", source="test notice", reason="closure")
        # A track with an open obligation, from the demo's advanced cases.
        with a_db.session() as s:
            from approvals.services.demo import load_demo

            load_demo(s, actor=ROOT, data_dir=a_dir)
        with a_db.read_session() as s:
            obligation = s.exec(select(Obligation).where(Obligation.status == "open")).first()
            assert obligation is not None, "the demo no longer leaves an open obligation"
            ids["obligation_id"] = obligation.id
            from approvals.services.workflow import completion_blockers

            done = next(c for c in s.exec(select(Case).where(Case.status == "open")).all()
                        if not completion_blockers(session=s, case_id=c.id))
            ids |= {"complete_id": done.id, "complete_version": done.version}
            for key, kind, state in (("paused", "CN-SAMR", "materials_requested"),
                                     ("reviewing", "CN-FISR", "general_review"),
                                     ("oisp", "US-OISP", "draft")):
                found = s.exec(select(FilingTrack).where(
                    FilingTrack.kind == kind, FilingTrack.state == state,
                    FilingTrack.outcome != "prohibited")).first()
                assert found is not None, f"the demo has no {kind} track in {state}"
                ids[key] = (found.id, found.version)
                ids[f"{key}_clock"] = (found.clock_calendar, found.due_date)
        # A rulebook update signed by A (which trusts its own key), for installing it.
        from approvals.services.rulebook_updates import pack_rulebook_update

        _rule_folder(tmp / "rules")
        with a_db.session() as s:
            pack_rulebook_update(s, data_dir=a_dir, source=tmp / "rules",
                                 out=tmp / "rulebook-update.zip", actor=ROOT)
        # Last, so that the backup holds every event the copies start with.
        from approvals.services.backup import create_backup

        create_backup(a_dir, out=tmp / "backup.zip", actor=ROOT, db=a_db)
    finally:
        a_db.dispose()
        b_db.dispose()
        auth._hasher = saved
    return {"base": base, "ids": ids}


@pytest.fixture
def world(template: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
          ) -> Iterator[World]:
    monkeypatch.setattr(auth, "_hasher", FAST_HASHER)
    base = tmp_path / "w"
    shutil.copytree(template["base"], base)
    w = World(DataDir(base / "A"), open_copy(DataDir(base / "A")), DataDir(base / "B"),
              open_copy(DataDir(base / "B")), DataDir(base / "C"),
              open_copy(DataDir(base / "C")), base / "tmp", dict(template["ids"]))
    yield w
    for db in (w.a_db, w.b_db, w.c_db):
        db.dispose()


def _connect(data_dir: DataDir) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{data_dir.database}?mode=ro", uri=True)


def tables(data_dir: DataDir) -> dict[str, dict[Any, tuple]]:
    """Every row of every table (plain SQL on the file), keyed by rowid."""
    out: dict[str, dict[Any, tuple]] = {}
    conn = _connect(data_dir)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        for name in names:
            rows = conn.execute(f'SELECT rowid, * FROM "{name}"').fetchall()
            out[name] = {r[0]: tuple(r[1:]) for r in rows}
    finally:
        conn.close()
    return out


def event_rows(data_dir: DataDir) -> list[dict[str, Any]]:
    conn = _connect(data_dir)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute("SELECT * FROM events ORDER BY id")]
    finally:
        conn.close()


def chain_break(data_dir: DataDir) -> Any:
    db = open_database(data_dir)
    try:
        with db.read_session() as s:
            return verify_chain(s)[1]
    finally:
        db.dispose()


# --- the matrix ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    name: str  # "module.function", with "[variant]" when a function has several rows
    call: Callable[[World, Actor], Any]
    # Event actions that must be appended (each at least once); () = the service only
    # reads, and nothing at all may change.
    actions: tuple[str, ...]
    reason: str = ""  # the reason the call passes: every expected event must carry it
    fields: tuple[str, ...] = ()  # field changes: events with these `field`s hold old/new
    actor: Actor = ROOT
    event_actor: str | None = None  # who the events name, when not the caller (sign-in)
    # How to refuse the call: None = the same call by a user with no role; else a call
    # that must raise (bad input) and write nothing.
    refuse: Callable[[World], Any] | None = None
    on: str = "a"  # the installation the row writes to
    replaces_database: bool = False  # a restore: the trail is the backup's, plus its event
    no_old_value: str = ""  # why rows updated in place need no old value in the trail
    unrefusable: str = ""  # why no call of it is refused (then the negative row is left out)
    old_mentions: tuple[str, ...] = ()  # what the old values of its events must hold
    entity_id: str | None = None  # whom or what the expected events must name
    # Why this write appends no event (then it may change only its own case row).
    unaudited: str = ""


def svc(name: str) -> Callable[..., Any]:
    module, function = name.split("[")[0].rsplit(".", 1)
    return getattr(importlib.import_module(f"approvals.services.{module}"), function)


def _facts() -> Any:
    return parse_facts(example())


def _changed_facts(w: World) -> Any:
    data = example()
    data["target"]["headquarters"] = "Singapore"
    data["deal"]["board_seats"] = 3
    return parse_facts(data)


# A refused sign-in is no error but an answer, and is audited itself (the failure rows).
SIGN_IN = "a wrong password or a locked account is an answer, and audited: see [failure]"


def _sign_in(username: str, password: str) -> Callable[[World, Actor], Any]:
    return lambda w, a: w.tx(lambda s: auth.sign_in(s, username=username, password=password))


def _old_auto_backups(w: World, n: int) -> list[Path]:
    """Automatic backups of past days, more than are kept: zips holding a backup manifest
    (what the rotation counts as a backup; an empty file under the name is not one)."""
    w.a_dir.backups.mkdir(parents=True, exist_ok=True)
    made = [w.a_dir.backups / f"auto-2020010{day}T000000Z.zip" for day in range(1, n + 1)]
    for path in made:
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("backup-manifest.json", "{}")
    return made


def _rule_folder(folder: Path) -> None:
    """The shipped rulebook declaring a newer version: an update to install."""
    shutil.copytree(Path(__file__).resolve().parents[2] / "resources" / "rulebook", folder)
    manifest = json.loads((folder / "rulebook.json").read_text(encoding="utf-8"))
    (folder / "rulebook.json").write_text(json.dumps({**manifest, "version": "2099.1.1"}),
                                          encoding="utf-8")


def _install_update(w: World, a: Actor) -> Any:
    return w.tx(lambda s: svc("rulebook_updates.install_rulebook_update")(
        s, data_dir=w.a_dir, path=w.tmp / "rulebook-update.zip", actor=a))


def _cut_off_restore(w: World) -> bool:
    """What a restore cut off after swapping the database in leaves: its marker and folders."""
    from approvals.services.backup import MARKER

    (w.a_dir.root / ".restore-cut").mkdir()
    (w.a_dir.root / ".documents-old-.restore-cut").mkdir()
    (w.a_dir.root / MARKER).write_text(json.dumps(
        {"staging": ".restore-cut", "old_documents": ".documents-old-.restore-cut"}))
    return True


SPECS: list[Spec] = [
    # cases, drafts, demo
    Spec("cases.create_case", lambda w, a: w.tx(lambda s: svc("cases.create_case")(
        s, facts=_facts(), actor=a)), ("case.created",)),
    Spec("cases.import_case", lambda w, a: w.tx(lambda s: svc("cases.import_case")(
        s, data=example(), actor=a)), ("case.created",),
        refuse=lambda w: w.tx(lambda s: svc("cases.import_case")(s, data={"target": 1},
                                                                 actor=ROOT))),
    Spec("demo.load_demo", lambda w, a: w.tx(lambda s: svc("demo.load_demo")(
        s, actor=a, data_dir=w.c_dir), on="c"), ("case.created",), on="c",
        event_actor="*"),
    Spec("drafts.save_draft", lambda w, a: w.tx(lambda s: svc("drafts.save_draft")(
        s, actor=a, data={"target": {"name_en": "Y"}})), ("case.draft_created",)),
    Spec("drafts.save_draft[update]", lambda w, a: w.tx(lambda s: svc("drafts.save_draft")(
        s, actor=a, reference=w.ids["draft_ref"], data={"target": {"name_en": "Z"}})),
        (), unaudited="the wizard's autosave of facts still being typed (every page and every "
        "few seconds) is no regulated act; the draft's creation is audited, and finishing it "
        "records every fact the case starts with (case.created)"),
    Spec("drafts.load_draft", lambda w, a: w.tx(lambda s: svc("drafts.load_draft")(
        s, actor=a, reference=w.ids["draft_ref"])), ()),
    Spec("drafts.finish_draft", lambda w, a: w.tx(lambda s: svc("drafts.finish_draft")(
        s, actor=a, reference=w.ids["draft_ref"], data=example())), ("case.created",),
        no_old_value="the draft becomes the case: case.created records every fact it starts "
                     "with"),
    Spec("case_edit.update_case_facts", lambda w, a: w.tx(lambda s: svc(
        "case_edit.update_case_facts")(session=s, case_id=w.ids["case_id"],
                                       expected_version=w.ids["case_version"],
                                       new_facts=_changed_facts(w), actor=a,
                                       reason="matrix edit")),
        ("field.changed",), reason="matrix edit",
        fields=("target.headquarters", "deal.board_seats")),
    # a case's life cycle: closing the case withdraws its open tracks, each step audited
    Spec("case_lifecycle.close_case", lambda w, a: w.tx(lambda s: svc(
        "case_lifecycle.close_case")(session=s, case_id=w.ids["case_id"], actor=a,
                                     expected_version=w.ids["case_version"],
                                     reason="deal lapsed")),
        ("track.transition", "case.closed"), reason="deal lapsed", fields=("state", "status")),
    Spec("case_lifecycle.reopen_case", lambda w, a: w.tx(lambda s: (svc(
        "case_lifecycle.close_case")(session=s, case_id=w.ids["case_id"], actor=a,
                                     expected_version=w.ids["case_version"], reason="back"),
        svc("case_lifecycle.reopen_case")(session=s, case_id=w.ids["case_id"], actor=a,
                                          expected_version=w.ids["case_version"] + 1,
                                          reason="back"))),
        ("case.closed", "case.reopened"), reason="back", fields=("status",)),
    Spec("case_owner.change_owner", lambda w, a: w.tx(lambda s: svc(
        "case_owner.change_owner")(s, reference=w.ids["case_ref"], new_owner="pat", actor=a,
                                   reason="desk change", expected_version=w.ids["case_version"])),
        ("case.owner_changed",), reason="desk change", fields=("owner",)),
    Spec("case_lifecycle.discard_draft", lambda w, a: w.tx(lambda s: svc(
        "case_lifecycle.discard_draft")(session=s, reference=w.ids["draft_ref"], actor=a,
                                        reason="entered twice")),
        ("case.discarded",), reason="entered twice", fields=("status",)),
    # screening and the workflow
    Spec("screening.screen_case", lambda w, a: w.tx(lambda s: svc("screening.screen_case")(
        session=s, case_id=w.ids["case_id"], actor=a)), ("case.screened",)),
    Spec("screening.open_tracks", lambda w, a: w.tx(lambda s: svc("screening.open_tracks")(
        session=s, case_id=w.ids["screened_id"], actor=a)), ("track.opened",)),
    Spec("screening.accept_rescreen", lambda w, a: w.tx(lambda s: svc(
        "screening.accept_rescreen")(session=s, case_id=w.ids["case_id"], actor=a,
                                     reason="new rules")),
        ("case.rescreen_accepted",)),
    Spec("screening.accept_rescreens", lambda w, a: w.tx(lambda s: svc(
        "screening.accept_rescreens")(session=s, references=[w.ids["case_ref"]], actor=a,
                                      reason="new rules")),
        ("case.rescreen_accepted",)),
    Spec("screening.rescreen_open_cases", lambda w, a: w.tx(lambda s: svc(
        "screening.rescreen_open_cases")(session=s)), (),
        unrefusable="a read for anybody (the list of outcomes that would change)"),
    Spec("workflow.transition", lambda w, a: w.tx(lambda s: svc("workflow.transition")(
        session=s, track_id=w.ids["track_id"], transition_name="submit_for_review", actor=a,
        reason="matrix step", expected_version=w.ids["track_version"])),
        ("track.transition",), reason="matrix step", fields=("state",)),
    Spec("workflow.transition[clock resumes]", lambda w, a: w.tx(lambda s: svc(
        "workflow.transition")(session=s, track_id=w.ids["paused"][0],
                               transition_name="supply_materials", actor=a, reason="sent",
                               expected_version=w.ids["paused"][1])),
        ("track.transition",), reason="sent", fields=("state",)),
    Spec("workflow.transition[conditions]", lambda w, a: w.tx(lambda s: svc(
        "workflow.transition")(session=s, track_id=w.ids["reviewing"][0],
                               transition_name="clear_with_conditions", actor=a,
                               reason="cleared", expected_version=w.ids["reviewing"][1],
                               conditions=["Keep the data in China"])),
        ("track.transition", "obligation.created"), reason="cleared", fields=("state",)),
    Spec("workflow.transition[completion]", lambda w, a: w.tx(lambda s: svc(
        "workflow.transition")(session=s, track_id=w.ids["oisp"][0],
                               transition_name="record_completion", actor=a, reason="closed",
                               expected_version=w.ids["oisp"][1],
                               completion_date="2026-10-01")),
        ("track.transition",), reason="closed"),  # the state stays; the clock starts
    Spec("workflow.set_obligation_status", lambda w, a: w.tx(lambda s: svc(
        "workflow.set_obligation_status")(session=s, obligation_id=w.ids["obligation_id"],
                                          status="fulfilled", actor=a, reason="done")),
        ("obligation.status",), reason="done", fields=("status",)),
    Spec("workflow.edit_condition", lambda w, a: w.tx(lambda s: svc(
        "workflow.edit_condition")(session=s, obligation_id=w.ids["obligation_id"], actor=a,
                                   text="Corrected by the matrix", due_date="2040-01-31",
                                   reason="typo")),
        ("obligation.edited",), reason="typo", fields=("text", "due_date")),
    Spec("workflow.add_condition", lambda w, a: w.tx(lambda s: (svc("workflow.transition")(
        session=s, track_id=w.ids["reviewing"][0], transition_name="clear_with_conditions",
        actor=a, reason="letter", expected_version=w.ids["reviewing"][1],
        conditions=["Keep the data in China"]), svc("workflow.add_condition")(
            session=s, track_id=w.ids["reviewing"][0], actor=a, reason="letter",
            text="Report yearly", due_days=30, expected_version=w.ids["reviewing"][1] + 1))),
        ("track.transition", "obligation.created"), reason="letter"),
    Spec("workflow.complete_case", lambda w, a: w.tx(lambda s: svc("workflow.complete_case")(
        session=s, case_id=w.ids["complete_id"], actor=a,
        expected_version=w.ids["complete_version"], reason="closing")), ("case.completed",), reason="closing"),
    Spec("workflow.add_calendar_year", lambda w, a: w.tx(lambda s: svc(
        "workflow.add_calendar_year")(session=s, actor=a, calendar="CN", year=2031,
                                      source="matrix test", reason="new year",
                                      days=[{"day": "2031-01-01", "kind": "holiday",
                                             "name": "New Year"}])),
        ("calendar.year_set",), reason="new year"),
    Spec("workflow.add_calendar_year[replace]", lambda w, a: w.tx(lambda s: svc(
        "workflow.add_calendar_year")(session=s, actor=a, calendar="CN", year=2032,
                                      source="corrected gazette", reason="corrected",
                                      days=[{"day": "2032-01-02", "kind": "holiday",
                                             "name": "New Year (observed)"}])),
        ("calendar.year_set",), reason="corrected", old_mentions=("2032-01-01", "New Year")),
    Spec("workflow.correct_calendar_day", lambda w, a: w.tx(lambda s: svc(
        "workflow.correct_calendar_day")(session=s, actor=a, calendar="CN",
                                         day=date(2027, 1, 4), kind="holiday", name="test",
                                         source="matrix", reason="gazette")),
        ("calendar.day_corrected",), reason="gazette", fields=("2027-01-04",)),
    Spec("calendar_effects.remove_calendar_correction", lambda w, a: w.tx(lambda s: svc(
        "calendar_effects.remove_calendar_correction")(session=s, actor=a, calendar="CN",
                                                       day=date(2033, 1, 3),
                                                       reason="called off")),
        ("calendar.day_corrected",), reason="called off", fields=("2033-01-03",)),
    Spec("calendar_effects.remove_calendar_year", lambda w, a: w.tx(lambda s: svc(
        "calendar_effects.remove_calendar_year")(session=s, actor=a, calendar="CN", year=2032,
                                                 reason="wrong year")),
        ("calendar.year_removed",), reason="wrong year", entity_id="CN-2032",
        old_mentions=("gazette", "2032-01-01", "New Year")),
    # documents
    # A running clock's last day made a holiday: its deadline moves, and says so.
    Spec("workflow.correct_calendar_day[moves a deadline]", lambda w, a: w.tx(lambda s: svc(
        "workflow.correct_calendar_day")(session=s, actor=a, calendar=w.ids["reviewing_clock"][0],
                                         day=date.fromisoformat(w.ids["reviewing_clock"][1]),
                                         kind="holiday", name="test", source="matrix",
                                         reason="gazette")),
        ("calendar.day_corrected", "track.due_recomputed"), fields=("due_date",)),
    Spec("documents.attach_document", lambda w, a: w.tx(lambda s: svc(
        "documents.attach_document")(s, actor=a, data_dir=w.a_dir, case_id=w.ids["case_id"],
                                     source=w.tmp / "letter.txt")), ("document.attached",)),
    Spec("documents.set_restriction", lambda w, a: w.tx(lambda s: svc(
        "documents.set_restriction")(s, actor=a, document_id=w.ids["doc_id"], restricted=True,
                                     allowed_users=["pat"], reason="privileged")),
        ("document.restriction_changed",), reason="privileged"),
    Spec("documents.withdraw_document", lambda w, a: w.tx(lambda s: svc(
        "documents.withdraw_document")(s, actor=a, document_id=w.ids["doc_id"],
                                       reason="wrong letter")),
        ("document.withdrawn",), reason="wrong letter", fields=("status",)),
    Spec("documents.set_document_type", lambda w, a: w.tx(lambda s: svc(
        "documents.set_document_type")(s, actor=a, document_id=w.ids["doc_id"],
                                       doc_type="org_chart", reason="classified")),
        ("document.type_changed",), reason="classified", fields=("type",)),
    # A new version supersedes the old one in the same unit of work, both audited.
    Spec("documents.attach_document[supersedes]", lambda w, a: w.tx(lambda s: svc(
        "documents.attach_document")(s, actor=a, data_dir=w.a_dir, case_id=w.ids["case_id"],
                                     source=w.tmp / "letter.txt", supersedes=w.ids["doc_id"],
                                     reason="new version")),
        ("document.attached", "document.withdrawn"), reason="new version"),
    Spec("documents.export_document", lambda w, a: w.tx(lambda s: svc(
        "documents.export_document")(s, actor=a, data_dir=w.a_dir,
                                     document_id=w.ids["doc_id"],
                                     destination=w.tmp / "out.txt")), ("document.exported",)),
    Spec("documents.list_documents", lambda w, a: w.tx(lambda s: svc(
        "documents.list_documents")(s, actor=a, case_id=w.ids["case_id"])), ()),
    # spreadsheet exports: reads, recorded as such
    Spec("exports.export_audit_csv", lambda w, a: w.tx(lambda s: svc("exports.export_audit_csv")(
        s, actor=a, out=w.tmp / "trail.csv", case_reference=w.ids["case_ref"])),
        ("audit.exported",)),
    Spec("exports.export_case_list_csv", lambda w, a: w.tx(lambda s: svc(
        "exports.export_case_list_csv")(s, actor=a, out=w.tmp / "cases.csv")),
        ("cases.exported",)),
    Spec("deadline_report.export_deadlines_csv", lambda w, a: w.tx(lambda s: svc(
        "deadline_report.export_deadlines_csv")(s, actor=a, out=w.tmp / "deadlines.csv")),
        ("deadlines.exported",)),
    Spec("deadline_report.save_deadlines_pdf", lambda w, a: w.tx(lambda s: svc(
        "deadline_report.save_deadlines_pdf")(s, actor=a, out=w.tmp / "deadlines.pdf")),
        ("deadlines.exported",)),
    # The report for printing: a read; the print is recorded once its pages have gone out.
    Spec("deadline_report.render_deadlines_pdf", lambda w, a: w.tx(lambda s: svc(
        "deadline_report.render_deadlines_pdf")(s, actor=a)), ()),
    Spec("deadline_report.record_deadlines_printed", lambda w, a: w.tx(lambda s: svc(
        "deadline_report.record_deadlines_printed")(
            s, actor=a, rendered=svc("deadline_report.RenderedReport")(
                b"%PDF", 2, 3, date(2026, 11, 30), "All open tracks, conditions and expected US notifications"),
            pages=2, printer="Legal floor 3")),
        ("deadlines.printed",), entity_id="Legal floor 3"),
    Spec("documents.document_path", lambda w, a: w.tx(lambda s: svc(
        "documents.document_path")(s, actor=a, data_dir=w.a_dir,
                                   document_id=w.ids["doc_id"])), ()),
    Spec("documents.copy_to_open", lambda w, a: w.tx(lambda s: svc(
        "documents.copy_to_open")(s, actor=a, data_dir=w.a_dir,
                                  document_id=w.ids["doc_id"])), ()),
    # comments, particulars, filings
    Spec("workspace.add_comment", lambda w, a: w.tx(lambda s: svc("workspace.add_comment")(
        s, actor=a, reference=w.ids["case_ref"], body="Please check the stake.")),
        ("comment.added",)),
    Spec("particulars.save_particulars", lambda w, a: w.tx(lambda s: svc(
        "particulars.save_particulars")(s, actor=a, reference=w.ids["case_ref"],
                                        values={"applicant": {"legal_representative": "张伟"}},
                                        expected_version=svc("particulars._view")(
                                            s, w.ids["case_ref"]).version)),
        ("case.particulars_changed",)),
    Spec("particulars.save_particulars[again]", lambda w, a: w.tx(lambda s: svc(
        "particulars.save_particulars")(s, actor=a, reference=w.ids["case_ref"],
                                        values={"applicant": {"legal_representative": "张伟"}},
                                        expected_version=svc("particulars._view")(
                                            s, w.ids["case_ref"]).version)),
        ("case.particulars_changed",), old_mentions=("王芳",)),
    Spec("particulars.save_particulars[defaults]", lambda w, a: w.tx(lambda s: svc(
        "particulars.save_particulars")(s, actor=a, reference=None,
                                        values={"applicant": {"legal_representative": "张伟"}},
                                        expected_version=svc("particulars._view")(
                                            s, None).version)),
        ("settings.changed",)),
    Spec("particulars.load_particulars", lambda w, a: w.tx(lambda s: svc(
        "particulars.load_particulars")(s, actor=a, reference=w.ids["case_ref"])), ()),
    Spec("filings.set_filing_particulars", lambda w, a: w.tx(lambda s: svc(
        "filings.set_filing_particulars")(session=s, actor=a, reference=w.ids["case_ref"],
                                          values={"applicant": {"legal_representative": "李"}})),
        ("case.particulars_changed",)),
    Spec("filings.render_filing", lambda w, a: w.tx(lambda s: svc("filings.render_filing")(
        session=s, reference=w.ids["case_ref"], kind="status-report", actor=a)), ()),
    Spec("filings.render_filing[final]", lambda w, a: w.tx(lambda s: svc(
        "filings.render_filing")(session=s, reference=w.ids["case_ref"], kind="status-report",
                                 actor=a, final=True, data_dir=w.a_dir)),
        ("filing.finalised",)),
    # A filing's PDF leaving the preview, saved or printed: recorded as a read.
    Spec("filings.save_filing_pdf", lambda w, a: w.tx(lambda s: svc("filings.save_filing_pdf")(
        s, actor=a, out=w.tmp / "filing.pdf", rendered=svc("filings.render_filing")(
            session=s, reference=w.ids["case_ref"], kind="status-report", actor=ROOT))),
        ("filing.saved",)),
    Spec("filings.record_filing_printed", lambda w, a: w.tx(lambda s: svc(
        "filings.record_filing_printed")(
            s, actor=a, pages=2, printer="Legal floor 3", rendered=svc("filings.render_filing")(
                session=s, reference=w.ids["case_ref"], kind="status-report", actor=ROOT))),
        ("filing.printed",)),
    # users, sign-in and settings
    Spec("users.create_user", lambda w, a: w.tx(lambda s: svc("users.create_user")(
        s, actor=a, username="newbie", password=PW, roles=["reviewer"])), ("user.created",)),
    Spec("users.create_first_admin", lambda w, a: w.tx(lambda s: svc(
        "users.create_first_admin")(s, username="ada2", password=PW), on="c"),
        ("user.created",), on="c", event_actor="*",
        refuse=lambda w: w.tx(lambda s: svc("users.create_first_admin")(
            s, username="ada2", password=PW))),
    Spec("users.set_roles", lambda w, a: w.tx(lambda s: svc("users.set_roles")(
        s, actor=a, username="pat", roles=["preparer", "reviewer"], reason="cover")),
        ("user.roles_changed",), reason="cover", fields=("roles",)),
    Spec("users.set_display_name", lambda w, a: w.tx(lambda s: svc("users.set_display_name")(
        s, actor=a, username="pat", display_name="Pat Preparer")),
        ("user.changed",), fields=("display_name",)),
    Spec("users.deactivate_user", lambda w, a: w.tx(lambda s: svc("users.deactivate_user")(
        s, actor=a, username="pat", reason="left")), ("user.deactivated",), reason="left",
        fields=("active",), entity_id="pat"),
    Spec("users.reactivate_user", lambda w, a: w.tx(lambda s: svc("users.reactivate_user")(
        s, actor=a, username="gone", reason="back")), ("user.reactivated",), reason="back",
        fields=("active",)),
    Spec("users.reset_password", lambda w, a: w.tx(lambda s: svc("users.reset_password")(
        s, actor=a, username="pat", new_password="a new long password", reason="forgot")),
        ("user.password_reset",), reason="forgot"),
    Spec("users.unlock_user", lambda w, a: w.tx(lambda s: svc("users.unlock_user")(
        s, actor=a, username="locked", reason="called")), ("user.unlocked",), reason="called"),
    Spec("auth.sign_in", _sign_in("pat", PW), ("user.signed_in",), event_actor="pat",
         entity_id="pat", unrefusable=SIGN_IN),
    Spec("auth.sign_in[failure]", _sign_in("pat", "wrong wrong wrong"),
         ("user.sign_in_failed",), event_actor="sign-in", reason="wrong password",
         entity_id="pat", unrefusable=SIGN_IN),
    Spec("auth.sign_in[lock-out]", lambda w, a: [_sign_in("pat", "wrong wrong")(w, a)
                                                 for _ in range(auth.MAX_FAILED_ATTEMPTS)],
         ("user.sign_in_failed", "user.locked_out"), event_actor="sign-in",
         entity_id="pat", unrefusable=SIGN_IN),
    # The typed name of an unknown user is not recorded (it may be a password typed into
    # the wrong field).
    Spec("auth.sign_in[unknown user]", _sign_in("nobody-here", PW), ("user.sign_in_failed",),
         event_actor="sign-in", entity_id="", unrefusable=SIGN_IN),
    Spec("auth.sign_in[while locked]", _sign_in("locked", PW), ("user.sign_in_refused",),
         event_actor="sign-in", reason="account locked", entity_id="locked",
         unrefusable=SIGN_IN),
    Spec("auth.sign_in[deactivated]", _sign_in("gone", PW), ("user.sign_in_refused",),
         event_actor="sign-in", reason="account deactivated", entity_id="gone",
         unrefusable=SIGN_IN),
    Spec("auth.sign_in[unlock]", lambda w, a: w.tx(lambda s: auth.sign_in(
        s, username="pat", password=PW, purpose="unlock")), ("user.signed_in",),
        event_actor="pat", unrefusable=SIGN_IN),
    # A password another person reset: the sign-in asks for a new one (refused, audited),
    # and with it stores the user's own and signs them in.
    Spec("auth.sign_in[after a reset]", lambda w, a: [w.tx(lambda s: svc(
        "users.reset_password")(s, actor=a, username="pat", new_password="a reset password")),
        _sign_in("pat", "a reset password")(w, a)], ("user.sign_in_refused",),
        event_actor="sign-in", reason=auth.NEW_PASSWORD_NEEDED_REASON, unrefusable=SIGN_IN),
    Spec("auth.sign_in[new password after a reset]", lambda w, a: [w.tx(lambda s: svc(
        "users.reset_password")(s, actor=a, username="pat", new_password="a reset password")),
        w.tx(lambda s: auth.sign_in(s, username="pat", password="a reset password",
                                    new_password="pat's own passphrase"))],
        ("user.password_changed", "user.signed_in"), event_actor="pat", entity_id="pat",
        unrefusable=SIGN_IN),
    # A password another person chose when creating the account: the same demand.
    Spec("auth.sign_in[first, created by another]", lambda w, a: [w.tx(lambda s: svc(
        "users.create_user")(s, actor=a, username="newbie", password=PW, roles=["reviewer"])),
        _sign_in("newbie", PW)(w, a)], ("user.sign_in_refused",), event_actor="sign-in",
        reason=auth.OWN_PASSWORD_NEEDED_REASON, entity_id="newbie", unrefusable=SIGN_IN),
    Spec("auth.sign_in[own password at first sign-in]", lambda w, a: [w.tx(lambda s: svc(
        "users.create_user")(s, actor=a, username="newbie", password=PW, roles=["reviewer"])),
        w.tx(lambda s: auth.sign_in(s, username="newbie", password=PW,
                                    new_password="newbie's own passphrase"))],
        ("user.password_changed", "user.signed_in"), event_actor="newbie",
        entity_id="newbie", unrefusable=SIGN_IN),
    Spec("auth.sign_out", lambda w, a: w.tx(lambda s: svc("auth.sign_out")(
        s, actor=a, reason="done")), ("user.signed_out",), reason="done",
        unrefusable="anybody signed in may sign out"),
    Spec("auth.record_idle_lock", lambda w, a: w.tx(lambda s: svc("auth.record_idle_lock")(
        s, actor=a)), ("user.session_locked",), reason="idle timeout",
        unrefusable="anybody's own window may lock itself"),
    Spec("auth.change_own_password", lambda w, a: w.tx(lambda s: svc(
        "auth.change_own_password")(s, actor=a, old_password=PW,
                                    new_password="another long password")),
        ("user.password_changed",), actor=Actor("pat", ("preparer",)),
        refuse=lambda w: w.tx(lambda s: svc("auth.change_own_password")(
            s, actor=Actor("pat", ("preparer",)), old_password="not it",
            new_password="another long password"))),
    Spec("auth.set_idle_timeout", lambda w, a: w.tx(lambda s: svc("auth.set_idle_timeout")(
        s, actor=a, minutes=5)), ("settings.changed",), fields=("idle_timeout_minutes",)),
    Spec("auth.set_solo_mode", lambda w, a: w.tx(lambda s: svc("auth.set_solo_mode")(
        s, actor=a, enabled=True, reason="alone")), ("settings.changed",), reason="alone",
        fields=("solo_mode",)),
    Spec("backup.set_backup_keep", lambda w, a: w.tx(lambda s: svc("backup.set_backup_keep")(
        s, keep=5, actor=a)), ("settings.changed",), fields=("backup_keep",)),
    # offline review
    Spec("review.trust_key", lambda w, a: w.tx(lambda s: svc("review.trust_key")(
        s, key_text=svc("review.installation_identity")(w.b_dir).public_key_text,
        label="Renamed laptop", actor=a)), ("key.relabelled",), fields=("label",)),
    Spec("review.trust_key[new]", lambda w, a: w.tx(lambda s: svc("review.trust_key")(
        s, key_text=svc("review.installation_identity")(w.c_dir).public_key_text,
        label="Third laptop", actor=a), on="b"), ("key.trusted",), on="b"),
    Spec("review.untrust_key", lambda w, a: w.tx(lambda s: svc("review.untrust_key")(
        s, fingerprint=svc("review.installation_identity")(w.b_dir).fingerprint, actor=a)),
        ("key.untrusted",)),
    Spec("review.export_review_pack", lambda w, a: w.tx(lambda s: svc(
        "review.export_review_pack")(s, data_dir=w.a_dir, references=[w.ids["case_ref"]],
                                     out=w.tmp / "pack3.zip", actor=a)),
        ("review.exported",)),
    Spec("review.open_review_pack", lambda w, a: w.tx(lambda s: svc("review.open_review_pack")(
        s, data_dir=w.b_dir, path=w.tmp / "pack2.zip", actor=a), on="b"),
        ("review.opened",), on="b", actor=RITA),
    Spec("review.import_pack", lambda w, a: w.tx(lambda s: svc("review.import_pack")(
        s, data_dir=w.b_dir, path=w.tmp / "pack2.zip", actor=a), on="b"),
        ("review.opened",), on="b", actor=RITA),
    Spec("review.export_response_pack", lambda w, a: w.tx(lambda s: svc(
        "review.export_response_pack")(s, data_dir=w.b_dir, pack_id=w.ids["pack_id"],
                                       out=w.tmp / "response4.zip", actor=a), on="b"),
        ("review.responded",), on="b", actor=RITA),
    Spec("review.import_response", lambda w, a: w.tx(lambda s: svc("review.import_response")(
        s, data_dir=w.a_dir, path=w.tmp / "response2.zip", actor=a)),
        ("review.imported", "comment.added", "review.recommendation")),
    Spec("review.import_response[revised]", lambda w, a: w.tx(lambda s: svc(
        "review.import_response")(s, data_dir=w.a_dir, path=w.tmp / "response3.zip", actor=a)),
        ("review.imported", "review.proposal_superseded"), fields=("deal.board_seats",)),
    Spec("review.decide_proposal", lambda w, a: w.tx(lambda s: svc("review.decide_proposal")(
        s, proposal_id=w.ids["proposal_id"], accept=True, actor=a, reason="agreed")),
        ("review.proposal_accepted", "field.changed"), fields=("deal.board_seats",),
        reason="agreed"),
    Spec("review.decide_proposal[reject]", lambda w, a: w.tx(lambda s: svc(
        "review.decide_proposal")(s, proposal_id=w.ids["proposal_id"], accept=False, actor=a,
                                  reason="no")), ("review.proposal_rejected",), reason="no"),
    # rulebook updates
    Spec("rulebook_updates.pack_rulebook_update", lambda w, a: w.tx(lambda s: svc(
        "rulebook_updates.pack_rulebook_update")(s, data_dir=w.a_dir, source=w.tmp / "rules",
                                                 out=w.tmp / "rulebook-2.zip", actor=a)),
        ("rulebook.packed",)),
    Spec("rulebook_updates.install_rulebook_update", _install_update, ("rulebook.installed",)),
    Spec("rulebook_updates.revert_rulebook_update", lambda w, a: _install_update(w, a) and w.tx(
        lambda s: svc("rulebook_updates.revert_rulebook_update")(s, data_dir=w.a_dir, actor=a)),
        ("rulebook.installed", "rulebook.reverted")),
    # reads whose names sound like writes: run, to show that they change nothing
    Spec("workspace.open_tracks", lambda w, a: w.tx(lambda s: svc("workspace.open_tracks")(s)),
         (), unrefusable="a read for anybody signed in"),
    Spec("workspace.open_deadlines", lambda w, a: w.tx(lambda s: svc(
        "workspace.open_deadlines")(s)), (), unrefusable="a read for anybody signed in"),
    Spec("filings.load_filing_data", lambda w, a: w.tx(lambda s: svc(
        "filings.load_filing_data")(s, w.ids["case_ref"])), (),
        unrefusable="a read; the services that render with it check"),
    Spec("backup.auto_backups", lambda w, a: svc("backup.auto_backups")(w.a_dir), (),
         unrefusable="lists the backups folder"),
    Spec("audit.verify", lambda w, a: w.tx(lambda s: svc("audit.verify")(s)), (),
         unrefusable="anybody may check the trail"),
    # backups
    Spec("backup.create_backup", lambda w, a: svc("backup.create_backup")(
        w.a_dir, out=w.tmp / "new-backup.zip", actor=a, db=w.a_db), ("backup.created",)),
    Spec("backup.auto_backup_if_due", lambda w, a: svc("backup.auto_backup_if_due")(
        w.a_dir, w.a_db), ("backup.created",), event_actor="system",
        refuse=lambda w: svc("backup.restore_backup")(w.a_dir, w.tmp / "letter.txt",
                                                      actor=ROOT, db=w.a_db)),
    Spec("backup.auto_backup_if_due[rotates]", lambda w, a: svc("backup.auto_backup_if_due")(
        w.a_dir, w.a_db) if _old_auto_backups(w, 8) else None,
        ("backup.created", "backup.removed"), event_actor="system",
        refuse=lambda w: svc("backup.restore_backup")(w.a_dir, w.tmp / "letter.txt",
                                                      actor=ROOT, db=w.a_db)),
    Spec("backup.finish_interrupted_restore", lambda w, a: svc(
        "backup.finish_interrupted_restore")(w.a_dir) if _cut_off_restore(w) else None,
        ("backup.restored",), event_actor="system",
        unrefusable="runs at start-up, before anybody signs in, to finish a cut-off restore"),
    Spec("backup.restore_backup", lambda w, a: svc("backup.restore_backup")(
        w.a_dir, w.tmp / "backup.zip", actor=a, db=w.a_db), ("backup.restored",),
        replaces_database=True),
]


def _installation(w: World, on: str) -> DataDir:
    return {"a": w.a_dir, "b": w.b_dir, "c": w.c_dir}[on]


@pytest.mark.parametrize("spec", [pytest.param(s, id=s.name) for s in SPECS])
def test_write_leaves_its_audit_event(spec: Spec, world: World) -> None:
    w = world
    where = _installation(w, spec.on)
    before, events_before = tables(where), event_rows(where)
    others = [_installation(w, o) for o in "abc" if o != spec.on]
    others_before = [tables(o) for o in others]
    started = datetime.now(UTC).replace(microsecond=0)
    spec.call(w, spec.actor)
    ended = datetime.now(UTC)
    after, events_after = tables(where), event_rows(where)
    assert [tables(o) for o in others] == others_before, f"{spec.name} changed another database"

    if spec.unaudited:  # a deliberate exception: no event, and nothing but its case row
        assert events_after == events_before, f"{spec.name} appended events"
        assert _changed(before, after) <= {"cases"}, _changed(before, after)
        assert after["cases"] != before["cases"], f"{spec.name} changed nothing"
        return
    if not spec.actions:  # a read: nothing at all may change
        assert after == before, f"{spec.name} only reads, yet changed {_changed(before, after)}"
        return

    # Append-only: the events before the call are still there, unchanged.
    if spec.replaces_database:
        restored = [e for e in events_after if e["action"] == "backup.restored"]
        assert restored and restored[-1]["id"] == events_after[-1]["id"]
        new = [restored[-1]]
    else:
        assert events_after[:len(events_before)] == events_before, (
            f"{spec.name} changed or removed an earlier event")
        new = events_after[len(events_before):]
    actions = [e["action"] for e in new]
    # The four-eyes check reads which actions change a case's content: each is classified.
    unclassified = set(actions) - set(ACTIONS_CHANGING_CONTENT)
    assert not unclassified, f"{spec.name}: classify {unclassified} in ACTIONS_CHANGING_CONTENT"
    for action in spec.actions:
        assert action in actions, f"{spec.name} appended {actions}, not {action}"

    actor = spec.event_actor or spec.actor.username
    for e in new:
        assert actor == "*" or e["actor"] in {actor, spec.actor.username}, (
            f"{spec.name}: event {e['action']} names {e['actor']!r}, not {actor!r}")
        if e["actor"] not in {"sign-in", "system"}:
            assert e["role"], f"{spec.name}: event {e['action']} names no role"
        assert UTC_TIME.match(e["occurred_at"]), e["occurred_at"]
        when = datetime.fromisoformat(e["occurred_at"].replace("Z", "+00:00"))
        assert started <= when <= ended, f"{spec.name}: {e['occurred_at']} is not now (UTC)"
        if spec.reason and e["action"] in spec.actions:
            assert spec.reason in e["reason"], (
                f"{spec.name}: event {e['action']} lost the reason {spec.reason!r}")
        # Said in words in the audit window and the CSV, not as its raw stored values.
        details = stored_value(e["details"])
        facts = EventFacts(e["action"], e["entity_id"], e["field"], stored_value(e["old_value"]),
                           stored_value(e["new_value"]), details if isinstance(details, dict)
                           else None)
        assert has_words(facts), (f"{spec.name}: give {e['action']} as recorded a sentence in "
                                  f"domain.event_text ({event_sentence(facts)!r})")
    for field in spec.fields:
        hits = [e for e in new if e["field"] == field]
        assert hits, f"{spec.name}: no event for the change of {field} (fields: " \
                     f"{[e['field'] for e in new]})"
        for e in hits:
            assert e["old_value"] is not None and e["new_value"] is not None, (
                f"{spec.name}: {field} changed without old and new value")
            assert e["old_value"] != e["new_value"], f"{spec.name}: {field} {e['old_value']}"
    _assert_named_changes(spec, where, before, after, new)
    if spec.entity_id is not None:
        for e in new:
            if e["action"] in spec.actions:
                assert e["entity_id"] == spec.entity_id, (spec.name, e["action"], e["entity_id"])
    olds = " ".join(e["old_value"] or "" for e in new if e["action"] in spec.actions)
    for text in spec.old_mentions:
        assert text in olds, f"{spec.name}: the replaced {text!r} is not in the trail ({olds})"
    _assert_updates_name_old_values(spec, where, before, after, new)
    assert chain_break(where) is None


def _changed(before: dict[str, dict], after: dict[str, dict]) -> set[str]:
    return {t for t in before.keys() | after.keys() if before.get(t) != after.get(t)}


# Columns updated in place whose earlier value the trail need not repeat, and why.
NO_OLD_VALUE: dict[tuple[str, str], str] = {
    ("*", "version"): "the optimistic-locking counter",
    ("*", "updated_at"): "when, which the event's own time records",
    ("*", "updated_by"): "who, which the event's actor records",
    ("users", "password_hash"): "a secret: the trail says that it changed, never what it is",
    ("users", "failed_attempts"): "a counter; each failed attempt is its own event",
    ("users", "last_sign_in_at"): "each sign-in is its own event",
    ("users", "locked_until"): "set by the lock-out event (its new value), cleared by events",
    ("screenings", "current"): "the earlier screening stays, superseded, in its own row",
    ("cases", "action_regimes"): "derived from the screening the event records",
    ("parties", "*"): "derived from the case's facts, whose changes are events of their own",
}


# Columns whose every change the trail must name, as an event's field or a key of its
# details (old and new): the deadlines.
MUST_NAME: dict[tuple[str, str], str] = {
    ("filing_tracks", "due_date"): "due_date",
    ("obligations", "due_date"): "due_date",
}


def _assert_named_changes(spec: Spec, where: DataDir, before: dict[str, dict],
                          after: dict[str, dict], new: list[dict[str, Any]]) -> None:
    if spec.replaces_database:
        return
    for (table, column), key in MUST_NAME.items():
        if before.get(table) == after.get(table):
            continue
        index = _columns(where, table).index(column)
        moved = [rowid for rowid, row in before[table].items()
                 if rowid in after[table] and after[table][rowid][index] != row[index]]
        if not moved:
            continue
        named = [e for e in new if e["field"] == key or key in json.loads(e["details"] or "{}")]
        assert named, f"{spec.name} changed {table}.{column} of {moved} and no event says so"


def _columns(data_dir: DataDir, table: str) -> list[str]:
    conn = _connect(data_dir)
    try:
        return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
    finally:
        conn.close()


def _assert_updates_name_old_values(spec: Spec, where: DataDir, before: dict[str, dict],
                                    after: dict[str, dict], new: list[dict[str, Any]]) -> None:
    """A row updated in place or deleted (not inserted) needs an event holding an old
    value, so the trail says what was there before, not only what is there now."""
    if spec.replaces_database or spec.no_old_value:
        return
    updated = set()
    for table in _changed(before, after) - {"events"}:
        if (table, "*") in NO_OLD_VALUE:
            continue
        names = _columns(where, table)
        for rowid, row in before.get(table, {}).items():
            now = after.get(table, {}).get(rowid)
            if now is None:
                updated.add(f"{table} (a row deleted)")
                continue
            for name, old, value in zip(names, row, now, strict=True):
                if old != value and (table, name) not in NO_OLD_VALUE \
                        and ("*", name) not in NO_OLD_VALUE:
                    updated.add(f"{table}.{name}")
    if updated:
        assert any(e["old_value"] is not None for e in new), (
            f"{spec.name} updated {sorted(updated)} but no event holds an old value "
            f"({[e['action'] for e in new]})")


@pytest.mark.parametrize("spec", [s for s in SPECS if not s.unrefusable], ids=lambda s: s.name)
def test_refused_call_writes_nothing(spec: Spec, world: World) -> None:
    w = world
    before = {d.root: (tables(d), sorted(p.name for p in w.tmp.iterdir()))
              for d in (w.a_dir, w.b_dir, w.c_dir)}
    # Without a role the check itself refuses; bad input is refused as such.
    with pytest.raises(ApprovalsError if spec.refuse else PermissionDenied):
        if spec.refuse is not None:
            spec.refuse(w)
        else:
            spec.call(w, replace(NOBODY, username=f"{spec.actor.username}-nobody"))
    for d in (w.a_dir, w.b_dir, w.c_dir):
        assert (tables(d), sorted(p.name for p in w.tmp.iterdir())) == before[d.root], (
            f"a refused {spec.name} wrote something")


# Bad input, a stale version or a refused step, by someone allowed: refused, nothing written.
BAD_INPUT: list[tuple[str, Callable[[World], Any]]] = [
    ("case_edit.update_case_facts[stale version]", lambda w: w.tx(lambda s: svc(
        "case_edit.update_case_facts")(session=s, case_id=w.ids["case_id"],
                                       expected_version=w.ids["case_version"] - 1,
                                       new_facts=_changed_facts(w), actor=ROOT))),
    ("workflow.transition[unknown input]", lambda w: w.tx(lambda s: svc("workflow.transition")(
        session=s, track_id=w.ids["track_id"], transition_name="submit_for_review",
        actor=ROOT, expected_version=w.ids["track_version"], colour="red"))),
    ("workflow.transition[stale version]", lambda w: w.tx(lambda s: svc("workflow.transition")(
        session=s, track_id=w.ids["track_id"], transition_name="submit_for_review",
        actor=ROOT, expected_version=w.ids["track_version"] + 1))),
    ("workflow.set_obligation_status[bad status]", lambda w: w.tx(lambda s: svc(
        "workflow.set_obligation_status")(session=s, obligation_id=w.ids["obligation_id"],
                                          status="maybe", actor=ROOT))),
    ("workflow.correct_calendar_day[no reason]", lambda w: w.tx(lambda s: svc(
        "workflow.correct_calendar_day")(session=s, actor=ROOT, calendar="CN",
                                         day=date(2027, 1, 4), kind="holiday", name="closure",
                                         source="notice", reason=" "))),
    ("workflow.correct_calendar_day[no source]", lambda w: w.tx(lambda s: svc(
        "workflow.correct_calendar_day")(session=s, actor=ROOT, calendar="CN",
                                         day=date(2027, 1, 4), kind="holiday", name="closure",
                                         source=" ", reason="closure"))),
    ("calendar_effects.remove_calendar_correction[no correction]", lambda w: w.tx(
        lambda s: svc("calendar_effects.remove_calendar_correction")(
            session=s, actor=ROOT, calendar="CN", day=date(2033, 1, 4), reason="called off"))),
    ("calendar_effects.remove_calendar_year[no reason]", lambda w: w.tx(
        lambda s: svc("calendar_effects.remove_calendar_year")(
            session=s, actor=ROOT, calendar="CN", year=2032, reason=" "))),
    ("calendar_effects.remove_calendar_year[a shipped year]", lambda w: w.tx(
        lambda s: svc("calendar_effects.remove_calendar_year")(
            session=s, actor=ROOT, calendar="CN", year=2026, reason="wrong year"))),
    ("workflow.add_calendar_year[no source]", lambda w: w.tx(lambda s: svc(
        "workflow.add_calendar_year")(session=s, actor=ROOT, calendar="CN", year=2031,
                                      source="", days=[]))),
    ("users.create_user[short password]", lambda w: w.tx(lambda s: svc("users.create_user")(
        s, actor=ROOT, username="newbie", password="short", roles=["reviewer"]))),
    ("users.set_roles[unknown role]", lambda w: w.tx(lambda s: svc("users.set_roles")(
        s, actor=ROOT, username="pat", roles=["emperor"]))),
    ("auth.set_idle_timeout[zero]", lambda w: w.tx(lambda s: svc("auth.set_idle_timeout")(
        s, actor=ROOT, minutes=0))),
    ("case_lifecycle.close_case[no reason]", lambda w: w.tx(lambda s: svc(
        "case_lifecycle.close_case")(session=s, case_id=w.ids["case_id"], actor=ROOT,
                                     expected_version=w.ids["case_version"], reason=" "))),
    ("case_lifecycle.close_case[stale version]", lambda w: w.tx(lambda s: svc(
        "case_lifecycle.close_case")(session=s, case_id=w.ids["case_id"], actor=ROOT,
                                     expected_version=w.ids["case_version"] + 5, reason="x"))),
    ("case_lifecycle.reopen_case[not closed]", lambda w: w.tx(lambda s: svc(
        "case_lifecycle.reopen_case")(session=s, case_id=w.ids["case_id"], actor=ROOT,
                                      expected_version=w.ids["case_version"], reason="x"))),
    ("case_owner.change_owner[no reason]", lambda w: w.tx(lambda s: svc(
        "case_owner.change_owner")(s, reference=w.ids["case_ref"], new_owner="pat", actor=ROOT,
                                   reason=" ", expected_version=w.ids["case_version"]))),
    ("case_owner.change_owner[deactivated user]", lambda w: w.tx(lambda s: svc(
        "case_owner.change_owner")(s, reference=w.ids["case_ref"], new_owner="gone",
                                   actor=ROOT, reason="x",
                                   expected_version=w.ids["case_version"]))),
    ("case_lifecycle.discard_draft[a case]", lambda w: w.tx(lambda s: svc(
        "case_lifecycle.discard_draft")(session=s, reference=w.ids["case_ref"], actor=ROOT,
                                        reason="x"))),
    ("backup.set_backup_keep[zero]", lambda w: w.tx(lambda s: svc("backup.set_backup_keep")(
        s, keep=0, actor=ROOT))),
    ("documents.withdraw_document[no reason]", lambda w: w.tx(lambda s: svc(
        "documents.withdraw_document")(s, actor=ROOT, document_id=w.ids["doc_id"], reason=" "))),
    ("documents.withdraw_document[unknown document]", lambda w: w.tx(lambda s: svc(
        "documents.withdraw_document")(s, actor=ROOT, document_id=99999, reason="x"))),
    ("documents.set_document_type[a filing's own type]", lambda w: w.tx(lambda s: svc(
        "documents.set_document_type")(s, actor=ROOT, document_id=w.ids["doc_id"],
                                       doc_type="cn-application"))),
    ("documents.set_restriction[unknown user]", lambda w: w.tx(lambda s: svc(
        "documents.set_restriction")(s, actor=ROOT, document_id=w.ids["doc_id"],
                                     restricted=True, allowed_users=["nobody-here"]))),
    ("review.import_response[not a pack]", lambda w: w.tx(lambda s: svc(
        "review.import_response")(s, data_dir=w.a_dir, path=w.tmp / "letter.txt", actor=ROOT))),
    ("review.trust_key[not a key]", lambda w: w.tx(lambda s: svc("review.trust_key")(
        s, key_text="not a key", label="laptop", actor=ROOT))),
    ("workspace.add_comment[empty]", lambda w: w.tx(lambda s: svc("workspace.add_comment")(
        s, actor=ROOT, reference=w.ids["case_ref"], body="  "))),
    ("backup.restore_backup[not a backup]", lambda w: svc("backup.restore_backup")(
        w.a_dir, w.tmp / "pack1.zip", actor=ROOT, db=w.a_db)),
    ("rulebook_updates.install_rulebook_update[a review pack]", lambda w: w.tx(lambda s: svc(
        "rulebook_updates.install_rulebook_update")(s, data_dir=w.a_dir, path=w.tmp / "pack1.zip",
                                                    actor=ROOT))),
    ("rulebook_updates.revert_rulebook_update[nothing installed]", lambda w: w.tx(lambda s: svc(
        "rulebook_updates.revert_rulebook_update")(s, data_dir=w.a_dir, actor=ROOT))),
]


@pytest.mark.parametrize("call", [c for _, c in BAD_INPUT], ids=[n for n, _ in BAD_INPUT])
def test_bad_input_writes_nothing(call: Callable[[World], Any], world: World) -> None:
    before = [tables(d) for d in (world.a_dir, world.b_dir, world.c_dir)]
    with pytest.raises(ApprovalsError) as err:
        call(world)
    assert not isinstance(err.value, PermissionDenied), err.value  # refused for the input
    assert [tables(d) for d in (world.a_dir, world.b_dir, world.c_dir)] == before


# --- every public service function is classified -----------------------------------------

# Names that say "this writes": such a function needs a row (or a COVERED_BY entry); it
# cannot be waved through as a read. Reads that sound like writes get a row too, which
# then proves, by running them, that they change nothing.
WRITE_VERB = re.compile(
    r"^(accept|add|advance|apply|approve|archive|attach|auto|cancel|change|clear|complete|"
    r"correct|create|decide|delete|deactivate|drop|edit|export|finalise|finish|grant|import|"
    r"insert|load|lock|mark|merge|move|open|propose|purge|put|reactivate|record|reject|"
    r"relabel|remove|rename|render|reopen|replace|rescreen|reset|restore|restrict|revoke|"
    r"save|screen|set|sign|store|submit|transition|trust|unlock|untrust|update|upsert|"
    r"withdraw|write)(_|$)")

# Functions that write to no database, and why (the verb rule lets them through here).
NO_DATABASE: dict[str, str] = {
    "review.add_review_comment": "the reviewer's input, kept in the opened pack's files; "
                                 "review.export_response_pack is the audited write",
    "review.propose_change": "as review.add_review_comment",
    "review.set_recommendation": "as review.add_review_comment",
    "review.keep_typed_input": "typing not saved yet, kept beside the opened pack's files; "
                               "never review input, never in a response",
    "review.typed_input": "reads what review.keep_typed_input kept",
    "review.set_path": "sets a value in the facts dictionary it is given (pure)",
    "review.standing": "which of the recommendations it is given stand (pure)",
    "documents.people_text": "words for the logins and names it is given (pure)",
    "demo_documents.write_pdf": "writes a demo document's PDF file, which is attached by "
                                "demo_documents.add_demo_documents",
    "documents.remove_old_open_copies": "removes the copies documents.copy_to_open handed "
                                        "out (recorded: the documents' opening is a read)",
}

# Database writes that run inside another row's call, and which.
COVERED_BY: dict[str, str] = {
    # Runs the calendar edit it is given (that edit's rows are audited) and reads the trail.
    "calendar_effects.with_deadline_changes": "workflow.add_calendar_year",
    # Runs the calendar edit it is given in a savepoint it rolls back: nothing is kept.
    "calendar_effects.preview_deadline_changes": "workflow.add_calendar_year",
    "demo_documents.add_demo_documents": "demo.load_demo",
    "case_lifecycle.saved_change": "case_owner.change_owner",
    "demo_workflow.advance_demo_tracks": "demo.load_demo",
}

# Functions that only read (or compute), and why.
READ_ONLY: dict[str, str] = {
    **{f"access.{n}": "the permission check: reads the acting user"
       for n in ("current_actor", "require", "require_any", "require_every_document",
                 "require_with")},
    **{f"auth.{n}": "a helper of sign-in that reads or computes"
       for n in ("actor_for", "check_password_rules", "current_lock", "find_user",
                 "get_security_settings", "hash_password", "iso", "utc_clock_text",
                 "lockout_message", "normalise_password", "parse_iso", "user_roles", "utc",
                 "check_session", "current_stamp", "session_stamp", "seconds_left",
                 "password_set_by_another", "passwords_set_by_another",
                 "new_password_needed", "lockout_end")},
    **{f"backup.{n}": "reads the backups folder or a setting"
       for n in ("backup_keep", "list_backups")},
    "backup.verify_backup": "checks a backup file (unpacked into a folder it is given)",
    "backup.stopped_auto_backup": "reads the note a stopped automatic backup left in logs/",
    "backup.active_users": "reads a backup's (or the restored) database's user names",
    "backup.trusted_keys": "reads a database's trusted keys (a backup's, or the data folder's)",
    "backup.trusted_keys_compared": "words the difference between two sets of trusted keys",
    "backup.check_for_restore": "checks a backup, unpacked into the data folder's work folder "
                                "for the restore that uses it (which is audited); no data changes",
    "backup.replaced_copies": "lists the copies earlier restores kept, with their sizes",
    **{f"backup.{n}": "words for a restore's confirmation (pure)"
       for n in ("not_a_user_after_restore", "older_database_note")},
    "case_edit.fields_changed_since": "reads the trail",
    **{f"audit_view.{n}": "reads the trail (the audit window's pages and filter lists)"
       for n in ("audit_page", "audit_page_at", "audit_count", "audit_choices",
                 "matching_event_ids")},
    "audit_view.day_range_utc": "local days as UTC stamps (pure)",
    "audit_view.trail_sentence": "an event in words, as the audit window and CSV say it (pure)",
    "audit_view.user_names": "reads the users' full names (what the trail's logins are shown with)",
    **{f"audit_view.{n}": "who acted, in words (pure)"
       for n in ("person_text", "person_named", "acting_text", "logins_named", "owner_tip")},
    "audit_view.sees_everything": "a question about the actor",
    **{f"calendar_effects.{n}": "reads the trail (the deadlines a calendar edit recounted)"
       for n in ("deadline_changes_since", "last_event_id")},
    **{f"calendar_effects.{n}": "reads the trail (the days corrected since a year's entry)"
       for n in ("corrections_since_entered", "entered_with_year")},
    "calendar_effects.year_removal": "reads what removing an entered year would do (the "
                                     "entry, its corrections, the trail before it)",
    **{f"case_lifecycle.{n}": "reads a case and its trail (refusing, for the guards)"
       for n in ("closing_problems", "ending_of", "lifecycle_availability",
                 "read_only_message", "refuse_if_read_only", "writable_case",
                 "writable_case_by_reference")},
    "case_lifecycle.status_refusal": "words for the menu items from a status (pure)",
    "case_edit.leaf_changes": "compares two values (pure)",
    "case_edit.rebased_facts": "puts changes typed against older facts on the current ones (pure)",
    **{f"cases.{n}": "words for the case list (pure)" for n in (
        "deadline_text", "status_text", "status_explained", "case_status_words")},
    "screening.recited_words": "words for outcomes cited differently (pure)",
    **{f"cases.{n}": "reads cases"
       for n in ("case_id_for", "facts_dict", "get_case", "list_cases", "next_reference",
                 "cases_with_same_facts", "cases_of_the_same_deal")},
    "demo.demo_facts": "the demo's data",
    "demo.demo_plan": "counts the cases, the demo's and others",
    "case_owner.owner_choices": "reads a case's owner and the users it could go to",
    "demo_documents.demo_documents": "the demo's data",
    "demo_workflow.demo_workflow": "the demo's data",
    "demo_workflow.demo_people": "the demo's data",
    "demo_workflow.demo_case": "reads a case (the demo's, by its facts' reference)",
    "documents.may_open": "a question about the actor",
    "documents.in_force": "a question about a document (pure)",
    "exports.safe_cell": "formats one CSV cell (pure)",
    "deadline_report.deadline_report": "reads the deadlines (checked as the exports)",
    **{f"deadline_report.{n}": "reads the holiday calendars (the amber limits)"
       for n in ("due_soon_limit", "due_soon_limits")},
    **{f"deadline_report.{n}": "words, sections or keys of the report's rows (pure)"
       for n in ("included_text", "key_of", "prohibition_note", "section_of", "state_words")},
    **{f"filings.{n}": "reads or computes"
       for n in ("applicable_kinds", "last_particulars_change", "particulars_key",
                 "particulars_permission")},
    "filings.required_documents": "reads the filing forms (resources)",
    **{f"filing_check.{n}": "checks a filing PDF or a paper copy against its case (reads)"
       for n in ("check_filing", "check_paper_copy")},
    **{f"filing_check.{n}": "reads a PDF's metadata or a typed value (pure)"
       for n in ("read_pdf_claim", "clean_fingerprint", "fingerprint_typed",
                 "clean_generated_at")},
    "filing_check.claim_line": "words for what a file claims to be (pure)",
    "particulars.particulars_form": "the form's layout",
    "review.check_field_path": "validates a path (pure)",
    "workflow.obligation_as_shown": "a stored condition's text and due date on the current "
                                    "calendar (reads; the recount is stored by a calendar edit)",
    **{f"rulebook.{n}": "reads the rule files and clock data (resources), no database"
       for n in ("clock_rows", "follow_up_rows", "parameter_lines", "rulebook_overview")},
    "rulebook.later_changes": "compares two rulebooks' rule files (reads; no database)",
    "rulebook.later_change_days": "compares two rulebooks read already (pure)",
    "rulebook_updates.plan_install": "what an install would change, checked as an install "
                                     "checks it (reads; the preview shows it first)",
    "rulebook_updates.outcome_words": "words for an outcome (pure)",
    "rulebook_updates.cases_text": "words for the open cases an update changes (pure)",
    **{f"rulebook.{n}": "reads the data folder's record of installed rulebook updates"
       for n in ("installed_updates", "rulebook_for", "rulebook_in_use")},
    "rulebook_updates.check_update_folder": "validates a rulebook folder with the loader "
                                            "(reads it; writes only a temporary copy)",
    "rulebook_updates.signer_words": "words for an update's signer (pure)",
    "rulebook_updates.plan_revert": "what a revert would put in use and the open cases it "
                                    "would change (reads; a confirmation shows it first)",
    **{f"review.{n}": "reads packs, keys or proposals"
       for n in ("get_review", "list_open_reviews", "list_proposals", "list_recommendations",
                 "list_trusted_keys", "reviews_dir", "pending_proposal_counts",
                 "proposal_so_far", "holds_a_pack")},
    "review.identity_of": "this installation's key pair (created in the keys folder once)",
    "review.installation_identity": "as review.identity_of",
    **{f"screening.{n}": "reads screenings" for n in ("current_screening", "screening_history",
                                                      "unscreened_changes", "unscreened_of")},
    "screening.unverified_rules": "reads the rulebook in use for a screening's citations",
    "screening.unverified_of": "as screening.unverified_rules, for given rule ids",
    "screening.control_threshold_of": "reads the rulebook's control stake figure",
    "screening.check_open_cases": "rescreen_open_cases with counts and progress (reads)",
    "screening.compare_open_cases": "the open cases under two rulebooks, for an install "
                                    "preview (reads)",
    "users.check_new_user": "checks a new user's particulars; given a session, reads the "
                            "users for a name taken or too like one (reads)",
    "users.skeleton": "folds look-alike characters of a user name (pure)",
    "auth.canonical_username": "a typed user name's stored form (pure)",
    "filings.check_filing_particulars": "checks filing particulars (pure)",
    "review.check_key_to_trust": "checks a public key, label and fingerprint (pure)",
    "review.unreadable_place_words": "why a proposed place cannot be accepted (pure)",
    "review.value_problem": "why a proposed value cannot go into its field (pure)",
    "review.refused_value_words": "why a proposed value cannot be accepted (pure)",
    "review.key_text_from_pack": "reads the key a pack names; trust_key is the audited write",
    **{f"users.{n}": "reads users"
       for n in ("can_manage", "first_start_needed", "get_user", "last_admin_reason",
                 "list_users")},
    "users.demo_people_without_accounts": "reads the audit trail's actors and the users",
    **{f"workflow.{n}": "reads tracks, calendars or settings"
       for n in ("calendar_for", "calendar_years", "case_tracks", "check_version",
                 "completion_blockers", "list_obligations", "solo_mode", "track_history",
                 "track_view", "projected_notification_due")},
    "workflow.awaits_completion": "a question about a track (pure)",
    "review.own_fingerprint": "reads this installation's key file (makes none)",
    "review.tied_fields": "pure: the fields of a group stated only whole, from the schema",
    "review.tied_changes": "pure: the tied fields changed between two facts",
    "review.tied_changed_words": "pure: those changes in words",
    "backup.made_elsewhere_note": "words of two fingerprints it is given (pure)",
    "workflow.condition_due": "a condition's due date on a calendar it is given (pure)",
    "workflow.conditions_calendar": "reads the track's holiday calendar",
    "workflow.effective_on": "the date a history entry took effect (pure)",
    "workflow.solo_mode_kept": "what a step's event kept of solo mode (pure)",
    "workflow.latest_step": "the latest step of a history it is given (pure)",
    **{f"approval_changes.{n}": "reads facts edits and track steps from the audit trail"
       for n in ("case_changes_after_approval", "track_changes_after_approval")},
    **{f"workspace.{n}": "reads the workspace"
       for n in ("case_bundle", "case_stamp", "track_info", "track_states",
                 "expected_notifications", "blocked_without_tracks")},
}


def public_service_functions() -> set[str]:
    found = set()
    for info in pkgutil.iter_modules(services_package.__path__):
        module = importlib.import_module(f"approvals.services.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and fn.__module__ == module.__name__:
                found.add(f"{info.name}.{name}")
    return found


def test_every_service_function_is_in_the_matrix_or_allowed() -> None:
    """A new public service function fails here until it gets a row (or, reading only, an
    entry in READ_ONLY saying so)."""
    rows = {s.name.split("[")[0] for s in SPECS}
    lists = (rows, set(NO_DATABASE), set(COVERED_BY), set(READ_ONLY))
    functions = public_service_functions()
    unclassified = sorted(functions.difference(*lists))
    assert unclassified == [], f"not in the audit matrix nor allowed: {unclassified}"
    twice = sorted(n for n in functions
                   if sum(n in group for group in lists) > 1)
    assert twice == [], f"classified twice: {twice}"
    stale = sorted(set().union(*lists) - functions)
    assert stale == [], f"classified but gone: {stale}"
    sounds_written = sorted(n for n in READ_ONLY if WRITE_VERB.match(n.split(".")[1]))
    assert sounds_written == [], (
        f"named like writes, so give them a row (a read row proves they change nothing): "
        f"{sounds_written}")
    assert set(COVERED_BY.values()) <= rows


def test_rows_are_well_formed() -> None:
    """One row per name; reasons and field changes only where events are expected."""
    names = [s.name for s in SPECS]
    assert len(names) == len(set(names)), "duplicate rows"
    for spec in SPECS:
        if spec.reason:
            assert spec.actions, spec.name
        if not spec.actions:
            assert not spec.fields and not spec.reason, spec.name


APPROVALS = Path(__file__).resolve().parents[2] / "approvals"
# What writes rows: only the services may use it (the store defines it), so that every
# write of the application passes through a function the matrix calls.
WRITE_CALL = re.compile(r"\bsession\.(add|add_all|delete|merge)\(|\bput_setting\(|"
                        r"\bappend_event\(|(?<![.\w])(insert|update|delete)\([A-Z]\w*\)|"
                        r"\b(INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\"?\w+\"?\s+SET|DELETE\s+FROM)\b")
EVENT_REWRITE = re.compile(r"\b(UPDATE\s+\"?events\b|DELETE\s+FROM\s+\"?events\b|"
                           r"REPLACE\s+INTO\s+\"?events\b)|\b(update|delete)\(Event\)", re.I)


def test_only_services_write_and_nothing_rewrites_an_event() -> None:
    outside, rewrites = [], []
    for path in sorted(APPROVALS.rglob("*.py")):
        part = path.relative_to(APPROVALS).parts[0]
        text = path.read_text(encoding="utf-8")
        if part not in ("services", "store") and WRITE_CALL.search(text):
            outside.append(str(path.relative_to(APPROVALS)))
        if "migrations" not in path.parts and EVENT_REWRITE.search(text):
            rewrites.append(str(path.relative_to(APPROVALS)))
    assert outside == [], f"rows written outside the services (and the matrix): {outside}"
    assert rewrites == [], f"code that changes or removes audit events: {rewrites}"
