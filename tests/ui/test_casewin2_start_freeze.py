"""Start-up sets its objects aside from the garbage collector once the first window is
built (a full collection that walked them held the GUI thread over 100 ms while a heavy
case was read): run_gui does it after the window shows, once, even after a sign-out;
the program's entry point asks for it, a test calling main() in its own process not."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from approvals import app as entry
from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import application
from approvals.ui.auth import SignedIn
from approvals.ui.main_window import MainWindow

ADMIN = Actor("root", ("admin",), "Root")


def _run(data_dir: DataDir, monkeypatch: pytest.MonkeyPatch, freeze: bool,
         sign_ins: int = 1) -> list[bool]:
    """run_gui signed in `sign_ins` times (each window signs out but the last); for each
    freeze, whether a main window was shown by then."""
    queue: list[Actor | None] = [ADMIN] * sign_ins + [None]
    monkeypatch.setattr(application, "sign_in",
                        lambda *_a: SignedIn(a) if (a := queue.pop(0)) else None)
    monkeypatch.setattr(application, "start_auto_backup", lambda *_a: None)
    frozen: list[bool] = []
    monkeypatch.setattr(application, "freeze_start_up_objects", lambda: frozen.append(any(
        isinstance(w, MainWindow) and w.isVisible() for w in QApplication.topLevelWidgets())))

    def fake_exec(_app: Any = None) -> int:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        if queue[0] is not None:
            window.user_features.sign_out_action.trigger()
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert application.run_gui(["--data-dir", str(data_dir.root)],
                               freeze_after_start=freeze) == 0
    assert queue == [None]  # every sign-in happened (the last window quit)
    return frozen


def test_start_up_freezes_once_after_the_first_window_shows(
        qtbot, db: Database, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch) -> None:
    db.dispose()
    assert _run(data_dir, monkeypatch, freeze=True, sign_ins=2) == [True]


def test_run_gui_called_by_a_test_does_not_freeze(
        qtbot, db: Database, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch) -> None:
    db.dispose()
    assert _run(data_dir, monkeypatch, freeze=False) == []


def test_the_entry_point_asks_for_it_and_main_with_arguments_does_not(
        monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[bool] = []
    monkeypatch.setattr(application, "run_gui",
                        lambda _argv, *, freeze_after_start: asked.append(freeze_after_start)
                        or 0)
    monkeypatch.setattr(entry, "display_problem", lambda *_a: "")
    monkeypatch.setattr("sys.argv", ["approvals"])
    assert entry._start(None) == 0  # as `approvals` started from the shell
    assert entry._start([]) == 0  # as a test calling main([])
    assert asked == [True, False]


def test_freezing_sets_the_objects_aside(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    class FakeGc:
        @staticmethod
        def freeze() -> None:
            calls.append("freeze")

    monkeypatch.setattr(application, "gc", FakeGc)
    application.freeze_start_up_objects()
    assert calls == ["freeze"]
