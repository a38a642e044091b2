"""Progress for long file work (backup, restore, attaching a document): a bar, a line
saying what is being done, and a Cancel button, while the work runs on a worker.

Services report `progress(fraction, message)` and poll `cancelled()`; `service_callbacks`
makes both from the worker's `Progress`. Cancelling only asks: the service stops at its
next chunk, removes what it began writing and raises `Cancelled`, which arrives here as
the task's error; only then does the panel say that nothing was written.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress

import shiboken6
from PySide6.QtCore import QEvent, QTimer, Signal, SignalInstance
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from approvals.domain.errors import Cancelled
from approvals.ui import workers
from approvals.ui.errors import show_error
from approvals.ui.workers import Progress, Task

ATTACH_CANCELLED = "Attaching cancelled; nothing was stored."
# Work that only reads (a check, a preview): stopped by a quit, nothing is lost.
READ_ONLY_WORK = frozenset({"check", "audit check", "install preview"})


def service_callbacks(progress: Progress) -> tuple[Callable[[float, str], None], Callable[[], bool]]:
    """(progress, cancelled) for a service, from a worker's `Progress`. The report never
    raises (a service past its point of no return must not be cut off by a late click);
    the service learns of a cancel from `cancelled()` and stops cleanly."""

    def report(fraction: float, message: str) -> None:
        with suppress(workers.Cancelled):
            progress.report(round(fraction * 100), message)

    return report, lambda: progress.cancelled


class ProgressPanel(QWidget):
    """A label, a bar and a Cancel button for one task at a time."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, what: str = "work") -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setObjectName("progressLabel")
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setObjectName("progressBar")
        self.bar.setRange(0, 100)
        self.bar.setAccessibleName(f"{what.capitalize()} progress")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("progressCancel")
        self.cancel_button.setAccessibleName(f"Cancel {what}")
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addLayout(row)
        self.task: Task | None = None
        self.what = what
        # Past this percentage the work can no longer be cancelled (a restore's swap).
        self.no_cancel_from: int | None = None
        self.no_cancel_why = ""

    def start(self, task: Task, text: str) -> None:
        self.task = task
        self.bar.setValue(0)
        self.bar.setVisible(True)
        self.label.setText(text)
        self.cancel_button.setText("Cancel")
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(True)
        self.cancel_button.setToolTip("")
        self.setVisible(True)

    def update_progress(self, percent: int, message: str) -> None:
        if self.task is None:
            return
        self.bar.setValue(max(self.bar.value(), percent))
        if message and not self.task.progress.cancelled:
            self.label.setText(message)
        if self.no_cancel_from is not None and percent >= self.no_cancel_from:
            self.cancel_button.setEnabled(False)
            self.cancel_button.setToolTip(self.no_cancel_why)

    def cancel(self) -> None:
        """Ask the task to stop; it says when it has (the task's error is `Cancelled`)."""
        if self.task is None or not self.cancel_button.isEnabled():
            return
        self.task.progress.cancel()
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling…")
        self.cancel_requested.emit()

    def stop(self, text: str = "") -> None:
        """The task ended (done, failed or cancelled)."""
        self.task = None
        self.cancel_button.setEnabled(False)
        self.label.setText(text)

    def finish(self, text: str = "") -> None:
        """The task ended: only the closing word stays (`start` brings the bar back)."""
        self.stop(text)
        self.bar.setVisible(False)
        self.cancel_button.setVisible(False)

    @property
    def running(self) -> bool:
        return self.task is not None

    def work_under_way(self) -> str:
        """What a quit or a sign-out would stop ("Writing pack1.zip…"), while work that
        writes runs in view; '' otherwise. A review pack half-written was thrown away on
        Quit without a word (widgets.work_lines)."""
        # Visible in its window, shown or not yet (a progress window waits SHOW_AFTER_MS
        # before it shows: a quit just after the start was asked nothing).
        if self.task is None or not self.isVisibleTo(self.window()) \
                or self.what in READ_ONLY_WORK:
            return ""
        return self.label.text().strip() or f"the {self.what}"

    def work_can_stop(self) -> bool:
        """Whether the work may still be cancelled: past its point of no return (a restore
        swapping the files in) it finishes, whatever a quit says."""
        return self.task is not None and (self.cancel_button.isEnabled()
                                          or self.task.progress.cancelled)


