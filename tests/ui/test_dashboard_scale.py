"""The deadlines dashboard with a large installation: the rows are prepared on the worker
(texts, sort keys, filter haystacks), the lists are views over a model that holds them all
but is asked only for the rows on screen, and sorting and filtering reorder prepared row
numbers, so the GUI thread never walks 100,000 rows in Qt."""

from __future__ import annotations

import itertools
import threading
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from approvals.domain.facts import parse_facts
from approvals.services.cases import create_case
from approvals.services.demo import demo_facts
from approvals.services.workspace import OpenTrack
from approvals.ui import dashboard as dashboard_module
from approvals.ui.dashboard import (
    CASE,
    CHUNK,
    DUE,
    TARGET,
    DashboardData,
    GroupModel,
    PreparedDashboard,
    prepare_dashboard,
)
from tests.ui.test_dashboard_names import dashboard

__all__ = ["dashboard"]  # the fixture, shared with the dashboard's naming tests

TODAY = date(2026, 11, 25)  # a Wednesday
MANY = 20_000


def generated(n: int) -> list[OpenTrack]:
    """n tracks spread over the groups: overdue, this week, later, stopped, no date."""
    tracks = []
    for i in range(n):
        due = (TODAY + timedelta(days=(i % 400) - 100)).isoformat() if i % 7 else None
        tracks.append(OpenTrack(i, f"AP-2026-{i:06}", f"Company {i % 997} Ltd.", "CN-FISR",
                                "CN-FISR", "general_review", due, False, i % 50 == 3,
                                ("alice", "bob", "carol")[i % 3],
                                target_zh="盾剑公司" if i % 11 == 0 else ""))
    return tracks


class CountingModel(GroupModel):
    """Records each row whose text the view asks for."""

    asked: set[tuple[int, int]]

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid() and index.internalId():
            self.asked.add((index.internalId(), index.row()))
        return super().data(index, role)


@pytest.fixture
def counting(monkeypatch) -> type[CountingModel]:
    CountingModel.asked = set()
    monkeypatch.setattr(dashboard_module, "GroupModel", CountingModel)
    return CountingModel


def shown_references(model: GroupModel) -> list[list[str]]:
    return [[model.index(r, CASE, model.index(g, 0)).data() for r in range(len(rows))]
            for g, rows in enumerate(model.visible)]


def test_the_model_holds_every_row_but_only_the_rows_on_screen_are_asked_for(
        qtbot, counting, dashboard) -> None:
    tracks = generated(MANY)
    dashboard._show(prepare_dashboard(DashboardData(tracks, []), TODAY))
    model = dashboard.tree.model()
    assert isinstance(model, CountingModel)
    assert sum(len(g.texts) for g in model.prepared.groups) == MANY
    assert sum(len(v) for v in model.visible) == MANY
    tree = dashboard.tree
    head = tree.topLevelItem(0)
    assert head.text(0) == f"Overdue ({len(model.visible[0]):,})"  # every row counted
    # The view is given a group's first CHUNK rows (it lays out each row it is given).
    assert head.childCount() == CHUNK < len(model.visible[0])
    qtbot.wait(50)  # painted
    screen = tree.viewport().height() // tree.sizeHintForRow(0) + 10
    assert 0 < len(counting.asked) <= screen  # not 20,000 rows' worth of calls
    # Scrolled to the last row given: the next rows come; only those in view are asked.
    counting.asked.clear()
    tree.scrollTo(head.child(CHUNK - 1).index())
    qtbot.waitUntil(lambda: head.childCount() == 2 * CHUNK)
    qtbot.wait(50)
    assert 0 < len(counting.asked) <= screen
    # The last group (long, so closed at first) opened and scrolled to its end: all of it.
    last = model.index(model.rowCount() - 1, 0)
    assert not tree.isExpanded(last) and len(model.visible[last.row()]) > 2 * CHUNK
    tree.expand(last)

    def at_the_end() -> bool:
        tree.scrollToBottom()
        return model.rowCount(last) == len(model.visible[last.row()])

    qtbot.waitUntil(at_the_end)


