"""The case list at 200 % on a 1366×768 laptop screen (683×384 logical pixels; the
window opens at 95 % of that width): the columns that say least about a case's standing
give way (elided, whole on hover), each down to a width that still says something
("Allegh…", "USD 150m"), not to 36 pixels ("All…", "US…"); with every column shown,
Target (Chinese) too, the list scrolls sideways rather than crush them, Reference,
Target and Status in sight. The column chooser still works there, and widths the officer
drags are kept, after a restart too.

Qt lays a window out in logical pixels, and the fonts' metrics scale with the device
pixel ratio, so a window of 200 % logical size lays out exactly as at 200 %."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray

from approvals.paths import DataDir
from approvals.services.cases import CaseRow
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_list import (
    DEADLINE_COLUMN,
    OWNER_COLUMN,
    REFERENCE_COLUMN,
    STATUS_COLUMN,
    TARGET_COLUMN,
    TARGET_ZH_COLUMN,
    prepare_rows,
)
from approvals.ui.files import settings_for
from approvals.ui.main_window import (
    COLUMN_WIDTHS,
    NARROWEST,
    LoadedList,
    MainWindow,
)
from approvals.ui.workers import TaskRunner

# 1366×768 at 200 %: the window's first size (resize_to_screen: 95 % × 90 %).
AT_200 = (int(1366 / 2 * 0.95), int(768 / 2 * 0.9))
KEY_COLUMNS = (REFERENCE_COLUMN, TARGET_COLUMN, STATUS_COLUMN, DEADLINE_COLUMN)
INVESTOR = 2


def case_row(n: int) -> CaseRow:
    blocked = (("US-OISP", "prohibited by screening"),) if n % 5 == 0 else ()
    return CaseRow(
        id=n, reference=f"AP-2026-{n:04d}", target=f"Shenzhen Deep Vision Robotics {n} Co., Ltd.",
        investor="Allegheny Strategic Holdings Inc.", amount_value=150_000_000.0,
        amount_currency="USD", status="open", owner="li.wei", updated_at="",
        regimes=("CN-FISR", "CN-SAMR", "US-OISP"), worst_state="general_review",
        next_deadline=f"2027-0{1 + n % 9}-1{n % 10}", next_deadline_estimated=n % 2 == 0,
        target_zh="深圳机械视觉机器人有限公司", blocked=blocked)


@pytest.fixture
def make_window(qtbot, db: Database, data_dir: DataDir, admin: Actor):
    windows: list[MainWindow] = []

    def make(size: tuple[int, int] = AT_200) -> MainWindow:
        window = MainWindow(TaskRunner(db), data_dir, admin)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.runner.idle and window.count_label.text() != "",
                        timeout=10_000)
        # Thirty cases: a vertical scroll bar takes its width from the list too.
        window._show_cases(LoadedList(prepare_rows([case_row(n) for n in range(1, 31)]),
                                      ("CN-FISR",), None, None), window._generation)
        qtbot.waitUntil(lambda: window.runner.idle, timeout=10_000)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.columns_menu.close()
        window.runner.wait_for_done()


def in_sight(window: MainWindow, column: int) -> bool:
    """The whole column lies within the list's viewport, as it is scrolled now."""
    header = window.table.horizontalHeader()
    left = header.sectionViewportPosition(column)
    return (not header.isSectionHidden(column) and left >= 0
            and left + header.sectionSize(column) <= window.table.viewport().width())


def gave_way(window: MainWindow) -> bool:
    """The window's width fitted: Investor gave way from its width at 1280 pixels."""
    return window.table.horizontalHeader().sectionSize(INVESTOR) < COLUMN_WIDTHS[INVESTOR]


def fits(window: MainWindow) -> bool:
    header = window.table.horizontalHeader()
    return (window.table.horizontalScrollBar().maximum() == 0
            and header.length() <= window.table.viewport().width())


