"""Figures as officers write them: with the word that says what they count (15万人 of
people, 3e25 FLOP of training compute), with the currency written out (25 million US
dollars, 1.5亿美金) or in traditional characters (30億円): each "is not a number" before."""

from __future__ import annotations

import pytest

from approvals.domain.typed_input import (
    DOLLAR,
    OPERATIONS,
    PEOPLE,
    Unreadable,
    currency_code,
    in_chinese_units,
    read_amount,
    read_date,
    read_number,
)


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


@pytest.mark.parametrize(("typed", "read"), [
    # "is not a number" before: the currency written out, traditional 億 and 萬, 美金.
    ("25 million US dollars", (25_000_000, "USD")), ("1.5 billion yuan", (1_500_000_000, "CNY")),
    ("RMB 800 million yuan", (800_000_000, "CNY")), ("30億円", (3_000_000_000, "JPY")),
    ("1.5亿美金", (150_000_000, "USD")), ("3 億港幣", (300_000_000, "HKD")),
    ("5,000萬元", (50_000_000, "CNY")), ("2 billion yen", (2_000_000_000, "JPY")),
    ("EUR 3.5 million euros", (3_500_000, "EUR")),
    # "dollars" alone is any dollar, as "$" is: read in the currency chosen beside it.
    ("25 million dollars", (25_000_000, DOLLAR)),
])
def test_an_amount_may_write_its_currency_out(typed: str, read: tuple[int, str]) -> None:
    assert read_amount(typed) == read


def test_a_chinese_unit_in_traditional_characters_is_a_chinese_unit() -> None:
    assert in_chinese_units("3億")  # so 3億 with no currency is asked about, not guessed
    assert currency_code("美金") == "USD" and currency_code("yuan") == "CNY"


def test_two_currencies_written_out_are_still_refused() -> None:
    with pytest.raises(Unreadable, match="names two currencies"):
        read_amount("25 million US dollars RMB")


def test_a_date_with_a_letter_for_a_digit_says_which_and_what_was_meant() -> None:
    with pytest.raises(Unreadable, match=r"the letter O where a digit should be \(did you "
                                         r"mean 2026-12-10\?\)"):
        read_date("2026-12-1O")
    with pytest.raises(Unreadable) as refused:
        read_date("2026-12-1x")
    assert "letter" not in str(refused.value)


@pytest.mark.parametrize(("typed", "read"), [
    ("2026年12月31号", "2026-12-31"), ("2026年1月2日", "2026-01-02"),
])
def test_hao_is_read_as_ri(typed: str, read: str) -> None:
    assert read_date(typed) == read


@pytest.mark.parametrize(("typed", "pct"), [
    ("12.5 percent", 12.5), ("12.5 per cent", 12.5), ("12.5pct", 12.5), ("0.5 percent", 0.5),
])
def test_percent_may_be_written_as_a_word(typed: str, pct: float) -> None:
    assert read_number(typed, percent=True) == pct


@pytest.mark.parametrize(("typed", "read"), [
    ("人民币8亿元整", (800_000_000, "CNY")), ("8亿元整", (800_000_000, "CNY")),
])
def test_zheng_closing_a_contract_amount_is_read(typed: str, read: tuple[int, str]) -> None:
    assert read_amount(typed) == read  # "is not a number" before


@pytest.mark.parametrize(("typed", "meant"), [
    ("1.2 milion", "million"), ("3 bilion", "billion"), ("US$ 2 millon", "million"),
    ("5 thousnd", "thousand"),
])
def test_a_misspelt_million_is_refused_with_the_word_meant(typed: str, meant: str) -> None:
    with pytest.raises(Unreadable, match=f"did you mean '{meant}'"):
        read_amount(typed)  # a hint only: never read as the word meant


def test_a_word_far_from_any_multiplier_gets_no_hint() -> None:
    with pytest.raises(Unreadable) as refused:
        read_amount("12 apples")
    assert "did you mean" not in str(refused.value)
