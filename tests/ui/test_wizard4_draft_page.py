"""A draft reopens on the page it was closed on. Closed on the AI page (nothing required
there, its lists unanswered), it reopened on the Investor page the officer had never seen;
closed on the data-export page half filled in, at Review."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from approvals.services.drafts import load_draft, save_draft
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.ui.test_wizard import edit


def _reopen(qtbot, runner: TaskRunner, admin: Actor, db: Database, reference: str
            ) -> IntakeWizard:
    with db.read_session() as s:
        info = load_draft(s, actor=admin, reference=reference)
    w = IntakeWizard(runner, admin, mode="draft", reference=info.reference, data=info.data,
                     version=info.version, held=info.held, page=info.page)
    qtbot.addWidget(w)
    w.show()
    return w


def _past_the_first_page(qtbot, runner: TaskRunner, admin: Actor, name: str) -> IntakeWizard:
    """A new intake with the target's name typed, on the AI profile page (nothing on it is
    required), saved as a draft on the way."""
    w = IntakeWizard(runner, admin)
    qtbot.addWidget(w)
    w.show()
    qtbot.keyClicks(edit(w, "field_target_name_en"), name)
    w.next()
    qtbot.waitUntil(lambda: w.reference is not None and not w.saving and runner.idle,
                    timeout=10_000)
    return w


def test_a_draft_closed_on_a_finished_page_reopens_there(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    w = _past_the_first_page(qtbot, runner, admin, "Lingxi AI Co., Ltd.")
    assert w.currentPage().objectName() == "aiPage"
    w.reject()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert w.reference is not None
    again = _reopen(qtbot, runner, admin, db, w.reference)
    assert again.currentPage().objectName() == "aiPage"
    # The cursor in its first field, and drawn there.
    assert again.focusWidget() is again.findChild(QComboBox, "field_target_ai_develops_ai_system")
    assert again.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
    again.back()
    assert again.currentPage().objectName() == "targetPage"


def test_paging_alone_is_saved_and_a_problem_before_the_page_comes_first(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    with db.session() as s:
        info = save_draft(s, actor=admin, data={"target": {"name_en": "Lingxi AI"}},
                          page="targetPage")
    w = IntakeWizard(runner, admin, mode="draft", reference=info.reference, data=info.data,
                     version=info.version, held=info.held, page=info.page)
    qtbot.addWidget(w)
    w.show()
    assert w.currentPage().objectName() == "targetPage"
    w.next()  # nothing typed: the page reached is saved all the same
    qtbot.waitUntil(lambda: w.version == info.version + 1 and runner.idle, timeout=10_000)
    w.reject()
    with db.read_session() as s:
        assert load_draft(s, actor=admin, reference=info.reference).page == "aiPage"
    # Saved on the deal page, but the investor's name is missing: that page first.
    with db.session() as s:
        save_draft(s, actor=admin, data={"target": {"name_en": "Lingxi AI"}},
                   reference=info.reference, page="dealPage")
    again = _reopen(qtbot, runner, admin, db, info.reference)
    assert again.currentPage().objectName() == "investorPage"


def test_closing_while_a_save_runs_keeps_the_page_in_the_save_queued_behind_it(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    """The save Close queued behind a running one ran after QWizard had left every page,
    and stored no page: the draft reopened on Review instead of where it was closed."""
    w = _past_the_first_page(qtbot, runner, admin, "Lingxi AI")
    w.back()
    qtbot.keyClicks(edit(w, "field_target_name_en"), " Co.")
    w.save_draft_now()  # running…
    assert w.saving
    qtbot.keyClicks(edit(w, "field_target_name_en"), ", Ltd.")  # …typed meanwhile
    w.reject()  # queues the last save behind it
    qtbot.waitUntil(lambda: not w.saving and runner.idle, timeout=10_000)
    with db.read_session() as s:
        info = load_draft(s, actor=admin, reference=w.reference)
    assert info.data["target"]["name_en"] == "Lingxi AI Co., Ltd."
    assert info.page == "targetPage"


def test_a_new_intakes_page_changes_are_saved_after_its_first_save(
        qtbot, runner: TaskRunner, admin: Actor, db: Database) -> None:
    """A new intake, once saved as a draft, stopped saving page changes: ended without
    Close (a crash, a power cut), it reopened on the page of its last typed change, not on
    the page reached."""
    w = _past_the_first_page(qtbot, runner, admin, "Lingxi AI Co., Ltd.")
    saved = w.version
    w.next()  # to the investor: nothing typed, the page reached is saved all the same
    assert w.currentPage().objectName() == "investorPage"
    qtbot.waitUntil(lambda: w.version == saved + 1 and runner.idle, timeout=10_000)
    with db.read_session() as s:  # as found after a crash: the wizard never closed
        assert load_draft(s, actor=admin, reference=w.reference).page == "investorPage"
