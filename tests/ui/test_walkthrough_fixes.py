"""Defects found walking through the desktop app as a compliance officer (light, dark,
100 %, 150 % and 200 %): each test fails if its defect comes back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton, QWizard
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import documents as documents_service
from approvals.services import users
from approvals.services.cases import case_id_for, create_case, list_cases
from approvals.services.workspace import add_comment
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import FilingTrack
from approvals.ui.auth import UserManagementDialog
from approvals.ui.case_list import DEADLINE_COLUMN
from approvals.ui.case_view import CaseView
from approvals.ui.main_window import MainWindow
from approvals.ui.review import ExportPackDialog, KeysDialog, _leaves, form_order
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.conftest import FolderTemplates, load_demo_from_template
from tests.ui.case_window import open_view, select_track, submit_from_the_keyboard
from tests.ui.test_calendars_ui import open_dialog
from tests.ui.test_case_view import demo_facts, wait_laid_out
from tests.ui.test_review_ui import _case_open_in_review_mode
from tests.ui.ux_checks import mnemonic_clashes
from tests.workflow_support import take_step

BOB = Actor(username="bob", roles=("approver", "reviewer"))


def _case(db: Database, admin: Actor, demo: str = "DEMO-04") -> tuple[str, int]:
    """A case with a CN-FISR track (DEMO-04), and that track's id."""
    with db.session() as session:
        case = create_case(session, facts=parse_facts(demo_facts(demo)), actor=admin)
    with db.read_session() as session:
        track_id = session.exec(select(FilingTrack.id).where(
            FilingTrack.case_id == case.id, FilingTrack.regime == "CN-FISR")).one()
    return case.reference, track_id


def _error_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "errorDialog" and w.isVisible()]


# -- Tracks tab: a refused step --------------------------------------------------------------
def test_a_refused_step_is_named_as_its_button_names_it(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir) -> None:
    """The message title lower-cased the step's label after "Could not": "Could not
    cleared", "Could not treasury acknowledged the notification", "us" for "US"."""
    reference, track_id = _case(db, admin)
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentIndex(2)
    select_track(view, "CN-FISR")
    button = view.track_buttons["submit_for_review"]
    wait_laid_out(qtbot, button)
    # Someone else takes the step meanwhile: this window's version is stale.
    take_step(db, track_id, "submit_for_review", admin)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = view.action_dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    # Said in the step's dialog again (tests/ui/test_casewin19_step_refused.py), which is
    # named as its button names the step.
    qtbot.waitUntil(lambda: "changed by someone else" in dialog.problem.text(), timeout=10_000)
    assert dialog.isVisible() and not _error_boxes()
    assert dialog.windowTitle().startswith("Submit for internal review — CN-FISR")
    dialog.reject()
    runner.wait_for_done()


# -- the step dialog -------------------------------------------------------------------------
def test_the_step_dialog_has_cancel_then_the_step_like_every_other_dialog(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir) -> None:
    """Its QDialogButtonBox put the step first and Cancel last (the reverse of sign-in,
    users, calendars and particulars), with an OK icon beside the step's own name."""
    reference, _track = _case(db, admin)
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentIndex(2)
    select_track(view, "CN-FISR")
    button = view.track_buttons["withdraw"]
    wait_laid_out(qtbot, button)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = view.action_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.ok_button.isVisible(), timeout=2_000)
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text().replace("&", "") == "Cancel")
    assert cancel.mapTo(dialog, cancel.rect().topLeft()).x() < \
        dialog.ok_button.mapTo(dialog, dialog.ok_button.rect().topLeft()).x()
    assert dialog.ok_button.text().replace("&", "") == "Withdraw"
    assert dialog.ok_button.isDefault() and dialog.ok_button.icon().isNull()
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    runner.wait_for_done()


# -- Tracks tab: the diagram and the history --------------------------------------------------
def test_resizing_the_diagram_never_touches_deleted_scene_items(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir) -> None:
    """Centring kept the current state's scene item; resized after the scene's items were
    gone (a closed case window), the view raised "Internal C++ object already deleted"."""
    reference, _track = _case(db, admin)
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentIndex(2)
    select_track(view, "CN-FISR")
    diagram = view.diagram
    assert diagram.current_rect is not None
    diagram.scene().clear()
    diagram.resize(diagram.width() - 40, diagram.height())  # pytest-qt fails on an error
    qtbot.wait(10)
    runner.wait_for_done()


