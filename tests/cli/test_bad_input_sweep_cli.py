"""An adversarial sweep of the command-line contract (../shared/spec/cli.md): for inputs
the other CLI tests do not try (files no reader expects, repeated options, --out inside
the data folder, a database file of another program, passwords that are not clean text),
every command answers with its exit code, no traceback, a message naming the input and
saying what is wrong, clean stdout under --json, and nothing written.

Most cases run in one process each batch (helpers.run_many); the few that depend on the
real process's own standard input run as a real subprocess."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.cli.helpers import Result, clean_refusal, json_files, run_many
from tests.conftest import EXAMPLES_DIR

FRONTIER = EXAMPLES_DIR / "frontier-lab.json"
PW = "correct horse battery staple"
GROUP = "must be a group of fields in braces {…}"  # an object, in words


def _facts_with(old: str, new: str) -> str:
    text = FRONTIER.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under `folder` with its bytes (None for a folder)."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def test_facts_files_no_reader_expects_are_named_not_internal_errors(tmp_path: Path) -> None:
    """Deep nesting (the decoder's recursion limit), an empty file, a whole document of
    the wrong kind and huge wrong values: each is bad input naming the file or field,
    never "internal error" or a flood of the file's contents on the terminal. (A number
    too long for Python to convert: test_cli22_bad_input_places.)"""
    files = {
        "deep-array": "[" * 100_000 + "]" * 100_000,
        "deep-object": '{"a":' * 50_000 + "1" + "}" * 50_000,
        "empty": "",
        "bom-only": "\ufeff\n",
        "array": json.dumps(list(range(20_000))),
        "scalar": "42",
        "array-as-name": _facts_with('"Example Frontier Intelligence Co., Ltd."',
                                     json.dumps(list(range(20_000)))),
        "long-activity": _facts_with('"ai_model_development"', json.dumps("x" * 20_000)),
        # Valid JSON, but half a UTF-16 pair: no file or database can hold the text.
        "half-pair": _facts_with('"Example Frontier Intelligence Co., Ltd."', '"Lab \\ud800"'),
    }
    paths = json_files(tmp_path, files)
    data = tmp_path / "data"
    results = dict(zip(files, run_many(*(("screen", p, "--json") for p in paths.values())),
                       strict=True))
    imported = run_many(*(("case", "import", paths[name], "--json", "--data-dir", data)
                          for name in ("deep-array", "array")),
                        ("filing", "particulars", paths["deep-object"], "--data-dir", data))

    deep = "arrays or objects are nested too deeply to be read"
    clean_refusal(results["deep-array"], f"{paths['deep-array']}: {deep}")
    clean_refusal(results["deep-object"], f"{paths['deep-object']}: {deep}")
    for name in ("empty", "bom-only"):
        clean_refusal(results[name], f"{paths[name]}: is empty; expected a JSON document")
    # The whole document wrong: the file is named, and the array is not echoed.
    clean_refusal(results["array"], f"{paths['array']}: {GROUP} (got a list)")
    clean_refusal(results["scalar"], f"{paths['scalar']}: {GROUP} (got 42)")
    clean_refusal(results["array-as-name"], "target.name_en: must be text in quotes (got a list)")
    refused = results["long-activity"]
    assert refused.code == 2 and refused.stdout == "" and len(refused.stderr) < 1000, refused
    assert refused.stderr.startswith('target.activities[0]: "xxxxx') and "…" in refused.stderr

    clean_refusal(results["half-pair"], "target.name_en: contains an invalid character "
                                         "(U+D800) at character 5, which cannot be printed; "
                                         "delete it from the file")

    clean_refusal(imported[0], f"{paths['deep-array']}: {deep}")
    clean_refusal(imported[1], f"{paths['array']}: {GROUP} (got a list)")
    clean_refusal(imported[2], f"{paths['deep-object']}: {deep}")
    assert not data.exists()


def test_an_option_given_twice_with_different_values_is_a_usage_error(tmp_path: Path) -> None:
    """`--working-days 5 ... --working-days 6` (a script that appends options, a pasted
    line) was answered for the last value without a word; the same value twice is fine."""
    a, b = tmp_path / "a", tmp_path / "b"
    dl = ("deadline", "--calendar", "CN", "--from", "2026-09-24")
    days, as_of, kind, data_dir, around, same, overlapping, endless, long_stop = run_many(
        (*dl, "--working-days", "5", "--json", "--working-days", "6"),
        ("screen", FRONTIER, "--as-of", "2026-01-01", "--json", "--as-of", "2026-06-01"),
        ("filing", "render", "AP-2026-0001", "--kind", "status-report", "--kind",
         "cn-application", "--out", tmp_path / "x.pdf", "--data-dir", a),
        ("case", "import", FRONTIER, "--data-dir", a, "--data-dir", b),
        # Before and after the command: parsed apart, the command's copied over the other.
        ("--data-dir", a, "case", "import", FRONTIER, "--json", "--data-dir", b),
        (*dl, "--calendar", "CN", "--working-days", "5", "--working-days", "5", "--json"),
        # --pause is repeatable: overlapping pauses stop the clock once for each day.
        ("deadline", "--calendar", "CN", "--from", "2026-09-24", "--calendar-days", "10",
         "--pause", "2026-09-25:2026-09-30", "--pause", "2026-09-28:2026-10-02", "--json"),
        # A pause to the end of the calendar: the start was blamed alone.
        ("deadline", "--calendar", "US", "--from", "9999-12-01", "--calendar-days", "20",
         "--pause", "9999-12-02:9999-12-30", "--json"),
        # A stop of millennia: refused at once (it took seconds of counting estimated years).
        (*dl, "--working-days", "5", "--pause", "2026-09-23:9999-12-31", "--json"),
    )
    for result, command, option, values in (
            (days, "deadline", "--working-days", "5 and 6"),
            (as_of, "screen", "--as-of", "2026-01-01 and 2026-06-01"),
            (kind, "filing render", "--kind", "status-report and cn-application"),
            (data_dir, "case import", "--data-dir", f"{a} and {b}"),
            (around, "case import", "--data-dir", f"{a} and {b}")):
        assert (result.code, result.stdout) == (2, ""), result
        assert result.stderr.startswith(f"usage: approvals {command} "), result.stderr
        assert result.stderr.splitlines()[-1] == (
            f"approvals {command}: error: argument {option}: given twice ({values}); "
            "give it once")
    assert same.code == 0 and same.json()["due"] == "2026-10-09", same
    assert overlapping.code == 0, overlapping  # 26 Sep to 2 Oct paused: 7 days, not 9
    assert (overlapping.json()["paused_days"], overlapping.json()["due"]) == (7, "2026-10-11")
    clean_refusal(endless, "--from: 9999-12-01: a period of 20 calendar days from this date "
                            "would end after 9999-12-31, the last day of the calendar (the "
                            "--pause days added)")
    clean_refusal(long_stop, "--pause: '2026-09-23:9999-12-31': a stop of 2,912,177 days is "
                              "more than 3,660 (ten years)")
    assert not a.exists() and not b.exists() and not (tmp_path / "x.pdf").exists()


def test_out_inside_the_data_folder_is_refused_before_it_replaces_the_apps_files(
        tmp_path: Path) -> None:
    """`backup --out DATA/approvals.db` wrote the backup's zip over the live database;
    a PDF over its journal, a CSV over the audit anchor, a key file over the key: each
    is now refused naming --out, and the folder is byte for byte as it was. A file in the
    folder's backups/ is still allowed."""
    data = tmp_path / "data"
    (imported,) = run_many(("case", "import", FRONTIER, "--data-dir", data))
    assert imported.code == 0, imported
    before = _tree(data)
    targets = [data / "approvals.db", data / "approvals.db-wal", data / "audit-anchor.json",
               data / "keys" / "installation_ed25519.pub", data / "new.zip",
               data / "documents" / "x.csv"]
    d = ("--data-dir", data)
    results = run_many(
        ("backup", "--out", targets[0], "--json", *d),
        ("filing", "render", "AP-2026-0001", "--kind", "status-report", "--out", targets[1], *d),
        ("audit", "export", "--out", targets[2], "--json", *d),
        ("key", "export", "--out", targets[3], *d),
        ("review", "export", "AP-2026-0001", "--no-drafts", "--out", targets[4], *d),
        ("case", "export", "--out", targets[5], *d),
        ("backup", "--out", "", *d),
        ("filing", "render", "AP-2026-0001", "--kind", "status-report", "--out", " ", *d),
        # A file name of bytes that are not UTF-8 (as Linux passes "x\xff.zip"): the
        # backup or pack got half way and failed recording it, an internal error.
        ("backup", "--out", tmp_path / "x\udcff.zip", *d),
        ("review", "export", "AP-2026-0001", "--no-drafts", "--out", tmp_path / "x\udcff.zip", *d),
    )
    for target, result in zip(targets, results, strict=False):
        clean_refusal(result, f"--out: {target} is inside the data folder {data}, where it "
                               "could replace the app's own files; write it elsewhere (or in "
                               "its backups folder)")
    for result in results[len(targets):len(targets) + 2]:
        clean_refusal(result, "--out: is empty; name the file to write")
    for result in results[len(targets) + 2:]:
        clean_refusal(result, f"--out: {tmp_path}/x\\xff.zip: the name is not UTF-8 text; "
                               "choose another name")
    assert _tree(data) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]

    (kept,) = run_many(("backup", "--out", data / "backups" / "manual.zip", "--json", *d))
    assert kept.code == 0 and kept.json()["file"] == str(data / "backups" / "manual.zip"), kept

    # Restoring a backup whose name is not UTF-8 swapped the data in, then failed to record
    # the restore: an internal error, a restore left in progress and a cut audit trail.
    odd = tmp_path / "g\udcff.zip"
    odd.write_bytes((data / "backups" / "manual.zip").read_bytes())
    before = _tree(data)
    restored, verified = run_many(("restore", odd, *d), ("audit", "verify", *d))
    clean_refusal(restored, f"{tmp_path}/g\\xff.zip: the file name is not UTF-8 text; "
                             "rename the file")
    assert verified.code == 0, verified
    after = _tree(data)
    after.pop("logs/approvals.log"), before.pop("logs/approvals.log")  # audit verify's
    assert after == before


