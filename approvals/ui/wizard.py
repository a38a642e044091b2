"""The intake wizard: every field of the facts schema, page by page, validated as typed.

The wizard edits a plain dict shaped like `facts.schema.json`. Each input is a `Field`
bound to a path in that dict; it parses and checks its own text and shows the problem
right under itself. Pages and fields that do not apply to the deal are hidden (and left
out of the facts; the review page names any that held a value), except one that came with
loaded facts holding a value, which is shown and kept so that opening facts never drops
one. A list (activities, end uses, catalogue items ...) is unknown until answered: items
ticked or typed, or its "None of these" box ticked; an unanswered list stays out of the
facts and the review page says "not stated". The draft is saved through `services.drafts`
whenever the page changes and on a timer, so closing the window or a crash loses at most
the field being typed; values of hidden fields are kept in the draft beside the facts.
Finish validates the whole document with `parse_facts` (the same check the CLI uses) and
opens the case; in edit mode it records the changes through the case-edit service.
"""

from __future__ import annotations

import html
import itertools
import json
import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QShowEvent,
    QTextCursor,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from approvals.domain.consistency import FIELD_CURRENCY, MODELS, fact_conflicts
from approvals.domain.errors import CheckFailed, ConflictError, InputError, Problem
from approvals.domain.event_text import outcome_words
from approvals.domain.facts import (
    ACTIVITIES,
    AI_ACTIVITIES,
    BOARD_SEATS_AT_MOST,
    END_USES,
    INSTRUMENTS,
    INVESTOR_KINDS,
    PI_COUNTS,
    SECURITY_SECTORS,
    TEXT_LIMITS,
    Facts,
    blank_text_problems,
    document_problems,
    parse_facts,
    put_at,
    read_json_file,
    value_at,
)
from approvals.domain.field_labels import (
    choice_name,
    coded_paths,
    fact_change_text,
    fact_label,
    form_label,
)
from approvals.domain.field_labels import sections as field_sections
from approvals.domain.identifiers import lei_problem, normalise_lei, normalise_uscc, uscc_problem
from approvals.domain.numbers import counted, prose
from approvals.domain.places import (
    ISO_3166_CODES,
    known_place_name,
    place_name,
    place_names,
    read_place,
)
from approvals.domain.rulebook import Rulebook, RulebookError, unverified_among
from approvals.domain.screening import (
    Determination,
    control_stake_threshold,
    operations_text,
    regimes_out_of_reach,
    screen,
    stake_is_control,
    us_person_places,
)
from approvals.domain.typed_input import (
    DOLLAR,
    MAX_DIGITS,
    MONEY_DIGITS,
    OPERATIONS,
    PEOPLE,
    REASON_CHARS,
    YEN,
    YES_NO_WORDS,
    Unreadable,
    amount_currency,
    chinese_name_problem,
    control_character_problem,
    currency_code,
    currency_problem,
    english_name_problem,
    field_number_text,
    in_chinese_units,
    length_problem,
    list_length_problem,
    minor_unit_problem,
    name_text,
    no_value_problem,
    number_text,
    plain_text,
    quoted,
    read_amount,
    read_date,
    read_money,
)
from approvals.domain.typed_input import read_number as _read_number
from approvals.domain.wording import distillation_flag_sentence
from approvals.domain.workflow import (
    ACTION_OUTCOMES,
    PREPARER,
    GuardContext,
    guard_problems,
    sentences,
    track_kind_for,
    workflow,
)
from approvals.services.auth import parse_iso
from approvals.services.case_edit import leaf_changes, rebased_facts, update_case_facts
from approvals.services.cases import SameFacts, cases_of_the_same_deal, get_case
from approvals.services.drafts import finish_draft, load_draft, save_draft
from approvals.services.rulebook import rulebook_for
from approvals.store.audit import Actor
from approvals.ui.errors import show_error
from approvals.ui.files import FACTS_JSON, ask_open_file, ask_save_file, suggested_name
from approvals.ui.geometry import keep_geometry
from approvals.ui.help import install_context_help, kept_settings
from approvals.ui.same_facts import ask_about_same_facts
from approvals.ui.widgets import (
    DeterminationsView,
    ask_to_discard,
    error_colour,
    humanise,
    kept_whole,
    laid_out_line,
    named_scroll,
    palette_styled,
    secondary_text_colour,
    show_keyboard_focus,
    text_field,
    verify_note_html,
)
from approvals.ui.workers import TaskRunner

AUTOSAVE_MS = 10_000
Path_ = tuple[str, ...]
_MISSING = object()
_NOT_READ = object()  # a field whose value the wizard has not read since it changed

LONG_CHOICE_CHARS = 48  # a choice list with a longer name gets one column of boxes
SHOWN_REASON_CHARS = 300  # of why the screening preview could not run
CATALOGUE_ITEMS_HINT = ("Each item as the catalogue names it, one a line. The Chinese "
                        "application prints items as typed: give the catalogue's Chinese "
                        "name, its English after it if you like.")
CATALOGUE_ITEMS_PLACEHOLDER = "e.g. 语音合成技术 / Speech synthesis technology"
CURRENCIES = ("USD", "CNY", "EUR", "HKD", "GBP", "JPY", "SGD", "CHF")


def label_for(code: str, path: str | None = None) -> str:
    """A choice's name, as labels.json gives it to the filings, the change history and
    the case view (one vocabulary: the wizard had its own, "Equity" for "Equity
    acquisition"). Without its field, a code that two fields name differently
    ("military": a security sector, an end use) is named by its own words."""
    if path is not None:
        name = choice_name(path, code)
        return humanise(code) if name == code else name
    names = {choice_name(coded, code) for coded in coded_paths()} - {code}
    return names.pop() if len(names) == 1 else humanise(code)


class FieldError(Exception):
    """The text in a field cannot be turned into a value; the message says why."""


# -- fields ----------------------------------------------------------------------------
def show_message(label: QLabel, text: str, colour: Callable[[], str]) -> None:
    """`text` under a field (hidden when empty), in `colour` of the current palette. The
    colour is given as the label is first shown: a wizard has ~200 such labels and most
    never show, while styling each as it was built took a fifth of building the wizard
    (a style sheet, and the palette's readable colour worked out, per label). A palette
    switched later is followed by IntakeWizard.changeEvent, which styles them all."""
    if text and not label.styleSheet():
        label.setStyleSheet(f"color: {colour()};")
    label.setText(kept_whole(text))
    label.setVisible(bool(text))


class FieldMessage(QLabel):
    """A field's wrapped message, as tall as its lines at its field's width. The form
    measured a message shown after being hidden at a width of its own reckoning and kept
    that height: a line too many, a blank line under many messages. This one's height is
    taken at the width of its field's box, and taken again whenever that width changes."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)

    def hasHeightForWidth(self) -> bool:
        return False  # the form lays it out by the hints below, never by its own guess

    def _fitted(self, hint: QSize) -> QSize:
        # The field's box is as wide as the message will be, even before it is first shown.
        box = self.parentWidget()
        width = box.contentsRect().width() if box is not None else self.width()
        if width > 0 and self.text():
            return QSize(hint.width(), self.heightForWidth(width))
        return hint

    def sizeHint(self) -> QSize:
        return self._fitted(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._fitted(super().minimumSizeHint())

    def resizeEvent(self, event: QResizeEvent) -> None:
        width_changed = event.oldSize().width() != event.size().width()
        super().resizeEvent(event)
        if width_changed:
            self.updateGeometry()  # its text takes fewer or more lines


class Field(QObject):
    """One input bound to one path of the facts dict, with its own error label."""

    changed = Signal()

    def __init__(self, path: Path_, *, label_note: str = "", required: bool = False,
                 hint: str = "") -> None:
        super().__init__()
        self.path = path
        # The field's name is data (labels.json `fields`, shared with the summary, the
        # filings and the status report); `label_note` is the form's word on how to type
        # it or where it comes from ("one per line", "FISR Art. 4"): beside the name on
        # the form, never part of it.
        self.name = form_label(".".join(path))
        self.label_note = label_note
        label = f"{self.name} ({label_note})" if label_note else self.name
        self.label = label
        self.required = required
        self.visible_when: Callable[[dict[str, Any]], bool] | None = None
        self.widget = self._make_widget()
        self.widget.setObjectName("field_" + "_".join(path))
        self.widget.setAccessibleName(label)
        self.hint = hint
        if hint:
            self.widget.setToolTip(hint)
            self.widget.setAccessibleDescription(hint)
        self.error_label = FieldMessage()
        self.error_label.setObjectName("error_" + "_".join(path))
        # What the officer typed is quoted in it: <b> or <img> typed is shown, not rendered.
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        # At the top of its box: a wrapped message's box can be taller than its lines, and
        # centred they stood a blank line below the field they are about.
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.error_label.setVisible(False)
        self.container = QWidget()
        # The row takes the height it needs; extra page height stays below the form.
        self.container.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        box = QVBoxLayout(self.container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.widget)
        box.addWidget(self.error_label)
        # A word about a value that is allowed but unlikely (a turnover of RMB 8.6): grey,
        # and Next stays available.
        self.note_label = FieldMessage()
        self.note_label.setObjectName("note_" + "_".join(path))
        self.note_label.setVisible(False)
        box.addWidget(self.note_label)
        self.extra_problem: str | None = None  # set by cross-field checks
        self.extra_note: str | None = None  # a cross-field word: grey, Next stays available
        # Loaded with a value although its condition does not hold (e.g. an LP commitment
        # on an equity deal): shown and kept, so opening facts never drops one silently.
        self.kept_from_load = False

    # subclasses
    def _make_widget(self) -> QWidget:
        raise NotImplementedError

    def focus_widget(self) -> QWidget | None:
        """What the label's Alt key moves to; None when that would be a box to tick (a
        label's Alt key on a check box ticks it)."""
        return self.widget

    def alt_key_target(self) -> QWidget | None:
        """The label's buddy when it has an Alt key; None: the label has none."""
        return self.focus_widget()

    def boxes_with_alt_keys(self) -> list[QCheckBox]:
        """Boxes of the field's own (a list's "None") that get an Alt key where a letter
        is free on the page: Alt+letter ticks a box, as in any dialog."""
        box = getattr(self, "none_box", None)
        return [box] if isinstance(box, QCheckBox) else []

    def parse(self) -> Any:
        """The value (None when empty) or FieldError."""
        raise NotImplementedError

    @staticmethod
    def refuse_no_value(text: str, *, zero: bool = False) -> None:
        """FieldError for "n/a", "none", "-", "无" … typed for no value: filed as typed
        before (typed_input.no_value_problem; `zero`: a figure that can be 0)."""
        if issue := no_value_problem(text, zero=zero):
            raise FieldError(issue)

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def is_empty(self) -> bool:
        try:
            return self.parse() in (None, [], "")
        except FieldError:
            return False

    def draft_value(self) -> Any:
        """What a draft keeps: the value, or nothing when the text does not parse."""
        try:
            return self.parse()
        except FieldError:
            return _MISSING

    def parse_problem(self) -> str | None:
        """Why the text does not parse, without the cross-field checks."""
        try:
            self.parse()
        except FieldError as exc:
            return str(exc)
        return None

    def problem(self) -> str | None:
        try:
            value = self.parse()
        except FieldError as exc:
            return str(exc)
        if self.required and value in (None, "", []):
            return self.REQUIRED
        return self.extra_problem

    # What an empty required field says: what to do, not only that it is wanted.
    REQUIRED = "required; type it in"

    def note(self) -> str | None:
        """What to check about a value that is allowed but unlikely; None when nothing."""
        return self.extra_note

    def problem_note(self, problem: str) -> str | None:
        """A grey word under `problem` on how to look for the mistake; None when nothing."""
        return None

    def show_problem(self, touched_only: bool = True) -> None:
        problem = self.problem()
        # "Required" is not shouted at a field the officer has not reached yet.
        if problem == self.REQUIRED and touched_only:
            problem = None
        show_message(self.error_label, problem or "", error_colour)
        note = self.problem_note(problem) if problem else self.note()
        show_message(self.note_label, note or "", secondary_text_colour)
        # Said by a screen reader with the field it is about: the red line under the
        # field was seen, never heard.
        said = self.focus_widget() or self.widget
        description = self.hint if not problem else (
            f"Problem: {problem}" + (f". {self.hint}" if self.hint else ""))
        if said.accessibleDescription() != description:
            said.setAccessibleDescription(description)


class TextField(Field):
    def __init__(
        self,
        path: Path_,
        *,
        check: Callable[[str], str | None] | None = None,
        normalise: Callable[[str], str] | None = None,
        placeholder: str = "",
        problem_note: Callable[[str], str | None] | None = None,
        **kw: Any,
    ) -> None:
        self._check = check
        self._normalise = normalise
        self._problem_note = problem_note
        # The most characters the field takes and what it holds ("a name"), for the message
        # (typed_input.length_problem), as an imported file is held to them (facts.
        # TEXT_LIMITS); None: the field's own check bounds it (a USCC's 18).
        self.limit = TEXT_LIMITS.get(path)
        super().__init__(path, **kw)
        self.widget.setPlaceholderText(placeholder)  # type: ignore[attr-defined]

    def _make_widget(self) -> QWidget:
        edit = QLineEdit()
        edit.textChanged.connect(lambda _t: self.changed.emit())
        # Leaving the field shows what was read ("9111 0000…" as the code, "8亿" as
        # 800,000,000), never while typing (the cursor would jump); a refused text stays.
        edit.editingFinished.connect(self.show_normalised)
        return edit

    def text(self) -> str:
        return self.widget.text().strip()  # type: ignore[attr-defined]

    def check_length(self, text: str) -> None:
        """FieldError when `text` is longer than the field takes: said at the field before
        any other reading of it (a pasted megabyte is refused at once, and whole)."""
        box = self.widget
        cut = isinstance(box, QLineEdit) and len(box.text()) >= box.maxLength()
        if self.limit is not None and (issue := length_problem(text, *self.limit, cut=cut)):
            raise FieldError(issue)
        self.check_characters(text)

    def check_characters(self, text: str) -> None:
        """FieldError for a control character other than a tab or a line break (which the
        fields tidy away): a NUL or Word's manual line break (U+000B) from an imported
        file or a paste was filed in the name. Said as the command line says it of a
        facts file (facts.control_character_problems)."""
        if issue := control_character_problem(text, allowed="\t\r\n"):
            raise FieldError(issue)

    def problem_note(self, problem: str) -> str | None:
        return self._problem_note(problem) if self._problem_note else None

    def value_text(self, value: Any) -> str | None:
        """How the field writes a value it read (None: leave the text as typed)."""
        return value if self._normalise and isinstance(value, str) else None

    def show_normalised(self) -> None:
        try:
            value = self.parse()
        except FieldError:
            return
        shown = None if value is None else self.value_text(value)
        if shown is not None and shown != self.widget.text():  # type: ignore[attr-defined]
            self.widget.setText(shown)  # type: ignore[attr-defined]

    def parse(self) -> Any:
        text = self.text()
        if not text:
            return None
        self.check_length(text)
        self.refuse_no_value(text)
        if self._normalise:
            text = self._normalise(plain_text(text))
        if self._check:
            issue = self._check(text)
            if issue:
                raise FieldError(issue)
        return text

    def draft_value(self) -> Any:
        # Keep what was typed even when it does not check out yet (a draft, not a filing).
        return self.text() or None

    def set_value(self, value: Any) -> None:
        # A list, an object or true/false from a file is no text: left out (and reported so),
        # never its Python spelling ("['a']") as the investor's name.
        unreadable = value is None or isinstance(value, list | dict | bool)
        self.widget.setText("" if unreadable else str(value))  # type: ignore[attr-defined]
        # Shown from its beginning: a name longer than the box, loaded from a file, a
        # draft or the case, showed only its end ("…gs Limited"), the cursor left there.
        self.widget.setCursorPosition(0)  # type: ignore[attr-defined]


class OneLineField(TextField):
    """A name or a reference, on one line: pasted from a web page or a PDF it carried a
    line break or a zero-width space into the filings (typed_input.name_text); shown
    tidied on leaving the field, otherwise exactly as written."""

    def parse(self) -> Any:
        self.check_length(self.text())
        text = name_text(self.text())
        if not text:
            return None
        self.refuse_no_value(text)
        if self._check and (issue := self._check(text)):
            raise FieldError(issue)
        return text

    def value_text(self, value: Any) -> str | None:
        return value if isinstance(value, str) else None


class LongTextField(TextField):
    def _make_widget(self) -> QWidget:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(laid_out_line(edit.fontMetrics()) * 4 + 12)  # 4 lines, no scroll
        edit.textChanged.connect(self.changed.emit)
        return edit

    def text(self) -> str:
        return self.widget.toPlainText().strip()  # type: ignore[attr-defined]

    def set_value(self, value: Any) -> None:
        self.widget.setPlainText("" if value is None else str(value))  # type: ignore[attr-defined]


def none_box(field: Field, text: str) -> QCheckBox:
    """The explicit "none" answer of a list: without it an empty list is unknown."""
    box = QCheckBox(text)
    box.setObjectName("none_" + "_".join(field.path))
    box.setAccessibleName(f"{text} ({field.label})")
    box.setToolTip(f"{field.label}: states that there are none. Leaving the list empty "
                   "without this leaves it unknown.")
    return box


