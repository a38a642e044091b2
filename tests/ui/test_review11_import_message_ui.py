"""A response without proposals or recommendations is summed up in a message box: with a
line a case (50 comments on fields changed since) it grew taller than the screen, OK
below the edge; the first lines are said, all of them behind Show Details…."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMessageBox

from approvals.ui.review import SUMMARY_LINES, imported_message


def test_a_long_import_summary_keeps_its_message_short(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    lines = ["Response from rev (B) to review pack 1234abcd (50 cases)."] + [
        f"AP-2026-{n:04d}: Board seats (Deal) changed here since the pack was exported "
        "(1 → 2); the reviewer's comment on it is about the value at export."
        for n in range(1, 51)]
    box = imported_message(window, lines, "")
    assert box.text().count("\n") == SUMMARY_LINES  # the lines kept, and the one saying more
    assert box.text().endswith(f"… and {len(lines) - SUMMARY_LINES} more: Show Details… lists "
                               f"all {len(lines)}")
    assert box.detailedText() == "\n".join(lines)
    warned = imported_message(window, lines, "Not an independent review: …")
    assert warned.icon() == QMessageBox.Icon.Warning and warned.text().startswith("⚠ Not an")
    assert warned.informativeText().count("\n") == SUMMARY_LINES
    short = imported_message(window, lines[:3], "")
    assert short.text() == "\n".join(lines[:3]) and short.detailedText() == ""
