"""Review mode as a new reviewer found it: the Recommendation tab names its case, the facts
list stays where it was scrolled after a save, the field names leave the values room, the
notices leave the tabs room, and messages say where things went and which case they are of."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from approvals.services import review
from approvals.services.cases import import_case
from tests.conftest import EXAMPLES_DIR
from tests.ui.test_review_ui import (
    _case_with_documents,
    _click,
    open_in_review_mode,
    open_pack_in_review_mode,
)


def _open(qtbot, tmp_path, data_dir, db, admin, installation_b):
    ref = _case_with_documents(db, data_dir, tmp_path, admin)
    rw, _features = open_in_review_mode(qtbot, tmp_path, data_dir, db, admin, installation_b,
                                        ref)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # qtbot closes it again
    return rw, ref


def _two_cases(qtbot, tmp_path, data_dir, db, admin, installation_b):
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        refs = [import_case(s, data=facts, actor=admin).reference for _ in range(2)]
    pack = tmp_path / "two.zip"
    with db.session() as s:
        review.export_review_pack(s, data_dir=data_dir, references=refs, out=pack, actor=admin,
                                  drafts=False)
    rw, _features = open_pack_in_review_mode(qtbot, data_dir, installation_b, pack)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    return rw, refs


def test_the_recommendation_tab_names_the_case_it_is_for(qtbot, tmp_path, data_dir, db, admin,
                                                         installation_b):
    rw, (first, second) = _two_cases(qtbot, tmp_path, data_dir, db, admin, installation_b)
    assert first in rw.rec_heading.text() and second not in rw.rec_heading.text()
    rw.case_combo.setCurrentIndex(1)
    assert second in rw.rec_heading.text() and first not in rw.rec_heading.text()


def test_unsaved_typing_names_its_case_when_the_pack_has_several(qtbot, tmp_path, data_dir, db,
                                                                 admin, installation_b):
    rw, (_first, second) = _two_cases(qtbot, tmp_path, data_dir, db, admin, installation_b)
    rw.case_combo.setCurrentIndex(1)
    rw.case_comment_edit.setText("Board minutes?")
    assert rw.unsaved_input() == [f"the comment typed on the Comments tab of {second} (Comment)"]
    rw.close()
    _click(qtbot, rw.close_box.button(QMessageBox.StandardButton.Discard))


def test_a_save_leaves_the_facts_list_where_it_was_scrolled(qtbot, tmp_path, data_dir, db,
                                                            admin, installation_b):
    rw, _ref = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    rw.resize(700, 420)
    rw.show()
    bar = rw.facts_tree.verticalScrollBar()
    assert bar.maximum() > 4
    rw.select_field("deal.board_seats")
    bar.setValue(bar.maximum() // 2)
    kept = bar.value()
    rw.field_comment_edit.setText("Two seats per the SPA")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        _click(qtbot, rw.field_comment_button)
    assert bar.value() == kept
    assert rw.status.text() == "Comment on Board seats (Deal) saved."


def test_field_names_leave_the_values_room_in_a_narrow_window(qtbot, tmp_path, data_dir, db,
                                                             admin, installation_b):
    rw, _ref = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    rw.resize(480, 600)
    rw.show()
    qtbot.waitUntil(lambda: rw.facts_tree.viewport().width() < 480, timeout=5_000)
    width = rw.facts_tree.viewport().width()
    assert rw.facts_tree.header().sectionSize(0) <= int(width * 0.45) + 1
    # Room enough: as wide as the longest name.
    rw.resize(1600, 600)
    qtbot.waitUntil(lambda: rw.facts_tree.viewport().width() > 1000, timeout=5_000)
    assert rw.facts_tree.header().sectionSize(0) >= rw.facts_tree.sizeHintForColumn(0)


def test_the_notices_leave_the_tabs_room_in_a_short_window(qtbot, tmp_path, data_dir, db,
                                                           admin, installation_b):
    rw, _ref = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    rw.show()
    rw.resize(900, 640)
    qtbot.waitUntil(lambda: rw.height() == 640, timeout=5_000)
    rw._fit_notices()
    tall = rw.notices_area.height()
    assert tall > 0 and rw.notices_area.verticalScrollBar().maximum() == 0  # all of it shown
    rw.resize(600, 300)
    qtbot.waitUntil(lambda: rw.height() <= 330, timeout=5_000)
    assert rw.notices_area.height() <= int(rw.height() * 0.22)


def test_the_written_response_says_where_it_is_and_who_imports_it(
        qtbot, tmp_path, data_dir, db, admin, installation_b):
    rw, ref = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    review.set_recommendation(data_dir=installation_b[0], pack_id=rw.pack_id, reference=ref,
                              recommendation="approve", reasons="", actor=rw.actor)
    out = tmp_path / "answers" / "response.zip"
    out.parent.mkdir()
    with qtbot.waitSignal(rw.response_exported, timeout=20_000):
        rw.export_response(out)
    text = rw.status.text()
    assert f"response.zip in {out.parent}" in text
    assert "Send it to Preparer desk, who imports it with Review → Import response…" in text


def test_the_conflict_legend_shows_only_with_a_conflict(qtbot, tmp_path, data_dir, db, runner):
    """"Highlighted rows changed here…" stood under a table with no row highlighted."""
    from approvals.store.audit import Actor
    from approvals.ui.review import ProposalsDialog
    from tests.review_support import RITA, open_review_pair, write_response

    pair = open_review_pair(tmp_path, data_dir, db)
    try:
        review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id, reference=pair.reference,
                              field_path="deal.board_seats", value=1, actor=RITA)
        response = write_response(pair, tmp_path / "response.zip")
        with db.session() as s:
            review.import_response(s, data_dir=data_dir, path=response,
                                   actor=Actor("pat", ("preparer", "approver")))
    finally:
        pair.b_db.dispose()
    dialog = ProposalsDialog(runner, Actor("pat", ("preparer", "approver")), data_dir,
                             pair.reference)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert not dialog.legend.isVisible()
    # Edited here meanwhile: the row is highlighted, and the legend says why.
    from approvals.domain.facts import parse_facts
    from approvals.services.case_edit import update_case_facts
    from approvals.store.cases import case_by_reference

    with db.session() as s:
        case = case_by_reference(s, pair.reference)
        facts = json.loads(case.facts) if isinstance(case.facts, str) else dict(case.facts)
        facts["deal"]["board_seats"] = 3
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(facts), actor=Actor("pat", ("preparer",)))
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.legend.isVisible(), timeout=10_000)


def test_the_facts_list_counts_the_comments_on_each_field(qtbot, tmp_path, data_dir, db, admin,
                                                          installation_b):
    rw, _ref = _open(qtbot, tmp_path, data_dir, db, admin, installation_b)
    rw.select_field("deal.board_seats")
    rw.field_comment_edit.setText("Two seats per the SPA")
    with qtbot.waitSignal(rw.loaded, timeout=10_000):
        _click(qtbot, rw.field_comment_button)
    item = rw.facts_tree.currentItem()
    assert item.text(3) == "1"
    # The author by name, as the app names people (the login beside it).
    assert item.toolTip(3) == (f"{rw.actor.display_name} ({rw.actor.username}): Two seats per "
                               "the SPA")
    rw.select_field("deal.amount.value")
    assert rw.facts_tree.currentItem().text(3) == ""


def test_the_decision_reason_hint_is_read_whole_in_a_narrow_dialog(qtbot, data_dir, runner):
    """At 200 % the hint was cut to "…recorded in th…" beside Accept and Reject."""
    from approvals.store.audit import Actor
    from approvals.ui.review import ProposalsDialog

    dialog = ProposalsDialog(runner, Actor("pat", ("preparer", "approver")), data_dir)
    qtbot.addWidget(dialog)
    dialog.resize(640, 400)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.empty.isVisible(), timeout=10_000)
    edit = dialog.reason_edit
    assert edit.fontMetrics().horizontalAdvance(edit.placeholderText()) < edit.width() - 12
    assert "audit trail" in edit.toolTip()


def test_the_keys_dialog_fits_a_small_screen(qtbot, data_dir, runner, admin):
    """At 200 % on a laptop (683 by 384 points) the fingerprint row and the headings made
    the dialog wider than the screen, and Trust and Close fell off its edges."""
    from approvals.ui.review import KeysDialog

    keys = KeysDialog(runner, admin, data_dir)
    qtbot.addWidget(keys)
    keys.show()
    qtbot.waitUntil(lambda: keys.identity is not None, timeout=10_000)
    hint = keys.minimumSizeHint()
    assert hint.width() <= 600 and hint.height() <= 300
    # Narrow, the fingerprint wraps, whole.
    keys.resize(560, 300)
    qtbot.waitUntil(lambda: keys.width() <= 600, timeout=5_000)
    label = keys.fingerprint_label
    assert label.wordWrap() and label.text() == keys.identity.fingerprint_grouped
