"""The Screening tab marks the citation of each rule the rulebook holds as unverified
(taken from secondary sources: regulatory-reference.md's "(verify)") as `approvals screen`
does, and says once what the mark means; a verified rule's citation stands unmarked."""

from __future__ import annotations

from approvals.domain.rulebook import VERIFY_MARK, default_rulebook
from approvals.paths import DataDir
from approvals.services import screening as screening_service
from approvals.services.cases import case_id_by_reference
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view

CASE = "AP-2026-0002"  # US-OISP notification (unverified rules) and CN-FISR (verified)


def test_unverified_rules_are_the_cited_rules_the_rulebook_marks(demo: Database) -> None:
    book = default_rulebook()
    with demo.read_session() as s:
        screening = screening_service.current_screening(s, case_id_by_reference(s, CASE))
        marked = screening_service.unverified_rules(s, screening)
        assert screening_service.unverified_rules(s, None) == frozenset()
    assert screening is not None
    cited = {r.rule for d in screening.result.determinations for r in d.reasons}
    assert marked == {rule for rule in cited if not book.rule(rule).verified}
    assert any(rule.startswith("US-OISP.") for rule in marked)
    assert not any(rule.startswith("CN-FISR.") for rule in marked)


def test_the_screening_tab_marks_unverified_citations_and_says_why(
        qtbot, demo: Database, admin: Actor, data_dir: DataDir) -> None:
    view = open_view(qtbot, TaskRunner(demo), admin, data_dir, CASE)
    view.tabs.setCurrentWidget(view.screening_page)
    labels = {label.objectName(): label.text() for label in view.determinations.labels}
    assert VERIFY_MARK in labels["determination_US-OISP"]
    assert VERIFY_MARK not in labels["determination_CN-FISR"]
    assert f"Citations marked <b>{VERIFY_MARK}</b> were taken from secondary sources" \
        in view.screening_info.text()
    view.close()
