"""A pass over the command line against ../shared/spec/cli.md: one way of writing dates in
`deadline`'s text, dates refused with the reason, `key trust` naming what it was given,
oversized JSON files refused before they are read, a conflict in `review decide` as bad
input (exit 2, nothing written), and help with consistent metavars and examples."""

from __future__ import annotations

import json
import shlex
import sqlite3
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.cli import build_parser
from approvals.domain.facts import MAX_JSON_FILE_BYTES, parse_facts
from approvals.paths import DataDir
from approvals.services.case_edit import update_case_facts
from approvals.store.audit import Actor
from approvals.store.migrate import open_database
from approvals.store.models import Case
from tests.cli.helpers import run_many
from tests.conftest import EXAMPLES_DIR
from tests.review_support import open_review_pair, proposal_response

ACTOR = Actor("setup", ("preparer", "reviewer", "approver", "admin"))


def test_deadline_text_writes_every_date_as_the_json_does(tmp_path: Path) -> None:
    plain, rolled = run_many(
        ("deadline", "--calendar", "CN", "--from", "2026-09-24", "--working-days", "15",
         "--data-dir", tmp_path),
        ("deadline", "--calendar", "CN", "--from", "2026-09-24", "--calendar-days", "9",
         "--roll", "--pause", "2026-09-25:2026-09-27", "--data-dir", tmp_path),
    )
    assert plain.stdout == ("15 working days after 2026-09-24 on the CN calendar: "
                            "due 2026-10-22 (Thursday)\n"), plain.stderr
    assert rolled.stdout == ("9 calendar days after 2026-09-24 on the CN calendar: due "
                             "2026-10-08 (Thursday), rolled from 2026-10-05, not a working day "
                             "(National Day — day off in lieu (补休)); 2 calendar days "
                             "not counted while the clock was stopped\n"), rolled.stderr


@pytest.mark.parametrize(("typed", "said"), [
    ("2026-02-30", "'2026-02-30' is not a date (February 2026 has no day 30): use YYYY-MM-DD, "
                   "e.g. 2026-10-22"),
    ("2026/1/2", "'2026/1/2' is not written YYYY-MM-DD: write 2026-01-02"),
    ("10/12/2026", "'10/12/2026' could be 10 December or 12 October: write it YYYY-MM-DD "
                   "(2026-12-10 or 2026-10-12)"),
    ("", "is empty; give a date, YYYY-MM-DD"),
])
def test_a_date_option_is_refused_with_the_reason(tmp_path: Path, typed: str, said: str) -> None:
    facts = EXAMPLES_DIR / "vision-startup.json"
    deadline, pause, screen = run_many(
        ("deadline", "--calendar", "CN", "--from", typed, "--working-days", "3",
         "--data-dir", tmp_path),
        ("deadline", "--calendar", "CN", "--from", "2026-09-24", "--working-days", "3",
         "--pause", f"2026-09-25:{typed}", "--data-dir", tmp_path),
        ("screen", facts, "--as-of", typed, "--data-dir", tmp_path),
    )
    assert (deadline.code, deadline.stdout, deadline.stderr) == (2, "", f"--from: {said}\n")
    assert (screen.code, screen.stdout, screen.stderr) == (2, "", f"--as-of: {said}\n")
    if typed:  # an empty RESUME is "not STOP:RESUME", said before the dates are read
        assert (pause.code, pause.stderr) == (2, f"--pause: {said}\n")
    assert not (tmp_path / "approvals.db").exists()


