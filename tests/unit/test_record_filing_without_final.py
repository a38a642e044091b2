"""Record filing went through with no final stored with the case: the track read Filed
while the Documents checklist still listed its filing as missing, and the case kept no
copy of what was filed. The step stays possible (a filing made from a copy printed
elsewhere), but it says so before it is taken: its button and its dialog carry the note."""

from __future__ import annotations

from approvals.services.workflow import track_view
from approvals.store.db import Database
from approvals.store.models import Document, FilingTrack
from tests.unit.test_workflow import APPR, PREP, make_track, step


def _file_note(db: Database, tid: int) -> str:
    with db.read_session() as s:
        file = next(a for a in track_view(session=s, track_id=tid).actions if a.name == "file")
        assert file.allowed
        return file.note


def test_recording_a_filing_with_no_stored_final_says_so_first(db: Database) -> None:
    tid = make_track(db, "CN-FISR")
    step(db, tid, "submit_for_review", PREP)
    step(db, tid, "approve_for_filing", APPR)
    assert _file_note(db, tid) == (
        "No final Chinese application is stored with the case: generate it with Final ticked "
        "first (Generate filing…), so the case keeps the copy that is filed; recorded without "
        "it, the Documents tab goes on listing it as missing.")
    with db.session() as s:  # the final stored (as Generate filing… stores it)
        track = s.get(FilingTrack, tid)
        assert track is not None
        s.add(Document(case_id=track.case_id, track_id=tid, file_name="final.pdf",
                       sha256="1" * 64, size=1, stored_path="final.pdf",
                       doc_type="cn-application", is_rendering=True))
    assert _file_note(db, tid) == ""
    view = step(db, tid, "file", PREP, filing_reference="X-1")
    assert view.state == "filed"
    assert all(a.note == "" for a in view.actions)  # said of the filing step only


def test_submitting_a_track_whose_filing_is_incomplete_says_what_approval_waits_for(
        db: Database) -> None:
    """The approver found "The filing is not complete: it lacks …" only once the track had
    reached them; Submit for internal review now says it first (and still submits)."""
    from approvals.domain.facts import parse_facts
    from approvals.services.cases import create_case
    from tests.unit.test_workflow import TODAY, _facts

    with db.session() as s:
        case = create_case(s, facts=parse_facts(_facts()), actor=PREP, status="draft",
                           today=TODAY)
        track = FilingTrack(case_id=case.id, regime="CN-FISR", kind="CN-FISR",
                            outcome="approval_required")
        s.add(track)
        s.flush()
        tid = track.id
    assert tid is not None
    with db.read_session() as s:
        submit = next(a for a in track_view(session=s, track_id=tid).actions
                      if a.name == "submit_for_review")
    assert submit.allowed
    assert submit.note.startswith("Approve for filing will wait until the filing is complete: "
                                  "it lacks "), submit.note
    assert "[particulars.applicant.legal_representative]" in submit.note
    assert submit.note.endswith(" — now or during the review.")
    view = step(db, tid, "submit_for_review", PREP)
    assert view.state == "internal_review"
    complete = make_track(db, "CN-FISR")  # its particulars filled in: nothing to say
    with db.read_session() as s:
        assert next(a for a in track_view(session=s, track_id=complete).actions
                    if a.name == "submit_for_review").note == ""
