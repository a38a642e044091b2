"""Who may open a document: restrict it to named users, or lift the restriction;
withdrawing a document attached by mistake, with the reason; and setting a document's type
after it was attached (a file dropped in first, classified afterwards).

Opened from a case's documents (`DocumentAccessDialog(runner, actor, document)`,
`WithdrawDocumentDialog(runner, actor, document)`,
`DocumentTypeDialog(runner, actor, document, offered)` with a `documents.DocumentInfo`);
the change runs on the write worker and is an audit event. Also the pieces of the case
window's document list: its table (`DocumentsTable`, `SortedCell`), the Type list
(`type_list`, `chosen_type`) and its row menu from the keyboard (`KeyboardMenu`).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyleOptionComboBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from approvals.domain.document_types import (
    document_type_name,
    document_type_names,
    is_filing_kind,
    signed_copy_type,
    type_problem,
)
from approvals.domain.errors import ConflictError
from approvals.domain.wording import shortened_name
from approvals.services import documents, users
from approvals.services.audit_view import person_text
from approvals.store.audit import Actor
from approvals.ui.errors import refusal, user_message
from approvals.ui.widgets import (
    DiscardAskingDialog,
    dialog_buttons,
    fit_columns,
    palette_styled,
    resize_to_screen,
    save_controls,
    select_row_on_focus,
    set_available,
)
from approvals.ui.workers import TaskRunner


class _DocumentDialog(DiscardAskingDialog):
    """What both dialogs are made of: the runner, the actor and the document they act on,
    the file's name in bold at the top, and one change at a time on the write worker."""

    def __init__(self, runner: TaskRunner, actor: Actor, document: documents.DocumentInfo,
                 *, name: str, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.actor = actor
        self.document = document
        self.setObjectName(name)
        self.setWindowTitle(title)
        # Escaped: a file called "a<b>.pdf" read as markup ("a" and a bold rest). A long
        # name shortened (whole in the tooltip): the dialog grew as wide as the name.
        shown = shortened_name(document.file_name)
        self.heading = QLabel(f"<b>{html.escape(shown)}</b>")
        self.heading.setObjectName("documentName")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        if shown != document.file_name:
            self.heading.setToolTip(html.escape(document.file_name))

    def _write(self, work: Callable[[Any], documents.DocumentInfo], *, button: QPushButton,
               said: QLabel, busy: str, done: Callable[[documents.DocumentInfo], None]) -> None:
        """Run `work` on the write worker, `button` greyed and `said` saying `busy` until it
        ends; then `done`, or the refusal in `said` with the button back (what was typed
        stays)."""

        def finished(info: documents.DocumentInfo) -> None:
            self.document = info
            button.setEnabled(True)
            done(info)

        def failed(exc: BaseException) -> None:
            button.setEnabled(True)
            said.setText(user_message(exc))
            if isinstance(exc, ConflictError):
                self.conflicted(exc)

        button.setEnabled(False)
        said.setText(busy)
        self.runner.write(work, finished, failed)


    def conflicted(self, exc: ConflictError) -> None:
        """Someone else changed the document since the dialog opened (said already)."""


class DocumentAccessDialog(_DocumentDialog):
    saved = Signal(object)  # documents.DocumentInfo

    def __init__(self, runner: TaskRunner, actor: Actor, document: documents.DocumentInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, actor, document, name="documentAccessDialog",
                         title=f"Who may open {document.file_name}", parent=parent)
        resize_to_screen(self, 420, 420)
        self.restricted = QCheckBox("Only the people ticked below may open or export it")
        self.restricted.setObjectName("restrictedBox")
        self.restricted.setChecked(document.restricted)
        self.restricted.toggled.connect(self._update)
        explain = QLabel("Everybody else still sees that the document exists, "
                         "but cannot open or export it.")
        explain.setWordWrap(True)
        self.people = QListWidget()
        self.people.setObjectName("allowedUsers")
        self.people.setAccessibleName("People who may open it")
        foot = save_controls(self, self.save, reason_name="restrictionReason",
                             message_name="accessMessage", save_name="saveAccessButton")
        self.reason, self.message, self.save_button = foot.reason, foot.message, foot.save_button
        # Ticks changed or a reason typed, not saved: Escape or Close asks before they go.
        self.ask_cancel_on("saveAccessButtonCancel", title=self.windowTitle(),
                           question=("Close without saving who may open it? What you ticked and "
                                     "typed is not kept."))
        self._saved_reason = ""
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.restricted)
        layout.addWidget(explain)
        layout.addWidget(self.people, 1)
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        layout.addLayout(foot.buttons)

        self.refusal = self._refusal()
        self._loaded = False
        self._update()
        runner.read(users.list_users, self._show_users,
                    lambda exc: self.message.setText(user_message(exc)))

    def _refusal(self) -> str:
        """Why this actor may not change the restriction, or ''."""
        denied = refusal(self.actor, "document.restrict")
        if denied:
            return denied
        if (self.document.restricted and not self.document.can_open
                and "admin" not in self.actor.roles):
            named = documents.people_text(self.document.allowed_users, self.document.names)
            return (f"This document is restricted to {named}; only they or an administrator "
                    "may change who can open it.")
        return ""

    def _show_users(self, rows: list[users.UserInfo]) -> None:
        self.people.clear()
        current = set(self.document.allowed_users)
        for user in rows:
            if not user.active and user.username not in current:
                continue
            label = person_text(user.username, user.display_name)  # as the tab names them
            if not user.active:
                label += " (deactivated)"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, user.username)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
            mine = user.username == self.actor.username
            if mine:  # whoever restricts stays on the list (the service adds them anyway)
                flags = Qt.ItemFlag.ItemIsUserCheckable
                item.setToolTip("You always stay on the list of a document you restrict.")
            item.setFlags(flags)
            checked = mine or user.username in current
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.people.addItem(item)
        self._loaded = True
        self._update()
        # Greyed out while the users were read, the box could not take the keys: they went
        # to Close. Now that it can, it takes them, unless the officer has moved on.
        if self.restricted.isEnabled() and isinstance(self.focusWidget(), QPushButton | None):
            self.restricted.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update(self) -> None:
        # Greyed out with the reason in the tooltip, not only in the message line.
        why = self.refusal or ("" if self._loaded else "Reading the list of users…")
        can = not why
        set_available(self.restricted, why)
        self.people.setEnabled(can and self.restricted.isChecked())
        self.reason.setEnabled(can)
        set_available(self.save_button, why)
        if self.refusal:
            self.message.setText(self.refusal)

    def chosen(self) -> list[str]:
        names = []
        for row in range(self.people.count()):
            item = self.people.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                names.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return names

    def typed_anything(self) -> bool:
        """Whether closing now would drop a change not saved: the restriction or the
        people ticked differ from the document as last saved, or a new reason is typed."""
        if self.refusal or not self._loaded:
            return False
        reason = self.reason.text().strip()
        if reason and reason != self._saved_reason:
            return True
        if self.restricted.isChecked() != self.document.restricted:
            return True
        return (self.document.restricted
                and set(self.chosen()) != set(self.document.allowed_users) | {self.actor.username})

    def set_checked(self, username: str, checked: bool) -> None:
        for row in range(self.people.count()):
            item = self.people.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == username:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def save(self) -> None:
        actor, doc_id = self.actor, self.document.id
        restricted, names, reason = self.restricted.isChecked(), self.chosen(), self.reason.text()
        # Who may open it as this dialog showed it (as saved by it since): a colleague's
        # change meanwhile is refused and named, not overwritten by the ticks shown here.
        seen = (self.document.restricted,
                tuple(self.document.allowed_users) if self.document.restricted else ())

        def done(info: documents.DocumentInfo) -> None:
            self._saved_reason = reason.strip()
            self.message.setText("Saved." if not info.restricted else
                                 "Saved: only "
                                 f"{documents.people_text(info.allowed_users, info.names)} "
                                 "may open it.")
            self.saved.emit(info)

        self._write(
            lambda session: documents.set_restriction(session, actor=actor, document_id=doc_id,
                                                      restricted=restricted,
                                                      allowed_users=names, reason=reason,
                                                      expected=seen),
            button=self.save_button, said=self.message, busy="Saving…", done=done)


