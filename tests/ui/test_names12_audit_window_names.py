"""View → Audit trail… and the case Timeline say who in words: "Li Wei (li.wei)", the
login the event records beside the user's current full name. The User filter lists people
so, and picking one filters by their login; typing a name in the text filter finds them."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import select

from approvals.paths import DataDir
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database
from approvals.store.models import User
from approvals.ui.audit_trail import AuditTrailWindow
from approvals.ui.case_view import CaseView
from approvals.ui.timeline_table import NAME_NOTE, TimelineTable
from approvals.ui.workers import TaskRunner
from tests.conftest import FolderTemplates
from tests.ui.case_window import open_view
from tests.ui.scaling_support import doubled_app_font
from tests.ui.test_audit_trail_window import _apply, _close, _open, _trail
from tests.ui.test_case_view_wording import case_ref  # noqa: F401  (fixture)

WHO = 1
ALL_ROLES = json.dumps(["preparer", "reviewer", "approver", "admin"])


def _named(db: Database, alice: str = "Alice Wong") -> None:
    with db.session() as s:
        s.add(User(username="li.wei", display_name="Li Wei"))
        s.add(User(username="alice", display_name=alice, roles=ALL_ROLES))


def _window(qtbot: Any, folder_templates: FolderTemplates, db: Database,
            data_dir: DataDir, admin: Actor) -> AuditTrailWindow:
    _trail(folder_templates, db, admin)
    _named(db)
    with db.session() as s:  # a login late in the alphabet, a name early in it
        s.add(User(username="zz.top", display_name="Aaron Zee"))
        append_event(s, actor=Actor("zz.top"), action="user.sign_in", entity="user",
                     entity_id="zz.top")
        append_event(s, actor=Actor("cli:root", ("admin",)), action="user.sign_in",
                     entity="user", entity_id="root")
    return _open(qtbot, db, data_dir, admin)


def _wide(qtbot: Any, view: CaseView) -> TimelineTable:
    """The Timeline shown in a window of a laptop screen's width."""
    view.tabs.setCurrentWidget(view.timeline_page)
    view.resize(1366, 740)
    qtbot.waitUntil(lambda: view.timeline.viewport().width() > 1200, timeout=5_000)
    return view.timeline


def test_the_list_and_details_name_the_person(qtbot: Any, folder_templates: FolderTemplates,
                                              db: Database, data_dir: DataDir,
                                              admin: Actor) -> None:
    window = _window(qtbot, folder_templates, db, data_dir, admin)
    try:
        model = window.model
        failed = next(r for r, e in enumerate(model.entries) if e.actor == "li.wei")
        assert model.cell_text(failed, WHO) == "Li Wei (li.wei)"
        # The tooltip says which part the event recorded, and that the name is today's.
        assert model.tooltip(failed, WHO) == "Li Wei (li.wei)\n" + NAME_NOTE.format(
            login="li.wei")
        unnamed = next(r for r, e in enumerate(model.entries) if e.actor == "cli:root")
        assert model.tooltip(unnamed, WHO) == model.cell_text(unnamed, WHO)
        alices = next(r for r, e in enumerate(model.entries) if e.actor == "alice" and e.role)
        assert model.cell_text(alices, WHO).startswith("Alice Wong (alice), as ")
        window.table.selectRow(failed)
        assert "Li Wei (li.wei)" in window.details.toPlainText()
        # The User filter lists people by name and login, in the order they read;
        # picking one filters by login.
        listed_texts = [window.user_filter.itemText(i) for i in range(window.user_filter.count())]
        assert listed_texts[0] == "Aaron Zee (zz.top)"
        assert listed_texts == sorted(listed_texts, key=str.casefold)
        assert "full name" in window.user_filter.toolTip()
        listed = window.user_filter.findText("Li Wei (li.wei)")
        assert listed >= 0 and window.user_filter.itemData(listed) == "li.wei"
        window.user_filter.setCurrentIndex(listed)
        assert window.filter_from_fields().user == "li.wei"
        assert {e.actor for e in _apply(qtbot, window)} == {"li.wei"}
        # Typed as a login it filters as before.
        window.user_filter.setEditText("LI.WEI")
        assert {e.actor for e in _apply(qtbot, window)} == {"li.wei"}
        # The text filter finds the person by a part of their name.
        window.user_filter.setEditText("")
        window.text_filter.setText("wong")
        found = _apply(qtbot, window)
        assert found and {e.actor for e in found} == {"alice"}
    finally:
        _close(window)
        window.main.runner.wait_for_done()


