"""Said once on the screen as on paper: the dashboard's expected notifications said
"projected" in the box title, the group heading and the note under the title; the report
titles its sections once ("Expected US notifications: due dates projected from …"), and the
screen's title and group heading are those words, from the same constants."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtGui import QTextDocument

from approvals.services.deadline_report import section_title
from approvals.services.workspace import ExpectedNotification
from approvals.ui.dashboard import DashboardData, DeadlinesDashboard

RULE = "due 30 calendar days after the completion date"


def _expected(n: int, completion: str | None, due: str | None) -> ExpectedNotification:
    return ExpectedNotification(
        n, f"AP-2026-000{n}", f"Target {n}", "US-OISP", "internal_review", "alice",
        completion, due, False, RULE, "31 CFR 850.401", ())


def _plain(rich: str) -> str:
    doc = QTextDocument()
    doc.setHtml(rich)
    return doc.toPlainText()


def test_the_expected_box_says_projected_once_in_the_reports_words(qtbot, runner) -> None:
    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    dashboard._show(DashboardData([], [], [_expected(2, "2027-02-01", "2027-03-03"),
                                           _expected(3, None, None)]),
                    today=date(2026, 11, 29))
    title = _plain(dashboard.expected_title.text())
    note = dashboard.expected_note.text()
    tree = dashboard.expected_tree
    heads = [re.sub(r" \(\d+\).*", "", tree.topLevelItem(i).text(0))
             for i in range(tree.topLevelItemCount())]
    # The box title and a group heading, read together, are the printed report's title.
    assert [f"{title}: {h[0].lower()}{h[1:]}" for h in heads] == [
        section_title("projected"), section_title("not_known")]
    assert section_title("projected") == (
        "Expected US notifications: due dates projected from the expected completion date")
    assert section_title("not_known") == "Expected US notifications: completion date not known"
    # "projected" once in sight: by the group heading, not by the title or the note too.
    shown = " ".join([title, note, *heads]).lower()
    assert shown.count("projected") == 1, shown
