"""journey21: the install preview says who made an update in words an officer reads. An
update signed with `approvals rulebook pack` records the command line's login
("cli:root"), and the preview said "Signed by: this installation (…), made by cli:root",
which read as the name of a colleague nobody knew."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from approvals.paths import DataDir
from approvals.services.rulebook_updates import pack_rulebook_update
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.workers import TaskRunner
from tests.conftest import REPO_ROOT
from tests.ui.test_rulebook_updates_ui import ADMIN, _open
from tests.ui.test_wizard6_install_preview_ui import _preview

ALL_ROLES = ("preparer", "reviewer", "approver", "admin")


def _packed(tmp_path: Path, db: Database, data_dir: DataDir, login: str) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(REPO_ROOT / "resources" / "rulebook", folder,
                    ignore=shutil.ignore_patterns("workflow", "README.md"))
    manifest = json.loads((folder / "rulebook.json").read_text(encoding="utf-8"))
    (folder / "rulebook.json").write_text(json.dumps({**manifest, "version": "2099.1.1"}),
                                          encoding="utf-8")
    out = tmp_path / "update.zip"
    with db.session() as s:
        pack_rulebook_update(s, data_dir=data_dir, source=folder, out=out,
                             actor=Actor(login, ALL_ROLES))
    return out


def test_an_update_packed_at_the_command_line_says_so(
        qtbot: Any, runner: TaskRunner, db: Database, data_dir: DataDir,
        tmp_path: Path) -> None:
    update = _packed(tmp_path, db, data_dir, "cli:root")
    window = _open(qtbot, runner, ADMIN)
    dialog = _preview(qtbot, window, update)
    text = dialog.message.text()
    assert "Signed by: this installation (fingerprint " in text
    assert ("made with approvals rulebook pack by the computer&#x27;s user root (cli:root in "
            "the audit trail)" in text or "made with approvals rulebook pack by the computer's "
            "user root (cli:root in the audit trail)" in text), text
    assert "made by cli:root" not in text
    dialog.reject()
    runner.wait_for_done()


def test_an_update_packed_by_a_user_names_them(
        qtbot: Any, runner: TaskRunner, db: Database, data_dir: DataDir,
        tmp_path: Path) -> None:
    update = _packed(tmp_path, db, data_dir, "ada")
    window = _open(qtbot, runner, ADMIN)
    dialog = _preview(qtbot, window, update)
    assert "), made by ada" in dialog.message.text()
    dialog.reject()
    runner.wait_for_done()
