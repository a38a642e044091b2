"""`approvals filing render` and `approvals filing particulars` through the real entry point."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from approvals.store.audit import Actor
from tests.cli.helpers import Result, run_many
from tests.filings_seed import seeded_folder

ADMIN = Actor("alice", ("preparer", "reviewer", "approver", "admin"))


def run_real(*args: str, data: Path, env: dict[str, str] | None = None
             ) -> subprocess.CompletedProcess[str]:
    """A process of its own: the final's bytes under another hash seed and time zone."""
    return subprocess.run([sys.executable, "-m", "approvals", *args, "--data-dir", str(data)],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
                          env={**os.environ, **(env or {})})


def run(*args: str, data: Path) -> Result:
    """One invocation in a forked process (tests/cli/helpers.py, run_many)."""
    return run_many((*args, "--data-dir", data))[0]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("filing-cli") / "data"
    return root, seeded_folder(root, ADMIN)


def test_render_draft_writes_a_pdf(seeded, tmp_path: Path) -> None:
    data, refs = seeded
    out = tmp_path / "app.pdf"
    result = run("filing", "render", refs["DEMO-05"], "--kind", "cn-application", "--out", str(out),
                 data=data)
    assert result.code == 0, result.stderr
    assert "draft" in result.stdout and "fingerprint" in result.stdout
    assert "investor.ultimate_parent" in result.stderr  # the missing fields, also on page 1
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    assert "外商投资审批申请书" in reader.pages[0].extract_text()


def test_render_says_preview_where_the_pdf_is_one(seeded, tmp_path: Path) -> None:
    """DEMO-02's US-OISP track is approved for filing: without --final the PDF has no
    watermark and its footer says PREVIEW, and so does the line the command prints."""
    data, refs = seeded
    out = tmp_path / "notice.pdf"
    result = run("filing", "render", refs["DEMO-02"], "--kind", "us-notification", "--out",
                 str(out), data=data)
    assert result.code == 0, result.stderr
    assert result.stdout.startswith(
        f"Wrote {out} (us-notification, preview (approved for filing; not the stored final), ")
    assert ", draft," not in result.stdout
    footer = pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()
    assert "PREVIEW (approved for filing; not the stored final)" in footer


def test_final_refused_names_fields_and_writes_nothing(seeded, tmp_path: Path) -> None:
    data, refs = seeded
    out = tmp_path / "final.pdf"
    # Forked (run_many): the real process's exit 2 is tests/cli/test_cli3_streams.py's.
    result = run("filing", "render", refs["DEMO-05"], "--kind", "us-notification", "--out",
                 str(out), "--final", data=data)
    assert result.code == 2
    assert "investor.ultimate_parent: missing" in result.stderr  # (the demo enters particulars)
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert not list((data / "documents" / refs["DEMO-05"]).rglob("us-notification-*.pdf"))


def test_final_twice_gives_the_same_bytes(seeded, tmp_path: Path) -> None:
    data, refs = seeded
    first, second = tmp_path / "one.pdf", tmp_path / "two.pdf"
    # Different time zones and hash seeds: nothing of the machine may leak into the bytes.
    envs = ({"TZ": "Asia/Shanghai", "PYTHONHASHSEED": "1"},
            {"TZ": "America/New_York", "PYTHONHASHSEED": "2"})
    for out, env in zip((first, second), envs, strict=True):
        result = run_real("filing", "render", refs["DEMO-02"], "--kind", "us-notification",
                          "--out", str(out), "--final", data=data, env=env)
        assert result.returncode == 0, result.stderr
        assert "final, stored with the case" in result.stdout
    assert first.read_bytes() == second.read_bytes()
    stored = list((data / "documents" / refs["DEMO-02"]).glob("us-notification-*.pdf"))
    assert len(stored) == 1 and stored[0].read_bytes() == first.read_bytes()
    # The chain is intact and the stored final matches its record; the documents seeded by
    # tests/filings_seed.py are rows without files or events, which the check reports.
    verified = run("audit", "verify", data=data)
    assert verified.stdout.startswith("Audit trail intact: "), verified.stderr
    assert "us-notification" not in verified.stderr and "(document" in verified.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["AP-1999-0001", "--kind", "status-report"], "There is no case AP-1999-0001"),
        (["AP-2026-0002", "--kind", "memo"], "invalid choice"),
        (["AP-2026-0002", "--kind", "cn-application", "--regime", "CN-NOPE"], "regime:"),
    ],
)
def test_bad_input_exits_2(seeded, tmp_path: Path, args: list[str], expected: str) -> None:
    data, _refs = seeded
    result = run("filing", "render", *args, "--out", str(tmp_path / "x.pdf"), data=data)
    assert result.code == 2
    assert expected in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_missing_output_folder_exits_2(seeded, tmp_path: Path) -> None:
    data, refs = seeded
    result = run("filing", "render", refs["DEMO-02"], "--kind", "status-report", "--out",
                 str(tmp_path / "nope" / "x.pdf"), data=data)
    assert result.code == 2
    assert "--out: the folder" in result.stderr


def test_particulars_command(seeded, tmp_path: Path) -> None:
    data, refs = seeded
    good = tmp_path / "p.json"
    good.write_text(json.dumps({"representative": {"name": "Lee Park"}}), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"representative": {"nickname": "x"}}), encoding="utf-8")
    out = tmp_path / "us.pdf"
    stored, refused, rendered = run_many(  # one process (tests/cli/helpers.py)
        ("filing", "particulars", good, "--case", refs["DEMO-05"], "--data-dir", data),
        ("filing", "particulars", bad, "--data-dir", data),
        ("filing", "render", refs["DEMO-05"], "--kind", "us-notification", "--out", out,
         "--data-dir", data),
    )
    assert stored.code == 0, stored.stderr
    assert refused.code == 2
    assert "particulars.representative.nickname: unknown field" in refused.stderr
    assert rendered.code == 0, rendered.stderr
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Lee Park" in text
    assert stored.stdout == f"Changed 1 filing particular of {refs['DEMO-05']}.\n"


def test_particulars_that_change_nothing_are_said_so_and_not_recorded(
        seeded, tmp_path: Path) -> None:
    """`{}`, or the values already stored, said "Stored 16 filing particulars" and put
    "filing particulars saved unchanged" in the case's trail (and its status report)."""
    import sqlite3

    data, refs = seeded
    ref = refs["DEMO-05"]
    empty = tmp_path / "empty.json"
    empty.write_text("{}", encoding="utf-8")
    one = tmp_path / "one.json"
    # (the seeded folder is shared by this module's tests: a name none of them gives)
    one.write_text(json.dumps({"representative": {"name": "Mina Cho"}}), encoding="utf-8")

    def events() -> int:
        with sqlite3.connect(data / "approvals.db") as con:
            return con.execute("SELECT count(*) FROM events").fetchone()[0]

    before = events()
    first, again, nothing = run_many(
        ("filing", "particulars", one, "--case", ref, "--data-dir", data),
        ("filing", "particulars", one, "--case", ref, "--data-dir", data),
        ("filing", "particulars", empty, "--case", ref, "--data-dir", data))
    assert first.stdout == f"Changed 1 filing particular of {ref}.\n"
    unchanged = (f"Nothing changed: the filing particulars of {ref} already were as the file "
                 "gives them.\n")
    assert (again.code, again.stdout) == (0, unchanged)
    assert (nothing.code, nothing.stdout) == (0, unchanged)
    assert events() == before + 1
