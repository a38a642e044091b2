"""A review (or response) pack chosen as a rulebook update read "it is a review pack, a
rulebook pack was expected": nothing in the app is called a rulebook pack. Both files are
now named as the app names them, with where the chosen one opens."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvals.exchange.pack import RULEBOOK_KIND, Member, PackRefused, verify_pack, write_pack
from approvals.paths import DataDir
from approvals.services import review


@pytest.mark.parametrize("kind, words, where", [
    ("review", "it is a review pack (cases sent for review), not a rulebook update",
     "a review pack opens with Review → Open review pack (review mode)…"),
    ("response", "it is a response pack (a reviewer's answer), not a rulebook update",
     "a response pack opens with Review → Import response…"),
])
def test_a_pack_chosen_as_a_rulebook_update_is_named_as_the_app_names_it(
        tmp_path: Path, kind: str, words: str, where: str) -> None:
    team = review.identity_of(DataDir(tmp_path / "team").ensure())
    pack = tmp_path / f"{kind}.zip"
    write_pack(pack, identity=team, kind=kind, members=[Member("rulebook.json", data=b"{}")])
    with pytest.raises(PackRefused) as refused:
        verify_pack(pack, trusted={team.fingerprint: team.public_bytes}, into=tmp_path / "into",
                    expect_kind=RULEBOOK_KIND)
    said = refused.value.reason
    assert said.startswith(f"{words}; choose the rulebook update file your knowledge team sent")
    assert where in said and "rulebook pack" not in said
