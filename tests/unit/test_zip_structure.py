"""The zip structure check (exchange/zipcheck.py) on its own and on backups: zips as
Python writes them pass (also streamed ones with data descriptors, and zip64 ones), and a
byte flipped in any header, bytes slipped in or appended, or a comment are refused."""

from __future__ import annotations

import io
import sqlite3
import stat
import zipfile
from pathlib import Path

import pytest

from approvals.domain.errors import CheckFailed
from approvals.exchange.pack import PACK_FORM, Member, MemberReader, write_pack
from approvals.exchange.zipcheck import structure_problem, zip_structure_problem
from approvals.services import backup
from approvals.store.audit import Actor
from approvals.store.keys import load_or_create_identity

ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"))


def _problem(data: bytes, *, form=None) -> str | None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return structure_problem(io.BytesIO(data), len(data), infos=zf.infolist(), form=form)


def _zip(members: dict[str, bytes], *, stream: bool = False) -> bytes:
    """A zip as Python writes it; `stream`: to a non-seekable file (data descriptors)."""
    class Unseekable(io.BytesIO):
        def seekable(self) -> bool:
            return False

        def seek(self, *args: object) -> int:
            raise io.UnsupportedOperation("seek")

    buf = Unseekable() if stream else io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            with zf.open(name, "w", force_zip64=name.endswith(".big")) as fh:
                fh.write(data)
    return buf.getvalue()


def _pack(tmp_path: Path, **members: bytes) -> bytes:
    identity = load_or_create_identity(tmp_path / "keys")
    out = tmp_path / "p.zip"
    write_pack(out, identity=identity, kind="review",
               members=[Member(f"cases/{k}.json", data=v) for k, v in members.items()])
    return out.read_bytes()


def _like_the_app(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    with zf.open(info, "w", force_zip64=not name.startswith("manifest.")) as fh:
        fh.write(data)


def _header_bytes(data: bytes) -> list[int]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        out = list(range(zf.start_dir, len(data)))
        for info in zf.infolist():
            at = info.header_offset
            out += range(at, at + 30 + int.from_bytes(data[at + 26:at + 28], "little")
                         + int.from_bytes(data[at + 28:at + 30], "little"))
    return out


def _refused(data: bytes, *, form=None) -> str:
    """Why a damaged zip is refused: zipfile cannot open it or the check names it."""
    try:
        problem = _problem(data, form=form)
    except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError) as exc:
        return f"unreadable: {exc}"
    assert problem, "accepted"
    return problem


def test_python_written_zips_pass(tmp_path):
    assert _problem(_zip({"a.txt": b"hello" * 100, "b.big": b"x" * 5000})) is None
    assert _problem(_pack(tmp_path, a=b"{}" * 300, b=b""), form=PACK_FORM) is None


def test_streamed_zip_with_data_descriptors_passes_and_its_descriptors_are_checked():
    data = _zip({"a.txt": b"hello" * 100, "b.big": b"y" * 3000}, stream=True)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert all(i.flag_bits & 0x08 for i in zf.infolist())
    assert _problem(data) is None
    # The local headers and descriptors (without our form, a central entry's own fields,
    # such as its version made by, are free).
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        start_dir = zf.start_dir
    local = [at for at in _header_bytes(data) if at < start_dir]
    for at in local + [i for i in range(len(data)) if data[i:i + 4] == b"PK\x07\x08"]:
        for k in range(at, at + 16 if data[at:at + 4] == b"PK\x07\x08" else at + 1):
            changed = bytearray(data)
            changed[k] ^= 0xFF
            assert _refused(bytes(changed)), k


def test_zip64_records_pass_and_every_header_byte_counts(tmp_path, monkeypatch):
    """zipfile's zip64 threshold lowered so a small pack carries every zip64 record a
    huge one would: zip64 fields in local and central headers, zip64 end record, locator."""
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 100)
    data = _pack(tmp_path, a=bytes(range(256)) * 3, b=b"{}")
    assert b"PK\x06\x06" in data and b"PK\x06\x07" in data
    assert _problem(data, form=PACK_FORM) is None
    for at in _header_bytes(data):
        for mask in (0x01, 0xFF):
            changed = bytearray(data)
            changed[at] ^= mask
            assert _refused(bytes(changed), form=PACK_FORM), (at, mask)


def test_every_header_byte_of_a_pack_flipped_is_found_by_the_check_alone(tmp_path):
    data = _pack(tmp_path, a=b'{"x": 1}' * 50, b=b"{}")
    for at in _header_bytes(data):
        for mask in (0x01, 0x80, 0xFF):
            changed = bytearray(data)
            changed[at] ^= mask
            assert _refused(bytes(changed), form=PACK_FORM), (at, mask)


