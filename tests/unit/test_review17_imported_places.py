"""A response pack is read as review mode reads what is typed there: a place the reviewer's
pack says by its name ("China", 中国, "CN (China)", from an app before places were read
as codes, or written by hand) was imported as sent and accepted into the facts as "China",
beside the codes screening compares. Now it is stored as its code; a place the app cannot
read (Atlantis, Korea) is kept as sent with the rest of the response, said at its field by
the import, and refused at its field by Accept. The self-review warning names the user by
full name and login, as the trail and Proposed changes do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import col, select

from approvals.domain.errors import InputError
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.cases import get_case, import_case
from approvals.services.users import create_user
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui.review import import_summary, self_review_warning
from tests.conftest import EXAMPLES_DIR
from tests.review_support import (
    ROOT,
    accepted_on_the_command_line,
    import_as_typed,
    imported_twice_on_the_command_line,
    open_review_pair,
    proposals_by_field,
)

# Users are made with the cheap hasher: these tests are about names, not passwords
# (argon2 at production cost is ~0.3 s a hash; the production hasher has its own test).
pytestmark = pytest.mark.usefixtures("fast_hash")


def test_a_place_sent_by_its_name_is_stored_and_accepted_as_its_code(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    result = import_as_typed(pair, tmp_path, {"target.headquarters": "China",
                                      "investor.jurisdiction": "中国",
                                      "target.jurisdiction": "HK (Hong Kong)"})
    assert result.proposals_added == 3 and not result.unreadable
    rows = proposals_by_field(db)
    assert {path: p.proposed_value for path, p in rows.items()} == {
        "target.headquarters": "CN", "investor.jurisdiction": "CN", "target.jurisdiction": "HK"}
    with db.session() as s:
        review.decide_proposal(s, proposal_id=rows["target.headquarters"].id, accept=True,
                               actor=ROOT)
    with db.read_session() as s:
        assert get_case(s, pair.reference).facts.target.headquarters == "CN"


@pytest.mark.parametrize("sent, said", [
    ("Atlantis", "'Atlantis' is not a place the app knows"),
    ("Korea", "'Korea' could be South Korea (KR) or North Korea (KP)"),
])
def test_a_place_the_app_cannot_read_is_said_kept_and_refused_at_its_field(
        tmp_path: Path, data_dir: DataDir, db: Database, sent: str, said: str) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    result = import_as_typed(pair, tmp_path, {"target.headquarters": sent, "deal.board_seats": 2})
    # The rest of the response is in: the comment and the other proposal.
    assert result.comments_added == 1 and result.proposals_added == 2
    (unreadable,) = result.unreadable
    assert unreadable[:3] == (pair.reference, "target.headquarters", sent)
    line = next(x for x in import_summary(result) if "no place the app can store" in x)
    assert line.startswith(f"{pair.reference}: no place the app can store: {said}: "
                           "rita (Reviewer laptop) proposed it for ")
    assert line.endswith("reject it, and ask the reviewer which place they meant.")
    assert "write" not in line  # the reviewer's advice, not the preparer's
    with db.read_session() as s:
        (details,) = s.exec(select(Event.details).where(
            col(Event.action) == "review.imported")).all()
    assert json.loads(details)["unreadable_places"] == ["target.headquarters"]
    rows = proposals_by_field(db)
    assert rows["target.headquarters"].proposed_value == sent  # kept as the reviewer sent it
    with db.session() as s, pytest.raises(InputError) as refused:
        review.decide_proposal(s, proposal_id=rows["target.headquarters"].id, accept=True,
                               actor=ROOT)
    (problem,) = refused.value.problems
    assert problem.path == "target.headquarters" and problem.message.startswith(said)
    with db.session() as s:  # the other proposal and the rejection are unaffected
        review.decide_proposal(s, proposal_id=rows["deal.board_seats"].id, accept=True,
                               actor=ROOT)
        review.decide_proposal(s, proposal_id=rows["target.headquarters"].id, accept=False,
                               actor=ROOT)
    with db.read_session() as s:
        case = get_case(s, pair.reference)
    assert case.facts.deal.board_seats == 2 and case.facts.target.headquarters != sent


def test_the_self_review_warning_names_the_user_by_name_and_login(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    pat = Actor("pat", ("preparer", "reviewer"))
    with db.session() as s:
        create_user(s, actor=ROOT, username="pat", password="correct horse battery",
                    roles=["preparer", "reviewer"], display_name="Pat Lee")
        data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        ref = import_case(s, data=data, actor=pat).reference
        review.export_review_pack(s, data_dir=data_dir, references=[ref],
                                  out=tmp_path / "review.zip", actor=pat)
    with db.session() as s:
        pack_id = review.open_review_pack(s, data_dir=data_dir, path=tmp_path / "review.zip",
                                          actor=pat).pack_id
    review.add_review_comment(data_dir=data_dir, pack_id=pack_id, reference=ref, body="ok",
                              actor=pat)
    with db.session() as s:
        review.export_response_pack(s, data_dir=data_dir, pack_id=pack_id,
                                    out=tmp_path / "response.zip", actor=pat)
    with db.session() as s:
        result = review.import_response(s, data_dir=data_dir, path=tmp_path / "response.zip",
                                        actor=pat)
    assert result.self_review
    assert self_review_warning(result).startswith(
        "Not an independent review: Pat Lee (pat) exported this pack and reviewed it ")


def test_the_command_line_says_it_and_refuses_to_accept_it(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    # A second response: the same place again (said once, when it came in) and another.
    pair, imported, again = imported_twice_on_the_command_line(
        tmp_path, data_dir, db, {"target.headquarters": "Atlantis"},
        {"investor.jurisdiction": "Korea"})
    assert imported.code == 0, imported.stderr
    assert (f"{pair.reference}: target.headquarters: no place the app can store: 'Atlantis' "
            "is not a place the app knows: rita (Reviewer laptop) proposed it for ") \
        in imported.stdout
    assert again.code == 0, again.stderr
    (korea,) = again.json()["unreadable_places"]
    assert korea["field"] == "investor.jurisdiction" and korea["value"] == "Korea"
    assert korea["problem"].startswith("'Korea' could be South Korea (KR) or North Korea (KP)")
    decided = accepted_on_the_command_line(db, data_dir, "target.headquarters")
    assert decided.code == 2
    assert "'Atlantis' is not a place the app knows" in decided.stderr
    assert "reject it, and ask the reviewer which place they meant" in decided.stderr


def test_a_name_sent_untidy_is_stored_as_review_mode_would_tidy_it(
        tmp_path: Path, data_dir: DataDir, db: Database) -> None:
    """A response from an older app, or written by hand, proposed "Acme\\u200b " and was
    stored as sent; Accept then filed the tidied name."""
    pair = open_review_pair(tmp_path, data_dir, db)
    result = import_as_typed(pair, tmp_path, {"investor.name": "  Acme\u200b  Capital "})
    assert result.proposals_added == 1
    assert proposals_by_field(db)["investor.name"].proposed_value == "Acme Capital"
