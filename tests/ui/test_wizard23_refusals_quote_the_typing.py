"""Two refusals on the Deal terms page that left the officer to work out what to type,
seen entering a deal at 1366×768:

- a stake over 100 (650 typed for 6.50) said only "must be at most 100", the one message
  on the page that did not quote what was typed;
- a date with a two-digit year (03/04/27, as US and European forms write it) said "is
  not a date we can read … e.g. 2026-10-22": an example none of its readings, in the
  one message with a "we" in it. It gives the dates it could be, as 10/12/2026 does."""

from __future__ import annotations

import pytest

from approvals.domain.typed_input import Unreadable, read_date
from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import choose, click_next, error_text, type_into


def to_deal_page(qtbot, wizard: IntakeWizard) -> None:
    type_into(qtbot, wizard, "field_target_name_en", "Example Frontier Intelligence Co., Ltd.")
    while wizard.currentPage().objectName() != "investorPage":
        click_next(qtbot, wizard)
    type_into(qtbot, wizard, "field_investor_name", "Example Ventures Fund IV, L.P.")
    click_next(qtbot, wizard)
    assert wizard.currentPage().objectName() == "dealPage"
    choose(wizard, "field_deal_instrument", "Equity acquisition")


def test_a_stake_over_100_is_quoted_with_what_to_type(qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    to_deal_page(qtbot, wizard)
    type_into(qtbot, wizard, "field_deal_stake_after_pct", "650")
    assert error_text(wizard, "error_deal_stake_after_pct") == (
        "'650' is more than the whole: a percentage is at most 100 (for 6.5 %, type 6.5)")
    type_into(qtbot, wizard, "field_deal_stake_after_pct", "6.5")
    assert error_text(wizard, "error_deal_stake_after_pct") == ""
    wizard._dirty = False


def test_a_two_digit_year_is_refused_with_its_readings(qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    to_deal_page(qtbot, wizard)
    type_into(qtbot, wizard, "field_deal_expected_completion_date", "03/04/27")
    assert error_text(wizard, "error_deal_expected_completion_date") == (
        "'03/04/27' has a two-digit year: write the year in full, as YYYY-MM-DD "
        "(2027-03-04 or 2027-04-03)")
    wizard._dirty = False


@pytest.mark.parametrize(("typed", "message"), [
    ("24/11/26", "'24/11/26' has a two-digit year: write the year in full, as YYYY-MM-DD "
                 "(2026-11-24)"),
    ("12.10.26", "'12.10.26' has a two-digit year: write the year in full, as YYYY-MM-DD "
                 "(2012-10-26 or 2026-10-12 or 2026-12-10)"),
    # The year first, as Chinese documents write it with dashes or dots: 2031-12-26 was
    # the only reading offered.
    ("26-12-31", "'26-12-31' has a two-digit year: write the year in full, as YYYY-MM-DD "
                 "(2026-12-31 or 2031-12-26)"),
    ("27.01.20", "'27.01.20' has a two-digit year: write the year in full, as YYYY-MM-DD "
                 "(2020-01-27 or 2027-01-20)"),
    ("13/13/26", "'13/13/26' has a two-digit year: write the year in full, as YYYY-MM-DD "
                 "(e.g. 2026-10-22)"),
])
def test_two_digit_years_name_the_dates_they_could_be(typed: str, message: str) -> None:
    with pytest.raises(Unreadable) as refused:
        read_date(typed)
    assert str(refused.value) == message
