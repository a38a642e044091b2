"""A walk over the forms the first UX audit (test_ux_audit.py) left out, as an officer with
a screen reader, a keyboard or a dark theme meets them: every wizard page (a new case, a
reopened draft with problems, an open case's facts with the reason field), sign-in with a
wrong password, first start, the idle lock over a form, Users…, Security settings, Change
my password, the Generate filing dialog (before, during and after a draft) and the
timeline's CSV export. The same checks as the first audit (tests/ui/ux_checks.py)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWizard

from approvals.paths import DataDir
from approvals.services.demo import demo_facts
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import auth as ui_auth
from approvals.ui.filing_preview import FilingDialog
from approvals.ui.main_window import MainWindow
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.conftest import FolderTemplates, load_demo_from_template
from tests.ui.conftest import dark_palette, settle
from tests.ui.ux_checks import problems
from tests.users_support import create_user_with_own_password

REVIEWER = Actor("rita", ("reviewer",), "Rita Reviewer")


def _wizard_problems(qtbot: Any, wizard: IntakeWizard, name: str) -> list[str]:
    """Every page of the wizard, walked with Next as the officer would."""
    qtbot.addWidget(wizard)
    wizard.autosave_timer.stop()
    wizard.show()
    found: list[str] = []
    seen: set[int] = set()
    while wizard.currentId() not in seen:
        seen.add(wizard.currentId())
        QApplication.processEvents()
        found += problems(f"{name}, page {wizard.currentPage().title()!r}", wizard)
        next_button = wizard.button(QWizard.WizardButton.NextButton)
        if not (next_button.isVisible() and next_button.isEnabled()):
            break
        wizard._dirty = False  # no draft saves while walking
        wizard.next()
    wizard._dirty = False
    return found


def test_every_wizard_page_names_its_controls_and_says_why(
        qtbot, runner: TaskRunner, admin: Actor, palette: str) -> None:
    found = _wizard_problems(qtbot, IntakeWizard(runner, admin), "new case")
    facts = demo_facts()[0]
    found += _wizard_problems(qtbot, IntakeWizard(runner, admin, data=facts), "demo facts")
    broken = {**facts, "target": {**facts["target"], "uscc": "9111"}}
    found += _wizard_problems(
        qtbot, IntakeWizard(runner, admin, mode="draft", reference="D-1", data=broken),
        "draft with problems")
    found += _wizard_problems(
        qtbot, IntakeWizard(runner, admin, mode="edit", reference="X", data=facts), "edit")
    settle(qtbot, runner)
    assert not found, "\n".join(found)


def test_sign_in_first_start_and_lock_name_their_controls(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, fast_hash: None,
        palette: str) -> None:
    first = ui_auth.FirstStartDialog(runner)
    qtbot.addWidget(first)
    first.show()
    first.submit()  # empty: every field says what is missing
    settle(qtbot, runner)
    found = problems("first start", first)
    first.close()

    from approvals.services import users
    with db.session() as session:
        users.create_user(session, actor=admin, username="pat", password="correct horse 1",
                          roles=["preparer"], display_name="Pat Preparer")
    sign_in = ui_auth.SignInDialog(runner)
    qtbot.addWidget(sign_in)
    sign_in.show()
    sign_in.username.setText("pat")
    sign_in.password.setText("not the password")
    sign_in.submit()
    assert not sign_in.sign_in_button.isEnabled()  # the answer comes on a later event
    found += problems("sign-in, checking", sign_in)
    settle(qtbot, runner, lambda: sign_in.sign_in_button.isEnabled())
    assert sign_in.message.text()
    found += problems("sign-in, wrong password", sign_in)
    sign_in.close()

    wizard = IntakeWizard(runner, admin, data=demo_facts()[0])
    qtbot.addWidget(wizard)
    wizard.autosave_timer.stop()
    wizard.show()
    lock = ui_auth.IdleLock(runner, admin, 3_600_000)
    lock.lock(manual=True)
    QApplication.processEvents()
    overlays = lock._live_overlays()
    assert overlays
    for overlay in overlays:
        overlay.password.setText("wrong")
        overlay._request()
    settle(qtbot, runner)
    for overlay in overlays:
        found += problems("idle lock", overlay)
    lock.unlock()
    lock.stop()
    wizard._dirty = False
    wizard.close()
    assert not found, "\n".join(found)


def test_administration_dialogs_name_their_controls_and_say_why(
        qtbot, runner: TaskRunner, data_dir: DataDir, db: Database, admin: Actor,
        fast_hash: None, palette: str) -> None:
    from approvals.services import users
    with db.session() as session:
        users.create_user(session, actor=admin, username="pat", password="correct horse 1",
                          roles=["preparer"], display_name="Pat Preparer")
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    features = ui_auth.install_user_features(window, runner, admin, timeout_ms=3_600_000)
    window.show()
    settle(qtbot, runner)
    found: list[str] = []
    dialog = features.open_users()
    settle(qtbot, runner, lambda: dialog.table.rowCount() > 0)
    found += problems("users, nobody selected", dialog)
    dialog.select("pat")
    QApplication.processEvents()
    found += problems("users, pat selected", dialog)
    dialog.select(admin.username)
    QApplication.processEvents()
    found += problems("users, oneself selected", dialog)
    dialog.close()
    settings = features.open_settings()
    settle(qtbot, runner, lambda: settings.loaded is not None)
    found += problems("security settings", settings)
    settings.close()
    # Someone whose admin role was taken away while the dialogs were open.
    dialog = features.open_users()
    settle(qtbot, runner, lambda: dialog.table.rowCount() > 0)
    dialog.set_actor(REVIEWER)
    found += problems("users, no longer an administrator", dialog)
    dialog.close()
    reviewer_settings = ui_auth.SecuritySettingsDialog(runner, REVIEWER)
    qtbot.addWidget(reviewer_settings)
    reviewer_settings.show()
    found += problems("security settings, loading", reviewer_settings)
    settle(qtbot, runner, lambda: reviewer_settings.loaded is not None)
    found += problems("security settings as a reviewer", reviewer_settings)
    reviewer_settings.close()
    change = features.open_change_password()
    change.submit()  # empty: the fields say what is missing
    settle(qtbot, runner)
    found += problems("change password", change)
    change.old.setText("wrong")
    change.new.setText("a new password long enough")
    change.confirmation.setText("a new password long enough")
    change.submit()
    found += problems("change password, checking", change)
    settle(qtbot, runner)
    found += problems("change password, wrong current password", change)
    change.close()
    features.idle_lock.stop()
    window.close()
    assert not found, "\n".join(found)


@pytest.fixture
def demo(folder_templates: FolderTemplates, db: Database, admin: Actor) -> str:
    load_demo_from_template(folder_templates, db, admin)
    from approvals.services.cases import list_cases
    with db.read_session() as session:
        rows = list_cases(session)
    return max(rows, key=lambda r: len(r.regimes)).reference


@pytest.mark.parametrize("who", ["officer", "reviewer"])
def test_generate_filing_names_its_controls_and_says_why(
        qtbot, runner: TaskRunner, admin: Actor, demo: str, who: str, palette: str) -> None:
    actor = admin if who == "officer" else REVIEWER
    dialog = FilingDialog(runner, actor, demo)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, runner, lambda: dialog.applicable is not None)
    found = problems(f"generate filing as {who}, before", dialog)
    with qtbot.waitSignal(dialog.rendered, timeout=60_000):
        dialog.generate()
        found += problems(f"generate filing as {who}, rendering", dialog)
    settle(qtbot, runner)
    found += problems(f"generate filing as {who}, draft shown", dialog)
    dialog.close()
    assert not found, "\n".join(found)


def test_the_colour_check_reads_palette_colours_too(qtbot) -> None:
    """"color: palette(mid)" is the palette's light grey: 1.7:1 on a light window."""
    from PySide6.QtWidgets import QLabel, QWidget

    from tests.ui.ux_checks import unreadable_colours

    root = QWidget()
    qtbot.addWidget(root)
    grey = QLabel("Select a user to change their roles", root)
    grey.setObjectName("grey")
    grey.setStyleSheet("color: palette(mid);")
    QLabel("plain", root).setStyleSheet("color: palette(window-text);")
    assert [p.split(":")[0] for p in unreadable_colours(root)] == ["'grey'"]


