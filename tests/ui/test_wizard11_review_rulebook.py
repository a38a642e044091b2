"""A rulebook that cannot be read (an installed update's damaged files) left the Review
page half drawn under an "unexpected error" box: the live screening preview raised. The
page now says where the screening stands that the preview could not run, and why."""

from __future__ import annotations

import pytest

from approvals.domain.errors import Problem
from approvals.domain.rulebook import RulebookError
from approvals.ui import wizard as wizard_module
from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard_audit2 import example


def test_an_unreadable_rulebook_is_said_on_the_review_page(
        qtbot, wizard: IntakeWizard, monkeypatch: pytest.MonkeyPatch) -> None:
    wizard.autosave_timer.stop()

    def damaged(_data_dir: object) -> None:
        raise RulebookError(Problem("rulebook/cn-fisr.json", "the file is not JSON"))

    monkeypatch.setattr(wizard_module, "rulebook_for", damaged)
    wizard.load_data(example("vision-startup.json"))
    wizard.go_to_review()
    assert wizard.currentPage() is wizard.review_page
    title = wizard.review_page.screening_title.text()
    assert "the preview could not run: the rulebook could not be read" in title
    assert "the file is not JSON" in title
    assert wizard.review_page.determinations.labels == []
    wizard._dirty = False
