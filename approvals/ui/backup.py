"""Backup and restore in the desktop app: File → Back up… and Restore…, and the daily
automatic backup started with the app (and made again each day it stays open). Backups run
on the TaskRunner's background thread, so the case list keeps both read threads meanwhile;
the check before a restore and the restore itself run on its read and write workers."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget
from shiboken6 import isValid

from approvals.domain.documents import megabytes, size_text
from approvals.domain.errors import Cancelled, CheckFailed, DatabaseBusy
from approvals.domain.numbers import counted
from approvals.paths import DataDir
from approvals.services import backup as svc
from approvals.store.audit import Actor
from approvals.store.db import is_busy
from approvals.ui.errors import refusal, show_error
from approvals.ui.files import BACKUPS, ask_open_file, ask_save_file, suggested_name
from approvals.ui.path_field import put_path_in_box
from approvals.ui.progress import ProgressDialog, ProgressHost, is_cancelled, service_callbacks
from approvals.ui.widgets import install_features, set_available
from approvals.ui.workers import Progress, TaskRunner

log = logging.getLogger(__name__)
RESTORING = "A restore is under way; wait until it has finished."
# How often a restore waiting for the background thread's backup or check looks again.
BACKGROUND_POLL_S = 0.1
BACKUP_CANCELLED = "Backup cancelled; nothing was written."
RESTORE_CANCELLED = "Restore cancelled; nothing was changed."


def readable_time(stamp: str) -> str:
    """An ISO-8601 UTC timestamp as the officer's local date and time ("29 November 2026,
    14:05"); anything unparseable (an odd manifest) is shown as it is rather than hidden."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is None:  # our stamps are UTC even without a suffix
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    return f"{local.day} {local:%B %Y, %H:%M}"


def _made_with_problems(warnings: tuple[str, ...]) -> str:
    """The backup's own warnings, said before Restore: the restored data has the same gaps
    (a document recorded but missing stays missing after the restore)."""
    if not warnings:
        return ""
    # The stored name (a hash) is for the log and Show Details…, not the sentence.
    first = re.sub(r", stored as documents/\S+,", "", warnings[0])
    more = f" (and {counted(len(warnings) - 1, 'more problem')}, see Show Details…)" \
        if len(warnings) > 1 else ""
    return (f" When it was made, the backup warned: {first}{more}; the restored data has the "
            "same gap.")


# What becomes of the data a restore replaces (services.backup._keep_replaced), said before.
KEPT_UNTIL_REMOVED = (
    "the data it replaces is kept under backups/ in the data folder (replaced-<date and "
    "time>) until you remove it: the app never does, as it is the only copy of what the "
    "restore undoes, audit trail included.")


def _earlier_copies(copies: list[tuple[Path, int]]) -> str:
    """How much room the copies earlier restores kept take, so the officer knows what may
    be cleared out (once the auditors no longer need them); "" when there are none."""
    if not copies:
        return ""
    return (f" The copies kept by {counted(len(copies), 'earlier restore')} take "
            f"{megabytes(sum(size for _path, size in copies))} there now.")


def _cancel_key(dialog: ProgressDialog, text: str) -> None:
    """The progress window's Cancel with its Alt key (Alt+C), named for what it stops: the
    panel's own "Cancel" had none (set after `start`, which resets it)."""
    dialog.panel.cancel_button.setText(text)


