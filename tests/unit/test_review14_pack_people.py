"""Review mode named people by login ("pat: check the SPA", "exported by pat"): the pack
carried no names, and the reviewer's installation has other users. The pack names the
people in it (comment authors, the trail's actors, the exporter); a pack of an earlier
release, without the names, still reads, each person said by login."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from approvals.exchange.pack import verify_pack
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.cases import get_case
from approvals.services.users import create_user
from approvals.services.workspace import add_comment
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.review import history_text
from tests.review_support import PAT, ROOT, open_review_pair

# Users are made with the cheap hasher: these tests are about names, not passwords
# (argon2 at production cost is ~0.3 s a hash; the production hasher has its own test).
pytestmark = pytest.mark.usefixtures("fast_hash")

PASSWORD = "correct horse battery"
# Reviewing on B as a user with a full name (B's own users are not A's).
ZHANG = Actor("zhang.min", ("reviewer",), "Zhang Min")


@pytest.fixture
def named_pack(tmp_path: Path, data_dir: DataDir, db: Database):
    """A's preparer `pat` is Pat Lee there; Pat comments on the case and exports it again
    (without drafts); the new pack is opened on B. Yields (pair, the new pack's id)."""
    pair = open_review_pair(tmp_path, data_dir, db)
    with db.session() as s:
        create_user(
            s,
            actor=ROOT,
            username="pat",
            password=PASSWORD,
            roles=["preparer"],
            display_name="Pat Lee",
        )
    with db.session() as s:
        add_comment(
            s,
            actor=PAT,
            reference=pair.reference,
            body="Check the SPA date",
            field_path="deal.amount.value",
        )
    with db.session() as s:
        exported = review.export_review_pack(
            s,
            data_dir=data_dir,
            references=[pair.reference],
            out=tmp_path / "named.zip",
            actor=PAT,
            drafts=False,
        )
    with pair.b_db.session() as s:
        review.open_review_pack(s, data_dir=pair.b_dir, path=tmp_path / "named.zip", actor=ZHANG)
    yield pair, exported.pack_id
    pair.b_db.dispose()


def test_the_packs_comments_and_exporter_are_named(named_pack) -> None:
    pair, pack_id = named_pack
    view = review.get_review(pair.b_dir, pack_id)
    (comment,) = [c for c in view.cases[0].comments if c.origin == "pack"]
    assert comment.author == "pat" and comment.author_text == "Pat Lee (pat)"
    assert view.created_by_text == "Pat Lee (pat)"


def test_the_trail_in_review_mode_names_its_actors(named_pack) -> None:
    pair, pack_id = named_pack
    case = review.get_review(pair.b_dir, pack_id).cases[0]
    said = history_text(case)
    assert "Pat Lee (pat)  Comment added" in said
    # Actors without a full name (the command line's root) stay as they are.
    assert "  root  " in said


def test_a_comment_typed_in_review_mode_is_named_and_goes_back_named(
    named_pack, tmp_path: Path
) -> None:
    pair, pack_id = named_pack
    typed = review.add_review_comment(
        data_dir=pair.b_dir, pack_id=pack_id, reference=pair.reference, body="Agreed", actor=ZHANG
    )
    assert typed.author_text == "Zhang Min (zhang.min)"
    mine = [
        c for c in review.get_review(pair.b_dir, pack_id).cases[0].comments if c.origin == "review"
    ]
    assert [c.author_text for c in mine] == ["Zhang Min (zhang.min)"]


def test_another_users_replaced_proposal_is_named(named_pack) -> None:
    pair, pack_id = named_pack
    review.propose_change(
        data_dir=pair.b_dir,
        pack_id=pack_id,
        reference=pair.reference,
        field_path="deal.board_seats",
        value=1,
        actor=ZHANG,
    )
    replaced = review.propose_change(
        data_dir=pair.b_dir,
        pack_id=pack_id,
        reference=pair.reference,
        field_path="deal.board_seats",
        value=3,
        actor=Actor("rita", ("reviewer",)),
    )
    assert replaced is not None and replaced.replaced == ("Zhang Min (zhang.min)", 1)


def test_a_pack_without_names_reads_with_logins(named_pack) -> None:
    """A pack of an earlier release carries no names: its people are said by login."""
    pair, pack_id = named_pack
    folder = review.reviews_dir(pair.b_dir) / pack_id
    comments = next((folder / review.CONTENT_DIR).glob("cases/*/comments.json"))
    rows = json.loads(comments.read_text(encoding="utf-8"))
    assert rows and all(r.pop("author_name") == "Pat Lee" for r in rows)
    comments.write_text(json.dumps(rows), encoding="utf-8")
    state_file = folder / review.STATE_FILE
    state = json.loads(state_file.read_text(encoding="utf-8"))
    del state["created_by_name"]
    state_file.write_text(json.dumps(state), encoding="utf-8")
    view = review.get_review(pair.b_dir, pack_id)
    assert [c.author_text for c in view.cases[0].comments] == ["pat"]
    assert view.created_by_text == "pat"


def test_the_names_are_signed_members_of_the_pack(named_pack, tmp_path: Path) -> None:
    """The names go in the signed manifest and in hashed members: the pack verifies."""
    pair, _pack_id = named_pack
    keys = {
        review.installation_identity(pair.a_dir).fingerprint: review.identity_of(
            pair.a_dir
        ).public_bytes
    }
    verified = verify_pack(
        tmp_path / "named.zip", trusted=keys, into=tmp_path / "check", expect_kind="review"
    )
    assert verified.manifest["created_by_name"] == "Pat Lee"
    folder = verified.manifest["cases"][0]["folder"]
    assert [c.get("author_name") for c in verified.read_json(f"{folder}/comments.json")] == [
        "Pat Lee"
    ]
    with pair.a_db.read_session() as s:
        assert get_case(s, pair.reference)  # A unchanged by the export


def test_a_user_without_a_full_name_is_said_by_login(
    tmp_path: Path, data_dir: DataDir, db: Database
) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        typed = review.add_review_comment(
            data_dir=pair.b_dir,
            pack_id=pair.pack_id,
            reference=pair.reference,
            body="Fine",
            actor=Actor("rita", ("reviewer",)),
        )
        assert typed.author_text == "rita"
        assert (
            "author_name"
            not in json.loads(
                (review.reviews_dir(pair.b_dir) / pair.pack_id / review.INPUT_FILE).read_text(
                    encoding="utf-8"
                )
            )[pair.reference]["comments"][0]
        )
    finally:
        pair.b_db.dispose()


def test_an_exporter_who_is_no_user_here_is_named_as_they_name_themselves(
    tmp_path: Path, data_dir: DataDir, db: Database
) -> None:
    """`approvals review export` acts as cli:root, "command line": said as review mode
    says that actor's own comments, not as a bare login."""
    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        command_line = Actor("cli:root", ("preparer",), "command line")
        with db.session() as s:
            exported = review.export_review_pack(
                s,
                data_dir=data_dir,
                references=[pair.reference],
                out=tmp_path / "cli.zip",
                actor=command_line,
                drafts=False,
            )
        with pair.b_db.session() as s:
            review.open_review_pack(s, data_dir=pair.b_dir, path=tmp_path / "cli.zip", actor=ZHANG)
        view = review.get_review(pair.b_dir, exported.pack_id)
        assert view.created_by_text == "command line (cli:root)"
    finally:
        pair.b_db.dispose()
