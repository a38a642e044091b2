"""A filing's QR code is ReportLab's: `qr.lost_point` scores each mask as ReportLab's
`QRUtil.getLostPoint` does (its quirks too), so `qr.make` chooses the same mask and lays
out the same modules as `QRCode.make()`, for the values filings carry and for others."""

from __future__ import annotations

import random
import string

import pytest
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.barcode.qrencoder import QRUtil

from approvals.filings import qr

_random = random.Random(20261203)
VALUES = [
    *(f"APPROVALS|AP-2026-{n:04d}|{kind}|sha256:"
      + "".join(_random.choice("0123456789abcdef") for _ in range(64))
      for n, kind in enumerate(("status-report", "cn-application", "us-notification") * 8)),
    *("".join(_random.choice(string.printable) for _ in range(_random.randint(1, 250)))
      for _ in range(24)),
    "1", "A", "12345678901234567890", "HELLO WORLD", "周伟 机器人",
]


@pytest.mark.parametrize("value", VALUES)
def test_each_mask_is_scored_as_reportlab_scores_it(value: str) -> None:
    code = QrCodeWidget(value, barLevel="M").qr
    code.version = code.calculate_version()
    for mask in range(8):
        code.makeImpl(True, mask)
        assert qr.lost_point(code.modules) == QRUtil.getLostPoint(code), mask


@pytest.mark.parametrize("value", VALUES)
def test_the_code_laid_out_is_reportlabs(value: str) -> None:
    ours = QrCodeWidget(value, barLevel="M").qr
    qr.make(ours)
    theirs = QrCodeWidget(value, barLevel="M").qr
    theirs.make()
    assert ours.modules == theirs.modules


def test_a_layout_that_would_score_differently_by_column_does() -> None:
    # Not a QR code: a check that the scoring reads what it is given (a run along a column
    # costs, the finder-like pattern counts along a row only, as ReportLab counts it).
    light = [[False] * 21 for _ in range(21)]
    row = [[True, False, True, True, True, False, True, False, False, False, False]
           + [True, False] * 5]
    pattern_in_row = row + [[(r + c) % 2 == 0 for c in range(21)] for r in range(20)]
    pattern_in_column = [list(column) for column in zip(*pattern_in_row, strict=True)]
    for modules in (light, pattern_in_row, pattern_in_column):
        code = QrCodeWidget("x").qr
        code.modules = modules
        assert qr.lost_point(modules) == QRUtil.getLostPoint(code)
    assert qr.lost_point(pattern_in_row) != qr.lost_point(pattern_in_column)
