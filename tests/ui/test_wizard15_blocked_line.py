"""With nothing to fix, a page's "Next is unavailable …" line stood empty under the form,
keeping a line and its spacing: at 200 % on a 1366×768 screen a tenth of the form's little
room. The line shows only while it has something to say; the form takes its room
otherwise."""

from __future__ import annotations

from approvals.ui.wizard import IntakeWizard
from tests.ui.test_wizard import type_into


def test_the_reason_line_takes_room_only_while_next_is_unavailable(
        qtbot, wizard: IntakeWizard) -> None:
    wizard.resize(683, 384)  # 1366×768 at QT_SCALE_FACTOR=2
    page = wizard.currentPage()
    qtbot.waitUntil(lambda: page.blocked_label.isVisibleTo(wizard), timeout=2_000)
    assert page.blocked_label.text().startswith("Next is unavailable")
    blocked_height = page.scroll_area.height()
    type_into(qtbot, wizard, "field_target_name_en", "Kowloon Reasoning Labs Limited")
    assert page.blocked_label.text() == ""
    assert not page.blocked_label.isVisibleTo(wizard)
    qtbot.waitUntil(lambda: page.scroll_area.height() > blocked_height, timeout=2_000)
    # A problem brings the line back, with what to fix.
    type_into(qtbot, wizard, "field_target_uscc", "91110000")
    assert page.blocked_label.isVisibleTo(wizard)
    assert "Unified Social Credit Code" in page.blocked_label.text()
