"""What officers type or paste, read exactly or refused with a reason (domain.typed_input)."""

from __future__ import annotations

from typing import Any

import pytest

from approvals.domain.identifiers import lei_problem, normalise_lei, normalise_uscc, uscc_problem
from approvals.domain.typed_input import (
    DOLLAR,
    ISO_4217_CODES,
    MONEY_DIGITS,
    YEN,
    Unreadable,
    amount_currency,
    currency_code,
    minor_unit_places,
    minor_unit_problem,
    number_text,
    read_amount,
    read_date,
    read_money,
    read_number,
)

USCC = "9111000072HD1TJ3YN"
LEI = "549300JSIOM1TMA7V337"


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def same(a: Any, b: Any) -> bool:
    """Equal and of the same type: 1000000 is not 1000000.0."""
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("pasted", [
    "9111 0000 72HD 1TJ3 YN", "91110000-72HD1TJ3YN", USCC.lower(), full_width(USCC),
    USCC + "\n", USCC + "\u200b", "\u200b" + USCC[:9] + "\u200b" + USCC[9:], "\ufeff" + USCC,
    USCC[:9] + "\u00ad" + USCC[9:], " " + USCC + "\t",
])
def test_a_pasted_uscc_is_read_as_the_code(pasted: str) -> None:
    assert normalise_uscc(pasted) == USCC
    assert uscc_problem(normalise_uscc(pasted)) is None


@pytest.mark.parametrize("pasted", [LEI.lower(), "5493 00JS IOM1 TMA7 V337", full_width(LEI),
                                    LEI + "\u200b", "5493-00JS-IOM1-TMA7-V337\n"])
def test_a_pasted_lei_is_read_as_the_code(pasted: str) -> None:
    assert normalise_lei(pasted) == LEI
    assert lei_problem(normalise_lei(pasted)) is None


@pytest.mark.parametrize(("typed", "message"), [
    (USCC[:-1] + "M", "check character is 'M', expected 'N'"),
    ("9111O00072HD1TJ3YN", "character 5 is 'O': the first 8 characters are digits (the digit 0?)"),
    ("9111000072HO1TJ3YN", "character 12 is 'O', which a USCC never has"),
    (USCC[:-1], "must be 18 characters, got 17"),
])
def test_a_wrong_uscc_says_what_is_wrong(typed: str, message: str) -> None:
    assert message in (uscc_problem(normalise_uscc(typed)) or "")


def test_a_wrong_lei_names_the_check_digits_expected() -> None:
    assert lei_problem(normalise_lei(LEI[:-1].lower() + "8")) == (
        "check digits are '38', expected '37'")


@pytest.mark.parametrize(("typed", "value"), [
    ("1,000,000", 1_000_000),
    ("1 000 000", 1_000_000),
    ("1\u00a0000\u00a0000", 1_000_000),
    ("1\u202f000\u202f000", 1_000_000),
    ("1'000'000", 1_000_000),
    ("1.000.000", 1_000_000),  # dots group thousands (Europe): never a decimal
    ("1.000.000,50", 1_000_000.5),
    ("１０００万", 10_000_000),
    ("1000万", 10_000_000),
    ("8亿", 800_000_000),
    ("1.5亿", 150_000_000),
    ("2万亿", 2 * 10**12),
    ("800 million", 800_000_000),
    ("2.5 billion", 2_500_000_000),
    ("5bn", 5_000_000_000),
    ("250k", 250_000),
    ("1e6", 1e6),
    ("1,000,000.50", 1_000_000.5),
    ("0.125", 0.125),
    ("2.0", 2.0),
    ("-0.0", 0.0),
    ("10000000000000000000000001", 10**25 + 1),  # exact: more than 1e25
    ("31,000,000,000,000,000,000,000,000", 31 * 10**24),
    ("3.1e25", 3.1e25),
    ("3.1E+25", 3.1e25),
    ("3.1×10^25", 3.1e25),
    ("3.1 x 10²⁵", 3.1e25),
    ("3.1 × 10^25", 3.1e25),
    ("3.1*10**25", 3.1e25),
    ("10^26", 1e26),
    ("10²⁶", 1e26),
    ("", None),
    ("  ", None),
])
def test_numbers_as_typed_are_read_exactly(typed: str, value: Any) -> None:
    assert same(read_number(typed), value), read_number(typed)


