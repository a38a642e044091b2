"""A refused pack was "The pack answer.zip was refused: …" whatever the user had picked:
the refusal names the file as picked (a review pack to open, a response pack to import)
or, picked as either, as its manifest says it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvals.domain.errors import PermissionDenied
from approvals.exchange.pack import Member, PackRefused, verify_pack, write_pack
from approvals.paths import DataDir
from approvals.services import review
from approvals.store.db import Database
from approvals.store.keys import load_or_create_identity
from approvals.store.migrate import open_database
from tests.review_support import PAT, RITA, ROOT, open_review_pair, write_response


def _pack(folder: Path, kind: str, name: str = "answer.zip") -> Path:
    identity = load_or_create_identity(folder / "keys")
    pack = folder / name
    write_pack(pack, identity=identity, kind=kind, members=[Member("response.json", data=b"{}")])
    return pack


def _truncated(folder: Path, kind: str) -> Path:
    pack = _pack(folder, kind)
    pack.write_bytes(pack.read_bytes()[:-40])
    return pack


@pytest.mark.parametrize(
    ("expect_kind", "subject"),
    [
        ("review", "The review pack answer.zip was refused: "),
        ("response", "The response pack answer.zip was refused: "),
        (None, "The file answer.zip was refused: "),  # either would do, and it says neither
    ],
)
def test_a_truncated_file_is_named_as_picked(
    tmp_path: Path, expect_kind: str | None, subject: str
) -> None:
    with pytest.raises(PackRefused) as refused:
        verify_pack(
            _truncated(tmp_path, "response"),
            trusted={},
            into=tmp_path / "into",
            expect_kind=expect_kind,
        )
    assert str(refused.value).startswith(subject)
    assert "damaged or truncated" in str(refused.value)


@pytest.mark.parametrize(
    ("kind", "subject"), [("review", "review pack"), ("response", "response pack")]
)
def test_picked_as_either_an_untrusted_pack_is_named_as_it_says_it_is(
    tmp_path: Path, kind: str, subject: str
) -> None:
    with pytest.raises(PackRefused) as refused:
        verify_pack(_pack(tmp_path, kind), trusted={}, into=tmp_path / "into")
    assert refused.value.what == subject
    assert str(refused.value).startswith(
        f"The {subject} answer.zip was refused: it is signed "
        "by an installation that is not trusted here"
    )


def test_picked_as_a_review_pack_a_response_is_named_as_picked(tmp_path: Path) -> None:
    with pytest.raises(PackRefused) as refused:
        verify_pack(
            _pack(tmp_path, "response"), trusted={}, into=tmp_path / "into", expect_kind="review"
        )
    assert str(refused.value).startswith(
        "The review pack answer.zip was refused: it says it "
        "is a response pack (a reviewer's answer), not a "
        "review pack"
    )


def test_a_verified_pack_refused_for_its_content_is_named_by_its_kind(tmp_path: Path) -> None:
    """After the signature checks out (a response answering a pack not exported here)."""
    identity = load_or_create_identity(tmp_path / "keys")
    pack = _pack(tmp_path, "response")
    verified = verify_pack(
        pack, trusted={identity.fingerprint: identity.public_bytes}, into=tmp_path / "into"
    )
    assert str(verified.refusal("it is odd")) == (
        "The response pack answer.zip was refused: it is odd. Nothing was changed."
    )
    with pytest.raises(
        PackRefused,
        match=r"^The response pack answer\.zip was refused: "
        r"member nothing\.json is missing",
    ):
        verified.read_json("nothing.json")


def test_a_refusal_given_no_kind_names_a_file_not_a_pack(tmp_path: Path) -> None:
    assert str(PackRefused(tmp_path / "x.zip", "why")) == (
        "The file x.zip was refused: why. Nothing was changed."
    )
    assert PackRefused(tmp_path / "x.zip", "why", claimed={"kind": "review"}).what == "review pack"


def test_a_response_imported_on_the_wrong_desk_is_named_a_response_pack(
    tmp_path: Path, data_dir: DataDir, db: Database
) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    review.add_review_comment(
        data_dir=pair.b_dir, pack_id=pair.pack_id, reference=pair.reference, body="Fine", actor=RITA
    )
    response = write_response(pair, tmp_path / "answer.zip")
    pair.b_db.dispose()
    other = DataDir(tmp_path / "other").ensure()
    other_db = open_database(other)
    try:
        with other_db.session() as s:
            review.trust_key(
                s,
                key_text=review.installation_identity(pair.b_dir).public_key_text,
                label="Reviewer laptop",
                actor=ROOT,
            )
        with other_db.session() as s, pytest.raises(PackRefused) as refused:
            review.import_pack(s, data_dir=other, path=response, actor=PAT)
    finally:
        other_db.dispose()
    assert str(refused.value).startswith(
        f"The response pack answer.zip was refused: it answers review pack {pair.pack_id}, "
        "which was not exported from this installation"
    )


@pytest.mark.parametrize(
    ("template", "exc", "title"),
    [
        (
            "The {what} was not imported",
            PackRefused(Path("a.zip"), "x", what="response pack"),
            "The response pack was not imported",
        ),
        ("The {what} was not imported", PermissionDenied("no"), "The file was not imported"),
        (
            "The review pack was not opened",
            PackRefused(Path("a.zip"), "x", what="review pack"),
            "The review pack was not opened",
        ),
    ],
)
def test_the_error_boxes_title_names_the_file(
    template: str, exc: BaseException, title: str
) -> None:
    from approvals.ui.review import refused_title  # the box's title, as the UI words it

    assert refused_title(template, exc) == title
