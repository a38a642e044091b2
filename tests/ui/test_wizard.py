"""The intake wizard driven like an officer: typing, ticking, Next, Finish."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWizard
from sqlmodel import select

from approvals.domain.facts import facts_schema, parse_facts
from approvals.services.cases import get_case
from approvals.services.drafts import load_draft
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, Event, FilingTrack
from approvals.ui import wizard as wizard_module
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner

VALID_USCC = "9111000072HD1TJ3YN"
VALID_LEI = "549300JSIOM1TMA7V337"




def edit(w: IntakeWizard, name: str) -> QLineEdit:
    widget = w.findChild(QLineEdit, name)
    assert widget is not None, name
    return widget


def type_into(qtbot, w: IntakeWizard, name: str, text: str) -> None:
    widget = edit(w, name)
    widget.clear()
    qtbot.keyClicks(widget, text)


def choose(w: IntakeWizard, name: str, text: str) -> None:
    combo = w.findChild(QComboBox, name)
    assert combo is not None, name
    index = combo.findText(text)
    assert index >= 0, (name, text)
    combo.setCurrentIndex(index)


def tick(qtbot, w: IntakeWizard, name: str) -> None:
    box = w.findChild(QCheckBox, name)
    assert box is not None, name
    before = box.isChecked()
    # Click on the box itself (the widget may be wider than its label).
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked() != before, name


def error_text(w: IntakeWizard, name: str) -> str:
    label = w.findChild(QLabel, name)
    assert label is not None, name
    # Read as it shows: the word joiners that keep a Chinese name on one line are unseen.
    return label.text().replace("\u2060", "").replace("\u2011", "-") if label.isVisibleTo(w) else ""


def next_button(w: IntakeWizard):
    return w.button(QWizard.WizardButton.NextButton)


def click_next(qtbot, w: IntakeWizard) -> None:
    assert next_button(w).isEnabled(), w.currentPage().blocked_label.text()
    qtbot.mouseClick(next_button(w), Qt.MouseButton.LeftButton)


def test_every_schema_field_has_an_input(wizard: IntakeWizard) -> None:
    def leaves(node: dict, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
        out: set[tuple[str, ...]] = set()
        for name, sub in node.get("properties", {}).items():
            path = (*prefix, name)
            if "properties" in sub and name != "amount":
                out |= leaves(sub, path)
            else:
                out.add(path)
        return out

    expected = leaves(facts_schema()) - {("schema_version",)}
    assert {f.path for f in wizard.fields} == expected


def test_full_intake_creates_the_case_with_its_tracks(
    qtbot, wizard: IntakeWizard, db: Database
) -> None:
    # Target page: Next is unavailable until the required name is there, and says so.
    assert wizard.currentPage().objectName() == "targetPage"
    assert not next_button(wizard).isEnabled()
    assert "Name (English): required" in wizard.currentPage().blocked_label.text()
    type_into(qtbot, wizard, "field_target_name_en", "Zhiyuan Frontier Intelligence Co., Ltd.")
    assert next_button(wizard).isEnabled()

    # A mistyped USCC is caught at the field, with the expected check character.
    type_into(qtbot, wizard, "field_target_uscc", VALID_USCC[:-1] + "X")
    assert "check character" in error_text(wizard, "error_target_uscc")
    assert not next_button(wizard).isEnabled()
    assert "Unified Social Credit Code" in wizard.currentPage().blocked_label.text()
    type_into(qtbot, wizard, "field_target_uscc", VALID_USCC)
    assert error_text(wizard, "error_target_uscc") == ""

    type_into(qtbot, wizard, "field_target_jurisdiction", "cn")
    type_into(qtbot, wizard, "field_target_headquarters", "CN")
    choose(wizard, "field_target_leading_tech_enterprise", "Yes")
    tick(qtbot, wizard, "choice_target_activities_ai_model_development")
    tick(qtbot, wizard, "choice_target_security_sectors_it_internet")
    type_into(qtbot, wizard, "field_target_turnover_cny_china", "650,000,000")
    click_next(qtbot, wizard)

    # The AI page applies because of the AI activity.
    assert wizard.currentPage().objectName() == "aiPage"
    models = wizard.findChild(QPlainTextEdit, "field_target_ai_us_models_used")
    choose(wizard, "field_target_ai_develops_ai_system", "Yes")
    type_into(qtbot, wizard, "field_target_ai_max_training_compute_ops", "3.1e25")
    assert not models.isVisibleTo(wizard)  # only once distillation is answered Yes
    choose(wizard, "field_target_ai_trained_on_us_model_outputs", "Yes")
    assert models.isVisibleTo(wizard)
    qtbot.keyClicks(models, "GPT-4o via API")
    click_next(qtbot, wizard)

    assert wizard.currentPage().objectName() == "investorPage"
    type_into(qtbot, wizard, "field_investor_name", "Redwood Summit Ventures Fund IV, L.P.")
    type_into(qtbot, wizard, "field_investor_lei", VALID_LEI[:-1] + "0")
    assert "check digits" in error_text(wizard, "error_investor_lei")
    assert not next_button(wizard).isEnabled()
    type_into(qtbot, wizard, "field_investor_lei", VALID_LEI)
    choose(wizard, "field_investor_us_person", "Yes")
    type_into(qtbot, wizard, "field_investor_jurisdiction", "US")
    click_next(qtbot, wizard)

    assert wizard.currentPage().objectName() == "dealPage"
    assert not next_button(wizard).isEnabled()  # the instrument is required
    choose(wizard, "field_deal_instrument", "Equity acquisition")
    type_into(qtbot, wizard, "field_deal_amount_value", "150,000,000")
    choose(wizard, "field_deal_amount_currency", "USD")  # the box starts with none
    type_into(qtbot, wizard, "field_deal_stake_after_pct", "120")
    assert "at most 100" in error_text(wizard, "error_deal_stake_after_pct")
    type_into(qtbot, wizard, "field_deal_stake_after_pct", "6.5 %")
    type_into(qtbot, wizard, "field_deal_signing_date", "2026-12-10")
    type_into(qtbot, wizard, "field_deal_expected_completion_date", "2026-13-01")
    assert "not a date" in error_text(wizard, "error_deal_expected_completion_date")
    type_into(qtbot, wizard, "field_deal_expected_completion_date", "2026-12-01")
    assert "before the signing date" in error_text(wizard, "error_deal_expected_completion_date")
    type_into(qtbot, wizard, "field_deal_expected_completion_date", "2027-01-20")
    choose(wizard, "field_deal_acquires_control", "No")
    click_next(qtbot, wizard)

    assert wizard.currentPage().objectName() == "transferPage"
    choose(wizard, "field_deal_technology_transfer_transfers", "No")
    choose(wizard, "field_deal_data_export_cii_operator", "No")
    choose(wizard, "field_deal_data_export_important_data", "No")
    type_into(qtbot, wizard, "field_deal_data_export_pi_subjects_current_year", "0")
    type_into(qtbot, wizard, "field_deal_data_export_sensitive_pi_subjects_current_year", "0")
    click_next(qtbot, wizard)

    # Review: the live screening shows a badge per regime.
    review = wizard.review_page
    assert wizard.currentPage() is review
    outcomes = review.determinations.outcomes()
    assert outcomes["US-OISP"] == "prohibited"
    assert "31 CFR 850.224" in review.determinations.findChild(
        QLabel, "determination_US-OISP").text()

    # Page changes saved a draft meanwhile.
    qtbot.waitUntil(lambda: wizard.reference is not None and wizard.runner.idle, timeout=10_000)
    draft_reference = wizard.reference

    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isEnabled()
    with qtbot.waitSignal(wizard.case_saved, timeout=20_000) as saved:
        qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    reference = saved.args[0]
    assert reference == draft_reference

    with db.read_session() as session:
        case = get_case(session, reference)
        assert case.status == "open"
        facts = case.facts
        assert facts.target.uscc == VALID_USCC
        assert facts.target.jurisdiction == "CN"
        assert facts.target.ai is not None
        assert facts.target.ai.max_training_compute_ops == 3.1e25
        assert facts.target.ai.us_models_used == ["GPT-4o via API"]
        assert facts.investor.lei == VALID_LEI
        assert facts.deal.amount is not None and facts.deal.amount.value == 150_000_000
        assert facts.deal.amount.currency == "USD"
        assert facts.deal.stake_after_pct == 6.5
        assert str(facts.deal.expected_completion_date) == "2027-01-20"
        case_id = session.exec(select(Case.id).where(Case.reference == reference)).one()
        tracks = session.exec(select(FilingTrack).where(FilingTrack.case_id == case_id)).all()
        assert "US-OISP" in {t.regime for t in tracks}
        actions = [e.action for e in session.exec(
            select(Event).where(Event.case_id == case_id).order_by(Event.id)).all()]
        assert actions[0] == "case.draft_created"
        assert "case.created" in actions and "case.screened" in actions


def test_ai_page_is_skipped_without_ai_activity(qtbot, wizard: IntakeWizard) -> None:
    type_into(qtbot, wizard, "field_target_name_en", "Wuhan Chip Packaging Co., Ltd.")
    tick(qtbot, wizard, "choice_target_activities_semiconductor_packaging")
    click_next(qtbot, wizard)
    assert wizard.currentPage().objectName() == "investorPage"
    assert "ai" not in wizard.collect()["target"]


def test_lp_commitment_only_for_lp_interests(qtbot, wizard: IntakeWizard) -> None:
    field = edit(wizard, "field_deal_lp_commitment_usd")
    choose(wizard, "field_deal_instrument", "Equity acquisition")
    assert not field.isVisibleTo(wizard.page(wizard.page_ids["dealPage"]))
    choose(wizard, "field_deal_instrument", "Limited partner interest in a fund")
    wizard.page(wizard.page_ids["dealPage"]).show()
    assert wizard.field_applies(next(f for f in wizard.fields
                                     if f.path == ("deal", "lp_commitment_usd")))


def test_draft_is_saved_on_a_timer_and_reopens(
    qtbot, runner: TaskRunner, admin: Actor, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wizard_module, "AUTOSAVE_MS", 50)
    w = IntakeWizard(runner, admin)
    qtbot.addWidget(w)
    w.show()
    type_into(qtbot, w, "field_target_name_en", "Half-typed Co.")
    type_into(qtbot, w, "field_target_uscc", "9111")  # not valid yet: kept in the draft
    with qtbot.waitSignal(w.draft_saved, timeout=5_000) as saved:
        pass
    reference = saved.args[0]
    qtbot.waitUntil(lambda: runner.idle, timeout=5_000)
    w.close()
    with db.read_session() as session:
        info = load_draft(session, actor=admin, reference=reference)
        row = session.exec(select(Case).where(Case.reference == reference)).one()
        assert row.status == "draft" and row.target_name == "Half-typed Co."
    assert info.data["target"]["name_en"] == "Half-typed Co."
    assert info.data["target"]["uscc"] == "9111"

    reopened = IntakeWizard(runner, admin, mode="draft", reference=reference, data=info.data,
                            version=info.version)
    qtbot.addWidget(reopened)
    assert edit(reopened, "field_target_name_en").text() == "Half-typed Co."
    assert "must be 18 characters" in reopened.problems()[0] or any(
        "target.uscc" in p for p in reopened.problems())


def test_import_and_export_facts(
    qtbot, wizard: IntakeWizard, tmp_path: Path
) -> None:
    source = json.loads(
        (Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json")
        .read_text(encoding="utf-8"))[0]
    path = tmp_path / "in.json"
    path.write_text(json.dumps(source), encoding="utf-8")
    wizard.import_file(path)
    qtbot.waitUntil(lambda: edit(wizard, "field_target_name_en").text() != "", timeout=5_000)
    assert parse_facts(wizard.collect()) == parse_facts(source)

    out = tmp_path / "out.json"
    wizard.export_file(out)
    qtbot.waitUntil(out.exists, timeout=5_000)
    assert parse_facts(json.loads(out.read_text(encoding="utf-8"))) == parse_facts(source)


def test_import_of_a_broken_file_shows_where(qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"schema_version": 1,\n "target": }', encoding="utf-8")
    wizard.import_file(path)
    qtbot.waitUntil(lambda: wizard.findChild(object, "errorDialog") is not None, timeout=5_000)
    box = wizard.findChild(object, "errorDialog")
    assert "broken.json:2" in box.informativeText()


def test_import_names_the_fields_it_could_not_take(
    qtbot, wizard: IntakeWizard, tmp_path: Path
) -> None:
    path = tmp_path / "extra.json"
    path.write_text(json.dumps({"schema_version": 1, "target": {"name_en": "X Co.",
                                                                "nickname": "X"}}),
                    encoding="utf-8")
    wizard.import_file(path)
    qtbot.waitUntil(lambda: wizard.findChild(object, "errorDialog") is not None, timeout=5_000)
    assert "target.nickname: unknown field" in wizard.findChild(object,
                                                                "errorDialog").informativeText()
    assert edit(wizard, "field_target_name_en").text() == "X Co."


def test_error_text_follows_a_dark_palette(qtbot, wizard: IntakeWizard) -> None:
    from tests.ui.conftest import dark_palette

    with dark_palette():
        qtbot.waitUntil(lambda: "#ef9a9a" in wizard.fields[0].error_label.styleSheet(),
                        timeout=2_000)
    qtbot.waitUntil(lambda: "#b71c1c" in wizard.fields[0].error_label.styleSheet(),
                    timeout=2_000)


def test_numbers_keep_their_exact_value(qtbot, wizard: IntakeWizard) -> None:
    field = next(f for f in wizard.fields if f.path[-1] == "max_training_compute_ops")
    for value in (10**25 + 1, 3.1e25, 1.2345678912e24, 6e23):
        field.set_value(value)
        assert field.parse() == value and type(field.parse()) is type(value)
    edit(wizard, "field_target_ai_max_training_compute_ops").setText("1,000,000")
    assert field.parse() == 1_000_000
    edit(wizard, "field_target_ai_max_training_compute_ops").setText("-5")
    assert field.problem() == "must be at least 0"
    count = next(f for f in wizard.fields if f.path[-1] == "board_seats")
    edit(wizard, "field_deal_board_seats").setText("2.5")
    assert count.problem() == "must be a whole number"
    # 10^23 seats was taken (the other counts stop at 15 digits): no board has 1,000.
    for typed in ("99999999999999999999999", "1e20", "1000"):
        edit(wizard, "field_deal_board_seats").setText(typed)
        assert count.problem() == "must be at most 999", typed
    edit(wizard, "field_deal_board_seats").setText("999")
    assert count.problem() is None and count.parse() == 999


def test_every_demo_and_example_case_round_trips_unchanged(
    qtbot, runner: TaskRunner, admin: Actor
) -> None:
    """Opening facts in the wizard and saving them changes nothing by itself."""
    root = Path(__file__).resolve().parents[2]
    cases = json.loads((root / "resources" / "demo" / "cases.json").read_text(encoding="utf-8"))
    examples = root.parent / "shared" / "spec" / "examples"
    cases += [json.loads(p.read_text(encoding="utf-8")) for p in sorted(examples.glob("*.json"))]
    assert len(cases) >= 12
    for data in cases:
        w = IntakeWizard(runner, admin, mode="edit", reference="X", data=data)
        qtbot.addWidget(w)
        assert w.problems() == [], data.get("reference")
        assert parse_facts(w.collect()) == parse_facts(data), data.get("reference")


def test_ctrl_s_saves_the_draft_now(qtbot, wizard: IntakeWizard) -> None:
    type_into(qtbot, wizard, "field_target_name_en", "Saved By Keyboard Co.")
    with qtbot.waitSignal(wizard.draft_saved, timeout=5_000):
        qtbot.keyClick(wizard, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert wizard.reference is not None


def test_leaving_a_field_saves_the_draft(qtbot, wizard: IntakeWizard) -> None:
    name = edit(wizard, "field_target_name_en")
    wizard.activateWindow()
    name.setFocus()
    qtbot.waitUntil(name.hasFocus, timeout=2_000)
    qtbot.keyClicks(name, "Focus Moves Co.")
    with qtbot.waitSignal(wizard.draft_saved, timeout=5_000):
        edit(wizard, "field_target_name_zh").setFocus()
    assert wizard.reference is not None


def test_lists_left_out_stay_unknown_until_the_officer_states_them(
    qtbot, runner: TaskRunner, admin: Actor
) -> None:
    """An absent list is unknown: editing other facts must not turn it into "none"."""
    data = json.loads((Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "examples"
                       / "frontier-lab.json").read_text(encoding="utf-8"))
    del data["target"]["security_sectors"]
    del data["target"]["ai"]["end_uses"]
    data["deal"]["technology_transfer"] = {"transfers": True, "restricted_catalogue_items": ["Y"]}
    w = IntakeWizard(runner, admin, mode="edit", reference="X", data=data)
    qtbot.addWidget(w)
    w.show()
    collected = w.collect()
    assert "security_sectors" not in collected["target"]
    assert "end_uses" not in collected["target"]["ai"]
    assert collected["deal"]["technology_transfer"] == data["deal"]["technology_transfer"]
    assert parse_facts(collected) == parse_facts(data)
    # Ticking and unticking leaves it unknown; "None of these" states none; typing a line
    # states the items.
    box = w.findChild(QCheckBox, "choice_target_security_sectors_military")
    assert box is not None
    box.setChecked(True)
    box.setChecked(False)
    assert "security_sectors" not in w.collect()["target"]
    none = w.findChild(QCheckBox, "none_target_security_sectors")
    assert none is not None
    none.setChecked(True)
    prohibited = w.findChild(QPlainTextEdit, "field_deal_technology_transfer_prohibited_catalogue_items")
    assert prohibited is not None
    prohibited.setPlainText("X")
    collected = w.collect()
    assert collected["target"]["security_sectors"] == []
    assert collected["deal"]["technology_transfer"]["prohibited_catalogue_items"] == ["X"]
    assert "end_uses" not in collected["target"]["ai"]


def test_a_new_case_leaves_unanswered_lists_unknown(qtbot, wizard: IntakeWizard) -> None:
    """An officer who skips a box group asserts nothing: the list stays out of the facts."""
    collected = wizard.collect()
    assert "activities" not in collected["target"]
    assert "security_sectors" not in collected["target"]
    assert "ai" not in collected["target"]
    assert "technology_transfer" not in collected["deal"]


@pytest.mark.parametrize("compute", [6e23, 6 * 10**23, 3.1e25])
def test_training_compute_is_shown_as_the_reasons_write_it(compute: float | int) -> None:
    summary = wizard_module.facts_summary_html(
        {"target": {"ai": {"develops_ai_system": True, "max_training_compute_ops": compute}}})
    expected = wizard_module.prose(wizard_module.operations_text(compute))
    assert f"<b>{expected}</b>" in summary
    assert "e+" not in summary and "," not in expected
    assert expected == ("6 × 10²³" if compute < 1e24 else "3.1 × 10²⁵")
