"""The screening determinations view shows each reason's Chinese wording beneath it."""

from __future__ import annotations

import json
from datetime import date

from PySide6.QtWidgets import QLabel

from approvals.domain.facts import parse_facts
from approvals.domain.screening import Determination, Reason, screen
from approvals.ui.widgets import DeterminationsView
from tests.conftest import EXAMPLES_DIR
from tests.ui.conftest import dark_palette


def test_reasons_show_their_chinese_wording(qtbot) -> None:
    facts = parse_facts(json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8")))
    view = DeterminationsView()
    qtbot.addWidget(view)
    view.set_determinations(screen(facts, date(2026, 12, 1)).determinations)
    text = view.findChild(QLabel, "determination_US-OISP").text()
    # Compute is shown as people read it, every significant digit kept.
    assert "largest training run 3.1 × 10²⁵ operations is more than 10²⁵" in text
    assert "最大训练计算量为3.1 × 10²⁵次运算，超过10²⁵次运算" in text
    assert "e25" not in text


def test_an_old_reason_without_chinese_shows_english_only(qtbot) -> None:
    view = DeterminationsView()
    qtbot.addWidget(view)
    old = Reason("CN-FISR.scope.2021", "Order No. 37, Art. 4", "investor is a foreign investor")
    view.set_determinations([Determination("CN-FISR", "not_required", "in_force", (old,))])
    text = view.findChild(QLabel, "determination_CN-FISR").text()
    assert "investor is a foreign investor" in text and "<br/>" not in text


def test_the_chinese_wording_stays_readable_on_a_dark_palette(qtbot) -> None:
    facts = parse_facts(json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8")))
    view = DeterminationsView()
    qtbot.addWidget(view)
    view.set_determinations(screen(facts, date(2026, 12, 1)).determinations)

    def oisp() -> str:
        return next(label.text() for label in view.labels
                    if label.objectName() == "determination_US-OISP")

    assert "color:#616161" in oisp()
    with dark_palette():
        # #616161 on #202020 is about 2.6:1; the lighter grey keeps 4.5:1 or more.
        qtbot.waitUntil(lambda: "color:#b0b0b0" in oisp(), timeout=2_000)
        assert "#616161" not in oisp()
    qtbot.waitUntil(lambda: "color:#616161" in oisp(), timeout=2_000)
