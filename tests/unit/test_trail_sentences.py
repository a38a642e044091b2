"""Sign-ins, user administration and changed figures read as sentences in the Timeline's
details, the audit trail window and the status report: they fell back to the action's
name and the stored JSON ("user created: {"active": true, "display_name": …}")."""

from __future__ import annotations

from typing import Any

import pytest

from approvals.domain.event_text import EventFacts, event_sentence


@pytest.mark.parametrize(("action", "who", "old", "new", "details", "said"), [
    ("user.created", "rita", None,
     {"username": "rita", "display_name": "Rita Chen", "roles": ["preparer", "approver"],
      "active": True}, {}, "user Rita Chen (rita) created, roles preparer and approver"),
    ("user.roles_changed", "rita", ["preparer"], ["preparer", "approver"], {},
     "roles of rita: preparer → preparer and approver"),
    ("user.roles_changed", "rita", ["reviewer"], [], {}, "roles of rita: reviewer → no role"),
    ("user.changed", "rita", "Rita Chen", "Rita Chan", {},
     "full name of rita: Rita Chen → Rita Chan"),
    ("user.deactivated", "rita", True, False, {}, "user rita deactivated"),
    ("user.reactivated", "rita", False, True, {}, "user rita reactivated"),
    ("user.password_reset", "rita", None, None, {"lock_lifted": "2026-11-30T08:55:00"},
     "password of rita reset by an administrator, lifting the lock-out"),
    ("user.password_reset", "rita", None, None, {},
     "password of rita reset by an administrator"),
    ("user.password_changed", "rita", None, None, {}, "rita changed their own password"),
    ("user.unlocked", "rita", "2026-11-30T08:55:00", None, {},
     "lock-out of rita lifted by an administrator"),
    ("user.signed_in", "rita", None, None, {}, "rita signed in"),
    ("user.signed_out", "rita", None, None, {}, "rita signed out"),
    ("user.session_locked", "rita", None, None, {}, "window of rita locked"),
    ("user.sign_in_failed", "rita", None, None, {"attempt": 3},
     "sign-in failed for rita (attempt 3)"),
    ("user.sign_in_failed", "", None, None, {}, "sign-in failed for an unknown user name"),
    ("user.sign_in_refused", "rita", None, None, {}, "sign-in refused for rita"),
])
def test_people_events_read_as_sentences(action: str, who: str, old: Any, new: Any,
                                         details: dict[str, Any], said: str) -> None:
    text = event_sentence(EventFacts(action, who, None, old, new, details))
    assert text == said
    assert "{" not in text and "[" not in text


def test_a_lock_out_says_until_when() -> None:
    text = event_sentence(EventFacts("user.locked_out", "rita", None, None,
                                     "2026-11-30T08:55:00Z", {}))
    assert text == "rita locked out until 2026-11-30 08:55 UTC"


def test_a_changed_amount_reads_in_thousands() -> None:
    """'Amount (Deal): 22000000 → 25000000' had to be counted digit by digit."""
    from approvals.domain.event_text import change_text

    assert change_text(22_000_000, 25_000_000) == "22,000,000 → 25,000,000"
    assert change_text(9_999, 10_000) == "9999 → 10,000"  # a year-like figure stays plain
    assert change_text(None, 6.5) == "∅ → 6.5"
    assert change_text(True, False) == "true → false"
    assert change_text(3.1e25, 2e25) == "3.1e+25 → 2e+25"
