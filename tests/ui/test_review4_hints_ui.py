"""Review mode says what to type for the field chosen, and takes a list typed in words;
the keys dialog shows no empty table (at 200 % it pushed the Trust form below the fold)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from approvals.services import review
from approvals.ui.review import PROPOSE_HINT, KeysDialog
from tests.ui.test_review_ui import _case_open_in_review_mode


def test_the_value_hint_follows_the_field_and_a_list_is_proposed_in_words(
        qtbot, tmp_path, data_dir, db, admin, installation_b):
    rw, ref, _features = _case_open_in_review_mode(qtbot, tmp_path, data_dir, db, admin,
                                                   installation_b)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    assert rw.propose_edit.placeholderText() == PROPOSE_HINT
    rw.select_field("target.ai.end_uses")
    hint = rw.propose_edit.placeholderText()
    assert hint.startswith("Items separated by commas") and rw.propose_edit.toolTip() == hint
    rw.propose_edit.setText("Robotic control, Cybersecurity")
    rw.propose()
    qtbot.waitUntil(lambda: "Proposed Intended end uses" in rw.status.text(), timeout=10_000)
    case = next(c for c in review.get_review(installation_b[0], rw.pack_id).cases
                if c.reference == ref)
    proposed = {p.field_path: p.proposed_value for p in case.proposals}
    assert proposed["target.ai.end_uses"] == ["robotic_control", "cybersecurity"]
    rw.select_field("deal.signing_date")
    assert "2026年6月30日" in rw.propose_edit.placeholderText()
    rw.close()


def test_the_keys_dialog_hides_an_empty_table(qtbot, runner, admin, data_dir):
    dialog = KeysDialog(runner, admin, data_dir)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    assert dialog.no_keys.isVisible()
    assert not dialog.table.isVisible() and not dialog.untrust_button.isVisible()
    assert "e.g. Pat's desk" in dialog.label_edit.placeholderText()  # what the name is for
    # As tall as what it shows, not a tall blank below Trust (it opened 560 high).
    assert dialog.sized_to_content and dialog.height() < 560
    assert dialog.height() >= dialog.content.sizeHint().height()
    dialog.close()


def test_one_cases_proposed_changes_leave_out_the_case_column(qtbot, runner, admin, data_dir):
    from approvals.ui.review import ProposalsDialog

    one = ProposalsDialog(runner, admin, data_dir, "AP-2026-0001")
    every = ProposalsDialog(runner, admin, data_dir)
    for dialog in (one, every):
        qtbot.addWidget(dialog)
    assert one.table.isColumnHidden(0) and not every.table.isColumnHidden(0)
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    for dialog in (one, every):
        dialog.close()


def test_a_long_proposed_value_leaves_the_current_values_readable(
        qtbot, tmp_path, data_dir, db, admin, installation_b):
    rw, _ref, _features = _case_open_in_review_mode(qtbot, tmp_path, data_dir, db, admin,
                                                    installation_b)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    rw.resize(700, 600)
    rw.select_field("target.name_en")
    rw.propose_edit.setText("Shenzhen Jixie Vision Robotics and Intelligent Machines Co., Ltd.")
    rw.propose()
    qtbot.waitUntil(lambda: "Proposed Name (English)" in rw.status.text(), timeout=10_000)
    tree = rw.facts_tree
    qtbot.waitUntil(lambda: any(tree.topLevelItem(i).text(2).startswith("Shenzhen")
                                for i in range(tree.topLevelItemCount())), timeout=10_000)
    width = tree.viewport().width()
    header = tree.header()
    # The proposal is elided within its share (whole in its tooltip); the values keep room.
    # (A fifth of the width when it was fitted: a scroll bar shown since takes a little.)
    assert header.sectionSize(2) <= int(width * 0.25)
    assert tree.sizeHintForColumn(2) > width * 0.25  # it would have taken more
    assert header.sectionSize(1) >= header.sectionSize(2)
    rw.close()


def test_a_stored_final_is_named_as_the_case_view_names_it(
        qtbot, tmp_path, data_dir, db, admin, installation_b):
    import json

    from approvals.services.cases import import_case
    from approvals.services.filings import render_filing
    from tests.conftest import EXAMPLES_DIR
    from tests.ui.test_review_ui import open_in_review_mode

    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        ref = import_case(s, data=facts, actor=admin).reference
    with db.session() as s:
        render_filing(session=s, reference=ref, kind="status-report", actor=admin, final=True,
                      data_dir=data_dir)
    rw, _features = open_in_review_mode(qtbot, tmp_path, data_dir, db, admin, installation_b,
                                         ref)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    lines = [rw.doc_list.item(i).text() for i in range(rw.doc_list.count())]
    assert any("(Status report — stored final, " in line for line in lines), lines
    assert not any("rendered filing" in line for line in lines)
    rw.close()


def test_a_response_with_nothing_saved_says_what_to_add(qtbot, tmp_path, data_dir, db, admin,
                                                        installation_b):
    from PySide6.QtWidgets import QApplication, QMessageBox

    rw, _ref, _features = _case_open_in_review_mode(qtbot, tmp_path, data_dir, db, admin,
                                                    installation_b)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    out = tmp_path / "response.zip"
    rw.export_response(out)
    qtbot.waitUntil(lambda: rw.status.text().startswith(
        "Nothing to send yet, so response.zip was not written"), timeout=10_000)
    assert not out.exists() and not rw.response_progress.running
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()]
    rw.case_comment_edit.setText("Check the SPA")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        rw.comment_on_case()
    with qtbot.waitSignal(rw.response_exported, timeout=20_000):
        rw.export_response(out)
    assert out.is_file()
    rw.close()
