"""The dashboard at 200 % on a 1366×768 screen (683×354 logical pixels), with the demo's
cases: a condition's own words in State (not "Condition: Kee…"), the filter's hint whole
(not "Filter: case, company (English…"), and each regime readable in its narrow column
("CN-SAMR", "CN-DATA", not "CN-S…", "CN-D…"). At the dashboard's own size nothing of
that is shortened."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from approvals.domain.rulebook import PROVISIONS
from approvals.store.db import Database
from approvals.ui.dashboard import (
    CONDITION_PREFIX,
    FILTER_HINT,
    REGIME,
    STATE,
    TARGET,
    DeadlinesDashboard,
    GroupedList,
    short_regime,
)
from approvals.ui.workers import TaskRunner
from tests.ui.dashboard_window import NORMAL, SMALL, open_at

QT_TEXT_MARGIN = 6  # what an item view's cell keeps either side of its text, together


def _rows(tree: GroupedList) -> list[QModelIndex]:
    model = tree.model()
    rows = []
    for g in range(model.rowCount()):
        heading = model.index(g, 0)
        tree.expand(heading)
        rows += [model.index(r, 0, heading) for r in range(model.rowCount(heading))]
    return rows


def _drawn(tree: GroupedList, index: QModelIndex) -> QStyleOptionViewItem:
    """The cell as its delegate draws it: the text, font and metrics."""
    option = QStyleOptionViewItem()
    option.initFrom(tree)
    option.rect = tree.visualRect(index)
    assert option.rect.width() > 0
    tree.itemDelegateForIndex(index).initStyleOption(option, index)
    return option


def _shown(option: QStyleOptionViewItem) -> str:
    """What of the option's text fits its cell (Qt cuts the rest with "…")."""
    return option.fontMetrics.elidedText(option.text, Qt.TextElideMode.ElideRight,
                                         option.rect.width() - QT_TEXT_MARGIN)


def _conditions(dashboard: DeadlinesDashboard) -> list[QModelIndex]:
    tree = dashboard.tree
    found = [r.siblingAtColumn(STATE) for r in _rows(tree)
             if str(r.siblingAtColumn(STATE).data()).startswith(CONDITION_PREFIX)]
    assert found  # the demo's AP-2026-0004 has two open conditions of its clearance
    return found


def test_a_conditions_words_are_read_in_state_at_200_percent(
        qtbot, runner: TaskRunner, demo: Database, tmp_path) -> None:
    dashboard = open_at(qtbot, runner, tmp_path, SMALL)
    for index in _conditions(dashboard):
        text = str(index.data())
        words = text.removeprefix(CONDITION_PREFIX)
        option = _drawn(dashboard.tree, index)
        # The condition's words, not the prefix, fill the cell; in italics, which a state
        # never is, so the row still reads as a condition.
        assert option.text == words and option.font.italic()
        shown = _shown(option)
        assert shown.endswith("…") and len(shown) >= len("Keep the d…")
        assert words.startswith(shown.removesuffix("…"))
        # The cell's text (a screen reader's, the filter's) and its tooltip say it is a
        # condition, and of which clearance.
        assert text.startswith(CONDITION_PREFIX)
        assert str(index.data(Qt.ItemDataRole.ToolTipRole)).startswith("A condition of the ")
    runner.wait_for_done()


def test_a_condition_keeps_its_prefix_where_the_column_has_room(
        qtbot, runner: TaskRunner, demo: Database, tmp_path) -> None:
    dashboard = open_at(qtbot, runner, tmp_path, NORMAL)
    for index in _conditions(dashboard):
        option = _drawn(dashboard.tree, index)
        assert option.text == index.data() and not option.font.italic()
        # The prefix and a good part of the words in view.
        assert len(_shown(option)) > len(CONDITION_PREFIX + "Keep the design")
    runner.wait_for_done()


def test_the_filters_hint_is_whole_at_200_percent(
        qtbot, runner: TaskRunner, demo: Database, tmp_path) -> None:
    dashboard = open_at(qtbot, runner, tmp_path, SMALL)
    edit = dashboard.filter_edit
    hint = edit.placeholderText()
    # Room for the frame, the text margins and the clear button beside the hint.
    assert edit.fontMetrics().horizontalAdvance(hint) <= edit.width() - 40
    assert hint.startswith("Filter: case, company")
    assert "either name of the company" in edit.toolTip()  # the tooltip says it all
    dashboard.resize(*NORMAL)
    qtbot.waitUntil(lambda: edit.placeholderText() == FILTER_HINT)
    assert "(English or Chinese)" in FILTER_HINT
    runner.wait_for_done()


def test_regimes_read_in_their_short_form_at_200_percent(
        qtbot, runner: TaskRunner, demo: Database, tmp_path) -> None:
    dashboard = open_at(qtbot, runner, tmp_path, SMALL)
    tree = dashboard.tree
    codes = set()
    for row in _rows(tree):
        index = row.siblingAtColumn(REGIME)
        code = str(index.data())
        codes.add(code)
        option = _drawn(tree, index)
        # Whole, or its country and first word whole: never "CN-S…".
        assert option.text in (code, short_regime(code))
        assert _shown(option) == option.text
        assert index.data(Qt.ItemDataRole.ToolTipRole) == code  # whole on hover
    assert {"CN-DATA-EXPORT", "CN-TECH-EXPORT", "CN-US-CAPITAL", "CN-SAMR"} <= codes
    # The room came from Target, which still reads: above its floor of 18 characters.
    assert tree.header().sectionSize(TARGET) > 18 * tree.fontMetrics().averageCharWidth()
    runner.wait_for_done()


def test_the_regimes_short_forms_tell_them_apart() -> None:
    tracked = [code for code in PROVISIONS if code != "CN-NEGATIVE-LIST"]  # opens no track
    shorts = [short_regime(code) for code in tracked]
    assert len(set(shorts)) == len(shorts)
    assert short_regime("CN-DATA-EXPORT") == "CN-DATA"
    assert short_regime("CN-US-CAPITAL") == "CN-US"
    assert short_regime("US-OISP") == "US-OISP"

