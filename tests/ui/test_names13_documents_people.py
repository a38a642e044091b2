"""The Documents tab names people in words, as the case window's header, Timeline and
comments do: the Restricted column said "yes: alice, bob" (and a long list ran far past
its column), and "Ask alice or bob" left a reader to find who alice was. And the audit
check's list of failing documents is cut short by the one piece of code every long report
uses (widgets.put_long_report), not a wording of its own."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow, QMessageBox

from approvals.paths import DataDir
from approvals.services import documents, users
from approvals.services.audit import BadDocument, DocumentCheck, VerifyReport
from approvals.store.audit import Actor
from approvals.store.cases import case_by_reference
from approvals.store.db import Database
from approvals.ui.audit import SHOWN_BAD_DOCUMENTS, show_report
from approvals.ui.case_documents import (
    EXPORTED_RESTRICTED,
    closed_to_you,
    document_status,
    new_version_refusal,
    restricted_cell,
    restriction_refusal,
    set_type_refusal,
    withdraw_refusal,
)
from approvals.ui.document_access import DocumentAccessDialog
from approvals.ui.widgets import long_report_shown
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view

pytestmark = pytest.mark.usefixtures("fast_hash")
PW = "correct horse battery"
REF = "AP-2026-0002"
NAMES = {"alice": "Alice Wong", "bob": "Bob Stone", "carol": "Carol Diaz"}


def _doc(allowed: tuple[str, ...], *, restricted: bool = True,
         can_open: bool = True) -> documents.DocumentInfo:
    return documents.DocumentInfo(
        id=1, case_id=1, track_id=None, file_name="Side letter.pdf", doc_type="", sha256="0" * 64,
        size=10, uploaded_by="alice", uploaded_at="2026-11-30T10:00:00Z", is_rendering=False,
        restricted=restricted, allowed_users=allowed, can_open=can_open,
        names={k: v for k, v in NAMES.items() if k != "carol"})


def test_the_restricted_cell_names_people_and_keeps_short() -> None:
    assert restricted_cell(_doc((), restricted=False))[0] == "no"
    assert restricted_cell(_doc(("alice",))) == (
        "yes: Alice Wong (alice)", "Only these people may open or export it:\nAlice Wong (alice)")
    cell, tip = restricted_cell(_doc(("alice", "bob", "carol")))
    assert cell == "yes: Alice Wong (alice), Bob Stone (bob) and 1 other"
    assert tip.splitlines()[1:] == ["Alice Wong (alice)", "Bob Stone (bob)", "carol"]
    many = tuple(f"user{i}" for i in range(12))
    cell, tip = restricted_cell(_doc(("alice", *many)))
    assert cell == "yes: Alice Wong (alice), user0, user1, user2 and 9 others"
    assert len(tip.splitlines()) == 14  # everyone, one a line


def test_closed_to_you_says_whom_to_ask_in_words() -> None:
    said = closed_to_you(_doc(("alice", "bob", "carol"), can_open=False))
    assert "Ask Alice Wong (alice), Bob Stone (bob) or carol (or an administrator" in said


def test_an_administrator_is_told_what_they_may_do_not_to_ask_an_administrator() -> None:
    viewer = Actor("root", ("admin", "preparer"))
    said = closed_to_you(_doc(("alice", "bob"), can_open=False), viewer)
    assert said == ("Restricted: you may not open this document; it is open to Alice Wong "
                    "(alice) and Bob Stone (bob). As an administrator you may change who may "
                    "open it (Who may open…, recorded in the audit trail).")
    assert "Ask" not in closed_to_you(_doc((), can_open=False), viewer)
    assert "Ask Alice Wong (alice) (or an administrator" in closed_to_you(
        _doc(("alice",), can_open=False), Actor("pat", ("preparer",)))


def test_the_tab_names_who_may_open_and_the_filter_finds_them(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    with demo.session() as s:
        if users.first_start_needed(s):
            users.create_first_admin(s, username="alice", password=PW,
                                     display_name=NAMES["alice"])
        for login in ("bob", "carol"):
            users.create_user(s, actor=admin, username=login, password=PW,
                              roles=("reviewer",), display_name=NAMES[login])
        case_id = case_by_reference(s, REF).id
        source = tmp_path / "Side letter.pdf"
        source.write_bytes(b"%PDF-1.4 side letter")
        documents.attach_document(s, actor=admin, data_dir=data_dir, case_id=case_id,
                                  source=source, restricted=True,
                                  allowed_users=["bob", "carol"])
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    row = view.document_row(view.data.documents[-1].id)
    cell = view.documents.item(row, 5)
    assert cell.text() == "yes: Alice Wong (alice), Bob Stone (bob) and 1 other"
    assert "Carol Diaz (carol)" in cell.toolTip()
    view.documents_filter.setText("carol")  # named in the tooltip only: still found
    assert not view.documents.isRowHidden(row)
    # Who may open it beside its type (last, it went behind the scroll bar once Attached
    # named people in words): File, Status, Type, Restricted on screen.
    header = view.documents.horizontalHeader()
    assert [header.logicalIndex(i) for i in range(4)] == [0, 6, 1, 5]


def _report(bad: int) -> VerifyReport:
    return VerifyReport(
        chain_ok=True, events_checked=5, first_bad_event=None, message="5 events checked",
        documents=DocumentCheck(checked=bad + 1, bad=tuple(
            BadDocument(i, "AP-2026-0001", f"file{i}.pdf", ("missing",))
            for i in range(1, bad + 1))))


def test_the_verify_report_cuts_its_list_as_every_long_report(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    bad = SHOWN_BAD_DOCUMENTS + 5
    box = show_report(window, _report(bad))
    bullets = [f"• AP-2026-0001 file{i}.pdf (document {i}): missing" for i in range(1, bad + 1)]
    assert box.informativeText().endswith("\n\n" + long_report_shown(bullets,
                                                                     SHOWN_BAD_DOCUMENTS))
    assert "more (Show Details…)" not in box.informativeText()
    assert box.detailedText().count("\n") == bad - 1  # every one, to copy
    box.close()
    few = show_report(window, _report(2))
    assert few.informativeText().endswith("\n\n" + "\n".join(bullets[:2]))
    assert few.icon() == QMessageBox.Icon.Critical and few.detailedText()
    few.close()


def test_the_verify_report_lists_records_changed_outside_the_app(qtbot) -> None:
    """The records' check (tracks' states, users' roles) is said as the documents' is:
    its headline in the box's text, each record a line of the list; passed, its line."""
    from approvals.services.audit import RecordCheck

    window = QMainWindow()
    qtbot.addWidget(window)
    line = "AP-2026-0006 CN-DATA-EXPORT track: Assessment passed (cleared) in the database; " \
           "event #106 left it Security assessment (assessment)"
    report = VerifyReport(chain_ok=True, events_checked=5, first_bad_event=None,
                          message="5 events checked", documents=DocumentCheck(checked=1),
                          records=RecordCheck(tracks=3, users=1, bad=(line,)))
    box = show_report(window, report)
    assert box.icon() == QMessageBox.Icon.Critical
    assert box.text().endswith("\nRecords: 1 record differs from what the audit trail "
                               "recorded last (changed in the database outside the app).")
    assert box.informativeText().endswith(f"\n\n• {line}")
    assert "Documents: 1 stored file matches its recorded SHA-256." in box.informativeText()
    assert box.detailedText() == line
    box.close()
    passed = show_report(window, replace(report, records=RecordCheck(tracks=3, users=1)))
    assert passed.icon() == QMessageBox.Icon.Information
    assert passed.informativeText().endswith(
        "Records: the states and outcomes of 3 filing tracks and the roles and status of 1 user match the "
        "audit trail.")
    passed.close()


