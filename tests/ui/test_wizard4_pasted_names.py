"""A name pasted with a line break or a zero-width space (a PDF, a web page) is filed on
one line without it, and shown so on leaving the field; before, the break went into the
facts and onto the filings."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import edit


def test_pasted_names_are_filed_on_one_line(qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    for name, pasted, filed in [
        ("field_target_name_zh", "北京灵犀\n智算科技有限公司\u200b", "北京灵犀智算科技有限公司"),
        ("field_target_name_en", "Beijing Lingxi\nZhisuan Technology Co., Ltd.",
         "Beijing Lingxi Zhisuan Technology Co., Ltd."),
        ("field_investor_name", "Sand Hill Frontier\r\nVentures IV, L.P.",
         "Sand Hill Frontier Ventures IV, L.P."),
    ]:
        field = edit(wizard, name)
        QApplication.clipboard().setText(pasted)
        field.clear()
        field.paste()
        field.editingFinished.emit()  # leaving the field
        assert field.text() == filed
    facts = wizard.collect()
    assert facts["target"]["name_zh"] == "北京灵犀智算科技有限公司"
    assert facts["investor"]["name"] == "Sand Hill Frontier Ventures IV, L.P."
    wizard._dirty = False


def test_pasted_list_items_lose_invisible_characters(qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    models = wizard.findChild(object, "field_target_ai_us_models_used")
    models.setPlainText("GPT-4o\u200b via API\n\n  Llama 3.1  405B \u200e\n")
    field = next(f for f in wizard.fields if f.path == ("target", "ai", "us_models_used"))
    assert field.parse() == ["GPT-4o via API", "Llama 3.1 405B"]
    wizard._dirty = False