class ListField(LongTextField):
    """One item per line (US models used, catalogue items). An empty box is unknown; the
    "None" box beside it states that there are none."""

    kept_when_hidden = False  # loaded as an explicit empty list, untouched since

    def __init__(self, path: Path_, **kw: Any) -> None:
        self._syncing = False
        super().__init__(path, **kw)
        self.none_box = none_box(self, "None")
        self.none_box.toggled.connect(self._none_toggled)
        layout = self.container.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.none_box)

    def _make_widget(self) -> QWidget:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(laid_out_line(edit.fontMetrics()) * 4 + 12)  # 4 lines, no scroll
        edit.textChanged.connect(self._text_changed)
        edit.installEventFilter(self)
        return edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Not when another window or a menu takes the keys (the officer copies the next
        # item from elsewhere and comes back to the same cursor).
        if (watched is self.widget and event.type() == QEvent.Type.FocusOut
                and isinstance(event, QFocusEvent)
                and event.reason() not in (Qt.FocusReason.ActiveWindowFocusReason,
                                           Qt.FocusReason.PopupFocusReason)):
            self.show_normalised()
        return False

    def show_normalised(self) -> None:
        """Leaving the box shows the list as it is read, as a name's field does: one item
        a line, without the blank lines, spaces and bullets of a paste. A pasted list
        ending in blank lines left the box scrolled to them, its first items out of sight
        above, as if lost. A list that does not check out stays as written."""
        try:
            items = self.parse()
        except FieldError:
            return
        box = self.widget
        assert isinstance(box, QPlainTextEdit)
        shown = "\n".join(items or [])
        if shown == box.toPlainText():
            return
        # Through the cursor, so Ctrl+Z in the box brings the paste back as it was.
        cursor = box.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(shown)
        box.moveCursor(QTextCursor.MoveOperation.Start)

    def _text_changed(self) -> None:
        if self._syncing:
            return
        self.kept_when_hidden = False
        if self.text() and self.none_box.isChecked():
            self._syncing = True  # items and "None" exclude each other
            try:
                self.none_box.setChecked(False)
            finally:
                self._syncing = False
        self.changed.emit()

    def _none_toggled(self, on: bool) -> None:
        if self._syncing:
            return
        self.kept_when_hidden = False
        if on and self.widget.toPlainText():  # type: ignore[attr-defined]
            self._syncing = True
            try:
                # Through the cursor, so Ctrl+Z in the box brings the lines back.
                cursor = self.widget.textCursor()  # type: ignore[attr-defined]
                cursor.select(QTextCursor.SelectionType.Document)
                cursor.removeSelectedText()
            finally:
                self._syncing = False
        self.changed.emit()

    # A bullet a list pasted from a memo or a PDF begins its lines with ("• GPT-4o via
    # API"): not part of the item, which the filings printed with it.
    BULLET = re.compile(r"^[•◦▪▫‣⁃∙·●○■□*\-–—]\s+")

    def _items(self) -> list[str] | None:
        # Each line as a pasted name is filed: without a web page's invisible characters.
        items = [item for line in self.text().splitlines()
                 if (item := self.BULLET.sub("", name_text(line)))]
        if items:
            return items
        return [] if self.none_box.isChecked() else None

    def parse(self) -> Any:
        # Numbered as the box shows its lines, blank ones included.
        if issue := list_length_problem(self.widget.toPlainText().splitlines()):  # type: ignore[attr-defined]
            raise FieldError(issue)
        self.check_characters(self.text())
        items = self._items()
        for item in items or []:
            if no_value_problem(item):  # "None" typed was filed as an item called None
                raise FieldError(f"{quoted(item)} is not an item: tick None when there are "
                                 "none, or leave the box empty when it is not known")
        # A line typed twice would be listed (and filed) twice.
        seen: set[str] = set()
        for item in items or []:
            if item.casefold() in seen:
                raise FieldError(f"'{item}' is listed twice: remove one of the lines")
            seen.add(item.casefold())
        return items

    def draft_value(self) -> Any:
        return self._items()  # as typed, a line twice included: a draft loses nothing

    def set_value(self, value: Any) -> None:
        items = value if isinstance(value, list) else []
        self._syncing = True
        try:
            self.widget.setPlainText("\n".join(str(v) for v in items))  # type: ignore[attr-defined]
            self.none_box.setChecked(value == [])
        finally:
            self._syncing = False
        self.kept_when_hidden = value == []
        self.changed.emit()


def small_sum_note(currency: str, value: Any) -> str | None:
    """A sum of money under 1,000 (in whole units, not 万, 亿 or millions): typed as "8.6"
    for 8.6亿, it stood as RMB 8.6 and screened against the thresholds as such."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1000:
        return None
    figure = number_text(value)
    # As the fields' labels say it: "China turnover (RMB)".
    shown, unit = {"CNY": ("RMB", "yuan"), "USD": ("USD", "US dollars")}.get(
        currency, (currency, currency))
    return (f"{shown} {figure}, in whole {unit}: for {figure}亿 or {figure} million, "
            "write 亿 or million after the figure")


# "about 2 million", "approx. 100,000", "~3e25", "约8亿", "8亿左右": an estimate as the
# documents word it. The facts hold a figure; the word before it made "is not a number".
_ESTIMATE_START = re.compile(r"^(?:about|approx(?:imately|\.)?|around|roughly|circa|ca\.|"
                             r"c\.|est(?:imated|\.)?|~|≈|约|大约)\s*", re.IGNORECASE)
_ESTIMATE_END = re.compile(r"\s*(?:左右|上下|or so|approx(?:imately|\.)?)$", re.IGNORECASE)


def refusal(exc: Unreadable, text: str, read: Callable[[str], Any]) -> FieldError:
    """The field's message for a text `read` refused: for an estimate, what to type
    instead (or what is wrong with its figure)."""
    typed = text.strip()
    bare = _ESTIMATE_END.sub("", _ESTIMATE_START.sub("", typed))
    if bare and bare != typed:
        try:
            read(bare)
        except Unreadable as figure:  # "about 5m": what is wrong with the figure first
            if not str(figure).endswith(" is not a number"):
                return FieldError(str(figure))
        else:
            return FieldError(f"{quoted(typed)} is not a number: type the figure alone, "
                              f"e.g. {bare} (the best figure known), or leave the field "
                              "empty when it is not known")
    return FieldError(str(exc))


def read_number(text: str, *, percent: bool = False, integer: bool = False,
                max_digits: int = MAX_DIGITS, units: tuple[str, ...] = ()
                ) -> int | float | None:
    """`typed_input.read_number` (the rules for what officers type), its refusal as the
    field's message."""
    def read(typed: str) -> int | float | None:
        return _read_number(typed, percent=percent, integer=integer, max_digits=max_digits,
                            units=units)

    try:
        return read(text)
    except Unreadable as exc:
        raise refusal(exc, text, read) from None


class NumberField(TextField):
    """Numbers as officers type them: `1,000,000`, `3.1e25`, `12.5 %`, `8亿`. A field in a
    fixed currency (`currency`, e.g. turnover in CNY) takes that currency written with the
    figure ("RMB 8亿", "8亿元") and refuses another."""

    def __init__(
        self,
        path: Path_,
        *,
        integer: bool = False,
        minimum: float | None = 0,
        maximum: float | None = None,
        exclusive_minimum: bool = False,
        percent: bool = False,
        max_digits: int = MAX_DIGITS,
        units: tuple[str, ...] = (),
        unlikely: Callable[[float], str | None] | None = None,
        **kw: Any,
    ) -> None:
        self.units = units  # words after the figure that say what it counts (15万人)
        # A grey word on an allowed value that is very likely a slip (a training run of
        # 3.1e-25 operations for 3.1e25); Next stays available.
        self.unlikely = unlikely
        self.integer = integer
        self.minimum = minimum
        self.maximum = maximum
        self.exclusive_minimum = exclusive_minimum
        self.percent = percent
        # A money field's figure is read in its currency (domain.consistency.FIELD_CURRENCY).
        self.currency = FIELD_CURRENCY.get(".".join(path))
        self.max_digits = max_digits
        super().__init__(path, **kw)

    def parse(self) -> Any:
        # "None" board seats or turnover is 0; empty is not known.
        can_be_zero = self.minimum is not None and self.minimum <= 0 and not self.exclusive_minimum
        self.refuse_no_value(self.text(), zero=can_be_zero)
        if currency := self.currency:
            def read(typed: str) -> int | float | None:
                return read_money(typed, currency, max_digits=self.max_digits)

            try:
                value = read(self.text())
            except Unreadable as exc:
                raise refusal(exc, self.text(), read) from None
        else:
            value = read_number(self.text(), percent=self.percent, integer=self.integer,
                                max_digits=self.max_digits, units=self.units)
        if value is None:
            return None
        if self.minimum is not None:
            if self.exclusive_minimum and value <= self.minimum:
                raise FieldError(f"must be more than {self.minimum:g}")
            if value < self.minimum:
                raise FieldError(f"must be at least {self.minimum:g}")
        if self.maximum is not None and value > self.maximum:
            if self.percent:
                # Said as the field's other refusals are, the figure quoted: "must be at
                # most 100" under "650" (6.50 without its point) left the officer to
                # work out that the box wants the percentage itself.
                raise FieldError(f"{quoted(self.text())} is more than the whole: a "
                                 f"percentage is at most {self.maximum:g} (for 6.5 %, type 6.5)")
            raise FieldError(f"must be at most {self.maximum:g}")
        return value

    def draft_value(self) -> Any:
        # A number that does not check out yet is kept as typed (shown with its problem
        # when the draft reopens), like the other text fields: closing loses nothing.
        try:
            return self.parse()
        except FieldError:
            return self.text()

    def value_text(self, value: Any) -> str | None:
        return number_text(value, percent=self.percent)

    def note(self) -> str | None:
        if self.parse_problem() is not None:
            return None
        value = self.parse()
        if self.unlikely is not None and isinstance(value, int | float):
            return self.unlikely(value)
        if not self.currency:
            return None
        return small_sum_note(self.currency, value)

    def set_value(self, value: Any) -> None:
        if isinstance(value, bool) or value is None:
            text = ""
        elif isinstance(value, int | float):
            # Grouped, and exactly this number when read back; a large float with its
            # exponent as the placeholder, the Overview and the screening reasons write it
            # (3.1e25, not Python's 3.1e+25).
            text = field_number_text(value, percent=self.percent)
        else:
            text = str(value)
        self.widget.setText(text)  # type: ignore[attr-defined]


# Less than any real training run takes (a small language model's is about 1e20
# operations): below this a figure is most likely a slipped exponent.
LEAST_TRAINING_RUN = 1e15


def compute_note(value: float) -> str | None:
    """A word on a largest training run too small to be one: 3.1e-25 typed for 3.1e25
    was screened as "not more than 1e23", US-OISP not required instead of prohibited."""
    if value <= 0 or value >= LEAST_TRAINING_RUN:
        return None
    # Mantissa and exponent as written (10 ** -324 is 0: dividing by it failed for 5e-324).
    mantissa, _, exponent = f"{value:.5e}".partition("e")
    mirrored = float(f"{mantissa}e{-int(exponent)}")  # the minus sign dropped
    guess = (f": did you mean {number_text(mirrored)}?"
             if LEAST_TRAINING_RUN <= mirrored < math.inf else "")
    return (f"{number_text(value)} operations is far less than any training run takes (a "
            f"small model's is about 1e20): check the exponent{guess}")


# More individuals than live on Earth (about 8.2 billion in 2026): a count that large is a
# slip of the keys (100亿 for 1亿), and the data-export thresholds read it.
MOST_PEOPLE = 8_500_000_000


def people_note(value: float) -> str | None:
    """A word on a count of individuals larger than the world's population."""
    if value <= MOST_PEOPLE:
        return None
    return (f"{number_text(value)} individuals is more people than live on Earth (about 8.2 "
            "billion): check the figure (亿 is 100 million, 万 is 10,000)")


class DateField(TextField):
    def __init__(self, path: Path_, **kw: Any) -> None:
        super().__init__(path, placeholder="YYYY-MM-DD", **kw)

    # A deal's dates: a year outside these is a slip of the keys (0226, 2206 for 2026).
    YEARS = range(1980, 2101)

    # A date with a time of day, as a deal tracker or a database export writes it
    # (2026-06-30T00:00:00.000Z, 2026-06-30 14:30): the date part, and the time.
    WITH_TIME = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})[ T](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)"
                           r"\s*(?:z|utc|[+-]\d{2}:?\d{2})?", re.IGNORECASE)

    def parse(self) -> Any:
        # 2026/1/2, 2026年1月2日 and 2 Jan 2026 are read; 02/01/2026 is refused as ambiguous.
        self.refuse_no_value(self.text())
        text = self.text()
        if timed := self.WITH_TIME.fullmatch(plain_text(text)):
            # Midnight is the date alone (how trackers store a date); another time is
            # asked about rather than dropped: it may be another day where it was written.
            if set(timed[2]) - set("0:."):
                raise FieldError(f"{quoted(text)} has a time of day: write the date alone, "
                                 "YYYY-MM-DD, e.g. " + timed[1])
            text = timed[1]
        try:
            value = read_date(text)
        except Unreadable as exc:
            raise FieldError(str(exc)) from None
        if value is not None and int(value[:4]) not in self.YEARS:
            raise FieldError(f"'{self.text()}': the year {int(value[:4])} cannot be a deal's; "
                             f"check the year (e.g. {date.today().year})")
        return value

    def value_text(self, value: Any) -> str | None:
        return value if isinstance(value, str) else None


def saved_when(moment: str, today: date | None = None) -> str:
    """When a draft was stored, on this computer's clock: the time if today ("14:32:05"),
    else the day too ("2026-11-29 14:32"): a draft reopened a day later said "saved
    14:32:05" as if just now."""
    local = parse_iso(moment).astimezone()
    if local.date() == (today or date.today()):
        return local.strftime("%H:%M:%S")
    return local.strftime("%Y-%m-%d %H:%M")


def country_names() -> dict[str, str]:
    """A place's name as typed (case-folded) → its ISO 3166 code: the names the filings
    print, labels.json's aliases and the other names officers type (`places.place_names`)."""
    return {name.casefold(): code for name, code in place_names().items()}


class CountryField(TextField):
    """A place: its ISO 3166 code, or a name that means one place (China, 中国, U.S.A.,
    Hong Kong SAR), shown as the code on leaving the field with the place's name beside it
    (CH typed for China reads "Switzerland" before it is filed)."""

    def __init__(self, path: Path_, **kw: Any) -> None:
        # No maximum length on the box: a pasted "CHN" cut to "CH" would silently be
        # Switzerland (its limit refuses an over-long text whole instead).
        super().__init__(path, placeholder="code or name, e.g. CN, HK, USA, 中国, 美国",
                         hint="The ISO 3166 two-letter code, or the place's name in English "
                              "or Chinese (China, Hong Kong, U.S.A., 中国, 香港); leaving "
                              "the field shows the code.", **kw)
        self.place_label = QLabel()
        self.place_label.setObjectName("place_" + "_".join(path))
        self.place_label.setVisible(False)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        layout = self.container.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.removeWidget(self.widget)
        row.addWidget(self.widget, 1)
        row.addWidget(self.place_label)
        layout.insertLayout(0, row)
        self._named: str | None = None  # the code whose name stands beside the field
        # Named on leaving the field (or loading it), not while typing: "CH" on the way
        # to "China" flashed "Switzerland", and the field's width jumped at each letter.
        self.changed.connect(self._forget_place)

    def show_normalised(self) -> None:
        super().show_normalised()
        self._name_place()

    def set_value(self, value: Any) -> None:
        super().set_value(value)
        self._name_place()

    def _forget_place(self) -> None:
        if self._named is not None and self.draft_value() != self._named:
            self._name_place()

    def _name_place(self) -> None:
        try:
            code = self.parse()
        except FieldError:
            code = None
        name = known_place_name(code) if code else ""
        self._named = code if name else None
        # Hidden when empty, else the field is narrower than the rest.
        show_message(self.place_label, name, secondary_text_colour)
        # A screen reader says the place read, else how to write one.
        self.widget.setAccessibleDescription(name or self.widget.toolTip())

    def value_text(self, value: Any) -> str | None:
        # Leaving the field shows the code a name was read as ("中国" as CN).
        return value if isinstance(value, str) else None

    def draft_value(self) -> Any:
        # A name read is kept as its code; one not (yet) readable as typed.
        try:
            return self.parse()
        except FieldError:
            return self.text() or None

    def parse(self) -> Any:
        self.check_length(self.text())
        self.refuse_no_value(self.text())
        try:
            return read_place(self.text())
        except Unreadable as exc:
            if (code := subdivision_country(self.text())) is not None:
                return code
            raise FieldError(str(exc)) from None


# An ISO 3166-2 subdivision code: "US-DE", as a Delaware fund's LEI record (GLEIF) gives its
# jurisdiction; pasted from there, it was "not a place the app knows".
_SUBDIVISION = re.compile(r"([A-Z]{2})-[A-Z0-9]{1,3}")
# China's subdivision codes for Hong Kong, Macao and Taiwan (current and former): the facts
# keep these places by their own codes (HK, MO, TW), never as CN.
_OWN_CODE_SUBDIVISIONS = {"CN-HK": "HK", "CN-MO": "MO", "CN-TW": "TW",
                          "CN-91": "HK", "CN-92": "MO", "CN-71": "TW"}


def subdivision_country(text: str) -> str | None:
    """The ISO 3166 country code of an ISO 3166-2 subdivision code (US-DE → US, GB-ENG →
    GB, CN-HK → HK); None for any other text."""
    compact = plain_text(text).strip().upper()
    if not (match := _SUBDIVISION.fullmatch(compact)):
        return None
    if compact in _OWN_CODE_SUBDIVISIONS:
        return _OWN_CODE_SUBDIVISIONS[compact]
    return match.group(1) if match.group(1) in ISO_3166_CODES else None


