"""Signed packs: the tamper matrix. Every damaged, altered, unsigned, untrusted, truncated
or padded pack is refused with a specific message, and the receiving installation's
database and data folder are exactly as they were."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from approvals.domain.errors import CheckFailed, InputError
from approvals.exchange.pack import (
    MANIFEST,
    SIGNATURE,
    Member,
    PackRefused,
    member_path_problem,
    verify_pack,
    write_pack,
)
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.cases import import_case
from approvals.services.documents import attach_document
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.keys import load_or_create_identity
from approvals.store.migrate import open_database
from tests.conftest import FolderTemplates, copy_data_folder_into, new_database

ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))
EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "spec" / "examples"


def _dump(db: Database) -> list[str]:
    conn = sqlite3.connect(db.data_dir.database)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _files(data_dir: DataDir) -> list[str]:
    """Everything in the data folder but the logs and SQLite's own side files."""
    out = []
    for path in data_dir.root.rglob("*"):
        rel = path.relative_to(data_dir.root).as_posix()
        if rel.startswith("logs") or rel.startswith("approvals.db"):
            continue
        out.append(rel)
    return sorted(out)


def _build_two(folder: Path) -> list[str]:
    a_dir = DataDir(folder / "data").ensure()
    db = new_database(a_dir)
    src = folder / "memo.txt"
    src.write_bytes(b"Board memo\n" * 200)
    pdf = folder / "status.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20)
    refs = []
    with db.session() as s:
        for name in ("frontier-lab.json", "vision-startup.json"):
            data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
            case = import_case(s, data=data, actor=ROOT)
            refs.append(case.reference)
            attach_document(s, actor=ROOT, data_dir=a_dir, case_id=case.id, source=src,
                            doc_type="board_memo")
            attach_document(s, actor=ROOT, data_dir=a_dir, case_id=case.id, source=pdf,
                            doc_type="status-report", is_rendering=True)
    b_dir = DataDir(folder / "B").ensure()
    b_db = open_database(b_dir)
    with b_db.session() as s:
        review.trust_key(s, key_text=review.installation_identity(a_dir).public_key_text,
                         label="A", actor=ROOT)
    pack = folder / "review.zip"
    with db.session() as s:
        review.export_review_pack(s, data_dir=a_dir, references=refs, out=pack, actor=ROOT)
    b_db.dispose()
    db.dispose()
    return refs


@pytest.fixture
def two(tmp_path: Path, data_dir: DataDir, db: Database, folder_templates: FolderTemplates):
    """Installation A (the preparer's, with two cases, a document and a rendering) and
    installation B (the reviewer's) that trusts A. Built once per session (the export
    renders the draft filings) and copied for each test: A into the test's `db`, B and
    the pack beside it."""
    template, refs = folder_templates.tree(f"{__name__}.two", _build_two)
    copy_data_folder_into(template / "data", db)
    for child in template.iterdir():
        if child.is_dir() and child.name != "data":
            shutil.copytree(child, tmp_path / child.name)
        elif child.is_file():
            shutil.copy2(child, tmp_path / child.name)
    b_dir = DataDir(tmp_path / "B").ensure()
    b_db = open_database(b_dir)
    yield data_dir, db, b_dir, b_db, tmp_path / "review.zip", refs
    b_db.dispose()


def _open_on_b(b_dir: DataDir, b_db: Database, pack: Path) -> review.OpenedPack:
    with b_db.session() as s:
        return review.open_review_pack(s, data_dir=b_dir, path=pack, actor=ROOT)


