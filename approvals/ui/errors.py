"""Showing errors: expected ones as a plain message, unexpected ones with copyable details.

An uncaught exception is logged and shown in a non-modal dialog; the app keeps running.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys
import traceback
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QSpacerItem,
    QWidget,
)

from approvals.domain.errors import ApprovalsError, InputError, PermissionDenied
from approvals.domain.permissions import require
from approvals.ui.path_field import put_paths_on_lines
from approvals.ui.widgets import free_alt_keys, put_long_report

log = logging.getLogger("approvals.ui")


def one_line(exc: BaseException) -> str:
    """An unexpected error in a line: a database error's wrapper adds the SQL statement
    and a web link (the details, and the log, keep the whole of it)."""
    cause = getattr(exc, "orig", None) or exc
    said = (str(cause).strip().splitlines() or [""])[0]
    return f"{type(cause).__name__}: {said}"


def user_message(exc: BaseException) -> str:
    """What to tell the officer about an error a service raised."""
    if isinstance(exc, InputError):
        return "\n".join(str(p) for p in exc.problems)
    if isinstance(exc, ApprovalsError):
        return str(exc)
    return f"Something went wrong: {one_line(exc)}"


def refusal(actor: object, permission: str) -> str:
    """Why `actor` may not use `permission` (the service's own words), or '' when it may:
    for disabling a control with a tooltip before the service would refuse."""
    try:
        require(actor, permission)
    except PermissionDenied as exc:
        return str(exc)
    return ""


# An absolute path in a message: from a slash, a drive letter or a Windows share's "\\"
# that starts a word, to the next space or quote. The punctuation that ends its sentence is
# not part of it.
_PATH_IN_TEXT = re.compile(r"(?<![\w/\\.~:])(?:[A-Za-z]:[\\/]|\\\\[^\s\\/'\"“”‘’<>|*?]+\\|/)"
                           r"[^\s'\"“”‘’<>|*?]+")
# The words that go on with a path cut at a space: up to three, the last holding a folder
# separator not at its start ("My Documents/x.zip", "Board papers 2026/x.pdf"; "/c/d" is
# a path of its own, and so is "E:\y", the next of two Windows paths), or a file's name
# ("approvals backup.zip").
_PATH_GOES_ON = re.compile(r"(?:[\w-]+ ){0,2}(?![A-Za-z]:[\\/])[^\s'\"“”‘’<>|*?/\\]+[/\\]"
                           r"[^\s'\"“”‘’<>|*?]*"
                           r"|[\w-]+\.[A-Za-z0-9]{1,5}(?=[.,;:!?)\]]*(?:\s|$))")
# What is left of a path's name after the part an error carried ("/srv/my data" + "/x.db").
_REST_OF_NAME = re.compile(r"[^\s'\"“”‘’<>|*?]*")
# A path ends with its sentence: a space after ". , ; : ! ?" starts words, not more of it
# ("… in /srv/data. Notes/… follow"; "C:\x.zip: cannot be written").
_SENTENCE_PUNCTUATION = ".,;:!?"


def _trimmed(path: str) -> str:
    """`path` without the punctuation its sentence put after it ("…/backups)." → "…/backups")."""
    while path and (path[-1] in _SENTENCE_PUNCTUATION or _unopened(path)):
        path = path[:-1]
    return path


def _unopened(path: str) -> bool:
    """Whether `path` ends with a bracket it did not open (the sentence's: "(in /a/b)")."""
    opening = {")": "(", "]": "["}.get(path[-1])
    return opening is not None and path.count(path[-1]) > path.count(opening)


def _with_folders(path: str) -> list[str]:
    """`path` and the folders it lies in, drive or share and root aside: a message that
    carries a file's path may name its folder in the words ("put it back in FOLDER")."""
    windows = bool(re.match(r"[A-Za-z]:[\\/]|\\\\", path))
    pure = PureWindowsPath(path) if windows else PurePosixPath(path)
    return [path] + [str(p) for p in pure.parents if str(p) != pure.anchor]


def paths_named(message: str, exc: BaseException | None = None) -> list[str]:
    """The absolute paths `message` names: those `exc` carries (an OSError's file names, a
    problem's path: exact, spaces and all) and those found in the words. Where the words
    name a carried path or one of its folders, that is taken whole (and what follows it
    in the same name); elsewhere a path with a space in it is taken on while the word after
    the space goes on with it, never past the punctuation that ends a clause (words alone
    cannot tell "/home/ann/Approvals data." from a path and a word: a folder whose last
    name has a space is found whole only when the error carries it)."""
    known = [getattr(exc, "path", None), getattr(exc, "filename", None),
             getattr(exc, "filename2", None)]
    if isinstance(exc, InputError):
        known += [p.path for p in exc.problems]
    # A Windows path is absolute by its drive or share on any system (it is tested on all).
    found = [str(p) for p in known if isinstance(p, str | os.PathLike)
             and (os.path.isabs(p) or PureWindowsPath(p).is_absolute())]
    exact = sorted({folder for path in found for folder in _with_folders(path)},
                   key=len, reverse=True)
    taken_to = 0
    for match in _PATH_IN_TEXT.finditer(message):
        start = match.start()
        if start < taken_to:  # inside a path already taken (a carried one with spaces)
            continue
        path, end = match.group(), match.end()
        carried = next((p for p in exact if message.startswith(p, start)), None)
        if carried is not None:
            rest = _REST_OF_NAME.match(message, start + len(carried))
            assert rest is not None  # it matches the empty string too
            path, end = carried + rest.group(), rest.end()
            if not rest.group():  # the whole of what the error carries: nothing to add
                found.append(carried)
                taken_to = end
                continue
        while (message[end:end + 1] == " " and path[-1:] not in _SENTENCE_PUNCTUATION
               and (more := _PATH_GOES_ON.match(message, end + 1))):
            path, end = f"{path} {more.group()}", more.end()
        trimmed = _trimmed(path)
        found.append(carried if carried is not None and len(trimmed) < len(carried) else trimmed)
        taken_to = end
    return [p for p in dict.fromkeys(found) if len(p) > 1]


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> QMessageBox:
    """A non-modal message; unexpected errors carry their details for copying. Each path
    the message names is on a line of its own (put_paths_on_lines): wrapped in its
    sentence, a long one broke mid-name ("/home/officer/.local/ / share/…")."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    # The title is also the first line: some platforms (macOS) show no title on a message
    # box, and a bare list of problems does not say what failed.
    box.setText(title)
    message = user_message(exc)
    if isinstance(exc, ApprovalsError):
        # A problem a line: a facts file of 300 bad fields made a box taller than the
        # screen, its OK below the edge.
        put_long_report(box, message.splitlines())
    else:
        box.setDetailedText("".join(traceback.format_exception(exc)))
        box.setInformativeText(message + "\n\nThe details were written to the log.")
    box.setTextInteractionFlags(box.textInteractionFlags())
    put_paths_on_lines(box, paths_named(message, exc), label_name="qt_msgbox_informativelabel")
    box.setObjectName("errorDialog")
    room_for_title(box)
    _details_key(box)  # where there are details (an unexpected error's, a long report's)
    _close_key(box)
    box.open()
    return box


def title_bar_width(box: QMessageBox) -> int:
    """The width a window manager's title bar needs for the box's title whole: the title in
    bold (Openbox, Metacity and KWin draw it bold) and room for the window's icon and three
    buttons, about a line's height and a half each, scaling with the font."""
    # (PySide6 takes the class name as a str; its stubs say bytes, which it refuses.)
    font = QFont(QApplication.font("QMdiSubWindowTitleBar"))  # type: ignore[call-overload]
    font.setBold(True)
    metrics = QFontMetrics(font)
    return metrics.horizontalAdvance(box.windowTitle()) + 6 * metrics.height()


def room_for_title(box: QMessageBox) -> None:
    """A message box at least as wide as its title bar needs: Qt allows 50 pixels beside
    the title in the plain font, and under Openbox a short message's box cut "Could not
    record the step “Submit the filing”" to "Could not record t… “Submit the filing”". A
    spacer in the box's grid holds the width (Qt fixes the box's size from its layout);
    never wider than the screen's room for it."""
    layout = box.layout()
    if not isinstance(layout, QGridLayout):
        return
    screen = box.screen().availableGeometry().width() if box.screen() else 1024
    width = min(title_bar_width(box), screen - 2 * layout.contentsMargins().left() - 40)
    layout.addItem(QSpacerItem(width, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed),
                   layout.rowCount(), 0, 1, layout.columnCount())


def log_file() -> Path | None:
    """The file the log is written to (logging_setup's rotating file; pytest's own file
    handler is a plain one), None when the app runs without a log."""
    files = [h for h in logging.getLogger().handlers
             if isinstance(h, logging.handlers.RotatingFileHandler)]
    return Path(files[-1].baseFilename) if files else None


def show_unexpected(parent: QWidget | None, exc: BaseException, details: str) -> QMessageBox:
    """The error in a line, the log file's path on a line of its own, the traceback only
    under Show Details (Alt+D); non-modal to the app, which keeps running."""
    if not details:  # a caller that handled the failure itself logged nothing
        details = "".join(traceback.format_exception(exc))
        log.error("unexpected error:\n%s", details)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Unexpected error")
    box.setText(
        "An unexpected error occurred. Your saved work is safe; the action did not complete."
    )
    written = log_file()
    box.setInformativeText(one_line(exc) if written is None else
                           f"{one_line(exc)}\n\nThe details were written to the log:\n{written}")
    box.setDetailedText(details)
    box.setObjectName("unexpectedErrorDialog")
    _details_key(box)
    _close_key(box)
    if written is not None:
        put_paths_on_lines(box, [str(written)], label_name="qt_msgbox_informativelabel")
    if parent is None:
        _UNOWNED.add(box)
        # Let go of it once its finished signal has returned (not inside it, with Qt still
        # in the box), and with nothing of the box in the slot: a slot holding the box made
        # a cycle that Python's collector freed later, at any moment, inside other work.
        box.finished.connect(lambda _result: QTimer.singleShot(0, _release_unowned))
    box.open()
    return box


def _details_key(box: QMessageBox) -> None:
    """Show Details... (and Hide Details...) with Alt+D: Qt's button has no Alt key, and
    sets its own words again on every click, after which ours are put back."""
    button = next((b for b in box.buttons()
                   if box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole
                   and b.text().endswith("Details...")), None)
    if button is None:
        return

    def keyed() -> None:
        if "&" not in button.text():
            button.setText(button.text().replace("Details", "&Details", 1))

    keyed()
    button.clicked.connect(keyed)  # after the box's own handler, which re-labels it


def _close_key(box: QMessageBox) -> None:
    """The box's OK with an Alt key of its own, as Show Details has Alt+D: Qt's OK has
    none (and is made only as the box shows), so it is added here and given the first
    letter of its name that no other control of the box uses."""
    ok = box.addButton(QMessageBox.StandardButton.Ok)
    box.setDefaultButton(ok)  # Enter (and Escape, the only way out) still close it
    box.setEscapeButton(ok)
    free_alt_keys(box, [ok])


def _window_to_show_over() -> QWidget | None:
    """The active window, else a visible main window (another program has the focus, or
    the window that failed has closed): the box is shown over the app either way."""
    active = QApplication.activeWindow()
    if active is not None:
        return active
    shown = [w for w in QApplication.topLevelWidgets()
             if w.isVisible() and isinstance(w, QMainWindow)]
    return shown[0] if shown else None


# Boxes shown with no window to own them: kept until closed (unowned and unreferenced,
# Python freed one as soon as it was opened, and the error showed nothing).
_UNOWNED: set[QMessageBox] = set()


def _release_unowned() -> None:
    """The unowned boxes closed by now: no longer kept (freed here, between events)."""
    _UNOWNED.difference_update([box for box in _UNOWNED if not box.isVisible()])


def install_exception_hook() -> None:
    """Log uncaught exceptions and show them instead of letting Qt abort."""

    def hook(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("uncaught exception:\n%s", details)
        app = QApplication.instance()
        if app is not None:
            show_unexpected(_window_to_show_over(), exc, details)

    sys.excepthook = hook
