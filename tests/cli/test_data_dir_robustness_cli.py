"""The commands on a hostile data folder, through the real entry point: one clear line on
stderr, the contract's exit code, nothing on stdout for a refusal, nothing written.

Exit codes where cli.md is silent: a full disk and a database this user may not write are
2, as an output file that cannot be written is (README: the user changes the folder, not
the command); a database lost from a folder that held one is 1, as a damaged one is."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from approvals.domain.dates import utc_text
from approvals.paths import MAX_DATABASE_PATH
from tests.cli.helpers import Result, run_many
from tests.conftest import EXAMPLES_DIR

FACTS = EXAMPLES_DIR / "frontier-lab.json"


def _tree(folder: Path, *, logs: bool = False) -> dict[str, bytes | None]:
    """Every path under `folder` with its bytes (None for a folder), the log aside (a
    refusal is logged) unless `logs`."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))
            if logs or "logs" not in p.relative_to(folder).parts}


def _refused(result: Result, code: int, message: str) -> None:
    assert (result.code, result.stdout) == (code, ""), result
    assert result.stderr.splitlines() == [message], result.stderr
    assert "Traceback" not in result.stderr


def _counted(data: Path, table: str) -> int:
    conn = sqlite3.connect(data / "approvals.db")
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_an_unwritable_log_is_said_once_and_the_commands_work(demo_data: Path,
                                                              tmp_path: Path) -> None:
    """logs/approvals.log that cannot be opened (here a folder in its place, which refuses
    root too) was an internal error (exit 1) for every command; an unwritable logs/ was
    the whole data folder refused (exit 2)."""
    log = demo_data / "logs" / "approvals.log"
    log.unlink()
    log.mkdir()
    state = tmp_path / "state"
    imported, listed = run_many(("case", "import", FACTS, "--data-dir", demo_data),
                                ("case", "list", "--json", "--data-dir", demo_data),
                                env={"XDG_STATE_HOME": str(state)})
    fallback = state / "approvals" / "log" / "approvals.log"
    warning = (f"warning: The log cannot be written in {demo_data / 'logs'} (Is a directory); "
               f"it is written to {fallback} instead.")
    assert imported.code == 0 and imported.stdout.startswith("AP-2026-"), imported
    # Each command says it once, on stderr: its output (JSON here) stays clean.
    for result in (imported, listed):
        assert result.stderr.splitlines() == [warning]
    assert listed.code == 0, listed
    assert imported.stdout.strip() in {c["reference"] for c in listed.json()["cases"]}
    assert "The log cannot be written in" in fallback.read_text(encoding="utf-8")


# SQLite's own refusals, on every connection the commands open (as root, file permissions
# refuse nothing; query_only is SQLite's read-only answer, max_page_count its full one).
# A full disk, whatever room the database's last pages happen to have: every write is
# refused as SQLite refuses it when no page can be added ("max_page_count" alone left a
# small write room on a page, and it went through).
_FULL_DISK_PRELUDE = """
import sqlite3 as _sqlite3
import approvals.store.db as _db, approvals.store.migrate as _migrate
from sqlalchemy import event as _event
_real = _db.make_engine
def _engine(path):
    engine = _real(path)
    @_event.listens_for(engine, "before_cursor_execute")
    def _full(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE")):
            raise _sqlite3.OperationalError("database or disk is full")
    return engine
_migrate.make_engine = _db.make_engine = _engine
"""

_PRAGMA_PRELUDE = """
import approvals.store.db as _db, approvals.store.migrate as _migrate
from sqlalchemy import event as _event
_real = _db.make_engine
def _engine(path):
    engine = _real(path)
    @_event.listens_for(engine, "connect")
    def _refuse(conn, _record):
        conn.execute({pragma!r}.replace("PAGES", str(conn.execute("PRAGMA page_count").fetchone()[0])))
    return engine
_migrate.make_engine = _db.make_engine = _engine
"""


