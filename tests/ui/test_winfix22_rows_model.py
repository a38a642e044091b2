"""The audit trail's list and Check open cases' list are one kind of table (ui.widgets
RowsModel): rows of objects under column titles, replaced by a new listing or added to by a
page. Each said how many rows and columns it had, and the titles, in its own copy."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from approvals.services.audit_view import AuditEntry
from approvals.services.screening import OutcomeChange
from approvals.ui.audit_trail import HEADER_TIPS, AuditTrailModel
from approvals.ui.open_cases_check import COLUMNS, ChangesModel
from approvals.ui.widgets import RowsModel


def entry(n: int) -> AuditEntry:
    return AuditEntry(id=n, occurred_at="2026-11-29T05:48:30Z", actor="alice", role="admin",
                      action="note.added", label="Note added", sentence="Note added.",
                      case_reference="", regime="", reason="", hash="ab" * 32,
                      prev_hash="cd" * 32)


def change(reference: str) -> OutcomeChange:
    return OutcomeChange(case_id=1, reference=reference, regime="CN-FISR", old_outcome="none",
                         new_outcome="file", old_rulebook="2026.1", new_rulebook="2026.2",
                         why=("a reason",))


def test_both_lists_are_rows_models(qtbot) -> None:
    trail, changes = AuditTrailModel(), ChangesModel()
    assert isinstance(trail, RowsModel) and isinstance(changes, RowsModel)
    assert trail.columnCount() == len(AuditTrailModel.HEADERS)
    assert changes.columnCount() == len(COLUMNS)


def test_the_trail_lists_a_page_then_adds_the_next(qtbot) -> None:
    model = AuditTrailModel()
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.set_rows([entry(3), entry(2)])
    model.add_rows([entry(1)])
    model.add_rows([])  # Show more with nothing more: no rows inserted
    assert [e.id for e in model.entries] == [3, 2, 1] and model.rowCount() == 3
    assert inserted == [(2, 2)]
    assert model.data(model.index(2, 6)) == "#1 · " + "ab" * 5
    assert model.data(model.index(0, 0), Qt.ItemDataRole.UserRole) is model.entries[0]
    assert model.data(QModelIndex()) is None
    horizontal = Qt.Orientation.Horizontal
    assert model.headerData(4, horizontal) == "Event"
    assert model.headerData(0, horizontal, Qt.ItemDataRole.ToolTipRole) == HEADER_TIPS[0]
    assert model.headerData(2, horizontal, Qt.ItemDataRole.ToolTipRole) is None


def test_the_check_lists_the_changes(qtbot) -> None:
    model = ChangesModel()
    model.set_rows([change("AP-2026-0001"), change("AP-2026-0002")])
    assert model.rowCount() == 2 and model.changes[1].reference == "AP-2026-0002"
    assert model.data(model.index(1, 0)) == "AP-2026-0002"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "a reason"
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))] \
        == list(COLUMNS)
    model.set_rows(())
    assert model.rowCount() == 0
