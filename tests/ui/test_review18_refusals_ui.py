"""Review mode: a value the app refuses ('Korea', which could be either Korea) was refused
in a box, the status line saying only "Could not propose the change: nothing was saved."
and nothing marked at the value field. It is said under the field, in red, with the field
and why on the status line, the typing kept and the cursor back in it. The reviewer's own
Proposed column said of such a place "reject it" (the preparer's part): it says to propose
its code. Proposed changes: a value of the wrong kind for its field, as a response sent it,
is said so in its row, and its Accept is greyed out saying why."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from approvals.paths import DataDir
from approvals.services import review
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.review import ProposalsDialog, ReviewModeWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR


def _open_here(data_dir: DataDir, db: Database, admin: Actor) -> tuple[str, str]:
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        ref = import_case(s, data=facts, actor=admin).reference
    pack = data_dir.root.parent / "review.zip"
    with db.session() as s:  # reviewed here, by the exporter: kept simple
        review.export_review_pack(s, data_dir=data_dir, references=[ref], out=pack, actor=admin)
    with db.session() as s:
        pack_id = review.open_review_pack(s, data_dir=data_dir, path=pack, actor=admin).pack_id
    return ref, pack_id


def _window(qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
            pack_id: str) -> ReviewModeWindow:
    rw = ReviewModeWindow(runner, admin, data_dir, pack_id)
    qtbot.addWidget(rw)
    rw.show()
    qtbot.waitUntil(lambda: rw.view is not None, timeout=10_000)
    return rw


def _error_box() -> QMessageBox | None:
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.isVisible()
                 and w.objectName() == "errorDialog"), None)


def test_a_refused_value_is_said_at_its_field(qtbot, tmp_path: Path, data_dir: DataDir,
                                               db: Database, runner: TaskRunner,
                                               admin: Actor) -> None:
    _ref, pack_id = _open_here(data_dir, db, admin)
    rw = _window(qtbot, runner, admin, data_dir, pack_id)
    rw.select_field("target.headquarters")
    rw.propose_edit.setText("Korea")  # refused by the service, on its worker
    qtbot.mouseClick(rw.propose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rw.propose_error.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert _error_box() is None
    assert rw.propose_error.text().startswith(
        "'Korea' could be South Korea (KR) or North Korea (KP)")
    assert rw.status.text().startswith(
        "Could not propose the change to Headquarters (Target company): 'Korea' could be ")
    assert rw.status.text().endswith(". Nothing was saved.")
    assert rw.propose_edit.text() == "Korea"  # kept to correct
    assert rw.focusWidget() is rw.propose_edit
    assert "Korea" in rw.propose_edit.accessibleDescription()
    assert not review.get_review(data_dir, pack_id).cases[0].proposals
    # Typing again takes the message away; a value the app reads is proposed.
    qtbot.keyClicks(rw.propose_edit, "")
    rw.propose_edit.clear()
    qtbot.keyClicks(rw.propose_edit, "KR")
    assert not rw.propose_error.isVisible()
    # Refused before the service is asked (a figure in another currency): at the field too.
    rw.select_field("target.turnover_cny.china")
    rw.propose_edit.setText("9亿美元")
    qtbot.mouseClick(rw.propose_button, Qt.MouseButton.LeftButton)
    assert rw.propose_error.isVisible() and _error_box() is None
    assert rw.propose_error.text() == "is in CNY: convert the USD figure"
    rw.select_field("target.headquarters")  # another field: the message is not its
    assert not rw.propose_error.isVisible()
    rw.close()


def test_the_reviewer_is_told_to_propose_a_place_s_code(qtbot, tmp_path: Path,
                                                         data_dir: DataDir, db: Database,
                                                         runner: TaskRunner,
                                                         admin: Actor) -> None:
    """A place saved as typed by an older app (or another user of this laptop's): the
    reviewer is not told to reject it."""
    ref, pack_id = _open_here(data_dir, db, admin)
    review.propose_change(data_dir=data_dir, pack_id=pack_id, reference=ref,
                          field_path="deal.board_seats", value=4, actor=admin)
    folder = review._review_folder(data_dir, pack_id)
    saved = json.loads((folder / review.INPUT_FILE).read_text(encoding="utf-8"))
    saved[ref]["proposals"]["target.headquarters"] = {
        "base_value": None, "proposed_value": "Atlantis", "author": "alice"}
    (folder / review.INPUT_FILE).write_text(json.dumps(saved), encoding="utf-8")
    rw = _window(qtbot, runner, admin, data_dir, pack_id)
    items = {rw.facts_tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole):
             rw.facts_tree.topLevelItem(i) for i in range(rw.facts_tree.topLevelItemCount())}
    cell = items["target.headquarters"].text(2)
    assert cell == "Atlantis (not a place the app can store: propose its two-letter code instead)"
    assert "reject" not in cell
    assert "'Atlantis' is not a place the app knows" in items["target.headquarters"].toolTip(2)
    rw.close()


def test_a_value_of_the_wrong_kind_can_only_be_rejected(qtbot, tmp_path: Path,
                                                        data_dir: DataDir, db: Database,
                                                        runner: TaskRunner) -> None:
    from tests.review_support import PAT, import_as_typed, open_review_pair

    pair = open_review_pair(tmp_path, data_dir, db)
    import_as_typed(pair, tmp_path, {"deal.board_seats": "many", "deal.stake_after_pct": 40})
    dialog = ProposalsDialog(runner, PAT, data_dir, pair.reference)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    row = next(r for r, p in enumerate(dialog.rows) if p.field_path == "deal.board_seats")
    assert dialog.table.item(row, 4).text() == "many (not a value the app can store: reject it)"
    dialog.table.selectRow(row)
    qtbot.waitUntil(lambda: dialog.reject_button.isEnabled(), timeout=10_000)
    assert not dialog.accept_button.isEnabled()
    assert dialog.accept_button.toolTip().startswith(
        'the value must be a whole number (got "many"): rita (Reviewer laptop) proposed it '
        "for Board seats")
    dialog.table.selectRow(1 - row)
    qtbot.waitUntil(lambda: dialog.accept_button.isEnabled(), timeout=10_000)
    dialog.close()
