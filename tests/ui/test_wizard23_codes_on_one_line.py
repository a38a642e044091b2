"""The facts summary (the wizard's Review, the case's Overview) keeps a USCC, an LEI and
the deal's dates on one line, the label beside them wrapping instead: at 150 % on
1366×768 the Review's column broke the USCC after its 17th character
("91110000MA01ABCD1" / "M"), read against a licence as a code a character short."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextDocument, QTextOption

from approvals.ui.wizard import facts_summary_html

FACTS = {
    "target": {"name_en": "Example Frontier Intelligence Co., Ltd.",
               "uscc": "91110000MA01ABCD1M"},
    "investor": {"name": "Example Ventures Fund IV, L.P.", "lei": "5493001KJTIIGC8Y1R12"},
    "deal": {"signing_date": "2026-12-10", "expected_completion_date": "2027-01-20"},
}


def lines_of(html: str, text: str, width: float) -> int:
    """How many lines `text` takes in `html` laid out `width` wide, wrapping as a
    QTextBrowser does (at a word, else anywhere)."""
    document = QTextDocument()
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setHtml(html)
    document.setTextWidth(width)
    document.size()  # laid out
    block = document.begin()
    while block.isValid():
        if text in block.text():
            return block.layout().lineCount()
        block = block.next()
    raise AssertionError(f"{text} not in the summary")


@pytest.mark.parametrize("code", ["91110000MA01ABCD1M", "5493001KJTIIGC8Y1R12",
                                  "2026-12-10", "2027-01-20"])
def test_codes_and_dates_keep_to_one_line_in_a_narrow_column(qapp, code: str) -> None:
    html = facts_summary_html(FACTS)
    assert lines_of(html, code, 240) == 1


def test_names_still_wrap(qapp) -> None:
    html = facts_summary_html(FACTS)
    assert lines_of(html, "Example Frontier Intelligence Co., Ltd.", 240) > 1
