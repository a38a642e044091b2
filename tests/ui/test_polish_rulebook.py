"""The rulebook window's Revert asks first (which version goes back to which, how many open
cases would change; Cancel changes nothing), and an update refused as not newer can be
installed anyway by an administrator: confirmed with both versions and a reason, audited as
`--allow-older` is. The confirmations have keyboard paths and no Alt-key clashes."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.domain.rulebook import default_rulebook
from approvals.exchange.pack import Member, write_pack
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.rulebook import INSTALLED_FILE, rulebook_for
from approvals.services.rulebook_updates import install_rulebook_update
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.rulebook import RulebookWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import REPO_ROOT
from tests.ui.ux_checks import problems

ADMIN = Actor("ada", ("admin",))


def signed(base: Path, db: Database, version: str) -> Path:
    """The shipped rule files declaring `version`, signed by a team this folder trusts."""
    folder = base / f"rules-{version}"
    shutil.copytree(REPO_ROOT / "resources" / "rulebook", folder)
    manifest = json.loads((folder / "rulebook.json").read_text(encoding="utf-8"))
    (folder / "rulebook.json").write_text(json.dumps({**manifest, "version": version}),
                                          encoding="utf-8")
    team = DataDir(base / "team").ensure()
    out = base / f"rulebook-{version}.zip"
    write_pack(out, identity=review.identity_of(team), kind="rulebook",
               members=[Member(p.name, data=p.read_bytes()) for p in sorted(folder.glob("*.json"))])
    with db.session() as s:
        key = review.installation_identity(team).public_key_text
        if not any(k.fingerprint == review.installation_identity(team).fingerprint
                   for k in review.list_trusted_keys(s)):
            review.trust_key(s, key_text=key, label="Knowledge team", actor=ADMIN)
    return out


def events(db: Database) -> list[tuple[str, str | None, str | None]]:
    conn = sqlite3.connect(db.data_dir.database)
    try:
        return conn.execute("SELECT action, details, reason FROM events ORDER BY id").fetchall()
    finally:
        conn.close()


def opened(qtbot, runner: TaskRunner) -> RulebookWindow:
    window = RulebookWindow(runner, actor=ADMIN)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.show()
    return window


def test_revert_asks_first_and_cancel_changes_nothing(qtbot, runner: TaskRunner, db: Database,
                                                      data_dir: DataDir, tmp_path: Path) -> None:
    update = signed(tmp_path, db, "2099.1.1")
    with db.session() as s:
        installed = install_rulebook_update(s, data_dir=data_dir, path=update, actor=ADMIN)
    window = opened(qtbot, runner)
    record = (data_dir.rulebook / INSTALLED_FILE).read_bytes()
    logged = events(db)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        qtbot.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)  # Re&vert
    dialog = window.confirm_dialog
    assert dialog is not None and dialog.isVisible() and dialog.isModal()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    text = dialog.message.text()
    assert text.startswith(f"Revert from the installed update {installed.after.version} to "
                           f"the shipped rulebook {default_rulebook().version}?")
    assert "no open case's outcome would change" in text and "Nothing has changed yet." in text
    assert problems("revert confirmation", dialog) == []
    # Enter alone does not revert: the action is no default button.
    assert not dialog.action.isDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.confirm_dialog is None, timeout=5_000)
    runner.wait_for_done()
    assert (data_dir.rulebook / INSTALLED_FILE).read_bytes() == record
    assert events(db) == logged and rulebook_for(data_dir).version == installed.after.version
    assert "Nothing was reverted (cancelled)." in window.update_label.text()
    assert window.revert_button.isEnabled()
    # Confirmed: reverted, and audited as before.
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        qtbot.mouseClick(window.revert_button, Qt.MouseButton.LeftButton)
    confirm = window.confirm_dialog
    assert confirm is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is confirm, timeout=5_000)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        qtbot.keyClick(confirm.focusWidget() or confirm, Qt.Key.Key_V,
                       Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "Shipped rulebook" in window.source_label.text(), timeout=10_000)
    assert events(db)[-1][0] == "rulebook.reverted"
    runner.wait_for_done()


def test_an_update_not_newer_is_installed_anyway_with_a_reason(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    newer = signed(tmp_path, db, "2099.2.1")
    older = signed(tmp_path, db, "2099.1.1")
    with db.session() as s:
        first = install_rulebook_update(s, data_dir=data_dir, path=newer, actor=ADMIN)
    window = opened(qtbot, runner)
    logged = events(db)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(older)
    said = window.update_label.text()
    assert "The update was not installed" in said and "older than the installed update" in said
    assert "<a href='older:'>Install anyway…</a>" in said
    assert events(db) == logged and rulebook_for(data_dir).version == first.after.version
    # The link, as Tab and Enter would activate it.
    with qtbot.waitSignal(window.update_done, timeout=20_000):  # the preview, read first
        window.update_label.linkActivated.emit("older:")
    dialog = window.confirm_dialog
    assert dialog is not None and dialog.isVisible() and dialog.reason is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    text = dialog.message.text()
    assert "declares version 2099.1.1 (rulebook 2099.1.1+" in text
    assert f"older than the installed update {first.after.version} in use (version 2099.2.1)" in text
    assert dialog.reason.hasFocus() or dialog.focusWidget() is dialog.reason
    # No reason, no install: the button says why it waits.
    assert not dialog.action.isEnabled() and "reason" in dialog.action.toolTip()
    assert problems("install older confirmation", dialog) == []
    qtbot.keyClicks(dialog.reason, "2099.2.1 misstates a threshold; back until it is fixed")
    assert dialog.action.isEnabled()
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "Installed update 2099.1.1" in window.source_label.text(),
                    timeout=10_000)
    assert rulebook_for(data_dir).version.startswith("2099.1.1+")
    action, details, reason = events(db)[-1]
    assert action == "rulebook.installed" and json.loads(details or "{}")["allow_older"] is True
    assert reason == "2099.2.1 misstates a threshold; back until it is fixed"
    assert "Installed:" in window.update_label.text()
    runner.wait_for_done()


def test_a_cancelled_install_anyway_installs_nothing(qtbot, runner: TaskRunner, db: Database,
                                                     data_dir: DataDir, tmp_path: Path) -> None:
    newer, update = signed(tmp_path, db, "2099.2.1"), signed(tmp_path, db, "2099.1.1")
    with db.session() as s:
        install_rulebook_update(s, data_dir=data_dir, path=newer, actor=ADMIN)
    window = opened(qtbot, runner)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(update)  # an older version: going back is offered
    assert "older than the installed update" in window.update_label.text()
    record, logged = (data_dir.rulebook / INSTALLED_FILE).read_bytes(), events(db)
    with qtbot.waitSignal(window.update_done, timeout=20_000):  # the preview, read first
        window.install_older()
    dialog = window.confirm_dialog
    assert dialog is not None and "older than" in dialog.message.text()
    assert dialog.reason is not None
    qtbot.keyClicks(dialog.reason, "checking")
    dialog.reject()
    runner.wait_for_done()
    assert (data_dir.rulebook / INSTALLED_FILE).read_bytes() == record and events(db) == logged


def test_a_short_window_gives_the_rules_list_the_room(qtbot, runner: TaskRunner, db: Database,
                                                      data_dir: DataDir, tmp_path: Path) -> None:
    """As at 200 % on a 1366×768 or 1280×720 screen (about 340 lines of 14 px): the line
    above the list says which rulebook in one line (the rest on hover), the details keep
    only their few lines, and the outcome of an install scrolls in three."""
    update = signed(tmp_path, db, "2099.1.1")
    with db.session() as s:
        install_rulebook_update(s, data_dir=data_dir, path=update, actor=ADMIN)
    window = RulebookWindow(runner, actor=ADMIN)
    qtbot.addWidget(window)
    line = window.fontMetrics().height()
    window.resize(line * 46, line * 24)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.show()
    assert window.is_short()
    source = window.source_label
    assert source.text().startswith("<b>In use:</b> Installed update 2099.1.1+")
    assert "signed by Knowledge team" not in source.text()
    assert "signed by Knowledge team" in source.toolTip() and "Signed by Knowledge team" in source.toolTip()
    assert source.height() < line * 2  # one line
    tree, details = window.splitter.sizes()
    assert details <= window.details.minimumHeight() + 2 and tree > details
    assert window.split_sizes(line * 40) == [line * 40 - (line * 40 - line * 40 * 3 // 5),
                                             line * 40 - line * 40 * 3 // 5]  # roomy: 3 : 2
    # Made tall again: the full sentence is back.
    window.resize(line * 70, line * 45)
    qtbot.waitUntil(lambda: not window.is_short(), timeout=5_000)
    assert "signed by Knowledge team" in source.text()
    assert problems("short rulebook window", window) == []


def test_an_untrusted_signer_is_said_once_with_the_windows_own_way_to_trust_it(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    update = signed(tmp_path, db, "2099.1.1")
    with db.session() as s:  # the knowledge team's key taken off the trusted list
        for key in review.list_trusted_keys(s):
            review.untrust_key(s, fingerprint=key.fingerprint, actor=ADMIN)
    window = opened(qtbot, runner)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(update)
    said = window.update_label.text()
    assert said.startswith("<b>The update was not installed:</b> rulebook-2099.1.1.zip: it is "
                           "signed by an installation that is no longer trusted here (fingerprint ")
    # Who removed the key, and the caution with it, are said (review16: they were dropped).
    assert "stopped trusting it" in said
    assert "trust it again only once you know why it was removed. Nothing was changed." in said
    assert "Nothing was changed." in said and "<a href='trust:'>Trust the signer's key…</a>" in said
    # Not the keys dialog's menu path and the command line as well: the link is the way here.
    assert "on the command line" not in said and "Review →" not in said
    runner.wait_for_done()
