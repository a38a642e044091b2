"""The case window says who in words outside the Timeline too: the header's owner, the
Comments tab's authors and the Documents tab's who attached / withdrew read "Alice Wong
(alice)" (services.audit_view.person_text); logins without a full name, `cli:…` and
`system` stay as they are. The header keeps its lines unwrapped at 100 % (a very
long name cut, whole in the tooltip) and wraps rather than runs off the window at 200 %."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import QBoxLayout
from sqlmodel import select

from approvals.paths import DataDir
from approvals.services import documents
from approvals.services.workspace import case_by_reference
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Comment, Document, User
from approvals.ui.case_documents import same_file_note
from approvals.ui.case_view import OWNER_NAME_CHARS, CaseView
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.scaling_support import doubled_app_font
from tests.ui.test_case_view_wording import case_ref  # noqa: F401  (fixture)

ALL_ROLES = json.dumps(["preparer", "reviewer", "approver", "admin"])
ATTACHED, STATUS = 4, 6  # the Documents table's columns


def _named(db: Database, alice: str = "Alice Wong") -> None:
    with db.session() as s:
        s.add(User(username="alice", display_name=alice, roles=ALL_ROLES))
        s.add(User(username="bob"))  # a user without a full name


def _header(view: CaseView) -> str:
    """The header's text with the owner's no-break spaces read as spaces."""
    return view.header.text().replace("\u00a0", " ")


def _laptop(qtbot: Any, view: CaseView) -> None:
    """The window at a laptop screen's width, its header arranged for it."""
    view.resize(1366, 740)
    qtbot.waitUntil(lambda: view.width() == 1366, timeout=5_000)
    view._arrange_header()


def _unwrapped(view: CaseView) -> bool:
    """The title and the line under it each on one line (beside the buttons or above)."""
    header = view.header
    return (view._title_width() <= header.width()
            and header.heightForWidth(header.width()) == header.heightForWidth(10_000))


def test_the_header_names_the_owner_on_one_line(qtbot: Any, runner: TaskRunner, admin: Actor,
                                                data_dir: DataDir, db: Database,
                                                case_ref: str) -> None:  # noqa: F811
    _named(db)
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    assert "owner Alice Wong (alice)" in _header(view)
    assert view.header.toolTip() == ""  # nothing cut, nothing to add
    _laptop(qtbot, view)
    assert _unwrapped(view)


def test_a_very_long_owner_name_is_cut_whole_in_the_tooltip(
        qtbot: Any, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        case_ref: str) -> None:  # noqa: F811
    long_name = "Alexandra Wilhelmina Fitzgerald-Montgomery of Somewhere"
    _named(db, alice=long_name)
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    text = _header(view)
    assert long_name not in text and "… (alice)" in text
    shown = text.split("owner ")[1].split(" (alice)")[0]
    assert len(shown) <= OWNER_NAME_CHARS and shown.startswith("Alexandra")
    assert view.header.toolTip() == f"Owner: {long_name} (alice)"
    _laptop(qtbot, view)
    assert _unwrapped(view)


def test_at_200_percent_the_header_wraps_inside_the_window(
        qtbot: Any, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        case_ref: str) -> None:  # noqa: F811
    _named(db, alice="Alexandra Wilhelmina Fitzgerald-Montgomery")
    with doubled_app_font():
        view = open_view(qtbot, runner, admin, data_dir, case_ref)
        _laptop(qtbot, view)
        qtbot.waitUntil(lambda: view.header.width() <= view.width(), timeout=5_000)
        header = view.header
        assert header.wordWrap()
        assert header.heightForWidth(header.width()) > header.heightForWidth(10_000)  # wraps
        # The owner wraps as one: "owner Alexandra Wilhelmina" at a line's end and
        # "Fitzgerald… (alice)" under it read as two people.
        assert "\u00a0".join(("owner", "Alexandra", "Wilhelmina", "Fitzgerald…",
                               "(alice)")) in header.text()
        # Above the buttons, as wide as the window: a wrapped line, nothing off its edge.
        assert view.header_layout.direction() == QBoxLayout.Direction.TopToBottom
        assert view.header.geometry().right() <= view.rect().right()


def test_comments_name_their_author(qtbot: Any, runner: TaskRunner, admin: Actor,
                                    data_dir: DataDir, db: Database,
                                    case_ref: str) -> None:  # noqa: F811
    _named(db)
    with db.session() as s:
        case_id = case_by_reference(s, case_ref).id
        for n, author in enumerate(("alice", "bob", "cli:root")):
            s.add(Comment(uid=f"late12c-{n}", case_id=case_id, author=author,
                          body=f"note {n}"))
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.tabs.setCurrentWidget(view.comments_page)
    text = view.comments.toPlainText()
    assert "Alice Wong (alice) · " in text
    assert "bob · " in text and "bob (bob)" not in text  # no name: the login alone
    assert "cli:root · " in text


def test_documents_name_who_attached_and_withdrew(qtbot: Any, runner: TaskRunner,
                                                  admin: Actor, data_dir: DataDir,
                                                  db: Database,
                                                  case_ref: str) -> None:  # noqa: F811
    _named(db)
    with db.session() as s:
        case_id = case_by_reference(s, case_ref).id
        for name, by in (("kept.pdf", "bob"), ("dropped.pdf", "alice")):
            s.add(Document(case_id=case_id, file_name=name, sha256=name.ljust(64, "0"),
                           size=10, stored_path=name, doc_type="kyc", uploaded_by=by))
    with db.session() as s:
        dropped = s.exec(select(Document).where(Document.file_name == "dropped.pdf")).one()
        documents.withdraw_document(s, actor=admin, document_id=dropped.id,
                                    reason="wrong version")
    view = open_view(qtbot, runner, admin, data_dir, case_ref, documents=True)
    rows = {view.documents.item(r, 0).text(): r for r in range(view.documents.rowCount())}
    assert view.documents.item(rows["dropped.pdf"], ATTACHED).text().startswith(
        "Alice Wong (alice), ")
    assert view.documents.item(rows["kept.pdf"], ATTACHED).text().startswith("bob, ")
    attached = view.documents.item(rows["dropped.pdf"], ATTACHED)
    assert attached.text() in attached.toolTip()  # whole where the column cuts it
    status = view.documents.item(rows["dropped.pdf"], STATUS).text()
    assert " by Alice Wong (alice): wrong version" in status
    assert " by Alice Wong (alice): wrong version" in view.documents.item(
        rows["dropped.pdf"], 0).toolTip()
    # The greyed Withdraw… says so too.
    view.show_withdrawn.setChecked(True)
    view.documents.selectRow(rows["dropped.pdf"])
    assert view.selected_document().file_name == "dropped.pdf"
    assert not view.withdraw_button.isEnabled()
    assert " by Alice Wong (alice): wrong version" in view.withdraw_button.toolTip()


def test_the_same_file_note_names_who_attached_it(db: Database, admin: Actor,
                                                  case_ref: str) -> None:  # noqa: F811
    _named(db)
    with db.session() as s:
        case_id = case_by_reference(s, case_ref).id
        for name in ("first.pdf", "again.pdf"):
            s.add(Document(case_id=case_id, file_name=name, sha256="0" * 64, size=10,
                           stored_path=name, uploaded_by="alice"))
    with db.session() as s:
        docs = documents.list_documents(s, actor=admin, case_id=case_id)
    again = next(d for d in docs if d.file_name == "again.pdf")
    note = same_file_note(again, docs, {"alice": "Alice Wong"})
    assert "first.pdf, attached by Alice Wong (alice) on " in note
    assert "attached by alice on " in same_file_note(again, docs)  # no names: the login
