"""The Screening tab marks the screening's points for the officer to check (Reason.advice),
which filings to an authority leave out of their grounds: "To check before filing:"."""

from __future__ import annotations

import json
from datetime import date

from PySide6.QtGui import QTextDocumentFragment

from approvals.domain.facts import parse_facts
from approvals.domain.screening import screen
from approvals.ui.widgets import determination_html
from tests.conftest import EXAMPLES_DIR


def test_points_to_check_are_marked_and_grounds_are_not(qapp: object) -> None:
    facts = parse_facts(json.loads((EXAMPLES_DIR / "consumer-app.json").read_text(encoding="utf-8")))
    negative = next(d for d in screen(facts, date(2026, 12, 1), False).determinations
                    if d.regime == "CN-NEGATIVE-LIST")
    shown = QTextDocumentFragment.fromHtml(determination_html(negative)).toPlainText()
    lines = [line for line in shown.splitlines() if line.strip()]
    marked = [line for line in lines if line.startswith("To check before filing: ")]
    assert marked and all("value-added telecom" in line for line in marked)
    assert any("target is organised" in line and "To check" not in line for line in lines)
