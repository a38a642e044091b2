"""`approvals filing check` through the real entry point: exit 0 for a stored final or the
case's current content, 1 when the check ran and it is neither, 2 for bad input."""

from __future__ import annotations

import re
from pathlib import Path

from tests.cli.helpers import run_cli, run_many

FINAL_CASE = "AP-2026-0009"  # the demo stores its US notification's final
DRAFT_CASE = "AP-2026-0003"
KIND = "us-notification"
JSON_KEYS = {"verdict", "matches", "headline", "details", "source", "file", "reference", "kind",
             "fingerprint", "status", "generated_at", "file_sha256", "stored_final", "current",
             "current_as", "same_as_rendering", "changes_since", "changes", "passed",
             "content_version", "other_version"}


def test_check_stored_final_draft_and_changed(demo_data: Path, tmp_path: Path) -> None:
    final, draft, report = tmp_path / "final.pdf", tmp_path / "draft.pdf", tmp_path / "report.pdf"
    rendered = run_many(
        ("filing", "render", FINAL_CASE, "--kind", KIND, "--out", final, "--final",
         "--data-dir", demo_data),
        ("filing", "render", DRAFT_CASE, "--kind", KIND, "--out", draft, "--data-dir", demo_data),
        ("filing", "render", DRAFT_CASE, "--kind", "status-report", "--out", report,
         "--data-dir", demo_data),
    )
    assert [r.code for r in rendered] == [0, 0, 0], [r.stderr for r in rendered]
    fingerprint = re.search(r"fingerprint ([0-9a-f]{64})", rendered[1].stdout)
    assert fingerprint is not None

    # The subprocess itself: exit codes and JSON as a script reads them.
    identical = run_cli("filing", "check", final, "--json", data_dir=demo_data)
    assert identical.code == 0, identical.stderr
    body = identical.json()
    assert set(body) == JSON_KEYS
    assert body["verdict"] == "identical" and body["matches"] is True
    assert body["reference"] == FINAL_CASE and body["stored_final"]["same_bytes"] is True
    assert body["stored_final"]["stored_by"] == "li.wei" and body["current"] is True

    later = run_many(
        ("filing", "check", draft, "--data-dir", demo_data),
        ("filing", "check", "--reference", DRAFT_CASE, "--kind", KIND, "--fingerprint",
         " ".join(re.findall("....", fingerprint[1][:24])), "--json", "--data-dir", demo_data),
        # A final of the same case moves the audit chain's head the status report prints.
        ("filing", "render", DRAFT_CASE, "--kind", "status-report", "--out",
         tmp_path / "report-final.pdf", "--final", "--data-dir", demo_data),
        ("filing", "check", report, "--json", "--data-dir", demo_data),
    )
    assert later[0].code == 0 and later[0].stdout.startswith("Current:"), later[0]
    assert "byte for byte what the app renders" in later[0].stdout
    assert later[1].code == 0 and later[1].json()["verdict"] == "current"
    assert later[1].json()["fingerprint"] == fingerprint[1][:24]
    assert later[2].code == 0, later[2].stderr
    changed = later[3].json()
    assert later[3].code == 1 and changed["verdict"] == "changed" and not changed["matches"]


def test_check_bad_input_is_exit_2(demo_data: Path, tmp_path: Path) -> None:
    text = tmp_path / "notes.pdf"
    text.write_text("not a pdf")
    results = run_many(
        ("filing", "check", text, "--data-dir", demo_data),
        ("filing", "check", tmp_path / "missing.pdf", "--data-dir", demo_data),
        ("filing", "check", "--reference", DRAFT_CASE, "--kind", "annual-report",
         "--fingerprint", "abc", "--data-dir", demo_data),
        ("filing", "check", "--reference", DRAFT_CASE, "--data-dir", demo_data),
        ("filing", "check", text, "--kind", KIND, "--data-dir", demo_data),
        ("filing", "check", "--reference", "AP-2099-0001", "--kind", KIND,
         "--fingerprint", "0" * 16, "--data-dir", demo_data),
    )
    assert [r.code for r in results] == [2] * 6, [r.stderr for r in results]
    assert "is not a PDF file" in results[0].stderr
    assert "file not found" in results[1].stderr
    assert "--kind: 'annual-report' is not a filing kind" in results[2].stderr
    assert "--fingerprint: has 3 hex digits; type at least its first 16" in results[2].stderr
    assert "--kind: is needed" in results[3].stderr and "--fingerprint: is needed" in results[3].stderr
    assert "give either FILE.pdf or" in results[4].stderr
    assert "There is no case AP-2099-0001" in results[5].stderr
    assert all("Traceback" not in r.stderr and not r.stdout for r in results)


