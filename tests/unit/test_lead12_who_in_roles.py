"""Who acted reads one way with or without a full name: the audit window said
"li.wei (Approver)" beside "Li Wei (li.wei), as Approver", and the Timeline's pane
"alice (as preparer)" beside "Li Wei (li.wei), as preparer"."""
from __future__ import annotations

from approvals.services.audit_view import acting_text


def test_a_named_and_an_unnamed_actor_read_alike() -> None:
    assert acting_text("li.wei", "Li Wei", "approver") == "Li Wei (li.wei), as approver"
    assert acting_text("cli:root", "", "administrator") == "cli:root, as administrator"
    assert acting_text("system", "", "") == "system"
    assert acting_text("pat", "pat", "preparer") == "pat, as preparer"
