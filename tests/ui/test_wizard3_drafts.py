"""The wizard's saves of a draft: a field changed and changed back, or left after its text
was shown normalised, saves nothing (the draft's version was bumped at every autosave);
nor does reopening a draft and closing it. A reopened draft continues at the first page
with something left to fix."""

from __future__ import annotations

import json
import re

from approvals.services.auth import parse_iso
from approvals.services.drafts import load_draft, save_draft
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR
from tests.ui.test_wizard import edit, error_text


def test_a_change_undone_before_the_autosave_does_not_bump_the_drafts_version(
    qtbot, runner: TaskRunner, admin: Actor, db: Database
) -> None:
    with db.session() as s:
        info = save_draft(s, actor=admin, data={"target": {"name_en": "Zhiyuan AI"}})
    w = IntakeWizard(runner, admin, mode="draft", reference=info.reference, data=info.data,
                     version=info.version, held=info.held)
    qtbot.addWidget(w)
    name = edit(w, "field_target_name_en")
    for _ in range(2):
        qtbot.keyClicks(name, "x")
        qtbot.keyClick(name, "\b")
        assert w._dirty
        w.save_draft_now()
        qtbot.waitUntil(lambda: not w.saving and runner.idle, timeout=10_000)
    assert w.version == info.version
    with db.read_session() as s:
        assert load_draft(s, actor=admin, reference=info.reference).version == info.version
    qtbot.keyClicks(name, "y")
    qtbot.keyClick(name, "\b")
    w.reject()  # Close saves a dirty draft: here there is nothing to save
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    with db.read_session() as s:
        assert load_draft(s, actor=admin, reference=info.reference).version == info.version


def test_a_real_change_to_a_reopened_draft_is_saved(
    qtbot, runner: TaskRunner, admin: Actor, db: Database
) -> None:
    with db.session() as s:
        info = save_draft(s, actor=admin, data={"target": {"name_en": "Zhiyuan AI"}})
    w = IntakeWizard(runner, admin, mode="draft", reference=info.reference, data=info.data,
                     version=info.version, held=info.held)
    qtbot.addWidget(w)
    name = edit(w, "field_target_name_en")
    qtbot.keyClicks(name, " Ltd")
    w.save_draft_now()
    qtbot.waitUntil(lambda: w.version == info.version + 1, timeout=10_000)


def test_a_reopened_draft_opens_at_its_first_page_with_a_problem(
    qtbot, runner: TaskRunner, admin: Actor, db: Database
) -> None:
    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    data["deal"]["expected_completion_date"] = "02/01/2027"  # kept as typed, refused
    with db.session() as s:
        info = save_draft(s, actor=admin, data=data)
    w = IntakeWizard(runner, admin, mode="draft", reference=info.reference, data=info.data,
                     version=info.version, held=info.held)
    qtbot.addWidget(w)
    w.show()
    assert w.currentPage().objectName() == "dealPage"
    assert "could be 2 January or 1 February" in error_text(w, "error_deal_expected_completion_date")
    assert w.focusWidget() is edit(w, "field_deal_expected_completion_date")
    w.back()  # the pages before it are still there
    assert w.currentPage().objectName() == "investorPage"
    w.reject()


def test_a_reopened_draft_with_nothing_left_to_fix_opens_at_review(
    qtbot, runner: TaskRunner, admin: Actor, db: Database
) -> None:
    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    with db.session() as s:
        info = save_draft(s, actor=admin, data=data)
    w = IntakeWizard(runner, admin, mode="draft", reference=info.reference, data=info.data,
                     version=info.version, held=info.held)
    qtbot.addWidget(w)
    w.show()
    assert w.currentPage() is w.review_page
    w.reject()


def test_the_title_says_when_the_draft_was_last_saved(
    qtbot, runner: TaskRunner, admin: Actor, wizard: IntakeWizard
) -> None:
    assert wizard.windowTitle() == "New case"
    qtbot.keyClicks(edit(wizard, "field_target_name_en"), "Zhiyuan AI")
    with qtbot.waitSignal(wizard.draft_saved, timeout=10_000):
        wizard.save_draft_now()
    assert re.fullmatch(r"New case — draft AP-\d{4}-\d{4}, saved \d\d:\d\d:\d\d",
                        wizard.windowTitle()), wizard.windowTitle()


def test_a_draft_saved_on_another_day_says_the_day() -> None:
    from datetime import date as day

    from approvals.ui.wizard import saved_when

    stored = "2026-11-29T06:32:05Z"
    local = parse_iso(stored).astimezone()
    assert saved_when(stored, today=local.date()) == local.strftime("%H:%M:%S")
    tomorrow = day.fromordinal(local.date().toordinal() + 1)
    assert saved_when(stored, today=tomorrow) == local.strftime("%Y-%m-%d %H:%M")


def test_a_reopened_draft_says_when_it_was_saved(
    qtbot, runner: TaskRunner, admin: Actor, db: Database
) -> None:
    from approvals.ui.wizard import open_draft

    with db.session() as s:
        reference = save_draft(s, actor=admin, data={"target": {"name_en": "Zhiyuan"}}).reference
    ready: list[IntakeWizard] = []
    open_draft(runner, admin, reference, ready.append)
    qtbot.waitUntil(lambda: bool(ready), timeout=5_000)
    qtbot.addWidget(ready[0])
    # (The day too, were the test to run across midnight.)
    assert re.fullmatch(rf"New case — draft {reference}, saved "
                        r"(\d{4}-\d\d-\d\d )?\d\d:\d\d(:\d\d)?",
                        ready[0].windowTitle()), ready[0].windowTitle()
