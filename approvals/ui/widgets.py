"""Small widgets shared by the wizard, the case view and the dashboard."""

from __future__ import annotations

import functools
import html
import re
import sys
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QStyleOptionFrame,
    QTabBar,
    QTableView,
    QTableWidget,
    QTabWidget,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from approvals.domain.audit import ACTION_LABELS
from approvals.domain.dates import utc_text as utc_text  # the windows import it from here
from approvals.domain.field_labels import fact_label
from approvals.domain.numbers import humanise, prose
from approvals.domain.rulebook import VERIFY_MARK
from approvals.domain.screening import Determination
from approvals.paths import DataDir
from approvals.ui.style import blend, contrast_ratio, relative_luminance

_Features = TypeVar("_Features")
_Text = TypeVar("_Text", QLineEdit, QPlainTextEdit)

# Outcome colours: red blocks the deal, amber needs clearance, blue needs paperwork,
# green needs nothing, grey does not apply, purple asks for facts. Each is dark enough for
# the badge's white text (WCAG AA, 4.5:1; tests/ui/test_ux_audit.py checks).
OUTCOME_COLOURS: dict[str, str] = {
    "prohibited": "#c62828",
    "approval_required": "#b84a00",
    "filing_required": "#1565c0",
    "notification_required": "#1565c0",
    "excepted": "#2e7d32",
    "not_required": "#2e7d32",
    "not_in_force": "#616161",
    "needs_info": "#6a1b9a",
}


def laid_out_line(metrics: QFontMetrics) -> int:
    """The height text is laid out in a line of, for a cap of whole lines: the font's
    lineSpacing() rounds down (15 for GNOME's Sans 10, a line of 15.125 px that labels and
    cells lay out in 16), and a cap of lines × 15 cut the last line's foot off
    ("reviewing" read "reviewinq")."""
    flags = int(Qt.TextFlag.TextWordWrap)
    two = metrics.boundingRect(0, 0, 10_000, 10_000, flags, "x\nx").height()
    one = metrics.boundingRect(0, 0, 10_000, 10_000, flags, "x").height()
    return max(two - one, metrics.lineSpacing())


# The window luminance where black and white text read equally well (4.6:1 each): on a
# darker window light text reads better, and the palette is a dark one.
DARK_BELOW = 0.179