def test_a_read_only_database_refuses_saves_and_still_lists(demo_data: Path, tmp_path: Path) -> None:
    before = _tree(demo_data)
    events = _counted(demo_data, "events")
    d = ("--data-dir", demo_data)
    imported, added, backed_up, listed = run_many(
        ("case", "import", FACTS, *d),
        (("user", "add", "bob", "--role", "admin", "--password-stdin", *d), "a long password 1"),
        ("backup", "--out", tmp_path / "b.zip", *d),
        ("case", "list", "--json", *d),
        prelude=_PRAGMA_PRELUDE.format(pragma="PRAGMA query_only = ON"))
    # The file's own permissions allow writing (query_only refuses): the other wording;
    # test_real_permissions_as_an_unprivileged_user meets the file's permissions.
    message = (f"{demo_data / 'approvals.db'}: the database refused the write (attempt to write "
               "a readonly database): its file was replaced or moved while open, or a file "
               "beside it (approvals.db-wal, approvals.db-shm) is read-only; nothing was saved. "
               "Close the app and start it again; if it persists, check those files' "
               "permissions")
    for result in (imported, added, backed_up):
        _refused(result, 2, message)
    assert listed.code == 0 and len(listed.json()["cases"]) == 14
    assert _tree(demo_data) == before and _counted(demo_data, "events") == events
    assert not (tmp_path / "b.zip").exists()


# The database file's permissions refuse writing (as root they refuse nothing: stood in).
_READ_ONLY_FILE_PRELUDE = """
import os as _os
_real_access = _os.access
def _access(path, mode, *args, **kwargs):
    if str(path).endswith("approvals.db") and mode & _os.W_OK:
        return False
    return _real_access(path, mode, *args, **kwargs)
_os.access = _access
"""


def test_a_read_only_database_file_is_read_without_making_files_beside_it(
        demo_data: Path, tmp_path: Path) -> None:
    # SQLite made read-only -wal and -shm files beside a read-only database, which then
    # refused every write once the file was made writable as the message says.
    before = _tree(demo_data, logs=True)
    d = ("--data-dir", demo_data)
    imported, listed, verified = run_many(
        ("case", "import", FACTS, *d), ("case", "list", "--json", *d), ("audit", "verify", *d),
        prelude=_READ_ONLY_FILE_PRELUDE)
    _refused(imported, 2, f"{demo_data / 'approvals.db'}: this user may not write to the "
                          "database (the file is read-only); nothing was saved. Make the file "
                          "writable, or choose another data folder")
    assert listed.code == 0 and len(listed.json()["cases"]) == 14
    assert verified.code == 0 and "Audit trail intact" in verified.stdout
    assert _tree(demo_data, logs=True) == before
    assert not (demo_data / "approvals.db-shm").exists()


def test_a_full_disk_refuses_saves_naming_the_disk(demo_data: Path, tmp_path: Path) -> None:
    before = _tree(demo_data)
    d = ("--data-dir", demo_data)
    imported, exported = run_many(
        ("case", "import", FACTS, *d),
        ("review", "export", "AP-2026-0001", "--out", tmp_path / "p.zip", *d),
        prelude=_FULL_DISK_PRELUDE)
    message = (f"{demo_data}: the disk is full (database or disk is full); nothing was saved. "
               "Free some space on that disk and try again")
    for result in (imported, exported):
        _refused(result, 2, message)
    assert _tree(demo_data) == before
    assert list(tmp_path.glob("*p.zip*")) == []  # neither the pack nor its .part file


