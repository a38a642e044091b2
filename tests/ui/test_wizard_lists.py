"""Lists in the intake wizard: unknown until answered, "none" only when the officer says so.

Driven like an officer (typing, clicking, keys, Next, Finish); the stored facts are read
back from the database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QPlainTextEdit, QWizard
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case, get_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, Screening
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR
from tests.ui.test_wizard import choose, click_next, edit, next_button, tick, type_into
from tests.ui.test_wizard_audit import strictly_equal

LISTS = {
    ("target", "activities"): "none_target_activities",
    ("target", "security_sectors"): "none_target_security_sectors",
    ("target", "ai", "end_uses"): "none_target_ai_end_uses",
    ("target", "ai", "us_models_used"): "none_target_ai_us_models_used",
    ("deal", "technology_transfer", "restricted_catalogue_items"):
        "none_deal_technology_transfer_restricted_catalogue_items",
    ("deal", "technology_transfer", "prohibited_catalogue_items"):
        "none_deal_technology_transfer_prohibited_catalogue_items",
}


def box(w: IntakeWizard, name: str) -> QCheckBox:
    found = w.findChild(QCheckBox, name)
    assert found is not None, name
    return found


def lines(w: IntakeWizard, path: tuple[str, ...]) -> QPlainTextEdit:
    found = w.findChild(QPlainTextEdit, "field_" + "_".join(path))
    assert found is not None, path
    return found


def summary_rows(w: IntakeWizard) -> str:
    return w.review_page.summary.toPlainText().replace("\n", "\t")


def stored_facts(db: Database, reference: str) -> tuple[dict[str, Any], str]:
    """The case's facts as the service reads them, and the raw JSON in the table."""
    with db.read_session() as session:
        facts = get_case(session, reference).facts.to_json_dict()
        raw, state = session.exec(select(Case.facts, Case.draft_state)
                                  .where(Case.reference == reference)).one()
    assert state is None  # an open case keeps no wizard state
    return facts, raw


def finish(qtbot, w: IntakeWizard) -> str:
    button = w.button(QWizard.WizardButton.FinishButton)
    assert button.isEnabled(), w.review_page.problems_label.text()
    with qtbot.waitSignal(w.case_saved, timeout=20_000) as saved:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return saved.args[0]


def test_every_list_starts_unknown_with_a_none_answer_beside_it(wizard: IntakeWizard) -> None:
    for path, name in LISTS.items():
        none = box(wizard, name)
        assert not none.isChecked(), path
        # A screen reader names the box with its list, not only "None".
        field = next(f for f in wizard.fields if f.path == path)
        assert none.accessibleName().startswith("None") and field.label in none.accessibleName()
        assert none.focusPolicy() & Qt.FocusPolicy.TabFocus, path
    collected = wizard.collect(draft=True)
    for path in LISTS:
        node: Any = collected
        for key in path[:-1]:
            node = node.get(key, {})
        assert path[-1] not in node, path