def is_dark() -> bool:
    """Whether the palette's window is dark: light text reads better on it than dark text
    (WCAG's luminance under DARK_BELOW). Qt's HSL lightness under 128 called a saturated
    amber window with black text (#c8a000, 9:1) dark, and its light red then read 1.6:1."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    return relative_luminance(app.palette().color(QPalette.ColorRole.Window)) < DARK_BELOW


TEXT_CONTRAST = 4.5  # WCAG AA for text


def readable(light: str, dark: str) -> QColor:
    """`light` on a light palette, `dark` on a dark one, moved only as far as it takes to
    read at TEXT_CONTRAST on the window, a field's base and a list's alternate rows:
    towards the palette's text colour, or towards black or white where that text does not
    read either (a palette half switched). The fixed pair read on the usual palettes; on a
    mid-grey one (#767676) neither did, about 2:1."""
    app = QApplication.instance()
    chosen = QColor(dark if is_dark() else light)
    if not isinstance(app, QApplication):
        return chosen
    palette = app.palette()
    backgrounds = tuple(palette.color(role).getRgbF() for role in (
        QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase))
    text = palette.color(QPalette.ColorRole.WindowText)
    towards, step = _readable_step(chosen.getRgbF(), backgrounds, text.getRgbF())
    if towards is not None:
        text = QColor(towards)
    return text if step is None else blend(chosen, text, step / 20)


@functools.lru_cache(maxsize=256)
def _readable_step(chosen: tuple[float, ...], backgrounds: tuple[tuple[float, ...], ...],
                   text: tuple[float, ...]) -> tuple[str | None, int | None]:
    """readable's search, by the colours' channels (all it reads of them): the colour to
    move towards ("#000000" or "#ffffff"; None: the palette's text) and the step of 20
    (None: that colour itself). A window builds dozens of error and grey labels, each
    asking the same of the same palette; the answer depends on nothing else."""
    behind = [QColor.fromRgbF(*rgb) for rgb in backgrounds]

    def worst(colour: QColor) -> float:
        return min(contrast_ratio(colour, b) for b in behind)

    towards = None
    target = QColor.fromRgbF(*text)
    if worst(target) < TEXT_CONTRAST:
        towards = max(("#000000", "#ffffff"), key=lambda name: worst(QColor(name)))
        target = QColor(towards)
    start = QColor.fromRgbF(*chosen)
    for step in range(21):  # 5 % of the way at a time; the text colour itself at worst
        if worst(blend(start, target, step / 20)) >= TEXT_CONTRAST:
            return towards, step
    return towards, None


def error_colour() -> str:
    """Readable red on the current palette (light or dark)."""
    return readable("#b71c1c", "#ef9a9a").name()


def secondary_text_colour() -> str:
    """Grey for secondary text (a reason's Chinese wording), readable on either palette."""
    return readable("#616161", "#b0b0b0").name()


# The colours a label is given by its role, chosen for the palette in use: palette_styled
# sets one, and _restyle_for_palette sets it again when the system switches light and dark (a
# problem said in light red stayed #b71c1c on a dark window, 2.3:1).
_PALETTE_STYLE = "paletteStyle"
WARNING_STYLE = ("QLabel {{ background: {bg}; color: {fg}; border: 1px solid #d39e00;"
                 " border-radius: 3px; padding: 6px; }}")


def warning_style() -> str:
    """An amber warning box's sheet for the palette in use."""
    return (WARNING_STYLE.format(bg="#3d3000", fg="#ffe08a") if is_dark()
            else WARNING_STYLE.format(bg="#fff3cd", fg="#5c3c00"))


_PALETTE_STYLES: dict[str, Callable[[], str]] = {
    "problem": lambda: f"color: {error_colour()};",
    "secondary": lambda: f"color: {secondary_text_colour()};",
    "warning": warning_style,
}


def _restyle_for_palette() -> None:
    """On the application's palette change: every widget palette_styled gave a role, its
    sheet for the new palette (set only when it differs: setting one sends another event).
    The application's signal, not each widget's change event: a child with a style sheet
    of its own is sent none when the system switches."""
    for widget in QApplication.allWidgets():
        style = _PALETTE_STYLES.get(str(widget.property(_PALETTE_STYLE) or ""))
        if style is not None and widget.styleSheet() != (sheet := style()):
            widget.setStyleSheet(sheet)


def _watch_palette() -> None:
    app = QApplication.instance()
    if not isinstance(app, QApplication) or app.property("paletteWatched"):
        return
    app.setProperty("paletteWatched", True)
    app.paletteChanged.connect(_restyle_for_palette)


def palette_styled(widget: QWidget, role: str | None) -> None:
    """Style `widget` for its `role` on the palette in use, kept so through a switch
    between light and dark: "problem" (readable red text), "secondary" (grey text),
    "warning" (an amber box); None: the palette's own colours."""
    widget.setProperty(_PALETTE_STYLE, role or "")
    widget.setStyleSheet(_PALETTE_STYLES[role]() if role else "")
    if role:
        _watch_palette()


def overdue_colour() -> QColor:
    """Overdue red, light enough to read on a dark palette."""
    return readable("#c62828", "#ef9a9a")


def due_soon_colour() -> QColor:
    """Due-soon amber, light enough to read on a dark palette."""
    return readable("#995c00", "#ffcc80")  # 4.5:1 on a light row too


LONG_REPORT_LINES = 12  # of a long report in its message box; every line under Show Details…


def long_report_shown(lines: Sequence[str], limit: int = LONG_REPORT_LINES) -> str:
    """The lines a message box says itself: all of them, or the first `limit` and one
    saying how many more Show Details… lists (one wording for every long report)."""
    if len(lines) <= limit:
        return "\n".join(lines)
    return "\n".join([*lines[:limit], f"… and {len(lines) - limit:,} more: Show Details… "
                                        f"lists all {len(lines):,}"])


def put_long_report(box: QMessageBox, lines: Sequence[str], *, informative: bool = True,
                    limit: int = LONG_REPORT_LINES, before: str = "", after: str = "") -> None:
    """A report of a line a case, row or problem into `box` (its informative text, or its
    text), between `before` and `after`: a box of 300 lines was 4,000 px tall, its OK
    button below the screen. Past `limit` lines, the first ones and every one under Show
    Details… (which scrolls)."""
    shown = f"{before}{long_report_shown(lines, limit)}{after}"
    if informative:
        box.setInformativeText(shown)
    else:
        box.setText(shown)
    if len(lines) > limit:
        box.setDetailedText("\n".join(lines))


def set_available(control: QWidget, why_not: str, tooltip: str = "") -> None:
    """Enable `control`, or grey it out with the reason in its tooltip and accessible
    description (said before the officer tries, not refused after)."""
    control.setEnabled(not why_not)
    control.setToolTip(why_not or tooltip)
    control.setAccessibleDescription(why_not)


def badge_html(outcome: str) -> str:
    """The outcome as a coloured badge, kept on one line: in a wrapped label (a long state
    before it, or 200 % scaling) "Approval required" broke after "Approval", the colour
    running over two lines. Qt keeps a nowrap span whole (its spaces become non-breaking)
    and breaks the line before it; the label's text keeps plain spaces (found by search)."""
    colour = OUTCOME_COLOURS.get(outcome, "#616161")
    return (
        f'<span style="background-color:{colour}; color:#ffffff; white-space:nowrap;">'
        f"&nbsp;{html.escape(humanise(outcome))}&nbsp;</span>"
    )




# -- the audit trail's words (the case view's timeline, review mode's history) ------------------------------------------------------------------
# What each audit action means to an officer (domain.audit.ACTION_LABELS, which the
# CSV export uses too); the codes stay searchable in the filter.
EVENT_LABELS = ACTION_LABELS


def event_label(action: str) -> str:
    return EVENT_LABELS.get(action) or humanise(action.replace(".", " "))


WORD_JOINER = "\u2060"  # no line break on either side, and nothing drawn
# Chinese characters as Qt breaks lines between them (CJK ideographs and their kin).
_CHINESE_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def chinese_joined(text: str, *, longest: int | None = None) -> str:
    """`text` with each run of Chinese characters joined (WORD_JOINER), so that a label
    that wraps never ends a line inside it ("中" / "国"); with `longest`, only runs at
    most that long (a name), longer Chinese text still wrapping between its characters."""
    def joined(run: re.Match[str]) -> str:
        chars = run.group()
        return chars if longest is not None and len(chars) > longest else WORD_JOINER.join(chars)

    return _CHINESE_RUN.sub(joined, text)


# A name in a message ("中国", "香港特别行政区") is this long at most.
NAME_CHARS = 7


def kept_whole(text: str) -> str:
    """A field's message with nothing a line break would cut in two: a Chinese name
    (chinese_joined), and the format "YYYY-MM-DD", which read "use YYYY-" at a line's
    end and "MM-DD" on the next (non-breaking hyphens, U+2011: a date typed with them is
    not read, so only the pattern's own are replaced, never a date's)."""
    return chinese_joined(text, longest=NAME_CHARS).replace("YYYY-MM-DD", "YYYY\u2011MM\u2011DD")


def unsaved_lines(windows: Iterable[QWidget]) -> list[str]:
    """What the visible ones of `windows` hold not saved yet (those with `unsaved_input()`),
    a line each, "• the change to … (Save), in Security settings": what Sign out and Quit
    list before they ask to discard it."""
    return [f"• {item}, in {window.windowTitle() or 'a window'}" for window in windows
            if window.isVisible()
            and callable(listed := getattr(window, "unsaved_input", None))
            for item in listed()]


def _work_under_way(windows: Iterable[QWidget]) -> Iterator[tuple[QWidget, QWidget, str]]:
    """(window, worker, what it is doing) for each piece of work that writes under way in
    `windows` (a widget whose `work_under_way()` says so: a progress panel), the shown
    ones and a progress window not shown yet whose work runs (it waits a moment before it
    shows: a quit just after the start was asked nothing and stopped nothing)."""
    for window in windows:
        if not (window.isVisible() or getattr(getattr(window, "panel", None), "running", False)):
            continue
        for child in window.findChildren(QWidget):
            # A dialog parented to `window` is a window of its own, listed under its title.
            if child.window() is window and callable(said := getattr(child, "work_under_way", None)) \
                    and (text := said()):
                yield window, child, text


def _can_stop(worker: QWidget) -> bool:
    can_stop = getattr(worker, "work_can_stop", None)
    return not callable(can_stop) or bool(can_stop())


def work_lines(windows: Iterable[QWidget]) -> list[str]:
    """The work under way in `windows` that a quit or a sign-out would stop, a line each,
    as unsaved_lines."""
    return [f"• {text} ("
            + ("still under way" if _can_stop(worker) else "can no longer be stopped: it will finish")
            + f"), in {window.windowTitle() or 'a window'}"
            for window, worker, text in _work_under_way(windows)]


def work_footer(windows: Iterable[QWidget], doing: str) -> str:
    """What a quit or a sign-out (`doing`: "Quitting", "Signing out") does to the work
    work_lines lists: the footer said "nothing of it is kept" of a restore past its point
    of no return, which finishes and replaces the data. '' with no work under way."""
    stoppable = [_can_stop(worker) for _window, worker, _text in _work_under_way(windows)]
    sentences = []
    if any(stoppable):
        sentences.append(f"{doing} stops the work under way; nothing of it is kept.")
    if not all(stoppable):
        sentences.append("Work that can no longer be stopped finishes first.")
    return " ".join(sentences)


def stop_work_under_way(windows: Iterable[QWidget]) -> int:
    """Ask the work work_lines names to stop (a quit or a sign-out said it would, and the
    officer agreed): it ran on to the end while the app waited for it, so a review pack
    said to be discarded was written all the same. Returns how many were asked."""
    asked = 0
    for _window, worker, _text in list(_work_under_way(windows)):
        if callable(cancel := getattr(worker, "cancel", None)):
            cancel()
            asked += 1
    return asked


def verify_note_html(unverified: Container[str] | frozenset[str]) -> str:
    """What a citation marked VERIFY_MARK means, for a screening that marks any (the
    Screening tab and the wizard's preview alike); empty when none is marked."""
    if not unverified:
        return ""
    return (f"Citations marked <b>{VERIFY_MARK}</b> were taken from secondary sources, not "
            "yet checked against the official text: check them before relying on them "
            "(View → Rulebook lists them).")


def determination_html(det: Determination, unverified: Container[str] = frozenset()) -> str:
    """A determination's outcome badge and reasons, each with its citation; `unverified`:
    the rules whose citation is marked VERIFY_MARK (taken from secondary sources)."""
    parts = [f"<b>{html.escape(det.regime)}</b> &nbsp;{badge_html(det.outcome)}"]
    if det.status and det.status != "in_force":
        parts.append(f" <i>({html.escape(humanise(det.status))})</i>")
    items = []
    for reason in det.reasons:
        verify = f" <b>{VERIFY_MARK}</b>" if reason.rule in unverified else ""
        cite = (f" <small>[{html.escape(reason.citation)}]{verify}</small>"
                if reason.citation else "")
        # The Chinese wording the bilingual application prints (absent in old screenings).
        zh = (f"<br/><span style='color:{secondary_text_colour()}'>"
              f"{html.escape(prose(reason.text_zh))}</span>" if reason.text_zh else "")
        # A point to check is the officer's work, not a ground: filings to an authority
        # leave it out (a draft lists it under "To check before filing").
        check = "<b>To check before filing:</b> " if reason.advice else ""
        items.append(f"<li>{check}{html.escape(prose(reason.text))}{cite}{zh}</li>")
    if det.missing:
        # Named as the wizard names its fields ("Acquires control (Deal)"), the facts key
        # after it for a facts file; a bare key told a new officer nothing.
        items.append(
            "<li>Missing facts: " + ", ".join(
                f"{html.escape(name)} <code>[{html.escape(m)}]</code>" if name != m
                else f"<code>{html.escape(m)}</code>"
                for m in det.missing for name in (fact_label(m),))
            + "</li>"
        )
    if items:
        parts.append("<ul style='margin-top:2px'>" + "".join(items) + "</ul>")
    return "".join(parts)


class DeterminationsView(QWidget):
    """One block per regime: the outcome badge, the reasons with their citations."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Screening determinations")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.labels: list[QLabel] = []
        self._determinations: list[Determination] = []
        self._unverified: frozenset[str] = frozenset()

    def set_determinations(self, determinations: Iterable[Determination],
                           unverified: frozenset[str] = frozenset()) -> None:
        """`unverified`: the rules whose citations are marked "(verify)"."""
        for label in self.labels:
            label.deleteLater()
        self.labels = []
        self._determinations = list(determinations)
        self._unverified = unverified
        for det in self._determinations:
            label = QLabel(determination_html(det, unverified))
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setFrameShape(QFrame.Shape.StyledPanel)
            label.setMargin(6)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setObjectName(f"determination_{det.regime}")
            label.setAccessibleName(f"{det.regime}: {humanise(det.outcome)}")
            label.setProperty("outcome", det.outcome)
            self._layout.addWidget(label)
            self.labels.append(label)

    def changeEvent(self, event: QEvent) -> None:
        # The system switched between light and dark: the secondary text's grey follows.
        if event.type() == QEvent.Type.PaletteChange:
            for label, det in zip(self.labels, self._determinations, strict=False):
                label.setText(determination_html(det, self._unverified))
        super().changeEvent(event)

    def outcomes(self) -> dict[str, str]:
        return {
            label.objectName().removeprefix("determination_"): str(label.property("outcome"))
            for label in self.labels
        }



@dataclass(frozen=True)
class SaveControls:
    """The foot of a dialog that records an audited change: why, what happened, Close/Save."""

    reason: QLineEdit
    message: QLabel
    save_button: QPushButton
    buttons: QHBoxLayout


_ACCESS_KEY = re.compile(r"&([^&\s])")


def access_key(text: str) -> str:
    """The letter a control's "&" underlines, lower-cased ("" for none): "Mark co&mpleted…"
    → "m"."""
    match = _ACCESS_KEY.search(text.replace("&&", ""))
    return match.group(1).casefold() if match else ""


# The keys an Alt letter can be (lower case).
ALT_KEYS = "abcdefghijklmnopqrstuvwxyz0123456789"


def with_access_key(label: str, taken: Iterable[str]) -> str:
    """`label` (without "&") with its Alt key on its first letter or digit that no other
    control uses: "Cancel" → "&Cancel", or "C&ancel" where Alt+C is taken. A label whose
    letters are all taken gets another free one after it: "Withdraw (&K)". Unchanged when
    every letter and digit is taken."""
    used = {key.casefold() for key in taken}
    for at, char in enumerate(label):
        if char.isascii() and char.isalnum() and char.casefold() not in used:
            return f"{label[:at]}&{label[at:]}"
    spare = next((c for c in ALT_KEYS if c not in used), "")
    return f"{label} (&{spare.upper()})" if spare else label


def alt_keys_in_use(root: QWidget, *, leave_out: Iterable[QWidget] = ()) -> set[str]:
    """The Alt letters the controls of `root` use, shown or hidden (a hidden one shows
    later): buttons, tabs, group boxes, labels with a buddy, Alt+letter shortcuts; not
    those of the widgets in `leave_out` nor inside them (another tab's page), nor those
    of the dialogs it opened."""
    skipped = list(leave_out)
    window = root.window()

    def left_out(widget: QWidget) -> bool:
        # A dialog the window opened is a window of its own, with its own keys.
        return widget.window() is not window or any(w is widget or w.isAncestorOf(widget)
                                                    for w in skipped)

    taken: set[str] = set()
    for w in root.findChildren(QWidget):
        if left_out(w):
            continue
        if isinstance(w, QAbstractButton) or (isinstance(w, QLabel) and w.buddy() is not None):
            taken.add(access_key(w.text()))
        elif isinstance(w, QGroupBox):
            taken.add(access_key(w.title()))
        elif isinstance(w, QTabBar):
            taken.update(access_key(w.tabText(i)) for i in range(w.count()))
    for shortcut in root.findChildren(QShortcut):
        owner = shortcut.parent()
        if isinstance(owner, QWidget) and left_out(owner):
            continue
        keys = shortcut.key().toString()
        if keys.startswith("Alt+") and len(keys) == len("Alt+X"):
            taken.add(keys[-1].casefold())
    taken.discard("")
    return taken


class _RowKeys(QObject):
    """The Alt letters of a window's buttons whose text had no "&" (a dialog's Cancel /
    action row, a window's Close): free in the window once it is whole (its fields are
    added after the row), settled again each time it shows."""

    def __init__(self, window: QWidget, buttons: Sequence[QAbstractButton]) -> None:
        super().__init__(window)
        # Each button with its text without the key, and the text last given it.
        self.buttons = [(b, b.text(), b.text()) for b in buttons if not access_key(b.text())]
        window.installEventFilter(self)
        self.settle()

    def settle(self) -> None:
        window = self.parent()
        assert isinstance(window, QWidget)
        # A text the caller set afterwards ("&Save") is theirs to keep.
        self.buttons = [entry for entry in self.buttons if entry[0].text() == entry[2]]
        taken = alt_keys_in_use(window, leave_out=[b for b, _, _ in self.buttons])
        settled = []
        for button, label, _given in self.buttons:
            text = with_access_key(label, taken)
            button.setText(text)
            taken.add(access_key(text))
            settled.append((button, label, text))
        self.buttons = settled

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Show:
            self.settle()
        return False


def free_alt_keys(window: QWidget, buttons: Sequence[QAbstractButton]) -> None:
    """Give each of `buttons` without "&" an Alt letter no other control of `window` uses
    ("&Close", or "Cl&ose" where Alt+C is taken), in their order, when the window shows."""
    _RowKeys(window, buttons)


def dialog_buttons(dialog: QDialog, text: str, on_accept: Callable[[], None], *,
                   object_name: str, cancel_text: str = "Cancel") -> tuple[QHBoxLayout, QPushButton]:
    """The right-aligned Cancel / action row of a dialog; the action is the default button.
    A text without "&" gets a free Alt letter when the dialog shows (Cancel Alt+C where the
    dialog leaves C free, the action the first free letter of its name); a text with "&"
    keeps the letter the caller gave it."""
    action = QPushButton(text)
    action.setObjectName(object_name)
    action.setDefault(True)
    action.clicked.connect(on_accept)
    cancel = QPushButton(cancel_text)
    cancel.setObjectName(f"{object_name}Cancel")
    cancel.clicked.connect(dialog.reject)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(cancel)
    row.addWidget(action)
    _RowKeys(dialog, [cancel, action])  # Cancel first: Alt+C is where people look for it
    return row, action


def placeholder_width(edit: QLineEdit) -> int:
    """The width `edit` needs to show its whole placeholder at its font: the text, Qt's
    margin of 2 px either side of it, the edit's text margins, and what the style puts
    around them (its frame), asked of the style rather than guessed."""
    margins = edit.textMargins()
    inside = QSize(edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 2 * 2
                   + margins.left() + margins.right(), edit.fontMetrics().height())
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    return edit.style().sizeFromContents(QStyle.ContentsType.CT_LineEdit, option, inside,
                                         edit).width()


def save_controls(dialog: QDialog, on_save: Callable[[], None], *, reason_name: str,
                  message_name: str, save_name: str) -> SaveControls:
    reason = QLineEdit()
    reason.setObjectName(reason_name)
    reason.setAccessibleName("Reason")  # a placeholder is no name for a screen reader
    reason.setPlaceholderText("why (recorded in the audit trail)")
    # Whole at any font size: Security settings at twice the usual font cut it to "why
    # (recorded in the audit tr…" (its width came from the rows above, whose check box
    # does not grow with the font).
    reason.setMinimumWidth(placeholder_width(reason))
    message = QLabel()
    message.setObjectName(message_name)
    message.setWordWrap(True)
    buttons, save = dialog_buttons(dialog, "Save", on_save, object_name=save_name,
                                   cancel_text="Close")
    # Enter in the reason field must not save half-way, nor close the dialog: with Save
    # not the default, Qt made Close (the first auto-default button) the default, and
    # Enter after typing the reason closed the dialog with everything typed.
    save.setDefault(False)
    for index in range(buttons.count()):
        item = buttons.itemAt(index)
        if item is not None and isinstance(button := item.widget(), QPushButton):
            button.setAutoDefault(False)
    return SaveControls(reason, message, save, buttons)


def ask_to_discard(parent: QWidget, title: str, question: str, name: str,
                   on_discard: Callable[[], object]) -> QMessageBox:
    """Open (without blocking) the question a form with unsaved input asks before it
    closes: Discard runs `on_discard`; Cancel, the default, keeps the form open."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question,
                      QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                      parent)
    box.setObjectName(name)
    # Alt+D / Alt+C, as every other button has its key (Qt's own texts have none).
    box.button(QMessageBox.StandardButton.Discard).setText("&Discard")
    box.button(QMessageBox.StandardButton.Cancel).setText("&Cancel")
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.buttonClicked.connect(
        lambda b: on_discard() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole
        else None)
    box.open()
    return box


