"""Case → Close case…, Reopen case…, Discard draft… (and the list's row menu) driven
through the real menu items and the reason dialog, on a temporary database."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMenu

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.case_edit import update_case_facts
from approvals.services.cases import create_case, get_case
from approvals.services.demo import demo_facts
from approvals.services.drafts import save_draft
from approvals.services.workspace import case_bundle
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case
from approvals.ui import help as help_module
from approvals.ui.case_lifecycle import HELP_SECTION, KINDS, ReasonDialog, ending_banner
from approvals.ui.case_list import STATUS_COLUMN
from approvals.ui.main_window import MainWindow
from approvals.ui.widgets import secondary_text_colour
from approvals.ui.workers import TaskRunner


def make_case(db: Database, actor: Actor, which: int = 1) -> str:
    with db.session() as s:
        return create_case(s, facts=parse_facts(demo_facts()[which]), actor=actor).reference


@pytest.fixture
def make_window(qtbot, db: Database, data_dir: DataDir, admin: Actor):
    windows: list[MainWindow] = []

    def make(actor: Actor = admin) -> MainWindow:
        window = MainWindow(TaskRunner(db), data_dir, actor)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.runner.idle and window.count_label.text() != "",
                        timeout=10_000)
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.lifecycle.dialog is not None:
            window.lifecycle.dialog.close()
        window.runner.wait_for_done()


def select(qtbot, window: MainWindow, reference: str) -> None:
    row = window.model.row_for_reference(reference)
    assert row is not None, f"{reference} is not shown"
    window.table.setFocus()
    window.table.selectRow(row)
    qtbot.waitUntil(lambda: window.selected_reference() == reference)


def menu_state(qtbot, window: MainWindow) -> dict[str, tuple[bool, str]]:
    """The Case menu as it opens: each life-cycle item's enabled state and tooltip."""
    window.case_menu.aboutToShow.emit()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    return {k: (a.isEnabled(), a.toolTip()) for k, a in window.lifecycle.actions.items()}


def dialog_of(qtbot, window: MainWindow) -> ReasonDialog:
    qtbot.waitUntil(lambda: window.lifecycle.dialog is not None
                    and window.lifecycle.dialog.isVisible(), timeout=10_000)
    dialog = window.lifecycle.dialog
    assert dialog is not None
    return dialog


def give_reason(qtbot, window: MainWindow, dialog: ReasonDialog, reason: str) -> None:
    qtbot.keyClicks(dialog.reason, reason)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)


def status_cell(window: MainWindow, reference: str) -> str:
    row = window.model.row_for_reference(reference)
    assert row is not None
    return window.model.data(window.model.index(row, STATUS_COLUMN))


def test_close_case_from_the_case_menu(qtbot, make_window, db: Database, admin: Actor) -> None:
    reference = make_case(db, admin)
    window = make_window()
    select(qtbot, window, reference)
    state = menu_state(qtbot, window)
    assert state["close"] == (True, KINDS["close"].about)
    assert state["reopen"][0] is False and "Only a closed case" in state["reopen"][1]
    assert state["discard"][0] is False and "Only an intake draft" in state["discard"][1]
    assert window.case_menu.toolTipsVisible()

    window.lifecycle.actions["close"].trigger()
    dialog = dialog_of(qtbot, window)
    assert f"Case {reference} will be closed" in dialog.what.text()
    assert "CN-FISR: Draft" in dialog.what.text() and "US-OISP: Draft" in dialog.what.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no reason yet
    assert "Say why" in dialog.problem.text() and dialog.isVisible()
    with qtbot.waitSignal(window.cases_loaded, timeout=10_000):
        give_reason(qtbot, window, dialog, "the investor withdrew")
    assert not dialog.isVisible()
    assert window.statusBar().currentMessage() == f"Closed case {reference}"
    with db.read_session() as s:
        assert get_case(s, reference).status == "closed"
    assert status_cell(window, reference) == "Closed"
    row = window.model.row_for_reference(reference)
    index = window.model.index(row, 1)
    assert window.model.data(index, Qt.ItemDataRole.ForegroundRole).color() == QColor(
        secondary_text_colour())  # greyed out, still listed
    tip = window.model.data(window.model.index(row, STATUS_COLUMN), Qt.ItemDataRole.ToolTipRole)
    assert "until it is reopened" in tip
    select(qtbot, window, reference)
    state = menu_state(qtbot, window)
    assert state["reopen"] == (True, KINDS["reopen"].about) and state["close"][0] is False


