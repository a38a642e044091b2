"""The Status filter's tooltip is made from the filter's own choices (STATUS_FILTERS) and
names the words the Status column shows for each, "Open (tracks closed)" among them: it
had been written by hand and fell behind the list."""

from __future__ import annotations

from PySide6.QtCore import Qt

from approvals.services.cases import (
    INTAKE_DISCARDED,
    INTAKE_NOT_FINISHED,
    TRACKS_CLOSED,
    TRACKS_WITHDRAWN,
    status_text,
)
from approvals.ui.main_window import STATUS_FILTER_MEANINGS, STATUS_FILTERS, status_filter_tip


def test_every_choice_has_its_meaning_and_the_tip_lists_them_in_order() -> None:
    assert set(STATUS_FILTER_MEANINGS) == {key for _text, key in STATUS_FILTERS}
    lines = status_filter_tip().splitlines()
    assert lines[0] == "Which cases the list shows:"
    assert [line.split(" – ")[0] for line in lines[1:]] == [text for text, _ in STATUS_FILTERS]


def test_the_tip_names_the_status_words_the_list_shows() -> None:
    tip = status_filter_tip()
    words = [status_text(status, ended) for status in ("open", "completed")
             for ended in (TRACKS_CLOSED, TRACKS_WITHDRAWN)]
    assert "Open (tracks closed)" in words
    for word in (*words, INTAKE_NOT_FINISHED, INTAKE_DISCARDED, "Overdue",
                 "Due within 3 working days", "Closed cases"):
        assert word in tip, word
    # "Open (tracks closed)" is said on the Open cases line, where the filter keeps it.
    (open_line,) = [line for line in tip.splitlines() if line.startswith("Open cases – ")]
    assert "“Open (tracks closed)”" in open_line


def test_the_window_shows_it_and_each_choice_says_its_own(qtbot, db, data_dir, admin) -> None:
    from tests.ui.main_window_support import shown_main_window

    window = shown_main_window(qtbot, db, data_dir, admin)
    try:
        combo = window.status_filter
        assert combo.toolTip() == status_filter_tip()
        assert combo.count() == len(STATUS_FILTERS)
        for i, (text, key) in enumerate(STATUS_FILTERS):
            assert combo.itemText(i) == text and combo.itemData(i) == key
            assert combo.itemData(i, Qt.ItemDataRole.ToolTipRole) == \
                f"{text} – {STATUS_FILTER_MEANINGS[key]}"
    finally:
        window.runner.wait_for_done()
