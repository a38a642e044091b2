"""Filtering with a row deep in a long group current: the view is given each group's
first rows only (not every row above the current one: a second with the current row the
5,000th of 90,000 matches), the rows shown are the same, and the current row stays
current: at once among the rows given, else pending until needed, as after a sort."""

from __future__ import annotations

from PySide6.QtCore import Qt

from approvals.ui.dashboard import CASE, CHUNK
from tests.ui.dashboard_window import open_deep
from tests.ui.test_dashboard_names import dashboard

__all__ = ["dashboard"]


def _matching(model, g: int, word: str) -> list[int]:
    """The prepared rows of group g with `word`, in the order shown unfiltered."""
    group = model.prepared.groups[g]
    return [i for i in group.orders[model.sort_column] if word in group.haystacks[i]]


def test_a_filter_keeping_a_deep_current_row_gives_the_view_only_the_first_rows(
        qtbot, dashboard) -> None:
    tree, model, g, source = open_deep(dashboard, 1_500)
    reference = model.prepared.groups[g].texts[source][CASE]
    # A word the current row has, and most rows: the row stays deep among the matches.
    word = model.prepared.groups[g].texts[source][CASE][:3].casefold()
    expected = _matching(model, g, word)
    assert expected.index(source) >= CHUNK
    given: list[int] = []
    model.rowsInserted.connect(lambda _parent, first, last: given.append(last - first + 1))
    dashboard.filter_edit.setText(word)
    dashboard.apply_filter()
    assert model.visible[g] == expected  # the same rows, in the same order
    assert model.exposed[g] == CHUNK and given == []  # not the rows above the current one
    assert tree.pending is not None and not tree.currentIndex().isValid()
    assert not tree.selectionModel().hasSelection()
    item = tree.currentItem()  # asked for: put back, selected
    assert item is not None and item.text(CASE) == reference
    assert item.index().row() == expected.index(source)
    assert tree.selectionModel().isRowSelected(item.index().row(), item.index().parent())


def test_a_filter_bringing_the_current_row_among_the_first_keeps_it_at_once(
        qtbot, dashboard) -> None:
    tree, model, g, source = open_deep(dashboard, 1_500)
    reference = model.prepared.groups[g].texts[source][CASE]
    dashboard.filter_edit.setText(reference)
    dashboard.apply_filter()
    assert tree.pending is None
    assert tree.currentIndex().data(Qt.ItemDataRole.UserRole) == reference
    # Cleared: deep again, pending; a key puts it back and moves on from it.
    dashboard.filter_edit.clear()
    dashboard.apply_filter()
    assert tree.pending is not None and model.exposed[g] == CHUNK
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert tree.currentIndex().row() == model.visible[g].index(source) + 1
    assert tree.pending is None


def test_a_filter_hiding_the_pending_row_forgets_it(qtbot, dashboard) -> None:
    tree, _model, _g, _source = open_deep(dashboard, 1_500)
    dashboard.filter_edit.setText("no such company")
    dashboard.apply_filter()
    assert tree.pending is None and tree.currentItem() is None
    dashboard.filter_edit.clear()
    dashboard.apply_filter()
    assert tree.currentItem() is None  # hidden once: not brought back by clearing
