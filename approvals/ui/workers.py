"""Running service calls off the GUI thread.

Widgets never open a session themselves: they hand a function of a session to the
`TaskRunner`, which runs it on a worker thread and reports back on the GUI thread through
signals. Writes go through a single-thread pool, so they are serialised as in Anki; reads
run in parallel. Long background work (a backup, a check of every document) has a thread of
its own, so it never takes a read thread from the case list for half a minute. Long work
receives a `Progress` to report through and to check for cancellation.
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from approvals.domain.errors import AccountRevoked
from approvals.store.db import Database

log = logging.getLogger(__name__)


class _GcPause:
    """Cyclic garbage collection held off while a worker builds a large list.

    Building 100,000 rows makes hundreds of thousands of tuples; each one counts towards
    the collector's thresholds, so it keeps walking every live object meanwhile (about 40 %
    of the case list's load time). Reference counting still frees everything at once.
    The switch is process-wide, hence the count.

    What the pause made sits in the young generation until the next collection, which
    then walks all of it, holding every thread, the GUI thread too: with 100,000 cases
    collections of 0.5-2 s ended the list's and the dashboard's loads (bench_gc13_reloads).
    So a pause that made more than `FREEZE_ABOVE` tracked objects ends by freezing them
    (`gc.freeze` only relinks the generations' lists), and the collector never walks them;
    reference counting still frees them when the next load replaces them. Cycles it does
    not free: the SQL layer leaves about ten objects in cycles a load, and the freeze also
    keeps whatever garbage the older generations held then. So every `RECLAIM_EVERY`th
    large pause ends with one full collection of everything on the worker first: one
    stall of a second or two, at most once in a few hundred loads of 100,000 cases,
    instead of a leak. A small pause is left to an ordinary young collection (cheap).
    """

    # Tracked objects a young collection walks in about 10 ms on this laptop class.
    FREEZE_ABOVE = 50_000
    # Large pauses between full collections (a refresh of 100,000 cases makes one or two).
    RECLAIM_EVERY = 200

    def __init__(self) -> None:
        # Re-entrant: the full collection in settle runs finalizers on this thread.
        self._lock = threading.RLock()
        self._depth = 0
        self._was_enabled = False
        self._large_pauses = 0
        # Set once the GUI thread does all the collecting (collect_on_gui_thread): the
        # collector is then off for good, and a reclaim waits for the GUI thread.
        self.gui_collects = False
        self.reclaim_due = False

    @property
    def active(self) -> bool:
        """Whether some thread is inside a pause now."""
        return self._depth > 0

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._depth == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._depth += 1
        try:
            yield
        finally:
            with self._lock:
                self._depth -= 1
                if self._depth == 0 and self.gui_collects:
                    self.settle()
                elif self._depth == 0 and self._was_enabled:
                    self.settle()
                    gc.enable()

    def settle(self) -> None:
        """Before the collector is back on: set a large pause's objects aside."""
        if gc.get_count()[0] <= self.FREEZE_ABOVE:
            return
        self._large_pauses += 1
        if self._large_pauses % self.RECLAIM_EVERY == 0:
            if self.gui_collects and threading.current_thread() is not threading.main_thread():
                self.reclaim_due = True  # a worker never finalizes (Qt) objects
            else:
                self.reclaim()
                return
        gc.freeze()
        _oldest.after_last_full = 0  # set aside with the rest: the next one is due

    def reclaim(self) -> None:
        """One full collection of everything, the frozen objects included."""
        self.reclaim_due = False
        gc.unfreeze()  # the oldest generation takes every frozen object back
        gc.collect()
        gc.freeze()
        _oldest.after_last_full = 0


gc_paused = _GcPause()

# Between collections on the GUI thread; what is made meanwhile waits (reference counting
# still frees all but cycles at once).
GUI_COLLECT_INTERVAL_MS = 500


def collect_on_gui_thread() -> None:
    """Do the cyclic collector's work, on the GUI thread, as the collector would have.

    Left to itself the collector runs on whichever thread happens to allocate, often a
    worker; a cycle it frees there may hold a widget, a timer or a signal object of the
    GUI thread, whose C++ side is then destroyed off its thread, and the app crashes
    later in the event loop (a segmentation fault, seen at random in the UI tests). So
    with a QApplication the automatic collector is off (`install_gui_thread_collector`)
    and this, on a timer of the GUI thread, collects by the same thresholds."""
    if threading.current_thread() is not threading.main_thread() or gc_paused.active:
        return
    if gc_paused.reclaim_due:
        gc_paused.reclaim()
        return
    young, middle, old = gc.get_count()
    young_limit, middle_limit, old_limit = gc.get_threshold()
    if young < young_limit:
        return
    if young > gc_paused.FREEZE_ABOVE:
        gc_paused.settle()  # as a large pause ends: a full list is set aside, not walked
        return
    # The oldest generation's turn is weighed where the middle one's comes round anyway
    # (once in ten collections): the weighing reads the allocator, not the generation.
    if old >= old_limit and middle >= middle_limit and _oldest.grown_enough():
        gc.collect(2)
        _oldest.measure()
    else:
        gc.collect(1 if middle >= middle_limit else 0)


class _OldestGeneration:
    """The automatic collector's own brake on full collections: it walks the oldest
    generation only once that has grown by a quarter since the last full collection
    (CPython's long_lived_pending against long_lived_total). Python does not tell either
    count, and listing the generation to count it (gc.get_objects) costs half a full
    collection; the blocks the allocator holds (sys.getallocatedblocks, at once) stand
    in: the heap grown by a quarter. Without the brake every tenth collection of the middle
    generation walked every long-lived object (0.1-0.2 s with the app's modules loaded):
    most of collect_on_gui_thread's time."""

    SHARE = 4  # a quarter, as CPython

    def __init__(self) -> None:
        self.after_last_full = 0  # blocks the allocator held after it; 0: one is due

    def grown_enough(self) -> bool:
        grown = sys.getallocatedblocks() - self.after_last_full
        return grown >= self.after_last_full // self.SHARE

    def measure(self) -> None:
        self.after_last_full = sys.getallocatedblocks()


_oldest = _OldestGeneration()


def install_gui_thread_collector(app: QObject) -> QTimer:
    """Turn the automatic collector off for good and collect on `app`'s thread instead
    (see collect_on_gui_thread). Idempotent: the timer is made once per application."""
    existing = app.findChild(QTimer, "guiThreadCollector")
    if isinstance(existing, QTimer):
        return existing
    gc.disable()
    gc_paused.gui_collects = True
    timer = QTimer(app)
    timer.setObjectName("guiThreadCollector")
    timer.setInterval(GUI_COLLECT_INTERVAL_MS)
    timer.timeout.connect(collect_on_gui_thread)
    timer.start()
    return timer


class Cancelled(Exception):
    """Raised inside a task when the user cancelled it."""


class Progress:
    """Handed to long tasks: report progress, and stop when the user cancels."""

    def __init__(self, signals: _TaskSignals) -> None:
        self._signals = signals
        self._cancelled = threading.Event()

    def report(self, percent: int, message: str = "") -> None:
        if self._cancelled.is_set():
            raise Cancelled()
        self._signals.progress.emit(int(percent), message)

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()


class _TaskSignals(QObject):
    done = Signal(object)
    failed = Signal(object, str)  # the exception, its formatted traceback
    progress = Signal(int, str)


class Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], *, with_progress: bool = False) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.fn = fn
        self.with_progress = with_progress
        self.signals = _TaskSignals()
        self.progress = Progress(self.signals)

    def run(self) -> None:
        try:
            result = self.fn(self.progress) if self.with_progress else self.fn()
        except Exception as exc:  # reported to the GUI thread, never raised into Qt
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.done.emit(result)


