"""Command-line loose ends of `approvals filing render`, through the real entry point:
the written file in the audit trail, and the missing fields by the names page 1 prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.migrate import open_database
from approvals.store.models import Event
from tests.cli.helpers import Result, run_many
from tests.filings_seed import seeded_folder

ADMIN = Actor("alice", ("preparer", "reviewer", "approver", "admin"))


def run(*args: str, data: Path) -> Result:
    return run_many((*args, "--data-dir", data))[0]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("loose-filing") / "data"
    return root, seeded_folder(root, ADMIN)


def saved_events(data: Path, reference: str) -> list[dict[str, object]]:
    db = open_database(DataDir(data))
    try:
        with db.read_session() as session:
            rows = session.exec(select(Event).where(Event.action == "filing.saved",
                                                    Event.entity_id == reference)).all()
            return [json.loads(row.details) if isinstance(row.details, str) else row.details
                    for row in rows]
    finally:
        db.dispose()


def test_a_draft_written_by_the_cli_is_recorded_as_saved(seeded, tmp_path: Path) -> None:
    data, refs = seeded
    reference = refs["DEMO-05"]
    before = len(saved_events(data, reference))
    out = tmp_path / "draft.pdf"
    result = run("filing", "render", reference, "--kind", "cn-application", "--out", str(out),
                 data=data)
    assert result.code == 0, result.stderr
    events = saved_events(data, reference)
    assert len(events) == before + 1
    assert events[-1]["file"] == "draft.pdf" and events[-1]["final"] is False
    assert events[-1]["kind"] == "cn-application"
    assert str(events[-1]["fingerprint"]) in result.stdout


def test_a_final_written_by_the_cli_is_recorded_as_saved_too(seeded, tmp_path: Path) -> None:
    data, refs = seeded
    reference = refs["DEMO-02"]
    out = tmp_path / "final.pdf"
    result = run("filing", "render", reference, "--kind", "us-notification", "--final",
                 "--out", str(out), data=data)
    assert result.code == 0, result.stderr
    event = saved_events(data, reference)[-1]
    assert event["final"] is True and event["file"] == "final.pdf"
    assert isinstance(event["document_id"], int)  # the final stored with the case


def test_missing_fields_are_named_as_page_1_names_them(seeded, tmp_path: Path) -> None:
    data, refs = seeded
    result = run("filing", "render", refs["DEMO-03"], "--kind", "us-notification",
                 "--out", str(tmp_path / "d.pdf"), data=data)
    assert result.code == 0, result.stderr
    lines = result.stderr.splitlines()
    # Particulars, documents and tracks used to print as bare paths.
    assert "  tracks — No US-OISP filing track is open for this case" in lines
    assert "  particulars.representative.name — Filer's representative: name" in lines
    assert any(line.startswith("  documents.org_chart — Post-transaction organisation chart")
               for line in lines)
    assert not any(line.startswith("  ") and " — " not in line for line in lines)


def test_a_case_reference_is_taken_in_any_case_and_with_spaces(seeded, tmp_path: Path) -> None:
    data, refs = seeded
    typed = f"  {refs['DEMO-05'].lower()} "
    results = run_many(
        ("filing", "render", typed, "--kind", "status-report", "--out", tmp_path / "r.pdf",
         "--data-dir", data),
        ("audit", "export", "--case", typed, "--out", tmp_path / "a.csv", "--data-dir", data),
        ("review", "export", typed, "--no-drafts", "--out", tmp_path / "p.zip", "--data-dir", data),
        ("filing", "render", "ap-2026-9999", "--kind", "status-report",
         "--out", tmp_path / "none.pdf", "--data-dir", data),
        ("filing", "render", "   ", "--kind", "status-report", "--out", tmp_path / "e.pdf",
         "--data-dir", data),
    )
    [render, audit, review, missing, blank] = results
    assert render.code == 0, render.stderr
    assert audit.code == 0, audit.stderr
    assert refs["DEMO-05"] in (tmp_path / "a.csv").read_text(encoding="utf-8")
    assert review.code == 0, review.stderr
    # A real miss is still named as one (exit 2), as the stored reference would be written.
    assert missing.code == 2 and "There is no case AP-2026-9999" in missing.stderr
    assert blank.code == 2 and "is empty" in blank.stderr
    assert not (tmp_path / "none.pdf").exists() and not (tmp_path / "e.pdf").exists()
