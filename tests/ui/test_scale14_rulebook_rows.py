"""View → Rulebook… at 200 % on a laptop screen, at the size it opens at (the screen's,
less its edges: 648×318 on 1366×768, 608×302 on 1280×720): the rules list showed two
rows and a half, or one and a half. On a short window the gaps between the rows and the
details give the list room, and the Verify warning sits beside the tabs in a few words
(the sentence on hover)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.ui.rulebook import unverified_words
from approvals.ui.workers import TaskRunner
from tests.ui.scaling_support import OPENED_AT_200, wholly_shown
from tests.ui.test_layout_200_rulebook import open_at, rows_shown

OPENED = [OPENED_AT_200, (608, 302)]  # and on a 1280×720 screen


@pytest.mark.parametrize("size", OPENED)
def test_the_rules_list_shows_four_rows_or_more(qtbot, runner: TaskRunner, size) -> None:
    window = open_at(qtbot, runner, size)
    assert window.is_short()
    assert rows_shown(window) >= 4
    # The warning beside the tabs, shown whole there, the sentence on hover.
    unverified = window.overview.unverified
    assert unverified
    label = window.unverified_label
    assert window.tabs.cornerWidget(Qt.Corner.TopRightCorner) is label
    assert wholly_shown(label)
    assert label.text() == f"⚠ {len(unverified)} marked Verify"
    assert unverified_words(len(unverified)) in label.toolTip()
    # The tabs keep their titles whole beside it.
    bar = window.tabs.tabBar()
    assert all(bar.tabRect(i).right() <= bar.width() for i in range(bar.count()))
    assert not bar.geometry().intersects(label.geometry())
    runner.wait_for_done()


def test_made_taller_the_warning_is_a_line_of_its_own_again(qtbot, runner: TaskRunner) -> None:
    window = open_at(qtbot, runner, OPENED_AT_200)
    window.resize(1100, 720)
    QApplication.processEvents()
    assert not window.is_short()
    label = window.unverified_label
    assert window.tabs.cornerWidget(Qt.Corner.TopRightCorner) is None
    assert label.parentWidget() is window and label.isVisible()
    assert label.text() == unverified_words(len(window.overview.unverified))
    assert label.geometry().bottom() < window.tabs.geometry().top()
    assert window.layout().spacing() != 3  # the style's own gaps again
    window.resize(*OPENED_AT_200)
    QApplication.processEvents()
    assert window.tabs.cornerWidget(Qt.Corner.TopRightCorner) is label
    assert rows_shown(window) >= 4
    runner.wait_for_done()


def rows_in(table) -> float:
    return table.viewport().height() / table.rowHeight(0)


@pytest.mark.parametrize(("size", "least"), [(OPENED_AT_200, 1.5), ((683, 354), 2.5)])
def test_the_clocks_tab_shows_its_clocks(qtbot, runner: TaskRunner, size, least) -> None:
    """The Clocks tab at 200 %: its note, the obligations' title and a share of the height
    for one obligation left a third of a clock's row in view (at 683×354, most of one)."""
    window = open_at(qtbot, runner, size)
    window.tabs.setCurrentIndex(1)
    QApplication.processEvents()
    assert window.clocks_table.rowCount() > 5
    assert rows_in(window.clocks_table) >= least
    assert rows_in(window.follow_ups_table) >= 1  # its one obligation whole
    # The note and the title said on the tab's tooltip instead.
    assert not window.clocks_note.isVisible() and not window.follow_ups_title.isVisible()
    tip = window.tabs.tabToolTip(1)
    assert window.clocks_note.text() in tip and "obligations a decision creates" in tip
    runner.wait_for_done()


def test_a_tall_clocks_tab_keeps_its_note_and_title(qtbot, runner: TaskRunner) -> None:
    window = open_at(qtbot, runner, (1100, 720))
    window.tabs.setCurrentIndex(1)
    QApplication.processEvents()
    assert wholly_shown(window.clocks_note) and wholly_shown(window.follow_ups_title)
    assert window.tabs.tabToolTip(1) == ""
    assert rows_in(window.clocks_table) >= window.clocks_table.rowCount()  # all in view
    runner.wait_for_done()
