"""An administrator's backup and restore through the real entry point: a damaged copy is
refused with what to do next, and nothing changes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from tests.cli.helpers import Result, run_cli, run_many

PW = "correct horse battery staple"


def run(data: Path, *args: str, stdin: str = "") -> Result:
    """One invocation in a forked process (tests/cli/helpers.py, run_many): backup and
    restore run in real processes in test_review_cli.py, user add (exit 0 and 2) in
    test_user_cli.py; `user list` does here."""
    return run_many(((*args, "--data-dir", data), stdin))[0]


def test_a_damaged_backup_is_refused_saying_what_to_do(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run(data, "user", "add", "ada.wong", "--role", "admin", "--password-stdin",
               stdin=PW + "\n").code == 0
    good = tmp_path / "good.zip"
    made = run(data, "backup", "--out", str(good), "--json")
    assert made.code == 0, made.stderr
    assert set(json.loads(made.stdout)) == {"file", "created_at", "size", "documents", "warnings"}
    assert run(data, "user", "add", "pat.lee", "--role", "preparer", "--password-stdin",
               stdin=PW + "\n").code == 0

    damaged = tmp_path / "damaged.zip"
    raw = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:  # bytes inside the database's compressed data
        info = zf.getinfo("approvals.db")
    middle = info.header_offset + 30 + len(info.filename) + len(info.extra) + info.compress_size // 2
    for i in range(middle, middle + 16):
        raw[i] ^= 0xFF
    damaged.write_bytes(bytes(raw))

    for args in (("restore", str(damaged), "--check"), ("restore", str(damaged))):
        refused = run(data, *args)
        assert refused.code == 1, refused.stderr
        assert refused.stdout == "" and "Traceback" not in refused.stderr
        lines = refused.stderr.splitlines()
        assert len(lines) == 1, lines
        assert lines[0].startswith("damaged.zip cannot be restored: ")
        assert lines[0].endswith("Nothing was changed. Restore another backup instead: the app "
                                 "makes one each day in the backups folder of its data folder "
                                 "(auto-<date and time>.zip).")
    listed = run_cli("user", "list", "--json", data_dir=data)
    assert [u["username"] for u in json.loads(listed.stdout)["users"]] == ["ada.wong", "pat.lee"]
    assert not (data / "backups").exists() or not any(
        p.name.startswith("replaced-") for p in (data / "backups").iterdir())

    restored = run(data, "restore", str(good), "--json")
    assert restored.code == 0, restored.stderr
    assert set(json.loads(restored.stdout)) == {"restored_from", "backup_created_at", "replaced"}
    listed = run(data, "user", "list", "--json")
    assert [u["username"] for u in json.loads(listed.stdout)["users"]] == ["ada.wong"]
    assert any(p.name.startswith("replaced-") for p in (data / "backups").iterdir())


def test_a_backup_from_a_newer_app_says_to_use_that_version(tmp_path: Path) -> None:
    """Not 'restore another backup': every backup of that office is from the newer app."""
    data = tmp_path / "data"
    assert run(data, "user", "add", "ada.wong", "--role", "admin", "--password-stdin",
               stdin=PW + "\n").code == 0
    good = tmp_path / "good.zip"
    assert run(data, "backup", "--out", str(good)).code == 0
    pack = tmp_path / "pack.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(pack, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "backup-manifest.json":
                manifest = json.loads(body)
                manifest["format_version"] = 99
                body = json.dumps(manifest).encode()
            dst.writestr(item, body)
    refused = run(data, "restore", str(pack), "--check")
    assert refused.code == 1
    assert refused.stderr.strip().endswith(
        "Nothing was changed. Restore it with the version of the app that made it, or a newer one.")
