"""Two installations that trust each other's keys, with one case exported for review:
the set-up the review-pack service tests share."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from approvals.paths import DataDir
from approvals.services import review
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.migrate import open_database
from tests.conftest import EXAMPLES_DIR

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
    disposes of `b_db`."""
    with a_db.session() as s:
        data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        reference = import_case(s, data=data, actor=ROOT).reference
    b_dir = DataDir(tmp_path / "B").ensure()
    b_db = open_database(b_dir)
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
