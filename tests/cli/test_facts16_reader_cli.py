"""`approvals case import` and `approvals screen` refuse a facts file that gives a key
twice (exit 2, the field path and lines, no database made) or has a NUL in a name."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import run_many
from tests.conftest import EXAMPLES_DIR


def test_a_key_given_twice_or_a_nul_is_bad_input_and_nothing_is_written(tmp_path: Path) -> None:
    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    twice = tmp_path / "twice.json"
    twice.write_text(json.dumps(data, indent=2).replace(
        '"us_person": true', '"us_person": false,\n    "us_person": true'), encoding="utf-8")
    data["target"]["name_en"] = "Frontier\u0000 Lab"
    nul = tmp_path / "nul.json"
    nul.write_text(json.dumps(data), encoding="utf-8")
    folder = tmp_path / "data"
    imported, screened, with_nul = run_many(
        ("case", "import", twice, "--data-dir", folder),
        ("screen", twice, "--data-dir", folder),
        ("case", "import", nul, "--data-dir", folder))
    for result in (imported, screened):
        assert result.code == 2 and result.stdout == "", result
        assert result.stderr.startswith("investor.us_person: is given twice, on lines "), result
        assert f"of {twice}: only one value can be kept" in result.stderr
    assert with_nul.code == 2 and with_nul.stderr.startswith(
        "target.name_en: contains a control character (U+0000), a NUL character"), with_nul
    assert not (folder / "approvals.db").exists()
