"""Review mode's tabs (Facts, Documents, Comments, Tracks and history, Recommendation) had
no Alt letters, unlike the case window's: each has one now, clashing with none of the
window's other controls."""

from __future__ import annotations

from PySide6.QtCore import Qt

from approvals.ui.widgets import access_key
from tests.review_support import ReviewPair
from tests.ui.review_window_support import review_window
from tests.ui.ux_checks import mnemonic_clashes


def test_every_review_tab_has_an_alt_letter_of_its_own(qtbot, review_pair: ReviewPair) -> None:
    with review_window(qtbot, review_pair) as window:
        tabs = window.tabs
        keys = [access_key(tabs.tabText(i)) for i in range(tabs.count())]
        assert all(keys) and len(set(keys)) == len(keys), keys
        assert mnemonic_clashes(window) == []
        window.activateWindow()
        qtbot.waitActive(window)
        last = tabs.count() - 1
        qtbot.keyClick(window, Qt.Key(ord(keys[last].upper())), Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: tabs.currentIndex() == last, timeout=5_000)
