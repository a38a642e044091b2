"""The wizard's form reads each field's label from labels.json `fields` (through
domain.field_labels.form_label), the list that names the field in the summary, the
filings and the status report: it used to set ~45 labels in code, a second list that
drifted from the first ("Which US models" on the form, "US models used" elsewhere). A
note on how to type a field ("one per line") stands beside the name, not in it."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from approvals.domain import field_labels as fl
from approvals.resources import label_data

# Imported before any test renames a field: the module's summary lists are built on import.
from approvals.ui.wizard import IntakeWizard, facts_summary_html


def _clear_caches() -> None:
    fl.sections.cache_clear()
    fl._names.cache_clear()
    fl._on_form.cache_clear()
    fl._short_names.cache_clear()


@pytest.fixture
def renamed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """labels.json with the USCC and the reference renamed (as a later edition might)."""
    data = copy.deepcopy(label_data())
    data["fields"]["sections"][0]["fields"]["target.uscc"] = ["Credit code", "统一社会信用代码"]
    data["fields"]["on_form"]["reference"] = ["Our file number", "我方编号"]
    monkeypatch.setattr(fl, "label_data", lambda: data)
    _clear_caches()
    yield
    monkeypatch.undo()
    _clear_caches()


def _buddy_label(wizard: Any, field: Any) -> str:
    page = wizard._page_of(field)
    label = page.form.labelForField(field.container)
    assert isinstance(label, QLabel)
    return label.text()


def test_a_name_changed_in_labels_json_changes_the_form(qtbot: Any, runner: Any, admin: Any,
                                                        renamed: None) -> None:
    wizard = IntakeWizard(runner, admin)
    qtbot.addWidget(wizard)
    fields = {".".join(f.path): f for f in wizard.fields}
    uscc, reference = fields["target.uscc"], fields["reference"]
    assert uscc.label == "Credit code" and uscc.widget.accessibleName() == "Credit code"
    assert _buddy_label(wizard, uscc).replace("&", "") == "Credit code"
    assert reference.label == "Our file number"
    # The summary (review page, Overview) heads with the form's words too.
    assert facts_summary_html({"reference": "X-1"}).startswith("<p>Our file number: <b>X-1</b>")
    # The summary's name follows from the same entry.
    assert fl.fact_label("target.uscc") == "Credit code (Target company)"


def test_a_note_stands_beside_the_name(wizard: Any) -> None:
    fields = {".".join(f.path): f for f in wizard.fields}
    models = fields["target.ai.us_models_used"]
    assert models.name == "US models used" == fl.form_label("target.ai.us_models_used")
    assert models.label_note == "one per line"
    assert models.label == "US models used (one per line)"
    # Alt key, buddy and screen-reader name as before.
    assert _buddy_label(wizard, models) == "&US models used (one per line)"
    assert models.widget.accessibleName() == "US models used (one per line)"
    assert models.none_box.accessibleName() == "None (US models used (one per line))"
    sectors = fields["target.security_sectors"]
    assert sectors.name == "Security-review fields" and sectors.label_note == "FISR Art. 4"
    assert sectors.label == "Security-review fields (FISR Art. 4)"
    # Every field's name is labels.json's; only the reference speaks to the officer.
    for path, field in fields.items():
        expected = "Your reference" if path == "reference" else \
            dict(pair for s in fl.sections() for pair in s.fields)[path][0]
        assert field.name == expected, path


def test_form_label_refuses_a_path_that_is_no_field() -> None:
    assert fl.form_label("reference") == "Your reference"
    assert fl.form_label("investor.lei") == "Legal Entity Identifier"
    assert fl.fact_label("target.ai.us_models_used") == "US models used (AI profile)"
    with pytest.raises(KeyError, match=r"deal\.amount\.value"):
        fl.form_label("deal.amount.value")
