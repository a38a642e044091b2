"""View → Check open cases…: every open case screened again with the rules in force on a
date, and the outcomes that would change, case by case and regime by regime, with why.

A rule version takes effect on its date without any update being installed (the reported
CN-US-CAPITAL approval, a new data-export threshold): the cases screened before it keep
their stored screening until an officer accepts a new one. This window is where an officer
asks "which of my open cases does that change, and why" (services.screening.
check_open_cases, on a read thread with progress and Cancel, nothing stored), reads each
change's reasons, opens the case at its Screening tab, and accepts the re-screening of the
selected cases at once, asked for one reason for them all (services.screening.
accept_rescreens: each case's new screening stored, its new tracks opened, its audit trail
told why). Accepting stores today's screening, so it is offered when the check ran on
today's rules; another date answers "what will change on 1 January".
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QEvent,
    Qt,
)
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from approvals.domain.errors import ConflictError
from approvals.domain.numbers import counted, humanise
from approvals.domain.typed_input import Unreadable, read_day
from approvals.services.screening import (
    OutcomeChange,
    RescreenCheck,
    RescreensAccepted,
    accept_rescreens,
    check_open_cases,
    recited_words,
)
from approvals.ui.errors import refusal, show_error, user_message
from approvals.ui.geometry import keep_geometry
from approvals.ui.progress import ProgressPanel, is_cancelled, service_callbacks
from approvals.ui.widgets import (
    ConfirmChange,
    Index,
    RowsModel,
    free_alt_keys,
    list_over_details,
    palette_styled,
    redraw_on_palette_change,
    secondary_text_colour,
    show_one,
    text_field,
)

COLUMNS = ("Case", "Target", "Regime", "Stored outcome", "New outcome", "Screened on",
           "Rule now")
NOT_SCREENED = "not screened"
LONGEST_DATE = 40  # characters: longer than any way of writing a date read_day reads
SELECT_A_CHANGE = (
    "Select a change to read why the outcome changes: every reason of the new "
    "determination, the rules it applies and the stored screening's date. "
    "Double-click (or Enter) opens the case at its Screening tab.")


def outcome_words(outcome: str | None) -> str:
    return humanise(outcome) if outcome else NOT_SCREENED


def change_cells(change: OutcomeChange) -> tuple[str, ...]:
    return (change.reference, change.target, change.regime, outcome_words(change.old_outcome),
            outcome_words(change.new_outcome),
            change.old_as_of.isoformat() if change.old_as_of else NOT_SCREENED,
            ", ".join(change.rules))


def change_details(change: OutcomeChange) -> str:
    """One change in full, as HTML: what, under which rulebooks, and every reason."""
    e = html.escape
    was = (f"screened on {change.old_as_of.isoformat()} under {e(change.old_rulebook or '')}"
           if change.old_as_of else "never screened")
    reasons = "".join(f"<li>{e(line)}</li>" for line in change.why) or "<li>(none given)</li>"
    return (f"<p><b>{e(change.reference)}</b> — {e(change.target)}<br>"
            f"<b>{e(change.regime)}</b>: {e(outcome_words(change.old_outcome))} → "
            f"<b>{e(outcome_words(change.new_outcome))}</b></p>"
            f"<p>Stored: {was}.<br>Now: {e(change.new_rulebook)}"
            + (f", rules {e(', '.join(change.rules))}" if change.rules else "") + "</p>"
            f"<p>Why, now:</p><ul>{reasons}</ul>")


def summary_text(check: RescreenCheck) -> str:
    on = check.as_of.isoformat()
    if not check.changes:
        said = (f"On {on} (rulebook {check.rulebook}): no open case's outcome would change — "
                f"{counted(check.open_cases, 'open case')} screened again.")
    else:
        said = (f"On {on} (rulebook {check.rulebook}): {check.cases_changed} of "
                f"{counted(check.open_cases, 'open case')} would screen differently "
                f"({counted(len(check.changes), 'outcome')}). Nothing is stored until you "
                "accept.")
    return said + recited_text(check)


def recited_text(check: RescreenCheck) -> str:
    """The outcomes that stay the same on other grounds, on a line of their own ("" when
    there are none)."""
    said = recited_words(check.recited, check.as_of)
    return f"\n{said}" if said else ""


def nothing_changes_text(check: RescreenCheck) -> str:
    """What the empty list means, where a change's reasons would be."""
    return (f"No open case's outcome would change with the rules in force on "
            f"{check.as_of.isoformat()}: nothing to read or accept. Check another date (the "
            "day a new rule takes effect) to see what will change then.")


