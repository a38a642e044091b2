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

from approvals.paths import MAX_DATABASE_PATH
from tests.cli.helpers import Result, run_many
from tests.conftest import EXAMPLES_DIR

FACTS = EXAMPLES_DIR / "frontier-lab.json"


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under `folder` with its bytes (None for a folder), the log aside (a
    refusal is logged)."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*")) if "logs" not in p.relative_to(folder).parts}


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
    message = (f"{demo_data / 'approvals.db'}: this user may not write to the database (attempt to "
               "write a readonly database); nothing was saved. Make the file writable, or choose "
               "another data folder")
    for result in (imported, added, backed_up):
        _refused(result, 2, message)
    assert listed.code == 0 and len(listed.json()["cases"]) == 14
    assert _tree(demo_data) == before and _counted(demo_data, "events") == events
    assert not (tmp_path / "b.zip").exists()


def test_a_full_disk_refuses_saves_naming_the_disk(demo_data: Path, tmp_path: Path) -> None:
    before = _tree(demo_data)
    d = ("--data-dir", demo_data)
    imported, exported = run_many(
        ("case", "import", FACTS, *d),
        ("review", "export", "AP-2026-0001", "--out", tmp_path / "p.zip", *d),
        prelude=_PRAGMA_PRELUDE.format(pragma="PRAGMA max_page_count = PAGES"))
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
               f"#{anchor['event_id']} at {anchor['recorded_at']}. No new database was made in its "
               f"place. Restore a backup (approvals restore FILE; the automatic ones are in "
               f"{demo_data / 'backups'}), or choose another data folder.")
    for result in results:
        _refused(result, 1, message)
    assert _tree(demo_data) == before
    restored, listed = run_many(("restore", tmp_path / "b.zip", *d), ("case", "list", "--json", *d))
    assert restored.code == 0, restored
    assert listed.code == 0 and len(listed.json()["cases"]) == 14


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
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent("""
        import sqlite3, sys
        from sqlalchemy.exc import OperationalError
        import approvals.cli.cases as cases

        def boom(args):
            raise OperationalError("INSERT INTO cases (reference) VALUES (?)", ("x",),
                                   sqlite3.OperationalError("disk I/O error"), hide_parameters=True)

        cases.cmd_list = boom
        from approvals.cli import main
        sys.exit(main(["case", "list", "--data-dir", sys.argv[1]]))
    """)
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path / "data")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "internal error: OperationalError: disk I/O error (details in the log)"]
