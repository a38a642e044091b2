"""Proposed changes after a response of many cases: the recommendations and the import
summary scroll within a few lines, so the table and Accept / Reject stay on a laptop screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from approvals.paths import DataDir
from approvals.services import review as svc
from approvals.store.audit import Actor
from approvals.ui.review import ProposalsDialog
from approvals.ui.workers import TaskRunner

CASES = 50


def _recommendations(_session: object, reference: str | None = None) -> list[svc.RecommendationView]:
    return [svc.RecommendationView(f"AP-2026-{n:04d}", "pack", "rev (B)", "fp", "return",
                                   "Board seats wrong", "2026-11-30T23:22:00Z")
            for n in range(1, CASES + 1)]


@pytest.mark.parametrize("after_import", [False, True])
def test_fifty_recommendations_leave_the_table_and_buttons_on_screen(
        qtbot, monkeypatch, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        after_import: bool) -> None:
    monkeypatch.setattr(svc, "list_recommendations", _recommendations)
    imported = None
    if after_import:
        references = tuple(f"AP-2026-{n:04d}" for n in range(1, CASES + 1))
        imported = svc.ImportResult(kind="response", pack_id="resp", in_reply_to="pack-1234",
                                    reviewer="rev", reviewer_label="B", comments_added=CASES,
                                    proposals_added=CASES, references=references,
                                    recommendations=tuple((r, "return") for r in references))
    dialog = ProposalsDialog(runner, admin, data_dir, imported=imported)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "AP-2026-0050" in dialog.recommendations.text(), timeout=10_000)
    # Every recommendation is there, in a scrolled area: none dropped to save room.
    assert dialog.recommendations.text().count("recommends") == CASES
    # 50 lines of a label each wanted the window taller than a 768-pixel screen (1,655 px).
    assert dialog.minimumSizeHint().height() < 520
    dialog.resize(1280, 690)
    scrolls = [dialog.recommendations_scroll] + ([dialog.summary_scroll] if after_import else [])
    qtbot.waitUntil(lambda: dialog.table.viewport().height() > 200
                    and all(s.verticalScrollBar().maximum() > 0 for s in scrolls), timeout=5_000)
    # Scrolled with the keyboard: a Tab stop while there is more to see.
    assert dialog.recommendations_scroll.focusPolicy() == Qt.FocusPolicy.StrongFocus
    if after_import:
        assert "AP-2026-0050: the reviewer recommends" in dialog.import_summary.text()


def test_a_few_recommendations_are_no_tab_stop(qtbot, runner: TaskRunner, data_dir: DataDir,
                                               admin: Actor) -> None:
    dialog = ProposalsDialog(runner, admin, data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: bool(dialog.recommendations.text()), timeout=10_000)
    qtbot.waitUntil(lambda: dialog.recommendations_scroll.height() > 0, timeout=5_000)
    assert dialog.recommendations_scroll.verticalScrollBar().maximum() == 0
    assert dialog.recommendations_scroll.focusPolicy() == Qt.FocusPolicy.NoFocus
