"""`approvals screen` through the real entry point (spec/cli.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import Result, run_cli, run_many
from tests.conftest import EXAMPLES_DIR

FRONTIER = EXAMPLES_DIR / "frontier-lab.json"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.json"))

# The runs on the shipped examples that several tests read, made once (in one process).
RUNS: dict[str, tuple[str | Path, ...]] = {
    "json": ("screen", FRONTIER, "--as-of", "2026-12-01", "--json"),
    "proposed": ("screen", FRONTIER, "--as-of", "2026-12-01", "--include-proposed", "--json"),
    "before": ("screen", FRONTIER, "--as-of", "2024-12-31", "--json"),
    "text": ("screen", FRONTIER, "--as-of", "2026-12-01"),
    "before-text": ("screen", FRONTIER, "--as-of", "2024-12-31"),
    "vision-text": ("screen", EXAMPLES_DIR / "vision-startup.json", "--as-of", "2026-12-01"),
    **{f"example:{path.name}": ("screen", path, "--as-of", "2026-12-01", "--include-proposed",
                                "--json") for path in EXAMPLES},
}


@pytest.fixture(scope="module")
def screened(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Result], Path]:
    """Every run of RUNS, with APPROVALS_DATA_DIR naming a folder screening must not touch."""
    data_dir = tmp_path_factory.mktemp("screen") / "data"
    results = run_many(*RUNS.values(), env={"APPROVALS_DATA_DIR": str(data_dir)})
    return dict(zip(RUNS, results, strict=True)), data_dir


def _write(tmp_path: Path, data: object, name: str = "facts.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_json_output_shape(screened: tuple[dict[str, Result], Path]) -> None:
    runs, data_dir = screened
    result = runs["json"]
    assert result.code == 0, result.stderr
    # One JSON document on stdout, ending in one newline; nothing on stderr.
    assert result.stdout.endswith("}\n") and not result.stdout.endswith("\n\n")
    assert result.stderr == ""
    out = result.json()
    assert list(out) == ["as_of", "rulebook", "determinations"]
    assert out["as_of"] == "2026-12-01"
    assert out["rulebook"]
    regimes = [d["regime"] for d in out["determinations"]]
    assert regimes == ["CN-FISR", "CN-NEGATIVE-LIST", "CN-TECH-EXPORT", "CN-DATA-EXPORT", "CN-SAMR", "US-OISP"]
    for det in out["determinations"]:
        assert list(det) == ["regime", "outcome", "status", "reasons", "missing"]
        assert det["reasons"] and all(list(r) == ["rule", "citation", "text"] for r in det["reasons"])
    oisp = out["determinations"][-1]
    assert oisp["outcome"] == "prohibited"
    assert any(
        r["citation"] == "31 CFR 850.224" and "3.1e25 operations is more than 1e25" in r["text"]
        for r in oisp["reasons"]
    )
    assert not data_dir.exists(), "screen must not touch the data folder"


def test_json_reasons_have_exactly_the_spec_keys(screened: tuple[dict[str, Result], Path]) -> None:
    """The Chinese reason text is kept for storage and filings only: `screen --json` keeps
    exactly the keys of spec/cli.md, for every example, also with proposed measures."""
    assert EXAMPLES
    for example in EXAMPLES:
        result = screened[0][f"example:{example.name}"]
        assert result.code == 0, result.stderr
        out = result.json()
        assert set(out) == {"as_of", "rulebook", "determinations"}
        for det in out["determinations"]:
            assert set(det) == {"regime", "outcome", "status", "reasons", "missing"}
            for reason in det["reasons"]:
                assert set(reason) == {"rule", "citation", "text"}, (example.name, reason)
                assert all(isinstance(v, str) and v for v in reason.values())
                assert "《" not in reason["citation"] and "目标公司" not in reason["text"]


# The regimes and outcome codes of regulatory-reference.md, as spec/cli.md refers to them.
REGIMES = {"CN-US-CAPITAL", "CN-FISR", "CN-NEGATIVE-LIST", "CN-TECH-EXPORT", "CN-DATA-EXPORT",
           "CN-SAMR", "US-OISP"}
OUTCOMES = {"prohibited", "approval_required", "filing_required", "notification_required",
            "excepted", "not_required", "not_in_force", "needs_info"}


def test_one_determination_per_regime_with_a_documented_outcome(
        screened: tuple[dict[str, Result], Path]) -> None:
    """Every regime once (CN-US-CAPITAL only with --include-proposed, then `reported`), each
    outcome one of the codes, and `missing` naming the facts whenever it is `needs_info`."""
    runs = [(name, result, "--include-proposed" in RUNS[name])
            for name, result in screened[0].items() if "--json" in RUNS[name]]
    assert len(runs) >= 6
    assert any(d["outcome"] == "needs_info" for _, r, _ in runs for d in r.json()["determinations"])
    for name, result, proposed in runs:
        dets = result.json()["determinations"]
        regimes = [d["regime"] for d in dets]
        assert sorted(regimes) == sorted(REGIMES - (set() if proposed else {"CN-US-CAPITAL"})), name
        assert isinstance(result.json()["as_of"], str) and result.json()["rulebook"]
        for det in dets:
            assert det["outcome"] in OUTCOMES, (name, det["regime"], det["outcome"])
            assert isinstance(det["missing"], list)
            assert all(isinstance(m, str) and m for m in det["missing"])
            if det["outcome"] == "needs_info":
                assert det["missing"], (name, det["regime"])
            if det["regime"] == "CN-US-CAPITAL":
                assert det["status"] == "reported"


def test_include_proposed_adds_cn_us_capital(screened: tuple[dict[str, Result], Path]) -> None:
    result = screened[0]["proposed"]
    assert result.code == 0, result.stderr
    first = result.json()["determinations"][0]
    assert (first["regime"], first["outcome"], first["status"]) == (
        "CN-US-CAPITAL", "approval_required", "reported")


def test_as_of_before_the_program(screened: tuple[dict[str, Result], Path]) -> None:
    result = screened[0]["before"]
    assert result.code == 0, result.stderr
    outcomes = {d["regime"]: d["outcome"] for d in result.json()["determinations"]}
    assert outcomes["US-OISP"] == "not_in_force"


def test_human_output_is_a_table_with_reasons(screened: tuple[dict[str, Result], Path]) -> None:
    result = screened[0]["text"]
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.split()[:2] == ["US-OISP", "prohibited"] for line in lines), result.stdout
    assert "31 CFR 850.224 (verify)" in result.stdout
    assert "largest training run 3.1e25 operations is more than 1e25" in result.stdout


def test_text_table_gives_no_standing_for_rules_not_yet_in_force(
    screened: tuple[dict[str, Result], Path],
) -> None:
    """Before the program starts, the table must not call US-OISP's rules "in force"."""
    result = screened[0]["before-text"]
    assert result.code == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines()
            if line.startswith(("US-OISP ", "CN-FISR "))}
    assert rows["US-OISP"].split()[1:] == ["not", "in", "force", "—"], result.stdout
    assert rows["CN-FISR"].endswith("in force"), result.stdout


