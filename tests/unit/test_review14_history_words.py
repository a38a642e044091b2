"""Review mode's Tracks and history said a track's due day as stored ("due 2026-12-31")
and each event's actor by login: the day as the case view's Tracks tab says it, the actor
by the name the pack gives (a pack of an earlier release: the login)."""

from __future__ import annotations

from approvals.services import review as review_service
from approvals.ui.review import history_text


def _case(events: list[dict]) -> review_service.ReviewCase:
    tracks = [
        {
            "id": 7,
            "kind": "CN-FISR",
            "regime": "CN-FISR",
            "state": "general_review",
            "due_date": "2026-12-31",
            "due_estimated": False,
        }
    ]
    return review_service.ReviewCase(
        reference="AP-2026-0002",
        status="open",
        version=2,
        facts={},
        tracks=tracks,
        events=events,
        comments=[],
        documents=[],
        proposals=[],
        recommendation=None,
        reasons="",
    )


def _created(**names: str) -> dict:
    return {
        "occurred_at": "2026-11-29T08:22:35Z",
        "actor": "li.wei",
        "action": "case.created",
        "field": None,
        "old_value": None,
        "new_value": "{}",
        "track_id": None,
        "reason": "",
        **names,
    }


def test_the_due_day_is_said_as_the_app_says_days() -> None:
    text = history_text(_case([]))
    assert "CN-FISR — General review, due 31 Dec 2026" in text
    assert "2026-12-31" not in text


def test_the_actor_is_named_as_the_pack_names_them() -> None:
    assert "08:22 UTC  Li Wei (li.wei)  Case created" in history_text(
        _case([_created(actor_name="Li Wei")])
    )
    # A pack of an earlier release names no one: the login, as it always said.
    assert "08:22 UTC  li.wei  Case created" in history_text(_case([_created()]))
