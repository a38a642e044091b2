"""What Chinese and US officers type or paste into the intake wizard: keys for ASCII, the
clipboard (Ctrl+V) for what comes from a web page or a Chinese document. The unambiguous
is read and shown normalised once the field is left; the ambiguous is refused at the field
with Next disabled; whatever is accepted is stored exactly, comes back readable in the
reopened draft, and is what the review page screens."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWizard

from approvals.domain.facts import parse_facts
from approvals.domain.screening import screen
from approvals.services.cases import get_case
from approvals.services.drafts import load_draft
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner

USCC = "9111000072HD1TJ3YN"
LEI = "549300JSIOM1TMA7V337"


def edit(w: IntakeWizard, name: str) -> QLineEdit:
    widget = w.findChild(QLineEdit, name)
    assert widget is not None, name
    return widget


def field(w: IntakeWizard, *path: str) -> Any:
    return next(f for f in w.fields if f.path == path)


def focus(qtbot, w: IntakeWizard, widget: QLineEdit) -> None:
    w.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=2_000)


def paste(qtbot, w: IntakeWizard, name: str, text: str) -> None:
    """Select all and paste over it with Ctrl+V, as from a web page or a PDF."""
    widget = edit(w, name)
    focus(qtbot, w, widget)
    QGuiApplication.clipboard().setText(text)
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def type_keys(qtbot, w: IntakeWizard, name: str, text: str) -> None:
    assert text.isascii(), "QTest aborts on keys for CJK or full-width text: paste it"
    widget = edit(w, name)
    focus(qtbot, w, widget)
    widget.clear()
    qtbot.keyClicks(widget, text)


def leave(qtbot, w: IntakeWizard, name: str) -> None:
    """Tab out of the field, as the officer moves on."""
    widget = edit(w, name)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not widget.hasFocus(), timeout=2_000)


def error_text(w: IntakeWizard, name: str) -> str:
    label = w.findChild(QLabel, name)
    assert label is not None, name
    # Shown under its field (on whichever page it is; only the current page is visible),
    # read as it shows: the word joiners that keep a Chinese name on one line are unseen.
    return label.text().replace("\u2060", "").replace("\u2011", "-") if not label.isHidden() else ""


def next_button(w: IntakeWizard):
    return w.button(QWizard.WizardButton.NextButton)


def click_next(qtbot, w: IntakeWizard) -> None:
    assert next_button(w).isEnabled(), w.currentPage().blocked_label.text()
    qtbot.mouseClick(next_button(w), Qt.MouseButton.LeftButton)


def choose(w: IntakeWizard, name: str, text: str) -> None:
    combo = w.findChild(QComboBox, name)
    assert combo is not None, name
    combo.setCurrentIndex(combo.findText(text))


def same(a: Any, b: Any) -> bool:
    """Equal and of the same JSON types all the way down (800000000 is not 8e8)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


@pytest.mark.parametrize("pasted", [
    "9111 0000 72HD 1TJ3 YN", "91110000-72hd1tj3yn", "９１１１００００７２ＨＤ１ＴＪ３ＹＮ",
    USCC + "\n", USCC + "\u200b", "\u200b" + USCC[:9] + "\u200b" + USCC[9:],
])
def test_a_pasted_uscc_is_taken_and_shown_as_the_code(
    qtbot, wizard: IntakeWizard, pasted: str
) -> None:
    # Before: a zero-width space from a web page gave "must be 18 characters, got 19", and
    # the field kept showing spaces and lower case although the code stored differed.
    paste(qtbot, wizard, "field_target_uscc", pasted)
    assert error_text(wizard, "error_target_uscc") == ""
    leave(qtbot, wizard, "field_target_uscc")
    assert edit(wizard, "field_target_uscc").text() == USCC
    assert wizard.collect()["target"]["uscc"] == USCC