def test_a_refusal_is_said_in_the_dialog(qtbot, make_window, db: Database, admin: Actor) -> None:
    reference = make_case(db, admin, 2)
    window = make_window()
    select(qtbot, window, reference)
    window.lifecycle.actions["close"].trigger()
    dialog = dialog_of(qtbot, window)
    with db.session() as s:  # someone else saves the case after the dialog opened
        case = s.exec(Case.__table__.select().where(Case.reference == reference)).one()
        data = json.loads(json.dumps(demo_facts()[2]))
        data["deal"]["board_seats"] = 4
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(data), actor=admin)
    give_reason(qtbot, window, dialog, "abandoned")
    assert dialog.isVisible() and "saved by someone else" in dialog.problem.text()
    assert dialog.ok_button.isEnabled()
    with db.read_session() as s:
        assert get_case(s, reference).status == "open"
    dialog.reject()


def test_close_is_greyed_out_with_what_must_be_done_first(
        qtbot, make_window, db: Database, admin: Actor) -> None:
    from approvals.store.models import FilingTrack

    reference = make_case(db, admin, 2)
    with db.session() as s:
        track = s.exec(FilingTrack.__table__.select()).first()
        row = s.get(FilingTrack, track.id)
        row.state = "registered"
        s.add(row)
    window = make_window()
    select(qtbot, window, reference)
    enabled, tip = menu_state(qtbot, window)["close"]
    assert not enabled
    assert tip.startswith("Cannot close yet:") and "record its Close step first" in tip


def test_reopen_from_the_row_menu(qtbot, make_window, db: Database, admin: Actor) -> None:
    from approvals.services.case_lifecycle import close_case

    reference = make_case(db, admin, 2)
    with db.session() as s:
        case = get_case(s, reference)
        close_case(session=s, case_id=case.id, actor=admin, expected_version=case.version,
                   reason="lapsed")
    window = make_window()
    row = window.model.row_for_reference(reference)
    rect = window.table.visualRect(window.model.index(row, 0))
    menu = window.show_row_menu(rect.center())
    assert isinstance(menu, QMenu) and window.selected_reference() == reference
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    titles = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert titles[:5] == ["&Open", "Change o&wner…", "&Close case…", "&Reopen case…",
                          "Discard dra&ft…"]
    assert window.columns_menu.menuAction() in menu.actions()
    reopen = window.lifecycle.actions["reopen"]
    assert reopen.isEnabled()
    menu.close()
    reopen.trigger()
    dialog = dialog_of(qtbot, window)
    assert "will be open again" in dialog.what.text()
    with qtbot.waitSignal(window.cases_loaded, timeout=10_000):
        give_reason(qtbot, window, dialog, "deal revived")
    with db.read_session() as s:
        assert get_case(s, reference).status == "open"


def test_discard_a_draft_then_find_it_with_the_status_filter(
        qtbot, make_window, db: Database, admin: Actor) -> None:
    with db.session() as s:
        reference = save_draft(s, actor=admin, data={"target": {"name_en": "Half Typed"}}
                               ).reference
    window = make_window()
    select(qtbot, window, reference)
    state = menu_state(qtbot, window)
    assert state["discard"] == (True, KINDS["discard"].about) and not state["close"][0]
    window.lifecycle.actions["discard"].trigger()
    dialog = dialog_of(qtbot, window)
    with qtbot.waitSignal(window.cases_loaded, timeout=10_000):
        give_reason(qtbot, window, dialog, "entered twice")
    assert window.model.row_for_reference(reference) is None  # hidden by default
    with qtbot.waitSignal(window.cases_loaded, timeout=10_000):
        window.status_filter.setCurrentIndex(window.status_filter.findData("discarded"))
    assert window.model.rowCount() == 1
    assert status_cell(window, reference) == "Intake discarded"
    with qtbot.waitSignal(window.cases_loaded, timeout=10_000):
        window.status_filter.setCurrentIndex(0)
    assert window.model.row_for_reference(reference) is None