WITHDRAW_EXPLAINED = ("It stays stored, listed and in the audit trail, and can still be "
                      "opened; it no longer counts for the required documents, the workflow "
                      "or a filing's attachments. Nothing is deleted.")


class WithdrawDocumentDialog(_DocumentDialog):
    """Asks why a document is withdrawn (required), then withdraws it on the write worker;
    a refusal shows here, with what was typed kept."""

    withdrawn = Signal(object)  # documents.DocumentInfo

    def __init__(self, runner: TaskRunner, actor: Actor, document: documents.DocumentInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, actor, document, name="withdrawDocumentDialog",
                         title=f"Withdraw {document.file_name}", parent=parent)
        form = QFormLayout(self)
        form.addRow(self.heading)
        explain = QLabel(WITHDRAW_EXPLAINED)
        explain.setWordWrap(True)
        form.addRow(explain)
        self.reason = QLineEdit()
        self.reason.setObjectName("withdrawReason")
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("required: why (wrong version, wrong company's licence…)")
        self.reason.setMinimumWidth(
            self.reason.fontMetrics().horizontalAdvance(self.reason.placeholderText()) + 24)
        form.addRow("&Reason *", self.reason)  # Alt+R: Withdraw and Cancel take W and C
        self.problem = QLabel()
        self.problem.setObjectName("withdrawProblem")
        palette_styled(self.problem, "problem")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        buttons, self.ok_button = dialog_buttons(self, "Withdraw", self.withdraw,
                                                 object_name="withdrawOkButton")
        form.addRow(buttons)
        # A reason typed is not dropped by Escape or Cancel without a question.
        self.ask_cancel_on("withdrawOkButtonCancel", title=self.windowTitle(),
                           question=("Close without withdrawing the document? The reason you "
                                     "typed is not kept."))

    def typed_anything(self) -> bool:
        return bool(self.reason.text().strip())

    def withdraw(self) -> None:
        reason = self.reason.text().strip()
        if not reason:  # said here, with the dialog still open
            self.problem.setText("Say why the document is withdrawn: the reason is recorded "
                                 "in the audit trail.")
            self.reason.setFocus()
            return
        actor, doc_id = self.actor, self.document.id

        def done(info: documents.DocumentInfo) -> None:
            self.withdrawn.emit(info)
            self.accept()

        self._write(
            lambda session: documents.withdraw_document(session, actor=actor,
                                                        document_id=doc_id, reason=reason),
            button=self.ok_button, said=self.problem, busy="Withdrawing…", done=done)


