"""Two installations that trust each other's keys, with one case exported for review:
the set-up the review-pack service tests share."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from approvals.paths import DataDir
from approvals.services import review
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.migrate import open_database
from tests.conftest import EXAMPLES_DIR, copy_data_folder_into, new_database

if TYPE_CHECKING:
    from tests.cli.helpers import Result

ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
RITA = Actor("rita", ("reviewer",))
PAT = Actor("pat", ("preparer",))


@dataclass
class ReviewPair:
    """Installation A (the preparer's) and B (the reviewer's), with A's pack open on B."""

    a_dir: DataDir
    a_db: Database
    b_dir: DataDir
    b_db: Database
    reference: str
    pack_id: str
    pack: Path


def open_review_pair(tmp_path: Path, a_dir: DataDir, a_db: Database, *,
                     exporter: Actor = PAT, trust_back: bool = True) -> ReviewPair:
    """Import the frontier-lab example on A, export it, open the pack on B. B trusts A;
    with `trust_back`, A trusts B too (so B's response can come back). The caller
    disposes of `b_db`. On a new A (the usual case) the pair is copied from one made once
    per session: the export renders the draft filings, the slowest step of these tests."""
    b_dir = DataDir(tmp_path / "B")
    if not _new_installation(a_dir, a_db) or b_dir.root.exists() or (tmp_path / "review.zip").exists():
        return _make_review_pair(tmp_path, a_dir, a_db, exporter=exporter, trust_back=trust_back)
    key = (exporter, trust_back)
    if key not in _TEMPLATES:
        # Beside the test folders, in pytest's base folder for this session (and worker).
        folder = tmp_path.parent / f"review-pair-template-{len(_TEMPLATES)}"
        folder.mkdir()
        t_dir = DataDir(folder / "A").ensure()
        t_db = new_database(t_dir)
        try:
            made = _make_review_pair(folder, t_dir, t_db, exporter=exporter, trust_back=trust_back)
            made.b_db.dispose()
        finally:
            t_db.dispose()
        _TEMPLATES[key] = (folder, made.reference, made.pack_id)
    folder, reference, pack_id = _TEMPLATES[key]
    copy_data_folder_into(folder / "A", a_db)
    shutil.copytree(folder / "B", b_dir.root)
    shutil.copy2(folder / "review.zip", tmp_path / "review.zip")
    return ReviewPair(a_dir, a_db, b_dir, open_database(b_dir), reference, pack_id,
                      tmp_path / "review.zip")


# (exporter, trust_back) -> (template folder, case reference, pack id)
_TEMPLATES: dict[tuple[Actor, bool], tuple[Path, str, str]] = {}


def _new_installation(a_dir: DataDir, a_db: Database) -> bool:
    """A's database as migrated and no installation key yet: copying the template over it
    loses nothing the test made."""
    if a_dir.keys.exists() and any(a_dir.keys.iterdir()):
        return False
    with a_db.read_session() as s:
        conn = s.connection()
        tables = [row[0] for row in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version' "
            "AND name NOT LIKE 'sqlite_%'"))]
        return not any(conn.execute(text(f'SELECT 1 FROM "{t}" LIMIT 1')).first() for t in tables)


def _make_review_pair(tmp_path: Path, a_dir: DataDir, a_db: Database, *,
                     exporter: Actor = PAT, trust_back: bool = True) -> ReviewPair:
    with a_db.session() as s:
        data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        reference = import_case(s, data=data, actor=ROOT).reference
    b_dir = DataDir(tmp_path / "B").ensure()
    b_db = new_database(b_dir)
    with b_db.session() as s:
        review.trust_key(s, key_text=review.installation_identity(a_dir).public_key_text,
                         label="Preparer", actor=ROOT)
    if trust_back:
        with a_db.session() as s:
            review.trust_key(s, key_text=review.installation_identity(b_dir).public_key_text,
                             label="Reviewer laptop", actor=ROOT)
    pack = tmp_path / "review.zip"
    with a_db.session() as s:
        exported = review.export_review_pack(s, data_dir=a_dir, references=[reference],
                                             out=pack, actor=exporter)
    with b_db.session() as s:
        opened = review.open_review_pack(s, data_dir=b_dir, path=pack, actor=RITA)
    assert opened.pack_id == exported.pack_id
    return ReviewPair(a_dir, a_db, b_dir, b_db, reference, opened.pack_id, pack)


