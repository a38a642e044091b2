"""The Users window reads its list again on opening, on coming to the front and after each
change; two read threads may answer out of order. An older read answering last must not
put back the list from before a change."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from approvals.services import users
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.workers import TaskRunner
from tests.ui.test_admin_journey_ui import PW, ROOT

pytestmark = pytest.mark.usefixtures("fast_hash")


@pytest.fixture
def seeded(db: Database) -> Database:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW, display_name="Root")
        users.create_user(s, actor=ROOT, username="bob", password=PW, roles=["preparer"])
    return db


def test_an_older_read_answering_last_does_not_bring_back_the_old_list(
        qtbot, runner: TaskRunner, seeded: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = ui_auth.UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)

    real = users.list_users
    older_may_answer = threading.Event()
    reads: list[int] = []

    def first_read_answers_last(session: Any) -> list[users.UserInfo]:
        rows = real(session)  # the list as it is now
        reads.append(len(rows))
        if len(reads) == 1:
            older_may_answer.wait(10)  # until the newer read has been shown
        return rows

    monkeypatch.setattr(users, "list_users", first_read_answers_last)
    dialog.refresh()  # reads the two users, answers last
    qtbot.waitUntil(lambda: len(reads) == 1, timeout=10_000)
    with seeded.session() as s:
        users.create_user(s, actor=ROOT, username="anna", password=PW, roles=["reviewer"])
    dialog.refresh()  # reads three
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=10_000)
    older_may_answer.set()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    qtbot.wait(50)  # the older answer's callback, had it been taken
    assert reads == [2, 3]
    assert dialog.table.rowCount() == 3
