"""A case whose intake is unfinished and a case whose least advanced filing track is in
its draft state no longer read alike ("Intake draft" beside "Draft"): the Status column,
its filter and the deadlines dashboard use one word for each."""

from __future__ import annotations

from approvals.domain.workflow import WORKFLOWS
from approvals.services.case_lifecycle import DISCARDED
from approvals.services.cases import ENDED_STATUSES, status_text
from approvals.services.deadline_report import state_words
from approvals.ui.main_window import STATUS_FILTERS


def test_an_unfinished_intake_is_not_called_a_draft_in_the_status_column() -> None:
    intake = status_text("draft", "")
    discarded = status_text(DISCARDED, "")
    track_draft = status_text("open", "draft")
    assert (intake, discarded, track_draft) == ("Intake not finished", "Intake discarded",
                                                "Draft")
    assert "draft" not in intake.casefold() and "draft" not in discarded.casefold()
    assert ENDED_STATUSES[DISCARDED] == discarded


def test_the_status_filter_says_what_the_column_says() -> None:
    filters = {key: text for text, key in STATUS_FILTERS}
    assert filters["draft"] == status_text("draft", "")
    assert filters["discarded"] == status_text(DISCARDED, "")
    assert not any("draft" in text.casefold() for text in filters.values())


def test_the_dashboard_names_a_draft_track_as_the_status_column_does() -> None:
    for kind in WORKFLOWS:
        if any(state.name == "draft" for state in WORKFLOWS[kind].states):
            assert state_words(kind, "draft") == status_text("open", "draft") == "Draft"