class DiscardAskingDialog(QDialog):
    """A dialog whose typed input is worth a question before it goes: Escape, Cancel and
    the close box ask "Discard …?" (Discard closes, Cancel — the default — keeps the dialog
    as it was) once `typed_anything()`. A step's five conditions with their days, gone
    with one Escape, had to be typed again from the decision letter. `reject()` itself
    still closes at once (the case window calls it)."""

    discard_title = "Unsaved input"
    discard_question = "Discard what you typed?"
    discard_name = "discardDialogInput"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._discard_ok = False
        self.discard_box: QMessageBox | None = None

    def typed_anything(self) -> bool:
        return False

    def ask_cancel_on(self, name: str, *, title: str, question: str) -> None:
        """The dialog's Cancel button (object name `name`) asks first, as Escape does,
        the question `question` in a box titled `title`."""
        self.discard_title, self.discard_question = title, question
        button = self.findChild(QPushButton, name)
        if button is not None:
            button.clicked.disconnect()
            button.clicked.connect(self.cancel)

    def cancel(self) -> None:
        """Cancel, Escape or the close box: closes, asking first when something is typed."""
        if self._discard_ok or not self.typed_anything():
            self.reject()
            return
        self.discard_box = ask_to_discard(self, self.discard_title, self.discard_question,
                                          self.discard_name, self._discard)

    def _discard(self) -> None:
        self._discard_ok = True
        self.reject()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: Any) -> None:
        if self.isVisible() and not self._discard_ok and self.typed_anything():
            event.ignore()
            self.cancel()
            return
        super().closeEvent(event)


