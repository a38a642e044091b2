"""A zip's container structure, checked byte for byte before any member is read.

Python's zipfile trusts the central directory and barely looks at the local file headers,
so a byte flipped in a local header (a size, the date, the name) or bytes slipped in
between members go unnoticed while every member still hashes correctly. `structure_problem`
reads only the headers (a seek and a small read per member, never the data) and requires:

- an end-of-central-directory record (EOCD) at the very end, without a comment, on one
  disk; a zip64 end record and locator, when present, consistent with it and contiguous;
- the central directory exactly between the last member and the end records;
- every local header where the previous member ended (no gap, overlap or stray bytes),
  agreeing with its central-directory entry: signature, version needed, flags, method,
  time, date, CRC-32, both sizes (from the data descriptor when flag bit 3 is set) and
  the name bytes; no name twice;
- with a `ZipForm` (what our own writer writes, for review and response packs), also the
  fields a reader never compares: dates, attributes, versions, extra fields, comments.

zipfile's own reading (the `infos` it parsed) must then agree on every member's position,
sizes and CRC, so the reader that extracts sees the same archive that was checked.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

_LOCAL = struct.Struct("<4sHHHHHIIIHH")  # 30 bytes
_CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")  # 46 bytes
_EOCD = struct.Struct("<4sHHHHIIH")  # 22 bytes
_EOCD64 = struct.Struct("<4sQHHIIQQQQ")  # 56 bytes
_LOCATOR = struct.Struct("<4sIQI")  # 20 bytes
_SIG_LOCAL, _SIG_CENTRAL = b"PK\x03\x04", b"PK\x01\x02"
_SIG_EOCD, _SIG_EOCD64, _SIG_LOCATOR = b"PK\x05\x06", b"PK\x06\x06", b"PK\x06\x07"
_SIG_DESCRIPTOR = b"PK\x07\x08"
_ZIP64_ID = 0x0001
_DESCRIPTOR_FLAG = 0x08
_MAX_CENTRAL_BYTES = 64 * 1024 * 1024  # far above 20,000 members with short names


@dataclass(frozen=True)
class ZipForm:
    """The exact form one writer of ours gives every member (Python's zipfile, seekable
    output, our fixed ZipInfo fields), for the fields that have no local counterpart."""

    dos_time: int
    dos_date: int
    external_attr: int


def dos_stamp(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    """(time, date) as zipfile writes them for a ZipInfo's date_time."""
    y, mo, d, h, mi, s = date_time
    return h << 11 | mi << 5 | s // 2, (y - 1980) << 9 | mo << 5 | d


@dataclass
class _Entry:
    name: bytes
    made_by: int
    version: int
    flags: int
    method: int
    time: int
    date: int
    crc: int
    csize: int
    usize: int
    offset: int
    disk: int
    internal_attr: int
    external_attr: int
    extra: bytes
    comment: bytes
    zip64: tuple[bool, bool, bool]  # which of usize, csize, offset came from the zip64 field

    @property
    def label(self) -> str:
        return f"member {self.name.decode('utf-8', 'replace')}"


class StructureError(Exception):
    """Where the structure is wrong: `str()` names the member (or record) and the field."""


def _hex(value: int) -> str:
    return f"0x{value:08x}"


def _fields(extra: bytes, where: str) -> dict[int, bytes]:
    """An extra field's (id -> data), required well formed: no overrun, no id twice."""
    out: dict[int, bytes] = {}
    at = 0
    while at < len(extra):
        if at + 4 > len(extra):
            raise StructureError(f"{where}: extra field ends mid-header")
        fid, size = struct.unpack_from("<HH", extra, at)
        if at + 4 + size > len(extra) or fid in out:
            raise StructureError(f"{where}: extra field 0x{fid:04x} is malformed")
        out[fid] = extra[at + 4 : at + 4 + size]
        at += 4 + size
    return out


def _read(fh: IO[bytes], at: int, n: int, what: str) -> bytes:
    fh.seek(at)
    data = fh.read(n)
    if len(data) != n:
        raise StructureError(f"{what} at offset {at} runs past the end of the file")
    return data


