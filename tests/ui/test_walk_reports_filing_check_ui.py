"""Check a filing at 200 %: the PDF tab stood as high as the paper copy's four fields (a
tab widget is as high as its highest page), leaving an empty box that pushed the verdict
out of sight. The source box is now as high as the page shown."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.ui.workers import TaskRunner
from tests.ui.test_filing_check_ui import open_dialog
from tests.ui.ux_checks import problems


def test_the_source_box_is_as_high_as_the_page_shown(qtbot, runner: TaskRunner,
                                                     data_dir: DataDir) -> None:
    dialog = open_dialog(qtbot, runner, data_dir)
    tabs = dialog.source_tabs
    pdf_page, paper_page = tabs.widget(0), tabs.widget(1)
    assert tabs.currentIndex() == 0
    frame = tabs.tabBar().sizeHint().height() + 16  # the tab bar and the frame's few pixels
    assert pdf_page.sizeHint().height() < paper_page.sizeHint().height()
    qtbot.waitUntil(lambda: tabs.height() <= pdf_page.sizeHint().height() + frame,
                    timeout=2_000)
    # No empty band under it either (the body's layout asked the tabs' height for a width,
    # the highest page's, and left the difference as a gap above Check).
    body = dialog.body_area.widget()
    check_top = dialog.check_button.mapTo(body, dialog.check_button.rect().topLeft()).y()
    assert check_top - tabs.geometry().bottom() <= 2 * body.layout().spacing() + 8
    assert problems("pdf tab", dialog) == []
    tabs.setCurrentIndex(1)  # the paper copy's fields all show
    qtbot.waitUntil(lambda: tabs.height() >= paper_page.sizeHint().height(), timeout=2_000)
    assert paper_page.height() >= paper_page.sizeHint().height()
    assert problems("paper copy", dialog) == []
    tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: tabs.height() <= pdf_page.sizeHint().height() + frame,
                    timeout=2_000)