def test_a_lost_database_is_reported_by_every_command_and_a_restore_brings_it_back(
        demo_data: Path, tmp_path: Path) -> None:
    d = ("--data-dir", demo_data)
    [backed_up] = run_many(("backup", "--out", tmp_path / "b.zip", *d))
    assert backed_up.code == 0, backed_up
    (demo_data / "approvals.db").write_bytes(b"")  # a crash or a copy cut it to nothing
    before = _tree(demo_data)
    results = run_many(("case", "list", "--json", *d), ("case", "import", FACTS, *d),
                       ("user", "list", *d), ("audit", "verify", *d), ("demo", *d))
    anchor = json.loads((demo_data / "audit-anchor.json").read_text(encoding="utf-8"))
    message = (f"The database {demo_data / 'approvals.db'} is empty (0 bytes), but this data "
               f"folder held one: its audit anchor (audit-anchor.json) records event "
               f"#{anchor['event_id']} at {utc_text(anchor['recorded_at'])}. No new database was "
               "made in its "
               f"place. Restore a backup (approvals restore FILE; the automatic ones are in "
               f"{demo_data / 'backups'}), or choose another data folder.")
    for result in results:
        _refused(result, 1, message)
    assert _tree(demo_data) == before
    restored, listed = run_many(("restore", tmp_path / "b.zip", *d), ("case", "list", "--json", *d))
    assert restored.code == 0, restored
    assert listed.code == 0 and len(listed.json()["cases"]) == 14


def test_a_database_deleted_with_its_anchor_is_still_a_lost_database(demo_data: Path) -> None:
    """The database and the anchor deleted together: `audit verify` said "Audit trail
    intact: 0 events checked" (exit 0) and `user add` made a new database on the lost
    one's folder. The record beside the key that anchoring began still says it held one."""
    d = ("--data-dir", demo_data)
    started = json.loads((demo_data / "keys" / "anchor-started.json").read_text(encoding="utf-8"))
    for name in ("approvals.db", "approvals.db-wal", "approvals.db-shm", "audit-anchor.json"):
        (demo_data / name).unlink(missing_ok=True)
    before = _tree(demo_data)
    results = run_many(("audit", "verify", *d), ("case", "list", "--json", *d),
                       ("user", "add", "zed", "--role", "admin", "--password-stdin", *d))
    message = (f"The database {demo_data / 'approvals.db'} is missing, but this data folder "
               f"held one: its audit trail was anchored from event #{started['event_id']}, as "
               "keys/anchor-started.json records, and its audit anchor (audit-anchor.json) is "
               "gone too. No new database was made in its place. Restore a backup (approvals "
               f"restore FILE; the automatic ones are in {demo_data / 'backups'}), or choose "
               "another data folder.")
    for result in results:
        _refused(result, 1, message)
    assert _tree(demo_data) == before


def test_a_data_folder_path_too_long_for_sqlite_is_bad_input(tmp_path: Path) -> None:
    """It was exit 1 with "could not be upgraded from revision none (OperationalError:
    unable to open database file …)", after the folder had been made."""
    base = tmp_path / "long"
    room = MAX_DATABASE_PATH + 1 - len(os.fsencode(str(base))) - len("/approvals.db")
    parts = []
    while room > 0:
        take = min(200, room - 1)
        parts.append("x" * take)
        room -= take + 1
    folder = base.joinpath(*parts)
    imported, demo = run_many(("case", "import", FACTS, "--data-dir", folder),
                              ("demo", "--data-dir", folder))
    message = (f"{folder}: the path is too long for the database ({MAX_DATABASE_PATH + 1} bytes "
               f"with approvals.db; at most {MAX_DATABASE_PATH}); choose a folder with a shorter "
               "path")
    for result in (imported, demo):
        _refused(result, 2, message)
    assert not base.exists()


