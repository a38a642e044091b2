"""The database's name as SQLite gets it, for folders named with spaces, '#', '?', '%', '&'
and '='. The URI a read-only data folder's database is opened with (store.db.file_uri,
used by store.migrate.read_only_uri) is a pure function of the path, whose path part
SQLite decodes back to exactly the file name, on Windows paths (drive letters,
backslashes, shares) and POSIX ones; the writable engine (store.db.make_engine) opens the
file of that very name."""

from __future__ import annotations

import os
import re
import sqlite3
import urllib.parse
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

import pytest
from sqlmodel import select

from approvals.paths import DB_FILE, DataDir
from approvals.store.db import file_uri, session_data_dir
from approvals.store.migrate import open_database, open_read_only, read_only_uri
from approvals.store.models import Case

AWKWARD = ["Approvals data", "a#b", "what?", "100% sure", "x&y=z", "合规 资料", "%20", "a+b;c"]


def _sqlite_reads(uri: str) -> tuple[bytes, dict[str, str]]:
    """The file name and the query parameters SQLite takes from `uri` (sqlite3ParseUri, as
    https://www.sqlite.org/uri.html says): after "file:", an authority only after "//"
    (empty or "localhost", anything else refused), the path up to '?', '#' ending it all,
    %HH decoded in each part."""
    assert uri.startswith("file:")
    rest = uri[len("file:"):].split("#", 1)[0]
    if rest.startswith("//"):
        authority, _, path = rest[2:].partition("/")
        assert authority in ("", "localhost"), f"SQLite refuses the authority {authority!r}"
        rest = "/" + path
    path, _, query = rest.partition("?")
    params = dict(item.split("=", 1) for item in query.split("&")) if query else {}
    return urllib.parse.unquote_to_bytes(path), {urllib.parse.unquote(k): urllib.parse.unquote(v)
                                                 for k, v in params.items()}


def _plain(uri: str) -> None:
    """Nothing in the URI a reader could take for another part of it."""
    assert re.fullmatch(r"file:[A-Za-z0-9_.~/%-]+\?mode=ro(&immutable=1)?", uri), uri
    assert not re.search(r"%(?![0-9A-F]{2})", uri), uri


@pytest.mark.parametrize("folder", [
    r"C:\Users\officer\AppData\Local\approvals",
    *[rf"C:\Users\Ann Lee\{name}\approvals" for name in AWKWARD],
    r"D:\#1\?\%\approvals",
    r"\\fileserver\compliance share\Approvals data",
    "C:/Users/Ann Lee/Documents/approvals",  # written with slashes: still the Windows name
])
def test_a_windows_path_is_decoded_by_sqlite_to_its_own_name(folder: str) -> None:
    path = PureWindowsPath(folder) / DB_FILE
    for immutable in (False, True):
        uri = file_uri(path, immutable=immutable)
        _plain(uri)
        name, params = _sqlite_reads(uri)
        # What SQLite's Windows layer gets is what a plain open of the file gets.
        assert name.decode("utf-8") == str(path)
        assert params == ({"mode": "ro", "immutable": "1"} if immutable else {"mode": "ro"})
    # A drive's path does not begin with "/": no authority to misread, no "/C:" to strip.
    assert file_uri(PureWindowsPath(r"C:\x") / DB_FILE).startswith("file:C%3A%5Cx%5C")


@pytest.mark.parametrize("folder", [
    "/srv/approvals",
    *[f"/home/ann/{name}/approvals" for name in AWKWARD],
    "//srv/approvals",  # after a bare "file:" SQLite read "srv" as an authority and refused
])
def test_a_posix_path_is_decoded_by_sqlite_to_its_own_name(folder: str) -> None:
    path = PurePosixPath(folder) / DB_FILE
    uri = file_uri(path, immutable=True)
    _plain(uri)
    assert uri.startswith("file:///")  # the empty authority, then the path
    assert _sqlite_reads(uri) == (os.fsencode(str(path)), {"mode": "ro", "immutable": "1"})


def test_the_uri_is_a_function_of_the_path_alone(tmp_path: Path) -> None:
    """Pure: a path that does not exist, on a system it does not belong to, is written."""
    assert file_uri(PureWindowsPath(r"Z:\nowhere at all\approvals.db")) == (
        "file:Z%3A%5Cnowhere%20at%20all%5Capprovals.db?mode=ro")
    assert file_uri(PurePosixPath("/no where/#1/approvals.db"), immutable=True) == (
        "file:///no%20where/%231/approvals.db?mode=ro&immutable=1")
    assert not (tmp_path / "nothing").exists()


def _database_in(folder: Path) -> Path:
    folder.mkdir(parents=True)
    database = folder / DB_FILE
    conn = sqlite3.connect(os.fsencode(database))  # a name that is not UTF-8 too
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (42)")
    conn.commit()
    conn.close()
    return database


@pytest.mark.parametrize("name", [*AWKWARD, os.fsdecode(b"caf\xe9 latin-1")])
def test_sqlite_opens_the_uri_of_a_real_folder_read_only(tmp_path: Path, name: str) -> None:
    database = _database_in(tmp_path / name / "data")
    for immutable in (False, True):
        conn = sqlite3.connect(file_uri(database, immutable=immutable), uri=True)
        try:
            assert conn.execute("SELECT x FROM t").fetchall() == [(42,)]
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                conn.execute("INSERT INTO t VALUES (1)")
        finally:
            conn.close()
    # Nothing but the database in its folder: the URI named no other file.
    assert sorted(p.name for p in database.parent.iterdir()) == [DB_FILE]


def test_a_posix_path_starting_with_two_slashes_opens(tmp_path: Path) -> None:
    database = _database_in(tmp_path / "data")
    doubled = PurePath("/" + str(database))
    conn = sqlite3.connect(file_uri(doubled, immutable=True), uri=True)
    try:
        assert conn.execute("SELECT x FROM t").fetchall() == [(42,)]
    finally:
        conn.close()


def test_a_folder_opened_read_only_under_an_awkward_name(tmp_path: Path) -> None:
    """store.migrate's read_only_uri and open_read_only go through file_uri."""
    data_dir = DataDir(tmp_path / "Ann's #1 data? 100% & more").ensure()
    open_database(data_dir).dispose()
    uri = read_only_uri(data_dir, "it is on a read-only drive or file system")
    assert uri == file_uri(data_dir.database, immutable=True)
    db = open_read_only(data_dir, "it is on a read-only drive or file system")
    try:
        with db.read_session() as session:
            assert session.exec(select(Case)).all() == []
    finally:
        db.dispose()


@pytest.mark.parametrize("name", ["what?", "a#b", "100%41", "x&y=z", "Approvals data"])
def test_the_writable_engine_opens_the_database_in_the_folder_named(tmp_path: Path,
                                                                    name: str) -> None:
    """In "sqlite:///PATH" SQLAlchemy took the '?' of "what?" for the start of its query (the
    database was made as the file "what" beside the folder) and decoded "%41" into "A" (no
    such folder: "unable to open database file", reported as a failed upgrade)."""
    data_dir = DataDir(tmp_path / name / "data").ensure()
    db = open_database(data_dir)
    try:
        with db.session() as session:
            assert session_data_dir(session) == data_dir
    finally:
        db.dispose()
    assert data_dir.database.is_file()
    assert [p.name for p in tmp_path.iterdir()] == [name]  # nothing made beside it
    conn = sqlite3.connect(data_dir.database)
    try:
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
    finally:
        conn.close()
