"""A review pack carries the current draft of each filing that applies to a case, rendered
at export from the pack's own snapshot, so a reviewer has the filing to read before any
final exists. The drafts are signed members like every other; a restricted document the
pack withholds is named by a draft no further than the manifest names it."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.exchange.pack import PackRefused, json_member, write_pack
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.case_edit import update_case_facts
from approvals.services.cases import import_case
from approvals.services.documents import attach_document
from approvals.store.db import Database
from approvals.store.models import Case, Event, User
from tests.conftest import EXAMPLES_DIR, new_database
from tests.review_support import PAT, ROOT


def _import(db: Database, example: str) -> tuple[str, int]:
    with db.session() as s:
        data = json.loads((EXAMPLES_DIR / example).read_text(encoding="utf-8"))
        case = import_case(s, data=data, actor=ROOT)
        return case.reference, case.id


def _export(db: Database, data_dir: DataDir, refs: list[str], out: Path, **kw) -> None:
    with db.session() as s:
        review.export_review_pack(s, data_dir=data_dir, references=refs, out=out, actor=PAT, **kw)


def _member(pack: Path, name: str) -> bytes:
    with zipfile.ZipFile(pack) as zf:
        return zf.read(name)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def installation_b(tmp_path: Path, data_dir: DataDir):
    b_dir = DataDir(tmp_path / "B").ensure()
    b_db = new_database(b_dir)
    with b_db.session() as s:
        review.trust_key(s, key_text=review.installation_identity(data_dir).public_key_text,
                         label="Preparer", actor=ROOT)
    yield b_dir, b_db
    b_db.dispose()


def test_each_applicable_kind_is_rendered_as_a_signed_draft(data_dir, db, tmp_path,
                                                            installation_b):
    """vision-startup has Chinese and US tracks: the Chinese application, the US
    notification and the status report; frontier-lab (US only) gets no Chinese one."""
    vision, vision_id = _import(db, "vision-startup.json")
    frontier, frontier_id = _import(db, "frontier-lab.json")
    pack = tmp_path / "review.zip"
    _export(db, data_dir, [vision, frontier], pack)
    manifest = json.loads(_member(pack, "manifest.json"))
    listed = {m["path"]: m for m in manifest["members"]}
    kinds = {}
    for entry in manifest["cases"]:
        drafts = json.loads(_member(pack, f"{entry['folder']}/drafts.json"))
        kinds[entry["reference"]] = [d["kind"] for d in drafts]
        assert [d["kind"] for d in entry["draft_renderings"]] == kinds[entry["reference"]]
        for d in drafts:
            assert d["member"] == f"{entry['folder']}/renderings/draft-{d['kind']}.pdf"
            pdf = _member(pack, d["member"])
            # In the signed manifest with its SHA-256, like every member.
            assert listed[d["member"]]["sha256"] == d["sha256"] == hashlib.sha256(pdf).hexdigest()
            assert d["size"] == len(pdf) and d["label"] == "draft filing (rendered at export)"
            text = _text(pdf)
            assert entry["reference"] in text and "DRAFT" in text
            assert d["fingerprint"] in text.replace("\n", "")  # printed on page 1
            stamp = d["generated_at"].replace("T", " ").replace("Z", " UTC")
            assert f"Generated {stamp}" in text
            assert len(PdfReader(io.BytesIO(pdf)).pages) == d["pages"]
    assert kinds == {vision: ["cn-application", "us-notification", "status-report"],
                     frontier: ["us-notification", "status-report"]}
    # The audit trail records which draft content went out, by its fingerprint.
    with db.read_session() as s:
        recorded = {e.case_id: json.loads(e.details)["drafts"] for e in s.exec(
            select(Event).where(Event.action == "review.exported")).all()}
    drafts = json.loads(_member(pack, f"cases/{frontier}/drafts.json"))
    assert recorded[frontier_id] == {d["kind"]: d["fingerprint"] for d in drafts}
    assert sorted(recorded[vision_id]) == sorted(kinds[vision])

    # The reviewer's side lists them, each a verified file that opens as a PDF.
    b_dir, b_db = installation_b
    with b_db.session() as s:
        opened = review.open_review_pack(s, data_dir=b_dir, path=pack, actor=ROOT)
    view = review.get_review(b_dir, opened.pack_id)
    case = next(c for c in view.cases if c.reference == frontier)
    assert [d.kind for d in case.draft_renderings] == ["us-notification", "status-report"]
    notification = case.draft_renderings[0]
    assert notification.path.read_bytes()[:5] == b"%PDF-"
    assert notification.file_name == f"{frontier}-us-notification-draft.pdf"
    assert "particulars.representative.name" in notification.missing
    assert case.documents == []  # the drafts are no stored documents of the case


def test_a_stored_final_in_the_pack_is_not_drafted_again(data_dir, db, tmp_path):
    reference, case_id = _import(db, "frontier-lab.json")
    final = tmp_path / "final.pdf"
    final.write_bytes(b"%PDF-1.4 the stored final notification")
    with db.session() as s:
        attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id, source=final,
                        doc_type="us-notification", is_rendering=True)
    pack = tmp_path / "review.zip"
    _export(db, data_dir, [reference], pack)
    folder = f"cases/{reference}"
    drafts = json.loads(_member(pack, f"{folder}/drafts.json"))
    assert [d["kind"] for d in drafts] == ["status-report"]
    docs = json.loads(_member(pack, f"{folder}/documents.json"))
    assert [d["doc_type"] for d in docs if d["is_rendering"]] == ["us-notification"]


def test_a_case_saved_during_the_export_is_drafted_as_in_the_snapshot(
        data_dir, db, tmp_path, monkeypatch):
    """Another user saves the case while the drafts are being rendered: the save does not
    wait for the export (no write lock is held), and the drafts show the content of the
    snapshot the rest of the pack is written from."""
    reference, case_id = _import(db, "frontier-lab.json")
    real_render = review.render_filing
    saved: list[int] = []

    def render_after_a_save(**kw):
        if not saved:
            with db.session() as s:  # would wait 10 s and fail were the lock held
                row = s.get(Case, case_id)
                facts = json.loads(row.facts)
                facts["target"]["name_en"] = "Renamed While Rendering Ltd"
                saved.append(update_case_facts(session=s, case_id=case_id,
                                               expected_version=row.version,
                                               new_facts=parse_facts(facts), actor=ROOT).version)
        return real_render(**kw)

    monkeypatch.setattr(review, "render_filing", render_after_a_save)
    pack = tmp_path / "review.zip"
    _export(db, data_dir, [reference], pack)
    exported = json.loads(_member(pack, f"cases/{reference}/case.json"))
    assert saved == [exported["version"] + 1]
    for kind in ("us-notification", "status-report"):
        text = _text(_member(pack, f"cases/{reference}/renderings/draft-{kind}.pdf"))
        assert "Renamed While Rendering" not in text
    assert exported["facts"]["target"]["name_en"] in _text(
        _member(pack, f"cases/{reference}/renderings/draft-us-notification.pdf"))
    with db.read_session() as s:
        assert s.get(Case, case_id).version == saved[0]


def test_a_withheld_restricted_document_is_named_no_further_than_the_manifest(
        data_dir, db, tmp_path):
    """The drafts list the case's attachments with their SHA-256. A restricted document
    stays out of the pack; what a draft prints of it (name, type, size, SHA-256) is what
    the signed manifest already names, and its content is in no member."""
    with db.session() as s:
        s.add(User(username="root", roles=json.dumps(list(ROOT.roles))))
    reference, case_id = _import(db, "frontier-lab.json")
    secret = tmp_path / "kyc-passports.pdf"
    secret.write_bytes(b"%PDF-1.4 passport scans of the founders")
    with db.session() as s:
        attach_document(s, actor=ROOT, data_dir=data_dir, case_id=case_id, source=secret,
                        doc_type="kyc", restricted=True)
    pack = tmp_path / "review.zip"
    _export(db, data_dir, [reference], pack)
    manifest = json.loads(_member(pack, "manifest.json"))
    (withheld,) = manifest["cases"][0]["withheld_documents"]
    assert withheld["file_name"] == "kyc-passports.pdf"
    with zipfile.ZipFile(pack) as zf:
        for name in zf.namelist():
            assert b"passport scans" not in zf.read(name), name
    drafts = [d["path"] for d in manifest["members"] if "/renderings/draft-" in d["path"]]
    assert drafts
    named_in = []
    for path in drafts:
        text = _text(_member(pack, path))
        flat = re.sub(r"\s+", "", text)
        if withheld["sha256"] in flat:
            named_in.append(path)
            # Its row in the attachments table: the name, type, size and SHA-256 that the
            # manifest's withheld list gives, nothing else of the document.
            assert withheld["file_name"] in text and withheld["doc_type"] in text
            assert f"{withheld['size']:,}" in text or str(withheld["size"]) in text
    assert f"cases/{reference}/renderings/draft-us-notification.pdf" in named_in


def test_without_drafts_the_pack_is_as_before_and_still_opens(data_dir, db, tmp_path,
                                                              installation_b):
    reference, _ = _import(db, "frontier-lab.json")
    pack = tmp_path / "review.zip"
    _export(db, data_dir, [reference], pack, drafts=False)
    with zipfile.ZipFile(pack) as zf:
        assert not [n for n in zf.namelist() if "draft" in n]
    b_dir, b_db = installation_b
    with b_db.session() as s:
        opened = review.open_review_pack(s, data_dir=b_dir, path=pack, actor=ROOT)
    assert review.get_review(b_dir, opened.pack_id).cases[0].draft_renderings == ()


def _resigned_pack(data_dir: DataDir, out: Path, drafts: list[dict], *,
                   header_drafts: bool = True, with_drafts_json: bool = True) -> None:
    """A pack signed by A's own key whose drafts.json is not what the export writes."""
    folder = "cases/AP-X"
    members = [json_member(f"{folder}/{part}.json", value) for part, value in (
        ("case", {"reference": "AP-X", "status": "draft", "version": 1, "facts": {}}),
        ("tracks", []), ("events", []), ("comments", []), ("documents", []))]
    if with_drafts_json:
        members.append(json_member(f"{folder}/drafts.json", drafts))
    entry = {"reference": "AP-X", "folder": folder, "version": 1, "withheld_documents": []}
    if header_drafts:
        entry["draft_renderings"] = [{"kind": "status-report"}]
    write_pack(out, identity=review.identity_of(data_dir), kind="review", members=members,
               header={"cases": [entry]})


