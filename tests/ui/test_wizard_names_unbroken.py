"""A field's message never splits a Chinese name across lines: "…its name (China, 中" /
"国, Hong Kong, 美国)" under the wizard's place fields."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextLayout, QTextOption

from approvals.ui.widgets import error_colour
from approvals.ui.widgets import kept_whole as names_unbroken
from approvals.ui.wizard import show_message

MESSAGE = ("'Narnia' is not a place this app knows: write its two-letter code (e.g. CN, HK, "
           "US) or its name (China, 中国, Hong Kong, 美国)")


def _lines(text: str, width: int) -> list[str]:
    layout = QTextLayout(text, QFont())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(text[line.textStart():line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


def test_short_chinese_names_are_joined_and_read_the_same(qapp) -> None:
    joined = names_unbroken(MESSAGE)
    assert joined.replace("\u2060", "") == MESSAGE
    assert "中\u2060国" in joined and "美\u2060国" in joined
    assert names_unbroken("plain English (CN)") == "plain English (CN)"
    # Long Chinese text still wraps between its characters.
    long_text = "事实信息未记录基金所在地请核查股东情况"
    assert names_unbroken(long_text) == long_text


def test_no_width_splits_a_name(qapp) -> None:
    joined = names_unbroken(MESSAGE)
    split_somewhere = False
    for width in range(120, 420, 3):
        plain = _lines(MESSAGE, width)
        split_somewhere |= any(line.rstrip().endswith(("中", "美")) for line in plain)
        assert not any(line.rstrip().endswith(("中", "美")) for line in _lines(joined, width))
    assert split_somewhere  # the plain message does split at some width


def test_show_message_sets_the_joined_text(qtbot) -> None:
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    show_message(label, MESSAGE, error_colour)
    assert label.text() == names_unbroken(MESSAGE)
    show_message(label, "", error_colour)
    assert label.isHidden()


def test_the_catalogue_boxes_ask_for_the_catalogue_s_chinese_name(qtbot, wizard) -> None:
    from PySide6.QtWidgets import QPlainTextEdit

    for key in ("restricted_catalogue_items", "prohibited_catalogue_items"):
        box = wizard.findChild(QPlainTextEdit, f"field_deal_technology_transfer_{key}")
        assert box is not None
        assert "语音合成技术" in box.placeholderText()
        assert "Chinese name" in box.toolTip()
    wizard._dirty = False
