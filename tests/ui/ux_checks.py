"""Checks a screen the way an officer with a screen reader or a dark theme meets it:
controls without a name, greyed-out buttons that do not say why, text colours set in code
that are unreadable on what they are drawn on. Used by tests/ui/test_ux_audit.py and by
the tests of single dialogs."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabBar,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit,
               QTextEdit, QAbstractSpinBox)
AA = 4.5  # WCAG AA contrast for normal-size text


def _parts_of_qt(widget: QWidget) -> bool:
    """Qt's own pieces (header sections, a calendar's month buttons, a spin box's editor,
    a line edit's clear button):
    Qt names them itself."""
    parent = widget.parentWidget()
    return (isinstance(widget, QHeaderView) or widget.objectName().startswith("qt_")
            or isinstance(parent, QAbstractSpinBox | QComboBox | QLineEdit))


def unnamed_controls(root: QWidget) -> list[str]:
    """Visible controls a screen reader would announce without a name: no accessible name,
    no text of their own, and no label pointing at them (QLabel.setBuddy / a form row)."""
    buddies = {label.buddy() for label in root.findChildren(QLabel) if label.buddy()}
    found = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, INTERACTIVE) or not w.isVisibleTo(root) or _parts_of_qt(w):
            continue
        text = w.text().replace("&", "").strip() if isinstance(w, QAbstractButton) else ""
        if not (w.accessibleName() or text or w in buddies):
            found.append(f"{type(w).__name__} {w.objectName()!r}")
    return found


def silent_disabled_buttons(root: QWidget) -> list[str]:
    """Greyed-out buttons with nothing to say why (no tooltip)."""
    return [f"{b.text()!r} {b.objectName()!r}" for b in root.findChildren(QAbstractButton)
            if b.isVisibleTo(root) and not b.isEnabled() and not b.toolTip()
            and not _parts_of_qt(b)]


def tab_traps(root: QWidget) -> list[str]:
    """Multi-line fields that keep the Tab key (typing a tab character) instead of moving
    on: a keyboard user cannot leave them without knowing Ctrl+Tab."""
    return [f"{type(w).__name__} {w.objectName()!r}"
            for w in root.findChildren(QPlainTextEdit) + root.findChildren(QTextEdit)
            if w.isVisibleTo(root) and not w.isReadOnly() and not w.tabChangesFocus()]


_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic_clashes(root: QWidget) -> list[str]:
    """Alt+letter keys two visible controls of one window share: Qt then only moves the
    focus between them, and neither button is pressed."""
    seen: dict[str, list[str]] = {}

    def note(text: str) -> None:
        match = _MNEMONIC.search(text.replace("&&", ""))
        if match:
            seen.setdefault(match.group(1).casefold(), []).append(text.replace("&", ""))

    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root):
            continue
        # Greyed-out buttons too: they are enabled for someone with other roles.
        if isinstance(w, QAbstractButton) or (isinstance(w, QLabel) and w.buddy() is not None):
            note(w.text())
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                note(w.tabText(i))
    return [f"Alt+{key.upper()}: {' / '.join(texts)}"
            for key, texts in sorted(seen.items()) if len(texts) > 1]


def alt_keys_taken_away(root: QWidget) -> list[str]:
    """Buttons that show an Alt key (an underlined letter) that does not press them:
    QAbstractButton.setShortcut(Ctrl+…) replaces the Alt key the "&" gave it (the case
    window's Alt+R underlined Refresh and did nothing). A second key goes through
    widgets.second_key instead."""
    found = []
    for button in root.findChildren(QAbstractButton):
        match = _MNEMONIC.search(button.text().replace("&&", ""))
        if match is None:
            continue
        wanted = QKeySequence(f"Alt+{match.group(1).upper()}")
        if button.shortcut() != wanted:
            found.append(f"{button.text().replace('&', '')}: shows Alt+{match.group(1).upper()}"
                         f" but answers {button.shortcut().toString() or 'no key'}")
    return found


def dead_alt_keys(root: QWidget) -> list[str]:
    """Labels that show an Alt key (an underlined letter) that moves the focus nowhere: a
    buddy that takes no focus (a field's container rather than the field). (Without a
    buddy Qt shows no Alt key: the "&" is printed as it is.)"""
    found = []
    for label in root.findChildren(QLabel):
        if not label.isVisibleTo(root) or label.textFormat() == Qt.TextFormat.RichText:
            continue
        if not _MNEMONIC.search(label.text().replace("&&", "")):
            continue
        buddy = label.buddy()
        if (buddy is not None and buddy.focusPolicy() == Qt.FocusPolicy.NoFocus
                and buddy.focusProxy() is None):
            found.append(f"{label.text().replace('&', '')!r} -> {type(buddy).__name__}")
    return found


def contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return (0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
                + 0.0722 * channel(c.blueF()))
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


_SPAN = re.compile(r"style\s*=\s*[\"']([^\"']*)[\"']", re.I)
_FG = re.compile(r"(?<![-\w])color\s*:\s*(#[0-9a-f]{6}|#[0-9a-f]{3}|palette\(\s*[a-z-]+\s*\))",
                 re.I)
_BG = re.compile(r"background(?:-color)?\s*:\s*(#[0-9a-f]{6}|#[0-9a-f]{3})\b", re.I)


def _colour(text: str) -> QColor:
    """A colour a style sheet names: "#b71c1c", or "palette(mid)" (the application's)."""
    role = re.fullmatch(r"palette\(\s*([a-z-]+)\s*\)", text, re.I)
    if role is None:
        return QColor(text)
    name = "".join(part.capitalize() for part in role.group(1).split("-"))
    return QApplication.palette().color(getattr(QPalette.ColorRole, name))


def unreadable_colours(root: QWidget) -> list[str]:
    """Text colours the code sets itself (a label's style sheet, a colour in its rich
    text) that fall below 4.5:1 against what they are drawn on: their own background
    when they set one, else the window's."""
    # The application's palette: a widget's own copy follows a change only on its next event.
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    found = []
    for label in [*root.findChildren(QLabel), *([root] if isinstance(root, QLabel) else [])]:
        if not label.isVisibleTo(root):
            continue
        sheet = label.styleSheet()
        sheet_bg = _BG.search(sheet)
        behind = QColor(sheet_bg.group(1)) if sheet_bg else window
        styles = [sheet, *_SPAN.findall(label.text())]
        for style in styles:
            fg = _FG.search(style)
            if fg is None:
                continue
            bg = _BG.search(style)
            ratio = contrast(_colour(fg.group(1)), QColor(bg.group(1)) if bg else behind)
            if ratio < AA:
                found.append(f"{label.objectName() or label.text()[:40]!r}: {fg.group(1)} on "
                             f"{(bg.group(1) if bg else behind.name())} is {ratio:.1f}:1")
    return found


def squeezed_fields(root: QWidget) -> list[str]:
    """One-line fields, combo boxes and buttons drawn lower than their text needs: a
    layout that did not grow when a message appeared (or at 200 %) cuts their text off."""
    found = []
    for w in root.findChildren(QWidget):
        if (not isinstance(w, QLineEdit | QComboBox | QAbstractSpinBox | QPushButton)
                or not w.isVisibleTo(root) or _parts_of_qt(w)):
            continue
        needed = w.minimumSizeHint().height()
        if w.height() < needed:
            found.append(f"{type(w).__name__} {w.objectName() or w.accessibleName()!r} is "
                         f"{w.height()} px high, needs {needed}")
    return found


def problems(name: str, root: QWidget) -> list[str]:
    return ([f"{name}: unnamed {w}" for w in unnamed_controls(root)]
            + [f"{name}: disabled without a reason {b}" for b in silent_disabled_buttons(root)]
            + [f"{name}: Tab is trapped in {w}" for w in tab_traps(root)]
            + [f"{name}: {clash}" for clash in mnemonic_clashes(root)]
            + [f"{name}: unreadable {c}" for c in unreadable_colours(root)]
            + [f"{name}: squeezed {w}" for w in squeezed_fields(root)]
            + [f"{name}: Alt key leads nowhere {w}" for w in dead_alt_keys(root)])


def alt_key_in(qtbot: Any, field: QWidget, key: Qt.Key) -> None:
    """Alt+`key` as the officer presses it: in the active window, with the cursor in
    `field` (keys go to the widget that has the focus, which the Alt key guard watches)."""
    window = field.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5_000)
    qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.AltModifier)