def test_a_keystroke_filters_prepared_haystacks_without_asking_every_row(
        qtbot, counting, dashboard, monkeypatch) -> None:
    tracks = generated(MANY)
    prepared = prepare_dashboard(DashboardData(tracks, []), TODAY)
    # The haystacks are made with the rows, on the worker, not at the first keystroke.
    assert all(len(g.haystacks) == len(g.texts) for g in prepared.tracks.groups)
    dashboard._show(prepared)
    qtbot.wait(20)

    def no_preparing(*_args: Any, **_kw: Any) -> None:
        raise AssertionError("a keystroke prepared the rows again")

    monkeypatch.setattr(dashboard_module, "prepare_dashboard", no_preparing)
    monkeypatch.setattr(dashboard_module, "prepare_group", no_preparing)
    counting.asked.clear()
    dashboard.filter_edit.setText("盾剑 BOB")  # every word, in any cell
    dashboard.apply_filter()
    qtbot.wait(20)
    assert len(counting.asked) <= 100  # the rows shown, not the 20,000 tested
    expected = [t.reference for t in tracks if t.target_zh and t.owner == "bob"]
    got = sorted(r for g in shown_references(dashboard.tree.model()) for r in g)
    assert got == sorted(expected) and expected
    heads = [dashboard.tree.topLevelItem(i).text(0)
             for i in range(dashboard.tree.topLevelItemCount())]
    assert any(" of " in h for h in heads)
    # Cleared: every row back, in the order they had.
    dashboard.filter_edit.clear()
    dashboard.apply_filter()
    assert sum(len(v) for v in dashboard.tree.model().visible) == MANY


def test_sorting_a_large_list_keeps_the_groups_in_order_and_the_current_row(
        qtbot, dashboard) -> None:
    tracks = generated(3_000)
    dashboard._show(prepare_dashboard(DashboardData(tracks, []), TODAY))
    tree, model = dashboard.tree, dashboard.tree.model()
    titles = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert [t.split(" (")[0] for t in titles] == [
        "Overdue", "Due this week", "Clock stopped", "Due later", "No due date yet"]
    later = titles.index(next(t for t in titles if t.startswith("Due later")))
    current = tree.topLevelItem(later).child(5)
    tree.setCurrentItem(current)
    reference = current.text(CASE)
    tree.header().setSortIndicator(TARGET, Qt.SortOrder.DescendingOrder)
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == titles
    for g, group in enumerate(model.prepared.groups):
        rows = [model.index(r, 0, model.index(g, 0)) for r in range(len(model.visible[g]))]
        keys = [(group.keys[TARGET][model.visible[g][r.row()]],
                 group.keys[DUE][model.visible[g][r.row()]]) for r in rows]
        # Names Z to A; equal names still by due date, earliest first.
        assert [k[0] for k in keys] == sorted((k[0] for k in keys), reverse=True)
        for (name, due), (name2, due2) in itertools.pairwise(keys):
            assert name != name2 or due <= due2
    assert tree.currentItem().text(CASE) == reference  # the same track stays current
    # A filter that leaves it keeps it current; one that hides it leaves none.
    dashboard.filter_edit.setText(current.text(TARGET))
    dashboard.apply_filter()
    assert tree.currentItem().text(CASE) == reference
    dashboard.filter_edit.setText("no such company")
    dashboard.apply_filter()
    assert tree.currentItem() is None
    assert all(not rows for rows in model.visible)


def test_reload_prepares_the_rows_on_the_worker(qtbot, runner, db, admin, dashboard,
                                                monkeypatch) -> None:
    with db.session() as session:
        facts = next(f for f in demo_facts() if f["reference"] == "DEMO-04")
        create_case(session, facts=parse_facts(facts), actor=admin)
    threads: list[threading.Thread] = []
    real = dashboard_module.prepare_dashboard

    def recording(data: DashboardData, today: date | None = None) -> PreparedDashboard:
        threads.append(threading.current_thread())
        return real(data, today)

    monkeypatch.setattr(dashboard_module, "prepare_dashboard", recording)
    shown: list[Any] = []
    original = dashboard._show
    monkeypatch.setattr(dashboard, "_show", lambda data, today=None: (
        shown.append(data), original(data, today)))
    with qtbot.waitSignal(dashboard.loaded, timeout=10_000):
        dashboard.reload()
    assert threads and threads[0] is not threading.main_thread()
    assert isinstance(shown[0], PreparedDashboard)
    assert dashboard.tree.topLevelItemCount() > 0


def test_a_palette_change_recolours_without_preparing_again(qtbot, dashboard,
                                                            monkeypatch) -> None:
    dashboard._show(prepare_dashboard(DashboardData(generated(100), []), TODAY))
    prepared = dashboard._prepared

    def no_preparing(*_args: Any, **_kw: Any) -> None:
        raise AssertionError("prepared again")

    monkeypatch.setattr(dashboard_module, "prepare_dashboard", no_preparing)
    dashboard._show_again()
    assert dashboard._prepared is prepared
    overdue = dashboard.tree.topLevelItem(0)
    assert overdue.text(0).startswith("Overdue")
    assert overdue.foreground(0).color() == dashboard_module.overdue_colour()
    assert overdue.child(0).foreground(DUE).color() == dashboard_module.overdue_colour()
