"""The start-up box for a data folder the app cannot use says what to do whatever the
reason: it told an officer whose data folder's drive was not mounted (the folder missing,
not read-only) to "use a folder you may write in". The refusal, in the command line's
words, ends with a full stop in the box."""

from __future__ import annotations

from pathlib import Path

from approvals.domain.errors import InputError, Problem
from approvals.paths import DataDir, missing_parent_problem
from approvals.ui import application


def test_the_box_for_a_missing_folder_does_not_speak_of_write_permission(
        qtbot, tmp_path: Path) -> None:
    problem = missing_parent_problem(DataDir(tmp_path / "usb" / "approvals"), "--data-dir")
    assert problem is not None
    box = application.data_folder_problem_box(InputError(problem))
    qtbot.addWidget(box)
    assert box.text() == f"{problem}."
    assert box.informativeText() == (
        "Start the app again once that is put right, or start it with --data-dir FOLDER "
        "(or APPROVALS_DATA_DIR set) naming another folder.")
    assert "write" not in box.informativeText()


def test_a_refusal_ending_in_a_full_stop_gets_no_second_one(qtbot) -> None:
    box = application.data_folder_problem_box(InputError(Problem("x", "it is a file.")))
    qtbot.addWidget(box)
    assert box.text() == "x: it is a file."
