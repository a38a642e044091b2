"""No two controls the case window shows at once share an Alt key, on any of its tabs:
with a clash, Qt only moves the focus between them and neither button is pressed
(Alt+A was both Filing particulars… and Accept the new screening)."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_walkthrough_fixes import _case
from tests.ui.ux_checks import mnemonic_clashes


def test_every_tab_of_the_case_window_has_its_own_alt_keys(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir) -> None:
    reference, _track = _case(db, admin)
    view = open_view(qtbot, runner, admin, data_dir, reference)
    # Shown as after a re-screen that changes an outcome (Accept is hidden until then).
    view.tabs.setCurrentWidget(view.screening_page)
    view.accept_button.setVisible(True)
    clashes = {}
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)
        qtbot.wait(10)
        clashes[view.tabs.tabText(index)] = mnemonic_clashes(view)
    assert all(found == [] for found in clashes.values()), clashes
    assert view.accept_button.text() == "Accept the ne&w screening…"  # it asks why
    runner.wait_for_done()