def test_a_typed_lei_is_shown_upper_case_and_a_wrong_one_refused(
    qtbot, wizard: IntakeWizard
) -> None:
    to_page(qtbot, wizard, "investorPage")
    type_keys(qtbot, wizard, "field_investor_lei", "5493 00js iom1 tma7 v337")
    leave(qtbot, wizard, "field_investor_lei")
    assert edit(wizard, "field_investor_lei").text() == LEI
    paste(qtbot, wizard, "field_investor_lei", LEI[:-1].lower() + "8\u200b")
    assert error_text(wizard, "error_investor_lei") == "check digits are '38', expected '37'"
    leave(qtbot, wizard, "field_investor_lei")
    assert edit(wizard, "field_investor_lei").text() == LEI[:-1].lower() + "8\u200b"  # kept


def test_a_wrong_uscc_is_refused_at_the_field_and_next_says_why(
    qtbot, wizard: IntakeWizard
) -> None:
    type_keys(qtbot, wizard, "field_target_name_en", "X Co.")
    type_keys(qtbot, wizard, "field_target_uscc", "9111O00072HD1TJ3YN")  # letter O
    assert "character 5 is 'O'" in error_text(wizard, "error_target_uscc")
    assert not next_button(wizard).isEnabled()
    assert "character 5 is 'O'" in wizard.currentPage().blocked_label.text()
    paste(qtbot, wizard, "field_target_uscc", USCC[:-1] + "m")
    assert error_text(wizard, "error_target_uscc") == "check character is 'M', expected 'N'"
    assert not next_button(wizard).isEnabled()


def to_page(qtbot, w: IntakeWizard, page: str) -> None:
    """Through the pages with the required answers, to `page` (aiPage, investorPage, …)."""
    type_keys(qtbot, w, "field_target_name_en", "X Co.")
    while w.currentPage().objectName() != page:
        if w.currentPage().objectName() == "investorPage":
            type_keys(qtbot, w, "field_investor_name", "Y Fund")
        click_next(qtbot, w)


def to_deal_page(qtbot, w: IntakeWizard) -> None:
    to_page(qtbot, w, "dealPage")
    choose(w, "field_deal_instrument", "Equity acquisition")


@pytest.mark.parametrize(("typed", "shown", "amount"), [
    ("RMB 800 million", "800,000,000", {"value": 800_000_000, "currency": "CNY"}),
    ("8亿元", "800,000,000", {"value": 800_000_000, "currency": "CNY"}),
    ("１０００万美元", "10,000,000", {"value": 10_000_000, "currency": "USD"}),
    ("$2,000,000", "2,000,000", {"value": 2_000_000, "currency": "USD"}),
    ("1.000.000", "1,000,000", {"value": 1_000_000, "currency": "USD"}),
    ("1 000 000", "1,000,000", {"value": 1_000_000, "currency": "USD"}),
    ("1e6", "1,000,000", {"value": 1_000_000, "currency": "USD"}),
    ("HK$ 10,000,000.50", "10,000,000.5", {"value": 10_000_000.5, "currency": "HKD"}),
    ("KWD 1,000.125", "1,000.125", {"value": 1_000.125, "currency": "KWD"}),  # fils
])
def test_amounts_as_written_in_term_sheets(
    qtbot, wizard: IntakeWizard, typed: str, shown: str, amount: dict[str, Any]
) -> None:
    to_deal_page(qtbot, wizard)
    # USD chosen beside the figure (the box starts with no currency); one written wins.
    currency = field(wizard, "deal", "amount").currency
    currency.setCurrentIndex(currency.findText("USD"))
    paste(qtbot, wizard, "field_deal_amount_value", typed)
    assert error_text(wizard, "error_deal_amount") == ""
    assert next_button(wizard).isEnabled()
    leave(qtbot, wizard, "field_deal_amount_value")
    assert edit(wizard, "field_deal_amount_value").text() == shown
    assert field(wizard, "deal", "amount").currency.currentText() == amount["currency"]
    assert same(wizard.collect()["deal"]["amount"], amount)


