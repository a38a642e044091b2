"""The facts summary (the wizard's Review page and the case window's Overview) wraps at
word boundaries only: at 200 % on a laptop a narrow label column broke "organisation" into
"organisatio" / "n" (Qt's text views break a word that does not fit, by default)."""

from __future__ import annotations

from PySide6.QtGui import QTextOption

from approvals.services.demo import demo_facts
from approvals.store.audit import Actor
from approvals.ui.wizard import IntakeWizard, facts_browser
from approvals.ui.workers import TaskRunner


def test_the_facts_views_wrap_only_between_words(qtbot, runner: TaskRunner, admin: Actor) -> None:
    browser = facts_browser("overview")
    qtbot.addWidget(browser)
    assert browser.wordWrapMode() == QTextOption.WrapMode.WordWrap
    assert (browser.objectName(), browser.accessibleName()) == ("overview", "Facts summary")
    wizard = IntakeWizard(runner, admin, data=demo_facts()[1])
    qtbot.addWidget(wizard)
    assert wizard.review_page.summary.wordWrapMode() == QTextOption.WrapMode.WordWrap
    wizard._dirty = False  # closed by the test without asking to discard
