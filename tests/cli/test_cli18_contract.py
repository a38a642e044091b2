"""Contract points of spec/cli.md that no other test pinned through the real entry point
(audit cli18): each shipped example's outcome per regime as regulatory-reference.md
derives it, every example through `case import` and back out of `case list --json`, the
`--pause` example of the spec and `estimated` for a start day in a year without a
schedule, and a sweep of facts.schema.json: what the schema refuses, `screen` and
`case import` refuse (exit 2, the field named, nothing written)."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

from tests.cli.helpers import run_many
from tests.conftest import EXAMPLES_DIR

SCHEMA_PATH = EXAMPLES_DIR.parent / "facts.schema.json"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.json"))

# Each example on 2026-12-01, regime by regime, worked out by hand from
# regulatory-reference.md (the facts that decide it in the comment).
EXPECTED = {
    "consumer-app.json": {
        "CN-US-CAPITAL": "needs_info",          # leading_tech_enterprise is null
        "CN-FISR": "not_required",              # no Art. 4 field
        "CN-NEGATIVE-LIST": "not_required",     # no prohibited activity
        "CN-TECH-EXPORT": "needs_info",         # technology_transfer not given
        "CN-DATA-EXPORT": "filing_required",    # 250,000 PI subjects: 100,000..999,999
        "CN-SAMR": "not_required",              # 2 %, no control
        "US-OISP": "needs_info",                # AI developer, training compute unknown
    },
    "frontier-lab.json": {
        "CN-US-CAPITAL": "approval_required",   # leading tech enterprise, US investor
        "CN-FISR": "not_required",              # key technologies, but no control
        "CN-NEGATIVE-LIST": "not_required",
        "CN-TECH-EXPORT": "not_required",       # no technology transferred
        "CN-DATA-EXPORT": "not_required",       # no PI exported
        "CN-SAMR": "not_required",              # 6.5 %, no control
        "US-OISP": "prohibited",                # 3.1e25 operations: more than 10^25
    },
    "vision-startup.json": {
        "CN-US-CAPITAL": "not_required",        # not a leading tech enterprise
        "CN-FISR": "approval_required",         # key technologies and control (51 %)
        "CN-NEGATIVE-LIST": "not_required",
        "CN-TECH-EXPORT": "approval_required",  # restricted catalogue item: licence
        "CN-DATA-EXPORT": "not_required",       # 20,000 PI subjects, none sensitive
        "CN-SAMR": "not_required",              # RMB 90.13 bn worldwide, 2.22 bn China
        "US-OISP": "notification_required",     # 4e22 operations, but robotic control
    },
}


def _schema_paths(schema: dict, prefix: str = "") -> set[str]:
    paths = set()
    for key, sub in schema.get("properties", {}).items():
        path = f"{prefix}{key}"
        paths |= {path} | _schema_paths(sub, f"{path}.")
    return paths


def test_every_example_screens_to_the_outcome_the_reference_gives(tmp_path: Path) -> None:
    assert sorted(p.name for p in EXAMPLES) == sorted(EXPECTED)
    schema_paths = _schema_paths(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    data = tmp_path / "untouched"
    runs = run_many(*(("screen", example, "--as-of", "2026-12-01", *proposed, "--json",
                       "--data-dir", data)
                      for example in EXAMPLES for proposed in ((), ("--include-proposed",))))
    for index, result in enumerate(runs):
        example, proposed = EXAMPLES[index // 2], bool(index % 2)
        assert (result.code, result.stderr) == (0, ""), (example.name, result.stderr)
        assert result.stdout.endswith("}\n")  # one JSON document, nothing else
        doc = result.json()
        assert (list(doc), doc["as_of"]) == (["as_of", "rulebook", "determinations"], "2026-12-01")
        expected = dict(EXPECTED[example.name])
        if not proposed:
            del expected["CN-US-CAPITAL"]
        found = {d["regime"]: d for d in doc["determinations"]}
        assert len(found) == len(doc["determinations"])  # one determination per regime
        assert {r: d["outcome"] for r, d in found.items()} == expected, example.name
        for regime, det in found.items():
            assert det["status"] == ("reported" if regime == "CN-US-CAPITAL" else "in_force")
            assert det["reasons"], (example.name, regime)
            # `missing` names facts paths of the schema, and only when the outcome is needs_info.
            assert bool(det["missing"]) == (det["outcome"] == "needs_info"), (example.name, regime)
            assert set(det["missing"]) <= schema_paths, det["missing"]
    assert not data.exists(), "screen does not write to the data folder"


def test_every_example_imports_and_is_listed_as_the_contract_shows(tmp_path: Path) -> None:
    data = tmp_path / "data"
    *imports, listed = run_many(
        *(("case", "import", example, "--json", "--data-dir", data) for example in EXAMPLES),
        ("case", "list", "--json", "--data-dir", data))
    year = date.today().year  # references are numbered in the year the case is created
    references = []
    for example, result in zip(EXAMPLES, imports, strict=True):
        assert (result.code, result.stderr) == (0, ""), (example.name, result.stderr)
        out = result.json()
        assert list(out) == ["reference"], out  # `{"reference": "AP-2026-0013"}`
        assert re.fullmatch(rf"AP-{year}-\d{{4}}", out["reference"]), out
        references.append(out["reference"])
    assert len(set(references)) == len(EXAMPLES)
    assert (listed.code, listed.stderr) == (0, "")
    cases = {case["reference"]: case for case in listed.json()["cases"]}
    assert list(listed.json()) == ["cases"] and set(cases) == set(references)
    for example, reference in zip(EXAMPLES, references, strict=True):
        facts = json.loads(example.read_text(encoding="utf-8"))
        case = cases[reference]
        assert list(case) == ["reference", "target", "investor", "status", "next_deadline"]
        assert (case["target"], case["investor"]) == (facts["target"]["name_en"],
                                                      facts["investor"]["name"])
        assert isinstance(case["status"], str) and case["status"]
        assert case["next_deadline"] is None or date.fromisoformat(case["next_deadline"])


def test_the_pause_of_the_spec_and_a_start_in_a_year_without_a_schedule() -> None:
    paused, twice, unheld = run_many(
        # The help's own example: 30 working days from 24 September 2026, the clock stopped
        # from 9 to 20 October: the working days 10 (make-up day), 12-16, 19 and 20 October
        # are not counted.
        ("deadline", "--calendar", "CN", "--from", "2026-09-24", "--working-days", "30",
         "--pause", "2026-10-09:2026-10-20", "--json"),
        # A second pause stops the clock again (25 to 27 October: 26 and 27 not counted).
        ("deadline", "--calendar", "CN", "--from", "2026-09-24", "--working-days", "30",
         "--pause", "2026-10-09:2026-10-20", "--pause", "2026-10-25:2026-10-27", "--json"),
        # The start day lies in 2015, a year whose CN schedule the app does not hold.
        ("deadline", "--calendar", "CN", "--from", "2015-12-31", "--working-days", "1",
         "--json"))
    for result in (paused, twice, unheld):
        assert (result.code, result.stderr) == (0, ""), result.stderr
    assert paused.json() == {"calendar": "CN", "from": "2026-09-24", "due": "2026-11-24",
                             "counted_days": 30, "paused_days": 8, "estimated": False,
                             "warnings": []}
    assert (twice.json()["due"], twice.json()["paused_days"]) == ("2026-11-26", 10)
    out = unheld.json()
    assert (out["due"], out["estimated"]) == ("2016-01-04", True)
    assert len(out["warnings"]) == 1 and out["warnings"][0].startswith("2015: ")


# Values put in turn into every field of the schema; what the schema refuses, the app must
# refuse too (it refuses more: check characters, ISO codes, real dates, as the schema's
# descriptions say; those are tested where they are checked).
SWEEP_VALUES = (None, True, -1, 1.5, 101, "", "x", [], ["x"], {}, "<deleted>")


def _sweep_cases() -> list[tuple[str, object, dict]]:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    base = json.loads((EXAMPLES_DIR / "vision-startup.json").read_text(encoding="utf-8"))
    cases = []
    for path in sorted(_schema_paths(schema)):
        *parents, last = path.split(".")
        for value in SWEEP_VALUES:
            facts = copy.deepcopy(base)
            node = facts
            for key in parents:
                node = node.setdefault(key, {})
            if value == "<deleted>":
                if last not in node:
                    continue
                del node[last]
            else:
                node[last] = value
            cases.append((path, value, facts))
    return cases


def test_facts_the_schema_refuses_are_refused_at_their_field(tmp_path: Path) -> None:
    validator = Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")),
                                     format_checker=FormatChecker())
    refused = [case for case in _sweep_cases() if not validator.is_valid(case[2])]
    assert len(refused) > 150
    # Two refused values a field (of about six): every field is reached, in a third of the time.
    per_field: dict[str, list[tuple[str, object, dict]]] = {}
    for case in refused:
        per_field.setdefault(case[0], []).append(case)
    cases = [case for field_cases in per_field.values() for case in field_cases[:2]]
    assert len({path for path, _value, _facts in cases}) == len({c[0] for c in refused})
    files = []
    for index, (_path, _value, facts) in enumerate(cases):
        files.append(tmp_path / f"facts-{index}.json")
        files[-1].write_text(json.dumps(facts), encoding="utf-8")
    data = tmp_path / "data"
    screens = run_many(*(("screen", f, "--as-of", "2026-12-01", "--json") for f in files))
    # Importing is the same reader; every fourth case keeps the run short.
    imports = run_many(*(("case", "import", f, "--json", "--data-dir", data)
                         for f in files[::4]))
    for (path, value, _facts), result in zip(cases, screens, strict=True):
        assert (result.code, result.stdout) == (2, ""), (path, value, result)
        assert "Traceback" not in result.stderr
        # One line per problem, each starting with the field path: the field refused, a
        # field or item inside it (`deal.amount.value` of an empty `deal.amount`,
        # `target.activities[0]`) or its group.
        fields = [line.split(": ", 1)[0] for line in result.stderr.splitlines()]
        assert any(field == path or field.startswith((f"{path}.", f"{path}["))
                   or path.startswith(f"{field}.") for field in fields), (path, value, result.stderr)
    for (path, value, _facts), result in zip(cases[::4], imports, strict=True):
        assert (result.code, result.stdout) == (2, ""), (path, value, result)
    assert not data.exists(), "a refused import writes nothing, not even the data folder"