def test_choosing_or_leaving_intake_discarded_shows_the_rows_by_the_chosen_filter(
        qtbot, make_window, db: Database, admin: Actor) -> None:
    """Choosing Intake discarded reads the list again; the rows were shown by the filter
    chosen before: "Closed cases" then "Intake discarded" showed the closed case, and "All
    statuses" after it kept showing only that one."""
    from approvals.services.case_lifecycle import discard_draft

    open_case = make_case(db, admin)
    with db.session() as s:
        gone = save_draft(s, actor=admin, data={"target": {"name_en": "Half Typed"}}).reference
        discard_draft(session=s, reference=gone, actor=admin, reason="entered twice")
    window = make_window()

    def choose(key: str) -> list[str]:
        with qtbot.waitSignal(window.cases_loaded, timeout=10_000):
            window.status_filter.setCurrentIndex(window.status_filter.findData(key))
        return [window.model.row_at(r).reference for r in range(window.model.rowCount())]

    assert choose("discarded") == [gone]  # from All statuses
    assert choose("") == [open_case]
    window.status_filter.setCurrentIndex(window.status_filter.findData("closed"))
    assert window.model.rowCount() == 0
    assert choose("discarded") == [gone]  # from Closed cases
    with qtbot.waitSignal(window.cases_loaded, timeout=10_000):
        window.clear_filters()  # Esc in the filter: all statuses, without the discarded
    assert [window.model.row_at(r).reference for r in range(window.model.rowCount())] == [
        open_case]


def test_the_items_need_the_role_and_have_unique_alt_keys(
        qtbot, make_window, db: Database, admin: Actor) -> None:
    reference = make_case(db, admin, 2)
    window = make_window(Actor("rita", ("reviewer",)))
    select(qtbot, window, reference)
    state = menu_state(qtbot, window)
    assert not state["close"][0] and "may not close or reopen cases" in state["close"][1]
    assert not state["discard"][0] and "may not create cases" in state["discard"][1]
    letters = []
    for action in window.case_menu.actions():
        text = action.text()
        if "&" in text:
            letters.append(text[text.index("&") + 1].lower())
    assert len(letters) == len(set(letters)) >= 5, letters


def test_f1_in_the_dialog_opens_the_guide_at_its_section(
        qtbot, make_window, db: Database, admin: Actor, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(help_module, "open_guide_at",
                        lambda _parent, heading="": opened.append(heading))
    reference = make_case(db, admin, 2)
    window = make_window()
    select(qtbot, window, reference)
    window.lifecycle.actions["close"].trigger()
    dialog = dialog_of(qtbot, window)
    dialog.help_shortcut.activated.emit()
    assert opened == [HELP_SECTION]
    dialog.reject()


def test_the_banner_a_case_window_shows(db: Database, admin: Actor) -> None:
    from approvals.services.case_lifecycle import close_case

    reference = make_case(db, admin, 2)
    with db.read_session() as s:
        bundle: Any = case_bundle(s, reference=reference)
    assert ending_banner(bundle.case.status, bundle.events) == ""
    with db.session() as s:
        case = get_case(s, reference)
        close_case(session=s, case_id=case.id, actor=admin, expected_version=case.version,
                   reason="SPA lapsed")
    with db.read_session() as s:
        bundle = case_bundle(s, reference=reference)
    banner = ending_banner(bundle.case.status, bundle.events)
    assert banner.startswith("Closed on ") and " by alice: SPA lapsed. " in banner
    assert "reopened" in banner


def test_the_status_filter_shows_or_hides_closed_cases(
        qtbot, make_window, db: Database, admin: Actor) -> None:
    from approvals.services.case_lifecycle import close_case

    kept, closed = make_case(db, admin, 2), make_case(db, admin, 1)
    with db.session() as s:
        case = get_case(s, closed)
        close_case(session=s, case_id=case.id, actor=admin, expected_version=case.version,
                   reason="lapsed")
    window = make_window()
    shown = {}
    for key in ("", "closed", "not_closed", "open"):
        window.status_filter.setCurrentIndex(window.status_filter.findData(key))
        qtbot.waitUntil(lambda: window.runner.idle)
        shown[key] = {window.model.row_at(r).reference for r in range(window.model.rowCount())}
    assert shown == {"": {kept, closed}, "closed": {closed}, "not_closed": {kept},
                     "open": {kept}}
    window.filter_edit.setText("closed")  # the Status words are searched too
    qtbot.waitUntil(lambda: window.model.rowCount() == 0)  # "Open" chosen: none closed
    window.status_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert window.model.row_at(0).reference == closed
