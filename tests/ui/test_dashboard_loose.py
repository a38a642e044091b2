"""Deadlines dashboard loose ends: the expected notifications' list said "(projected)" in
every Due cell and titled a date column "Expected completion", wider than its dates, so at
1280 pixels the target's English and Chinese names were cut. "Projected" is now said once
(the group heading, the Due header's tooltip) and the names have the room."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from approvals.services.workspace import ExpectedNotification
from approvals.ui.dashboard import (
    CELL_MARGIN,
    DUE,
    TARGET,
    TARGET_ZH,
    DashboardData,
    DeadlinesDashboard,
)

# The demo cases' longest names.
NAMES = [
    ("Chengdu Jiwen News Information Technology Co., Ltd.", "成都即闻新闻信息技术有限公司"),
    ("Guangzhou Tianyan Security Analytics Co., Ltd.", "广州天眼安全分析有限公司"),
    ("Shanghai Xinhe Semiconductor Design Co., Ltd.", "上海芯核半导体设计有限公司"),
]
RULE = "due 30 calendar days after the completion date"


def _expected(n: int, target: str, target_zh: str, estimated: bool = False,
              ) -> ExpectedNotification:
    return ExpectedNotification(
        n, f"AP-2026-000{n}", target, "US-OISP", "internal_review", "zhaolei",
        "2027-02-01", "2027-03-03", estimated, RULE, "31 CFR 850.401", (), target_zh)


def test_projected_is_said_once_and_the_names_fit_at_1280(qtbot, runner) -> None:
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    dashboard.resize(1280, 800)
    dashboard.show()
    rows = [_expected(n, en, zh) for n, (en, zh) in enumerate(NAMES, 1)]
    dashboard._show(DashboardData([], [], rows), today=date(2026, 11, 29))
    tree = dashboard.expected_tree
    head = tree.topLevelItem(0)
    assert head.text(0).startswith("Due dates projected from the expected completion date")
    cells = [head.child(i).text(DUE) for i in range(head.childCount())]
    assert cells == ["2027-03-03"] * 3
    model = tree.model()
    due_tip = model.headerData(DUE, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert due_tip.startswith("Projected due date")
    assert "Expected completion" in model.headerData(
        3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(TARGET, Qt.Orientation.Horizontal,
                            Qt.ItemDataRole.ToolTipRole) is None  # the header's own tip

    # The room "(projected)" and "Expected completion" took goes to the names: at 1280 px
    # (the list beside the chart) a 12-character Chinese name and the English name's first
    # 36 characters show whole; they showed 9 and 25.
    qtbot.waitUntil(lambda: tree.viewport().width() > 900)
    metrics = tree.fontMetrics()
    for column, shown in ((TARGET, "Guangzhou Tianyan Security Analytics"),
                          (TARGET_ZH, NAMES[1][1])):
        assert tree.columnWidth(column) >= metrics.horizontalAdvance(shown) + 8, shown
    # The date columns no wider than their dates and their headers.
    assert tree.columnWidth(DUE) <= (metrics.horizontalAdvance("2027-03-03") + CELL_MARGIN
                                     + 2 * tree.indentation())
    assert tree.columnWidth(3) <= tree.header().sectionSizeHint(3)


def test_an_estimated_projection_still_says_so(qtbot, runner) -> None:
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    dashboard._show(DashboardData([], [], [_expected(1, *NAMES[0], estimated=True)]),
                    today=date(2026, 11, 29))
    row = dashboard.expected_tree.topLevelItem(0).child(0)
    assert row.text(DUE) == "2027-03-03 (estimated)"  # as the deadlines above say it
