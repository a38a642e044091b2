"""Officers type "n/a", "None", "-" or "无" where a fact has no value. Before, a name field
filed it ("N/A" as the ultimate parent's name, printed on the filings), a list filed
"None" as a restricted catalogue item (screened as one), and the other fields gave a
message about the format ("must be 18 characters, got 3") that did not say to leave the
field empty (or, for a figure such as board seats, to write 0). Each now says so at the
field."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

from approvals.ui.wizard import Field, IntakeWizard
from tests.ui.test_wizard import edit

LEAVE_EMPTY = "is not a value: leave the field empty when there is none or it is not known"


def _field(wizard: IntakeWizard, path: str) -> Field:
    return next(f for f in wizard.fields if ".".join(f.path) == path)


def test_words_for_no_value_are_refused_at_the_field(qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    for box, path, typed in [
        ("field_target_uscc", "target.uscc", "n/a"),
        ("field_investor_ultimate_parent", "investor.ultimate_parent", "N/A"),
        ("field_investor_lei", "investor.lei", "none"),
        ("field_target_jurisdiction", "target.jurisdiction", "无"),
        ("field_deal_signing_date", "deal.signing_date", "TBD"),
        ("field_deal_amount_value", "deal.amount", "n/a"),
    ]:
        edit(wizard, box).setText(typed)
        assert _field(wizard, path).problem() == f"'{typed}' {LEAVE_EMPTY}", path
        edit(wizard, box).clear()
        assert _field(wizard, path).problem() is None, path
    # A figure that can be 0: "none" is 0 there, and empty is not known.
    edit(wizard, "field_deal_board_seats").setText("none")
    assert _field(wizard, "deal.board_seats").problem() == (
        "'none' is not a number: write 0 when there are none, or leave the field empty when "
        "it is not known")
    edit(wizard, "field_deal_board_seats").setText("0")
    assert _field(wizard, "deal.board_seats").parse() == 0
    # A place's code that looks like one of them is still the place: NA is Namibia.
    edit(wizard, "field_target_jurisdiction").setText("NA")
    assert _field(wizard, "target.jurisdiction").parse() == "NA"
    wizard._dirty = False


def test_none_typed_in_a_list_is_not_filed_as_an_item(qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    items = wizard.findChild(QPlainTextEdit,
                             "field_deal_technology_transfer_restricted_catalogue_items")
    items.setPlainText("None")
    field = _field(wizard, "deal.technology_transfer.restricted_catalogue_items")
    assert field.parse_problem() == (
        "'None' is not an item: tick None when there are none, or leave the box empty when "
        "it is not known")
    items.clear()
    field.none_box.setChecked(True)
    assert field.parse() == []
    wizard._dirty = False
