"""The general error box (show_error) puts each path its message names on a line of its
own, as the start-up boxes do: wrapped in the sentence, a long path broke mid-name."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QLabel

from approvals.domain.errors import CheckFailed, InputError, Problem
from approvals.ui import errors
from approvals.ui.path_field import PathField

LONG = ("/home/officer/.local/share/Compliance-Department-Shared-Workspace/"
        "Outbound-Investment-Approvals-2026/approvals-data-folder-for-the-review-team/backups")


def _shown(box: Any) -> tuple[list[str], str]:
    box.show()
    QApplication.processEvents()
    fields = [f.path() for f in box.findChildren(PathField) if f.isVisible()]
    words = "\n".join(label.text() for label in box.findChildren(QLabel)
                      if label.isVisible() and label.text())
    return fields, words


def test_a_long_path_in_an_error_is_on_a_line_of_its_own(qtbot: Any) -> None:
    message = (f"The automatic backup could not be written to {LONG} (Permission denied). "
               "Check that the folder can be written and that its disk has room.")
    box = errors.show_error(None, "Automatic backup", CheckFailed(message))
    qtbot.addWidget(box)
    fields, words = _shown(box)
    assert fields == [LONG]
    assert LONG not in words  # not wrapped in the sentence
    assert "The automatic backup could not be written to" in words
    assert "Check that the folder can be written" in words
    assert box.informativeText() == message  # the box still says all of it
    field = box.findChild(PathField)
    assert field.fontMetrics().horizontalAdvance(field.text()) <= field.width()
    box.close()


def test_a_problem_path_with_spaces_and_a_path_in_words_with_spaces(qtbot: Any) -> None:
    spaced = "/home/officer/My Documents/Board papers 2026/minutes final.pdf"
    box = errors.show_error(None, "Attach", InputError(Problem(spaced, "cannot be read")))
    qtbot.addWidget(box)
    assert _shown(box)[0] == [spaced]
    box.close()
    said = CheckFailed(f"It is kept in {spaced}, beside the others.")
    box = errors.show_error(None, "Restore", said)
    qtbot.addWidget(box)
    assert _shown(box)[0] == [spaced]
    box.close()


def test_words_without_a_path_are_left_as_they_are(qtbot: Any) -> None:
    assert errors.paths_named("keep 1/2 of and/or https://example.com/x, as needed") == []
    box = errors.show_error(None, "Save", CheckFailed("Nothing was saved."))
    qtbot.addWidget(box)
    assert _shown(box)[0] == []
    box.close()