@pytest.mark.parametrize("where, expected", [
    ("append", "after the end-of-central-directory record"),
    ("comment", "after the end-of-central-directory record"),
    ("gap", "expected at"),
])
def test_bytes_added_anywhere_are_refused(tmp_path, where, expected):
    data = _pack(tmp_path, a=b"{}" * 100, b=b"{}")
    if where == "append":
        changed = data + b"\0"
    elif where == "comment":
        changed = data[:-2] + (3).to_bytes(2, "little") + b"hey"
    else:
        # Four bytes slipped in after the first member, with every later offset moved on.
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            second = zf.infolist()[1].header_offset
        buf = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(buf, "w") as zout:
            for info in zin.infolist():
                if info.header_offset == second:
                    zout.fp.write(b"junk")  # a gap, which zipfile itself accepts
                    zout.start_dir = zout.fp.tell()
                _like_the_app(zout, info.filename, zin.read(info))
        changed = buf.getvalue()
        with zipfile.ZipFile(io.BytesIO(changed)) as zf:  # zipfile itself reads it fine
            assert zf.testzip() is None
    assert expected in _refused(changed, form=PACK_FORM)


def test_a_byte_after_the_end_of_a_deflate_stream_is_refused(tmp_path):
    """zipfile stops at the stated size and would not notice the last byte changed."""
    data = bytearray(_pack(tmp_path, a=b'{"a": "' + b"b" * 2000 + b'"}'))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("cases/a.json")
        start = info.header_offset + 30 + len(info.filename) + 20
        data[start + info.compress_size - 1] ^= 0xFF
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        assert len(zf.read("cases/a.json")) == 2009  # zipfile: all well
        with pytest.raises(zipfile.BadZipFile), MemberReader(zf, zf.getinfo("cases/a.json")) as r:
            while r.read(1 << 10):
                pass


def test_member_reader_reads_large_members_in_bounded_chunks(tmp_path):
    payload = bytes(range(256)) * 40_000  # 10 MB, inflates in many limited calls
    data = _zip({"big.txt": payload})
    with zipfile.ZipFile(io.BytesIO(data)) as zf, MemberReader(zf, zf.getinfo("big.txt"),
                                                               chunk=4096) as r:
        parts = []
        while part := r.read(65536):
            assert len(part) <= 65536
            parts.append(part)
    assert b"".join(parts) == payload


def test_a_flipped_header_byte_in_a_backup_is_refused_and_changes_nothing(data_dir, db, tmp_path):
    good = backup.create_backup(data_dir, out=tmp_path / "good.zip").path
    raw = good.read_bytes()
    assert _problem(raw) is None
    db.dispose()  # as the command restores: nothing else has the database open
    before = (_dump(data_dir.database), sorted(p.name for p in data_dir.root.rglob("*")))
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as zf:
        infos = zf.infolist()
    # Every local header and the end record; the central directory entry of one member.
    offsets = [b for b in _header_bytes(raw) if b < infos[-1].header_offset + 30
               or b >= len(raw) - 22]
    for at in [*offsets[::3], len(raw) - 1]:
        changed = bytearray(raw)
        changed[at] ^= 0xFF
        bad.write_bytes(bytes(changed))
        with pytest.raises(CheckFailed, match="cannot be restored"):
            backup.restore_backup(data_dir, bad, actor=ROOT)
    assert (_dump(data_dir.database), sorted(p.name for p in data_dir.root.rglob("*"))) == before


def test_a_backup_with_bytes_appended_names_the_structure(data_dir, db, tmp_path, caplog):
    good = backup.create_backup(data_dir, out=tmp_path / "good.zip").path
    bad = tmp_path / "appended.zip"
    bad.write_bytes(good.read_bytes() + b"extra")
    caplog.set_level("INFO")
    with pytest.raises(CheckFailed, match="it is damaged \\(its zip structure does not hold"):
        backup.verify_backup(bad)
    assert "zip structure is damaged: 5 byte" in caplog.text  # the detail, in the log


def test_zip_structure_problem_reads_the_open_zipfile(tmp_path):
    path = tmp_path / "x.zip"
    path.write_bytes(_pack(tmp_path, a=b"{}"))
    with zipfile.ZipFile(path) as zf:
        assert zip_structure_problem(zf, form=PACK_FORM) is None
        info = zf.infolist()[0]
        assert info.external_attr == (stat.S_IFREG | 0o644) << 16


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
