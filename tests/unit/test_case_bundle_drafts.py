"""A case window asked for an intake draft (its facts half entered) says what it is and
where to go on, not "ValidationError: 2 validation errors for Facts"."""

from __future__ import annotations

import pytest

from approvals.domain.errors import TransitionRefused
from approvals.services import drafts
from approvals.services.case_lifecycle import discard_draft
from approvals.services.workspace import case_bundle
from approvals.store.audit import Actor


def test_a_draft_is_refused_in_words(db, admin: Actor) -> None:
    with db.session() as s:
        reference = drafts.save_draft(s, actor=admin, data={"target": {"name_en": "X"}}).reference
    with pytest.raises(TransitionRefused, match="is an intake draft, not yet a case: open it "
                                                "from the case list"), db.read_session() as s:
        case_bundle(s, reference=reference)
    with db.session() as s:
        discard_draft(session=s, reference=reference, actor=admin, reason="entered twice")
    with pytest.raises(TransitionRefused, match="is a discarded intake draft"), \
            db.read_session() as s:
        case_bundle(s, reference=reference)