class AnswerBox(QComboBox):
    """A drop-down whose answer the mouse wheel leaves alone: the wheel scrolls the page.
    Turning the wheel to scroll the long Target page changed "Leading tech / AI
    enterprise" from Unknown to No as the box passed under the pointer, unseen. A click or
    the arrow keys still choose."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        area = self.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is None:
            event.ignore()
            return
        # To the page's scroll bar itself: Qt passes an ignored wheel event on to the
        # parent only when it came from the device, and the page should scroll either way.
        QApplication.sendEvent(area.verticalScrollBar(), event)
        event.accept()


class BoolField(Field):
    """Yes / No / Unknown: an unknown fact is a legitimate answer (screening says so)."""

    CHOICES = (("Unknown", None), ("Yes", True), ("No", False))

    def _make_widget(self) -> QWidget:
        combo = AnswerBox()
        for text, _value in self.CHOICES:
            combo.addItem(text)  # no item data: see ChoiceField
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return combo

    def parse(self) -> Any:
        return self.CHOICES[self.widget.currentIndex()][1]  # type: ignore[attr-defined]

    def set_value(self, value: Any) -> None:
        if isinstance(value, str):
            value = YES_NO_WORDS.get(value.strip().casefold())
        index = {None: 0, True: 1, False: 2}.get(value if isinstance(value, bool) else None, 0)
        self.widget.setCurrentIndex(index)  # type: ignore[attr-defined]


class ChoiceField(Field):
    REQUIRED = "required; choose one"
    def __init__(self, path: Path_, choices: Sequence[str], *, empty: str = "—",
                 **kw: Any) -> None:
        self.choices = list(choices)
        self.empty = empty
        super().__init__(path, **kw)

    def _make_widget(self) -> QWidget:
        combo = AnswerBox()
        # Never None (or a bool) as item data: PySide6 6.12 drops a reference to None
        # each time it hands such a value back, and the interpreter eventually aborts.
        combo.addItem(self.empty, "")
        for code in self.choices:
            combo.addItem(label_for(code, ".".join(self.path)), code)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return combo

    def parse(self) -> Any:
        return self.widget.currentData() or None  # type: ignore[attr-defined]

    def set_value(self, value: Any) -> None:
        index = self.choices.index(value) + 1 if value in self.choices else 0
        self.widget.setCurrentIndex(index)  # type: ignore[attr-defined]


class MultiChoiceField(Field):
    """Boxes to tick, and "None of these": nothing ticked at all is unknown, not none."""

    def __init__(self, path: Path_, choices: Sequence[str], *, columns: int = 2,
                 **kw: Any) -> None:
        self.kept_when_hidden = False  # loaded as an explicit empty list, untouched since
        self.choices = list(choices)
        # Names as long as the security-review fields' ("Military industry, military-
        # supporting industries or near military facilities") side by side are wider than
        # the page at 200 %: one column then, never a sideways scroll.
        longest = max((len(label_for(c, ".".join(path))) for c in self.choices), default=0)
        self.columns = 1 if longest > LONG_CHOICE_CHARS else columns
        self.boxes: dict[str, QCheckBox] = {}
        self._order: list[str] = []
        self._syncing = False
        super().__init__(path, **kw)

    def _make_widget(self) -> QWidget:
        widget = QWidget()
        grid = QGridLayout(widget)
        grid.setContentsMargins(0, 0, 0, 8)  # a gap before the next group of boxes
        for i, code in enumerate(self.choices):
            box = QCheckBox(label_for(code, ".".join(self.path)))
            box.setObjectName(f"choice_{'_'.join(self.path)}_{code}")
            box.toggled.connect(lambda on, code=code: self._toggled(code, on))
            grid.addWidget(box, i // self.columns, i % self.columns)
            self.boxes[code] = box
        # Last, on a row of its own: the tab order reaches it after the items.
        self.none_box = none_box(self, "None of these")
        self.none_box.toggled.connect(self._none_toggled)
        grid.addWidget(self.none_box, (len(self.choices) + self.columns - 1) // self.columns, 0)
        # The arrow keys move between the boxes (ticking none), as in a list: Tab alone
        # took 16 presses to pass the activities. (Qt moves so only in an exclusive group.)
        for box in (*self.boxes.values(), self.none_box):
            box.installEventFilter(self)
        # The label's Alt key comes here and on to the first box, ticking nothing (a label
        # whose buddy is a box clicks it). With a focus proxy it is no Tab stop of its own.
        widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        first = next(iter(self.boxes.values()), self.none_box)
        widget.setFocusProxy(first)
        return widget

    def focus_widget(self) -> QWidget | None:
        return None  # boxes: Tab reaches them; an Alt key would tick the first

    def alt_key_target(self) -> QWidget | None:
        return self.widget  # its first box focused, not ticked

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
                == Qt.KeyboardModifier.NoModifier
                and isinstance(watched, QCheckBox)
                and (to := self._box_towards(watched, event.key())) is not None):
            to.setFocus(Qt.FocusReason.TabFocusReason)  # drawn with its focus frame
            return True
        return False

    def _box_towards(self, box: QCheckBox, key: int) -> QCheckBox | None:
        """The box an arrow key moves to from `box`, as the boxes stand in their grid
        ("None of these" alone on the last row); None at an edge or for another key."""
        order = [*self.boxes.values(), self.none_box]
        at, none_at, columns = order.index(box), len(self.boxes), self.columns
        last_row = (none_at - 1) // columns * columns  # where the last row of choices starts
        wanted: int | None = None
        if key == Qt.Key.Key_Right and at < none_at:
            wanted = at + 1
        elif key == Qt.Key.Key_Left and at > 0:
            wanted = at - 1
        elif key == Qt.Key.Key_Down and at < none_at:
            wanted = at + columns if at < last_row else none_at
            wanted = min(wanted, none_at)  # a short last row: on to "None of these"
        elif key == Qt.Key.Key_Up:
            wanted = last_row if at == none_at else at - columns if at >= columns else None
        return None if wanted is None else order[wanted]

    def _quietly(self, change: Callable[[], None]) -> None:
        self._syncing = True
        try:
            change()
        finally:
            self._syncing = False

    def _toggled(self, code: str, on: bool) -> None:
        if self._syncing:
            return
        self.kept_when_hidden = False
        if on:
            if code not in self._order:
                self._order.append(code)
            self._quietly(lambda: self.none_box.setChecked(False))
        self.changed.emit()

    def _none_toggled(self, on: bool) -> None:
        if self._syncing:
            return
        self.kept_when_hidden = False
        if on:
            def untick() -> None:
                for box in self.boxes.values():
                    box.setChecked(False)

            self._quietly(untick)
        self.changed.emit()

    def parse(self) -> Any:
        # Keep the order the facts came in (or were ticked in): editing then changes
        # nothing that the officer did not change.
        ticked = [code for code in self._order if self.boxes[code].isChecked()]
        rest = [c for c in self.choices if self.boxes[c].isChecked() and c not in ticked]
        if ticked or rest:
            return ticked + rest
        return [] if self.none_box.isChecked() else None

    def set_value(self, value: Any) -> None:
        wanted = [v for v in value if v in self.boxes] if isinstance(value, list) else []
        self._order = list(dict.fromkeys(wanted))

        def show() -> None:
            for code, box in self.boxes.items():
                box.setChecked(code in wanted)
            self.none_box.setChecked(value == [])

        self._quietly(show)
        self.kept_when_hidden = value == []
        self.changed.emit()


class AmountField(Field):
    """Value and currency together: the schema needs both or neither."""

    def _make_widget(self) -> QWidget:
        widget = QWidget()
        row = QHBoxLayout(widget)
        row.setContentsMargins(0, 0, 0, 0)
        self.value_edit = text_field(QLineEdit, "field_deal_amount_value", "Amount",
                                     "e.g. 150,000,000 or 1.5亿")
        # What the field reads, for the officer who pastes from a term sheet.
        self.value_edit.setToolTip("As written in the documents: 150,000,000, 1.5亿, 8000万元, "
                                   "人民币8亿元整, RMB 800 million, US$2.5 million, 25 million "
                                   "US dollars, 1.5亿美金. A currency written with the figure "
                                   "is the amount's; a figure without one, or with a $, ¥ "
                                   "or 'dollars' alone, takes the currency chosen beside it "
                                   "(none chosen: the field asks for one, never guesses).")
        self.currency = AnswerBox()
        self.currency.setObjectName("field_deal_amount_currency")
        self.currency.setAccessibleName("Currency")
        self.currency.setEditable(True)
        self.currency.addItems(CURRENCIES)
        self.currency.setMinimumContentsLength(4)
        # No currency until one is chosen or written: standing at USD, the list's first
        # entry, 150,000,000 pasted from a yuan term sheet was filed as dollars unasked.
        self.currency.setCurrentIndex(-1)
        if (line := self.currency.lineEdit()) is not None:
            line.setPlaceholderText("code")
        # Whether the officer chose the currency (or it came with the facts), rather than
        # it standing at its first entry: 3亿 is read in a currency only when chosen.
        self.currency_chosen = False
        # The figure whose written currency ("USD 2 million") set the box, not a choice:
        # another figure typed in its place says none, and is asked for one (it was filed
        # in that currency unasked).
        self.currency_written_for: int | float | None = None
        self.currency.activated.connect(self._choose_currency)
        self.value_edit.textChanged.connect(lambda _t: self.changed.emit())
        self.currency.currentTextChanged.connect(lambda _t: self.changed.emit())
        # Leaving either shows what was read: "RMB 800 million" as 800,000,000 and CNY.
        self.value_edit.editingFinished.connect(self.show_normalised)
        line = self.currency.lineEdit()
        if line is not None:
            line.editingFinished.connect(self.show_normalised)
            line.textEdited.connect(self._choose_currency)
        row.addWidget(self.value_edit, 1)
        row.addWidget(self.currency)
        return widget

    def focus_widget(self) -> QWidget | None:
        return self.value_edit

    def _choose_currency(self, *_: object) -> None:
        self.currency_chosen = True
        self.changed.emit()

    def _currency_unsaid(self, mark: str | None) -> bool:
        """A figure with no currency written and none in the box, or 8亿 beside a currency
        not chosen (an old draft's USD): yuan is likely, dollars possible, never guessed."""
        if mark is not None:
            return False
        if not currency_code(self.currency.currentText()):
            return True
        if not self.currency_chosen and self.currency_written_for is not None:
            try:
                figure = read_amount(self.value_edit.text())[0]
            except Unreadable:
                figure = None
            if figure != self.currency_written_for:
                return True
        return (not self.currency_chosen
                and currency_code(self.currency.currentText()) != "CNY"
                and in_chinese_units(self.value_edit.text()))

    def parse(self) -> Any:
        self.refuse_no_value(self.value_edit.text())
        try:
            # A currency written with the figure ("RMB 800 million", "US$2m") is the
            # amount's; a bare $ or ¥ only in a dollar or yuan/yen chosen beside it.
            value, mark = read_amount(self.value_edit.text())
            if value is None:
                return None
            currency = amount_currency(mark, self.currency.currentText())
        except Unreadable as exc:
            raise refusal(exc, self.value_edit.text(), read_amount) from None
        if not value > 0:  # the figure's own mistake first, then its currency
            raise FieldError("the amount must be more than 0")
        if self._currency_unsaid(mark):
            typed = self.value_edit.text().strip()
            if in_chinese_units(typed):
                raise FieldError(f"'{typed}' says no currency: write {typed}元 for yuan or "
                                 f"{typed}美元 for US dollars, or choose the currency beside it")
            raise FieldError(f"'{typed}' says no currency: choose the currency beside it "
                             f"(e.g. USD or CNY), or write it with the figure: USD {typed}, "
                             f"RMB {typed}")
        typed_currency = mark or self.currency.currentText()
        if issue := (currency_problem(currency, typed_currency)
                     or minor_unit_problem(value, currency, self.value_edit.text())):
            raise FieldError(issue)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return {"value": value, "currency": currency}

    def note(self) -> str | None:
        if self.parse_problem() is not None or (amount := self.parse()) is None:
            return None
        return small_sum_note(amount["currency"], amount["value"])

    def draft_value(self) -> Any:
        # A draft keeps an amount whose currency is still missing or mistyped.
        try:
            return self.parse()
        except FieldError:
            pass
        value: Any
        currency = self.currency.currentText().strip()
        try:
            value, mark = read_amount(self.value_edit.text())
            if self._currency_unsaid(mark):
                currency = ""  # reopens with the currency blank and flagged, not USD
                if in_chinese_units(self.value_edit.text()):
                    # As typed: "8亿" came back as "800,000,000", its 元/美元 hint ("write
                    # 8亿元 … or 8亿美元") gone with the 亿 it was about.
                    value = self.value_edit.text().strip()
            if mark in (DOLLAR, YEN):
                # "$" beside CNY: the figure as typed, or the draft would say CNY unasked.
                value = self.value_edit.text().strip()
            elif mark:
                currency = mark
        except Unreadable:
            value = self.value_edit.text().strip()  # as typed, flagged when it reopens
        if value is None:
            return _MISSING
        return {"value": value, "currency": currency} if currency else {"value": value}

    def show_normalised(self) -> None:
        try:
            written = read_amount(self.value_edit.text())[1] is not None
        except Unreadable:
            written = False
        try:
            amount = self.parse()
        except FieldError:
            # Only the currency as its code (rmb as CNY): a refused figure stays as typed.
            code = currency_code(self.currency.currentText())
            if code != self.currency.currentText() and re.fullmatch(r"[A-Z]{3}", code):
                self.currency.setCurrentText(code)
            return
        if amount is None:
            return
        if written:
            self.currency_written_for = amount["value"]
        text = number_text(amount["value"])
        if text != self.value_edit.text():
            self.value_edit.setText(text)
        if amount["currency"] != self.currency.currentText():
            self.currency.setCurrentText(amount["currency"])

    def set_value(self, value: Any) -> None:
        if isinstance(value, dict):
            number = value.get("value")
            if isinstance(number, int | float) and not isinstance(number, bool):
                self.value_edit.setText(field_number_text(number))
            else:  # a draft keeps an amount typed wrongly as its text
                self.value_edit.setText(number if isinstance(number, str) else "")
            # No currency stays blank (and is flagged), never silently USD.
            currency = value.get("currency")
            self.currency.setCurrentText(currency if isinstance(currency, str) else "")
            # Beside a figure that was never read, the currency may be the USD standing
            # first in the list, not chosen: taken as chosen, 8亿 typed after reopening
            # the draft was read as dollars without a word.
            self.currency_chosen = (isinstance(currency, str) and bool(currency)
                                    and isinstance(number, int | float))
            self.currency_written_for = None
        else:
            self.value_edit.setText("")
            self.currency.setCurrentIndex(-1)  # no currency until one is chosen
            self.currency.setCurrentText("")
            self.currency_chosen = False
            self.currency_written_for = None


def check_mismatch_note(problem: str, source: str) -> str | None:
    """Under "check character is 'M', expected 'N'": the officer changed the last character
    to the one expected, and a code with a mistyped character before it then passed its
    check and went onto the filings."""
    if not problem.startswith(("check character is", "check digits are")):
        return None
    last = ("the last character" if problem.startswith("check character")
            else "the last two digits")
    return (f"A character mistyped anywhere gives this: check the whole code against the "
            f"{source}; changing only {last} makes a wrong code pass.")


# What a code is copied with from a business licence, a registry page or an LEI record
# ("统一社会信用代码：9111…", "LEI: 5493…"): the field read 27 characters, "must be 18".
USCC_LABELS = ("统一社会信用代码", "社会信用代码", "信用代码", "Unified Social Credit Code", "USCC")
LEI_LABELS = ("Legal Entity Identifier", "LEI code", "LEI")


def without_label(text: str, labels: Sequence[str]) -> str:
    """`text` without a leading label naming the code (and its colon), when a code follows
    it; otherwise as it was. The label must end before the code: an LEI may itself begin
    with the letters LEI, so without a colon or a space after it nothing is taken."""
    pattern = "|".join(re.escape(label) for label in labels)
    # "统一社会信用代码（USCC）：" too: a bracketed word after the label.
    match = re.match(rf"\s*(?:{pattern})(?:\s*[(（][^)）]*[)）])?(?:\s*[:：]\s*|\s+)(?=\S)",
                     text, re.IGNORECASE)
    return text[match.end():] if match else text


def organised_in_mainland(place: Any) -> bool:
    """Whether a target organised in `place` (its code, or text not read yet) may have a
    USCC: only an entity registered in mainland China has one. Unknown or unread: it may."""
    return not (isinstance(place, str) and place in ISO_3166_CODES and place != "CN")


# -- pages -----------------------------------------------------------------------------
def set_path(data: dict[str, Any], path: Path_, value: Any) -> None:
    put_at(data, path, value)


# The wizard's buttons' Alt keys: Import, Export, Back, Next, Finish / Save changes, Close.
WIZARD_ALT_KEYS = frozenset("ixbnfsc")


def with_alt_key(label: str, taken: set[str]) -> str:
    """The label with an Alt key ("&") on the first letter not yet taken on its page, a
    word's first letter rather than one inside a word; unchanged when every letter is
    taken. The letter chosen is added to `taken`."""
    starts = [i for i, c in enumerate(label) if i == 0 or not label[i - 1].isalnum()]
    for i in [*starts, *range(len(label))]:
        letter = label[i].casefold()
        if label[i].isascii() and label[i].isalpha() and letter not in taken:
            taken.add(letter)
            return f"{label[:i]}&{label[i:]}"
    return label


class FactsPage(QWizardPage):
    """A page of fields in a scrollable form, with the reason Next is unavailable."""

    def __init__(self, wizard: IntakeWizard, title: str, subtitle: str, name: str) -> None:
        super().__init__()
        self.intake = wizard
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.setObjectName(name)
        self.fields: list[Field] = []
        self.headings: list[tuple[QLabel, Callable[[dict[str, Any]], bool]]] = []
        self.alt_keys_taken = set(WIZARD_ALT_KEYS)
        self.applies: Callable[[dict[str, Any]], bool] = lambda _data: True
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        inner = QWidget()
        inner.setLayout(self.form)
        scroll = QScrollArea()
        scroll.setObjectName(f"{name}_scroll")
        # No Tab stop of its own (an unnamed one between Close and the first field): it
        # scrolls to the field in focus, as the Users dialog's does.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        self.scroll_area = scroll
        # The form follows the focus: Tab scrolls by itself, an Alt key or a click on a
        # label does not (at double scaling the officer typed into a field out of sight).
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)
        self.blocked_reason = ""  # why Next is unavailable, every problem in full
        # The last answer isComplete gave (QWizard's buttons were set by it); None: none yet.
        self.complete_told: bool | None = None
        self.blocked_label = QLabel()
        self.blocked_label.setObjectName(f"{name}_blocked")
        self.blocked_label.setWordWrap(True)
        self.blocked_label.setTextFormat(Qt.TextFormat.PlainText)  # quotes what was typed
        palette_styled(self.blocked_label, "problem")
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.blocked_label)

    def add(self, field: Field, visible_when: Callable[[dict[str, Any]], bool] | None = None
            ) -> Field:
        field.visible_when = visible_when
        label = field.label.replace("&", "&&") + (" *" if field.required else "")
        focus = field.alt_key_target()
        # Alt+letter moves to the field; a group of boxes takes its letter after the
        # fields that are typed in (give_boxes_alt_keys), which keep the ones they had.
        if field.focus_widget() is not None:
            label = with_alt_key(label, self.alt_keys_taken)
        self.form.addRow(label, field.container)
        buddy = self.form.labelForField(field.container)
        if isinstance(buddy, QLabel):
            # One line: wrapped labels get clipped in a form.
            buddy.setBuddy(focus if focus is not None else field.widget)
            # A label is as wide as its text's advance, which leaves out a last glyph's
            # overhang: at 200 % the tail of "technology"'s y was cut off.
            buddy.setContentsMargins(0, 0, 2, 0)
        self.fields.append(field)
        self.intake.register(field, self)
        return field

    def give_boxes_alt_keys(self) -> None:
        """Once every field typed in has its Alt key: a group of boxes one for its label
        (to its first box, ticking nothing), then the fields' own boxes ("None of these",
        "None") one each, from the letters left (Alt+letter ticks a box, as in any
        dialog). Where no letter of a name is free it has none; Tab reaches it."""
        groups = [f for f in self.fields
                  if f.focus_widget() is None and f.alt_key_target() is not None]
        for field in groups:
            label = self.form.labelForField(field.container)
            if isinstance(label, QLabel):
                label.setText(with_alt_key(label.text(), self.alt_keys_taken))
        for field in self.fields:
            for box in field.boxes_with_alt_keys():
                box.setText(with_alt_key(box.text().replace("&", "&&"), self.alt_keys_taken))

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        inner = self.scroll_area.widget()
        if new is not None and inner is not None and inner.isAncestorOf(new):
            self.scroll_area.ensureWidgetVisible(new)

    def keep_message_in_sight(self, field: Field) -> None:
        """The field being typed in and the message under it, in view: at double scaling
        the form scrolls, and a message that appeared under the last field in sight was
        below the edge (the officer typed on without seeing why Next went grey). Only for
        the field with the focus, so a cross-field word elsewhere never moves the form."""
        focus = QApplication.focusWidget()
        if focus is None or not field.container.isAncestorOf(focus):
            return
        if not (field.error_label.isVisible() or field.note_label.isVisible()):
            return
        # After the form has laid the new message out: until then it has no height.
        QTimer.singleShot(0, self.scroll_area,
                          lambda: self.scroll_area.ensureWidgetVisible(field.container, 0, 4))

    def field_at_path(self, path: Path_) -> Field:
        """The page's field bound to `path`."""
        return next(field for field in self.fields if field.path == path)

    def heading(self, text: str,
                visible_when: Callable[[dict[str, Any]], bool] | None = None) -> None:
        """A heading over the fields that follow; shown while `visible_when` holds (the
        fields it heads are asked)."""
        label = QLabel(f"<b>{text}</b>")
        label.setContentsMargins(0, 8, 0, 0)
        self.form.addRow(label)
        if visible_when is not None:
            self.headings.append((label, visible_when))

    def applicable_fields(self) -> list[Field]:
        return [f for f in self.fields if self.intake.field_applies(f)]

    def problems(self) -> list[tuple[Field, str]]:
        out = []
        for field in self.applicable_fields():
            problem = field.problem()
            if problem:
                out.append((field, problem))
        return out

    def isComplete(self) -> bool:
        self.complete_told = self._checked()
        return self.complete_told

    def _checked(self) -> bool:
        """Whether the page has no problem; writes why not under the form."""
        problems = self.problems()
        if problems:
            shown = "; ".join(f"{f.label}: {p}" for f, p in problems[:3])
            more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
            these = "these are" if len(problems) > 1 else "this is"
            # Edit facts' Save changes waits on the page's problems too (it saves from any page).
            buttons = "Next and Save changes are" if self.intake.mode == "edit" else "Next is"
            opening = f"{buttons} unavailable until {these} fixed — "
            # Said in full on the button's tooltip (a screen reader reads that).
            self.blocked_reason = opening + shown + more
            # Under the form the first in full, the others by name: each message stands
            # under its field already, and three in full took four lines of the form's
            # few at 200 % on a 1366×768 screen.
            first, problem = problems[0]
            others = [f.label for f, _ in problems[1:]]
            also = "" if not others else (
                f"; also {', '.join(others[:3])}"
                + (f" and {len(others) - 3} more" if len(others) > 3 else "")
                + " (the message is under each)")
            self.blocked_label.setText(f"{opening}{first.label}: {problem}{also}")
        else:
            self.blocked_reason = ""
            self.blocked_label.setText("")
        # Empty, it kept a line and its spacing under the form: at 200 % on a 1366×768
        # screen a tenth of the little room the form has.
        self.blocked_label.setVisible(bool(problems))
        return not problems

    def nextId(self) -> int:
        return self.intake.next_page_id(self.intake.page_ids[self.objectName()])


