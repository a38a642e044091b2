"""Wording an officer reads: the audit anchor's times as the app writes times, and the
place names the code's own descriptions give as the filings print them."""

from __future__ import annotations

import re

import pytest

from approvals import resources
from approvals.domain.audit import Anchor
from approvals.store.anchor import AnchorFile, assess

RECORDED = "2026-11-29T05:48:30Z"
SHOWN = "2026-11-29 05:48 UTC"  # domain.dates.utc_text's wording


@pytest.mark.parametrize(("last_id", "state"), [(7, "matches"), (9, "behind")])
def test_the_anchor_says_when_it_was_recorded_as_the_app_writes_times(
    last_id: int, state: str
) -> None:
    anchor = Anchor(7, "ab" * 32, RECORDED)
    result = assess(
        AnchorFile(True, anchor), last_id=last_id, hash_at_anchor=anchor.hash, started=None
    )
    assert result.verdict == state
    assert SHOWN in result.message
    assert RECORDED not in result.message


def test_a_deleted_anchor_says_when_anchoring_began_as_the_app_writes_times() -> None:
    result = assess(
        AnchorFile(False), last_id=12, hash_at_anchor=None, started={"event_id": 1, "at": RECORDED}
    )
    assert result.verdict == "broken"
    assert f"#1 at {SHOWN}" in result.message
    assert RECORDED not in result.message


def test_the_label_data_description_names_places_as_the_labels_do() -> None:
    described = " ".join((resources.label_data.__doc__ or "").split())
    countries = resources.label_data()["countries"]
    assert "Hong Kong SAR" not in described
    for code in ("HK", "MO"):
        english = countries[code][0]
        assert re.search(re.escape(english), described), (code, english)
