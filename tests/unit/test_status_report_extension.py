"""The status report's track history says how long an extension is ("extended by 60
calendar days"), as the Timeline and the Tracks tab do, not only "Phase 2 extended"."""

from __future__ import annotations

import json

from approvals.filings import common as k
from approvals.services.filings import _transition
from approvals.store.models import Event
from tests.unit.test_filings_cn_journey import _track


def test_the_history_says_the_extensions_length_in_the_clocks_unit() -> None:
    event = Event(occurred_at="2026-11-20T09:00:00Z", actor="wangjing", role="preparer",
                  action="track.transition", entity="track", entity_id="1", track_id=1,
                  field="state", old_value='"phase_2_review"', new_value='"phase_2_review"',
                  reason="延长审查期限通知", hash="h", prev_hash="p",
                  details=json.dumps({"from": "phase_2_review", "to": "phase_2_review",
                                      "transition": "extend_review", "on": "2026-11-20",
                                      "extension_days": 60}))
    step = _transition(event)
    assert ("extension_days", "60") in step.recorded
    table = k.history_table(_track(history=(step,)), bilingual=False)
    assert table.rows[0][1] == "Phase 2 extended (Phase 2 review)"
    assert table.rows[0][3] == "延长审查期限通知; extended by 60 calendar days"