def list_over_details(listing: QWidget, details: QWidget, buttons: Sequence[QWidget], *,
                      name: str, shares: tuple[int, int]) -> QSplitter:
    """A list above the pane that reads its selected row in full, the pane's buttons beside
    it (the Timeline, the audit trail window): a splitter whose parts never collapse away,
    the list taking `shares` of the height against the pane however tall the window."""
    box = QWidget()
    box.setObjectName(f"{name}DetailsBox")
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(details, 1)
    side = QVBoxLayout()
    for button in buttons:
        side.addWidget(button)
    side.addStretch(1)
    row.addLayout(side)
    split = QSplitter(Qt.Orientation.Vertical)
    split.setObjectName(f"{name}Split")
    split.setChildrenCollapsible(False)
    split.addWidget(listing)
    split.addWidget(box)
    split.setStretchFactor(0, shares[0])
    split.setStretchFactor(1, shares[1])
    split.setSizes([200 * shares[0], 200 * shares[1]])
    return split


def resize_to_screen(window: QWidget, width: int, height: int) -> None:
    """A window's first size, no larger than the screen it opens on: at 200 % a 1280×720
    laptop screen left the case window's foot, the filing preview's Print and Save and the
    main window's status bar below the screen's edge (the frame and title bar need room too)."""
    window.resize(width, height)
    if screen := window.screen():
        available = screen.availableGeometry()
        window.resize(min(width, int(available.width() * 0.95)),
                      min(height, int(available.height() * 0.9)))


