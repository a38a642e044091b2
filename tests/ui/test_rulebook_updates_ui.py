"""The rulebook window's update controls: which rulebook is in use, Install update… and
Revert for an administrator (greyed out, with the reason, for anybody else), the install
run off the GUI thread, and the open cases it changes listed as links to their windows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from approvals.paths import DataDir
from approvals.services import review
from approvals.services.cases import import_case
from approvals.services.rulebook import rulebook_for
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import rulebook as rulebook_ui
from approvals.ui.rulebook import NEEDS_ADMIN, RulebookWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR, REPO_ROOT
from tests.ui.case_opener_support import CaseOpener
from tests.ui.case_window import accept_rescreen, open_view
from tests.ui.rulebook_install import confirm_install

ADMIN = Actor("ada", ("admin",))
PREPARER = Actor("pat", ("preparer",))


def _update(base: Path, db: Database, edit: Any = None) -> Path:
    """An update, signed by a trusted installation, under which China is no longer a country
    of concern for US-OISP from today: the frontier lab's US-OISP outcome changes. With
    `edit`, that changes each US-OISP rule instead."""
    folder = base / "rules"
    shutil.copytree(REPO_ROOT / "resources" / "rulebook", folder)
    manifest = json.loads((folder / "rulebook.json").read_text(encoding="utf-8"))
    (folder / "rulebook.json").write_text(json.dumps({**manifest, "version": "2099.1.1"}),
                                          encoding="utf-8")
    oisp = json.loads((folder / "us-oisp.json").read_text(encoding="utf-8"))
    for rule in oisp["rules"]:
        if edit is not None:
            edit(rule)
        elif rule["provision"] == "scope":
            rule["parameters"]["countries_of_concern"] = ["MO"]
    (folder / "us-oisp.json").write_text(json.dumps(oisp, ensure_ascii=False), encoding="utf-8")
    from approvals.exchange.pack import Member, write_pack

    team = DataDir(base / "team").ensure()
    out = base / "update.zip"
    write_pack(out, identity=review.identity_of(team), kind="rulebook",
               members=[Member(p.name, data=p.read_bytes()) for p in sorted(folder.glob("*.json"))])
    with db.session() as s:
        review.trust_key(s, key_text=review.installation_identity(team).public_key_text,
                         label="Knowledge team", actor=ADMIN)
    return out


def confirm_revert(qtbot, window: RulebookWindow, says: str) -> None:
    """Revert, then Revert in the confirmation (which says `says`)."""
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        qtbot.mouseClick(window.revert_button, Qt.MouseButton.LeftButton)
    dialog = window.confirm_dialog
    assert dialog is not None and dialog.isVisible() and says in dialog.message.text()
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        qtbot.mouseClick(dialog.action, Qt.MouseButton.LeftButton)


def _open(qtbot, runner: TaskRunner, actor: Actor, parent: QWidget | None = None) -> RulebookWindow:
    window = RulebookWindow(runner, parent, actor=actor)
    if parent is None:
        qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.show()
    return window


def test_an_administrator_installs_sees_the_cases_and_reverts(qtbot, runner: TaskRunner,
                                                              db: Database, data_dir: DataDir,
                                                              tmp_path: Path, monkeypatch) -> None:
    with db.session() as s:
        case = import_case(s, data=json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(
            encoding="utf-8")), actor=ADMIN)  # screened with today's (shipped) rules
    update = _update(tmp_path, db)
    opener = CaseOpener()
    qtbot.addWidget(opener)
    window = _open(qtbot, runner, ADMIN, opener)
    assert "Shipped rulebook" in window.source_label.text()
    assert window.install_button.isEnabled()
    assert not window.revert_button.isEnabled()
    assert "no installed update" in window.revert_button.toolTip()

    # Install update… asks for the file (the dialog stood in for), then installs off the
    # GUI thread.
    asked: list[Any] = []
    monkeypatch.setattr(rulebook_ui, "ask_open_file",
                        lambda parent, purpose, **kw: asked.append(kw) or kw["chosen"](update))
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        qtbot.mouseClick(window.install_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0]["data_dir"] == data_dir
    confirm_install(qtbot, window)  # what it changes is shown first
    qtbot.waitUntil(lambda: "Installed update 2099.1.1" in window.source_label.text(),
                    timeout=10_000)
    assert "Knowledge team" in window.source_label.text()
    assert window.overview is not None and window.overview.version.startswith("2099.1.1+")
    outcome = window.update_label.text()
    assert "Installed:" in outcome and "1 open case would change" in outcome
    assert f"case:{case.reference}" in outcome
    assert window.revert_button.isEnabled() and "shipped rulebook" in window.revert_button.toolTip()

    # The listed case opens in its window, where it is re-screened.
    window.update_label.linkActivated.emit(f"case:{case.reference}")
    assert opener.opened == [case.reference]

    # Not re-screened under the update yet: its stored screening is the shipped rulebook's.
    confirm_revert(qtbot, window, "no open case's outcome would change")
    qtbot.waitUntil(lambda: "Shipped rulebook" in window.source_label.text(), timeout=10_000)
    assert "Reverted:" in window.update_label.text()
    assert rulebook_for(data_dir).version == window.overview.version
    assert not window.revert_button.isEnabled()
    runner.wait_for_done()


def test_a_refused_update_is_said_and_nothing_changes(qtbot, runner: TaskRunner, db: Database,
                                                      data_dir: DataDir, tmp_path: Path) -> None:
    update = _update(tmp_path, db)
    data = bytearray(update.read_bytes())
    data[len(data) // 3] ^= 0x01
    tampered = tmp_path / "tampered.zip"
    tampered.write_bytes(bytes(data))
    window = _open(qtbot, runner, ADMIN)
    before = window.source_label.text()
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(tampered)
    said = window.update_label.text()
    assert "The update was not installed" in said
    # Named as what it is (not the exchange's "pack"), and said once: inline, no message box.
    assert "The rulebook update tampered.zip was refused" in said
    assert "The pack" not in said
    assert not [b for b in window.findChildren(QMessageBox)
                if b.objectName() == "errorDialog" and b.isVisible()]
    assert window.source_label.text() == before
    assert window.install_button.isEnabled()
    runner.wait_for_done()


@pytest.mark.parametrize("actor", [PREPARER, None], ids=["preparer", "no actor"])
def test_others_see_the_buttons_greyed_out_with_the_reason(qtbot, runner: TaskRunner,
                                                           actor: Actor | None) -> None:
    window = _open(qtbot, runner, actor)
    for button in (window.install_button, window.revert_button):
        assert not button.isEnabled()
        assert button.toolTip() == NEEDS_ADMIN
        assert "administrator" in NEEDS_ADMIN
    assert "Shipped rulebook" in window.source_label.text()
    runner.wait_for_done()


def test_the_case_window_re_screens_with_the_installed_update(qtbot, runner: TaskRunner,
                                                              db: Database, data_dir: DataDir,
                                                              tmp_path: Path) -> None:
    """Where the window's links lead: the case's re-screen preview applies the installed
    rulebook (as accepting it does), so it shows the change the window counted."""
    from approvals.services import rulebook_updates

    with db.session() as s:
        case = import_case(s, data=json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(
            encoding="utf-8")), actor=ADMIN)
    update = _update(tmp_path, db)
    with db.session() as s:
        version = rulebook_updates.install_rulebook_update(
            s, data_dir=data_dir, path=update, actor=ADMIN).after.version
    view = open_view(qtbot, runner, ADMIN, data_dir, case.reference)
    view.tabs.setCurrentIndex(1)
    qtbot.mouseClick(view.rescreen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.changes_label.text() != "", timeout=10_000)
    assert version in view.changes_label.text() and "US-OISP" in view.changes_label.text()
    assert view.accept_button.isVisibleTo(view)
    runner.wait_for_done()


def test_an_unreadable_record_can_be_reverted_from_the_window(qtbot, runner: TaskRunner,
                                                              data_dir: DataDir) -> None:
    data_dir.rulebook.mkdir()
    (data_dir.rulebook / "installed.json").write_text("{cut off", encoding="utf-8")
    window = RulebookWindow(runner, actor=ADMIN)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.version_label.text() == "The rulebook could not be read.",
                    timeout=10_000)
    for box in window.findChildren(QMessageBox):
        box.close()
    assert window.revert_button.isEnabled()
    confirm_revert(qtbot, window, "a rulebook whose record cannot be read")
    qtbot.waitUntil(lambda: "Shipped rulebook" in window.source_label.text(), timeout=10_000)
    runner.wait_for_done()


def test_an_update_that_corrects_a_citation_can_be_accepted_into_the_case(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    """Only outcomes were compared: an update correcting a citation said "Nothing would
    change", and the case's filings went on printing the old citation."""
    from sqlmodel import select

    from approvals.domain.screening import ScreeningResult
    from approvals.services import rulebook_updates
    from approvals.store.models import Screening

    with db.session() as s:
        case = import_case(s, data=json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(
            encoding="utf-8")), actor=ADMIN)

    def corrected(rule: dict[str, Any]) -> None:
        if rule["provision"] == "prohibited":
            rule["citation"] = "31 CFR 850.224 (corrected)"

    with db.session() as s:
        rulebook_updates.install_rulebook_update(
            s, data_dir=data_dir, path=_update(tmp_path, db, corrected), actor=ADMIN)
    view = open_view(qtbot, runner, ADMIN, data_dir, case.reference)
    view.tabs.setCurrentIndex(1)
    qtbot.mouseClick(view.rescreen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.changes_label.text() != "", timeout=10_000)
    said = view.changes_label.text()
    assert "US-OISP" in said and "its rule or citation changes" in said, said
    assert view.accept_button.isVisibleTo(view)
    assert "the rule or citation of US-OISP (prohibited)" in view.rescreen_question
    accept_rescreen(qtbot, view, "citation corrected by the update")
    with db.read_session() as s:
        stored = s.exec(select(Screening.result).where(
            Screening.case_id == case.id, Screening.current == True)).one()  # noqa: E712
    oisp = ScreeningResult.from_json_dict(json.loads(stored)).determination("US-OISP")
    assert oisp is not None and "31 CFR 850.224 (corrected)" in {r.citation for r in oisp.reasons}
    runner.wait_for_done()
