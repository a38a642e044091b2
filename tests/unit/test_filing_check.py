"""Checking a filing PDF, or a paper copy's footer, against the case it names: each verdict
with the real renderer on the demo (the smallest filings: a 5-page US notification)."""

from __future__ import annotations

import io
import json
import re
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdf
import pytest
from sqlmodel import col, select

from approvals.domain.errors import AccountRevoked, InputError, NotFound
from approvals.domain.facts import parse_facts
from approvals.filings import FILING_CONTENT_VERSION, compose
from approvals.filings.content import FilingDocument, content_version, creator
from approvals.filings.layout import build_pdf
from approvals.services import filing_check as fc
from approvals.services.case_edit import update_case_facts
from approvals.services.documents import set_restriction
from approvals.services.filing_check import check_filing, check_paper_copy, read_pdf_claim
from approvals.services.filings import load_filing_data, render_filing
from approvals.services.users import create_user, deactivate_user
from approvals.store import audit as audit_store
from approvals.store.audit import Actor
from approvals.store.cases import case_by_reference
from approvals.store.db import Database, session_data_dir
from approvals.store.models import Case, Document

FINAL_CASE = "AP-2026-0009"  # the demo stores its US notification's final
DRAFT_CASE = "AP-2026-0003"  # a US notification that is only a draft
KIND = "us-notification"
READER = Actor("rita", ("reviewer",))


def final_pdf(db: Database, actor: Actor, reference: str = FINAL_CASE) -> bytes:
    with db.session() as s:
        return render_filing(session=s, reference=reference, kind=KIND, actor=actor,
                             final=True).pdf


def draft_pdf(db: Database, actor: Actor, reference: str = DRAFT_CASE) -> bytes:
    with db.read_session() as s:
        return render_filing(session=s, reference=reference, kind=KIND, actor=actor).pdf


def check(db: Database, actor: Actor, source: bytes | Path) -> fc.FilingCheck:
    with db.read_session() as s:
        return check_filing(s, actor=actor, source=source)


def paper(db: Database, actor: Actor, **kw: str | None) -> fc.FilingCheck:
    with db.read_session() as s:
        return check_paper_copy(s, actor=actor, **{"reference": DRAFT_CASE, "kind": KIND, **kw})  # type: ignore[arg-type]


def edit_later(db: Database, actor: Actor, reference: str, monkeypatch: pytest.MonkeyPatch,
               when: str = "2099-01-02T03:04:05Z") -> None:
    """Change the case's rationale, recorded (as if) long after the document was made."""
    monkeypatch.setattr(audit_store, "utc_now", lambda: when)
    with db.session() as s:
        case = case_by_reference(s, reference)
        data = json.loads(case.facts)
        data["deal"]["commercial_rationale"] = "Rewritten after printing."
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(data), actor=actor)
    monkeypatch.undo()


def same_length(pdf: bytes, old: bytes, new: bytes) -> bytes:
    """Replace text of the metadata in place (the cross-reference offsets stay right)."""
    assert len(old) == len(new) and pdf.count(old) >= 1
    return pdf.replace(old, new)


def generated_later(pdf: bytes) -> bytes:
    """`pdf` as if generated on 1 January 2098: no event of the demo's own seeding (maybe
    in the very second the draft was rendered) falls after it, `edit_later`'s does."""
    created = re.search(rb"/CreationDate \((D:\d{14})", pdf)
    assert created is not None
    return same_length(pdf, created[1], b"D:20980101000000")


def older_format(pdf: bytes, shift: int = -1) -> bytes:
    """`pdf` as an earlier version of the app worded it: another fingerprint, and its
    Creator naming the content format before this one (`shift` 1: the one after it;
    replaced in place)."""
    claim = read_pdf_claim(pdf)
    made_by = re.search(rb"filing content format (\d+)", pdf)
    assert claim is not None and made_by is not None
    earlier = str(int(made_by[1]) + shift).encode().rjust(len(made_by[1]), b"0")
    old, new = made_by[0], made_by[0].replace(made_by[1], earlier)
    if len(new) > len(old):  # 9 → 10: the byte it gains comes out of the app's name before it
        old, new = b"approvals \\(" + old, b"approval \\(" + new
    return same_length(same_length(pdf, claim.fingerprint.encode(), b"2" * 64), old, new)


