"""View → Audit trail…: the whole trail as sentences, filtered, exported, verified."""

from __future__ import annotations

import csv
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel

from approvals.paths import DataDir
from approvals.services import audit_view
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database
from approvals.ui.audit_trail import AuditTrailWindow
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import FolderTemplates, load_demo_from_template

REVIEWER = Actor("rita", ("reviewer",))


def _trail(folder_templates: FolderTemplates, db: Database, admin: Actor) -> None:
    load_demo_from_template(folder_templates, db, admin)
    with db.session() as s:
        append_event(s, actor=Actor("li.wei"), action="user.sign_in_failed", entity="user",
                     entity_id="li.wei", reason="wrong password")


def _open(qtbot: Any, db: Database, data_dir: DataDir, actor: Actor) -> AuditTrailWindow:
    main = MainWindow(TaskRunner(db), data_dir, actor)
    qtbot.addWidget(main)
    main.audit_trail_action.trigger()
    window = main.audit_trail_window
    qtbot.waitUntil(lambda: window.model.rowCount() > 0 and window.kind_filter.count() > 1,
                    timeout=10_000)
    return window


def opened_trail(qtbot: Any, folder_templates: FolderTemplates, db: Database,
                 data_dir: DataDir, admin: Actor) -> Iterator[AuditTrailWindow]:
    """The window over the demo trail, for a fixture to yield from (closed after)."""
    _trail(folder_templates, db, admin)
    win = _open(qtbot, db, data_dir, admin)
    main = win.main
    yield win
    _close(win)
    main.runner.wait_for_done()


@pytest.fixture
def window(qtbot: Any, folder_templates: FolderTemplates, db: Database, data_dir: DataDir,
           admin: Actor) -> Any:
    yield from opened_trail(qtbot, folder_templates, db, data_dir, admin)


def _close(window: AuditTrailWindow) -> None:
    if shiboken6.isValid(window):  # Escape may have closed (and deleted) it
        window.close()


def _apply(qtbot: Any, window: AuditTrailWindow) -> list[Any]:
    window.apply_filters()
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    return window.model.entries


def test_lists_the_demo_events_as_sentences_newest_first(window: AuditTrailWindow) -> None:
    assert window.main.view_menu.actions().index(window.main.audit_trail_action) + 1 == \
        window.main.view_menu.actions().index(window.main.audit_verify_action)
    entries = window.model.entries
    assert [e.id for e in entries] == sorted((e.id for e in entries), reverse=True)
    assert entries[0].action == "user.sign_in_failed"
    column = window.model.EVENT_COLUMN
    texts = [window.model.data(window.model.index(r, column)) for r in range(len(entries))]
    assert "CN-FISR: Internal review → Approved for filing; on 22 Oct 2026" in texts
    when = window.model.data(window.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    stamp = entries[0].occurred_at  # to the second, in UTC as stored
    assert "local time" in when and f"{stamp[:10]} {stamp[11:19]} UTC" in when
    assert window.count_label.text().endswith("events, newest first.")


def test_each_filter_narrows(qtbot: Any, window: AuditTrailWindow) -> None:
    everything = len(window.model.entries)
    window.user_filter.setEditText("sarah.chen")
    assert {e.actor for e in _apply(qtbot, window)} == {"sarah.chen"}
    window.user_filter.setEditText("")
    window.case_filter.setText("AP-2026-0002")
    window.text_filter.setText("cn-fisr approved")
    found = _apply(qtbot, window)
    assert found and {e.case_reference for e in found} == {"AP-2026-0002"}
    assert any(e.actor == "sarah.chen" and "→ Approved for filing" in e.sentence for e in found)
    window.clear_filters()
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    assert len(window.model.entries) == everything
    window.kind_filter.setCurrentIndex(window.kind_filter.findData("user.sign_in_failed"))
    qtbot.waitUntil(lambda: not window.loading and len(window.model.entries) == 1,
                    timeout=10_000)
    window.kind_filter.setCurrentIndex(0)
    window.from_filter.setText("2000-01-01")
    window.to_filter.setText("2000-12-31")
    assert _apply(qtbot, window) == []
    assert window.count_label.text() == "No event matches the filters."
    # The calendar's first and last days ("no end"): every event, no error box.
    window.from_filter.setText("0001-01-01")
    window.to_filter.setText("9999-12-31")
    assert len(_apply(qtbot, window)) == everything
    assert not window.problem.isVisibleTo(window)


def test_a_date_that_cannot_be_read_is_said_at_the_filters(qtbot: Any,
                                                           window: AuditTrailWindow) -> None:
    before = list(window.model.entries)
    window.from_filter.setText("31/31/2026")
    window.apply_filters()
    assert window.problem.isVisibleTo(window) and window.problem.text().startswith("From:")
    assert window.model.entries == before  # nothing read
    window.from_filter.setText("2026-11-30")
    window.to_filter.setText("2026-11-01")
    window.apply_filters()
    assert window.problem.text().startswith("To: 2026-11-01 is before From")


def test_a_reviewer_sees_no_sign_ins_an_administrator_does(
        qtbot: Any, window: AuditTrailWindow, db: Database, data_dir: DataDir) -> None:
    assert any(e.action == "user.sign_in_failed" for e in window.model.entries)
    theirs = _open(qtbot, db, data_dir, REVIEWER)
    assert theirs.model.entries
    assert not [e for e in theirs.model.entries if e.action.startswith("user.")]
    assert theirs.kind_filter.findData("user.sign_in_failed") == -1
    main = theirs.main
    _close(theirs)
    main.runner.wait_for_done()


def test_export_writes_exactly_the_filtered_rows(qtbot: Any, window: AuditTrailWindow,
                                                 tmp_path: Path) -> None:
    window.user_filter.setEditText("li.wei")
    window.case_filter.setText("0002")
    shown = {e.id for e in _apply(qtbot, window)}
    assert shown and not window.more
    out = tmp_path / "trail.csv"
    window.export_to(out)
    qtbot.waitUntil(lambda: getattr(window, "export_message", None) is not None,
                    timeout=10_000)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    assert {int(r[0]) for r in rows} == shown
    assert window.export_message.text().startswith(f"Exported {len(shown)} events to")
    window.export_message.close()


def test_the_list_is_read_off_the_gui_thread_a_page_at_a_time(
        qtbot: Any, window: AuditTrailWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[bool] = []
    real = audit_view.audit_page

    def spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **{**kwargs, "limit": 5})

    real_count = audit_view.audit_count

    def count_spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread() is threading.main_thread())
        return real_count(*args, **kwargs)

    monkeypatch.setattr(audit_view, "audit_page", spy)
    monkeypatch.setattr(audit_view, "audit_count", count_spy)
    first = _apply(qtbot, window)
    assert len(first) == 5 and window.more and window.more_button.isEnabled()
    qtbot.waitUntil(lambda: "Showing the newest 5 of" in window.count_label.text(),
                    timeout=10_000)
    window.more_button.click()
    qtbot.waitUntil(lambda: not window.loading and len(window.model.entries) == 10,
                    timeout=10_000)
    assert threads == [False, False, False]  # the first page, its count, the next page


