"""The user guide (the README's users' part) names menu items and keys as the app has them:
every "File → Back up…" / "Users ▸ Lock now" names an item of the main window's menus with
that exact text, a key or Alt-letter pair written beside it is that item's, and the keys
of the *Keyboard* table are the windows' own (read as Help → Keyboard shortcuts reads them)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenu, QTabWidget, QWidget

from approvals.paths import DataDir
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.application import signed_in_window
from approvals.ui.dashboard import DeadlinesDashboard
from approvals.ui.help import app_shortcuts, user_part
from approvals.ui.main_window import MainWindow
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR, REPO_ROOT
from tests.ui.case_window import open_view

README = REPO_ROOT / "README.md"
ARROW = r"\s*[→▸]\s*"
KEY = r"(?:(?:Ctrl|Alt|Shift)\+)+(?:[A-Z0-9]\b|F\d{1,2}\b|Enter|Delete|Left|Right)|F\d{1,2}\b"


def plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def portable(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


def guide_prose() -> str:
    """The users' part as one line of prose: code blocks dropped, emphasis and code marks
    removed (a path is written **File → Back up…** or *File → Back up…*), lines joined (a
    path may wrap)."""
    kept, fenced = [], False
    for line in user_part(README.read_text(encoding="utf-8")).splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced:
            kept.append(line)
    return re.sub(r"\s+", " ", re.sub(r"[*`]", "", "\n".join(kept)))


@dataclass
class Item:
    menu: QMenu
    action: QAction


def menu_items(window: MainWindow) -> dict[str, dict[str, Item]]:
    """Top menu's text → {item's text (a submenu's items as "Columns → Status"): item}."""
    found: dict[str, dict[str, Item]] = {}

    def walk(menu: QMenu, prefix: str, into: dict[str, Item]) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            into[prefix + plain(action.text())] = Item(menu, action)
            if action.menu() is not None:
                walk(action.menu(), f"{prefix}{plain(action.text())} → ", into)

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), "", found.setdefault(plain(top.text()), {}))
    return found