@pytest.mark.parametrize(("typed", "currency", "message"), [
    ("$2,000,000", "CNY", "'$' is the sign of US, Hong Kong, Singapore and other dollars"),
    ("¥100万", "USD", "'¥' is the sign of both the yuan and the yen"),
    ("2.500", "USD", "could be 2.5 or 2,500"),
    ("150m", "USD", "'m' means a thousand in some accounts and a million"),
    ("1" + "0" * 30, "USD", "too many digits (31); at most 15"),
    ("-5", "USD", "more than 0"),
    # The currency box standing at USD unchosen: 3亿 is yuan as often as not.
    ("3亿", "USD", "'3亿' says no currency: write 3亿元 for yuan or 3亿美元 for US dollars"),
    ("0", "USD", "more than 0"),
    # More decimal places than the currency has (ISO 4217's minor units): a slipped point.
    ("1,000,000.005", "USD", "'1,000,000.005' has 3 decimal places, and a USD amount has at "
                             "most 2"),
    ("8,000.5", "JPY", "'8,000.5' has a fraction, and a JPY amount is whole"),
    ("KWD 1,000.1255", "USD", "has 4 decimal places, and a KWD amount has at most 3"),
])
def test_ambiguous_or_impossible_amounts_are_refused_at_the_field(
    qtbot, wizard: IntakeWizard, typed: str, currency: str, message: str
) -> None:
    to_deal_page(qtbot, wizard)
    field(wizard, "deal", "amount").currency.setCurrentText(currency)
    paste(qtbot, wizard, "field_deal_amount_value", typed)
    assert message in error_text(wizard, "error_deal_amount")
    assert not next_button(wizard).isEnabled()
    assert message in wizard.currentPage().blocked_label.text()
    leave(qtbot, wizard, "field_deal_amount_value")
    assert edit(wizard, "field_deal_amount_value").text() == typed  # nothing typed is lost


def test_an_amount_in_chinese_units_takes_the_currency_once_chosen(
    qtbot, wizard: IntakeWizard
) -> None:
    """3亿 with the currency box untouched is refused (a silent USD would be 7 times the
    yuan amount); choosing USD or CNY in the box, or writing 元, settles it. A draft saved
    meanwhile keeps the figure as typed without a currency, so it reopens flagged, not as
    USD."""
    to_deal_page(qtbot, wizard)
    amount = field(wizard, "deal", "amount")
    paste(qtbot, wizard, "field_deal_amount_value", "3亿")
    assert "says no currency" in error_text(wizard, "error_deal_amount")
    assert amount.draft_value() == {"value": "3亿"}  # as typed, flagged when it reopens
    amount.currency.setCurrentIndex(amount.currency.findText("USD"))  # chosen in the box
    amount.currency.activated.emit(amount.currency.findText("USD"))
    assert error_text(wizard, "error_deal_amount") == ""
    assert same(wizard.collect()["deal"]["amount"], {"value": 300_000_000, "currency": "USD"})
    amount.set_value({"value": 300_000_000})  # a reopened draft: no currency yet
    paste(qtbot, wizard, "field_deal_amount_value", "3亿元")
    assert error_text(wizard, "error_deal_amount") == ""
    assert same(wizard.collect()["deal"]["amount"], {"value": 300_000_000, "currency": "CNY"})


def test_an_amount_with_too_many_digits_no_longer_breaks_the_draft(
    qtbot, wizard: IntakeWizard
) -> None:
    # Before: 330 digits were taken, and the draft save failed converting them to a float
    # for the case list ("The draft could not be saved", autosave stopped).
    type_keys(qtbot, wizard, "field_target_name_en", "Big Co.")
    # Pasted, as a figure that long comes (typed, each of the 331 keys re-read the whole
    # field: 5 s alone, 20 s on a loaded machine); the field takes a paste as it takes keys.
    paste(qtbot, wizard, "field_deal_amount_value", "1" + "0" * 330)
    assert edit(wizard, "field_deal_amount_value").text() == "1" + "0" * 330
    assert "too many digits" in (field(wizard, "deal", "amount").problem() or "")
    with qtbot.waitSignal(wizard.draft_saved, timeout=5_000):
        wizard.save_draft_now()
    assert wizard.findChild(object, "errorDialog") is None


