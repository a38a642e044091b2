"""The Alt+letter keys the user guide lists for the sign-in, first-start, password,
security-settings and Users… dialogs are the underlined letters those dialogs have (and,
where the guide names the control, on that control)."""

from __future__ import annotations

import json
import re

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget

from approvals.paths import DataDir
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.filing_preview import FilingDialog
from approvals.ui.help import user_part
from approvals.ui.review import ExportPackDialog, KeysDialog
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR, REPO_ROOT
from tests.ui.case_window import open_view

README = REPO_ROOT / "README.md"


def prose() -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*`]", "", user_part(README.read_text(encoding="utf-8"))))


def plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def letters(window: QWidget) -> dict[str, list[str]]:
    """Alt+letter → the texts of the controls (buttons, labels of fields, boxes) it is on."""
    found: dict[str, list[str]] = {}
    texts = [b.text() for b in window.findChildren(QAbstractButton)]
    texts += [label.text() for label in window.findChildren(QLabel) if label.buddy()]
    texts += [box.title() for box in window.findChildren(QGroupBox)]
    for text in texts:
        key = QKeySequence.mnemonic(text).toString(QKeySequence.SequenceFormat.PortableText)
        if key:
            found.setdefault(key, []).append(plain(text))
    return found


def forms_keys(label: str) -> list[str]:
    """The keys the guide's "Alt keys." bullet lists for one form ("Sign-in: Alt+U …")."""
    bullet = prose().split("- Alt keys. ", 1)[1].split(" - ", 1)[0]
    part = re.search(rf"{re.escape(label)}: (.*?)\.(?: [A-Z]|$)", bullet)
    assert part, label
    return re.findall(r"Alt\+[A-Z]", part.group(1))


def test_the_forms_alt_keys_are_their_underlined_letters(qtbot, runner: TaskRunner,
                                                         admin: Actor) -> None:
    dialogs = {
        "Sign-in": ui_auth.SignInDialog(runner),
        "First start": ui_auth.FirstStartDialog(runner),
        "Change my password": ui_auth.ChangePasswordDialog(runner, admin),
        "Security settings": ui_auth.SecuritySettingsDialog(runner, admin),
        "Generate filing": FilingDialog(runner, admin, "AP-2026-0001"),
    }
    wrong = []
    for label, dialog in dialogs.items():
        qtbot.addWidget(dialog)
        keys = forms_keys(label)
        assert len(keys) >= 3, label
        have = letters(dialog)
        wrong += [f"{label}: {key}" for key in keys if key not in have]
        if label == "Generate filing":  # "Alt+P / Ctrl+P (print), Alt+S / Ctrl+S (save)"
            shortcuts = {portable for b in dialog.findChildren(QAbstractButton)
                         if (portable := b.shortcut().toString(
                             QKeySequence.SequenceFormat.PortableText))}
            shortcuts |= {s.key().toString(QKeySequence.SequenceFormat.PortableText)
                          for s in dialog.findChildren(QShortcut)}
            part = prose().split("Generate filing: ", 1)[1].split(". ", 1)[0]
            wrong += [f"{label}: {key}" for key in re.findall(r"Ctrl\+[A-Z]", part)
                      if key not in shortcuts]
    assert wrong == [], "\n".join(wrong)


def test_the_users_windows_alt_keys_are_on_the_controls_the_guide_names(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = ui_auth.UserManagementDialog(runner, admin)
    qtbot.addWidget(dialog)
    have = letters(dialog)
    text = prose().split("in Users… ", 1)[1].split("; in the keys dialog", 1)[0]
    # "Alt+M Save full name", "Alt+D / Alt+T Deactivate / Reactivate"
    pairs: list[tuple[str, str]] = []
    for keys, names in re.findall(r"((?:Alt\+[A-Z](?: / )?)+) ([^,]+?)(?=,|$| and in)", text):
        keys_list = re.findall(r"Alt\+[A-Z]", keys)
        names_list = [n.strip() for n in names.split(" / ")]
        pairs += list(zip(keys_list, names_list, strict=True)) if len(names_list) == len(
            keys_list) else [(k, names.strip()) for k in keys_list]
    assert len(pairs) >= 10
    # Deactivate's button reads Reac&tivate for a deactivated user (none selected here).
    have.setdefault("Alt+T", []).append("Reactivate")
    wrong = [f"{key} {name} (the app: {have.get(key)})" for key, name in pairs
             if not any(t.startswith(name) for t in have.get(key, []))]
    assert wrong == [], "\n".join(wrong)


def table_alt_keys(where: str) -> list[tuple[str, str]]:
    """The Keyboard table's Alt keys for one place, with the words naming each control:
    "| Alt+U / Alt+O | lock cover | **Unlock** / **Sign out** |" → (Alt+U, Unlock), …"""
    text = user_part(README.read_text(encoding="utf-8"))
    table = text.split("### Keyboard\n", 1)[1].split("\n\n", 1)[0]
    found = []
    for line in table.splitlines()[2:]:
        keys, place, does = (c.strip() for c in line.strip("|").split("|"))
        if place == where:
            names = [re.sub(r"[*`]", "", n).strip() for n in does.split(" / ")]
            found += list(zip(re.findall(r"Alt\+[A-Z]", keys), names, strict=True))
    return found


