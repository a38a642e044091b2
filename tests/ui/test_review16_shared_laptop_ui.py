"""Review mode on a shared laptop: the Comments tab marked another user's comment typed
here as "[yours]" ("[yours] ben on the case: …" for Zhang Min signed in). It goes in the
response under ben's name: it is marked as typed here, to send, and only one's own is
"yours"."""

from __future__ import annotations

from approvals.services import review
from approvals.store.audit import Actor
from approvals.ui.review import ReviewModeWindow
from tests.review_support import RITA, open_review_pair

BEN = Actor("ben", ("reviewer",))


def test_another_users_comment_is_not_marked_yours(qtbot, runner, data_dir, db,
                                                   tmp_path) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    pair.b_db.dispose()
    for who, text in ((BEN, "Fine as it stands."), (RITA, "Check the SPA.")):
        review.add_review_comment(data_dir=pair.b_dir, pack_id=pair.pack_id,
                                  reference=pair.reference, body=text, actor=who)
    window = ReviewModeWindow(runner, RITA, pair.b_dir, pair.pack_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.view is not None, timeout=10_000)
    lines = [window.comment_list.item(i).text() for i in range(window.comment_list.count())]
    assert "[typed here, to send] ben on the case: Fine as it stands." in lines
    assert "[yours] rita on the case: Check the SPA." in lines
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