def test_key_trust_names_the_folder_the_missing_file_or_the_text(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.pub"
    garbage.write_text("not a key at all\n", encoding="utf-8")
    data = tmp_path / "data"
    folder, missing, blank, bad_file = run_many(
        ("key", "trust", tmp_path, "--label", "x", "--data-dir", data),
        ("key", "trust", "reviewer.pub", "--label", "x", "--data-dir", data),
        ("key", "trust", "  ", "--label", "x", "--data-dir", data),
        ("key", "trust", garbage, "--label", "x", "--data-dir", data),
    )
    assert folder.code == 2 and folder.stderr == (
        f"{tmp_path}: is a folder; give the public key file `approvals key export` wrote, "
        "or the key's text\n")
    assert missing.code == 2 and missing.stderr == (
        "FILE|KEY: 'reviewer.pub' is no file here, nor a public key's text (the public key "
        "is not valid base64)\n")
    assert blank.code == 2 and blank.stderr.startswith("FILE|KEY: is empty;")
    assert bad_file.code == 2 and bad_file.stderr == (
        f"{garbage}: the public key is not valid base64; give the file `approvals key "
        "export` wrote\n")
    assert not data.exists()


def test_a_json_file_far_too_large_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "disk-image.json"
    with huge.open("wb") as file:  # sparse: no disk space used
        file.truncate(MAX_JSON_FILE_BYTES + 1)
    data = tmp_path / "data"
    screened, imported, particulars = run_many(
        ("screen", huge, "--data-dir", data),
        ("case", "import", huge, "--data-dir", data),
        ("filing", "particulars", huge, "--data-dir", data),
    )
    for result in (screened, imported, particulars):
        assert result.code == 2 and result.stdout == ""
        assert result.stderr == (f"{huge}: is 16.0 MB, too large for a JSON file of facts or "
                                 "particulars (a few kilobytes; at most 16.0 MB is read): is "
                                 "it the right file?\n")
    assert not data.exists()


def _audit_events(data: Path) -> int:
    conn = sqlite3.connect(data / "approvals.db")
    try:
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        conn.close()


def test_a_conflict_in_review_decide_is_bad_input_and_writes_nothing(tmp_path: Path) -> None:
    """The contract's 2 is input the user must change: a conflict is accepted only with
    --override-conflict (or the proposal rejected); running the same command again fails
    again. Exit 1 is for a check of stored data (a chain, a pack) or a busy database."""
    a_dir = DataDir(tmp_path / "A").ensure()
    a_db = open_database(a_dir)
    try:
        pair = open_review_pair(tmp_path, a_dir, a_db)
        response = proposal_response(pair, tmp_path / "response.zip", value=4)
        with a_db.session() as s:
            case = s.exec(select(Case).where(Case.reference == pair.reference)).one()
            facts = json.loads(case.facts)
            facts["deal"]["board_seats"] = 7
            update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                              new_facts=parse_facts(facts), actor=ACTOR)
    finally:
        a_db.dispose()
    data = tmp_path / "A"
    imported, listed = run_many(("review", "import", response, "--data-dir", data),
                                ("review", "proposals", "--json", "--data-dir", data))
    assert imported.code == 0, imported.stderr
    proposal = str(listed.json()["proposals"][0]["id"])
    events = _audit_events(data)
    [conflict] = run_many(("review", "decide", proposal, "accept", "--data-dir", data))
    assert (conflict.code, conflict.stdout) == (2, "")
    assert conflict.stderr.startswith(
        f"Board seats (Deal) [deal.board_seats] of {pair.reference} changed since")
    assert conflict.stderr.count("\n") == 1
    assert conflict.stderr.endswith(
        "reviewer rita (Reviewer laptop) proposes 4. To accept it over the current value, run "
        "the command again with --override-conflict; to keep the current value, `approvals "
        f"review decide {proposal} reject`.\n")
    assert _audit_events(data) == events  # nothing written
    rejected, again = run_many(
        ("review", "decide", proposal, "reject", "--reason", "kept ours", "--data-dir", data),
        ("review", "decide", proposal, "accept", "--data-dir", data),
    )
    assert rejected.code == 0, rejected.stderr
    # Decided already: the same refusal of a request the state does not allow.
    assert (again.code, again.stdout) == (2, "")
    assert again.stderr.startswith(f"Proposed change {proposal} was already rejected")


def _subparsers(parser) -> dict[str, object]:
    import argparse

    found = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[f"{parser.prog} {name}".removeprefix("approvals ")] = sub
                found.update(_subparsers(sub))
    return found


