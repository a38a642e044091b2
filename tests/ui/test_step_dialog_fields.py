"""A track step's dialog says every problem of what was typed at once, each directly under
its own field (as the wizard does), the cursor in the first field with one, and takes the
step only once none is left. It said one problem at a time in one red line under the whole
form ("Reason: …"; the bad date only once the reason was filled in), and broke the date's
format across two lines ("use YYYY-" / "MM-DD")."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from approvals.domain import workflow as wf
from approvals.domain.errors import InputError, Problem
from approvals.ui.case_dialogs import ActionDialog

FORMAT = "YYYY-MM-DD"


def step_dialog(qtbot, kind: str, name: str) -> ActionDialog:
    """The step's dialog as the Tracks tab opens it: the inputs its guards require, and
    its reason asked in the workflow's words (case_tracks_tab.ask_action)."""
    # Here: the step dates' tests use this module's said_at.
    from tests.ui.test_step_dates import action_of

    step = next(t for t in wf.workflow(kind).transitions if t.name == name)
    required = {v: g.message or "required" for g in step.guards if g.kind == "param"
                for v in g.values}
    asks = next((g.message for g in step.guards if g.kind == "reason"), "")
    dialog = ActionDialog(action_of(kind, name), None, required, reason_asks=asks)
    # Closed without asking to discard what the test typed.
    qtbot.addWidget(dialog, before_close_func=lambda d: d.reject())
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def message_at(dialog: ActionDialog, name: str) -> QLabel:
    message = dialog.findChild(QLabel, f"actionProblem_{name}")
    assert message is not None, f"no message of its own under the {name} field"
    return message


def said_at(dialog: ActionDialog, name: str) -> str:
    """What the dialog says under `name`'s field ("" when nothing shows there), its
    non-breaking hyphens read as the hyphens they show."""
    message = message_at(dialog, name)
    return message.text().replace("\u2011", "-") if message.isVisibleTo(dialog) else ""


def _rect(widget: QWidget, dialog: ActionDialog) -> QRect:
    return QRect(widget.mapTo(dialog, QPoint(0, 0)), widget.size())


def assert_under(qtbot, dialog: ActionDialog, name: str, field: QWidget) -> None:
    """The message shows whole, directly under `field` and aligned with it, inside the
    dialog and above its buttons."""
    message = message_at(dialog, name)
    qtbot.waitUntil(lambda: message.isVisible()
                    and message.height() >= message.heightForWidth(message.width()),
                    timeout=2_000)
    said, under = _rect(message, dialog), _rect(field, dialog)
    assert under.bottom() < said.top() <= under.bottom() + 12, (under, said)
    assert abs(said.left() - under.left()) <= 2 and said.width() <= under.width() + 2
    assert said.bottom() < _rect(dialog.ok_button, dialog).top()
    assert _rect(dialog.ok_button, dialog).bottom() <= dialog.height()


def press_enter(qtbot, field: QLineEdit) -> None:
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_two_bad_fields_are_said_at_once_each_under_its_own_field(qtbot) -> None:
    # The QA report: Materials requested, the reason empty, 2026-13-45 as the date, Enter.
    dialog = step_dialog(qtbot, "CN-DATA-EXPORT", "request_materials")
    dialog.on.setText("2026-13-45")
    press_enter(qtbot, dialog.on)
    assert dialog.isVisible() and dialog.result() == 0  # nothing taken
    assert said_at(dialog, "reason") == "Record what the authority asked for."
    assert said_at(dialog, "on") == ("'2026-13-45' is not a date (there is no month 13): use "
                                     "YYYY-MM-DD, e.g. 2026-10-22")
    assert_under(qtbot, dialog, "reason", dialog.reason)
    assert_under(qtbot, dialog, "on", dialog.on)
    # The reason's message stands between the reason and the date, not under the form.
    assert _rect(message_at(dialog, "reason"), dialog).bottom() < _rect(dialog.on, dialog).top()
    assert dialog.problem.text() == ""
    assert dialog.focusWidget() is dialog.reason  # the first field with a problem
    # Told to a screen reader with the field, as the wizard's fields do.
    assert dialog.on.accessibleDescription().startswith("Problem: '2026-13-45' is not a date")


