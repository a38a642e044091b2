"""Words of the Review dialogs, found walking a review pack's round trip through the app at
200 % and in a dark palette: each test fails if its defect comes back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from approvals.paths import DataDir
from approvals.services import review
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.review import ExportPackDialog, KeysDialog, ReviewModeWindow
from approvals.ui.workers import TaskRunner
from tests.ui.test_review_ui import _case_with_documents


def _boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]


def _export_dialog(qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
                   ref: str) -> ExportPackDialog:
    dialog = ExportPackDialog(runner, admin, data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: runner.idle and dialog.case_model.rowCount() == 1, timeout=10_000)
    dialog.set_checked([ref])
    return dialog


def test_the_export_status_ends_with_one_full_stop_after_browse(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir,
        tmp_path: Path) -> None:
    """"…or choose it with Browse…." — the button's ellipsis and the sentence's full stop
    side by side, with no file typed and with a folder typed."""
    ref = _case_with_documents(db, data_dir, tmp_path, admin)
    dialog = _export_dialog(qtbot, runner, admin, data_dir, ref)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Type the file to write, or press Browse… to choose it."
    folder = tmp_path / "packs"
    folder.mkdir()
    dialog.out_edit.setText(str(folder))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    said = dialog.status.text()
    assert said.startswith(f"{folder} is a folder.")
    assert said.endswith(", or press Browse… to choose one.")
    assert "…." not in said
    dialog.close()


def test_one_restricted_document_left_behind_is_its_name_not_their_names(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir,
        tmp_path: Path) -> None:
    """"1 restricted document stayed here: the reviewer sees their names only."""
    ref = _case_with_documents(db, data_dir, tmp_path, admin)  # one of its two restricted
    dialog = _export_dialog(qtbot, runner, admin, data_dir, ref)
    dialog.out_edit.setText(str(tmp_path / "pack.zip"))
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    said = dialog.status.text()
    assert "1 restricted document stayed here: the reviewer sees its name only." in said
    assert "their names" not in said
    dialog.close()


def _keys_dialog(qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir) -> KeysDialog:
    keys = KeysDialog(runner, admin, data_dir)
    qtbot.addWidget(keys)
    keys.show()
    qtbot.waitUntil(lambda: keys.identity is not None, timeout=10_000)
    return keys


def test_a_mistyped_fingerprint_is_said_beside_its_field_not_in_a_box(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir,
        tmp_path: Path) -> None:
    """A fingerprint read out wrong came back in a narrow message box starting
    "fingerprint: the key's fingerprint is…", over the field to correct."""
    other = review.installation_identity(DataDir(tmp_path / "other").ensure())
    keys = _keys_dialog(qtbot, runner, admin, data_dir)
    keys.key_edit.setPlainText(other.public_key_text)
    keys.label_edit.setText("Rita's laptop")
    wrong = other.fingerprint_grouped[:-1] + ("0" if other.fingerprint_grouped[-1] != "0" else "1")
    qtbot.keyClicks(keys.expected_edit, wrong)
    qtbot.mouseClick(keys.trust_button, Qt.MouseButton.LeftButton)
    # Said under the Fingerprint field (it was said in the footer beside Close).
    message = keys.findChild(QLabel, "trustProblem_fingerprint")
    qtbot.waitUntil(lambda: "Nothing was trusted" in message.text(), timeout=10_000)
    said = message.text()
    assert said.startswith("The key's fingerprint is not the one given; do not trust this key "
                           "until the difference is explained")
    assert other.fingerprint_grouped not in said
    assert "only group 16 of 16 differs" in said
    assert said.endswith(". Nothing was trusted.")
    assert not _boxes()
    assert keys.focusWidget() is keys.expected_edit
    assert keys.expected_edit.selectedText() == wrong  # typed again over the old text
    with db.read_session() as s:
        assert review.list_trusted_keys(s) == []
    keys.close()


