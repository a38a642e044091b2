"""Review mode names a code as its own field names it: "military" is a security-review
sector on one field and an AI end use on another (it read "Military" on both)."""
from __future__ import annotations

from approvals.domain.field_labels import choice_name
from approvals.ui.review import proposal_hint, readable_value, typed_proposal


def test_the_same_code_is_named_by_its_field() -> None:
    end_use = choice_name("target.ai.end_uses", "military")
    sector = choice_name("target.security_sectors", "military")
    assert end_use != sector  # the premise: two names for one code
    assert readable_value("target.ai.end_uses", ["military"]) == end_use
    assert readable_value("target.security_sectors", ["military"]) == sector


def test_a_proposal_is_typed_and_hinted_with_the_fields_names() -> None:
    end_use = choice_name("target.ai.end_uses", "military")
    assert typed_proposal("target.ai.end_uses", end_use) == ["military"]
    assert end_use in proposal_hint("target.ai.end_uses")


def test_a_single_choice_field_is_named_by_its_field() -> None:
    assert readable_value("deal.instrument", "equity") == choice_name("deal.instrument", "equity")