def test_skipped_lists_stay_unknown_through_finish_and_screening_asks_for_them(
    qtbot, wizard: IntakeWizard, db: Database
) -> None:
    w = wizard
    type_into(qtbot, w, "field_target_name_en", "Skipped Boxes Co.")
    type_into(qtbot, w, "field_target_jurisdiction", "CN")
    type_into(qtbot, w, "field_target_headquarters", "CN")
    # Unanswered lists do not block Next, as an "Unknown" yes/no does not.
    assert next_button(w).isEnabled()
    assert w.currentPage().blocked_label.text() == ""
    click_next(qtbot, w)
    assert w.currentPage().objectName() == "aiPage"  # activities unknown: AI may apply
    click_next(qtbot, w)
    type_into(qtbot, w, "field_investor_name", "Y Fund")
    choose(w, "field_investor_us_person", "Yes")
    type_into(qtbot, w, "field_investor_jurisdiction", "US")
    click_next(qtbot, w)
    choose(w, "field_deal_instrument", "Equity acquisition")
    type_into(qtbot, w, "field_deal_stake_after_pct", "10")
    choose(w, "field_deal_acquires_control", "No")
    click_next(qtbot, w)
    choose(w, "field_deal_technology_transfer_transfers", "Yes")
    click_next(qtbot, w)

    review = w.review_page
    assert w.currentPage() is review
    rows = summary_rows(w)
    for label in ("Activities", "Security-review fields", "Intended end uses",
                  "Restricted catalogue items", "Prohibited catalogue items"):
        assert f"{label}\tnot stated" in rows, (label, rows)
    assert "US models used" not in rows  # not asked (distillation not answered Yes)
    # A yes/no question left Unknown is listed as such (it was left out, as if never
    # asked), "not stated" where the screening asks for it; the answered ones say their
    # answer.
    assert "Veto rights\tunknown" in rows, rows
    assert "Critical information infrastructure operator\tnot stated" in rows, rows
    assert "US person\tYes" in rows and "Acquires control\tNo" in rows, rows
    assert review.not_stated_label.isVisibleTo(w)
    gap = review.not_stated_label.text()
    for label in ("Activities", "Security-review fields (FISR Art. 4)", "Intended end uses",
                  "Restricted catalogue items;"):
        assert label in gap, gap
    assert "earlier version" not in gap
    outcomes = review.determinations.outcomes()
    for regime, path in (("CN-FISR", "target.security_sectors"),
                         ("CN-NEGATIVE-LIST", "target.activities"),
                         ("CN-TECH-EXPORT", "deal.technology_transfer.restricted_catalogue_items")):
        assert outcomes[regime] == "needs_info", (regime, outcomes)
        text = review.determinations.findChild(QLabel, f"determination_{regime}").text()
        assert path in text, (regime, text)

    reference = finish(qtbot, w)
    facts, raw = stored_facts(db, reference)
    assert "activities" not in facts["target"] and "security_sectors" not in facts["target"]
    assert facts["deal"]["technology_transfer"] == {"transfers": True}
    assert "[]" not in raw
    with db.read_session() as session:
        case_id = session.exec(select(Case.id).where(Case.reference == reference)).one()
        result = session.exec(select(Screening.result).where(
            Screening.case_id == case_id, Screening.current == True)).one()  # noqa: E712
    determinations = {d["regime"]: d for d in json.loads(result)["determinations"]}
    assert determinations["CN-FISR"]["outcome"] == "needs_info"
    assert "target.security_sectors" in determinations["CN-FISR"]["missing"]


def test_none_of_these_is_answered_from_the_keyboard_and_excludes_the_items(
    qtbot, wizard: IntakeWizard
) -> None:
    w = wizard
    type_into(qtbot, w, "field_target_name_en", "Keyboard Co.")
    last = box(w, "choice_target_activities_other")
    none = box(w, "none_target_activities")
    w.activateWindow()
    last.setFocus()
    qtbot.waitUntil(last.hasFocus, timeout=2_000)
    qtbot.keyClick(last, Qt.Key.Key_Tab)  # the last item leads to "None of these"
    assert none.hasFocus()
    qtbot.keyClick(none, Qt.Key.Key_Space)
    assert none.isChecked()
    assert w.collect()["target"]["activities"] == []

    # An item ticked (by key) clears "None of these"; "None of these" clears the items.
    item = box(w, "choice_target_activities_semiconductor_design")
    item.setFocus()
    qtbot.waitUntil(item.hasFocus, timeout=2_000)
    qtbot.keyClick(item, Qt.Key.Key_Space)
    assert item.isChecked() and not none.isChecked()
    tick(qtbot, w, "choice_target_activities_cloud_idc")
    assert w.collect()["target"]["activities"] == ["semiconductor_design", "cloud_idc"]
    tick(qtbot, w, "none_target_activities")
    assert not item.isChecked() and not box(w, "choice_target_activities_cloud_idc").isChecked()
    assert w.collect()["target"]["activities"] == []
    # "None" (no AI activity) is an answer: the AI page is not asked.
    click_next(qtbot, w)
    assert w.currentPage().objectName() == "investorPage"
    w.back()
    # Unticking "None of these" with nothing ticked takes the answer back: unknown again.
    tick(qtbot, w, "none_target_activities")
    assert "activities" not in w.collect()["target"]