def test_the_alt_key_check_finds_a_label_pointing_at_a_box(qtbot) -> None:
    """"&Password" whose buddy is the box around the field and its message: Alt+P moved
    the focus to the box, and the officer typed into nothing."""
    from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

    from tests.ui.ux_checks import dead_alt_keys

    root = QWidget()
    qtbot.addWidget(root)
    box = QWidget(root)
    QVBoxLayout(box).addWidget(QLineEdit())
    QLabel("&Password", root).setBuddy(box)
    QLabel("&User name", root).setBuddy(QLineEdit(root))
    QLabel("R&D spending", root)  # no buddy: no Alt key, the "&" is printed
    assert dead_alt_keys(root) == ["'Password' -> QWidget"]


def _tab_ring(root: Any) -> list[Any]:
    """The widgets Tab visits in `root`, in order (visible, enabled, taking Tab focus)."""
    from PySide6.QtCore import Qt

    ring, widget = [], root.nextInFocusChain()
    while widget is not root and len(ring) < 1000:
        if (widget.isVisible() and widget.isEnabled() and widget.window() is root
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            ring.append(widget)
        widget = widget.nextInFocusChain()
    return ring


def test_tab_leaves_a_wizard_page_for_the_buttons_left_to_right(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    wizard = IntakeWizard(runner, admin, mode="edit", reference="X", data=demo_facts()[0])
    qtbot.addWidget(wizard)
    wizard.show()
    # A change, so that the reason is asked for (it is not without one).
    next(f for f in wizard.fields if f.path == ("target", "name_en")).set_value("Renamed Co.")
    while wizard.currentPage() is not wizard.review_page:
        wizard.next()
    wizard.review_page.reason_edit.setText("turnover corrected")
    QApplication.processEvents()
    ring = _tab_ring(wizard)
    start = ring.index(wizard.review_page.reason_edit)
    after = [w for w in ring[start + 1:] + ring[:start]
             if w.parentWidget() is not None and not wizard.currentPage().isAncestorOf(w)]
    assert [w.text().replace("&", "") for w in after] == [
        "Import JSON…", "Export JSON…", "< Back", "Save changes", "Cancel"]
    # Every stop has a name a screen reader can say (the screening pane included).
    from PySide6.QtWidgets import QAbstractButton
    unnamed = [w.objectName() for w in ring
               if not w.accessibleName() and not isinstance(w, QAbstractButton)
               and w is not wizard.review_page.reason_edit]
    assert unnamed == []
    wizard._dirty = False  # closed without asking to discard the change
    wizard.close()


def test_the_users_dialog_scrolls_without_a_tab_stop_of_its_own(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = ui_auth.UserManagementDialog(runner, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, runner)
    names = [w.objectName() for w in _tab_ring(dialog)]
    assert names[:2] == ["userFind", "userTable"] and "userScroll" not in names
    dialog.close()


def test_the_forms_fit_a_laptop_screen_at_200_percent(
        qtbot, runner: TaskRunner, admin: Actor, demo: str) -> None:
    """1366 × 768 at 200 % leaves about 683 × 384 logical pixels: no form may need more."""
    from PySide6.QtCore import QSize

    screen = QSize(683, 384)
    forms = {
        "wizard": IntakeWizard(runner, admin, data=demo_facts()[0]),
        "first start": ui_auth.FirstStartDialog(runner),
        "sign in": ui_auth.SignInDialog(runner),
        "users": ui_auth.UserManagementDialog(runner, admin),
        "security settings": ui_auth.SecuritySettingsDialog(runner, admin),
        "change password": ui_auth.ChangePasswordDialog(runner, admin),
        "generate filing": FilingDialog(runner, admin, demo),
    }
    too_big = []
    for name, form in forms.items():
        qtbot.addWidget(form)
        form.show()
        settle(qtbot, runner)
        needed = form.minimumSize().expandedTo(form.minimumSizeHint())
        if needed.width() > screen.width() or needed.height() > screen.height():
            too_big.append(f"{name} needs {needed.width()} × {needed.height()}")
        if isinstance(form, IntakeWizard):
            form.autosave_timer.stop()
            form._dirty = False
        form.close()
    assert too_big == []


def test_a_refused_final_says_what_is_missing_in_words(
        qtbot, runner: TaskRunner, admin: Actor, demo: str, db: Database) -> None:
    import json

    from PySide6.QtWidgets import QMessageBox

    from approvals.domain.facts import parse_facts
    from approvals.services.case_edit import update_case_facts
    from approvals.store.cases import case_by_reference

    with db.session() as session:  # the investor's ultimate parent not known after all
        case = case_by_reference(session, demo)
        facts = json.loads(case.facts)
        del facts["investor"]["ultimate_parent"]
        update_case_facts(session=session, case_id=case.id or 0, expected_version=case.version,
                          new_facts=parse_facts(facts), actor=admin, reason="not known")
    dialog = FilingDialog(runner, admin, demo)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, runner, lambda: dialog.applicable is not None)
    dialog.final.setChecked(True)
    dialog.generate()
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "errorDialog") is not None,
                    timeout=60_000)
    text = dialog.findChild(QMessageBox, "errorDialog").informativeText()
    assert "Missing: Ultimate parent (Investor)\n" in text
    assert "[investor.ultimate_parent]" not in text  # the key: under Show Details…
    assert "investor.ultimate_parent:" not in text and "general_review" not in text
    dialog.close()


