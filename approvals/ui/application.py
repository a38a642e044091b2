"""Starting the desktop app: data folder, logging, database, sign-in, main window."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from approvals import __version__
from approvals.domain.errors import ApprovalsError, InputError, Problem
from approvals.domain.wording import ended
from approvals.logging_setup import configure_logging, log_file_in_use, take_notice
from approvals.paths import (
    ENV_VAR,
    DataDir,
    blank_env_note,
    env_data_dir,
    missing_parent_problem,
    other_files,
    other_files_text,
    read_only_reason,
    resolve_data_dir,
)
from approvals.services.backup import finish_interrupted_restore
from approvals.services.documents import remove_old_open_copies
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.files import sweep_leftovers
from approvals.store.migrate import DatabaseDamaged, MigrationFailed, Opened, open_checked
from approvals.ui import auth as auth_ui
from approvals.ui.backup import install_backup_features, start_auto_backup
from approvals.ui.errors import install_exception_hook
from approvals.ui.exports import install_export_features
from approvals.ui.integrity import IntegrityWatch
from approvals.ui.main_window import MainWindow
from approvals.ui.path_field import put_path_in_box, put_paths_on_lines
from approvals.ui.review import install_review_features
from approvals.ui.style import app_style, use_shipped_chinese_font
from approvals.ui.widgets import guard_fields_from_unanswered_alt_keys
from approvals.ui.workers import TaskRunner, install_gui_thread_collector

log = logging.getLogger(__name__)


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="approvals", add_help=False)
    parser.add_argument("--data-dir")
    args, _qt_args = parser.parse_known_args(list(argv))
    return args


def make_application(argv: Sequence[str] = ()) -> QApplication:
    # Qt's own file, print and message dialogs rather than the platform's: a native dialog
    # is no QWidget, so the idle lock could not cover it (and it shows the file system).
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    app = QApplication.instance()
    if isinstance(app, QApplication):
        install_gui_thread_collector(app)
        guard_fields_from_unanswered_alt_keys(app)
        return app
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    QCoreApplication.setOrganizationName("approvals")
    QCoreApplication.setApplicationName("Approvals")
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication([sys.argv[0] if sys.argv else "approvals", *argv])
    # Fusion follows the system light/dark colour scheme on every platform.
    app.setStyle(app_style())
    use_shipped_chinese_font(app)
    install_gui_thread_collector(app)
    guard_fields_from_unanswered_alt_keys(app)
    return app


def data_folder_problem_box(exc: InputError, data_dir: DataDir | None = None) -> QMessageBox:
    """The data folder cannot be used: which and why (there is no log to point at), and
    what to do whatever the reason. It said "to use a folder you may write in" also of a
    folder that did not exist (a drive not mounted), sending the officer the wrong way.
    The paths it names (the folder, or a folder it would be made in: `data_dir` and its
    parents) are lines of their own."""
    box = QMessageBox()
    box.setObjectName("dataFolderProblem")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Approvals cannot use its data folder")
    text = str(exc)  # the command line's words, which end without a full stop
    box.setText(_missing_folder_text(exc, data_dir)
                or (text if text.endswith(")") else ended(text)))
    box.setInformativeText(_read_only_copy_text(data_dir) or
        "Start the app again once that is put right, or start it with --data-dir FOLDER (or "
        "APPROVALS_DATA_DIR set) naming another folder.")
    box.addButton(QMessageBox.StandardButton.Close).setText("&Close")
    paths = [p.path for p in exc.problems if os.path.isabs(p.path)]
    if data_dir is not None:  # a mistyped folder's missing parent is one of its parents
        paths += [str(data_dir.root),
                  *(str(parent) for parent in data_dir.root.parents if len(parent.parts) > 1)]
    put_paths_on_lines(box, paths)
    return box


def _read_only_copy_text(data_dir: DataDir | None) -> str:
    """What to do with a data folder on a read-only drive that holds a database (an
    auditor's copy): the app writes as it works, the reading commands do not; '' else."""
    if data_dir is None or read_only_reason(data_dir.root) is None \
            or not data_dir.database.is_file():
        return ""
    return ("The app writes to its data folder as it works (sign-ins, the audit trail, its "
            "log), so it does not open a read-only one. To work with this copy, copy the "
            "whole folder to a writable place and start the app with --data-dir naming the "
            "copy. The commands that only read (approvals case list, audit verify, user "
            "list) read this folder as it is.")


def _missing_folder_text(exc: InputError, data_dir: DataDir | None) -> str:
    """paths.missing_parent_problem's words with its two paths as lines of their own,
    in a sentence of the box's own (split at the paths the command line's sentence read
    `--data-dir:` / path / `does not exist, nor does the folder` / ...); '' for any other
    problem, which keeps its own words."""
    if data_dir is None or len(exc.problems) != 1:
        return ""
    where, said = exc.problems[0].path, exc.problems[0].message
    opening = f"{data_dir.root} does not exist, nor does the folder "
    closing = " it would be made in: "
    if where not in ("--data-dir", ENV_VAR) or not said.startswith(opening) \
            or closing not in said:
        return ""
    parent, advice = said[len(opening):].split(closing, 1)
    return (f"The data folder named with {where} does not exist:\n{data_dir.root}\n"
            f"nor does the folder it would be made in:\n{parent}\n"
            f"{advice[:1].upper()}{advice[1:]}.")


def show_data_folder_problem(exc: InputError, data_dir: DataDir | None = None) -> None:
    data_folder_problem_box(exc, data_dir).exec()


def _data_dir_of(option: str | None) -> DataDir:
    """The data folder asked for; a name the file system refuses (a part longer than it
    allows) is named, as on the command line, rather than raised from deep in pathlib."""
    try:
        return resolve_data_dir(option)
    except OSError as exc:
        where = option or env_data_dir() or "the data folder"
        raise InputError(Problem(where, "cannot be used as the data folder "
                                        f"({exc.strerror or exc})")) from None


def _chosen_as(option: str | None) -> str | None:
    """How the data folder was chosen (the option or the variable), None for the per-user
    folder, which the app makes with its parents on a first start."""
    if option:
        return "--data-dir"
    return ENV_VAR if env_data_dir() else None


def refuse_mistyped_data_dir(data_dir: DataDir, option: str | None) -> None:
    """A chosen data folder whose parent does not exist either (a mistyped name, a drive
    not mounted) is refused before a folder is made, in the command line's words: the app
    made the whole path and opened an empty data folder, the real data unseen."""
    where = _chosen_as(option)
    if where is not None and (problem := missing_parent_problem(data_dir, where)):
        raise InputError(problem)


def chosen_folder_files(data_dir: DataDir, option: str | None) -> list[str]:
    """The other files of a chosen data folder that holds no Approvals data (paths.
    other_files): the app would put its database and folders among them."""
    return other_files(data_dir) if _chosen_as(option) is not None else []


def folder_question(data_dir: DataDir, others: list[str]) -> QMessageBox:
    """Whether to make a data folder in a folder that holds other files (not opened); in
    the words the command line refuses such a folder with (paths.other_files_text), the
    folder's path on a line of its own above them (PathField)."""
    box = QMessageBox()
    box.setObjectName("otherFilesQuestion")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Approvals: use this folder for its data?")
    box.setText(other_files_text(data_dir, others, folder="This folder"))
    box.setInformativeText(
        "Used as the data folder, it gets the app's database (approvals.db) and its "
        "documents, backups, logs and keys folders among those files. If you meant your "
        "existing data folder, quit and check --data-dir (or APPROVALS_DATA_DIR). To start "
        "a new data folder, an empty or new folder is best.")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if put_path_in_box(box, str(data_dir.root)) is None:
        box.setText(other_files_text(data_dir, others))
    use = box.addButton("&Use this folder", QMessageBox.ButtonRole.AcceptRole)
    use.setObjectName("useFolderButton")
    quit_button = box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
    quit_button.setObjectName("quitButton")
    box.setDefaultButton(quit_button)  # Enter does not make a data folder there
    box.setEscapeButton(quit_button)
    return box


def ask_to_use_folder(data_dir: DataDir, others: list[str]) -> bool:
    """folder_question, answered; True to go on with that folder."""
    box = folder_question(data_dir, others)
    box.exec()
    return box.clickedButton() is box.findChild(QPushButton, "useFolderButton")


def refuse_read_only_database(data_dir: DataDir) -> None:
    """A database file this user may not write (copied from a read-only medium, another
    user's): signing in is a save, so the app could do nothing but fail at it. Said at
    start, naming the file, rather than as a database error at the sign-in."""
    path = data_dir.database
    if path.is_file() and not os.access(path, os.R_OK):
        raise InputError(Problem(str(path), "this user may not read the database file; ask "
                                            "for access to it, or choose another data folder"))
    if path.is_file() and not os.access(path, os.W_OK):
        raise InputError(Problem(str(path), "this user may not write to the database file "
                                            "(it is read-only); make it writable or choose "
                                            "another data folder"))


def _notice(parent: QWidget, name: str, title: str, text: str,
            informative: str = "", paths: Sequence[str] = ()) -> QMessageBox:
    """A start-up notice, said once without blocking the window opened under it; each of
    `paths` its informative text names on a line of its own (not broken mid-name)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
        put_paths_on_lines(box, paths, label_name="qt_msgbox_informativelabel")
    box.setObjectName(name)
    box.open()
    return box


def show_log_notice(parent: QWidget, notice: str) -> QMessageBox:
    """The log could not go to the data folder's logs/: said once, without blocking."""
    return _notice(parent, "logNotice", "Approvals: the log is written elsewhere", notice)


def show_upgrade_notice(parent: QWidget, opened: Opened) -> QMessageBox | None:
    """Said once, without blocking, after an existing database was upgraded: that it was,
    and where the copy of it as it was is kept (the rotation never removes it)."""
    if opened.upgraded_from is None or opened.copy is None:
        return None
    return _notice(
        parent, "upgradeNotice", "Approvals: database upgraded",
        "The database was upgraded to this version of Approvals. A copy of it as it was "
        f"(revision {opened.upgraded_from}) is kept in the backups folder:",
        f"{opened.copy}\n\nThe automatic backups do not remove it; delete it once you no "
        "longer need to go back.", paths=[str(opened.copy)])


def startup_failure_box(exc: Exception, data_dir: DataDir) -> QMessageBox:
    """The message shown when the database cannot be opened: what went wrong, the copy
    an upgrade made (if it made one), and where the log is, for whoever investigates."""
    box = QMessageBox()
    box.setObjectName("startupFailure")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Approvals cannot open its database")
    box.setText(str(exc))
    backup = getattr(exc, "backup", None)
    backups = box.addButton("Open &backups folder", QMessageBox.ButtonRole.ActionRole)
    backups.setObjectName("openBackupsButton")
    close = box.addButton(QMessageBox.StandardButton.Close)
    close.setText("&Close")  # Alt keys on both: a keyboard user reads the box from the top
    said = []
    if backup and str(backup) in str(exc):  # the message names the copy: not said twice
        # Restore… takes backups (zip files), not this copy: how to go back to it is said.
        said.append("You can keep working with the previous version of the app. Should the "
                    "database ever need to go back to that copy, close the app and copy it "
                    f"over {data_dir.database.name} in the data folder.")
    elif backup:
        said.append(
            f"Nothing was changed. The copy made before the upgrade is:\n{backup}\n"
            "You can keep working with the previous version of the app. Should the database "
            "ever need to go back to this copy, close the app and copy it over "
            f"{data_dir.database.name} in the data folder."
        )
    if (log_file := log_file_in_use(data_dir.logs)) is not None:
        said.append(f"The log, for whoever looks into this:\n{log_file}")
    box.setInformativeText("\n\n".join(said))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    # Each path a line of its own: wrapped in the sentences a long one broke mid-name.
    paths = [str(p) for p in (data_dir.database, data_dir.backups, data_dir.logs,
                              data_dir.root, backup, log_file,
                              getattr(exc, "path", None), getattr(exc, "filename", None))
             if p]
    put_paths_on_lines(box, paths)
    put_paths_on_lines(box, paths, label_name="qt_msgbox_informativelabel")
    return box


def show_startup_failure(exc: Exception, data_dir: DataDir) -> None:
    """A clear message instead of a traceback when the database cannot be opened."""
    box = startup_failure_box(exc, data_dir)
    open_folder = box.findChild(QPushButton, "openBackupsButton")
    box.exec()
    if box.clickedButton() is open_folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_dir.backups)))


