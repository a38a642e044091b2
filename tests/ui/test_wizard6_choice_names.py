"""The wizard names each choice (an instrument, an investor kind, an activity, a sector,
an end use) as labels.json does, the list the filings, the change history and the case
view read: it had its own names for ~25 of them ("Equity" beside "Equity acquisition",
"Venture fund" beside "Venture capital fund"), so one deal was described in two
vocabularies."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox

from approvals.domain import field_labels as fl
from approvals.domain.field_labels import fact_change_text, fact_value_text
from approvals.resources import label_data
from approvals.ui.wizard import (
    ChoiceField,
    IntakeWizard,
    MultiChoiceField,
    facts_summary_html,
    imported_value_text,
    label_for,
)

# The group of labels.json that names each coded field's choices.
GROUPS = {
    "target.activities": "activities",
    "target.security_sectors": "security_sectors",
    "target.ai.end_uses": "end_uses",
    "investor.kind": "investor_kinds",
    "deal.instrument": "instruments",
}


def _shown_choices(field: Any) -> dict[str, str]:
    """Each code of a choice field and the words the officer sees for it."""
    if isinstance(field, ChoiceField):
        combo: QComboBox = field.widget  # type: ignore[assignment]
        return {combo.itemData(i): combo.itemText(i) for i in range(1, combo.count())}
    return {code: box.text() for code, box in field.boxes.items()}


def test_every_choice_of_the_wizard_is_named_as_labels_json_names_it(
        qtbot: Any, runner: Any, admin: Any) -> None:
    wizard = IntakeWizard(runner, admin)
    qtbot.addWidget(wizard)
    coded = {".".join(f.path): f for f in wizard.fields
             if isinstance(f, ChoiceField | MultiChoiceField)}
    assert set(coded) == set(GROUPS) == set(fl.coded_paths())
    differing = []
    for path, field in coded.items():
        names = label_data()[GROUPS[path]]
        shown = _shown_choices(field)
        # Every choice has a name in the list; none is left to the wizard's own words.
        assert set(shown) == set(names), path
        differing += [(path, code, text, names[code][0]) for code, text in shown.items()
                      if text != names[code][0]]
    assert differing == []


def test_the_review_summary_and_an_imported_value_use_the_same_names(
        qtbot: Any, runner: Any, admin: Any) -> None:
    facts = {"deal": {"instrument": "equity"},
             "investor": {"kind": "venture_fund"},
             "target": {"activities": ["cloud_idc"], "security_sectors": ["military"],
                        "ai": {"end_uses": ["military", "robotic_control"]}}}
    summary = facts_summary_html(facts)
    for path, value in [("deal.instrument", "equity"), ("investor.kind", "venture_fund"),
                        ("target.activities", ["cloud_idc"]),
                        ("target.security_sectors", ["military"]),
                        ("target.ai.end_uses", ["military", "robotic_control"])]:
        # The filings and the change history write a value through fact_value_text.
        assert fact_value_text(path, value) in summary, path
    assert "Equity acquisition" in summary and ">Equity<" not in summary
    # "military" is a security sector and an end use, each with its own name.
    assert "Military end use, Control of robotic systems" in summary
    assert "Military industry, military-supporting industries" in summary

    wizard = IntakeWizard(runner, admin)
    qtbot.addWidget(wizard)
    fields = {".".join(f.path): f for f in wizard.fields}
    assert imported_value_text(fields["investor.kind"], "venture_fund") == "Venture capital fund"
    assert (imported_value_text(fields["target.ai.end_uses"], ["military"])
            == "Military end use")
    assert fact_change_text("deal.instrument", "equity", "debt").startswith("Equity acquisition")


def test_a_code_two_fields_name_differently_is_named_by_its_words_without_its_field() -> None:
    assert label_for("military", "target.ai.end_uses") == "Military end use"
    assert label_for("military") == "Military"
    assert label_for("venture_fund") == "Venture capital fund"  # one name: that name


@pytest.fixture
def renamed_instrument(monkeypatch: pytest.MonkeyPatch) -> None:
    data = copy.deepcopy(label_data())
    data["instruments"]["equity"] = ["Share purchase", "股权收购"]
    monkeypatch.setattr(fl, "label_data", lambda: data)


def test_a_choice_renamed_in_labels_json_is_renamed_in_the_wizard(
        qtbot: Any, runner: Any, admin: Any, renamed_instrument: None) -> None:
    wizard = IntakeWizard(runner, admin)
    qtbot.addWidget(wizard)
    combo = wizard.findChild(QComboBox, "field_deal_instrument")
    assert combo is not None and combo.findText("Share purchase") >= 0
    assert "Share purchase" in facts_summary_html({"deal": {"instrument": "equity"}})


def test_long_choice_names_do_not_widen_the_page_at_200_percent(
        qtbot: Any, runner: Any, admin: Any) -> None:
    """The security-review fields' names side by side were wider than the target page at
    200 % (a 1366 × 768 screen): it scrolled sideways. Such a list gets one column."""
    wizard = IntakeWizard(runner, admin)
    qtbot.addWidget(wizard)
    wizard.resize(640, 360)
    wizard.show()
    qtbot.waitExposed(wizard)
    sectors = next(f for f in wizard.fields if f.path == ("target", "security_sectors"))
    assert isinstance(sectors, MultiChoiceField) and sectors.columns == 1
    page = wizard.currentPage()
    assert page.scroll_area.horizontalScrollBar().maximum() == 0