@pytest.mark.parametrize(("name", "typed", "shown"), [
    ("field_deal_stake_after_pct", "50 %", "50"),
    ("field_deal_stake_after_pct", "５０％", "50"),
    ("field_deal_stake_after_pct", "0.5%", "0.5 %"),
    ("field_deal_stake_after_pct", "50.0001", "50.0001"),
    ("field_deal_signing_date", "2026/01/02", "2026-01-02"),
    ("field_deal_signing_date", "2026-1-2", "2026-01-02"),
    ("field_deal_signing_date", "2026年1月2日", "2026-01-02"),
    ("field_deal_signing_date", "２０２６年１月２日", "2026-01-02"),
    ("field_deal_signing_date", "2 January 2026", "2026-01-02"),
    ("field_deal_signing_date", "25/01/2026", "2026-01-25"),
])
def test_percentages_and_dates_as_typed(
    qtbot, wizard: IntakeWizard, name: str, typed: str, shown: str
) -> None:
    to_deal_page(qtbot, wizard)
    paste(qtbot, wizard, name, typed)
    assert error_text(wizard, "error_" + name.removeprefix("field_")) == ""
    leave(qtbot, wizard, name)
    assert edit(wizard, name).text() == shown


@pytest.mark.parametrize(("name", "typed", "message"), [
    ("field_deal_signing_date", "02/01/2026",
     "could be 2 January or 1 February: write it YYYY-MM-DD (2026-01-02 or 2026-02-01)"),
    ("field_deal_signing_date", "2/1/26", "write the year in full"),
    ("field_deal_stake_after_pct", "0.5", "could be 0.5 % or a fraction (50 %)"),
    ("field_deal_stake_after_pct", "33.333333333333333333", "kept exactly"),
    ("field_deal_stake_after_pct", "100.5", "at most 100"),
])
def test_ambiguous_dates_and_percentages_are_refused(
    qtbot, wizard: IntakeWizard, name: str, typed: str, message: str
) -> None:
    to_deal_page(qtbot, wizard)
    type_keys(qtbot, wizard, name, typed)
    assert message in error_text(wizard, "error_" + name.removeprefix("field_"))
    assert not next_button(wizard).isEnabled()
    assert message in wizard.currentPage().blocked_label.text()


@pytest.mark.parametrize(("typed", "value", "shown"), [
    ("3.1e25", 3.1e25, "3.1e25"),
    ("3.1×10^25", 3.1e25, "3.1e25"),
    ("3.1 x 10²⁵", 3.1e25, "3.1e25"),
    ("31,000,000,000,000,000,000,000,000", 31 * 10**24, "31,000,000,000,000,000,000,000,000"),
])
def test_training_compute_as_written(
    qtbot, wizard: IntakeWizard, typed: str, value: Any, shown: str
) -> None:
    to_page(qtbot, wizard, "aiPage")
    name = "field_target_ai_max_training_compute_ops"
    paste(qtbot, wizard, name, typed)
    assert error_text(wizard, "error_target_ai_max_training_compute_ops") == ""
    leave(qtbot, wizard, name)
    assert edit(wizard, name).text() == shown
    assert same(field(wizard, "target", "ai", "max_training_compute_ops").parse(), value)


def test_turnover_takes_rmb_written_with_it_and_refuses_another_currency(
    qtbot, wizard: IntakeWizard
) -> None:
    name = "field_target_turnover_cny_china"
    paste(qtbot, wizard, name, "人民币8亿元")
    leave(qtbot, wizard, name)
    assert edit(wizard, name).text() == "800,000,000"
    paste(qtbot, wizard, name, "US$5 million")
    assert error_text(wizard, "error_target_turnover_cny_china") == (
        "is in CNY: convert the USD figure")
    paste(qtbot, wizard, name, "800,000,000.125")  # a fen is the smallest part of a yuan
    assert error_text(wizard, "error_target_turnover_cny_china") == (
        "'800,000,000.125' has 3 decimal places, and a CNY amount has at most 2: check the "
        "figure")
    assert not next_button(wizard).isEnabled()


