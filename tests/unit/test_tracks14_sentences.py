"""Sentences of tracks and their people: logins and role codes said in words, lists
joined with "and" ("A, B and C"), a refused step said to the one refused."""

from __future__ import annotations

from typing import Any

import pytest

from approvals.domain import workflow as wf
from approvals.domain.event_text import EventFacts, event_sentence
from approvals.domain.wording import and_joined

NAMES = {"rita": "Rita Chen", "li.wei": "Li Wei"}


def _named(login: str) -> str:
    name = NAMES.get(login, "")
    return f"{name} ({login})" if name else login


@pytest.mark.parametrize(
    ("items", "said"),
    [
        ([], ""),
        (["A"], "A"),
        (["A", "B"], "A and B"),
        (["A", "B", "C"], "A, B and C"),
        (["A", "", "C"], "A and C"),
    ],
)
def test_a_list_joins_its_last_pair_with_and(items: list[str], said: str) -> None:
    assert and_joined(items) == said


@pytest.mark.parametrize(
    ("action", "old", "new", "said"),
    [
        (
            "user.roles_changed",
            ["preparer"],
            ["preparer", "admin"],
            "roles of Rita Chen (rita): preparer → preparer and administrator",
        ),
        ("user.deactivated", True, False, "user Rita Chen (rita) deactivated"),
        ("user.signed_in", None, None, "Rita Chen (rita) signed in"),
        ("user.password_changed", None, None, "Rita Chen (rita) changed their own password"),
        ("user.session_locked", None, None, "window of Rita Chen (rita) locked"),
        ("user.sign_in_failed", None, None, "sign-in failed for Rita Chen (rita)"),
    ],
)
def test_user_events_name_the_person_and_say_roles_in_words(
    action: str, old: Any, new: Any, said: str
) -> None:
    text = event_sentence(EventFacts(action, "rita", None, old, new, {}), person=_named)
    assert text == said
    assert "admin," not in text and "admin " not in text


def test_a_created_user_is_named_as_created_with_roles_in_words() -> None:
    new = {
        "username": "li.wei",
        "display_name": "Li Wei",
        "roles": ["reviewer", "approver", "admin"],
    }
    assert (
        event_sentence(EventFacts("user.created", "li.wei", None, None, new, {}))
        == "user Li Wei (li.wei) created, roles reviewer, approver and administrator"
    )
    unnamed = {"username": "bo", "roles": ["admin"]}
    assert (
        event_sentence(EventFacts("user.created", "bo", None, None, unnamed, {}), person=_named)
        == "user bo created, roles administrator"
    )


def test_a_document_restricted_to_three_people_lists_them_with_and() -> None:
    event = EventFacts(
        "document.attached",
        "4",
        None,
        None,
        {"file_name": "x.pdf", "restricted": True, "allowed_users": ["rita", "li.wei", "carol"]},
    )
    assert event_sentence(event, person=_named).endswith(
        "restricted to Rita Chen (rita), Li Wei (li.wei) and carol"
    )


def _step(kind: str, name: str) -> wf.Transition:
    return next(t for t in wf.workflow(kind).transitions if t.name == name)


def test_missing_facts_are_listed_with_and() -> None:
    problems = wf.guard_problems(
        _step("US-OISP", "submit_for_review"), wf.GuardContext("pat", ("preparer",))
    )
    assert problems == [
        "the case facts are incomplete: fill in investor.name, "
        "target.name_en and deal.commercial_rationale."
    ]


def test_a_missing_step_input_is_named_in_words() -> None:
    problems = wf.guard_problems(_step("CN-FISR", "file"), wf.GuardContext("pat", ("preparer",)))
    assert problems == [
        "give the authority's receipt or reference number of the filing (filing reference missing)."
    ]


