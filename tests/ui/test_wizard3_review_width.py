"""The Review page at 200 % text on a 1366×768 screen (the wizard then has 648×345 of
the screen's 683×384 logical pixels): badges and reasons wrap to the screening column,
which never scrolls sideways nor cuts a reason off; when the summary and the screening
do not both fit side by side, each has a tab at the page's full width."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QScrollArea

from approvals.ui.wizard import IntakeWizard
from tests.conftest import EXAMPLES_DIR
from tests.ui.test_wizard_audit2 import to_review


def review_of(qtbot, wizard: IntakeWizard, example: str, width: int, height: int):
    wizard.load_data(json.loads((EXAMPLES_DIR / example).read_text(encoding="utf-8")))
    wizard.resize(width, height)
    to_review(qtbot, wizard)
    review = wizard.review_page
    qtbot.waitUntil(lambda: bool(review.determinations.labels))
    return review


@pytest.mark.parametrize("example", ["consumer-app.json", "frontier-lab.json"])
def test_the_screening_wraps_at_double_text_size_on_a_small_screen(
    qtbot, wizard: IntakeWizard, example: str
) -> None:
    review = review_of(qtbot, wizard, example, 648, 345)
    screening = review.findChild(QScrollArea, "reviewScreening")
    if review.tabbed:
        review.tabs.setCurrentWidget(screening)
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


def test_too_narrow_for_both_columns_the_summary_and_screening_get_a_tab_each(
    qtbot, wizard: IntakeWizard
) -> None:
    # The consumer app's reasons hold a long fact key: beside them, the summary had a
    # few letters a line ("Activitie s").
    review = review_of(qtbot, wizard, "consumer-app.json", 648, 345)
    assert review.tabbed and review.tabs.isVisible() and not review.columns.isVisible()
    assert review.tabs.tabText(0) == "F&acts"
    assert review.tabs.tabText(1) == "Scr&eening (1 needs action)"  # CN-DATA-EXPORT
    summary_min = (review.summary.fontMetrics().averageCharWidth()
                   * review.SUMMARY_MIN_CHARACTERS)
    assert review.summary.width() >= summary_min
    wizard.resize(1200, 720)  # wide enough again: side by side
    qtbot.waitUntil(lambda: not review.tabbed, timeout=1_000)
    assert review.columns.isVisible() and not review.tabs.isVisible()
    assert review.summary.isVisible() and review.screening_scroll.isVisible()


def test_the_screening_column_narrows_again_when_its_reasons_go(
    qtbot, wizard: IntakeWizard
) -> None:
    review = review_of(qtbot, wizard, "consumer-app.json", 648, 345)
    assert review.tabbed  # the long fact key in a reason
    name = next(f for f in wizard.fields if f.path == ("target", "name_en"))
    name.widget.setText("")  # the facts cannot be screened now: no reasons
    review.refresh()
    assert not review.determinations.labels
    qtbot.waitUntil(lambda: not review.tabbed, timeout=1_000)