def test_each_history_cell_shows_its_whole_text_on_hover(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir) -> None:
    """Long states ("Preliminary review (decision whether to review)") and reasons are cut
    off by their column; the history had no tooltips (the timeline has)."""
    reference, track_id = _case(db, admin)
    take_step(db, track_id, "withdraw", admin,
              reason="The investor pulled out of the deal after the board meeting of 20 "
                     "October; nothing is filed.")
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentIndex(2)
    select_track(view, "CN-FISR")
    history = view.history
    assert history.rowCount() == 1
    for column in range(history.columnCount()):
        item = history.item(0, column)
        # The date's tooltip also says what it is and when it was recorded.
        assert (item.toolTip() == item.text()) if column else \
            (item.text() in item.toolTip()), column
    assert "nothing is filed" in history.item(0, 4).toolTip()
    # Two-line tracks ("CN-FISR — General review" / "due 31 Dec 2026") ran into the next.
    assert view.track_list.spacing() > 0
    # A narrow window squeezed the list to a word a line, cut off, with no tooltip.
    tracks = view.track_list
    assert tracks.minimumWidth() > tracks.fontMetrics().horizontalAdvance("CN-TECH-EXPORT — Draft")
    for row in range(tracks.count()):
        item = tracks.item(row)
        assert item.toolTip() == item.text().replace("\n", ", ")
    runner.wait_for_done()


# -- Documents, Comments, Timeline: times and words -------------------------------------------
def test_documents_comments_and_the_timeline_say_what_and_when_in_utc(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir,
        tmp_path: Path) -> None:
    """Documents' Attached and comments' times were stored UTC stamps with no zone (the
    screening line says "… UTC"); a comment on a field showed its dotted path; the
    timeline said "changed: allowed users, doc type, file name, …" for an attachment."""
    reference, _track = _case(db, admin)
    source = tmp_path / "board minutes.pdf"
    source.write_bytes(b"%PDF-1.4\n")
    with db.session() as session:
        case_id = case_id_for(session, reference)
        documents_service.attach_document(session, actor=admin, data_dir=data_dir,
                                          case_id=case_id, source=source,
                                          doc_type="cn_application")
        add_comment(session, actor=admin, reference=reference, body="Check the code.",
                    field_path="target.uscc")
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentWidget(view.documents_page)
    attached = view.documents.item(0, 4).text()
    assert attached.startswith(f"{admin.username}, ") and attached.endswith(" UTC")
    view.tabs.setCurrentWidget(view.comments_page)
    comments = view.comments.toPlainText()
    assert " UTC" in comments
    assert "target.uscc" not in comments and "on Unified Social Credit Code (Target company)" in comments
    view.tabs.setCurrentWidget(view.timeline_page)
    view.timeline_filter.setText("board minutes")
    rows = [r for r in range(view.timeline.rowCount()) if not view.timeline.isRowHidden(r)]
    assert len(rows) == 1
    change = view.timeline.item(rows[0], 4).text()
    assert change.startswith("board minutes.pdf (") and "changed:" not in change
    runner.wait_for_done()


# -- the wizard ------------------------------------------------------------------------------
def test_next_unavailable_says_this_or_these(qtbot, runner: TaskRunner, admin: Actor) -> None:
    wizard = IntakeWizard(runner, admin)
    qtbot.addWidget(wizard)
    wizard.autosave_timer.stop()
    wizard.show()
    page = wizard.currentPage()
    uscc = wizard.findChild(QLineEdit, "field_target_uscc")
    uscc.setText("91440300MA5FXXXX1X")  # a wrong check character; the name is missing too
    assert page.blocked_label.text().startswith("Next is unavailable until these are fixed — ")
    wizard.findChild(QLineEdit, "field_target_name_en").setText("Example AI Co., Ltd.")
    assert page.blocked_label.text().startswith("Next is unavailable until this is fixed — ")
    wizard._dirty = False
    wizard.reject()
    runner.wait_for_done()


# -- the case list: keyboard -----------------------------------------------------------------
def _window(qtbot, db: Database, data_dir: DataDir, admin: Actor) -> MainWindow:
    for demo in ("DEMO-04", "DEMO-01"):
        with db.session() as session:
            create_case(session, facts=parse_facts(demo_facts(demo)), actor=admin)
    window = MainWindow(TaskRunner(db), data_dir, admin)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.runner.idle and window.model.total == 2, timeout=10_000)
    return window