def no_tracks_text(determinations: Sequence[Determination]) -> str:
    """What Finish opens when no determination opens a filing track: nothing, and what
    blocks the deal all the same (a prohibition, a regime not decided)."""
    def regimes(outcome: str) -> list[str]:
        return [html.escape(d.regime) for d in determinations if d.outcome == outcome]

    said = []
    if prohibiting := regimes("prohibited"):
        verb = "prohibits" if len(prohibiting) == 1 else "prohibit"
        said.append(f"{' and '.join(prohibiting)} {verb} the transaction: nothing can be "
                    "filed, and the case is shown as blocked")
    if undecided := regimes("needs_info"):
        said.append(f"{' and '.join(undecided)} cannot be decided until the facts "
                    f"{'it asks' if len(undecided) == 1 else 'they ask'} for are given")
    if not said:
        return "<b>Finish opens no filing track:</b> no regime needs action on these facts."
    return "<b>Finish opens no filing track:</b> " + "; ".join(said) + "."


class ReviewPage(QWizardPage):
    """Everything entered, every problem left, and the live screening of the facts."""

    def __init__(self, wizard: IntakeWizard) -> None:
        super().__init__()
        self.intake = wizard
        self.setObjectName("reviewPage")
        self.setTitle("Review")
        # An open case's facts are saved, not finished: the page says what its button does.
        self.setSubTitle(self.EDIT_SUBTITLE if wizard.mode == "edit" else
                         "Check the facts and the screening. Finish opens the case with one "
                         "filing track for every regime that needs action.")
        self.problems_label = QLabel()
        self.problems_label.setObjectName("reviewProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.RichText)
        palette_styled(self.problems_label, "problem")
        self.problems_label.setVisible(False)  # shown with problems: no blank line above
        # Short: a box's text does not wrap, and at 200 % text the regime's name after it
        # made the screening column scroll sideways on a 1366-pixel screen.
        self.include_proposed = QCheckBox("Include reported / &proposed measures")
        self.include_proposed.setObjectName("includeProposed")
        self.include_proposed.setToolTip(
            "Screen with the measures reported or proposed but not yet in force too "
            "(CN-US-CAPITAL), as the Rulebook window can; a new case is screened as this "
            "box is set when you finish, and gets a track for each regime needing action")
        self.include_proposed.toggled.connect(lambda _on: self.refresh())
        self.screening_title = QLabel()
        self.screening_title.setWordWrap(True)  # the rulebook version is long
        self.determinations = DeterminationsView()
        self.summary = facts_browser("reviewSummary")
        self.reason_edit = text_field(
            QLineEdit, "editReason", "Reason for the change",
            "Why are the facts changing? (recorded in the audit trail)")
        self.reason_edit.textChanged.connect(lambda _t: self.completeChanged.emit())
        self.reason_label = QLabel("&Reason for the change *")  # Alt+R
        self.reason_label.setBuddy(self.reason_edit)
        # Values typed into fields that a later answer hid are not dropped unseen.
        self.left_out_label = QLabel()
        self.left_out_label.setObjectName("reviewLeftOut")
        self.left_out_label.setWordWrap(True)
        self.left_out_label.setVisible(False)
        # Lists asked for but unanswered: screening reads them as unknown (needs_info).
        self.not_stated_label = QLabel()
        self.not_stated_label.setObjectName("reviewNotStated")
        self.not_stated_label.setWordWrap(True)
        self.not_stated_label.setTextFormat(Qt.TextFormat.RichText)
        self.not_stated_label.setVisible(False)
        # Facts Finish does not ask for but a track's first step does (Commercial rationale
        # for the US notification): said here, not first on the Tracks tab after Finish.
        self.needed_later_label = QLabel()
        self.needed_later_label.setObjectName("reviewNeededLater")
        self.needed_later_label.setWordWrap(True)
        self.needed_later_label.setTextFormat(Qt.TextFormat.RichText)
        self.needed_later_label.setVisible(False)
        # Edit mode: the changes Save changes records, each as the Timeline will say it,
        # at the top of the summary (which scrolls: a long list takes no room from it).
        self.changes_html = ""
        self.unknown: set[Path_] = set()  # the yes/no questions answered Unknown
        # Edit mode: the facts are the case's (nothing changed, or changed and changed
        # back): no reason is asked for, and Save changes closes recording nothing.
        self.unchanged = False
        # Edit mode: the preview's outcomes that differ from the case's stored screening,
        # which Save changes leaves as it is (an outcome read here as already changed).
        self.stays_label = QLabel()
        self.stays_label.setObjectName("reviewScreeningStays")
        self.stays_label.setWordWrap(True)
        self.stays_label.setTextFormat(Qt.TextFormat.RichText)
        self.stays_label.setVisible(False)
        if wizard.mode == "edit":
            # The case's setting: ticked here it changed the preview and was saved nowhere.
            self.include_proposed.setEnabled(False)
            self.include_proposed.setToolTip(
                "As the case's screening was made. To change it, re-screen on the case's "
                "Screening tab, which has this box too")
        self.blocked_label = QLabel()
        self.blocked_label.setObjectName("reviewPage_blocked")
        self.blocked_label.setWordWrap(True)
        self.blocked_label.setTextFormat(Qt.TextFormat.PlainText)  # quotes what was typed
        palette_styled(self.blocked_label, "problem")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        # Inside its frame, the text a little off the edge, as the summary's is.
        right_layout.setContentsMargins(4, 2, 4, 2)
        self.screening_layout = right_layout
        right_layout.addWidget(self.screening_title)
        right_layout.addWidget(self.stays_label)
        right_layout.addWidget(self.include_proposed)
        right_layout.addWidget(self.determinations)
        right_layout.addStretch(1)
        scroll = named_scroll(right, "reviewScreening", "Screening")
        # Framed, as the summary is: a Tab stop (its arrow and page keys scroll it) whose
        # frame shows the focus; without one, the focus there was invisible.
        scroll.setFrameShape(QScrollArea.Shape.StyledPanel)
        # The screening wraps to the column, never scrolls sideways: the column is kept as
        # wide as its longest unbreakable word (a fact path in a reason), the facts summary
        # beside it, which wraps anything, taking what is left (200 % text, 1366 pixels).
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.screening_scroll = scroll

        self.columns = QWidget()
        self.columns.setObjectName("reviewColumns")
        columns = QHBoxLayout(self.columns)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addWidget(self.summary, 1)
        columns.addWidget(scroll, 1)
        # Too narrow for both side by side (200 % text on a small screen): a tab each, at
        # the page's full width, rather than a summary squeezed to broken words.
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reviewTabs")
        self.tabs.setVisible(False)
        self.tabbed = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.left_out_label)
        layout.addWidget(self.not_stated_label)
        layout.addWidget(self.needed_later_label)
        layout.addWidget(self.columns, 1)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.blocked_label)
        self.setFinalPage(True)

    def initializePage(self) -> None:
        self.refresh()

    EDIT_SUBTITLE = ("Check the facts and the screening, and give the reason for the change. "
                     "Save changes records them in the case's audit trail.")
    UNCHANGED_SUBTITLE = ("Check the facts and the screening. Nothing has changed: Save "
                          "changes closes the window and records nothing.")

    def _show_reason(self) -> None:
        if self.intake.mode != "edit":
            # A new case has no change to give a reason for: the box stood there, asked
            # for ("*"), took the focus on reaching Review and was recorded nowhere.
            self.reason_label.setVisible(False)
            self.reason_edit.setVisible(False)
            return
        self.reason_label.setVisible(not self.unchanged)
        self.reason_edit.setVisible(not self.unchanged)
        self.setSubTitle(self.UNCHANGED_SUBTITLE if self.unchanged else self.EDIT_SUBTITLE)

    def refresh(self) -> None:
        data = self.intake.collect()
        unanswered = self.intake.not_stated()
        asked = {f.path for f in unanswered}
        self.unknown = self.intake.answered_unknown()
        summary = facts_summary_html(data, asked, self.unknown)
        self.changes_html = ""
        self.unchanged = False
        self.summary.setHtml(summary)
        self.not_stated_label.setText(not_stated_text(
            [f.label.removesuffix(" (one per line)") for f in unanswered],
            any(".".join(f.path) in self.intake.lists_reset for f in unanswered)))
        self.not_stated_label.setVisible(bool(unanswered))
        left_out = self.intake.left_out()
        # A draft keeps them (outside the facts); an open case's edit only while open.
        kept = ("" if self.intake.mode == "edit" else
                " They stay with the draft and come back if you change the answer back.")
        self.left_out_label.setText(
            "Left out of the facts, as they no longer apply to the answers given: "
            + "; ".join(left_out) + "." + kept if left_out else "")
        self.left_out_label.setVisible(bool(left_out))
        facts, problems = self.intake.checked_facts(data)
        if facts is None:
            # In the officer's words ("Unified Social Credit Code (Target company)"), not
            # fact paths.
            items = "".join(f"<li>{html.escape(readable_paths(str(p)))}</li>"
                            for p in problems)
            before = "saving" if self.intake.mode == "edit" else "finishing"
            self.problems_label.setText(f"<b>Fix these before {before}:</b><ul>{items}</ul>")
            self.problems_label.setVisible(True)
            self.screening_title.setText("<b>Screening</b> — shown once the facts are complete.")
            self.determinations.set_determinations([])
            self._fit_screening()  # no reasons now: the width their words needed goes
            self._show_reason()
            self.completeChanged.emit()
            return
        self.problems_label.setText("")
        self.problems_label.setVisible(False)
        self.needed_later_label.setVisible(False)  # until the screening says which tracks
        if self.intake.original_facts is not None:
            changes = leaf_changes(self.intake.original_facts, facts.to_json_dict())
            self.unchanged = not changes
            self.changes_html = changes_text(self.intake.in_field_order(changes))
            self.summary.setHtml(self.changes_html + summary)
        self._show_reason()
        # Screening is pure and fast: the live preview runs on the GUI thread. It applies
        # the data folder's rulebook (an installed update, else the shipped one), as the
        # screening on finishing will.
        database = getattr(self.intake.runner, "db", None)
        try:
            book = rulebook_for(getattr(database, "data_dir", None))
            result = screen(facts, date.today(), self.include_proposed.isChecked(),
                            rulebook=book)
        except (RulebookError, CheckFailed, OSError) as exc:
            # A rulebook that cannot be read (an installed update's damaged files, or the
            # record of installed updates, CheckFailed): the
            # page says so where the screening stands; it was an "unexpected error" box
            # over a half-drawn page. Finish reports the same if it is still so.
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.screening_title.setText(
                "<b>Screening</b> — the preview could not run: the rulebook could not be "
                f"read ({html.escape(reason[:SHOWN_REASON_CHARS])})")
            self.determinations.set_determinations([])
            self._fit_screening()
            self.completeChanged.emit()
            return
        unverified = unverified_among(
            book, {r.rule for d in result.determinations for r in d.reasons})
        verify = f"<br>{verify_note_html(unverified)}" if unverified else ""
        self.screening_title.setText(
            f"<b>Screening</b> as of {result.as_of.isoformat()} (rulebook {result.rulebook})"
            + verify)
        self.determinations.set_determinations(result.determinations, unverified)
        self._say_what_stays(result.determinations)
        # The facts the screening asks for are shown "not stated" in the summary, as the
        # case's Overview shows them once it is finished (the two listed different facts).
        missing = {tuple(path.split(".")) for d in result.determinations for path in d.missing}
        if missing - asked:
            self.summary.setHtml(self.changes_html + facts_summary_html(
                data, asked | missing, self.unknown))
        needed = needed_later_text(facts_needed_by_tracks(
            facts.to_json_dict(), [(d.regime, d.outcome) for d in result.determinations]),
            editing=self.intake.mode == "edit")
        self.needed_later_label.setText(needed)
        self.needed_later_label.setVisible(bool(needed))
        self._fit_screening()
        self.completeChanged.emit()

    def _say_what_stays(self, determinations: Sequence[Determination]) -> None:
        """Edit mode: which outcomes of the preview differ from the case's screening, and
        that they change only by a re-screening accepted on the Screening tab."""
        stored = self.intake.stored_outcomes  # None: a new case, with no screening yet
        changed = [] if stored is None else [
            f"{html.escape(d.regime)}: {outcome_words(stored.get(d.regime))} → "
            f"{outcome_words(d.outcome)}"
            for d in determinations if stored.get(d.regime) != d.outcome]
        text = (
            "<b>The case keeps its screening until you re-screen:</b> "
            + "; ".join(changed) + ". Save changes saves the facts only; then Re-screen on "
            "the case's Screening tab and accept the new screening to change the outcomes "
            "and the tracks." if changed else "")
        if stored is None and not any(track_kind_for(d.regime, d.outcome)
                                      for d in determinations):
            # A new case: the subtitle's "one filing track for every regime that needs
            # action" read as work to come beside a prohibition, which opens none.
            text = no_tracks_text(determinations)
        self.stays_label.setText(text)
        self.stays_label.setVisible(bool(text))

    def _fit_screening(self) -> None:
        """The screening column at least as wide as the widest of its lines that cannot
        wrap, so that no reason is cut off at its right edge."""
        parts: list[QWidget] = [self.screening_title, self.include_proposed,
                                *self.determinations.labels]
        widest = max(part.minimumSizeHint().width() for part in parts)
        scroll_bar = self.screening_scroll.verticalScrollBar().sizeHint().width()
        margins = self.screening_layout.contentsMargins()
        frame = 2 * self.screening_scroll.frameWidth() + margins.left() + margins.right()
        self.screening_scroll.setMinimumWidth(widest + scroll_bar + 2 + frame)
        self._arrange()
        if self.tabbed:
            self.tabs.setTabText(1, self.screening_tab_text())

    # Narrower than this the facts summary breaks its labels inside words.
    SUMMARY_MIN_CHARACTERS = 40

    def _arrange(self) -> None:
        """The summary and the screening side by side when both fit at their minimum
        widths, else one tab each."""
        summary_min = self.summary.fontMetrics().averageCharWidth() * self.SUMMARY_MIN_CHARACTERS
        columns = self.columns.layout()
        assert isinstance(columns, QHBoxLayout)
        spacing = max(columns.spacing(), 0)
        fits = self.width() >= summary_min + self.screening_scroll.minimumWidth() + spacing
        if fits != self.tabbed:
            return
        focused = QApplication.focusWidget()
        if fits:
            self.tabs.clear()  # the pages stay, moved back beside each other
            columns.addWidget(self.summary, 1)
            columns.addWidget(self.screening_scroll, 1)
            self.summary.show()
            self.screening_scroll.show()
        else:
            self.tabs.addTab(self.summary, "F&acts")
            self.tabs.addTab(self.screening_scroll, self.screening_tab_text())
        self.columns.setVisible(fits)
        self.tabs.setVisible(not fits)
        self.tabbed = not fits
        if focused is not None and focused.isVisible():
            focused.setFocus()

    def screening_tab_text(self) -> str:
        """The Screening tab says how many regimes need action, so that the outcome is
        not missed behind the Facts tab."""
        acting = sum(outcome in ACTION_OUTCOMES
                     for outcome in self.determinations.outcomes().values())
        needs = "needs" if acting == 1 else "need"
        return f"Scr&eening ({acting} {needs} action)" if acting else "Scr&eening"

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def isComplete(self) -> bool:
        editing = (not self.problems_label.text() and self.intake.mode == "edit"
                   and not self.unchanged)
        reason = self.reason_edit.text().strip()
        missing_reason = editing and not reason
        # The audit trail records the reason whole: a pasted page is refused, not cut.
        too_long = length_problem(reason, REASON_CHARS, "a reason",
                                  cut=len(self.reason_edit.text()) >= self.reason_edit.maxLength()
                                  ) if editing else None
        self.blocked_label.setText(
            "Save changes is unavailable until you give the reason for the change."
            if missing_reason else
            f"Save changes is unavailable: the reason {too_long}" if too_long else "")
        blocked = missing_reason or bool(too_long)
        self.blocked_label.setVisible(blocked)  # no blank line under the columns
        return not blocked and not self.problems_label.text()


