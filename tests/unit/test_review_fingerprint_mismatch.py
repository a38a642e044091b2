"""Trusting a key against a fingerprint read out by the sender: a mismatch says where the
two differ, so a misread group is told from another key (and nothing is trusted)."""

from __future__ import annotations

import pytest

from approvals.domain.errors import InputError
from approvals.services import review
from approvals.store.keys import fingerprint_of, format_fingerprint, parse_public_key

KEY = "approvals-ed25519 h2dyldgrDgi2upzRJbeQd2iOA0ZJ+UEldRDiBabDsLw="


def _refusal(given: str) -> str:
    with pytest.raises(InputError) as refused:
        review.check_key_to_trust(KEY, "Compliance desk", given)
    return str(refused.value)


def _groups() -> list[str]:
    return format_fingerprint(fingerprint_of(parse_public_key(KEY)[0])).split()


def _other(group: str) -> str:
    return "0000" if group != "0000" else "1111"


def test_one_misread_group_is_named_without_the_keys_own_reading() -> None:
    """The key's groups are never printed: copied into the field, they passed the check
    without the sender being asked again."""
    groups = _groups()
    misread = [*groups[:-1], _other(groups[-1])]
    text = _refusal(" ".join(misread))
    assert "fingerprint is not the one given; do not trust this key until the difference is " \
        "explained" in text
    assert (f"only group 16 of 16 differs ({misread[-1]} given): read it again with the "
            "sender") in text
    assert groups[-1] not in text and " ".join(groups[:4]) not in text


def test_two_misread_groups_are_named() -> None:
    groups = _groups()
    misread = [_other(groups[0]), *groups[1:-1], _other(groups[-1])]
    text = _refusal("".join(misread))
    assert f"only groups 1 and 16 of 16 differ ({misread[0]} and {misread[-1]} given)" in text
    assert groups[0] not in text and groups[-1] not in text


def test_another_key_is_said_to_be_one() -> None:
    other = "".join("0" if c != "0" else "1" for c in "".join(_groups()))
    assert "all of the 16 groups differ: most likely another key" in _refusal(other)


def test_the_right_fingerprint_in_any_spelling_passes() -> None:
    spelled = ":".join(_groups()).lower()
    _raw, fingerprint, label = review.check_key_to_trust(KEY, "Compliance desk", spelled)
    assert label == "Compliance desk" and format_fingerprint(fingerprint).split() == _groups()
