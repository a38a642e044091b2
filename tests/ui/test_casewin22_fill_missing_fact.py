"""Edit facts… opened the wizard on page 1 whatever the Tracks tab said to fill in
("Submit for internal review: … fill in Commercial rationale (Deal)"): the officer paged
through the screens to the field. Under the reasons, "Fill in Commercial rationale
(Deal)…" opens the wizard on that field's page with the cursor in it."""

from __future__ import annotations

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_steps import missing_step_facts
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view

RATIONALE = "deal.commercial_rationale"


def test_fill_in_opens_the_wizard_at_the_missing_fact(
        qtbot, runner: TaskRunner, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    # AP-2026-0005: a US notification in Draft, the deal's commercial rationale not stated.
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0005", track="US-OISP")
    assert not view.track_buttons["submit_for_review"].isEnabled()
    assert "Commercial rationale" in view.actions_blocked.text()
    button = view.fill_fact_button
    assert button.isVisibleTo(view) and button.isEnabled(), button.toolTip()
    # With an Alt key of its own (every letter of its name is taken by the window's other
    # keys and the workflow's steps): Alt+Q.
    assert button.text() == "Fill in Commercial rationale (Deal)… (&Q)"
    assert button.accessibleName() == "Fill in Commercial rationale (Deal)…"
    button.click()
    wizard = view.wizard
    assert wizard is not None and wizard.isVisible()
    field = wizard.field_at(RATIONALE)
    assert field is not None
    page = wizard.currentPage()
    assert page is not None and page is not wizard.page(wizard.startId()), \
        "opened on page 1, not at the field"
    assert field in getattr(page, "fields", ()), page.objectName()
    target = field.focus_widget() or field.widget
    qtbot.waitUntil(lambda: wizard.focusWidget() is target, timeout=2_000)
    wizard.reject()
    runner.wait_for_done()


def test_only_facts_the_waiting_steps_need_and_not_stated_are_named() -> None:
    facts: dict = {"deal": {"commercial_rationale": ""}, "investor": {"name": "Fund"},
                   "target": {"name_en": "Target"}}
    assert missing_step_facts("US-OISP", ["submit_for_review"], facts) == [RATIONALE]
    facts["deal"]["commercial_rationale"] = "Growth."
    assert missing_step_facts("US-OISP", ["submit_for_review"], facts) == []
    assert missing_step_facts("US-OISP", ["withdraw"], {}) == []