class TaskRunner(QObject):
    """Submits work to the read pool, the serial write pool or the background thread."""

    busy_changed = Signal(bool)
    # A service said the signed-in user's account was deactivated (the message); the
    # main window's user features sign out on it.
    account_revoked = Signal(str)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(2)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        # One thread: two backups or document checks at once would only share the disk.
        self._background = QThreadPool(self)
        self._background.setMaxThreadCount(1)
        # The cancel switches of background work not yet finished (see cancel_background).
        self._background_work: set[Progress] = set()
        self._background_lock = threading.Lock()
        self._running = 0
        self.on_unhandled_error: Callable[[BaseException, str], object] | None = None

    def _submit(
        self,
        pool: QThreadPool,
        fn: Callable[..., Any],
        on_done: Callable[[Any], object] | None,
        on_error: Callable[[BaseException], object] | None,
        on_progress: Callable[[int, str], object] | None,
        with_progress: bool = False,
    ) -> Task:
        task = Task(fn, with_progress=with_progress)
        signals = task.signals

        def finished() -> None:
            self._running -= 1
            if self._running == 0:
                self.busy_changed.emit(False)

        def done(result: Any) -> None:
            finished()
            if on_done:
                on_done(result)

        def failed(exc: BaseException, details: str) -> None:
            finished()
            if isinstance(exc, Cancelled):
                return
            if isinstance(exc, AccountRevoked) and self._signs_out_on_revocation():
                # The window signs out and the sign-in dialog says why: an error box from
                # the refused task would only pop up over it.
                self.account_revoked.emit(str(exc))
                return
            if on_error:
                on_error(exc)
            else:
                log.error("background task failed: %s", details)
                if self.on_unhandled_error:
                    self.on_unhandled_error(exc, details)

        signals.done.connect(done)
        signals.failed.connect(failed)
        if on_progress:
            signals.progress.connect(on_progress)
        # Keep the signals object alive until it has delivered.
        signals.setParent(self)
        signals.done.connect(signals.deleteLater)
        signals.failed.connect(signals.deleteLater)
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        pool.start(task)
        return task

    def _signs_out_on_revocation(self) -> bool:
        """Whether a signed-in window listens to account_revoked (ui.auth.UserFeatures)."""
        meta = self.metaObject()
        return self.isSignalConnected(meta.method(meta.indexOfSignal("account_revoked(QString)")))

    def read(
        self,
        fn: Callable[[Any], Any],
        on_done: Callable[[Any], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
    ) -> Task:
        """Run `fn(session)` in a read-only session on a worker thread."""
        return self._in_session(fn, on_done, on_error, write=False)

    def write(
        self,
        fn: Callable[[Any], Any],
        on_done: Callable[[Any], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
    ) -> Task:
        """Run `fn(session)` as one write unit of work, serialised with all other writes."""
        return self._in_session(fn, on_done, on_error, write=True)

    def _session(self, write: bool) -> Any:
        """A write unit of work (its own pool serialises them) or a read-only session."""
        return self.db.session() if write else self.db.read_session()

    def _in_session(
        self,
        fn: Callable[[Any], Any],
        on_done: Callable[[Any], object] | None,
        on_error: Callable[[BaseException], object] | None,
        *,
        write: bool,
    ) -> Task:
        def job() -> Any:
            with self._session(write) as session:
                return fn(session)

        return self._submit(self._writes if write else self._reads, job, on_done, on_error, None)

    def run(
        self,
        fn: Callable[[Progress], Any],
        on_done: Callable[[Any], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
        on_progress: Callable[[int, str], object] | None = None,
    ) -> Task:
        """Run long non-database work (PDF, files) with progress and cancellation."""
        return self._submit(self._reads, fn, on_done, on_error, on_progress, with_progress=True)

    def background(
        self,
        fn: Callable[[Progress], Any],
        on_done: Callable[[Any], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
        on_progress: Callable[[int, str], object] | None = None,
    ) -> Task:
        """As `run`, for work that takes half a minute or more on a large data folder (a
        backup): on the background thread, one such job at a time, so both read threads
        stay free for the case list, case views and dashboard meanwhile."""
        ended: list[bool] = []  # set under the lock: the job may end before it is added

        def tracked(progress: Progress) -> Any:
            try:
                if progress.cancelled:  # cancelled while it waited for the thread
                    raise Cancelled()
                return fn(progress)
            finally:  # on the worker thread: nothing left to cancel once it has ended
                with self._background_lock:
                    ended.append(True)
                    self._background_work.discard(progress)

        task = self._submit(self._background, tracked, on_done, on_error, on_progress,
                            with_progress=True)
        with self._background_lock:
            if not ended:
                self._background_work.add(task.progress)
        return task

    def cancel_background(self) -> None:
        """Stop background work when the app quits: a backup cut short removes its partial
        file (the next start writes today's again) instead of outliving the window."""
        with self._background_lock:  # queued ones end at once when their turn comes
            for progress in self._background_work:
                progress.cancel()

    @property
    def background_busy(self) -> bool:
        """Whether background work is running or queued (a new job would wait for it)."""
        return self._background.activeThreadCount() > 0

    def session_task(
        self,
        fn: Callable[[Any, Progress], Any],
        on_done: Callable[[Any], object] | None = None,
        on_error: Callable[[BaseException], object] | None = None,
        on_progress: Callable[[int, str], object] | None = None,
        *,
        write: bool = False,
        background: bool = False,
    ) -> Task:
        """Long database work (e.g. rendering a filing) with progress and cancellation:
        `fn(session, progress)`, in a write unit of work (serialised) when `write`, else in
        a read session, on the background thread when `background` (see `background`)."""

        def job(progress: Progress) -> Any:
            with self._session(write) as session:
                return fn(session, progress)

        if background and not write:
            return self.background(job, on_done, on_error, on_progress)
        pool = self._writes if write else self._reads
        return self._submit(pool, job, on_done, on_error, on_progress, with_progress=True)

    @property
    def idle(self) -> bool:
        return self._running == 0

    def wait_for_done(self, msecs: int = 30_000) -> bool:
        """Block until the pools are empty (shutdown and tests only)."""
        return (self._writes.waitForDone(msecs) and self._reads.waitForDone(msecs)
                and self._background.waitForDone(msecs))

    def bound_to(self, owner: QObject) -> BoundRunner:
        """This runner for one widget: results that arrive after the widget was closed
        and deleted are dropped instead of touching it."""
        return BoundRunner(self, owner)


class BoundRunner:
    """`TaskRunner`'s methods with the callbacks guarded by their owner's lifetime."""

    def __init__(self, runner: TaskRunner, owner: QObject) -> None:
        self.runner = runner
        self._owner = owner
        self._asked: dict[str, int] = {}  # latest_read: the newest call per key

    def _guard(self, callback: Callable[..., object] | None) -> Callable[..., None] | None:
        if callback is None:
            return None
        owner = self._owner

        def guarded(*args: Any) -> None:
            if shiboken6.isValid(owner):
                callback(*args)
            else:
                log.info("result for a closed %s dropped", type(owner).__name__)

        return guarded

    def read(self, fn: Callable[[Any], Any], on_done: Callable[[Any], object] | None = None,
             on_error: Callable[[BaseException], object] | None = None) -> Task:
        return self.runner.read(fn, self._guard(on_done), self._guard(on_error))

    def latest_read(self, key: str, fn: Callable[[Any], Any],
                    on_done: Callable[[Any], object] | None = None,
                    on_error: Callable[[BaseException], object] | None = None) -> Task:
        """As `read`, for a view read again and again: only the newest call's answer for
        `key` is taken. Two read threads may finish out of order, and an older answer
        shown last put back a list from before a change (a user just added, roles just
        set)."""
        asked = self._asked[key] = self._asked.get(key, 0) + 1

        def newest(callback: Callable[[Any], object] | None) -> Callable[[Any], object] | None:
            if callback is None:
                return None
            return lambda value: callback(value) if self._asked[key] == asked else None

        return self.read(fn, newest(on_done), newest(on_error))

    def write(self, fn: Callable[[Any], Any], on_done: Callable[[Any], object] | None = None,
              on_error: Callable[[BaseException], object] | None = None) -> Task:
        return self.runner.write(fn, self._guard(on_done), self._guard(on_error))

    def run(self, fn: Callable[[Progress], Any], on_done: Callable[[Any], object] | None = None,
            on_error: Callable[[BaseException], object] | None = None,
            on_progress: Callable[[int, str], object] | None = None) -> Task:
        return self.runner.run(fn, self._guard(on_done), self._guard(on_error),
                               self._guard(on_progress))

    def background(self, fn: Callable[[Progress], Any],
                   on_done: Callable[[Any], object] | None = None,
                   on_error: Callable[[BaseException], object] | None = None,
                   on_progress: Callable[[int, str], object] | None = None) -> Task:
        return self.runner.background(fn, self._guard(on_done), self._guard(on_error),
                                      self._guard(on_progress))

    def session_task(self, fn: Callable[[Any, Progress], Any],
                     on_done: Callable[[Any], object] | None = None,
                     on_error: Callable[[BaseException], object] | None = None,
                     on_progress: Callable[[int, str], object] | None = None, *,
                     write: bool = False, background: bool = False) -> Task:
        return self.runner.session_task(fn, self._guard(on_done), self._guard(on_error),
                                        self._guard(on_progress), write=write,
                                        background=background)

    @property
    def idle(self) -> bool:
        return self.runner.idle

    def wait_for_done(self, msecs: int = 30_000) -> bool:
        return self.runner.wait_for_done(msecs)


def own_unit_of_work(db: Database, work: Callable[[Any, Progress], Any]) -> Callable[[Progress], Any]:
    """`work(session, progress)` in a write unit of work of its own, for a task that does
    not run on the runner's serial write pool: exporting or checking a pack, or writing a
    CSV export, takes the write lock only for its short record at the end, so the user's
    own saves need not queue behind the file work in this app either."""

    def job(progress: Progress) -> Any:
        with db.session() as session:
            return work(session, progress)

    return job
