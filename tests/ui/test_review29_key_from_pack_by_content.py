"""Trust this installation… / Load key file… on a pack whose name does not end in .zip
(import takes a pack named .pack or .pdf) filled the key field with the zip's bytes
("PK\\x03\\x04…") and skipped the fingerprint the sender must read out: a pack is known by
what it holds, not by its name."""

from __future__ import annotations

import shutil
from pathlib import Path

from approvals.services import review
from approvals.ui.review import KeysDialog
from approvals.ui.workers import TaskRunner
from tests.review_support import open_review_pair


def test_a_pack_named_otherwise_gives_its_signers_key(qtbot, tmp_path: Path, data_dir, db,
                                                      admin) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        renamed = tmp_path / "from-the-preparer.pack"
        shutil.copy2(pair.pack, renamed)
        runner = TaskRunner(pair.b_db)
        keys = KeysDialog(runner, admin, pair.b_dir)
        qtbot.addWidget(keys)
        with qtbot.waitSignal(keys.loaded, timeout=10_000):
            keys.show()
        keys.load_key_from(renamed)
        qtbot.waitUntil(lambda: keys.key_from_pack is not None, timeout=10_000)
        text = keys.key_edit.toPlainText()
        assert "PK" not in text[:4] and text == keys.key_from_pack
        assert review.installation_identity(data_dir).public_key in text
        assert "type the fingerprint" in keys.status.text()
        runner.wait_for_done()
    finally:
        pair.b_db.dispose()
