"""The case window's header said "Open" where the case list's Status said "Draft" or
"Assessment (blocked: Export refused)" for the same case: two answers to one question,
the list's reading like an intake draft. One function decides both: the header says the
case's own status with the list's Status ("Open; least advanced: Draft"), and the list's Status
cell says the same on hover."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import case_status_words, create_case, status_explained
from approvals.services.demo import demo_facts
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, FilingTrack, Obligation
from approvals.ui.case_list import OWNER_COLUMN, STATUS_COLUMN
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import load_demo_from_template
from tests.ui.case_window import open_view

TODAY = date(2026, 12, 16)
ADMIN = Actor(username="alice", roles=("preparer", "reviewer", "approver", "admin"))


def _case(db: Database, admin: Actor, *tracks: tuple[str, str]) -> str:
    with db.session() as s:
        case = create_case(s, facts=parse_facts(demo_facts()[0]), actor=admin, today=TODAY,
                           status="draft")
        s.add_all([FilingTrack(case_id=case.id, regime=kind, kind=kind, state=state,
                               outcome="approval_required") for kind, state in tracks])
        stored = s.get(Case, case.id)
        assert stored is not None
        stored.status = "open"
        return case.reference


def _subtitle(view) -> str:
    return view.header.text().split("<span>")[1].removesuffix("</span>").replace("\u00a0", " ")


def test_the_words_say_the_case_and_its_tracks() -> None:
    assert status_explained("open", "draft") == "Open; least advanced: Draft"
    assert status_explained("completed", "filed") == "Completed; least advanced: Filed"
    assert status_explained("open", "") == "Open"  # no track: the case's status alone
    assert status_explained("open", "closed") == "Open (tracks closed)"  # said already
    assert status_explained("closed", "") == "Closed"
    assert case_status_words("open", [("CN-TECH-EXPORT", "CN-TECH-EXPORT", "prohibited",
                                       "approval_required"),
                                      ("CN-DATA-EXPORT", "CN-DATA-EXPORT", "assessment",
                                       "approval_required")]) \
        == "Open; least advanced: Assessment (blocked: Export refused)"
    # A refusal closed afterwards still blocks, as the list's rows say.
    assert case_status_words("open", [("CN-TECH-EXPORT", "CN-TECH-EXPORT", "closed",
                                       "approval_required"),
                                      ("CN-DATA-EXPORT", "CN-DATA-EXPORT", "assessment",
                                       "approval_required")],
                             ["CN-TECH-EXPORT"]) \
        == "Open; least advanced: Assessment (blocked: Export refused)"


def test_the_header_and_the_list_say_the_same_of_a_case(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, admin: Actor) -> None:
    refused = _case(db, admin, ("CN-TECH-EXPORT", "prohibited"),
                    ("CN-DATA-EXPORT", "assessment"))
    drafting = _case(db, admin, ("CN-DATA-EXPORT", "draft"))
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    model = window.model
    qtbot.waitUntil(lambda: window.runner.idle and model.total == 2, timeout=10_000)
    tips = {model.row_at(r).reference: model.data(model.index(r, STATUS_COLUMN),
                                                  Qt.ItemDataRole.ToolTipRole).splitlines()[0]
            for r in range(model.rowCount())}
    cells = {model.row_at(r).reference: model.data(model.index(r, STATUS_COLUMN))
             for r in range(model.rowCount())}
    for reference, said in ((drafting, "Open; least advanced: Draft"),
                            (refused, "Open; least advanced: Assessment (blocked: Export refused)")):
        view = open_view(qtbot, runner, admin, data_dir, reference)
        assert f" · {said} · owner " in _subtitle(view), _subtitle(view)
        assert tips[reference] == said
        assert said.endswith(cells[reference])  # the list's cell is the header's tracks part
        view.close()
    runner.wait_for_done()


def test_demo_cases_loaded_from_the_command_line_say_who_owns_them(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir,
        folder_templates) -> None:
    """`approvals demo` owns its cases as `cli:<the computer's user>`, as every case the
    command line makes (README: Roles); the list and the header show that login, and on
    hover say it as the filings do."""
    cli = Actor(username="cli:root", roles=("preparer", "reviewer", "approver", "admin"),
                display_name="command line")  # as approvals.cli.common.cli_actor builds it
    reference = load_demo_from_template(folder_templates, db, cli)[0]
    window = MainWindow(runner, data_dir, ADMIN)
    qtbot.addWidget(window)
    model = window.model
    qtbot.waitUntil(lambda: window.runner.idle and model.total > 0, timeout=10_000)
    row = next(r for r in range(model.rowCount()) if model.row_at(r).reference == reference)
    cell = model.index(row, OWNER_COLUMN)
    assert model.data(cell) == "cli:root"
    words = "the computer's user root, from the command line (cli:root in the audit trail)"
    assert model.data(cell, Qt.ItemDataRole.ToolTipRole) == f"Created by {words}"
    view = open_view(qtbot, runner, ADMIN, data_dir, reference)
    assert _subtitle(view).endswith(" · owner cli:root")
    assert view.header.toolTip() == f"Owner: {words}"
    view.close()
    runner.wait_for_done()


def test_the_header_says_how_many_tracks_are_overdue(
        qtbot, runner: TaskRunner, db: Database, data_dir: DataDir, admin: Actor) -> None:
    """The list showed the case's next deadline in red and the dashboard under Overdue;
    the case window's header only "Open; least advanced: …" (the Tracks tab said it)."""
    late = _case(db, admin, ("CN-DATA-EXPORT", "assessment"), ("CN-FISR", "draft"))
    with db.session() as s:  # an assessment whose 45 working days ran out long ago
        track = s.exec(select(FilingTrack).where(FilingTrack.kind == "CN-DATA-EXPORT")).one()
        track.clock_phase, track.clock_calendar, track.clock_unit = "assessment", "CN", "working"
        track.clock_days, track.clock_start, track.due_date = 45, "2025-01-06", "2025-03-12"
    on_time = _case(db, admin, ("CN-DATA-EXPORT", "draft"))
    conditions = _case(db, admin, ("CN-FISR", "cleared_with_conditions"))
    with db.session() as s:  # two open conditions past their due dates, one fulfilled
        cleared = s.exec(select(FilingTrack).where(
            FilingTrack.state == "cleared_with_conditions")).one()
        s.add_all([Obligation(track_id=cleared.id or 0, text=f"Condition {n}",
                              due_date="2025-06-30", status=status)
                   for n, status in ((1, "open"), (2, "open"), (3, "fulfilled"))])
    view = open_view(qtbot, runner, admin, data_dir, late)
    said = _subtitle(view)
    assert said.endswith(">1 track overdue</span>"), said
    view.close()
    view = open_view(qtbot, runner, admin, data_dir, conditions)
    said = _subtitle(view)
    assert said.endswith(">2 conditions overdue</span>"), said
    view.close()
    view = open_view(qtbot, runner, admin, data_dir, on_time)
    assert "overdue" not in _subtitle(view)
    view.close()
    runner.wait_for_done()
