"""Properties of typed input (domain.typed_input, domain.numbers): what is shown reads back
as the same value, what is accepted is exact, and any text at all is either read or
refused with `Unreadable`, never another exception."""

from __future__ import annotations

import contextlib
import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from approvals.domain.numbers import power_of_ten
from approvals.domain.screening import operations_text
from approvals.domain.typed_input import (
    MONEY_DIGITS,
    Unreadable,
    number_text,
    read_amount,
    read_date,
    read_number,
)

# Pasted from a Chinese document: the same figure in full-width characters.
FULL_WIDTH = str.maketrans("0123456789.,-+%e", "０１２３４５６７８９．，－＋％ｅ")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

finite_floats = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300)
numbers = st.one_of(st.integers(-(10**20), 10**20), finite_floats)
# Text made of what figures are typed with, so the fuzzing reaches the parser's branches
# rather than stopping at "is not a number" on the first letter.
figure_text = st.lists(
    st.sampled_from([*"0123456789.,-+e% _'kmx×*^·", "万", "亿", "千万", "万亿", "million",
                     "bn", "10^", "10**", "²⁵", "０", "，", "$", "¥", "RMB", "US$", "元", "人民币",
                     "\u200b", "\u00a0"]),
    max_size=14,
).map("".join)


def same(a: int | float | None, b: int | float | None) -> bool:
    return a == b and type(a) is type(b)


@given(numbers, st.booleans())
@example(999_999_999_999_999, False)
@example(0.5, True)
@example(-0.0, False)
def test_a_number_shown_reads_back_as_the_same_value(value: int | float, percent: bool) -> None:
    shown = number_text(value, percent=percent)
    back = read_number(shown, percent=percent)
    assert back == value, shown
    # Ints stay ints; a float that is a whole number below 10^15 is shown without a point
    # and may come back as an int of the same value, which the facts store alike.
    assert isinstance(back, int) or isinstance(value, float), shown
    assert read_number(shown.translate(FULL_WIDTH), percent=percent) == back, shown


@given(st.text())
@example("1e-400")
@example("９" * 500)
def test_any_text_is_read_or_refused_with_unreadable(text: str) -> None:
    read_or_refuse(text)


@given(figure_text)
def test_figure_like_text_is_read_or_refused_with_unreadable(text: str) -> None:
    read_or_refuse(text)


def read_or_refuse(text: str) -> None:
    for options in ({}, {"percent": True}, {"integer": True}, {"max_digits": MONEY_DIGITS}):
        with contextlib.suppress(Unreadable):
            read_number(text, **options)
    for reader in (read_amount, read_date):
        with contextlib.suppress(Unreadable):
            reader(text)


@given(
    st.integers(0, 10**30).map(str) | st.from_regex(r"[1-9]\d{0,3}\.\d{1,30}", fullmatch=True),
    st.integers(-40, 40),
    st.sampled_from(["{m}e{e}", "{m}E{e}", "{m} × 10^{e}", "{m}*10**{e}"]),
)
@example("1.0000000000000000000000001", 25, "{m}e{e}")  # more than 10^25: not 1e25
@example("9.007199254740993", 15, "{m} × 10^{e}")  # the figure power_of_ten shows for 2^53 + 1
@example("1", -400, "{m}e{e}")  # below the smallest float: not zero
def test_a_power_of_ten_is_read_exactly_or_refused(mantissa: str, exponent: int, form: str) -> None:
    """Whatever is accepted is exact: a figure above a threshold (10^25 operations) must never
    become the threshold by being rounded to a float."""
    typed = form.format(m=mantissa, e=exponent)
    try:
        value = read_number(typed)
    except Unreadable:
        return
    assert value is not None
    assert Decimal(repr(value) if isinstance(value, float) else value) == Decimal(f"{mantissa}e{exponent}"), typed


SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def printed_value(text: str) -> Decimal:
    """The exact figure a printed `3.1 × 10²⁵`, `10²⁵` or `1,234.5` stands for."""
    head, times, power = text.rpartition("10")
    if power and set(power) <= set("⁰¹²³⁴⁵⁶⁷⁸⁹⁻"):
        mantissa = head.removesuffix(" × ") if times else ""
        sign = "-" if mantissa.startswith("-") or head == "-" else ""
        digits = mantissa.lstrip("-") or "1"
        return Decimal(f"{sign}{digits}e{power.translate(SUPERSCRIPTS)}")
    return Decimal(text.replace(",", ""))


@given(st.one_of(st.integers(-(10**30), 10**30), finite_floats))
@example(2**53 + 1)
@example(10**25 + 1)
@example(1.125)  # was printed 1.12
@example(10**28 + 1)  # was printed 10²⁸ (Decimal's default 28-digit context)
def test_compute_as_the_filings_print_it_keeps_every_digit(value: int | float) -> None:
    """The filings print compute as 3.1 × 10²⁵ (power_of_ten): the figure printed is the
    figure the rules compared, not a rounded neighbour."""
    shown = power_of_ten(value)
    assert printed_value(shown) == Decimal(repr(value) if isinstance(value, float) else value), shown


