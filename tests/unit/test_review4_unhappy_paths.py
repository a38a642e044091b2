"""What a real office hits with review packs: a response for a case closed meanwhile, a
response from a reviewer whose key was removed from the trusted list meanwhile, and a
pack written by a newer version of the app. Each is said with what to do next."""

from __future__ import annotations

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.review_text import read_only_note
from approvals.exchange import pack as pack_module
from approvals.exchange.pack import FORMAT_VERSION, PackRefused, format_version_problem
from approvals.services import review
from approvals.services.case_edit import update_case_facts
from approvals.services.case_lifecycle import close_case
from approvals.services.cases import case_id_for, get_case
from approvals.ui.review import import_summary
from tests.review_support import RITA, ROOT, open_review_pair, write_response


def _response(pair, tmp_path, name: str = "response.zip"):
    """A response with one comment (a response needs some input)."""
    review.add_review_comment(data_dir=pair.b_dir, pack_id=pair.pack_id, reference=pair.reference,
                       body="Check the SPA", actor=RITA)
    return write_response(pair, tmp_path / name)


def test_a_response_for_a_case_closed_meanwhile_says_it_is_closed(tmp_path, data_dir, db):
    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id,
                              reference=pair.reference, field_path="deal.board_seats", value=2,
                              actor=RITA)
        response = _response(pair, tmp_path)
    finally:
        pair.b_db.dispose()
    with db.session() as s:
        case = get_case(s, pair.reference)
        close_case(session=s, case_id=case_id_for(s, pair.reference), actor=ROOT,
                   expected_version=case.version, reason="Deal abandoned")
    with db.session() as s:
        result = review.import_pack(s, data_dir=data_dir, path=response, actor=ROOT)
    assert result.read_only == ((pair.reference, "closed", "Deal abandoned"),)
    assert result.proposals_added == 1  # kept, to decide once reopened
    note = read_only_note(*result.read_only[0], "Case → Reopen case…")
    assert note == (f"{pair.reference} is closed here (Deal abandoned): the reviewer's input "
                    "is kept, and a proposed change can be accepted once the case is reopened "
                    "(Case → Reopen case…).")


def test_an_open_case_is_not_said_to_be_closed(tmp_path, data_dir, db):
    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        response = _response(pair, tmp_path)
    finally:
        pair.b_db.dispose()
    with db.session() as s:
        result = review.import_pack(s, data_dir=data_dir, path=response, actor=ROOT)
    assert result.read_only == ()


def test_a_reviewer_key_removed_meanwhile_is_named_with_who_removed_it(tmp_path, data_dir, db):
    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        response = _response(pair, tmp_path)
        reviewer_key = review.installation_identity(pair.b_dir).fingerprint
    finally:
        pair.b_db.dispose()
    with db.session() as s:
        review.untrust_key(s, fingerprint=reviewer_key, actor=ROOT)
    with db.session() as s, pytest.raises(PackRefused) as refused:
        review.import_pack(s, data_dir=data_dir, path=response, actor=ROOT)
    text = str(refused.value)
    assert "no longer trusted here" in text
    assert "root stopped trusting it (trusted as “Reviewer laptop”) on " in text
    assert refused.value.trust_removed.startswith("root stopped trusting it")
    assert refused.value.untrusted == reviewer_key and refused.value.trusting_helps
    # Trusted again: the note goes; the response imports.
    with db.session() as s:
        review.trust_key(s, key_text=review.installation_identity(pair.b_dir).public_key_text,
                         label="Reviewer laptop", actor=ROOT)
        assert review._trust_removed_note(s, reviewer_key) == ""
    with db.session() as s:
        review.import_pack(s, data_dir=data_dir, path=response, actor=ROOT)


