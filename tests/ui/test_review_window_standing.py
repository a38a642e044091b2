"""The reviewer's review window says what `approvals review open` and `review list` say of
a pack: that it was open already, that it is the newer (or older) of two packs of a case
from the same sender, and that a response was sent from it (the earlier one answered an
earlier version of the case)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow

from approvals.exchange import pack as pack_module
from approvals.services import review
from approvals.ui.review import (
    ReviewModeWindow,
    install_review_features,
    newer_notice_html,
    pack_notes_html,
    pack_standing,
)
from approvals.ui.workers import TaskRunner
from tests.review_support import PAT, RITA, ReviewPair, open_review_pair
from tests.ui.review_window_support import review_features


def _summary(pack_id: str, created_at: str, *, responded: bool = False,
             newer: tuple[tuple[str, str], ...] = ()) -> review.ReviewSummary:
    return review.ReviewSummary(pack_id, "Preparer", "f" * 64, created_at, created_at,
                                ("AP-2026-0001",), responded, newer)


def _view(pack_id: str) -> review.ReviewView:
    return review.ReviewView(pack_id, "Preparer", "f" * 64, "2026-11-01T09:00:00Z", "pat")


def test_the_notes_say_which_pack_is_newer_and_what_was_answered() -> None:
    old, new = "o" * 32, "n" * 32
    opened = [_summary(new, "2026-11-02T09:00:00Z"),
              _summary(old, "2026-11-01T09:00:00Z", responded=True,
                       newer=(("AP-2026-0001", new),))]
    standing = pack_standing(_view(new), "e" * 64, opened)
    assert standing.older == (("AP-2026-0001", old),) and standing.newer == ()
    assert not standing.responded
    notes = pack_notes_html(standing)
    assert ("<b>AP-2026-0001</b> is also in review pack oooooooo, opened here before, which "
            "the sender wrote earlier: this pack is the newer one") in notes
    assert "You already sent a response from that pack; it answered the earlier version." in notes
    assert "already open" not in notes and "from this pack" not in notes

    earlier = pack_standing(_view(old), "e" * 64, opened)
    assert earlier.responded and earlier.newer == (("AP-2026-0001", new),) and not earlier.older
    assert "You have already sent a response from this pack." in pack_notes_html(earlier)
    assert pack_notes_html(pack_standing(_view(new), "e" * 64, opened[:1])) == ""
    # Two cases moved on to newer packs: each named, the answered note said once.
    two = dataclasses.replace(earlier, newer=(("AP-2026-0001", new), ("AP-2026-0002", new)))
    warning = newer_notice_html(two)
    assert warning.count("is also in review pack nnnnnnnn") == 2
    assert warning.count("Your response from this pack answered the earlier version") == 1
    assert "already open here" in pack_notes_html(None, reopened=True)


@pytest.fixture
def pair(tmp_path: Path, data_dir, db):
    made = open_review_pair(tmp_path, data_dir, db)
    yield made
    made.b_db.dispose()


def _second_pack(pair: ReviewPair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A later pack of the same case from A (written, by its stamp, after the first)."""
    later = tmp_path / "review-2.zip"
    monkeypatch.setattr(pack_module, "utc_now", lambda: "2099-01-01T09:00:00Z")
    with pair.a_db.session() as s:
        review.export_review_pack(s, data_dir=pair.a_dir, references=[pair.reference],
                                  out=later, actor=PAT, drafts=False)
    monkeypatch.undo()
    return later