def accepted_text(result: RescreensAccepted) -> str:
    parts = []
    if result.accepted:
        opened = sum(len(a.opened) for _r, a in result.accepted)
        parts.append(f"Accepted the re-screening of {counted(len(result.accepted), 'case')} "
                     f"({', '.join(r for r, _a in result.accepted)})"
                     + (f"; {counted(opened, 'filing track')} opened" if opened else "") + ".")
    parts.extend(f"{reference} left out: {why}" for reference, why in result.refused)
    return " ".join(parts) or "Nothing was accepted."


def open_case_at(main: object, reference: str, tab: str) -> None:
    """The case in its window (the main window's), on its tab named `tab` (Screening, where
    a single re-screening is previewed and accepted; Tracks, where a due date is)."""
    opener = getattr(main, "open_case", None)
    if not callable(opener):
        return
    opener(reference)
    view = getattr(main, "case_views", {}).get(reference)
    tabs = getattr(view, "tabs", None)
    if isinstance(tabs, QTabWidget):
        for index in range(tabs.count()):
            if tabs.tabText(index).replace("&", "") == tab:
                tabs.setCurrentIndex(index)


def open_case_on_screening(main: object, reference: str) -> None:
    open_case_at(main, reference, "Screening")


class ChangesModel(RowsModel[OutcomeChange]):
    """The outcome changes, one row each (a rule change can touch thousands of cases)."""

    headers = COLUMNS

    @property
    def changes(self) -> list[OutcomeChange]:
        return self.rows

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        change = self.row_at(index)
        if change is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return change_cells(change)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(change.why) or None
        return None


