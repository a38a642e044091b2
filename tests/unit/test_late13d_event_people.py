"""event_sentence says the people a document is restricted to as its caller names them
(`person`: "Li Wei (li.wei)" where the window holds full names); by default as the event
stores them, logins, which is what the status report prints (its content is fingerprinted)."""

from __future__ import annotations

from approvals.domain.event_text import EventFacts, event_sentence

ATTACHED = EventFacts("document.attached", "4", None, None,
                      {"file_name": "side letter.pdf", "restricted": True,
                       "allowed_users": ["li.wei", "carol"]})
RESTRICTED = EventFacts("document.restriction_changed", "4", None,
                        {"restricted": False, "allowed_users": []},
                        {"restricted": True, "allowed_users": ["pat", "adam"]})
NAMES = {"li.wei": "Li Wei", "pat": "Pat Okafor"}


def _named(login: str) -> str:
    return f"{NAMES[login]} ({login})" if login in NAMES else login


def test_by_default_the_logins_as_stored() -> None:
    assert event_sentence(ATTACHED) == \
        "document 'side letter.pdf' attached, restricted to li.wei and carol"
    assert event_sentence(RESTRICTED) == \
        "document #4 access: open to every user → restricted to pat and adam"


def test_a_person_namer_says_each_login_in_words() -> None:
    assert event_sentence(ATTACHED, person=_named) == \
        "document 'side letter.pdf' attached, restricted to Li Wei (li.wei) and carol"
    assert event_sentence(RESTRICTED, person=_named) == \
        "document #4 access: open to every user → restricted to Pat Okafor (pat) and adam"
    # Lifted: nobody is named, so nothing to say in words.
    lifted = EventFacts("document.restriction_changed", "4", None, RESTRICTED.new,
                        RESTRICTED.old)
    assert event_sentence(lifted, person=_named) == \
        "document #4 access: restricted to Pat Okafor (pat) and adam → open to every user"


def test_a_restriction_recorded_with_its_file_name_names_the_file() -> None:
    """The event now records which file (the Timeline said "document #4" of a case with
    several); events recorded before say the number, as they did."""
    named = EventFacts("document.restriction_changed", "4", None, RESTRICTED.old,
                       RESTRICTED.new, {"file_name": "side letter.pdf"})
    assert event_sentence(named) == ("document 'side letter.pdf' access: open to every user "
                                     "→ restricted to pat and adam")
