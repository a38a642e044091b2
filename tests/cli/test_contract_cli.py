"""The command-line contract (../shared/spec/cli.md) as an outside checker sees it: usage
errors with the command's own usage, exit 2 writing nothing (not even a new data folder),
--data-dir checked, output a console cannot encode, help that describes every option."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tests.cli.helpers import run_cli, run_many
from tests.conftest import EXAMPLES_DIR

PW = "correct horse battery staple"
FRONTIER = EXAMPLES_DIR / "frontier-lab.json"

# The commands of the contract, as `approvals ... --help` names them.
CONTRACT_COMMANDS = (
    ("demo",), ("screen",), ("deadline",), ("case", "import"), ("case", "list"),
    ("filing", "render"), ("audit", "verify"), ("review", "export"), ("review", "import"),
    ("backup",), ("restore",), ("user", "add"), ("user", "list"),
)


def test_stray_arguments_are_reported_with_the_commands_own_usage(tmp_path: Path) -> None:
    data = tmp_path / "data"
    extra, before, deadline = run_many(
        ("case", "list", "--json", "extra", "--data-dir", data),
        ("--bogus", "user", "list", "--data-dir", data),
        ("deadline", "--calendar", "CN", "--from", "2026-09-24", "--working-days", "1",
         "--pause", "2026-09-25:", "--pause", ":2026-09-26"),
    )
    assert extra.code == 2 and extra.stdout == ""
    assert extra.stderr.startswith("usage: approvals case list ")
    assert extra.stderr.splitlines()[-1] == "approvals case list: error: unrecognized arguments: extra"
    assert before.code == 2
    assert before.stderr.splitlines()[-1] == "approvals user list: error: unrecognized arguments: --bogus"
    # A pause missing a date says so, quoting what was typed (one line per problem).
    assert deadline.code == 2 and deadline.stdout == ""
    assert deadline.stderr.splitlines() == [
        "--pause: '2026-09-25:' is not STOP:RESUME (give both dates, YYYY-MM-DD)",
        "--pause: ':2026-09-26' is not STOP:RESUME (give both dates, YYYY-MM-DD)",
    ]
    assert not data.exists()


def test_an_empty_data_dir_or_a_file_is_bad_input_not_another_folder(tmp_path: Path) -> None:
    """`--data-dir "$DIR"` with DIR unset must not fall back to the folder of the
    environment (or the user's real data); a file given as the folder is named."""
    fallback = tmp_path / "env-data"
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    empty, *as_file = run_many(
        ("case", "list", "--json", "--data-dir", ""),
        ("case", "list", "--data-dir", a_file),
        ("user", "list", "--json", "--data-dir", a_file),
        ("audit", "verify", "--data-dir", a_file),
        ("deadline", "--calendar", "US", "--from", "2026-01-05", "--working-days", "3",
         "--data-dir", a_file),
        env={"APPROVALS_DATA_DIR": str(fallback)},
    )
    assert (empty.code, empty.stdout) == (2, "")
    assert empty.stderr == "--data-dir: is empty; name the data folder\n"
    for result in as_file:
        assert (result.code, result.stdout) == (2, ""), result
        assert result.stderr == f"{a_file}: is a file, not a folder; choose another data folder\n"
    assert not fallback.exists()
    # A folder under a file can never be made: refused too, reading commands included
    # (case list said "holds no Approvals database" and exit 0).
    under = a_file / "data"
    for result in run_many(("case", "list", "--data-dir", under),
                           ("audit", "verify", "--data-dir", under),
                           ("case", "import", EXAMPLES_DIR / "frontier-lab.json",
                            "--data-dir", under)):
        assert (result.code, result.stdout) == (2, ""), result
        assert result.stderr == (f"{under}: cannot be a folder: {a_file} is a file; choose "
                                 "another data folder\n")


def test_refusals_on_a_new_data_folder_create_nothing(tmp_path: Path) -> None:
    """Exit 2 writes nothing: a refused command does not leave a new data folder with an
    empty database behind (a mistyped --data-dir is the usual cause)."""
    fresh = {name: tmp_path / name for name in ("render", "export", "user", "user2", "backup",
                                                 "check")}
    data = tmp_path / "data"
    backup = tmp_path / "backup.zip"
    too_long = tmp_path / ("x" * 300 + ".pdf")
    results = run_many(
        ("filing", "render", "AP-2026-0001", "--kind", "status-report", "--out",
         tmp_path / "x.pdf", "--data-dir", fresh["render"]),
        ("review", "export", "AP-2026-0001", "--out", tmp_path / "x.pack", "--data-dir",
         fresh["export"]),
        (("user", "add", "bad name", "--role", "admin", "--password-stdin", "--data-dir",
          fresh["user"]), PW + "\n"),
        # Every problem at once, one line each.
        (("user", "add", "system", "--role", "admin", "--display-name", "x" * 300,
          "--password-stdin", "--data-dir", fresh["user2"]), "short\n"),
        ("backup", "--out", tmp_path / "empty.zip", "--data-dir", fresh["backup"]),
        # With a case: a backup to restore --check, and a folder given as the PDF.
        ("case", "import", FRONTIER, "--json", "--data-dir", data),
        ("backup", "--out", backup, "--data-dir", data),
        ("restore", backup, "--check", "--json", "--data-dir", fresh["check"]),
        ("filing", "render", "AP-2026-0001", "--kind", "status-report", "--out", tmp_path,
         "--data-dir", data),
        # A name the file system refuses: bad input naming --out, before any work is done.
        ("filing", "render", "AP-2026-0001", "--kind", "status-report", "--out", too_long,
         "--data-dir", data),
        ("review", "export", "AP-2026-0001", "--out", too_long, "--data-dir", data),
        ("backup", "--out", too_long, "--data-dir", data),
        # ... and as a file to read.
        ("restore", too_long, "--data-dir", data),
        ("review", "import", too_long, "--data-dir", data),
    )
    render, export, user, user2, empty_backup, imported, backed_up, check, folder = results[:9]
    for result in results[9:12]:
        assert (result.code, result.stdout) == (2, ""), result
        assert result.stderr.startswith(f"--out: {too_long} cannot be written ("), result.stderr
        assert len(result.stderr.splitlines()) == 1
    for result in results[12:]:
        assert (result.code, result.stdout) == (2, ""), result
        assert result.stderr.startswith(f"{too_long}: cannot be read ("), result.stderr
        assert len(result.stderr.splitlines()) == 1
    assert not list(tmp_path.glob("x" * 50 + "*"))
    for result in (render, export):
        assert (result.code, result.stdout) == (2, ""), result
        assert result.stderr == "There is no case AP-2026-0001.\n"
    assert user.code == 2 and user.stderr.startswith("username: use 1 to 64 letters")
    assert user2.code == 2 and user2.stderr.splitlines() == [
        "username: 'system' is reserved for the app's own records",
        "display_name: must be at most 120 characters long",
        "password: must be at least 12 characters long (it has 5)",
    ]
    assert empty_backup.code == 2
    assert empty_backup.stderr == f"{fresh['backup']}: holds no database: nothing to back up\n"
    assert not (tmp_path / "empty.zip").exists()
    assert imported.code == 0 and backed_up.code == 0, (imported.stderr, backed_up.stderr)
    assert check.code == 0, check.stderr
    assert json.loads(check.stdout) == {"file": str(backup), "created_at": check.json()["created_at"],
                                        "documents": 0}
    assert folder.code == 2 and folder.stderr == f"--out: {tmp_path} is a folder; give a file name\n"
    for name, path in fresh.items():
        assert not path.exists(), name


def test_output_a_console_cannot_encode_is_escaped_not_an_internal_error() -> None:
    """A Windows code page (here: ASCII) cannot show the Chinese of a reason: JSON comes out
    in \\u escapes (the same value), text with the characters escaped; both exit 0."""
    ascii_env = {"PYTHONIOENCODING": "ascii"}
    consumer = EXAMPLES_DIR / "consumer-app.json"
    as_json = run_cli("screen", consumer, "--as-of", "2026-12-01", "--json", env=ascii_env)
    assert as_json.code == 0, as_json.stderr
    texts = [r["text"] for d in as_json.json()["determinations"] for r in d["reasons"]]
    assert any("以上" in text for text in texts)
    text = run_cli("screen", consumer, "--as-of", "2026-12-01", env=ascii_env)
    assert text.code == 0, text.stderr
    assert "(\\u4ee5\\u4e0a: inclusive)" in text.stdout and text.stderr == ""


def test_every_contract_option_is_described_in_the_help() -> None:
    """An outside checker reads `--help`: each command of the contract describes itself
    and every option and argument it takes (no bare `--json`)."""
    from approvals.cli import build_parser

    parser = build_parser()
    for path in CONTRACT_COMMANDS:
        sub = parser
        for name in path:
            (action,) = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
            sub = action.choices[name]
        assert sub.description, path
        undescribed = [a.option_strings or a.dest for a in sub._actions if not a.help]
        assert undescribed == [], (path, undescribed)

    top, *helps = run_many(("--help",), *((*path, "--help") for path in CONTRACT_COMMANDS),
                           env={"COLUMNS": "80"})
    assert top.code == 0
    assert "Exit codes: 0 done; 1 a check ran and failed; 2 bad input or usage; 130 " \
           "interrupted (Ctrl+C)." in " ".join(
        top.stdout.split())
    for path, result in zip(CONTRACT_COMMANDS, helps, strict=True):
        assert result.code == 0 and result.stderr == "", path
        assert result.stdout.startswith(f"usage: approvals {' '.join(path)} "), path
    # Wrapped at spaces only: at 80 columns "YYYY-MM-DD" and "per-user" fall at a line end.
    assert "YYYY-MM-DD" in helps[2].stdout.split() and "per-user" in helps[2].stdout.split()
    deadline = " ".join(helps[2].stdout.split())
    for option in ("--calendar {CN,US}", "--from DATE", "--working-days N", "--calendar-days N",
                   "--roll", "--pause STOP:RESUME", "--json", "--data-dir DIR"):
        assert option in deadline, option


def test_building_the_parser_loads_no_database_pdf_or_crypto_layer(tmp_path: Path) -> None:
    """Every run builds the parser of every command: the command modules import the heavy
    layers only in the handler that needs them, so that `deadline`, `--help` and usage
    errors start in a fraction of a second (and the CLI tests stay fast)."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from approvals.cli import main\n"
        "code = main(['deadline', '--calendar', 'CN', '--from', '2026-09-24', '--working-days',"
        " '15', '--data-dir', sys.argv[1]])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'sqlmodel', 'sqlalchemy',"
        " 'alembic', 'reportlab', 'cryptography', 'pydantic', 'PySide6'})\n"
        "print(code, heavy)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path / "data")],
                          capture_output=True, text=True, timeout=60)
    assert proc.stdout.splitlines() == [
        "15 working days after 2026-09-24 on the CN calendar: due 2026-10-22 (Thursday)",
        "0 []",
    ], proc.stderr

    # `screen` reads a file and the rulebook: the facts model, but no database, PDF or Qt.
    script = (
        "import sys\n"
        "from approvals.cli import main\n"
        "code = main(['screen', sys.argv[1], '--json'])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'sqlmodel', 'sqlalchemy',"
        " 'alembic', 'reportlab', 'cryptography', 'PySide6'})\n"
        "print(code, heavy, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(FRONTIER)],
                          capture_output=True, text=True, timeout=60)
    assert proc.stderr.splitlines()[-1] == "0 []", proc.stderr


def test_data_dir_option_wins_over_the_environment(tmp_path: Path) -> None:
    """spec/cli.md: --data-dir, else APPROVALS_DATA_DIR; given before or after the command."""
    env_dir, after, before = tmp_path / "env", tmp_path / "after", tmp_path / "before"
    results = run_many(
        ("case", "import", FRONTIER, "--json", "--data-dir", after),
        ("--data-dir", before, "case", "import", FRONTIER, "--json"),
        ("case", "import", FRONTIER, "--json"),  # the environment's folder
        ("case", "list", "--json", "--data-dir", after),
        env={"APPROVALS_DATA_DIR": str(env_dir)},
    )
    assert [r.code for r in results] == [0, 0, 0, 0], [r.stderr for r in results]
    for folder in (after, before, env_dir):
        assert (folder / "approvals.db").is_file(), folder
    assert [c["reference"] for c in results[3].json()["cases"]] == [results[0].json()["reference"]]
