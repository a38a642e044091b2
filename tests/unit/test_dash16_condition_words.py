"""The deadlines dashboard (and its PDF and CSV, which read the same rows) gives a
condition in its own words: the app's "(due date estimated: …)" note was shown as part
of the condition's text, beside a Due column already saying "(estimated)"."""

from __future__ import annotations

from approvals.services.workspace import open_deadlines
from approvals.store.db import Database


def test_a_condition_with_an_estimated_due_date_is_listed_in_its_own_words(
        demo: Database) -> None:
    with demo.read_session() as s:
        conditions = [t for t in open_deadlines(s) if t.condition]
    estimated = [t for t in conditions if t.due_estimated]
    assert estimated, "the demo holds a condition due in a year without an official schedule"
    for row in conditions:
        assert "estimated" not in row.condition, row.condition
    assert any(t.condition.startswith("Keep the design data") for t in estimated)