class BackupFeatures(QObject, ProgressHost):
    backed_up = Signal(object)  # svc.BackupResult
    restored = Signal(object)  # svc.RestoreResult
    backup_cancelled = Signal()
    restore_cancelled = Signal()

    def __init__(self, window: QMainWindow, runner: TaskRunner, actor: Actor,
                 data_dir: DataDir) -> None:
        super().__init__(window)
        self.window, self.runner, self.actor, self.data_dir = window, runner, actor, data_dir
        self.confirm_box: QMessageBox | None = None
        # A restore under way: Back up… (a copy of the data being replaced, recorded in the
        # trail that replaces it) and another Restore… are greyed out until it has ended.
        self.restoring = False
        self.progress_dialog: ProgressDialog | None = None  # the latest backup's or restore's
        self.backup_action = QAction("&Back up…", window)
        self.backup_action.setObjectName("backupAction")
        self.backup_action.triggered.connect(lambda _c=False: self.choose_backup_file())
        self.restore_action = QAction("&Restore…", window)
        self.restore_action.setObjectName("restoreAction")
        self.restore_action.triggered.connect(lambda _c=False: self.choose_restore_file())
        self.apply_roles(actor)
        roles_changed = getattr(window, "roles_changed", None)
        if roles_changed is not None:  # an administrator changed the signed-in user's roles
            roles_changed.connect(self.apply_roles)
        file_menu = getattr(window, "file_menu", None) or window.menuBar().addMenu("&File")
        quit_action = next((a for a in file_menu.actions() if a.objectName() == "quitAction"), None)
        if quit_action is not None:  # just above the separator before Quit
            actions = file_menu.actions()
            anchor = actions[actions.index(quit_action) - 1] if actions.index(quit_action) else quit_action
            file_menu.insertActions(anchor, [self.backup_action, self.restore_action])
        else:
            file_menu.addActions([self.backup_action, self.restore_action])

    def apply_roles(self, actor: Actor) -> None:
        """Enable what `actor` (the signed-in user, as they are now) may do; a greyed-out
        item says why."""
        self.actor = actor
        for action, permission in ((self.backup_action, "backup.create"),
                                   (self.restore_action, "backup.restore")):
            why = refusal(actor, permission) or (RESTORING if self.restoring else "")
            action.setEnabled(not why)
            action.setToolTip(why)  # the File menu shows only a tooltip set: the reason
            action.setStatusTip(why)

    # -- backup -----------------------------------------------------------------------
    def choose_backup_file(self) -> QFileDialog:
        # The officer's own date and time, as the app's other proposed names (a backup at
        # 07:00 in Beijing is not named for the day before, in UTC).
        stamp = datetime.now().astimezone().strftime("%Y-%m-%d-%H%M")
        return ask_save_file(self.window, BACKUPS, title="Back up the data folder",
                             name=suggested_name(BACKUPS, "approvals-backup", stamp, dated=False),
                             data_dir=self.data_dir, chosen=self.backup_to)

    def backup_to(self, out: Path) -> ProgressDialog:
        """Back up on a worker, with progress and Cancel in a small non-modal window."""
        data_dir, actor, db = self.data_dir, self.actor, self.runner.db
        self._status("Backing up…")
        dialog = self._progress_dialog("Back up", "backup")

        def work(progress: Progress) -> svc.BackupResult:
            report, cancelled = service_callbacks(progress)
            return svc.create_backup(data_dir, out=out, actor=actor, db=db, progress=report,
                                     cancelled=cancelled)

        def done(result: svc.BackupResult) -> None:
            dialog.succeeded()
            note = f" ({counted(len(result.warnings), 'warning')})" if result.warnings else ""
            self._status(f"Backed up to {result.path}{note}")
            if result.warnings:  # a gap in the data: said where the officer looks, not a log
                self._show_backup_warnings(result)
            self.backed_up.emit(result)

        def failed(exc: BaseException) -> None:
            dialog.failed(exc, cancelled_text=BACKUP_CANCELLED, error_title="The backup failed",
                          on_cancelled=lambda: self._cancelled(BACKUP_CANCELLED,
                                                               self.backup_cancelled))

        # One backup at a time on the background thread: this one waits for the automatic
        # one (the first progress replaces the text), and Cancel works meanwhile too.
        waits = self.runner.background_busy
        task = self.runner.background(work, done, failed, dialog.panel.update_progress)
        dialog.start(task, f"Waiting for the backup or database check already running to finish "
                           f"before backing up to {out.name}…" if waits
                     else f"Backing up to {out.name}…")
        _cancel_key(dialog, "&Cancel backup")
        return dialog

    def _show_backup_warnings(self, result: svc.BackupResult) -> QMessageBox:
        """What the backup found wrong in the data folder (a document recorded but missing):
        the backup holds the data as it is, and a restore of it would have the same gap."""
        box = QMessageBox(self.window)
        box.setObjectName("backupWarnings")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Backed up, with warnings")
        box.setText(f"Backed up to {result.path} ({size_text(result.size)}), but the data "
                    f"folder has {counted(len(result.warnings), 'problem')}:")
        # The stored name (a hash) is for Show Details…, not the sentence.
        first = re.sub(r", stored as documents/\S+,", "", result.warnings[0])
        more = (f" (and {counted(len(result.warnings) - 1, 'more')}, see Show Details…)"
                if len(result.warnings) > 1 else "")
        # A stored document missing or changed (not, say, the rulebook's record): the
        # check that finds every such document.
        documents = any("documents/" in w for w in result.warnings)
        verify = " View → Verify audit trail checks every stored document." if documents else ""
        box.setInformativeText(
            f"{first}{more}. The backup holds the data as it is, so restoring it would bring "
            f"back the same gap.{verify}")
        box.setDetailedText("\n".join(result.warnings))
        box.open()
        return box

    # -- restore ----------------------------------------------------------------------
    def choose_restore_file(self) -> QFileDialog:
        # Nothing remembered yet: the automatic backups' folder, where they are.
        return ask_open_file(self.window, BACKUPS, title="Restore a backup",
                             data_dir=self.data_dir, chosen=self.confirm_restore,
                             usual=self.data_dir.backups)

    def confirm_restore(self, path: Path) -> QMessageBox:
        """Check the backup first (off the GUI thread), then ask before replacing anything."""
        box = QMessageBox(self.window)
        box.setObjectName("restoreConfirm")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Restore a backup")
        box.setText(f"Checking {path.name}…")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        restore = box.button(QMessageBox.StandardButton.Yes)
        restore.setText("&Restore")  # what it does, not "Yes" to a question
        # Alt+C, as the app's other questions have it (the standard button had no key).
        cancel = box.button(QMessageBox.StandardButton.Cancel)
        cancel.setText("&Cancel")
        box.setEscapeButton(cancel)
        set_available(restore, "The backup is being checked first.")
        self.confirm_box = box
        data_dir, actor, db = self.data_dir, self.actor, self.runner.db
        # The checked copy, unpacked in the data folder: Restore swaps in this very copy
        # (the backup is read once); any other answer discards it.
        kept: list[svc.CheckedBackup] = []

        def work(progress: Progress) -> tuple[svc.CheckedBackup, list[tuple[Path, int]]]:
            report, cancelled = service_callbacks(progress)
            copy = svc.check_for_restore(data_dir, path, actor=actor, db=db, progress=report,
                                         cancelled=cancelled)
            return copy, svc.replaced_copies(data_dir)

        def checked(outcome: tuple[svc.CheckedBackup, list[tuple[Path, int]]]) -> None:
            copy, earlier = outcome
            if not box.isVisible():  # closed just as the check ended
                copy.discard()
                return
            kept.append(copy)
            info = copy.info
            box.setText(f"The backup {path.name} made {readable_time(info.created_at)} is intact.")
            # Users and settings go back too: an administrator must know that a user
            # added or a password changed since then is undone, not only the cases.
            # So does the rulebook, which decides every re-screening's outcome.
            if info.rulebook == svc.RULEBOOK_WITH_PROBLEM:  # "with a problem is in use"
                rulebook = ("the installed rulebook updates (as they were backed up, with the "
                            "problem the backup warned of: afterwards, revert to the shipped "
                            "rulebook under View → Rulebook → Revert), ")
            else:
                rulebook = (f"the installed rulebook updates (then {info.rulebook} is in use), "
                            if info.rulebook is not None else "")
            gone = svc.not_a_user_after_restore(self.actor.username, info.users,
                                                self.actor.display_name)
            signs_out = f" Restoring signs you out: {gone}" if gone else ""
            upgraded = svc.older_database_note(info)
            upgraded = f" {upgraded}" if upgraded else ""
            older = ("" if info.rulebook is not None else
                     " The backup was made before backups held the rulebook: the rulebook in "
                     "use here stays.")
            box.setInformativeText(
                f"{self._open_case_windows_note()}"
                "Restoring replaces the data with the backup's: the cases and their "
                "documents, the audit trail, the users with their roles and passwords, the "
                f"security settings, the installation keys trusted, {rulebook}and the holiday "
                "calendars entered. Whatever "
                f"changed since the backup is undone; {KEPT_UNTIL_REMOVED}"
                f"{_earlier_copies(earlier)} Review packs open here and this computer's key "
                f"stay.{older}{upgraded}{_made_with_problems(info.warnings)}{signs_out}"
                f"{' ' + info.trust_note if info.trust_note else ''} Restore?")
            if info.warnings:  # the details, one a line, behind "Show Details…"
                box.setDetailedText("\n".join(info.warnings))
            set_available(restore, "", "Replace the data with the backup's")

        def failed(exc: BaseException) -> None:
            if is_cancelled(exc):  # the officer closed the box while it was checking
                return
            box.done(QMessageBox.StandardButton.Cancel)
            # The file by its name: "This backup cannot be restored" stood over "pack.zip
            # … is an offline review pack, not a backup" (a file picked by mistake).
            show_error(self.window, f"{path.name} was not restored", exc)

        def checking(percent: int, _message: str) -> None:
            if not restore.isEnabled():
                box.setText(f"Checking {path.name}… {percent} %")

        # Checking a large backup reads all of it: Cancel stops that too.
        task = self.runner.run(work, checked, failed, checking)

        def discard_unused(*_args: Any) -> None:
            while kept:
                kept.pop().discard()

        def answered(result: int) -> None:
            if result == QMessageBox.StandardButton.Yes and kept:
                self.restore_from(path, kept.pop())
                return
            task.progress.cancel()
            discard_unused()

        box.finished.connect(answered)
        # Closed with the main window (Quit, a sign-out) unanswered: no `finished`, and the
        # checked copy, as large as the backup, would wait a day for the leftover sweep.
        # A few unlinks, on the way out: not worth a worker the runner is stopping.
        box.destroyed.connect(discard_unused)
        box.open()
        return box

    def _case_windows(self) -> list[QWidget]:
        return [view for view in getattr(self.window, "case_views", {}).values()
                if isValid(view)]

    def _open_case_windows_note(self) -> str:
        """Before Restore: the open case windows close, and what is typed there and not
        saved goes (named, as Quit names it), so the officer can Cancel and save it first."""
        views = [view for view in self._case_windows() if view.isVisible()]
        if not views:
            return ""
        unsaved = [item for view in views for item in getattr(view, "unsaved_input", list)()]
        lost = (f" Not saved yet, and discarded: {'; '.join(unsaved)}. Cancel, and save it "
                "first." if unsaved else "")
        return f"Restoring closes the open case windows.{lost}\n\n"

    def restore_from(self, path: Path, checked: svc.CheckedBackup | None = None) -> ProgressDialog:
        """Restore on the write worker, with progress; Cancel works until the data folder
        starts being replaced (svc.NO_CANCEL_FROM), then the button is disabled. With
        `checked` (the confirmation's check) the backup is not read again."""
        data_dir, actor, runner = self.data_dir, self.actor, self.runner
        # Case windows show data that is about to be replaced: closed, what is typed there
        # discarded (the confirmation said so). Left open behind a "discard?" question, one
        # would add its comment to the restored data, to whatever case has that id there.
        for view in self._case_windows():
            close = getattr(view, "close_without_asking", view.close)
            close()
        self._status("Restoring…")
        self.restoring = True
        self.apply_roles(self.actor)
        dialog = self._progress_dialog("Restore", "restore")
        dialog.panel.no_cancel_from = round(svc.NO_CANCEL_FROM * 100)
        dialog.panel.no_cancel_why = ("The data folder is being replaced; this can no longer "
                                      "be cancelled.")

        def work(_session: Any, progress: Progress) -> tuple[svc.RestoreResult, str]:
            # On the serial write worker, so no other write runs during the swap; the
            # session is never used, so it holds no connection.
            report, cancelled = service_callbacks(progress)
            # The automatic backup (or the database check) on the background thread has
            # the database open: the restore would call it "another program" and stop.
            # It waits for it instead (Cancel works meanwhile).
            while runner.background_busy:
                if cancelled():
                    raise Cancelled()
                time.sleep(BACKGROUND_POLL_S)
            result = svc.restore_backup(data_dir, path, actor=actor, db=runner.db,
                                        progress=report, cancelled=cancelled, checked=checked)
            # The users are the backup's now: is the one signed in still one of them?
            gone = svc.not_a_user_after_restore(actor.username,
                                                svc.active_users(data_dir.database),
                                                actor.display_name)
            return result, gone

        def ended() -> None:
            self.restoring = False
            self.apply_roles(self.actor)

        def done(outcome: tuple[svc.RestoreResult, str]) -> None:
            result, gone = outcome
            ended()
            dialog.succeeded()
            # The Review menu's open windows show the data just replaced: read it again.
            data_replaced = getattr(getattr(self.window, "review_features", None),
                                    "data_replaced", None)
            if callable(data_replaced):
                data_replaced()
            kept = (f" The data it replaced is kept in {result.replaced} until you remove it: "
                    "it is the only copy of what the restore undid." if result.replaced else "")
            made = readable_time(result.backup_created_at)
            # In the box the folder is a line of its own (PathField): wrapped in the
            # sentence a long path broke mid-name at its hyphens.
            kept_below = (" The data it replaced is kept in the folder below until you "
                          "remove it: it is the only copy of what the restore undid."
                          if result.replaced else "")
            self._status(f"Restored the backup made {made}.")
            user_features = getattr(self.window, "user_features", None)
            if gone and user_features is not None:
                # The session's user is not in the restored data: it must not go on acting
                # (and recording events) as them. The sign-in dialog says why.
                self.restored.emit(result)
                user_features.notice = f"Restored the backup made {made}.{kept} {gone}"
                user_features.sign_out(reason="the restored data has no such user")
                return
            box = QMessageBox(self.window)
            box.setObjectName("restoredMessage")
            box.setWindowTitle("Backup restored")
            box.setText(f"Restored the backup made {made}.{kept_below}")
            if result.rulebook_note:  # an older backup: the update may need installing again
                box.setIcon(QMessageBox.Icon.Warning)
                box.setInformativeText(result.rulebook_note)
            # Last: an icon or informative text set later lays the box out anew.
            if result.replaced and put_path_in_box(box, str(result.replaced), below=True) is None:
                box.setText(f"Restored the backup made {made}.{kept}")
            # OK has the first focus, not the path (it showed selected, scrolled to its end).
            box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Ok))
            box.open()
            refresh = getattr(self.window, "refresh", None)
            if callable(refresh):
                refresh()
            check_session = getattr(user_features, "check_session", None)
            if user_features is not None and callable(check_session):
                # A password or account the backup had otherwise: the sign-out it leads to
                # closes this window and the box above with it, so the sign-in dialog
                # says what the box said.
                user_features.restored_notice = f"Restored the backup made {made}.{kept}"
                check_session()
            self.restored.emit(result)

        def failed(exc: BaseException) -> None:
            ended()
            if checked is not None:  # cancelled before it started: the copy is not left
                checked.discard()
            dialog.failed(exc, cancelled_text=RESTORE_CANCELLED, error_title="The restore failed",
                          on_cancelled=lambda: self._cancelled(RESTORE_CANCELLED,
                                                               self.restore_cancelled))

        waits = runner.background_busy
        task = runner.session_task(work, done, failed, dialog.panel.update_progress, write=True)
        dialog.start(task, f"Waiting for the backup or database check already running to finish "
                           f"before restoring {path.name}…" if waits
                     else f"Restoring {path.name}…")
        _cancel_key(dialog, "&Cancel restore")
        return dialog


