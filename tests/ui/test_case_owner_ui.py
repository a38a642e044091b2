"""Case → Change owner…: a case imported on the command line (owned by cli:root, whom
nobody signs in as) handed to an officer through the real dialog; the list's Owner column
follows, and a preparer who does not own the case finds the item greyed out with why."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.services import users
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_list import OWNER_COLUMN
from approvals.ui.case_owner import ChangeOwnerDialog
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.unit.test_permissions import example_facts
from tests.users_support import PW, ROOT, create_user_with_own_password

CLI = Actor("cli:root", ROOT.roles)
LI = Actor("li.wei", ("preparer",), "Li Wei")


def _office(db: Database) -> str:
    with db.session() as s:
        users.create_first_admin(s, username="root", password=PW)
        create_user_with_own_password(s, actor=ROOT, username="li.wei", password=PW,
                                      roles=LI.roles, display_name="Li Wei")
        return import_case(s, data=example_facts(), actor=CLI).reference


def _window(qtbot, runner: TaskRunner, data_dir: DataDir, actor: Actor) -> MainWindow:
    window = MainWindow(runner, data_dir, actor)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: runner.idle and window.model.rowCount() == 1, timeout=10_000)
    window.table.selectRow(0)
    return window


def _owner_cell(window: MainWindow) -> str:
    return str(window.model.index(0, OWNER_COLUMN).data())


def test_an_administrator_hands_a_command_line_case_to_an_officer(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, fast_hash: None) -> None:
    reference = _office(db)
    window = _window(qtbot, runner, data_dir, ROOT)
    assert _owner_cell(window) == "cli:root"
    window.owner_change.update()
    assert window.owner_change.action.isEnabled()

    window.owner_change.action.trigger()
    qtbot.waitUntil(lambda: isinstance(window.owner_change.dialog, ChangeOwnerDialog)
                    and window.owner_change.dialog.isVisible(), timeout=10_000)
    dialog = window.owner_change.dialog
    assert dialog is not None
    assert dialog.windowTitle() == f"Change owner of {reference}"
    assert dialog.what.text().startswith(f"Case {reference} is owned by cli:root.")
    # The users who may own a case, the owner left out: root and Li Wei.
    assert [dialog.owner.itemText(i) for i in range(dialog.owner.count())] == [
        "Li Wei (li.wei)", "root"]
    dialog.ok_button.click()  # no reason yet: said at the field, nothing sent
    assert "Say why the case changes owner" in dialog.problem.text()
    assert dialog.isVisible()

    dialog.owner.setCurrentIndex(0)
    qtbot.keyClicks(dialog.reason, "Li Wei takes over the Zhiyuan deals")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: runner.idle and _owner_cell(window) == "Li Wei", timeout=10_000)
    assert window.statusBar().currentMessage() == f"Case {reference} handed to Li Wei (li.wei)"
    window.close()
    runner.wait_for_done()


def test_a_preparer_who_does_not_own_the_case_finds_the_item_greyed_out_with_why(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, fast_hash: None) -> None:
    _office(db)
    window = _window(qtbot, runner, data_dir, LI)
    window.owner_change.update()
    action = window.owner_change.action
    assert not action.isEnabled()
    assert action.toolTip() == ("Only the case's owner (cli:root), an approver or an "
                                "administrator may hand it to another owner.")
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, ChangeOwnerDialog) and w.isVisible()]
    window.close()
    runner.wait_for_done()
