"""The personal-data counts include one another: since 1 January last year includes this
year's, personal information of any kind includes the sensitive, and the individuals
whose information the target processes include everyone whose information it provides
abroad. A count smaller than one it includes (a digit short, a figure in the field beside
it) was taken without a word, and the CN-DATA-EXPORT thresholds read them all. The wizard
says so at the later field, and an import warns in the same words (domain.consistency)."""

from __future__ import annotations

from typing import Any

from approvals.domain.consistency import fact_conflicts
from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import edit

LAST_YEAR = ("Individuals (PI) since 1 Jan last year")


def _field(wizard: IntakeWizard, key: str) -> Any:
    return next(f for f in wizard.fields if f.path == ("deal", "data_export", key))


def test_a_count_below_one_it_includes_is_said_at_the_later_field(
        qtbot, wizard: IntakeWizard) -> None:
    edit(wizard, "field_deal_data_export_pi_subjects_current_year").setText("200,000")
    edit(wizard, "field_deal_data_export_pi_subjects_since_previous_year").setText("20,000")
    edit(wizard, "field_deal_data_export_pi_subjects_processed").setText("15000")
    last_year = _field(wizard, "pi_subjects_since_previous_year")
    assert last_year.problem() == (
        "20,000 is fewer than the 200,000 of “Individuals (non-sensitive PI) since 1 Jan this "
        "year”, which it includes: check both figures")
    assert last_year.error_label.text() == last_year.problem()
    assert _field(wizard, "pi_subjects_processed").problem() == (
        "15,000 is fewer than the 200,000 of “Individuals (non-sensitive PI) since 1 Jan this "
        "year”, whom it includes (providing information abroad is processing it): check both "
        "figures")
    assert _field(wizard, "pi_subjects_current_year").problem() is None
    # Sensitive PI counted beyond all PI: said at the sensitive count, the later field.
    edit(wizard, "field_deal_data_export_pi_subjects_since_previous_year").setText("2,000,000")
    edit(wizard, "field_deal_data_export_sensitive_pi_subjects_since_previous_year").setText(
        "3,000,000")
    assert last_year.problem() is None
    assert _field(wizard, "sensitive_pi_subjects_since_previous_year").problem() == (
        f"3,000,000 is more than the 2,000,000 of “{LAST_YEAR}”, which counts these "
        "individuals too: check both figures")
    # Corrected, every message goes.
    edit(wizard, "field_deal_data_export_sensitive_pi_subjects_since_previous_year").setText("30")
    edit(wizard, "field_deal_data_export_pi_subjects_processed").setText("5000000")
    assert _field(wizard, "pi_subjects_processed").error_label.text() == ""
    assert all(_field(wizard, key).problem() is None for key in (
        "pi_subjects_since_previous_year", "sensitive_pi_subjects_since_previous_year",
        "pi_subjects_processed"))


def test_equal_counts_and_counts_not_given_are_no_conflict() -> None:
    def conflicts(**counts: int) -> list[str]:
        return [p.path for p in fact_conflicts({"deal": {"data_export": counts}})]

    assert conflicts(pi_subjects_current_year=10, pi_subjects_since_previous_year=10,
                     sensitive_pi_subjects_current_year=10,
                     sensitive_pi_subjects_since_previous_year=10, pi_subjects_processed=10) == []
    assert conflicts(pi_subjects_current_year=10**6) == []  # nothing to compare it with
    assert conflicts(sensitive_pi_subjects_current_year=500,
                     sensitive_pi_subjects_since_previous_year=50) == [
        "deal.data_export.sensitive_pi_subjects_since_previous_year"]
