"""The "Solo mode" indicator sits right before "Signed in as …" in the main window's
status bar (it was added after it, alone in the far corner), and its tooltip is text that
wraps and says what solo mode means (one plain line ran across the screen)."""

from __future__ import annotations

import pytest

from approvals.paths import DataDir
from approvals.services import auth, users
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner

PW = "correct horse battery"
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")

pytestmark = pytest.mark.usefixtures("fast_hash")


def test_solo_mode_is_said_right_before_signed_in_as(qtbot, runner: TaskRunner, db: Database,
                                                     data_dir: DataDir) -> None:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        auth.set_solo_mode(s, actor=ROOT, enabled=True, reason="one-person office")
    window = MainWindow(runner, data_dir, ROOT)
    qtbot.addWidget(window)
    window.resize(1200, 600)
    features = ui_auth.install_user_features(window, runner, ROOT, timeout_ms=3_600_000)
    features.session_timer.stop()
    try:
        window.show()
        qtbot.waitExposed(window)
        solo, signed_in = features.solo_label, window.user_label
        qtbot.waitUntil(lambda: runner.idle and solo.isVisible(), timeout=10_000)
        assert signed_in.isVisible()
        # Left of "Signed in as …", next to it: nothing shown in between.
        assert solo.geometry().right() < signed_in.geometry().left()
        between = [w for w in window.statusBar().findChildren(type(solo))
                   if w.isVisible() and w is not solo and w is not signed_in
                   and solo.geometry().right() < w.geometry().center().x()
                   < signed_in.geometry().left()]
        assert between == []
        tip = solo.toolTip()
        assert tip.startswith("<p>")  # rich text wraps, instead of one line across the screen
        assert "approve their own work" in tip and "self-approval is marked" in tip
        assert "Security settings" in tip and "…." not in tip
        assert "self-approval" in solo.accessibleDescription()
    finally:
        features.idle_lock.stop()
