"""Offline review through the windows: keys trusted in the keys dialog, a pack exported
from the Review menu, reviewed in review mode on a second installation, the response
imported and decided field by field — a conflict shown side by side and confirmed."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QMessageBox
from sqlmodel import select

from approvals.domain.facts import facts_schema
from approvals.paths import DB_FILE, DataDir
from approvals.services import backup as backup_service
from approvals.services import review
from approvals.services.cases import get_case, import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.migrate import open_database
from approvals.store.models import Case, Comment
from approvals.ui.backup import install_backup_features
from approvals.ui.main_window import MainWindow
from approvals.ui.review import (
    IMPORTED_TITLE,
    KeysDialog,
    ProposalsDialog,
    field_label,
    install_review_features,
)
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR, copy_data_folder_into
from tests.review_support import _new_installation

REVIEWER = Actor("rita", ("reviewer",), "Rita Reviewer")


def _window(qtbot, runner: TaskRunner, data_dir: DataDir, actor: Actor) -> MainWindow:
    window = MainWindow(runner, data_dir, actor)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    return window


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_review_round_trip_through_the_ui(qtbot, tmp_path, data_dir: DataDir, db: Database,
                                          runner: TaskRunner, admin: Actor, installation_b):
    b_dir, _b_db, b_runner = installation_b
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        ref = import_case(s, data=facts, actor=admin).reference
        exported_hq = facts["target"]["headquarters"]
    with db.session() as s:  # A trusts B (the UI path is exercised on B below)
        review.trust_key(s, key_text=review.installation_identity(b_dir).public_key_text,
                         label="Rita's laptop", actor=admin)

    window_a = _window(qtbot, runner, data_dir, admin)
    features_a = install_review_features(window_a, runner, admin)
    titles = [a.text() for a in window_a.menuBar().actions()]
    assert "&Review" in titles and titles[-1] == "&Help"
    assert features_a.export_action.isEnabled() and features_a.open_action.isEnabled()

    # A: export the case from the Review menu.
    dialog = features_a.export_pack()
    qtbot.waitUntil(lambda: dialog.case_model.rowCount() == 1, timeout=10_000)
    dialog.set_checked([ref])
    pack = tmp_path / "review.zip"
    dialog.out_edit.setText(str(pack))
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        _click(qtbot, dialog.export_button)
    assert pack.is_file()

    # B: trust A in the keys dialog, comparing the fingerprint read out by A.
    b_admin = Actor("bea", ("admin", "reviewer"))
    window_b = _window(qtbot, b_runner, b_dir, b_admin)
    features_b = install_review_features(window_b, b_runner, REVIEWER)
    assert not features_b.show_keys().trust_button.isEnabled()  # an administrator's job
    keys = KeysDialog(b_runner, b_admin, b_dir, window_b)
    keys.open()
    qtbot.waitUntil(lambda: keys.identity is not None, timeout=10_000)
    a_identity = review.installation_identity(data_dir)
    keys.key_edit.setPlainText(a_identity.public_key_text)
    qtbot.keyClicks(keys.label_edit, "Preparer desk")
    keys.expected_edit.setText(a_identity.fingerprint_grouped)
    with qtbot.waitSignal(keys.changed, timeout=10_000):
        _click(qtbot, keys.trust_button)
    qtbot.waitUntil(lambda: keys.table.rowCount() == 1, timeout=10_000)
    assert keys.table.item(0, 0).text() == "Preparer desk"

    # B: open the pack in review mode and give review input through the widgets.
    features_b.open_file(pack)
    qtbot.waitUntil(lambda: len(features_b.review_windows) == 1, timeout=10_000)
    rw = next(iter(features_b.review_windows.values()))
    qtbot.addWidget(rw)
    qtbot.waitUntil(lambda: rw.view is not None, timeout=10_000)
    assert "Preparer desk" in rw.windowTitle()
    # No documents, but the drafts of its filings, rendered when A wrote the pack; each
    # with the page count of the PDF in the pack (layout changes move it).
    pages = {d.kind: _pages(d.path) for d in rw.current_case().draft_renderings}
    assert [rw.doc_list.item(i).text() for i in range(rw.doc_list.count())] == [
        f"{ref}-us-notification-draft.pdf  (draft filing (rendered at export), "
        f"{pages['us-notification']} pages)",
        f"{ref}-status-report-draft.pdf  (draft filing (rendered at export), "
        f"{pages['status-report']} pages)"]
    assert rw.tabs.tabText(1) == "&Documents (2 draft filings)"
    assert rw.facts_tree.topLevelItemCount() > 10

    def give(select_path: str, edit, button, text: str) -> None:
        if select_path:
            rw.select_field(select_path)
        edit.clear()
        qtbot.keyClicks(edit, text)
        with qtbot.waitSignal(rw.loaded, timeout=10_000):
            _click(qtbot, button)

    give("deal.board_seats", rw.propose_edit, rw.propose_button, "3")
    give("target.headquarters", rw.propose_edit, rw.propose_button, "SG")  # text needs no quotes
    assert rw.status.text() == "Proposed Headquarters (Target company): SG (Singapore)."
    give("deal.amount.value", rw.field_comment_edit, rw.field_comment_button, "Matches the SPA?")
    rw.select_field("deal.board_seats")
    assert rw.facts_tree.currentItem().text(2) == "3"
    # Fields are named as in the wizard, the fact path in the tooltip.
    assert rw.facts_tree.currentItem().text(0) == "Board seats (Deal)"
    assert rw.facts_tree.currentItem().toolTip(0) == "deal.board_seats"
    rw.tabs.setCurrentIndex(4)
    qtbot.waitUntil(lambda: rw.return_radio.isVisible() and rw.return_radio.height() > 0)
    _click(qtbot, rw.return_radio)
    assert rw.return_radio.isChecked()
    qtbot.keyClicks(rw.reasons_edit, "Board seats understated")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        _click(qtbot, rw.recommend_button)
    response = tmp_path / "response.zip"
    with qtbot.waitSignal(rw.response_exported, timeout=20_000):
        rw.export_response(response)

    # A: meanwhile the preparer changed the headquarters; then the response comes back.
    with db.session() as s:
        case = s.exec(select(Case).where(Case.reference == ref)).one()
        changed = json.loads(case.facts)
        changed["target"]["headquarters"] = "US"
        case.facts = json.dumps(changed)
        case.version += 1
        s.add(case)
    with qtbot.waitSignal(features_a.imported, timeout=20_000) as imported:
        features_a.import_file(response)
    result = imported.args[0]
    assert result.conflicts == ((ref, "target.headquarters"),)
    qtbot.waitUntil(lambda: any(isinstance(d, ProposalsDialog) for d in features_a.dialogs),
                    timeout=10_000)
    diff = next(d for d in features_a.dialogs if isinstance(d, ProposalsDialog))
    qtbot.waitUntil(lambda: diff.table.rowCount() == 2, timeout=10_000)
    assert "return" in diff.recommendations.text()
    # Opened by the import: what it did, in plain words; an independent review, no warning.
    summary = diff.import_summary.text()
    assert "1 comment added." in summary and "2 proposed changes to decide." in summary
    assert f"{ref}: Headquarters (Target company) changed here since the pack was exported" in summary
    assert not diff.import_summary.isHidden() and diff.self_review_warning.isHidden()
    # Its counts are the import's, which the box's title says (the table is kept current).
    box = diff.findChild(QGroupBox, "importedBox")
    assert box is not None and box.title() == IMPORTED_TITLE
    assert "as the import found it" in box.title()
    # Fields by the wizard's names; the fact path in the tooltip.
    rows = {diff.table.item(r, 1).data(Qt.ItemDataRole.UserRole): r for r in range(2)}
    assert diff.table.item(rows["deal.board_seats"], 1).text() == "Board seats (Deal)"

    # The conflict: exported and current values side by side, highlighted.
    hq = rows["target.headquarters"]
    # Values in words; the stored form, as a proposal is typed, in the tooltip.
    assert diff.table.item(hq, 2).text() == f"{exported_hq} (China)"
    assert diff.table.item(hq, 3).text() == "US (United States)"
    assert diff.table.item(hq, 4).text() == "SG (Singapore)"  # a place as the Overview shows it
    assert diff.table.item(hq, 4).toolTip().startswith('SG (Singapore)\nStored as "SG"')
    assert "conflict" in diff.table.item(hq, 6).text()

    diff.table.selectRow(rows["deal.board_seats"])
    with qtbot.waitSignal(diff.decided, timeout=10_000):
        _click(qtbot, diff.accept_button)
    qtbot.waitUntil(lambda: diff.table.rowCount() == 2 and "accepted" in
                    diff.table.item(rows["deal.board_seats"], 6).text(), timeout=10_000)
    assert diff.status.text() == ("Accepted: Board seats (Deal) of "
                                  f"{ref} is now 3; the audit trail names the reviewer, "
                                  "rita (Rita's laptop).")

    diff.table.selectRow(hq)
    _click(qtbot, diff.accept_button)  # asks first: nothing is overwritten silently
    qtbot.waitUntil(lambda: diff.confirm_box is not None and diff.confirm_box.isVisible(),
                    timeout=5_000)
    with db.read_session() as s:
        assert get_case(s, ref).facts.target.headquarters == "US"
    with qtbot.waitSignal(diff.decided, timeout=10_000):
        _click(qtbot, diff.confirm_box.button(QMessageBox.StandardButton.Yes))

    with db.read_session() as s:
        case = get_case(s, ref)
        assert case.facts.deal.board_seats == 3 and case.facts.target.headquarters == "SG"
        (comment,) = s.exec(select(Comment)).all()
        assert comment.field_path == "deal.amount.value" and "Rita's laptop" in comment.author
    diff.close()


def test_backup_menu_backs_up_and_restores(qtbot, tmp_path, data_dir: DataDir, db: Database,
                                           runner: TaskRunner, admin: Actor):
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "consumer-app.json").read_text(encoding="utf-8"))
        first = import_case(s, data=facts, actor=admin).reference
    window = _window(qtbot, runner, data_dir, admin)
    features = install_backup_features(window, runner, admin)
    names = [a.objectName() for a in window.file_menu.actions()]
    assert names.index("backupAction") < names.index("quitAction")

    out = tmp_path / "ui-backup.zip"
    with qtbot.waitSignal(features.backed_up, timeout=20_000):
        features.backup_to(out)
    made = backup_service.verify_backup(out).created_at
    with db.session() as s:
        import_case(s, data=facts, actor=admin)

    box = features.confirm_restore(out)
    yes = box.button(QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(yes.isEnabled, timeout=10_000)  # enabled once the backup checked out
    local = datetime.fromisoformat(made.replace("Z", "+00:00")).astimezone()
    assert made not in box.text()  # a readable local time, not the raw ISO stamp
    assert f"{local.day} {local:%B %Y, %H:%M}" in box.text()
    with qtbot.waitSignal(features.restored, timeout=20_000) as restored:
        _click(qtbot, yes)
    assert restored.args[0].replaced.parent == data_dir.backups
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    with db.read_session() as s:  # the app's own connection sees the restored data
        assert [c.reference for c in s.exec(select(Case)).all()] == [first]


def test_backup_menu_says_why_it_is_disabled(qtbot, data_dir: DataDir, runner: TaskRunner):
    window = _window(qtbot, runner, data_dir, REVIEWER)
    features = install_backup_features(window, runner, REVIEWER)
    for action in (features.backup_action, features.restore_action):
        assert not action.isEnabled()
        assert "backup" in action.toolTip().lower()
        assert action.statusTip() == action.toolTip()


def _case_with_documents(db: Database, data_dir: DataDir, tmp_path: Path, admin: Actor) -> str:
    """A case with one ordinary and one restricted document (restricted to alice). On a
    new installation (the usual case) copied from one made once per session, so that
    open_in_review_mode can copy its export too while the test has changed nothing."""
    spa, kyc = tmp_path / "spa.pdf", tmp_path / "kyc-passports.pdf"
    spa.write_bytes(b"%PDF-1.4 share purchase agreement")
    kyc.write_bytes(b"%PDF-1.4 passport scans")
    if not _new_installation(data_dir, db):
        return _make_case_with_documents(db, data_dir, spa, kyc, admin)
    folder, reference = _case_template(tmp_path.parent, admin)
    copy_data_folder_into(folder / "case", db)
    _AS_TEMPLATE[data_dir.root] = (admin, reference, _state(data_dir))
    return reference


def _make_case_with_documents(db: Database, data_dir: DataDir, spa: Path, kyc: Path,
                              admin: Actor) -> str:
    from approvals.services.documents import attach_document
    from approvals.store.models import User

    with db.session() as s:  # an account, so the restricted document can name her
        s.add(User(username=admin.username, roles=json.dumps(list(admin.roles))))
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        case = import_case(s, data=facts, actor=admin)
        attach_document(s, actor=admin, data_dir=data_dir, case_id=case.id, source=spa,
                        doc_type="transaction_agreement")
        attach_document(s, actor=admin, data_dir=data_dir, case_id=case.id, source=kyc,
                        doc_type="kyc", restricted=True)
        return case.reference


# Made once per session (and test process), beside the tests' own folders: per actor, the
# folder holding "case" (A as _case_with_documents leaves it), "exported" (A after
# exporting that case) and "review.zip" (the pack), with the case's reference. Exporting
# renders the draft filings: the slowest step of the review-mode tests.
_CASE_TEMPLATES: dict[Actor, tuple[Path, str]] = {}
# A test's data folder -> (actor, reference, _state) as _case_with_documents copied it in.
_AS_TEMPLATE: dict[Path, tuple[Actor, str, str]] = {}


def _case_template(base: Path, admin: Actor) -> tuple[Path, str]:
    if admin not in _CASE_TEMPLATES:
        folder = base / f"case-with-documents-template-{len(_CASE_TEMPLATES)}"
        folder.mkdir()
        t_dir = DataDir(folder / "exported").ensure()
        t_db = open_database(t_dir)
        try:
            reference = _make_case_with_documents(
                t_db, t_dir, _written(folder / "spa.pdf", b"%PDF-1.4 share purchase agreement"),
                _written(folder / "kyc-passports.pdf", b"%PDF-1.4 passport scans"), admin)
            t_db.dispose()  # its last connection closed: the database file is whole
            shutil.copytree(t_dir.root, folder / "case")
            _export(t_db, t_dir, reference, folder / "review.zip", admin)
        finally:
            t_db.dispose()
        _CASE_TEMPLATES[admin] = (folder, reference)
    return _CASE_TEMPLATES[admin]


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _state(data_dir: DataDir) -> str:
    """A digest of the data folder's rows and files (the logs aside): unchanged only while
    nothing was written."""
    digest = hashlib.sha256()
    conn = sqlite3.connect(data_dir.database)
    try:
        for line in conn.iterdump():
            digest.update(line.encode("utf-8"))
    finally:
        conn.close()
    for path in sorted(data_dir.root.rglob("*")):
        rel = path.relative_to(data_dir.root).as_posix()
        if rel.startswith(("logs", DB_FILE)):
            continue
        digest.update(rel.encode("utf-8") + b"\0")
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _export(db: Database, data_dir: DataDir, ref: str, out: Path, actor: Actor) -> None:
    with db.session() as s:
        review.export_review_pack(s, data_dir=data_dir, references=[ref], out=out, actor=actor)


def _export_as_template(db: Database, data_dir: DataDir, ref: str, out: Path,
                        actor: Actor) -> None:
    """`_export`, copied from the session's export of the same case when the data folder
    is still exactly as _case_with_documents copied it in (the same export, made once)."""
    copied = _AS_TEMPLATE.pop(data_dir.root, None)
    if copied is None or copied[:2] != (actor, ref) or _state(data_dir) != copied[2]:
        _export(db, data_dir, ref, out, actor)
        return
    folder, _reference = _CASE_TEMPLATES[actor]
    copy_data_folder_into(folder / "exported", db)
    shutil.copy2(folder / "review.zip", out)


def open_in_review_mode(qtbot, tmp_path, data_dir: DataDir, db: Database, admin: Actor,
                        installation_b, ref: str):
    """Case `ref`, exported here and opened in review mode on installation B (which trusts
    this one): (its review window, B's review features)."""
    pack = tmp_path / "review.zip"
    _export_as_template(db, data_dir, ref, pack, admin)
    return open_pack_in_review_mode(qtbot, data_dir, installation_b, pack)


def open_pack_in_review_mode(qtbot, data_dir: DataDir, installation_b, pack: Path):
    """`pack`, exported here, opened in review mode on installation B (which trusts this
    one): (its review window, B's review features)."""
    b_dir, b_db, b_runner = installation_b
    with b_db.session() as s:
        review.trust_key(s, key_text=review.installation_identity(data_dir).public_key_text,
                         label="Preparer desk", actor=Actor("bea", ("admin",)))
    window_b = _window(qtbot, b_runner, b_dir, REVIEWER)
    features_b = install_review_features(window_b, b_runner, REVIEWER)
    features_b.open_file(pack)
    qtbot.waitUntil(lambda: len(features_b.review_windows) == 1, timeout=10_000)
    rw = next(iter(features_b.review_windows.values()))
    qtbot.addWidget(rw)
    qtbot.waitUntil(lambda: rw.view is not None, timeout=10_000)
    return rw, features_b


def _case_open_in_review_mode(qtbot, tmp_path, data_dir: DataDir, db: Database, admin: Actor,
                              installation_b):
    """A case with documents, exported here and opened in review mode on installation B:
    (its review window, the case reference, B's review features)."""
    ref = _case_with_documents(db, data_dir, tmp_path, admin)
    rw, features_b = open_in_review_mode(qtbot, tmp_path, data_dir, db, admin, installation_b,
                                         ref)
    return rw, ref, features_b


def test_review_mode_lists_withheld_documents_that_cannot_be_opened(
        qtbot, tmp_path, data_dir: DataDir, db: Database, admin: Actor, installation_b):
    b_dir = installation_b[0]
    rw, ref, features_b = _case_open_in_review_mode(qtbot, tmp_path, data_dir, db, admin,
                                                    installation_b)
    assert rw.self_review_notice.isHidden()  # another installation, another person

    texts = [rw.doc_list.item(i).text() for i in range(rw.doc_list.count())]
    assert len(texts) == 4 and texts[0] == "spa.pdf  (Transaction agreement, 33 bytes)"
    assert all("draft filing (rendered at export)" in t for t in texts[1:3])
    assert texts[3] == "kyc-passports.pdf  — restricted by the sender: not in this pack"
    assert rw.tabs.tabText(1) == "&Documents (1 + 2 draft filings + 1 withheld)"
    assert "1 restricted document of" in rw.withheld_note.text()
    withheld = rw.doc_list.item(3)
    assert "SHA-256" in withheld.toolTip() and withheld.font().italic()

    # It cannot be opened: the button is off and the reason is given in plain words.
    rw.doc_list.setCurrentRow(0)
    assert rw.open_doc_button.isEnabled()
    rw.doc_list.setCurrentRow(3)
    assert not rw.open_doc_button.isEnabled()
    rw.open_document()
    assert rw.status.text().startswith("kyc-passports.pdf is restricted by the sender")

    # A comment on it goes on the case, naming it (the response cannot point at it).
    qtbot.keyClicks(rw.doc_comment_edit, "Please confirm the passports were checked")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        _click(qtbot, rw.doc_comment_button)
    assert "naming kyc-passports.pdf" in rw.status.text()
    (comment,) = review.get_review(b_dir, rw.pack_id).cases[0].comments
    assert comment.document_id is None and comment.field_path is None
    assert comment.body == ("On the withheld document kyc-passports.pdf: "
                            "Please confirm the passports were checked")
    assert rw.comment_list.item(0).text().endswith(
        "on the case: On the withheld document kyc-passports.pdf: "
        "Please confirm the passports were checked")

    # The pack is listed among those opened here; Review goes back to it.
    opened = features_b.show_opened()
    qtbot.waitUntil(lambda: opened.packs.count() == 1, timeout=10_000)
    assert opened.packs.item(0).text().startswith(f"{ref} — from Preparer desk, opened ")
    assert opened.packs.currentRow() == 0 and opened.open_button.isEnabled()
    with qtbot.waitSignal(opened.chosen, timeout=5_000) as chosen:
        _click(qtbot, opened.open_button)
    assert chosen.args == [rw.pack_id]


def test_importing_a_self_review_warns_that_it_is_not_independent(
        qtbot, tmp_path, data_dir: DataDir, db: Database, runner: TaskRunner, admin: Actor):
    """alice exports a pack, reviews it herself on the same installation and imports the
    answer: the reviewer's window and the import both say it is no independent review."""
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        ref = import_case(s, data=facts, actor=admin).reference
    pack = tmp_path / "review.zip"
    _export(db, data_dir, ref, pack, admin)
    window = _window(qtbot, runner, data_dir, admin)
    features = install_review_features(window, runner, admin)

    features.open_file(pack)
    qtbot.waitUntil(lambda: len(features.review_windows) == 1, timeout=10_000)
    rw = next(iter(features.review_windows.values()))
    qtbot.addWidget(rw)
    qtbot.waitUntil(lambda: rw.view is not None, timeout=10_000)
    assert not rw.self_review_notice.isHidden()
    assert "Not an independent review" in rw.self_review_notice.text()
    # Above the banner: at 200 % the notices' area shows a few lines, and the warning under
    # the banner was cut mid-line at its foot.
    assert rw.self_review_notice.y() < rw.banner.y()

    # First answer: a recommendation, so the per-field diff opens with the warning on top.
    review.set_recommendation(data_dir=data_dir, pack_id=rw.pack_id, reference=ref,
                              recommendation="approve", reasons="", actor=admin)
    first = tmp_path / "self-1.zip"
    with qtbot.waitSignal(rw.response_exported, timeout=20_000):
        rw.export_response(first)
    with qtbot.waitSignal(features.imported, timeout=20_000) as imported:
        features.import_file(first)
    assert imported.args[0].self_review
    qtbot.waitUntil(lambda: any(isinstance(d, ProposalsDialog) for d in features.dialogs),
                    timeout=10_000)
    diff = next(d for d in features.dialogs if isinstance(d, ProposalsDialog))
    assert not diff.self_review_warning.isHidden()
    assert diff.self_review_warning.text().startswith("⚠ <b>Not an independent review: alice ")
    assert f"{ref}: the reviewer recommends approve." in diff.import_summary.text()
    assert "Self-review" in window.statusBar().currentMessage()
    diff.close()

    # Second answer: only a comment, so a (non-blocking) message says it, warning first.
    review.add_review_comment(data_dir=data_dir, pack_id=rw.pack_id, reference=ref,
                              body="Looked again", actor=admin)
    second = tmp_path / "self-2.zip"
    with qtbot.waitSignal(rw.response_exported, timeout=20_000):
        rw.export_response(second)
    features.import_file(second)

    def message() -> QMessageBox | None:
        return next((w for w in window.findChildren(QMessageBox, "importedMessage")
                     if w.isVisible()), None)

    qtbot.waitUntil(lambda: message() is not None, timeout=10_000)
    box = message()
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.text().startswith("⚠ Not an independent review")
    assert "1 comment added." in box.informativeText()
    box.close()


def test_import_messages_say_what_happened(qtbot, tmp_path, data_dir: DataDir, db: Database,
                                           runner: TaskRunner, admin: Actor, installation_b):
    """A repeated response is nothing new, said so; a damaged one is refused by name."""
    b_dir, b_db, _b_runner = installation_b
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        ref = import_case(s, data=facts, actor=admin).reference
        review.trust_key(s, key_text=review.installation_identity(b_dir).public_key_text,
                         label="Rita's laptop", actor=admin)
    pack = tmp_path / "review.zip"
    _export(db, data_dir, ref, pack, admin)
    with b_db.session() as s:
        review.trust_key(s, key_text=review.installation_identity(data_dir).public_key_text,
                         label="Preparer desk", actor=Actor("bea", ("admin",)))
        pack_id = review.open_review_pack(s, data_dir=b_dir, path=pack, actor=REVIEWER).pack_id
    review.add_review_comment(data_dir=b_dir, pack_id=pack_id, reference=ref, body="Fine",
                              actor=REVIEWER)
    response = tmp_path / "response.zip"
    with b_db.session() as s:
        review.export_response_pack(s, data_dir=b_dir, pack_id=pack_id, out=response,
                                    actor=REVIEWER)
    window = _window(qtbot, runner, data_dir, admin)
    features = install_review_features(window, runner, admin)

    def shown(name: str) -> QMessageBox | None:
        return next((w for w in window.findChildren(QMessageBox, name) if w.isVisible()), None)

    for _ in range(2):
        with qtbot.waitSignal(features.imported, timeout=20_000):
            features.import_file(response)
        qtbot.waitUntil(lambda: shown("importedMessage") is not None, timeout=10_000)
        box = shown("importedMessage")
        text = box.text()
        box.close()
    assert text.startswith("Response from rita (Rita's laptop)")
    assert "Nothing new: everything in it was already here" in text

    damaged = tmp_path / "damaged.zip"
    data = bytearray(response.read_bytes())
    with zipfile.ZipFile(response) as zf:  # one byte inside the response's own content
        info = zf.getinfo("response.json")
    data[info.header_offset + 30 + len(info.filename) + len(info.extra) + info.compress_size // 2] ^= 1
    damaged.write_bytes(bytes(data))
    features.import_file(damaged)
    qtbot.waitUntil(lambda: shown("errorDialog") is not None, timeout=10_000)
    error = shown("errorDialog")
    assert error.text() == "The response pack was not imported"
    assert "The response pack damaged.zip was refused" in error.informativeText()
    assert error.informativeText().endswith("Nothing was changed.")
    error.close()

    # The reviewer's comment comes back under the same id with other text: refused by name.
    input_file = review.reviews_dir(b_dir) / pack_id / review.INPUT_FILE
    kept = json.loads(input_file.read_text(encoding="utf-8"))
    kept[ref]["comments"][0]["body"] = "Not fine after all"
    input_file.write_text(json.dumps(kept), encoding="utf-8")
    edited = tmp_path / "edited.zip"
    with b_db.session() as s:
        review.export_response_pack(s, data_dir=b_dir, pack_id=pack_id, out=edited,
                                    actor=REVIEWER)
    features.import_file(edited)
    qtbot.waitUntil(lambda: shown("errorDialog") is not None, timeout=10_000)
    error = shown("errorDialog")
    assert "was imported before with other text" in error.informativeText()
    error.close()
    with db.read_session() as s:
        assert [c.body for c in s.exec(select(Comment)).all()] == ["Fine"]


def test_a_response_on_two_cases_shows_both_whatever_case_is_selected(
        qtbot, tmp_path, data_dir: DataDir, db: Database, runner: TaskRunner, admin: Actor,
        monkeypatch):
    refs = []
    with db.session() as s:
        for name in ("frontier-lab", "consumer-app"):
            facts = json.loads((EXAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))
            refs.append(import_case(s, data=facts, actor=admin).reference)
    pack, response = tmp_path / "review.zip", tmp_path / "response.zip"
    with db.session() as s:
        review.export_review_pack(s, data_dir=data_dir, references=refs, out=pack, actor=admin)
    with db.session() as s:  # the pack is in place once its record commits
        pack_id = review.open_review_pack(s, data_dir=data_dir, path=pack, actor=admin).pack_id
    for ref in refs:
        review.propose_change(data_dir=data_dir, pack_id=pack_id, reference=ref,
                              field_path="deal.board_seats", value=2, actor=admin)
    with db.session() as s:
        review.export_response_pack(s, data_dir=data_dir, pack_id=pack_id, out=response,
                                    actor=admin)
    window = _window(qtbot, runner, data_dir, admin)
    monkeypatch.setattr(window, "selected_reference", lambda: refs[0])
    features = install_review_features(window, runner, admin)
    features.import_file(response)
    qtbot.waitUntil(lambda: any(isinstance(d, ProposalsDialog) for d in features.dialogs),
                    timeout=10_000)
    diff = next(d for d in features.dialogs if isinstance(d, ProposalsDialog))
    qtbot.waitUntil(lambda: diff.table.rowCount() == 2, timeout=10_000)
    assert sorted(diff.table.item(r, 0).text() for r in range(2)) == sorted(refs)
    assert diff.table.item(0, 1).text() == "Board seats (Deal)"
    diff.close()


def test_every_facts_field_has_a_name_in_review_mode_and_the_diff():
    """No bare fact path ("reference") in the facts tree or the diff: each schema field,
    and each part of one (an amount's value), is named as the officer knows it."""
    def leaves(node: dict, prefix: str = "") -> list[str]:
        out = []
        for name, sub in node.get("properties", {}).items():
            path = f"{prefix}.{name}" if prefix else name
            out += leaves(sub, path) if "properties" in sub else [path]
        return out

    paths = [p for p in leaves(facts_schema()) if p != "schema_version"]
    assert "reference" in paths and "deal.amount.value" in paths
    unnamed = [p for p in paths if field_label(p) == p]
    assert unnamed == []
    assert field_label("reference") == "Officer's case reference"
    assert field_label("deal.amount.value") == "Amount (Deal) — value"


def test_review_mode_lists_the_draft_filings_and_opens_them(
        qtbot, tmp_path, data_dir: DataDir, db: Database, admin: Actor, installation_b,
        monkeypatch: pytest.MonkeyPatch):
    """The pack's drafts, rendered at export, are listed among the documents, labelled as
    such; Open hands the verified PDF to the desktop; a comment on one goes on the case,
    naming the draft and the content it is about."""
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []

    def open_url(url) -> bool:
        opened.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    b_dir = installation_b[0]
    rw, ref, _features = _case_open_in_review_mode(qtbot, tmp_path, data_dir, db, admin,
                                                   installation_b)

    rows = {rw.doc_list.item(i).text().split("  ")[0]: i for i in range(rw.doc_list.count())}
    row = rows[f"{ref}-us-notification-draft.pdf"]
    item = rw.doc_list.item(row)
    (draft,) = [d for d in rw.current_case().draft_renderings if d.kind == "us-notification"]
    assert item.text().endswith(f"(draft filing (rendered at export), {_pages(draft.path)} pages)")
    assert draft.fingerprint in item.toolTip() and "missing field" in item.toolTip()
    rw.doc_list.setCurrentRow(row)
    assert rw.open_doc_button.isEnabled()
    _click(qtbot, rw.open_doc_button)
    assert opened == [str(draft.path)]
    assert Path(opened[0]).read_bytes()[:5] == b"%PDF-"
    assert rw.status.text() == ""  # opened: nothing to explain

    qtbot.keyClicks(rw.doc_comment_edit, "The representative is missing on page 1")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        _click(qtbot, rw.doc_comment_button)
    assert rw.status.text() == "Saved as a comment on the case naming the draft US notification."
    (comment,) = review.get_review(b_dir, rw.pack_id).cases[0].comments
    assert comment.document_id is None and comment.field_path is None
    assert comment.body == (f"On the draft US notification rendered at export (fingerprint "
                            f"{draft.fingerprint[:16]}): The representative is missing on page 1")

    # The stored document still opens as before.
    rw.doc_list.setCurrentRow(rows["spa.pdf"])
    _click(qtbot, rw.open_doc_button)
    assert opened[-1].endswith("spa.pdf") and len(opened) == 2