def _other_programs_database(path: Path) -> None:
    path.parent.mkdir()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ada')")
    conn.commit()
    conn.close()


def test_a_database_file_that_is_no_approvals_database_is_left_alone(tmp_path: Path) -> None:
    """Another program's SQLite file as approvals.db had this app's tables added to it
    (an "upgrade" from no revision); a folder as approvals.db was reported as a failed
    integrity check with advice to restore a backup. Both are now bad input naming the
    file, for every command that opens the database or restores into the folder, and
    nothing is written (not even the data folder's sub-folders). A database of a newer
    version is left as it was; an empty approvals.db is no database to look at."""
    other, folder, newer = tmp_path / "other", tmp_path / "folder", tmp_path / "newer"
    _other_programs_database(other / "approvals.db")
    (folder / "approvals.db").mkdir(parents=True)
    good = tmp_path / "good.zip"
    made, backed_up = run_many(("case", "import", FRONTIER, "--data-dir", newer),
                               ("backup", "--out", good, "--data-dir", newer))
    assert made.code == 0 and backed_up.code == 0, (made, backed_up)
    with sqlite3.connect(newer / "approvals.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.close()
    befores = {root: _tree(root) for root in (other, folder, newer)}
    commands = [
        ("case", "list", "--json"), ("case", "import", FRONTIER, "--json"), ("user", "list"),
        ("audit", "verify"), ("demo",),
        ("deadline", "--calendar", "CN", "--from", "2026-09-24", "--working-days", "5"),
        ("backup", "--out", tmp_path / "b.zip"),
        (("user", "add", "olivia", "--role", "admin", "--password-stdin"), PW + "\n"),
    ]

    # A restore would have moved the other program's file aside (breaking that program),
    # and failed on the folder with an internal error.
    restore = ("restore", good, "--json")
    per_root = {other: [*commands, restore], folder: [*commands, restore], newer: commands}
    results = run_many(*(((*c[0], "--data-dir", root), c[1]) if isinstance(c[0], tuple)
                         else (*c, "--data-dir", root)
                         for root, calls in per_root.items() for c in calls))
    n = len(commands) + 1
    for result in results[:n]:
        clean_refusal(result, f"{other / 'approvals.db'}: is not an Approvals database (it "
                               "holds another program's tables: contacts); it was left as it "
                               "was; choose another data folder")
    for result in results[n:2 * n]:
        clean_refusal(result, f"{folder / 'approvals.db'}: is a folder, not the database "
                               "file; choose another data folder")
    for result in results[2 * n:]:
        assert (result.code, result.stdout) == (1, ""), result
        assert "was written by a newer version of Approvals (schema revision 0099" in result.stderr
        assert "Traceback" not in result.stderr
    # An empty approvals.db holds no database: looking at it (or counting days) created
    # one, with the folder's sub-folders; a backup of it was "a backup" of nothing.
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "approvals.db").write_bytes(b"")
    befores[empty] = _tree(empty)
    listed, users, verified, days, backup = run_many(
        *((*c, "--data-dir", empty) for c in (commands[0], ("user", "list", "--json"),
                                               commands[3], commands[5], commands[6])))
    assert listed.code == 0 and listed.json() == {"cases": []}, listed
    assert users.code == 0 and users.json() == {"users": []}, users
    assert verified.code == 0 and "0 events checked" in verified.stdout, verified
    assert days.code == 0 and "due 2026-10-09" in days.stdout, days
    clean_refusal(backup, f"{empty}: holds no database: nothing to back up")
    for root, before in befores.items():
        after = _tree(root)
        if root == newer:  # exit 1 (not bad input): the log says what was refused
            after.pop("logs/approvals.log")
            before.pop("logs/approvals.log")
        assert after == before, root
    assert not (tmp_path / "b.zip").exists()