def _end_records(fh: IO[bytes], size: int, form: ZipForm | None) -> tuple[int, int, int, int]:
    """(entries, central directory offset, its size, where the end records start)."""
    if size < _EOCD.size:
        raise StructureError("the file is too short to be a zip")
    tail = _read(fh, max(0, size - 65_557), min(size, 65_557), "end record")
    at = tail.rfind(_SIG_EOCD, 0, len(tail) - _EOCD.size + len(_SIG_EOCD))
    if at != len(tail) - _EOCD.size:
        if at < 0:
            raise StructureError("no end-of-central-directory record at the end of the file")
        extra = len(tail) - at - _EOCD.size
        raise StructureError(f"{extra} byte(s) after the end-of-central-directory record "
                             "(an archive comment or appended data)")
    (_sig, disk, cd_disk, here, total, cd_size, cd_offset,
     comment) = _EOCD.unpack_from(tail, at)
    eocd = size - _EOCD.size
    if comment:
        raise StructureError(f"end-of-central-directory record: comment length {comment} ≠ 0")
    if disk or cd_disk or here != total:
        raise StructureError(f"end-of-central-directory record: disk {disk}/{cd_disk}, "
                             f"{here} of {total} entries (a single-disk archive has 0/0, all)")
    if eocd >= _LOCATOR.size and _read(fh, eocd - _LOCATOR.size, 4, "locator") == _SIG_LOCATOR:
        _s, loc_disk, rec_at, disks = _LOCATOR.unpack(
            _read(fh, eocd - _LOCATOR.size, _LOCATOR.size, "zip64 locator"))
        rec_expected = eocd - _LOCATOR.size - _EOCD64.size
        if loc_disk or disks != 1 or rec_at != rec_expected:
            raise StructureError(f"zip64 end locator: record at {rec_at}, expected {rec_expected} "
                                 f"(disk {loc_disk}, {disks} disk(s))")
        (sig, rec_size, made_by, version, disk64, cd_disk64, here64, total64, cd_size64,
         cd_offset64) = _EOCD64.unpack(_read(fh, rec_at, _EOCD64.size, "zip64 end record"))
        if (sig != _SIG_EOCD64 or rec_size != _EOCD64.size - 12 or disk64 or cd_disk64
                or here64 != total64):
            raise StructureError("zip64 end record: malformed header fields")
        if form is not None and (made_by, version) != (45, 45):
            raise StructureError(f"zip64 end record: versions {made_by}/{version} ≠ 45/45")
        # The 16/32-bit fields hold the true value, or their maximum when it does not fit.
        for field, small, big, cap in (("entries", total, total64, 0xFFFF),
                                       ("central directory size", cd_size, cd_size64, 0xFFFFFFFF),
                                       ("central directory offset", cd_offset, cd_offset64,
                                        0xFFFFFFFF)):
            if small != min(big, cap):
                raise StructureError(f"end-of-central-directory record: {field} {small} ≠ "
                                     f"zip64 end record {big}")
        total, cd_size, cd_offset, end = total64, cd_size64, cd_offset64, rec_at
        if form is not None and not _needs_zip64_end(total, cd_size, cd_offset):
            raise StructureError("zip64 end record present where the writer needs none")
    else:
        end = eocd
        if form is not None and _needs_zip64_end(total, cd_size, cd_offset):
            raise StructureError("zip64 end record missing where the writer writes one")
    if cd_offset + cd_size != end:
        raise StructureError(f"central directory: offset {cd_offset} + size {cd_size} ≠ "
                             f"{end}, where the end records start")
    return total, cd_offset, cd_size, end


def _needs_zip64_end(total: int, cd_size: int, cd_offset: int) -> bool:
    # zipfile's own rule (read at call time: the limit is a zipfile module setting).
    return total > 0xFFFF or cd_offset > zipfile.ZIP64_LIMIT or cd_size > zipfile.ZIP64_LIMIT


