"""A reading of the case fills only the tab in view; a tab made before and not in view is
filled from that reading when it is shown. A large case's Documents and Timeline tabs,
filled on every reading whichever tab was in view, held the window for a third of a
second each time (design.md: no heavy work on the GUI thread)."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvals.paths import DataDir
from approvals.services import documents
from approvals.store.audit import Actor
from approvals.store.cases import case_by_reference
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view

pytestmark = pytest.mark.usefixtures("fast_hash")
REF = "AP-2026-0002"


def test_a_tab_out_of_view_is_filled_when_shown(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    before = view.documents.rowCount()
    view.tabs.setCurrentWidget(view.tracks_page)
    filled: list[object] = []
    fill = view._fill_page
    monkeypatch.setattr(view, "_fill_page", lambda page, data: (filled.append(page),
                                                                  fill(page, data)))
    with demo.session() as s:
        source = tmp_path / "SPA signed.pdf"
        source.write_bytes(b"%PDF-1.4 signed")
        documents.attach_document(s, actor=admin, data_dir=data_dir,
                                  case_id=case_by_reference(s, REF).id, source=source)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    assert filled == [view.tracks_page]  # the tab in view only
    assert view.documents.rowCount() == before
    view.tabs.setCurrentWidget(view.documents_page)
    assert filled == [view.tracks_page, view.documents_page]
    assert view.documents.rowCount() == before + 1
    view.tabs.setCurrentWidget(view.tracks_page)
    view.tabs.setCurrentWidget(view.documents_page)
    assert len(filled) == 2  # once per reading, not on every look
