"""The Comments tab: a reviewer's comment on a document says which document, and every
comment's time is on the officer's own clock with its zone said."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlmodel import select

from approvals.paths import DataDir
from approvals.services.documents import attach_document
from approvals.services.workspace import MAX_COMMENT, add_comment
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, Comment
from approvals.ui.case_comments_tab import comment_time
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_case_view import fisr_case

__all__ = ["fisr_case"]  # the fixture, used by name


@pytest.fixture
def shanghai_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_comment_time_is_local_with_its_zone(shanghai_clock: None) -> None:
    assert comment_time("2026-12-01T02:51:07Z") == "2026-12-01 10:51 UTC+8"
    assert comment_time("not a time") == "not a time"


def test_comment_time_in_utc_and_half_hour_zones(monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()
        assert comment_time("2026-12-01T02:51:07Z") == "2026-12-01 02:51 UTC"
        monkeypatch.setenv("TZ", "America/St_Johns")  # UTC-3:30 in December
        time.tzset()
        assert comment_time("2026-12-01T02:51:07Z") == "2026-11-30 23:21 UTC-3:30"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_comments_name_the_document_and_give_local_times(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, db: Database,
    tmp_path, shanghai_clock: None,
) -> None:
    source = tmp_path / "SPA signed.pdf"
    source.write_bytes(b"%PDF-1.4\n%%EOF\n")
    with db.session() as session:
        case_id = session.exec(select(Case.id).where(Case.reference == fisr_case)).one()
        doc = attach_document(session, actor=admin, data_dir=data_dir, case_id=case_id,
                              source=source)
        add_comment(session, actor=admin, reference=fisr_case, body="董事会已批准股权转让。")
        session.add(Comment(uid="pack-1", case_id=case_id, document_id=doc.id,
                            author="reviewer (Laptop B)", body="Page 3 is missing.",
                            created_at="2026-12-01T02:51:07Z", origin="response-1"))
        session.add(Comment(uid="pack-2", case_id=case_id, document_id=9999,
                            author="reviewer (Laptop B)", body="Unsigned copy.",
                            created_at="2026-12-01T02:52:07Z", origin="response-1"))
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.comments_page)
    text = view.comments.toPlainText()
    assert ("reviewer (Laptop B) on the document SPA signed.pdf (from a review pack) · "
            "2026-12-01 10:51 UTC+8") in text
    assert "reviewer (Laptop B) on document #9999 (from a review pack)" in text  # not listed here: by its number
    assert "董事会已批准股权转让。" in text
    assert " UTC\n" not in text  # no stored UTC time passed off as local


def test_a_comment_over_the_limit_says_so_before_add(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str,
) -> None:
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.comments_page)
    view.comment_edit.setPlainText("评" * (MAX_COMMENT + 1))
    button = view.add_comment_button
    assert not button.isEnabled()
    assert f"{MAX_COMMENT + 1:,} characters long" in button.toolTip()
    view.comment_edit.setPlainText("评" * MAX_COMMENT)  # exactly the limit is fine
    assert button.isEnabled()


def test_ctrl_enter_twice_while_adding_adds_the_comment_once(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, db: Database,
) -> None:
    """Comments cannot be deleted: a second Ctrl+Enter before the first was stored (a busy
    machine) added the same comment twice, both in the audit trail for good."""
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.comments_page)
    view.comment_edit.setPlainText("Filed with NDRC today")
    view.add_comment()
    assert not view.add_comment_button.isEnabled()  # "Adding…" until it is stored
    view.add_comment()  # the second press, before the first is stored
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    with db.read_session() as session:
        bodies = [c.body for c in session.exec(select(Comment))]
    assert bodies == ["Filed with NDRC today"]
    assert view.comment_edit.toPlainText() == ""
    view.comment_edit.setPlainText("And one more")
    assert view.add_comment_button.isEnabled()  # ready for the next


def test_a_refused_comment_stays_in_the_box_to_try_again(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str,
) -> None:
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    too_long = "x" * (MAX_COMMENT + 1)
    view.tabs.setCurrentWidget(view.comments_page)
    view.comment_edit.setPlainText(too_long)
    view.add_comment()  # Ctrl+Enter goes to the service, which refuses it
    qtbot.waitUntil(lambda: runner.idle and not view._adding_comment, timeout=10_000)
    assert view.comment_edit.toPlainText() == too_long
    view.comment_edit.setPlainText("Shorter")
    assert view.add_comment_button.isEnabled()
