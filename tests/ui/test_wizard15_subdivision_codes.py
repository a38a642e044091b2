"""A Delaware fund's LEI record (GLEIF) gives its jurisdiction as "US-DE", an ISO 3166-2
subdivision code; pasted into the investor's Jurisdiction it was "not a place the app
knows". The wizard reads a subdivision code as its country (US-DE → US, with "United
States" beside it); China's codes for Hong Kong, Macao and Taiwan as those places' own
codes, never as CN; a subdivision of no country is still refused."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from approvals.ui.wizard import IntakeWizard, subdivision_country
from tests.ui.test_wizard import edit, error_text, type_into


@pytest.mark.parametrize(("typed", "code"), [
    ("US-DE", "US"), ("us-de", "US"), ("ＵＳ－ＤＥ", "US"), ("GB-ENG", "GB"), ("KY-01", "KY"),
    ("CN-HK", "HK"), ("CN-MO", "MO"), ("CN-TW", "TW"), ("CN-91", "HK"), ("CN-ZJ", "CN"),
])
def test_a_subdivision_code_is_read_as_its_country(typed: str, code: str) -> None:
    assert subdivision_country(typed) == code


@pytest.mark.parametrize("typed", ["XX-DE", "UK-ENG", "US-", "US-DELAWARE", "Delaware", "US"])
def test_other_text_is_no_subdivision_code(typed: str) -> None:
    assert subdivision_country(typed) is None


def test_the_investor_s_jurisdiction_takes_the_lei_record_s_code(
        qtbot, wizard: IntakeWizard) -> None:
    type_into(qtbot, wizard, "field_investor_jurisdiction", "US-DE")
    box = edit(wizard, "field_investor_jurisdiction")
    box.editingFinished.emit()  # leaving the field
    assert box.text() == "US"
    assert error_text(wizard, "error_investor_jurisdiction") == ""
    place = wizard.findChild(QLabel, "place_investor_jurisdiction")
    assert place is not None and place.text() == "United States"
    assert wizard.collect()["investor"]["jurisdiction"] == "US"


def test_a_subdivision_of_no_country_is_still_refused_at_the_field(
        qtbot, wizard: IntakeWizard) -> None:
    type_into(qtbot, wizard, "field_investor_jurisdiction", "XX-DE")
    message = wizard.findChild(QLabel, "error_investor_jurisdiction")
    assert message is not None and "'XX-DE' is not a place the app knows" in message.text()