def test_what_is_typed_is_stored_exactly_reopens_readable_and_is_what_review_screens(
    qtbot, runner: TaskRunner, admin: Actor, db: Database, wizard: IntakeWizard
) -> None:
    w = wizard
    type_keys(qtbot, w, "field_target_name_en", "Typing Co.")
    paste(qtbot, w, "field_target_uscc", "９１１１ ００００-72hd\u200b1TJ3YN\n")
    paste(qtbot, w, "field_target_turnover_cny_china", "8亿元")
    click_next(qtbot, w)
    choose(w, "field_target_ai_develops_ai_system", "Yes")
    paste(qtbot, w, "field_target_ai_max_training_compute_ops", "3.1 x 10²⁵")
    click_next(qtbot, w)
    type_keys(qtbot, w, "field_investor_name", "Redwood Fund")
    type_keys(qtbot, w, "field_investor_lei", LEI.lower())
    choose(w, "field_investor_us_person", "Yes")
    click_next(qtbot, w)
    choose(w, "field_deal_instrument", "Equity acquisition")
    type_keys(qtbot, w, "field_deal_amount_value", "RMB 800 million")
    paste(qtbot, w, "field_deal_stake_after_pct", "５０％")
    paste(qtbot, w, "field_deal_signing_date", "2026年1月2日")
    type_keys(qtbot, w, "field_deal_expected_completion_date", "2026/3/31")
    click_next(qtbot, w)
    click_next(qtbot, w)
    assert w.currentPage() is w.review_page

    expected = {
        "uscc": USCC, "lei": LEI, "china": 800_000_000, "compute": 3.1e25,
        "amount": {"value": 800_000_000, "currency": "CNY"}, "stake": 50,
        "signing": "2026-01-02", "completion": "2026-03-31",
    }

    def stored(data: dict[str, Any]) -> dict[str, Any]:
        return {
            "uscc": data["target"]["uscc"], "lei": data["investor"]["lei"],
            "china": data["target"]["turnover_cny"]["china"],
            "compute": data["target"]["ai"]["max_training_compute_ops"],
            "amount": data["deal"]["amount"], "stake": data["deal"]["stake_after_pct"],
            "signing": data["deal"]["signing_date"],
            "completion": data["deal"]["expected_completion_date"],
        }

    assert same(stored(w.collect()), expected)
    # The review page shows and screens the same values.
    summary = w.review_page.summary.toPlainText()
    assert "CNY 800,000,000" in summary and USCC in summary and "2026-01-02" in summary
    screened = screen(parse_facts(w.collect()), date.today(), False)
    assert w.review_page.determinations.outcomes() == {
        d.regime: d.outcome for d in screened.determinations}

    # The draft keeps the exact values and shows them readable when it reopens.
    with qtbot.waitSignal(w.draft_saved, timeout=5_000):
        w.save_draft_now()
    qtbot.waitUntil(lambda: runner.idle, timeout=5_000)
    with db.read_session() as session:
        info = load_draft(session, actor=admin, reference=w.reference)
    assert same(stored(info.data), expected)
    again = IntakeWizard(runner, admin, mode="draft", reference=info.reference,
                         data=info.data, version=info.version)
    qtbot.addWidget(again)
    shown = {name: edit(again, f"field_{name}").text() for name in (
        "target_uscc", "investor_lei", "target_turnover_cny_china", "deal_amount_value",
        "target_ai_max_training_compute_ops", "deal_stake_after_pct", "deal_signing_date")}
    assert shown == {
        "target_uscc": USCC, "investor_lei": LEI, "target_turnover_cny_china": "800,000,000",
        "deal_amount_value": "800,000,000", "target_ai_max_training_compute_ops": "3.1e25",
        "deal_stake_after_pct": "50", "deal_signing_date": "2026-01-02"}
    assert field(again, "deal", "amount").currency.currentText() == "CNY"
    assert same(stored(again.collect()), expected)
    assert again.problems() == []

    # Finish stores the same values.
    finish = w.button(QWizard.WizardButton.FinishButton)
    with qtbot.waitSignal(w.case_saved, timeout=20_000) as saved:
        qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    with db.read_session() as session:
        facts = get_case(session, saved.args[0]).facts.to_json_dict()
    assert same(stored(facts), expected)


