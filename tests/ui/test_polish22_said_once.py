"""Said once on the screen as on paper. The case window's distillation flag said "risk
flag" twice ("… A risk flag, not a legal determination."); it says the filings' sentence,
from the same place (domain.wording). The dashboard's expected notifications said
"projected" in the box title, the group heading and the note under the title; the report
titles its sections once ("Expected US notifications: due dates projected from …"), and the
screen's title and group heading are those words, from the same constants."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtGui import QTextDocument

from approvals.domain.wording import distillation_flag_sentence
from approvals.paths import DataDir
from approvals.services.deadline_report import section_title
from approvals.services.workspace import ExpectedNotification
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.dashboard import DashboardData, DeadlinesDashboard
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view

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


# -- the case window's distillation flag: the filings' sentence, "risk flag" once ------------

def test_the_case_windows_flag_is_the_filings_sentence(
        qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    view = open_view(qtbot, runner, admin, data_dir, "AP-2026-0001")  # the flag is shown
    assert view.flag_label.isVisible()
    shown = _plain(view.flag_label.text())
    assert shown.startswith("Distillation risk flag: trained on outputs of US-origin models (")
    assert shown.endswith(". It is assessed under OSTP memorandum NSTM-4, Adversarial "
                          "Distillation of American AI Models (2026-04-23), and is not a "
                          "legal determination.")
    assert shown.lower().count("risk flag") == 1, shown
    state = shown.removeprefix("Distillation risk flag: ").split(". It is assessed")[0]
    assert shown == distillation_flag_sentence(state, "")[0]  # the words the filings print
    runner.wait_for_done()


# -- the case window's required documents: nine lines whole under GNOME's Sans 10 ------------

def test_the_required_documents_show_their_ninth_line_whole_in_gnomes_font(qtbot) -> None:
    """Capped at nine lines of the font's lineSpacing() (15 for Sans 10, a line the label
    lays out in 16), the checklist's ninth line lost its foot; the cap is laid_out_line's,
    the review windows' helper (one for both)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

    from approvals.ui.case_documents import ChecklistScroll

    holder = QWidget()
    qtbot.addWidget(holder)
    holder.setFont(QFont("Sans", 10))
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)  # as the case window's checklist
    label.setWordWrap(True)
    scroll = ChecklistScroll()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(label)
    QVBoxLayout(holder).addWidget(scroll)
    holder.resize(600, 600)
    holder.show()
    qtbot.waitUntil(lambda: scroll.viewport().width() > 0, timeout=5_000)
    width = scroll.viewport().width()
    label.setText("<br>".join(f"Document {i}: reviewing" for i in range(ChecklistScroll.LINES)))
    nine = label.heightForWidth(width)
    label.setText("<br>".join(f"Document {i}: reviewing" for i in range(20)))
    shown = scroll.sizeHint().height() - 2 * scroll.frameWidth()
    assert nine <= shown < label.heightForWidth(width)  # nine whole lines; the rest scrolls