CHANGES_SHOWN = 40  # an import can change every fact; the trail has them all anyway


def facts_needed_by_tracks(facts: dict[str, Any], outcomes: Sequence[tuple[str, str]]
                           ) -> list[tuple[str, str]]:
    """For each track the screening (regime, outcome) opens, what its Submit for internal
    review refuses for now, in the words the Tracks tab uses ("the case facts are
    incomplete: fill in Commercial rationale (Deal)."); tracks with nothing missing are
    left out. The same guards the step checks, run on the facts Finish will store."""
    context = GuardContext(actor="", roles=PREPARER, facts=facts, inputs_known=False)
    needed = []
    for regime, outcome in outcomes:
        kind = track_kind_for(regime, outcome)
        if kind is None:
            continue
        for transition in workflow(kind).transitions:
            if transition.name == "submit_for_review":
                problems = guard_problems(transition, context)
                if problems:
                    needed.append((kind, readable_paths(sentences(problems))))
    return needed


def needed_later_text(needed: Sequence[tuple[str, str]], *, editing: bool = False) -> str:
    """What the review page says of facts a track's first step will ask for (empty when
    none): Finish (Save changes, `editing`) does not need them, Submit for internal review
    does."""
    if not needed:
        return ""
    # Each guard's message is a sentence of its own ("… (Target company)."): joined with
    # "; ", its full stop went along ("….; CN-TECH-EXPORT: …").
    items = "; ".join(f"{html.escape(kind)}: {html.escape(problem.rstrip().rstrip('.'))}"
                      for kind, problem in needed)
    after = ("Save changes saves the facts all the same: fill in what is named now, or "
             "later with Edit facts… again." if editing else
             "Finish opens the case all the same: fill in what is named now, or later with "
             "Edit facts… in the case window.")
    return "<b>Needed before Submit for internal review:</b> " + items + ". " + after


def changes_text(changes: Sequence[tuple[str, Any, Any]]) -> str:
    """What the review page says Save changes will record: each changed fact by its name,
    old → new in the words the case's Timeline will show (AI model development, not
    ["ai_model_development"]; "not stated", not ∅), the first few; the count of the rest."""
    if not changes:
        return ("<p><b>No changes to save:</b> the facts are as the case has them. Go Back "
                "to change a field.</p>")
    items = "".join(f"<li>{html.escape(fact_label(path))}: "
                    f"{html.escape(fact_change_text(path, old, new))}</li>"
                    for path, old, new in changes[:CHANGES_SHOWN])
    more = (f"<li>… and {len(changes) - CHANGES_SHOWN} more</li>"
            if len(changes) > CHANGES_SHOWN else "")
    return f"<h3>Changes to be recorded ({len(changes)})</h3><ul>{items}{more}</ul>"


def not_stated_text(labels: Sequence[str], from_earlier_version: bool = False) -> str:
    """What the review page says of lists left unanswered (empty when there are none)."""
    if not labels:
        return ""
    names = "; ".join(html.escape(label) for label in labels)
    text = (f"<b>Not stated:</b> {names}. Screening treats these as unknown and asks for "
            "them; tick what applies, or “None of these” (“None” for a list typed line by "
            "line) if nothing does.")
    if from_earlier_version:
        text += (" This draft was saved by an earlier version, which recorded every list "
                 "left unticked as “none” without asking: confirm them.")
    return text


# The sections and names of the facts fields are data (resources/filings/labels.json
# `fields`), shared with the filings and the status report: one list of names.
SUMMARY_SECTIONS: tuple[tuple[str, tuple[tuple[Path_, str], ...]], ...] = tuple(
    (section.title[0], tuple((tuple(path.split(".")), label[0]) for path, label in section.fields))
    for section in field_sections())

# Fact paths as the officer sees them in the wizard and on the Overview tab, for the
# services' reasons ("fill in deal.commercial_rationale") and the review pack's field list:
# "label (section)", and the officer's own reference ("Your reference" in the wizard) that
# heads the summary rather than sitting in a section (in review mode it is the sender's).
FIELD_LABELS = {path: fact_label(path) for path in (
    *(".".join(p) for _, fields in SUMMARY_SECTIONS for p, _ in fields), "reference")}
# A key in brackets after its name ("Ultimate parent [investor.ultimate_parent]", as a
# filing's missing list gives it) is left as written: its name is already there.
_FACT_PATH = re.compile(r"(?<!\[)\b[a-z_]+(?:\.[a-z_]+)+\b(?!\])")
_ITEM_INDEX = re.compile(r"\[(\d+)\]")


def readable_paths(text: str) -> str:
    return _FACT_PATH.sub(lambda m: fact_label(m.group(0)), text)


def field_words(path: str, *, keys: bool = False) -> str:
    """A fact path by the wizard's name of its field ("Unified Social Credit Code (Target
    company)"); a key it does not know (an unknown field) stays as written. With `keys`,
    the key follows the name, to find it in an imported file."""
    words = readable_paths(path)
    if words != path:  # an item of a list by its place, counted from 1 ("…, item 1")
        words = _ITEM_INDEX.sub(lambda m: f", item {int(m[1]) + 1}", words)
    return f"{words} [{path}]" if keys and words != path else words


def in_words(exc: BaseException, *, keys: bool = False) -> BaseException:
    """An InputError with its problems' fields named as `field_words` names them."""
    if not isinstance(exc, InputError):
        return exc
    return InputError([Problem(field_words(p.path, keys=keys), p.message)
                       for p in exc.problems])



_CODES = frozenset((*ACTIVITIES, *SECURITY_SECTORS, *END_USES, *INVESTOR_KINDS, *INSTRUMENTS))


def _summary_value(value: Any, path: str | None = None) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        # Codes by their names; what the officer typed (a model, a catalogue item) as typed.
        return ", ".join(html.escape(label_for(v, path) if v in _CODES else str(v))
                         for v in value) or "none"
    if isinstance(value, dict) and "currency" in value:
        return f"{html.escape(str(value.get('currency')))} {_summary_value(value.get('value'))}"
    if isinstance(value, float) and abs(value) >= 1e15:
        return f"{value:.3g}"
    if isinstance(value, int | float):
        return f"{value:,}"
    if isinstance(value, str) and value in _CODES:
        return html.escape(label_for(value, path))
    return html.escape(str(value))


_COMPUTE_PATH = ("target", "ai", "max_training_compute_ops")
_PLACE_PATHS = frozenset({("target", "jurisdiction"), ("target", "headquarters"),
                          ("investor", "jurisdiction")})


def _shown_value(path: Path_, value: Any) -> str:
    # Compute is written as the screening reasons show it (6 × 10²³), so the two agree.
    if path == _COMPUTE_PATH and isinstance(value, int | float) and not isinstance(value, bool):
        return html.escape(prose(operations_text(value)))
    # A place by its name too (CH, Switzerland): a code typed for another is seen here.
    if path in _PLACE_PATHS and isinstance(value, str) and (name := known_place_name(value)):
        return f"{html.escape(value)} ({html.escape(name)})"
    return _summary_value(value, ".".join(path))


NOT_STATED = "not stated"
UNKNOWN_ANSWER = "unknown"  # a yes/no question answered Unknown (BoolField)
# Codes and dates kept on one line: at 150 % the review's narrow column broke the USCC
# after its 17th character ("91110000MA01ABCD1" / "M") and a date at its hyphen, read
# against a licence as a code a character short. The label beside it wraps instead.
_ONE_LINE_PATHS = frozenset({("target", "uscc"), ("investor", "lei"),
                             ("deal", "signing_date"), ("deal", "expected_completion_date")})
_ONE_LINE = " style='white-space: nowrap'"


def facts_browser(object_name: str) -> QTextBrowser:
    """The view of facts_summary_html: lines wrap at word boundaries only, so at 200 % on a
    laptop a narrow label column scrolls rather than breaking "organisation" into
    "organisatio" / "n" (Qt's text views otherwise break a word that does not fit)."""
    browser = QTextBrowser()
    browser.setObjectName(object_name)
    browser.setAccessibleName("Facts summary")
    browser.setWordWrapMode(QTextOption.WrapMode.WordWrap)
    return browser


def facts_summary_html(data: dict[str, Any], not_stated: Collection[Path_] = (),
                       unknown: Collection[Path_] = ()) -> str:
    """The facts as readable tables (the review page and the case view's Overview);
    `not_stated` are paths asked for but unanswered, shown as such rather than left out;
    `unknown` the yes/no questions answered Unknown (the review page listed only those
    answered Yes or No, so an Unknown read as a question never asked)."""
    parts: list[str] = []
    if data.get("reference"):
        name = html.escape(form_label("reference"))  # as the form asks for it
        parts.append(f"<p>{name}: <b>{html.escape(str(data['reference']))}</b></p>")
    for title, rows in SUMMARY_SECTIONS:
        shown = [(path, label, value_at(data, path)) for path, label in rows]
        # An empty list is a statement ("none") that screening relies on, so it is shown;
        # only unknown (absent) facts are left out.
        shown = [(path, label, value) for path, label, value in shown
                 if value is not None or path in not_stated or path in unknown]
        if not shown:
            continue
        parts.append(f"<h3>{title}</h3><table cellspacing='3'>")
        parts += [f"<tr><td>{html.escape(label)}</td><td{_ONE_LINE if path in _ONE_LINE_PATHS else ''}>"
                  f"<b>{_shown_value(path, value)}</b></td></tr>"
                  if value is not None else
                  f"<tr><td>{html.escape(label)}</td><td><i>"
                  f"{NOT_STATED if path in not_stated else UNKNOWN_ANSWER}</i></td></tr>"
                  for path, label, value in shown]
        parts.append("</table>")
    return "".join(parts) or "<p><i>Nothing entered yet.</i></p>"


