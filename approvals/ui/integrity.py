"""The database's whole-file check, run after the window shows.

Opening the data folder does only the cheap checks (store.migrate: the file is a database,
its schema and each table's ends can be read, the migration record is there); SQLite's
quick_check reads the whole file, about half a minute for a large installation not yet in
the disk cache, so it runs here on the TaskRunner's background thread while the officer
works. Damage found is said in a banner across the top of the main window (not a box that
interrupts typing), with the way back: restore a backup. Before a migration the check still
runs before anything opens (store.migrate), as the upgrade is about to write.

Writes are not refused once damage is found: signing in, the restore itself and its audit
record are writes, so refusing them would lock out the administrator who has to restore;
SQLite fails a statement that runs into a damaged page rather than writing through it. The
banner says that what is entered now is lost when the backup is restored.

The check runs at every start, not skipped after a recent pass on a file closed cleanly:
damage from a failing disk changes neither the file's date nor its size, so "unchanged
since it passed" cannot be told reliably, and that damage is what the check is for. It
now costs the officer no waiting, only background reading.
"""

from __future__ import annotations

import contextlib
import html
import logging
import threading
import time
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.migrate import integrity_problem
from approvals.ui.errors import refusal
from approvals.ui.progress import is_cancelled
from approvals.ui.widgets import palette_styled, set_available
from approvals.ui.workers import Progress, Task, TaskRunner

log = logging.getLogger(__name__)

BANNER = "databaseDamageBanner"
ASK_ADMIN = "Ask an administrator to restore a backup."


def damage_text(problem: str, data_dir: DataDir, *, may_restore: bool) -> str:
    what = html.escape(problem if len(problem) <= 300 else problem[:300] + "…")
    then = ("Restore a backup now (the button here, or File → Restore…)" if may_restore
            else ASK_ADMIN.rstrip(".") + " now")
    return (
        "<b>⚠ The database is damaged.</b> SQLite's check of the whole file found: "
        f"<i>{what}</i>. Cases and records may be missing or wrong, and whatever is entered "
        f"now is lost when a backup is restored. {then}; the automatic backups are in "
        f"<code>{html.escape(str(data_dir.backups))}</code>. Details are in the log."
    )


class DamageBanner(QFrame):
    """The warning across the top of a main window, with Restore a backup… (for a user who
    may restore) and Open backups folder. It stays until a backup is restored."""

    def __init__(self, window: QMainWindow, data_dir: DataDir, actor: Actor) -> None:
        super().__init__(window)
        self.window_, self.data_dir, self.actor = window, data_dir, actor
        self.problem = ""
        self.setObjectName(BANNER)
        self.setAccessibleName("Database damaged")
        self.label = QLabel()
        self.label.setObjectName("databaseDamageText")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        palette_styled(self.label, "warning")  # kept amber when the system turns dark
        self.restore_button = QPushButton("Restore a &backup…")
        self.restore_button.setObjectName("damageRestoreButton")
        self.restore_button.clicked.connect(self.restore)
        self.folder_button = QPushButton("Open backups folder")
        self.folder_button.setObjectName("damageBackupsFolderButton")
        self.folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_dir.backups))))
        buttons = QVBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(9, 6, 9, 0)  # in line with the case list below it
        row.addWidget(self.label, 1)
        row.addLayout(buttons)
        self.hide()
        roles_changed = getattr(window, "roles_changed", None)
        if roles_changed is not None:  # an administrator changed the signed-in user's roles
            roles_changed.connect(self.apply_roles)

    def apply_roles(self, actor: Actor) -> None:
        self.actor = actor
        why = refusal(actor, "backup.restore")
        set_available(self.restore_button, why and f"{why} {ASK_ADMIN}",
                      "Choose a backup to restore; it is checked before anything is replaced")
        if self.problem:
            self.label.setText(damage_text(self.problem, self.data_dir, may_restore=not why))

    def show_problem(self, problem: str) -> None:
        self.problem = problem
        self.apply_roles(self.actor)
        self.show()

    def restore(self) -> None:
        features = getattr(self.window_, "backup_features", None)
        if features is not None:  # File → Restore…: choose a backup, checked, then confirm
            features.choose_restore_file()


