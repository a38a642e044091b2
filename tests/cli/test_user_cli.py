"""`approvals user add` / `user list` through the real entry point."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.cli.helpers import Result, run_many

PW = "correct horse battery staple"


def run(data: Path, *args: str, stdin: str | None = "") -> subprocess.CompletedProcess[str]:
    """A process of its own: `user add` exits 0 and 2 here in real processes."""
    return subprocess.run(
        [sys.executable, "-m", "approvals", *args, "--data-dir", str(data)],
        input=stdin, capture_output=True, text=True, timeout=60,
    )


def many(data: Path, *calls: tuple[tuple[str, ...], str]) -> list[Result]:
    """Several (arguments, stdin) runs on one data folder, in one process (run_many)."""
    return run_many(*(((*args, "--data-dir", str(data)), stdin) for args, stdin in calls))


def test_add_and_list(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first, second, listed, plain = many(
        data,
        (("user", "add", "alice", "--role", "admin", "--role", "preparer",
          "--display-name", "Alice Wong", "--password-stdin"), PW + "\n"),
        (("user", "add", "bob", "--role", "reviewer", "--password-stdin"), PW + "\n"),
        (("user", "list", "--json"), ""),
        (("user", "list"), ""),
    )
    assert first.code == 0, first.stderr
    assert "alice" in first.stdout
    assert second.code == 0, second.stderr
    assert listed.json()["users"] == [
        {"username": "alice", "display_name": "Alice Wong", "roles": ["preparer", "admin"],
         "active": True, "locked_until": None},
        {"username": "bob", "display_name": "", "roles": ["reviewer"], "active": True,
         "locked_until": None},
    ]
    assert plain.code == 0 and "alice" in plain.stdout and "reviewer" in plain.stdout
    assert PW not in plain.stdout + first.stdout + first.stderr
    db_bytes = b"".join(p.read_bytes() for p in data.rglob("approvals.db*"))
    assert PW.encode() not in db_bytes


def test_refusals_exit_2_and_write_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    cases = [
        (("user", "add", "bob", "--role", "admin", "--password-stdin"), "elevenchars\n",
         "password: must be at least 12 characters"),
        (("user", "add", "bob", "--role", "boss", "--password-stdin"), PW + "\n",
         "--role: unknown role 'boss'"),
        (("user", "add", "bob", "--password-stdin"), PW + "\n", "--role"),
        (("user", "add", "bad name", "--role", "admin", "--password-stdin"), PW + "\n",
         "username:"),
        # No --password-stdin and stdin is not a terminal: refuse instead of prompting.
        (("user", "add", "bob", "--role", "admin"), PW + "\n", "not a terminal"),
    ]
    *results, listed, plain = many(data, *((args, stdin) for args, stdin, _ in cases),
                                   (("user", "list", "--json"), ""), (("user", "list"), ""))
    for (args, _, message), result in zip(cases, results, strict=True):
        assert result.code == 2, (args, result.stdout, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert "elevenchars" not in result.stderr
    assert listed.json() == {"users": []}
    assert "No users yet" in plain.stdout


def test_every_problem_is_reported_at_once_roles_included(tmp_path: Path) -> None:
    """A bad role does not hide a bad name or a short password (one message per problem)."""
    data = tmp_path / "data"
    unknown, none_given = many(
        data,
        (("user", "add", "bad name", "--role", "boss", "--role", "chief", "--password-stdin"),
         "elevenchars\n"),
        (("user", "add", "bob", "--password-stdin"), "elevenchars\n"),
    )
    assert unknown.code == 2 and none_given.code == 2
    assert unknown.stderr.splitlines() == [
        "username: use 1 to 64 letters, digits, '.', '_', '-' or '@', starting with a letter "
        "or digit; a space is not allowed (e.g. 'bad.name')",
        "password: must be at least 12 characters long (it has 11)",
        "--role: unknown role 'boss'; the roles are preparer, reviewer, approver, admin",
        "--role: unknown role 'chief'; the roles are preparer, reviewer, approver, admin",
    ]
    assert none_given.stderr.splitlines() == [
        "password: must be at least 12 characters long (it has 11)",
        "--role: give at least one of preparer, reviewer, approver, admin",
    ]
    assert not data.exists()


def test_duplicate_name_and_missing_admin_note(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first, again, admin, listed = many(
        data,
        (("user", "add", "pat", "--role", "preparer", "--password-stdin"), PW + "\n"),
        (("user", "add", "PAT", "--role", "reviewer", "--password-stdin"), PW + "\n"),
        (("user", "add", "ada", "--role", "admin", "--password-stdin"), PW + "\n"),
        (("user", "list", "--json"), ""),
    )
    assert first.code == 0 and "no administrator yet" in first.stderr
    assert again.code == 2 and "username: 'PAT' is already taken" in again.stderr
    assert admin.code == 0 and admin.stderr == ""
    assert [(u["username"], u["roles"]) for u in listed.json()["users"]] == [
        ("ada", ["admin"]), ("pat", ["preparer"])]


def test_list_on_a_folder_without_a_database_creates_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result, plain = many(data, (("user", "list", "--json"), ""), (("user", "list"), ""))
    assert result.code == 0 and result.json() == {"users": []}
    assert "No users yet" in plain.stdout
    assert not data.exists()


def test_no_password_in_the_data_folder_logs_included(tmp_path: Path) -> None:
    """After `user add` (accepted and refused) and failed sign-ins, no file of the data
    folder (database, WAL, logs) holds a password in clear."""
    data = tmp_path / "data"
    secret = "Provisioned-Secret-Words-42"
    short = "Short-Pw-11"
    added, refused = many(
        data, (("user", "add", "ada", "--role", "admin", "--password-stdin"), secret + "\n"),
        (("user", "add", "bob", "--role", "admin", "--password-stdin"), short + "\n"))
    assert (added.code, refused.code) == (0, 2), (added.stderr, refused.stderr)
    # Failed sign-ins (a wrong password, a password typed as the name) in another process.
    script = (
        "import sys\nfrom pathlib import Path\n"
        "from approvals.logging_setup import configure_logging\n"
        "from approvals.paths import DataDir\n"
        "from approvals.services import auth\n"
        "from approvals.store.migrate import open_database\n"
        "d = DataDir(Path(sys.argv[1])).ensure(); configure_logging(d.logs, console=False)\n"
        "db = open_database(d)\n"
        "for name, pw in (('ada', sys.argv[2]), (sys.argv[3], 'x')):\n"
        "    with db.session() as s: print(auth.sign_in(s, username=name, password=pw).status)\n"
        "db.dispose()\n"
    )
    wrong, typed = "Wrong-Guess-Words-77", "Typed-As-Name-Secret-5"
    signed = subprocess.run([sys.executable, "-c", script, str(data), wrong, typed],
                            capture_output=True, text=True, timeout=60)
    assert signed.stdout.split() == ["wrong", "wrong"], signed.stderr
    files = [p for p in data.rglob("*") if p.is_file()]
    assert any(p.parent.name == "logs" for p in files)  # the logs are searched too
    blob = b"".join(p.read_bytes() for p in files)
    for word in (secret, short, wrong, typed):
        for encoding in ("utf-8", "utf-16-le"):
            assert word.encode(encoding) not in blob, (word, encoding)


def test_reserved_name_exits_2(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = run(data, "user", "add", "system", "--role", "admin", "--password-stdin",
                 stdin=PW + "\n")
    assert result.returncode == 2 and "username: 'system' is reserved" in result.stderr


def _stored_hash(data: Path, name: str) -> str:
    import sqlite3

    con = sqlite3.connect(data / "approvals.db")
    try:
        return con.execute("SELECT password_hash FROM users WHERE username = ?",
                           (name,)).fetchone()[0]
    finally:
        con.close()


def test_a_windows_line_ending_is_not_part_of_the_password(tmp_path: Path) -> None:
    """A provisioning file saved on Windows ends its lines with CR LF: the CR must not end
    up in the password, which could then never be typed at the sign-in dialog."""
    from argon2 import PasswordHasher

    data = tmp_path / "data"
    added, bad, listed = many(
        data,
        (("user", "add", "ada", "--role", "admin", "--password-stdin"), PW + "\r\n"),
        # A control character inside the password is refused, naming the field.
        (("user", "add", "bob", "--role", "admin", "--password-stdin"), "correct horse\tbattery\n"),
        (("user", "list", "--json"), ""),
    )
    assert added.code == 0, added.stderr
    assert PasswordHasher().verify(_stored_hash(data, "ada"), PW)
    assert bad.code == 2 and "password: must not contain control characters" in bad.stderr
    assert [u["username"] for u in listed.json()["users"]] == ["ada"]


def test_no_password_in_a_backup_or_a_review_pack(tmp_path: Path) -> None:
    """What leaves the machine: a backup and a review pack (zip files: searched member by
    member, uncompressed) hold no password in clear, nor one mistyped into the name field."""
    import zipfile

    data = tmp_path / "data"
    secret, typed = "Provisioned-Secret-Words-42", "Typed-As-Name-Secret-5"
    [added] = many(data, (("user", "add", "ada", "--role", "admin", "--password-stdin"),
                          secret + "\n"))
    assert added.code == 0
    # Signed in with the password, and with it typed as the name (here: no process needed).
    from approvals.paths import DataDir
    from approvals.services import auth
    from approvals.store.migrate import open_database

    db = open_database(DataDir(data).ensure())
    try:
        for name, pw in (("ada", secret), (typed, "x")):
            with db.session() as s:
                auth.sign_in(s, username=name, password=pw)
    finally:
        db.dispose()
    from tests.conftest import EXAMPLES_DIR

    example = EXAMPLES_DIR / "frontier-lab.json"
    backup, pack = tmp_path / "backup.zip", tmp_path / "review.pack"
    imported, backed_up = many(data, (("case", "import", str(example), "--json"), ""),
                               (("backup", "--out", str(backup)), ""))
    assert imported.code == 0, imported.stderr
    assert backed_up.code == 0, backed_up.stderr
    reference = imported.json()["reference"]
    [exported] = many(data, (("review", "export", reference, "--out", str(pack)), ""))
    assert exported.code == 0, exported.stderr
    for archive in (backup, pack):
        with zipfile.ZipFile(archive) as z:
            members = z.namelist()
            blob = archive.read_bytes() + b"".join(z.read(m) for m in members)
        assert members
        for word in (secret, typed):
            for encoding in ("utf-8", "utf-16-le"):
                assert word.encode(encoding) not in blob, (archive.name, word, encoding)
    with zipfile.ZipFile(backup) as z:
        assert b"$argon2id$" in z.read("approvals.db")  # the hashes travel, for a restore


def test_the_plain_list_shows_a_lock_out(tmp_path: Path) -> None:
    from approvals.paths import DataDir
    from approvals.services import auth
    from approvals.store.migrate import open_database

    data = tmp_path / "data"
    assert run(data, "user", "add", "ada", "--role", "admin", "--password-stdin",
               stdin=PW + "\n").returncode == 0
    db = open_database(DataDir(data))
    try:
        for _ in range(auth.MAX_FAILED_ATTEMPTS):
            with db.session() as s:
                result = auth.sign_in(s, username="ada", password="wrong password!",
                                      purpose="unlock")  # says "locked"; sign-in may not
    finally:
        db.dispose()
    assert result.status == "locked" and result.locked_until
    listed, as_json = many(data, (("user", "list"), ""), (("user", "list", "--json"), ""))
    assert f"locked until {auth.utc_clock_text(result.locked_until)}" in listed.stdout
    assert as_json.json()["users"][0]["locked_until"] == result.locked_until