def test_an_unexpected_database_error_is_one_line(tmp_path: Path) -> None:
    """SQLAlchemy's wrapper made the last line of defence print the SQL statement, a
    "[SQL parameters hidden …]" line and a web link: four lines, not one."""
    import textwrap

    # A process forked by run_many (tests/cli/helpers.py); test_internal_error_cli.py runs
    # an internal error in a process of its own.
    prelude = textwrap.dedent("""
        import sqlite3
        from sqlalchemy.exc import OperationalError
        import approvals.cli.cases as cases

        def boom(args):
            raise OperationalError("INSERT INTO cases (reference) VALUES (?)", ("x",),
                                   sqlite3.OperationalError("disk I/O error"), hide_parameters=True)

        cases.cmd_list = boom
    """)
    [proc] = run_many(("case", "list", "--data-dir", tmp_path / "data"), prelude=prelude)
    assert proc.code == 1
    log_file = (tmp_path / "data" / "logs" / "approvals.log").resolve()
    assert proc.stderr.splitlines() == [
        f"internal error: OperationalError: disk I/O error (details in {log_file})"]


_HOLDER = """
import sys
from sqlalchemy import text
from approvals.paths import DataDir
from approvals.store.migrate import open_database
db = open_database(DataDir(__import__("pathlib").Path(sys.argv[1])))
with db.read_session() as session:  # as the app does: its pool keeps the connection open
    session.execute(text("SELECT count(*) FROM cases")).one()
print("open", flush=True)
sys.stdin.read()
db.dispose()
"""


def test_with_the_app_open_commands_work_and_a_restore_is_refused(demo_data: Path,
                                                                  tmp_path: Path) -> None:
    """Another program holding the database (the app, its pool of connections) while a
    command imports, backs up and restores: the restore is refused, never run under it."""
    import subprocess
    import sys

    d = ("--data-dir", demo_data)
    [backed_up] = run_many(("backup", "--out", tmp_path / "before.zip", *d))
    assert backed_up.code == 0, backed_up
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(demo_data)], text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        imported, again, restored = run_many(
            ("case", "import", FACTS, *d), ("backup", "--out", tmp_path / "during.zip", *d),
            ("restore", tmp_path / "before.zip", *d))
    finally:
        holder.communicate("", timeout=60)
    assert imported.code == 0 and again.code == 0, (imported, again)
    _refused(restored, 1, "The database is in use by another program: the app open on this data "
                          "folder (another of its windows, on this or another computer) or a "
                          "command. Close it and restore again. Nothing was changed.")
    assert not [p for p in (demo_data / "backups").iterdir() if p.name.startswith("replaced-")]
    # Not replaced by the backup made before it: the case imported meanwhile is there.
    [listed] = run_many(("case", "list", "--json", *d))
    assert imported.stdout.strip() in {c["reference"] for c in listed.json()["cases"]}


def _as_nobody() -> list[str] | None:
    """The command prefix that runs as the unprivileged user `nobody` (root ignores file
    permissions, so only such a run shows what a user meets), or None where it cannot."""
    import shutil
    import subprocess
    import sys

    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("setpriv"):
        return None
    prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "env", "HOME=/tmp"]
    # Where the interpreter or the package lies in a folder only root may enter (a Python
    # under /root), nobody cannot run the app at all: there is nothing to compare against.
    probe = subprocess.run([*prefix, sys.executable, "-c", "import approvals"],
                           capture_output=True, timeout=60)
    return prefix if probe.returncode == 0 else None