class IntegrityWatch(QObject):
    """Runs the quick_check in the background and tells every main window attached."""

    problem_found = Signal(str)
    cleared = Signal()  # a backup was restored: the damaged file is gone
    passed = Signal()

    def __init__(self, runner: TaskRunner, data_dir: DataDir) -> None:
        super().__init__(runner)  # as long as the app: windows come and go with sign-ins
        self.runner, self.data_dir = runner, data_dir
        self.problem: str | None = None
        self.task: Task | None = None
        self._restores = 0  # a check that began before a restore says nothing of its data
        self._verdict = False  # the check ended with an answer (passed, or damage found)
        self._interrupted = False

    def start(self) -> Task:
        """Submit the check. Submitted before the automatic backup, it runs first on the
        one background thread: the two never read the file at the same moment, and the
        backup then finds it in the disk cache."""
        path, runner, restores = self.data_dir.database, self.runner, self._restores
        acknowledged = threading.Event()
        self._verdict = self._interrupted = False

        def work(progress: Progress) -> tuple[str | None, float]:
            started = time.perf_counter()
            problem = integrity_problem(path, cancelled=lambda: progress.cancelled)
            seconds = time.perf_counter() - started
            if problem:
                log.error("database integrity check FAILED after %.1f s: %s", seconds, problem)
                # Told to the GUI thread now (_found), and the background thread held until
                # it has taken it in: an automatic backup queued behind this check is
                # cancelled there before it can start copying the damage (and fail with a
                # box over the banner). Quitting ends the wait too.
                progress.report(100, problem)
                while not acknowledged.wait(0.05) and not progress.cancelled:
                    pass
            return problem, seconds

        def found(_percent: int, problem: str) -> None:
            try:
                self._found(problem, restores)
            finally:
                acknowledged.set()

        self.task = runner.background(work, lambda result: self._checked(result, restores),
                                      self._not_checked, found)
        return self.task

    def interrupt(self) -> None:
        """Stop a check under way, at once (a sign-out: the sign-in dialog does not wait
        for it; quitting); `resume` starts it again."""
        if self.task is not None and not self._verdict:
            self.task.progress.cancel()
            self._interrupted = True

    def resume(self) -> None:
        """Start again a check that `interrupt` stopped before it had an answer."""
        if self._interrupted and not self._verdict:
            log.info("database integrity check started again")
            self.start()

    def _found(self, problem: str, restores: int) -> None:
        self._verdict = True
        if restores != self._restores:
            log.info("database integrity check of the data replaced by a restore ignored")
            return
        self.runner.cancel_background()  # what was queued behind the check: a backup
        self.problem = problem
        self.problem_found.emit(problem)

    def _checked(self, result: tuple[str | None, float], restores: int) -> None:
        problem, seconds = result
        self._verdict = True
        if problem is None and restores == self._restores:
            log.info("database integrity check passed in %.1f s", seconds)
            self.passed.emit()

    def _not_checked(self, exc: BaseException) -> None:
        if is_cancelled(exc):  # quitting (the next start checks again), or a sign-out
            log.info("database integrity check stopped")
            return
        log.error("the database integrity check could not run: %s", exc)

    def clear(self, *_args: Any) -> None:
        if self.problem is not None:
            log.info("a backup was restored; the damage warning is withdrawn")
        self.problem = None
        self._restores += 1
        self.cleared.emit()

    def attach(self, window: QMainWindow, actor: Actor) -> DamageBanner:
        """Put the (hidden) banner above the window's contents; it shows when damage is
        found, or at once when it was found before this window (a later sign-in)."""
        banner = DamageBanner(window, self.data_dir, actor)
        content = window.takeCentralWidget()
        holder = QWidget()
        holder.setObjectName("mainWindowContent")
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(banner)
        if content is not None:
            layout.addWidget(content, 1)
        window.setCentralWidget(holder)
        if window.isVisible():  # attached to a window already shown: shown with it at once
            holder.show()
        window.damage_banner = banner  # type: ignore[attr-defined]

        def found(problem: str) -> None:
            if isValid(banner):
                banner.show_problem(problem)

        def gone() -> None:
            if isValid(banner):
                banner.hide()

        self.problem_found.connect(found)
        self.cleared.connect(gone)
        banner.destroyed.connect(lambda _o=None: self._detach(found, gone))
        features = getattr(window, "backup_features", None)
        if features is not None:  # a restored backup was checked thoroughly before it went in
            features.restored.connect(self.clear)
        if self.problem is not None:
            banner.show_problem(self.problem)
        return banner

    def _detach(self, found: Any, gone: Any) -> None:
        for signal, slot in ((self.problem_found, found), (self.cleared, gone)):
            with contextlib.suppress(RuntimeError, TypeError):  # already gone
                signal.disconnect(slot)
