"""`approvals filing check` of a PDF whose fingerprint matches but whose bytes are not the
app's: the check says not to rely on its pages, and exits 1 (a check that ran and failed),
not 0 as for the file itself."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import run_many

FINAL_CASE = "AP-2026-0009"  # the demo stores its US notification's final
DRAFT_CASE = "AP-2026-0003"
KIND = "us-notification"


def tampered(pdf: Path) -> Path:
    """One byte of a page's content stream flipped; the metadata still claims the content."""
    data = pdf.read_bytes()
    at = data.index(b"stream\n", data.index(b"/Filter")) + 20
    out = pdf.with_name(f"tampered-{pdf.name}")
    out.write_bytes(data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :])
    return out


def test_altered_bytes_under_a_matching_fingerprint_fail_the_check(
    demo_data: Path, tmp_path: Path
) -> None:
    final, draft = tmp_path / "final.pdf", tmp_path / "draft.pdf"
    rendered = run_many(
        (
            "filing",
            "render",
            FINAL_CASE,
            "--kind",
            KIND,
            "--out",
            final,
            "--final",
            "--data-dir",
            demo_data,
        ),
        ("filing", "render", DRAFT_CASE, "--kind", KIND, "--out", draft, "--data-dir", demo_data),
    )
    assert [r.code for r in rendered] == [0, 0], [r.stderr for r in rendered]
    checked = run_many(
        ("filing", "check", tampered(final), "--json", "--data-dir", demo_data),
        ("filing", "check", tampered(draft), "--json", "--data-dir", demo_data),
        ("filing", "check", draft, "--data-dir", demo_data),
    )
    stored, current = checked[0].json(), checked[1].json()
    # The content is still the case's (matches), but the file is not to be relied on.
    assert stored["verdict"] == "stored_final" and stored["matches"] is True
    assert stored["passed"] is False and checked[0].code == 1
    assert current["verdict"] == "current" and current["same_as_rendering"] is False
    assert current["passed"] is False and checked[1].code == 1
    assert checked[2].code == 0, checked[2].stdout  # the untouched draft still passes


def test_a_paper_copy_has_no_bytes_to_doubt(demo_data: Path, tmp_path: Path) -> None:
    draft = tmp_path / "draft.pdf"
    # Forked processes (tests/cli/helpers.py): `filing render` and `filing check` have
    # their real processes in tests/cli/test_filing_cli.py and test_filing_check_cli.py.
    [made] = run_many(
        ("filing", "render", DRAFT_CASE, "--kind", KIND, "--out", draft, "--data-dir", demo_data)
    )
    assert made.code == 0, made.stderr
    fingerprint = made.stdout.split("fingerprint ")[1][:24]
    [paper] = run_many(
        (
            "filing",
            "check",
            "--reference",
            DRAFT_CASE,
            "--kind",
            KIND,
            "--fingerprint",
            fingerprint,
            "--json",
            "--data-dir",
            demo_data,
        )
    )
    assert paper.code == 0 and paper.json()["passed"] is True, paper.stdout
