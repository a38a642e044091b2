"""Sorting with a row deep in a long group current: the rows come in the same order as
before, the view keeps the rows it was given (no layout of every row above the current
one: a second with 100,000 rows), and the current row stays current. One the sort took
further down than the rows given is put back, selected, as soon as it is needed (a key,
scrolling down to it, a refresh, asked for), not laid out at every sort."""

from __future__ import annotations

from PySide6.QtCore import Qt

from approvals.ui.dashboard import CASE, CHUNK, DUE, TARGET
from tests.ui.dashboard_window import open_deep
from tests.ui.test_dashboard_names import dashboard

__all__ = ["dashboard"]


def _sorted_references(model, g: int, column: int, descending: bool) -> list[str]:
    group = model.prepared.groups[g]
    base = sorted(range(len(group.texts)), key=lambda i: (group.keys[DUE][i],
                                                          group.texts[i][CASE]))
    rows = sorted(base, key=group.keys[column].__getitem__, reverse=descending)
    return [group.texts[i][CASE] for i in rows]


def test_a_sort_keeps_the_rows_given_and_the_current_row(qtbot, dashboard) -> None:
    tree, model, g, source = open_deep(dashboard, 1_200)
    given = list(model.exposed)
    layouts: list[str] = []
    model.layoutChanged.connect(lambda *_: layouts.append("layout"))
    reference = model.prepared.groups[g].texts[source][CASE]
    for column, order in ((TARGET, Qt.SortOrder.DescendingOrder),
                          (TARGET, Qt.SortOrder.AscendingOrder),
                          (DUE, Qt.SortOrder.DescendingOrder)):
        tree.header().setSortIndicator(column, order)
        descending = order == Qt.SortOrder.DescendingOrder
        shown = [model.prepared.groups[g].texts[i][CASE] for i in model.visible[g]]
        assert shown == _sorted_references(model, g, column, descending)
        assert layouts == [] and model.exposed == given  # nothing laid out again
        k = model.visible[g].index(source)
        current = tree.currentIndex()
        if k < model.exposed[g]:  # among the rows given: current and selected at once
            assert current.row() == k and current.data(Qt.ItemDataRole.UserRole) == reference
            assert [i.row() for i in tree.selectionModel().selectedRows()] == [k]
        else:  # further down: pending, nothing selected in its stead
            assert not current.isValid() and tree.pending is not None
            assert not tree.selectionModel().hasSelection()
    # Descending by due date took it past the rows given: a key puts it back first.
    assert tree.pending is not None
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    k = model.visible[g].index(source)
    assert tree.currentIndex().row() == k + 1  # moved on from the row that was current
    assert tree.pending is None


def test_the_pending_row_comes_back_when_asked_or_refreshed(qtbot, dashboard) -> None:
    tree, model, g, source = open_deep(dashboard, 1_200)
    reference = model.prepared.groups[g].texts[source][CASE]
    tree.header().setSortIndicator(DUE, Qt.SortOrder.DescendingOrder)
    assert tree.pending is not None and model.visible[g].index(source) >= model.exposed[g]
    dashboard._show(dashboard._prepared)  # a refresh keeps it current
    assert tree.pending is None
    assert tree.currentIndex().data(Qt.ItemDataRole.UserRole) == reference
    tree.header().setSortIndicator(DUE, Qt.SortOrder.AscendingOrder)
    tree.header().setSortIndicator(DUE, Qt.SortOrder.DescendingOrder)
    item = tree.currentItem()  # asked for: put back
    assert item is not None and item.text(CASE) == reference
    assert tree.selectionModel().isRowSelected(item.index().row(), item.index().parent())


def test_choosing_another_row_forgets_the_pending_one(qtbot, dashboard) -> None:
    tree, model, g, _source = open_deep(dashboard, 1_200)
    tree.header().setSortIndicator(DUE, Qt.SortOrder.DescendingOrder)
    assert tree.pending is not None
    first = model.index(0, 0, model.index(g, 0))
    tree.setCurrentIndex(first)
    assert tree.pending is None
    assert tree.currentItem().index() == first


def test_rows_given_by_scrolling_bring_the_pending_row_back(qtbot, dashboard) -> None:
    tree, model, g, source = open_deep(dashboard, CHUNK + 10)
    tree.header().setSortIndicator(TARGET, Qt.SortOrder.DescendingOrder)
    k = model.visible[g].index(source)
    if k < model.exposed[g]:  # this sort kept it among the rows given: try the other way
        tree.header().setSortIndicator(TARGET, Qt.SortOrder.AscendingOrder)
        k = model.visible[g].index(source)
    assert tree.pending is not None and k >= model.exposed[g]
    model.give_up_to(g, k)
    tree.fetch_in_view()  # as after a scroll
    assert tree.pending is None and tree.currentIndex().row() == k
