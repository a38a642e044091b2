"""Review mode's Tracks and history names the document an event is about, as the case
view's Timeline does ("Document attached: big-dataroom.pdf", not "Document attached")."""

from __future__ import annotations

import json

from approvals.services.review import ReviewCase
from approvals.ui.review import history_text


def _case(events: list[dict]) -> ReviewCase:
    return ReviewCase("AP-2026-0001", "open", 2, {}, [], events, [], [], [], None, "")


def test_a_document_event_names_its_file() -> None:
    attached = {"action": "document.attached", "actor": "pat",
                "occurred_at": "2026-11-30T12:53:00Z",
                "new_value": json.dumps({"file_name": "big-dataroom.pdf", "size": 100}),
                "old_value": None}
    other = {"action": "case.created", "actor": "pat", "occurred_at": "2026-11-30T12:00:00Z"}
    text = history_text(_case([other, attached]))
    assert "pat  Document attached: big-dataroom.pdf" in text
    assert "pat  Case created\n" in text + "\n"


def test_a_document_event_without_a_name_stays_as_it_was() -> None:
    withdrawn = {"action": "document.withdrawn", "actor": "li.wei",
                 "occurred_at": "2026-11-30T12:32:00Z",
                 "old_value": json.dumps({"status": "in force"}),
                 "new_value": json.dumps({"status": "withdrawn"})}
    assert history_text(_case([withdrawn])).rstrip().endswith("li.wei  Document withdrawn")
