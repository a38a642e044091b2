"""The facts fields' names (domain.field_labels over labels.json `fields`): every named path
is a path of the facts schema, every name is there in English and Chinese, every fact the
screening can ask for has a name, and the wizard's names are the data's."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from approvals.domain import field_labels as fl
from approvals.domain.facts import facts_schema, parse_facts
from approvals.domain.screening import screen
from approvals.filings.common import forms
from approvals.resources import label_data
from tests.conftest import EXAMPLES_DIR

DEMO_CASES = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"


def _schema_paths(node: dict[str, Any], prefix: str = "") -> Iterator[str]:
    for key, child in node.get("properties", {}).items():
        path = f"{prefix}.{key}" if prefix else key
        yield path
        yield from _schema_paths(child, path)


SCHEMA_PATHS = frozenset(_schema_paths(facts_schema()))


def test_every_named_path_is_a_path_of_the_facts_schema() -> None:
    assert set(fl.named_paths()) <= SCHEMA_PATHS, set(fl.named_paths()) - SCHEMA_PATHS
    # ...and every field of the schema an officer fills in has a name (the version is no field).
    leaves = {p for p in SCHEMA_PATHS if not any(q.startswith(p + ".") for q in SCHEMA_PATHS)}
    assert leaves - {"schema_version"} <= set(fl.named_paths())


def test_every_name_is_given_in_english_and_chinese() -> None:
    data = label_data()["fields"]
    pairs = [data["reference"], *data["other"].values()]
    for section in data["sections"]:
        pairs.append(section["title"])
        pairs.extend(section["fields"].values())
    for pair in pairs:
        assert len(pair) == 2 and all(isinstance(p, str) and p.strip() for p in pair), pair
        assert pair[0] != pair[1], pair  # a Chinese name, not the English copied
    for path in fl.named_paths():
        assert fl.fact_label(path) != path and fl.fact_label(path, "zh") != path, path


def test_a_malformed_entry_is_refused_on_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = copy.deepcopy(label_data())
    broken["fields"]["sections"][0]["fields"]["target.uscc"] = ["USCC", ""]
    monkeypatch.setattr(fl, "label_data", lambda: broken)
    fl.sections.cache_clear()
    fl._names.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"target\.uscc"):
            fl.fact_label("target.uscc")
    finally:
        monkeypatch.undo()
        fl.sections.cache_clear()
        fl._names.cache_clear()
    assert fl.fact_label("target.uscc") == "Unified Social Credit Code (Target company)"


def test_names_and_the_fallback_for_parts_and_unknown_paths() -> None:
    assert fl.fact_label("target.uscc") == "Unified Social Credit Code (Target company)"
    assert fl.fact_label("target.uscc", "zh") == "统一社会信用代码（目标公司）"
    assert fl.fact_label("target.ai.max_training_compute_ops") == \
        "Largest training run (operations) (AI profile)"
    assert fl.fact_label("target.ai.max_training_compute_ops", "zh") == "最大训练计算量（运算次数）（人工智能情况）"
    assert fl.fact_label("deal.commercial_rationale", "zh") == "投资目的（交易）"
    assert fl.fact_label("reference") == "Officer's case reference"
    # A part of a named field: the field's name, then the part's (as the review's list has it).
    assert fl.fact_label("deal.amount.currency") == "Amount (Deal) — currency"
    assert fl.fact_label("target.uscc.check_digit") == "Unified Social Credit Code (Target company) — check digit"
    # Unknown: the path itself, so nothing is hidden.
    assert fl.fact_label("deal.x") == "deal.x" and fl.fact_label("deal.x", "zh") == "deal.x"
    assert fl.fact_label_both("target.uscc") == "统一社会信用代码（目标公司） / Unified Social Credit Code (Target company)"
    assert fl.fact_label_both("deal.x") == "deal.x"
    assert fl.with_path("target.uscc", fl.fact_label("target.uscc")) == \
        "Unified Social Credit Code (Target company) [target.uscc]"
    assert fl.with_path("deal.x", "deal.x") == "deal.x"
    with pytest.raises(ValueError):
        fl.fact_label("target.uscc", "fr")  # type: ignore[arg-type]


def _without(data: dict[str, Any], path: str) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node = out
    *parents, last = path.split(".")
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(last, None)
    return out


def _facts_examples() -> list[dict[str, Any]]:
    """The spec's examples and the demo cases: between them every regime's rules are met."""
    found = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(EXAMPLES_DIR.glob("*.json"))]
    found += json.loads(DEMO_CASES.read_text(encoding="utf-8"))
    return [item for item in found if isinstance(item, dict) and "target" in item]


def test_every_fact_the_screening_can_ask_for_has_a_name() -> None:
    """Each optional fact (and each optional part of the facts) left out of each example in
    turn, then all of a part's facts at once: whatever the screening reports missing, on
    either side of the rules' dates, is named in both languages."""
    required = {"schema_version", "target", "target.name_en", "investor", "investor.name",
                "deal", "deal.instrument", "deal.amount.value", "deal.amount.currency"}
    reported: set[str] = set()
    for example in _facts_examples():
        variants = [_without(example, p) for p in sorted(SCHEMA_PATHS - required)]
        stripped = copy.deepcopy(example)
        for path in sorted(SCHEMA_PATHS - required, key=lambda p: -p.count(".")):
            if path.count(".") >= 1:
                stripped = _without(stripped, path)
        variants.append(stripped)
        for variant in variants:
            try:
                facts = parse_facts(variant)
            except Exception:  # a variant the schema refuses asks for nothing
                continue
            for day in (date(2025, 6, 1), date(2026, 12, 1)):
                for det in screen(facts, day, include_proposed=True).determinations:
                    reported.update(det.missing)
    assert "target.ai.max_training_compute_ops" in reported  # the search does reach them
    assert len(reported) >= 20
    unnamed = {p for p in reported if not fl.is_named(p)}
    assert unnamed == set()


def test_the_facts_the_filings_require_are_named() -> None:
    for form in forms().values():
        for path, *_ in form["required"]:
            if path.split(".")[0] in ("target", "investor", "deal"):
                assert fl.is_named(path), path
    assert fl.is_named("deal.data_export")  # the filings ask for it as a whole


def test_the_wizard_names_the_fields_from_the_data() -> None:
    from approvals.ui.review import field_label
    from approvals.ui.wizard import FIELD_LABELS, SUMMARY_SECTIONS

    data = label_data()["fields"]
    assert [title for title, _ in SUMMARY_SECTIONS] == [s["title"][0] for s in data["sections"]]
    assert [[(".".join(p), label) for p, label in rows] for _, rows in SUMMARY_SECTIONS] == \
        [[(path, pair[0]) for path, pair in s["fields"].items()] for s in data["sections"]]
    assert {p: fl.fact_label(p) for p in fl.summary_paths()} == FIELD_LABELS
    assert list(FIELD_LABELS)[-1] == "reference"  # the review's order: sections, then it
    for path in fl.summary_paths():
        assert field_label(path) == fl.fact_label(path)
    assert field_label("deal.amount.value") == fl.fact_label("deal.amount.value")
    # The names the wizard's form gives its fields (tests/unit/test_filings6_field_names.py).
    assert FIELD_LABELS["target.uscc"] == "Unified Social Credit Code (Target company)"
    assert FIELD_LABELS["deal.data_export.pi_subjects_current_year"] == \
        "Individuals (non-sensitive PI) since 1 Jan this year (Technology transfer and data export)"
