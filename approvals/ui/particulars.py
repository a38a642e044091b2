"""The Filing particulars editor: what the filings print beyond the case facts.

One dialog for one case (its own values; an empty field falls back to the organisation-wide
default, shown beneath it) or, with no case, for the organisation-wide defaults. Fields
with a real rule (e-mail, website, telephone) say what is wrong as they are typed and hold
Save back. Reading and saving go through `services.particulars` on the TaskRunner; the
service checks the permission, refuses a save over someone else's newer one, and records
the audit event. A failed save keeps everything typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from approvals.domain.dates import utc_text
from approvals.domain.errors import (
    ConflictError,
    InputError,
    PermissionDenied,
    TransitionRefused,
)
from approvals.domain.filing_kinds import kind_name, kind_titles
from approvals.domain.numbers import counted
from approvals.domain.particulars import check_particular, particular_name
from approvals.domain.typed_input import plain_text, quoted
from approvals.services.filings import (
    PER_CASE_PARTICULARS,
    check_filing_particulars,
    particulars_permission,
)
from approvals.services.particulars import (
    ParticularField,
    ParticularsSection,
    ParticularsView,
    load_particulars,
    particulars_form,
    save_particulars,
)
from approvals.store.audit import Actor
from approvals.ui.errors import refusal, show_error, user_message
from approvals.ui.widgets import (
    ask_to_discard,
    palette_styled,
    resize_to_screen,
    set_available,
    standard_shortcut,
    text_field,
)
from approvals.ui.workers import TaskRunner

# Line breaks as pasted: CR LF, CR, LF, and the Unicode line and paragraph separators. (Word's
# soft break, U+000B, is a control character: said at the field, to be typed again.)
LINE_BREAKS = re.compile("\r\n|[\r\n\u2028\u2029]")


def _cjk(char: str) -> bool:
    """A Chinese (or Japanese, Korean) character or full-width punctuation mark."""
    return "\u2e80" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef"


# {code: title} of the filing kinds (domain.filing_kinds): review.py names documents by it.
KIND_NAMES = kind_titles()
EXAMPLES = {"email": "e.g. name@example.com", "url": "e.g. https://www.example.com",
            "phone": "e.g. +86 10 5555 0100"}
# The sections a US filing prints: their telephone example is a US number (a Beijing one
# stood in the US notification's representative's field).
US_SECTIONS = ("representative", "us_person")
US_PHONE_EXAMPLE = "e.g. +1 202 555 0100"


def example_of(field: ParticularField) -> str:
    """The placeholder of a particular's field: its kind's example, in the section's
    country for a telephone number."""
    if field.kind == "phone" and field.section in US_SECTIONS:
        return US_PHONE_EXAMPLE
    return EXAMPLES.get(field.kind, "")


def field_label(field: ParticularField | ParticularsSection, sep: str = " ",
                view: ParticularsView | None = None) -> str:
    """'Legal representative 法定代表人' — the Chinese where the application prints one;
    with a case's `view`, as its filings print it ('Authorised signatory 授权签字人' for a
    target organised outside mainland China)."""
    english, chinese = (view.label_of(field) if view is not None and
                        isinstance(field, ParticularField) else (field.label_en, field.label_zh))
    return f"{english}{sep}{chinese}" if chinese else english


class _FieldRow:
    """One particular: the line edit, what an empty value falls back to, and its problem."""

    def __init__(self, field: ParticularField) -> None:
        self.field = field
        self.edit = text_field(QLineEdit, f"particular_{field.section}_{field.name}",
                               field_label(field), example_of(field))
        self.edit.setClearButtonEnabled(True)
        self.edit.editingFinished.connect(self.fold)
        self.edit.textEdited.connect(self.join_lines)
        self.note = QLabel()
        self.note.setObjectName(f"note_{field.section}_{field.name}")
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = QLabel()
        self.error.setObjectName(f"error_{field.section}_{field.name}")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.container = QWidget()
        box = QVBoxLayout(self.container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.edit)
        box.addWidget(self.error)
        box.addWidget(self.note)
        self.original = ""  # the stored value the form was loaded with
        # What someone else stored in this field meanwhile while the officer's own change
        # was kept (see ParticularsEditor._loaded); None when there was no such clash.
        self.theirs: str | None = None
        self.caption = QLabel()  # the row's label, beside it in the form

    def name(self, view: ParticularsView | None) -> None:
        """Label the row as the case's filings do (see field_label)."""
        field = self.field
        self.caption.setText(field_label(field, "\n", view) + (" *" if field.required_by else ""))
        self.edit.setAccessibleName(field_label(field, " ", view))

    @property
    def text(self) -> str:
        return self.edit.text().strip()

    def fold(self) -> None:
        """On leaving an e-mail, website or telephone field: full-width characters (a
        Chinese input method's, or pasted from a Chinese document) as ASCII, invisible
        ones dropped, as the wizard reads figures and codes; where that makes it right."""
        if self.field.kind == "text" or self.edit.isReadOnly():
            return
        plain = plain_text(self.edit.text())
        if plain != self.text and check_particular(self.field.section, self.field.name,
                                                   plain) is None:
            self.edit.setText(plain)  # re-checked, and Save offered, as if typed

    def join_lines(self, text: str) -> None:
        """Lines pasted into the one-line field (an address copied from a letter, a name
        from a signature block) joined as one line: an address's with commas, anything
        else's with spaces. A line edit keeps pasted line breaks out of sight, and the
        filing printed them as breaks nobody saw typed."""
        if not LINE_BREAKS.search(text):
            return
        lines = [line.strip() for line in LINE_BREAKS.split(text.replace("\t", " "))]
        address = self.field.name.endswith(("address", "place_of_business"))
        joined = ""
        for line in filter(None, lines):
            if not joined:
                glue = ""
            elif _cjk(joined[-1]) and _cjk(line[0]):
                glue = ""  # 北京市海淀区 / 中关村大街1号: Chinese is written without spaces
            elif address and not joined.endswith((",", ";", "，", "；")):
                glue = ", "
            else:
                glue = " "
            joined += glue + line
        after = len(text) - self.edit.cursorPosition()  # what followed the cursor stays after it
        self.edit.setText(joined)
        self.edit.setCursorPosition(max(0, len(joined) - after))

    def problem(self) -> str | None:
        """What the service would refuse in this field, said as it is typed: the rule of
        its kind (domain.particulars), and a control character pasted in (a Word line
        break is U+000B), which cannot be printed."""
        try:
            check_filing_particulars({self.field.section: {self.field.name: self.text}})
        except InputError as exc:
            return "; ".join(problem.message for problem in exc.problems)
        return None

    def show_problem(self, message: str | None) -> None:
        self.error.setText(message or "")
        palette_styled(self.error, "problem")
        self.error.setVisible(bool(message))
        self.edit.setAccessibleDescription(message or self.note.text())