def write_response(pair: ReviewPair, out: Path, *, actor: Actor = RITA) -> Path:
    """The reviewer's response pack of what was saved on B, written to `out`."""
    with pair.b_db.session() as s:
        review.export_response_pack(s, data_dir=pair.b_dir, pack_id=pair.pack_id, out=out,
                                    actor=actor)
    return out


def proposal_response(pair: ReviewPair, out: Path, *, field_path: str = "deal.board_seats",
                      value: object = 2) -> Path:
    """The reviewer (rita) proposes `value` for `field_path` and writes the response to
    `out`; B's database is closed afterwards."""
    try:
        review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id,
                              reference=pair.reference, field_path=field_path, value=value,
                              actor=RITA)
        return write_response(pair, out)
    finally:
        pair.b_db.dispose()


def sent_as_typed(pair: ReviewPair, proposals: dict[str, Any]) -> None:
    """Proposals written into B's review input as an older app (or a hand) left them."""
    folder = review._review_folder(pair.b_dir, pair.pack_id)
    saved = json.loads((folder / review.INPUT_FILE).read_text(encoding="utf-8"))
    for path, value in proposals.items():
        saved[pair.reference]["proposals"][path] = {"base_value": None, "proposed_value": value,
                                                    "author": "rita"}
    saved[pair.reference]["comments"].append({
        "uid": "c-17", "body": "Please check the headquarters", "field_path": None,
        "author": "rita", "created_at": "2026-12-01T09:00:00+00:00"})
    (folder / review.INPUT_FILE).write_text(json.dumps(saved), encoding="utf-8")


def import_as_typed(pair: ReviewPair, tmp_path: Path,
                    proposals: dict[str, Any]) -> review.ImportResult:
    """`proposals` sent as typed (sent_as_typed) in a response that A imports (as PAT)."""
    sent_as_typed(pair, proposals)
    try:
        out = write_response(pair, tmp_path / "response.zip")
    finally:
        pair.b_db.dispose()
    with pair.a_db.session() as s:
        return review.import_response(s, data_dir=pair.a_dir, path=out, actor=PAT)


def proposals_by_field(db: Database) -> dict[str, review.ProposalView]:
    with db.read_session() as s:
        return {p.field_path: p for p in review.list_proposals(s)}


def imported_twice_on_the_command_line(
        tmp_path: Path, data_dir: DataDir, db: Database, first: dict[str, Any],
        second: dict[str, Any]) -> tuple[ReviewPair, Result, Result]:
    """Two responses, the first sending `first` as typed and the second also `second`,
    imported by `approvals review import` (the second with --json); the databases closed."""
    from tests.cli.helpers import run_many

    pair = open_review_pair(tmp_path, data_dir, db)
    sent_as_typed(pair, first)
    try:
        out = write_response(pair, tmp_path / "response.zip")
        sent_as_typed(pair, second)
        again = write_response(pair, tmp_path / "second.zip")
    finally:
        pair.b_db.dispose()
    db.dispose()
    where = ("--data-dir", str(data_dir.root))
    imported, imported_again = run_many(("review", "import", str(out), *where),
                                        ("review", "import", str(again), "--json", *where))
    return pair, imported, imported_again


def accepted_on_the_command_line(db: Database, data_dir: DataDir, field_path: str) -> Result:
    """`approvals review decide ID accept` of the proposal for `field_path`."""
    from tests.cli.helpers import run_many

    with db.read_session() as s:
        row = next(p for p in review.list_proposals(s) if p.field_path == field_path)
    db.dispose()
    (decided,) = run_many(("review", "decide", str(row.id), "accept",
                           "--data-dir", str(data_dir.root)))
    return decided