@given(
    st.integers(1, 9999),
    st.sampled_from([("万", 10**4), ("十万", 10**5), ("百万", 10**6), ("千万", 10**7),
                     ("亿", 10**8), ("万亿", 10**12), (" thousand", 10**3), (" million", 10**6),
                     (" billion", 10**9), ("bn", 10**9), ("k", 10**3)]),
    st.integers(0, 3),
    st.sampled_from([("", None), ("人民币", "CNY"), ("RMB ", "CNY"), ("US$", "USD"),
                     ("美元", "USD"), ("HK$", "HKD"), ("€", "EUR"), ("$", "$"), ("¥", "¥")]),
    st.booleans(),
)
def test_amounts_with_chinese_and_english_multipliers(
    digits: int, multiplier: tuple[str, int], decimals: int, currency: tuple[str, str | None],
    full_width: bool,
) -> None:
    """`1.5亿`, `RMB 800 million`, `US$2.5 billion`: the exact figure and the currency named."""
    word, factor = multiplier
    mark, code = currency
    figure = Decimal(digits).scaleb(-decimals).normalize()
    typed = f"{mark}{figure:f}{word}"
    if full_width:
        typed = typed.translate(FULL_WIDTH)
    expected = figure * factor
    try:
        value, found = read_amount(typed)
    except Unreadable as exc:
        # Refused only for a reason the module promises: 1.500万 (1.5 or 1,500?), more than
        # 15 digits of money, or a fraction of a unit that a float cannot hold.
        if re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", f"{figure:f}"):
            assert "could be" in str(exc), (typed, exc)
        else:
            assert "too many digits" in str(exc) or "kept exactly" in str(exc), (typed, exc)
            assert expected.adjusted() + 1 > MONEY_DIGITS or expected != expected.to_integral_value()
        return
    assert value is not None and Decimal(repr(value) if isinstance(value, float) else value) == expected, typed
    assert found == code, typed


@given(st.integers(0, 10**15 - 1), st.sampled_from(["{:,}", "{:_}", "{}"]))
def test_grouped_figures(value: int, form: str) -> None:
    typed = form.format(value)
    assert same(read_number(typed), value), typed
    assert same(read_number(typed.replace(",", " ")), value), typed  # 1 000 000


@given(
    st.dates(date(1000, 1, 1), date(9999, 12, 31)),
    st.sampled_from([
        "{d:%Y-%m-%d}", "{d.year}/{d.month}/{d.day}", "{d.year}.{d.month:02}.{d.day:02}",
        "{d.year}年{d.month}月{d.day}日", "{d.day} {month} {d.year}", "{mon} {d.day}, {d.year}",
        "{d.day}-{mon}-{d.year}", "{month} {d.day}, {d.year}",
    ]),
    st.booleans(),
)
def test_a_date_in_any_accepted_form_reads_as_the_same_day(day: date, form: str, full_width: bool) -> None:
    typed = form.format(d=day, month=MONTHS[day.month - 1], mon=MONTHS[day.month - 1][:3])
    if full_width:
        typed = typed.translate(FULL_WIDTH)
    assert read_date(typed) == day.isoformat(), typed
    assert read_date(read_date(typed) or "") == day.isoformat()  # the stored form reads back


@given(st.dates(date(1000, 1, 1), date(9999, 12, 31)), st.sampled_from(["/", "-", "."]))
def test_day_and_month_in_either_order_are_read_only_when_one_reading_is_a_date(
    day: date, sep: str,
) -> None:
    typed = f"{day.day:02}{sep}{day.month:02}{sep}{day.year}"
    try:
        found = read_date(typed)
    except Unreadable as exc:
        # Refused only when the month-first reading is a date as well (and another day).
        assert day.day <= 12 and day.day != day.month, (typed, exc)
        return
    assert found == day.isoformat() or (day.day == day.month), typed


@given(st.one_of(st.integers(0, 10**40), st.floats(min_value=0, max_value=1e300)))
@example(10**28 + 1)  # was written 1e28 in the screening's reasons
@example(10**25 + 1)
def test_compute_as_the_screening_reasons_write_it_keeps_every_digit(value: int | float) -> None:
    written = operations_text(value)
    assert Decimal(written) == Decimal(repr(value) if isinstance(value, float) else value), written
    back = read_number(written)  # what a reviewer copies from a reason reads as the same figure
    assert back is not None and Decimal(repr(back) if isinstance(back, float) else back) == Decimal(written)


@given(st.integers(0, 9999), st.integers(0, 99), st.integers(0, 99))
@example(0, 1, 1)  # said "January 0 has no day 1"
@example(2026, 2, 29)
@example(2028, 2, 29)
def test_a_date_that_does_not_exist_is_refused_saying_why(year: int, month: int, day: int) -> None:
    typed = f"{year:04}-{month:02}-{day:02}"
    try:
        found = date(year, month, day)
    except ValueError:
        found = None
    if found is not None:
        assert read_date(typed) == typed
        return
    with pytest.raises(Unreadable) as refused:
        read_date(typed)
    why = str(refused.value)
    if not 1 <= month <= 12:
        assert f"there is no month {month}" in why
    elif year == 0:
        assert "there is no year 0" in why
    else:
        assert f"has no day {day}" in why
