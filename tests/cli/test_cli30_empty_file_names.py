"""An empty file argument (an unset shell variable) is refused at its argument by name,
not read as the current folder (" is a folder, not a JSON file", naming nothing); a
regime's code is taken in any case, as --kind is written in lower case."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import run_many


def test_every_file_argument_left_empty_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    results = run_many(
        ("screen", ""),
        ("case", "import", " ", "--data-dir", folder),
        ("filing", "particulars", "", "--data-dir", folder),
        ("filing", "check", "", "--data-dir", folder),
        ("review", "import", "", "--data-dir", folder),
        ("rulebook", "install", "", "--data-dir", folder),
        ("restore", "", "--data-dir", folder),
    )
    expected = [
        "FACTS.json: is empty; give the name of the facts file",
        "FACTS.json: is empty; give the name of the facts file",
        "FILE.json: is empty; give the name of the particulars file",
        "FILE.pdf: is empty; give the name of the PDF to check",
        "PACK: is empty; give the name of the pack file",
        "FILE.zip: is empty; give the name of the rulebook update file",
        "FILE: is empty; give the name of the backup file",
    ]
    for result, message in zip(results, expected, strict=True):
        assert result.code == 2 and result.stdout == "", result
        assert result.stderr.splitlines() == [message], result
    assert not folder.exists()


def test_a_regime_is_taken_in_any_case_and_an_empty_one_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    lower, upper, empty = tmp_path / "lower.pdf", tmp_path / "upper.pdf", tmp_path / "e.pdf"
    _demo, lower_case, upper_case, blank, other, typo = run_many(
        ("demo", "--data-dir", folder),
        ("filing", "render", "AP-2026-0002", "--kind", "cn-application", "--regime", "cn-fisr",
         "--out", lower, "--data-dir", folder),
        ("filing", "render", "AP-2026-0002", "--kind", "cn-application", "--regime", "CN-FISR",
         "--out", upper, "--data-dir", folder),
        ("filing", "render", "AP-2026-0002", "--kind", "cn-application", "--regime", " ",
         "--out", empty, "--data-dir", folder),
        ("filing", "render", "AP-2026-0002", "--kind", "cn-application", "--regime", "us-oisp",
         "--out", empty, "--data-dir", folder),
        ("filing", "render", "AP-2026-0002", "--kind", "cn-application", "--regime", "cn-foo",
         "--out", empty, "--data-dir", folder),
    )
    assert lower_case.code == 0 and upper_case.code == 0, (lower_case, upper_case)
    # The same track's filing: the same pages (the fingerprint is of the content).
    assert lower_case.stdout.split("fingerprint")[1] == upper_case.stdout.split("fingerprint")[1]
    assert blank.code == 2 and not empty.exists()
    assert blank.stderr.splitlines() == ["--regime: is empty; give a regime's code, e.g. CN-FISR"]
    # A track the case has, of another filing: named as such, not as a track it lacks.
    assert other.code == 2 and not empty.exists()
    assert other.stderr.splitlines() == [
        "--regime: a cn-application does not cover US-OISP: its track is filed as a "
        "us-notification"]
    # A typo is named as one, not as a track the case lacks.
    assert typo.code == 2 and not empty.exists()
    assert typo.stderr.startswith("--regime: CN-FOO is not a regime's code; the codes are "
                                  "CN-US-CAPITAL, CN-FISR,"), typo.stderr