# How often a running app asks whether today's automatic backup is due: an app left open
# for days still makes one a day (the check itself is cheap when one exists).
AUTO_CHECK_MS = 60 * 60 * 1000
# A busy database (another window or command writing) passes: the automatic backup tries
# again this much later, twice as long after each busy try in a row (a long write is not
# copied over and over), and at the latest with the hourly check.
AUTO_RETRY_MS = 5 * 60 * 1000
WAITING = "Today's automatic backup waits:"
MAKING = "Automatic backup"  # its progress in the status bar, "Automatic backup 42 %: …"
FAILED = "The automatic backup failed;"
NO_ROOM = "there is no room on the data folder's disk (free some space there); "


def _plain(exc: BaseException, data_dir: DataDir) -> BaseException:
    """A file-system error the service did not name (a backups folder that cannot be
    made or written), said in words with the folder, rather than as a crash."""
    if isinstance(exc, OSError):
        return CheckFailed(
            f"The automatic backup could not be written to {data_dir.backups} "
            f"({exc.strerror or exc}). Check that the folder can be written and that its "
            "disk has room.")
    return exc


def again_note(again: list[str]) -> str:
    """What the status bar adds while an automatic backup is made after the last one was
    stopped before it was finished (the app was closed during it)."""
    when = again[0] if again else ""
    return (f" — the one under way on {readable_time(when)} was stopped before it was "
            "finished") if when else ""


