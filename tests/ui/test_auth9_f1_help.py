"""F1 in the first-start, sign-in, Users, Change my password and Security settings
windows opens the user guide at their section. F1 did nothing there: the guide's Help
menu is in the main window, behind these dialogs or (first start, sign-in) not open yet."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.help import GuideWindow
from approvals.ui.workers import TaskRunner
from tests.ui.auth9_support import use_headings_only
from tests.users_support import ROOT, make_root

pytestmark = pytest.mark.usefixtures("fast_hash", "light_guide")


@pytest.fixture
def light_guide(monkeypatch: pytest.MonkeyPatch) -> None:
    use_headings_only(monkeypatch)  # the README's sections, quickly

DIALOGS: dict[str, tuple[Callable[[TaskRunner], QDialog], str]] = {
    "first start": (lambda r: ui_auth.FirstStartDialog(r), "first-start-and-signing-in"),
    "sign-in": (lambda r: ui_auth.SignInDialog(r), "first-start-and-signing-in"),
    "users": (lambda r: ui_auth.UserManagementDialog(r, ROOT), "managing-users-administrators"),
    "change password": (lambda r: ui_auth.ChangePasswordDialog(r, ROOT),
                        "first-start-and-signing-in"),
    "security settings": (lambda r: ui_auth.SecuritySettingsDialog(r, ROOT), "idle-lock"),
}


@pytest.fixture(autouse=True)
def close_guides() -> Iterator[None]:
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, GuideWindow):
            widget.close()


@pytest.mark.parametrize("name", list(DIALOGS))
def test_f1_opens_the_guide_at_the_dialogs_section(qtbot, runner: TaskRunner, db: Database,
                                                   name: str) -> None:
    make_root(db)
    make, anchor = DIALOGS[name]
    dialog = make(runner)
    qtbot.addWidget(dialog)
    dialog.show()
    (help_key,) = [s for s in dialog.findChildren(QShortcut)
                   if s.key() == QKeySequence(QKeySequence.StandardKey.HelpContents)]
    help_key.activated.emit()
    guide = dialog.findChild(GuideWindow)
    assert guide is not None  # a child: usable beside a modal dialog (sign-in, first start)
    qtbot.waitUntil(lambda: guide.source is not None, timeout=10_000)
    assert guide.isVisible() and not guide.isModal()
    heading = guide.section_in_view()
    assert heading is not None and heading.anchor == anchor
    assert guide.message.text() == ""  # no "There is no section …"
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)


def test_the_first_start_form_says_where_the_guide_is(qtbot, runner: TaskRunner) -> None:
    dialog = ui_auth.FirstStartDialog(runner)
    qtbot.addWidget(dialog)
    key = QKeySequence(QKeySequence.StandardKey.HelpContents).toString(
        QKeySequence.SequenceFormat.NativeText)
    assert any(f"{key} opens the user guide" in label.text()
               for label in dialog.findChildren(QLabel))