def test_a_key_without_a_name_asks_for_one_in_the_name_field(
        qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir,
        tmp_path: Path) -> None:
    """The key taken from a pack has no name: the box said "label: give the installation a
    name (e.g. the reviewer's laptop)" — a field the dialog calls Name, and on the
    reviewer's side the installation named is the office's."""
    other = review.installation_identity(DataDir(tmp_path / "other").ensure())
    keys = _keys_dialog(qtbot, runner, admin, data_dir)
    keys.key_edit.setPlainText(other.public_key_text)
    keys.expected_edit.setText(other.fingerprint_grouped)
    qtbot.mouseClick(keys.trust_button, Qt.MouseButton.LeftButton)
    # Said under the Name field (it was said in the footer beside Close).
    message = keys.findChild(QLabel, "trustProblem_label")
    qtbot.waitUntil(lambda: "Nothing was trusted" in message.text(), timeout=10_000)
    assert message.text() == ("Type a name for that installation in Name: packs from it "
                              "are shown under it. Nothing was trusted.")
    assert not _boxes()
    assert keys.focusWidget() is keys.label_edit
    keys.label_edit.setText("Office")
    with qtbot.waitSignal(keys.changed, timeout=10_000):
        qtbot.mouseClick(keys.trust_button, Qt.MouseButton.LeftButton)
    with db.read_session() as s:
        assert [k.label for k in review.list_trusted_keys(s)] == ["Office"]
    keys.close()


def _six_for_signing_date(qtbot, rw: ReviewModeWindow) -> None:
    """"6" proposed for Signing date: refused under the value field."""
    rw.select_field("deal.signing_date")
    rw.propose_edit.setText("6")
    qtbot.mouseClick(rw.propose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rw.propose_error.isVisible(), timeout=10_000)


def test_a_number_typed_for_a_date_or_text_field_is_read_as_that_field_shows_it(
        qtbot, tmp_path: Path, data_dir: DataDir, db: Database, runner: TaskRunner,
        admin: Actor) -> None:
    """"6" typed for Signing date was read as JSON, the number 6, and refused in the
    schema's words: "must be text in quotes, or null when not known (got 6)". Digits for
    a text field (a credit code) were refused the same way."""
    from tests.ui.test_review18_refusals_ui import _open_here, _window

    _ref, pack_id = _open_here(data_dir, db, admin)
    rw = _window(qtbot, runner, admin, data_dir, pack_id)
    _six_for_signing_date(qtbot, rw)
    assert rw.propose_error.text().startswith("'6' is not a date: use YYYY-MM-DD")
    assert "quotes" not in rw.status.text()
    assert not review.get_review(data_dir, pack_id).cases[0].proposals
    rw.select_field("target.uscc")
    rw.propose_edit.setText("911100001000012345")  # digits: the code's own check, as text
    qtbot.mouseClick(rw.propose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "check character" in rw.propose_error.text(), timeout=10_000)
    assert rw.propose_error.text() == "check character is '5', expected 'U'"
    rw.propose_edit.setText("91110000100001234U")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        qtbot.mouseClick(rw.propose_button, Qt.MouseButton.LeftButton)
    proposals = review.get_review(data_dir, pack_id).cases[0].proposals
    assert [(p.field_path, p.proposed_value) for p in proposals] == [
        ("target.uscc", "91110000100001234U")]
    # JSON of the field's own kind is still taken as JSON.
    rw.select_field("deal.board_seats")
    rw.propose_edit.setText("2")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        qtbot.mouseClick(rw.propose_button, Qt.MouseButton.LeftButton)
    proposals = review.get_review(data_dir, pack_id).cases[0].proposals
    assert ("deal.board_seats", 2) in [(p.field_path, p.proposed_value) for p in proposals]
    rw.close()


def test_closing_review_mode_names_its_buttons_as_its_text_does(
        qtbot, tmp_path: Path, data_dir: DataDir, db: Database, runner: TaskRunner,
        admin: Actor) -> None:
    """"Save stores it … Discard drops it." over Qt's own labels, which follow the desktop:
    under GNOME the buttons read Close without Saving / Cancel / Save, none with an Alt
    key, and no button said Discard."""
    from tests.ui.test_review18_refusals_ui import _open_here, _window

    _ref, pack_id = _open_here(data_dir, db, admin)
    rw = _window(qtbot, runner, admin, data_dir, pack_id)
    rw.case_comment_edit.setText("Check the SPA")
    rw.close()
    box = rw.close_box
    assert box is not None and box.isVisible()
    assert "Save stores it" in box.informativeText()
    assert "Discard drops it." in box.informativeText()
    Button = QMessageBox.StandardButton
    assert [box.button(b).text() for b in (Button.Save, Button.Discard, Button.Cancel)] == [
        "&Save", "&Discard", "&Cancel"]
    qtbot.mouseClick(box.button(Button.Discard), Qt.MouseButton.LeftButton)
    assert not rw.isVisible()


