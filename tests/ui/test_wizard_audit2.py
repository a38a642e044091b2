"""The intake wizard audited a second time on the real window: what the review page says
before Save changes, free text shown as typed, codes that do not exist refused at the
field with the fix, and keyboard access to every field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QMessageBox, QWidget, QWizard
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.drafts import save_draft
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui.wizard import IntakeWizard, MultiChoiceField, facts_summary_html, open_draft
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR
from tests.ui.test_wizard import click_next, type_into
from tests.ui.ux_checks import dead_alt_keys, mnemonic_clashes


def example(name: str) -> dict:
    return json.loads((EXAMPLES_DIR / name).read_text(encoding="utf-8"))


def to_review(qtbot, w: IntakeWizard) -> None:
    while w.currentPage() is not w.review_page:
        click_next(qtbot, w)


def test_the_review_page_lists_the_changes_save_changes_will_record(
    qtbot, runner: TaskRunner, admin: Actor, db: Database
) -> None:
    with db.session() as session:
        case = create_case(session, facts=parse_facts(example("frontier-lab.json")),
                           actor=admin)
    w = IntakeWizard(runner, admin, mode="edit", reference=case.reference,
                     data=case.facts.to_json_dict(), version=case.version)
    qtbot.addWidget(w)
    w.show()
    to_review(qtbot, w)
    # Nothing changed yet: the page says Save changes would record nothing.
    assert "No changes" in w.review_page.summary.toPlainText()
    w.back()
    w.back()  # the deal page
    type_into(qtbot, w, "field_deal_stake_after_pct", "7")
    to_review(qtbot, w)
    shown = w.review_page.summary.toPlainText()
    assert shown.startswith("Changes to be recorded (1)")  # first, before the facts
    assert "Stake after the deal (%)" in shown and "6.5 → 7" in shown
    qtbot.keyClicks(w.review_page.reason_edit, "term sheet v2")
    with qtbot.waitSignal(w.case_saved, timeout=20_000):
        qtbot.mouseClick(w.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    with db.read_session() as session:
        recorded = session.exec(select(Event).where(Event.action == "field.changed")).all()
        assert [(e.field, e.old_value, e.new_value) for e in recorded] == [
            ("deal.stake_after_pct", "6.5", "7")]


def test_a_new_case_shows_no_changes_list(qtbot, wizard: IntakeWizard) -> None:
    wizard.load_data(example("vision-startup.json"))
    to_review(qtbot, wizard)
    assert wizard.review_page.changes_html == ""
    assert "Changes to be recorded" not in wizard.review_page.summary.toPlainText()


def test_typed_list_items_are_shown_as_typed_and_codes_by_name() -> None:
    data = example("frontier-lab.json")
    data["target"]["ai"]["us_models_used"] = ["gpt_4o via api", "an open-weight US model"]
    shown = facts_summary_html(data)
    # Not "Gpt 4o via api" / "An open-weight …": what the officer typed is the fact.
    assert "gpt_4o via api, an open-weight US model" in shown
    assert "Important information technology and internet products and services" in shown  # a code, named


def field(w: IntakeWizard, *path: str):
    return next(f for f in w.fields if f.path == path)


@pytest.mark.parametrize(("typed", "says"), [
    ("UK", "the United Kingdom is GB"),
    ("XX", "'XX' is not an ISO 3166 country code"),
])
def test_a_code_of_no_country_is_refused_with_the_code_to_write(
    wizard: IntakeWizard, typed: str, says: str
) -> None:
    place = field(wizard, "investor", "jurisdiction")
    place.widget.setText(typed)
    assert says in (place.problem() or "")
    place.widget.setText("gb")
    assert place.problem() is None and place.parse() == "GB"


@pytest.mark.parametrize(("currency", "says"), [
    ("CYN", "did you mean CNY?"),  # letters swapped: stored as typed before
    ("USB", "did you mean USD?"),
    ("ZZZ", "'ZZZ' is not an ISO 4217 currency code"),
    ("CNH", "write CNY"),
    ("", "choose the currency"),
])
def test_a_currency_that_does_not_exist_is_refused_with_the_fix(
    wizard: IntakeWizard, currency: str, says: str
) -> None:
    amount = field(wizard, "deal", "amount")
    amount.value_edit.setText("1,000,000")
    amount.currency.setCurrentText(currency)
    assert says in (amount.problem() or "")
    amount.currency.setCurrentText("EUR")
    assert amount.problem() is None
    assert amount.parse() == {"value": 1_000_000, "currency": "EUR"}


def test_a_power_of_ten_in_an_amount_is_not_read_as_other_digits(
    wizard: IntakeWizard,
) -> None:
    amount = field(wizard, "deal", "amount")
    amount.value_edit.setText("US$ 2.5 × 10⁶")  # was "2.5 × 106": refused as no number
    assert amount.parse() == {"value": 2_500_000, "currency": "USD"}
    amount.value_edit.setText("10⁶ USD")  # was read as 106
    assert amount.parse() == {"value": 1_000_000, "currency": "USD"}


def test_every_typed_field_has_an_alt_key_of_its_own_on_its_page(
    qtbot, wizard: IntakeWizard
) -> None:
    data = example("vision-startup.json")
    data["deal"]["instrument"] = "lp_interest"  # the LP commitment shown too
    wizard.load_data(data)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=2_000)
    while wizard.currentPage() is not wizard.review_page:
        page = wizard.currentPage()
        assert mnemonic_clashes(wizard) == [], page.objectName()
        assert dead_alt_keys(wizard) == [], page.objectName()
        for fact in page.fields:
            label = page.form.labelForField(fact.container)
            assert isinstance(label, QLabel)
            # Boxes too: the key moves to the first box without ticking it (a buddy that
            # is a box would be clicked; tests/ui/test_wizard13_alt_keys.py).
            assert "&" in label.text(), label.text()
            if isinstance(fact, MultiChoiceField):
                assert not isinstance(label.buddy(), QCheckBox)
        click_next(qtbot, wizard)
    assert mnemonic_clashes(wizard) == []


def test_an_alt_key_moves_to_its_field(qtbot, wizard: IntakeWizard) -> None:
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=2_000)
    worldwide = field(wizard, "target", "turnover_cny", "worldwide").widget
    qtbot.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(worldwide.hasFocus, timeout=2_000)


def test_a_draft_asked_for_twice_opens_in_one_window(
    qtbot, runner: TaskRunner, admin: Actor, db: Database
) -> None:
    """A double-click on the case list asks twice (doubleClicked and activated): a second
    window on the same draft made every save of the first a version conflict."""
    with db.session() as session:
        reference = save_draft(session, actor=admin, data=example("consumer-app.json")).reference
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    opened: list[IntakeWizard] = []

    def show(w: IntakeWizard) -> None:
        opened.append(w)
        w.show()

    open_draft(runner, admin, reference, show, parent)
    open_draft(runner, admin, reference, show, parent)
    qtbot.waitUntil(lambda: bool(opened), timeout=5_000)
    runner.wait_for_done()
    qtbot.waitUntil(lambda: runner.idle, timeout=5_000)
    assert len(opened) == 1
    assert [w for w in parent.findChildren(IntakeWizard) if w.isVisible()] == opened


def test_an_alt_key_scrolls_its_field_into_sight(qtbot, wizard: IntakeWizard) -> None:
    """At double scaling the target page scrolls: Alt+W put the cursor in Worldwide
    turnover out of sight, and the officer typed blind."""
    wizard.resize(640, 360)  # the 1366×768 screen at QT_SCALE_FACTOR=2
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=2_000)
    page = wizard.currentPage()
    worldwide = field(wizard, "target", "turnover_cny", "worldwide").widget
    viewport = page.scroll_area.viewport()

    def in_sight() -> bool:
        top_left = worldwide.mapTo(viewport, QPoint(0, 0))
        return viewport.rect().contains(QRect(top_left, worldwide.size()))

    assert not in_sight()  # the page is taller than the window: the test means something
    qtbot.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(worldwide.hasFocus, timeout=2_000)
    assert in_sight()


def test_an_import_says_what_became_of_each_value_it_could_not_take_as_it_was(
    qtbot, wizard: IntakeWizard, tmp_path: Path
) -> None:
    data = example("vision-startup.json")
    data["target"]["turnover_cny"]["china"] = "1亿"  # text, yet readable; under the worldwide figure
    data["target"]["activities"] = ["ai_application", "robots"]
    data["deal"]["instrument"] = "shares"  # no such instrument
    data["deal"]["stake_after_pct"] = 150  # kept, to be corrected
    data["nickname"] = "x"
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    wizard.import_file(path)
    qtbot.waitUntil(lambda: wizard.findChild(object, "errorDialog") is not None, timeout=5_000)
    lines = wizard.findChild(object, "errorDialog").informativeText().splitlines()
    said = {line.split(" [")[0].split(":")[0]: line.rsplit(" — ", 1)[-1]
            for line in lines if " — " in line}
    assert said == {
        "China turnover (RMB) (Target company)": "read as 100,000,000: check it",
        "Activities (Target company), item 2": "left out",
        "Instrument (Deal)": "left out: enter it in the wizard",
        "Stake after the deal (%) (Deal)": "kept as written and marked at its field: correct "
                                           "it there",
        "nickname": "left out",
    }, lines
    # In the order of the wizard's pages, what it does not know last.
    assert lines[-1].startswith("nickname")


def test_an_empty_required_field_says_what_to_do(qtbot, wizard: IntakeWizard) -> None:
    assert "Name (English): required; type it in" in wizard.currentPage().blocked_label.text()
    type_into(qtbot, wizard, "field_target_name_en", "X Co.")
    click_next(qtbot, wizard)  # the AI page: activities unknown, it may apply
    click_next(qtbot, wizard)
    type_into(qtbot, wizard, "field_investor_name", "Y LLC")
    click_next(qtbot, wizard)
    assert "Instrument: required; choose one" in wizard.currentPage().blocked_label.text()


@pytest.mark.parametrize("typed", ["0226-12-10", "2206-12-10", "0001-01-01"])
def test_a_deal_date_in_an_impossible_year_is_refused(wizard: IntakeWizard, typed: str) -> None:
    signing = field(wizard, "deal", "signing_date")
    signing.widget.setText(typed)
    assert "check the year" in (signing.problem() or "")
    signing.widget.setText("2026-12-10")
    assert signing.problem() is None and signing.parse() == "2026-12-10"


def test_a_chinese_name_without_chinese_characters_is_refused(wizard: IntakeWizard) -> None:
    name_zh = field(wizard, "target", "name_zh")
    name_zh.widget.setText("Shili Keji Co., Ltd.")  # pinyin or the English name again
    assert "has no Chinese characters" in (name_zh.problem() or "")
    name_zh.widget.setText("示例（北京）ABC科技有限公司")  # kept exactly as typed
    assert name_zh.problem() is None and name_zh.parse() == "示例（北京）ABC科技有限公司"


def test_a_list_item_typed_twice_is_refused_and_kept_in_the_draft(
    qtbot, wizard: IntakeWizard
) -> None:
    items = field(wizard, "deal", "technology_transfer", "restricted_catalogue_items")
    items.widget.setPlainText("AI interactive interface\nai interactive interface ")
    assert "listed twice" in (items.problem() or "")
    assert items.draft_value() == ["AI interactive interface", "ai interactive interface"]
    items.widget.setPlainText("AI interactive interface\nSpeech synthesis")
    assert items.problem() is None


def test_closing_edit_facts_with_changes_asks_before_discarding_them(
    qtbot, runner: TaskRunner, admin: Actor
) -> None:
    """Escape in Edit facts dropped every change typed, without a word (an open case's
    facts have no draft to keep them)."""
    w = IntakeWizard(runner, admin, mode="edit", reference="AP-2026-0001",
                     data=example("vision-startup.json"))
    qtbot.addWidget(w)
    w.show()
    w.reject()  # nothing changed: closes at once
    assert not w.isVisible()
    w.show()
    field(w, "target", "name_en").widget.setText("Renamed Co., Ltd.")
    qtbot.keyClick(w, Qt.Key.Key_Escape)
    box = w.findChild(QMessageBox, "discardFactChanges")
    assert box is not None and box.isVisible() and w.isVisible()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert w.isVisible()  # keeps editing, the change still there
    assert field(w, "target", "name_en").parse() == "Renamed Co., Ltd."
    w.reject()
    qtbot.mouseClick(w.discard_box.button(QMessageBox.StandardButton.Discard),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=2_000)


def test_the_uscc_field_says_an_offshore_company_has_none(wizard: IntakeWizard) -> None:
    uscc = field(wizard, "target", "uscc")
    # Filing requirements ask for it only for a target organised in mainland China.
    assert "Only an entity registered in mainland China has one" in uscc.widget.toolTip()
    assert uscc.widget.toolTip() == uscc.widget.accessibleDescription()
