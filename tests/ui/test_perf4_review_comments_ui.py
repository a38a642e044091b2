"""Review mode's Comments tab: empty, it says where comments come from and how to add one
(it was a blank box); the tab counts the comments, as Documents counts its files."""

from __future__ import annotations

from approvals.ui.review import NO_COMMENTS, ReviewModeWindow
from tests.ui.test_late_fixes_review import rw  # noqa: F401  (the fixture)


def test_the_comments_tab_says_what_it_holds(qtbot, rw: ReviewModeWindow) -> None:  # noqa: F811
    page = rw.tabs.indexOf(rw.comments_page)
    rw.tabs.setCurrentIndex(page)
    assert rw.tabs.tabText(page) == "Commen&ts"
    assert rw.no_comments.isVisible() and rw.no_comments.text() == NO_COMMENTS
    rw.case_comment_edit.setText("Matches the SPA")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        rw.case_comment_button.click()
    qtbot.waitUntil(lambda: rw.comment_list.count() == 1, timeout=10_000)
    assert rw.tabs.tabText(page) == "Commen&ts (1)"
    assert not rw.no_comments.isVisible()