class ParticularsEditor(QDialog):
    """Edit one case's filing particulars (`reference`) or, with None, the defaults."""

    saved = Signal(object)  # the ParticularsView as stored

    def __init__(self, runner: TaskRunner, actor: Actor, reference: str | None = None,
                 parent: QWidget | None = None, *, highlight: Iterable[str] = ()) -> None:
        super().__init__(parent)
        self.runner, self.actor, self.reference = runner, actor, reference
        self.tasks = runner.bound_to(self)  # results for a closed dialog are dropped
        self.highlight = set(highlight)  # paths a filing listed as missing
        self.view: ParticularsView | None = None
        self.saving = False
        self.load_failed = False  # the first reading failed: nothing to edit yet
        self.defaults_editor: ParticularsEditor | None = None
        self.discard_box: QMessageBox | None = None
        self._discard_ok = False
        self.setObjectName("particularsEditor")
        scope = reference or "organisation-wide defaults"
        self.setWindowTitle(f"Filing particulars — {scope}")
        resize_to_screen(self, 760, 820)  # at 200 % on a small screen: fit, the form scrolls

        intro = QLabel(
            "What the filings print about the people and addresses behind the deal, beyond "
            "the case facts: who signs and whom the authorities contact. "
            + ("An empty field uses the organisation-wide default shown beneath it."
               if reference else
               "These defaults apply to every case whose own field is empty.")
            + " * marks what a final filing needs.")
        intro.setWordWrap(True)
        self.sections: dict[str, QGroupBox] = {}
        self.section_labels = {section.name: section.label_en for section in particulars_form()}
        # Why a section is not printed for this case, wrapped inside it: in the title it set
        # the box's least width, and at 200 % the whole form scrolled sideways.
        self.section_notes: dict[str, QLabel] = {}
        self.rows: dict[tuple[str, str], _FieldRow] = {}
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        captions: list[QLabel] = []
        for section in particulars_form():
            box = QGroupBox(field_label(section))
            box.setObjectName(f"section_{section.name}")
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            unused = QLabel()
            unused.setObjectName(f"unused_{section.name}")
            unused.setWordWrap(True)
            palette_styled(unused, "secondary")
            unused.setVisible(False)
            form.addRow(unused)
            self.section_notes[section.name] = unused
            for field in section.fields:
                if reference is None and field.path in PER_CASE_PARTICULARS:
                    continue  # one case's words, never every case's default
                row = _FieldRow(field)
                row.edit.textChanged.connect(lambda _t, r=row: self._changed(r))
                # English above the Chinese: short lines that keep the fields wide at 200 %.
                row.name(None)
                caption = row.caption
                caption.setBuddy(row.edit)
                captions.append(caption)
                if field.required_by:
                    caption.setToolTip("Needed for a final "
                                       + " and ".join(kind_name(k)
                                                      for k in field.required_by))
                form.addRow(caption, row.container)
                self.rows[(field.section, field.name)] = row
            self.sections[section.name] = box
            self.body_layout.addWidget(box)
        self.body_layout.addStretch(1)
        width = max(c.sizeHint().width() for c in captions)
        for caption in captions:  # one column edge through every section
            caption.setMinimumWidth(width)
        scroll = self.scroll_area = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setAccessibleName("Filing particulars")
        # No Tab stop of its own: Tab from Close landed on the whole form, with nothing to
        # show it had the focus. Tab to a field scrolls it into view all the same.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.message = QLabel("Loading…")
        self.message.setObjectName("particularsMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Why the particulars change, as the other edits of filed facts ask (a document's
        # type, a condition): optional, recorded on the audit event with the old and new.
        self.reason = text_field(QLineEdit, "particularsReason", "Reason",
                                 "optional: why (recorded in the audit trail)")
        reason_label = QLabel("Reaso&n")
        reason_label.setBuddy(self.reason)
        reason_row = QFormLayout()
        reason_row.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        reason_row.addRow(reason_label, self.reason)
        self.save_reason = QLabel()  # why Save is disabled, in words
        self.save_reason.setObjectName("saveReason")
        self.save_reason.setWordWrap(True)

        self.reload_button = QPushButton("&Reload")
        self.reload_button.setObjectName("reloadParticulars")
        self.reload_button.setToolTip("Read the stored values again; your unsaved changes stay")
        self.reload_button.clicked.connect(self.reload)
        self.defaults_button = QPushButton("Organisation-wide &defaults…")
        self.defaults_button.setObjectName("editDefaultsButton")
        self.defaults_button.clicked.connect(self.edit_defaults)
        self.defaults_button.setVisible(reference is not None)
        cancel = QPushButton("&Close")  # asks first where changes are unsaved
        cancel.setObjectName("closeParticulars")
        cancel.clicked.connect(self.reject)
        self.save_button = QPushButton("&Save")
        self.save_button.setObjectName("saveParticulars")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        standard_shortcut(QKeySequence.StandardKey.Save, self, self.save)
        standard_shortcut(QKeySequence.StandardKey.Refresh, self, self.reload)
        # Read only for a reviewer; the defaults (every case's) for an administrator only;
        # a case's own read only once closed (known when its values are in, see _loaded).
        self.why_not_edit = refusal(actor, particulars_permission(reference))
        self._denied = ""  # the service's refusal at a save: a role taken away since sign-in
        set_available(self.defaults_button, refusal(actor, particulars_permission(None)))
        buttons = QHBoxLayout()
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.defaults_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addLayout(reason_row)
        layout.addWidget(self.message)
        layout.addWidget(self.save_reason)
        layout.addLayout(buttons)
        for row in self.rows.values():
            row.edit.setEnabled(False)  # until the stored values are in
        self._update_save()
        self.reload()

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        actor, reference = self.actor, self.reference
        self.reload_button.setEnabled(False)
        self.load_failed = False
        self.tasks.read(lambda s: load_particulars(s, actor=actor, reference=reference),
                        self._loaded, self._load_failed)

    def _load_failed(self, exc: BaseException) -> None:
        self.reload_button.setEnabled(True)
        self.load_failed = True
        self._say(f"Could not read the filing particulars: {user_message(exc)}", error=True)
        self._update_save()

    def _loaded(self, view: ParticularsView) -> None:
        """Show `view`. Fields changed here since the last load keep what was typed (a
        reload after a conflict shows the other person's values only where the officer
        changed nothing)."""
        self.reload_button.setEnabled(True)
        first = self.view is None
        kept = 0
        self.why_not_edit = (self._denied or refusal(self.actor,
                                                     particulars_permission(self.reference))
                             or view.read_only)
        for (section, name), row in self.rows.items():
            stored = view.values[section][name]
            typed = row.edit.text().strip()
            row.theirs = None
            if first or typed == row.original:
                row.edit.blockSignals(True)
                row.edit.setText(stored)
                # From its start: a long address showed its end (": Square, Hutchins Drive,
                # … Cayman Islands"), cut off at the front.
                row.edit.setCursorPosition(0)
                row.edit.blockSignals(False)
            elif typed != stored:
                kept += 1
                # Changed by both: theirs is said beside the officer's, who decides.
                row.theirs = stored if stored != row.original else None
            row.original = stored
            row.edit.setEnabled(True)
            row.edit.setReadOnly(bool(self.why_not_edit))
            default = view.defaults[section][name]
            # An empty field shows what it falls back to, greyed, in place of an example.
            row.edit.setPlaceholderText(
                f"default: {default}" if default else
                "not given" if self.why_not_edit else example_of(row.field))
        self.view = view
        for row in self.rows.values():  # the signatory of an offshore applicant
            row.name(view)
        self._order_sections(view)
        for row in self.rows.values():
            self._changed(row, update=False)
        if first and not self.why_not_edit:
            # The keyboard starts at the first field the filing listed as missing, else at
            # the first field on screen (the scroll area around them had the focus).
            on_screen = self._rows_on_screen()
            wanted = [r for r in on_screen if r.field.path in self.highlight] or on_screen
            wanted[0].edit.setFocus()
            # In sight, with the note beneath it: focus alone does not scroll, and at 200 %
            # a missing field further down was focused out of view.
            if (layout := self.layout()) is not None:
                layout.activate()
            container = wanted[0].container
            self.scroll_area.ensureWidgetVisible(container)
            # Again once what follows (the reason under the form, the last change) is laid
            # out: it can shrink the visible part and push the field back out of sight.
            QTimer.singleShot(0, self, lambda: self.scroll_area.ensureWidgetVisible(container))
        self._update_save()
        if first:
            changed = (f"Last changed by {view.changed_by} at {utc_text(view.changed_at)}."
                       # "Not set yet." said not which: nothing is saved for the scope.
                       if view.changed_by else
                       "Nothing saved for this case yet." if self.reference else
                       "No organisation-wide defaults saved yet.")
            self._say(changed)
        else:
            clashes = [field_label(r.field, " ", view) for r in self.rows.values()
                       if r.theirs is not None]
            both = ("" if not clashes else
                    f" {clashes[0]} was changed meanwhile too: what was stored is said beneath "
                    "it." if len(clashes) == 1 else
                    f" {'; '.join(clashes)} were changed meanwhile too: what was stored is "
                    "said beneath each.")
            # Kept to be saved, or (the case closed meanwhile) only to be copied elsewhere.
            then = "check them and save." if not self.why_not_edit else \
                "they cannot be saved (the reason is below), only copied."
            self._say("Reloaded." + (f" Your changes to {counted(kept, 'field')} are kept: "
                                     f"{then}" if kept else "") + both,
                      error=bool(clashes) or bool(kept and self.why_not_edit))

    def _printed(self, view: ParticularsView) -> set[str]:
        """The filing kinds that print this case's particulars: those its tracks call for,
        and the one whose draft marked fields missing (a draft of a filing no track calls
        for yet still lists them: its sections are not "not printed")."""
        marked = {kind for row in self.rows.values() if row.field.path in self.highlight
                  for kind in row.field.required_by}
        return set(view.filings) | marked

    def _rows_on_screen(self) -> list[_FieldRow]:
        """The rows top to bottom, as _order_sections put their sections."""
        index = {box: self.body_layout.indexOf(box) for box in self.sections.values()}
        return sorted(self.rows.values(), key=lambda r: index[self.sections[r.field.section]])

    def _order_sections(self, view: ParticularsView) -> None:
        """The sections this case's filings print come first; the others say so."""
        if self.reference is None:
            return
        needed = self._printed(view)
        form = particulars_form()
        order = sorted(form, key=lambda s: not needed.intersection(s.used_by))
        for index, section in enumerate(order):
            box = self.sections[section.name]
            self.body_layout.removeWidget(box)
            self.body_layout.insertWidget(index, box)
            unused = self.section_notes[section.name]
            if section.used_by and not needed.intersection(section.used_by):
                box.setTitle(f"{field_label(section)} — not printed")
                unused.setText("Not printed: this case has no track for the " + " or ".join(
                    kind_name(k) for k in section.used_by) + "; fill these in only if one is "
                    "to come.")
            else:
                box.setTitle(field_label(section))
                unused.clear()
            unused.setVisible(bool(unused.text()))
        # Tab follows the order on screen, not the order the fields were made in.
        edits = [self.rows[(s.name, f.name)].edit for s in order for f in s.fields]
        for before, after in pairwise(edits):
            QWidget.setTabOrder(before, after)

    # -- validation ------------------------------------------------------------------------
    def _changed(self, row: _FieldRow, update: bool = True) -> None:
        row.show_problem(row.problem())
        self._show_note(row)
        if update:
            self._update_save()
            # The reason under the form, shown or gone, resizes the scrolled part: at 200 %
            # the field being typed in slid out of sight with its message. Once laid out,
            # it is brought back.
            QTimer.singleShot(0, self, lambda: self._keep_in_sight(row))

    def _keep_in_sight(self, row: _FieldRow) -> None:
        if self.focusWidget() is row.edit:  # typed in, not filled in by a reload
            self.scroll_area.ensureWidgetVisible(row.container, 0, 0)

    def _show_note(self, row: _FieldRow) -> None:
        """Beneath a field: what an empty one falls back to, or that a filing needs it."""
        view, field = self.view, row.field
        note, warn = "", False
        default = view.defaults[field.section][field.name] if view and self.reference else ""
        needed = [k for k in field.required_by
                  if view is not None and (self.reference is None or k in self._printed(view))]
        if row.theirs is not None and row.text != row.theirs:
            by = f" by {view.changed_by}" if view and view.changed_by else ""
            stored = quoted(row.theirs) if row.theirs else "empty"
            note = (f"Changed meanwhile{by} to {stored}: yours is kept here and replaces it "
                    "when you save.")
            warn = True
        elif self.reference and default:
            note = (f"Organisation-wide default: {default}" if row.text else
                    f"Empty: the filings use the organisation-wide default, {default}")
        elif not row.text and needed:
            what = " and ".join(kind_name(k) for k in needed)
            if field.path in self.highlight:
                note = f"Missing on the draft: the final {what} needs it."
                warn = True
            elif self.reference:
                note = f"Needed for the final {what} (no organisation-wide default)."
                warn = True
            else:
                note = f"Cases that leave this empty have nothing for the final {what}."
        row.note.setText(note)
        row.note.setVisible(bool(note))
        palette_styled(row.note, "problem" if warn else "secondary")
        if not row.error.isVisible():
            row.edit.setAccessibleDescription(note)

    def values(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for (section, name), row in self.rows.items():
            out.setdefault(section, {})[name] = row.text
        return out

    def is_dirty(self) -> bool:
        return any(row.text != row.original for row in self.rows.values())

    def unsaved_input(self) -> list[str]:
        """The organisation-wide defaults typed and not saved, for Users → Sign out and
        Quit to list (a case's own editor is listed by its case window)."""
        if self.reference is not None or not self.isVisible() or not self.is_dirty():
            return []
        return ["the organisation-wide filing particulars being edited (Save)"]

    def save_blocker(self) -> str:
        """Why Save is disabled ('' when it is not)."""
        if self.why_not_edit:
            return f"Read only. {self.why_not_edit}"
        if self.view is None:
            return ("The stored values could not be read: Reload to try again."
                    if self.load_failed else "The stored values are still being read.")
        if self.saving:
            return "Saving…"
        bad = [row for row in self._rows_on_screen() if row.problem()]
        if bad:
            # Named with its section: "Fix Address first" did not say which of three.
            first = bad[0]
            where = f"{self.section_labels[first.field.section]} — " \
                    f"{field_label(first.field, ' ', self.view)}"
            return (f"Fix {where} first: {first.problem()}"
                    + (f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""))
        if not self.is_dirty():
            return "Nothing changed yet."
        return ""

    def _update_save(self) -> None:
        why = self.save_blocker()
        # Nothing to give a reason for where nothing may be saved (read only, not read yet).
        self.reason.setEnabled(not self.why_not_edit and self.view is not None)
        set_available(self.save_button, why, "Store the particulars (Ctrl+S); the change is "
                                             "recorded in the audit trail")
        # A permission refusal or a problem is said out loud; "nothing changed" is not news.
        shown = why if why and why not in ("Nothing changed yet.", "Saving…") else ""
        self.save_reason.setText(shown)
        palette_styled(self.save_reason, "problem")
        self.save_reason.setVisible(bool(shown))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        palette_styled(self.message, "problem" if error else None)

    # -- saving ----------------------------------------------------------------------------
    def save(self) -> None:
        for row in self.rows.values():  # Ctrl+S in a field leaves it without editingFinished
            row.fold()
        self._update_save()
        if not self.save_button.isEnabled() or self.view is None:
            return
        actor, reference = self.actor, self.reference
        values, version = self.values(), self.view.version
        reason = self.reason.text().strip()
        self.saving = True
        self._update_save()
        self._say("Saving…")
        self.tasks.write(
            lambda s: save_particulars(s, actor=actor, reference=reference, values=values,
                                       expected_version=version, reason=reason),
            self._saved, self._save_failed)

    def _saved(self, view: ParticularsView) -> None:
        self.saving = False
        for (section, name), row in self.rows.items():
            row.original = view.values[section][name]
            row.theirs = None
        self.view = view
        self._update_save()
        self._say("Saved; the change is recorded in the audit trail.")
        self.saved.emit(view)
        self._discard_ok = True
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        """Everything typed stays; the reason is shown where it belongs."""
        self.saving = False
        if isinstance(exc, InputError):
            unplaced = []
            for problem in exc.problems:
                _, section, name = [*problem.path.split("."), "", "", ""][:3]
                row = self.rows.get((section, name))
                if row is not None:
                    row.show_problem(problem.message)
                else:
                    unplaced.append(str(problem))
            self._say("Not saved: " + ("; ".join(unplaced) or "see the marked fields."),
                      error=True)
        elif isinstance(exc, ConflictError):
            self._say(str(exc), error=True)
            self.reload_button.setFocus()
        elif isinstance(exc, PermissionDenied | TransitionRefused):
            # A role taken away since sign-in, or the case closed meanwhile: said here, and
            # what was typed stays (Close asks before it is dropped).
            self.why_not_edit = str(exc)
            if isinstance(exc, PermissionDenied):
                self._denied = str(exc)
            self._say(f"Not saved: {exc}", error=True)
        else:
            self._say("Not saved.", error=True)
            show_error(self, "The filing particulars could not be saved", exc)
        self._update_save()

    # -- defaults and closing ------------------------------------------------------------------
    def edit_defaults(self) -> ParticularsEditor:
        editor = ParticularsEditor(self.runner, self.actor, None, self)
        editor.saved.connect(lambda _v: self.reload())  # typed values stay (see _loaded)
        self.defaults_editor = editor
        editor.open()
        return editor

    def reject(self) -> None:
        """Closing with unsaved changes asks first (without blocking)."""
        # Read only from the start, nothing can be typed; refused at a save, what was typed
        # is still worth a question before it goes.
        if self._discard_ok or not self.is_dirty():
            super().reject()
            return
        self.discard_box = ask_to_discard(
            self, "Unsaved filing particulars", "Discard your changes to the filing particulars?",
            "discardParticulars", self._discard)

    def _discard(self) -> None:
        if not self._discard_ok:
            self._discard_ok = True
            super().reject()

    def closeEvent(self, event: Any) -> None:
        if self._discard_ok or not self.is_dirty():
            super().closeEvent(event)
        else:
            event.ignore()
            self.reject()


def add_particulars_defaults_action(window: QMainWindow) -> QAction:
    """Case → Filing particulars defaults… on the main window (which has `runner`, `actor`
    and `case_menu`): the organisation-wide values every case falls back to."""
    action = QAction("Filing particulars &defaults…", window)
    action.setObjectName("particularsDefaultsAction")
    action.setStatusTip("The representative, addresses and contacts every case's filings "
                        "use where the case has none of its own")

    def say_who_may(actor: Actor) -> None:
        why = refusal(actor, particulars_permission(None))  # it opens read only
        action.setToolTip(f"Read only: {why}" if why else "")

    say_who_may(window.actor)  # type: ignore[attr-defined]
    if (roles_changed := getattr(window, "roles_changed", None)) is not None:
        roles_changed.connect(say_who_may)

    def show() -> None:
        # The window's actor as last re-checked, not as at sign-in.
        dialog = ParticularsEditor(window.runner, window.actor, None, window)  # type: ignore[attr-defined]
        window.particulars_defaults = dialog  # type: ignore[attr-defined]
        dialog.open()

    action.triggered.connect(lambda _checked=False: show())
    window.case_menu.addAction(action)  # type: ignore[attr-defined]
    return action


# What a draft lists as missing that is no field: said with where to supply it (the
# preview's status line said "tracks" and "screening").
MISSING_STEPS = {"tracks": "An open track for this filing (Tracks tab)",
                 "screening": "A current screening of the case (Screening tab)"}


def missing_text(path: str) -> str:
    """A filing's missing field as the forms label it: "Applicant (the target company) —
    Contact person" for a particular, "Ultimate parent (Investor)" for a fact."""
    from approvals.ui.wizard import readable_paths

    if path in MISSING_STEPS:
        return MISSING_STEPS[path]
    # The Timeline names a changed particular by the same function.
    named = particular_name(path.removeprefix("particulars.")) \
        if path.startswith("particulars.") else None
    return named or readable_paths(path)


def missing_particulars(paths: Iterable[str]) -> list[str]:
    """The filing particulars among a filing's missing fields."""
    return [p for p in paths if p.startswith("particulars.")]

