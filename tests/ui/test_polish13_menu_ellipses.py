"""One rule for "…" in the menus, walked over every item of the main window's menu bar:
an item that opens a window asking for more before it is done (a file, a reason, a date,
a form to fill in, records to add or decide on) ends in "…"; one that acts at once, or
opens a window to read (the dashboard, the audit trail, the rulebook, the guide), does not.
The menus had it both ways: Deadlines dashboard and Keyboard shortcuts without the dots,
Audit trail…, Rulebook… and Verify audit trail… (which asks nothing) with them. The app's
own messages write each item as the menu does (no "Rulebook…" left over)."""

from __future__ import annotations

import re

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from approvals.ui.main_window import MainWindow
from tests.ui.test_docs8_readme_menus import (  # noqa: F401  (fixture)
    full_window,
    menu_items,
    named_paths,
)
from tests.ui.test_polish11_app_menu_paths import app_texts

# Opens a window that asks for more before the item is done: "…".
ASKS = {
    "newCaseAction": "the new case's facts",
    "importFactsAction": "a facts file",
    "filingCheckAction": "a filing to check",
    "backupAction": "where to back up to",
    "restoreAction": "a backup to restore",
    "exportCaseListAction": "a file to write",
    "particularsDefaultsAction": "the defaults, in a form",
    "closeCaseAction": "a reason",
    "reopenCaseAction": "a reason",
    "discardCaseAction": "a confirmation and a reason",
    "changeOwnerAction": "the new owner and a reason",
    "calendarsAction": "holiday years and corrections to enter",
    "openCasesCheckAction": "the date to check on",
    "exportReviewPackAction": "a file to write",
    "importResponseAction": "a response file",
    "proposalsAction": "each proposed change accepted or rejected",
    "openReviewPackAction": "a pack file",
    "keysAction": "key files to load or trust",
    "manageUsersAction": "users to add and change",
    "securitySettingsAction": "the settings, in a form",
    "changePasswordAction": "the passwords",
}
# Acts at once, or shows something to read: no "…".
AT_ONCE = {
    "demoAction", "quitAction", "openCaseAction", "refreshAction", "findAction",
    "dashboardAction", "auditTrailAction", "auditVerifyAction", "rulebookAction",
    "openedPacksAction", "lockNowAction", "signOutAction", "userGuideAction",
    "shortcutsAction", "openLogFolderAction", "aboutAction",
}
COLUMN_TOGGLE = re.compile(r"caseColumn\d+")


def every_item(window: MainWindow) -> list[tuple[str, QAction]]:
    """(the menu path, the item) for every item of the menu bar, submenus' too."""
    found: list[tuple[str, QAction]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            text = f"{path} → {action.text().replace('&', '')}"
            found.append((text, action))
            if action.menu() is not None:
                walk(action.menu(), text)

    for top in window.menuBar().actions():
        assert top.menu() is not None
        walk(top.menu(), top.text().replace("&", ""))
    return found


def test_an_item_ends_in_dots_exactly_when_its_window_asks_for_more(
        full_window: MainWindow) -> None:  # noqa: F811
    items = every_item(full_window)
    assert len(items) > 40
    wrong, unknown = [], []
    for path, action in items:
        name, dots = action.objectName(), action.text().endswith("…")
        if action.menu() is not None or COLUMN_TOGGLE.fullmatch(name):
            asks = False  # a submenu, or a column shown or hidden at once
        elif name in ASKS:
            asks = True
        elif name in AT_ONCE:
            asks = False
        else:
            unknown.append(f"{path} ({name or 'no object name'})")
            continue
        if dots != asks:
            wrong.append(f"{path}: {'asks, no …' if asks else '… but asks nothing'}")
    # A new item is placed in ASKS or AT_ONCE, so the rule is decided for it too.
    assert unknown == [], "\n".join(unknown)
    assert wrong == [], "\n".join(wrong)


def test_the_apps_messages_write_an_item_without_dots_as_the_menu_does(
        full_window: MainWindow) -> None:  # noqa: F811
    items = menu_items(full_window)
    stale = [f"{where}: {named.top} → {named.written}"
             for where, text in app_texts().items()
             for named in named_paths(text, items)
             if named.item and not named.item.endswith("…") and named.after.startswith("…")]
    assert stale == [], "\n".join(stale)
