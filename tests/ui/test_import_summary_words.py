"""The summary an imported response shows says when an earlier response came late and
when the reviewer withdrew a proposal (the command line says both; the app said
"Nothing new" for a late response that was set aside)."""

from __future__ import annotations

from approvals.services.review import ImportResult
from approvals.ui.review import import_summary


def _result(**kw: object) -> ImportResult:
    return ImportResult(kind="response", pack_id="r" * 32, in_reply_to="p" * 32,
                        reviewer="rita", reviewer_label="Rita's laptop",
                        references=("AP-2026-0001",), **kw)  # type: ignore[arg-type]


def test_a_late_response_says_which_values_a_later_one_replaced() -> None:
    lines = import_summary(_result(
        comments_skipped=2,
        set_aside=(("AP-2026-0001", "deal.board_seats"), ("AP-2026-0001", "recommendation"))))
    text = "\n".join(lines)
    assert ("A later response from this reviewer was imported before this one and stands "
            "for: Board seats (Deal), the recommendation of AP-2026-0001 (this response's "
            "values are kept as replaced).") in text
    assert "Nothing new" not in text


def test_a_withdrawn_proposal_is_named_in_words() -> None:
    lines = import_summary(_result(withdrawn=(("AP-2026-0001", "deal.board_seats"),)))
    assert "AP-2026-0001: the reviewer withdrew the proposed change to Board seats (Deal)." in lines
    assert not any("Nothing new" in line for line in lines)


def test_nothing_new_still_says_so() -> None:
    assert any("Nothing new" in line for line in import_summary(_result(comments_skipped=1)))


def test_the_review_window_and_the_opened_list_name_a_newer_pack_of_the_case(
        qtbot, runner, data_dir, db, tmp_path, monkeypatch) -> None:
    """The sender wrote a second pack of the case (edited meanwhile), also open here: the
    window of the older pack says to review the newer one; the window of the newer one
    says nothing; the list of opened packs marks the older one."""
    from approvals.exchange import pack as pack_module
    from approvals.services import review
    from approvals.ui.review import OpenedPacksDialog, ReviewModeWindow
    from tests.review_support import PAT, RITA, open_review_pair

    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        later = tmp_path / "review-2.zip"
        monkeypatch.setattr(pack_module, "utc_now", lambda: "2099-01-01T09:00:00Z")
        with db.session() as s:
            second = review.export_review_pack(s, data_dir=data_dir, references=[pair.reference],
                                               out=later, actor=PAT).pack_id
        monkeypatch.undo()
        with pair.b_db.session() as s:
            review.open_review_pack(s, data_dir=pair.b_dir, path=later, actor=RITA)

        older = ReviewModeWindow(runner, RITA, pair.b_dir, pair.pack_id)
        newer = ReviewModeWindow(runner, RITA, pair.b_dir, second)
        for window in (older, newer):
            qtbot.addWidget(window)
            window.reload()
        qtbot.waitUntil(lambda: older.view is not None and newer.view is not None, timeout=10_000)
        assert not older.newer_notice.isHidden() and newer.newer_notice.isHidden()
        assert (f"{pair.reference}</b> is also in review pack {second[:8]}, which the sender "
                "wrote later: review it there") in older.newer_notice.text()

        listing = OpenedPacksDialog(runner, pair.b_dir)
        qtbot.addWidget(listing)
        qtbot.waitUntil(lambda: listing.packs.count() == 2, timeout=10_000)
        texts = [listing.packs.item(i).text() for i in range(2)]
        assert sum(f"{pair.reference}: newer pack {second[:8]}" in t for t in texts) == 1
    finally:
        pair.b_db.dispose()


def test_the_keys_dialog_trusts_a_packs_signer_only_with_the_fingerprint(
        qtbot, runner, data_dir, db, tmp_path) -> None:
    """Load a review pack from a sender not trusted yet in the keys dialog: its signer's
    key is filled in, Trust without the fingerprint read out by the sender is refused with
    the reason, and with it the key is trusted."""
    from approvals.paths import DataDir
    from approvals.services import review
    from approvals.store.migrate import open_database
    from approvals.ui.review import KEY_FROM_PACK_NEEDS_FINGERPRINT, KeysDialog
    from tests.review_support import ROOT, open_review_pair
    from tests.ui.test_file_dialogs import choose

    pair = open_review_pair(tmp_path, data_dir, db)  # A's pack, which C does not trust
    c_dir = DataDir(tmp_path / "C").ensure()
    c_db = open_database(c_dir)
    try:
        from approvals.ui.workers import TaskRunner

        c_runner = TaskRunner(c_db)
        keys = KeysDialog(c_runner, ROOT, c_dir)
        qtbot.addWidget(keys)
        qtbot.waitUntil(lambda: keys.identity is not None, timeout=10_000)
        choose(qtbot, keys._load_key_file(), pair.pack)
        a = review.installation_identity(data_dir)
        qtbot.waitUntil(lambda: keys.key_edit.toPlainText() == a.public_key_text, timeout=10_000)
        assert "type the fingerprint the sender reads out" in keys.status.text()
        keys.label_edit.setText("Preparer desk")
        keys.trust()
        assert keys.status.text() == KEY_FROM_PACK_NEEDS_FINGERPRINT
        with c_db.read_session() as s:
            assert review.list_trusted_keys(s) == []
        keys.expected_edit.setText(a.fingerprint_grouped)
        with qtbot.waitSignal(keys.changed, timeout=10_000):
            keys.trust()
        with c_db.read_session() as s:
            assert [k.fingerprint for k in review.list_trusted_keys(s)] == [a.fingerprint]
        c_runner.wait_for_done()
    finally:
        pair.b_db.dispose()
        c_db.dispose()
