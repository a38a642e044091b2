"""The case list and the deadlines dashboard name a target the same way on hover: the
English name, then the Chinese one."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from approvals.services.cases import CaseRow
from approvals.services.workspace import OpenTrack
from approvals.ui.case_list import TARGET_COLUMN, CaseTableModel, target_tip
from approvals.ui.dashboard import TARGET, TARGET_ZH, DashboardData, DeadlinesDashboard

LONG = "Xi'an Dunjian Defence Intelligence Co., Ltd."
LONG_ZH = "西安盾剑防务智能有限公司"


def row(reference: str, target: str, zh: str) -> CaseRow:
    return CaseRow(id=1, reference=reference, target=target, investor="I", amount_value=None,
                   amount_currency=None, status="open", owner="alice", updated_at="",
                   regimes=("CN-FISR",), worst_state="general_review", next_deadline=None,
                   target_zh=zh)


def test_target_tip() -> None:
    assert target_tip(LONG, LONG_ZH) == f"{LONG}\n{LONG_ZH}"
    assert target_tip(LONG, "") == LONG
    assert target_tip("", LONG_ZH) == LONG_ZH


def test_the_case_list_and_the_dashboard_give_the_same_names_on_hover(qtbot, runner) -> None:
    model = CaseTableModel()
    model.set_rows([row("AP-2026-0014", LONG, LONG_ZH), row("AP-2026-0001", "Plain Ltd.", "")])
    tip = model.data(model.index(1, TARGET_COLUMN), Qt.ItemDataRole.ToolTipRole)
    assert tip == f"{LONG}\n{LONG_ZH}"
    assert model.data(model.index(0, TARGET_COLUMN), Qt.ItemDataRole.ToolTipRole) == "Plain Ltd."
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    track = OpenTrack(1, "AP-2026-0014", LONG, "CN-FISR", "CN-FISR", "general_review",
                      "2027-01-10", False, False, "alice", target_zh=LONG_ZH)
    dashboard._show(DashboardData([track], [("CN-FISR", "general_review", 1)]), today=date(2026, 11, 29))
    item = next(dashboard.tree.topLevelItem(i).child(0)
                for i in range(dashboard.tree.topLevelItemCount())
                if dashboard.tree.topLevelItem(i).childCount())
    assert item.toolTip(TARGET_ZH) == tip and item.text(TARGET) == LONG