def test_keys_and_names(qtbot: Any, window: AuditTrailWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.text_filter.hasFocus()
    buddies = {label.buddy(): label.text() for label in window.findChildren(QLabel)
               if label.buddy() is not None}
    for field in (window.text_filter, window.user_filter, window.kind_filter,
                  window.case_filter, window.from_filter, window.to_filter):
        assert "&" in buddies[field] and field.accessibleName()
    buttons = (window.more_button, window.export_button, window.verify_button,
               window.clear_button, window.copy_button, window.open_case_button)
    letters = [b.text()[b.text().index("&") + 1].lower() for b in buttons]
    letters += [text[text.index("&") + 1].lower() for text in buddies.values()]
    assert len(letters) == len(set(letters)) == 12  # each its own Alt key
    assert window.table.accessibleName()
    qtbot.keyClick(window.text_filter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2_000)


def test_verify_runs_the_verify_action(qtbot: Any, window: AuditTrailWindow) -> None:
    window.verify_button.click()
    main = window.main
    assert not window.verify_button.isEnabled()  # one check at a time, as the menu's
    qtbot.waitUntil(lambda: getattr(main, "audit_verify_box", None) is not None,
                    timeout=10_000)
    assert main.audit_verify_box.text().startswith("Audit trail intact")
    assert window.verify_button.isEnabled()
    main.audit_verify_box.close()


def test_the_selected_event_in_full_copied_and_its_case_opened(
        qtbot: Any, window: AuditTrailWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not window.copy_button.isEnabled() and window.details.toPlainText() == ""
    row = next(r for r, e in enumerate(window.model.entries)
               if e.case_reference == "AP-2026-0002" and e.action == "track.transition")
    window.table.setCurrentIndex(window.model.index(row, 0))
    entry = window.model.entries[row]
    shown = window.details.toPlainText()
    assert entry.sentence in shown and entry.hash in shown
    assert f"AP-2026-0002, {entry.regime} track" in shown
    window.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(entry.sentence + "\n\nWhen: ") and f"#{entry.id} · " in copied
    opened: list[str] = []
    monkeypatch.setattr(window.main, "open_case", opened.append)
    window.open_case_button.click()
    assert opened == ["AP-2026-0002"]
    caseless = next(r for r, e in enumerate(window.model.entries) if not e.case_reference)
    window.table.setCurrentIndex(window.model.index(caseless, 0))
    assert not window.open_case_button.isEnabled() and window.copy_button.isEnabled()


def test_columns_follow_the_window_until_one_is_dragged(qtbot: Any,
                                                        window: AuditTrailWindow) -> None:
    table, header = window.table, window.table.horizontalHeader()
    event = window.model.EVENT_COLUMN
    window.resize(700, 500)
    window.show()
    qtbot.waitExposed(window)
    narrow = header.sectionSize(event)
    assert header.length() <= table.viewport().width() + 1  # no sideways scrolling
    window.resize(1400, 500)
    qtbot.waitUntil(lambda: header.sectionSize(event) > narrow, timeout=2_000)
    assert table.fitting  # the last column stretching is not the officer's drag
    header.resizeSection(1, 300)
    assert not table.fitting


def test_typing_applies_after_a_pause_and_enter_at_once(qtbot: Any,
                                                        window: AuditTrailWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    qtbot.keyClicks(window.text_filter, "wrong password")
    assert window.debounce.isActive()  # not one query per key
    qtbot.waitUntil(lambda: not window.loading and len(window.model.entries) == 1,
                    timeout=10_000)
    window.text_filter.clear()  # as its clear button does
    assert window.debounce.isActive()
    window.case_filter.setFocus()
    qtbot.keyClicks(window.case_filter, "AP-2026-0013")
    qtbot.keyClick(window.case_filter, Qt.Key.Key_Return)
    assert not window.debounce.isActive()
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    assert {e.case_reference for e in window.model.entries} == {"AP-2026-0013"}
