"""Find in the user guide finds what an officer types in the words of other programs:
"lockout" found nothing (the guide writes "lock-out"), "sign-out" missed every "Sign out",
and "login" or "log in" found nothing about signing in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtGui import QTextCursor

from approvals.ui.help import GuideSource, GuideWindow

GUIDE = """# Guide

## Signing in

Sign in with your user name. Five wrong passwords cause a lock-out; an administrator can
lift a lock out early.

## Sharing a desk

Users ▸ Sign out ends your session; the sign-out is recorded. The current user and a
cur rent typo.
"""


@pytest.fixture
def guide(qtbot) -> Iterator[GuideWindow]:
    window = GuideWindow()
    window.show_source(GuideSource(markdown=GUIDE, origin="a test"))
    window.show()
    yield window
    # Deleted, not only closed: a guide window without a parent would be found by the
    # next test's open_guide_at(None) and shown with this test's text.
    shiboken6.delete(window)


def find(guide: GuideWindow, text: str) -> list[str]:
    """Every match's text, from the first Find from the top on."""
    guide.text.moveCursor(QTextCursor.MoveOperation.Start)
    guide.find_edit.setText(text)
    assert guide.find_next()
    seen = []
    for _ in guide._find_hits:
        seen.append(guide.text.textCursor().selectedText())
        guide.find_next()
    return seen


def test_letters_written_together_find_them_hyphenated_or_apart(guide: GuideWindow) -> None:
    assert find(guide, "lockout") == ["lock-out", "lock out"]
    assert guide.find_status.text().startswith("1 of 2")


def test_a_hyphen_or_space_typed_finds_every_way_of_writing_it(guide: GuideWindow) -> None:
    assert find(guide, "sign-out") == ["Sign out", "sign-out"]
    assert find(guide, "sign out") == ["Sign out", "sign-out"]


def test_a_word_typed_whole_is_found_as_it_is_first(guide: GuideWindow) -> None:
    assert find(guide, "current") == ["current"]  # not "cur rent"


def test_the_words_of_other_programs_find_the_guides(guide: GuideWindow) -> None:
    assert find(guide, "log in") == ["Sign in"]
    assert find(guide, "Logout") == ["Sign out", "sign-out"]
    assert "“sign out”" in guide.find_status.text()  # says what it looked for


def test_nothing_found_still_says_so(guide: GuideWindow) -> None:
    guide.find_edit.setText("zebra")
    assert not guide.find_next()
    assert guide.find_status.text() == "No match for “zebra”"