@pytest.mark.parametrize(("drafts", "with_drafts_json", "expected"), [
    # A draft pointing outside its case's renderings, at a member the pack lacks.
    ([{"kind": "status-report", "file_name": "x.pdf", "member": "../../escape.pdf"}], True,
     "the draft renderings of case AP-X are malformed"),
    ([{"kind": "status-report", "file_name": "x.pdf",
       "member": "cases/AP-X/case.json"}], True, "the draft renderings of case AP-X are malformed"),
    ([], False, "case AP-X has no drafts.json"),
])
def test_a_signed_pack_with_bad_draft_listings_is_refused(data_dir, tmp_path, installation_b,
                                                          drafts, with_drafts_json, expected):
    b_dir, b_db = installation_b
    pack = tmp_path / "odd.zip"
    _resigned_pack(data_dir, pack, drafts, with_drafts_json=with_drafts_json)
    with pytest.raises(PackRefused, match=expected), b_db.session() as s:
        review.open_review_pack(s, data_dir=b_dir, path=pack, actor=ROOT)
    assert review.list_open_reviews(b_dir) == []


def test_a_response_to_a_pack_with_drafts_imports_as_before(data_dir, db, tmp_path,
                                                            installation_b):
    """A response to a pack with drafts merges as before: a comment naming a draft goes
    on the case (the draft is no document of the preparer's case)."""
    reference, _case_id = _import(db, "frontier-lab.json")
    pack = tmp_path / "review.zip"
    _export(db, data_dir, [reference], pack)
    b_dir, b_db = installation_b
    with db.session() as s:
        review.trust_key(s, key_text=review.installation_identity(b_dir).public_key_text,
                         label="Reviewer", actor=ROOT)
    with b_db.session() as s:
        opened = review.open_review_pack(s, data_dir=b_dir, path=pack, actor=ROOT)
    review.add_review_comment(data_dir=b_dir, pack_id=opened.pack_id, reference=reference,
                              body="On the draft us-notification rendered at export: page 2",
                              actor=ROOT)
    response = tmp_path / "response.zip"
    with b_db.session() as s:
        review.export_response_pack(s, data_dir=b_dir, pack_id=opened.pack_id, out=response,
                                    actor=ROOT)
    with db.session() as s:
        result = review.import_response(s, data_dir=data_dir, path=response, actor=ROOT)
    assert result.comments_added == 1 and not result.conflicts
