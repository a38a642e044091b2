"""The Documents tab at 200 % on a laptop screen (683×354 as Qt lays it out): the Type
column kept its longest type's width ("Post-transaction organisation chart") while the
file's name went down to its floor. Type gives way too, alongside the name, its whole
text in the cell's tooltip; in a roomy window it is as wide as its longest type."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_view import CaseView
from approvals.ui.document_access import DocumentsTable
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view

LAPTOP_AT_200 = (683, 354)
TYPE = 1  # the Type column (on screen the third)


def type_widths(view: CaseView) -> tuple[int, int]:
    """The Type column's width, and the width its longest type needs."""
    table = view.documents
    needed = max(table.sizeHintForColumn(TYPE), table.horizontalHeader().sectionSizeHint(TYPE))
    return table.columnWidth(TYPE), needed


def test_on_a_laptop_at_200_type_gives_way_too(
    qtbot, demo: Database, admin: Actor, data_dir: DataDir
) -> None:
    view = open_view(qtbot, TaskRunner(demo), admin, data_dir, "AP-2026-0009", documents=True)
    view.resize(1280, 800)
    QApplication.processEvents()
    width, needed = type_widths(view)
    assert width >= needed  # room: the types whole
    view.resize(*LAPTOP_AT_200)
    QApplication.processEvents()
    width, needed = type_widths(view)
    assert 100 <= width < needed - 50  # down towards its floor, not below
    # Not the name alone: it keeps its floor, and the type gave in proportion.
    assert view.documents.columnWidth(DocumentsTable.FILE) >= DocumentsTable.FLOOR
    # Cut short in the cell, whole on hover.
    for row in range(view.documents.rowCount()):
        item = view.documents.item(row, TYPE)
        assert item.text() and item.text() in item.toolTip().splitlines()
    view.close()


def test_an_empty_list_shows_every_title_without_scrolling_sideways(
    qtbot, demo: Database, admin: Actor, data_dir: DataDir
) -> None:
    """At their first widths (260 px for File…) an empty list scrolled sideways at 200 %,
    "Restricted" cut at its edge."""
    view = open_view(qtbot, TaskRunner(demo), admin, data_dir, "AP-2026-0002", documents=True)
    view.resize(*LAPTOP_AT_200)
    QApplication.processEvents()
    table = view.documents
    assert table.rowCount() == 0
    header = table.horizontalHeader()
    assert table.horizontalScrollBar().maximum() == 0
    for column in range(table.columnCount()):
        assert header.sectionSize(column) >= header.sectionSizeHint(column), column
    view.close()


def test_at_full_width_the_time_attached_stays_whole(
    qtbot, demo: Database, admin: Actor, data_dir: DataDir
) -> None:
    """Attached, the last column on screen, stretches: it was squeezed to what the others
    left ("李伟 (li.wei…", the time never seen at 1366 px) while Status and File kept
    their full widths, the header's length saying that all fitted. The status and the
    name give way first."""
    view = open_view(qtbot, TaskRunner(demo), admin, data_dir, "AP-2026-0012", documents=True)
    view.resize(1366, 740)
    QApplication.processEvents()
    table = view.documents
    attached = next(c for c in range(table.columnCount())
                if table.horizontalHeaderItem(c).text() == "Attached")
    assert table.horizontalHeader().visualIndex(attached) == table.columnCount() - 1
    assert table.columnWidth(attached) >= table.sizeHintForColumn(attached)
    assert table.horizontalScrollBar().maximum() == 0
    view.close()