# -- the wizard ------------------------------------------------------------------------
class IntakeWizard(QWizard):
    """Modes: "new" (a fresh draft), "draft" (reopened), "edit" (an open case's facts)."""

    case_saved = Signal(str)  # reference, after Finish has stored the case
    draft_saved = Signal(str)  # reference, after each successful draft save

    def __init__(
        self,
        runner: TaskRunner,
        actor: Actor,
        *,
        parent: QWidget | None = None,
        mode: str = "new",
        reference: str | None = None,
        data: dict[str, Any] | None = None,
        version: int | None = None,
        held: dict[str, Any] | None = None,
        lists_reset: Sequence[str] = (),
        saved_at: str | None = None,
        page: str = "",
        include_proposed: bool = False,
        stored_outcomes: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        # Edit mode: the outcomes of the case's screening, regime by regime (the Review
        # page says which of its preview's differ: Save changes does not apply them).
        self.stored_outcomes = stored_outcomes
        self.runner = runner
        self.tasks = runner.bound_to(self)  # results for a closed window are dropped
        self.actor = actor
        self.mode = mode
        self.reference = reference
        self.version = version
        self.fields: list[Field] = []
        self._field_pages: dict[Field, FactsPage] = {}
        self._raw_cache: dict[str, Any] | None = None
        # Each field's draft_value, read again only when that field says it changed: a
        # value is read from the field's own controls alone, and every change of them
        # ends in its `changed` (as _raw_cache already relied on).
        self._draft_values: dict[Field, Any] = {}
        self.page_ids: dict[str, int] = {}
        self._dirty = False
        # The facts, held values and page the draft was last saved with: a field changed
        # and changed back (or a text shown normalised) leaves nothing to save.
        self._last_saved: tuple[dict[str, Any], dict[str, Any], str, bool] | None = None
        # The page last shown: what a save queued as the wizard closes records (QWizard has
        # left every page by the time it runs).
        self._shown_page = ""
        self._saving = False
        self._save_again = False
        self._finishing = False
        # Set by "Make another case" when a case already holds these facts: the next
        # Finish makes the case without asking again.
        self._make_another = False
        self._finish_after_save = False  # Finish clicked while a draft save was under way
        self._discard_ok = False  # edit mode: the officer chose to close without saving
        self._resumed = False  # a reopened draft has gone back to its page
        self._resuming = False
        # The page a reopened draft was saved on (its object name; "" when not recorded).
        self._resume_page = page
        self._saved_at = saved_at  # when the draft was last stored (saved_when)
        self._keep_ai = False
        self._loading = False
        # Empty lists of a draft saved by an earlier version, reopened as not stated.
        self.lists_reset = tuple(lists_reset)
        # Edit mode: the case's facts as stored, to show what Save changes will record.
        self.original_facts = stored_facts(data) if mode == "edit" else None
        self.setObjectName("intakeWizard")
        self.setWindowTitle(self._title())
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton2, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        # Editing one fact of an open case meant Next on every page to reach Save changes:
        # it is on every page, and before Review it goes there, to the reason.
        self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages, mode == "edit")
        self.setButtonText(QWizard.WizardButton.CustomButton1, "&Import JSON…")
        self.setButtonText(QWizard.WizardButton.CustomButton2, "E&xport JSON…")
        self.setButtonText(QWizard.WizardButton.FinishButton,
                           "&Save changes" if mode == "edit" else "&Finish")
        if mode != "edit":  # closing is safe: the draft is kept
            self.setButtonText(QWizard.WizardButton.CancelButton, "&Close")
            self.button(QWizard.WizardButton.CancelButton).setToolTip(
                "Close the wizard; the draft is saved and reopens from the case list")
        else:  # Alt+C as every other button has its letter (C is kept free on every page)
            self.setButtonText(QWizard.WizardButton.CancelButton, "&Cancel")
        self.customButtonClicked.connect(self._custom_button)
        if mode != "edit":
            QShortcut(QKeySequence.StandardKey.Save, self, self.save_draft_now)
        install_context_help(self, "New case: the intake wizard")  # F1: the wizard's section
        self._build_pages()
        if mode == "edit":  # Save changes available (to Review) wherever the page is complete
            for page_id in self.pageIds():
                self.page(page_id).setFinalPage(True)
        inputs = [*self.findChildren(QLineEdit), *self.findChildren(QPlainTextEdit),
                  *self.findChildren(QComboBox)]
        # Enter or Alt+N (Next unavailable) goes to what is to fix; in a field, the
        # application's Alt key guard asks answer_unanswered_alt_key first.
        to_fix = _KeysToTheFieldToFix(self)
        for widget in (*inputs, *self.findChildren(QCheckBox)):
            widget.installEventFilter(to_fix)
        # Tab leaves the page's last field for the buttons as they stand, left to right
        # (QWizard's own order was Back, Close, Import, Export).
        order = [QWizard.WizardButton.CustomButton1, QWizard.WizardButton.CustomButton2,
                 QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                 QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton]
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(self.button(before), self.button(after))
        # The size and place the officer left it at (one for New case, a draft and Edit
        # facts), kept at this display scale only: a size kept at 100 % is not restored at
        # 200 %, where it opens at its first size fitted to the screen (resize_to_screen),
        # and a size larger than the screen is fitted to it. The Review page's columns or
        # tabs follow whatever width it opens at (ReviewPage._arrange).
        keep_geometry(self, kept_settings(parent), "intake_wizard/geometry", 920, 720)
        if data or held:
            self.load_data(data or {}, held=held)
        box = self.review_page.include_proposed
        box.setChecked(include_proposed)  # as the draft was saved
        # Part of the draft, as a field is: the next autosave (or page change) keeps it.
        box.toggled.connect(lambda _on: self._box_changed())
        if mode == "draft":  # as reopened: what the draft holds, read by the fields
            self._last_saved = (self.collect(draft=True), self.held_values(), page,
                                include_proposed)
        self.currentIdChanged.connect(self._page_changed)
        # After QWizard's own handlers (connected as the pages were added): the buttons'
        # state is settled when the reason is written onto them.
        self.currentIdChanged.connect(lambda _id: self._explain_next())
        for page_id in self.pageIds():
            self.page(page_id).completeChanged.connect(self._explain_next)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self._autosave_tick)
        if mode != "edit":
            self.autosave_timer.start()
            # Leaving a field saves the draft too: a crash loses at most the field being typed.
            app = QApplication.instance()
            if isinstance(app, QApplication):
                app.focusChanged.connect(self._focus_moved)
        self._refresh_fields()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.mode == "draft" and not self._resumed:
            self._resumed = True
            self._resuming = True
            try:
                self.go_to_first_unfinished_page()
            finally:
                self._resuming = False

    def go_to_first_unfinished_page(self) -> None:
        """A reopened draft continues where work was left: on the page it was closed on
        (Back still leads to the ones before), or at the first page with a problem before
        it; a draft that did not record its page, at the first page with a problem, else
        at Review. Paging through five finished pages to reach the one closed mid-way was
        the slow part; passing the page closed mid-way (its lists unanswered) to the next
        page with a problem left the officer on a page never seen."""
        page = self._forward_until(lambda p: p.objectName() == self._resume_page)
        if page is None or page is self.review_page:
            return
        if page.objectName() == self._resume_page:
            if isinstance(page, FactsPage):
                # The cursor in its first field to fix (it was in the first field, the
                # USCC typed wrong two rows below), else in its first field, drawn, as
                # Next leaves it.
                to_fix = [f for f, _problem in page.problems()]
                first = next((widget for f in [*to_fix, *page.fields]
                              if self.field_applies(f)
                              and (widget := f.focus_widget()) is not None), None)
                if first is not None:
                    first.setFocus(Qt.FocusReason.OtherFocusReason)
                    show_keyboard_focus(first)
        elif (not page.isComplete() and isinstance(page, FactsPage)
              and (problems := page.problems())):
            # The cursor in the first field to fix: typing can start at once.
            focus = problems[0][0].focus_widget()
            if focus is not None:
                focus.setFocus()

    def _forward_until(self, reached: Callable[[QWizardPage], bool]) -> QWizardPage | None:
        """Next, past the pages with nothing to fix, until the page `reached` names; the
        page it stops on: that one, Review, the first whose problem Next cannot pass, or
        the one Next would not leave."""
        while (page := self.currentPage()) is not None and page is not self.review_page:
            if reached(page) or not page.isComplete():
                return page
            before = self.currentId()
            self.next()
            if self.currentId() == before:
                return page
        return page

    def _title(self) -> str:
        if self.mode == "edit":
            return f"Edit facts — {self.reference}"
        if not self.reference:
            return "New case"
        # When the draft was last stored: the officer sees the autosave working.
        saved = f", saved {self._saved_at}" if self._saved_at else ""
        return f"New case — draft {self.reference}{saved}"

    def changeEvent(self, event: QEvent) -> None:
        # The system switched between light and dark: keep the error text readable.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            style = f"color: {error_colour()};"
            labels: list[QLabel] = [f.error_label for f in self.fields]
            labels += [self.review_page.problems_label, self.review_page.blocked_label]
            labels += [page.blocked_label for i in self.pageIds()
                       if isinstance(page := self.page(i), FactsPage)]
            for label in labels:
                label.setStyleSheet(style)
            for field in self.fields:
                if isinstance(field, CountryField):
                    field.place_label.setStyleSheet(f"color: {secondary_text_colour()};")
                field.note_label.setStyleSheet(f"color: {secondary_text_colour()};")
        super().changeEvent(event)

    # -- building ----------------------------------------------------------------------
    def register(self, field: Field, page: FactsPage) -> None:
        self.fields.append(field)
        self._field_pages[field] = page
        field.changed.connect(lambda: self._field_changed(field))

    def _page(self, page: QWizardPage) -> None:
        if isinstance(page, FactsPage):
            page.give_boxes_alt_keys()
        self.page_ids[page.objectName()] = self.addPage(page)

    @cached_property
    def _rulebook(self) -> Rulebook | None:
        """The data folder's rulebook, for the notes that name its figures (None where it
        cannot be read: the review page says why, and the wizard still opens)."""
        database = getattr(self.runner, "db", None)
        try:
            return rulebook_for(getattr(database, "data_dir", None))
        except (RulebookError, CheckFailed, OSError):
            return None

    @cached_property
    def control_at_least(self) -> float | None:
        """The stake (in %) the security review counts as control, from the rulebook in
        force today (None where it cannot be read)."""
        book = self._rulebook
        return None if book is None else control_stake_threshold(book, date.today())

    @cached_property
    def us_places(self) -> frozenset[str]:
        """The places whose investors are US persons by definition (the rulebook's, in force
        today; none where it cannot be read)."""
        book = self._rulebook
        return frozenset() if book is None else us_person_places(book, date.today())

    def _build_pages(self) -> None:
        def value(path: Path_) -> Callable[[dict[str, Any]], Any]:
            return lambda data: value_at(data, path)

        target = FactsPage(self, "Target company",
                           "The Chinese company receiving the investment.", "targetPage")
        # The app numbers the case itself (AP-2026-0001): an officer who typed her own
        # code here looked for it in vain as the case's name afterwards.
        target.add(OneLineField(("reference",), placeholder="optional; the case gets its own number (AP-…)",
                             hint="Your own reference for this deal (optional). The case "
                                  "gets the app's number (AP-…); yours is shown on its "
                                  "Overview and in its status report."))
        target.add(OneLineField(("target", "name_en"), required=True,
                                check=english_name_problem))
        target.add(OneLineField(("target", "name_zh"), check=chinese_name_problem))
        uscc = TextField(("target", "uscc"), check=uscc_problem,
                         normalise=lambda text: normalise_uscc(without_label(text, USCC_LABELS)),
                         problem_note=lambda problem: check_mismatch_note(
                             problem, "licence or registry record"),
                         placeholder="18 characters, e.g. 91110000…",
                         hint="GB 32100-2015; the last character is a check character. "
                              "Only an entity registered in mainland China has one: leave "
                              "it empty for a company organised elsewhere (Cayman, BVI, "
                              "Hong Kong…).")
        target.add(uscc, lambda data: organised_in_mainland(
            value_at(data, ("target", "jurisdiction"))))
        target.add(CountryField(("target", "jurisdiction")))
        target.add(CountryField(("target", "headquarters")))
        # A question only a regime asks that cannot reach a target organised and
        # headquartered where it is (Hong Kong) is not asked.
        target.add(BoolField(("target", "leading_tech_enterprise"),
                             hint="Named, or likely to be named, among the leading tech or AI "
                                  "enterprises (reported CN-US-CAPITAL measure)."),
                   self._within_reach("CN-US-CAPITAL"))
        self.activities_field = target.add(MultiChoiceField(("target", "activities"), ACTIVITIES))
        target.add(MultiChoiceField(("target", "security_sectors"), SECURITY_SECTORS,
                                    label_note="FISR Art. 4"), self._within_reach("CN-FISR"))
        target.heading("Turnover (RMB, previous financial year)")
        # (China, worldwide) of the target and of the investor's group: cross-checked.
        self.turnover_fields: list[tuple[Field, Field]] = []
        self.turnover_fields.append((
            target.add(NumberField(("target", "turnover_cny", "china"),
                                   max_digits=MONEY_DIGITS)),
            target.add(NumberField(("target", "turnover_cny", "worldwide"),
                                   max_digits=MONEY_DIGITS))))
        self._page(target)

        ai = FactsPage(self, "AI profile and model provenance",
                       "What the target's AI systems are, how they were trained and for what.",
                       "aiPage")
        ai.applies = self._ai_applies
        develops = self.develops_field = ai.add(BoolField(("target", "ai", "develops_ai_system")))
        not_no = lambda data: value_at(data, develops.path) is not False  # noqa: E731
        ai.add(NumberField(("target", "ai", "max_training_compute_ops"),
                           placeholder="e.g. 3e25", units=OPERATIONS, unlikely=compute_note,
                           hint="Integer or floating-point operations of the largest training "
                                "run of any AI system the target develops."), not_no)
        ai.add(BoolField(("target", "ai", "primarily_biological_sequence_data")), not_no)
        ai.add(MultiChoiceField(("target", "ai", "end_uses"), END_USES))
        distilled = ai.add(BoolField(
            ("target", "ai", "trained_on_us_model_outputs"),
            # The case window's and the filings' sentence (one source): "risk flag" said
            # once, the source it is assessed under named.
            hint=distillation_flag_sentence("outputs of US models used as training data",
                                            "")[0]))
        self.distilled_field = distilled
        self.us_models_field = ai.add(ListField(
            ("target", "ai", "us_models_used"), label_note="one per line",
            hint="Model and access route, e.g. 'GPT-4o via API'."),
            lambda data: value_at(data, distilled.path) is True)
        self._page(ai)

        # Not "the US investor": whether it is a US person is asked on this page (a
        # Singapore sovereign fund is one of the demo's investors).
        investor = FactsPage(self, "Investor", "The investor acquiring the interest, and its "
                             "group.", "investorPage")
        investor.add(OneLineField(("investor", "name"), required=True))
        # What only an entity has (filings.common.ENTITY_ONLY): not asked of a person.
        an_entity = lambda data: value_at(data, ("investor", "kind")) != "individual"  # noqa: E731
        investor.add(TextField(("investor", "lei"), check=lei_problem,
                               normalise=lambda text: normalise_lei(without_label(text, LEI_LABELS)),
                               problem_note=lambda problem: check_mismatch_note(
                                   problem, "LEI record"),
                               placeholder="20 characters",
                               hint="ISO 17442; the last two characters are check digits."),
                     an_entity)
        self.us_person_field = investor.add(BoolField(("investor", "us_person")))
        investor.add(ChoiceField(("investor", "kind"), INVESTOR_KINDS))
        self.investor_place_field = investor.add(CountryField(("investor", "jurisdiction")))
        investor.add(OneLineField(("investor", "ultimate_parent")), an_entity)
        # A natural person has no group: merger control counts the undertakings they control.
        investor.heading("Turnover of the investor's group (RMB)", an_entity)
        investor.heading("Turnover of the undertakings the investor controls (RMB)",
                         lambda data: not an_entity(data))
        self.turnover_fields.append((
            investor.add(NumberField(("investor", "turnover_cny", "china"),
                                     max_digits=MONEY_DIGITS)),
            investor.add(NumberField(("investor", "turnover_cny", "worldwide"),
                                     max_digits=MONEY_DIGITS))))
        self._page(investor)

        deal = FactsPage(self, "Deal terms", "What is acquired, for how much, and when.",
                         "dealPage")
        instrument = deal.add(ChoiceField(("deal", "instrument"), INSTRUMENTS,
                                          required=True, empty="Choose…"))
        deal.add(AmountField(("deal", "amount")))
        deal.add(NumberField(("deal", "lp_commitment_usd"),
                             max_digits=MONEY_DIGITS),
                 lambda data: value(instrument.path)(data) == "lp_interest")
        deal.add(NumberField(("deal", "stake_after_pct"), maximum=100, percent=True,
                             placeholder="0–100"))
        deal.add(NumberField(("deal", "board_seats"), integer=True, maximum=BOARD_SEATS_AT_MOST))
        deal.add(BoolField(("deal", "veto_rights")))
        at_least = self.control_at_least
        deal.add(BoolField(("deal", "acquires_control"),
                           hint="Your assessment of actual control" + (
                               f"; a stake of {number_text(at_least, percent=True)} % or "
                               "more is control whatever this says." if at_least is not None
                               else ".")))
        self.stake_field = deal.field_at_path(("deal", "stake_after_pct"))
        self.control_field = deal.field_at_path(("deal", "acquires_control"))
        self.signing_field = deal.add(DateField(("deal", "signing_date")))
        self.completion_field = deal.add(DateField(("deal", "expected_completion_date")))
        deal.add(LongTextField(("deal", "commercial_rationale")))
        self._page(deal)

        transfer = FactsPage(self, "Technology transfer and data export",
                             "Technology licensed or transferred to the investor, and data the "
                             "target provides abroad.", "transferPage")
        exported = self._within_reach("CN-TECH-EXPORT")
        transfers = transfer.add(BoolField(("deal", "technology_transfer", "transfers")), exported)
        is_transfer = lambda data: exported(data) and value_at(data, transfers.path) is True  # noqa: E731
        for key in ("restricted_catalogue_items", "prohibited_catalogue_items"):
            items = ListField(("deal", "technology_transfer", key), label_note="one per line",
                              hint=CATALOGUE_ITEMS_HINT)
            # The Chinese application prints an item as typed: in English only, it stood
            # untranslated in the Chinese text.
            assert isinstance(items.widget, QPlainTextEdit)
            items.widget.setPlaceholderText(CATALOGUE_ITEMS_PLACEHOLDER)
            transfer.add(items, is_transfer)
        data_export = self._within_reach("CN-DATA-EXPORT")
        # Shown while a field under it is: answers a Hong Kong case came with stay shown.
        export_fields: list[Field] = []
        transfer.heading("Data export (cumulative, this deal included)", lambda data: any(
            self.field_applies(f, data) for f in export_fields))
        export_fields += [
            transfer.add(BoolField(("deal", "data_export", "cii_operator")), data_export),
            transfer.add(BoolField(("deal", "data_export", "important_data")), data_export)]
        # The counts include one another (domain.consistency.PI_COUNTS, in this order).
        self.pi_count_fields: list[Field] = []
        for key in PI_COUNTS:
            # "PI" was explained nowhere on the page. Order 16 (this year's fields) counts
            # non-sensitive and sensitive PI apart; Order 11 (last year's) counts all PI.
            what = {
                "pi_subjects_current_year":
                    "individuals whose non-sensitive personal information (不含敏感个人信息) "
                    "is provided abroad since 1 January this year, as Order 16 counts it; "
                    "individuals whose sensitive personal information is provided abroad "
                    "are counted in the next field",
                "sensitive_pi_subjects_current_year":
                    "individuals whose sensitive personal information is provided abroad "
                    "since 1 January this year (Order 16)",
                "pi_subjects_since_previous_year":
                    "individuals whose personal information of any kind, sensitive included, "
                    "is provided abroad since 1 January last year, as Order 11 counts it "
                    "(screenings dated before 2024-03-22)",
                "sensitive_pi_subjects_since_previous_year":
                    "individuals whose sensitive personal information is provided abroad "
                    "since 1 January last year (Order 11)",
                "pi_subjects_processed":
                    "individuals whose personal information the target processes in all",
            }[key]
            count = NumberField(("deal", "data_export", key), integer=True,
                                max_digits=MONEY_DIGITS, units=PEOPLE, unlikely=people_note,
                                hint=f"PI: personal information. The number of {what}.")
            self.pi_count_fields.append(count)
            export_fields.append(transfer.add(count, data_export))
        self._page(transfer)

        self.review_page = ReviewPage(self)
        self._page(self.review_page)

    # -- visibility and validation ---------------------------------------------------------
    def _within_reach(self, regime: str) -> Callable[[dict[str, Any]], bool]:
        """Whether `regime` (of the rulebook in force today) can reach the target where the
        answers place it; while a place is unknown, it can."""
        def within(data: dict[str, Any]) -> bool:
            book = self._rulebook
            return book is None or regime not in regimes_out_of_reach(
                book, date.today(), value_at(data, ("target", "jurisdiction")),
                value_at(data, ("target", "headquarters")))
        return within

    def _ai_applies(self, data: dict[str, Any]) -> bool:
        activities = value_at(data, ("target", "activities"))
        # Activities unknown: AI may apply, and screening then asks for the AI facts.
        return self._keep_ai or activities is None or bool(AI_ACTIVITIES.intersection(activities))

    def _page_of(self, field: Field) -> FactsPage | None:
        return self._field_pages.get(field)

    def field_applies(self, field: Field, data: dict[str, Any] | None = None) -> bool:
        data = self.raw_values() if data is None else data
        page = self._page_of(field)
        if page is not None and not page.applies(data):
            return False
        return field.visible_when is None or field.kept_from_load or field.visible_when(data)

    def raw_values(self) -> dict[str, Any]:
        """Every field's current value, applicable or not (for visibility predicates).
        Cached until a field changes: every page asks for it on every keystroke. Then only
        that field is read again (parsing all ~45 took a third of a keystroke)."""
        if self._raw_cache is None:
            data: dict[str, Any] = {}
            for field in self.fields:
                value = self._draft_values.get(field, _NOT_READ)
                if value is _NOT_READ:
                    value = self._draft_values[field] = field.draft_value()
                if value is not _MISSING:
                    set_path(data, field.path, value)
            self._raw_cache = data
        return self._raw_cache

    def _field_changed(self, field: Field) -> None:
        self._raw_cache = None
        self._draft_values.pop(field, None)
        if self._loading:
            return
        self._dirty = True
        if field.kept_from_load and field.is_empty():
            field.kept_from_load = False  # cleared by the officer: hidden like the others
        field.show_problem(touched_only=False)
        self._refresh_fields()
        page = self._page_of(field)
        if page is not None:
            page.keep_message_in_sight(field)

    def _refresh_fields(self) -> None:
        data = self.raw_values()
        self._cross_checks(data)
        facts_pages = [page for page in map(self.page, self.pageIds())
                       if isinstance(page, FactsPage)]
        for page in facts_pages:
            rows = [(field.container, self.field_applies(field, data)) for field in page.fields]
            rows += [(label, bool(shows(data))) for label, shows in page.headings]
            for row, shown in rows:
                # Only a row whose answer turned: a keystroke changes one or two at most,
                # and the form was told of all ~90 again at every keystroke.
                if page.form.isRowVisible(row) != shown:
                    page.form.setRowVisible(row, shown)
        # One completeChanged, not one per page: its listeners (QWizard's buttons and
        # _explain_next) read the current page only, so each page's signal re-checked
        # every field of that one page again, ten times a keystroke.
        if not facts_pages:
            return
        current = self.currentPage()
        if current not in facts_pages:
            facts_pages[0].completeChanged.emit()
            return
        # And only when the page's answer turned: QWizard answers each completeChanged by
        # hiding and showing the whole page (its anti-flicker widget) to set the buttons,
        # which laid out and painted every control of the page again at every keystroke
        # (~8 ms of a keystroke's ~10). The line under the form and the buttons' tooltips
        # follow every keystroke all the same.
        told = current.complete_told
        if current.isComplete() != told:
            current.completeChanged.emit()
        else:
            self._explain_next()

    def _cross_checks(self, data: dict[str, Any]) -> None:
        # Parsed values only: a draft keeps a mistyped date or figure as text, which
        # compares as junk.
        del data

        def parsed(field: Field) -> Any:
            try:
                return field.parse()
            except FieldError:
                return None

        # The conflicts of domain.consistency (case import says the same as warnings), read
        # from the fields it compares; each shown at its field or cleared there.
        compared = [self.signing_field, self.completion_field, self.distilled_field,
                    *(f for pair in self.turnover_fields for f in pair)]
        if self.field_applies(self.us_models_field):
            compared.append(self.us_models_field)
        compared += [f for f in self.pi_count_fields if self.field_applies(f)]
        values: dict[str, Any] = {}
        for field in compared:
            set_path(values, field.path, parsed(field))
        found = {p.path: p.message for p in fact_conflicts(values)}
        if MODELS in found:  # in the wizard's words: the list's "None" tick
            found[MODELS] = ("None, yet the target trained on outputs of US-origin models: "
                             "name the models, one per line, or untick None when they are "
                             "not known")
        for field in (self.completion_field, self.us_models_field,
                      *(worldwide for _china, worldwide in self.turnover_fields),
                      *self.pi_count_fields[1:]):  # the first is never the later of two
            self._set_cross_problem(field, found.get(".".join(field.path)))
        # "Acquires control: No" beside a stake of 50 % or more (the rulebook's figure in
        # force today, `control_at_least`): screening counts such a
        # stake as control whatever the answer says (the hint said so, on hover only).
        stake, control = parsed(self.stake_field), parsed(self.control_field)
        note = None
        at_least = self.control_at_least
        if control is False and stake_is_control(stake, at_least):
            note = (f"a stake of {number_text(stake, percent=True)} % is control whatever "
                    "this says: screening counts it as control")
        self._set_cross_note(self.control_field, note)
        # Answers the screening contradicts (its reasons said so, on the Review page only):
        # "US person: No" for an investor of the United States, and "develops no AI
        # system" for a target whose activities include developing AI models.
        place = parsed(self.investor_place_field)
        named = place_name(place) if isinstance(place, str) else ""
        where = f"{named} ({place})" if named and named != place else f"{place}"
        self._set_cross_note(self.us_person_field, (
            f"an investor organised in {where} is a US person whatever this says: screening "
            "counts it as one" if parsed(self.us_person_field) is False
            and place in self.us_places else None))
        activities = parsed(self.activities_field) or ()
        self._set_cross_note(self.develops_field, (
            "the target's activities include AI model development: check this answer, or "
            "that activity on the Target company page" if self.field_applies(self.develops_field)
            and parsed(self.develops_field) is False and "ai_model_development" in activities
            else None))

    @staticmethod
    def _set_cross_note(field: Field, note: str | None) -> None:
        if note != field.extra_note:
            field.extra_note = note
            field.show_problem(touched_only=False)

    @staticmethod
    def _set_cross_problem(field: Field, problem: str | None) -> None:
        if problem != field.extra_problem:
            field.extra_problem = problem
            field.show_problem(touched_only=False)

    def next_page_id(self, current: int) -> int:
        data = self.raw_values()
        ids = self.pageIds()
        for page_id in ids[ids.index(current) + 1:]:
            page = self.page(page_id)
            # A page none of whose questions is asked is passed over (a Hong Kong target's
            # technology export and data export).
            if not isinstance(page, FactsPage) or (
                    page.applies(data) and any(self.field_applies(f, data) for f in page.fields)):
                return page_id
        return -1

    # -- the facts dict ---------------------------------------------------------------------
    def collect(self, *, draft: bool = False) -> dict[str, Any]:
        """The facts as JSON: applicable fields only; empty values left out."""
        data: dict[str, Any] = {"schema_version": 1}
        raw = self.raw_values()
        for field in self.fields:
            if not self.field_applies(field, raw):
                # An empty list that came with the facts ("none") is kept: saving
                # changes nothing by itself, and an empty list carries nothing stale.
                if getattr(field, "kept_when_hidden", False):
                    set_path(data, field.path, [])
                continue
            if draft:
                value = field.draft_value()
            else:
                try:
                    value = field.parse()
                except FieldError:
                    # What was typed, so the whole-document check names the problem
                    # rather than the bad value being left out unseen.
                    value = field.text() if isinstance(field, TextField) else field.draft_value()
            if value is _MISSING or value is None:
                continue
            set_path(data, field.path, value)
        for section in ("target", "investor", "deal"):
            data.setdefault(section, {})
        return data

    def left_out(self) -> list[str]:
        """The fields holding a value that are left out because they do not apply."""
        raw = self.raw_values()
        return [field.label for field in self.fields
                if not self.field_applies(field, raw)
                and not getattr(field, "kept_when_hidden", False)
                and field.draft_value() not in (None, [], "", _MISSING)]

    def held_values(self) -> dict[str, Any]:
        """What the fields left out because they do not apply hold (by dotted path): the
        draft keeps them beside the facts, so an answer changed back brings them back."""
        raw = self.raw_values()
        held: dict[str, Any] = {}
        for field in self.fields:
            if self.field_applies(field, raw) or getattr(field, "kept_when_hidden", False):
                continue
            value = field.draft_value()
            # [] is kept: "None of these" ticked is an answer like any other.
            if value is _MISSING or value is None or value == "":
                continue
            held[".".join(field.path)] = value
        return held

    def answered_unknown(self) -> set[Path_]:
        """The yes/no questions asked (their fields apply) and answered Unknown."""
        raw = self.raw_values()
        return {field.path for field in self.fields
                if isinstance(field, BoolField) and self.field_applies(field, raw)
                and field.parse() is None}

    def not_stated(self) -> list[Field]:
        """The lists asked for and not answered (neither items nor "None"): unknown."""
        raw = self.raw_values()
        return [field for field in self.fields
                if isinstance(field, MultiChoiceField | ListField)
                and self.field_applies(field, raw) and field.draft_value() is None]

    def load_data(self, data: dict[str, Any], *, held: dict[str, Any] | None = None) -> None:
        """Put (possibly partial) facts into the fields; `held` are a draft's values of
        fields that were hidden, put back without making them apply."""
        self._loading = True
        try:
            ai = value_at(data, ("target", "ai"))
            activities = value_at(data, ("target", "activities"))
            activities = activities if isinstance(activities, list) else []
            # Keep an AI profile that came with the facts even without an AI activity,
            # so editing never drops facts silently.
            self._keep_ai = isinstance(ai, dict) and any(
                v not in (None, []) for v in ai.values()
            ) and not AI_ACTIVITIES.intersection(activities)
            for field in self.fields:
                field.set_value(value_at(data, field.path))
                field.kept_from_load = False
            raw = self.raw_values()
            for field in self.fields:
                field.kept_from_load = (
                    field.visible_when is not None and not field.visible_when(raw)
                    and not field.is_empty())
            # After kept_from_load: a held value stays hidden until its condition holds.
            by_path = {".".join(field.path): field for field in self.fields}
            for dotted, value in (held or {}).items():
                held_field = by_path.get(dotted)
                if held_field is not None and value_at(data, held_field.path) is None:
                    held_field.set_value(value)
                    # Held, not loaded: a "None" held stays out of the facts while hidden.
                    if hasattr(held_field, "kept_when_hidden"):
                        held_field.kept_when_hidden = False
        finally:
            self._loading = False
        for field in self.fields:
            field.show_problem(touched_only=True)
        self._refresh_fields()

    def problems(self) -> list[str]:
        return [str(p) for p in self.checked_facts(self.collect())[1]]

    def checked_facts(self, data: dict[str, Any]) -> tuple[Facts | None, list[Problem]]:
        """`data` (the collected facts) as a case's facts, or None, with what stops it: the
        facts' own problems, then each field that applies whose text does not read. A place
        typed as "Korea" is text the facts file format accepts, so only its field refused
        it: the Review page and Export JSON… counted it nowhere."""
        facts: Facts | None
        try:
            facts, found = parse_facts(data), []
        except InputError as exc:
            facts, found = None, list(exc.problems)
        said = {p.path for p in found}
        raw = self.raw_values()
        found += [Problem(path, issue) for field in self.fields
                  if (path := ".".join(field.path)) not in said
                  and self.field_applies(field, raw)
                  and (issue := field.parse_problem()) is not None]
        return (facts if not found else None), found

    def _explain_next(self) -> None:
        """A greyed-out Next or Finish says why on hover, as the page says under its fields
        (a screen reader reads the tooltip of the focused button, not the page's text)."""
        page = self.currentPage()
        if page is None:
            return
        why = (page.blocked_reason if isinstance(page, FactsPage) else
               page.blocked_label.text() if hasattr(page, "blocked_label") else "")
        if page is self.review_page and self.review_page.problems_label.text():
            finish = self.buttonText(QWizard.WizardButton.FinishButton).replace("&", "")
            why = f"{finish} is unavailable until the problems listed at the top are fixed."
        if self._finishing:
            why = "Saving the case…"
        for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton):
            button = self.button(which)
            button.setToolTip("" if button.isEnabled() else why)
        save = self.button(QWizard.WizardButton.FinishButton)
        if self.mode == "edit" and page is not self.review_page and save.isEnabled():
            save.setToolTip("To Review: check the changes, give the reason, save")
        elif self.mode == "edit" and self.review_page.unchanged and save.isEnabled():
            save.setToolTip("Nothing has changed: closes the window and records nothing")

    # -- drafts ----------------------------------------------------------------------------
    def _page_changed(self, page_id: int) -> None:
        # The page is part of the draft: closing after Next reopens on the page reached.
        # Not the wizard's own moves: to its first page as a reopened draft is shown
        # (before it goes back to its page), and to none (-1) as it closes.
        moved = (page_id != -1 and self.reference is not None
                 and self._last_saved is not None and self._last_saved[2] != self._page_name()
                 and (self.mode != "draft" or self._resumed) and not self._resuming)
        if self.mode != "edit" and (self._dirty or moved):
            self.save_draft_now()
        page = self.page(page_id)
        if page is not None:
            self._shown_page = page.objectName()
        if isinstance(page, FactsPage):
            for field in page.fields:
                field.show_problem(touched_only=True)
        if page is not None:
            self._land_on(page)

    def _land_on(self, page: QWizardPage) -> None:
        """The cursor's place on a page just shown, and a visible one. QWizard puts it in
        the page's first field with a plain setFocus, which (Qt 6) hides the focus frame
        of a box, a tick box or a button until Tab is pressed: after Alt+N the officer
        could not see which control took the keys. On Review of an edit, the reason for
        the change (the one thing left to type) rather than the first tick box there."""
        if page is self.review_page and self.review_page.reason_edit.isVisibleTo(page):
            self.review_page.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        focused = QApplication.focusWidget()
        own = self.focusWidget()  # this window's, also while another window is active
        if own is None or not own.isVisible():
            # Alt+N or Enter from the last field of a page: the field went with its page
            # and nothing had the keys on Review (a new case's has no reason to type):
            # Tab started nowhere visible. The page's first control takes them.
            first = next((w for w in page.findChildren(QWidget)
                          if w.isVisible() and w.isEnabled()
                          and w.focusPolicy() & Qt.FocusPolicy.TabFocus), None)
            if first is not None:
                first.setFocus(Qt.FocusReason.TabFocusReason)
                focused = first
        if focused is not None and page.isAncestorOf(focused):
            show_keyboard_focus(focused)

    def _focus_moved(self, old: QWidget | None, _new: QWidget | None) -> None:
        if self._dirty and old is not None and self.isAncestorOf(old):
            self.save_draft_now()

    def _box_changed(self) -> None:
        if self.mode != "edit":
            self._dirty = True

    def _autosave_tick(self) -> None:
        if self._dirty:
            self.save_draft_now()

    def field_at(self, path: str) -> Field | None:
        """The field of a dotted facts path (deal.amount.value: the Amount field; an item
        of a list, target.activities[1]: the list's), None for a path it does not know."""
        by_path = {".".join(field.path): field for field in self.fields}
        path = path.split("[")[0]
        while path and path not in by_path:
            path = path.rpartition(".")[0]
        return by_path.get(path)

    def in_field_order(self, changes: Sequence[tuple[str, Any, Any]]
                       ) -> list[tuple[str, Any, Any]]:
        """Changes of the facts in the order of the wizard's pages and fields (they came
        sorted by path: the deal's before the target's), what it does not know last."""
        order = {field: i for i, field in enumerate(self.fields)}
        return sorted(changes, key=lambda c: order.get(self.field_at(c[0]), len(order)))  # type: ignore[arg-type]

    def go_to_review(self) -> None:
        """On to Review past the pages with nothing to fix; at the first page with a
        problem, the cursor in its field to fix."""
        page = self._forward_until(lambda _page: False)
        if page is not None and page is not self.review_page and not page.isComplete():
            self.go_to_field_to_fix()

    def go_to_imported_problem(self, outcomes: Sequence[Problem]) -> None:
        """To the page and field of the first problem an import reported, past the pages
        before it with nothing to fix (at one with a problem, its field to fix: Next
        cannot pass it); with none reported, the first field to fix on page 1. A draft's
        saved page gives way: the officer is where the report points, not where the
        draft was closed."""
        self._resumed = True  # a draft shown after this keeps the page chosen here
        raw = self.raw_values()
        target = next((field for p in outcomes
                       if (field := self.field_at(p.path)) is not None
                       and self._page_of(field) is not None
                       and self.field_applies(field, raw)), None)
        if target is None:
            self.go_to_field_to_fix()
            return
        page_of_target = self._page_of(target)
        page = self._forward_until(lambda p: p is page_of_target)
        if page is not page_of_target:
            if page is None or page is self.review_page or not page.isComplete():
                self.go_to_field_to_fix()
            return
        if target.problem() is not None:
            target.show_problem(touched_only=False)
        focus = target.focus_widget() or target.widget
        focus.setFocus(Qt.FocusReason.OtherFocusReason)
        show_keyboard_focus(focus)

    def go_to_fact(self, path: str) -> None:
        """To the page of the field at the dotted facts `path`, past the pages before it,
        with the cursor in that field: the case window's "Fill in …" for a step that waits
        on the fact (Edit facts… opened on page 1, and the officer paged to it)."""
        self.go_to_imported_problem([Problem(path, "")])

    def answer_unanswered_alt_key(self, key: Qt.Key) -> None:
        """Alt+N in a field while Next is unavailable (the application's guard kept its
        letter out of the field): to the field to fix, as from a check box."""
        if key == Qt.Key.Key_N:
            self.go_to_field_to_fix()

    def go_to_field_to_fix(self) -> bool:
        """With Next unavailable, the cursor into the page's first field with a problem,
        its message shown (a required field not yet reached says so now); whether there
        was one. The page named the problem, but from the keyboard only Tab after Tab
        (or its Alt key, if the officer spotted it) led to the field."""
        page = self.currentPage()
        if not isinstance(page, FactsPage) or self.button(
                QWizard.WizardButton.NextButton).isEnabled():
            return False
        problems = page.problems()
        if not problems:
            return False
        field = problems[0][0]
        field.show_problem(touched_only=False)
        target = field.focus_widget() or field.widget
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        show_keyboard_focus(target)
        return True

    def _page_name(self) -> str:
        page = self.currentPage()
        return page.objectName() if page is not None else self._shown_page

    @property
    def saving(self) -> bool:
        """A draft save is under way (or queued behind one)."""
        return self._saving

    def save_draft_now(self) -> None:
        """Save the current state as the draft; a save during a save runs after it."""
        if self.mode == "edit" or self._finishing:
            return
        if self._saving:
            self._save_again = True
            return
        self._dirty = False
        if self.reference is None and all(field.is_empty() for field in self.fields):
            # A character typed and deleted again is nothing to keep: no draft, no event,
            # no reference used up, no blank row in the case list.
            return
        data = self.collect(draft=True)
        held = self.held_values()
        page = self._page_name()
        include = self.review_page.include_proposed.isChecked()
        if self.reference is not None and self._last_saved == (data, held, page, include):
            return
        self._saving = True
        actor, reference, version = self.actor, self.reference, self.version
        saving = (data, held, page, include)

        def work(session: Any) -> Any:
            return save_draft(session, actor=actor, data=data, reference=reference,
                              expected_version=version, held=held, page=page,
                              include_proposed=include)

        def saved(info: Any) -> None:
            self._last_saved = saving
            self._draft_saved(info)

        self.tasks.write(work, saved, self._draft_failed)

    def _draft_saved(self, info: Any) -> None:
        self._saving = False
        self.reference, self.version = info.reference, info.version
        self._saved_at = saved_when(info.updated_at)
        if self.mode == "new":
            self.mode = "draft"
            # Shown already, on the officer's page: a page change from now on is saved
            # (it waited for a reopened draft's return to its page, which never comes).
            self._resumed = True
        self.setWindowTitle(self._title())
        self.draft_saved.emit(info.reference)
        if self._save_again:
            self._save_again = False
            self.save_draft_now()
        if self._finish_after_save and not self._saving:
            self._finish_after_save = False
            self.accept()

    def _draft_failed(self, exc: BaseException) -> None:
        self._saving = False
        self._finish_after_save = False  # the error is shown; Finish can be clicked again
        self._dirty = True
        self.autosave_timer.stop()  # do not repeat the same failure every few seconds
        show_error(self, "The draft could not be saved", in_words(exc))

    # -- import / export ---------------------------------------------------------------------
    def _custom_button(self, which: int) -> QFileDialog | None:
        data_dir = self.runner.db.data_dir
        if which == QWizard.WizardButton.CustomButton1.value:
            return ask_open_file(self, FACTS_JSON, title="Import case facts", data_dir=data_dir,
                                 chosen=self.import_file)
        if which == QWizard.WizardButton.CustomButton2.value:
            name = suggested_name(FACTS_JSON, self.reference or "", "facts")
            return ask_save_file(self, FACTS_JSON, title="Export case facts", name=name,
                                 data_dir=data_dir, chosen=self.export_file)
        return None

    def import_file(self, path: Path) -> None:
        def done(data: Any) -> None:
            if not isinstance(data, dict):
                show_error(self, "Could not import facts",
                           InputError(f"{path}: the file must hold a JSON object"))
                return
            # A draft has no undo: what was typed, replaced and autosaved, was gone. (An
            # edit lists every change on its review page, and Cancel keeps the case's.)
            if self.mode != "edit" and any(not field.is_empty() for field in self.fields):
                self.replace_box = ask_to_discard(
                    self, "Replace the facts typed so far?",
                    f"Importing {path.name} replaces every fact typed in this draft with the "
                    "file's; what is typed now is not kept. Discard what is typed and import "
                    "the file?", "replaceTypedFacts", lambda: self._take_imported(data))
                return
            self._take_imported(data)

        self.tasks.run(lambda _progress: read_json_file(path), done,
                        lambda exc: show_error(self, "Could not import facts",
                                               in_words(exc, keys=True)))

    def _take_imported(self, data: dict[str, Any]) -> None:
        """The facts of an imported file into the fields, and what became of the values
        that could not be taken as they were."""
        self.load_data(data)
        self._dirty = True
        self.restart()
        # Say what could not be taken over (unknown fields, wrong types), not silently,
        # and what became of each: read anyway, marked at its field, or left out.
        problems = [p for p in document_problems(data) if p.message != "required field is missing"]
        # A name of only spaces passes the schema and empties its field, whose "required"
        # the report leaves to the form: said here, as `approvals screen` says it.
        problems += blank_text_problems(data)
        outcomes = self.import_outcomes(problems, data)
        # The cursor in the first field the report names, on its page, before the report
        # opens: the report box gives the focus back to it when closed (it was left in
        # Your reference, or on page 1 when the field was the amount on Deal terms).
        self.go_to_imported_problem(outcomes)
        if outcomes:
            # Values only read as others (a place's name as its code) are valid, not wrong.
            invalid = problems or any(not o.message.endswith(": check it") for o in outcomes)
            title = ("Some facts in the file are not valid: check them" if invalid else
                     "Some facts in the file were read as other values: check them")
            self.import_report = show_error(self, title,
                                            in_words(InputError(outcomes), keys=True))
            # A file of 300 unknown fields: show_error says the first lines, all of them
            # under Show Details… (widgets.put_long_report).

    def import_outcomes(self, problems: Sequence[Problem],
                        data: dict[str, Any] | None = None) -> list[Problem]:
        """Each problem of an imported file with what the wizard made of the value, each
        value of the right type its field refuses (a USCC's check character, an LEI's
        check digits, a completion date before the signing: the file's schema cannot tell,
        and they were found only on reaching their page), and each value of the file
        (`data`) its field reads as something else ("Wilmington, Delaware" as US), in the
        order of the wizard's fields (what it does not know last)."""
        order = {field: i for i, field in enumerate(self.fields)}
        field_of = self.field_at

        def outcome(problem: Problem) -> str:
            field = field_of(problem.path)
            if field is None or "[" in problem.path:  # unknown, or one item of a list
                return "left out"
            if field.parse_problem() is not None:
                return "kept as written and marked at its field: correct it there"
            value = field.parse()
            if value in (None, []):
                return "left out: enter it in the wizard"
            return f"read as {imported_value_text(field, value)}: check it"

        def message(problem: Problem) -> str:
            # A code the wizard does not offer: not the whole list of codes it does.
            field = field_of(problem.path)
            if isinstance(field, ChoiceField | MultiChoiceField) and (
                    refused := _NOT_ONE_OF.match(problem.message)):
                return f"{refused.group(1)} is not one of its choices"
            return problem.message

        said = [Problem(p.path, f"{message(p)} — {outcome(p)}") for p in problems]
        covered = {field_of(p.path) for p in problems}
        raw = self.raw_values()
        said += [Problem(".".join(field.path),
                         f"{issue} — marked at its field: correct it there")
                 for field in self.fields
                 if field not in covered and self.field_applies(field, raw)
                 and (issue := field.problem()) not in (None, field.REQUIRED)]
        # A value taken but read as another (a place's name as its code): the facts say
        # what the wizard read, not what the file said, so the officer is told each, as
        # the readings above are.
        covered |= {field_of(p.path) for p in said}
        said += [Problem(".".join(field.path),
                         f"{file_value_text(written)} — read as "
                         f"{imported_value_text(field, read)}: check it")
                 for field in self.fields
                 if data is not None and field not in covered
                 and self.field_applies(field, raw)
                 and (read := read_differently(field, written := value_at(data, field.path)))
                 is not None]
        return sorted(said, key=lambda p: order.get(field_of(p.path), len(order)))  # type: ignore[arg-type]

    def export_file(self, path: Path, on_done: Callable[[], None] | None = None) -> None:
        text = json.dumps(self.collect(draft=True), ensure_ascii=False, indent=2) + "\n"

        def work(_progress: Any) -> None:
            from approvals.store.files import write_atomically

            write_atomically(path, text.encode("utf-8"))  # an existing file stays whole if this fails

        def done(_result: Any) -> None:
            if on_done:
                on_done()
            self.show_exported(path)

        self.tasks.run(work, done, lambda exc: show_error(self, "Could not export facts", exc))

    def show_exported(self, path: Path) -> QMessageBox:
        """Said once the file is written (non-modal, as the app's other exports): the
        export was silent, and an officer sending the file on could not tell it was
        written, nor that a draft's facts still incomplete are refused by `approvals case
        import` and `approvals screen` (Import JSON… reads them)."""
        box = QMessageBox(self)
        box.setObjectName("factsExported")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle("Exported")
        box.setText(f"Exported the facts to {path}")
        problems = self.problems()
        if problems:
            # Listed here: "listed on the Review page" pointed to a page that Next, held by
            # the very problems, did not reach.
            box.setInformativeText(
                f"The facts are not complete yet ({counted(len(problems), 'problem')}, under "
                "Show Details…): Import JSON… reads the file as it is; approvals case import "
                "and approvals screen take it once they are complete.")
            box.setDetailedText("\n".join(problems))
        box.open()
        self.export_message = box
        return box

    # -- finishing -------------------------------------------------------------------------
    def accept(self) -> None:
        """Store the case off the GUI thread; the window closes once it is stored. Save
        changes before Review goes to Review, where the reason is given."""
        if self._finishing:
            return
        if self.mode == "edit" and self.currentPage() is not self.review_page:
            self.go_to_review()
            return
        data = self.collect()
        try:
            parse_facts(data)
        except InputError as exc:
            show_error(self, "The facts are not complete", in_words(exc))
            return
        if self.mode == "edit" and self.pending_changes() == []:
            # Nothing to record: no reason asked for, no empty change in the trail.
            self._dirty = False
            super().accept()
            return
        if self.mode != "edit" and self._saving:
            # A draft save is under way: finish once it is stored, so that the intake's
            # draft becomes the case (no second draft is made) and is known as its own.
            self._finish_after_save = True
            return
        self._finishing = True
        self.autosave_timer.stop()
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self._explain_next()
        actor, reference, version = self.actor, self.reference, self.version
        if self.mode == "edit":
            reason = self.review_page.reason_edit.text().strip()

            def work(session: Any) -> str | list[SameFacts]:
                assert reference is not None
                case = get_case(session, reference)
                update_case_facts(
                    session=session, case_id=case.id, new_facts=parse_facts(data), actor=actor,
                    reason=reason,
                    expected_version=case.version if version is None else version)
                return reference
        else:
            # As the review page showed it: ticked, the reported CN-US-CAPITAL approval is
            # screened and, where it needs action, gets its track.
            include_proposed = self.review_page.include_proposed.isChecked()
            again, self._make_another = self._make_another, False

            def work(session: Any) -> str | list[SameFacts]:
                # Facts a case already holds (imported, or typed in twice) become another
                # case only on purpose: this intake's own draft aside, nothing is written.
                same = [] if again else [
                    s for s in cases_of_the_same_deal(session, parse_facts(data))
                    if s.reference != reference]
                if same:
                    return same
                ref = reference
                if ref is None:
                    ref = save_draft(session, actor=actor, data=data).reference
                # finish_draft screens the case and opens its tracks (as create_case does).
                return finish_draft(session, actor=actor, reference=ref, data=data,
                                    include_proposed=include_proposed).reference

        self.tasks.write(work, self._finished, self._finish_failed)

    def _finish_another(self) -> None:
        self._make_another = True
        self.accept()

    def _finish_stopped(self) -> None:
        """Finish can be clicked again: the case was not made (refused, or a question)."""
        self._finishing = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self._explain_next()

    def _finished(self, reference: str | list[SameFacts]) -> None:
        if isinstance(reference, list):  # a case already holds these facts: nothing made
            self._finish_stopped()
            ask_about_same_facts(
                self, object_name="sameFactsQuestion", title="Finish intake",
                subject="These facts are", same=reference,
                consequence="Finishing makes another case of the same deal, with its own "
                            "filing tracks and deadlines. Cancel leaves this intake open.",
                make_another=self._finish_another)
            return
        self._finishing = False
        self.reference = reference
        self._dirty = False
        self.case_saved.emit(reference)
        super().accept()

    def _finish_failed(self, exc: BaseException) -> None:
        self._finish_stopped()
        if self.mode == "edit" and isinstance(exc, ConflictError):
            self.ask_to_rebase(exc)
            return
        show_error(self, "The case could not be saved", in_words(exc))

    def ask_to_rebase(self, exc: ConflictError) -> QMessageBox:
        """Saved by someone else (or in another window) since this wizard opened: offer to
        put the changes typed here on the case as it is now. The refusal said "reload and
        apply your changes again", which the wizard had no way to do: every change had to
        be typed anew after closing it."""
        box = QMessageBox(self)
        box.setObjectName("rebaseQuestion")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("The case could not be saved")
        box.setText(str(exc))
        box.setInformativeText(
            "Apply your changes to the case as it is now? The fields then show the facts "
            "as saved since with your changes on them, and Review lists what Save changes "
            "will record. Cancel keeps this window as it is.")
        apply = box.addButton("&Apply my changes to the case as it is now",
                              QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(apply)
        apply.clicked.connect(self.rebase)
        self.rebase_box = box
        box.open()
        return box

    def rebase(self) -> None:
        """Read the case as it is now and put the changes typed here on it (rebased)."""
        reference = self.reference
        self.tasks.read(lambda session: get_case(session, reference or ""), self.rebased,
                        lambda exc: show_error(self, "The case could not be read",
                                           in_words(exc)))

    def rebased(self, case: Any) -> None:
        """The changes typed here (against the facts the wizard opened with) put on
        `case`'s facts: the fields show the result, Review what Save changes records."""
        if self.original_facts is None:
            return
        now = case.facts.to_json_dict()
        merged, both_changed = rebased_facts(self.original_facts,
                                             parse_facts(self.collect()).to_json_dict(), now)
        self.original_facts, self.version = now, case.version
        self.load_data(merged)
        self._dirty = True
        both = [fact_label(path) for path in both_changed]
        self.rebase_note = ("Your changes are on the case as saved since (version "
                            f"{case.version})"
                            + (f"; yours replace theirs in: {', '.join(both)}" if both else "")
                            + ". Check Review, give the reason and save.")
        self.go_to_review()
        box = QMessageBox(self)
        box.setObjectName("rebasedNote")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle("Changes applied to the case as it is now")
        box.setText(self.rebase_note)
        self.rebased_box = box
        box.open()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A held Enter repeats: it went Next, Next, … and pressed Finish on Review, which
        # created the case and its tracks in under a second. One press, one step.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.isAutoRepeat():
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Closing keeps the draft: save what is there, then close. An open case's facts
        have no draft: closing with changes asks first (without blocking)."""
        if self.mode == "edit" and not self._discard_ok and self.has_unsaved_changes():
            self._ask_to_discard()
            return
        if self.mode != "edit" and self._dirty and not self._finishing:
            self.save_draft_now()
        self.autosave_timer.stop()
        super().reject()

    def has_unsaved_changes(self) -> bool:
        """Edit mode: facts that differ from the case's (Escape lost them without a word)."""
        if self._finishing or not self._dirty:
            return False
        return self.pending_changes() != []

    def pending_changes(self) -> list[tuple[str, Any, Any]] | None:
        """Edit mode: the changes Save changes would record, as the case-edit service
        finds them (a field changed and changed back is none); None when the facts do not
        parse yet (a change into something not yet valid is still a change) or the case's
        own could not be read."""
        if self.original_facts is None:
            return None
        try:
            return leaf_changes(self.original_facts, parse_facts(self.collect()).to_json_dict())
        except InputError:
            return None

    def _ask_to_discard(self) -> None:
        self.discard_box = ask_to_discard(
            self, "Unsaved changes to the facts",
            f"Discard your changes to the facts of {self.reference}? Nothing has been saved "
            "or recorded yet.", "discardFactChanges", self._discard)
        # Asked after the window's own Cancel: a second Cancel, which keeps the window
        # open, read as confirming the first. It says what it does.
        stay = self.discard_box.button(QMessageBox.StandardButton.Cancel)
        stay.setText("&Keep editing")
        # Without the Cancel icon a style gives its Cancel (a red ✗ on Linux desktops): it
        # marked the button that keeps the window open as the one that abandons it.
        stay.setIcon(QIcon())

    def _discard(self) -> None:
        if not self._discard_ok:
            self._discard_ok = True
            self.reject()


_NOT_ONE_OF = re.compile(r"(.*?) is not one of ")


class _KeysToTheFieldToFix(QObject):
    """Enter (a line's, not a text box's new line) or Alt+N while Next is unavailable:
    to the first field to fix (IntakeWizard.go_to_field_to_fix), instead of nothing."""

    def __init__(self, wizard: IntakeWizard) -> None:
        super().__init__(wizard)
        self.wizard = wizard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        enter = (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                 and modifiers == Qt.KeyboardModifier.NoModifier
                 and not isinstance(watched, QPlainTextEdit))
        alt_n = event.key() == Qt.Key.Key_N and modifiers == Qt.KeyboardModifier.AltModifier
        return (enter or alt_n) and self.wizard.go_to_field_to_fix()


def read_differently(field: Field, written: Any) -> Any:
    """What `field` (holding `written`, a file's value) reads, where that is not what the
    file says (a place's name read as its code); None where it is the same, or where the
    field reads nothing or refuses it (said otherwise)."""
    if written in (None, "", []) or field.parse_problem() is not None:
        return None
    read = field.parse()
    if read in (None, []):
        return None
    if isinstance(written, str) and written.strip() == read:
        return None  # spaces around it are no other reading
    if isinstance(written, list) and isinstance(read, list):
        try:
            return None if sorted(written) == sorted(read) else read  # the same, ordered
        except TypeError:
            return read
    return None if written == read else read


def file_value_text(written: Any) -> str:
    """A file's value as it is written in the file ("Delaware", 4e22, true)."""
    return json.dumps(written, ensure_ascii=False)


def imported_value_text(field: Field, value: Any) -> str:
    """A value read from a file as its field shows it (150,000,000; USD 8,000,000; Yes;
    US (United States), a place's code with its name as the field shows both)."""
    if isinstance(field, AmountField) and isinstance(value, dict):
        return f"{value.get('currency')} {number_text(value['value'])}"
    if isinstance(field, CountryField) and isinstance(value, str) and (
            name := known_place_name(value)):
        return f"{value} ({name})"
    if isinstance(field, TextField):
        return field.value_text(value) or str(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    path = ".".join(field.path)
    if isinstance(value, list):
        return ", ".join(label_for(str(v), path) for v in value)
    return label_for(str(value), path)


def stored_facts(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """An open case's facts as the case-edit service compares them (None if unreadable)."""
    try:
        return parse_facts(data or {}).to_json_dict()
    except InputError:
        return None


def open_wizard(parent: QWidget | None, reference: str) -> IntakeWizard | None:
    """The intake wizard showing `reference` that is open (under `parent`), if any."""
    app = QApplication.instance()
    windows = (parent.findChildren(IntakeWizard) if parent is not None else
               [w for w in QApplication.topLevelWidgets() if isinstance(w, IntakeWizard)]
               if isinstance(app, QApplication) else [])
    return next((w for w in windows if w.reference == reference and w.isVisible()), None)


def open_draft(
    runner: TaskRunner,
    actor: Actor,
    reference: str,
    on_ready: Callable[[IntakeWizard], None],
    parent: QWidget | None = None,
) -> None:
    """Load a draft off the GUI thread and hand back a wizard showing it."""

    def done(info: Any) -> None:
        # One window per draft (a second open while the first loads, or again later),
        # or the second one's saves would conflict with the first's.
        if (already := open_wizard(parent, info.reference)) is not None:
            already.raise_()
            already.activateWindow()
            return
        wizard = IntakeWizard(runner, actor, parent=parent, mode="draft",
                              reference=info.reference, data=info.data, version=info.version,
                              held=info.held, lists_reset=info.lists_reset,
                              saved_at=saved_when(info.updated_at), page=info.page,
                              include_proposed=info.include_proposed)
        on_ready(wizard)

    runner.read(lambda session: load_draft(session, actor=actor, reference=reference), done,
                lambda exc: show_error(parent, "Could not open the draft", exc))
