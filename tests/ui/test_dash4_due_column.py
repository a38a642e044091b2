"""The dashboard at 200 % on a 1366×768 screen (683×354 logical pixels): Due is as wide as
its dates with "(estimated)" and no wider, Regime gives way with the other long texts (whole
on hover), Target keeps its readable width and State comes into sight."""

from __future__ import annotations

from approvals.services.cases import ESTIMATED
from approvals.store.db import Database
from approvals.ui.dashboard import (
    CELL_MARGIN,
    DUE,
    REGIME,
    STATE,
    TARGET,
    short_estimate,
)
from approvals.ui.workers import TaskRunner
from tests.ui.dashboard_window import SMALL, open_at


def test_regime_gives_way_and_due_fits_its_dates_at_200_percent(
        qtbot, runner: TaskRunner, demo: Database, tmp_path) -> None:
    dashboard = open_at(qtbot, runner, tmp_path, SMALL)
    tree, header = dashboard.tree, dashboard.tree.header()
    metrics = tree.fontMetrics()
    model = tree.model()
    rows = [t for g in model.prepared.groups for t in g.texts]
    assert any(ESTIMATED in t[DUE] for t in rows)  # the demo has an estimated date
    # Due holds its whole dates under its group heading, "(estimated)" as "(est.)" at 200 %
    # (its room went to Target), and no more.
    widest = max(metrics.horizontalAdvance(short_estimate(t[DUE])) for t in rows)
    room = header.sectionSize(DUE) - 2 * tree.indentation() - CELL_MARGIN
    assert widest <= room <= widest + metrics.averageCharWidth()
    # Target keeps a readable width: the floor of the long texts, 18 characters.
    assert header.sectionSize(TARGET) >= 18 * metrics.averageCharWidth()
    # Regime gave way like them; the State is in sight beside it.
    widest_regime = max(metrics.horizontalAdvance(t[REGIME]) for t in rows)
    assert header.sectionSize(REGIME) < widest_regime + CELL_MARGIN
    assert header.sectionViewportPosition(STATE) < tree.viewport().width()
    # A cut Regime is whole on hover; Due says what "(estimated)" means.
    group = next(g for g in model.prepared.groups if any(ESTIMATED in t[DUE] for t in g.texts))
    source = next(s for s, t in zip(group.sources, group.texts, strict=True)
                  if ESTIMATED in t[DUE])
    assert ESTIMATED in model.prepared.tip(source, DUE)
    assert model.prepared.tip(source, REGIME) == source.regime
    runner.wait_for_done()

