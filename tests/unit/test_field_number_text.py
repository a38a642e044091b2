"""A facts file's number put back into a form field reads back as itself: 1.125 was shown
as "1.125", which the field then refused as "could be 1.125 or 1,125"."""

from __future__ import annotations

import pytest

from approvals.domain.typed_input import Unreadable, field_number_text, read_money, read_number


@pytest.mark.parametrize("value", [1.125, 100.555, 999.999, -1.125, 1234.567, 0.125, 12.5,
                                   3.1e25, 1_000_000, 7.0])
def test_a_number_put_in_a_field_reads_back_as_itself(value: float) -> None:
    text = field_number_text(value)
    assert read_number(text) == value


def test_only_the_ambiguous_get_a_fourth_decimal() -> None:
    assert field_number_text(1.125) == "1.1250"
    assert field_number_text(1234.567) == "1,234.567"  # the comma says which is which
    assert field_number_text(0.125) == "0.125"
    assert field_number_text(12.125, percent=True) == "12.1250"
    assert read_number("12.1250", percent=True) == 12.125
    # The added 0 is no decimal more: a BHD amount takes three, a USD one is still refused
    # for its three, as File → Import facts… says.
    assert read_money(field_number_text(1.125), "BHD") == 1.125
    with pytest.raises(Unreadable, match="has 3 decimal places, and a USD amount has at most 2"):
        read_money(field_number_text(1.125), "USD")