def test_who_may_open_lists_and_says_people_in_words(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    with demo.session() as s:
        if users.first_start_needed(s):
            users.create_first_admin(s, username="alice", password=PW,
                                     display_name=NAMES["alice"])
        users.create_user(s, actor=admin, username="bob", password=PW, roles=("reviewer",),
                          display_name=NAMES["bob"])
        source = tmp_path / "memo.pdf"
        source.write_bytes(b"%PDF-1.4 memo")
        doc = documents.attach_document(s, actor=admin, data_dir=data_dir,
                                        case_id=case_by_reference(s, REF).id, source=source)
    dialog = DocumentAccessDialog(runner, admin, doc)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.people.count() >= 2, timeout=10_000)
    labels = [dialog.people.item(i).text() for i in range(dialog.people.count())]
    assert "Bob Stone (bob)" in labels  # as the tab names people, not "bob — Bob Stone"
    dialog.restricted.setChecked(True)
    dialog.set_checked("bob", True)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()
    assert dialog.message.text() == "Saved: only Alice Wong (alice) and Bob Stone (bob) may open it."


def test_a_replaced_document_says_what_replaced_it_once() -> None:
    old = replace(_doc(("alice",)), withdrawn_at="2026-11-30T10:00:00Z", withdrawn_by="alice",
                  withdrawn_reason="superseded by v2.pdf", superseded_by=2)
    names = {1: "v1.pdf", 2: "v2.pdf"}
    assert document_status(old, names) == (
        "Withdrawn 2026-11-30 by Alice Wong (alice): superseded by v2.pdf")
    own_reason = replace(old, withdrawn_reason="the unsigned draft")
    assert document_status(own_reason, names).endswith(
        ": the unsigned draft (replaced by v2.pdf)")


def test_greyed_actions_on_a_restricted_document_say_whom_it_is_open_to() -> None:
    doc = _doc(("alice", "bob"), can_open=False)
    pat = Actor("pat", ("preparer",))
    said = " It is open to Alice Wong (alice) and Bob Stone (bob)."
    for refused in (withdraw_refusal(doc, pat), new_version_refusal(doc, pat),
                    restriction_refusal(doc, pat), set_type_refusal(doc, pat)):
        assert refused.startswith("Restricted: only the people it is open to")
        assert refused.endswith(said)
    assert set_type_refusal(_doc((), can_open=False), pat) == (
        "Restricted: only the people it is open to may say what it is.")


def test_exporting_a_restricted_document_says_the_copy_is_not_restricted(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
        tmp_path: Path) -> None:
    with demo.session() as s:
        if users.first_start_needed(s):
            users.create_first_admin(s, username="alice", password=PW,
                                     display_name=NAMES["alice"])
        for name, restricted in (("secret.pdf", True), ("open.pdf", False)):
            source = tmp_path / name
            source.write_bytes(b"%PDF-1.4 " + name.encode())
            documents.attach_document(s, actor=admin, data_dir=data_dir,
                                      case_id=case_by_reference(s, REF).id, source=source,
                                      restricted=restricted)
    view = open_view(qtbot, runner, admin, data_dir, REF, documents=True)
    out = tmp_path / "out"
    out.mkdir()
    said = {}
    for name in ("secret.pdf", "open.pdf"):
        doc = next(d for d in view.data.documents if d.file_name == name)
        view.documents.selectRow(view.document_row(doc.id))
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            view.export_document(str(out / name))
        said[name] = view.attach_progress.label.text()
    assert said["secret.pdf"] == (f"Exported secret.pdf to {out / 'secret.pdf'}."
                                  + EXPORTED_RESTRICTED)
    assert "restricted" in EXPORTED_RESTRICTED
    assert said["open.pdf"] == f"Exported open.pdf to {out / 'open.pdf'}."