@pytest.mark.parametrize(("typed", "message"), [
    ("1,5", "a comma may only separate thousands"),
    ("2.500", "could be 2.5 or 2,500"),
    ("150m", "'m' means a thousand in some accounts and a million in others"),
    ("12345678901234567890.5", "more digits than can be kept exactly"),
    ("1e400", "finite"),
    ("1e999999999", "finite"),
    ("9" * 5000, "too many digits"),
    ("abc", "is not a number"),
    ("x10^25", "is not a number"),
])
def test_numbers_that_cannot_be_read_exactly_are_refused(typed: str, message: str) -> None:
    with pytest.raises(Unreadable, match=message):
        read_number(typed)


@pytest.mark.parametrize(("typed", "readings", "thousands", "decimal"), [
    ("12.345", "could be 12.345 or 12,345", 12345, 12.345),
    ("2.500", "could be 2.5 or 2,500", 2500, 2.5),
    ("USD 2.125 million", "could be 2.125 million or 2,125 million", 2_125_000_000, 2_125_000),
    ("-12.345", "could be -12.345 or -12,345", -12345, -12.345),
])
def test_a_dot_or_thousands_suggests_two_forms_that_each_read(
        typed: str, readings: str, thousands: float, decimal: float) -> None:
    """Both forms the message offers are accepted, with the reading each stands for; the
    decimal form is never the text just refused, and the multiplier typed stays."""
    with pytest.raises(Unreadable) as refused:
        read_amount(typed)
    message = str(refused.value)
    assert readings in message
    forms = message.split(": write ")[1].split("' or '")
    first, second = forms[0].strip("'"), forms[1].strip("'")
    assert typed.removeprefix("USD ") not in (first, second)
    assert read_amount(first)[0] == thousands
    assert read_amount(second)[0] == decimal


def test_money_has_at_most_fifteen_digits() -> None:
    assert read_number("9" * 15, max_digits=MONEY_DIGITS) == int("9" * 15)
    for typed in ("1" + "0" * 30, "1e20", "100,000,000,000,000,000"):
        with pytest.raises(Unreadable, match="too many digits"):
            read_number(typed, max_digits=MONEY_DIGITS)


@pytest.mark.parametrize(("typed", "value"), [
    ("50%", 50), ("50 %", 50), ("５０％", 50), ("50.0001", 50.0001), ("0.5%", 0.5),
    ("0.5 %", 0.5), ("0", 0), ("1", 1), ("100", 100), ("12.500", 12.5),
])
def test_percentages(typed: str, value: Any) -> None:
    assert same(read_number(typed, percent=True), value)


def test_a_bare_fraction_in_a_percent_field_is_refused() -> None:
    with pytest.raises(Unreadable, match=r"could be 0.5 % or a fraction \(50 %\)"):
        read_number("0.5", percent=True)
    with pytest.raises(Unreadable, match="comma"):
        read_number("6,5 %", percent=True)
    with pytest.raises(Unreadable, match="kept exactly"):
        read_number("33.333333333333333333", percent=True)


def test_whole_numbers() -> None:
    assert same(read_number("2.0", integer=True), 2)
    assert same(read_number("1e3", integer=True), 1000)
    with pytest.raises(Unreadable, match="whole number"):
        read_number("2.5", integer=True)