def fit_columns(table: QTableView) -> None:
    """Columns as wide as their contents, the last one still filling the table: after
    resizeColumnsToContents alone, a stretched last column kept its content width and
    left a blank strip at the right until the window was resized."""
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    if header.stretchLastSection():
        header.setStretchLastSection(False)
        header.setStretchLastSection(True)


def select_row_on_focus(table: QTableView, reason: Qt.FocusReason) -> None:
    """A list the keyboard came into (Tab, Shift+Tab, a shortcut) with no row shown
    selected: the current row is selected, or the first row shown when the current one is
    hidden. Qt makes a row current without selecting it, so its details showed with no row
    marked, and Down went on past it (or, with one row shown, did nothing at all). A click
    selects the row clicked, and is left to do so. Call it after the view's focusInEvent."""
    selection = table.selectionModel()
    model = table.model()
    if (reason == Qt.FocusReason.MouseFocusReason or selection is None or model is None
            or model.rowCount() == 0):
        return
    current = table.currentIndex()
    if current.isValid() and not table.isRowHidden(current.row()) and selection.isRowSelected(
            current.row(), current.parent()):
        return
    # By ranges, not row by row: 100,000 rows selected with Ctrl+A are one range.
    ranges = selection.selection()
    if any(not table.isRowHidden(r) for i in range(ranges.size())
           for r in range(ranges.at(i).top(), ranges.at(i).bottom() + 1)):
        return
    row = current.row() if current.isValid() and not table.isRowHidden(current.row()) else next(
        (r for r in range(model.rowCount()) if not table.isRowHidden(r)), -1)
    if row >= 0:
        table.selectRow(row)


