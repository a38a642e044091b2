"""Import JSON… in the wizard with the mistakes a hand-written facts file has: a yes or no
written as a word is read as the answer (it was left out, to be chosen again), and a name
longer than the wizard takes or a currency outside ISO 4217 is kept and marked at its
field, each said in words."""

from __future__ import annotations

from pathlib import Path

from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard11_import_words import _import
from tests.ui.test_wizard_audit2 import example


def test_a_file_s_words_for_yes_and_no_are_read_and_its_long_name_marked(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    wizard.autosave_timer.stop()
    data = example("vision-startup.json")
    data["investor"]["us_person"] = "yes"
    data["deal"]["veto_rights"] = "否"
    data["target"]["name_en"] = "Kowloon " * 30
    data["deal"]["amount"]["currency"] = "CYN"
    lines = _import(qtbot, wizard, data, tmp_path)
    answers = {f.path[-1]: f.parse() for f in wizard.fields
               if f.path[-1] in ("us_person", "veto_rights")}
    assert answers == {"us_person": True, "veto_rights": False}
    assert lines == [
        "Name (English) (Target company) [target.name_en]: is 239 characters long; a name "
        "takes at most 200: shorten it — marked at its field: correct it there",
        "US person (Investor) [investor.us_person]: answer yes or no: true or false, or null "
        'when not known (got "yes") — read as Yes: check it',
        "Amount (Deal) [deal.amount]: 'CYN' is not an ISO 4217 currency code: did you mean "
        "CNY? — marked at its field: correct it there",
        "Veto rights (Deal) [deal.veto_rights]: answer yes or no: true or false, or null when "
        'not known (got "否") — read as No: check it'], lines
    wizard._dirty = False


def test_after_an_import_the_cursor_is_in_the_first_field_to_fix(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    wizard.autosave_timer.stop()
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=2_000)
    data = example("vision-startup.json")
    data["target"]["name_en"] = "Kowloon " * 30
    _import(qtbot, wizard, data, tmp_path)
    name = next(f for f in wizard.fields if f.path == ("target", "name_en"))
    assert wizard.focusWidget() is name.widget  # where the report box gives it back
    wizard._dirty = False


def test_the_wizard_and_an_import_hold_texts_to_one_set_of_limits(
        wizard: IntakeWizard) -> None:
    """Every text field the wizard limits takes its limit from facts.TEXT_LIMITS, which an
    import checks too, and every list typed line by line is one an import counts."""
    from approvals.domain.facts import TEXT_LIMITS, TEXT_LISTS
    from approvals.ui.wizard import DateField, ListField, NumberField, TextField

    bounded_by_their_check = {("target", "uscc"), ("investor", "lei")}
    texts = {f.path: f.limit for f in wizard.fields
             if isinstance(f, TextField)
             and not isinstance(f, ListField | NumberField | DateField)}  # own limits
    assert {path: limit for path, limit in texts.items()
            if path not in bounded_by_their_check} == TEXT_LIMITS
    assert all(texts[path] is None for path in bounded_by_their_check)
    assert {f.path for f in wizard.fields if isinstance(f, ListField)} == set(TEXT_LISTS)
