"""An imported file's figure JSON reads as infinity (1e400) is reported as too large, once,
as `approvals case import` says it: not "Infinity must be at most 100"; and a date the
file writes otherwise than YYYY-MM-DD says the day it reads as."""

from __future__ import annotations

import re
from pathlib import Path

from approvals.ui.wizard import IntakeWizard
from tests.conftest import EXAMPLES_DIR


def test_a_figure_read_as_infinity_is_reported_too_large(
        qtbot, wizard: IntakeWizard, tmp_path: Path) -> None:
    wizard.autosave_timer.stop()
    text = (EXAMPLES_DIR / "vision-startup.json").read_text(encoding="utf-8")
    text, stakes = re.subn(r'"stake_after_pct": [0-9.]+', '"stake_after_pct": 1e400', text)
    text, dates = re.subn(r'"signing_date": "[^"]*"', '"signing_date": "2026/1/2"', text)
    assert stakes == dates == 1
    path = tmp_path / "facts.json"
    path.write_text(text, encoding="utf-8")
    wizard.import_file(path)
    qtbot.waitUntil(lambda: wizard.findChild(object, "errorDialog") is not None, timeout=5_000)
    lines = wizard.findChild(object, "errorDialog").informativeText().splitlines()
    assert lines == [
        "Stake after the deal (%) (Deal) [deal.stake_after_pct]: is too large to be a real "
        "figure (it reads as infinity) — kept as written and marked at its field: correct it "
        "there",
        'Signing date (Deal) [deal.signing_date]: "2026/1/2" is not a valid date: write it '
        'YYYY-MM-DD: "2026-01-02" — read as 2026-01-02: check it'], lines
    wizard._dirty = False