def chosen_type(box: QComboBox) -> str:
    """The key of the type chosen in an editable Type list by its name ("Post-transaction
    organisation chart" → org_chart), also of a named type the list does not offer on this
    case (typed by its name, it was stored as a label of its own), or the label typed,
    trimmed."""
    typed = box.currentText().strip()
    index = box.findText(typed, Qt.MatchFlag.MatchFixedString)
    if index >= 0:
        return str(box.itemData(index) or typed)
    return next((key for key, name in document_type_names().items()
                 if name.casefold() == typed.casefold()), typed)


def type_list(offered: list[tuple[str, str]], *, name: str) -> QComboBox:
    """An editable Type list: the `offered` (key, name) pairs by name, the key kept as
    the item's data, and any other label may be typed."""
    box = QComboBox()
    box.setEditable(True)
    box.setObjectName(name)
    box.setAccessibleName("Document type")
    box.addItem("", "")
    for key, text in offered:
        box.addItem(text, key)
    if (line := box.lineEdit()) is not None:  # always: it is editable
        line.setPlaceholderText("choose, or type any label")
        # As wide as the placeholder needs: at 200 % the Documents tab squeezed the box to
        # its items' width and cut the hint to "choose, …". The combo's frame and arrow
        # come from the style; 4 is the line edit's own text margins.
        option = QStyleOptionComboBox()
        box.initStyleOption(option)
        room = QSize(line.fontMetrics().horizontalAdvance(line.placeholderText()) + 4,
                     line.fontMetrics().height())
        box.setMinimumWidth(box.style().sizeFromContents(
            QStyle.ContentsType.CT_ComboBox, option, room, box).width())
        # The field the focus is in: a screen reader said only "edit" for it.
        line.setAccessibleName("Document type")
    return box


