"""The lock cover at 200 % with a Chinese full name: its reason wrapped inside the name
("Enter the password of 欧阳" at a line's end, "建国 (li.wei) to continue" on the next).
The name, and the name with its login, are kept on one line wherever the line wraps."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QMainWindow

from approvals.store.audit import Actor
from approvals.ui import auth as ui_auth
from approvals.ui.widgets import WORD_JOINER
from tests.ui.scaling_support import doubled_app_font

OUYANG = Actor("ouyang.jg", ("preparer",), "欧阳建国")


def lines_of(text: str, font, width: int) -> list[str]:
    """The lines `text` is wrapped into at `width` px, as a wrapped label lays it out."""
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setDocumentMargin(0)
    document.setPlainText(text)
    document.setTextWidth(width)
    document.size()  # laid out now
    layout = document.firstBlock().layout()
    return [
        text[layout.lineAt(i).textStart() :][: layout.lineAt(i).textLength()]
        for i in range(layout.lineCount())
    ]


@pytest.mark.parametrize("manual", [True, False])
def test_the_name_and_its_login_never_break_across_lines(qtbot, manual: bool) -> None:
    with doubled_app_font():
        window = QMainWindow()
        qtbot.addWidget(window)
        overlay = ui_auth.LockOverlay(window, OUYANG, manual=manual)
        label = overlay.findChild(ui_auth.NamesKeptWhole, "lockReason")
        assert label is not None
        shown = label.shown_text()
        times = label.text().count("欧阳建国")  # three times locked by hand, else twice
        assert times >= 2
        for width in range(160, 1400, 3):  # wherever the lines happen to wrap
            lines = [
                line.replace(WORD_JOINER, "")
                for line in lines_of(shown, label.font(), width)
            ]
            assert sum(line.count("欧阳建国") for line in lines) == times, (width, lines)
            assert "欧阳建国\u00a0(ouyang.jg)" in "".join(lines)
            assert all(not line.startswith("(ouyang.jg)") for line in lines), (width, lines)


def test_what_the_cover_says_reads_as_written(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    overlay = ui_auth.LockOverlay(window, OUYANG, manual=True)
    label = overlay.findChild(ui_auth.NamesKeptWhole, "lockReason")
    assert label.text().startswith("Locked by 欧阳建国 (ouyang.jg).")
    assert WORD_JOINER not in label.text()
    # Only the Chinese characters are joined; a Latin name keeps its spaces.
    assert ui_auth.unbroken_name("Li Wei (li.wei)") == "Li Wei\u00a0(li.wei)"
    assert ui_auth.unbroken_name("李伟") == "李\u2060伟"
