"""A command's start pays only for what the command uses: opening a database at the head
revision reads the revision and the head without alembic's runtime, and the everyday
commands import neither ReportLab nor Qt (tests/bench/bench_cli_start.py has the figures).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from approvals.paths import DataDir
from approvals.store import migrate
from approvals.store.db import Database

REPO_ROOT = Path(__file__).resolve().parents[2]

# Runs the commands through the entry point in one fresh interpreter and prints which of
# the heavy packages they imported (the last line of its output).
_COMMANDS = """
import json, sys
from approvals.app import main
data = sys.argv[1]
codes = [main(["case", "list", "--data-dir", data]),
         main(["deadline", "--calendar", "CN", "--from", "2026-09-24", "--working-days", "15",
               "--data-dir", data]),
         main(["audit", "verify", "--data-dir", data])]
heavy = sorted(m for m in sys.modules
               if m.split(".")[0] in ("alembic", "reportlab", "PySide6", "shiboken6"))
print(json.dumps({"codes": codes, "heavy": heavy}))
"""


def test_case_list_deadline_and_verify_import_no_alembic_reportlab_or_qt(db: Database) -> None:
    # `db`: a data folder with a database at head, as every folder is after its first start.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("APPROVALS_DATA_DIR", None)
    done = subprocess.run([sys.executable, "-c", _COMMANDS, str(db.data_dir.root)],
                          capture_output=True, text=True, cwd=REPO_ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"codes": [0, 0, 0], "heavy": []}


def test_head_read_from_the_scripts_is_alembics_head() -> None:
    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate._head_of_scripts() == scripts.get_current_head() == migrate.head_revision()


def test_head_is_left_to_alembic_when_the_scripts_do_not_make_one_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    # Two scripts on the same parent: two heads, which the plain read does not choose from.
    for name in ("a", "b"):
        (versions / f"{name}.py").write_text(f"revision = '{name}'\ndown_revision = '0'\n",
                                             encoding="utf-8")
    (versions / "0.py").write_text("revision = '0'\ndown_revision = None\n", encoding="utf-8")
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", tmp_path)
    migrate._head_of_scripts.cache_clear()
    try:
        assert migrate._head_of_scripts() is None
        (versions / "b.py").write_text("revision = 'b'\ndown_revision = 'a'\n", encoding="utf-8")
        migrate._head_of_scripts.cache_clear()
        assert migrate._head_of_scripts() == "b"
    finally:
        migrate._head_of_scripts.cache_clear()


def test_revision_read_with_plain_sql_is_what_alembic_reads(tmp_path: Path) -> None:
    engine = migrate.make_engine(DataDir(tmp_path).ensure().database)
    try:
        def both() -> tuple[str | None, str | None]:
            with engine.connect() as conn:
                return migrate._revision_of(conn), MigrationContext.configure(
                    conn).get_current_revision()

        assert both() == (None, None)  # no alembic_version table
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) "
                                 "NOT NULL PRIMARY KEY)")
        assert both() == (None, None)  # the table without a row
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO alembic_version VALUES ('0007')")
        assert both() == ("0007", "0007")
        assert migrate.current_revision(engine) == "0007"
    finally:
        engine.dispose()


_HELP = """
import contextlib, io, json, sys
from approvals.app import main
codes = []
for argv in (["--help"], ["review", "decide", "--help"]):
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            codes.append(main(argv))
    except SystemExit as exc:  # argparse's own exit after the help
        codes.append(exc.code)
heavy = sorted({m.split(".")[0] for m in sys.modules
                if m.split(".")[0] in ("sqlmodel", "sqlalchemy", "alembic", "reportlab",
                                       "PySide6", "cryptography")})
print(json.dumps({"codes": codes, "heavy": heavy}))
"""


def test_help_builds_every_command_without_the_database_or_pdf_libraries() -> None:
    """`approvals --help` builds every command's options: one option's default read from
    the review service (review decide --current) imported it, SQLModel and the PDF
    library with it, 0.8 s of CPU for a usage text."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", _HELP], capture_output=True, text=True,
                          cwd=REPO_ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"codes": [0, 0], "heavy": []}


_OPEN_CASE = """
import json, sys
from pathlib import Path
from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.migrate import open_database
from approvals.ui.case_data import load_case_data
db = open_database(DataDir(Path(sys.argv[1])))
actor = Actor("ada", ("admin", "preparer", "reviewer", "approver"))
with db.read_session() as s:
    data = load_case_data(s, actor=actor, reference="AP-2026-0002")
print(json.dumps({"tracks": len(data.tracks),
                  "reportlab": any(m.startswith("reportlab") for m in sys.modules)}))
"""


def test_opening_a_case_reads_what_its_filings_lack_without_the_pdf_library(
        demo: Database) -> None:
    """The case window asks what each track's filing lacks (services.filings, through the
    filings package): both loaded ReportLab and the fonts with it, 0.1-0.3 s of the first
    case a session opened."""
    demo.dispose()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", _OPEN_CASE, str(demo.data_dir.root)],
                          capture_output=True, text=True, cwd=REPO_ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["tracks"] >= 3 and result["reportlab"] is False