def test_real_permissions_as_an_unprivileged_user(demo_template: tuple[Path, Result]) -> None:
    """A read-only data folder refuses every command that writes (nothing written, not
    even a log line) and answers those that only read; a read-only database file still
    lists and refuses saves with the file named; a document the user may not read is named
    when a backup needs it. The simulated cases above (query_only, monkeypatched access)
    and test_readonly22_read_only_folder.py's stood-in read-only drive are checked here
    against the real thing."""
    import shutil
    import subprocess
    import sys
    import tempfile

    import pytest

    prefix = _as_nobody()
    if prefix is None:
        pytest.skip("needs root (to become nobody), setpriv, and a Python nobody may run")
    base = Path(tempfile.mkdtemp(prefix="approvals-nobody-"))
    try:
        base.chmod(0o755)
        data, out = base / "data", base / "out"
        shutil.copytree(demo_template[0], data)
        out.mkdir()
        for path in (base, *base.rglob("*")):
            os.chown(path, 65534, -1)  # nobody

        def run(*args: str | Path) -> Result:
            proc = subprocess.run([*prefix, sys.executable, "-m", "approvals", *map(str, args),
                                   "--data-dir", str(data)],
                                  capture_output=True, text=True, timeout=120)
            return Result(proc.returncode, proc.stdout, proc.stderr)

        data.chmod(0o555)
        before, unlogged = _tree(data, logs=True), _tree(data)
        refusal = f"{data}: this user may not write in it; choose another data folder"
        # A command that only reads opens such a folder read-only (an auditor's copy); one
        # that writes is refused; not even a log line is written.
        listed = run("case", "list", "--json")
        assert listed.code == 0 and len(json.loads(listed.stdout)["cases"]) == 14, listed
        verified = run("audit", "verify")
        assert verified.code == 0 and "Audit trail intact" in verified.stdout, verified
        _refused(run("case", "import", FACTS), 2, refusal)
        assert _tree(data, logs=True) == before
        for args in (("backup", "--out", out / "b.zip"),
                     ("review", "export", "AP-2026-0001", "--out", out / "p.zip")):
            _refused(run(*args), 2, refusal)
        assert _tree(data) == unlogged and list(out.iterdir()) == []
        data.chmod(0o755)
        (data / "approvals.db").chmod(0o444)
        _refused(run("case", "import", FACTS), 2,
                 f"{data / 'approvals.db'}: this user may not write to the database (the file "
                 "is read-only); nothing was saved. Make the file writable, or choose another "
                 "data folder")
        listed = run("case", "list", "--json")
        assert listed.code == 0 and len(json.loads(listed.stdout)["cases"]) == 14, listed
        # No read-only -wal or -shm made beside it: they refused every write once the file
        # was made writable as the message says.
        for beside in ("approvals.db-wal", "approvals.db-shm"):
            made = data / beside
            assert not made.exists() or made.stat().st_mode & 0o200, beside
        (data / "approvals.db").chmod(0o644)
        assert run("case", "import", FACTS).code == 0
        document = sorted((data / "documents").glob("*.pdf"))[0]
        document.chmod(0o000)
        backup = run("backup", "--out", out / "b.zip")
        _refused(backup, 1, f"{document} cannot be read (Permission denied); {out / 'b.zip'} was "
                            "not written.")
        assert list(out.iterdir()) == []
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_a_data_folder_with_spaces_and_chinese_in_its_path_works_throughout(
        demo_template: tuple[Path, Result], tmp_path: Path) -> None:
    """Checked through APPROVALS_DATA_DIR (the option is checked by the other tests): every
    command that reads or writes the folder, its backups and the files it writes."""
    import shutil

    data = tmp_path / "合规 资料" / "审批 数据"
    shutil.copytree(demo_template[0], data)
    out = tmp_path / "输出 文件"
    out.mkdir()
    results = run_many(
        ("case", "import", FACTS), ("case", "list", "--json"),
        ("filing", "render", "AP-2026-0001", "--kind", "status-report", "--out", out / "报告 1.pdf"),
        ("review", "export", "AP-2026-0001", "--out", out / "审阅 包.zip"),
        ("backup", "--out", out / "备份 1.zip"), ("restore", out / "备份 1.zip"),
        ("audit", "verify"),
        env={"APPROVALS_DATA_DIR": str(data)})
    for result in results:
        assert result.code == 0, result
        assert "Traceback" not in result.stderr
    imported, listed = results[0], results[1]
    assert imported.stdout.strip() in {c["reference"] for c in listed.json()["cases"]}
    assert sorted(p.name for p in out.iterdir()) == sorted(["备份 1.zip", "报告 1.pdf", "审阅 包.zip"])
    assert [p.name for p in (data / "backups").iterdir() if p.name.startswith("replaced-")]
