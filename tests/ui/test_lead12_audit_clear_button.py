"""The audit trail window's Clear filters is a button at its own width at the end of the
second filter row: stretched under the Kind box it ran a third of the window wide."""
from __future__ import annotations

from typing import Any

import pytest

from approvals.ui.audit_trail import AuditTrailWindow
from tests.ui.test_audit_trail_window import opened_trail

window = pytest.fixture(opened_trail)


def test_clear_filters_keeps_its_own_width_at_the_rows_end(qtbot: Any, window: AuditTrailWindow) -> None:
    window.resize(1366, 700)
    qtbot.waitUntil(lambda: window.width() == 1366, timeout=5_000)
    button = window.clear_button
    assert button.width() <= button.sizeHint().width() + 4
    kind = window.kind_filter
    right_of = lambda w: w.mapTo(window, w.rect().topRight()).x()  # noqa: E731
    assert abs(right_of(button) - right_of(kind)) <= 2
