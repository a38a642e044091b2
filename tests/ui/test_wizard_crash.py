"""Crash safety of the intake draft: a process killed mid-typing keeps every field the
officer had left, and loses at most the one being typed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from approvals.paths import DataDir
from approvals.services.drafts import load_draft
from approvals.store.audit import Actor
from approvals.store.migrate import open_database

CHILD = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit
    from approvals.paths import DataDir
    from approvals.store.audit import Actor
    from approvals.store.migrate import open_database
    from approvals.ui.wizard import IntakeWizard
    from approvals.ui.workers import TaskRunner

    app = QApplication([])
    db = open_database(DataDir(Path(sys.argv[1])).ensure())
    runner = TaskRunner(db)
    w = IntakeWizard(runner, Actor(username="alice", roles=("preparer", "admin")))
    w.show()
    w.activateWindow()
    saved = []
    w.draft_saved.connect(saved.append)

    def field(name):
        return w.findChild(QLineEdit, name)

    def wait(condition):
        for _ in range(500):
            QCoreApplication.processEvents()
            if condition():
                return
            QTest.qWait(10)
        raise SystemExit("timed out")

    for name, text in (("field_target_name_en", "Killed Midway Co."),
                       ("field_target_uscc", "9111000072HD1TJ3YN"),
                       ("field_target_jurisdiction", "CHN")):
        field(name).setFocus()
        wait(field(name).hasFocus)
        QTest.keyClicks(field(name), text)
    field("field_target_name_zh").setFocus()  # leaving the last field saves the draft
    wait(lambda: saved and runner.idle)
    QTest.keyClicks(field("field_target_name_zh"), "Half typed")  # the field being typed
    print(saved[-1], flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_a_kill_mid_typing_loses_only_the_field_being_typed(tmp_path: Path) -> None:
    root = tmp_path / "data"
    DataDir(root).ensure()
    open_database(DataDir(root)).dispose()
    env = {**os.environ, "APPROVALS_DATA_DIR": str(root)}
    done = subprocess.run([sys.executable, "-c", CHILD, str(root)], capture_output=True,
                          text=True, timeout=120, env=env)
    assert done.returncode == -signal.SIGKILL, done.stderr
    reference = done.stdout.strip().splitlines()[-1]
    db = open_database(DataDir(root))
    try:
        with db.read_session() as session:
            info = load_draft(session, actor=Actor(username="alice", roles=("admin",)),
                              reference=reference)
    finally:
        db.dispose()
    target = info.data["target"]
    assert target["name_en"] == "Killed Midway Co."
    assert target["uscc"] == "9111000072HD1TJ3YN"
    assert target["jurisdiction"] == "CHN"  # kept as typed, flagged when it reopens
    assert "name_zh" not in target, json.dumps(target)
