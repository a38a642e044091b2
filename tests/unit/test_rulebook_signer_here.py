"""An update this installation signed itself is shown as signed by "this installation" only
on the installation that holds the key: a data folder restored onto another computer (a
new key) names the signer as the installation the folder came from."""

from __future__ import annotations

import shutil
from pathlib import Path

from approvals.paths import DataDir
from approvals.services import rulebook_updates as updates
from approvals.services.rulebook import rulebook_in_use
from approvals.store.db import Database
from approvals.store.keys import load_or_create_identity
from tests.unit.test_rulebook_updates import ROOT, install, rule_folder


def _self_signed_update(db: Database, data_dir: DataDir, tmp_path: Path) -> Path:
    out = tmp_path / "own-update.zip"
    with db.session() as s:
        updates.pack_rulebook_update(s, data_dir=data_dir, source=rule_folder(tmp_path),
                                     out=out, actor=ROOT)
    return out


def test_the_signing_installation_is_this_one_only_while_it_holds_the_key(
        db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    install(db, data_dir, _self_signed_update(db, data_dir, tmp_path))
    here = rulebook_in_use(data_dir)
    assert here.update is not None
    assert here.update.signer_label == "this installation"
    assert "signed by this installation" in here.describe()
    assert updates.signer_words(here.update).startswith("this installation (fingerprint ")

    # The folder restored onto another computer: no key yet, then a key of its own.
    shutil.rmtree(data_dir.keys)
    moved = rulebook_in_use(data_dir)
    assert moved.update is not None
    assert "this installation" not in moved.describe()
    assert "the installation this data folder came from" in moved.describe()
    assert not data_dir.keys.exists()  # reading who signed creates no key
    load_or_create_identity(data_dir.keys)
    again = rulebook_in_use(data_dir)
    assert again.update is not None
    assert again.update.signer_fingerprint == here.update.signer_fingerprint
    assert "the installation this data folder came from" in updates.signer_words(again.update)
