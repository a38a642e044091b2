"""The permission matrix: every service called as every role.

A role without the permission must be refused with a message naming the user, what they
may not do and the role it needs, and nothing may change: not a row in any table, not a
file in the data folder. A role with the permission must get past the check (the call
then succeeds or fails for an ordinary reason such as a missing pack, never for lack of
permission). A second test makes sure no service of a covered module escapes the matrix.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlmodel import Session, select

from approvals.domain.errors import ApprovalsError, PermissionDenied
from approvals.domain.facts import parse_facts
from approvals.domain.permissions import PERMISSIONS, ROLE_NAMES, ROLES, require
from approvals.paths import DataDir
from approvals.services import auth
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.migrate import open_database
from tests.conftest import new_database, open_copy

EXAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "examples" / "frontier-lab.json"
PW = "correct horse battery"
ROLE_CHOICES: tuple[str, ...] = (*ROLES, "none")
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


def actor_for(role: str) -> Actor:
    return Actor(username=f"u_{role}", roles=() if role == "none" else (role,))


def example_facts() -> dict[str, Any]:
    if EXAMPLE.is_file():
        return json.loads(EXAMPLE.read_text(encoding="utf-8"))
    from approvals.services.demo import demo_facts

    return demo_facts()[0]


@dataclass
class Ctx:
    """What a service call in the matrix can use."""

    session: Session
    actor: Actor
    data_dir: DataDir
    case_id: int
    case_ref: str
    doc_id: int
    draft_ref: str
    tmp: Path
    track_id: int
    track_version: int
    case_version: int
    db: Database | None = None


@dataclass(frozen=True)
class Spec:
    name: str  # "module.function"
    # a key of PERMISSIONS, "any:P1,P2" (either will do) or "transition:NAME" (the
    # workflow step's own roles)
    permission: str
    call: Callable[[Ctx], Any]


def svc(name: str) -> Callable[..., Any]:
    module, function = name.split("[")[0].rsplit(".", 1)
    return getattr(importlib.import_module(f"approvals.services.{module}"), function)


def _facts() -> Any:
    return parse_facts(example_facts())


def _rendered(c: Ctx) -> Any:
    """A rendered draft of the matrix's case, as the filing preview holds one."""
    return svc("filings.RenderedFiling")(pdf=b"%PDF-1.4", fingerprint="0" * 64, page_count=1,
                                         missing=(), kind="status-report",
                                         reference=c.case_ref, final=False, stage="draft")