class OpenCasesCheckWindow(QWidget):
    """The non-modal check window of the main window `main` (which has `runner`, `actor`
    and `open_case`)."""

    def __init__(self, main: QMainWindow) -> None:
        super().__init__(main, Qt.WindowType.Window)
        self.main = main
        self.setObjectName("openCasesCheckWindow")
        self.setWindowTitle("Check open cases against the rules in force")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.tasks = main.runner.bound_to(self)  # type: ignore[attr-defined]
        self.check: RescreenCheck | None = None
        self._accepted_note = ""  # what the last Accept did, said above the next listing
        self._target_width: int | None = None  # the Target column's width for its contents
        self._build()
        roles_changed = getattr(main, "roles_changed", None)
        if roles_changed is not None:  # Accept follows the signed-in user's roles
            roles_changed.connect(self._update_buttons)
        keep_geometry(self, getattr(main, "settings", None), "open_cases_check/geometry",
                      1100, 640)
        self.run_check()

    def _build(self) -> None:
        intro = QLabel(
            "Screens every open case again with the rules in force on the date and lists the "
            "outcomes that would change, with why. Nothing is stored until you accept; "
            "accepting stores today's screening, as a case's Screening tab does.")
        intro.setWordWrap(True)
        self.date_edit = text_field(QLineEdit, "checkDate", "Rules in force on",
                                    "YYYY-MM-DD")
        self.date_edit.setText(date.today().isoformat())
        self.date_edit.setMinimumWidth(self.date_edit.fontMetrics().horizontalAdvance(
            "YYYY-MM-DD__") + 16)
        self.date_edit.returnPressed.connect(self.run_check)
        date_label = QLabel("Rules in &force on:")
        date_label.setBuddy(self.date_edit)
        self.today_button = today = QPushButton("&Today")
        today.setObjectName("checkToday")
        today.setToolTip("Check with today's rules (the date a re-screening is accepted on)")
        today.clicked.connect(self.check_today)
        self.check_button = QPushButton("&Check")
        self.check_button.setObjectName("checkRun")
        self.check_button.setToolTip("Screen the open cases again on the date (Enter)")
        self.check_button.clicked.connect(self.run_check)
        row = QHBoxLayout()
        row.addWidget(date_label)
        row.addWidget(self.date_edit)
        row.addWidget(today)
        row.addWidget(self.check_button)
        row.addStretch(1)

        self.problem = QLabel()  # a date that cannot be read, said at the field
        self.problem.setObjectName("checkDateProblem")
        palette_styled(self.problem, "problem")
        # It quotes what was typed: "<h1>2026</h1>" was drawn as a heading.
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.progress = ProgressPanel(self, what="check")
        self.progress.setVisible(False)
        self.summary = QLabel()
        self.summary.setObjectName("checkSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = ChangesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setObjectName("checkChanges")
        self.table.setAccessibleName("Outcomes that would change")
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        self.table.doubleClicked.connect(lambda index: self.open_case(index.row()))
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.table,
                          lambda: self.open_case(self.table.currentIndex().row()))
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.details = QTextBrowser()
        self.details.setObjectName("checkDetails")
        self.details.setAccessibleName("The selected change in full")
        self.details.setTabChangesFocus(True)
        self.details.setPlaceholderText(SELECT_A_CHANGE)
        self.open_button = QPushButton("&Open case")
        self.open_button.setObjectName("checkOpenCase")
        self.open_button.setToolTip("Open the selected change's case at its Screening tab")
        self.open_button.clicked.connect(lambda: self.open_case(self.table.currentIndex().row()))
        self.accept_button = QPushButton("&Accept for selected cases…")
        self.accept_button.setObjectName("checkAccept")
        self.accept_button.clicked.connect(self.ask_accept)
        self.accept_confirm: ConfirmChange | None = None  # asked with its reason
        self.split = list_over_details(self.table, self.details,
                                       (self.open_button, self.accept_button),
                                       name="check", shares=(3, 2))
        close = QPushButton("Close")
        close.setObjectName("checkClose")
        close.setToolTip("Close (Escape)")
        close.clicked.connect(self.close)
        free_alt_keys(self, [close])
        foot = QHBoxLayout()
        foot.addStretch(1)
        foot.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.split, 1)
        layout.addLayout(foot)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self._update_buttons()

    # -- the check ---------------------------------------------------------------------------

    def chosen_date(self) -> date | None:
        """The typed date, or None (and the problem said at the field)."""
        typed = self.date_edit.text().strip()
        if len(typed) > LONGEST_DATE:
            # Not quoted back: a long paste, one unbreakable word in the message, widened
            # the window to over 20,000 pixels.
            self._date_problem(f"That is {counted(len(typed), 'character')}, too long for a "
                               "date: type the date whose rules to apply as YYYY-MM-DD, e.g. "
                               f"{date.today().isoformat()}.")
            return None
        try:
            day = read_day(typed, "Type the date whose rules to apply, e.g. "
                                  f"{date.today().isoformat()}.")
        except Unreadable as exc:
            self._date_problem(str(exc))
            return None
        self.problem.setVisible(False)
        return day

    def _date_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(True)
        self.date_edit.setFocus()

    def check_today(self) -> None:
        self.date_edit.setText(date.today().isoformat())
        self.run_check()

    def run_check(self) -> None:
        day = self.chosen_date()
        if day is None or self.progress.task is not None:
            return
        self.date_edit.setText(day.isoformat())

        def work(session: Any, progress: Any) -> RescreenCheck:
            report, cancelled = service_callbacks(progress)
            return check_open_cases(session=session, as_of=day, progress=report,
                                    cancelled=cancelled)

        task = self.tasks.session_task(work, self._checked, self._check_failed,
                                       self.progress.update_progress)
        self.progress.start(task, f"Screening the open cases with the rules in force on "
                                  f"{day.isoformat()}…")
        self._update_buttons()

    def _checked(self, check: RescreenCheck) -> None:
        self.progress.finish()
        self.progress.setVisible(False)
        self.check = check
        self.model.set_rows(check.changes)
        self.fit_columns()
        note, self._accepted_note = self._accepted_note, ""
        self._say("\n".join(t for t in (note, summary_text(check)) if t))
        self.details.clear()
        if check.changes:
            self.table.selectRow(0)
        else:
            self._say_nothing_changes()
        self._update_buttons()

    def _say_nothing_changes(self) -> None:
        """Said where a change's reasons go: "Select a change to read why…" sent the officer
        looking for a row in an empty list. As text, not as the placeholder, which shows
        only its first line."""
        if self.check is not None:
            self.details.setHtml(f'<p style="color: {secondary_text_colour()}">'
                                 f"{html.escape(nothing_changes_text(self.check))}</p>")

    def changeEvent(self, event: QEvent) -> None:
        # Light to dark or back: the red of the date's problem and the grey of "nothing
        # changes" chosen again (dark red on a dark window was hard to read).
        redraw_on_palette_change(self, event, self._recolour)
        super().changeEvent(event)

    def _recolour(self) -> None:  # the problem's red follows by itself (palette_styled)
        if self.check is not None and not self.model.changes and self.progress.task is None:
            self._say_nothing_changes()

    def _say(self, text: str) -> None:
        """The summary above the list, and the list's description: a screen reader
        reaching the list by Tab heard no count, no date and no "nothing changes"
        (the summary is a label, never focused)."""
        self.summary.setText(text)
        self.table.setAccessibleDescription(text)

    def fit_columns(self, *, measure: bool = True) -> None:
        """Each column as wide as its contents, but the target's name gives up width so
        the outcomes stay in sight on a narrow window (200 % on a laptop screen): they were
        scrolled off to the right by a long name, which the details below give in full.
        A resize only fits again what the last listing measured (`measure` False)."""
        header = self.table.horizontalHeader()
        target = COLUMNS.index("Target")
        if measure or self._target_width is None:
            self.table.resizeColumnsToContents()
            self._target_width = header.sectionSize(target)
        header.resizeSection(target, self._target_width)
        outcome = COLUMNS.index("New outcome")
        overflow = (header.sectionPosition(outcome) + header.sectionSize(outcome)
                    - self.table.viewport().width())
        if overflow > 0:
            narrowest = header.fontMetrics().horizontalAdvance("Target" + "W" * 4)
            header.resizeSection(target, max(narrowest, self._target_width - overflow))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.model.changes:
            self.fit_columns(measure=False)

    def _check_failed(self, exc: BaseException) -> None:
        self.progress.finish()
        self.progress.setVisible(False)
        # The last check's changes go with it: they stayed listed, and on offer to accept,
        # under "The check was cancelled: nothing is listed."
        self.check = None
        self.model.set_rows(())
        self.details.clear()
        self._say("The check was cancelled: nothing is listed." if is_cancelled(exc)
                             else f"The open cases could not be checked: {user_message(exc)}")
        self._update_buttons()

    def closeEvent(self, event: Any) -> None:
        """A check still running is stopped: nobody is left to read it."""
        if self.progress.task is not None:
            self.progress.task.progress.cancel()
        super().closeEvent(event)

    # -- the list ----------------------------------------------------------------------------

    def selected_references(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return list(dict.fromkeys(self.model.changes[r].reference for r in rows))

    def _selected(self) -> None:
        row = self.table.currentIndex().row()
        if 0 <= row < len(self.model.changes):
            self.details.setHtml(change_details(self.model.changes[row]))
        self._update_buttons()

    def open_case(self, row: int) -> None:
        if 0 <= row < len(self.model.changes):
            open_case_on_screening(self.main, self.model.changes[row].reference)

    def _why_not_accept(self) -> str:
        why = refusal(self.main.actor, "case.accept_rescreen")  # type: ignore[attr-defined]
        if why:
            return why
        if self.progress.task is not None:
            return "The check is still running."
        if self.check is None or self.check.as_of != date.today():
            return ("Accepting stores today's screening: check with today's rules first "
                    "(Today).")
        if not self.selected_references():
            return "Select the cases whose re-screening to accept."
        return ""

    def _update_buttons(self, *_args: object) -> None:
        why = self._why_not_accept()
        self.accept_button.setEnabled(not why)
        self.accept_button.setToolTip(why or "Store today's screening for each selected case, "
                                             "open the tracks it needs, record it in its trail "
                                             "with the reason you give")
        self.open_button.setEnabled(self.table.currentIndex().isValid())
        self.check_button.setEnabled(self.progress.task is None)
        # As Check: pressed during a check it put today's date in the field, the listing
        # that came then was the other date's, and no check with today's rules followed.
        self.today_button.setEnabled(self.progress.task is None)

    # -- accepting ---------------------------------------------------------------------------

    def ask_accept(self) -> ConfirmChange | None:
        """Ask before accepting, with one reason for all the selected cases (recorded in each
        case's audit trail, as a track step's reason is); Cancel or Escape changes nothing."""
        references = self.selected_references()
        if self._why_not_accept():
            return None
        text = (f"Accept the re-screening of {counted(len(references), 'case')} "
                f"({', '.join(references)}) with today's rules? Each case stores the new "
                "screening (the old one is kept in its history), opens a filing track for each "
                "regime that now needs action, and records the change in its audit trail under "
                "your name with the reason you give here, one for all of them.")
        dialog = ConfirmChange(self, title="Accept the re-screenings", text=text,
                               action="&Accept", object_name="checkAcceptConfirm", reason=True)
        if self.accept_confirm is not None:  # the one asked before, answered by now
            self.accept_confirm.deleteLater()
        self.accept_confirm = dialog
        return dialog.ask(lambda reason: self.accept_selected(references, reason))

    def accept_selected(self, references: Sequence[str], reason: str) -> None:
        actor = self.main.actor  # type: ignore[attr-defined]
        self.accept_button.setEnabled(False)
        # The rulebook the listing was made with: another installed or reverted since is
        # refused, the changes listed being no longer what would be stored.
        listed_with = self.check.rulebook if self.check is not None else None

        def work(session: Any) -> RescreensAccepted:
            return accept_rescreens(session=session, references=references, actor=actor,
                                    reason=reason, expected_rulebook=listed_with)

        def done(result: RescreensAccepted) -> None:
            self._accepted_note = accepted_text(result)
            self._say(self._accepted_note)
            self.run_check()  # the accepted cases leave the list
            refresh = getattr(self.main, "refresh", None)
            if callable(refresh):  # the case list's regimes and statuses
                refresh()

        def failed(exc: BaseException) -> None:
            self._update_buttons()
            show_error(self, "The re-screenings were not accepted", exc)
            if isinstance(exc, ConflictError):  # listed under another rulebook: list anew
                self.run_check()

        self.tasks.write(work, done, failed)


def open_cases_check(main: QMainWindow) -> OpenCasesCheckWindow:
    """Show the main window's check window (the one already open, raised)."""
    return show_one(main, "open_cases_check_window", OpenCasesCheckWindow,
                    lambda: OpenCasesCheckWindow(main))


def add_open_cases_check_action(window: QMainWindow) -> QAction:
    """View → Check open cases… on the main window (which has `view_menu`)."""
    action = QAction("Check &open cases…", window)
    action.setObjectName("openCasesCheckAction")
    action.setStatusTip("Screen every open case again with the rules in force on a date and "
                        "list the outcomes that would change")
    action.triggered.connect(lambda _checked=False: open_cases_check(window))
    window.view_menu.addAction(action)  # type: ignore[attr-defined]
    return action