def _write_like_the_app(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    """One member in write_pack's exact form, so that the tampering tested is the one the
    check after the structure check must catch (an attacker's best effort)."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    if name in (MANIFEST, SIGNATURE):
        zf.writestr(info, data)
    else:
        with zf.open(info, "w", force_zip64=True) as fh:
            fh.write(data)


def _rewrite(src: Path, dst: Path, change: Callable[[str, bytes], bytes | None],
             add: dict[str, bytes] | None = None) -> None:
    """Copy a pack member by member in the app's own form; `change` may alter or
    (returning None) drop one; `add`ed members go before the manifest."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == MANIFEST:
                for name, data in (add or {}).items():
                    _write_like_the_app(zout, name, data)
            data = change(info.filename, zin.read(info))
            if data is not None:
                _write_like_the_app(zout, info.filename, data)


def _flip(data: bytes) -> bytes:
    mid = len(data) // 2
    return data[:mid] + bytes([data[mid] ^ 0x01]) + data[mid + 1 :]


def _assert_refused(b_dir, b_db, pack: Path, expected: str) -> None:
    before_db, before_files = _dump(b_db), _files(b_dir)
    with pytest.raises(PackRefused) as info:
        _open_on_b(b_dir, b_db, pack)
    assert expected in str(info.value), str(info.value)
    assert "Nothing was changed" in str(info.value)
    assert _dump(b_db) == before_db
    assert _files(b_dir) == before_files


def test_untampered_pack_opens(two):
    _a_dir, _db, b_dir, b_db, pack, refs = two
    opened = _open_on_b(b_dir, b_db, pack)
    assert opened.references == tuple(refs) and not opened.already_open
    view = review.get_review(b_dir, opened.pack_id)
    case = view.cases[0]
    assert case.facts["target"]["name_en"].startswith("Example Frontier")
    assert {d.is_rendering for d in case.documents} == {False, True}
    assert all(d.path.read_bytes()[:4] in (b"Boar", b"%PDF") for d in case.documents)
    assert any(e["action"] == "case.created" for e in case.events)


def _member_names(pack: Path) -> list[str]:
    with zipfile.ZipFile(pack) as zf:
        return [i.filename for i in zf.infolist()]


def test_every_member_with_one_byte_flipped_is_refused(two, tmp_path):
    _a, _db, b_dir, b_db, pack, _refs = two
    names = _member_names(pack)
    # 2 cases x (6 JSON + 2 files) + 3 draft renderings + manifest + signature
    assert len(names) >= 21
    drafts = [n for n in names if "/renderings/draft-" in n]
    assert sorted(n.split("/", 2)[2] for n in drafts) == [
        "renderings/draft-cn-application.pdf", "renderings/draft-us-notification.pdf",
        "renderings/draft-us-notification.pdf"]
    for name in names:
        bad = tmp_path / f"flip-{name.replace('/', '_')}.zip"
        _rewrite(pack, bad, lambda n, d, name=name: _flip(d) if n == name else d)
        if name in (MANIFEST, SIGNATURE):
            expected = "signature does not match the manifest"
        else:
            expected = f"member {name} does not match its SHA-256"
        _assert_refused(b_dir, b_db, bad, expected)


def test_a_byte_flipped_anywhere_in_the_manifest_names_the_manifest(two, tmp_path):
    """Whether the altered manifest still parses or not, the reason is the same specific
    one (not 'not from a trusted installation', which would send the user the wrong way)."""
    _a, _db, b_dir, b_db, pack, _refs = two
    with zipfile.ZipFile(pack) as zf:
        size = zf.getinfo(MANIFEST).file_size
    for at in (0, 1, size // 3, size // 2, size - 2, size - 1):
        bad = tmp_path / f"manifest-{at}.zip"

        def flip_at(name: str, data: bytes, at: int = at) -> bytes:
            return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:] if name == MANIFEST else data

        _rewrite(pack, bad, flip_at)
        _assert_refused(b_dir, b_db, bad, "signature does not match the manifest")


def test_a_byte_flipped_in_the_manifest_s_own_key_is_not_called_an_untrusted_sender(two, tmp_path):
    """The altered key's fingerprint is no trusted one: the refusal said "signed by an
    installation that is not trusted here" and told the officer to compare and trust a key
    that never signed anything (which `key trust` then refused in turn)."""
    _a, _db, b_dir, b_db, pack, _refs = two

    def alter_key(name: str, data: bytes) -> bytes:
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        key = manifest["installation"]["public_key"]
        manifest["installation"]["public_key"] = ("B" if key[5] != "B" else "C").join(
            (key[:5], key[6:]))
        return json.dumps(manifest).encode("utf-8")

    bad = tmp_path / "manifest-key.zip"
    _rewrite(pack, bad, alter_key)
    _assert_refused(b_dir, b_db, bad, "signature does not match the manifest")
    with pytest.raises(PackRefused) as info:
        _open_on_b(b_dir, b_db, bad)
    assert "not trusted" not in str(info.value)


def _mark_encrypted(pack: Path, member: str, out: Path) -> None:
    """Set the 'encrypted' flag of one member in both of its zip headers."""
    data = bytearray(pack.read_bytes())
    with zipfile.ZipFile(pack) as zf:
        data[zf.getinfo(member).header_offset + 6] |= 0x1
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + length] == member.encode():
            data[at + 8] |= 0x1
        at = data.find(b"PK\x01\x02", at + 4)
    out.write_bytes(bytes(data))


