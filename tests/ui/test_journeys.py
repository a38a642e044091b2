"""Defects found by walking through the app like a compliance officer."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui import application
from approvals.ui.main_window import MainWindow


def test_sign_out_asks_for_the_next_user(qtbot, data_dir: DataDir, monkeypatch) -> None:
    """Preparer and approver share a workstation: Sign out brings the sign-in back."""
    preparer = Actor(username="pat", roles=("preparer",))
    approver = Actor(username="aaron", roles=("approver",))
    queue: list[Actor | None] = [preparer, approver, None]
    signed_in: list[str] = []

    def fake_sign_in(_db: Any, _runner: Any) -> Actor | None:
        return queue.pop(0)

    def fake_exec(_app: Any = None) -> int:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        signed_in.append(window.actor.username)
        menu = window.user_features.menu
        sign_out = window.user_features.sign_out_action
        assert sign_out in menu.actions()
        if window.actor.username == "pat":
            sign_out.trigger()
        else:
            window.close()  # the approver quits
        assert not window.isVisible()
        return 0

    monkeypatch.setattr(application, "sign_in", fake_sign_in)
    monkeypatch.setattr(QApplication, "exec", fake_exec)
    monkeypatch.setattr(application, "start_auto_backup", lambda *a, **k: None)
    code = application.run_gui(["--data-dir", str(data_dir.root)])
    assert code == 0
    assert signed_in == ["pat", "aaron"]
    assert queue == [None]  # quitting (not signing out) does not ask again