@pytest.mark.parametrize(("typed", "value", "mark"), [
    ("RMB 800 million", 800_000_000, "CNY"),
    ("rmb800,000,000", 800_000_000, "CNY"),
    ("8亿元", 800_000_000, "CNY"),
    ("人民币8亿元", 800_000_000, "CNY"),
    ("8亿美元", 800_000_000, "USD"),
    ("US$2.5 million", 2_500_000, "USD"),
    ("HK$ 10,000,000", 10_000_000, "HKD"),
    ("2,000,000 usd", 2_000_000, "USD"),
    ("€5 million", 5_000_000, "EUR"),
    ("$2,000,000", 2_000_000, DOLLAR),
    ("＄2,000,000", 2_000_000, DOLLAR),
    ("¥100万", 1_000_000, YEN),
    ("￥100万", 1_000_000, YEN),
    ("8亿", 800_000_000, None),
    ("", None, None),
])
def test_amounts_with_their_currency(typed: str, value: Any, mark: str | None) -> None:
    assert read_amount(typed) == (value, mark)
    assert same(read_amount(typed)[0], value)


@pytest.mark.parametrize(("typed", "message"), [
    ("USD 5 CNY", "names two currencies"),
    ("USD", "has no figure"),
    ("€5m", "'m' means a thousand"),
    ("1" + "0" * 16, "too many digits"),
])
def test_amounts_refused(typed: str, message: str) -> None:
    with pytest.raises(Unreadable, match=message):
        read_amount(typed)


def test_a_dollar_or_yen_sign_alone_takes_the_currency_chosen_if_it_fits() -> None:
    assert amount_currency(DOLLAR, "USD") == "USD"
    assert amount_currency(DOLLAR, "HKD") == "HKD"
    assert amount_currency(YEN, "JPY") == "JPY"
    assert amount_currency(YEN, "rmb") == "CNY"
    assert amount_currency("CNY", "USD") == "CNY"  # written with the figure: it wins
    assert amount_currency(None, " eur ") == "EUR"
    with pytest.raises(Unreadable, match="US, Hong Kong, Singapore"):
        amount_currency(DOLLAR, "CNY")
    with pytest.raises(Unreadable, match="yuan and the yen"):
        amount_currency(YEN, "USD")
    assert currency_code("人民币") == "CNY" and currency_code("RMB") == "CNY"


@pytest.mark.parametrize(("typed", "iso"), [
    ("2026-01-02", "2026-01-02"), ("2026/01/02", "2026-01-02"), ("2026-1-2", "2026-01-02"),
    ("2026.01.02", "2026-01-02"), ("2026年1月2日", "2026-01-02"),
    ("2026 年 1 月 2 日", "2026-01-02"), ("２０２６－０１－０２", "2026-01-02"),
    ("２０２６年１月２日", "2026-01-02"), ("2 January 2026", "2026-01-02"),
    ("Jan 2, 2026", "2026-01-02"), ("2-Jan-2026", "2026-01-02"),
    ("25/01/2026", "2026-01-25"),  # only one reading is a date
    ("12/25/2026", "2026-12-25"),
    ("01/01/2026", "2026-01-01"),  # both readings are the same day
    ("", None),
])
def test_dates_as_typed(typed: str, iso: str | None) -> None:
    assert read_date(typed) == iso


@pytest.mark.parametrize(("typed", "message"), [
    ("02/01/2026", r"could be 2 January or 1 February: write it YYYY-MM-DD "
                   r"\(2026-01-02 or 2026-02-01\)"),
    ("2/1/26", "write the year in full"),
    ("2026-02-30", r"not a date \(February 2026 has no day 30\)"),
    ("2026-13-01", r"not a date \(there is no month 13\)"),
    ("20260102", "not a date"),  # YYYYMMDD: a slipped digit would be another day
    ("2026-W01-2", "not a date"),
    ("2027-12-1O", "not a date"),
    ("13/13/2026", "not a date"),
])
def test_dates_refused(typed: str, message: str) -> None:
    with pytest.raises(Unreadable, match=message):
        read_date(typed)