# --- stored finals -----------------------------------------------------------------------

def test_identical_to_the_stored_final_and_still_current(demo: Database, admin: Actor,
                                                         tmp_path: Path) -> None:
    pdf = final_pdf(demo, admin)
    path = tmp_path / "handed-over.pdf"
    path.write_bytes(pdf)
    result = check(demo, READER, path)
    assert result.verdict == "identical" and result.matches
    assert result.reference == FINAL_CASE and result.kind == KIND and result.status == "final"
    stored = result.stored_final
    assert stored is not None and stored.same_bytes and stored.stored_by == "li.wei"
    with demo.read_session() as s:
        doc = s.get(Document, stored.document_id)
        assert doc is not None and doc.sha256 == result.file_sha256
    assert result.current is True and result.current_as == "final" and not result.changes
    assert f"stored with case {FINAL_CASE}" in result.headline
    assert "still current" in result.headline
    # Sentences name the kind as the app does; the JSON `kind` stays the code.
    assert f"Identical to the final US notification stored with case {FINAL_CASE}" \
        in result.headline
    assert result.details[0].startswith(f"Case {FINAL_CASE}, US notification (final)")
    assert KIND not in result.headline + result.details[0]
    assert result.as_json()["kind"] == KIND
    assert stored.fingerprint == result.fingerprint
    assert read_pdf_claim(pdf) == fc.PdfClaim(FINAL_CASE, KIND, result.fingerprint, "final",
                                              result.generated_at, fc.FILING_CONTENT_VERSION)


def test_a_stored_final_after_the_case_changed_lists_the_changes(
        demo: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = final_pdf(demo, admin)
    edit_later(demo, admin, FINAL_CASE, monkeypatch)
    result = check(demo, READER, pdf)
    assert result.verdict == "identical" and result.matches  # it is the stored final
    assert result.current is False and "no longer current" in result.headline
    assert [c.occurred_at for c in result.changes] == ["2099-01-02T03:04:05Z"]
    assert "rationale" in result.changes[0].summary.lower(), result.changes[0].summary
    assert result.changes_since == result.generated_at


def test_resaved_final_is_the_same_content_but_not_the_same_file(demo: Database,
                                                                  admin: Actor) -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(final_pdf(demo, admin))))
    out = io.BytesIO()
    writer.write(out)
    result = check(demo, READER, out.getvalue())
    assert result.verdict == "stored_final" and result.matches
    assert result.stored_final is not None and not result.stored_final.same_bytes
    assert "bytes differ" in result.headline and "Compare its pages" in result.text


def test_tampered_page_bytes_are_not_the_stored_file(demo: Database, admin: Actor) -> None:
    pdf = final_pdf(demo, admin)
    stream = pdf.index(b"stream\n", pdf.index(b"/Filter")) + 20
    tampered = pdf[:stream] + bytes([pdf[stream] ^ 1]) + pdf[stream + 1:]
    result = check(demo, READER, tampered)
    assert result.verdict == "stored_final"  # the metadata still claims the content
    assert result.stored_final is not None and not result.stored_final.same_bytes
    assert "does not prove what its pages show" in result.text
    # Not "same content" (the metadata claiming it survives the edit), nor "It is still
    # current" said of the file: of the stored final.
    assert result.headline.startswith("Not the stored file: it carries the fingerprint of "
                                      "the final US notification stored with case")
    assert "pages cannot be vouched for" in result.headline
    assert "Same content" not in result.headline and " It is still current" not in result.headline
    from approvals.ui.filing_check import badge

    assert badge(result)[0] == "Claims a stored final, bytes differ"


