"""Problems said in red, and amber warnings, keep readable colours when the system
switches between light and dark while a window is open: a window's error labels kept the
light palette's #b71c1c on a near-black window (2.3:1), the damaged-database banner its
light yellow."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from approvals.ui.case_lifecycle import problem_label
from approvals.ui.widgets import error_colour, palette_styled, warning_style
from tests.ui.conftest import dark_palette
from tests.ui.ux_checks import contrast


def _colour(sheet: str) -> QColor:
    return QColor(sheet.removeprefix("color: ").rstrip(";"))


def test_a_problem_label_is_readable_after_a_switch_to_dark_and_back(qtbot) -> None:
    dialog = QWidget()  # a child of a window, as in the Close case… dialog: a child with
    qtbot.addWidget(dialog)  # a sheet of its own is sent no change event on a switch
    problem = problem_label("closeCaseProblem")
    QVBoxLayout(dialog).addWidget(problem)
    problem.setText("Give a reason.")
    dialog.show()
    light = problem.styleSheet()
    assert _colour(light) == QColor(error_colour())
    with dark_palette():
        qtbot.waitUntil(lambda: problem.styleSheet() != light, timeout=5_000)
        window = QApplication.palette().color(QPalette.ColorRole.Window)
        assert problem.styleSheet() == f"color: {error_colour()};"
        assert contrast(_colour(problem.styleSheet()), window) >= 4.5
    qtbot.waitUntil(lambda: problem.styleSheet() == light, timeout=5_000)


def test_every_role_follows_and_none_gives_back_the_palettes_own(qtbot) -> None:
    labels = {role: QLabel(role) for role in ("problem", "secondary", "warning")}
    for role, label in labels.items():
        qtbot.addWidget(label)
        palette_styled(label, role)
    light = {role: label.styleSheet() for role, label in labels.items()}
    with dark_palette():
        qtbot.waitUntil(lambda: all(label.styleSheet() != light[role]
                                    for role, label in labels.items()), timeout=5_000)
        assert labels["warning"].styleSheet() == warning_style()
    palette_styled(labels["problem"], None)
    assert labels["problem"].styleSheet() == ""
    with dark_palette():  # no longer styled: left as it is
        QApplication.processEvents()
        assert labels["problem"].styleSheet() == ""
