"""The case window's dialogs: the step dialog (`ActionDialog`, with its conditions editor),
the condition status and waiver dialogs, the edit-condition dialog, and the base that asks
before discarding typed input.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from approvals.domain.calendars import estimated_note
from approvals.domain.clocks import fmt_date
from approvals.domain.dates import parse_date
from approvals.domain.errors import (
    AccountRevoked,
    ApprovalsError,
    ConflictError,
    InputError,
    Problem,
)
from approvals.domain.event_text import condition_words
from approvals.domain.numbers import counted
from approvals.services import workflow as workflow_service
from approvals.services.workflow import NOT_COMPLETED_YET, ActionView, ObligationView
from approvals.ui.case_layout import RowsScroll, scrolled
from approvals.ui.case_steps import (
    COMPLETE_ACTION,
    ON_PARAM_HINTS,
    PARAM_HINTS,
    PARAM_LABELS,
    date_mnemonic,
    on_label,
)
from approvals.ui.errors import user_message
from approvals.ui.widgets import (
    DiscardAskingDialog,
    dialog_buttons,
    error_colour,
    humanise,
    kept_whole,
    palette_styled,
    resize_to_screen,
    set_available,
    warning_style,
)
from approvals.ui.wizard import FieldMessage, show_message

# A condition's fields as the dialog's messages name them ("Condition 2 — due date: …").
CONDITION_FIELDS = {"text": "condition", "due_date": "due date",
                    "due_days": "days after the decision", "due_unit": "days counted as"}

# How a number of days is counted: the service's units (domain.clocks.UNITS).
DAY_UNITS = (("calendar days", "calendar"), ("working days", "working"))


# How many characters more of a condition the step dialog shows where the screen has room.
CONDITION_EXTRA_CHARS = 30


class _ConditionRow:
    """One condition in the step dialog: its text, a due date or a number of days, and
    the due date those give (said under the fields)."""

    def __init__(self, editor: QWidget) -> None:
        self.text = QLineEdit(editor)
        self.text.setPlaceholderText("what the authority requires")
        # Room for a condition's words (a narrow field showed only its last few).
        self.text.setMinimumWidth(self.text.fontMetrics().averageCharWidth() * 28)
        # Left, its start shows again (typed past the field's end, it kept showing the
        # last words: "eep chip design data in China"); whole in the tooltip.
        self.text.editingFinished.connect(lambda: self.text.setCursorPosition(0))
        self.text.textChanged.connect(self.text.setToolTip)
        self.due_date = QLineEdit(editor)
        self.due_date.setPlaceholderText("YYYY-MM-DD")
        self.due_days = QLineEdit(editor)
        self.due_days.setPlaceholderText("e.g. 90")
        for edit, sample in ((self.due_date, "0000-00-00"), (self.due_days, "e.g. 90")):
            # The whole date, also at 200 % (squeezed, it showed "27-03-31").
            edit.setFixedWidth(edit.fontMetrics().horizontalAdvance(sample) + 32)
        # Conditions are set in calendar days ("within 90 days") or in working days
        # ("20 working days after clearance"): the authority's words decide.
        self.due_unit = QComboBox(editor)
        for label, unit in DAY_UNITS:
            self.due_unit.addItem(label, unit)
        self.remove = QPushButton("Remove", editor)
        # Its own lines, not word-wrapped: a wrapped label in the grid was given the
        # height of one line and cut off.
        self.due = QLabel(editor)
        self.due.setTextFormat(Qt.TextFormat.PlainText)

    def widgets(self) -> tuple[QWidget, ...]:
        return self.text, self.due_date, self.due_days, self.due_unit, self.remove, self.due

    def fields(self) -> tuple[QWidget, ...]:
        """The row's controls, left to right (the grid's columns and the Tab order)."""
        return self.text, self.due_date, self.due_days, self.due_unit, self.remove

    def unit(self) -> str:
        return str(self.due_unit.currentData())

    def name(self, number: int) -> None:
        """Accessible names and object names by the row's place (they move on a removal)."""
        what = f"Condition {number}"
        for widget, suffix, name in ((self.text, "Text", what),
                                     (self.due_date, "Date", f"{what} due date (YYYY-MM-DD)"),
                                     (self.due_days, "Days", f"{what}: or days after the decision"),
                                     (self.due_unit, "Unit", f"{what}: days counted as"),
                                     (self.remove, "Remove", f"Remove condition {number}"),
                                     (self.due, "Due", f"{what} due")):
            widget.setObjectName(f"condition{suffix}_{number - 1}")
            widget.setAccessibleName(name)
        self.due_days.setToolTip("Days after the decision date, counted as chosen beside: "
                                 "calendar days (a last day that is not a working day moves "
                                 "to the next working day) or working days")
        self.due_unit.setToolTip("Calendar days or working days, as the authority's "
                                 "decision counts them (on the track's holiday calendar)")

    def typed(self) -> tuple[str, str, str]:
        return self.text.text().strip(), self.due_date.text().strip(), self.due_days.text().strip()


