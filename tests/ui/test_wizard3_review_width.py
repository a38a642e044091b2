"""The Review page at 200 % text on a 1366×768 screen (the wizard then has 648×345 of
the screen's 683×384 logical pixels): badges and reasons wrap to the screening column,
which never scrolls sideways nor cuts a reason off."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QScrollArea

from approvals.ui.wizard import IntakeWizard
from tests.conftest import EXAMPLES_DIR
from tests.ui.test_wizard_audit2 import to_review


@pytest.mark.parametrize("example", ["consumer-app.json", "frontier-lab.json"])
def test_the_screening_wraps_at_double_text_size_on_a_small_screen(
    qtbot, wizard: IntakeWizard, example: str
) -> None:
    wizard.load_data(json.loads((EXAMPLES_DIR / example).read_text(encoding="utf-8")))
    wizard.resize(648, 345)
    to_review(qtbot, wizard)
    review = wizard.review_page
    qtbot.waitUntil(lambda: bool(review.determinations.labels))
    screening = review.findChild(QScrollArea, "reviewScreening")
    qtbot.waitUntil(lambda: screening.widget().width() <= screening.viewport().width(),
                    timeout=1_000)
    assert screening.horizontalScrollBar().maximum() == 0
    assert not screening.horizontalScrollBar().isVisible()
    for part in [review.include_proposed, *review.determinations.labels]:
        # As wide as its longest word at least: nothing is cut off at the right edge.
        assert part.width() >= part.minimumSizeHint().width(), part.objectName()
        assert part.geometry().right() < screening.viewport().width(), part.objectName()
    assert review.summary.horizontalScrollBar().maximum() == 0
    assert not review.problems_label.isVisible()  # no empty line above the columns
