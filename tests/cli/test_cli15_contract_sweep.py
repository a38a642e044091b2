"""Line-by-line findings of the command-line contract check (../shared/spec/cli.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run_many
from tests.conftest import EXAMPLES_DIR


def test_audit_verify_says_which_folder_held_nothing_to_check(tmp_path: Path) -> None:
    """A scheduled `audit verify --data-dir` with a mistyped folder said "Audit trail
    intact: 0 events checked." alone: a trail checked and found intact. It names the
    folder as `case list` and `user list` do, and still creates nothing (exit 0: an empty
    chain is intact)."""
    never = tmp_path / "aprovals"
    verified, listed = run_many(("audit", "verify", "--data-dir", never),
                                ("case", "list", "--data-dir", never))
    assert (verified.code, verified.stderr) == (0, ""), verified
    assert verified.stdout == (f"Audit trail intact: 0 events checked. {never} holds no "
                               "Approvals database (is the data folder right?).\n")
    assert f"{never} holds no Approvals database (is the data folder right?)." in listed.stdout
    assert not never.exists()


def test_backup_keep_is_at_most_what_the_app_shows(tmp_path: Path) -> None:
    """`backup --keep N` took any number: the app's Security settings dialog (its spin box
    goes to 1,000) failed on one beyond 2**31 and saved 1,000 over a larger one with any
    other setting. Above 1,000 is bad input (nothing written), 1,000 itself is taken, and
    a larger value stored before is read as 1,000."""
    from approvals.paths import DataDir
    from approvals.services.backup import MAX_KEEP, SETTING_KEEP, backup_keep
    from approvals.store.migrate import open_database
    from approvals.store.settings import put_setting

    data = tmp_path / "data"
    made, huge, over, over_out, most = run_many(
        ("case", "import", EXAMPLES_DIR / "vision-startup.json", "--data-dir", data),
        ("backup", "--keep", "99999999999", "--data-dir", data),
        ("backup", "--keep", "1001", "--data-dir", data),
        ("backup", "--keep", "1001", "--out", tmp_path / "b.zip", "--data-dir", data),
        ("backup", "--keep", "1000", "--json", "--data-dir", data),
    )
    assert made.code == 0, made
    assert (huge.code, huge.stdout, huge.stderr) == (
        2, "", "--keep: 99999999999 is more than 1,000, the most automatic backups kept\n")
    assert (over.code, over.stderr) == (
        2, "--keep: 1001 is more than 1,000, the most automatic backups kept\n")
    assert over_out.code == 2 and not (tmp_path / "b.zip").exists()
    assert (most.code, most.json()) == (0, {"backup_keep": 1000}), most
    db = open_database(DataDir(data))
    try:
        with db.session() as session:
            assert backup_keep(session) == MAX_KEEP == 1000
            put_setting(session, SETTING_KEEP, 5000)  # as an earlier version stored it
        with db.session() as session:
            assert backup_keep(session) == MAX_KEEP
    finally:
        db.dispose()


def test_the_service_refuses_more_backups_kept_than_the_app_shows(tmp_path: Path) -> None:
    """The same limit where the app saves it (services.backup.set_backup_keep)."""
    from approvals.domain.errors import InputError
    from approvals.paths import DataDir
    from approvals.services.backup import backup_keep, set_backup_keep
    from approvals.store.migrate import open_database
    from tests.unit.test_backup import ROOT

    db = open_database(DataDir(tmp_path / "data").ensure())
    try:
        with db.session() as session, pytest.raises(InputError) as refused:
            set_backup_keep(session, keep=1001, actor=ROOT)
        assert [str(p) for p in refused.value.problems] == ["backup_keep: keep at most 1,000 "
                                                           "backups"]
        with db.session() as session:
            assert backup_keep(session) == 7  # unchanged: the default
    finally:
        db.dispose()


def test_a_data_folder_whose_name_is_not_utf8_is_refused_first(tmp_path: Path) -> None:
    """Linux allows any bytes in a folder's name; the database and the audit trail record
    paths in the data folder. `restore` into such a folder holding data failed half-way
    with an internal error (exit 1), leaving its audit trail cut; `case import` made a
    database in a new one. Every command refuses the name (exit 2), as --out refuses one,
    changing nothing."""
    import os
    import shutil

    source, backup = tmp_path / "source", tmp_path / "backup.zip"
    made, backed_up = run_many(
        ("case", "import", EXAMPLES_DIR / "vision-startup.json", "--data-dir", source),
        ("backup", "--out", backup, "--data-dir", source))
    assert made.code == 0 and backed_up.code == 0, (made, backed_up)
    odd = Path(os.fsdecode(os.fsencode(str(tmp_path)) + b"/data\xff"))
    shutil.copytree(source, odd)  # a data folder that was given such a name
    before = sorted(str(p) for p in odd.rglob("*"))
    new = Path(os.fsdecode(os.fsencode(str(tmp_path)) + b"/new\xff"))
    restored, verified, listed, imported, screened = run_many(
        ("restore", backup, "--data-dir", odd),
        ("audit", "verify", "--data-dir", odd),
        ("case", "list", "--data-dir", odd),
        ("case", "import", EXAMPLES_DIR / "vision-startup.json", "--data-dir", new),
        ("screen", EXAMPLES_DIR / "vision-startup.json", "--data-dir", new),
    )
    for result, name in ((restored, "data"), (verified, "data"), (listed, "data"),
                         (imported, "new"), (screened, "new")):
        said = (f"--data-dir: {tmp_path}/{name}\\xff: the folder's name is not UTF-8 text; "
                "rename the folder or choose another\n")
        assert (result.code, result.stdout, result.stderr) == (2, "", said), result
    assert sorted(str(p) for p in odd.rglob("*")) == before
    assert not new.exists()


def test_a_home_folder_of_no_known_user_is_bad_input(tmp_path: Path) -> None:
    """`--data-dir '~nosuchuser/data'` (quoted, so the shell left the ~), or the variable
    set so: "internal error: RuntimeError: Could not determine home directory." (exit 1)."""
    said = ("~nosuchuser-cli15/data: names the home folder of a user this system does not "
            "know (or HOME is not set); give the folder's full path\n")
    listed, imported, screened = run_many(
        ("case", "list", "--data-dir", "~nosuchuser-cli15/data"),
        ("case", "import", EXAMPLES_DIR / "vision-startup.json"),
        ("screen", EXAMPLES_DIR / "vision-startup.json", "--data-dir",
         "~nosuchuser-cli15/data"),
        env={"APPROVALS_DATA_DIR": "~nosuchuser-cli15/data"})
    for result in (listed, imported, screened):
        assert (result.code, result.stdout, result.stderr) == (2, "", said), result


def test_rulebook_pack_on_a_folder_without_data_says_its_key_is_new(tmp_path: Path) -> None:
    """`rulebook pack --data-dir` with a mistyped folder signed the update with a key made
    just then, which no installation trusts, without a word; `key show` says so (note on
    stderr), and so does `pack` now. Once the folder has its key, or a database, nothing
    is said."""
    import json
    import shutil

    from tests.conftest import REPO_ROOT

    source = tmp_path / "rulebook"
    shutil.copytree(REPO_ROOT / "resources" / "rulebook", source)
    header = json.loads((source / "rulebook.json").read_text(encoding="utf-8"))
    header["version"] = "2099.1.1"  # newer than the shipped one: no warning of that
    (source / "rulebook.json").write_text(json.dumps(header, ensure_ascii=False),
                                          encoding="utf-8")
    new, office = tmp_path / "new", tmp_path / "office"
    first, again, imported, in_office = run_many(
        ("rulebook", "pack", source, "--out", tmp_path / "u1.zip", "--data-dir", new),
        ("rulebook", "pack", source, "--out", tmp_path / "u2.zip", "--data-dir", new),
        ("case", "import", EXAMPLES_DIR / "vision-startup.json", "--data-dir", office),
        ("rulebook", "pack", source, "--out", tmp_path / "u3.zip", "--data-dir", office),
    )
    assert first.code == 0, first
    assert first.stderr == (f"note: {new} held no Approvals data: the update is signed with a "
                            "new installation key, made just now, which no installation "
                            "trusts yet. If you meant to sign with the key of the data folder "
                            "you work in, give that folder with --data-dir.\n")
    assert (again.code, again.stderr) == (0, ""), again
    assert imported.code == 0 and (in_office.code, in_office.stderr) == (0, ""), in_office


def test_a_dash_for_standard_input_says_how_to_give_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`approvals screen - < facts.json`, as many tools take it, said only "-: file not
    found"; it says to give /dev/stdin (the way the commands read piped JSON), and a file
    really named "-" is still read."""
    import shutil

    said = ("-: file not found; to read the JSON from standard input, give /dev/stdin with "
            "the JSON piped in\n")
    facts = (EXAMPLES_DIR / "vision-startup.json").read_text(encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    screened, imported, particulars = run_many(
        (("screen", "-"), facts),
        (("case", "import", "-", "--data-dir", tmp_path / "data"), facts),
        (("filing", "particulars", "-", "--data-dir", tmp_path / "data"), "{}"))
    for result in (screened, imported, particulars):
        assert (result.code, result.stdout, result.stderr) == (2, "", said), result
    shutil.copy(EXAMPLES_DIR / "vision-startup.json", work / "-")
    [named] = run_many(("screen", "-", "--json"))
    assert named.code == 0 and named.json()["determinations"], named
    assert not (tmp_path / "data").exists()


def test_out_as_a_dash_is_refused_before_any_work(demo_data: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """`--out -` (standard output to many tools) wrote a file named "-" in the current
    folder, a backup or filing nobody looks for there; refused, naming --out, nothing
    written. `./-` is still a file of that name."""
    said = ("--out: '-' would be a file named '-' (the commands do not write files to "
            "standard output); name the file to write (./- if that is the name you mean)\n")
    monkeypatch.chdir(tmp_path)
    backup, rendered, exported, dotted = run_many(
        ("backup", "--out", "-", "--data-dir", demo_data),
        ("filing", "render", "AP-2026-0002", "--kind", "status-report", "--out", "-",
         "--data-dir", demo_data),
        ("case", "export", "--out", "-", "--data-dir", demo_data),
        ("case", "export", "--out", "./-", "--data-dir", demo_data),
    )
    for result in (backup, rendered, exported):
        assert (result.code, result.stdout, result.stderr) == (2, "", said), result
    assert dotted.code == 0, dotted
    assert [p.name for p in tmp_path.iterdir() if p.name != "demo"] == ["-"]


def test_a_dash_for_a_file_to_read_says_to_name_the_file(
        demo_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`restore -`, `review import -`, `filing check -`: "-: file not found" alone read as
    a bug in the shell; these read a backup, pack or PDF by name, and say so."""
    monkeypatch.chdir(tmp_path)
    restored, imported, checked = run_many(
        ("restore", "-", "--data-dir", demo_data),
        ("review", "import", "-", "--data-dir", demo_data),
        ("filing", "check", "-", "--data-dir", demo_data))
    for result, what in ((restored, "the backup file"), (imported, "the pack file"),
                         (checked, "the PDF to check")):
        assert (result.code, result.stdout, result.stderr) == (
            2, "", f"-: file not found; give {what} by its name (standard input is not "
                   "read here)\n"), result
