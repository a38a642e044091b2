"""Review mode's framed notes follow the palette: the pack notes' frame shows on a dark
window (palette(mid) was 1.1:1 there), and the amber warnings take their dark colours
when the system turns dark while the window is open."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from approvals.ui.widgets import warning_style
from approvals.ui.workers import TaskRunner
from tests.review_support import ReviewPair, open_review_pair
from tests.ui.conftest import dark_palette
from tests.ui.review_window_support import review_window
from tests.ui.ux_checks import _colour, contrast

NON_TEXT = 3.0  # WCAG 2.1 1.4.11: a boundary against what is next to it


@pytest.fixture
def pair(tmp_path: Path, data_dir, db):
    made = open_review_pair(tmp_path, data_dir, db)
    yield made
    made.b_db.dispose()


def _frame(sheet: str) -> QColor:
    """The frame's colour: "#848484", or "palette(mid)" (the application's)."""
    match = re.search(r"border:\s*1px solid ([#\w()-]+)", sheet, re.I)
    assert match is not None, sheet
    return _colour(match.group(1))


def test_the_notes_frame_and_the_warnings_follow_a_switch_to_dark(
        qtbot, pair: ReviewPair) -> None:
    with review_window(qtbot, pair) as window:
        light_window = QApplication.palette().color(QPalette.ColorRole.Window)
        assert contrast(_frame(window.pack_notes.styleSheet()), light_window) >= NON_TEXT
        light_warning = window.self_review_notice.styleSheet()
        with dark_palette():
            dark_window = QApplication.palette().color(QPalette.ColorRole.Window)
            qtbot.waitUntil(lambda: window.self_review_notice.styleSheet() == warning_style(),
                            timeout=5_000)
            assert warning_style() != light_warning
            assert window.newer_notice.styleSheet() == warning_style()
            assert contrast(_frame(window.pack_notes.styleSheet()), dark_window) >= NON_TEXT
        qtbot.waitUntil(lambda: window.self_review_notice.styleSheet() == light_warning,
                        timeout=5_000)


def test_the_proposals_self_review_warning_follows_a_switch_to_dark(
        qtbot, runner: TaskRunner, data_dir, admin) -> None:
    from approvals.services.review import ImportResult
    from approvals.ui.review import ProposalsDialog

    imported = ImportResult("response", "p" * 32, "p" * 32, admin.username, "this desk",
                            self_review=True)
    dialog = ProposalsDialog(runner, admin, data_dir, imported=imported)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert dialog.self_review_warning.isVisibleTo(dialog)
    light_warning = dialog.self_review_warning.styleSheet()
    assert light_warning == warning_style()
    with dark_palette():
        qtbot.waitUntil(lambda: dialog.self_review_warning.styleSheet() == warning_style(),
                        timeout=5_000)
        assert warning_style() != light_warning
    qtbot.waitUntil(lambda: dialog.self_review_warning.styleSheet() == light_warning,
                    timeout=5_000)
    dialog.close()
