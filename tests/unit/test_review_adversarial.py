"""Review packs as offices really use them: responses that arrive out of order, packs
whose member names collide once extracted on Windows or macOS, a sender not trusted yet.
Each test fails if the defect it was written for comes back."""

from __future__ import annotations

import json
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.cli import main
from approvals.domain.documents import megabytes
from approvals.domain.errors import CheckFailed, InputError
from approvals.domain.facts import parse_facts
from approvals.exchange import pack as pack_module
from approvals.exchange.pack import (
    Member,
    PackRefused,
    member_names_problem,
    member_path_problem,
    verify_pack,
    write_pack,
)
from approvals.paths import DataDir
from approvals.services import backup, review
from approvals.services.case_edit import update_case_facts
from approvals.services.cases import import_case
from approvals.services.drafts import save_draft
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.keys import load_or_create_identity
from approvals.store.migrate import open_database
from approvals.store.models import Case, Comment, Event, ReviewProposal
from tests.conftest import EXAMPLES_DIR, new_database
from tests.review_support import PAT, RITA, ROOT, ReviewPair, open_review_pair


@pytest.fixture
def pair(tmp_path: Path, data_dir: DataDir, db: Database):
    p = open_review_pair(tmp_path, data_dir, db)
    yield p
    p.b_db.dispose()


def _respond(pair: ReviewPair, pack_id: str, out: Path) -> Path:
    with pair.b_db.session() as s:
        review.export_response_pack(s, data_dir=pair.b_dir, pack_id=pack_id, out=out, actor=RITA)
    return out


def _import(pair: ReviewPair, path: Path) -> review.ImportResult:
    with pair.a_db.session() as s:
        return review.import_response(s, data_dir=pair.a_dir, path=path, actor=PAT)


def _propose(pair: ReviewPair, pack_id: str, value: int) -> None:
    review.propose_change(data_dir=pair.b_dir, pack_id=pack_id, reference=pair.reference,
                          field_path="deal.board_seats", value=value, actor=RITA)


def _proposals(pair: ReviewPair) -> list[tuple[str, object, str]]:
    with pair.a_db.read_session() as s:
        return [(p.pack_id, p.proposed_value, p.status)
                for p in review.list_proposals(s, reference=pair.reference)]


# ---------------------------------------------------------------------------------------
# Responses arriving in the reverse order


def test_an_earlier_response_imported_after_a_later_one_does_not_replace_it(pair, tmp_path):
    """The reviewer sends a response, revises a proposal and sends another; the second
    arrives first. Before: importing the first then superseded the second's pending
    proposal with the older value. Now the older value is kept as already replaced."""
    _propose(pair, pair.pack_id, 2)
    review.add_review_comment(data_dir=pair.b_dir, pack_id=pair.pack_id,
                              reference=pair.reference, body="First look", actor=RITA)
    first = _respond(pair, pair.pack_id, tmp_path / "r1.zip")
    _propose(pair, pair.pack_id, 3)
    second = _respond(pair, pair.pack_id, tmp_path / "r2.zip")

    later = _import(pair, second)
    assert later.proposals_added == 1 and later.set_aside == ()
    earlier = _import(pair, first)
    assert earlier.comments_skipped == 1  # the second response carried the comment too
    assert earlier.set_aside == ((pair.reference, "deal.board_seats"),)
    assert earlier.proposals_added == 0 and earlier.nothing_new
    rows = _proposals(pair)
    assert [(v, st) for _p, v, st in rows] == [(3, "pending"), (2, "superseded")]
    with pair.a_db.read_session() as s:
        stale = s.exec(select(ReviewProposal).where(ReviewProposal.status == "superseded")).one()
        assert stale.decided_by == f"response {later.pack_id}"
        events = s.exec(select(Event).where(Event.action == "review.imported",
                                            Event.entity_id == earlier.pack_id)).all()
        assert [json.loads(e.details)["set_aside"] for e in events] == [["deal.board_seats"]]

    # Imported a third time: nothing at all changes, not even the audit trail.
    with pair.a_db.read_session() as s:
        before = len(s.exec(select(Event)).all())
    again = _import(pair, first)
    assert again.nothing_new and again.set_aside == () and again.proposals_skipped == 1
    with pair.a_db.read_session() as s:
        assert len(s.exec(select(Event)).all()) == before
    assert len(_proposals(pair)) == 2


