"""Review packs carry the case documents: exporting and opening one report rising progress,
and a cancel leaves no pack, no extracted folder and no audit event."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import Cancelled
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.cases import import_case
from approvals.services.documents import attach_document
from approvals.store import files
from approvals.store.db import Database
from approvals.store.models import Case, Event
from tests.conftest import EXAMPLES_DIR, new_database
from tests.review_support import PAT, RITA, ROOT
from tests.storage_support import patterned_bytes


class Recorder:
    """Records progress; cancels after `stop_after` reports (with `stop_on`, after that
    many reports whose message contains it)."""

    def __init__(self, stop_after: int | None = None, stop_on: str = ""):
        self.fractions: list[float] = []
        self.messages: list[str] = []
        self.stop_after = stop_after
        self.stop_on = stop_on

    def __call__(self, fraction: float, message: str) -> None:
        self.fractions.append(fraction)
        self.messages.append(message)

    def cancelled(self) -> bool:
        seen = sum(self.stop_on in m for m in self.messages)
        return self.stop_after is not None and seen >= self.stop_after


def _rising_to_one(fractions: list[float]) -> None:
    assert len(fractions) > 10 and fractions == sorted(fractions) and fractions[-1] == 1.0


@pytest.fixture
def pair(tmp_path: Path, data_dir: DataDir, db: Database,
         monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, DataDir, Database]]:
    """A case with a 400 kB document on A; B trusts A. Small chunks: many reports."""
    monkeypatch.setattr(files, "CHUNK", 4096)
    with db.session() as s:
        data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        reference = import_case(s, data=data, actor=ROOT).reference
    source = tmp_path / "data-room.bin"
    source.write_bytes(patterned_bytes(400_000, 251))
    with db.session() as s:
        case_id = s.exec(select(Case.id).where(Case.reference == reference)).one()
        attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id, source=source)
    b_dir = DataDir(tmp_path / "B").ensure()
    b_db = new_database(b_dir)
    with b_db.session() as s:
        review.trust_key(s, key_text=review.installation_identity(data_dir).public_key_text,
                         label="Preparer", actor=ROOT)
    yield reference, b_dir, b_db
    b_db.dispose()


def _events(db: Database, action: str) -> int:
    with db.read_session() as s:
        return len(s.exec(select(Event).where(Event.action == action)).all())


@pytest.mark.parametrize(("stage", "reports"), [("Rendering the draft", 5), ("Writing", 1)])
def test_export_reports_progress_and_a_cancel_writes_no_pack(pair, data_dir, db, tmp_path,
                                                             stage, reports):
    """Rendering the draft filings and copying the documents both count as the export's
    work; a cancel in either leaves no pack and no event."""
    reference, _b_dir, _b_db = pair
    out = tmp_path / "packs" / "review.zip"
    out.parent.mkdir()
    rec = Recorder(stop_after=reports, stop_on=stage)
    with pytest.raises(Cancelled), db.session() as s:
        review.export_review_pack(s, data_dir=data_dir, references=[reference], out=out,
                                  actor=PAT, progress=rec, cancelled=rec.cancelled)
    assert 0 < rec.fractions[-1] < 1.0
    assert stage in rec.messages[-1]
    assert list(out.parent.iterdir()) == []  # neither the pack nor its .part
    assert _events(db, "review.exported") == 0

    rec = Recorder()
    with db.session() as s:
        result = review.export_review_pack(s, data_dir=data_dir, references=[reference],
                                           out=out, actor=PAT, progress=rec)
    _rising_to_one(rec.fractions)
    assert result.path.is_file() and _events(db, "review.exported") == 1
    # Both stages reported, the rendering first; the document's copy is not all of it.
    rendering = [f for f, m in zip(rec.fractions, rec.messages, strict=True)
                 if m.startswith("Rendering the draft")]
    writing = [f for f, m in zip(rec.fractions, rec.messages, strict=True)
               if m.startswith("Writing")]
    assert rendering and writing and max(rendering) <= min(writing)
    assert 0 < min(writing) < 1
    # The filings named in words, as every window names them, not by their codes.
    assert f"Rendering the draft status report of {reference}" in rec.messages
    assert not [m for m in rec.messages if "status-report" in m or "us-notification" in m]


@pytest.mark.parametrize("how", ["open", "import"])
def test_opening_a_pack_reports_progress_and_a_cancel_opens_nothing(pair, data_dir, db,
                                                                    tmp_path, how):
    reference, b_dir, b_db = pair
    pack = tmp_path / "review.zip"
    with db.session() as s:
        review.export_review_pack(s, data_dir=data_dir, references=[reference], out=pack,
                                  actor=PAT)
    service = review.open_review_pack if how == "open" else review.import_pack

    rec = Recorder(stop_after=30)
    with pytest.raises(Cancelled), b_db.session() as s:
        service(s, data_dir=b_dir, path=pack, actor=RITA, progress=rec, cancelled=rec.cancelled)
    assert 0 < rec.fractions[-1] < 1.0
    assert not any(p.name.startswith(".") for p in b_dir.root.iterdir())  # no .incoming-*
    assert review.list_open_reviews(b_dir) == []
    assert _events(b_db, "review.opened") == 0

    rec = Recorder()
    with b_db.session() as s:
        service(s, data_dir=b_dir, path=pack, actor=RITA, progress=rec)
    _rising_to_one(rec.fractions)
    assert len(review.list_open_reviews(b_dir)) == 1


def test_a_cancelled_response_leaves_no_file_and_no_event(tmp_path, data_dir, db):
    with db.session() as s:
        data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        reference = import_case(s, data=data, actor=ROOT).reference
    pack, out = tmp_path / "review.zip", tmp_path / "answers" / "response.zip"
    with db.session() as s:  # the pack is in place once its record commits
        review.export_review_pack(s, data_dir=data_dir, references=[reference], out=pack,
                                  actor=ROOT)
    with db.session() as s:
        pack_id = review.open_review_pack(s, data_dir=data_dir, path=pack, actor=ROOT).pack_id
    review.add_review_comment(data_dir=data_dir, pack_id=pack_id, reference=reference,
                              body="Fine", actor=ROOT)
    rec = Recorder(stop_after=1)  # the file is written in one go: cancelled once it is
    with pytest.raises(Cancelled), db.session() as s:
        review.export_response_pack(s, data_dir=data_dir, pack_id=pack_id, out=out,
                                    actor=ROOT, progress=rec, cancelled=rec.cancelled)
    assert rec.fractions == [0.0]
    assert list(out.parent.iterdir()) == []
    assert _events(db, "review.responded") == 0
    assert not review.list_open_reviews(data_dir)[0].responded

    rec = Recorder()
    with db.session() as s:
        result = review.export_response_pack(s, data_dir=data_dir, pack_id=pack_id, out=out,
                                             actor=ROOT, progress=rec)
    assert rec.fractions == [0.0, 1.0] and result.path.is_file()
    assert _events(db, "review.responded") == 1