def test_a_key_never_trusted_here_has_no_removal_note(tmp_path, data_dir, db):
    pair = open_review_pair(tmp_path, data_dir, db, trust_back=False)
    try:
        response = _response(pair, tmp_path)
    finally:
        pair.b_db.dispose()
    with db.session() as s, pytest.raises(PackRefused) as refused:
        review.import_pack(s, data_dir=data_dir, path=response, actor=ROOT)
    assert refused.value.trust_removed == ""
    assert "no longer" not in str(refused.value)


def test_a_pack_from_a_newer_version_says_to_update(tmp_path, data_dir, db, monkeypatch):
    pair = open_review_pair(tmp_path, data_dir, db)
    pair.b_db.dispose()
    newer = tmp_path / "newer.zip"
    monkeypatch.setattr(pack_module, "FORMAT_VERSION", FORMAT_VERSION + 1)
    with db.session() as s:
        review.export_review_pack(s, data_dir=data_dir, references=[pair.reference], out=newer,
                                  actor=ROOT, drafts=False)
    monkeypatch.setattr(pack_module, "FORMAT_VERSION", FORMAT_VERSION)
    from approvals.store.migrate import open_database
    b_db = open_database(pair.b_dir)
    try:
        with b_db.session() as s, pytest.raises(PackRefused) as refused:
            review.open_review_pack(s, data_dir=pair.b_dir, path=newer, actor=RITA)
    finally:
        b_db.dispose()
    assert f"written by a newer version of Approvals (format {FORMAT_VERSION + 1}" in str(
        refused.value)
    assert "update Approvals on this computer" in str(refused.value)


def test_older_and_odd_format_versions_say_what_they_are() -> None:
    assert "older version" in format_version_problem(0)
    assert "ask the sender to update" in format_version_problem(0)
    assert "damaged or not an approvals pack" in format_version_problem("2")
    assert "damaged or not an approvals pack" in format_version_problem(None)
    assert "damaged" in format_version_problem(True)


def test_a_comment_on_a_field_changed_meanwhile_is_named_on_import(tmp_path, data_dir, db):
    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        review.add_review_comment(data_dir=pair.b_dir, pack_id=pair.pack_id,
                                  reference=pair.reference, body="Three seats or two?",
                                  field_path="deal.board_seats", actor=RITA)
        review.add_review_comment(data_dir=pair.b_dir, pack_id=pair.pack_id,
                                  reference=pair.reference, body="Fine", actor=RITA)
        response = write_response(pair, tmp_path / "response.zip")
    finally:
        pair.b_db.dispose()
    with db.session() as s:  # the preparer changes the field while the pack is out
        case = get_case(s, pair.reference)
        facts = case.facts.to_json_dict()
        before = facts["deal"]["board_seats"]
        facts["deal"]["board_seats"] = before + 1
        update_case_facts(session=s, case_id=case_id_for(s, pair.reference),
                          expected_version=case.version, new_facts=parse_facts(facts),
                          actor=ROOT)
    with db.session() as s:
        result = review.import_pack(s, data_dir=data_dir, path=response, actor=ROOT)
    assert result.commented_changed == (
        (pair.reference, "deal.board_seats", before, before + 1),)
    assert (f"{pair.reference}: Board seats (Deal) changed here since the pack was exported "
            f"({before} → {before + 1}); the reviewer's comment on it is about the value at "
            "export.") in import_summary(result)


def test_clearing_a_field_that_must_have_a_value_says_so(tmp_path, data_dir, db):
    """`review propose … target.name_en null` said "must be text in quotes (got null)",
    which asked for "null" in quotes; review mode's words are said instead. A field that
    may be empty is cleared."""
    from approvals.domain.errors import InputError

    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        with pytest.raises(InputError) as refused:
            review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id,
                                  reference=pair.reference, field_path="target.name_en",
                                  value=None, actor=RITA)
        assert [(p.path, p.message) for p in refused.value.problems] == [
            ("target.name_en", "cannot be left empty: type its new value instead")]
        assert review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id,
                                     reference=pair.reference, field_path="target.name_zh",
                                     value=None, actor=RITA) is not None
    finally:
        pair.b_db.dispose()