# Work that ends sooner shows no progress window at all (a window that flashes up and goes
# reads as something having gone wrong), nor the main window's "Working…".
SHOW_AFTER_MS = 400


class ProgressDialog(QDialog):
    """A non-modal window with a `ProgressPanel`, for work started from a menu: the main
    window stays usable. When the task ends it closes, or after a cancel stays open to
    say that nothing was written, with a Close button."""

    def __init__(self, parent: QWidget | None, title: str, *, what: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("progressDialog")
        self.setModal(False)
        self.panel = ProgressPanel(self, what=what)
        self.close_button = QPushButton("C&lose")  # Alt+L: Cancel … is Alt+C
        self.close_button.setObjectName("progressClose")
        self.close_button.clicked.connect(self.close)
        self.close_button.setVisible(False)
        # At the right and its own size, as a dialog's buttons are (not a bar across it).
        close_row = QHBoxLayout()
        close_row.addStretch(1)
        close_row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addLayout(close_row)
        self.setMinimumWidth(420)
        self._ended = False  # the work ended (succeeded, cancelled or failed)

    def start(self, task: Task, text: str) -> None:
        self.panel.start(task, text)
        self._ended = False
        QTimer.singleShot(SHOW_AFTER_MS, self, self._show_if_still_running)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit_text()
        return handled

    def _fit_text(self) -> None:
        """Taller when the line says more than the window was sized for: a backup's first
        line ("Backing up to bk1.zip…") is one line, a document's name then wraps to two,
        and Qt gives a window with wrapping text no minimum height, so both were cut
        through the middle. Never shorter again (the window would jump at each file)."""
        layout = self.layout()
        if layout is None or not layout.hasHeightForWidth():
            return
        wanted = layout.totalHeightForWidth(self.width())
        if wanted > self.height():
            self.resize(self.width(), wanted)

    def _show_if_still_running(self) -> None:
        if not self._ended:
            self.show()

    def finished_with(self, text: str) -> None:
        """Leave a closing word in the window (a cancel, a late error)."""
        self._ended = True
        self.show()  # the closing word is news even after quick work
        self.panel.finish(text)
        self.close_button.setVisible(True)
        self.close_button.setDefault(True)
        self.close_button.setFocus()  # Enter or Escape closes it, as the officer reads it

    def succeeded(self) -> None:
        """The work is done: the window goes (the caller says what came of it)."""
        self._ended = True
        self.panel.stop()
        self.close()

    def failed(self, exc: BaseException, *, cancelled_text: str, error_title: str,
               on_cancelled: Callable[[], None]) -> None:
        """A cancel leaves its closing word in the window and calls `on_cancelled`; any other
        failure closes the window and shows the error over its parent."""
        if is_cancelled(exc):
            self.finished_with(cancelled_text)
            on_cancelled()
            return
        self.succeeded()
        show_error(self.parentWidget(), error_title, exc)

    def reject(self) -> None:
        # Escape or the window's close box while running asks to cancel, never hides the
        # only way to see how the work ends.
        if self.panel.running:
            self.panel.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.panel.running:
            self.panel.cancel()
            event.ignore()
            return
        super().closeEvent(event)


class ProgressHost:
    """For the features that start long work from a menu of `window` (backup, review
    packs): one progress window at a time, and the status-bar word when work is cancelled."""

    window: QMainWindow
    progress_dialog: ProgressDialog | None = None

    def _progress_dialog(self, title: str, what: str) -> ProgressDialog:
        """A new progress window; the previous one goes unless its work is still running."""
        old = self.progress_dialog
        if old is not None and shiboken6.isValid(old) and not old.panel.running:
            old.deleteLater()
        dialog = ProgressDialog(self.window, title, what=what)
        dialog.setObjectName(f"{what}Progress")
        self.progress_dialog = dialog
        return dialog

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    def _cancelled(self, text: str, signal: SignalInstance) -> None:
        self._status(text)
        signal.emit()


def is_cancelled(exc: BaseException) -> bool:
    return isinstance(exc, Cancelled)
