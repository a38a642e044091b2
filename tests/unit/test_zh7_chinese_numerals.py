"""Amounts written in Chinese numerals, as contracts and e-mails write them (人民币八亿元,
十二亿, 三千万, 壹亿贰仟万元整, 1亿2000万), are read exactly; what speech shortens
(八亿五 for 八亿五千万) is refused with both readings, not guessed."""

from __future__ import annotations

import pytest

from approvals.domain.typed_input import (
    PEOPLE,
    Unreadable,
    in_chinese_units,
    read_amount,
    read_number,
)


@pytest.mark.parametrize(("text", "value"), [
    ("八亿", 800_000_000),
    ("十二亿", 1_200_000_000),
    ("三千万", 30_000_000),
    ("两千万", 20_000_000),
    ("十万", 100_000),
    ("八百", 800),
    ("二十五", 25),
    ("三百二十一", 321),
    ("一千零五十万", 10_500_000),
    ("八亿五千万", 850_000_000),
    ("八亿零五", 800_000_005),
    ("一万亿", 10**12),
    ("九千九百九十九万九千九百九十九亿九千九百九十九万九千九百九十九", 9_999_999_999_999_999),
    ("九千九百九十九万九千九百九十九", 99_999_999),
    ("1亿2000万", 120_000_000),
    ("1,200万", 12_000_000),
    ("壹亿贰仟万", 120_000_000),
    ("８亿", 800_000_000),  # full-width digit, as pasted
    # What was read before stays read the same way.
    ("8亿", 800_000_000), ("3千万", 30_000_000), ("1.5亿", 150_000_000),
    ("800 million", 800_000_000),
])
def test_chinese_numerals_are_read_exactly(text: str, value: int) -> None:
    read = read_number(text)
    assert read == value and isinstance(read, int)


def test_amounts_with_currency_words_around_chinese_numerals() -> None:
    assert read_amount("人民币八亿元") == (800_000_000, "CNY")
    assert read_amount("人民币捌亿元整") == (800_000_000, "CNY")
    assert read_amount("壹亿贰仟万元整") == (120_000_000, "CNY")
    assert read_amount("八千万美元") == (80_000_000, "USD")
    assert read_amount("RMB 1.2 billion") == (1_200_000_000, "CNY")
    assert read_number("十五万人", units=PEOPLE) == 150_000


@pytest.mark.parametrize(("text", "spoken", "literal", "meant"), [
    ("八亿五", "850,000,000", "800,000,005", "八亿五千万"),
    ("三千五", "3,500", "3,005", "三千五百"),
    ("一万五", "15,000", "10,005", "一万五千"),
    ("1万5", "15,000", "10,005", "1万5千"),
])
def test_a_digit_short_for_the_next_unit_is_refused_with_both_readings(
        text: str, spoken: str, literal: str, meant: str) -> None:
    with pytest.raises(Unreadable) as refused:
        read_number(text)
    message = str(refused.value)
    assert spoken in message and literal in message and f"write {meant}" in message
    with pytest.raises(Unreadable):
        read_amount(f"人民币{text}元")


@pytest.mark.parametrize(("text", "why"), [
    ("二〇二六", "with its units"),
    ("一二三", "with its units"),
    ("万", "no digit before 万"),
    ("百", "no digit before 百"),
    ("约八亿", "not a number"),
    ("1.5亿2000万", "a decimal may only come before the last unit"),
    ("三十五百", "百 after a smaller unit"),
    ("一万二万", "万 twice"),
    ("一亿二亿", "亿 twice"),
    ("八\U00010A43", "not a number"),  # a digit of another script that int() cannot read
])
def test_what_is_not_a_chinese_figure_is_refused_with_why(text: str, why: str) -> None:
    with pytest.raises(Unreadable, match=why):
        read_number(text)


def test_a_figure_in_chinese_numerals_is_one_whose_currency_is_not_guessed() -> None:
    """八百 with no currency may be yuan or dollars, as 8亿 may: the wizard asks."""
    assert in_chinese_units("八百") and in_chinese_units("八亿") and in_chinese_units("8亿")
    assert not in_chinese_units("800") and not in_chinese_units("800 million")


def test_a_decimal_point_and_a_percent_written_in_chinese() -> None:
    assert read_number("八点五亿") == 850_000_000
    assert read_number("十二点五亿") == 1_250_000_000
    assert read_amount("人民币一点二五亿元") == (125_000_000, "CNY")
    assert read_number("百分之五十一", percent=True) == 51
    assert read_number("百分之十二点五", percent=True) == 12.5
    assert read_number("百分之零点五", percent=True) == 0.5  # the percent said: not a fraction
    with pytest.raises(Unreadable, match=r"could be 0\.5 % or a fraction"):
        read_number("零点五", percent=True)
    with pytest.raises(Unreadable, match="before the unit"):
        read_number("一亿点五")