class ConditionsEditor(QWidget):
    """The conditions of a conditional clearance, one a row: the text, and a due date or a
    number of calendar or working days after the decision. Under each row, the due date the service
    will store (its own rule, `workflow.condition_due`, on the track's calendar)."""

    # Something typed or chosen in a row (not a recount of the due dates).
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conditionsEditor")
        self.calendar: Any = None  # domain Calendar, read by the case view off the GUI thread
        self.calendar_problem = ""
        self.decision: date | None = date.today()
        self.rows: list[_ConditionRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The rows scroll when there are more than the screen holds (200 % on a laptop
        # screen holds two): the dialog's buttons stay on the screen.
        self.rows_box = QWidget()
        self.grid = QGridLayout(self.rows_box)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        for column, heading in enumerate(("Condition", "Due date", "or days after", "", "")):
            self.grid.addWidget(QLabel(heading), 0, column)
        self.rows_scroll = scrolled(self.rows_box, "conditionsRows", RowsScroll())
        self.rows_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.rows_scroll)
        add_row = QHBoxLayout()
        self.add_button = QPushButton("&Add condition")  # Alt+A: a row from the keyboard
        self.add_button.setObjectName("addConditionButton")
        self.add_button.setToolTip("Another condition, with its own due date")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        layout.addLayout(add_row)
        self.add_row()

    def add_row(self, focus: bool = False) -> _ConditionRow:
        row = _ConditionRow(self.rows_box)
        row.remove.clicked.connect(lambda: self.remove_row(row))
        for edit in (row.text, row.due_date, row.due_days):
            edit.textChanged.connect(lambda _t, r=row: self._preview(r))
            edit.textChanged.connect(lambda _t: self.changed.emit())
        row.due_unit.currentIndexChanged.connect(lambda _i, r=row: self._preview(r))
        row.due_unit.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.rows.append(row)
        self._place()
        self._grow()
        if focus:
            row.text.setFocus()
            self._show_row(row)
        return row

    def _show_row(self, row: _ConditionRow) -> None:
        # Once the rows are laid out: a new row is placed on the layout's next pass.
        area = self.rows_scroll
        QTimer.singleShot(0, area, lambda: area.ensureWidgetVisible(row.due))

    def _grow(self) -> None:
        """The open dialog made tall enough for its rows (it opened for one)."""
        window = self.window()
        layout = window.layout()
        if window is self or not window.isVisible() or layout is None:
            return
        self.rows_scroll.updateGeometry()
        layout.activate()
        # The height its wrapped lines need at the width it has (the size hint assumes
        # another width, and the due dates' lines were cut).
        need = layout.totalHeightForWidth(window.width()) if layout.hasHeightForWidth() \
            else window.sizeHint().height()
        screen = window.screen()
        room = screen.availableGeometry().size() if screen else QSize(need, need)
        # Wider too once the rows scroll: the scroll bar takes room from the Remove buttons.
        wide = min(max(window.width(), window.sizeHint().width()), room.width())
        if need > window.height() or wide > window.width():
            window.resize(wide, min(max(need, window.height()), room.height()))

    def remove_row(self, row: _ConditionRow) -> None:
        index = self.rows.index(row)
        self.rows.remove(row)
        for widget in row.widgets():
            self.grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        if not self.rows:  # always a row to type into
            self.add_row()
        else:
            self._place()
        self.rows[min(index, len(self.rows) - 1)].text.setFocus()
        self._show_row(self.rows[min(index, len(self.rows) - 1)])

    def _place(self) -> None:
        previous: QWidget | None = None
        for i, row in enumerate(self.rows):
            for widget in row.widgets():
                self.grid.removeWidget(widget)
            line = 1 + 2 * i
            for column, widget in enumerate(row.fields()):
                self.grid.addWidget(widget, line, column)
                widget.show()
            self.grid.addWidget(row.due, line + 1, 0, 1, len(row.fields()))
            row.due.show()
            row.name(i + 1)
            # Tab goes along each row, then to the next row, then to Add condition.
            for widget in row.fields():
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget
            self._preview(row)
        if previous is not None:
            QWidget.setTabOrder(previous, self.add_button)

    # -- the due dates -------------------------------------------------------------------
    def set_calendar(self, calendar: Any) -> None:
        self.calendar, self.calendar_problem = calendar, ""
        self._preview_all()

    def calendar_failed(self, message: str) -> None:
        self.calendar_problem = message
        self._preview_all()

    def set_decision(self, decision: date | None) -> None:
        """The decision date the days count from (None: the one typed is not a date)."""
        self.decision = decision
        self._preview_all()

    def _preview_all(self) -> None:
        for row in self.rows:
            self._preview(row)

    def _row_problems(self, row: _ConditionRow, index: int) -> list[Problem]:
        text, due_date, due_days = row.typed()
        path = f"conditions[{index}]"
        problems = []
        if (due_date or due_days) and not text:
            problems.append(Problem(f"{path}.text", "write the condition, or clear its due date"))
        if due_date and due_days:
            problems.append(Problem(f"{path}.due_days",
                                    "give a due date or a number of days, not both"))
        if due_date:
            try:
                day = parse_date(due_date, f"{path}.due_date")
            except InputError as exc:
                problems += exc.problems
            else:
                if self.decision is not None and day < self.decision:
                    problems.append(Problem(f"{path}.due_date", f"{fmt_date(day)} is before "
                                            f"the decision date, {fmt_date(self.decision)}"))
        if due_days:
            try:
                days = int(due_days)
            except ValueError:
                problems.append(Problem(f"{path}.due_days", "expected a whole number of days"))
            else:
                if days < 0:
                    problems.append(Problem(f"{path}.due_days", "cannot be negative"))
        return problems

    def _preview(self, row: _ConditionRow) -> None:
        index = self.rows.index(row)
        text, due_date, due_days = row.typed()
        problems = self._row_problems(row, index)
        colour = ""
        if problems:
            said = "\n".join(f"{humanise(CONDITION_FIELDS[p.path.rsplit('.', 1)[-1]])}: "
                              f"{p.message}" for p in problems)
            colour = error_colour()
        elif due_date:
            said = f"Due {fmt_date(parse_date(due_date, 'due_date'))}"
        elif due_days:
            said = self._days_text(int(due_days), row.unit())
            colour = "" if not said.startswith("!") else error_colour()
            said = said.lstrip("!")
        else:
            said = "No due date" if text else ""
        row.due.setText(said)
        row.due.setStyleSheet(f"color: {colour};" if colour else "")
        row.due.setVisible(bool(said))
        row.due.setToolTip(
            f"{counted(int(due_days), row.unit() + ' day')} after the decision date"
            + (f" ({fmt_date(self.decision)})" if self.decision else "")
            + ("; a last day that is not a working day moves to the next working day on the "
               "track's holiday calendar" if row.unit() == "calendar" else
               ", on the track's holiday calendar")
            if due_days and not problems else "")
        self._grow()
        # Again once the label's new line is laid out: measured now, the rows' size is
        # the old one, and the "Estimated: …" line stayed under the scroll area's edge.
        QTimer.singleShot(0, self, self._grow)
        for edit, name in ((row.text, "text"), (row.due_date, "due_date"),
                           (row.due_days, "due_days")):
            wrong = any(p.path.endswith(f".{name}") for p in problems)
            edit.setStyleSheet(f"border: 2px solid {error_colour()};" if wrong else "")
        set_available(row.remove, "" if len(self.rows) > 1 or text or due_date or due_days
                      else "The only condition, and empty: nothing to remove",
                      f"Remove condition {index + 1} from the list")

    def _days_text(self, days: int, unit: str = "calendar") -> str:
        """What `days` (calendar or working) after the decision comes to ("!" first: it
        cannot be counted)."""
        if self.decision is None:
            return "!Give a valid decision date to count the days from"
        if self.calendar_problem:
            return f"!The due date cannot be counted here: {self.calendar_problem}"
        if self.calendar is None:
            return "Counting the due date…"
        due, guessed = workflow_service.condition_due(self.calendar, self.decision, days, unit)
        last = self.decision + timedelta(days=days)
        said = f"Due {fmt_date(due)}"
        if unit == "calendar" and due != last:  # the last day is not a working day: the next
            said += f" ({fmt_date(last)} is not a working day)"
        if note := estimated_note(self.calendar.code, guessed):
            said += f"\n{note[:1].upper()}{note[1:]}"
        return said

    # -- what the dialog sends ------------------------------------------------------------
    def is_empty(self) -> bool:
        return not any(any(row.typed()) for row in self.rows)

    def conditions(self) -> list[dict[str, Any]]:
        """[{"text", "due_date" | "due_days"}] as the service takes them, or InputError
        naming the row and field (`conditions[i].due_date`); empty rows are left out."""
        out: list[dict[str, Any]] = []
        problems: list[Problem] = []
        for i, row in enumerate(self.rows):
            found = self._row_problems(row, i)
            if found:
                problems += found
                continue
            text, due_date, due_days = row.typed()
            if not text:
                continue
            item: dict[str, Any] = {"text": text}
            if due_date:
                item["due_date"] = parse_date(due_date, "due_date").isoformat()
            elif due_days:
                item["due_days"] = int(due_days)
                item["due_unit"] = row.unit()
            out.append(item)
        if problems:
            raise InputError(problems)
        return out

    def field(self, path: str) -> tuple[str, QWidget] | None:
        """The label and field of a problem's path (`conditions[1].due_days`)."""
        head, _, name = path.partition(".")
        try:
            index = int(head.removeprefix("conditions[").rstrip("]"))
        except ValueError:
            return None
        if not 0 <= index < len(self.rows) or name not in CONDITION_FIELDS:
            return None
        row = self.rows[index]
        widget = {"text": row.text, "due_date": row.due_date, "due_days": row.due_days,
                  "due_unit": row.due_unit}[name]
        return f"Condition {index + 1} — {CONDITION_FIELDS[name]}", widget


# What a step's reason field shows without scrolling.

REASON_SAMPLE = "The authority asks for the shareholder register of 30 Oct"


class ActionDialog(DiscardAskingDialog):
    """Asks for the reason (and the step's inputs) before a workflow step is taken."""

    def __init__(self, action: ActionView, parent: QWidget | None = None,
                 required: dict[str, str] | None = None,
                 last_step: tuple[date, str] | None = None, reason_asks: str = "") -> None:
        super().__init__(parent)
        self.action = action
        # The track (id, version) it was opened on; version None: as the window shows it.
        self.track_pin: tuple[int, int | None] | None = None
        # Mark completed…: the case's (id, version) it was opened on, as track_pin.
        self.case_pin: tuple[int, int | None] | None = None
        # What the step's reason is to say, in the workflow's words ("say why the track is
        # withdrawn"): the empty field asks it, and so does the refusal of an empty one.
        self.reason_asks = reason_asks
        # The track's latest step (its effective date, its name): a step dated before it
        # put the history out of order and ran the clock from a day before the filing.
        self.last_step = last_step
        self.early_date_confirmed: date | None = None  # an early date the officer confirmed
        self.future_date_confirmed: date | None = None  # a day still to come, confirmed
        # The inputs the step cannot be taken without (name → what to give), checked here
        # so the dialog stays open with what was typed, not refused after it has closed.
        self.required = required or {}
        self.setObjectName("actionDialog")
        self.setWindowTitle(action.label)
        form = QFormLayout(self)
        if action.note:  # a word before the step, which does not hold it back
            note = QLabel(action.note)
            note.setObjectName("actionNote")
            note.setWordWrap(True)
            note.setStyleSheet(warning_style())
            form.addRow(note)
        self.reason = QLineEdit()
        self.reason.setObjectName("actionReason")
        self.reason.setAccessibleName("Reason")
        needs = action.needs_reason
        self.reason.setPlaceholderText((reason_asks or "required") if needs
                                       else "recorded in the audit trail")
        form.addRow("&Reason" + (" *" if needs else ""), self.reason)  # Alt+R
        # Each field's problem under it (as the wizard's), all of them at once; `problem`
        # under the form says only what names no field (a colleague's change meanwhile).
        self.messages: dict[str, FieldMessage] = {}
        self._hints: dict[str, str] = {}  # each field's own description, while a problem shows
        self._height_before_messages: int | None = None
        self._message_row(form, "reason", self.reason)
        self.on = QLineEdit(self)
        self.on.setObjectName("actionOn")
        self.on.setPlaceholderText(
            f"default the acceptance date, {action.default_on} (the period runs from it)"
            if action.default_on else f"default today, {date.today().isoformat()}")
        self.on_label, on_hint = on_label(action.name)
        self.on.setAccessibleName(self.on_label)
        if on_hint:
            self.on.setToolTip(on_hint)
            self.on.setAccessibleDescription(on_hint)
        # A step that takes effect on one of its own dates (the completion date) is not
        # asked for another: the service records that date as the step's.
        self.asks_on = not (action.on_param and action.on_param in action.params)
        if self.asks_on:
            form.addRow(date_mnemonic(self.on_label), self.on)  # Alt+D
            self._message_row(form, "on", self.on)
        else:
            self.on.hide()
        self.inputs: dict[str, QLineEdit | ConditionsEditor] = {}
        self.conditions: ConditionsEditor | None = None
        for name in action.params:
            widget: QLineEdit | ConditionsEditor
            if name == "conditions":
                # Each with its own due date, counted from the decision date typed above.
                widget = self.conditions = ConditionsEditor(self)
                self.on.textChanged.connect(lambda _t: self._decision_changed())
                self._decision_changed()
            else:
                widget = QLineEdit()
                # What the rules make of it ("calendar days; empty: 60, …"), in the field.
                if placeholder := dict(action.param_hints).get(name):
                    widget.setPlaceholderText(placeholder)
                    widget.setMinimumWidth(
                        widget.fontMetrics().horizontalAdvance(placeholder) + 24)
            widget.setObjectName(f"actionParam_{name}")
            widget.setAccessibleName(PARAM_LABELS.get(name, humanise(name)))
            hint = ON_PARAM_HINTS.get(name, "") if name == action.on_param \
                else PARAM_HINTS.get(name, "")
            if hint:
                widget.setToolTip(hint)
                widget.setAccessibleDescription(hint)
            label = PARAM_LABELS.get(name, humanise(name)) + (" *" if name in self.required else "")
            if isinstance(widget, ConditionsEditor):  # the whole width for its columns
                form.addRow(QLabel(label))
                form.addRow(widget)
            else:
                form.addRow(label, widget)
            self._message_row(form, name, widget)
            self.inputs[name] = widget
        self.problem = QLabel()
        self.problem.setObjectName("actionProblem")
        palette_styled(self.problem, "problem")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        # Cancel, then the step, at the right, as every other dialog of the app has them (a
        # QDialogButtonBox put the step first here, with an OK icon beside its name).
        buttons, self.ok_button = dialog_buttons(self, action.label, self._check_and_accept,
                                                 object_name="actionOkButton")
        form.addRow(buttons)
        self.ask_cancel_on("actionOkButtonCancel", title=action.label,
                           question=(f"Close without taking the step “{action.label}”? What "
                                     "you typed (its reason, dates and conditions) is not kept."))
        self.discard_name = "discardStepInput"
        # Wide enough for the hints ("default the acceptance date, …"), also at 200 %; the
        # reason for a sentence (the width of "required", it scrolled after four words).
        for edit in (self.reason, self.on) if self.asks_on else (self.reason,):
            hint = REASON_SAMPLE if edit is self.reason else edit.placeholderText()
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(hint) + 24)
        if self.conditions is not None:
            # Wider than its least where the screen has room, the room going to the
            # conditions' words: at its least a condition showed some 28 characters
            # ("Keep the robotics source cod"), the rest of a 1366 screen left empty.
            extra = self.fontMetrics().averageCharWidth() * CONDITION_EXTRA_CHARS
            resize_to_screen(self, self.sizeHint().width() + extra, self.sizeHint().height())
        self._fit_screen_width()

    def _message_row(self, form: QFormLayout, name: str,
                     field: QLineEdit | ConditionsEditor) -> None:
        """A row under `name`'s field for its problem, hidden while there is none; the
        field's next edit takes the message away (it was about what had been typed)."""
        message = FieldMessage()
        message.setObjectName(f"actionProblem_{name}")
        # What the officer typed is quoted in it: <b> typed is shown, not rendered.
        message.setTextFormat(Qt.TextFormat.PlainText)
        message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        message.setVisible(False)
        # In a box of the field's width: a FieldMessage takes its height at its box's
        # width (the dialog's own width counted a line too few, and cut the message).
        box = QWidget(self)
        box.setObjectName(f"actionProblemBox_{name}")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(message)
        box.hide()  # a hidden row takes no room nor spacing in the form
        # Bound methods, not lambdas holding the dialog: a lambda kept a closed dialog
        # alive (and on the screen) until the next garbage collection.
        field.setProperty("messageName", name)
        if isinstance(field, ConditionsEditor):  # under the whole width, as the editor
            form.addRow(box)
            field.changed.connect(self._field_edited)
        else:
            form.setWidget(form.rowCount(), QFormLayout.ItemRole.FieldRole, box)
            field.textChanged.connect(self._field_edited)
        self.messages[name] = message

    def _field_edited(self) -> None:
        sender = self.sender()
        name = sender.property("messageName") if sender is not None else None
        if name in self.messages:
            self._show_message(name, "")

    def _message_field(self, name: str) -> QWidget:
        """The field whose message `name` is (a step input's name, "reason" or "on")."""
        own: dict[str, QWidget] = {"reason": self.reason, "on": self.on}
        return own[name] if name in own else self.inputs[name]

    def _show_message(self, name: str, text: str) -> None:
        """`text` under `name`'s field ("" takes it away), also told to a screen reader
        with the field."""
        message = self.messages[name]
        if message.text() == kept_whole(text):
            return
        field = self._message_field(name)
        if text and self._height_before_messages is None and self.isVisible():
            # What it goes back to once the messages are gone (the form's least height
            # grows the dialog with them, and never gave the room back).
            self._height_before_messages = self.height()
        box = message.parentWidget()
        if box is not None:
            # Measured at its field's width before the form has placed it (a box never
            # shown is 100 px wide: the dialog grew for five lines where two were said).
            box.resize(field.width(), box.height())
        show_message(message, text, error_colour)
        if box is not None:
            box.setVisible(bool(text))
        if isinstance(field, ConditionsEditor):
            field = field.rows[0].text if field.rows else field
        hint = self._hints.setdefault(name, field.accessibleDescription())
        field.setAccessibleDescription(f"Problem: {text}" + (f". {hint}" if hint else "")
                                       if text else hint)
        self._fit_height()
        # Again once the form has laid the message out at its width (until then its
        # height is a guess).
        QTimer.singleShot(0, self, self._fit_height)

    def typed_anything(self) -> bool:
        """Anything typed in the dialog's fields (a condition's row, a date, the reason)."""
        return any((box.is_empty() is False) if isinstance(box, ConditionsEditor)
                   else bool(box.text().strip())
                   for box in (self.reason, self.on, *self.inputs.values()))

    def _fit_screen_width(self) -> None:
        """Labels above their fields where label and field side by side are wider than
        the screen: "Record completion date" opened 724 px wide, and a 1366×768 screen at
        200 % is 683 px, so its fields and Cancel were cut at the right edge."""
        screen = self.screen()
        form = self.layout()
        if screen is None or not isinstance(form, QFormLayout):
            return
        room = int(screen.availableGeometry().width() * 0.95)  # the frame needs room too
        if self.sizeHint().width() <= room:
            return
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        margins = form.contentsMargins()
        widest = room - margins.left() - margins.right()
        for edit in self.findChildren(QLineEdit):  # the hints' widths, at most the room's
            edit.setMinimumWidth(min(edit.minimumWidth(), widest))
        for row in range(form.rowCount()):  # a label longer than the room wraps
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and isinstance(label := item.widget(), QLabel) \
                    and label.sizeHint().width() > widest:  # a shorter one stays one line
                label.setWordWrap(True)
        form.activate()
        self.resize(min(self.sizeHint().width(), room), self.sizeHint().height())

    def add_note(self, note: str) -> None:
        """A line above the fields saying what else the step means ("" adds none)."""
        if not note:
            return
        label = QLabel(note)
        label.setObjectName("actionNote")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        form = self.layout()
        assert isinstance(form, QFormLayout)
        form.insertRow(0, label)

    def decision_date(self) -> date | None:
        """The date typed (or the default the step takes): None when it is not a date."""
        typed = self.on.text().strip() if self.asks_on else ""
        if not typed:
            return date.fromisoformat(self.action.default_on) if self.action.default_on \
                else date.today()
        try:
            return parse_date(typed, "on")
        except InputError:
            return None

    def _decision_changed(self) -> None:
        if self.conditions is not None:
            self.conditions.set_decision(self.decision_date())

    def params(self) -> dict[str, Any]:
        """The step's inputs as the service takes them, or InputError naming every field
        whose text is refused."""
        out, problems = self._read_params()
        if problems:
            raise InputError(problems)
        return out

    def _read_params(self) -> tuple[dict[str, Any], list[Problem]]:
        """The inputs that read, and the problems of those that do not: every field is
        read, so that all of its problems are said at once (one at a time, a bad date was
        told only once the reason had been filled in)."""
        out: dict[str, Any] = {}
        problems: list[Problem] = []
        if self.asks_on and (on := self.on.text().strip()):
            # Checked here, so a typo is shown in the dialog (still open) at its field, not
            # in a message after the dialog has closed and the step was refused.
            try:
                parse_date(on, "on")
            except InputError as exc:
                problems += exc.problems
            else:
                out["on"] = on
        for name, widget in self.inputs.items():
            try:
                if isinstance(widget, ConditionsEditor):
                    items = widget.conditions()  # refused here, at the row, in the open dialog
                    if items:
                        out[name] = items
                elif widget.text().strip():
                    out[name] = self._param_value(name, widget.text().strip())
            except InputError as exc:
                problems += exc.problems
        return out, problems

    @staticmethod
    def _param_value(name: str, value: str) -> Any:
        """A typed input as the service takes it, or InputError at `name`."""
        if name == "days":
            try:
                return int(value)
            except ValueError:
                raise InputError(Problem("days", "must be a whole number")) from None
        if name.endswith("_date"):
            day = parse_date(value, name)  # refused here, in the open dialog
            if name == "completion_date" and day > date.today():
                # A typo for the year started the notification clock months on.
                raise InputError(Problem(name, NOT_COMPLETED_YET.format(day=value)))
        return value

    def _check_order(self, params: dict[str, Any]) -> None:
        """Refuses a step dated before the track's latest step (InputError at the date)."""
        if self.last_step is None:
            return
        name = self.action.on_param if not self.asks_on else "on"
        typed = params.get(name or "on")
        if typed is None and not self.asks_on:
            return  # a required own date left empty is said by the check before this one
        effective = parse_date(typed, name or "on") if typed else self.decision_date()
        last, step = self.last_step
        if effective is not None and effective < last and effective != self.early_date_confirmed:
            # Asked, not refused for good: the earlier step may be the one wrongly dated
            # (recorded on the day it was typed in), and steps are never edited afterwards.
            self.early_date_confirmed = effective
            raise InputError(Problem(name or "on", f"{effective.isoformat()} is before the "
                                     f"track's last step ({step}, {last.isoformat()}): the "
                                     "history and the clock go in date order. If that step's "
                                     f"date is the wrong one, click {self.action.label} "
                                     "again to record this date anyway"))

    def _check_not_ahead(self, params: dict[str, Any]) -> None:
        """Asks once about a step dated after today (InputError at the date): a step is
        recorded once it happened, and 2027 typed for 2026 ran the clock from a day still
        to come. Asked, not refused: the officer may record a date the authority set. The
        deal's completion is the service's to refuse (complete_case)."""
        typed = params.get("on")
        if not typed or self.action.name == COMPLETE_ACTION.name:
            return
        day = parse_date(typed, "on")
        if day > date.today() and day != self.future_date_confirmed:
            self.future_date_confirmed = day
            raise InputError(Problem("on", f"{day.isoformat()} is after today: a step is "
                                     "recorded once it has happened. If the date is right, "
                                     f"click {self.action.label} again to record it"))

    def _say(self, text: str) -> None:
        """A problem that names no field, under the fields, the dialog grown to show it
        whole: it opened at its size for the fields alone, and cut a wrapped message to
        half a line over the buttons."""
        self.problem.setText(text)
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the messages shown need (at most the screen), and back to the height
        it had without them once they are gone."""
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        layout.activate()
        need = (layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth()
                else layout.totalSizeHint().height())
        if need > self.height():
            screen = self.screen()
            room = screen.availableGeometry().height() if screen else need
            self.resize(self.width(), min(need, room))
        elif self._height_before_messages is not None and need < self.height():
            # Not left with a blank band over the buttons where the messages were.
            self.resize(self.width(), max(need, self._height_before_messages))
            if not any(m.text() for m in self.messages.values()):
                self._height_before_messages = None  # a size then dragged to is kept

    def _missing(self) -> list[Problem]:
        """The reason and the inputs the step cannot be taken without, where left empty."""
        problems = []
        if self.action.needs_reason and not self.reason.text().strip():
            asks = self.reason_asks
            problems.append(Problem("reason", f"{asks[:1].upper()}{asks[1:]}." if asks
                                    else "Give the reason for this step."))
        for name, box in self.inputs.items():
            empty = box.is_empty() if isinstance(box, ConditionsEditor) else not box.text().strip()
            if name in self.required and empty:
                what = self.required[name]
                problems.append(Problem(name, f"{what[:1].upper()}{what[1:]}."))
        return problems

    def _check_and_accept(self) -> None:
        """Every problem of what was typed, each under its field; accepted once none."""
        problems = self._missing()
        params, unread = self._read_params()
        problems += unread
        for check in (self._check_order, self._check_not_ahead):
            try:  # only on a date that reads: one that does not is said above
                check(params)
            except InputError as exc:
                problems += exc.problems
        # Said even when there are none: that takes away what was said before.
        self.say_problems(InputError(problems))
        if not problems:
            self.accept()

    def problem_said(self, text: str) -> None:
        """A refusal that names no field, under the fields (the dialog grown to show it)."""
        self._say(text)

    def said_again(self, exc: BaseException, *, shown: str) -> bool:
        """A refusal other than of what was typed (a colleague's change meanwhile, a role
        taken away, the database busy) said in the dialog opened again, all typed kept (a
        message box after it had gone lost the reason and the inputs). After a conflict
        the pins let go of the versions the dialog was opened on: told, OK again acts on
        the `shown` ("track", "case") as the window shows it now. False for what a message
        box says instead: an account revoked, an unexpected error."""
        if not isinstance(exc, ApprovalsError) or isinstance(exc, AccountRevoked):
            return False
        self.open()
        conflict = isinstance(exc, ConflictError)
        said = user_message(exc)
        if isinstance(exc, ConflictError):
            # The window has reloaded already: "Reload it" asked for what was done.
            said = (f"{exc.statement} Nothing was saved." if exc.reload else said) \
                + f" The case window shows the {shown} as it is now: OK acts on it as shown."
        self.problem_said(said)
        if conflict:
            self.track_pin = None if self.track_pin is None else (self.track_pin[0], None)
            self.case_pin = None if self.case_pin is None else (self.case_pin[0], None)
        return True

    def say_problems(self, exc: InputError) -> None:
        """Each problem under its field (all of them, those said before taken away), the
        cursor in the first field with one, in the form's order. What names no field of
        the dialog is said under the fields, named by its path."""
        said: dict[str, list[str]] = {name: [] for name in self.messages}
        focus: dict[str, QWidget] = {}
        elsewhere: list[str] = []
        for problem in exc.problems:
            name = self._message_name(problem.path)
            if name is None:
                elsewhere.append(f"{problem.path}: {problem.message}" if problem.path
                                 else problem.message)
                continue
            widget = self._message_field(name)
            if isinstance(widget, ConditionsEditor):
                found = widget.field(problem.path)
                if found is None:  # the conditions as a whole ("give at least one")
                    widget = widget.rows[0].text
                    said[name].append(problem.message if problem.path == name
                                      else f"{problem.path}: {problem.message}")
                else:
                    # Said under its row already (red, the field outlined), as it is typed:
                    # not again under all the rows.
                    label, widget = found
                    row = self._condition_row(widget)
                    if row is None or problem.message not in row.due.text():
                        said[name].append(f"{label}: {problem.message}")
            else:
                said[name].append(problem.message)
            focus.setdefault(name, widget)
        for name, lines in said.items():
            self._show_message(name, "\n".join(lines))
        self._say("\n".join(elsewhere))
        first = next((focus[name] for name in self.messages if name in focus), None)
        if first is not None:
            first.setFocus()

    def _message_name(self, path: str) -> str | None:
        """The field a problem's path names ("on", "reason", "filing_reference",
        "conditions[1].due_days" → "conditions"); None: none of this dialog's."""
        if path == "on" and not self.asks_on:  # the step's own date is its date
            path = self.action.on_param or path
        name = path.split("[", 1)[0].split(".", 1)[0]
        return name if name in self.messages else None

    def _condition_row(self, widget: QWidget) -> _ConditionRow | None:
        rows = self.conditions.rows if self.conditions is not None else []
        return next((row for row in rows if widget in row.fields()), None)


