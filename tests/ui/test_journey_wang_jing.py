"""Defects found walking the app as a Shanghai compliance officer (Chinese input, a 1366x768
laptop at 125 %, a preparer and an approver sharing it)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import users
from approvals.services.case_edit import update_case_facts
from approvals.services.cases import create_case
from approvals.services.screening import accept_rescreen
from approvals.store.audit import Actor
from approvals.ui.auth import SignInDialog, UserManagementDialog
from approvals.ui.case_list import COLUMNS
from approvals.ui.filing_preview import FilingDialog
from approvals.ui.main_window import MainWindow
from approvals.ui.particulars import ParticularsEditor
from approvals.ui.review import ExportPackDialog
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_journeys import demo_facts
from tests.ui.test_wizard import edit, error_text, next_button, type_into

# Users are made with the cheap hasher: these tests are about names, not passwords
# (argon2 at production cost is ~0.3 s a hash; the production hasher has its own test).
pytestmark = pytest.mark.usefixtures("fast_hash")

PASSWORD = "Correct horse 2026"


def ime_type(qtbot, widget: QLineEdit, text: str) -> None:
    """Chinese text as a Pinyin input method hands it over: one committed string."""
    widget.setFocus()
    widget.clear()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
    assert widget.text() == text


def test_a_country_typed_by_its_chinese_or_english_name_is_read_as_its_code(
    qtbot, wizard: IntakeWizard
) -> None:
    # "中国" in Headquarters was refused ("use the two-letter ISO 3166 code"): Next stayed
    # grey until the officer worked out that the app wanted "CN".
    type_into(qtbot, wizard, "field_target_name_en", "Shanghai Zhiyuan Co., Ltd.")
    headquarters = edit(wizard, "field_target_headquarters")
    ime_type(qtbot, headquarters, "中国")
    assert error_text(wizard, "error_target_headquarters") == ""
    assert next_button(wizard).isEnabled()
    qtbot.keyClick(headquarters, Qt.Key.Key_Tab)  # leaving shows what was read
    assert headquarters.text() == "CN"
    ime_type(qtbot, edit(wizard, "field_target_jurisdiction"), "开曼群岛")
    type_into(qtbot, wizard, "field_target_jurisdiction", "Cayman Islands")
    data = wizard.collect(draft=True)
    assert data["target"]["headquarters"] == "CN"
    assert data["target"]["jurisdiction"] == "KY"
    ime_type(qtbot, edit(wizard, "field_target_jurisdiction"), "开曼群岛")
    assert wizard.collect(draft=True)["target"]["jurisdiction"] == "KY"
    # A name the app does not know is still refused, not guessed.
    type_into(qtbot, wizard, "field_target_jurisdiction", "Atlantis")
    assert "two-letter" in error_text(wizard, "error_target_jurisdiction")
    assert not next_button(wizard).isEnabled()


def _rendered(qtbot, db, runner, admin: Actor, kind: str) -> tuple[FilingDialog, str]:
    """A filing dialog that has rendered `kind` for a new case made from a demo deal."""
    facts = demo_facts("DEMO-04")
    del facts["investor"]["ultimate_parent"]  # one fact short of its filing, as a new case is
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(facts), actor=admin).reference
    dialog = FilingDialog(runner, admin, reference)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    with qtbot.waitSignal(dialog.rendered, timeout=60_000):
        dialog.generate_button.click()
    return dialog, reference


def test_print_names_the_job_after_the_case_and_the_filing(
        qtbot, db, runner, admin: Actor) -> None:
    # The print dialog's "Print to File (PDF)" proposed ~/print.pdf for every filing of
    # every case, and the print queue listed nameless jobs.
    dialog, reference = _rendered(qtbot, db, runner, admin, "status-report")
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    printing = dialog.print_dialog
    assert printing.isVisible()
    name = printing.printer().docName()
    assert name == f"{reference}-status-report-{date.today().isoformat()}-DRAFT"
    printing.reject()


def test_the_status_bar_names_the_user_as_the_owner_column_and_history_do(
        qtbot, db, data_dir: DataDir, admin: Actor) -> None:
    # "Signed in as 赵磊" while the case list's Owner and the track history said
    # "zhaolei": nothing on screen tied the two together.
    preparer = Actor(username="zhaolei", roles=("preparer",), display_name="赵磊")
    with db.session() as session:
        create_case(session, facts=parse_facts(demo_facts("DEMO-04")), actor=preparer)
    window = MainWindow(TaskRunner(db), data_dir, preparer)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.runner.idle and window.model.total == 1, timeout=10_000)
    owner = window.model.index(0, [c.title for c in COLUMNS].index("Owner"))
    assert owner.data() == "zhaolei"
    assert window.user_label.text() == "Signed in as 赵磊 (zhaolei)"
    plain = MainWindow(TaskRunner(db), data_dir, Actor(username="admin", roles=("admin",)))
    qtbot.addWidget(plain)
    qtbot.waitUntil(lambda: plain.runner.idle, timeout=10_000)
    assert plain.user_label.text() == "Signed in as admin"


def test_particulars_never_saved_say_so_plainly(qtbot, db, runner, admin: Actor) -> None:
    # The editor's first line read "Not set yet." — which field? It meant the whole form.
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(demo_facts("DEMO-04")),
                                actor=admin).reference
    editor = ParticularsEditor(runner, admin, reference)
    qtbot.addWidget(editor)
    qtbot.waitUntil(lambda: editor.view is not None, timeout=10_000)
    assert editor.message.text() == "Nothing saved for this case yet."
    defaults = ParticularsEditor(runner, admin, None)
    qtbot.addWidget(defaults)
    qtbot.waitUntil(lambda: defaults.view is not None, timeout=10_000)
    assert defaults.message.text() == "No organisation-wide defaults saved yet."


def test_a_review_pack_named_without_a_folder_goes_where_the_chooser_would_open(
        qtbot, db, runner, admin: Actor, data_dir: DataDir, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # "审阅包" typed in the file field was written into the app's working folder (wherever
    # the desktop started it), and "Wrote 审阅包.zip" did not say where that was.
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(demo_facts("DEMO-04")),
                                actor=admin).reference
    dialog = ExportPackDialog(runner, admin, data_dir, [reference])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.checked() == [reference], timeout=10_000)
    ime_type(qtbot, dialog.out_edit, "审阅包")
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as exported:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert exported.args[0].path == home / "审阅包.zip"
    assert dialog.out_edit.text() == str(home / "审阅包.zip")  # the field says where
    assert list(elsewhere.iterdir()) == []


def test_a_chinese_user_name_and_no_role_are_explained_in_the_form_s_own_words(
        qtbot, runner, db) -> None:
    # "'王' (CJK UNIFIED IDEOGRAPH-738B) is not allowed…" and "choose at least one of
    # preparer, reviewer, approver, admin" (the boxes say "Administrator").
    with db.session() as session:
        users.create_first_admin(session, username="wangjing", password=PASSWORD,
                                 display_name="王静")
    dialog = UserManagementDialog(runner, Actor("wangjing", ("admin",), "王静"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10_000)
    ime_type(qtbot, dialog.new_username, "李明")
    ime_type(qtbot, dialog.new_display_name, "李明")
    for edit_ in (dialog.new_password, dialog.new_confirmation):
        edit_.setText(PASSWORD)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    username_error = dialog.new_errors["username"].text()
    assert "CJK" not in username_error
    assert "pinyin" in username_error and "full name can be in Chinese" in username_error
    assert dialog.new_errors["roles"].text() == "tick at least one role"
    # A name that only looks Latin still says which character it is.
    dialog.new_username.setText("аdmin2")  # a Cyrillic а
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "CYRILLIC" in dialog.new_errors["username"].text()


def test_the_screening_tab_says_when_the_facts_changed_after_it(
        qtbot, db, runner, data_dir: DataDir, admin: Actor) -> None:
    # The stake was edited from 12.5 % to 15 % after the screening; the tab went on
    # quoting "stake after the deal 12.5 %" without a word that the facts had moved.
    facts = demo_facts("DEMO-04")
    with db.session() as session:
        case = create_case(session, facts=parse_facts(facts), actor=admin)
    view = open_view(qtbot, runner, admin, data_dir, case.reference)
    view.tabs.setCurrentWidget(view.screening_page)
    assert "changed since" not in view.screening_info.text()
    facts["deal"]["stake_after_pct"] = 15
    with db.session() as session:
        update_case_facts(session=session, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(facts), actor=admin, reason="board minutes")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    text = view.screening_info.text()
    assert "The facts have changed since" in text
    assert "Stake after the deal" in text and admin.username in text  # the wizard's words
    assert "deal.stake_after_pct" not in text
    # The reasons quote the stake: the approval waits for a new screening, and says so.
    assert "the reasons for CN-FISR and CN-SAMR quote values that changed" in text, text
    assert "until then their Approve for filing and final filings wait for it" in text
    with db.session() as session:  # screened again: the note goes
        accept_rescreen(session=session, case_id=case.id, actor=admin, reason="facts corrected")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.reload()
    assert "changed since" not in view.screening_info.text()


def test_the_preview_says_how_many_more_are_missing(qtbot, db, runner, admin: Actor) -> None:
    # Seven missing items were listed as six and "…": how many were left was a guess.
    dialog, _ = _rendered(qtbot, db, runner, admin, "cn-application")
    assert len(dialog.missing) > 6, dialog.missing  # no particulars entered for this case
    status = dialog.status.text()
    assert status.endswith(f"; and {len(dialog.missing) - 6} more (all listed in the document)")
    assert "…" not in status


def test_your_reference_says_the_case_gets_the_app_s_own_number(wizard: IntakeWizard) -> None:
    # She typed "CN-2026-017" and then looked for it as the case's name: it is AP-2026-0001.
    field = edit(wizard, "field_reference")
    assert "AP-" in field.placeholderText()
    assert "AP-" in field.toolTip() and "Overview" in field.toolTip()


def test_signing_in_with_the_chinese_full_name_says_what_a_user_name_is(
        qtbot, runner, db) -> None:
    # 王静 typed her full name, as the status bar shows it, and was told "wrong user name
    # or password" — which counted against the lock-out, and did not say what was wrong.
    with db.session() as session:
        users.create_first_admin(session, username="wangjing", password=PASSWORD,
                                 display_name="王静")
    dialog = SignInDialog(runner)
    qtbot.addWidget(dialog)
    dialog.show()
    ime_type(qtbot, dialog.username, "王静")
    dialog.password.setText(PASSWORD)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert "pinyin" in dialog.message.text()
    assert runner.idle  # nothing sent to be checked
    dialog.username.setText("wangjing")
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000):
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)


def test_the_sign_off_dialog_names_the_track_and_the_case(
        qtbot, db, runner, data_dir: DataDir, admin: Actor) -> None:
    # "Approve for filing" and a reason field: with two case windows open, which one was
    # the approver signing off?
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(demo_facts("DEMO-04")),
                                actor=admin).reference
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentWidget(view.tracks_page)
    regime = view.current_track().regime
    button = next(b for b in view.track_buttons.values() if b.isEnabled())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = view.action_dialog
    assert dialog.windowTitle() == f"{button.accessibleName()} — {regime}, {reference}"
    dialog.reject()


@pytest.mark.parametrize(("typed", "code"), [
    ("中国", "CN"), ("PRC", "CN"), ("香港", "HK"), ("中国香港", "HK"), ("macau", "MO"),
    ("台湾", "TW"), ("开曼", "KY"), ("开曼群岛", "KY"), ("BVI", "VG"), ("英属维京群岛", "VG"),
    ("United States of America", "US"), ("美国", "US"),
])
def test_places_are_read_by_the_names_in_the_label_data(typed: str, code: str) -> None:
    from approvals.ui.wizard import country_names

    assert country_names()[typed.casefold()] == code
    assert "_comment" not in country_names()
