"""The main window as a workspace: filters, deadline colours, drafts, case windows,
and the deadlines dashboard."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWizard

from approvals.domain.facts import parse_facts
from approvals.domain.typed_input import search_key
from approvals.paths import DataDir
from approvals.services.cases import CaseRow, create_case
from approvals.services.drafts import save_draft
from approvals.services.workspace import OpenTrack
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_list import DEADLINE_COLUMN, CaseTableModel
from approvals.ui.dashboard import group_of
from approvals.ui.main_window import MainWindow
from approvals.ui.widgets import due_soon_colour, overdue_colour
from approvals.ui.workers import TaskRunner
from tests.ui.ux_checks import contrast

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"


def facts(reference: str) -> dict:
    return next(d for d in json.loads(DEMO.read_text(encoding="utf-8"))
                if d["reference"] == reference)


@pytest.fixture
def cases(db: Database, admin: Actor) -> dict[str, str]:
    """Two screened cases (one with CN tracks, one US-only) and one draft."""
    refs = {}
    with db.session() as session:
        for demo in ("DEMO-04", "DEMO-09"):
            case = create_case(session, facts=parse_facts(facts(demo)), actor=admin)
            refs[demo] = case.reference
        refs["draft"] = save_draft(session, actor=admin,
                                   data={"target": {"name_en": "Draft Target Co."}}).reference
    return refs


@pytest.fixture
def window(qtbot, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> MainWindow:
    win = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: runner.idle and win.count_label.text() != "", timeout=10_000)
    return win


def shown_references(window: MainWindow) -> set[str]:
    return {window.model.row_at(r).reference for r in range(window.model.rowCount())}


def test_status_and_regime_filters(qtbot, cases: dict[str, str], window: MainWindow) -> None:
    assert shown_references(window) == set(cases.values())
    window.status_filter.setCurrentIndex(window.status_filter.findData("draft"))
    assert shown_references(window) == {cases["draft"]}
    assert "1 of 3" in window.count_label.text()
    window.status_filter.setCurrentIndex(window.status_filter.findData("open"))
    assert shown_references(window) == {cases["DEMO-04"], cases["DEMO-09"]}
    window.status_filter.setCurrentIndex(0)
    window.regime_filter.setCurrentIndex(window.regime_filter.findData("CN-FISR"))
    assert shown_references(window) == {cases["DEMO-04"]}
    # Text and regime filters combine.
    qtbot.keyClicks(window.filter_edit, "kowloon")
    window.apply_filter()
    assert shown_references(window) == set()


def test_a_draft_reopens_in_the_wizard(qtbot, cases: dict[str, str], window: MainWindow) -> None:
    window.open_case(cases["draft"])
    qtbot.waitUntil(lambda: window.wizard is not None and window.wizard.isVisible(),
                    timeout=10_000)
    wizard = window.wizard
    assert wizard is not None and wizard.mode == "draft"
    assert wizard.reference == cases["draft"]
    assert wizard.collect(draft=True)["target"]["name_en"] == "Draft Target Co."
    wizard.reject()


def test_a_case_opens_in_its_own_window_once(
    qtbot, cases: dict[str, str], window: MainWindow
) -> None:
    reference = cases["DEMO-04"]
    row = next(r for r in range(window.model.rowCount())
               if window.model.row_at(r).reference == reference)
    index = window.model.index(row, 0)
    window.table.setCurrentIndex(index)
    with qtbot.waitSignal(window.case_open_requested, timeout=5_000):
        window.open_selected()
    view = window.case_views[reference]
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    window.open_case(reference)
    assert list(window.case_views) == [reference]
    view.close()


def test_new_case_opens_the_wizard(qtbot, window: MainWindow) -> None:
    window.new_case_action.trigger()
    assert window.wizard is not None and window.wizard.isVisible()
    assert window.wizard.mode == "new"
    window.wizard.reject()


def row(reference: str, due: str | None, regimes: tuple[str, ...] = ("CN-FISR",)) -> CaseRow:
    return CaseRow(id=1, reference=reference, target="T", investor="I", amount_value=None,
                   amount_currency=None, status="open", regimes=regimes, worst_state="filed",
                   next_deadline=due, owner="alice", updated_at="")


def test_deadline_colours_follow_each_calendar(qtbot) -> None:
    model = CaseTableModel()
    model.today = date(2026, 9, 28)
    model.due_soon_cn = "2026-10-09"  # National Day week: three CN working days are long
    model.due_soon_us = "2026-10-01"
    model.set_rows([
        row("A", "2026-09-25"),
        row("B", "2026-10-08"),
        row("C", "2026-10-08", ("US-OISP",)),
        row("D", None),
    ])

    def colour(r: int):
        brush = model.data(model.index(r, DEADLINE_COLUMN), Qt.ItemDataRole.ForegroundRole)
        return brush.color() if brush is not None else None

    light = (overdue_colour(), due_soon_colour())
    assert colour(0) == light[0]
    assert model.data(model.index(0, DEADLINE_COLUMN), Qt.ItemDataRole.ToolTipRole).startswith(
        "Overdue: due 25 Sep 2026")
    assert colour(1) == light[1]
    assert colour(2) is None  # the US calendar has no week of holidays there
    assert colour(3) is None

    # In a dark palette the same colours would be hard to read: lighter ones are used,
    # with at least 4.5:1 contrast on the list's background (WCAG AA for text).
    from PySide6.QtWidgets import QApplication

    from tests.ui.conftest import dark_palette

    with dark_palette():
        base = QApplication.instance().palette().color(QApplication.palette().ColorRole.Base)
        for r in (0, 1):
            assert colour(r) not in light
            assert contrast(colour(r), base) >= 4.5, colour(r).name()


def test_dashboard_groups_tracks(qtbot, cases: dict[str, str], window: MainWindow) -> None:
    window.dashboard_action.trigger()
    dashboard = window.dashboard
    assert dashboard is not None
    qtbot.waitUntil(lambda: dashboard.groups != {}, timeout=10_000)
    total = sum(len(v) for v in dashboard.groups.values())
    assert total >= 2  # the draft tracks of the two cases
    assert dashboard.chart.bars and dashboard.chart.bars[0].label == "Draft"
    assert f"{total}</b> open tracks" in dashboard.summary.text()
    dashboard.activateWindow()
    qtbot.keyClick(dashboard.tree, Qt.Key.Key_Escape)  # a read-only window: Escape closes
    assert not dashboard.isVisible()


def test_group_of() -> None:
    today = date(2026, 11, 25)  # a Wednesday

    def track(due: str | None, stopped: bool = False) -> OpenTrack:
        return OpenTrack(1, "AP", "T", "CN-FISR", "CN-FISR", "general_review", due, False,
                         stopped, "alice")

    assert group_of(track("2026-11-24"), today) == "overdue"
    assert group_of(track("2026-11-25"), today) == "this_week"
    assert group_of(track("2026-11-29"), today) == "this_week"  # Sunday
    assert group_of(track("2026-11-30"), today) == "later"
    assert group_of(track(None), today) == "no_date"
    assert group_of(track("2026-11-01", stopped=True), today) == "stopped"


def test_row_texts_match_the_columns() -> None:
    from approvals.ui.case_list import COLUMNS, row_texts

    sample = CaseRow(id=1, reference="AP-2026-0001", target="T", investor="I",
                     amount_value=1500000.0, amount_currency="USD", status="open",
                     regimes=("CN-FISR", "US-OISP"), worst_state="internal_review",
                     next_deadline="2026-12-01", owner="alice", updated_at="")
    assert row_texts(sample) == tuple(col.text(sample) for col in COLUMNS)
    assert row_texts(sample)[3] == "USD 1,500,000"


def test_closing_a_new_wizard_keeps_the_draft_in_the_list(qtbot, window: MainWindow) -> None:
    window.new_case_action.trigger()
    wizard = window.wizard
    assert wizard is not None
    name = wizard.findChild(QLineEdit, "field_target_name_en")
    qtbot.keyClicks(name, "Closed Early Co.")
    wizard.reject()
    qtbot.waitUntil(lambda: any(window.model.row_at(r).target == "Closed Early Co."
                                for r in range(window.model.rowCount())), timeout=10_000)
    row = next(window.model.row_at(r) for r in range(window.model.rowCount()))
    assert row.status == "draft"


def test_dashboard_opens_a_case(qtbot, cases: dict[str, str], window: MainWindow) -> None:
    window.show_dashboard()
    dashboard = window.dashboard
    assert dashboard is not None
    qtbot.waitUntil(lambda: dashboard.groups != {}, timeout=10_000)
    item = next(dashboard.tree.topLevelItem(i).child(0)
                for i in range(dashboard.tree.topLevelItemCount())
                if dashboard.tree.topLevelItem(i).childCount())
    with qtbot.waitSignal(window.case_open_requested, timeout=5_000) as opened:
        dashboard.tree.itemActivated.emit(item, 0)
    assert opened.args[0] == item.text(1)
    view = window.case_views[item.text(1)]
    qtbot.waitUntil(lambda: view.data is not None, timeout=10_000)
    view.close()
    dashboard.close()


def test_enter_on_a_row_opens_the_case(qtbot, cases: dict[str, str], window: MainWindow) -> None:
    window.table.setFocus()
    window.table.setCurrentIndex(window.model.index(0, 0))
    expected = window.model.row_at(0).reference
    with qtbot.waitSignal(window.case_open_requested, timeout=5_000) as opened:
        qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert opened.args[0] == expected
    if window.wizard is not None:
        window.wizard.reject()
    for view in list(window.case_views.values()):
        qtbot.waitUntil(lambda v=view: v.data is not None, timeout=10_000)
        view.close()


def test_finishing_the_wizard_opens_the_new_case(qtbot, window: MainWindow) -> None:
    window.new_case_action.trigger()
    wizard = window.wizard
    assert wizard is not None
    wizard.load_data(facts("DEMO-09"))
    while wizard.currentPage() is not wizard.review_page:
        wizard.next()
    with qtbot.waitSignal(wizard.case_saved, timeout=20_000) as saved:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    reference = saved.args[0]
    qtbot.waitUntil(lambda: reference in window.case_views
                    and window.case_views[reference].data is not None, timeout=10_000)
    view = window.case_views[reference]
    assert view.isVisible() and "US-OISP" in view.track_list.item(0).text()
    assert view.tabs.currentWidget() is view.tracks_page  # the tracks it opened, at once
    qtbot.waitUntil(lambda: reference in shown_references(window), timeout=10_000)
    view.close()


@pytest.mark.usefixtures("automatic_collector")
def test_gc_is_paused_while_the_list_loads_and_back_on_after(db: Database, monkeypatch) -> None:
    import gc

    from approvals.ui import main_window
    from approvals.ui.workers import gc_paused

    seen: list[bool] = []
    real = main_window.list_cases

    def spy(session, **kwargs):
        seen.append(gc.isenabled())
        return real(session, **kwargs)

    monkeypatch.setattr(main_window, "list_cases", spy)
    assert gc.isenabled()
    with db.read_session() as session:
        loaded = main_window.load_list(session)
    assert seen == [False] and gc.isenabled() and loaded.complete
    # Two loads at once (first rows and the whole list): on again only after the last.
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    # A process that had switched it off keeps it off.
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    # An error inside still switches it back on.
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_filter_haystacks_are_the_shown_texts(qtbot) -> None:
    """The haystacks are written out for speed; they must stay what the cells show."""
    from approvals.ui.case_list import COLUMNS, haystacks_of, row_texts, searched_texts

    rows = [
        CaseRow(1, "AP-2026-0001", "Straße KI GmbH", "İstanbul Capital", 1_500_000.0, "USD",
                "open", "alice", "", ("CN-FISR", "US-OISP"), "internal_review", "2026-12-01"),
        CaseRow(2, "AP-2026-0002", "深圳示例", "Fund", None, None, "draft", "bob", "", (), "",
                None),
        CaseRow(3, "AP-2026-0003", "T", "I", 3e9, "CNY", "open", "carol", "", ("CN-SAMR",),
                "", None),
        CaseRow(4, "AP-2026-0004", "T", "I", 7.0, None, "closed", "dave", "", ("CN-SAMR",),
                "", None),
    ]
    assert haystacks_of(rows) == [search_key("\x1f".join(searched_texts(r))) for r in rows]
    model = CaseTableModel()
    model.set_rows(rows)
    assert [model.data(model.index(r, c)) for r in range(4) for c in range(len(COLUMNS))] == [
        text for r in rows for text in row_texts(r)]
    model.set_filter("strasse")  # casefolded: ß matches ss
    assert model.rowCount() == 1 and model.row_at(0).id == 1
    model.set_filter("cny 3,000,000,000")
    assert model.rowCount() == 1 and model.row_at(0).id == 3


def test_the_filter_finds_a_case_by_the_targets_uscc_or_the_investors_lei(
        qtbot, cases: dict[str, str], window: MainWindow) -> None:
    """Officers know a company by its code: typed (in any case), the filter finds it."""
    demo = facts("DEMO-04")
    uscc, lei = demo["target"]["uscc"], demo["investor"]["lei"]
    for term in (uscc, lei.lower(), uscc[:8]):
        window.filter_edit.clear()
        qtbot.keyClicks(window.filter_edit, term)
        window.apply_filter()
        assert shown_references(window) == {cases["DEMO-04"]}, term
    row = next(window.model.row_at(r) for r in range(window.model.rowCount()))
    assert row.identifiers == f"{uscc} {lei}"


def test_the_filter_finds_the_chinese_name_and_the_officers_own_reference(qtbot) -> None:
    """A Chinese-side officer types the company's Chinese name or her own file number;
    neither is a column, both are found and shown when hovering over the row."""
    from approvals.ui.case_list import REFERENCE_COLUMN, TARGET_COLUMN

    rows = [
        CaseRow(1, "AP-2026-0001", "Zhiyuan Frontier Intelligence", "Fund", None, None, "open",
                "alice", "", (), "", None, False, "智源前沿智能", "SH-LEGAL-0042"),
        CaseRow(2, "AP-2026-0002", "Other AI", "Fund", None, None, "open", "bob", "", (), "",
                None),
    ]
    model = CaseTableModel()
    model.set_rows(rows)
    for term in ("智源", "sh-legal-0042"):
        model.set_filter(term)
        assert [model.row_at(i).id for i in range(model.rowCount())] == [1], term
    model.set_filter("")
    tip = Qt.ItemDataRole.ToolTipRole
    assert model.data(model.index(0, TARGET_COLUMN), tip) == (
        "Zhiyuan Frontier Intelligence\n智源前沿智能")
    assert model.data(model.index(0, REFERENCE_COLUMN), tip) == (
        "AP-2026-0001 · your reference SH-LEGAL-0042")
    assert model.data(model.index(1, TARGET_COLUMN), tip) == "Other AI"


def test_one_case_is_read_in_the_background_once_the_list_is_in(
        qtbot, cases: dict[str, str], runner: TaskRunner, data_dir: DataDir, admin: Actor,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """So the first case opened does not wait for its queries to be compiled."""
    import threading

    from approvals.ui import main_window

    read: list[tuple[str, bool]] = []
    real = main_window.load_case_data

    def spy(session, *, actor, reference):
        read.append((reference, threading.current_thread() is threading.main_thread()))
        return real(session, actor=actor, reference=reference)

    monkeypatch.setattr(main_window, "load_case_data", spy)
    win = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: runner.idle and bool(read), timeout=10_000)
    assert read == [(cases["DEMO-04"], False)]  # the first case that is no draft, on a worker
    win.refresh()  # later reloads do not read it again
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    assert len(read) == 1