def test_a_typed_list_is_unknown_until_lines_or_none(qtbot, wizard: IntakeWizard) -> None:
    w = wizard
    path = ("target", "ai", "us_models_used")
    type_into(qtbot, w, "field_target_name_en", "Typed Lists Co.")
    tick(qtbot, w, "choice_target_activities_ai_model_development")
    click_next(qtbot, w)
    choose(w, "field_target_ai_trained_on_us_model_outputs", "Yes")
    models, none = lines(w, path), box(w, "none_target_ai_us_models_used")
    assert models.isVisibleTo(w) and none.isVisibleTo(w)
    assert "us_models_used" not in w.collect()["target"]["ai"]  # an empty box is unknown
    # Tab leaves the box for its "None", and Space ticks it.
    w.activateWindow()
    models.setFocus()
    qtbot.waitUntil(models.hasFocus, timeout=2_000)
    qtbot.keyClick(models, Qt.Key.Key_Tab)
    assert none.hasFocus()
    qtbot.keyClick(none, Qt.Key.Key_Space)
    assert w.collect()["target"]["ai"]["us_models_used"] == []
    tick(qtbot, w, "none_target_ai_us_models_used")  # off again: unknown
    assert "us_models_used" not in w.collect()["target"]["ai"]
    tick(qtbot, w, "none_target_ai_us_models_used")
    assert w.collect()["target"]["ai"]["us_models_used"] == []
    qtbot.keyClicks(models, "GPT-4o via API")
    assert not none.isChecked()  # lines and "None" exclude each other
    assert w.collect()["target"]["ai"]["us_models_used"] == ["GPT-4o via API"]
    tick(qtbot, w, "none_target_ai_us_models_used")
    assert models.toPlainText() == ""
    assert w.collect()["target"]["ai"]["us_models_used"] == []
    # Ticked by mistake: Ctrl+Z in the box brings the lines back, and they count again.
    models.setFocus()
    qtbot.waitUntil(models.hasFocus, timeout=2_000)
    qtbot.keyClick(models, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert models.toPlainText() == "GPT-4o via API" and not none.isChecked()
    assert w.collect()["target"]["ai"]["us_models_used"] == ["GPT-4o via API"]
    # Lines cleared without "None": unknown again.
    models.clear()
    assert "us_models_used" not in w.collect()["target"]["ai"]


def stated_and_unstated() -> dict[str, Any]:
    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    data["target"]["security_sectors"] = []  # stated: none
    del data["target"]["ai"]["end_uses"]  # unknown
    data["deal"]["technology_transfer"] = {"transfers": True, "restricted_catalogue_items": []}
    return data


def assert_shown_as_stated(w: IntakeWizard) -> None:
    assert box(w, "none_target_security_sectors").isChecked()
    assert not box(w, "none_target_ai_end_uses").isChecked()
    assert not any(box(w, f"choice_target_ai_end_uses_{c}").isChecked()
                   for c in ("military", "robotic_control"))
    assert box(w, "none_deal_technology_transfer_restricted_catalogue_items").isChecked()
    assert not box(w, "none_deal_technology_transfer_prohibited_catalogue_items").isChecked()
    assert lines(w, ("deal", "technology_transfer", "prohibited_catalogue_items")
                 ).toPlainText() == ""


def test_facts_from_a_file_keep_exactly_what_they_stated(
    qtbot, wizard: IntakeWizard, tmp_path: Path
) -> None:
    data = stated_and_unstated()
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    wizard.import_file(path)
    qtbot.waitUntil(lambda: edit(wizard, "field_target_name_en").text() != "", timeout=5_000)
    assert_shown_as_stated(wizard)
    assert strictly_equal(wizard.collect(), data), wizard.collect()
    out = tmp_path / "out.json"
    wizard.export_file(out)
    qtbot.waitUntil(out.exists, timeout=5_000)
    assert strictly_equal(json.loads(out.read_text(encoding="utf-8")), data)
    # The review page names only the unknown list that is asked for.
    while wizard.currentPage() is not wizard.review_page:
        click_next(qtbot, wizard)
    rows = summary_rows(wizard)
    assert "Security-review fields\tnone" in rows and "Restricted catalogue items\tnone" in rows
    assert "Intended end uses\tnot stated" in rows
    assert "Prohibited catalogue items\tnot stated" in rows


def test_editing_a_case_keeps_its_lists_as_stated(
    qtbot, runner: TaskRunner, admin: Actor, db: Database
) -> None:
    data = stated_and_unstated()
    with db.session() as session:
        case = create_case(session, facts=parse_facts(data), actor=admin)
    w = IntakeWizard(runner, admin, mode="edit", reference=case.reference,
                     data=case.facts.to_json_dict(), version=case.version)
    qtbot.addWidget(w)
    w.show()
    assert_shown_as_stated(w)
    click_next(qtbot, w)
    click_next(qtbot, w)
    type_into(qtbot, w, "field_investor_ultimate_parent", "New Parent LLC")
    while w.currentPage() is not w.review_page:
        click_next(qtbot, w)
    qtbot.keyClicks(w.review_page.reason_edit, "parent confirmed")
    finish(qtbot, w)
    facts, _raw = stored_facts(db, case.reference)
    expected = parse_facts(data).to_json_dict()
    expected["investor"]["ultimate_parent"] = "New Parent LLC"
    assert strictly_equal(facts, expected), facts


def reopen(qtbot, runner: TaskRunner, admin: Actor, reference: str) -> IntakeWizard:
    """The draft opened as the case list opens it (load_draft off the GUI thread)."""
    from approvals.ui.wizard import open_draft

    ready: list[IntakeWizard] = []
    open_draft(runner, admin, reference, ready.append)
    qtbot.waitUntil(lambda: bool(ready), timeout=5_000)
    w = ready[0]
    qtbot.addWidget(w)
    w.show()
    return w


def field_of(w: IntakeWizard, path: tuple[str, ...]) -> Any:
    return next(f for f in w.fields if f.path == path)


HIDDEN = {
    "deal.lp_commitment_usd": 2_000_000,
    "target.ai.us_models_used": ["GPT-4o via API"],
    "deal.technology_transfer.restricted_catalogue_items": ["Item A"],
    "deal.technology_transfer.prohibited_catalogue_items": [],
}


def close_and_load(qtbot, runner: TaskRunner, admin: Actor, db: Database,
                   w: IntakeWizard) -> tuple[Any, dict[str, Any]]:
    """Close the wizard (which saves the draft) and read the draft and its stored state."""
    with qtbot.waitSignal(w.draft_saved, timeout=5_000) as saved:
        w.reject()
    qtbot.waitUntil(lambda: runner.idle, timeout=5_000)
    from approvals.services.drafts import load_draft

    with db.read_session() as session:
        info = load_draft(session, actor=admin, reference=saved.args[0])
        state = session.exec(select(Case.draft_state)
                             .where(Case.reference == saved.args[0])).one()
    assert state is not None
    return info, json.loads(state)


def test_values_of_hidden_fields_come_back_after_close_and_reopen_but_never_into_the_case(
    qtbot, runner: TaskRunner, admin: Actor, db: Database, wizard: IntakeWizard
) -> None:
    w = wizard
    type_into(qtbot, w, "field_target_name_en", "Changed Mind Co.")
    tick(qtbot, w, "choice_target_activities_ai_model_development")
    click_next(qtbot, w)
    choose(w, "field_target_ai_trained_on_us_model_outputs", "Yes")
    qtbot.keyClicks(lines(w, ("target", "ai", "us_models_used")), "GPT-4o via API")
    choose(w, "field_target_ai_trained_on_us_model_outputs", "No")
    click_next(qtbot, w)
    type_into(qtbot, w, "field_investor_name", "Y Fund")
    click_next(qtbot, w)
    choose(w, "field_deal_instrument", "Limited partner interest in a fund")
    type_into(qtbot, w, "field_deal_lp_commitment_usd", "2,000,000")
    choose(w, "field_deal_instrument", "Equity acquisition")
    click_next(qtbot, w)
    choose(w, "field_deal_technology_transfer_transfers", "Yes")
    qtbot.keyClicks(lines(w, ("deal", "technology_transfer", "restricted_catalogue_items")),
                    "Item A")
    tick(qtbot, w, "none_deal_technology_transfer_prohibited_catalogue_items")
    choose(w, "field_deal_technology_transfer_transfers", "Unknown")
    facts = w.collect()
    assert "lp_commitment_usd" not in facts["deal"]
    assert "us_models_used" not in facts["target"]["ai"]
    assert "technology_transfer" not in facts["deal"]

    info, state = close_and_load(qtbot, runner, admin, db, w)
    assert info.held == HIDDEN
    assert "lp_commitment_usd" not in info.data["deal"]
    assert "us_models_used" not in info.data["target"]["ai"]
    assert "technology_transfer" not in info.data["deal"]
    assert state["held"] == HIDDEN  # beside the facts, in the draft's row

    again = reopen(qtbot, runner, admin, info.reference)
    for dotted in HIDDEN:
        assert not again.field_applies(field_of(again, tuple(dotted.split(".")))), dotted
    assert again.collect() == w.collect()
    again.review_page.refresh()
    left_out = again.review_page.left_out_label.text()
    assert "US models used" in left_out and "LP commitment (USD)" in left_out
    assert "stay with the draft" in left_out
    # Each answer changed back brings its value back.
    choose(again, "field_deal_instrument", "Limited partner interest in a fund")
    assert edit(again, "field_deal_lp_commitment_usd").text() == "2,000,000"
    choose(again, "field_target_ai_trained_on_us_model_outputs", "Yes")
    assert lines(again, ("target", "ai", "us_models_used")).toPlainText() == "GPT-4o via API"
    choose(again, "field_deal_technology_transfer_transfers", "Yes")
    assert box(again, "none_deal_technology_transfer_prohibited_catalogue_items").isChecked()
    facts = again.collect()
    assert facts["deal"]["lp_commitment_usd"] == 2_000_000
    assert facts["target"]["ai"]["us_models_used"] == ["GPT-4o via API"]
    assert facts["deal"]["technology_transfer"] == {
        "transfers": True, "restricted_catalogue_items": ["Item A"],
        "prohibited_catalogue_items": []}

    # Hidden again and finished: the case holds none of them, nor the draft's state.
    choose(again, "field_deal_instrument", "Equity acquisition")
    choose(again, "field_target_ai_trained_on_us_model_outputs", "No")
    while again.currentPage() is not again.review_page:
        click_next(qtbot, again)
    reference = finish(qtbot, again)
    stored, raw = stored_facts(db, reference)
    assert stored["deal"].get("lp_commitment_usd") is None
    assert "us_models_used" not in stored["target"]["ai"]
    assert json.loads(raw)["deal"]["lp_commitment_usd"] is None  # nullable: stored as null
    assert "GPT-4o" not in raw and "2000000" not in raw


def test_a_hidden_ai_page_keeps_its_answers_in_the_draft(
    qtbot, runner: TaskRunner, admin: Actor, db: Database, wizard: IntakeWizard
) -> None:
    w = wizard
    type_into(qtbot, w, "field_target_name_en", "Pivoted Co.")
    tick(qtbot, w, "choice_target_activities_ai_model_development")
    click_next(qtbot, w)
    choose(w, "field_target_ai_develops_ai_system", "Yes")
    type_into(qtbot, w, "field_target_ai_max_training_compute_ops", "1e25")
    tick(qtbot, w, "choice_target_ai_end_uses_military")
    w.back()
    tick(qtbot, w, "choice_target_activities_ai_model_development")  # unticked
    tick(qtbot, w, "choice_target_activities_semiconductor_design")
    assert "ai" not in w.collect()["target"]
    info, _state = close_and_load(qtbot, runner, admin, db, w)
    assert info.held == {"target.ai.develops_ai_system": True,
                         "target.ai.max_training_compute_ops": 1e25,
                         "target.ai.end_uses": ["military"]}
    again = reopen(qtbot, runner, admin, info.reference)
    assert "ai" not in again.collect()["target"]
    tick(qtbot, again, "choice_target_activities_ai_model_development")
    assert again.collect()["target"]["ai"] == {
        "develops_ai_system": True, "max_training_compute_ops": 1e25, "end_uses": ["military"]}


def test_a_draft_saved_by_the_previous_version_opens_with_its_empty_lists_not_stated(
    qtbot, runner: TaskRunner, admin: Actor, db: Database
) -> None:
    """The previous wizard wrote `[]` for every list left unticked, and had no place for
    the wizard's state: such a draft opens, keeps its facts, and asks for the lists."""
    from approvals.services.drafts import save_draft

    previous = {
        "schema_version": 1,
        "target": {"name_en": "Old Draft Co.", "activities": ["ai_model_development"],
                   "security_sectors": [], "ai": {"develops_ai_system": True, "end_uses": [],
                                                  "max_training_compute_ops": "3e2x"}},
        "investor": {"name": "Y Fund"},
        "deal": {"instrument": "equity", "amount": {"value": "150m", "currency": "USD"},
                 "technology_transfer": {"transfers": True, "restricted_catalogue_items": ["A"],
                                         "prohibited_catalogue_items": []}},
    }
    with db.session() as session:
        reference = save_draft(session, actor=admin, data={}).reference
        row = session.exec(select(Case).where(Case.reference == reference)).one()
        # As the previous version stored it: the facts, and no state.
        row.facts, row.draft_state = json.dumps(previous, sort_keys=True), None
        session.add(row)
    w = reopen(qtbot, runner, admin, reference)
    assert edit(w, "field_target_name_en").text() == "Old Draft Co."
    assert box(w, "choice_target_activities_ai_model_development").isChecked()
    assert edit(w, "field_target_ai_max_training_compute_ops").text() == "3e2x"
    assert edit(w, "field_deal_amount_value").text() == "150m"
    assert lines(w, ("deal", "technology_transfer", "restricted_catalogue_items")
                 ).toPlainText() == "A"
    for name in ("none_target_security_sectors", "none_target_ai_end_uses",
                 "none_deal_technology_transfer_prohibited_catalogue_items"):
        assert not box(w, name).isChecked(), name
    w.review_page.refresh()
    gap = w.review_page.not_stated_label.text()
    assert "Security-review fields" in gap and "Intended end uses" in gap
    assert "earlier version" in gap
    # Answered, the draft is saved in the current format and reopens as answered.
    tick(qtbot, w, "none_target_security_sectors")
    info, state = close_and_load(qtbot, runner, admin, db, w)
    assert info.format == 2 and info.lists_reset == () and state["format"] == 2
    assert info.data["target"]["security_sectors"] == []
    assert "end_uses" not in info.data["target"]["ai"]