def test_restricted_final_is_named_but_not_opened(demo: Database, admin: Actor,
                                                  fast_hash: None) -> None:
    pdf = final_pdf(demo, admin)
    with demo.session() as s:
        create_user(s, actor=admin, username="olga", password="correct horse battery",
                    roles=["preparer"])
        doc_id = check_filing(s, actor=admin, source=pdf).stored_final.document_id  # type: ignore[union-attr]
        set_restriction(s, actor=Actor("olga", ("preparer",)), document_id=doc_id,
                        restricted=True, allowed_users=["olga"])
    result = check(demo, READER, pdf)
    assert result.verdict == "identical"  # its existence is no secret (the Documents tab)
    assert result.stored_final is not None and result.stored_final.restricted
    assert not result.stored_final.may_open and "you may not open it" in result.text
    assert check(demo, Actor("olga", ("preparer",)), pdf).stored_final.may_open  # type: ignore[union-attr]


# --- drafts and current content ----------------------------------------------------------

def test_a_draft_of_what_the_case_holds_now_is_current(demo: Database, admin: Actor) -> None:
    pdf = draft_pdf(demo, admin)
    result = check(demo, READER, pdf)
    assert result.verdict == "current" and result.matches
    assert result.current and result.current_as == "draft" and result.status == "draft"
    assert result.same_as_rendering is True  # laid out again at its own generation time
    assert result.stored_final is None


def test_a_preview_of_the_final_is_not_called_a_draft(demo: Database, admin: Actor) -> None:
    """AP-2026-0009's US notification is approved for filing: rendered without "final", it
    is a preview (no watermark). The check called it "its current draft" and advised to
    "generate the final once the tracks it covers are approved for filing"."""
    pdf = draft_pdf(demo, admin, FINAL_CASE)
    assert "PREVIEW" in (pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text() or "")
    result = check(demo, READER, pdf)
    assert result.verdict == "current" and result.current_as == "preview"
    assert "a preview of the final it would issue" in result.headline
    assert "its current draft" not in result.headline
    assert result.details[0].startswith(f"Case {FINAL_CASE}, US notification (preview)")
    # The demo stores this final: the preview names it (it read "no final with this
    # content is stored" and advised generating it).
    assert result.advice == ("A preview, not the filed document: the final with this content "
                             "is stored with the case (named above); rely on that file.")


def test_current_fingerprint_is_the_renderers(demo: Database, admin: Actor) -> None:
    """The fingerprint computed without a PDF is the one the renderer prints."""
    with demo.read_session() as s:
        rendered = render_filing(session=s, reference=DRAFT_CASE, kind=KIND, actor=admin)
        documents, _covered = fc._current_documents(s, DRAFT_CASE, KIND, rendered.generated_at)
    assert list(documents) == [rendered.fingerprint]
    assert not documents[rendered.fingerprint].final


