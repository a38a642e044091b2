"""Messages about typed input quote it at most QUOTED_AT_MOST characters wide, with control
characters escaped: a 3,000-character paste quoted whole made the message, and the label
showing it, thousands of characters wide."""

from __future__ import annotations

import pytest

from approvals.domain.typed_input import (
    QUOTED_AT_MOST,
    Unreadable,
    currency_problem,
    quoted,
    read_amount,
    read_date,
    read_day,
    read_number,
)

LONG_PASTE = "Board minutes of 2 January 2026, item 4: " * 75  # 3,075 characters


def _message(reader, text: str) -> str:
    with pytest.raises(Unreadable) as caught:
        reader(text)
    return str(caught.value)


def _quote_in(message: str) -> str:
    """The quoted text at the start of a message, quotes included."""
    return message[: message.index("'", 1) + 1]


@pytest.mark.parametrize(("reader", "length"), [
    (read_date, "3,074"), (read_number, "3,074"), (lambda t: read_day(t, "empty"), "3,074"),
    (lambda t: read_amount("USD " + t + " EUR"), "3,083")])
def test_a_long_paste_is_quoted_shortened_with_its_length(reader, length: str) -> None:
    message = _message(reader, LONG_PASTE)
    quote = _quote_in(message)
    assert len(quote) <= QUOTED_AT_MOST + 2  # the two quotes
    assert quote.startswith(("'Board minutes of 2 January 2026", "'USD Board minutes"))
    assert quote.endswith("…'")
    assert f"({length} characters)" in message
    assert len(message) < 200
    assert LONG_PASTE[:100] not in message


def test_a_long_currency_code_is_quoted_shortened() -> None:
    problem = currency_problem("X" * 500)
    assert problem is not None
    assert problem.startswith("'" + "X" * (QUOTED_AT_MOST - 1) + "…' (500 characters) is not")


def test_a_long_chinese_figure_is_not_spelt_out_in_its_suggestion() -> None:
    message = _message(read_number, "1" * 2000 + "亿五")
    assert "(2,002 characters)" in message and len(message) < 200


def test_short_input_is_quoted_exactly_as_before() -> None:
    assert _message(read_date, "2026-13-01") == (
        "'2026-13-01' is not a date (there is no month 13): use YYYY-MM-DD, e.g. 2026-10-22")
    assert _message(read_date, "02/01/2026") == (
        "'02/01/2026' could be 2 January or 1 February: write it YYYY-MM-DD "
        "(2026-01-02 or 2026-02-01)")
    assert _message(read_number, "1.500").startswith("'1.500' could be 1.5 or 1,500")
    assert _message(read_number, "八亿五").startswith("'八亿五' is short for 八亿五千万")
    exactly_at_most = "x" * QUOTED_AT_MOST
    assert _message(read_date, exactly_at_most).startswith(f"'{exactly_at_most}' is not a date")
    assert currency_problem("CYN") == "'CYN' is not an ISO 4217 currency code: did you mean CNY?"


def test_markup_is_quoted_as_typed() -> None:
    assert _message(read_date, "<b>2026</b>").startswith("'<b>2026</b>' is not a date")
    shortened = quoted('<img src="x.png">' * 10)
    assert shortened.endswith("…' (170 characters)")


@pytest.mark.parametrize(("typed", "shown"), [
    ("2026\x07-01-01", "'2026\\x07-01-01'"),
    ("2026-01-01\n2026-01-02", "'2026-01-01\\n2026-01-02'"),
    ("2026-01\t01", "'2026-01\\t01'"),
    ("2026-01-0\u2028x", "'2026-01-0\\u2028x'"),
])
def test_control_characters_are_shown_escaped(typed: str, shown: str) -> None:
    message = _message(read_date, typed)
    assert message.startswith(shown + " is not a date")
    assert not any(c in message for c in "\x07\n\t\u2028")


def test_a_shortened_quote_never_cuts_an_escape_in_half() -> None:
    for start in range(QUOTED_AT_MOST):
        text = "a" * start + "\x1b" * 50
        quote = quoted(text)
        inside = quote[1: quote.index("…")]
        assert len(inside) <= QUOTED_AT_MOST - 1
        assert inside == "a" * min(start, QUOTED_AT_MOST - 1) + "\\x1b" * inside.count("\\x1b")
        assert "\x1b" not in quote
