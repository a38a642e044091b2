"""Review mode's status line: what was said about a tab belongs to the case it was said
on. "AP-…: Choose approve or return." about one case stayed on the status line when another
case was chosen in the case list, and came back on that other case's Recommendation tab;
a refusal on one case's Facts tab, on the other's. A message about the whole pack stays."""

from __future__ import annotations

from PySide6.QtCore import Qt

from approvals.ui.review import FACTS_TAB, RECOMMENDATION_TAB
from tests.ui.test_review_unsaved_ui import _two_cases_in_review_mode


def test_a_case_s_messages_go_when_another_case_is_chosen(
        qtbot, tmp_path, data_dir, db, admin, installation_b) -> None:
    rw, (first, second), _facts = _two_cases_in_review_mode(qtbot, tmp_path, data_dir, db,
                                                            admin, installation_b)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    assert rw.current_case().reference == first
    rw.select_field("target.name_en")
    qtbot.mouseClick(rw.clear_value_button, Qt.MouseButton.LeftButton)
    assert "cannot be left empty" in rw.status.text()
    rw.tabs.setCurrentIndex(RECOMMENDATION_TAB)
    rw.recommend()
    assert rw.status.text() == f"{first}: Choose approve or return."
    rw.case_combo.setCurrentIndex(rw.case_combo.findData(second))
    assert rw.current_case().reference == second
    assert rw.status.text() == ""
    # Nor said again on the other case's tabs.
    for tab in (FACTS_TAB, RECOMMENDATION_TAB):
        rw.tabs.setCurrentIndex(tab)
        assert rw.status.text() == "", tab
    # The second case's own problem is said there.
    rw.recommend()
    assert rw.status.text() == f"{second}: Choose approve or return."


def test_a_message_about_the_whole_pack_stays_on_a_change_of_case(
        qtbot, tmp_path, data_dir, db, admin, installation_b) -> None:
    rw, (_first, second), _facts = _two_cases_in_review_mode(qtbot, tmp_path, data_dir, db,
                                                             admin, installation_b)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    wrote = "Wrote the response pack response.zip in the packs folder."
    rw.status.setText(wrote)
    rw.case_combo.setCurrentIndex(rw.case_combo.findData(second))
    assert rw.status.text() == wrote