def test_opening_a_newer_pack_updates_both_windows_and_answered_packs_say_so(
        qtbot, tmp_path, pair: ReviewPair, monkeypatch) -> None:
    """B has answered the first pack and keeps its window open; A sends a second pack of
    the case. Opening it from the Review menu: the new window says it is the newer pack
    and that the earlier one was answered; the first window, read again, says to review
    the newer pack and that its response answered the earlier version."""
    with review_features(qtbot, pair) as (features, b_runner):
        first = features.show_review(pair.pack_id)
        qtbot.waitUntil(lambda: first.view is not None, timeout=10_000)
        assert first.pack_notes.isHidden() and first.newer_notice.isHidden()
        review.set_recommendation(data_dir=pair.b_dir, pack_id=pair.pack_id,
                                  reference=pair.reference, recommendation="approve",
                                  reasons="", actor=RITA)
        with qtbot.waitSignals([first.response_exported, first.loaded], timeout=20_000):
            first.export_response(tmp_path / "response.zip")
        assert not first.pack_notes.isHidden()
        assert "You have already sent a response from this pack" in first.pack_notes.text()

        later = _second_pack(pair, tmp_path, monkeypatch)
        got: list[review.OpenedPack] = []
        features.opened.connect(got.append)
        with qtbot.waitSignals([features.opened, first.loaded], timeout=20_000):
            features.open_file(later)
        (opened,) = got
        assert not opened.already_open and opened.older == ((pair.reference, pair.pack_id),)
        second = features.review_windows[opened.pack_id]
        qtbot.waitUntil(lambda: second.view is not None, timeout=10_000)
        notes = second.pack_notes.text()
        assert not second.pack_notes.isHidden() and second.newer_notice.isHidden()
        assert (f"<b>{pair.reference}</b> is also in review pack {pair.pack_id[:8]}, opened "
                "here before, which the sender wrote earlier: this pack is the newer one") in notes
        assert "You already sent a response from that pack" in notes
        # The first window learnt of the newer pack without being closed and opened again.
        assert not first.newer_notice.isHidden()
        assert (f"is also in review pack {opened.pack_id[:8]}, which the sender wrote later"
                in first.newer_notice.text())
        assert ("Your response from this pack answered the earlier version of the case."
                in first.newer_notice.text())

        # A second response from the older pack: the newer pack's window, open meanwhile,
        # is read again too (it names the older pack's answers).
        review.set_recommendation(data_dir=pair.b_dir, pack_id=pair.pack_id,
                                  reference=pair.reference, recommendation="return",
                                  reasons="Board seats", actor=RITA)
        with qtbot.waitSignals([first.response_exported, second.loaded], timeout=20_000):
            first.export_response(tmp_path / "response-2.zip")
        assert "You already sent a response from that pack" in second.pack_notes.text()

        # The same file opened again stores nothing new; the window says so.
        with qtbot.waitSignal(features.opened, timeout=20_000) as again:
            features.open_file(later)
        assert again.args[0].already_open
        assert "This pack was already open here" in second.pack_notes.text()
        second.reload()  # and keeps saying it when it reads the pack again
        qtbot.waitUntil(lambda: b_runner.idle, timeout=10_000)
        assert "This pack was already open here" in second.pack_notes.text()
        for window in (first, second):
            window.close()


def test_a_pack_opened_again_by_import_says_it_was_open_already(
        qtbot, tmp_path, pair: ReviewPair) -> None:
    """Review → Import with a review pack opened here before: the window says its input
    was kept, as `review import` says "was already open"."""
    b_runner = TaskRunner(pair.b_db)
    main = QMainWindow()
    qtbot.addWidget(main)
    features = install_review_features(main, b_runner, RITA, pair.b_dir)
    try:
        with qtbot.waitSignal(features.imported, timeout=20_000) as imported:
            features.import_file(pair.pack)
        assert imported.args[0].already_open
        window = features.review_windows[pair.pack_id]
        assert isinstance(window, ReviewModeWindow)
        qtbot.waitUntil(lambda: window.view is not None, timeout=10_000)
        assert not window.pack_notes.isHidden()
        assert window.pack_notes.text().startswith(
            "ℹ This pack was already open here: nothing new was stored, and your review "
            "input so far is kept.")
        window.close()
    finally:
        b_runner.wait_for_done()
        qtbot.waitUntil(lambda: b_runner.idle, timeout=10_000)


def test_the_opened_list_marks_the_newer_and_the_older_pack(qtbot, runner, data_dir) -> None:
    from approvals.ui.review import OpenedPacksDialog

    old, new = "o" * 32, "n" * 32
    listing = OpenedPacksDialog(runner, data_dir)
    qtbot.addWidget(listing)
    qtbot.waitUntil(lambda: listing.packs.count() == 1, timeout=10_000)  # none opened yet
    listing.packs.clear()
    listing._show([_summary(new, "2026-11-02T09:00:00Z"),
                   _summary(old, "2026-11-01T09:00:00Z", responded=True,
                            newer=(("AP-2026-0001", new),))])
    newer_row, older_row = (listing.packs.item(i).text() for i in range(2))
    assert newer_row.endswith(" — AP-2026-0001: newer than pack oooooooo")
    assert "(answered) — AP-2026-0001: newer pack nnnnnnnn" in older_row
    # Each row names its own pack as the notes name the other one, and wraps rather than
    # hiding its end behind a horizontal scroll bar.
    assert " as pack nnnnnnnn" in newer_row and " as pack oooooooo (answered)" in older_row
    assert listing.packs.wordWrap()