def test_responses_to_two_packs_of_an_edited_case_in_the_reverse_order(pair, tmp_path):
    """Pack 1 goes out, the case is edited, pack 2 goes out. The reviewer answers pack 1,
    then pack 2; the answers come back the other way round. The answer to the newer pack
    (sent later) stands: its proposal stays pending and its recommendation is the last
    one recorded; the older answer's comments are merged all the same."""
    with pair.a_db.session() as s:
        case = s.exec(select(Case).where(Case.reference == pair.reference)).one()
        facts = json.loads(case.facts)
        facts["deal"]["stake_after_pct"] = 30
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(facts), actor=ROOT, reason="SPA signed")
    pack2 = tmp_path / "review-2.zip"
    with pair.a_db.session() as s:
        review.export_review_pack(s, data_dir=pair.a_dir, references=[pair.reference],
                                  out=pack2, actor=PAT)
    with pair.b_db.session() as s:
        second_id = review.open_review_pack(s, data_dir=pair.b_dir, path=pack2,
                                            actor=RITA).pack_id
    _propose(pair, pair.pack_id, 2)
    review.set_recommendation(data_dir=pair.b_dir, pack_id=pair.pack_id,
                              reference=pair.reference, recommendation="return",
                              reasons="stake unclear", actor=RITA)
    review.add_review_comment(data_dir=pair.b_dir, pack_id=pair.pack_id,
                              reference=pair.reference, body="On pack 1", actor=RITA)
    answer1 = _respond(pair, pair.pack_id, tmp_path / "answer-1.zip")
    _propose(pair, second_id, 3)
    review.set_recommendation(data_dir=pair.b_dir, pack_id=second_id,
                              reference=pair.reference, recommendation="approve",
                              reasons="", actor=RITA)
    answer2 = _respond(pair, second_id, tmp_path / "answer-2.zip")

    _import(pair, answer2)
    older = _import(pair, answer1)
    assert older.comments_added == 1 and older.recommendations == ()
    assert set(older.set_aside) == {(pair.reference, "deal.board_seats"),
                                    (pair.reference, "recommendation")}
    with pair.a_db.read_session() as s:
        pending = review.list_proposals(s, reference=pair.reference, status="pending")
        said = [r.recommendation for r in review.list_recommendations(s, reference=pair.reference)]
        assert [c.body for c in s.exec(select(Comment))] == ["On pack 1"]
    assert [(p.field_path, p.proposed_value) for p in pending] == [("deal.board_seats", 3)]
    assert said == ["approve"]


def test_a_proposal_the_reviewer_withdrew_in_a_later_response_is_not_left_pending(
        pair, tmp_path, capsys):
    """The reviewer proposes two changes, sends them, then takes one back (proposes the
    pack's value again) and sends another response. Before: the withdrawn proposal stayed
    pending on the preparer's side, ready to be accepted against the reviewer's word."""
    _propose(pair, pair.pack_id, 2)
    review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id, reference=pair.reference,
                          field_path="deal.stake_after_pct", value=33.5, actor=RITA)
    first = _respond(pair, pair.pack_id, tmp_path / "r1.zip")
    _import(pair, first)
    with pair.a_db.read_session() as s:
        exported = review.list_proposals(s, reference=pair.reference)[0].base_value
    assert review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id,
                                 reference=pair.reference, field_path="deal.board_seats",
                                 value=exported, actor=RITA) is None  # taken back
    second = _respond(pair, pair.pack_id, tmp_path / "r2.zip")
    capsys.readouterr()
    assert main(["review", "import", str(second), "--data-dir", str(pair.a_dir.root)]) == 0
    out = capsys.readouterr().out
    assert (f"{pair.reference}: the reviewer withdrew the proposed change to deal.board_seats."
            in out) and "Nothing new" not in out
    with pair.a_db.read_session() as s:
        rows = {p.field_path: p.status for p in review.list_proposals(s, reference=pair.reference)}
        events = s.exec(select(Event).where(Event.action == "review.proposal_superseded")).all()
        assert [json.loads(e.details).get("withdrawn") for e in events] == [True]
    assert rows == {"deal.board_seats": "superseded", "deal.stake_after_pct": "pending"}
    # The earlier response imported again brings nothing back.
    again = _import(pair, first)
    assert again.nothing_new and again.withdrawn == ()
    with pair.a_db.read_session() as s:
        assert [p.field_path for p in review.list_proposals(
            s, reference=pair.reference, status="pending")] == ["deal.stake_after_pct"]


