"""The rulebook window's Install update…: a photos.zip chosen by mistake is said as not a
rulebook update (it read "not an approvals review pack"), inline, and nothing changes."""

from __future__ import annotations

import zipfile
from pathlib import Path

from approvals.paths import DataDir
from approvals.ui.workers import TaskRunner
from tests.ui.test_rulebook_updates_ui import ADMIN, _open


def test_a_zip_of_photos_is_said_as_not_a_rulebook_update(qtbot, runner: TaskRunner,
                                                          data_dir: DataDir,
                                                          tmp_path: Path) -> None:
    photos = tmp_path / "photos.zip"
    with zipfile.ZipFile(photos, "w") as zf:
        zf.writestr("IMG_0001.jpg", b"\xff\xd8\xff" + b"x" * 64)
    window = _open(qtbot, runner, ADMIN)
    before = window.source_label.text()
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(photos)
    said = window.update_label.text()
    assert ("The rulebook update photos.zip was refused: it is not an approvals rulebook "
            "update (it has neither manifest.json nor manifest.sig)") in said
    assert "review pack" not in said
    assert window.source_label.text() == before