def test_missing_facts_listed(tmp_path: Path) -> None:
    data = json.loads(FRONTIER.read_text(encoding="utf-8"))
    data["target"]["ai"]["max_training_compute_ops"] = None
    [result] = run_many(("screen", _write(tmp_path, data), "--as-of", "2026-12-01", "--json"))
    assert result.code == 0, result.stderr
    oisp = result.json()["determinations"][-1]
    assert oisp["outcome"] == "needs_info"
    assert "target.ai.max_training_compute_ops" in oisp["missing"]


def test_invalid_uscc_is_bad_input(tmp_path: Path) -> None:
    data = json.loads(FRONTIER.read_text(encoding="utf-8"))
    data["target"]["uscc"] = "91110000MA01AB016X"
    result = run_cli("screen", _write(tmp_path, data), "--json")
    assert result.code == 2
    assert result.stdout == ""
    assert "target.uscc: check character is 'X', expected 'L'" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr


def test_every_problem_reported_once(tmp_path: Path) -> None:
    data = json.loads(FRONTIER.read_text(encoding="utf-8"))
    data["deal"]["instrument"] = "loan"
    data["target"]["ai"]["max_training_compute_ops"] = -1
    data["investor"]["favourite_colour"] = "blue"
    [result] = run_many(("screen", _write(tmp_path, data)))  # exit 2 in a process: above
    assert result.code == 2
    lines = result.stderr.splitlines()
    assert any(line.startswith("deal.instrument:") for line in lines), lines
    assert any(line.startswith("target.ai.max_training_compute_ops:") for line in lines), lines
    assert "investor.favourite_colour: unknown field" in lines


def test_bad_json_file_and_date(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": 1,\n  "target": }', encoding="utf-8")
    result, missing, bad_date, week = run_many(
        ("screen", broken), ("screen", tmp_path / "nope.json"),
        ("screen", FRONTIER, "--as-of", "2026-02-30"),
        # An ISO week date is not YYYY-MM-DD: refused, not screened on another day.
        ("screen", FRONTIER, "--as-of", "2026-W48-2"),
    )
    assert result.code == 2
    assert f"{broken}:2:" in result.stderr and "not valid JSON" in result.stderr
    assert missing.code == 2 and "file not found" in missing.stderr
    assert bad_date.code == 2
    assert "--as-of: '2026-02-30' is not a date (February 2026 has no day 30)" in bad_date.stderr
    assert week.code == 2 and week.stdout == ""
    assert "--as-of: '2026-W48-2' is not a date: use YYYY-MM-DD" in week.stderr


def test_human_output_one_heading_per_rule(screened: tuple[dict[str, Result], Path]) -> None:
    """US-OISP cites its scope rule again after the prohibited tests (the AI-system
    question): the text output keeps one heading per rule, every reason under it."""
    result = screened[0]["vision-text"]
    assert result.code == 0, result.stderr
    oisp = result.stdout.split("US-OISP: ")[1]
    assert oisp.count("US-OISP.scope.2025 —") == 1, oisp
    scope = oisp.split("US-OISP.scope.2025 —")[1].split("US-OISP.prohibited.2025")[0]
    assert "- target develops AI systems" in scope, oisp


def test_facts_that_contradict_each_other_are_screened_with_a_warning(tmp_path: Path) -> None:
    """A completion typed a year before the signing made a prohibited deal "not required"
    for US-OISP without a word: stderr says what to check, as `case import` does, and
    stdout stays the screening."""
    data = json.loads(FRONTIER.read_text(encoding="utf-8"))
    data["deal"].update(signing_date="2025-03-01", expected_completion_date="2024-12-01")
    result = run_cli("screen", _write(tmp_path, data), "--as-of", "2026-12-01", "--json")
    assert result.code == 0, result
    outcomes = {d["regime"]: d["outcome"] for d in json.loads(result.stdout)["determinations"]}
    assert outcomes["US-OISP"] == "not_required"
    assert result.stderr.splitlines() == [
        "warning: deal.expected_completion_date: 2024-12-01 is before the signing date, "
        "2025-03-01 (screened as the file gives it)"]
