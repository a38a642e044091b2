"""A change of a case's facts reads in words, on the review page of the edit and in the
case's Timeline alike: activities by name, a fact not given before as "not stated", a
place with its name, Yes / No (they showed ["ai_model_development"] → [...], ∅ → true
and 32000000 → 35000000). The audit trail keeps the values themselves."""

from __future__ import annotations

from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.case_edit import update_case_facts
from approvals.services.cases import create_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from approvals.ui.wizard import changes_text
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_wizard_audit2 import example

CHANGES = [
    ("target.activities", ["ai_model_development"],
     ["ai_model_development", "semiconductor_design"]),
    ("target.security_sectors", None, ["key_technologies"]),
    ("deal.amount.value", 25_000_000, 30_000_000),
    ("deal.instrument", "equity", "lp_interest"),
    ("deal.veto_rights", None, False),
    ("target.headquarters", "HK", "CN"),
    ("deal.technology_transfer.restricted_catalogue_items", [], ["184301X"]),
]


def test_the_review_of_an_edit_writes_each_change_in_words() -> None:
    text = changes_text(CHANGES)
    assert "Changes to be recorded (7)" in text
    assert ("Activities (Target company): AI model development → AI model development, "
            "Semiconductor design") in text
    assert "Security-review fields (Target company): not stated → Key technologies" in text
    assert "25,000,000 → 30,000,000" in text
    assert "Equity acquisition → Limited partner interest in a fund" in text
    assert "not stated → No" in text
    assert "HK (Hong Kong, China) → CN (China)" in text
    assert "none → 184301X" in text
    for raw in ("ai_model_development", "∅", "[", "key_technologies", "lp_interest"):
        assert raw not in text, raw


def test_the_timeline_writes_a_changed_fact_in_words(
        qtbot, runner: TaskRunner, admin: Actor, db: Database, data_dir: DataDir) -> None:
    data = example("frontier-lab.json")
    data["target"].pop("security_sectors", None)
    with db.session() as s:
        case = create_case(s, facts=parse_facts(data), actor=admin)
    changed = example("frontier-lab.json")
    changed["target"]["security_sectors"] = ["key_technologies"]
    changed["deal"]["amount"]["value"] = 32_000_000
    with db.session() as s:
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(changed), actor=admin, reason="term sheet v2")
        recorded = {e.field: (e.old_value, e.new_value) for e in s.exec(
            select(Event).where(Event.action == "field.changed")).all()}
    assert recorded["target.security_sectors"] == (None, '["key_technologies"]')  # as stored
    view = open_view(qtbot, runner, admin, data_dir, case.reference)
    view.tabs.setCurrentWidget(view.timeline_page)
    shown = {view.timeline.item(r, 3).text(): view.timeline.item(r, 4).text()
             for r in range(view.timeline.rowCount())
             if view.timeline.item(r, 2).text() == "Fact changed"}
    assert shown["Security-review fields (Target company)"] == "not stated → Key technologies"
    amount = next(v for k, v in shown.items() if k.startswith("Amount (Deal)"))
    assert amount.endswith("→ 32,000,000") and "," in amount.split(" → ")[0]
