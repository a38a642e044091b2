"""A refused pack was "The pack answer.zip was refused: …" whatever the user had picked:
the refusal names the file as picked (a review pack to open, a response pack to import)
or, picked as either, as its manifest says it is."""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path

import pytest

from approvals.domain.errors import PermissionDenied
from approvals.exchange.pack import Member, PackRefused, verify_pack, write_pack
from approvals.paths import DataDir
from approvals.services import review
from approvals.store.db import Database
from approvals.store.keys import load_or_create_identity
from tests.conftest import new_database
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


def test_picked_as_a_review_pack_an_untrusted_response_is_named_a_file(tmp_path: Path) -> None:
    """ "The review pack answer.zip …: it says it is a response pack" contradicted itself."""
    with pytest.raises(PackRefused) as refused:
        verify_pack(
            _pack(tmp_path, "response"), trusted={}, into=tmp_path / "into", expect_kind="review"
        )
    assert str(refused.value).startswith(
        "The file answer.zip was refused: it says it is a response pack (a reviewer's answer), "
        "not a review pack"
    )


@pytest.mark.parametrize(
    ("kind", "picked_as", "way"),
    [
        (
            "response",
            "review",
            "import it with Review → Import response…",
        ),
        (
            "review",
            "response",
            "open it with Review → Open review pack (review mode)…",
        ),
    ],
)
def test_a_trusted_pack_of_the_other_kind_says_where_it_goes(
    tmp_path: Path, kind: str, picked_as: str, way: str
) -> None:
    identity = load_or_create_identity(tmp_path / "keys")
    with pytest.raises(PackRefused) as refused:
        verify_pack(
            _pack(tmp_path, kind),
            trusted={identity.fingerprint: identity.public_bytes},
            into=tmp_path / "into",
            expect_kind=picked_as,
        )
    assert str(refused.value) == (
        f"The file answer.zip was refused: it is a {kind} pack, a {picked_as} pack was "
        f"expected: {way} Nothing was changed."  # the menu item's "…" ends the sentence
    )


def _rezipped(pack: Path, out: Path, *, leave_out: str = "", damage: str = "") -> Path:
    """`pack`'s members zipped again as any zip tool would (its own headers), without
    `leave_out`; or `pack` with a byte of member `damage`'s stored data changed."""
    if damage:
        data = bytearray(pack.read_bytes())
        with zipfile.ZipFile(pack) as zf:
            info = zf.getinfo(damage)
        # The stored data starts after the member's local header (its own name and extra
        # field lengths: the extra field differs from the central directory's).
        start = (
            info.header_offset
            + 30
            + int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
            + int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
        )
        data[start + info.compress_size // 2] ^= 1
        out.write_bytes(bytes(data))
        return out
    with zipfile.ZipFile(pack) as zf, zipfile.ZipFile(out, "w") as rezipped:
        for info in zf.infolist():
            if info.filename != leave_out:
                rezipped.writestr(info.filename, zf.read(info))
    return out


def test_a_pack_zipped_again_without_its_signature_is_said_unsigned(tmp_path: Path) -> None:
    bad = _rezipped(_pack(tmp_path, "response"), tmp_path / "bad.zip", leave_out="manifest.sig")
    with pytest.raises(PackRefused) as refused:
        verify_pack(bad, trusted={}, into=tmp_path / "into", expect_kind="response")
    assert str(refused.value).startswith(
        "The response pack bad.zip was refused: it is unsigned (manifest.sig is missing)"
    )


def test_a_damaged_member_is_said_in_words_with_the_detail_in_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    identity = load_or_create_identity(tmp_path / "keys")
    pack = tmp_path / "answer.zip"
    write_pack(
        pack,
        identity=identity,
        kind="response",
        members=[Member("response.json", data=b'{"cases": []}' * 200)],
    )
    bad = _rezipped(pack, tmp_path / "bad.zip", damage="response.json")
    with caplog.at_level(logging.INFO), pytest.raises(PackRefused) as refused:
        verify_pack(
            bad,
            trusted={identity.fingerprint: identity.public_bytes},
            into=tmp_path / "into",
            expect_kind="response",
        )
    said = str(refused.value)
    assert said.startswith(
        "The response pack bad.zip was refused: member response.json is damaged or was "
        "altered after it was written (the technical details were written to the log). Ask "
        "the sender for it again"
    )
    assert "0x" not in said and "CRC" not in said
    assert "member response.json of" in caplog.text


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
    other_db = new_database(other)
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
        f"The response pack answer.zip was refused: it answers review pack {pair.pack_id[:8]}, "
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


@pytest.mark.parametrize("member", ["manifest.json", "manifest.sig"])
def test_a_damaged_manifest_is_said_in_words_with_the_detail_in_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, member: str
) -> None:
    """It read "manifest.sig is damaged (CRC-32 0x182fe80d ≠ 0xd7b1ffc5 in its headers)",
    with no next step."""
    identity = load_or_create_identity(tmp_path / "keys")
    bad = _rezipped(_pack(tmp_path, "response"), tmp_path / "bad.zip", damage=member)
    with caplog.at_level(logging.INFO), pytest.raises(PackRefused) as refused:
        verify_pack(bad, trusted={identity.fingerprint: identity.public_bytes},
                    into=tmp_path / "into", expect_kind="response")
    said = str(refused.value)
    assert f"{member} is damaged or was altered after it was written (the technical " \
        "details were written to the log). Ask the sender for it again" in said
    assert "0x" not in said and "CRC" not in said and "Error -3" not in said
    assert f"{member} of" in caplog.text
