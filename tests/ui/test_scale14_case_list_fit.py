"""The case list at 1280 pixels with Target (Chinese) shown and a long Chinese name: the
others' titles kept their width while Target was cut to 97 pixels ("Zhiyuan …"), the
company's name being what a row is read by. Target keeps TARGET_READABLE while the other
narrowing columns give way, down to NARROWEST; only then does it give its own room."""

from __future__ import annotations

import copy

from PySide6.QtWidgets import QApplication

from approvals.paths import DataDir
from approvals.services.cases import import_case
from approvals.services.demo import demo_facts
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_list import TARGET_COLUMN, TARGET_ZH_COLUMN
from approvals.ui.main_window import NARROWEST, TARGET_READABLE, MainWindow
from tests.ui.main_window_support import shown_main_window

LONG_NAME = "深圳市前海微众智能科技研究院有限公司"


def with_chinese_target(qtbot, demo: Database, data_dir: DataDir, admin: Actor) -> MainWindow:
    facts = copy.deepcopy(demo_facts()[0])
    facts["reference"] = "CN-LONG-1"
    facts["target"]["name_en"] = LONG_NAME  # as some officers type it
    facts["target"]["name_zh"] = LONG_NAME
    with demo.session() as session:
        import_case(session, data=facts, actor=admin)
    window = shown_main_window(qtbot, demo, data_dir, admin)
    window.table.horizontalHeader().setSectionHidden(TARGET_ZH_COLUMN, False)
    window._fit_columns()
    QApplication.processEvents()
    return window


def test_at_1280_target_reads_before_the_other_titles_are_kept(
    qtbot, demo: Database, data_dir: DataDir, admin: Actor
) -> None:
    window = with_chinese_target(qtbot, demo, data_dir, admin)
    header = window.table.horizontalHeader()
    assert window.table.viewport().width() < 1280
    assert header.sectionSize(TARGET_COLUMN) >= TARGET_READABLE
    assert header.sectionSize(TARGET_ZH_COLUMN) >= NARROWEST
    # Still all in the list's width: nothing scrolls sideways.
    assert header.length() <= window.table.viewport().width()
    assert window.table.horizontalScrollBar().maximum() == 0


def test_narrower_still_target_gives_way_last(
    qtbot, demo: Database, data_dir: DataDir, admin: Actor
) -> None:
    window = with_chinese_target(qtbot, demo, data_dir, admin)
    window.resize(1100, 780)
    QApplication.processEvents()
    header = window.table.horizontalHeader()
    target = header.sectionSize(TARGET_COLUMN)
    others = [header.sectionSize(c) for c in (2, 4, TARGET_ZH_COLUMN)]
    assert target >= max(others)  # the name before Investor, Regimes and the Chinese name
    window.resize(1920, 1000)
    QApplication.processEvents()
    assert header.sectionSize(TARGET_COLUMN) >= window._content_widths[TARGET_COLUMN]