class DocumentTypeDialog(_DocumentDialog):
    """Say what an attached document is (or correct it): the types the case's tracks need
    offered by name, any label typed, an optional reason; saved on the write worker as an
    audit event with the old and the new type. A refusal shows here, what was chosen
    kept."""

    saved = Signal(object)  # documents.DocumentInfo

    def __init__(self, runner: TaskRunner, actor: Actor, document: documents.DocumentInfo,
                 offered: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(runner, actor, document, name="documentTypeDialog",
                         title=f"Type of {document.file_name}", parent=parent)
        form = QFormLayout(self)
        form.addRow(self.heading)
        now = document_type_name(document.doc_type) if document.doc_type else "none yet"
        if is_filing_kind(document.doc_type):  # attached so by an earlier version
            now += (", the type of the final the app stores, which a file cannot be: most "
                    "likely this is its signed copy")
        explain = QLabel(f"Its type now: {now}. The required documents and the workflow's "
                         "steps go by the type; the change is recorded in the audit trail.")
        explain.setObjectName("documentTypeNow")
        self.seen_type = document.doc_type  # the type the officer has been told of
        explain.setWordWrap(True)
        form.addRow(explain)
        self.type_box = type_list(offered, name="newDocumentType")
        # A file under its filing's own type (an earlier version let it be attached so) is
        # most likely that filing's signed copy: offered as the change to make.
        now = signed_copy_type(document.doc_type) if is_filing_kind(document.doc_type) \
            else document.doc_type
        index = self.type_box.findData(now)  # 0, the empty one, for none
        if index >= 0:
            self.type_box.setCurrentIndex(index)
        else:  # a type this case's list does not offer, by name; or a label typed
            self.type_box.setCurrentText(document_type_name(now) if now in
                                         document_type_names() else now)
        form.addRow("&Type", self.type_box)
        self.reason = QLineEdit()
        self.reason.setObjectName("documentTypeReason")
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("optional: why (recorded in the audit trail)")
        form.addRow("&Reason", self.reason)
        self.problem = QLabel()
        self.problem.setObjectName("documentTypeProblem")
        palette_styled(self.problem, "problem")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        buttons, self.ok_button = dialog_buttons(self, "Save", self.save,
                                                 object_name="documentTypeOkButton")
        form.addRow(buttons)
        resize_to_screen(self, 480, self.sizeHint().height())
        self.type_box.setFocus()
        # A type chosen or a reason typed is not dropped by Escape or Cancel unasked.
        self.offered_type = chosen_type(self.type_box)
        self.ask_cancel_on("documentTypeOkButtonCancel", title=self.windowTitle(),
                           question=("Close without saving the type? What you chose and typed is "
                                     "not kept."))

    def typed_anything(self) -> bool:
        return (bool(self.reason.text().strip())
                or chosen_type(self.type_box) != self.offered_type)

    def save(self) -> None:
        actor, doc_id = self.actor, self.document.id
        doc_type, reason = chosen_type(self.type_box), self.reason.text()
        # The type the officer saw when the dialog opened: a colleague's Set type… since
        # is refused and named, not overwritten unseen.
        seen = self.seen_type
        if doc_type == self.document.doc_type:  # said here: nothing to record
            self.problem.setText("That is its type already; choose another, or Cancel.")
            self.type_box.setFocus()
            return
        if problem := type_problem(doc_type):  # the service's rule, in words
            self.problem.setText(problem)
            self.type_box.setFocus()
            return

        def done(info: documents.DocumentInfo) -> None:
            self.saved.emit(info)
            self.accept()

        self._write(
            lambda session: documents.set_document_type(session, actor=actor,
                                                        document_id=doc_id, doc_type=doc_type,
                                                        reason=reason, expected_type=seen),
            button=self.ok_button, said=self.problem, busy="Saving…", done=done)

    def conflicted(self, exc: ConflictError) -> None:
        # Told what the type is now (the message names it): Save again sets it over that.
        if exc.changes:
            self.seen_type = exc.changes[0]


SORT_KEY = Qt.ItemDataRole.UserRole + 1


class SortedCell(QTableWidgetItem):
    """A table cell that sorts by the key stored under SORT_KEY when it has one: sizes by
    bytes ("48.6 KB" sorted as text came before "9 bytes"), dates by their ISO form;
    otherwise by its text, ignoring case."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_KEY), other.data(SORT_KEY)
        if mine is not None and theirs is not None and type(mine) is type(theirs):
            return bool(mine < theirs)
        return self.text().casefold() < other.text().casefold()


class KeyboardMenu(QObject):
    """Opens a list's row menu for its selected row when the keyboard asks (the Menu key,
    Shift+F10): `open_menu` is called instead of the list's own context-menu request,
    whose point, for a keyboard, was in the list's frame rather than among its rows (the
    header's height off: the row below, or nothing on the last row)."""

    def __init__(self, table: QWidget, open_menu: Callable[[], object]) -> None:
        super().__init__(table)
        self._open_menu = open_menu
        table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QContextMenuEvent) \
                and event.reason() == QContextMenuEvent.Reason.Keyboard:
            self._open_menu()
            return True
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if (event.key() == Qt.Key.Key_Menu and not modifiers) or (
                    event.key() == Qt.Key.Key_F10
                    and modifiers == Qt.KeyboardModifier.ShiftModifier):
                self._open_menu()
                return True
        return super().eventFilter(watched, event)


