"""The case header's banners (how the case ended, the distillation risk flag) keep room
round their words where a desktop enlarges its font: their padding is in em (4 px at the
usual font), where a fixed 4 px left the words against the coloured edge at twice it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from approvals.ui.case_layout import banner_style
from tests.ui.scaling_support import doubled_app_font

CLOSED = dict(light=("#eceff1", "#263238"), dark=("#424242", "#fff"))


def _padding(qtbot) -> int:
    label = QLabel("<b>Closed on 3 Dec 2026 by Olga</b>")
    qtbot.addWidget(label)
    label.setStyleSheet(banner_style(**CLOSED))
    label.ensurePolished()
    return label.sizeHint().height() - label.fontMetrics().height()


def test_the_padding_grows_with_the_desktops_font(qtbot) -> None:
    usual = _padding(qtbot)
    with doubled_app_font():
        doubled = _padding(qtbot)
    assert usual == 8  # 4 px above and below at the usual font
    assert doubled >= 2 * usual - 1


def test_the_pair_follows_the_palette(monkeypatch) -> None:
    from approvals.ui import case_layout

    monkeypatch.setattr(case_layout, "is_dark", lambda: True)
    assert banner_style(**CLOSED).startswith("background:#424242; color:#fff;")
    monkeypatch.setattr(case_layout, "is_dark", lambda: False)
    assert banner_style(**CLOSED).startswith("background:#eceff1; color:#263238;")
