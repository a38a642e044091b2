"""Review mode's status line says what was said about a tab while that tab is shown: a
refused value ("cannot be left empty") stayed under the Recommendation tab, as if about
the recommendation. Back on the Facts tab it is said again; a message about the whole
pack stays whichever tab is shown."""

from __future__ import annotations

from PySide6.QtCore import Qt

from approvals.ui.review import FACTS_TAB, RECOMMENDATION_TAB
from tests.ui.test_review_ui import _case_with_documents, open_in_review_mode


def test_a_field_s_message_goes_and_comes_back_with_its_tab(
        qtbot, tmp_path, data_dir, db, admin, installation_b) -> None:
    ref = _case_with_documents(db, data_dir, tmp_path, admin)
    rw, _features = open_in_review_mode(qtbot, tmp_path, data_dir, db, admin, installation_b, ref)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    rw.select_field("target.name_en")
    qtbot.mouseClick(rw.clear_value_button, Qt.MouseButton.LeftButton)
    said = rw.status.text()
    assert "cannot be left empty" in said
    rw.tabs.setCurrentIndex(RECOMMENDATION_TAB)
    assert rw.status.text() == ""
    # The Recommendation tab's own problem there, and only there.
    rw.recommend()
    assert rw.status.text() == "Choose approve or return."
    rw.tabs.setCurrentIndex(FACTS_TAB)
    assert rw.status.text() == said
    rw.tabs.setCurrentIndex(RECOMMENDATION_TAB)
    assert rw.status.text() == "Choose approve or return."


def test_a_message_about_the_whole_pack_stays_on_every_tab(
        qtbot, tmp_path, data_dir, db, admin, installation_b) -> None:
    ref = _case_with_documents(db, data_dir, tmp_path, admin)
    rw, _features = open_in_review_mode(qtbot, tmp_path, data_dir, db, admin, installation_b, ref)
    rw.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    rw.select_field("target.name_en")
    qtbot.mouseClick(rw.clear_value_button, Qt.MouseButton.LeftButton)
    rw.status.setText("Wrote the response pack response.zip in the packs folder.")
    rw.tabs.setCurrentIndex(RECOMMENDATION_TAB)
    assert rw.status.text() == "Wrote the response pack response.zip in the packs folder."
    rw.tabs.setCurrentIndex(FACTS_TAB)  # the refusal said before it is past
    assert rw.status.text() == "Wrote the response pack response.zip in the packs folder."
