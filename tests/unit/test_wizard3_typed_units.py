"""A figure with the word that says what it counts, as officers write it: 15万人 of people
("is not a number" before), 3e25 FLOP of training compute."""

from __future__ import annotations

import pytest

from approvals.domain.typed_input import OPERATIONS, PEOPLE, Unreadable, read_number


@pytest.mark.parametrize(("typed", "count"), [
    ("15万人", 150_000), ("15 万 人", 150_000), ("150,000 people", 150_000),
    ("1.2万名", 12_000), ("80000 individuals", 80_000), ("12,000", 12_000),
])
def test_a_count_of_people_may_say_people(typed: str, count: int) -> None:
    assert read_number(typed, integer=True, units=PEOPLE) == count


@pytest.mark.parametrize(("typed", "ops"), [
    ("3.1e25 FLOP", 3.1e25), ("10^25 FLOPs", 1e25), ("3.1 × 10²⁵ operations", 3.1e25),
    ("9.8e24次运算", 9.8e24), ("3e25", 3e25),
])
def test_training_compute_may_say_operations(typed: str, ops: float) -> None:
    assert read_number(typed, units=OPERATIONS) == ops


@pytest.mark.parametrize(("typed", "units"), [
    ("人", PEOPLE),  # the word alone is no figure
    ("15万人", ()),  # only where the field counts people
    ("15万人次", PEOPLE),  # person-times are not individuals
])
def test_a_unit_word_is_read_only_after_a_figure_in_its_field(
    typed: str, units: tuple[str, ...]
) -> None:
    with pytest.raises(Unreadable):
        read_number(typed, integer=True, units=units)