def test_passwords_on_stdin_that_are_not_clean_text(tmp_path: Path) -> None:
    """Bytes that are not UTF-8, on stdin or as an argument, were an internal error (exit
    1); a byte-order mark (a file saved by Windows Notepad) became part of the password,
    which then could never be typed at the sign-in dialog."""
    from argon2 import PasswordHasher

    data = tmp_path / "data"
    proc = subprocess.run(
        [sys.executable, "-m", "approvals", "user", "add", "ada", "--role", "admin",
         "--password-stdin", "--data-dir", str(data)],
        input=b"caf\xe9 au lait, no sugar\n", capture_output=True, timeout=60)
    clean_refusal(Result(proc.returncode, proc.stdout.decode(), proc.stderr.decode()),
                   "--password-stdin: standard input is not text in this system's encoding "
                   "(UTF-8); save the password as UTF-8")
    assert not data.exists()

    # Arguments of such bytes (Linux passes them as they are): the display name reached
    # the database and failed there, an internal error. Each is named; nothing is created.
    display, role, nothing = run_many(
        (("user", "add", "ada", "--role", "admin", "--display-name", "Ad\udcffa",
          "--password-stdin", "--data-dir", data), PW + "\n"),
        (("user", "add", "ad\udce9", "--role", "admin", "--role", "\udcff", "--password-stdin",
          "--data-dir", data), PW + "\n"),
        # No input at all (`< /dev/null`): said so (was "at least 12 characters (it has
        # 0)"), with the other problems.
        (("user", "add", "ada", "--role", "boss", "--password-stdin", "--data-dir", data), ""))
    clean_refusal(display, "--display-name: 'Ad\\xffa' is not UTF-8 text; type it again")
    clean_refusal(role, ["NAME: 'ad\\xe9' is not UTF-8 text; type it again",
                          "--role: '\\xff' is not UTF-8 text; type it again"])
    clean_refusal(nothing, ["--password-stdin: standard input is empty; give the password on "
                             "its first line",
                             "--role: unknown role 'boss'; the roles are preparer, reviewer, "
                             "approver, admin"])
    assert not data.exists()

    added, = run_many(
        (("user", "add", "bob", "--role", "admin", "--password-stdin", "--data-dir", data),
         "\ufeff" + PW + "\r\n"))
    assert added.code == 0, added
    conn = sqlite3.connect(data / "approvals.db")
    try:
        (stored,) = conn.execute("SELECT password_hash FROM users WHERE username = 'bob'").fetchone()
    finally:
        conn.close()
    assert PasswordHasher().verify(stored, PW)


