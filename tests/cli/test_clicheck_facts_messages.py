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


def _refused_by_screen_and_import(facts: Path, folder: Path) -> list[str]:
    """The lines both `screen` and `case import` refuse `facts` with (exit 2, nothing on
    stdout, the same lines), the import leaving `folder` unmade."""
    screened, imported = run_many(("screen", facts, "--json"),
                                  ("case", "import", facts, "--data-dir", folder))
    for result in (screened, imported):
        assert result.code == 2 and result.stdout == "", result
    assert screened.stderr == imported.stderr
    assert not folder.exists()
    return screened.stderr.splitlines()


def test_a_key_given_three_times_is_one_message_naming_its_three_lines(tmp_path: Path) -> None:
    facts = tmp_path / "thrice.json"
    facts.write_text(json.dumps(_example(), indent=2).replace(
        '"us_person": true',
        '"us_person": false,\n    "us_person": null,\n    "us_person": true'), encoding="utf-8")
    line = next(number for number, text in enumerate(
        facts.read_text(encoding="utf-8").splitlines(), start=1) if '"us_person"' in text)
    assert _refused_by_screen_and_import(facts, tmp_path / "data") == [
        f"investor.us_person: is given 3 times, on lines {line}, {line + 1} and "
        f"{line + 2} of {facts}: only one value can be kept; delete the ones not meant"]


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


def test_a_name_or_item_with_nothing_to_read_is_refused_at_its_field(tmp_path: Path) -> None:
    """A name of spaces or of a pasted zero-width space passed the schema's minLength and
    was stored and filed as a blank name; the wizard calls the same field required."""
    data = _example()
    data["target"]["name_en"] = "\u200b"
    data["target"]["name_zh"] = "\u3000 "  # an optional text left blank is not given, as ""
    data["investor"]["name"] = "   "
    data["target"]["ai"]["us_models_used"] = ["GPT-4o via API", "", "\u200e "]
    facts = tmp_path / "blank-names.json"
    facts.write_text(json.dumps(data), encoding="utf-8")
    blank = "holds only spaces or invisible characters (a zero-width space, a direction mark)"
    assert _refused_by_screen_and_import(facts, tmp_path / "data") == [
        f"target.name_en: {blank}; give a name",
        f"investor.name: {blank}; give a name",
        "target.ai.us_models_used[1]: is empty; delete the item",
        f"target.ai.us_models_used[2]: {blank}; delete the item"]


def test_a_figure_longer_than_the_wizard_takes_is_refused_at_its_field(tmp_path: Path) -> None:
    """A 20-digit amount was stored and listed rounded (the case list keeps a float, exact
    to 15 digits): a file is held to the wizard's 15 digits before the point."""
    data = _example()
    data["deal"]["amount"] = {"value": 12345678901234567890, "currency": "USD"}
    data["target"]["turnover_cny"] = {"china": 1e16, "worldwide": 999_999_999_999_999.5}
    data["deal"]["data_export"] = {"pi_subjects_processed": 10**15}
    data["deal"]["board_seats"] = 1e308  # printed on a filing with 309 digits
    facts = tmp_path / "long-figures.json"
    facts.write_text(json.dumps(data), encoding="utf-8")
    assert _refused_by_screen_and_import(facts, tmp_path / "data") == [
        "deal.board_seats: must be at most 999",
        "deal.amount.value: has too many digits (20); at most 15 before the point",
        "target.turnover_cny.china: has too many digits (17); at most 15 before the point",
        "deal.data_export.pi_subjects_processed: has too many digits (16); at most 15 "
        "before the point"]