def test_fixing_one_field_takes_away_only_its_message(qtbot) -> None:
    dialog = step_dialog(qtbot, "CN-DATA-EXPORT", "request_materials")
    dialog.on.setText("2026-13-45")
    press_enter(qtbot, dialog.on)
    qtbot.keyClicks(dialog.reason, "The shareholder register of 30 Oct")
    assert said_at(dialog, "reason") == ""
    assert said_at(dialog, "on").startswith("'2026-13-45' is not a date")
    assert dialog.reason.accessibleDescription() == ""
    # Still refused while the date is wrong, the cursor now at the date.
    press_enter(qtbot, dialog.reason)
    assert dialog.isVisible() and dialog.result() == 0
    assert said_at(dialog, "reason") == ""
    assert said_at(dialog, "on").startswith("'2026-13-45' is not a date")
    assert dialog.focusWidget() is dialog.on
    dialog.on.setText("2026-03-02")
    assert said_at(dialog, "on") == ""
    press_enter(qtbot, dialog.on)
    assert not dialog.isVisible() and dialog.result() == 1
    assert dialog.params() == {"on": "2026-03-02"}


def test_every_field_of_a_step_with_an_input_is_checked_at_once(qtbot) -> None:
    dialog = step_dialog(qtbot, "CN-DATA-EXPORT", "file")
    reference = dialog.inputs["filing_reference"]
    dialog.on.setText("2026/13/45")
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.result() == 0
    assert said_at(dialog, "reason") == ""  # optional for this step
    assert said_at(dialog, "on").startswith("'2026/13/45' is not a date (there is no month 13)")
    assert said_at(dialog, "filing_reference") == (
        "Give the authority's receipt or reference number of the filing.")
    assert_under(qtbot, dialog, "on", dialog.on)
    assert_under(qtbot, dialog, "filing_reference", reference)
    assert dialog.focusWidget() is dialog.on  # first in the form's order
    reference.setText("DSA-2026-0042")
    assert said_at(dialog, "filing_reference") == "" and said_at(dialog, "on") != ""
    dialog.ok_button.click()
    assert dialog.isVisible() and said_at(dialog, "on") != ""
    dialog.on.setText("2026-03-02")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert dialog.params() == {"on": "2026-03-02", "filing_reference": "DSA-2026-0042"}


def test_a_date_after_today_is_asked_about_beside_the_other_problems(qtbot) -> None:
    # Asked at the date in the same pass as the missing reason: one press later the date
    # was asked about only after the reason had been filled in.
    dialog = step_dialog(qtbot, "CN-DATA-EXPORT", "request_materials")
    later = date(date.today().year + 1, 1, 4).isoformat()
    dialog.on.setText(later)
    dialog.ok_button.click()
    assert said_at(dialog, "reason") == "Record what the authority asked for."
    assert said_at(dialog, "on").startswith(f"{later} is after today")
    dialog.reason.setText("The register")
    dialog.ok_button.click()  # the date said once: confirmed, as before
    assert not dialog.isVisible()


def test_the_date_format_is_never_broken_across_lines(qtbot) -> None:
    dialog = step_dialog(qtbot, "CN-DATA-EXPORT", "request_materials")
    dialog.reason.setText("The register")
    dialog.on.setText("2026-13-45")
    dialog.ok_button.click()
    message = message_at(dialog, "on")
    assert "YYYY\u2011MM\u2011DD" in message.text()  # non-breaking hyphens
    assert said_at(dialog, "on").count(FORMAT) == 1
    # Laid out as the label lays it out, at every width it may have: the format is on one
    # line (typed hyphens broke it after "YYYY-" at some widths).
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    for width in range(60, 600, 3):
        layout = QTextLayout(message.text(), message.font())
        layout.setTextOption(option)
        layout.beginLayout()
        lines = []
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            lines.append(message.text()[line.textStart():line.textStart() + line.textLength()])
        layout.endLayout()
        whole = [text.replace("\u2011", "-") for text in lines]
        assert any(FORMAT in text for text in whole), (width, whole)


def test_a_refusal_by_the_service_is_said_at_its_field_and_one_naming_none_below(
        qtbot) -> None:
    dialog = step_dialog(qtbot, "CN-DATA-EXPORT", "file")
    dialog.say_problems(InputError([Problem("filing_reference", "already used by AP-2026-0002"),
                                    Problem("budget", "over the limit")]))
    assert said_at(dialog, "filing_reference") == "already used by AP-2026-0002"
    assert dialog.problem.text() == "budget: over the limit"  # no field of the dialog's
    assert dialog.focusWidget() is dialog.inputs["filing_reference"]
