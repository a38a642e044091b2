"""UI test helpers: no test may block on a modal dialog or a native file dialog."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QStyle,
)

from approvals.paths import DataDir
from approvals.services.progress import Meter
from approvals.store import files
from approvals.store.db import Database
from approvals.ui.style import app_style
from approvals.ui.widgets import guard_fields_from_unanswered_alt_keys
from approvals.ui.workers import TaskRunner, install_gui_thread_collector
from tests.conftest import new_database
from tests.ui.palettes import dark_theme_palette


def _refuse(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("a test opened a blocking dialog")


@pytest.fixture(autouse=True)
def no_blocking_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocking dialogs fail the test instead of hanging it (the app uses open())."""
    monkeypatch.setattr(QMessageBox, "exec", _refuse)
    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(_refuse))
    for name in ("getText", "getItem", "getInt", "getDouble", "getMultiLineText"):
        monkeypatch.setattr(QInputDialog, name, staticmethod(_refuse))
    for name in ("getOpenFileName", "getSaveFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(_refuse))


@pytest.fixture
def runner(qtbot, db: Database) -> Iterator[TaskRunner]:
    runner = TaskRunner(db)
    yield runner
    runner.wait_for_done()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    # Deliver finished tasks' signals and deferred deletions before the runner goes away;
    # left for the next test, they touch freed objects.
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def installation_b(tmp_path: Path) -> Iterator[tuple[DataDir, Database, TaskRunner]]:
    """A second installation (the reviewer's laptop): its own data folder, database and
    task runner. Its database is a copy of the session's migrated one, as `db` is (running
    the migrations cost ~0.1 s per test)."""
    b_dir = DataDir(tmp_path / "B")
    b_db = new_database(b_dir)
    b_runner = TaskRunner(b_db)
    yield b_dir, b_db, b_runner
    b_runner.wait_for_done()
    b_db.dispose()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of the test's own (Path.home() reads HOME): where a file dialog with
    no remembered folder starts."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


@pytest.fixture
def host_window(qtbot) -> QMainWindow:
    """A shown, empty main window: the parent a feature's menu actions (BackupFeatures,
    ReviewFeatures) open their dialogs on, without the whole app."""
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


# Styles a test set on its own widgets, kept for the life of the process (see lasting_style).
_LASTING_STYLES: list[QStyle] = []


def lasting_style() -> QStyle:
    """The app's style, for widgets a test styles itself. A widget does not own the style
    set on it (QWidget.setStyle), and a style freed with the test's locals, or with its
    fixture (torn down before qtbot closes the widgets), left them pointing at freed
    memory: a segmentation fault at some later, unrelated widget of the same worker."""
    style = app_style()
    _LASTING_STYLES.append(style)
    return style


@contextmanager
def dark_palette() -> Iterator[None]:
    """The application in the dark theme (tests/ui/palettes.py) inside the block, the
    original palette restored after."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.palette()
    app.setPalette(dark_theme_palette())
    try:
        yield
    finally:
        app.setPalette(original)


@pytest.fixture(params=["light", "dark"])
def palette(request: pytest.FixtureRequest) -> Iterator[str]:
    """The test runs twice: in the light palette and in a dark one."""
    if request.param == "dark":
        with dark_palette():
            yield "dark"
    else:
        yield "light"


@pytest.fixture(autouse=True, scope="session")
def gui_thread_collector(qapp: QApplication) -> None:
    """As the app does (make_application): the cyclic collector runs on the GUI thread only,
    and an Alt key no control answers types nothing into a field."""
    install_gui_thread_collector(qapp)
    guard_fields_from_unanswered_alt_keys(qapp)


def settle(qtbot: Any, runner: TaskRunner, until: Any = lambda: True) -> None:
    """Wait until the runner's work is done (and `until()` holds), then let Qt draw it."""
    qtbot.waitUntil(lambda: runner.idle and until(), timeout=20_000)
    QApplication.processEvents()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """A test that leaves a window open or work running on the thread pool fails here, after
    its fixtures (qtbot's widgets included) are torn down, instead of disturbing the next."""
    result = yield
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return result
    QCoreApplication.processEvents()
    pool = QThreadPool.globalInstance()
    busy = not pool.waitForDone(5_000)
    windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for window in windows:
        window.close()
    QCoreApplication.processEvents()
    problems = []
    if windows:
        problems.append("windows left open: " + ", ".join(
            f"{type(w).__name__} {w.objectName()!r}" for w in windows))
    if busy:
        problems.append(f"{pool.activeThreadCount()} task(s) still running on the thread pool")
    if problems:
        raise AssertionError(f"{item.nodeid} leaked " + "; ".join(problems))
    return result


class Gate:
    """Holds the worker inside the meter once `when(meter, message)` is true, until opened."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.opened = threading.Event()
        self.when = lambda _meter, _message: False

    def open(self) -> None:
        self.opened.set()

    def rearm(self, when) -> None:
        self.reached.clear()
        self.opened.clear()
        self.when = when


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    """A long task's worker held at a known point of its progress meter until the test (or
    the Cancel it clicks) opens the gate; small copy chunks land a cancel mid-file."""
    gate = Gate()
    report = Meter.report

    def held(meter: Meter, fraction: float, message: str) -> None:
        if not gate.reached.is_set() and gate.when(meter, message):
            gate.reached.set()
            assert gate.opened.wait(10), "the test never opened the gate"
        report(meter, fraction, message)

    monkeypatch.setattr(Meter, "report", held)
    monkeypatch.setattr(files, "CHUNK", 4096)
    yield gate
    gate.open()  # never leave a worker waiting


def mid_file(meter: Meter, _message: str) -> bool:
    """A gate condition: half of the file being copied is through."""
    return meter.total > 0 and meter.done >= meter.total // 2


@pytest.fixture
def wizard(qtbot: Any, runner: TaskRunner, admin: Any) -> Any:
    """A new-case intake wizard, shown."""
    from approvals.ui.wizard import IntakeWizard

    w = IntakeWizard(runner, admin)
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def export_dialog(qtbot, runner: TaskRunner, admin: Any, data_dir: DataDir, db):
    """Export review pack… over one imported example case, its list loaded: (dialog, ref)."""
    import json

    from approvals.services.cases import import_case
    from approvals.ui.review import ExportPackDialog
    from tests.conftest import EXAMPLES_DIR

    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        reference = import_case(s, data=facts, actor=admin).reference
    dialog = ExportPackDialog(runner, admin, data_dir, reference)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.checked() == [reference], timeout=10_000)
    return dialog, reference


@pytest.fixture
def review_pair(tmp_path: Path, data_dir: DataDir, db: Database) -> Iterator[Any]:
    """A review pair (tests.review_support.open_review_pair): A's pack open on B."""
    from tests.review_support import open_review_pair

    made = open_review_pair(tmp_path, data_dir, db)
    yield made
    made.b_db.dispose()