def test_a_draft_whose_case_changed_since_lists_the_changes(
        demo: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    # Generated later than the demo's own seeding, which may share the draft's second.
    pdf = generated_later(draft_pdf(demo, admin))
    edit_later(demo, admin, DRAFT_CASE, monkeypatch)
    result = check(demo, READER, pdf)
    assert result.verdict == "changed" and not result.matches and result.current is False
    assert [c.occurred_at for c in result.changes] == ["2099-01-02T03:04:05Z"]
    assert result.changes[0].actor == admin.username
    assert "has changed since" in result.headline and "2099-01-02 03:04:05 UTC" in result.text


def test_a_tampered_draft_matches_the_content_but_not_the_rendering(demo: Database,
                                                                    admin: Actor) -> None:
    pdf = draft_pdf(demo, admin)
    at = pdf.index(b"stream\n", pdf.index(b"/Filter")) + 20
    result = check(demo, READER, pdf[:at] + bytes([pdf[at] ^ 1]) + pdf[at + 1:])
    assert result.verdict == "current" and result.same_as_rendering is False
    assert "does not prove what its pages show" in result.text


def test_a_forged_fingerprint_is_not_from_the_case(demo: Database, admin: Actor) -> None:
    pdf = draft_pdf(demo, admin)
    claim = read_pdf_claim(pdf)
    assert claim is not None
    forged = same_length(pdf, claim.fingerprint.encode(), b"0" * 64)
    result = check(demo, READER, forged)
    assert result.verdict == "not_from_case" and not result.matches
    assert "nothing on the case changed" in result.headline


def test_generated_before_the_case_existed(demo: Database, admin: Actor) -> None:
    pdf = draft_pdf(demo, admin)
    old = re.search(rb"/CreationDate \((D:\d{14})", pdf)
    claim = read_pdf_claim(pdf)
    assert old is not None and claim is not None
    backdated = same_length(pdf, old[1], b"D:20200101000000")
    # The content is still the case's: current, but not as the app laid it out then.
    result = check(demo, READER, backdated)
    assert result.verdict == "current" and result.same_as_rendering is False
    result = check(demo, READER, same_length(backdated, claim.fingerprint.encode(), b"1" * 64))
    assert result.verdict == "not_from_case" and "before the case was created" in result.headline


def test_a_case_not_here(demo: Database, admin: Actor) -> None:
    pdf = same_length(draft_pdf(demo, admin), DRAFT_CASE.encode(), b"AP-2099-0003")
    result = check(demo, READER, pdf)
    assert result.verdict == "unknown_case" and not result.matches
    assert "AP-2099-0003" in result.headline
    assert result.kind == "us-notification"  # the code, as the JSON gives it
    assert result.details[0].startswith("US notification (draft)")


# --- a paper copy -------------------------------------------------------------------------

def test_paper_copy_by_its_printed_fingerprint(demo: Database, admin: Actor) -> None:
    claim = read_pdf_claim(draft_pdf(demo, admin))
    assert claim is not None
    spaced = " ".join(claim.fingerprint[i:i + 4] for i in range(0, 16, 4)).upper()
    result = paper(demo, READER, fingerprint=spaced)
    assert result.verdict == "current" and result.source == "paper"
    assert result.fingerprint == claim.fingerprint[:16] and result.file_sha256 is None


def test_paper_copy_of_the_stored_final_finds_its_generation_time(demo: Database,
                                                                   admin: Actor) -> None:
    claim = read_pdf_claim(final_pdf(demo, admin))
    assert claim is not None
    result = paper(demo, READER, reference=FINAL_CASE.lower(), fingerprint=claim.fingerprint)
    assert result.verdict == "stored_final" and result.matches
    assert result.generated_at == claim.generated_at  # read from the stored file
    assert "no bytes to compare" in result.text


def test_paper_copy_after_a_change(demo: Database, admin: Actor,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    claim = read_pdf_claim(draft_pdf(demo, admin))
    assert claim is not None and claim.generated_at is not None
    edit_later(demo, admin, DRAFT_CASE, monkeypatch)
    without_time = paper(demo, READER, fingerprint=claim.fingerprint[:20])
    assert without_time.verdict == "no_match" and not without_time.matches
    printed = claim.generated_at.replace("T", " ").replace("Z", " UTC")
    with_time = paper(demo, READER, fingerprint=claim.fingerprint[:20], generated_at=printed)
    # (a paper copy's time is to the second: the demo's own events of the second the
    # draft was rendered in count too, when the test runs that soon after loading it)
    assert with_time.verdict == "changed"
    assert [c.occurred_at for c in with_time.changes
            if c.occurred_at > claim.generated_at] == ["2099-01-02T03:04:05Z"]


@pytest.mark.parametrize(("kw", "path", "words"), [
    ({"fingerprint": "abcd ef01"}, "fingerprint", "at least its first 16"),
    ({"fingerprint": "abcdefgh01234567"}, "fingerprint", "'g', 'h'"),
    ({"fingerprint": "a" * 65}, "fingerprint", "a fingerprint has 64"),
    ({"fingerprint": " "}, "fingerprint", "is empty"),
    ({"kind": "annual-report"}, "kind", "is not a filing kind"),
    ({"generated_at": "yesterday"}, "generated", "is no time"),
    ({"reference": " "}, "reference", "is empty"),
])
def test_paper_copy_bad_input(demo: Database, kw: dict[str, str], path: str, words: str) -> None:
    with pytest.raises(InputError) as err:
        paper(demo, READER, **{"fingerprint": "0" * 16, **kw})
    assert [p.path for p in err.value.problems] == [path]
    assert words in err.value.problems[0].message


def test_paper_copy_of_an_unknown_case(demo: Database) -> None:
    with pytest.raises(NotFound, match="There is no case AP-2099-0001"):
        paper(demo, READER, reference="AP-2099-0001", fingerprint="0" * 16)


# --- what is no filing --------------------------------------------------------------------

def test_not_a_pdf_empty_or_missing(demo: Database, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    for source, words in ((text, "is not a PDF"), (b"", "is empty"),
                          (tmp_path / "gone.pdf", "file not found"), (tmp_path, "is a folder")):
        with pytest.raises(InputError, match=words):
            check(demo, READER, source)


def test_a_pdf_without_a_fingerprint(demo: Database) -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(InputError, match="carries no filing fingerprint"):
        check(demo, READER, out.getvalue())


def test_metadata_inside_a_compressed_object_stream() -> None:
    """A PDF re-saved with object streams keeps its Info dictionary compressed."""
    info = (b"<< /Subject (status-report sha256:" + b"ab" * 32 + b") /Keywords (AP-2026-0001, "
            b"status-report, draft) /CreationDate (D:20261129080000+08'00') >>")
    header = b"7 0 "
    packed = zlib.compress(header + info)
    pdf = (b"%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
           + str(len(packed)).encode() + b" >>\nstream\n" + packed + b"\nendstream\nendobj\n"
           b"2 0 obj\n<< /Type /XRef /Info 7 0 R /Root 3 0 R >>\nstream\nendstream\nendobj\n")
    claim = read_pdf_claim(pdf)
    assert claim == fc.PdfClaim("AP-2026-0001", "status-report", "ab" * 32, "draft",
                                "2026-11-29T00:00:00Z")


def test_reader_strings_escapes_and_hex() -> None:
    assert fc._string_at(rb" (a\(b\)c \\ \101 (nested)) ", 0) == "a(b)c \\ A (nested)"
    assert fc._string_at(b"<FEFF00410042>", 0) == "AB"
    assert fc._pdf_date("D:20261129224155Z") == "2026-11-29T22:41:55Z"
    assert fc._pdf_date("D:20261129224155-05'00'") == "2026-11-30T03:41:55Z"
    assert fc._pdf_date("garbage") is None


def test_a_deactivated_user_may_not_check(demo: Database, admin: Actor, fast_hash: None) -> None:
    with demo.session() as s:
        create_user(s, actor=admin, username="rita", password="correct horse battery",
                    roles=["reviewer"])
    pdf = draft_pdf(demo, admin)
    assert check(demo, READER, pdf).verdict == "current"
    with demo.session() as s:
        deactivate_user(s, actor=admin, username="rita")
    with pytest.raises(AccountRevoked):
        check(demo, READER, pdf)



def test_an_attached_document_is_named_as_such(demo: Database) -> None:
    with demo.read_session() as s:
        doc = s.exec(select(Document).where(Document.is_rendering == False,  # noqa: E712
                                            col(Document.file_name).endswith(".pdf"))).first()
        assert doc is not None
        case = s.get(Case, doc.case_id)
        assert case is not None
        reference = case.reference
        data = (session_data_dir(s).documents / doc.stored_path).read_bytes()
    with pytest.raises(InputError, match=f"it is the document .* attached to case {reference}"):
        check(demo, READER, data)


# --- filings worded by another version of the app ------------------------------------------

def upgrade(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app as its next version: it words every filing otherwise (translations, date
    formats changed), so no fingerprint of the old wording is recomputed, and it says so
    with its content format."""
    real = fc._current_documents

    def reworded(*args: Any, **kwargs: Any) -> tuple[dict[str, FilingDocument], bool]:
        now, covered = real(*args, **kwargs)
        documents = (replace(d, title_en=f"{d.title_en} (reworded)") for d in now.values())
        return {d.fingerprint: d for d in documents}, covered

    monkeypatch.setattr(fc, "_current_documents", reworded)
    monkeypatch.setattr(fc, "FILING_CONTENT_VERSION", FILING_CONTENT_VERSION + 1)


def test_a_draft_of_the_previous_version_from_an_unchanged_case_is_not_called_altered(
        demo: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = generated_later(draft_pdf(demo, admin))
    upgrade(monkeypatch)
    result = check(demo, READER, pdf)
    assert result.verdict == "other_version" and result.other_version
    assert result.passed and not result.matches and result.changes == ()
    assert result.content_version == FILING_CONTENT_VERSION
    assert "nothing on case AP-2026-0003 changed" in result.headline
    assert (f"an earlier version of the app (content format {FILING_CONTENT_VERSION}; this "
            f"version words filings as format {FILING_CONTENT_VERSION + 1})") in result.text
    assert "altered" not in result.headline and "no change on the case" in result.text
    assert result.as_json()["passed"] is True


def test_a_draft_of_the_previous_version_lists_the_changes_since(
        demo: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    # Generated later than the demo's own seeding, which may share the draft's second (run
    # alone, the demo was seeded in that second and its events were listed as changes).
    pdf = generated_later(draft_pdf(demo, admin))
    edit_later(demo, admin, DRAFT_CASE, monkeypatch)
    upgrade(monkeypatch)
    result = check(demo, READER, pdf)
    assert result.verdict == "other_version" and not result.passed
    assert [c.occurred_at for c in result.changes] == ["2099-01-02T03:04:05Z"]
    assert "has changed since" in result.headline
    assert "Do not rely on it" in result.advice


def test_a_pdf_made_before_formats_were_recorded(demo: Database, admin: Actor) -> None:
    with demo.read_session() as s:
        data = load_filing_data(s, DRAFT_CASE)
    document, _missing = compose(data, KIND, final=False, now="2098-01-01T00:00:00Z")
    # Its Creator is plain "approvals": as the versions before this one made it.
    pdf, _pages = build_pdf(document, content_format=None)
    claim = read_pdf_claim(pdf)
    assert claim is not None and claim.content_version is None
    # Worded as now: current, and laid out the same (naming no format, as it does).
    result = check(demo, READER, pdf)
    assert result.verdict == "current" and result.same_as_rendering is True
    # Worded otherwise: another version, not "altered".
    old, _pages = build_pdf(replace(document, title_en="US outbound notice"), content_format=None)
    result = check(demo, READER, old)
    assert result.verdict == "other_version" and result.passed
    assert "did not yet record its content format" in result.text


def test_this_versions_own_wording_that_matches_nothing_is_still_not_from_the_case(
        demo: Database, admin: Actor) -> None:
    with demo.read_session() as s:
        data = load_filing_data(s, DRAFT_CASE)
    document, _missing = compose(data, KIND, final=False, now="2098-01-01T00:00:00Z")
    pdf, _pages = build_pdf(replace(document, title_en="Altered"))
    result = check(demo, READER, pdf)
    assert result.verdict == "not_from_case" and not result.passed and not result.other_version


def test_another_version_generated_before_the_case_existed_is_not_from_it(
        demo: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = draft_pdf(demo, admin)
    old = re.search(rb"/CreationDate \((D:\d{14})", pdf)
    assert old is not None
    backdated = same_length(pdf, old[1], b"D:20200101000000")
    upgrade(monkeypatch)
    result = check(demo, READER, backdated)
    assert result.verdict == "not_from_case" and "before the case was created" in result.headline


def test_a_stored_final_of_the_previous_version_on_an_unchanged_case(
        demo: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = final_pdf(demo, admin)
    upgrade(monkeypatch)
    result = check(demo, READER, pdf)
    assert result.verdict == "identical" and result.matches and result.passed
    assert result.other_version and result.current is None and result.changes == ()
    assert "no longer current" not in result.text
    assert "Nothing on the case changed since it was generated" in result.headline
    assert result.advice.startswith("It may be relied on")
    # A paper copy of it: the stored final's own metadata names its format.
    claim = read_pdf_claim(pdf)
    assert claim is not None
    copy = paper(demo, READER, reference=FINAL_CASE, fingerprint=claim.fingerprint)
    assert copy.verdict == "stored_final" and copy.other_version and not copy.changes


def test_a_stored_final_of_the_previous_version_after_the_case_changed(
        demo: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = final_pdf(demo, admin)
    edit_later(demo, admin, FINAL_CASE, monkeypatch)
    upgrade(monkeypatch)
    result = check(demo, READER, pdf)
    assert result.verdict == "identical" and result.current is False
    assert "no longer current: the case has changed" in result.headline
    assert [c.occurred_at for c in result.changes] == ["2099-01-02T03:04:05Z"]


def test_a_pdf_naming_an_earlier_format_is_another_version(demo: Database, admin: Actor) -> None:
    result = check(demo, READER, older_format(generated_later(draft_pdf(demo, admin))))
    assert result.verdict == "other_version" and result.passed
    assert result.content_version == FILING_CONTENT_VERSION - 1
    assert "an earlier version of the app (content format" in result.text
    assert result.headline.startswith("Made by an earlier version of the app: nothing on case")
    later = check(demo, READER, older_format(generated_later(draft_pdf(demo, admin)), shift=1))
    assert later.verdict == "other_version" and later.headline.startswith("Made by a later")


def test_the_content_format_is_read_from_the_creator() -> None:
    assert content_version(creator()) == FILING_CONTENT_VERSION
    assert content_version(creator(7)) == 7
    assert content_version("approvals") is None and content_version(None) is None


def _status_report_then_a_new_final(demo: Database, admin: Actor,
                                    monkeypatch: pytest.MonkeyPatch, *, final: bool) -> bytes:
    """DRAFT_CASE's status report (stored when `final`), then, later, its first stored
    Chinese application: a document the report lists."""
    with demo.session() as s:
        report = render_filing(session=s, reference=DRAFT_CASE, kind="status-report",
                               actor=admin, final=final).pdf
    monkeypatch.setattr(audit_store, "utc_now", lambda: "2099-01-02T03:04:05Z")
    with demo.session() as s:
        render_filing(session=s, reference=DRAFT_CASE, kind="cn-application", actor=admin,
                      final=True)
    monkeypatch.undo()
    return report


def test_a_status_report_draft_is_not_current_once_a_final_is_stored_with_its_case(
        demo: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """A status report lists the case's documents, stored finals among them: checked after
    a final was stored, it said "nothing on case … changed", three events "elsewhere"."""
    report = generated_later(_status_report_then_a_new_final(demo, admin, monkeypatch,
                                                              final=False))
    result = check(demo, READER, report)
    assert result.verdict == "changed" and "has changed since" in result.headline
    assert [c.action for c in result.changes] == ["filing.finalised"]
    assert result.changes[0].summary.startswith("Final Chinese application stored with the case")


def test_a_stored_status_report_lists_a_final_stored_after_it(
        demo: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same for a stored final status report: "no longer current", nothing listed."""
    report = _status_report_then_a_new_final(demo, admin, monkeypatch, final=True)
    result = check(demo, READER, report)
    assert result.verdict == "identical" and not result.current
    assert [c.action for c in result.changes] == ["filing.finalised"]


def test_a_final_rendered_again_adds_no_document_and_is_no_change(
        demo: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """AP-2026-0009's US notification final is stored by the demo: rendered again
    ("already stored") it adds nothing a status report lists."""
    with demo.read_session() as s:
        report = render_filing(session=s, reference=FINAL_CASE, kind="status-report",
                               actor=admin).pdf
    report = generated_later(report)
    monkeypatch.setattr(audit_store, "utc_now", lambda: "2099-01-02T03:04:05Z")
    final_pdf(demo, admin)
    monkeypatch.undo()
    result = check(demo, READER, report)
    assert "filing.finalised" not in [c.action for c in result.changes]


def test_a_filing_cut_short_is_called_incomplete_not_foreign(demo: Database,
                                                              admin: Actor) -> None:
    """A download that stopped lost the end of the file, where the fingerprint is kept:
    it was called "not a filing this app generated"."""
    cut = final_pdf(demo, admin)[:3000]
    with pytest.raises(InputError) as refused:
        check(demo, READER, cut)
    message = str(refused.value)
    assert "is cut short" in message and "Get a complete copy" in message
    assert message.endswith("a full disk) and check it instead")
    assert "not a filing this app generated" not in message


def test_a_draft_for_a_case_without_its_track_says_no_final_can_be_made(
        demo: Database, admin: Actor) -> None:
    """Checked, a US notification drafted for a case with no US-OISP track advised
    "generate the final once the tracks it covers are approved for filing"."""
    with demo.read_session() as s:
        case = next(c for c in s.exec(select(Case)).all()
                    if not any(t.regime == "US-OISP" for t in load_filing_data(
                        s, c.reference).tracks))
        reference = case.reference
    pdf = draft_pdf(demo, admin, reference)
    result = check(demo, READER, pdf)
    assert result.verdict == "current" and result.no_track
    assert result.advice.startswith(f"A draft, not a filed document: case {reference} has no "
                                    "track open that a US notification covers, so no final of "
                                    "it can be made")
    assert "no_track" not in result.as_json()
    # A draft whose track is open still gets the usual advice.
    usual = check(demo, READER, draft_pdf(demo, admin, "AP-2026-0004"))  # US-OISP in draft
    assert not usual.no_track and "once the tracks it covers are approved" in usual.advice


def test_a_preview_whose_final_is_stored_names_it(demo: Database, admin: Actor) -> None:
    """A preview handed to an auditor read "no final with this content is stored" while
    the case held that very final, current."""
    final_pdf(demo, admin)  # stores the current final
    result = check(demo, READER, draft_pdf(demo, admin, FINAL_CASE))
    assert result.verdict == "current" and result.current_as == "preview"
    assert "(a preview of the final it would issue; that final is stored: " in result.headline
    assert "no final with this content is stored" not in result.headline
    assert result.advice == ("A preview, not the filed document: the final with this content "
                             "is stored with the case (named above); rely on that file.")
    assert "final_stored" not in result.as_json()  # --json keeps the contract's keys
    # Without its final stored, a preview is still to be made a filed document.
    assert replace(result, final_stored=False).advice == (
        "Not yet a filed document: no final is stored with this content. Generate the final "
        "from the case to store it.")


def test_a_final_of_one_track_is_named_with_its_track(demo: Database, admin: Actor) -> None:
    """A CN-FISR-only application checked as "Identical to the final Chinese application
    stored with case AP-2026-0002", read as the case's whole application."""
    with demo.session() as s:
        pdf = render_filing(session=s, reference="AP-2026-0002", kind="cn-application",
                            actor=admin, final=True, regime="CN-FISR").pdf
    result = check(demo, READER, pdf)
    assert result.verdict == "identical", result.headline
    assert result.headline.startswith(
        "Identical to the final Chinese application for CN-FISR stored with case AP-2026-0002")
    whole = check(demo, READER, final_pdf(demo, admin))
    assert whole.headline.startswith("Identical to the final US notification stored with")