def sign_in(db: Database, runner: TaskRunner, notice: str = "") -> auth_ui.SignedIn | None:
    """Who uses this window, and the password stamp of their sign-in: the first-start or
    sign-in dialog (approvals.ui.auth)."""
    return auth_ui.sign_in(db, runner, notice)


def _open_data_folder(data_dir: DataDir) -> Opened:
    """Finish a restore cut off by a crash, open (check, migrate) the database, sweep the
    partial copies a crash left. An ordinary open does the cheap checks only; the whole
    file is checked before a migration (store.migrate), else after the window shows
    (ui.integrity)."""
    finish_interrupted_restore(data_dir)
    opened = open_checked(data_dir)
    for leftover in sweep_leftovers((data_dir.root, data_dir.documents, data_dir.backups)):
        log.info("removed %s, a partial copy left by an earlier crash", leftover)
    return opened


def open_data_folder(data_dir: DataDir) -> Opened:
    """_open_data_folder on a worker thread, its errors raised here. Before a migration
    the database's integrity check reads the whole file (half a minute for 2 GB not yet in
    the disk cache) and the upgrade copies it, when on the GUI thread nothing would show; a
    note says what is going on."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["opened"] = _open_data_folder(data_dir)
        except BaseException as exc:  # raised again on the GUI thread
            box["error"] = exc

    worker = threading.Thread(target=work, name="open-data-folder", daemon=True)
    worker.start()
    worker.join(0.3)  # usually done by then: nothing to show
    if worker.is_alive():
        note = QProgressDialog("Opening the data folder and checking the database…", "", 0, 0)
        note.setCancelButton(None)  # the check cannot be cut short
        note.setWindowTitle("Approvals")
        note.setMinimumDuration(0)
        # Escape would hide it while the check carries on: it stays until the check ends.
        def keep_shown() -> None:
            if worker.is_alive():
                note.show()

        note.canceled.connect(keep_shown)
        note.rejected.connect(keep_shown)
        note.show()
        loop = QEventLoop()
        poll = QTimer()
        poll.timeout.connect(lambda: None if worker.is_alive() else loop.quit())
        poll.start(50)
        loop.exec()
        poll.stop()
        note.close()
        note.deleteLater()
    worker.join()
    if "error" in box:
        raise box["error"]
    return box["opened"]


def signed_in_window(
        runner: TaskRunner, data_dir: DataDir, actor: Actor, *, stamp: str = "",
        timeout_ms: int | None = None, check_ms: int = auth_ui.SESSION_CHECK_MS,
) -> tuple[MainWindow, auth_ui.UserFeatures]:
    """The main window of a signed-in user with every feature's menu installed (the one
    `run_gui` shows; tests build it here so that they see the same menus and keys)."""
    window = MainWindow(runner, data_dir, actor)
    install_review_features(window, runner, actor)  # Review menu: offline review packs
    install_backup_features(window, runner, actor)  # File → Back up… and Restore…
    install_export_features(window, runner, actor)  # File → Export case list (CSV)…
    # Users menu, idle lock; the session watch goes by the stamp of this sign-in.
    features = auth_ui.install_user_features(window, runner, actor, timeout_ms, check_ms,
                                             stamp=stamp)
    return window, features


def freeze_start_up_objects() -> None:
    """Set the objects made while starting (modules, Qt's wrappers, the main window) aside
    from the garbage collector: a full collection walked all 250,000 of them, and one
    that came while a heavy case was read held the window still for 400–540 ms (60 ms
    frozen; bench_gc_freeze.py). Once, after the first window is built; what is made
    later is collected as before. No collection first: it took 200 ms before the
    window's first paint to find 30 unreachable objects, which now stay (a fixed few)."""
    gc.freeze()


def run_gui(argv: Sequence[str], *, freeze_after_start: bool = False) -> int:
    """The desktop app until it quits. `freeze_after_start`: freeze_start_up_objects once
    the first window is built (the process's entry point does; a test calling this in its
    own process does not, whose objects are not the app's)."""
    args = _parse(argv)
    app = make_application()
    chosen: DataDir | None = None  # the folder asked for, once it is known
    try:
        data_dir = chosen = _data_dir_of(args.data_dir)
        refuse_mistyped_data_dir(data_dir, args.data_dir)
        if (others := chosen_folder_files(data_dir, args.data_dir)) \
                and not ask_to_use_folder(data_dir, others):
            return 2  # nothing was made in it
        data_dir.ensure()
        refuse_read_only_database(data_dir)
    except InputError as exc:  # a file, or a folder this user may not write in
        show_data_folder_problem(exc, chosen)
        return 2
    configure_logging(data_dir.logs)
    log_notice = take_notice()  # the log had to go elsewhere: said once, in the first window
    if cleared := remove_old_open_copies(data_dir):
        log.info("removed %d copies of documents opened more than a day ago", cleared)
    log.info("starting approvals %s with data folder %s", __version__, data_dir.root)
    if note := blank_env_note(data_dir):  # About shows the folder; the log says why
        log.warning(note)
    install_exception_hook()
    try:
        opened = open_data_folder(data_dir)
    except (MigrationFailed, DatabaseDamaged) as exc:
        show_startup_failure(exc, data_dir)
        return 1
    except (ApprovalsError, OSError) as exc:  # e.g. an unreadable data folder
        log.exception("cannot open the data folder %s", data_dir.root)
        show_startup_failure(exc, data_dir)
        return 1
    db = opened.db
    runner = TaskRunner(db)
    # The whole-file check (ui.integrity), unless a migration just made it: started now,
    # it reads while the officer signs in; first on the background thread, today's
    # automatic backup (started with the first window) comes after it.
    watch = IntegrityWatch(runner, data_dir)
    if not opened.checked:
        watch.start()
    code = 0
    first = True
    current: list[MainWindow] = []  # the window of the user signed in now
    # Users → Sign out closes the window and comes back here for the next user.
    notice = ""  # why the app signed the last user out (a deactivated account)
    while (signed := sign_in(db, runner, notice)) is not None:
        actor = signed.actor
        window, features = signed_in_window(runner, data_dir, actor, stamp=signed.stamp)
        watch.attach(window, actor)  # the banner if the check finds (or found) damage
        window.show()
        current[:] = [window]
        if log_notice:
            show_log_notice(window, log_notice)
            log_notice = None
        if first:  # once: the upgrade's note; today's backup (its notes to whoever is in now)
            show_upgrade_notice(window, opened)
            _backups_unless_damaged(runner, data_dir, watch,
                                    lambda: current[0] if current else None)
            if freeze_after_start:
                freeze_start_up_objects()
            first = False
        code = app.exec()
        if not features.signed_out:
            # Quitting: a backup under way stops and removes its partial file rather than
            # outlive the window (the next start writes today's again).
            runner.cancel_background()
        else:  # nor does the sign-in wait for the check: it starts again meanwhile
            watch.interrupt()
        runner.wait_for_done()
        QCoreApplication.processEvents()  # deliver the finished tasks' results
        window.deleteLater()
        if not features.signed_out:
            break
        notice = features.notice
        watch.resume()
    watch.interrupt()  # quit at the sign-in: the check does not hold up the exit
    runner.wait_for_done()
    db.dispose()
    return code


def _backups_unless_damaged(runner: TaskRunner, data_dir: DataDir, watch: IntegrityWatch,
                            window: Callable[[], MainWindow | None]) -> None:
    """Today's automatic backup (ui.backup), unless the check found damage already; it
    stops when the check finds damage (a damaged file is not backed up, and the good
    backups are not rotated away) and goes on once a backup has been restored."""
    timers: list[QTimer] = []

    def start() -> None:
        if timers:
            timers[0].start()
            return
        timer = start_auto_backup(runner, data_dir, window)
        if isinstance(timer, QTimer):  # (a test's stand-in gives none)
            timers.append(timer)

    def stop(_problem: str) -> None:
        for timer in timers:
            timer.stop()

    watch.problem_found.connect(stop)
    watch.cleared.connect(start)
    if watch.problem is None:
        start()
