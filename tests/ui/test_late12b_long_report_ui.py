"""One long report for every message box that lists a line a case, row or problem: the
first lines in the box, one line saying how many more, and all of them under Show
Details… (a box of 40 such lines was taller than the screen, its buttons below it)."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMessageBox

from approvals.domain.errors import InputError, Problem
from approvals.ui.errors import show_error
from approvals.ui.review import SUMMARY_LINES
from approvals.ui.widgets import LONG_REPORT_LINES, long_report_shown, put_long_report
from tests.ui.test_review_unsaved_ui import _open

MANY = [f"• the recommendation for AP-2026-{n:04d} (Recommendation tab: Save recommendation)"
        for n in range(1, 41)]


def test_the_review_import_summary_has_the_shared_limit() -> None:
    assert SUMMARY_LINES == LONG_REPORT_LINES


def test_a_report_up_to_the_limit_is_said_whole_and_a_longer_one_is_cut() -> None:
    lines = [f"line {n}" for n in range(1, LONG_REPORT_LINES + 1)]
    assert long_report_shown(lines) == "\n".join(lines)
    longer = [*lines, "one more", "and another"]
    shown = long_report_shown(longer).splitlines()
    assert shown[:-1] == lines
    assert shown[-1] == f"… and 2 more: Show Details… lists all {LONG_REPORT_LINES + 2}"
    assert long_report_shown([f"{n}" for n in range(1500)], 3).endswith(
        "… and 1,497 more: Show Details… lists all 1,500")


def test_put_long_report_keeps_the_text_around_the_list_and_details_only_when_cut(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    box = QMessageBox(window)
    put_long_report(box, MANY, before="Not saved yet:\n", after="\n\nSave it first.")
    text = box.informativeText()
    assert text.startswith(f"Not saved yet:\n{MANY[0]}\n") and text.endswith(
        f"… and {len(MANY) - LONG_REPORT_LINES} more: Show Details… lists all {len(MANY)}"
        "\n\nSave it first.")
    assert MANY[-1] not in text and box.detailedText() == "\n".join(MANY)
    short = QMessageBox(window)
    put_long_report(short, MANY[:2], informative=False)
    assert short.text() == "\n".join(MANY[:2]) and short.detailedText() == ""
    assert short.informativeText() == ""


def test_the_review_windows_unsaved_input_boxes_stay_short_with_many_cases(
        qtbot, tmp_path, data_dir, db, admin, installation_b, monkeypatch) -> None:
    rw, _ref = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    items = [line.removeprefix("• ") for line in MANY]
    monkeypatch.setattr(rw, "unsaved_input", lambda: items)
    for box in (rw.ask_to_export_response(), rw.ask_to_close(items)):
        assert isinstance(box, QMessageBox)
        text = box.informativeText()
        assert MANY[0] in text and MANY[-1] not in text
        assert f"… and {len(MANY) - LONG_REPORT_LINES} more: Show Details… lists all 40" in text
        assert box.detailedText() == "\n".join(MANY)
        assert "Save" in text.rsplit("\n\n", 1)[1]  # what to do, after the list, kept
        box.close()
    rw.unsaved_recommendations.clear()
    monkeypatch.setattr(rw, "unsaved_input", lambda: [])


def test_an_error_of_many_problems_says_the_first_and_lists_all_under_details(qtbot) -> None:
    """Import facts… from the main window: a file of 300 unknown fields was one box line
    each (the intake wizard's import already cut its report; now every error box does)."""
    window = QMainWindow()
    qtbot.addWidget(window)
    problems = [Problem(f"extra_{n}", "unknown field") for n in range(300)]
    box = show_error(window, "Could not import facts", InputError(problems))
    said = box.informativeText().splitlines()
    assert said[:-1] == [str(p) for p in problems[:LONG_REPORT_LINES]]
    assert said[-1] == "… and 288 more: Show Details… lists all 300"
    assert box.detailedText() == "\n".join(str(p) for p in problems)
    one = show_error(window, "Could not import facts", InputError(problems[:1]))
    assert one.informativeText() == str(problems[0]) and one.detailedText() == ""
    crash = show_error(window, "Could not import facts", RuntimeError("disk gone"))
    assert crash.informativeText().endswith("The details were written to the log.")
    assert "RuntimeError: disk gone" in crash.detailedText()  # the traceback, as before
