"""Defects found by walking through the app like a compliance officer."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import users
from approvals.services.cases import create_case
from approvals.store.audit import Actor
from approvals.store.models import Event, FilingTrack
from approvals.ui import application
from approvals.ui.auth import (
    ChangePasswordDialog,
    FirstStartDialog,
    LockOverlay,
    SecuritySettingsDialog,
    SignedIn,
    UserManagementDialog,
    install_user_features,
)
from approvals.ui.case_list import COLUMNS
from approvals.ui.dashboard import DeadlinesDashboard
from approvals.ui.filing_preview import FilingDialog
from approvals.ui.main_window import MainWindow
from approvals.ui.review import install_review_features
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view, select_track
from tests.workflow_support import complete_for_filing, take_step

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"


def demo_facts(reference: str) -> dict:
    return next(d for d in json.loads(DEMO.read_text(encoding="utf-8"))
                if d["reference"] == reference)


def test_sign_out_asks_for_the_next_user(qtbot, data_dir: DataDir, monkeypatch) -> None:
    """Preparer and approver share a workstation: Sign out brings the sign-in back."""
    preparer = Actor(username="pat", roles=("preparer",))
    approver = Actor(username="aaron", roles=("approver",))
    queue: list[Actor | None] = [preparer, approver, None]
    signed_in: list[str] = []

    def fake_sign_in(_db: Any, _runner: Any, _notice: str = "") -> SignedIn | None:
        actor = queue.pop(0)
        return SignedIn(actor) if actor else None  # no stamp: the window reads it

    def fake_exec(_app: Any = None) -> int:
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        signed_in.append(window.actor.username)
        # The automatic backup (started once) speaks to whoever is signed in now.
        [window_of_the_moment] = backup_parent
        assert window_of_the_moment() is window
        menu = window.user_features.menu
        sign_out = window.user_features.sign_out_action
        assert sign_out in menu.actions()
        if window.actor.username == "pat":
            sign_out.trigger()
        else:
            window.close()  # the approver quits
        assert not window.isVisible()
        return 0

    monkeypatch.setattr(application, "sign_in", fake_sign_in)
    monkeypatch.setattr(QApplication, "exec", fake_exec)
    backup_parent: list[Any] = []
    monkeypatch.setattr(application, "start_auto_backup",
                        lambda _runner, _data_dir, parent=None: backup_parent.append(parent))
    # Background work (a backup) is cancelled when the app quits, not at a sign-out.
    cancelled_after: list[list[str]] = []
    monkeypatch.setattr(TaskRunner, "cancel_background",
                        lambda _self: cancelled_after.append(list(signed_in)))
    code = application.run_gui(["--data-dir", str(data_dir.root)])
    assert code == 0
    assert signed_in == ["pat", "aaron"]
    assert queue == [None]  # quitting (not signing out) does not ask again
    assert cancelled_after == [["pat", "aaron"]]



def _window_with_one_case(qtbot, db, data_dir: DataDir, admin: Actor) -> MainWindow:
    """The main window over a database holding DEMO-04 alone, its list loaded."""
    with db.session() as session:
        create_case(session, facts=parse_facts(demo_facts("DEMO-04")), actor=admin)
    window = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.runner.idle and window.model.total == 1, timeout=10_000)
    return window


def test_one_case_is_counted_in_the_singular(qtbot, db, data_dir: DataDir, admin: Actor) -> None:
    window = _window_with_one_case(qtbot, db, data_dir, admin)
    assert window.count_label.text() == "1 case"
    window.runner.wait_for_done()


def _fisr_track(db, admin: Actor) -> tuple[str, int]:
    with db.session() as session:
        case = create_case(session, facts=parse_facts(demo_facts("DEMO-04")), actor=admin)
        complete_for_filing(session, case.reference, admin)  # Approve for filing needs it
    with db.read_session() as session:
        track_id = session.exec(select(FilingTrack.id).where(
            FilingTrack.case_id == case.id, FilingTrack.regime == "CN-FISR")).one()
    return case.reference, track_id


def test_case_header_without_a_chinese_name_has_no_stray_separator(
        qtbot, db, runner, data_dir: DataDir, admin: Actor) -> None:
    facts = demo_facts("DEMO-04")
    facts["target"].pop("name_zh", None)
    with db.session() as session:
        case = create_case(session, facts=parse_facts(facts), actor=admin)
    view = open_view(qtbot, runner, admin, data_dir, case.reference)
    subtitle = view.header.text().split("<span>")[1]
    assert subtitle.startswith("investor "), subtitle


def test_stopped_clock_is_said_once(qtbot, db, runner, data_dir: DataDir, admin: Actor) -> None:
    reference, track_id = _fisr_track(db, admin)
    bob = Actor(username="bob", roles=("approver",))
    take_step(db, track_id, "submit_for_review", admin)
    take_step(db, track_id, "approve_for_filing", bob)
    take_step(db, track_id, "file", admin, filing_reference="FISR-1")
    take_step(db, track_id, "accept", admin)
    take_step(db, track_id, "start_preliminary_review", admin)
    take_step(db, track_id, "request_materials", admin, reason="org chart")
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentIndex(2)
    select_track(view, "CN-FISR")
    text = view.track_clock.text()
    assert text.count("stopped") == 1, text
    assert "30 remaining" in text or "remaining" in text


def test_a_refused_final_says_what_failed_above_the_missing_list(
        qtbot, db, runner, data_dir: DataDir, admin: Actor) -> None:
    facts = demo_facts("DEMO-04")
    facts["deal"].pop("commercial_rationale", None)
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(facts), actor=admin).reference
    dialog = FilingDialog(runner, admin, reference)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData("cn-application"))
    dialog.final.setChecked(True)
    dialog.generate_button.click()
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "errorDialog") is not None,
                    timeout=30_000)
    box = dialog.findChild(QMessageBox, "errorDialog")
    assert box.text() == "The filing could not be generated"
    # Named as the wizard labels it; its key is under Show Details….
    assert "deal.commercial_rationale" not in box.informativeText()
    assert "deal.commercial_rationale" in box.detailedText()


def test_print_opens_the_print_dialog_and_prints(
        qtbot, db, runner, data_dir: DataDir, admin: Actor, tmp_path: Path) -> None:
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(demo_facts("DEMO-04")),
                                actor=admin).reference
    dialog = FilingDialog(runner, admin, reference)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData("status-report"))
    with qtbot.waitSignal(dialog.rendered, timeout=60_000) as rendered:
        dialog.generate_button.click()
    errors: list[BaseException] = []
    hook = sys.excepthook
    sys.excepthook = lambda _t, exc, _tb: errors.append(exc)  # a slot's exception lands here
    try:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    finally:
        sys.excepthook = hook
    assert errors == []
    printing = dialog.print_dialog
    assert printing is not None and printing.isVisible()
    printer = printing.printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    with qtbot.waitSignal(dialog.printed, timeout=60_000):  # printed on a worker thread
        QDialog.accept(printing)  # as OK, without the dialog re-reading its printer choice
    assert len(PdfReader(str(out)).pages) == rendered.args[0]


def test_enter_in_the_filter_opens_the_one_match(qtbot, db, data_dir: DataDir,
                                                  admin: Actor) -> None:
    with db.session() as session:
        for reference in ("DEMO-04", "DEMO-06"):
            create_case(session, facts=parse_facts(demo_facts(reference)), actor=admin)
    window = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.runner.idle and window.model.total == 2, timeout=10_000)
    opened: list[str] = []
    window.case_open_requested.connect(opened.append)

    qtbot.keyClicks(window.filter_edit, "AP-")  # both match: Enter goes to the list
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Return)
    assert opened == []
    assert window.table.hasFocus() or window.table.currentIndex().row() == 0
    assert window.selected_reference() == window.model.row_at(0).reference

    window.filter_edit.clear()
    qtbot.keyClicks(window.filter_edit, "Tianyan")  # one match: Enter opens it
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Return)
    assert len(opened) == 1
    qtbot.waitUntil(lambda: bool(window.case_views), timeout=10_000)
    for view in list(window.case_views.values()):
        view.close()
    window.runner.wait_for_done()


def test_idle_timeout_of_one_minute_is_singular(qtbot, runner, admin: Actor) -> None:
    dialog = SecuritySettingsDialog(runner, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded is not None, timeout=10_000)
    dialog.idle.setValue(1)
    assert dialog.idle.text() == "1 minute"
    dialog.idle.setValue(2)
    assert dialog.idle.text() == "2 minutes"
    assert dialog.idle.accessibleName()


def test_user_roles_are_not_squeezed_by_a_long_reason(qtbot, runner, db, fast_hash) -> None:
    root = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")
    with db.session() as session:
        users.create_first_admin(session, username="root", password="correct horse battery",
                                 display_name="Root")
    dialog = UserManagementDialog(runner, root)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    dialog.select("root")  # the last administrator: a three-line reason below the buttons
    qtbot.wait(50)
    assert "last active administrator" in dialog.why.text()
    for role, box in dialog.role_boxes.items():
        assert box.height() >= box.sizeHint().height(), role


def test_password_and_user_fields_have_accessible_names(qtbot, runner) -> None:
    """Fields wrapped with their error label lost their form label for screen readers."""
    admin = Actor("root", ("admin",), "Root")
    first = FirstStartDialog(runner)
    change = ChangePasswordDialog(runner, admin)
    manage = UserManagementDialog(runner, admin)
    host = QWidget()
    for widget in (first, change, manage, host):
        qtbot.addWidget(widget)
    overlay = LockOverlay(host, admin)
    expected = {
        first: {"username": "User name", "displayName": "Full name", "password": "Password",
                "confirmation": "Password again"},
        change: {"oldPassword": "Current password", "newPassword": "New password",
                 "confirmation": "New password again"},
        manage: {"newUsername": "User name", "newPassword": "Password",
                 "resetPassword": "New password for the selected user"},
        overlay: {"unlockPassword": "Password"},
    }
    for top, names in expected.items():
        for object_name, accessible in names.items():
            edit = top.findChild(QLineEdit, object_name)
            assert edit is not None and edit.accessibleName() == accessible, object_name
    assert manage.table.accessibleName() == "Users"
    runner.wait_for_done()


def test_open_dashboard_follows_a_refresh(qtbot, db, data_dir: DataDir, admin: Actor) -> None:
    window = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
    window.show_dashboard()
    dashboard = window.dashboard
    qtbot.waitUntil(lambda: window.runner.idle and dashboard.summary.text() != "",
                    timeout=10_000)
    # No tracks yet: the dashboard says where they come from, not a row of zeros.
    assert dashboard.summary.text().startswith("No open filing tracks. Screening a case")
    # A case (its tracks) stored elsewhere, e.g. by a case window or a restore.
    with db.session() as session:
        create_case(session, facts=parse_facts(demo_facts("DEMO-04")), actor=admin)
    window.refresh()
    qtbot.waitUntil(lambda: window.runner.idle
                    and "open tracks ·" in dashboard.summary.text(), timeout=10_000)
    dashboard.close()
    window.runner.wait_for_done()


def test_case_list_cells_show_their_whole_text_as_tooltip(qtbot, db, data_dir: DataDir,
                                                           admin: Actor) -> None:
    window = _window_with_one_case(qtbot, db, data_dir, admin)
    model = window.model
    regimes = model.index(0, [c.title for c in COLUMNS].index("Regimes needing action"))
    text = model.data(regimes)
    assert text.count(",") >= 1  # several regimes: wider than its column
    assert model.data(regimes, Qt.ItemDataRole.ToolTipRole) == text
    window.runner.wait_for_done()


def test_user_table_roles_readable_in_full(qtbot, runner, db, fast_hash) -> None:
    root = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")
    with db.session() as session:
        users.create_first_admin(session, username="root", password="correct horse battery",
                                 display_name="Root")
    dialog = UserManagementDialog(runner, root)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    roles = dialog.table.item(0, 2)
    assert roles.toolTip() == roles.text() == "Preparer, Reviewer, Approver, Administrator"


def test_submit_refusal_names_the_field_as_the_wizard_does(
        qtbot, db, runner, data_dir: DataDir, admin: Actor) -> None:
    facts = demo_facts("DEMO-04")
    facts["target"].pop("name_zh", None)
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(facts), actor=admin).reference
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentIndex(2)
    select_track(view, "CN-FISR")
    submit = view.track_buttons["submit_for_review"]
    assert not submit.isEnabled()
    assert "Name (Chinese) (Target company)" in submit.toolTip(), submit.toolTip()
    assert "target.name_zh" not in submit.toolTip()


def test_sign_out_is_recorded_in_the_audit_trail(qtbot, db, data_dir: DataDir,
                                                  admin: Actor) -> None:
    runner = TaskRunner(db)
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    features = install_user_features(window, runner, admin, timeout_ms=10**8)
    window.show()
    features.sign_out_action.trigger()
    runner.wait_for_done()
    assert features.signed_out and not window.isVisible()
    with db.read_session() as session:
        actions = [e.action for e in session.exec(select(Event).order_by(Event.id))]
    assert actions[-1] == "user.signed_out"



def test_edit_facts_is_greyed_out_with_the_reason(
        qtbot, db, runner, data_dir: DataDir, admin: Actor) -> None:
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(demo_facts("DEMO-04")),
                                actor=admin).reference
    approver = Actor(username="aaron", roles=("approver",))
    view = open_view(qtbot, runner, approver, data_dir, reference)
    assert not view.edit_button.isEnabled()
    assert "edit case facts" in view.edit_button.toolTip()
    assert open_view(qtbot, runner, admin, data_dir, reference).edit_button.isEnabled()


def test_final_is_greyed_out_for_those_who_may_not_finalise(
        qtbot, db, runner, admin: Actor) -> None:
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(demo_facts("DEMO-04")),
                                actor=admin).reference
    reviewer = Actor(username="rita", roles=("reviewer",))
    dialog = FilingDialog(runner, reviewer, reference)
    qtbot.addWidget(dialog)
    assert not dialog.final.isEnabled()
    assert "generate final filings" in dialog.final.toolTip()
    approver = FilingDialog(runner, Actor(username="aaron", roles=("approver",)), reference)
    qtbot.addWidget(approver)
    assert approver.final.isEnabled()


def test_attach_and_accept_rescreen_are_greyed_out_with_the_reason(
        qtbot, db, runner, data_dir: DataDir, admin: Actor) -> None:
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(demo_facts("DEMO-04")),
                                actor=admin).reference
    reviewer = Actor(username="rita", roles=("reviewer",))
    view = open_view(qtbot, runner, reviewer, data_dir, reference)
    view.tabs.setCurrentWidget(view.documents_page)
    assert not view.attach_button.isEnabled()
    assert "attach documents" in view.attach_button.toolTip()
    view.tabs.setCurrentWidget(view.screening_page)
    assert not view.accept_button.isEnabled()
    assert "accept a re-screening" in view.accept_button.toolTip()
    own = open_view(qtbot, runner, admin, data_dir, reference)
    own.tabs.setCurrentWidget(own.documents_page)
    assert own.attach_button.isEnabled()
    own.tabs.setCurrentWidget(own.screening_page)
    assert own.accept_button.isEnabled()


def test_draft_filter_is_named_as_the_status_column_shows_it(
        qtbot, db, data_dir: DataDir, admin: Actor) -> None:
    window = _window_with_one_case(qtbot, db, data_dir, admin)
    status_column = [c.title for c in COLUMNS].index("Status")
    shown = window.model.data(window.model.index(0, status_column))
    assert shown == "Draft"  # its tracks are drafts; the case is not an intake draft
    combo = window.status_filter
    combo.setCurrentIndex(combo.findData("draft"))
    assert combo.currentText() == "Intake not finished"
    assert window.model.rowCount() == 0
    window.runner.wait_for_done()


def test_case_list_columns_fit_the_default_window(qtbot, db, data_dir: DataDir,
                                                  admin: Actor) -> None:
    with db.session() as session:
        create_case(session, facts=parse_facts(demo_facts("DEMO-04")), actor=admin)
    window = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(window)
    window.resize(1280, 780)  # the first-start size
    window.show()
    qtbot.waitUntil(lambda: window.runner.idle and window.model.total == 1, timeout=10_000)
    header = window.table.horizontalHeader()
    owner = header.count() - 1
    assert header.sectionViewportPosition(owner) + header.sectionSize(owner) \
        <= window.table.viewport().width()
    assert header.sectionSize(owner) >= header.fontMetrics().horizontalAdvance("Owner") + 8
    assert window.table.horizontalScrollBar().maximum() == 0
    window.runner.wait_for_done()


def test_dashboard_columns_fit_its_default_size(qtbot, runner) -> None:
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    # Its default size on a screen that holds it (the test platform's is 800 px wide, and
    # the window opens no wider than the screen).
    dashboard.resize(1200, 680)
    dashboard.show()
    dashboard.reload()
    qtbot.waitUntil(lambda: runner.idle and dashboard.summary.text() != "", timeout=10_000)
    tree = dashboard.tree
    header = tree.header()
    owner = header.count() - 1
    assert header.sectionViewportPosition(owner) + header.sectionSize(owner) \
        <= tree.viewport().width()
    assert header.sectionSize(owner) >= header.fontMetrics().horizontalAdvance("Owner") + 8
    # A due date below its group heading is shown whole, not "2026-11…".
    assert header.sectionSize(0) >= (2 * tree.indentation()  # root decoration + level
                                     + tree.fontMetrics().horizontalAdvance("2026-12-31") + 8)


def test_dashboard_target_names_readable_in_full(qtbot, db, runner, admin: Actor) -> None:
    with db.session() as session:
        create_case(session, facts=parse_facts(demo_facts("DEMO-04")), actor=admin)
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    dashboard.reload()
    qtbot.waitUntil(lambda: runner.idle and dashboard.tree.topLevelItemCount() > 0,
                    timeout=10_000)
    head = next(dashboard.tree.topLevelItem(i) for i in range(dashboard.tree.topLevelItemCount())
                if dashboard.tree.topLevelItem(i).childCount())
    row = head.child(0)
    assert row.toolTip(2) == row.text(2) and row.text(2).startswith("Shanghai")


def test_track_history_shows_the_filing_reference(qtbot, db, runner, data_dir: DataDir,
                                                  admin: Actor) -> None:
    reference, track_id = _fisr_track(db, admin)
    take_step(db, track_id, "submit_for_review", admin, reason="ready")
    take_step(db, track_id, "approve_for_filing", Actor(username="bob", roles=("approver",)))
    take_step(db, track_id, "file", admin, filing_reference="FISR-2026-0042")
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentIndex(2)
    select_track(view, "CN-FISR")
    noted = [view.history.item(r, 4).text() for r in range(view.history.rowCount())]
    assert noted == ["ready", "", "filing reference FISR-2026-0042"]


def test_closing_the_main_window_closes_review_mode_windows(qtbot, db, data_dir: DataDir,
                                                             admin: Actor) -> None:
    runner = TaskRunner(db)
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    features = install_review_features(window, runner, admin)
    review_window = QWidget()  # stands in for a ReviewModeWindow: top-level, no parent
    qtbot.addWidget(review_window)
    features.review_windows["pack"] = review_window
    window.show()
    review_window.show()
    window.close()  # Quit or Sign out
    assert not review_window.isVisible()
    runner.wait_for_done()


def test_the_lock_screen_can_sign_the_locked_user_out(qtbot, db, data_dir: DataDir,
                                                       admin: Actor) -> None:
    """Someone else at a shared desk: no need for the locked user's password or to kill
    the app."""
    runner = TaskRunner(db)
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    features = install_user_features(window, runner, admin, timeout_ms=10**8)
    window.show()
    qtbot.waitExposed(window)
    features.idle_lock.lock()
    [overlay] = features.idle_lock.overlays
    assert overlay.sign_out_button.isVisible()
    qtbot.mouseClick(overlay.sign_out_button, Qt.MouseButton.LeftButton)
    runner.wait_for_done()
    assert features.signed_out and not window.isVisible()
    assert not features.idle_lock.is_locked
    with db.read_session() as session:
        actions = [e.action for e in session.exec(select(Event).order_by(Event.id))]
    assert actions[-2:] == ["user.session_locked", "user.signed_out"]


def test_lock_now_does_not_claim_inactivity(qtbot, db, data_dir: DataDir, admin: Actor) -> None:
    runner = TaskRunner(db)
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    features = install_user_features(window, runner, admin, timeout_ms=10**8)
    window.show()
    qtbot.waitExposed(window)
    features.lock_action.trigger()  # Users → Lock now (Ctrl+L)
    [overlay] = features.idle_lock.overlays
    text = overlay.findChild(QLabel, "lockReason").text()
    assert text.startswith("Locked by ") and "without activity" not in text
    features.idle_lock.unlock()
    features.idle_lock.set_timeout_ms(50)  # now the idle timeout
    with qtbot.waitSignal(features.idle_lock.locked, timeout=5_000):
        pass
    [overlay] = features.idle_lock.overlays
    assert "without activity" in overlay.findChild(QLabel, "lockReason").text()
    features.idle_lock.stop()
    runner.wait_for_done()
    with db.read_session() as session:
        reasons = [e.reason for e in session.exec(
            select(Event).where(Event.action == "user.session_locked").order_by(Event.id))]
    assert reasons == ["locked by the user", "idle timeout"]