def _central(data: bytes, count: int) -> list[_Entry]:
    entries: list[_Entry] = []
    at = 0
    for index in range(count):
        if at + _CENTRAL.size > len(data):
            raise StructureError(f"central directory: entry {index + 1} of {count} is cut short")
        (sig, made_by, version, flags, method, time, date, crc, csize, usize, nlen, xlen, clen,
         disk, internal, external, offset) = _CENTRAL.unpack_from(data, at)
        if sig != _SIG_CENTRAL:
            raise StructureError(f"central directory: entry {index + 1} has no signature")
        body = at + _CENTRAL.size
        if body + nlen + xlen + clen > len(data):
            raise StructureError(f"central directory: entry {index + 1} is cut short")
        name = data[body : body + nlen]
        extra = data[body + nlen : body + nlen + xlen]
        comment = data[body + nlen + xlen : body + nlen + xlen + clen]
        entry = _Entry(name, made_by, version, flags, method, time, date, crc, csize, usize,
                       offset, disk, internal, external, extra, comment, (False, False, False))
        # A zip64 field holds, in this order, exactly the values whose 32-bit field is full.
        wanted = (usize == 0xFFFFFFFF, csize == 0xFFFFFFFF, offset == 0xFFFFFFFF)
        zip64 = _fields(extra, f"{entry.label}: central directory").get(_ZIP64_ID)
        if zip64 is not None or any(wanted):
            if zip64 is None or len(zip64) != 8 * sum(wanted):
                raise StructureError(f"{entry.label}: central directory zip64 field does not "
                                     "match its full 32-bit fields")
            values = iter(struct.unpack(f"<{sum(wanted)}Q", zip64))
            if wanted[0]:
                entry.usize = next(values)
            if wanted[1]:
                entry.csize = next(values)
            if wanted[2]:
                entry.offset = next(values)
            entry.zip64 = wanted
        if method == zipfile.ZIP_STORED and entry.csize != entry.usize:
            raise StructureError(f"{entry.label}: stored, yet compressed size {entry.csize} ≠ "
                                 f"uncompressed size {entry.usize}")
        entries.append(entry)
        at = body + nlen + xlen + clen
    if at != len(data):
        raise StructureError(f"central directory: {len(data) - at} byte(s) after its "
                             f"{count} entries")
    return entries


def _compare(entry: _Entry, field: str, local: int | bytes, central: int | bytes,
             fmt=str) -> None:
    if local != central:
        if isinstance(local, bytes) or isinstance(central, bytes):
            shown = f"{local!r} ≠ central directory {central!r}"
        else:
            shown = f"{fmt(local)} ≠ central directory {fmt(central)}"
        raise StructureError(f"{entry.label}: local header {field} {shown}")


def _local(fh: IO[bytes], entry: _Entry, at: int, form: ZipForm | None) -> int:
    """Check one member's local header (and data descriptor) against its central entry;
    return where the next member must start."""
    if entry.offset != at:
        raise StructureError(f"{entry.label}: local header at offset {entry.offset}, expected "
                             f"at {at} (bytes missing, overlapping or slipped in)")
    (sig, version, flags, method, time, date, crc, csize, usize, nlen,
     xlen) = _LOCAL.unpack(_read(fh, at, _LOCAL.size, f"{entry.label}: local header"))
    if sig != _SIG_LOCAL:
        raise StructureError(f"{entry.label}: no local header signature at offset {at}")
    rest = _read(fh, at + _LOCAL.size, nlen + xlen, f"{entry.label}: local header")
    name, extra = rest[:nlen], rest[nlen:]
    _compare(entry, "file name", name, entry.name)
    _compare(entry, "flags", flags, entry.flags, hex)
    _compare(entry, "compression method", method, entry.method)
    _compare(entry, "time", time, entry.time, hex)
    _compare(entry, "date", date, entry.date, hex)
    zip64 = _fields(extra, f"{entry.label}: local header").get(_ZIP64_ID)
    local_zip64 = zip64 is not None
    # zipfile's local zip64 field always carries both sizes, and both 32-bit fields are full.
    if zip64 is not None and (len(zip64) != 16
                              or (usize, csize) != (0xFFFFFFFF, 0xFFFFFFFF)):
        raise StructureError(f"{entry.label}: local header zip64 field is malformed")
    if not local_zip64 and 0xFFFFFFFF in (usize, csize):
        raise StructureError(f"{entry.label}: local header sizes are full but it has no zip64 field")
    if zip64 is not None:
        usize, csize = struct.unpack("<QQ", zip64)
    # zipfile raises the version needed to 4.5 where either header uses zip64.
    _compare(entry, "version needed", max(version, 45 if any(entry.zip64) else 0),
             entry.version)
    if form is not None:
        _check_form(entry, version, local_zip64, extra, form)
    data_end = at + _LOCAL.size + nlen + xlen + entry.csize
    if flags & _DESCRIPTOR_FLAG:
        # Written without seeking back: the local fields are zero, the descriptor follows.
        _compare(entry, "CRC-32", crc, 0, _hex)
        _compare(entry, "compressed size", csize, 0)
        _compare(entry, "uncompressed size", usize, 0)
        wide = local_zip64
        layout = struct.Struct("<4sIQQ" if wide else "<4sIII")
        sig, crc, csize, usize = layout.unpack(
            _read(fh, data_end, layout.size, f"{entry.label}: data descriptor"))
        if sig != _SIG_DESCRIPTOR:
            raise StructureError(f"{entry.label}: no data descriptor signature at offset {data_end}")
        where = "data descriptor"
        data_end += layout.size
    else:
        where = "local header"
    for field, value, central, fmt in (("CRC-32", crc, entry.crc, _hex),
                                       ("compressed size", csize, entry.csize, str),
                                       ("uncompressed size", usize, entry.usize, str)):
        if value != central:
            raise StructureError(f"{entry.label}: {where} {field} {fmt(value)} ≠ central "
                                 f"directory {fmt(central)}")
    return data_end