def test_help_names_a_case_and_free_text_one_way_and_its_examples_parse() -> None:
    parser = build_parser()
    commands = {"": parser, **_subparsers(parser)}
    for name, sub in commands.items():
        text = sub.format_help()
        # A case is CASE_REF wherever it is taken; free text is TEXT, never REASON or LABEL.
        for odd in (" REF\n", " REF ", "REASON ", "REASONS", "LABEL", "{accept,reject}"):
            assert odd not in text.replace("CASE_REF", ""), (name, odd)
        if "Examples:" in text:
            lines = text.split("Examples:\n", 1)[1].splitlines()
            for line in filter(None, lines):
                words = shlex.split(line.strip().split(" < ")[0])
                if words[0] != "approvals":  # `cat facts.json | approvals screen ...`
                    words = words[words.index("approvals"):]
                args = parser.parse_args(words[1:])
                assert args.handler is not None, line
    assert "130 interrupted (Ctrl+C)" in " ".join(parser.format_help().split())
    assert "Examples:" in commands["deadline"].format_help()
    assert "Examples:" in commands["review decide"].format_help()
    assert "pack (sign), install" in commands["rulebook"].format_help()


def test_a_count_that_is_no_whole_number_is_said_in_words(tmp_path: Path) -> None:
    days, keep = run_many(
        ("deadline", "--calendar", "CN", "--from", "2026-09-24", "--working-days", "1e3",
         "--data-dir", tmp_path),
        ("backup", "--keep", "x", "--data-dir", tmp_path),
    )
    assert days.code == 2 and days.stderr == (
        "--working-days: '1e3' is not a whole number (e.g. 15)\n"), days.stderr
    assert keep.code == 2 and keep.stderr.endswith(
        "error: argument --keep: 'x' is not a whole number (e.g. 15)\n")
    assert "invalid int value" not in days.stderr + keep.stderr


def test_every_bad_deadline_argument_is_said_at_once(tmp_path: Path) -> None:
    """The contract: one message per problem. argparse stopped at the first bad count or
    calendar, and the bad --from beside it was never mentioned."""
    (bad,) = run_many(("deadline", "--calendar", "XX", "--from", "2026-02-30",
                       "--working-days", "abc", "--data-dir", tmp_path),)
    assert bad.code == 2 and bad.stdout == ""
    assert bad.stderr.splitlines() == [
        "--calendar: 'XX' is not a calendar here: choose CN or US",
        "--from: '2026-02-30' is not a date (February 2026 has no day 30): use YYYY-MM-DD, "
        "e.g. 2026-10-22",
        "--working-days: 'abc' is not a whole number (e.g. 15)",
    ]
    (lower,) = run_many(("deadline", "--calendar", " us ", "--from", "2026-10-03",
                         "--calendar-days", "7", "--data-dir", tmp_path),)
    assert lower.code == 0 and "on the US calendar" in lower.stdout, lower


@pytest.mark.parametrize("command", [("restore", "--check"), ("review", "import"),
                                     ("rulebook", "install"), ("filing", "check")])
def test_a_file_this_user_may_not_read_is_named_not_called_damaged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        command: tuple[str, str]) -> None:
    """A backup, pack or update the user may not read was "damaged or truncated: copy it
    again" (exit 1). Run in-process: the tests may run as root, who may read any file."""
    from approvals.cli import main

    locked = tmp_path / "locked.zip"
    locked.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip: readable, it would pass
    real_open = Path.open

    def refusing_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self.name == locked.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing_open)
    group, sub, *rest = (*command, str(locked)) if command[1] != "--check" else \
        ("restore", str(locked), "--check")
    code = main([group, sub, *rest, "--data-dir", str(tmp_path / "data")])
    said = capsys.readouterr()
    assert (code, said.out) == (2, "")
    assert said.err == f"{locked}: cannot be read (Permission denied)\n"
    assert not (tmp_path / "data").exists()


def test_review_export_names_every_reference_that_is_no_case(demo_data: Path,
                                                            tmp_path: Path) -> None:
    events = _audit_events(demo_data)
    [refused] = run_many(("review", "export", "AP-2026-0001", "AP-2026-0099", "ap-2026-0098",
                          "AP-2026-0099", "--out", tmp_path / "pack.zip", "--data-dir",
                          demo_data))
    assert (refused.code, refused.stdout) == (2, "")
    assert refused.stderr == "There is no case AP-2026-0099.\nThere is no case AP-2026-0098.\n"
    assert not (tmp_path / "pack.zip").exists() and _audit_events(demo_data) == events