# What each of a condition's status changes asks for its reason: the dialog's object-name
# stem, title, reason hint, button and the line when a required reason is missing. A
# waiver and a re-opening undo what was recorded (as withdrawing a document or correcting a
# condition does), so they need a reason; a fulfilment is a step forward, its reason
# optional, as a track step's is.
CONDITION_STATUS_ASKS: dict[str, tuple[str, str, str, str, str]] = {
    "waived": ("waive", "Waive the condition",
               "required: e.g. the authority's letter lifting it", "Waive",
               "Say why the condition is waived."),
    "fulfilled": ("fulfil", "Mark the condition fulfilled",
                  "optional: e.g. the filing or letter that shows it was met",
                  "Mark fulfilled", ""),
    "open": ("reopen", "Re-open the condition",
             "required: e.g. marked fulfilled by mistake; the authority asked again",
             "Re-open", "Say why the condition is re-opened."),
}


class ConditionStatusDialog(DiscardAskingDialog):
    """Asks why a condition is marked fulfilled, waived or open again (the audit trail
    keeps the reason: required for a waiver and a re-opening, optional for a fulfilment).
    Its button sends the reason (`submitted`); the dialog stays open until the case window
    says it was stored (`accept`) or why not (`refused`)."""

    submitted = Signal(str)

    def __init__(self, obligation: ObligationView, status: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.obligation, self.status = obligation, status
        stem, title, hint, action, missing = CONDITION_STATUS_ASKS[status]
        self.required_says = missing  # "" where the reason is optional
        self.setObjectName(f"{stem}Dialog")
        self.setWindowTitle(title)
        form = QFormLayout(self)
        what = QLabel(condition_words(obligation.text))
        what.setTextFormat(Qt.TextFormat.PlainText)
        what.setWordWrap(True)
        form.addRow("Condition", what)
        self.reason = QLineEdit()
        self.reason.setObjectName(f"{stem}Reason")
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText(hint)
        wide = self.reason.fontMetrics().horizontalAdvance(hint) + 24
        if screen := self.screen():  # within the screen at 200 % (the hint then scrolls)
            wide = min(wide, int(screen.availableGeometry().width() * 0.6))
        self.reason.setMinimumWidth(wide)
        form.addRow("&Reason" + (" *" if missing else ""), self.reason)  # Alt+R
        self.problem = QLabel()
        self.problem.setObjectName(f"{stem}Problem")
        palette_styled(self.problem, "problem")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        buttons, self.ok_button = dialog_buttons(self, action, self._check_and_submit,
                                                 object_name=f"{stem}OkButton")
        form.addRow(buttons)
        # A reason typed is not dropped by Escape or Cancel without a question.
        self.ask_cancel_on(f"{stem}OkButtonCancel", title=title,
                           question="Close without recording it? The reason you typed is not kept.")

    def reason_text(self) -> str:
        return self.reason.text().strip()

    def typed_anything(self) -> bool:
        return bool(self.reason_text())

    def _check_and_submit(self) -> None:
        if self.required_says and not self.reason_text():
            self.problem.setText(self.required_says)
            self.reason.setFocus()
            return
        self.problem.setText("Working…")
        self.ok_button.setEnabled(False)
        self.submitted.emit(self.reason_text())

    def refused(self, message: str) -> None:
        """Not stored: why, with the reason still there to try again or Cancel."""
        self.problem.setText(message)
        self.ok_button.setEnabled(True)


class WaiveDialog(ConditionStatusDialog):
    """Asks why a condition is waived (required)."""

    def __init__(self, obligation: ObligationView, parent: QWidget | None = None) -> None:
        super().__init__(obligation, "waived", parent)


class EditConditionDialog(DiscardAskingDialog):
    """Corrects a condition as entered (`obligation`), or adds one the authority set
    later (None): its text, and its due date as a date or as days after the decision
    (the step dialog's row, prefilled), with the reason, which is required. Save sends
    (text, due date, days, unit, reason) as `submitted`; the dialog stays open,
    everything typed kept, until the case window says it was stored (`accept`) or why
    not (`refused`, said at the field)."""

    submitted = Signal(dict)

    def __init__(self, obligation: ObligationView | None, decision: date | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.obligation = obligation
        # The track (id, version) it was opened on; version None: as the window shows it.
        self.track_pin: tuple[int, int | None] | None = None
        # Save corrects the condition only as it read when the dialog opened, until the
        # officer has been told it changed: then Save again corrects it as it is now (as
        # a step dialog's pin lets go); held, every Save was refused until reopened.
        self.check_shown = True
        self.setObjectName("editConditionDialog")
        self.setWindowTitle("Correct the condition" if obligation else "Add a condition")
        form = QFormLayout(self)
        decided = f" of {fmt_date(decision)}" if decision else ""
        note = QLabel(
            "Correct the condition as the authority worded it, or its due date: a date, or "
            f"days after the decision{decided}. The audit trail keeps what it said before."
            if obligation else
            "A condition the authority set after the decision (e.g. by a later letter); its "
            f"due date a date, or days after the decision{decided}.")
        note.setWordWrap(True)
        form.addRow(note)
        self.editor = ConditionsEditor(self)
        self.editor.add_button.hide()  # one condition: this one
        row = self.editor.rows[0]
        row.remove.hide()
        if obligation is not None:
            row.text.setText(condition_words(obligation.text))
            # All selected (typing replaces it), the cursor at the start: the focus the
            # dialog opens with selected it all with the cursor at the end, and a field
            # narrower than the words (200 %) showed their end, "…IP blocks in China".
            words = len(row.text.text())
            row.text.setSelection(words, -words)
        if obligation is not None and obligation.due_days is not None:  # offered as counted
            row.due_days.setText(str(obligation.due_days))
            row.due_unit.setCurrentIndex(max(row.due_unit.findData(obligation.due_unit), 0))
        elif obligation is not None and obligation.due_date:
            row.due_date.setText(obligation.due_date)
        self.editor.set_decision(decision)
        form.addRow(self.editor)
        self.reason = QLineEdit()
        self.reason.setObjectName("editConditionReason")
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("required: e.g. mistyped; the decision letter says …"
                                       if obligation else "required: e.g. MOFCOM letter of …")
        form.addRow("&Reason *", self.reason)  # Alt+R
        self.problem = QLabel()
        self.problem.setObjectName("editConditionProblem")
        palette_styled(self.problem, "problem")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        buttons, self.ok_button = dialog_buttons(self, "Save" if obligation else "Add",
                                                 self._check_and_submit,
                                                 object_name="editConditionSaveButton")
        form.addRow(buttons)
        self.ask_cancel_on("editConditionSaveButtonCancel", title=self.windowTitle(),
                           question=("Close without saving the condition? What you typed is "
                                     "not kept." if obligation is None else
                                     "Close without saving your correction of the condition? "
                                     "What you typed is not kept."))
        self.discard_name = "discardConditionInput"
        self._as_opened = self._typed()  # a correction opens with the condition's words
        # Wider than its least where the screen has room, the room going to the condition's
        # words, as the step dialog opens: at its least the field showed some 28 characters
        # of it, the rest of the screen left empty.
        extra = self.fontMetrics().averageCharWidth() * CONDITION_EXTRA_CHARS
        resize_to_screen(self, self.sizeHint().width() + extra, self.sizeHint().height())
        row.text.setFocus()

    def _typed(self) -> tuple[Any, ...]:
        row = self.editor.rows[0]
        return (*row.typed(), row.unit(), self.reason.text().strip())

    def typed_anything(self) -> bool:
        return self._typed() != self._as_opened

    def _fields(self) -> dict[str, tuple[str, QWidget]]:
        row = self.editor.rows[0]
        return {"text": ("Condition", row.text), "due_date": ("Due date", row.due_date),
                "due_days": ("Days after the decision", row.due_days),
                "due_unit": ("Days counted as", row.due_unit),
                "reason": ("Reason", self.reason)}

    def _say(self, problems: Sequence[Problem], fallback: str = "") -> None:
        """Each problem named by its field's label, the first field focused."""
        fields = self._fields()
        under_row = self.editor.rows[0].due.text()  # said there already, in red
        lines, focused = [], False
        for problem in problems:
            name = problem.path.rsplit(".", 1)[-1]
            label, widget = fields.get(name, (humanise(name), None))
            if widget is not None and not focused:
                widget.setFocus()
                focused = True
            if problem.message not in under_row:
                lines.append(f"{label}: {problem.message}")
        self.problem.setText("\n".join(lines) or fallback
                             or ("See the condition's line above." if problems else ""))
        # As tall as the lines said need at the width it has: adjustSize() also took it
        # back to its least width, the condition's field to some 28 characters again.
        need = self.heightForWidth(self.width())
        screen = self.screen()
        room = screen.availableGeometry().height() if screen else need
        self.resize(self.width(), min(need if need > 0 else self.sizeHint().height(), room))

    def values(self) -> dict[str, Any]:
        """The service's inputs, or InputError at the field (checked as the step dialog
        checks a condition's row)."""
        problems = []
        if not self.editor.rows[0].typed()[0]:
            problems.append(Problem("text", "write the condition"))
        try:
            items = self.editor.conditions()
        except InputError as exc:
            problems += exc.problems
            items = []
        if not self.reason.text().strip():
            problems.append(Problem("reason", "say why the condition is "
                                    + ("corrected" if self.obligation else "added")))
        if problems:
            raise InputError(problems)
        item = items[0]
        return {"text": item["text"], "due_date": item.get("due_date"),
                "due_days": item.get("due_days"), "due_unit": item.get("due_unit", "calendar"),
                "reason": self.reason.text().strip()}

    def _check_and_submit(self) -> None:
        try:
            values = self.values()
        except InputError as exc:
            self._say(exc.problems)
            return
        self.problem.setText("Working…")
        self.ok_button.setEnabled(False)
        self.submitted.emit(values)

    def refused(self, exc: BaseException) -> None:
        """Not stored: why, at the field where it can be said there; all typed is kept."""
        self.ok_button.setEnabled(True)
        problems = exc.problems if isinstance(exc, InputError) else []
        self._say(problems, user_message(exc))
