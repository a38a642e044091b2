"""A rulebook update refused for its signer: the rulebook window says only why (its link
trusts the key), and it read that why back out of the refusal's wording (a reason that
starts "it is signed by", less the advice on where keys are trusted). The refusal keeps
the why apart (PackRefused.signed_by) and the window shows that, whatever the wording."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from approvals.exchange.pack import PackRefused, how_to_trust
from approvals.paths import DataDir
from approvals.services import review
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.review_support import ROOT
from tests.ui.test_review16_update_refusals import _install
from tests.ui.test_walk_new_features_rulebook import _open, _pack, _trust


def test_an_untrusted_teams_update_keeps_the_why_apart(
        db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    update, _team = _pack(tmp_path, date(2099, 1, 1) + timedelta(days=20))
    with pytest.raises(PackRefused) as refused:
        _install(db, data_dir, update)
    exc = refused.value
    assert exc.signed_by.startswith("it is signed by an installation that is not trusted here")
    assert exc.reason == f"{exc.signed_by}; {how_to_trust(update)}"


def test_a_removed_keys_refusal_keeps_who_removed_it_in_the_why(
        db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    update, team = _pack(tmp_path, date(2099, 1, 1) + timedelta(days=20))
    _trust(db, team)
    with db.session() as s:
        review.untrust_key(s, fingerprint=review.installation_identity(team).fingerprint,
                           actor=ROOT)
    with pytest.raises(PackRefused) as refused:
        _install(db, data_dir, update)
    exc = refused.value
    assert "no longer trusted here" in exc.signed_by
    assert exc.signed_by.endswith(exc.trust_removed)
    assert exc.reason == f"{exc.signed_by}; {how_to_trust(update)}"


def test_the_window_shows_the_why_whatever_the_refusals_wording(
        qtbot, runner: TaskRunner, tmp_path: Path) -> None:
    window = _open(qtbot, runner)
    path = tmp_path / "update.zip"
    exc = PackRefused(path, "the key that signed it is unknown to this desk; ask the administrator "
                            "to trust it in the keys dialog",
                      untrusted="ABCD" * 16, trusting_helps=True, what="rulebook update",
                      signed_by="the key that signed it is unknown to this desk")
    window._refused("Not installed", exc, path)
    said = window.update_label.text()
    assert "update.zip: the key that signed it is unknown to this desk. Nothing was changed." in said
    assert "ask the administrator" not in said
    assert "<a href='trust:'>" in said