def test_an_encrypted_member_is_refused_by_name(two, tmp_path):
    """zipfile would stop at an encrypted member asking for a password (an internal error):
    a pack never has one, so it is refused, naming the member, before anything is read."""
    _a, _db, b_dir, b_db, pack, _refs = two
    for member in (MANIFEST, _member_names(pack)[0]):
        bad = tmp_path / f"encrypted-{member.replace('/', '_')}.zip"
        _mark_encrypted(pack, member, bad)
        _assert_refused(b_dir, b_db, bad, f"member {member} is encrypted")


def test_a_byte_flipped_in_the_raw_file_is_refused(two, tmp_path):
    _a, _db, b_dir, b_db, pack, _refs = two
    raw = bytearray(pack.read_bytes())
    with zipfile.ZipFile(pack) as zf:
        infos = zf.infolist()
    for info in infos:
        # The first byte of the member's (compressed) data, past its local header.
        header = raw[info.header_offset : info.header_offset + 30]
        start = info.header_offset + 30 + int.from_bytes(header[26:28], "little") + int.from_bytes(
            header[28:30], "little")
        bad = tmp_path / "rawflip.zip"
        changed = bytearray(raw)
        changed[start + info.compress_size // 2] ^= 0xFF
        bad.write_bytes(bytes(changed))
        before = _dump(b_db)
        with pytest.raises(PackRefused) as err:
            _open_on_b(b_dir, b_db, bad)
        assert ("damaged" in str(err.value) or "does not match" in str(err.value)
                or "signature" in str(err.value) or "unpacks to more bytes" in str(err.value)
                or "is truncated" in str(err.value)), str(err.value)
        assert _dump(b_db) == before


def test_a_folder_chosen_as_the_pack_is_named_as_a_folder(two, tmp_path):
    """Review → Open… given a folder said "file not found", the command line "is a folder"."""
    _a, _db, b_dir, b_db, _pack, _refs = two
    with pytest.raises(InputError) as err:
        _open_on_b(b_dir, b_db, tmp_path)
    assert err.value.problems[0].message == "is a folder; give the pack file"


def test_each_member_removed_is_refused(two, tmp_path):
    _a, _db, b_dir, b_db, pack, _refs = two
    for name in _member_names(pack):
        bad = tmp_path / "removed.zip"
        _rewrite(pack, bad, lambda n, d, name=name: None if n == name else d)
        expected = {
            SIGNATURE: "unsigned (manifest.sig is missing)",
            MANIFEST: "no manifest.json",
        }.get(name, f"member {name} is listed in the manifest but missing")
        _assert_refused(b_dir, b_db, bad, expected)


def test_a_member_added_is_refused(two, tmp_path):
    _a, _db, b_dir, b_db, pack, _refs = two
    bad = tmp_path / "added.zip"
    _rewrite(pack, bad, lambda n, d: d, add={"cases/extra.json": b"{}"})
    _assert_refused(b_dir, b_db, bad, "member cases/extra.json is not listed in the signed manifest")


def test_a_pack_zipped_again_with_folder_entries_is_said_to_be_altered(two, tmp_path):
    # A zip tool's folder entry ('cases/') read as an attack: "has an unsafe name".
    _a, _db, b_dir, b_db, pack, _refs = two
    bad = tmp_path / "rezipped.zip"
    _rewrite(pack, bad, lambda n, d: d, add={"cases/": b""})
    _assert_refused(b_dir, b_db, bad, "it was altered after it was written (its zip structure "
                                      "is not as this app writes it: it was unzipped and "
                                      "zipped again)")


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil", "cases/../../evil", "a\\b.txt"])
def test_path_traversal_names_are_refused(two, tmp_path, name):
    _a, _db, b_dir, b_db, pack, _refs = two
    bad = tmp_path / "traversal.zip"
    _rewrite(pack, bad, lambda n, d: d, add={name: b"x"})
    _assert_refused(b_dir, b_db, bad, "unsafe name")
    assert not (tmp_path / "evil.txt").exists()
    assert member_path_problem(name)


def test_unsigned_pack_is_refused(two, tmp_path):
    _a, _db, b_dir, b_db, pack, _refs = two
    bad = tmp_path / "unsigned.zip"
    _rewrite(pack, bad, lambda n, d: None if n == SIGNATURE else d)
    _assert_refused(b_dir, b_db, bad, "it is unsigned")


def test_pack_from_an_untrusted_installation_is_refused(two, tmp_path):
    _a, _db, b_dir, b_db, _pack, _refs = two
    stranger = load_or_create_identity(tmp_path / "stranger-keys")
    bad = tmp_path / "stranger.zip"
    write_pack(bad, identity=stranger, kind="review",
               members=[Member("cases/X/case.json", data=b"{}")], header={"cases": []})
    _assert_refused(b_dir, b_db, bad, "signed by an installation that is not trusted here")
    grouped = stranger.fingerprint.upper()[:4]
    with pytest.raises(PackRefused, match=grouped):
        _open_on_b(b_dir, b_db, bad)


def test_manifest_resigned_with_the_wrong_key_is_refused(two, tmp_path):
    """An attacker edits the manifest and signs it with their own key, keeping A's name."""
    _a, _db, b_dir, b_db, pack, _refs = two
    wrong = load_or_create_identity(tmp_path / "wrong-keys")
    with zipfile.ZipFile(pack) as zf:
        manifest = zf.read(MANIFEST)
    forged = manifest.replace(b'"withheld_documents": 0', b'"withheld_documents": 1')
    assert forged != manifest
    bad = tmp_path / "resigned.zip"
    _rewrite(pack, bad, lambda n, d: forged if n == MANIFEST else (
        wrong.sign(forged) if n == SIGNATURE else d))
    _assert_refused(b_dir, b_db, bad, "signature does not match the manifest")


@pytest.mark.parametrize("keep", [0, 10, 0.5, -1])
def test_truncated_pack_is_refused(two, tmp_path, keep):
    _a, _db, b_dir, b_db, pack, _refs = two
    raw = pack.read_bytes()
    cut = {0: 0, 10: 10, 0.5: len(raw) // 2, -1: len(raw) - 1}[keep]
    bad = tmp_path / "truncated.zip"
    bad.write_bytes(raw[:cut])
    _assert_refused(b_dir, b_db, bad, "damaged or truncated")


def test_zip_bomb_is_stopped_at_the_signed_size(two, tmp_path):
    """A trusted signer's manifest says 100 bytes; the member inflates to 64 MiB."""
    a_dir, _db, b_dir, b_db, _pack, _refs = two
    identity = load_or_create_identity(a_dir.keys)
    bomb = tmp_path / "bomb.zip"
    write_pack(bomb, identity=identity, kind="review",
               members=[Member("cases/X/case.json", data=b"x" * 100)], header={"cases": []})
    with zipfile.ZipFile(bomb) as zf:
        manifest, signature = zf.read(MANIFEST), zf.read(SIGNATURE)
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        _write_like_the_app(zf, "cases/X/case.json", b"\0" * (64 << 20))
        _write_like_the_app(zf, MANIFEST, manifest)
        _write_like_the_app(zf, SIGNATURE, signature)
    assert bomb.stat().st_size < 1 << 20
    _assert_refused(b_dir, b_db, bomb, "the signed manifest says 100")


def test_symlink_member_is_refused(two, tmp_path):
    _a, _db, b_dir, b_db, pack, _refs = two
    bad = tmp_path / "link.zip"
    _rewrite(pack, bad, lambda n, d: d)
    with zipfile.ZipFile(bad, "a") as zf:
        info = zipfile.ZipInfo("cases/link")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    _assert_refused(b_dir, b_db, bad, "not a regular file")


def test_a_review_pack_is_not_accepted_as_a_response(two):
    a_dir, db, b_dir, b_db, pack, _refs = two
    before = _dump(db)
    with b_db.session() as s, pytest.raises(PackRefused, match="a response pack was expected"):
        review.import_response(s, data_dir=b_dir, path=pack, actor=ROOT)
    # Its own review pack, on the installation that exported it: said as such (it is the
    # file the desk picked instead of the reviewer's response).
    with db.session() as s, pytest.raises(PackRefused, match="that this installation exported"):
        review.import_response(s, data_dir=a_dir, path=pack, actor=ROOT)
    assert _dump(db) == before


def test_an_altered_copy_of_its_own_review_pack_is_refused_as_altered(two, tmp_path):
    # It was named "the review pack … that this installation exported": vouched for, its
    # altered member never mentioned. The members are checked before the pack is named.
    a_dir, db, _b_dir, _b_db, pack, _refs = two
    names = [n for n in _member_names(pack) if n.endswith("case.json")]
    bad = tmp_path / "altered-own.zip"
    _rewrite(pack, bad, lambda n, d: _flip(d) if n == names[0] else d)
    before = _dump(db)
    with db.session() as s, pytest.raises(PackRefused) as info:
        review.import_response(s, data_dir=a_dir, path=bad, actor=ROOT)
    assert f"member {names[0]} does not match its SHA-256" in str(info.value)
    assert "this installation exported" not in str(info.value)
    assert _dump(db) == before


def _answered_and_trusted(two, tmp_path) -> Path:
    """B opens the pack, comments "Looks fine" and writes its response; A trusts B."""
    _a_dir, db, b_dir, b_db, pack, refs = two
    opened = _open_on_b(b_dir, b_db, pack)
    review.add_review_comment(data_dir=b_dir, pack_id=opened.pack_id, reference=refs[0],
                              body="Looks fine", actor=ROOT)
    response = tmp_path / "response.zip"
    with b_db.session() as s:
        review.export_response_pack(s, data_dir=b_dir, pack_id=opened.pack_id, out=response,
                                    actor=ROOT)
    with db.session() as s:
        review.trust_key(s, key_text=review.installation_identity(b_dir).public_key_text,
                         label="B", actor=ROOT)
    return response


def test_tampered_response_changes_nothing_on_the_preparer_side(two, tmp_path):
    a_dir, db, *_ = two
    response = _answered_and_trusted(two, tmp_path)
    bad = tmp_path / "bad-response.zip"
    _rewrite(response, bad, lambda n, d: d.replace(b"Looks fine", b"Looks FINE")
             if n == "response.json" else d)
    before_db, before_files = _dump(db), _files(a_dir)
    with db.session() as s, pytest.raises(PackRefused, match=r"response\.json does not match"):
        review.import_response(s, data_dir=a_dir, path=bad, actor=ROOT)
    assert _dump(db) == before_db and _files(a_dir) == before_files


def test_missing_file_is_bad_input(two, tmp_path):
    _a, _db, b_dir, b_db, _pack, _refs = two
    with pytest.raises(InputError):
        _open_on_b(b_dir, b_db, tmp_path / "nope.zip")


def test_installation_key_is_private_and_stable(tmp_path):
    keys = tmp_path / "keys"
    first = load_or_create_identity(keys)
    again = load_or_create_identity(keys)
    assert first.fingerprint == again.fingerprint and len(first.fingerprint) == 64
    mode = os.stat(next(keys.glob("*.pem"))).st_mode & 0o777
    assert mode == 0o600


def test_the_key_is_created_on_a_file_system_without_hard_links(tmp_path, monkeypatch):
    """A data folder on a FAT/exFAT stick or some network shares: os.link is refused with
    EPERM; the key is still made, private, stable, with its public half beside it."""
    import errno

    def no_links(_src, _dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    keys = tmp_path / "keys"
    first = load_or_create_identity(keys)
    assert load_or_create_identity(keys).fingerprint == first.fingerprint
    assert sorted(p.name for p in keys.iterdir()) == sorted(
        [next(keys.glob("*.pem")).name, next(keys.glob("*.pub")).name])  # no temporary left
    assert os.stat(next(keys.glob("*.pem"))).st_mode & 0o777 == 0o600


def test_two_threads_creating_the_key_at_once_agree_on_one(tmp_path):
    """Two dialogs of one app may ask for the key of a new installation at the same time."""
    import threading

    for attempt in range(10):
        keys = tmp_path / f"keys-{attempt}"
        start = threading.Barrier(2)
        found: list[object] = []

        def create(keys=keys, start=start, found=found) -> None:
            start.wait()
            try:
                found.append(load_or_create_identity(keys).fingerprint)
            except Exception as exc:
                found.append(exc)

        threads = [threading.Thread(target=create) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert len(found) == 2 and all(isinstance(f, str) for f in found), found
        assert found[0] == found[1] == load_or_create_identity(keys).fingerprint
        assert not list(keys.glob(".*.tmp"))


def test_damaged_installation_key_is_not_silently_replaced(tmp_path):
    keys = tmp_path / "keys"
    load_or_create_identity(keys)
    pem = next(keys.glob("*.pem"))
    pem.write_text("garbage")
    with pytest.raises(CheckFailed, match="cannot be read"):
        load_or_create_identity(keys)
    assert pem.read_text() == "garbage"


def test_trust_with_a_different_fingerprint_is_refused(db, tmp_path):
    other = load_or_create_identity(tmp_path / "k")
    with db.session() as s, pytest.raises(InputError, match="fingerprint"):
        review.trust_key(s, key_text=other.public_key_text(), label="X", actor=ROOT,
                         expected_fingerprint="00" * 32)
    with db.session() as s:
        info = review.trust_key(s, key_text=other.public_key_text(), label="X", actor=ROOT,
                                expected_fingerprint=other.fingerprint.upper())
    assert info.fingerprint == other.fingerprint


# ---------------------------------------------------------------------------------------
def test_a_draft_rendering_with_one_byte_flipped_is_refused(two, tmp_path):
    """The drafts rendered at export are checked like every member: a changed PDF is
    refused by name, and B's database and folder stay as they were."""
    _a, _db, b_dir, b_db, pack, refs = two
    name = f"cases/{refs[1]}/renderings/draft-cn-application.pdf"
    assert name in _member_names(pack)
    bad = tmp_path / "flip-draft.zip"
    _rewrite(pack, bad, lambda n, d: _flip(d) if n == name else d)
    _assert_refused(b_dir, b_db, bad, f"member {name} does not match its SHA-256")
    dropped = tmp_path / "drop-draft.zip"
    _rewrite(pack, dropped, lambda n, d: None if n == name else d)
    _assert_refused(b_dir, b_db, dropped, name)


# The zip's structure: one byte flipped at every offset of a small pack


def _small_pack(two, tmp_path: Path) -> Path:
    """One case: a pack of a few KB, every byte of which is tried. Without the draft
    renderings (their ~100 KB of PDF would multiply the sampled data bytes; the member
    test flips a byte in each of them)."""
    a_dir, db, _b_dir, _b_db, _pack, refs = two
    small = tmp_path / "small.zip"
    with db.session() as s:
        review.export_review_pack(s, data_dir=a_dir, references=refs[:1], out=small, actor=ROOT,
                                  drafts=False)
    return small


def _header_offsets(pack: Path) -> tuple[list[int], list[int], list[int]]:
    """(offsets of every zip header byte: local headers, central directory and end record;
    offsets of member data; the first and last two bytes of each member's data, where a
    deflate stream starts and ends)."""
    raw = pack.read_bytes()
    with zipfile.ZipFile(pack) as zf:
        infos = zf.infolist()
        start_dir = zf.start_dir
    headers, data, edges = list(range(start_dir, len(raw))), [], []
    for info in infos:
        at = info.header_offset
        names = int.from_bytes(raw[at + 26:at + 28], "little") + int.from_bytes(
            raw[at + 28:at + 30], "little")
        headers += range(at, at + 30 + names)
        start, end = at + 30 + names, at + 30 + names + info.compress_size
        data += range(start, end)
        edges += [start, start + 1, end - 2, end - 1]
    assert sorted(headers + data) == list(range(len(raw)))  # the writer leaves no other bytes
    return headers, data, edges


def _members(pack: Path) -> dict[str, bytes] | None:
    """Each member's content as zipfile reads it; None when it cannot read them all."""
    try:
        with zipfile.ZipFile(pack) as zf:
            return {info.filename: zf.read(info) for info in zf.infolist()}
    except Exception:  # any failure to read: the content differs
        return None


# What a flipped header byte may be refused as: zipfile cannot read the archive at all,
# the central directory names an unsafe, encrypted or non-regular member, or the check
# of the structure finds the change.
_HEADER_REASONS = ("it was altered after it was written", "not a readable review",
                   "not a readable response", "unsafe name", "is encrypted",
                   "not a regular file", "appears twice")


def test_one_byte_flipped_at_any_offset_is_refused_and_changes_nothing(two, tmp_path):
    """Every byte of the zip's own headers (local headers, central directory, end record)
    flipped in two ways, and a sample of the member data: each pack is refused and B's
    database and folder stay as they were. (A flipped data byte is let through only where
    the stream still inflates to the very same content, which a deflate stream can.)

    Each is refused by the pack check (verify_pack with B's trusted keys), which is where
    opening a pack decides its refusal, before anything is read into B; every seventh goes
    through open_review_pack on B as well, whose refusal must be the check's word for word.
    (All ~3,600 through the service cost ~2.6 ms each, two thirds of it B's permission and
    trust reads, the same for every one.)"""
    _a, _db, b_dir, b_db, _pack, _refs = two
    small = _small_pack(two, tmp_path)
    raw = small.read_bytes()
    headers, data, edges = _header_offsets(small)
    before_db, before_files = _dump(b_db), _files(b_dir)
    with b_db.read_session() as s:
        trusted, _labels = review._trusted(s, b_dir)
    bad = tmp_path / "flipped.zip"
    into = tmp_path / "checked"
    tried = through_service = 0
    sample = sorted(set(data[::11] + edges))
    original = _members(small)
    for at, masks in [(at, (0x01, 0xFF)) for at in headers] + [(at, (0x01, 0xFF)) for at in sample]:
        for mask in masks:
            changed = bytearray(raw)
            changed[at] ^= mask
            bad.write_bytes(bytes(changed))
            try:
                verify_pack(bad, trusted=trusted, into=into, expect_kind="review")
            except PackRefused as err:
                message = str(err)
            else:
                # A deflate stream can say the same bytes two ways (a copy from another
                # place in a run of equal bytes): accepted only when nothing it carries
                # has changed.
                assert at not in headers and _members(bad) == original, (at, mask)
                shutil.rmtree(into)
                continue
            assert not into.exists(), (at, mask)  # nothing extracted is left
            if at in headers:
                assert any(r in message for r in _HEADER_REASONS), (at, mask, message)
            if tried % 7 == 0:
                with pytest.raises(PackRefused) as opened:
                    _open_on_b(b_dir, b_db, bad)
                assert str(opened.value) == message, (at, mask)
                through_service += 1
            tried += 1
            if tried % 200 == 0:
                assert _files(b_dir) == before_files, (at, mask)
    assert through_service > len(headers) // 4
    assert tried > 2 * len(headers)
    assert _dump(b_db) == before_db
    assert _files(b_dir) == before_files
    # The untouched pack still opens.
    assert _open_on_b(b_dir, b_db, small).references


def test_a_response_pack_with_any_header_byte_flipped_changes_nothing(two, tmp_path):
    a_dir, db, *_ = two
    response = _answered_and_trusted(two, tmp_path)
    raw = response.read_bytes()
    headers, _data, edges = _header_offsets(response)
    before_db, before_files = _dump(db), _files(a_dir)
    bad = tmp_path / "bad-response.zip"
    assert len(headers) > 150  # three members' local headers, central directory, end record
    for at in headers + edges:
        changed = bytearray(raw)
        changed[at] ^= 0xFF
        bad.write_bytes(bytes(changed))
        with db.session() as s, pytest.raises(PackRefused) as err:
            review.import_response(s, data_dir=a_dir, path=bad, actor=ROOT)
        if at in headers:
            assert any(r in str(err.value) for r in _HEADER_REASONS), (at, str(err.value))
    assert _dump(db) == before_db and _files(a_dir) == before_files
    with db.session() as s:  # the untouched response still imports
        review.import_response(s, data_dir=a_dir, path=response, actor=ROOT)
    assert _dump(db) != before_db


def test_a_backup_given_as_a_pack_and_a_pack_given_as_a_backup_are_named(two, tmp_path):
    from approvals.services import backup

    a_dir, _db, b_dir, b_db, pack, _refs = two
    made = backup.create_backup(a_dir, out=tmp_path / "a-backup.zip").path
    _assert_refused(b_dir, b_db, made, "it is a backup of a data folder, not a review pack")
    with pytest.raises(CheckFailed, match=r"^\S+\.zip cannot be restored: it is an offline review pack, "
                       "not a backup"):
        backup.verify_backup(pack)


def test_an_ordinary_zip_is_named_as_not_a_pack_rather_than_altered(two, tmp_path):
    """A zip of some documents picked by mistake is no tampered pack: the refusal says
    what it is (it used to read "the pack's structure was altered: member a.txt: …")."""
    _a_dir, _db, b_dir, b_db, _pack, _refs = two
    other = tmp_path / "documents.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("a.txt", b"minutes")
        zf.writestr("b/contract.pdf", b"%PDF-1.4")
    _assert_refused(b_dir, b_db, other,
                    "it is not an approvals review pack (it has neither manifest.json nor "
                    "manifest.sig), or it was altered after it was written")


_RESERVED = ("format", "format_version", "pack_id", "kind", "created_at", "installation", "members")


def _resigned_by_a(a_dir: DataDir, pack: Path, out: Path, *, pack_id: str | None = None,
                   change: Callable[[str, bytes], bytes] = lambda _n, d: d) -> None:
    """The pack written again and signed with A's own key (which B trusts): what a trusted
    sender's damaged or malicious software could send, every hash in order."""
    with zipfile.ZipFile(pack) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        members = [Member(i.filename, data=change(i.filename, zf.read(i))) for i in zf.infolist()
                   if i.filename not in (MANIFEST, SIGNATURE)]
    header = {k: v for k, v in manifest.items() if k not in _RESERVED}
    write_pack(out, identity=load_or_create_identity(a_dir.keys), kind="review", members=members,
               header=header, pack_id=pack_id)


@pytest.mark.parametrize("pack_id", ["../../escaped", "/tmp/escaped", "x", ""])
def test_a_signed_pack_id_that_is_no_uuid_is_refused(two, tmp_path, pack_id):
    """The pack id names the folder a pack is opened into: '../../escaped' opened it
    outside the data folder."""
    a_dir, _db, b_dir, b_db, pack, _refs = two
    bad = tmp_path / "odd-id.zip"
    _resigned_by_a(a_dir, pack, bad, pack_id=pack_id or None)
    if not pack_id:  # write_pack gives one: the untouched copy opens
        assert _open_on_b(b_dir, b_db, bad).references
        return
    _assert_refused(b_dir, b_db, bad, "its manifest has no valid kind or pack id")
    assert not (tmp_path / "escaped").exists() and not Path("/tmp/escaped").exists()


@pytest.mark.parametrize("member", ["/etc/passwd", "../../../x.pdf", "cases/elsewhere.pdf"])
def test_a_document_naming_a_file_outside_its_case_is_refused(two, tmp_path, member):
    """Opening a document opens its `member`: a signed /etc/passwd went to the desktop as
    'the verified copy'."""
    a_dir, _db, b_dir, b_db, pack, _refs = two

    def elsewhere(name: str, data: bytes) -> bytes:
        if not name.endswith("/documents.json"):
            return data
        rows = json.loads(data)
        return json.dumps([{**row, "member": member} for row in rows]).encode() if rows else data

    bad = tmp_path / "odd-member.zip"
    _resigned_by_a(a_dir, pack, bad, change=elsewhere)
    _assert_refused(b_dir, b_db, bad, "are malformed")


def test_a_member_that_unpacks_larger_is_said_to_be_damaged(tmp_path: Path) -> None:
    """A byte flipped in a compressed member unpacks to more than the manifest lists: the
    refusal said it "is larger than the signed manifest says", as if the file had grown,
    with no next step; it says damaged or altered, and to ask the sender again."""
    import zipfile

    from approvals.exchange.pack import extract_checked

    packed = tmp_path / "p.zip"
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("response.json", "x" * 100)
    with zipfile.ZipFile(packed) as zf, pytest.raises(ValueError) as err:
        extract_checked(zf, zf.getinfo("response.json"), {"size": 10, "sha256": "0" * 64},
                        tmp_path / "out", ValueError)
    said = str(err.value)
    assert said.startswith("member response.json unpacks to more bytes than the signed "
                           "manifest says: it is damaged or was altered after it was written")
    assert "Ask the sender for it again" in said