SPECS: list[Spec] = [
    # cases, drafts, demo
    Spec("cases.create_case", "case.create",
         lambda c: svc("cases.create_case")(c.session, facts=_facts(), actor=c.actor)),
    Spec("cases.import_case", "case.create",
         lambda c: svc("cases.import_case")(c.session, data=example_facts(), actor=c.actor)),
    Spec("demo.load_demo", "case.create",
         lambda c: svc("demo.load_demo")(c.session, actor=c.actor)),
    Spec("drafts.save_draft", "case.create",
         lambda c: svc("drafts.save_draft")(c.session, actor=c.actor, data={"target": {}})),
    Spec("drafts.load_draft", "case.create",
         lambda c: svc("drafts.load_draft")(c.session, actor=c.actor, reference=c.draft_ref)),
    Spec("drafts.finish_draft", "case.create",
         lambda c: svc("drafts.finish_draft")(c.session, actor=c.actor, reference=c.draft_ref,
                                              data=example_facts())),
    # a case's life cycle (closing an open case withdraws its draft tracks)
    Spec("case_lifecycle.close_case", "case.close",
         lambda c: svc("case_lifecycle.close_case")(session=c.session, case_id=c.case_id,
                                                    actor=c.actor, reason="deal lapsed",
                                                    expected_version=c.case_version)),
    Spec("case_lifecycle.reopen_case", "case.close",
         lambda c: svc("case_lifecycle.reopen_case")(session=c.session, case_id=c.case_id,
                                                     actor=c.actor, reason="back",
                                                     expected_version=c.case_version)),
    # handing a case over (its owner may too: tests/unit/test_case_owner.py)
    Spec("case_owner.change_owner", "case.assign",
         lambda c: svc("case_owner.change_owner")(c.session, reference=c.case_ref,
                                                  new_owner="u_preparer", actor=c.actor,
                                                  reason="desk change",
                                                  expected_version=c.case_version)),
    Spec("case_lifecycle.discard_draft", "case.create",
         lambda c: svc("case_lifecycle.discard_draft")(session=c.session,
                                                       reference=c.draft_ref, actor=c.actor,
                                                       reason="entered twice")),
    # documents
    Spec("documents.attach_document", "document.attach",
         lambda c: svc("documents.attach_document")(
             c.session, actor=c.actor, data_dir=c.data_dir, case_id=c.case_id,
             source=c.tmp / "letter.txt")),
    Spec("documents.list_documents", "document.open",
         lambda c: svc("documents.list_documents")(c.session, actor=c.actor, case_id=c.case_id)),
    Spec("documents.document_path", "document.open",
         lambda c: svc("documents.document_path")(c.session, actor=c.actor, data_dir=c.data_dir,
                                                  document_id=c.doc_id)),
    Spec("documents.copy_to_open", "document.open",
         lambda c: svc("documents.copy_to_open")(c.session, actor=c.actor, data_dir=c.data_dir,
                                                 document_id=c.doc_id)),
    Spec("documents.export_document", "document.open",
         lambda c: svc("documents.export_document")(c.session, actor=c.actor, data_dir=c.data_dir,
                                                    document_id=c.doc_id,
                                                    destination=c.tmp / "out.txt")),
    # spreadsheet exports
    Spec("exports.export_audit_csv", "audit.export",
         lambda c: svc("exports.export_audit_csv")(c.session, actor=c.actor,
                                                   out=c.tmp / "trail.csv",
                                                   case_reference=c.case_ref)),
    Spec("exports.export_case_list_csv", "audit.export",
         lambda c: svc("exports.export_case_list_csv")(c.session, actor=c.actor,
                                                       out=c.tmp / "cases.csv")),
    Spec("documents.set_restriction", "document.restrict",
         lambda c: svc("documents.set_restriction")(c.session, actor=c.actor, document_id=c.doc_id,
                                                    restricted=True, allowed_users=["u_admin"])),
    # Withdrawing takes back what attaching put in: the same permission.
    Spec("documents.withdraw_document", "document.attach",
         lambda c: svc("documents.withdraw_document")(c.session, actor=c.actor,
                                                      document_id=c.doc_id, reason="wrong file")),
    # Saying what an attached file is: as attaching it with its type, the same permission.
    Spec("documents.set_document_type", "document.attach",
         lambda c: svc("documents.set_document_type")(c.session, actor=c.actor,
                                                      document_id=c.doc_id, doc_type="kyc")),
    # users and settings
    Spec("users.create_user", "user.manage",
         lambda c: svc("users.create_user")(c.session, actor=c.actor, username="newbie",
                                            password=PW, roles=["reviewer"])),
    Spec("users.set_roles", "user.manage",
         lambda c: svc("users.set_roles")(c.session, actor=c.actor, username="u_preparer",
                                          roles=["preparer", "reviewer"])),
    Spec("users.set_display_name", "user.manage",
         lambda c: svc("users.set_display_name")(c.session, actor=c.actor, username="u_preparer",
                                                 display_name="Pat Preparer")),
    Spec("users.deactivate_user", "user.manage",
         lambda c: svc("users.deactivate_user")(c.session, actor=c.actor, username="u_preparer")),
    Spec("users.reactivate_user", "user.manage",
         lambda c: svc("users.reactivate_user")(c.session, actor=c.actor, username="gone")),
    Spec("users.reset_password", "user.manage",
         lambda c: svc("users.reset_password")(c.session, actor=c.actor, username="u_preparer",
                                               new_password="a new long password")),
    Spec("users.unlock_user", "user.manage",
         lambda c: svc("users.unlock_user")(c.session, actor=c.actor, username="locked")),
    Spec("auth.set_idle_timeout", "settings.manage",
         lambda c: svc("auth.set_idle_timeout")(c.session, actor=c.actor, minutes=5)),
    Spec("auth.set_solo_mode", "settings.manage",
         lambda c: svc("auth.set_solo_mode")(c.session, actor=c.actor, enabled=True)),
    # offline review (packs that do not exist make allowed calls fail for ordinary reasons)
    Spec("review.trust_key", "settings.manage",
         lambda c: svc("review.trust_key")(c.session, key_text="not a key", label="laptop",
                                           actor=c.actor)),
    Spec("review.untrust_key", "settings.manage",
         lambda c: svc("review.untrust_key")(c.session, fingerprint="00" * 32, actor=c.actor)),
    # rulebook updates (an update file that does not exist, a folder that is none, nothing
    # installed: allowed calls fail for ordinary reasons)
    Spec("rulebook_updates.install_rulebook_update", "rulebook.install",
         lambda c: svc("rulebook_updates.install_rulebook_update")(
             c.session, data_dir=c.data_dir, path=c.tmp / "missing.zip", actor=c.actor)),
    Spec("rulebook_updates.revert_rulebook_update", "rulebook.install",
         lambda c: svc("rulebook_updates.revert_rulebook_update")(
             c.session, data_dir=c.data_dir, actor=c.actor)),
    Spec("rulebook_updates.pack_rulebook_update", "rulebook.install",
         lambda c: svc("rulebook_updates.pack_rulebook_update")(
             c.session, data_dir=c.data_dir, source=c.tmp / "no-rules", out=c.tmp / "rb.zip",
             actor=c.actor)),
    Spec("review.export_review_pack", "review.export",
         lambda c: svc("review.export_review_pack")(c.session, data_dir=c.data_dir,
                                                    references=[c.case_ref],
                                                    out=c.tmp / "pack.zip", actor=c.actor)),
    Spec("review.open_review_pack", "review.respond",
         lambda c: svc("review.open_review_pack")(c.session, data_dir=c.data_dir,
                                                  path=c.tmp / "missing.pack", actor=c.actor)),
    Spec("review.add_review_comment", "review.respond",
         lambda c: svc("review.add_review_comment")(data_dir=c.data_dir, pack_id="p1",
                                                    reference=c.case_ref, body="ok",
                                                    actor=c.actor)),
    Spec("review.propose_change", "review.respond",
         lambda c: svc("review.propose_change")(data_dir=c.data_dir, pack_id="p1",
                                                reference=c.case_ref, field_path="deal.stake",
                                                value=1, actor=c.actor)),
    Spec("review.set_recommendation", "review.respond",
         lambda c: svc("review.set_recommendation")(data_dir=c.data_dir, pack_id="p1",
                                                    reference=c.case_ref,
                                                    recommendation="approve", reasons="",
                                                    actor=c.actor)),
    Spec("review.export_response_pack", "review.respond",
         lambda c: svc("review.export_response_pack")(c.session, data_dir=c.data_dir,
                                                      pack_id="p1", out=c.tmp / "resp.zip",
                                                      actor=c.actor)),
    Spec("review.import_response", "review.import",
         lambda c: svc("review.import_response")(c.session, data_dir=c.data_dir,
                                                 path=c.tmp / "missing.pack", actor=c.actor)),
    Spec("review.import_pack", "any:review.respond,review.import",
         lambda c: svc("review.import_pack")(c.session, data_dir=c.data_dir,
                                             path=c.tmp / "missing.pack", actor=c.actor)),
    Spec("review.decide_proposal", "review.decide",
         lambda c: svc("review.decide_proposal")(c.session, proposal_id=1, accept=True,
                                                 actor=c.actor)),
    # screening, editing, workflow, filings, comments, backups
    Spec("screening.screen_case", "case.screen",
         lambda c: svc("screening.screen_case")(session=c.session, case_id=c.case_id,
                                                actor=c.actor)),
    Spec("screening.open_tracks", "case.screen",
         lambda c: svc("screening.open_tracks")(session=c.session, case_id=c.case_id,
                                                actor=c.actor)),
    Spec("screening.accept_rescreen", "case.accept_rescreen",
         lambda c: svc("screening.accept_rescreen")(session=c.session, case_id=c.case_id,
                                                    actor=c.actor, reason="new rules")),
    Spec("screening.accept_rescreens", "case.accept_rescreen",
         lambda c: svc("screening.accept_rescreens")(session=c.session,
                                                     references=[c.case_ref], actor=c.actor,
                                                     reason="new rules")),
    Spec("case_edit.update_case_facts", "case.edit",
         lambda c: svc("case_edit.update_case_facts")(session=c.session, case_id=c.case_id,
                                                      expected_version=c.case_version,
                                                      new_facts=_facts(), actor=c.actor,
                                                      reason="matrix")),
    Spec("workflow.transition", "transition:submit_for_review",
         lambda c: svc("workflow.transition")(session=c.session, track_id=c.track_id,
                                              transition_name="submit_for_review",
                                              actor=c.actor, reason="matrix",
                                              expected_version=c.track_version)),
    Spec("workflow.add_calendar_year", "calendar.edit",
         lambda c: svc("workflow.add_calendar_year")(session=c.session, actor=c.actor,
                                                     calendar="CN", year=2031,
                                                     source="matrix test", days=[])),
    Spec("workflow.correct_calendar_day", "calendar.edit",
         lambda c: svc("workflow.correct_calendar_day")(session=c.session, actor=c.actor,
                                                        calendar="CN", day=date(2031, 1, 2),
                                                        kind="holiday", name="test",
                                                        source="matrix", reason="matrix")),
    Spec("workflow.set_obligation_status", "case.edit",
         lambda c: svc("workflow.set_obligation_status")(session=c.session, obligation_id=999,
                                                         status="fulfilled", actor=c.actor)),
    Spec("workflow.edit_condition", "case.edit",
         lambda c: svc("workflow.edit_condition")(session=c.session, obligation_id=999,
                                                  actor=c.actor, reason="typo", text="x")),
    Spec("workflow.add_condition", "case.edit",
         lambda c: svc("workflow.add_condition")(session=c.session, track_id=c.track_id,
                                                 actor=c.actor, reason="letter", text="x",
                                                 expected_version=c.track_version)),
    Spec("workflow.complete_case", "case.edit",
         lambda c: svc("workflow.complete_case")(session=c.session, case_id=c.case_id,
                                                 actor=c.actor,
                                                 expected_version=c.case_version)),
    Spec("filings.render_filing", "filing.render",
         lambda c: svc("filings.render_filing")(session=c.session, reference="AP-1999-0999",
                                                kind="status-report", actor=c.actor)),
    Spec("filings.render_filing[final]", "filing.finalise",
         lambda c: svc("filings.render_filing")(session=c.session, reference="AP-1999-0999",
                                                kind="status-report", actor=c.actor,
                                                final=True)),
    # A filing saved or printed from the preview: who may generate it may hand it out.
    Spec("filings.save_filing_pdf", "filing.render",
         lambda c: svc("filings.save_filing_pdf")(c.session, actor=c.actor,
                                                  rendered=_rendered(c), out=c.tmp / "f.pdf")),
    Spec("filings.record_filing_printed", "filing.render",
         lambda c: svc("filings.record_filing_printed")(c.session, actor=c.actor,
                                                        rendered=_rendered(c), pages=1)),
    Spec("filings.set_filing_particulars", "case.edit",
         lambda c: svc("filings.set_filing_particulars")(session=c.session, actor=c.actor,
                                                         values={}, reference=c.case_ref)),
    # The organisation-wide defaults (no case) apply to every case: administrators only.
    Spec("filings.set_filing_particulars[defaults]", "particulars.defaults",
         lambda c: svc("filings.set_filing_particulars")(
             session=c.session, actor=c.actor,
             values={"applicant": {"legal_representative": "张伟"}}, reference=None)),
    Spec("particulars.load_particulars", "filing.render",
         lambda c: svc("particulars.load_particulars")(c.session, actor=c.actor,
                                                       reference=c.case_ref)),
    Spec("particulars.save_particulars", "case.edit",
         lambda c: svc("particulars.save_particulars")(
             c.session, actor=c.actor, reference=c.case_ref,
             values={"applicant": {"legal_representative": "张伟"}},
             expected_version=svc("particulars._view")(c.session, c.case_ref).version)),
    Spec("particulars.save_particulars[defaults]", "particulars.defaults",
         lambda c: svc("particulars.save_particulars")(
             c.session, actor=c.actor, reference=None,
             values={"applicant": {"legal_representative": "张伟"}},
             expected_version=svc("particulars._view")(c.session, None).version)),
    Spec("workspace.add_comment", "comment.add",
         lambda c: svc("workspace.add_comment")(c.session, actor=c.actor, reference=c.case_ref,
                                                body="Please check the stake.")),
    Spec("backup.create_backup", "backup.create",
         lambda c: svc("backup.create_backup")(c.data_dir, out=c.tmp / "backup.zip",
                                               actor=c.actor, db=c.db)),
    Spec("backup.restore_backup", "backup.restore",
         lambda c: svc("backup.restore_backup")(c.data_dir, c.tmp / "missing-backup.zip",
                                                actor=c.actor, db=c.db)),
    Spec("backup.check_for_restore", "backup.restore",
         lambda c: svc("backup.check_for_restore")(c.data_dir, c.tmp / "missing-backup.zip",
                                                   actor=c.actor, db=c.db)),
    Spec("backup.set_backup_keep", "settings.manage",
         lambda c: svc("backup.set_backup_keep")(c.session, keep=5, actor=c.actor)),
]