def test_the_dialogs_alt_keys_in_the_keyboard_table_are_theirs(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    export = ExportPackDialog(runner, admin, data_dir)
    keys = KeysDialog(runner, admin, data_dir)
    places = {"sign-in window": ui_auth.SignInDialog(runner),
              "lock cover": ui_auth.LockOverlay(window, admin),
              "Review → Export review pack…": export}
    wrong, checked = [], 0
    for where, dialog in places.items():
        qtbot.addWidget(dialog)
        have = letters(dialog)
        for key, name in table_alt_keys(where):
            checked += 1
            # "the list of cases" / "the File field": a field's label, in other words.
            if key not in have or (name[:1].isupper() and
                                   not any(t.startswith(name) for t in have[key])):
                wrong.append(f"{where}: {key} {name} (the app: {have.get(key)})")
    qtbot.addWidget(keys)
    # "in the keys dialog Alt+L Load key file…, Alt+O Stop trusting"
    listed = prose().split("in the keys dialog ", 1)[1].split(")", 1)[0]
    for key, name in re.findall(r"(Alt\+[A-Z]) ([^,]+)", listed):
        checked += 1
        if not any(t.startswith(name.strip()) for t in letters(keys).get(key, [])):
            wrong.append(f"keys dialog: {key} {name} (the app: {letters(keys).get(key)})")
    assert checked >= 7
    assert wrong == [], "\n".join(wrong)
    runner.wait_for_done()


def test_the_documents_tabs_alt_keys_are_its_controls(qtbot, runner: TaskRunner, admin: Actor,
                                                       data_dir: DataDir, db: Database) -> None:
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        ref = import_case(s, data=facts, actor=admin).reference
    view = open_view(qtbot, runner, admin, data_dir, ref, documents=True)
    page = view.tabs.currentWidget()
    have = letters(page)
    # "on the Documents tab: Alt+Y the type, Alt+H Attach file…, …; in Users… …"
    listed = prose().split("(on the Documents tab: ", 1)[1].split("; in", 1)[0]
    pairs = re.findall(r"(Alt\+[A-Z]) ([^,]+)", listed)
    assert len(pairs) >= 5
    wrong = []
    for key, words in pairs:
        names = [n.strip() for n in words.split(" / ")]
        if not names[0][:1].isupper():
            names = []  # "the type": a field, by its label's letter
        if key not in have or (names and not any(t.startswith(n) for n in names
                                                 for t in have[key])):
            wrong.append(f"{key} {words} (the app: {have.get(key)})")
    assert wrong == [], "\n".join(wrong)
