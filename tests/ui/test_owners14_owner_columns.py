"""The case list's and the deadlines dashboard's Owner columns show the person's full name
("Zoe Alder"), the login when the user has none (or is cli:root); the login beside the
name on hover; they sort by the name shown, and the filter finds the name and the login."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from approvals.store.db import Database
from approvals.ui.case_list import OWNER_COLUMN, CaseTableModel
from approvals.ui.dashboard import OWNER, DeadlinesDashboard, load_dashboard
from approvals.ui.main_window import load_list
from tests.unit.test_owners14_names import named  # noqa: F401  (the fixture)

TODAY = date(2026, 12, 1)


def _owners(model: CaseTableModel) -> list[str]:
    return [model.data(model.index(row, OWNER_COLUMN)) for row in range(model.rowCount())]


def test_the_case_lists_owner_column_names_people(qtbot, named: Database) -> None:  # noqa: F811
    with named.read_session() as s:
        loaded = load_list(s)  # the worker's own read, names mapped there
    model = CaseTableModel()
    model.set_rows(loaded.prepared)
    assert set(_owners(model)) == {"Zoe Alder", "bob", "cli:root"}
    tips = {
        model.data(model.index(row, OWNER_COLUMN), Qt.ItemDataRole.ToolTipRole)
        for row in range(model.rowCount())
    }
    # A case made from the command line said as the filings say that login.
    assert tips == {"Zoe Alder (alice)", "bob", "Created by the computer's user root, from "
                    "the command line (cli:root in the audit trail)"}
    # Sorted by what the cell shows: bob, cli:root, Zoe Alder (by login alice came first).
    model.sort(OWNER_COLUMN, Qt.SortOrder.AscendingOrder)
    owners = _owners(model)
    assert owners[:2] == ["bob", "cli:root"] and set(owners[2:]) == {"Zoe Alder"}
    model.sort(OWNER_COLUMN, Qt.SortOrder.DescendingOrder)
    assert _owners(model)[-2:] == ["cli:root", "bob"]
    # The filter finds the name and the login.
    total = model.rowCount()
    for words in ("zoe", "alder", "alice"):
        model.set_filter(words)
        assert model.rowCount() == total - 2, words
    model.set_filter("cli:root")
    assert _owners(model) == ["cli:root"]


def test_the_dashboards_owner_columns_name_people(qtbot, runner, named: Database) -> None:  # noqa: F811
    with named.read_session() as s:
        data = load_dashboard(s)
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    dashboard._show(data, today=TODAY)

    def rows(tree) -> list:
        return [
            tree.topLevelItem(g).child(i)
            for g in range(tree.topLevelItemCount())
            for i in range(tree.topLevelItem(g).childCount())
        ]

    mixed = False
    for tree in (dashboard.tree, dashboard.expected_tree):
        items = rows(tree)
        assert items, "the demo lists rows in both lists"
        shown = {item.text(OWNER) for item in items}
        assert "Zoe Alder" in shown and "alice" not in shown
        assert shown <= {"Zoe Alder", "bob", "cli:root"}
        tips = {item.toolTip(OWNER) for item in items if item.text(OWNER) == "Zoe Alder"}
        assert tips == {"Zoe Alder (alice)"}
        by_command = {item.toolTip(OWNER) for item in items if item.text(OWNER) == "cli:root"}
        assert by_command <= {"Created by the computer's user root, from the command line "
                              "(cli:root in the audit trail)"}
        # Each group sorted by the name shown (by login, alice's rows came before bob's).
        tree.sort_rows(OWNER, Qt.SortOrder.AscendingOrder)
        for g in range(tree.topLevelItemCount()):
            head = tree.topLevelItem(g)
            owners = [head.child(i).text(OWNER) for i in range(head.childCount())]
            assert owners == sorted(owners, key=str.casefold)
            mixed = mixed or len(set(owners)) > 1
    assert mixed, "a group holds rows of two owners"
    # The filter finds the name and the login alike.
    for words in ("alder", "alice"):
        dashboard.filter_edit.setText(words)
        dashboard.apply_filter()
        for tree in (dashboard.tree, dashboard.expected_tree):
            kept = rows(tree)
            assert kept, words
            assert {i.text(OWNER) for i in kept} == {"Zoe Alder"}, words
    dashboard.filter_edit.setText("bob")
    dashboard.apply_filter()
    assert {i.text(OWNER) for i in rows(dashboard.tree)} == {"bob"}