# Public functions of the covered modules that take an actor but need no role, and why.
EXEMPT: dict[str, str] = {
    "auth.sign_out": "anybody signed in may sign out",
    "auth.change_own_password": "anybody may change their own password, knowing it",
    "auth.record_idle_lock": "records that the signed-in user's own window locked itself",
    "auth.check_session": "reads the signed-in user's own account (roles, active, password)",
    "users.can_manage": "a question about the actor, not an action",
    "documents.may_open": "a question about the actor, not an action",
    "workflow.track_view": "a read-only view; the actor only decides which steps are offered",
    "case_owner.owner_choices": "a read-only view; the actor only decides whether it may hand over",
    "workflow.case_tracks": "a read-only view; the actor only decides which steps are offered",
    "screening.check_open_cases": "a read for anybody; the actor only chooses command or menu words",
    "screening.rescreen_open_cases": "a read for anybody; the actor only chooses command or menu words",
}




# --- the world each call runs in ----------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One seeded data folder, copied for every call (seeding each time would be slow)."""
    from approvals.services import documents, drafts, users
    from approvals.services.cases import import_case

    root = tmp_path_factory.mktemp("matrix") / "data"
    data_dir = DataDir(root).ensure()
    saved = auth._hasher
    auth._hasher = FAST_HASHER
    db = new_database(data_dir)
    try:
        with db.session() as s:
            admin = users.create_first_admin(s, username="root", password=PW)
            root_actor = Actor(admin.username, admin.roles)
            for role in ROLES:
                users.create_user(s, actor=root_actor, username=f"u_{role}", password=PW,
                                  roles=[role])
            # The database refuses a user without roles; the matrix calls u_none with an
            # empty role list, as a session whose roles were all taken away would be.
            users.create_user(s, actor=root_actor, username="u_none", password=PW,
                              roles=["reviewer"])
            users.create_user(s, actor=root_actor, username="gone", password=PW,
                              roles=["reviewer"])
            users.deactivate_user(s, actor=root_actor, username="gone")
            users.create_user(s, actor=root_actor, username="locked", password=PW,
                              roles=["reviewer"])
            case = import_case(s, data=example_facts(), actor=root_actor)
            draft = drafts.save_draft(s, actor=root_actor, data={"target": {"name_en": "X"}})
        for _ in range(auth.MAX_FAILED_ATTEMPTS):
            with db.session() as s:
                auth.sign_in(s, username="locked", password="wrong wrong wrong")
        track_id, track_version = _open_a_track(db, root_actor, case.id)
        letter = root.parent / "letter.txt"
        letter.write_text("a letter to attach\n", encoding="utf-8")
        with db.session() as s:
            doc = documents.attach_document(s, actor=root_actor, data_dir=data_dir,
                                            case_id=case.id, source=letter)
    finally:
        db.dispose()
        auth._hasher = saved
    return {"root": root, "case_id": case.id, "case_ref": case.reference, "doc_id": doc.id,
            "draft_ref": draft.reference, "track_id": track_id, "track_version": track_version,
            "case_version": case.version}


