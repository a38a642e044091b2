"""A confirmation of a change with wide effect (Deactivate…, the rulebook's Revert and
Install anyway…) is as tall as its question, reason and buttons: a fixed 240 px height
left over a third of the Deactivate… confirmation an empty band above its buttons."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from approvals.ui.widgets import ConfirmChange

DEACTIVATE = ("Deactivate bob.chen (Bob Chen)? They are signed out of Approvals within "
              "seconds and cannot sign in until an administrator reactivates the account; "
              "their name stays on everything they did. Give the reason: it is recorded in "
              "the audit trail.")


@pytest.fixture
def parent(qtbot) -> QWidget:
    window = QWidget()
    qtbot.addWidget(window)
    return window


def _opened(qtbot, parent: QWidget, text: str) -> ConfirmChange:
    dialog = ConfirmChange(parent, title="Deactivate a user", text=text,
                           action="&Deactivate", object_name="deactivateUserConfirm",
                           reason=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _bottom(widget: QWidget, dialog: QWidget) -> int:
    return widget.mapTo(dialog, widget.rect().bottomLeft()).y()


def _assert_fits_content(dialog: ConfirmChange) -> None:
    reason = dialog.reason
    assert reason is not None
    line = dialog.fontMetrics().lineSpacing()
    # The whole question shows, wrapped ...
    assert dialog.message.height() >= dialog.message.heightForWidth(dialog.message.width())
    # ... its buttons a line or so under the reason, and nothing blank under them.
    gap = dialog.action.mapTo(dialog, dialog.action.rect().topLeft()).y() - _bottom(reason, dialog)
    assert gap < 3 * line
    assert dialog.height() - _bottom(dialog.action, dialog) < 2 * line
    # Its size hint is its content's (what a window manager or adjustSize() goes by).
    hint = dialog.sizeHint()
    assert abs(hint.height() - dialog.layout().totalHeightForWidth(hint.width())) <= 2


def test_deactivate_confirmation_is_as_tall_as_its_content(qtbot, parent: QWidget) -> None:
    dialog = _opened(qtbot, parent, DEACTIVATE)
    assert dialog.width() >= 400  # wide enough to read, not a narrow column
    _assert_fits_content(dialog)


def test_a_long_question_on_a_narrow_screen_still_shows_whole(qtbot, parent: QWidget) -> None:
    # At 200 % a laptop screen is about 640 px wide to Qt; here a narrower width still.
    dialog = _opened(qtbot, parent, DEACTIVATE + "\n\n" + DEACTIVATE)
    dialog._preferred_width = 320
    dialog.resize(dialog.sizeHint())
    qtbot.waitUntil(lambda: dialog.width() == 320)
    _assert_fits_content(dialog)