def test_the_timeline_names_the_person(qtbot: Any, runner: TaskRunner, admin: Actor,
                                       data_dir: DataDir, db: Database,
                                       case_ref: str) -> None:  # noqa: F811
    _named(db)
    view: CaseView = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.tabs.setCurrentWidget(view.timeline_page)
    rows = range(view.timeline.rowCount())
    assert rows and all(view.timeline.item(r, WHO).text() == "Alice Wong (alice)"
                        for r in rows)
    view.timeline.selectRow(0)
    assert "Who: Alice Wong (alice), as " in view.event_details(0)
    assert view.timeline.item(0, WHO).toolTip() == "Alice Wong (alice)\n" + NAME_NOTE.format(
        login="alice")
    # Found by the name as well as by the login.
    view.timeline_filter.setText("wong")
    assert view.visible_timeline_rows() == view.timeline.rowCount()
    view.timeline_filter.setText("alice")
    assert view.visible_timeline_rows() == view.timeline.rowCount()


def test_the_timeline_who_column_fits_the_name(qtbot: Any, runner: TaskRunner, admin: Actor,
                                               data_dir: DataDir, db: Database,
                                               case_ref: str) -> None:  # noqa: F811
    """Who grows to the person listed ("Alice Wong (alice)" was cut to "Alice Wo…" in the
    login's 90 pixels), and no further than WHO_MOST_CHARS for a very long name."""
    _named(db)
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    timeline = _wide(qtbot, view)
    needed = timeline.fontMetrics().horizontalAdvance("Alice Wong (alice)")
    assert timeline.columnWidth(WHO) >= needed + 12 > TimelineTable.WIDTHS[WHO]
    with db.session() as s:
        user = s.exec(select(User).where(User.username == "alice")).one()
        user.display_name = "A" * 120
        s.add(user)
    view.reload()
    qtbot.waitUntil(lambda: timeline.item(0, WHO).text().startswith("AAAA"), timeout=10_000)
    most = timeline.fontMetrics().horizontalAdvance("x" * timeline.WHO_MOST_CHARS)
    assert timeline.columnWidth(WHO) <= most
    assert timeline.columnWidth(2) >= timeline._title_width(2)  # What keeps its title


def test_at_200_percent_who_gives_way_to_what_changed(
        qtbot: Any, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        case_ref: str) -> None:  # noqa: F811
    """On a laptop screen at 200 % the name does not take What's and Change's room (it
    took 317 of 1366 pixels, What cut to "CN-SAMR: track…"): Who shares what is left,
    never narrower than a login."""
    _named(db, alice="Alexandra Wong-Hartley")
    with doubled_app_font():
        view = open_view(qtbot, runner, admin, data_dir, case_ref)
        timeline = _wide(qtbot, view)
    assert timeline.WIDTHS[WHO] <= timeline.columnWidth(WHO) < timeline.who_width()
    runner.wait_for_done()


def test_the_track_column_holds_the_longest_track_name(
        qtbot: Any, folder_templates: FolderTemplates, db: Database, data_dir: DataDir,
        admin: Actor) -> None:
    """At a laptop screen's width the Track column reads "CN-DATA-EXPORT" whole (its nine
    characters' width cut it to "CN-DAT…")."""
    window = _window(qtbot, folder_templates, db, data_dir, admin)
    try:
        window.resize(1366, 740)
        qtbot.waitUntil(lambda: window.table.viewport().width() > 1200, timeout=5_000)
        window.table.fit()
        needed = window.table.fontMetrics().horizontalAdvance("CN-DATA-EXPORT")
        assert window.table.columnWidth(3) >= needed + 12
    finally:
        _close(window)
        window.main.runner.wait_for_done()