def test_escape_clears_the_filter_and_down_goes_to_the_list(
        qtbot, db: Database, data_dir: DataDir, admin: Actor) -> None:
    window = _window(qtbot, db, data_dir, admin)
    edit = window.filter_edit
    edit.setFocus()
    qtbot.keyClicks(edit, "no such company")
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=5_000)
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert edit.text() == "" and window.model.rowCount() == 2  # at once, no filter delay
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.table
    assert window.table.currentIndex().row() == 0
    window.runner.wait_for_done()


def test_tab_leaves_a_table_instead_of_walking_its_cells(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, admin: Actor) -> None:
    """QTableView moves cell by cell on Tab: a keyboard user in the case list (8 columns
    a row), the timeline or the documents could not Tab out of it."""
    window = _window(qtbot, db, data_dir, admin)
    window.activateWindow()
    window.table.setFocus()
    window.table.selectRow(0)
    qtbot.keyClick(window.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not window.table
    reference = window.model.row_at(0).reference
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentWidget(view.tracks_page)
    view.tabs.setCurrentWidget(view.timeline_page)
    view.tabs.setCurrentWidget(view.documents_page)
    for table in (view.history, view.timeline, view.documents):
        assert not table.tabKeyNavigation(), table.objectName()
    window.runner.wait_for_done()
    runner.wait_for_done()


# -- tables that size their columns to the contents ------------------------------------------
def test_a_year_of_holidays_fills_the_table_after_its_columns_fit_the_text(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    """Holiday calendars: after choosing a year the Name column kept its text's width and a
    blank strip stayed at the right of the days (the documents table did the same)."""
    dialog = open_dialog(qtbot, runner, admin)
    dialog.resize(1280, 800)
    qtbot.waitUntil(lambda: dialog.data is not None and runner.idle, timeout=10_000)
    dialog.select_year(date.today().year + 1)
    QApplication.processEvents()
    table = dialog.days_table
    assert table.rowCount() > 0
    assert table.horizontalHeader().length() >= table.viewport().width()
    runner.wait_for_done()


# -- Documents: the keyboard -----------------------------------------------------------------
def test_enter_opens_the_selected_document(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir,
        tmp_path: Path, monkeypatch) -> None:
    """Only a double-click opened a document: from the keyboard, Enter did nothing."""
    reference, _track = _case(db, admin)
    source = tmp_path / "minutes.pdf"
    source.write_bytes(b"%PDF-1.4\n")
    with db.session() as session:
        documents_service.attach_document(session, actor=admin, data_dir=data_dir,
                                          case_id=case_id_for(session, reference),
                                          source=source)
    view = open_view(qtbot, runner, admin, data_dir, reference)
    opened: list[str] = []
    monkeypatch.setattr(CaseView, "_open_path", lambda _self, _path, name: opened.append(name))
    view.tabs.setCurrentIndex(4)
    view.documents.setFocus()
    view.documents.selectRow(0)
    qtbot.keyClick(view.documents, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: opened == ["minutes.pdf"], timeout=5_000)
    assert view.documents.item(0, 1).text() == "—"  # no type given: not a blank cell
    runner.wait_for_done()


def test_training_compute_reads_as_the_overview_and_the_screening_write_it(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    """The AI page showed Python's "3.1e+25" where the Overview and the reasons say 3.1e25."""
    facts = demo_facts("DEMO-01")
    wizard = IntakeWizard(runner, admin, data=facts)
    qtbot.addWidget(wizard)
    wizard.autosave_timer.stop()
    field = next(f for f in wizard.fields
                 if f.path == ("target", "ai", "max_training_compute_ops"))
    assert field.text() == "3.1e25"
    assert field.parse() == facts["target"]["ai"]["max_training_compute_ops"]
    wizard._dirty = False
    wizard.reject()
    runner.wait_for_done()


# -- 200 % on a small screen ----------------------------------------------------------------
def test_windows_open_no_larger_than_the_screen(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir) -> None:
    """At 200 % a 2560×1440 screen is 1280×720: the main window (1280×780), the case window
    (1100×760) and the filing preview (900×900) opened with their foot below the screen's
    edge. (The test platform's screen is 800×800, smaller than each of them.)"""
    reference, _track = _case(db, admin)
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    fresh = CaseView(runner, admin, data_dir, reference)  # as it opens, before its layout
    qtbot.addWidget(fresh)                                 # adapts to the loaded case
    view = open_view(qtbot, runner, admin, data_dir, reference)
    wizard = IntakeWizard(runner, admin)
    qtbot.addWidget(wizard)
    wizard.autosave_timer.stop()
    window.show_dashboard()
    view.generate_filing()
    for widget in (window, fresh, wizard, window.dashboard, view.preview):
        available = widget.screen().availableGeometry()
        least = widget.minimumSizeHint()  # what its layout cannot do without
        assert widget.width() <= max(available.width(), least.width()), type(widget).__name__
        assert widget.height() <= max(available.height(), least.height()), \
            type(widget).__name__
    view.preview.close()
    wizard._dirty = False
    wizard.reject()
    window.runner.wait_for_done()
    runner.wait_for_done()


# -- Export review pack: an empty list and what is missing -----------------------------------
def test_export_pack_says_when_there_is_nothing_to_send_and_what_is_missing(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir) -> None:
    """With no case to send the list was blank and silent; with a case ticked and no file
    named, Export still said "Tick at least one case and choose the file to write"."""
    empty = ExportPackDialog(runner, admin, data_dir)
    qtbot.addWidget(empty)
    empty.show()
    qtbot.waitUntil(lambda: runner.idle and empty.status.text() != "", timeout=10_000)
    assert empty.status.text().startswith("No cases to send yet")
    empty.close()

    reference, _track = _case(db, admin)
    dialog = ExportPackDialog(runner, admin, data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: runner.idle and dialog.case_model.rowCount() == 1, timeout=10_000)
    assert dialog.status.text() == ""
    line = dialog.case_model.index(0)
    # The whole line on hover, cut off at the list's edge.
    assert line.data(Qt.ItemDataRole.ToolTipRole) == line.data()
    dialog.export()
    assert dialog.status.text() == "Tick at least one case to send."
    dialog.set_checked([reference])
    dialog.export()
    assert dialog.status.text() == "Type the file to write, or press Browse… to choose it."
    dialog.close()
    runner.wait_for_done()


def test_tab_from_the_wizard_buttons_goes_to_the_first_field(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    """Each page's scroll area was a Tab stop of its own (unnamed, drawn as nothing) between
    Close and the page's first field; the Users dialog's scroll area already is not."""
    wizard = IntakeWizard(runner, admin)
    qtbot.addWidget(wizard)
    wizard.autosave_timer.stop()
    wizard.show()
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=2_000)
    close = wizard.button(QWizard.WizardButton.CancelButton)
    close.setFocus()
    qtbot.keyClick(close, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is wizard.findChild(QLineEdit, "field_reference")
    wizard._dirty = False
    wizard.reject()
    runner.wait_for_done()


# -- Users: the keyboard ---------------------------------------------------------------------
ROOT = Actor("root", ("preparer", "reviewer", "approver", "admin"), "Root")


@pytest.fixture
def two_users(db: Database, fast_hash: None) -> Database:
    with db.session() as session:
        users.create_first_admin(session, username="root", password="correct horse battery",
                                 display_name="Root")
        users.create_user(session, actor=ROOT, username="bob", password="correct horse battery",
                          roles=["preparer"], display_name="Bob")
    return db


def test_every_users_button_has_its_own_alt_key(qtbot, runner: TaskRunner,
                                                two_users: Database) -> None:
    """Save roles, Deactivate, Lift lock-out, Reset password and Create user had no Alt key
    (every other dialog's actions have one)."""
    dialog = UserManagementDialog(runner, ROOT)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: runner.idle and dialog.table.rowCount() == 2, timeout=10_000)
    dialog.select("bob")
    buttons = [dialog.save_roles_button, dialog.active_button, dialog.unlock_button,
               dialog.reset_button, dialog.create_button]
    assert all("&" in b.text() for b in buttons), [b.text() for b in buttons]
    assert mnemonic_clashes(dialog) == []
    dialog.close()
    runner.wait_for_done()


def test_the_restriction_button_says_what_it_will_do(
        qtbot, runner: TaskRunner, two_users: Database, data_dir: DataDir,
        tmp_path: Path) -> None:
    """"Restrict / lift" left the officer to work out which one pressing it would do."""
    reference, _track = _case(two_users, ROOT)
    with two_users.session() as session:
        case_id = case_id_for(session, reference)
        for name, restricted in (("open.pdf", False), ("kyc.pdf", True)):
            source = tmp_path / name
            source.write_bytes(b"%PDF-1.4\n")
            documents_service.attach_document(session, actor=ROOT, data_dir=data_dir,
                                              case_id=case_id, source=source,
                                              restricted=restricted)
    view = open_view(qtbot, runner, ROOT, data_dir, reference)
    view.tabs.setCurrentWidget(view.documents_page)
    rows = {view.documents.item(r, 0).text(): r for r in range(view.documents.rowCount())}
    view.documents.selectRow(rows["open.pdf"])
    assert view.restrict_button.text() == "Restr&ict…"
    view.documents.selectRow(rows["kyc.pdf"])
    assert view.restrict_button.text() == "L&ift restriction…"
    assert "everyone" in view.restrict_button.toolTip()
    dialog = view.toggle_restriction()  # asks first, with an optional reason
    assert dialog is not None
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        dialog.action.click()
    rows = {view.documents.item(r, 0).text(): r for r in range(view.documents.rowCount())}
    view.documents.selectRow(rows["kyc.pdf"])
    assert view.restrict_button.text() == "Restr&ict…"  # lifted: it can be restricted again
    runner.wait_for_done()


# -- the case list: urgency for a screen reader -----------------------------------------------
def test_a_screen_reader_hears_that_a_deadline_is_overdue(folder_templates: FolderTemplates,
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir) -> None:
    """Overdue and due-soon deadlines are red or amber and bold, with a tooltip: a screen
    reader read out the bare date."""
    load_demo_from_template(folder_templates, db, admin)
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: runner.idle and window.model.total > 0, timeout=10_000)
    model = window.model
    spoken = {model.urgency(model.row_at(r)): model.data(model.index(r, DEADLINE_COLUMN),
                                                         Qt.ItemDataRole.AccessibleTextRole)
              for r in range(model.rowCount()) if model.row_at(r).next_deadline}
    assert spoken["overdue"].endswith(", overdue")  # the demo data has one
    assert spoken[""].count(",") == 0  # a deadline in good time: the date alone
    runner.wait_for_done()


def test_an_overdue_track_says_so_in_the_track_list(folder_templates: FolderTemplates,
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir) -> None:
    """The case window's track list showed an overdue track in red alone."""
    load_demo_from_template(folder_templates, db, admin)
    with db.read_session() as session:
        overdue = [r for r in list_cases(session) if r.next_deadline
                   and r.next_deadline < date.today().isoformat()]
    assert overdue, "the demo data has an overdue deadline"
    view = open_view(qtbot, runner, admin, data_dir, overdue[0].reference)
    view.tabs.setCurrentWidget(view.tracks_page)
    texts = [view.track_list.item(r).text() for r in range(view.track_list.count())]
    late = [t for t, track in zip(texts, view.data.tracks, strict=True) if track.overdue]
    assert late and all(t.endswith(" (overdue)") or t.endswith("\noverdue") for t in late)
    assert not any("overdue" in t for t, track in zip(texts, view.data.tracks, strict=True)
                   if not track.overdue)
    runner.wait_for_done()


def test_the_personal_information_counts_say_what_pi_is(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    wizard = IntakeWizard(runner, admin)
    qtbot.addWidget(wizard)
    wizard.autosave_timer.stop()
    counts = [f for f in wizard.fields if f.path[:2] == ("deal", "data_export")
              and "PI" in f.label]
    assert len(counts) == 5
    for field in counts:
        assert field.widget.toolTip().startswith("PI: personal information."), field.label
        assert field.widget.accessibleDescription() == field.widget.toolTip()
    wizard._dirty = False
    wizard.reject()
    runner.wait_for_done()


# -- review mode: the facts in the wizard's order --------------------------------------------
def test_review_mode_lists_the_facts_in_the_wizards_order() -> None:
    """Sorted by path, review mode began with "Acquires control (Deal)" and put the target
    company last; the wizard and the Overview go reference, target, AI, investor, deal."""
    facts = demo_facts("DEMO-02")
    paths = [path for path, _value in sorted(_leaves(facts), key=lambda leaf: form_order(leaf[0]))]
    assert paths[:3] == ["reference", "target.name_en", "target.name_zh"]
    sections = [p.split(".")[0] if not p.startswith("target.ai.") else "ai" for p in paths[1:]]
    assert sections == sorted(sections, key=["target", "ai", "investor", "deal"].index)
    assert paths.index("deal.amount.currency") + 1 == paths.index("deal.amount.value")
    assert paths.index("deal.instrument") < paths.index("deal.amount.currency")
    assert form_order("deal.no_such_field") > form_order("deal.data_export.pi_subjects_processed")


def test_review_mode_shows_the_facts_in_the_wizards_order(
        qtbot, tmp_path: Path, data_dir: DataDir, db: Database, admin: Actor, installation_b) -> None:
    review_window, _ref, _features = _case_open_in_review_mode(qtbot, tmp_path, data_dir, db,
                                                               admin, installation_b)
    tree = review_window.facts_tree
    paths = [tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
             for i in range(tree.topLevelItemCount())]
    assert paths == sorted(paths, key=form_order)
    assert paths[0].startswith("target.") or paths[0] == "reference"


# -- Tracks tab: the focus after a step taken from the keyboard -------------------------------
def test_after_a_step_the_focus_is_on_the_next_steps_not_nowhere(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir) -> None:
    """The step's button had the focus and was replaced by the new state's buttons: the
    focus went nowhere, and Tab started again from the window's top."""
    reference, _track = _case(db, admin)
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentIndex(2)
    select_track(view, "CN-FISR")
    wait_laid_out(qtbot, view.track_buttons["submit_for_review"])
    submit_from_the_keyboard(qtbot, view)
    assert "Internal review" in view.track_state.text()
    focused = view.focusWidget()
    assert focused is view.track_buttons["return_to_preparer"], focused
    runner.wait_for_done()


def test_escape_clears_the_timeline_filter_too(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir) -> None:
    reference, _track = _case(db, admin)
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=2_000)
    view.find_events()
    qtbot.keyClicks(view.timeline_filter, "no such event")
    assert view.visible_timeline_rows() == 0
    qtbot.keyClick(view.timeline_filter, Qt.Key.Key_Escape)
    assert view.timeline_filter.text() == "" and view.visible_timeline_rows() > 0
    clear = view.findChild(QPushButton, "timelineClearFilter")
    assert clear.text() == "Clear &filter" and mnemonic_clashes(view) == []
    runner.wait_for_done()


def test_every_button_of_the_keys_dialog_has_its_own_alt_key(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir) -> None:
    """Load key file… and Stop trusting had none (Copy, Save and Trust had)."""
    keys = KeysDialog(runner, admin, data_dir)
    qtbot.addWidget(keys)
    keys.show()
    qtbot.waitUntil(lambda: runner.idle and keys.identity is not None, timeout=10_000)
    texts = [b.text() for b in keys.findChildren(QPushButton) if b.isVisibleTo(keys)]
    assert texts and all("&" in t for t in texts), texts
    assert mnemonic_clashes(keys) == []
    keys.close()
    runner.wait_for_done()


def test_review_mode_buttons_have_alt_keys_on_every_tab(
        qtbot, tmp_path: Path, data_dir: DataDir, db: Database, admin: Actor, installation_b) -> None:
    """The three Comment buttons and the documents' Open had none."""
    review_window, _ref, _features = _case_open_in_review_mode(qtbot, tmp_path, data_dir, db,
                                                               admin, installation_b)
    for index in range(review_window.tabs.count()):
        review_window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        texts = [b.text() for b in review_window.findChildren(QPushButton)
                 if b.isVisibleTo(review_window)]
        assert all("&" in t for t in texts), (index, texts)
        assert mnemonic_clashes(review_window) == [], index


def test_correcting_a_weekend_day_calls_it_a_weekend_day(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    """Correct a day… said "Now a holiday (weekend)." of an ordinary Saturday."""
    dialog = open_dialog(qtbot, runner, admin)
    qtbot.waitUntil(lambda: dialog.data is not None and runner.idle, timeout=10_000)
    correct = dialog.open_correct_day()
    saturday = date(date.today().year, 3, 1)
    while saturday.weekday() != 5:
        saturday = saturday.replace(day=saturday.day + 1)
    correct.date_edit.setDate(saturday)
    assert correct.current.text() == "Now a weekend day, not worked."
    assert correct.kind_combo.currentData() == "workday"  # the correction offered: worked
    correct.reject()
    runner.wait_for_done()
