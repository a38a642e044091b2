"""A figure in a facts file is screened as written, or refused at its field: JSON's floats
hold about 16 significant digits, and 49.9999999999999999 % read as 50 % is control."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from approvals.domain.errors import InputError
from approvals.domain.facts import loads_strict, parse_facts_text
from approvals.domain.numbers import kept_figure
from approvals.domain.screening import screen
from approvals.domain.typed_input import Unreadable, read_number
from tests.cli.helpers import clean_refusal, run_many
from tests.conftest import EXAMPLES_DIR

_LAB = (EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8")
_TOO_MANY = "has more digits than can be kept exactly (15 significant digits at most): round it"


def _lab(old: str, new: str) -> str:
    assert old in _LAB
    return _LAB.replace(old, new)


def _problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as caught:
        parse_facts_text(text, source="lab.json")
    return [(p.path, p.message) for p in caught.value.problems]


def test_a_stake_a_float_would_round_up_to_control_is_refused_at_its_field() -> None:
    text = _lab('"stake_after_pct": 6.5', '"stake_after_pct": 49.9999999999999999')
    assert _problems(text) == [("deal.stake_after_pct", f"49.9999999999999999 {_TOO_MANY}")]


def test_every_rounded_figure_is_named_and_below_the_smallest_float_is_too_small() -> None:
    text = _lab('"stake_after_pct": 6.5', '"stake_after_pct": 1e-400').replace(
        '"china": 650000000', '"china": 649999999.999999999')
    assert _problems(text) == [
        ("target.turnover_cny.china", f"649999999.999999999 {_TOO_MANY}"),
        ("deal.stake_after_pct", "1e-400 is too small to keep: it would be read as 0"),
    ]


def test_a_whole_number_beyond_a_floats_digits_is_kept_exactly_and_screened_so() -> None:
    """10^25 + 1 operations is more than 10^25; its float is not."""
    text = _lab('"max_training_compute_ops": 3.1e25',
                '"max_training_compute_ops": 1.0000000000000000000000001e25')
    facts = parse_facts_text(text)
    assert facts.target.ai is not None
    assert facts.target.ai.max_training_compute_ops == 10**25 + 1
    assert isinstance(facts.target.ai.max_training_compute_ops, int)
    oisp = {d.regime: d for d in screen(facts, as_of=date(2026, 12, 5)).determinations}["US-OISP"]
    assert oisp.outcome == "prohibited"
    assert ("largest training run 1.0000000000000000000000001e25 operations is more than 1e25 "
            "operations") in [r.text for r in oisp.reasons]


@pytest.mark.parametrize("written", ["6.5", "3.1e+25", "0.1", "1E25", "2.50", "1e-7"])
def test_figures_a_float_holds_read_as_before(written: str) -> None:
    value = loads_strict(written)
    assert type(value) is float and Decimal(repr(value)) == Decimal(written)


def test_a_single_value_that_would_round_is_refused_with_the_same_words() -> None:
    """`review propose --value` and the like read one value with loads_strict."""
    with pytest.raises(ValueError, match=re.escape("49.9999999999999999 has more digits than")):
        loads_strict("49.9999999999999999")
    assert loads_strict("[1.0000000000000000000000001e25]") == [10**25 + 1]


def test_the_wizard_and_a_file_keep_figures_by_one_rule() -> None:
    assert kept_figure(Decimal("6.5"), "6.5") == 6.5
    assert kept_figure(Decimal("1.0000000000000000000000001e25"), "x") == 10**25 + 1
    with pytest.raises(ValueError, match="x has more digits"):
        kept_figure(Decimal("49.9999999999999999"), "x")
    with pytest.raises(Unreadable, match="more digits than can be kept exactly"):
        read_number("49.9999999999999999")
    # A whole number written with a point is that whole number, as in a file.
    assert read_number("12345678901234567890.0") == 12345678901234567890


def test_the_screen_command_refuses_the_rounded_stake_naming_the_field(tmp_path: Path) -> None:
    facts = tmp_path / "lab.json"
    facts.write_text(_lab('"stake_after_pct": 6.5', '"stake_after_pct": 49.9999999999999999'),
                     encoding="utf-8")
    [result] = run_many(("screen", facts, "--json"))
    clean_refusal(result, f"deal.stake_after_pct: 49.9999999999999999 {_TOO_MANY}")
    assert json.loads(_LAB)["deal"]["stake_after_pct"] == 6.5