def test_a_draft_keeps_half_typed_values_and_shows_their_messages_again(
    qtbot, runner: TaskRunner, admin: Actor, db: Database, wizard: IntakeWizard
) -> None:
    w = wizard
    type_keys(qtbot, w, "field_target_name_en", "Half Co.")
    paste(qtbot, w, "field_target_uscc", USCC[:-1] + "M")
    type_keys(qtbot, w, "field_deal_amount_value", "2.500")
    type_keys(qtbot, w, "field_deal_stake_after_pct", "0.5")
    type_keys(qtbot, w, "field_deal_signing_date", "02/01/2026")
    with qtbot.waitSignal(w.draft_saved, timeout=5_000):
        w.save_draft_now()
    qtbot.waitUntil(lambda: runner.idle, timeout=5_000)
    with db.read_session() as session:
        info = load_draft(session, actor=admin, reference=w.reference)
    assert info.data["target"]["uscc"] == USCC[:-1] + "M"
    assert info.data["deal"]["amount"] == {"value": "2.500"}  # no currency chosen yet
    assert info.data["deal"]["stake_after_pct"] == "0.5"
    assert info.data["deal"]["signing_date"] == "02/01/2026"

    again = IntakeWizard(runner, admin, mode="draft", reference=info.reference,
                         data=info.data, version=info.version)
    qtbot.addWidget(again)
    again.show()
    assert edit(again, "field_deal_amount_value").text() == "2.500"
    assert edit(again, "field_deal_stake_after_pct").text() == "0.5"
    assert edit(again, "field_deal_signing_date").text() == "02/01/2026"
    assert error_text(again, "error_target_uscc") == "check character is 'M', expected 'N'"
    assert "could be 2.5 or 2,500" in error_text(again, "error_deal_amount")
    assert "could be 0.5 % or a fraction" in error_text(again, "error_deal_stake_after_pct")
    assert "could be 2 January or 1 February" in error_text(again, "error_deal_signing_date")
    assert not next_button(again).isEnabled()


def test_a_draft_keeps_a_dollar_sign_the_currency_chosen_does_not_fit(
    qtbot, runner: TaskRunner, admin: Actor, db: Database, wizard: IntakeWizard
) -> None:
    # The figure alone would have reopened as CNY 2,000,000 without a word.
    w = wizard
    type_keys(qtbot, w, "field_target_name_en", "Dollar Co.")
    field(w, "deal", "amount").currency.setCurrentText("CNY")
    type_keys(qtbot, w, "field_deal_amount_value", "$2,000,000")
    with qtbot.waitSignal(w.draft_saved, timeout=5_000):
        w.save_draft_now()
    qtbot.waitUntil(lambda: runner.idle, timeout=5_000)
    with db.read_session() as session:
        info = load_draft(session, actor=admin, reference=w.reference)
    assert info.data["deal"]["amount"] == {"value": "$2,000,000", "currency": "CNY"}
    again = IntakeWizard(runner, admin, mode="draft", reference=info.reference,
                         data=info.data, version=info.version)
    qtbot.addWidget(again)
    assert edit(again, "field_deal_amount_value").text() == "$2,000,000"
    assert "'$' is the sign of US" in error_text(again, "error_deal_amount")