def test_check_on_a_folder_without_cases_creates_nothing(demo_data: Path, tmp_path: Path) -> None:
    draft = tmp_path / "draft.pdf"
    [made] = run_many(("filing", "render", DRAFT_CASE, "--kind", KIND, "--out", draft,
                       "--data-dir", demo_data))
    assert made.code == 0, made.stderr
    empty = tmp_path / "empty"
    results = run_many(
        ("filing", "check", draft, "--json", "--data-dir", empty),
        ("filing", "check", "--reference", DRAFT_CASE, "--kind", KIND, "--fingerprint", "xyz",
         "--data-dir", empty),
        ("filing", "check", "--reference", DRAFT_CASE, "--kind", KIND, "--fingerprint",
         "0" * 16, "--data-dir", empty),
    )
    assert results[0].code == 1 and set(results[0].json()) == JSON_KEYS
    assert results[0].json()["verdict"] == "unknown_case"
    assert results[0].json()["reference"] == DRAFT_CASE
    # The kind's name in the sentence, its code in the JSON.
    assert results[0].json()["kind"] == KIND
    assert results[0].json()["details"][0] == "US notification (draft)."
    assert results[1].code == 2 and results[1].stderr.startswith("--fingerprint: may hold only")
    assert results[2].code == 2 and f"There is no case {DRAFT_CASE}" in results[2].stderr
    assert not empty.exists()


def test_a_filing_of_another_app_version_passes_while_its_case_is_unchanged(
        demo_data: Path, tmp_path: Path) -> None:
    # Forked processes (tests/cli/helpers.py): the real one's exit codes are tested above.
    draft = tmp_path / "draft.pdf"
    [rendered] = run_many(("filing", "render", DRAFT_CASE, "--kind", KIND, "--out", draft,
                           "--data-dir", demo_data))
    assert rendered.code == 0, rendered.stderr
    pdf = draft.read_bytes()
    fingerprint = re.search(rb"sha256:([0-9a-f]{64})", pdf)
    creator = re.search(rb"filing content format (\d+)", pdf)
    assert fingerprint is not None and creator is not None
    # As an earlier version worded it: another fingerprint, and the format it names one
    # lower (replaced in place, so the cross-reference offsets stay right).
    older = str(int(creator[1]) - 1).encode().rjust(len(creator[1]), b"0")
    # Generated in 2098: no event of the demo's seeding (maybe in the very second the draft
    # was rendered) falls after it.
    other = (re.sub(rb"/CreationDate \(D:\d{14}", b"/CreationDate (D:20980101000000", pdf)
             .replace(fingerprint[1], b"1" * 64)
             .replace(creator[0], creator[0].replace(creator[1], older)))
    (tmp_path / "older.pdf").write_bytes(other)
    # The same wording forged under this version's own format is a failed check.
    (tmp_path / "forged.pdf").write_bytes(pdf.replace(fingerprint[1], b"1" * 64))
    checked, forged = run_many(
        ("filing", "check", tmp_path / "older.pdf", "--json", "--data-dir", demo_data),
        ("filing", "check", tmp_path / "forged.pdf", "--data-dir", demo_data))
    assert checked.code == 0, checked.stdout + checked.stderr
    body = checked.json()
    assert body["verdict"] == "other_version" and body["passed"] is True
    assert body["matches"] is False and body["changes"] == []
    assert forged.code == 1 and "Not produced from case" in forged.stdout


def test_a_status_report_draft_checked_straight_after_saving_is_current(
        demo_data: Path, tmp_path: Path) -> None:
    """Saving a status report draft records `filing.saved`, which moved the audit chain's
    head the report prints: checked at once, it was "not current" though nothing happened.
    Its own record is no change; another event (here another filing saved) still is, and
    is counted alone."""
    report, other = tmp_path / "report.pdf", tmp_path / "other.pdf"
    rendered, fresh = run_many(
        ("filing", "render", DRAFT_CASE, "--kind", "status-report", "--out", report,
         "--data-dir", demo_data),
        ("filing", "check", report, "--json", "--data-dir", demo_data))
    assert rendered.code == 0, rendered.stderr
    assert fresh.code == 0, fresh.stdout
    body = fresh.json()
    assert body["verdict"] == "current" and body["same_as_rendering"] is True
    assert any("only by the record of its own saving or printing (1 event)" in line
               for line in body["details"]), body["details"]

    saved, later = run_many(
        ("filing", "render", DRAFT_CASE, "--kind", KIND, "--out", other,
         "--data-dir", demo_data),
        ("filing", "check", report, "--data-dir", demo_data))
    assert saved.code == 0, saved.stderr
    assert later.code == 1
    assert "1 event elsewhere moved the audit chain's head" in later.stdout, later.stdout