def _check_form(entry: _Entry, local_version: int, local_zip64: bool, local_extra: bytes,
                form: ZipForm) -> None:
    """The fields without a local counterpart (and the extra fields) as our writer writes
    them: no reader compares these, so only our own form pins them down."""
    def bad(field: str, value: object, expected: object) -> StructureError:
        return StructureError(f"{entry.label}: {field} {value} ≠ {expected} (as written by "
                              "this app)")

    if entry.flags & ~0x0800:  # only the UTF-8 name flag; never encrypted or streamed
        raise bad("flags", hex(entry.flags), "0x0")
    if entry.method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise bad("compression method", entry.method, "0 or 8")
    if (entry.time, entry.date) != (form.dos_time, form.dos_date):
        raise bad("time/date", f"{entry.time:#x}/{entry.date:#x}",
                  f"{form.dos_time:#x}/{form.dos_date:#x}")
    if entry.external_attr != form.external_attr:
        raise bad("external attributes", _hex(entry.external_attr), _hex(form.external_attr))
    if entry.internal_attr:
        raise bad("internal attributes", entry.internal_attr, 0)
    if entry.disk:
        raise bad("disk number", entry.disk, 0)
    if entry.comment:
        raise bad("comment length", len(entry.comment), 0)
    # Only zipfile's zip64 fields, in each header exactly where its rule puts them.
    if local_extra and not local_zip64:
        raise bad("local extra field", local_extra.hex(), "none or zip64")
    limit = zipfile.ZIP64_LIMIT
    big = entry.usize > limit or entry.csize > limit
    needed = (big, big, entry.offset > limit)
    if entry.zip64 != needed:
        raise bad("central zip64 fields", entry.zip64, needed)
    if any(needed) and len(entry.extra) != 4 + 8 * sum(needed):
        raise bad("central extra field length", len(entry.extra), 4 + 8 * sum(needed))
    if not any(needed) and entry.extra:
        raise bad("central extra field", entry.extra.hex(), "none")
    if (big or local_zip64) and not local_zip64:
        raise bad("local zip64 field", "missing", "present for a member this large")
    version = 45 if local_zip64 else 20
    if local_version != version:
        raise bad("local version needed", local_version, version)
    # Made by: zipfile's version 2.0 or 4.5 (as needed) on Unix (3) or Windows (0).
    made = max(version, 45 if any(needed) else 0)
    if entry.made_by & 0xFF != made or entry.made_by >> 8 not in (0, 3):
        raise bad("version made by", hex(entry.made_by), f"{made} on Unix or Windows")


# What zipfile raises for a file it cannot open as a zip at all (NotImplementedError: a
# version byte it does not know).
UNREADABLE_ZIP = (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError)


def open_zip(path: Path, refuse: Callable[[str], Exception], what: str) -> zipfile.ZipFile:
    """`path` opened for reading; a file that is no readable zip raises `refuse(reason)`,
    the reason naming it as `what` ("pack file", "backup file")."""
    try:
        return zipfile.ZipFile(path)
    except UNREADABLE_ZIP:
        # zipfile's own words ("File is not a zip file", "Bad magic number for central
        # directory") mean nothing to an officer: say what the file is, and what to do.
        head = _head(path)
        other = _other_kind(head) if head else ""
        if other:  # the wrong file chosen: no copy of it will read
            raise refuse(f"it is not a readable {what}: it is {other}, not a zip file; "
                         "choose the right .zip file") from None
        # A pack or an update comes from someone; a backup is the officer's own copy.
        again = ("copy it again from where it is kept" if "backup" in what
                 else "copy it again, or ask the sender for it again")
        why = ("the file cannot be read" if head is None else "the file is empty"
               if not head else "it starts as a zip file but its contents cannot be read")
        raise refuse(f"it is not a readable {what} — damaged or truncated ({why}): "
                     f"{again}") from None


