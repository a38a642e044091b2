"""A target organised and headquartered in Hong Kong is outside the Chinese regimes'
territory: the screening says so, yet the wizard asked for its security-review fields, its
leading-enterprise flag, its technology transfer and its data-export counts, none of which
any regime then reads. The questions of a regime that cannot reach the target are not
asked (the page of only such questions is passed over); a place unknown or not read keeps
every question, and answers typed before come back when the place changes back."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QLabel

from approvals.domain.rulebook import default_rulebook
from approvals.domain.screening import regimes_out_of_reach
from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import edit

MAINLAND_ONLY = {"CN-US-CAPITAL", "CN-FISR", "CN-NEGATIVE-LIST", "CN-TECH-EXPORT",
                 "CN-DATA-EXPORT"}
TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(("organised", "headquartered", "out"), [
    ("HK", "HK", MAINLAND_ONLY),
    ("MO", "US", MAINLAND_ONLY),
    ("KY", "CN", set()),           # an offshore holding company run from the mainland
    ("CN", "HK", set()),
    ("HK", None, set()),           # headquarters unknown: may be the mainland
    ("HK", "XX", set()),           # given as unknown
    ("Hong Kong", "HK", set()),    # not a code: not read, so not ruled out
    (" hk ", "hk", MAINLAND_ONLY),  # a code as the screening reads it
])
def test_the_regimes_a_target_is_out_of_reach_of(organised, headquartered, out) -> None:
    assert regimes_out_of_reach(default_rulebook(), TODAY, organised, headquartered) == out


def test_a_reported_measure_not_yet_reported_is_not_counted() -> None:
    # CN-US-CAPITAL was first reported on 2026-04-24: before that only the rules in force.
    before = regimes_out_of_reach(default_rulebook(), date(2026, 1, 5), "HK", "HK")
    assert before == MAINLAND_ONLY - {"CN-US-CAPITAL"}


def _field(w: IntakeWizard, *path: str):
    return next(f for f in w.fields if f.path == path)


def _shown(w: IntakeWizard, *path: str) -> bool:
    # The row, on whichever page: a page not current is hidden as a whole.
    field = _field(w, *path)
    page = next(p for p in map(w.page, w.pageIds()) if field in getattr(p, "fields", ()))
    return page.form.isRowVisible(field.container)


def _heading_shown(w: IntakeWizard, text: str) -> bool:
    labels = [label for label in w.findChildren(QLabel) if text in label.text()]
    assert labels, text
    page = w.page(w.page_ids["transferPage"])
    return page.form.isRowVisible(labels[0])


def _place(w: IntakeWizard, organised: str, headquartered: str) -> None:
    edit(w, "field_target_jurisdiction").setText(organised)
    edit(w, "field_target_headquarters").setText(headquartered)


MAINLAND_QUESTIONS = [("target", "security_sectors"), ("target", "leading_tech_enterprise"),
                      ("deal", "technology_transfer", "transfers"),
                      ("deal", "data_export", "cii_operator"),
                      ("deal", "data_export", "pi_subjects_current_year")]


def test_a_hong_kong_target_is_not_asked_the_mainland_questions(
        qtbot, wizard: IntakeWizard) -> None:
    assert all(_shown(wizard, *path) for path in MAINLAND_QUESTIONS)
    edit(wizard, "field_deal_data_export_pi_subjects_current_year").setText("250000")
    _place(wizard, "Hong Kong", "HK")
    assert not any(_shown(wizard, *path) for path in MAINLAND_QUESTIONS)
    assert not _heading_shown(wizard, "Data export (cumulative")
    # Still asked: what the US program and the merger rules read.
    assert _shown(wizard, "target", "activities")
    assert _shown(wizard, "target", "turnover_cny", "china")
    # The count typed is left out of the facts, and said to be.
    data = wizard.collect()
    assert "data_export" not in data["deal"]
    assert any("personal information" in left.lower() or "PI" in left
               for left in wizard.left_out())
    # The page of technology transfer and data export is passed over.
    deal = wizard.page_ids["dealPage"]
    assert wizard.next_page_id(deal) == wizard.page_ids["reviewPage"]
    # Headquartered on the mainland after all: every question again, the count with it.
    edit(wizard, "field_target_headquarters").setText("CN")
    assert all(_shown(wizard, *path) for path in MAINLAND_QUESTIONS)
    assert _heading_shown(wizard, "Data export (cumulative")
    assert wizard.next_page_id(deal) == wizard.page_ids["transferPage"]
    assert wizard.collect()["deal"]["data_export"]["pi_subjects_current_year"] == 250000


def test_an_unknown_headquarters_keeps_the_questions(qtbot, wizard: IntakeWizard) -> None:
    _place(wizard, "HK", "")
    assert all(_shown(wizard, *path) for path in MAINLAND_QUESTIONS)


def test_loaded_answers_of_a_hong_kong_target_are_shown_and_kept(qtbot, runner, admin) -> None:
    data = {"schema_version": 1,
            "target": {"name_en": "Harbour Vision Ltd.", "jurisdiction": "HK",
                       "headquarters": "HK", "security_sectors": []},
            "investor": {"name": "Meridian"},
            "deal": {"instrument": "equity",
                     "data_export": {"pi_subjects_current_year": 120000}}}
    w = IntakeWizard(runner, admin, mode="edit", reference="AP-2026-0001", data=data)
    qtbot.addWidget(w)
    w.show()
    # Opening facts never drops one.
    assert _shown(w, "deal", "data_export", "pi_subjects_current_year")
    assert w.collect()["deal"]["data_export"] == {"pi_subjects_current_year": 120000}
    assert w.next_page_id(w.page_ids["dealPage"]) == w.page_ids["transferPage"]
    assert not _shown(w, "deal", "data_export", "cii_operator")
    # Under its heading, not read as part of the technology transfer above it.
    assert _heading_shown(w, "Data export (cumulative")


def test_an_individual_investor_s_turnover_is_of_the_undertakings_they_control(
        qtbot, wizard: IntakeWizard) -> None:
    """A natural person has no group: the heading said "Turnover of the investor's group"."""
    page = wizard.page(wizard.page_ids["investorPage"])

    def heading_shown(text: str) -> bool:
        (label,) = [lb for lb in wizard.findChildren(QLabel) if text in lb.text()]
        return page.form.isRowVisible(label)

    group, person = "Turnover of the investor's group", "Turnover of the undertakings the investor"
    assert heading_shown(group) and not heading_shown(person)
    combo = next(f for f in wizard.fields if f.path == ("investor", "kind")).widget
    combo.setCurrentIndex(combo.findData("individual"))
    assert heading_shown(person) and not heading_shown(group)