def _open_a_track(db: Database, actor: Actor, case_id: int) -> tuple[int, int]:
    """A draft filing track to try `submit_for_review` on (0, 0 while there is no
    screening service yet: the transition spec then fails for ordinary reasons)."""
    try:
        from approvals.services.screening import open_tracks, screen_case
    except ImportError:
        return 0, 0
    from approvals.store.models import FilingTrack

    with db.session() as s:
        screen_case(session=s, case_id=case_id, actor=actor)
        open_tracks(session=s, case_id=case_id, actor=actor)
    with db.read_session() as s:
        track = s.exec(select(FilingTrack).where(FilingTrack.case_id == case_id,
                                                 FilingTrack.state == "draft")).first()
        return (track.id or 0, track.version) if track else (0, 0)


def expected_roles(spec: Spec, info: dict[str, Any]) -> frozenset[str]:
    if spec.permission.startswith("any:"):
        names = spec.permission.split(":", 1)[1].split(",")
        return frozenset().union(*(PERMISSIONS[n] for n in names))
    if not spec.permission.startswith("transition:"):
        return PERMISSIONS[spec.permission]
    from approvals.domain import workflow as wf
    from approvals.store.models import FilingTrack

    db = open_database(DataDir(info["root"]))
    try:
        with db.read_session() as s:
            track = s.get(FilingTrack, info["track_id"])
            assert track is not None, "the template has no draft track"
            kind = track.kind
    finally:
        db.dispose()
    name = spec.permission.split(":", 1)[1]
    return frozenset(wf.get_transition(kind, "draft", name).roles)