def text_field(kind: type[_Text], name: str, accessible: str, placeholder: str = "") -> _Text:
    """A new text field with its object name (for the tests and the style), the name a
    screen reader says (a form's label names the row, not the field) and its hint text."""
    field = kind()
    field.setObjectName(name)
    field.setAccessibleName(accessible)
    if placeholder:
        field.setPlaceholderText(placeholder)
    return field


def named_scroll(content: QWidget, name: str, accessible: str) -> QScrollArea:
    """`content` in a scroll area as wide as it: a Tab stop (the arrow keys scroll it), so
    it has a name for a screen reader to say what it holds."""
    scroll = QScrollArea()
    scroll.setObjectName(name)
    scroll.setAccessibleName(accessible)
    scroll.setWidgetResizable(True)
    scroll.setWidget(content)
    return scroll


def second_key(button: QAbstractButton,
               key: str | QKeySequence | QKeySequence.StandardKey) -> QShortcut:
    """Another key for a button beside its Alt letter (Ctrl+E beside "&Edit facts…").
    Not button.setShortcut: that replaces the Alt key the "&" gave it, leaving an
    underlined letter that does nothing. click() does nothing while the button is greyed
    out, and the shortcut, like the button's own, acts only while the button is shown. A
    standard key is every key the platform binds to it (Refresh is Ctrl+R and F5 under a
    GTK theme: QKeySequence(key) kept Ctrl+R alone, and F5 refreshed nothing)."""
    if isinstance(key, QKeySequence.StandardKey) and key not in FIRST_BINDING_ONLY:
        return standard_shortcut(key, button, button.click)
    return QShortcut(QKeySequence(key), button, button.click)


# Standard keys whose other bindings a window-wide shortcut must not take: Back and Forward
# are also Backspace and Shift+Backspace, which the text fields need.
FIRST_BINDING_ONLY = frozenset({QKeySequence.StandardKey.Back, QKeySequence.StandardKey.Forward})


class _UnansweredAltKeys(QObject):
    """Stops an Alt+letter that no control answered before a text field types the letter.
    It watches the field that takes the keys, from when it first does: a filter on the
    application itself would run Python for every event of every widget (a third slower)."""

    GUARDED = "unansweredAltKeysGuarded"

    def watch(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, TYPED_INTO) and not new.property(self.GUARDED):
            new.setProperty(self.GUARDED, True)
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, TYPED_INTO):
            return False  # a button or a list: the key types nothing there
        modifiers = event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier
                                          | Qt.KeyboardModifier.KeypadModifier)
        text = event.text()
        # Alt alone: AltGr (Ctrl+Alt on Windows) types characters, so it passes.
        if not (modifiers == Qt.KeyboardModifier.AltModifier and text.isprintable()
                and text.strip()):
            return False
        # The window may give the key a meaning of its own while its control is greyed
        # out (the wizard's Alt+N goes to the field to fix). This guard, put on the field
        # when it first takes the keys, is asked before the window's own filters on it.
        answer = getattr(watched.window(), "answer_unanswered_alt_key", None)
        if callable(answer):
            answer(Qt.Key(event.key()))
        return True


# The controls a letter changes (a box without a text field jumps to the entry starting
# with it): an Alt key no enabled control answered reaches them.
TYPED_INTO = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)
ALT_KEY_GUARD_NAME = "unansweredAltKeyGuard"


