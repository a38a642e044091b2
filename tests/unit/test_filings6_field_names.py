"""The facts fields are named as the wizard's form labels them: labels.json `fields` (the
names of the wizard's summary, the filings' missing-information box, the status report
and the timeline) said "PI subjects, this year" for the form's "Individuals (PI) since
1 Jan this year", "USCC" for "Unified Social Credit Code". The form reads its labels from
labels.json through field_labels.form_label; this builds the form and compares, so a
label the wizard sets some other way fails here."""

from __future__ import annotations

from typing import Any
from unittest.mock import MagicMock

import pytest

from approvals.domain import field_labels as fl
from approvals.store.audit import Actor

# What the form adds to a name to say how to type it, or where the field comes from.
FORM_NOTES = (" (one per line)", " (FISR Art. 4)")
# The form speaks to the officer; the name does not ("Your reference" is the officer's
# own; in review mode the sender's).
FORM_ONLY = {"reference": ("Your reference", "Officer's case reference")}


def _name_on_the_form(label: str) -> str:
    for note in FORM_NOTES:
        label = label.removesuffix(note)
    return label


@pytest.fixture(scope="module")
def form_labels() -> dict[str, tuple[str, str]]:
    """Each field of the wizard's form: path -> (its label, its page's title)."""
    from PySide6.QtWidgets import QApplication

    from approvals.ui.wizard import IntakeWizard

    _app = QApplication.instance() or QApplication([])
    # Built, never shown: no task is run, so the runner is a stand-in.
    wizard = IntakeWizard(MagicMock(), Actor("alice", ("preparer",)))
    try:
        labels: dict[str, tuple[str, str]] = {}
        for field in wizard.fields:
            page: Any = wizard._page_of(field)
            labels[".".join(field.path)] = (field.label, page.title() if page else "")
        return labels
    finally:
        wizard.deleteLater()


def test_every_field_of_the_form_is_named_as_the_form_labels_it(
        form_labels: dict[str, tuple[str, str]]) -> None:
    names = {path: pair[0] for section in fl.sections() for path, pair in section.fields}
    assert set(form_labels) == set(names) | set(FORM_ONLY)
    differ = {path: (_name_on_the_form(label), names[path])
              for path, (label, _) in form_labels.items()
              if path not in FORM_ONLY and _name_on_the_form(label) != names[path]}
    assert not differ, "labels.json `fields` and the wizard's form name these differently"
    assert {path: (form_labels[path][0], fl.fact_label(path)) for path in FORM_ONLY} == FORM_ONLY


def test_every_section_is_named_as_the_start_of_its_page_title(
        form_labels: dict[str, tuple[str, str]]) -> None:
    # "Deal" for the page "Deal terms": the section stays short inside a field's name.
    for section in fl.sections():
        for path, _ in section.fields:
            assert form_labels[path][1].startswith(section.title[0]), (path, section.title)


def test_the_names_read_as_the_form_does() -> None:
    assert fl.fact_label("deal.data_export.pi_subjects_current_year") == (
        "Individuals (non-sensitive PI) since 1 Jan this year (Technology transfer and data export)")
    assert fl.fact_label("target.uscc") == "Unified Social Credit Code (Target company)"
    assert fl.fact_label("investor.lei") == "Legal Entity Identifier (Investor)"
    assert fl.fact_label("target.uscc", "zh") == "统一社会信用代码（目标公司）"
