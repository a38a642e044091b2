"""One review pack open on two reviewers' laptops at once (B: Rita's, C: Ben's), both
trusted by the preparer's installation A: the set-up the multi-reviewer tests share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from approvals.paths import DataDir
from approvals.services import review
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.conftest import new_database
from tests.review_support import PAT, RITA, ROOT, open_review_pair

BEN = Actor("ben", ("reviewer",))


@dataclass
class Desk:
    a_dir: DataDir
    a_db: Database
    reviewers: dict[str, tuple[DataDir, Database, Actor]]  # "B" (Rita), "C" (Ben)
    reference: str
    pack_id: str

    def propose(self, who: str, field: str, value: Any) -> None:
        folder, _db, actor = self.reviewers[who]
        review.propose_change(data_dir=folder, pack_id=self.pack_id, reference=self.reference,
                              field_path=field, value=value, actor=actor)

    def respond(self, who: str, out: Path) -> Path:
        folder, rdb, actor = self.reviewers[who]
        with rdb.session() as s:
            review.export_response_pack(s, data_dir=folder, pack_id=self.pack_id, out=out,
                                        actor=actor)
        return out

    def import_(self, path: Path) -> review.ImportResult:
        with self.a_db.session() as s:
            return review.import_response(s, data_dir=self.a_dir, path=path, actor=PAT)

    def close(self) -> None:
        for _folder, rdb, _actor in self.reviewers.values():
            rdb.dispose()


def open_review_desk(tmp_path: Path, a_dir: DataDir, a_db: Database) -> Desk:
    """A exports one case; B and C both open the same pack. The caller closes the desk."""
    pair = open_review_pair(tmp_path, a_dir, a_db)
    c_dir = DataDir(tmp_path / "C").ensure()
    c_db = new_database(c_dir)
    with c_db.session() as s:
        review.trust_key(s, key_text=review.installation_identity(a_dir).public_key_text,
                         label="Preparer", actor=ROOT)
        review.open_review_pack(s, data_dir=c_dir, path=pair.pack, actor=BEN)
    with a_db.session() as s:
        review.trust_key(s, key_text=review.installation_identity(c_dir).public_key_text,
                         label="Ben's laptop", actor=ROOT)
    return Desk(a_dir, a_db, {"B": (pair.b_dir, pair.b_db, RITA), "C": (c_dir, c_db, BEN)},
                pair.reference, pair.pack_id)