def test_a_withdrawn_proposal_stays_withdrawn_when_the_earlier_response_arrives_last(
        pair, tmp_path):
    _propose(pair, pair.pack_id, 2)
    first = _respond(pair, pair.pack_id, tmp_path / "r1.zip")
    with pair.a_db.read_session() as s:
        case = s.exec(select(Case).where(Case.reference == pair.reference)).one()
        exported = json.loads(case.facts)["deal"].get("board_seats")
    review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id, reference=pair.reference,
                          field_path="deal.board_seats", value=exported, actor=RITA)
    review.add_review_comment(data_dir=pair.b_dir, pack_id=pair.pack_id,
                              reference=pair.reference, body="Seats are fine", actor=RITA)
    second = _respond(pair, pair.pack_id, tmp_path / "r2.zip")
    _import(pair, second)
    late = _import(pair, first)
    assert late.set_aside == ((pair.reference, "deal.board_seats"),)
    with pair.a_db.read_session() as s:
        assert review.list_proposals(s, reference=pair.reference, status="pending") == []


class _WrongClock(datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime(2030, 6, 1, 12, 0, tzinfo=tz)


@pytest.mark.parametrize("arrival", ["in order", "reversed"])
def test_the_reviewers_clock_corrected_between_two_responses_does_not_reorder_them(
        pair, tmp_path, monkeypatch, arrival):
    """Two responses to the same pack are ordered by the reviewer installation's own
    count, not its clock: the first was sent while the clock said 2030."""
    _propose(pair, pair.pack_id, 2)
    monkeypatch.setattr(review, "datetime", _WrongClock)
    first = _respond(pair, pair.pack_id, tmp_path / "r1.zip")
    monkeypatch.undo()
    _propose(pair, pair.pack_id, 3)
    second = _respond(pair, pair.pack_id, tmp_path / "r2.zip")
    for path in ((first, second) if arrival == "in order" else (second, first)):
        _import(pair, path)
    with pair.a_db.read_session() as s:
        pending = review.list_proposals(s, reference=pair.reference, status="pending")
    assert [p.proposed_value for p in pending] == [3]


def test_the_command_line_says_what_an_earlier_response_no_longer_changes(pair, tmp_path,
                                                                          capsys):
    """Before, it said "Nothing new: this response was imported before", which it was not."""
    _propose(pair, pair.pack_id, 2)
    first = _respond(pair, pair.pack_id, tmp_path / "r1.zip")
    _propose(pair, pair.pack_id, 3)
    _import(pair, _respond(pair, pair.pack_id, tmp_path / "r2.zip"))
    capsys.readouterr()
    assert main(["review", "import", str(first), "--data-dir", str(pair.a_dir.root)]) == 0
    out = capsys.readouterr().out
    assert ("A later response from this reviewer was imported before this one and stands "
            f"for: deal.board_seats of {pair.reference}") in out
    assert "imported before." not in out
    # The count says the proposal was kept (as replaced), not only "0 added".
    assert "Proposed changes: 0 added, 0 already present, 1 kept as replaced by a later " \
        "response." in out
    assert main(["review", "import", str(first), "--data-dir", str(pair.a_dir.root),
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["set_aside"] == []  # said once, on the import


def test_in_the_usual_order_a_later_response_still_replaces_an_earlier_one(pair, tmp_path):
    _propose(pair, pair.pack_id, 2)
    first = _respond(pair, pair.pack_id, tmp_path / "r1.zip")
    _propose(pair, pair.pack_id, 3)
    second = _respond(pair, pair.pack_id, tmp_path / "r2.zip")
    _import(pair, first)
    assert _import(pair, second).set_aside == ()
    assert [(v, st) for _p, v, st in _proposals(pair)] == [(2, "superseded"), (3, "pending")]


def test_a_revision_replaces_the_pending_proposal_after_the_key_is_relabelled(pair, tmp_path):
    """The administrator renames the reviewer's key ("Reviewer laptop" → "Rita, compliance
    laptop"), and a colleague on the same laptop sends the next response. Before: the
    revision was matched by the reviewer's name as shown, so both values stayed pending
    for the same field. Now the installation that signed them is what counts."""
    _propose(pair, pair.pack_id, 2)
    _import(pair, _respond(pair, pair.pack_id, tmp_path / "r1.zip"))
    with pair.a_db.session() as s:
        review.trust_key(s, key_text=review.installation_identity(pair.b_dir).public_key_text,
                         label="Rita, compliance laptop", actor=ROOT)
    _propose(pair, pair.pack_id, 3)
    with pair.b_db.session() as s:
        review.export_response_pack(s, data_dir=pair.b_dir, pack_id=pair.pack_id,
                                    out=tmp_path / "r2.zip", actor=Actor("sam", ("reviewer",)))
    second = _import(pair, tmp_path / "r2.zip")
    assert second.proposals_added == 1
    assert [(v, st) for _p, v, st in _proposals(pair)] == [(2, "superseded"), (3, "pending")]


def _set_board_seats(pair: ReviewPair, value: int) -> None:
    with pair.a_db.session() as s:
        case = s.exec(select(Case).where(Case.reference == pair.reference)).one()
        facts = json.loads(case.facts)
        facts["deal"]["board_seats"] = value
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(facts), actor=ROOT, reason="agreed by phone")


def test_a_change_already_made_here_is_no_conflict(pair, tmp_path):
    """The reviewer phoned the change through and the preparer made it before the response
    arrived. Before: shown as a conflict, and accepting it needed an override."""
    _propose(pair, pair.pack_id, 2)
    answer = _respond(pair, pair.pack_id, tmp_path / "r.zip")
    _set_board_seats(pair, 2)
    assert _import(pair, answer).conflicts == ()
    with pair.a_db.session() as s:
        [view] = review.list_proposals(s, reference=pair.reference)
        assert not view.conflict and view.current_value == view.proposed_value == 2
        version = s.exec(select(Case)).one().version
        decided = review.decide_proposal(s, proposal_id=view.id, accept=True, actor=PAT)
    assert decided.status == "accepted"
    with pair.a_db.read_session() as s:
        assert s.exec(select(Case)).one().version == version  # nothing to change
    # A different value made here meanwhile still is a conflict, shown with both values.
    _propose(pair, pair.pack_id, 4)
    answer = _respond(pair, pair.pack_id, tmp_path / "r2.zip")
    _set_board_seats(pair, 5)
    assert _import(pair, answer).conflicts == ((pair.reference, "deal.board_seats"),)


def test_a_response_imported_where_it_was_written_changes_nothing(pair, tmp_path):
    """The reviewer imports their own response by mistake: refused by name, B unchanged."""
    _propose(pair, pair.pack_id, 2)
    answer = _respond(pair, pair.pack_id, tmp_path / "r.zip")
    with pair.b_db.read_session() as s:
        before = len(s.exec(select(Event)).all())
    with pair.b_db.session() as s, pytest.raises(PackRefused,
                                                 match="not exported from this installation"):
        review.import_pack(s, data_dir=pair.b_dir, path=answer, actor=ROOT)
    with pair.b_db.read_session() as s:
        assert len(s.exec(select(Event)).all()) == before


def test_an_intake_draft_is_not_sent_for_review(tmp_path, data_dir, db):
    """Before: a raw pydantic ValidationError from rendering its draft filings (and with
    --no-drafts, a pack in which the reviewer could propose nothing)."""
    with db.session() as s:
        draft = save_draft(s, actor=ROOT, data={"target": {"name_en": "Half done"}})
    with db.read_session() as s:
        before = len(s.exec(select(Event)).all())
    out = tmp_path / "p.zip"
    for drafts in (True, False):
        with db.session() as s, pytest.raises(InputError, match="intake draft") as refused:
            review.export_review_pack(s, data_dir=data_dir, references=[draft.reference],
                                      out=out, actor=PAT, drafts=drafts)
        assert refused.value.problems[0].path == "CASE_REF"
        assert draft.reference in str(refused.value)
    assert not out.exists()
    with db.read_session() as s:
        assert len(s.exec(select(Event)).all()) == before


def test_a_pack_too_large_for_the_disk_is_refused_before_it_is_unpacked(pair, monkeypatch):
    real = pack_module.shutil.disk_usage
    monkeypatch.setattr(pack_module.shutil, "disk_usage",
                        lambda p: real(p)._replace(free=pack_module.ROOM_MARGIN))
    before = sorted(p.name for p in pair.b_dir.root.rglob("*"))
    # The pack is sound, the disk full: bad input (exit 2), not a refused pack (exit 1).
    with pair.b_db.session() as s, pytest.raises(InputError, match="unpacked it needs") as err:
        review.open_review_pack(s, data_dir=pair.b_dir, path=pair.pack, actor=RITA)
    assert not isinstance(err.value, PackRefused)
    assert err.value.problems[0].path == str(pair.pack)
    assert err.value.problems[0].message.endswith(
        "; nothing was read in. Free some space on that disk and try again")
    assert sorted(p.name for p in pair.b_dir.root.rglob("*")) == before


def test_a_response_to_a_pack_whose_record_went_with_a_restore_says_so(tmp_path, data_dir,
                                                                      db):
    """The preparer restores a backup made before the export; the response then comes
    back. Before: "not exported from this installation", which sent people hunting for
    another installation. Now the refusal names the restore as the likely reason."""
    b_dir = DataDir(tmp_path / "B").ensure()
    b_db = new_database(b_dir)
    try:
        with db.session() as s:
            data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
            reference = import_case(s, data=data, actor=ROOT).reference
            review.trust_key(s, key_text=review.installation_identity(b_dir).public_key_text,
                             label="Laptop", actor=ROOT)
        with b_db.session() as s:
            review.trust_key(s, key_text=review.installation_identity(data_dir).public_key_text,
                             label="Desk", actor=ROOT)
        before_export = backup.create_backup(data_dir, out=tmp_path / "before.zip").path
        pack = tmp_path / "review.zip"
        with db.session() as s:
            review.export_review_pack(s, data_dir=data_dir, references=[reference], out=pack,
                                      actor=PAT)
        with b_db.session() as s:
            pack_id = review.open_review_pack(s, data_dir=b_dir, path=pack, actor=RITA).pack_id
        review.add_review_comment(data_dir=b_dir, pack_id=pack_id, reference=reference,
                                  body="Looks fine", actor=RITA)
        answer = tmp_path / "answer.zip"
        with b_db.session() as s:
            review.export_response_pack(s, data_dir=b_dir, pack_id=pack_id, out=answer,
                                        actor=RITA)
        backup.restore_backup(data_dir, before_export, actor=ROOT, db=db)
        restored = open_database(data_dir)
        try:
            with restored.session() as s, pytest.raises(PackRefused) as refused:
                review.import_response(s, data_dir=data_dir, path=answer, actor=PAT)
        finally:
            restored.dispose()
        message = str(refused.value)
        assert "which was not exported from this installation — or it was, after the backup " \
               "restored here on" in message
        assert "export the cases for review again. Nothing was changed." in message
    finally:
        b_db.dispose()


def test_a_reviewer_given_two_packs_of_a_case_is_told_which_is_current(pair, tmp_path,
                                                                       monkeypatch, capsys):
    """The preparer sends a second pack of the same case (edited meanwhile). Before: both
    opened side by side with nothing to say which holds the case as it is now. Now opening
    and listing name the newer pack, whichever order they are opened in."""
    later = tmp_path / "review-2.zip"
    monkeypatch.setattr(pack_module, "utc_now", lambda: "2099-01-01T09:00:00Z")
    with pair.a_db.session() as s:
        second = review.export_review_pack(s, data_dir=pair.a_dir, references=[pair.reference],
                                           out=later, actor=PAT).pack_id
    monkeypatch.undo()
    b = ["--data-dir", str(pair.b_dir.root)]
    assert main(["review", "open", str(later), *b]) == 0
    out = capsys.readouterr().out
    assert (f"Note: {pair.reference} is also in review pack {pair.pack_id}, opened here "
            "before, which the sender wrote earlier: this pack is the newer one.") in out
    [older_row] = [r for r in review.list_open_reviews(pair.b_dir) if r.pack_id == pair.pack_id]
    assert older_row.newer == ((pair.reference, second),)
    assert main(["review", "list", *b]) == 0
    assert f"({pair.reference}: newer pack {second[:8]})" in capsys.readouterr().out

    # Opened the other way round (on a third installation), the older one says so itself.
    c_dir = DataDir(tmp_path / "C").ensure()
    c_db = new_database(c_dir)
    try:
        with c_db.session() as s:
            review.trust_key(s, key_text=review.installation_identity(pair.a_dir).public_key_text,
                             label="Desk", actor=ROOT)
            review.open_review_pack(s, data_dir=c_dir, path=later, actor=RITA)
        with c_db.session() as s:
            opened = review.open_review_pack(s, data_dir=c_dir, path=pair.pack, actor=RITA)
        assert opened.newer == ((pair.reference, second),) and opened.older == ()
        with c_db.session() as s:  # and so does importing it again
            again = review.import_pack(s, data_dir=c_dir, path=pair.pack, actor=RITA)
        assert again.already_open and again.newer == ((pair.reference, second),)
    finally:
        c_db.dispose()


def test_another_open_packs_damaged_state_does_not_stop_a_pack_opening(pair, tmp_path):
    """A sync tool left another review folder's review.json half written: a new pack still
    opens (what the two packs share is then not said)."""
    damaged = review.reviews_dir(pair.b_dir) / "0000-damaged"
    damaged.mkdir()
    (damaged / review.STATE_FILE).write_text("{not json", encoding="utf-8")
    later = tmp_path / "review-2.zip"
    with pair.a_db.session() as s:
        review.export_review_pack(s, data_dir=pair.a_dir, references=[pair.reference],
                                  out=later, actor=PAT)
    with pair.b_db.session() as s:
        opened = review.open_review_pack(s, data_dir=pair.b_dir, path=later, actor=RITA)
    assert not opened.already_open and opened.references == (pair.reference,)


# ---------------------------------------------------------------------------------------
# Member names that collide once extracted


def _signed_anyway(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, members: list[Member]):
    """A pack with the given members, signed by a key the reader trusts, as another
    program (or an older version of this one) could write it: write_pack's own name check
    is bypassed."""
    identity = load_or_create_identity(tmp_path / "keys")
    out = tmp_path / "crafted.zip"
    with monkeypatch.context() as m:
        m.setattr(pack_module, "member_names_problem", lambda _names: None)
        m.setattr(pack_module, "member_path_problem", lambda _name: None)
        write_pack(out, identity=identity, kind="review", members=members)
    return out, {identity.fingerprint: identity.public_bytes}


@pytest.mark.parametrize(("names", "reason"), [
    (("cases/a/Doc.txt", "cases/a/doc.txt"), "differ only in upper/lower case"),
    (("cases/A/doc.txt", "cases/a/doc.txt"), "differ only in upper/lower case"),
    (("cases/a", "cases/a/doc.txt"), "is also the folder of other members"),
    (("cases/A", "cases/a/doc.txt"), "is also the folder of other members"),
    (("cases/a/NUL", "cases/a/x.txt"), "a name Windows cannot store"),
    (("cases/a/com1.pdf",), "a name Windows cannot store"),
    (("cases/a/doc.txt.",), "a name Windows cannot store"),
])
def test_member_names_that_collide_when_extracted_are_refused(tmp_path, monkeypatch, names,
                                                              reason):
    """Before: `Doc.txt` and `doc.txt` were both extracted, the second over the first
    after the first's hash was checked (on Windows and macOS), and a file that was also a
    folder stopped the opening with a raw FileExistsError."""
    members = [Member(name, data=f"content of {name}".encode()) for name in names]
    crafted, trusted = _signed_anyway(tmp_path, monkeypatch, members)
    into = tmp_path / "opened"
    with pytest.raises(PackRefused, match=reason) as refused:
        verify_pack(crafted, trusted=trusted, into=into)
    assert "Nothing was changed" in str(refused.value)
    assert not into.exists()


def test_an_empty_file_is_refused_as_a_pack_and_as_a_backup(pair, tmp_path):
    """A 0-byte file (a copy cut short, a download that failed): named for what it is."""
    empty = _zero_bytes(tmp_path)
    before = sorted(p.name for p in pair.b_dir.root.rglob("*"))
    with pair.b_db.session() as s, pytest.raises(
            PackRefused, match=r"empty\.zip was refused: it is not a readable review pack"):
        review.open_review_pack(s, data_dir=pair.b_dir, path=empty, actor=RITA)
    assert sorted(p.name for p in pair.b_dir.root.rglob("*")) == before
    with pytest.raises(CheckFailed, match=r"empty\.zip cannot be restored: it is not a "
                                          r"readable backup file"):
        backup.restore_backup(pair.b_dir, empty, actor=ROOT, db=pair.b_db)


def test_the_app_never_writes_a_pack_it_would_refuse(tmp_path):
    identity = load_or_create_identity(tmp_path / "keys")
    out = tmp_path / "p.zip"
    with pytest.raises(ValueError, match="upper/lower case"):
        write_pack(out, identity=identity, kind="review",
                   members=[Member("a/Doc.txt", data=b"1"), Member("a/doc.txt", data=b"2")])
    assert not out.exists() and list(tmp_path.glob("p.zip*")) == []


def test_ordinary_names_still_pass():
    for name in ("cases/AP-2026-0001/documents/12-con-tract.pdf", "cases/x/nullable.txt",
                 "cases/x/CONTRACT.pdf", "cases/x/renderings/draft-cn-application.pdf"):
        assert member_path_problem(name) is None, name
    assert member_names_problem(["a/b.txt", "a/c.txt", "ab/b.txt", "a.txt"]) is None
    # Never a name that depends on a normalisation or a drive: plain ASCII only.
    for name in ("cases/x/caf\u00e9.txt", "cases/x/cafe\u0301.txt", "C:/x.txt", "cases/x/a b.txt"):
        assert member_path_problem(name) is not None, name


def test_a_backup_with_names_that_differ_only_in_case_is_refused(data_dir, db, tmp_path):
    made = backup.create_backup(data_dir, out=tmp_path / "b.zip").path
    crafted = tmp_path / "crafted.zip"
    with zipfile.ZipFile(made) as zin, zipfile.ZipFile(crafted, "w") as zout:
        manifest = json.loads(zin.read(backup.MANIFEST))
        for info in zin.infolist():
            if info.filename != backup.MANIFEST:
                zout.writestr(info.filename, zin.read(info))
        for name in ("documents/ab.txt", "documents/AB.txt"):
            zout.writestr(name, b"x")
            manifest["members"].append({"path": name, "size": 1,
                                        "sha256": "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"})
        zout.writestr(backup.MANIFEST, json.dumps(manifest))
    with pytest.raises(CheckFailed, match="differ only in upper/lower case"):
        backup.verify_backup(crafted)


# ---------------------------------------------------------------------------------------
# A sender not trusted yet



def _exported_example(tmp_path: Path, data_dir: DataDir, db: Database) -> tuple[Path, str]:
    """The frontier-lab example imported on this installation and exported for review:
    the pack and the case's reference."""
    with db.session() as s:
        data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        reference = import_case(s, data=data, actor=ROOT).reference
    pack = tmp_path / "review.zip"
    with db.session() as s:
        review.export_review_pack(s, data_dir=data_dir, references=[reference], out=pack,
                                  actor=PAT)
    return pack, reference

def test_the_key_of_an_untrusted_pack_is_trusted_from_the_pack_only_with_its_fingerprint(
        tmp_path, data_dir, db):
    """What the reviewer sees: the refusal names the sender's fingerprint. Before, the
    pack's key could not be taken from it; now it can, against the fingerprint compared
    out of band, and a wrong fingerprint is refused."""
    c_dir = DataDir(tmp_path / "C").ensure()
    c_db = new_database(c_dir)
    try:
        pack, reference = _exported_example(tmp_path, data_dir, db)
        sender = review.installation_identity(data_dir)
        with c_db.session() as s, pytest.raises(PackRefused) as refused:
            review.open_review_pack(s, data_dir=c_dir, path=pack, actor=RITA)
        assert sender.fingerprint_grouped in str(refused.value)

        text = review.key_text_from_pack(pack)
        with c_db.session() as s, pytest.raises(InputError, match="fingerprint"):
            review.trust_key(s, key_text=text, label="Desk", actor=ROOT,
                             expected_fingerprint="00" * 32)
        with c_db.session() as s:
            review.trust_key(s, key_text=text, label="Desk", actor=ROOT,
                             expected_fingerprint=sender.fingerprint_grouped)
        with c_db.session() as s:
            assert review.open_review_pack(s, data_dir=c_dir, path=pack,
                                           actor=RITA).references == (reference,)
    finally:
        c_db.dispose()


def test_a_key_is_not_taken_from_a_pack_whose_signature_is_not_its_own(tmp_path):
    """A manifest naming key K but signed by another key yields no key to trust."""
    signer = load_or_create_identity(tmp_path / "signer")
    other = load_or_create_identity(tmp_path / "other")
    good = tmp_path / "good.zip"
    write_pack(good, identity=signer, kind="review", members=[Member("a.txt", data=b"a")])
    assert review.key_text_from_pack(good).split()[1] == signer.public_key_b64
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(forged, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == pack_module.MANIFEST:
                data = data.replace(signer.public_key_b64.encode(), other.public_key_b64.encode())
            zout.writestr(info, data)
    with pytest.raises(PackRefused, match="does not match the key its manifest names"):
        review.key_text_from_pack(forged)
    with pytest.raises(PackRefused, match=r"not a readable review or response pack"):
        review.key_text_from_pack(_zero_bytes(tmp_path))


def _zero_bytes(tmp_path: Path) -> Path:
    empty = tmp_path / "empty.zip"
    empty.write_bytes(b"")
    return empty


def test_the_command_line_trusts_a_pack_key_only_with_the_fingerprint(tmp_path, data_dir, db,
                                                                     capsys):
    pack, reference = _exported_example(tmp_path, data_dir, db)
    sender = review.installation_identity(data_dir).fingerprint_grouped
    reviewer = tmp_path / "laptop"
    trust = ["key", "trust", str(pack), "--label", "Desk", "--data-dir", str(reviewer)]
    assert main(trust) == 2
    assert "--fingerprint" in capsys.readouterr().err
    assert not reviewer.exists()  # refused before any folder was made
    assert main([*trust, "--fingerprint", "ab" * 32]) == 2
    assert "do not trust this key" in capsys.readouterr().err
    assert main([*trust, "--fingerprint", sender]) == 0
    assert sender in capsys.readouterr().out
    assert main(["review", "open", str(pack), "--data-dir", str(reviewer)]) == 0
    assert reference in capsys.readouterr().out


def test_a_second_response_repeating_the_first_is_not_said_to_be_imported_before(
        pair, tmp_path, capsys):
    """Sent twice with nothing added: the second was never imported, yet the command line
    said "this response was imported before"; it now says what the window says."""
    _propose(pair, pair.pack_id, 2)
    first = _respond(pair, pair.pack_id, tmp_path / "r1.zip")
    second = _respond(pair, pair.pack_id, tmp_path / "r2.zip")
    _import(pair, first)
    capsys.readouterr()
    assert main(["review", "import", str(second), "--data-dir", str(pair.a_dir.root)]) == 0
    out = capsys.readouterr().out
    assert ("Nothing new: everything in it was already here, from an earlier import of this "
            "response or an earlier response to the same pack.") in out
    assert "imported before." not in out


def test_an_earlier_response_with_the_same_value_as_the_later_adds_nothing(pair, tmp_path):
    """The earlier response proposes what the later one does: its proposal was kept as
    "replaced by a later response", a duplicate row beside the pending one, and the import
    said the later response "stands for" the field. It is already here, as an identical
    proposal of the same response is."""
    _propose(pair, pair.pack_id, 2)
    first = _respond(pair, pair.pack_id, tmp_path / "r1.zip")
    review.add_review_comment(data_dir=pair.b_dir, pack_id=pair.pack_id,
                              reference=pair.reference, body="Second look", actor=RITA)
    second = _respond(pair, pair.pack_id, tmp_path / "r2.zip")

    later = _import(pair, second)
    assert later.proposals_added == 1
    earlier = _import(pair, first)
    assert earlier.set_aside == () and earlier.proposals_skipped == 1
    assert earlier.proposals_added == 0 and earlier.nothing_new
    assert [(v, st) for _p, v, st in _proposals(pair)] == [(2, "pending")]


def test_a_small_size_is_not_said_as_nothing() -> None:
    """"unpacked it needs 0.0 MB (67.1 MB with …)" read as if the pack needed nothing."""
    assert megabytes(12_000) == "under 0.1 MB"
    assert megabytes(0) == "0.0 MB"
    assert megabytes(1_234_567) == "1.2 MB"
    assert megabytes(67_108_864) == "67.1 MB"


def test_an_earlier_response_repeating_a_decided_proposal_adds_nothing_after_a_later_one(
        pair, tmp_path):
    """A proposal rejected here, repeated by two later responses (and the same
    recommendation with them) that arrive newest first: the older of the two kept a second
    "replaced by a later response" row beside the rejected one, and the import said the
    later response stands for the field and for the recommendation. In the usual order it
    adds nothing; so now in either order."""
    _propose(pair, pair.pack_id, 2)
    review.set_recommendation(data_dir=pair.b_dir, pack_id=pair.pack_id,
                              reference=pair.reference, recommendation="approve", reasons="",
                              actor=RITA)
    first = _import(pair, _respond(pair, pair.pack_id, tmp_path / "r1.zip"))
    assert first.proposals_added == 1
    with pair.a_db.session() as s:
        proposal = review.list_proposals(s, reference=pair.reference)[0]
        review.decide_proposal(s, proposal_id=proposal.id, accept=False, actor=PAT)
    for n in (2, 3):
        review.add_review_comment(data_dir=pair.b_dir, pack_id=pair.pack_id,
                                  reference=pair.reference, body=f"Look {n}", actor=RITA)
        _respond(pair, pair.pack_id, tmp_path / f"r{n}.zip")

    newest = _import(pair, tmp_path / "r3.zip")
    assert newest.proposals_added == 0 and newest.set_aside == ()
    older = _import(pair, tmp_path / "r2.zip")
    assert older.set_aside == () and older.proposals_added == 0
    assert older.proposals_skipped == 1
    assert [(v, st) for _p, v, st in _proposals(pair)] == [(2, "rejected")]
