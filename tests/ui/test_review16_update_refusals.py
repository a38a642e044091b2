"""A rulebook update's refusal kept only part of the exchange's: whether trusting the
signer would let the file in, and who had stopped trusting the signer's key, were dropped
when the refusal was reworded to name a rulebook update. So the rulebook window offered
"Trust the signer's key…, then install review.zip again" for a review pack picked as an
update (trusting its signer installs nothing), and a knowledge team's key removed here
read as a sender never seen."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from approvals.exchange.pack import Member, PackRefused, write_pack
from approvals.paths import DataDir
from approvals.services import review
from approvals.services import rulebook_updates as updates
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.review_support import ROOT
from tests.ui.test_walk_new_features_rulebook import _open, _pack, _trust


def _install(db: Database, data_dir: DataDir, path: Path) -> None:
    with db.session() as s:
        updates.install_rulebook_update(s, data_dir=data_dir, path=path, actor=ROOT,
                                        reason="test")


def _stranger_review_pack(tmp_path: Path) -> Path:
    stranger = DataDir(tmp_path / "stranger").ensure()
    out = tmp_path / "review.zip"
    write_pack(out, identity=review.identity_of(stranger), kind="review",
               members=[Member("rulebook.json", data=b"{}")])
    return out


def test_a_review_pack_from_an_untrusted_sender_offers_no_trust_link(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    pack = _stranger_review_pack(tmp_path)
    with pytest.raises(PackRefused) as refused:
        _install(db, data_dir, pack)
    assert refused.value.untrusted and not refused.value.trusting_helps
    window = _open(qtbot, runner)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(pack)
    said = window.update_label.text()
    assert "it says it is a review pack" in said
    assert "trust:" not in said and "install review.zip again" not in said
    assert window.trust_signer() is None
    runner.wait_for_done()


def test_an_update_from_an_untrusted_team_still_offers_the_trust_link(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    update, _team = _pack(tmp_path, date.today() + timedelta(days=20))
    with pytest.raises(PackRefused) as refused:
        _install(db, data_dir, update)
    assert refused.value.trusting_helps and refused.value.what == "rulebook update"
    window = _open(qtbot, runner)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(update)
    assert "<a href='trust:'>" in window.update_label.text()
    runner.wait_for_done()


def test_a_team_key_removed_here_says_who_removed_it(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    update, team = _pack(tmp_path, date.today() + timedelta(days=20))
    _trust(db, team)
    with db.session() as s:
        review.untrust_key(s, fingerprint=review.installation_identity(team).fingerprint,
                           actor=ROOT)
    with pytest.raises(PackRefused) as refused:
        _install(db, data_dir, update)
    said = str(refused.value)
    assert said.startswith("The rulebook update update.zip was refused: it is signed by an "
                           "installation that is no longer trusted here"), said
    assert "root stopped trusting it (trusted as “Knowledge team”) on " in said
    assert refused.value.trust_removed.startswith("root stopped trusting it")
    assert refused.value.trusting_helps
    window = _open(qtbot, runner)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(update)
    shown = window.update_label.text()
    assert "no longer trusted here" in shown and "root stopped trusting it" in shown
    assert "<a href='trust:'>" in shown
    runner.wait_for_done()