def test_empty_references_unknown_actions_and_odd_values(tmp_path: Path) -> None:
    """Smaller holes: an empty CASE_REF ("There is no case ."), `review proposals` with
    no case on a new folder ("There is no case None."), two unknown --action values (an
    internal error), a NaN or too deeply nested value proposed for a field (read as a
    number / an internal error), a data folder name the file system refuses (an internal
    error from every command, `deadline` included), a pipe or device as a file."""
    data = tmp_path / "data"
    new = tmp_path / "new"
    too_long = str(tmp_path / ("x" * 300))
    (made,) = run_many(("case", "import", FRONTIER, "--data-dir", data))
    assert made.code == 0, made
    d = ("--data-dir", data)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    binary_key = tmp_path / "key.pub"
    binary_key.write_bytes(b"\xff\xfeapprovals-ed25519")
    render, regime, export, audit_case, proposals, actions, nan, deep, *rest = run_many(
        ("filing", "render", "", "--kind", "status-report", "--out", tmp_path / "x.pdf", *d),
        ("filing", "render", "AP-2026-0001", "--kind", "status-report", "--regime", "XX",
         "--out", tmp_path / "x.pdf", *d),
        ("review", "export", "AP-2026-0001", " ", "--out", tmp_path / "x.zip", "--json", *d),
        ("audit", "export", "--case", "", "--out", tmp_path / "x.csv", *d),
        ("review", "proposals", "--json", "--data-dir", new),
        ("audit", "export", "--action", "bogus", "--action", "nonsense", "--out",
         tmp_path / "y.csv", *d),
        ("review", "propose", "1855e389", "AP-2026-0001", "deal.amount.value", "NaN", *d),
        ("review", "propose", "1855e389", "AP-2026-0001", "deal.amount.value",
         "[" * 100_000 + "]" * 100_000, *d),
        ("case", "list", "--json", "--data-dir", too_long),
        ("deadline", "--calendar", "US", "--from", "2026-01-05", "--working-days", "3",
         "--json", "--data-dir", too_long),
        ("case", "import", FRONTIER, "--json", "--data-dir", too_long),
        # A pipe as --out blocked the check for ever; /dev/stdout (a link to a pipe or
        # terminal) would have been replaced by a regular file. As input: "file not found".
        ("backup", "--out", pipe, *d),
        ("filing", "render", "AP-2026-0001", "--kind", "status-report", "--out", pipe, *d),
        ("backup", "--out", "/dev/stdout", *d),
        ("restore", pipe, *d),
        ("review", "import", "/dev/null", *d),
        # Not a zip at all: refused as a damaged pack or backup would be (exit 1).
        ("review", "import", FRONTIER, "--json", *d),
        ("restore", FRONTIER, "--json", *d),
        # An id beyond SQLite's integers overflowed at the database: an internal error.
        ("review", "decide", "9" * 30, "accept", *d),
        # Python's codec words ("'ascii' codec can't decode byte 0xff in position 0").
        ("key", "trust", binary_key, *d),
    )
    long_dir, pipes, not_zip, (big_id, key) = rest[:3], rest[3:8], rest[8:10], rest[10:]
    empty = "is empty; give a case reference, e.g. AP-2026-0001"
    clean_refusal(render, f"CASE_REF: {empty}")
    clean_refusal(regime, "--regime: XX is not a regime's code; the codes are CN-US-CAPITAL, "
                          "CN-FISR, CN-NEGATIVE-LIST, CN-TECH-EXPORT, CN-DATA-EXPORT, CN-SAMR, US-OISP")
    clean_refusal(export, f"CASE_REF: {empty}")
    clean_refusal(audit_case, f"--case: {empty}")
    assert proposals.code == 0 and proposals.json() == {"proposals": [], "recommendations": []}
    clean_refusal(actions, ["--action: 'bogus' is no action the trail records",
                             "--action: 'nonsense' is no action the trail records"])
    clean_refusal(nan, "deal.amount.value: the value cannot be used: NaN is not a number "
                        "JSON allows")
    clean_refusal(deep, "deal.amount.value: the value's arrays or objects are nested too deeply")
    for result in long_dir:  # the reason in the file system's words
        assert (result.code, result.stdout, len(result.stderr.splitlines())) == (2, "", 1), result
        assert result.stderr.startswith(f"{too_long}: cannot be used as the data folder (")
    special = "is not a regular file (a device, pipe or terminal)"
    for result, path in zip(pipes[:3], (pipe, pipe, "/dev/stdout"), strict=True):
        clean_refusal(result, f"--out: {path} {special}; give a file name")
    clean_refusal(pipes[3], f"{pipe}: {special}; give the backup file")
    clean_refusal(pipes[4], f"/dev/null: {special}; give the pack file")
    assert pipe.is_fifo()
    assert (big_id.code, big_id.stdout) == (2, ""), big_id
    assert big_id.stderr.splitlines()[-1] == (f"approvals review decide: error: argument "
                                              f"PROPOSAL_ID: {'9' * 30} is no id (ids are whole "
                                              "numbers from 1)")
    clean_refusal(key, f"{binary_key}: is not a public key file (byte 1 is not plain text); "
                        "give the file `approvals key export` wrote")
    for result in not_zip:  # the words are the pack's and the backup's own
        assert (result.code, result.stdout, len(result.stderr.splitlines())) == (1, "", 1), result
        assert "frontier-lab.json" in result.stderr and "not a readable" in result.stderr
        assert "Nothing was changed." in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "key.pub", "pipe"]  # nothing new