class DocumentsTable(QTableWidget):
    """A case's documents, columns as wide as they are where they fit. Where they do not,
    the status and then the file's name give up room (each whole in its cells' tooltips)
    so that Type, Size, Attached and Restricted stay in sight: at their full widths a
    withdrawn document's why and a long file name pushed Attached and Restricted behind a
    scroll bar. Fitted when filled and when resized (hidden while the case loaded, its
    width was not yet the tab's)."""

    FILE, TYPE, STATUS = 0, 1, 6
    SHARES = ((STATUS, 2 / 5), (FILE, 1 / 3), (TYPE, 1 / 4))  # the most each takes
    FLOOR = 160  # neither narrower than this (nor than its title)
    # Type gives way too, after the status, alongside the name (whole in its tooltip): at
    # 200 % it kept its longest type's width while the name went down to its floor.
    TYPE_FLOOR = 110

    # Files dragged in from the file manager (their paths, in the order dropped): the case
    # window attaches them as it does files chosen with Attach file…. Only local paths: a
    # link to a web page is not taken; a folder dropped is refused by the service, which
    # says so (no disk is read here, on the GUI thread, while the drag moves).
    files_dropped = Signal(list)

    def __init__(self, rows: int = 0, columns: int = 0) -> None:
        super().__init__(rows, columns)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        # Whether files may be dropped now (the case window: while Attach file… may be used).
        self.accepting_files: Callable[[], bool] = lambda: True

    @staticmethod
    def dropped_files(event: Any) -> list[str]:
        """The local files a drag carries; [] when it carries anything else too."""
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        urls = mime.urls()
        paths = [url.toLocalFile() for url in urls if url.isLocalFile() and url.toLocalFile()]
        return paths if len(paths) == len(urls) else []

    def dragEnterEvent(self, event: Any) -> None:
        if self.accepting_files() and self.dropped_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: Any) -> None:
        paths = self.dropped_files(event) if self.accepting_files() else []
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(paths)

    def sizeHint(self) -> QSize:
        """Empty, no taller than its least: the Documents tab, which scrolls, is laid out
        at its parts' preferred heights, and an empty list's (five blank rows at 150 %)
        pushed the required documents out of sight. The tab still gives it the room
        there is."""
        hint = super().sizeHint()
        if not self.rowCount() and self.minimumHeight() > 0:
            hint.setHeight(self.minimumHeight())
        return hint

    def fit(self) -> None:
        if not self.rowCount():
            # Empty, the titles whole: at their first widths (260 for File…) "Restricted"
            # was cut at 200 % and an empty list scrolled sideways.
            header = self.horizontalHeader()
            for column in range(self.columnCount()):
                self.setColumnWidth(column, header.sectionSizeHint(column))
            return
        fit_columns(self)
        room = self.viewport().width()
        for column, share in self.SHARES:
            widest = max(int(room * share), 240)
            if self.columnWidth(column) > widest:
                self.setColumnWidth(column, widest)
        header = self.horizontalHeader()
        # What the columns need, the last one (Attached, moved there) at its contents'
        # width: stretched, it had shrunk to what was left (the time it was attached cut
        # off at full width) and the header's length said that all fitted.
        last = header.logicalIndex(self.columnCount() - 1)
        over = sum(self.columnWidth(c) for c in range(self.columnCount()) if c != last) \
            + max(self.sizeHintForColumn(last), header.sectionSizeHint(last)) - room

        def spare(column: int) -> int:
            floor = self.TYPE_FLOOR if column == self.TYPE else self.FLOOR
            return max(0, self.columnWidth(column) - max(floor, header.sectionSizeHint(column)))

        # The status first; then the name and the type, each in proportion to its spare.
        for columns in ((self.STATUS,), (self.FILE, self.TYPE)):
            given = sum(spare(c) for c in columns)
            if over <= 0 or not given:
                continue
            share = min(1.0, over / given)
            for column in columns:
                cut = min(over, math.ceil(spare(column) * share))
                if cut > 0:
                    self.setColumnWidth(column, self.columnWidth(column) - cut)
                    over -= cut

    def focusInEvent(self, event: Any) -> None:
        # Tabbed into with no row selected, F2, Delete and Enter did nothing until an
        # arrow key chose one: the row is selected, as the audit trail's list does.
        super().focusInEvent(event)
        select_row_on_focus(self, event.reason())

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit()