@pytest.fixture
def full_window(qtbot, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> Iterator[MainWindow]:
    """The main window as run_gui builds it: every feature's menu installed."""
    window, _features = signed_in_window(runner, data_dir, admin, timeout_ms=3_600_000,
                                         check_ms=3_600_000)
    qtbot.addWidget(window)
    yield window
    runner.wait_for_done()


@dataclass
class Named:
    """A menu path the guide names, and what it writes right after it."""
    top: str
    item: str  # "" when no item of that menu starts the text after the arrow
    written: str  # the text after the arrow, as the guide has it
    after: str  # the text after the item


def named_paths(prose: str, items: dict[str, dict[str, Item]]) -> list[Named]:
    tops = "|".join(re.escape(t) for t in items)
    named = []
    for match in re.finditer(rf"\b({tops}){ARROW}", prose):
        top, rest = match.group(1), prose[match.end():]
        rest = re.sub(ARROW, " → ", rest[:120])
        known = [text for text in items[top] if rest.startswith(text)]
        item = max(known, key=len, default="")
        named.append(Named(top, item, rest[:60], rest[len(item):]))
    return named


# Messages of the app the guide quotes word for word; they name the item loosely (reported:
# services/review.py's refused-pack message, ui/auth.py's solo-mode tip and reset note).
QUOTED_MESSAGES: tuple[str, ...] = ()


def test_every_menu_path_in_the_guide_is_a_menu_item_with_that_text(full_window: MainWindow) -> None:
    items = menu_items(full_window)
    assert {"File", "Case", "View", "Review", "Users", "Help"} <= set(items)
    named = named_paths(guide_prose(), items)
    assert len(named) > 80  # the guide names many; the collection finds them
    unknown = sorted({f"{n.top} → {n.written}" for n in named if not n.item
                      and not any(f"{n.top} → {n.written}".startswith(q)
                                  for q in QUOTED_MESSAGES)})
    assert unknown == [], "\n".join(unknown)
    # An item ending in "…" opens a window that asks; written without the dots it is
    # another item's text ("Review → Review packs opened here" for "… opened here…").
    cut = sorted({f"{n.top} → {n.item}{n.after[:12]}" for n in named
                  if n.item and re.match(r"\w", n.after)})
    assert cut == [], "\n".join(cut)


def test_keys_written_beside_a_menu_path_are_that_items(full_window: MainWindow) -> None:
    """"Users ▸ Lock now (Ctrl+L)", "(View → Deadlines dashboard, Ctrl+D)", "Case →
    Close case… (Alt+C, C)": the shortcut, or the menu's and the item's Alt letters."""
    items = menu_items(full_window)
    tops = {plain(a.text()): a for a in full_window.menuBar().actions()}
    wrong, checked = [], 0
    for n in named_paths(guide_prose(), items):
        keys = re.match(rf"\s*[(,]\s*((?:{KEY})(?:, (?:{KEY}|[A-Z]\b))*)", n.after)
        if not n.item or not keys:
            continue
        item = items[n.top][n.item]
        written = keys.group(1).split(", ")
        while written:
            key = written.pop(0)
            checked += 1
            if re.fullmatch(r"Alt\+[A-Z]", key) and written and len(written[0]) == 1:
                letter = written.pop(0)
                have = (portable(QKeySequence.mnemonic(tops[n.top].text())),
                        portable(QKeySequence.mnemonic(item.action.text())))
                if have != (key, f"Alt+{letter}"):
                    wrong.append(f"{n.top} → {n.item}: {key}, {letter} (the app: {have})")
            elif key not in {portable(s) for s in item.action.shortcuts()}:
                wrong.append(f"{n.top} → {n.item}: {key} (the app: "
                             f"{[portable(s) for s in item.action.shortcuts()]})")
    assert checked >= 8
    assert wrong == [], "\n".join(wrong)


# The Keyboard table's "where" → the window's name in Help → Keyboard shortcuts.
WINDOWS = {"main window": "Main window", "case window": "Case window",
           "dashboard": "Deadlines dashboard", "wizard": "Intake wizard",
           "user guide": "User guide"}
# Keys a list or a field handles itself: the guide says so (Help → Keyboard shortcuts
# does not list them), and on Windows only.
NOT_LISTED = {"Enter", "Esc", "Down", "Tab", "Shift+F10", "Menu", "Ctrl+F4"}


def table_rows() -> list[tuple[str, str, str]]:
    text = user_part(README.read_text(encoding="utf-8"))
    table = text.split("### Keyboard\n", 1)[1].split("\n\n", 1)[0]
    rows = [tuple(c.strip() for c in line.strip("|").split("|"))
            for line in table.splitlines()[2:]]
    assert all(len(row) == 3 for row in rows)
    return rows  # type: ignore[return-value]


def row_keys(keys: str) -> list[str]:
    """"Alt+1 … Alt+6" → Alt+1 to Alt+6; "Ctrl+W (Ctrl+F4 on Windows)" → Ctrl+W;
    "Alt+N / Alt+B" → both."""
    keys = re.sub(r"\(.*?\)", "", keys)
    if span := re.fullmatch(r"Alt\+(\d) … Alt\+(\d)(.*)", keys.strip()):
        listed = [f"Alt+{d}" for d in range(int(span.group(1)), int(span.group(2)) + 1)]
        return listed + row_keys(span.group(3).strip(", "))
    return [k for k in re.split(r"\s*[/,]\s*", keys.strip()) if k and k not in NOT_LISTED]


def alt_letters(window: QWidget) -> set[str]:
    """The Alt+letter keys of a window's buttons, labelled fields, group boxes and tabs
    (the underlined letters: Help → Keyboard shortcuts leaves them to the underline)."""
    texts = [b.text() for b in window.findChildren(QAbstractButton)]
    texts += [label.text() for label in window.findChildren(QLabel) if label.buddy()]
    texts += [box.title() for box in window.findChildren(QGroupBox)]
    texts += [tabs.tabText(i) for tabs in window.findChildren(QTabWidget)
              for i in range(tabs.count())]
    return {portable(QKeySequence.mnemonic(text)) for text in texts} - {""}




def test_the_keyboard_tables_keys_are_the_windows_own(
        qtbot, full_window: MainWindow, runner: TaskRunner, admin: Actor, data_dir: DataDir,
        db: Database) -> None:
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        ref = import_case(s, data=facts, actor=admin).reference
    view = open_view(qtbot, runner, admin, data_dir, ref)  # its keys are read from an open one
    entries, notes = app_shortcuts(full_window)
    assert notes == []
    have: dict[str, dict[str, str]] = {}
    for entry in entries:
        for key in entry.keys.split(", "):
            have.setdefault(entry.window, {})[portable(QKeySequence(key))] = entry.does
    dashboard, wizard = DeadlinesDashboard(runner), IntakeWizard(runner, admin)
    qtbot.addWidget(dashboard)
    qtbot.addWidget(wizard)
    wizard.autosave_timer.stop()
    for name, window in (("Main window", full_window), ("Case window", view),
                         ("Deadlines dashboard", dashboard), ("Intake wizard", wizard)):
        for key in alt_letters(window):
            have.setdefault(name, {}).setdefault(key, "(an underlined letter)")
    wrong, checked = [], 0
    for keys, where, does in table_rows():
        for place in re.split(r"\s*,\s*", where):
            if place not in WINDOWS:
                continue  # a list, a tab or a dialog: its keys are its fields'
            window = WINDOWS[place]
            for key in row_keys(keys):
                checked += 1
                # Each key as the guide writes it: Ctrl+W was checked as the platform's
                # first Close key (Ctrl+F4), and the app set only that one.
                if key not in have.get(window, {}):
                    wrong.append(f"{key} in the {place} ({does}): not a key there")
                elif window == "Main window" and \
                        (path := re.match(r"([A-Z]\w+ → [^(]+?)\s*(\(|$)", does)) \
                        and path.group(1) != have[window][key]:
                    wrong.append(f"{key} in the {place}: the guide says {path.group(1)!r}, "
                                 f"the app {have[window][key]!r}")
    assert checked >= 25
    assert wrong == [], "\n".join(wrong)