def guard_fields_from_unanswered_alt_keys(app: QApplication) -> None:
    """An Alt key whose button is greyed out (Alt+N while Next is unavailable, Alt+S with
    nothing to save) reached the field with the cursor, which typed its letter: "Test Co"
    became "Test Con", and a second Alt+S saved "s李国华". One guard on the application
    covers every field of every window and dialog. Not on macOS, where Option+letter types
    accented characters. Installing it twice leaves one."""
    if sys.platform == "darwin" or app.findChild(QObject, ALT_KEY_GUARD_NAME) is not None:
        return
    guard = _UnansweredAltKeys(app)
    guard.setObjectName(ALT_KEY_GUARD_NAME)
    app.focusChanged.connect(guard.watch)


def show_keyboard_focus(widget: QWidget) -> None:
    """Draw `widget`'s focus frame now: a plain setFocus (Qt 6) hides it on a button, a box
    or a list until Tab is pressed, so after a key moved the focus nobody could see where."""
    widget.window().setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
    widget.update()


def focus_into_page(tabs: QTabWidget) -> None:
    """The keys into the current tab's page: the control that last had them there, else
    its first that takes Tab. A tab chosen by its Alt key showed the page and left the
    keys behind, so typing after Alt+C (Comments) went to the tab left."""
    page = tabs.currentWidget()
    if page is None:
        return
    last = page.focusWidget()
    if last is not None and page.isAncestorOf(last) and last.isVisible() and last.isEnabled():
        last.setFocus(Qt.FocusReason.ShortcutFocusReason)
        show_keyboard_focus(last)
        return
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page:
        if page.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled() \
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
            show_keyboard_focus(widget)
            return
        widget = widget.nextInFocusChain()


class _TabMnemonics(QObject):
    """After a tab's own Alt key (its underlined letter) has chosen it, the keys go into
    its page (focus_into_page), as after Alt+1…"""

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        tabs.tabBar().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Shortcut:
            # After the tab bar has handled it; not at all once the window is gone.
            QTimer.singleShot(0, self, lambda: focus_into_page(self.tabs))
        return False


class _TabCycler(QObject):
    """Ctrl+Tab and Ctrl+Shift+Tab from anywhere in `window`, not only with the keys in its
    tabs: opened, the case window has them on Edit facts…, where Ctrl+Tab did nothing."""

    def __init__(self, window: QWidget, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        for key, words, slot in (("Ctrl+Tab", "Next tab", self.next_tab),
                                 ("Ctrl+Shift+Tab", "Previous tab", self.previous_tab)):
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.setWhatsThis(words)
            shortcut.activated.connect(slot)

    def next_tab(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % self.tabs.count())

    def previous_tab(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() - 1) % self.tabs.count())


_Window = TypeVar("_Window", bound=QWidget)


def show_one(main: QWidget, attribute: str, kind: type[_Window],
             make: Callable[[], _Window]) -> _Window:
    """The main window's one window of `kind`, kept as its `attribute`: the one already open
    raised, else a new one (`make`) shown (View → Audit trail, Check open cases…)."""
    window = getattr(main, attribute, None)
    try:
        if isinstance(window, kind) and window.isVisible():
            window.raise_()
            window.activateWindow()
            return window
    except RuntimeError:  # closed and deleted
        pass
    window = make()
    setattr(main, attribute, window)
    window.show()
    return window


def show_kept(main: QWidget, attribute: str, make: Callable[[], _Window],
              again: Callable[[_Window], object]) -> _Window:
    """The main window's one window kept as its `attribute` while the main window lives
    (View → Rulebook, Holiday calendars…): made by `make` the first time, brought up to date
    by `again` when chosen again; then shown, raised and given the keys (raised alone, a
    window open behind the main window left the keys with the main window)."""
    window = getattr(main, attribute, None)
    if window is None:
        window = make()
        setattr(main, attribute, window)
    else:
        again(window)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def standard_shortcut(key: QKeySequence.StandardKey, parent: QWidget,
                      slot: Callable[[], Any]) -> QShortcut:
    """A shortcut on every key the platform binds to `key`: Close is Ctrl+F4 and Ctrl+W on
    Linux, Copy Ctrl+C and Ctrl+Insert. QShortcut(QKeySequence(key)) kept the first alone,
    so Ctrl+W, which the guide lists, closed nothing. Not for Back (Backspace too, which a
    window-wide shortcut would take from the fields) nor HelpContents (the Help key)."""
    shortcut = QShortcut(parent)
    shortcut.setKeys(key)
    shortcut.activated.connect(slot)
    return shortcut


def window_shortcuts(window: QWidget, tabs: QTabWidget) -> None:
    """Alt+1, Alt+2… (and each tab's Alt letter) choose the window's tabs and put the keys
    into the page; the platform's Close (Ctrl+W) closes the window, as in every window
    with tabs (the case view, review mode)."""
    def choose(i: int) -> None:
        tabs.setCurrentIndex(i)
        focus_into_page(tabs)

    for i in range(tabs.count()):
        QShortcut(QKeySequence(f"Alt+{i + 1}"), window, lambda i=i: choose(i))
    _TabMnemonics(tabs)
    standard_shortcut(QKeySequence.StandardKey.Close, window, window.close)
    _TabCycler(window, tabs)


def install_features(window: QMainWindow, attribute: str, data_dir: DataDir | None,
                     make: Callable[[DataDir], _Features]) -> _Features:
    """A menu's features made for a main window's data folder (`data_dir`, else the
    window's own) and kept alive as the window's `attribute` (called by `run_gui`)."""
    features = make(data_dir or window.data_dir)  # type: ignore[attr-defined]
    setattr(window, attribute, features)
    return features