def made_again_note(again: list[str]) -> str:
    when = again[0] if again else ""
    return (f" (the one under way on {readable_time(when)} was stopped before it was "
            "finished)") if when else ""


def _status_starts(window: QWidget | None, prefix: str) -> bool:
    return isinstance(window, QMainWindow) and \
        window.statusBar().currentMessage().startswith(prefix)


def start_auto_backup(runner: TaskRunner, data_dir: DataDir,
                      parent: QWidget | Callable[[], QWidget | None] | None = None) -> QTimer:
    """Today's automatic backup, in the background, and again each day while the app stays
    open (checked hourly).

    The officer did not start it, so a passing condition brings up no box: a busy database
    is noted in `parent`'s status bar and tried again AUTO_RETRY_MS later. A real failure
    (a full disk, a folder that cannot be written) is logged every time and shown once (to
    `parent`, while it exists), not at every hourly try; once a backup is made again, a
    later failure is a new one and is shown again. `parent` may be a function giving the
    window of the moment: after a sign-out and a new sign-in, the new user's window."""
    shown: list[bool] = []
    again: list[str] = []  # when the last automatic backup was stopped ("" when it was not)

    def current() -> QWidget | None:
        window = parent() if callable(parent) else parent
        return window if window is not None and isValid(window) else None
    running: list[bool] = []  # one check at a time: two would both make today's backup
    busy: list[bool] = []  # busy tries in a row since the last backup made or found
    failing: list[bool] = []  # the status bar says it failed (kept until one is made)

    def note(text: str, timeout_ms: int = 0) -> None:
        window = current()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, timeout_ms)

    def unnote(prefix: str) -> None:
        """Clear the status bar's message if it is still ours (not another's since)."""
        window = current()
        if isinstance(window, QMainWindow) and _status_starts(window, prefix):
            window.statusBar().clearMessage()

    def making(percent: int, message: str) -> None:
        # Kept until it ends: a 2 GB data folder takes minutes, and "Working…" alone
        # said neither what nor how far.
        note(f"{MAKING} {percent} %: {message}{again_note(again)}")

    def failed(exc: BaseException) -> None:
        running.clear()
        unnote(MAKING)
        if is_cancelled(exc):  # quitting, or damage found: no backup of a damaged file
            log.info("automatic backup stopped before it was made (the app quits, or the "
                     "database was found damaged); the next start makes it")
            return
        if isinstance(exc, DatabaseBusy) or is_busy(exc):
            busy.append(True)
            delay = min(AUTO_RETRY_MS * 2 ** (len(busy) - 1), AUTO_CHECK_MS)
            retry.start(delay)
            log.warning("automatic backup postponed (try %d): %s", len(busy), exc)
            minutes = max(1, round(delay / 60_000))
            # Kept until the next try says how it went (or another message replaces it).
            note(f"{WAITING} the database is busy (another window or command is writing). "
                 f"It tries again in {counted(minutes, 'minute')}.")
            return
        log.error("automatic backup failed: %s", exc)
        failing[:] = [True]
        # A full disk is no passing failure: it lasts until the officer frees some room,
        # and the status bar keeps saying so (the box says how) until a backup is made.
        no_room = isinstance(exc, svc.NoRoomForAutoBackup)
        note(f"{FAILED} {NO_ROOM if no_room else ''}it is tried again within the hour.")
        window = current()
        if window is not None and not shown:
            shown.append(True)
            show_error(window, "No room for the automatic backup" if no_room
                       else "The automatic backup failed", _plain(exc, data_dir))

    def done(path: Path | None) -> None:
        running.clear()
        retry.stop()
        shown.clear()  # a failure after this one is news again
        # The status bar said it was waiting, or that it failed, or how far it was: not
        # left saying so.
        noted = bool(busy) or bool(failing) or \
            (path is not None and _status_starts(current(), MAKING))
        busy.clear()
        failing.clear()
        if path is not None:
            log.info("automatic backup written to %s", path)
        if noted:
            if path is not None:
                note(f"Today's automatic backup was made{made_again_note(again)}.", 10_000)
            else:  # made meanwhile by another window of this data folder
                unnote(WAITING)
                unnote(FAILED)
        unnote(MAKING)
        again.clear()

    db = runner.db

    def check() -> None:
        if running:
            return
        running.append(True)

        def make(progress: Progress) -> Path | None:
            # When the last one was stopped (the app quit during it): said while this one
            # is made, read here rather than on the GUI thread.
            again[:] = [svc.stopped_auto_backup(data_dir) or ""]
            report, cancelled = service_callbacks(progress)
            return svc.auto_backup_if_due(data_dir, db, progress=report, cancelled=cancelled)

        # Not on the read pool: minutes for a large data folder, right at start-up. Its
        # progress goes to the status bar; its cancel switch is honoured: quitting
        # (cancel_background) stops it within a moment and removes the part written.
        runner.background(make, done, failed, making)

    # Owned by the runner, which lives as long as the app (a window closes at sign-out).
    timer = QTimer(runner)
    timer.setObjectName("autoBackupTimer")
    timer.setInterval(AUTO_CHECK_MS)
    timer.timeout.connect(check)
    retry = QTimer(timer)
    retry.setObjectName("autoBackupRetryTimer")
    retry.setSingleShot(True)
    retry.timeout.connect(lambda: check() if timer.isActive() else None)  # stopped with it
    timer.start()
    check()
    return timer


def install_backup_features(window: QMainWindow, runner: TaskRunner, actor: Actor,
                            data_dir: DataDir | None = None) -> BackupFeatures:
    """Add File → Back up… and Restore… to a main window (called by `run_gui`)."""
    return install_features(window, "backup_features", data_dir,
                            lambda folder: BackupFeatures(window, runner, actor, folder))