def test_lines_scroll_shows_its_last_line_whole_in_gnomes_font(qtbot) -> None:
    """Under GNOME (Sans 10) a line is 15.125 px, which the font's lineSpacing() rounds
    down to 15 while the label lays each line out in 16: the review window's status line,
    three lines high, cut the third line's foot off ("reviewing" read "reviewinq")."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

    from approvals.ui.review import LinesScroll

    holder = QWidget()
    qtbot.addWidget(holder)
    holder.setFont(QFont("Sans", 10))
    label = QLabel(" ".join(["Wrote the response pack in /tmp: send it to the office."] * 8))
    label.setWordWrap(True)
    scroll = LinesScroll(label, "statusScroll", "Status", 3, 1)
    QVBoxLayout(holder).addWidget(scroll)
    holder.resize(500, 300)
    holder.show()
    qtbot.waitUntil(lambda: scroll.viewport().width() > 0, timeout=5_000)
    metrics = label.fontMetrics()
    flags = int(Qt.TextFlag.TextWordWrap)
    three = metrics.boundingRect(0, 0, 10_000, 10_000, flags, "x\nx\nx").height()
    qtbot.waitUntil(lambda: scroll.viewport().height() >= three, timeout=5_000)
    assert label.height() > three  # more than three lines: the rest scrolls


def test_proposed_changes_rows_are_one_line_in_gnomes_font(
        qtbot, data_dir: DataDir, db: Database, runner: TaskRunner) -> None:
    """Under GNOME (Sans 10) every row of Proposed changes was two lines tall, a short
    field name ("Stake after the deal (%) (Deal)") counted as wrapped: one line of text
    measured 16 px against the font's rounded-down lineSpacing() of 15."""
    from PySide6.QtGui import QFont

    from approvals.ui.review import ProposalsDialog
    from tests.review_support import PAT
    from tests.unit.test_loose6_proposal_listing import _case, _propose

    case_id, reference = _case(db, stake_after_pct=30)
    _propose(db, case_id, "deal.stake_after_pct", [("pending", 30, 35, None)])
    dialog = ProposalsDialog(runner, PAT, data_dir, reference)
    qtbot.addWidget(dialog)
    dialog.setFont(QFont("Sans", 10))
    dialog.resize(1100, 600)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    table = dialog.table
    # The columns fitted to the room, and the rows to the names, in one go.
    qtbot.waitUntil(lambda: bool(dialog._content_widths), timeout=10_000)
    assert table.rowHeight(0) == table.verticalHeader().defaultSectionSize()
    dialog.close()


def test_a_refusal_leaves_the_status_line_with_its_message_under_the_field(
        qtbot, data_dir: DataDir, db: Database, runner: TaskRunner, admin: Actor) -> None:
    """"Could not propose the change to Signing date (Deal): …" stayed on the status line
    once the red words under the value field were gone: another field chosen, or the value
    typed again."""
    from tests.ui.test_review18_refusals_ui import _open_here, _window

    _ref, pack_id = _open_here(data_dir, db, admin)
    rw = _window(qtbot, runner, admin, data_dir, pack_id)
    _six_for_signing_date(qtbot, rw)
    assert rw.status.text().startswith("Could not propose the change to Signing date (Deal)")
    rw.select_field("deal.stake_after_pct")
    assert not rw.propose_error.isVisible()
    assert rw.status.text() == ""
    # Typed again at the same field: both go as well.
    _six_for_signing_date(qtbot, rw)
    qtbot.keyClicks(rw.propose_edit, "/10/2026")
    assert not rw.propose_error.isVisible()
    assert rw.status.text() == ""
    rw.propose_edit.clear()  # nothing left unsaved to ask about
    rw.close()
