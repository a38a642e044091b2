"""The main window of an office's only user, signed in with the session and lock features
(the only-user hint in the status bar): the set-up of the only-user hint tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import auth, users
from approvals.services.cases import create_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.users_support import PW

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"
WANG = Actor("wangjingjing", ("preparer", "reviewer", "approver", "admin"), "Wang Jingjing")


def signed_in_alone(qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, *,
                    demo_cases: int = 0) -> Iterator[MainWindow]:
    """For a fixture to `yield from`: WANG, the first and only user, signed in (not shown),
    with the first `demo_cases` demo cases; the session check keeps it signed in."""
    with db.session() as s:
        users.create_first_admin(s, username=WANG.username, password=PW,
                                 display_name=WANG.display_name)
        stamp = auth.current_stamp(s, WANG.username)
        for data in json.loads(DEMO.read_text(encoding="utf-8"))[:demo_cases]:
            create_case(s, facts=parse_facts(data), actor=WANG)
    main = MainWindow(runner, data_dir, WANG)
    qtbot.addWidget(main)
    features = ui_auth.install_user_features(main, runner, WANG, timeout_ms=3_600_000,
                                             stamp=stamp)
    features.session_timer.stop()
    yield main
    features.idle_lock.stop()