def test_screen_says_a_wrong_date_and_a_wrong_facts_file_at_once(tmp_path: Path) -> None:
    broken = tmp_path / "facts.json"
    broken.write_text('{"schema_version": "1.0",', encoding="utf-8")
    [both] = run_many(("screen", broken, "--as-of", "2026-13-01", "--data-dir", tmp_path))
    assert (both.code, both.stdout) == (2, "")
    lines = both.stderr.splitlines()
    assert lines[0].startswith("--as-of: '2026-13-01' is not a date (there is no month 13)")
    assert len(lines) == 2 and lines[1].startswith(f"{broken}:1:")


def test_key_trust_refuses_a_large_file_without_reading_it(tmp_path: Path) -> None:
    image = tmp_path / "disk.img"
    with image.open("wb") as file:  # sparse
        file.truncate(5_000_000)
    [refused] = run_many(("key", "trust", image, "--label", "x", "--data-dir", tmp_path / "d"))
    assert (refused.code, refused.stdout) == (2, "")
    assert refused.stderr == (f"{image}: is 5.0 MB, not a public key file (one line); give "
                              "the file `approvals key export` wrote\n")


def test_a_key_made_for_a_folder_without_data_is_said(tmp_path: Path) -> None:
    """`key show --data-dir` with a mistyped folder printed a new key's fingerprint as if it
    were the office's; the second time the key is the folder's and nothing more is said."""
    typo = tmp_path / "approvlas"
    first, again, exported = run_many(("key", "show", "--json", "--data-dir", typo),
                                      ("key", "show", "--json", "--data-dir", typo),
                                      ("key", "export", "--out", tmp_path / "k.pub",
                                       "--data-dir", tmp_path / "other"))
    assert first.code == 0 and first.json()["fingerprint"] == again.json()["fingerprint"]
    assert first.stderr == (f"note: {typo} held no Approvals data: this is a new installation "
                            "key, made just now. If you meant the key of the data folder you "
                            "work in, give that folder with --data-dir.\n")
    assert (again.code, again.stderr) == (0, "")
    assert exported.code == 0 and exported.stderr.startswith(f"note: {tmp_path / 'other'} held")


def test_every_command_writing_out_says_it_replaced_a_file(demo_data: Path,
                                                          tmp_path: Path) -> None:
    """`backup` and `review export` said "It replaced the earlier file X there."; the
    other commands that write --out replaced a file without a word."""
    pdf, csv, cases, key = (tmp_path / n for n in ("s.pdf", "a.csv", "c.csv", "k.pub"))
    for old in (pdf, csv, cases, key):
        old.write_bytes(b"an earlier file")
    results = run_many(
        ("filing", "render", "AP-2026-0002", "--kind", "status-report", "--out", pdf,
         "--data-dir", demo_data),
        ("audit", "export", "--out", csv, "--data-dir", demo_data),
        ("case", "export", "--out", cases, "--data-dir", demo_data),
        ("key", "export", "--out", key, "--data-dir", demo_data),
        ("case", "export", "--out", tmp_path / "new.csv", "--data-dir", demo_data),
    )
    for result, file in zip(results, (pdf, csv, cases, key), strict=False):
        assert result.code == 0, result.stderr
        assert result.stdout.endswith(f"It replaced the earlier file {file.name} there.\n")
    assert "replaced" not in results[-1].stdout


def test_a_password_on_standard_input_is_read_no_further_than_a_password(
        tmp_path: Path) -> None:
    """`user add … --password-stdin < /dev/zero` read without end (5 GB in 20 s)."""
    from approvals.services.auth import MAX_PASSWORD_LENGTH

    endless = "x" * (MAX_PASSWORD_LENGTH * 50)  # no line end: a file of no lines
    [refused] = run_many((("user", "add", "zed", "--role", "admin", "--password-stdin",
                           "--data-dir", tmp_path / "d"), endless))
    assert (refused.code, refused.stdout) == (2, "")
    assert refused.stderr == (f"password: must be at most {MAX_PASSWORD_LENGTH} characters "
                              "long (the first line of standard input has more); a passphrase "
                              "of a few words is plenty\n")
    assert not (tmp_path / "d").exists()