@pytest.mark.parametrize("value", [
    1_000_000, 1_000_000.5, 3.1e25, 6e23, 10**25 + 1, 0.125, 1234.5678, 999_999_999_999_999,
    0.5, 12.5, 0, 0.0, 2.0,
])
def test_a_value_shown_back_reads_as_the_same_value(value: int | float) -> None:
    for percent in (False, True):
        if percent and value > 100:
            continue
        shown = number_text(value, percent=percent)
        assert read_number(shown, percent=percent) == value, shown


def test_shown_back_readably() -> None:
    assert number_text(800_000_000) == "800,000,000"
    assert number_text(1e6) == "1,000,000"
    assert number_text(1_000_000.5) == "1,000,000.5"
    assert number_text(3.1e25) == "3.1e25"
    assert number_text(0.5, percent=True) == "0.5 %"
    assert number_text(55, percent=True) == "55"


def test_facts_store_a_code_given_with_spaces_or_lower_case_as_the_code() -> None:
    # `approvals case import` and `screen` checked "9111 0000 72hd-1tj3yn" valid and kept it
    # so; the wizard stored 9111000072HD1TJ3YN: one spelling now, whichever way it came.
    from approvals.domain.facts import parse_facts

    facts = parse_facts({
        "schema_version": 1,
        "target": {"name_en": "X Co.", "uscc": "9111 0000 72hd-1tj3yn"},
        "investor": {"name": "Y Fund", "lei": "5493 00js iom1 tma7 v337"},
        "deal": {"instrument": "equity"},
    })
    assert facts.target.uscc == USCC and facts.investor.lei == LEI
    assert facts.to_json_dict()["target"]["uscc"] == USCC


@pytest.mark.parametrize(("text", "chinese"), [
    ("3亿", True), ("１０００万", True), ("5千", True), ("8亿元", True),
    ("800 million", False), ("150,000,000", False), ("US$2m", False), ("", False),
])
def test_figures_in_chinese_units_are_told_apart(text: str, chinese: bool) -> None:
    from approvals.domain.typed_input import in_chinese_units

    assert in_chinese_units(text) is chinese


@pytest.mark.parametrize("typed", ["1e-400", "-1e-400", "3.1 × 10^-400"])
def test_a_number_too_small_to_keep_says_so(typed: str) -> None:
    """Below the smallest float it would be read as 0; the message used to say it had
    too many digits."""
    from approvals.domain.typed_input import Unreadable, read_number

    with pytest.raises(Unreadable, match="too small to keep: it would be read as 0"):
        read_number(typed)


@pytest.mark.parametrize(("typed", "value", "code"), [
    ("KWD 1,000.125", 1000.125, "KWD"),
    ("1,000.125 KWD", 1000.125, "KWD"),
    ("MOP5,000,000", 5_000_000, "MOP"),  # Macau patacas
    ("MOP 3亿", 300_000_000, "MOP"),
    ("AUD 2.5 million", 2_500_000, "AUD"),
    ("CNH 800 million", 800_000_000, "CNY"),  # offshore yuan: the same currency
    ("1.5亿 CNH", 150_000_000, "CNY"),
])
def test_any_iso_4217_code_in_capitals_is_the_amounts_currency(
        typed: str, value: float, code: str) -> None:
    assert read_amount(typed) == (value, code)


@pytest.mark.parametrize(("typed", "message"), [
    ("XYZ 5", "is not a number"),  # no such currency: not read as one
    ("kwd 1000.125", "is not a number"),  # in small letters some codes are words (ALL, TOP)
    ("USD 5 MOP", "names two currencies"),
])
def test_what_is_no_currency_code_is_not_read_as_one(typed: str, message: str) -> None:
    with pytest.raises(Unreadable, match=message):
        read_amount(typed)