# What a file that is no zip starts as, by its first bytes: a file chosen by mistake.
_OTHER_KINDS = ((b"%PDF", "a PDF document"), (b"\xd0\xcf\x11\xe0", "an Office document"),
                (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
                (b"SQLite format 3", "a database file"))
# Every zip file starts with "PK" (a member's header, or the end record of an empty zip).
_ZIP_START = b"PK"


def _head(path: Path) -> bytes | None:
    """A file's first bytes (None: it cannot be read)."""
    try:
        with path.open("rb") as f:
            return f.read(64)
    except OSError:
        return None


def _other_kind(head: bytes) -> str:
    """What a file is when its first bytes say it is no zip at all ("" for one that starts
    as a zip: that one is said as damaged or truncated)."""
    if head.startswith(_ZIP_START):
        return ""
    known = next((name for magic, name in _OTHER_KINDS if head.startswith(magic)), "")
    return known or ("a text file" if _is_text(head) else "a file of another kind")


def _is_text(head: bytes) -> bool:
    """True when a file's first bytes read as plain text (the last character may be cut
    short by where the head ends)."""
    for cut in range(4):
        try:
            text = head[:len(head) - cut].decode("utf-8").lstrip("\ufeff")
        except UnicodeDecodeError:
            continue
        return bool(text) and all(c.isprintable() or c in "\r\n\t" for c in text)
    return False


def zip_structure_problem(zf: zipfile.ZipFile, *, form: ZipForm | None = None) -> str | None:
    """structure_problem for an open ZipFile, on the very file it reads (its own handle:
    zipfile seeks before every read, so moving it between reads is harmless)."""
    fh = zf.fp
    if fh is None:
        raise ValueError("the zip file is closed")
    size = fh.seek(0, os.SEEK_END)
    return structure_problem(fh, size, infos=zf.infolist(), form=form)


def last_member_name(path: Path) -> str | None:
    """The name of the last entry of the zip's central directory, read from the file's
    end (the end records and that entry: a few small reads, however many members it has),
    or None when `path` is no readable zip (junk, a copy cut short, an empty zip). A
    backup's manifest is always its last member: services.backup tells its automatic
    backups from other files so, without parsing a directory of 100,000 documents."""
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            count, cd_offset, _size, end = _end_records(fh, size, None)
            if not count:
                return None
            at_most = _CENTRAL.size + 3 * 0xFFFF  # one entry: its name, extra field, comment
            start = max(cd_offset, end - at_most)
            tail = _read(fh, start, end - start, "central directory")
    except (OSError, StructureError):
        return None
    at = tail.rfind(_SIG_CENTRAL)
    while at >= 0:  # the last entry's header; its name could hold the signature's bytes
        if at + _CENTRAL.size <= len(tail):
            fields = _CENTRAL.unpack_from(tail, at)
            name_length, extra, comment = fields[10], fields[11], fields[12]
            if at + _CENTRAL.size + name_length + extra + comment == len(tail):
                name = tail[at + _CENTRAL.size:at + _CENTRAL.size + name_length]
                return name.decode("utf-8", "replace")
        at = tail.rfind(_SIG_CENTRAL, 0, at)
    return None


def structure_problem(fh: IO[bytes], size: int, *, infos: Sequence[zipfile.ZipInfo] | None = None,
                      form: ZipForm | None = None) -> str | None:
    """Why the zip in `fh` (`size` bytes) is not laid out as checked above, or None.
    `infos`, zipfile's parsed members, must agree with what was checked."""
    try:
        count, cd_offset, cd_size, _end = _end_records(fh, size, form)
        if cd_size > _MAX_CENTRAL_BYTES:
            raise StructureError(f"central directory: implausibly large ({cd_size} bytes)")
        entries = _central(_read(fh, cd_offset, cd_size, "central directory"), count)
        seen: set[bytes] = set()
        at = 0
        for entry in entries:
            if entry.name in seen:
                raise StructureError(f"{entry.label}: appears twice in the central directory")
            seen.add(entry.name)
            at = _local(fh, entry, at, form)
        if at != cd_offset:
            raise StructureError(f"{at - cd_offset if at > cd_offset else cd_offset - at} "
                                 f"byte(s) {'overlap' if at > cd_offset else 'unaccounted for'} "
                                 "between the last member and the central directory")
        if infos is not None:
            _agree(entries, infos)
    except StructureError as exc:
        return str(exc)
    return None


def _agree(entries: list[_Entry], infos: Sequence[zipfile.ZipInfo]) -> None:
    if len(infos) != len(entries):
        raise StructureError(f"zipfile reads {len(infos)} members, the check {len(entries)}")
    for entry, info in zip(entries, infos, strict=True):
        ours = (entry.offset, entry.csize, entry.usize, entry.crc, entry.flags, entry.method)
        theirs = (info.header_offset, info.compress_size, info.file_size, info.CRC,
                  info.flag_bits, info.compress_type)
        encoding = "utf-8" if info.flag_bits & 0x0800 else "cp437"
        if ours != theirs or info.orig_filename.encode(encoding) != entry.name:
            raise StructureError(f"{entry.label}: zipfile reads it differently")


class MemberReader:
    """A member's bytes, read from the raw file rather than through zipfile: zipfile stops
    inflating once the stated size is out, so bytes changed after the end of the deflate
    stream (its last byte, say) would go unseen. This reader requires the stream to end
    exactly at the member's last compressed byte, and the CRC-32 to match at the end.
    Raises zipfile.BadZipFile on any damage; `read` returns b"" at the end."""

    def __init__(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, chunk: int = 1 << 20) -> None:
        if zf.fp is None:
            raise ValueError("the zip file is closed")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise zipfile.BadZipFile(f"compression method {info.compress_type} is not one "
                                     "this app writes")
        self._fp = zf.fp
        self._info = info
        self._chunk = chunk
        try:
            header = _read(self._fp, info.header_offset, _LOCAL.size, "local header")
        except StructureError as exc:
            raise zipfile.BadZipFile(str(exc)) from None
        nlen, xlen = struct.unpack_from("<HH", header, 26)
        self._at = info.header_offset + _LOCAL.size + nlen + xlen
        self._left = info.compress_size
        self._inflate = (zlib.decompressobj(-zlib.MAX_WBITS)
                         if info.compress_type == zipfile.ZIP_DEFLATED else None)
        self._crc = 0
        self._done = False

    def __enter__(self) -> MemberReader:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def read(self, size: int = -1) -> bytes:
        """Up to about `size` bytes (never more than one chunk of output per call)."""
        limit = self._chunk if size is None or size < 0 else max(1, size)
        while not self._done:
            data = self._next(limit)
            if data:
                self._crc = zlib.crc32(data, self._crc)
                return data
        return b""

    def _next(self, limit: int) -> bytes:
        inflate = self._inflate
        # Output still held back by the size limit: as unconsumed input, or (all input
        # read) inside zlib itself, which an empty call releases.
        if inflate is not None and (inflate.unconsumed_tail or (self._left == 0 and not inflate.eof)):
            data = inflate.decompress(inflate.unconsumed_tail, limit)
            if data or inflate.unconsumed_tail:
                return self._out(data)
        if self._left == 0:
            self._finish()
            return b""
        self._fp.seek(self._at)
        raw = self._fp.read(min(self._left, self._chunk))
        if not raw:
            raise zipfile.BadZipFile("the member's data is cut short")
        self._at += len(raw)
        self._left -= len(raw)
        if inflate is None:
            return raw
        if inflate.eof:
            raise zipfile.BadZipFile("bytes after the end of its compressed data")
        return self._out(inflate.decompress(raw, limit))

    def _out(self, data: bytes) -> bytes:
        inflate = self._inflate
        assert inflate is not None
        if inflate.eof and (inflate.unused_data or self._left):
            raise zipfile.BadZipFile("bytes after the end of its compressed data")
        return data

    def _finish(self) -> None:
        if self._inflate is not None and not self._inflate.eof:
            raise zipfile.BadZipFile("its compressed data ends early")
        if self._crc != self._info.CRC:
            raise zipfile.BadZipFile(f"CRC-32 {_hex(self._crc)} ≠ {_hex(self._info.CRC)} "
                                     "in its headers")
        self._done = True