def test_at_200_percent_the_key_columns_stay_in_sight_with_every_column_shown(
        qtbot, make_window) -> None:
    window = make_window()
    window.set_column_shown(TARGET_ZH_COLUMN, True)
    header = window.table.horizontalHeader()
    assert window.table.verticalScrollBar().isVisible()
    qtbot.waitUntil(lambda: gave_way(window))
    assert window.table.viewport().width() < 640  # it is that narrow
    for column in (REFERENCE_COLUMN, TARGET_COLUMN, STATUS_COLUMN):
        assert in_sight(window, column), column
    # Target at its narrowest at least, Status its common words (elided beyond, whole on
    # hover), Next deadline its date.
    assert header.sectionSize(TARGET_COLUMN) >= NARROWEST
    status_word = window.table.fontMetrics().horizontalAdvance("Acknowledged")
    assert header.sectionSize(STATUS_COLUMN) >= status_word
    date_width = header.fontMetrics().horizontalAdvance("2026-12-31") + 24
    assert header.sectionSize(DEADLINE_COLUMN) >= date_width
    # The others gave way, none below what still reads: each still shows, elided, and
    # says its whole text on hover. No room for them all: the list scrolls sideways.
    for column in (INVESTOR, 3, 4, TARGET_ZH_COLUMN, OWNER_COLUMN):
        assert window.squeezed_width(column) <= header.sectionSize(column) \
            < COLUMN_WIDTHS.get(column, 1000)
    assert window.model.index(0, INVESTOR).data(3) == "Allegheny Strategic Holdings Inc."
    scroll = window.table.horizontalScrollBar()
    qtbot.waitUntil(lambda: scroll.maximum() == header.length() - window.table.viewport().width())
    assert scroll.maximum() > 0
    scroll.setValue(scroll.maximum())
    qtbot.waitUntil(lambda: in_sight(window, OWNER_COLUMN))
    scroll.setValue(0)
    assert window.fit_columns  # fitting the window is not the officer's sizing

    # Wider again (the window maximised): the columns take their widths back.
    window.resize(1280, 780)
    qtbot.waitUntil(lambda: header.sectionSize(INVESTOR) >= NARROWEST)
    assert fits(window)


def test_the_column_chooser_works_at_200_percent(qtbot, make_window) -> None:
    window = make_window()
    header = window.table.horizontalHeader()
    window.column_actions[TARGET_ZH_COLUMN].trigger()  # shown, as from its menu
    assert not header.isSectionHidden(TARGET_ZH_COLUMN)
    qtbot.waitUntil(lambda: gave_way(window) and not fits(window))
    # Hiding columns gives their room to the others: with Target (Chinese), Investor and
    # Owner hidden every column is in sight, Target the wider for it.
    target = header.sectionSize(TARGET_COLUMN)
    for column in (TARGET_ZH_COLUMN, INVESTOR, OWNER_COLUMN):
        window.column_actions[column].trigger()
        assert header.isSectionHidden(column)
    qtbot.waitUntil(lambda: fits(window) and header.sectionSize(TARGET_COLUMN) > target)
    assert all(in_sight(window, c) for c in KEY_COLUMNS)
    # Next deadline, now the last column, fills the rest; its date is not cut.
    assert window._stretched_column() == DEADLINE_COLUMN
    window.column_actions[OWNER_COLUMN].trigger()
    qtbot.waitUntil(lambda: not header.isSectionHidden(OWNER_COLUMN))
    assert all(in_sight(window, c) for c in (*KEY_COLUMNS, OWNER_COLUMN))
    assert window.fit_columns


def test_widths_the_officer_drags_at_200_percent_are_kept(
        qtbot, make_window, data_dir: DataDir) -> None:
    window = make_window()
    window.set_column_shown(TARGET_ZH_COLUMN, True)
    header = window.table.horizontalHeader()
    qtbot.waitUntil(lambda: gave_way(window))
    header.resizeSection(TARGET_COLUMN, 220)  # a drag on the header's edge
    assert not window.fit_columns
    # The window resized: the officer's widths stay (a scroll bar rather than undoing them).
    window.resize(AT_200[0] - 40, AT_200[1])
    qtbot.waitUntil(lambda: window.table.width() < AT_200[0] - 30)
    assert header.sectionSize(TARGET_COLUMN) == 220
    investor = header.sectionSize(INVESTOR)
    window.close()
    stored = settings_for(data_dir)
    assert isinstance(stored.value("main_window/case_table"), QByteArray)
    assert stored.value("main_window/case_table_fitted") in (False, "false")
    # After a restart: the same widths, still the officer's, Target (Chinese) still shown.
    again = make_window()
    again_header = again.table.horizontalHeader()
    assert not again.fit_columns
    assert again_header.sectionSize(TARGET_COLUMN) == 220
    assert again_header.sectionSize(INVESTOR) == investor
    assert not again_header.isSectionHidden(TARGET_ZH_COLUMN)