@pytest.mark.parametrize(("value", "code", "problem"), [
    (1_000_000.05, "USD", None),
    (1_000_000.005, "USD",
     "'1,000,000.005' has 3 decimal places, and a USD amount has at most 2: check the figure"),
    (800_000_000.001, "CNY", "has 3 decimal places, and a CNY amount has at most 2"),
    (150_000_000, "JPY", None),
    (150_000_000.0, "JPY", None),
    (8_000.5, "JPY", "'8,000.5' has a fraction, and a JPY amount is whole (JPY has no smaller "
                     "unit): check the figure"),
    (1_000.125, "KWD", None),
    (1_000.1255, "KWD", "has 4 decimal places, and a KWD amount has at most 3"),
    (0.5, "USD", None),
])
def test_an_amount_has_no_more_decimal_places_than_its_currency(
        value: float, code: str, problem: str | None) -> None:
    found = minor_unit_problem(value, code)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def test_minor_units_agree_with_cldr_where_cldr_keeps_iso_4217s() -> None:
    """CLDR (babel) shows some currencies in whole units although ISO 4217 gives them a
    minor unit that fell out of use (the rupiah's sen, the Iraqi dinar's fils): an amount
    may still carry it. Everywhere else the two agree, so a slip in the table is found."""
    from babel.numbers import get_currency_precision

    differ = {code: (minor_unit_places(code), get_currency_precision(code))
              for code in ISO_4217_CODES if minor_unit_places(code) != get_currency_precision(code)}
    assert all(cldr == 0 for _iso, cldr in differ.values()), differ
    assert set(differ) == {"AFN", "ALL", "COP", "HUF", "IDR", "IQD", "IRR", "KPW", "LAK", "LBP",
                           "MGA", "MMK", "SLL", "SOS", "SYP", "YER"}
    assert (minor_unit_places("USD"), minor_unit_places("CNY"), minor_unit_places("JPY"),
            minor_unit_places("IQD")) == (2, 2, 0, 3)


def test_a_figure_in_yi_or_wan_in_a_dollar_field_asks_for_its_currency() -> None:
    """5亿 in the LP commitment (USD) was taken as USD 500,000,000 without a word: a figure
    in 亿 or 万 is yuan more often than not, so a field in another currency asks."""
    from approvals.domain.typed_input import Unreadable, read_money

    with pytest.raises(Unreadable) as said:
        read_money("5亿", "USD")
    assert str(said.value) == ("is in USD: a figure in 亿 or 万 is usually yuan; write it with "
                               "its currency (5亿美元 for USD, or convert a yuan figure)")
    assert read_money("5亿美元", "USD") == 500_000_000
    assert read_money("USD 5亿", "USD") == 500_000_000
    assert read_money("8亿", "CNY") == 800_000_000
    assert read_money("500,000,000", "USD") == 500_000_000


@pytest.mark.parametrize(("typed", "said"), [
    ("CYN 1000", "'CYN 1000': 'CYN' is not an ISO 4217 currency code: did you mean CNY?"),
    ("5 USB", "'5 USB': 'USB' is not an ISO 4217 currency code: did you mean USD?"),
    ("1,000 UDS", "'1,000 UDS': 'UDS' is not an ISO 4217 currency code: did you mean USD?"),
    # No code meant, or small letters (a word: "mil", "tsd"): the figure is what is wrong.
    ("QQQ 5", "'QQQ 5' is not a number"),
    ("3 mil", "'3 mil' is not a number"),
])
def test_a_mistyped_code_with_the_figure_is_named_as_the_code(typed: str, said: str) -> None:
    """"CYN 1000" in Amount said "'CYN 1000' is not a number", where CYN typed in the
    currency box says "did you mean CNY?"."""
    with pytest.raises(Unreadable) as refused:
        read_amount(typed)
    assert str(refused.value) == said


def test_too_many_decimal_places_quote_the_figure_as_typed() -> None:
    """'1e-5' was quoted back as '1e-05', a figure the officer never typed."""
    with pytest.raises(Unreadable) as refused:
        read_money("1e-5", "CNY")
    assert str(refused.value) == ("'1e-5' has 5 decimal places, and a CNY amount has at "
                                  "most 2: check the figure")
