"""A deadline chosen on the dashboard opens its case at that track, with the keys in the
track list, not at the Overview (where the officer had to find the track again)."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import FolderTemplates, load_demo_from_template


def test_the_dashboard_opens_the_case_at_the_chosen_track(
        qtbot, folder_templates: FolderTemplates, db: Database, data_dir: DataDir,
        admin: Actor) -> None:
    load_demo_from_template(folder_templates, db, admin)
    main = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(main)
    main.show()
    # AP-2026-0002 runs several tracks; its CN-SAMR one is not the first listed.
    main.open_case_at_track("AP-2026-0002", "CN-SAMR")
    view = main.case_views["AP-2026-0002"]
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    assert view.tabs.currentWidget() is view.tracks_page
    assert view.track_list.currentItem().text().startswith("CN-SAMR")
    # Already open: the same window moves to the other track.
    main.open_case_at_track("AP-2026-0002", "CN-FISR")
    assert view.track_list.currentItem().text().startswith("CN-FISR")
    view.close()
    main.runner.wait_for_done()
