"""Check open cases…: when no outcome would change, the space for a change's reasons says
so (instead of asking to select a change in an empty list); what was typed in the date
field is quoted back as text, and a long paste does not widen the window."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import open_cases_check as module
from approvals.ui.open_cases_check import OpenCasesCheckWindow
from tests.ui.test_open_cases_check_ui import _open


@pytest.fixture
def window(qtbot: Any, db: Database, data_dir: DataDir, admin: Actor) -> Any:
    win = _open(qtbot, db, data_dir, admin)  # no case: no outcome changes
    yield win
    win.close()
    win.main.runner.wait_for_done()


def test_nothing_to_select_is_said_where_the_reasons_go(window: OpenCasesCheckWindow) -> None:
    assert window.check is not None and window.model.changes == []
    said = window.details.toPlainText()  # all of it: a placeholder shows one line only
    assert said == module.nothing_changes_text(window.check)
    assert window.check.as_of.isoformat() in said and "nothing to read or accept" in said
    assert "Select a change" not in said


def test_markup_typed_as_the_date_is_quoted_as_typed(window: OpenCasesCheckWindow) -> None:
    window.date_edit.setText("<h1>2026</h1>")
    assert window.chosen_date() is None
    assert "<h1>2026</h1>" in window.problem.text()
    # Drawn as the characters typed, not as a heading.
    assert window.problem.textFormat() == module.Qt.TextFormat.PlainText


def test_a_long_paste_is_refused_without_widening_the_window(
        qtbot: Any, window: OpenCasesCheckWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    width = window.width()
    window.date_edit.setText("x" * 3000)
    assert window.chosen_date() is None
    assert window.problem.isVisibleTo(window)
    assert window.problem.text().startswith("That is 3,000 characters, too long for a date")
    assert window.minimumSizeHint().width() <= width


def test_colours_follow_a_switch_to_the_dark_palette(
        qtbot: Any, window: OpenCasesCheckWindow) -> None:
    from tests.ui.conftest import dark_palette

    window.date_edit.setText("31 February 2027")
    assert window.chosen_date() is None
    from approvals.ui.widgets import error_colour

    light_red = error_colour()
    with dark_palette():
        dark_red = error_colour()
        assert dark_red != light_red
        # The red readable on a dark window, and the grey of "nothing changes" with it.
        qtbot.waitUntil(lambda: dark_red in window.problem.styleSheet(), timeout=2_000)
        qtbot.waitUntil(lambda: module.secondary_text_colour() in window.details.toHtml(),
                        timeout=2_000)


def test_today_waits_for_the_running_check(
        qtbot: Any, window: OpenCasesCheckWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    release = threading.Event()
    real = module.check_open_cases

    def held(**kwargs: Any) -> Any:
        release.wait(5)
        return real(**kwargs)

    monkeypatch.setattr(module, "check_open_cases", held)
    today = window.findChild(QPushButton, "checkToday")
    window.date_edit.setText("2027-01-01")
    window.run_check()
    try:
        # Pressed now, it set today's date over the date being checked, and checked nothing.
        assert not today.isEnabled()
        assert window.date_edit.text() == "2027-01-01"
    finally:
        release.set()
    qtbot.waitUntil(lambda: window.progress.task is None, timeout=10_000)
    assert today.isEnabled()


def test_the_list_tells_a_screen_reader_what_the_check_found(
        window: OpenCasesCheckWindow) -> None:
    assert window.check is not None
    # Reached by Tab, the list is what a screen reader speaks: the summary (a label) is not.
    said = window.table.accessibleDescription()
    assert said == window.summary.text()
    assert "no open case's outcome would change" in said