def test_four_eyes_speaks_to_the_one_refused_not_by_login() -> None:
    refused = wf.guard_problems(
        _step("CN-FISR", "approve_for_filing"),
        wf.GuardContext("amy.archer", ("approver",), submitted_by="amy.archer"),
    )
    assert refused == [
        "You submitted this for review and may not also approve it "
        "(four-eyes rule): another approver must approve it."
    ]
    with pytest.raises(wf.PermissionDenied) as caught:
        wf.check(_step("CN-FISR", "withdraw"), wf.GuardContext("pat.p", ("preparer",)))
    assert "pat.p" not in str(caught.value)
    assert str(caught.value) == "You may not do this: 'Withdraw' needs the approver role."


def test_several_reasons_a_step_waits_are_each_a_sentence() -> None:
    """The four-eyes rule and an incomplete filing read "… must approve it. the filing is
    not complete: …" in the tooltip and the refusal."""
    ctx = wf.GuardContext("amy", ("approver",), submitted_by="amy",
                          filing_missing=("Applicant's contact person",))
    why = {t.name: why for t, _ok, why in wf.available_actions("CN-FISR", "internal_review", ctx)}
    assert why["approve_for_filing"] == (
        "You submitted this for review and may not also approve it (four-eyes rule): another "
        "approver must approve it. The filing is not complete: it lacks Applicant's contact "
        "person (a draft from Generate filing… lists them on page 1).")
    with pytest.raises(wf.TransitionRefused) as caught:
        wf.check(_step("CN-FISR", "approve_for_filing"), ctx)
    assert str(caught.value).startswith(
        "'Approve for filing' refused: You submitted this for review and may not also approve "
        "it (four-eyes rule): another approver must approve it. The filing is not complete: ")
    assert wf.sentences(["the case facts are incomplete: fill in A.", "give the B."]) == (
        "the case facts are incomplete: fill in A. Give the B.")


def test_a_calendar_year_entered_counts_its_days_as_the_calendars_window_does() -> None:
    new = {
        "official": True,
        "days": [["2027-02-10", "holiday"], ["2027-02-11", "holiday"], ["2027-02-07", "working"]],
    }
    text = event_sentence(EventFacts("calendar.year_set", "CN-2027", None, None, new, {}))
    assert text == (
        "CN calendar: 2027 schedule entered (official): 2 holidays and 1 make-up working day"
    )


def test_a_step_whose_role_is_missing_does_not_also_cite_four_eyes() -> None:
    """A preparer who submitted the track read "needs the approver role. You submitted
    this for review and may not also approve it …" under a button they may never press."""
    ctx = wf.GuardContext("pat", ("preparer",), submitted_by="pat")
    why = {t.name: why for t, _ok, why in wf.available_actions("CN-FISR", "internal_review", ctx)}
    assert why["approve_for_filing"] == "'Approve for filing' needs the approver role."
    # An approver who submitted it is told the four-eyes rule.
    approver = wf.GuardContext("amy", ("preparer", "approver"), submitted_by="amy")
    why = {
        t.name: why for t, _ok, why in wf.available_actions("CN-FISR", "internal_review", approver)
    }
    assert "four-eyes" in (why["approve_for_filing"] or "")


@pytest.mark.parametrize(
    ("kind", "labels"),
    [
        ("CN-US-CAPITAL", ("Approved", "Approved with conditions", "Refused")),
        (
            "CN-DATA-EXPORT",
            ("Assessment passed", "Passed with conditions", "Assessment not passed"),
        ),
        ("CN-FISR", ("Cleared", "Cleared with conditions", "Prohibited")),
    ],
)
def test_a_decided_state_is_named_as_the_decision_that_leads_to_it(
    kind: str, labels: tuple[str, str, str]
) -> None:
    """CN-US-CAPITAL's "Approved" button moved the track to "Cleared"."""
    states = ("cleared", "cleared_with_conditions", "prohibited")
    assert tuple(wf.state_label(kind, s) for s in states) == labels
    steps = {t.target: t.label for t in wf.workflow(kind).transitions if t.target in states}
    assert tuple(steps[s] for s in states) == labels
