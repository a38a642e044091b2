"""`approvals case import` refuses what the wizard refuses, each problem field path first
and in words: a currency outside ISO 4217, a name longer than the wizard takes, a yes or
no written as a word."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import run_many
from tests.conftest import EXAMPLES_DIR


def test_case_import_says_each_problem_field_path_first(tmp_path: Path) -> None:
    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    data["target"]["name_en"] = "X" * 5_000
    data["deal"]["amount"]["currency"] = "CYN"
    data["investor"]["us_person"] = "yes"
    file = tmp_path / "facts.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    (result,) = run_many(("case", "import", file, "--data-dir", tmp_path / "data"))
    assert result.code == 2 and result.stdout == "", result
    lines = result.stderr.splitlines()
    for start in ("investor.us_person: answer yes or no",
                  "target.name_en: is 5,000 characters long; a name takes at most 200",
                  'deal.amount.currency: "CYN" is not an ISO 4217 currency code'):
        assert any(start in line for line in lines), lines
    assert "XXXXXXXXXX" not in result.stderr  # the text itself is not echoed back
