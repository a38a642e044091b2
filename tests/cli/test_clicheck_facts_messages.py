"""Bad facts files get one clear message per problem (cli.md, exit 2): a key given three
times is one problem, said once with all its lines; a USCC or LEI of spaces only is
said to be blank, not "must be 18 characters, got 0" of a value that has two."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import run_many
from tests.conftest import EXAMPLES_DIR


def _example() -> dict:
    return json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))


def test_a_key_given_three_times_is_one_message_naming_its_three_lines(tmp_path: Path) -> None:
    facts = tmp_path / "thrice.json"
    facts.write_text(json.dumps(_example(), indent=2).replace(
        '"us_person": true',
        '"us_person": false,\n    "us_person": null,\n    "us_person": true'), encoding="utf-8")
    line = next(number for number, text in enumerate(
        facts.read_text(encoding="utf-8").splitlines(), start=1) if '"us_person"' in text)
    folder = tmp_path / "data"
    screened, imported = run_many(("screen", facts, "--json"),
                                  ("case", "import", facts, "--data-dir", folder))
    for result in (screened, imported):
        assert result.code == 2 and result.stdout == "", result
        assert result.stderr.splitlines() == [
            f"investor.us_person: is given 3 times, on lines {line}, {line + 1} and "
            f"{line + 2} of {facts}: only one value can be kept; delete the ones not meant"]
    assert not folder.exists()


def test_a_key_given_twice_keeps_its_message(tmp_path: Path) -> None:
    facts = tmp_path / "twice.json"
    facts.write_text('{"schema_version": 1,\n"schema_version": 1}', encoding="utf-8")
    (screened,) = run_many(("screen", facts),)
    assert screened.code == 2
    assert screened.stderr.splitlines() == [
        f"schema_version: is given twice, on lines 1 and 2 of {facts}: only one value can be "
        "kept; delete the one not meant"]


def test_an_identifier_of_spaces_only_is_said_to_be_blank(tmp_path: Path) -> None:
    data = _example()
    data["target"]["uscc"] = "   "
    data["investor"]["lei"] = " "
    facts = tmp_path / "blank-codes.json"
    facts.write_text(json.dumps(data), encoding="utf-8")
    data["target"]["uscc"] = data["investor"]["lei"] = ""
    empty = tmp_path / "empty-codes.json"
    empty.write_text(json.dumps(data), encoding="utf-8")
    blank, not_given = run_many(("screen", facts, "--json"), ("screen", empty, "--json"))
    assert blank.code == 2 and blank.stdout == "", blank
    assert blank.stderr.splitlines() == [
        "target.uscc: holds only spaces; give the USCC, or null when not known",
        "investor.lei: holds only spaces; give the LEI, or null when not known"]
    # An empty string stays "not known", as before.
    assert not_given.code == 0, not_given