def cell_data(table: QTableWidget, row: int, column: int = 0) -> Any:
    """What a table cell keeps in its user role; None for a cell without an item."""
    item = table.item(row, column)
    return None if item is None else item.data(Qt.ItemDataRole.UserRole)


Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # "no parent": a table's rows are at its top level
_Row = TypeVar("_Row")


class RowsModel(QAbstractTableModel, Generic[_Row]):
    """A read-only table of `rows`, one object a row, under the column titles `headers`:
    set_rows shows a new listing, add_rows adds a page under it (Show more). A kind of list
    says what each cell shows (`data`), and may add to the titles' tooltips (headerData)."""

    headers: Sequence[str] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[_Row] = []

    def set_rows(self, rows: Sequence[_Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def add_rows(self, rows: Sequence[_Row]) -> None:
        if not rows:
            return
        first = len(self.rows)
        self.beginInsertRows(ROOT, first, first + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()

    def row_at(self, index: Index) -> _Row | None:
        """The object shown in `index`'s row; None for no row (an index past the end)."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        return self.rows[index.row()]

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.headers):
            return self.headers[section]
        return super().headerData(section, orientation, role)


def redraw_on_palette_change(widget: QWidget, event: QEvent, redraw: Callable[[], object]) -> None:
    """For a window's changeEvent: when the system switches between light and dark, the
    colours chosen for the palette are drawn again by `redraw` — once, after the change has
    reached every child, and never after the window is gone."""
    if event.type() != QEvent.Type.PaletteChange or widget.property("redrawQueued"):
        return
    widget.setProperty("redrawQueued", True)

    def run() -> None:
        widget.setProperty("redrawQueued", False)
        redraw()

    QTimer.singleShot(0, widget, run)


class ConfirmChange(DiscardAskingDialog):
    """Asked before a change with wide effect (the rulebook in use, a user's account):
    what goes to what and what it changes, with a reason where the audit trail records
    why. Its action is never the default button. Opened with open(), never exec().
    A reason typed is not dropped by Escape, Cancel or the close box without a question."""

    def __init__(self, parent: QWidget, *, title: str, text: str, action: str,
                 object_name: str, reason: bool = False, reason_required: bool = True) -> None:
        super().__init__(parent)
        self._preferred_width = 560
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.setModal(True)
        self.message = QLabel(text)
        self.message.setObjectName(f"{object_name}Text")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # At the top, read first, with its reason field right under it: the room the
        # dialog's size leaves goes above the buttons (given to the question, it left a
        # blank band between a one-line question and its reason).
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = self._layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        self.reason: QLineEdit | None = None
        self.reason_required = reason_required
        if reason:
            self.reason = text_field(QLineEdit, f"{object_name}Reason", "Reason",
                                     "why (recorded in the audit trail)" if reason_required
                                     else "why (optional; recorded in the audit trail)")
            label = QLabel("&Reason")
            label.setBuddy(self.reason)
            row = QHBoxLayout()
            row.addWidget(label)
            row.addWidget(self.reason, 1)
            layout.addLayout(row)
            self.reason.textChanged.connect(lambda _t: self._update())
        # A line's gap sets the buttons apart from the reason; room from a resize goes
        # there too, not between the question and its reason.
        layout.addSpacing(self.fontMetrics().lineSpacing())
        layout.addStretch(1)
        buttons, self.action = dialog_buttons(self, action, self.accept,
                                              object_name=f"{object_name}Button")
        # A change with wide effect: Enter alone must not make it.
        self.action.setDefault(False)
        self.action.setAutoDefault(False)
        layout.addLayout(buttons)
        self.ask_cancel_on(f"{object_name}ButtonCancel", title=title,
                           question="Close without going ahead? The reason you typed is not kept.")
        self._update()
        fitted = self.sizeHint()
        resize_to_screen(self, fitted.width(), fitted.height())

    def sizeHint(self) -> QSize:
        """As wide as it prefers (within the screen) and as tall as its wrapped question,
        reason and buttons: a fixed 240 px height left a blank band under a short question
        (over a third of the Deactivate… confirmation was empty)."""
        width = self._preferred_width
        if screen := self.screen():
            width = min(width, int(screen.availableGeometry().width() * 0.95))
        layout = self._layout
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        return QSize(width, max(height, self.minimumSizeHint().height()))

    def keyPressEvent(self, event: Any) -> None:
        # Enter in the reason field pressed Cancel (the dialog's default), dropping the
        # reason just typed. It neither cancels nor installs: it goes to the action button
        # (Space presses it), or says the reason is still wanted.
        if (self.reason is not None and self.reason.hasFocus()
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            if self.action.isEnabled():
                self.action.setFocus(Qt.FocusReason.TabFocusReason)
            else:
                QToolTip.showText(self.reason.mapToGlobal(self.reason.rect().bottomLeft()),
                                  self.action.toolTip(), self.reason)
            event.accept()
            return
        super().keyPressEvent(event)

    def reason_text(self) -> str:
        return self.reason.text().strip() if self.reason is not None else ""

    def typed_anything(self) -> bool:
        return bool(self.reason_text())

    def ask(self, then: Callable[[str], object]) -> ConfirmChange:
        """Open the question, the cursor in the reason field where there is one;
        `then(reason)` once the action is pressed (Cancel or Escape calls nothing)."""
        self.accepted.connect(lambda: then(self.reason_text()))
        self.open()
        if self.reason is not None:
            self.reason.setFocus()
        return self

    def _update(self) -> None:
        set_available(self.action, "" if self.reason is None or self.reason_text()
                      or not self.reason_required else
                      "Give a reason first: it is recorded in the audit trail.")
