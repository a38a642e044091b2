"""A Chinese name pasted from a PDF or a justified web page with a space (or an
ideographic space 　) between its characters is filed without it, and shown so on
leaving the field: "北京示例 科技有限公司" was filed, and printed on the Chinese
application, with the gap. A space beside Latin letters stays ("ABC 科技有限公司")."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from approvals.domain.typed_input import name_text
from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import edit


@pytest.mark.parametrize(("pasted", "filed"), [
    ("北京示例 科技有限公司", "北京示例科技有限公司"),
    ("示例前沿\u3000智能有限公司（北京）", "示例前沿智能有限公司（北京）"),
    ("北京 （示例）  科技有限公司", "北京（示例）科技有限公司"),
    ("Lingxi\u3000灵犀", "Lingxi 灵犀"),  # elsewhere an ideographic space is a plain one
    ("ABC 科技有限公司", "ABC 科技有限公司"),
    ("Sand Hill Frontier Ventures IV, L.P.", "Sand Hill Frontier Ventures IV, L.P."),
])
def test_no_gap_between_chinese_characters(pasted: str, filed: str) -> None:
    assert name_text(pasted) == filed


def test_the_field_shows_the_name_as_filed_on_leaving_it(qtbot, wizard: IntakeWizard) -> None:
    wizard.autosave_timer.stop()
    field = edit(wizard, "field_target_name_zh")
    QApplication.clipboard().setText(" 北京示例 科技有限公司\u3000\n")
    field.clear()
    field.paste()
    field.editingFinished.emit()  # leaving the field
    assert field.text() == "北京示例科技有限公司"
    assert wizard.collect()["target"]["name_zh"] == "北京示例科技有限公司"
    wizard._dirty = False
