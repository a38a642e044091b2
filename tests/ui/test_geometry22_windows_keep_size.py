"""The intake wizard opens at the size and place the officer left it (ui.geometry.keep_geometry,
as the View menu's windows, the user guide and the keyboard shortcuts do:
test_winfix22_windows_keep_size.py): it opened at its first size every time. The wizard
keeps one size for New case, a draft and Edit facts (from a case window too); a size kept
at another display scale, or larger than the screen, gives way to the first size fitted to
the screen, and the Review page lays itself out for the size the wizard opens at."""

from __future__ import annotations

import json

from PySide6.QtCore import QRect

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import create_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.files import settings_for
from approvals.ui.main_window import MainWindow
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR
from tests.ui.case_window import open_view
from tests.ui.test_wizard_audit2 import to_review
from tests.ui.window_size_support import SIZE, closed, device_scale, main_window

PLACE = (37, 41)
LAPTOP_AT_200 = (648, 345)  # the wizard's room on a 1366×768 screen at 200 %


def new_case(qtbot, main: MainWindow) -> IntakeWizard:
    main.new_case()
    wizard = main.wizard
    assert wizard is not None and wizard.isVisible()
    return wizard


def test_the_wizard_opens_where_it_was_left(qtbot, db: Database, data_dir: DataDir,
                                            admin: Actor) -> None:
    main = main_window(qtbot, db, data_dir, admin)
    wizard = new_case(qtbot, main)
    first = (wizard.width(), wizard.height())
    assert first != SIZE
    wizard.setGeometry(*PLACE, *SIZE)
    closed(qtbot, main, wizard)

    again = main_window(qtbot, db, data_dir, admin)
    wizard = new_case(qtbot, again)
    # Not centred over the main window again, as a dialog opened anew is.
    assert wizard.geometry() == QRect(*PLACE, *SIZE)
    closed(qtbot, again, wizard)


def test_edit_facts_keeps_the_size_and_review_lays_out_for_it(
        qtbot, db: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    """Left at a laptop's 200 % size in a case window's Edit facts (a case window is a
    window of its own, not the main window's): it opens at that size again, the Review
    page's facts and screening a tab each as at that size, and New case opens at it too."""
    facts = json.loads((EXAMPLES_DIR / "consumer-app.json").read_text(encoding="utf-8"))
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(facts), actor=admin).reference
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.edit_facts()
    wizard = view.wizard
    assert wizard is not None and (wizard.width(), wizard.height()) != LAPTOP_AT_200
    wizard.resize(*LAPTOP_AT_200)
    wizard._discard_ok = True
    wizard.reject()
    runner.wait_for_done()

    view.edit_facts()
    wizard = view.wizard
    assert (wizard.width(), wizard.height()) == LAPTOP_AT_200
    to_review(qtbot, wizard)
    review = wizard.review_page
    qtbot.waitUntil(lambda: bool(review.determinations.labels), timeout=10_000)
    assert review.tabbed and review.tabs.isVisible() and not review.columns.isVisible()
    wizard._discard_ok = True
    wizard.reject()
    runner.wait_for_done()
    view.close()

    main = main_window(qtbot, db, data_dir, admin)
    wizard = new_case(qtbot, main)
    assert (wizard.width(), wizard.height()) == LAPTOP_AT_200
    closed(qtbot, main, wizard)


def test_a_wizard_size_kept_at_another_scale_or_too_large_gives_way(
        qtbot, db: Database, data_dir: DataDir, admin: Actor) -> None:
    """Kept at 100 %, at 200 % it would come back as Qt restores it (a small box): it opens
    at its first size. Kept on a larger screen, it opens within this one."""
    main = main_window(qtbot, db, data_dir, admin)
    wizard = new_case(qtbot, main)
    first = (wizard.width(), wizard.height())
    wizard.resize(*SIZE)
    closed(qtbot, main, wizard)
    settings = settings_for(data_dir)
    settings.setValue("intake_wizard/geometry_scale", device_scale(wizard) * 2)  # as if at 200 %
    settings.sync()

    again = main_window(qtbot, db, data_dir, admin)
    wizard = new_case(qtbot, again)
    assert (wizard.width(), wizard.height()) == first
    screen = wizard.screen().availableGeometry()
    wizard.setGeometry(0, 0, screen.width() + 300, screen.height() + 300)
    closed(qtbot, again, wizard)

    third = main_window(qtbot, db, data_dir, admin)
    wizard = new_case(qtbot, third)
    assert screen.contains(wizard.geometry())  # its foot and its buttons on the screen
    closed(qtbot, third, wizard)