def test_missing_fields_are_named_in_words_in_the_status_line(qtbot) -> None:
    from approvals.ui.filing_preview import missing_words

    assert missing_words("investor.ultimate_parent") == "Ultimate parent (Investor)"
    assert missing_words("documents.org_chart") == "Document: Post-transaction organisation chart"


def test_messages_stay_readable_when_the_system_turns_dark_while_shown(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    from tests.ui.ux_checks import unreadable_colours

    sign_in = ui_auth.SignInDialog(runner, notice="You were signed out: password changed.")
    users_dialog = ui_auth.UserManagementDialog(runner, admin)
    for dialog in (sign_in, users_dialog):
        qtbot.addWidget(dialog)
        dialog.show()
    settle(qtbot, runner, lambda: bool(users_dialog.why.text()))
    overlay = ui_auth.LockOverlay(users_dialog, admin)
    overlay.message.setText("The password is wrong.")
    first = ui_auth.FirstStartDialog(runner)
    qtbot.addWidget(first)
    first.show()
    first.submit()
    with dark_palette():
        qtbot.wait(50)  # the labels restyle once the change has settled
        found = [c for d in (sign_in, users_dialog, first) for c in unreadable_colours(d)]
    assert not found, "\n".join(found)
    for dialog in (sign_in, users_dialog, first):
        dialog.close()


def test_the_csv_export_message_names_its_controls(qtbot, tmp_path, palette: str) -> None:
    from PySide6.QtWidgets import QWidget

    from approvals.services.exports import ExportResult
    from approvals.ui.exports import show_exported

    parent = QWidget()
    qtbot.addWidget(parent)
    box = show_exported(parent, ExportResult(tmp_path / "case-list.csv", 1), "case")
    assert box.text() == f"Exported 1 case to {tmp_path / 'case-list.csv'}"
    found = problems("export done", box)
    box.close()
    assert not found, "\n".join(found)


def test_users_shows_when_a_lock_out_ends_in_utc(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, fast_hash: None) -> None:
    import re

    from approvals.services import auth
    with db.session() as session:  # pat has signed in once and chosen this password
        create_user_with_own_password(session, actor=admin, username="pat",
                                      password="correct horse 1", roles=["preparer"],
                                      display_name="Pat Preparer")
    for _ in range(auth.MAX_FAILED_ATTEMPTS):
        with db.session() as session:
            auth.sign_in(session, username="pat", password="wrong")
    dialog = ui_auth.UserManagementDialog(runner, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, runner, lambda: dialog.table.rowCount() > 0)
    status = dialog.table.item(0, 3).text()
    assert re.fullmatch(r"active, locked until (\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d UTC",
                        status), status
    dialog.close()


def test_an_imported_files_problems_name_the_field_and_its_key(
        qtbot, wizard: IntakeWizard, tmp_path) -> None:
    import json

    data = demo_facts()[0]
    data["deal"]["stake_after_pct"] = 101
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    wizard.autosave_timer.stop()
    wizard.import_file(path)
    qtbot.waitUntil(lambda: wizard.findChild(object, "errorDialog") is not None, timeout=5_000)
    text = wizard.findChild(object, "errorDialog").informativeText()
    assert text.startswith("Stake after the deal") and "[deal.stake_after_pct]:" in text, text
    wizard._dirty = False