@pytest.fixture
def world(template: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
          ) -> Iterator[tuple[Database, dict[str, Any]]]:
    monkeypatch.setattr(auth, "_hasher", FAST_HASHER)
    root = tmp_path / "data"
    shutil.copytree(template["root"], root)
    work = tmp_path / "work"
    work.mkdir()
    (work / "letter.txt").write_text("another letter\n", encoding="utf-8")
    db = open_copy(DataDir(root))
    yield db, {**template, "root": root, "tmp": work}
    db.dispose()


def snapshot(db: Database, root: Path) -> tuple[dict[str, list[tuple]], dict[str, str]]:
    """Every row of every table, and every file of the data folder (logs aside)."""
    tables: dict[str, list[tuple]] = {}
    with db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        names = [r[0] for r in raw.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        for name in names:
            tables[name] = sorted(map(repr, raw.execute(f'SELECT * FROM "{name}"')))  # type: ignore[arg-type]
    files = {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and "logs" not in p.relative_to(root).parts
        and not p.name.startswith("approvals.db")
    }
    return tables, files


@pytest.mark.parametrize("role", ROLE_CHOICES)
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_service_as_role(spec: Spec, role: str, world) -> None:
    svc(spec.name)  # a service renamed or removed fails here rather than passing unseen
    db, info = world
    actor = actor_for(role)
    ctx_args = {k: info[k] for k in ("case_id", "case_ref", "doc_id", "draft_ref", "tmp",
                                     "track_id", "track_version", "case_version")}
    roles = expected_roles(spec, info)
    data_dir = DataDir(info["root"])
    before = snapshot(db, info["root"])
    out_files_before = sorted(p.name for p in info["tmp"].iterdir())

    def call() -> None:
        with db.session() as s:
            spec.call(Ctx(session=s, actor=actor, data_dir=data_dir, db=db, **ctx_args))

    if roles.intersection(actor.roles):
        try:
            call()
        except PermissionDenied as exc:
            pytest.fail(f"{spec.name} refused {role}, whom the matrix allows "
                        f"{spec.permission} ({', '.join(sorted(roles))}): {exc}")
        except ApprovalsError:
            pass  # an ordinary refusal (missing pack, bad key): the permission check passed
        return

    with pytest.raises(PermissionDenied) as err:
        call()
    message = str(err.value)
    # Who is refused: by login, or "You" where the refusal speaks to the signed-in user
    # (a track's step, as its greyed-out button does).
    assert "may not" in message, message
    assert actor.username in message or message.startswith("You may not"), message
    assert any(r in message for r in roles), message
    assert snapshot(db, info["root"]) == before, f"{spec.name} changed data for {role}"
    assert sorted(p.name for p in info["tmp"].iterdir()) == out_files_before


# Services that keep the role check of the actor as built, and why.
STALE_EXEMPT: dict[str, str] = {
    "review.add_review_comment": "reviewer input kept in files of an opened pack, no database "
                                 "session; the answer pack is exported by a service that checks",
    "review.propose_change": "as review.add_review_comment",
    "review.set_recommendation": "as review.add_review_comment",
}


def holder_of(roles: frozenset[str]) -> str:
    """A role that holds the permission: not admin when another one does."""
    return next((r for r in ROLES if r in roles and r != "admin"), "admin")


@pytest.mark.parametrize("change", ["deactivated", "role removed"])
@pytest.mark.parametrize("spec", [s for s in SPECS if s.name not in STALE_EXEMPT],
                         ids=lambda s: s.name)
def test_stale_actor_is_refused(spec: Spec, change: str, world) -> None:
    """Signed in with the right role, then deactivated or stripped of that role by an
    administrator (in another unit of work, as another process would): every service must
    go by the database, refuse, and change nothing. (STALE_EXEMPT says why three are not.)"""
    from approvals.domain.errors import AccountRevoked
    from approvals.services import users

    db, info = world
    role = holder_of(expected_roles(spec, info))
    actor = actor_for(role)  # as built at sign-in: u_<role> holds <role>
    root = Actor("root", ROLES)
    with db.session() as s:
        if change == "deactivated":
            users.deactivate_user(s, actor=root, username=actor.username)
        else:
            # Another role in its place, so the user is still active with some role.
            other = "reviewer" if role != "reviewer" else "preparer"
            users.set_roles(s, actor=root, username=actor.username, roles=[other])
    ctx_args = {k: info[k] for k in ("case_id", "case_ref", "doc_id", "draft_ref", "tmp",
                                     "track_id", "track_version", "case_version")}
    before = snapshot(db, info["root"])
    out_files_before = sorted(p.name for p in info["tmp"].iterdir())

    with pytest.raises(PermissionDenied) as err, db.session() as s:
        spec.call(Ctx(session=s, actor=actor, data_dir=DataDir(info["root"]), db=db,
                      **ctx_args))
    message = str(err.value)
    if change == "deactivated":
        assert isinstance(err.value, AccountRevoked), message
        assert message == "Your account was deactivated by an administrator; sign in again."
    else:
        assert message.startswith(f"You no longer have the {ROLE_NAMES[role]} role"), message
        assert actor.username in message, message
    assert snapshot(db, info["root"]) == before, f"{spec.name} changed data for a stale {role}"
    assert sorted(p.name for p in info["tmp"].iterdir()) == out_files_before


def test_every_service_with_an_actor_is_in_the_matrix() -> None:
    """A new service function in a covered module must be added here (or exempted)."""
    covered = {s.name.split(".")[0] for s in SPECS}
    listed = {s.name.split("[")[0] for s in SPECS} | set(EXEMPT)
    missing = []
    for module_name in sorted(covered):
        try:
            module = importlib.import_module(f"approvals.services.{module_name}")
        except ImportError:
            continue
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            if "actor" in inspect.signature(fn).parameters and f"{module_name}.{name}" not in listed:
                missing.append(f"{module_name}.{name}")
    assert missing == [], f"not in the permission matrix: {missing}"


def test_services_check_current_roles_not_the_roles_at_sign_in() -> None:
    """Services check with approvals.services.access (which reads the user's current roles),
    never with the pure domain check alone: that would let a deactivated user or a removed
    role through until the next sign-in. Only the reviewer's file-only input functions
    (STALE_EXEMPT) keep it, under an explicit name."""
    services = Path(__file__).resolve().parents[2] / "approvals" / "services"
    offenders = []
    for path in sorted(services.glob("*.py")):
        if path.name == "access.py":  # the check itself, built on the domain's
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("from approvals.domain.permissions import") and (
                    re.search(r"\brequire(_any)?\b(?! as require_roles)", line)):
                offenders.append(f"{path.name}: {line}")
    assert offenders == []
    review = (services / "review.py").read_text(encoding="utf-8")
    users_of_pure_check = {m.group(1) for m in re.finditer(
        r"\ndef (\w+)\((?:(?!\ndef ).)*?require_roles\(", review, re.S)}
    assert users_of_pure_check == {n.split(".")[1] for n in STALE_EXEMPT}


def test_require_message_and_unknown_permission() -> None:
    with pytest.raises(PermissionDenied) as err:
        require(Actor("rita", ("reviewer",)), "user.manage")
    assert str(err.value) == "rita may not manage users: that needs the administrator role."
    require(Actor("ada", ("admin",)), "user.manage")  # no error
    with pytest.raises(KeyError):
        require(Actor("ada", ("admin",)), "no.such.permission")


def test_every_permission_has_a_label_and_known_roles() -> None:
    from approvals.domain.permissions import PERMISSION_LABELS

    assert set(PERMISSIONS) == set(PERMISSION_LABELS)
    for roles in PERMISSIONS.values():
        assert roles and roles <= set(ROLES)
    # Only administrators manage users and settings.
    assert PERMISSIONS["user.manage"] == {"admin"} == PERMISSIONS["settings.manage"]


def test_require_any() -> None:
    from approvals.domain.permissions import require_any

    require_any(Actor("rita", ("reviewer",)), "review.respond", "review.import")
    require_any(Actor("pat", ("preparer",)), "review.respond", "review.import")
    with pytest.raises(PermissionDenied) as err:
        require_any(Actor("nobody", ()), "review.respond", "review.import")
    assert str(err.value) == (
        "nobody may not answer review packs or import review packs: that needs the preparer, "
        "reviewer, approver or administrator role.")
