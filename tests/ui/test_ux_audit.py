"""A walk over the main screens, as an officer with a screen reader or a dark theme meets
them: every control has a name, every greyed-out button says why, and the colours the
code sets itself stay readable on a light and a dark palette."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from approvals.paths import DataDir
from approvals.services import review as review_service
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import widgets
from approvals.ui.backup import install_backup_features
from approvals.ui.case_dialogs import ActionDialog
from approvals.ui.case_list import DEADLINE_COLUMN
from approvals.ui.case_view import CaseView
from approvals.ui.main_window import MainWindow
from approvals.ui.review import history_text, install_review_features, readable_value
from approvals.ui.workers import TaskRunner
from tests.ui.conftest import dark_palette, settle
from tests.ui.ux_checks import (
    AA,
    contrast,
    mnemonic_clashes,
    problems,
    silent_disabled_buttons,
    tab_traps,
    unnamed_controls,
    unreadable_colours,
)

REVIEWER = Actor("rita", ("reviewer",), "Rita Reviewer")


# -- the screens ---------------------------------------------------------------------------
def _case_view_problems(qtbot: Any, runner: TaskRunner, actor: Actor, data_dir: DataDir,
                        reference: str) -> list[str]:
    view = CaseView(runner, actor, data_dir, reference)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    settle(qtbot, runner, lambda: view.data is not None)
    found = []
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        found += problems(f"{reference} {view.tabs.tabText(index)} as {actor.username}", view)
    particulars = view.edit_particulars()
    settle(qtbot, runner, lambda: particulars.view is not None)
    found += problems(f"{reference} filing particulars as {actor.username}", particulars)
    particulars.close()
    assert view.data is not None
    for track in view.data.tracks:
        for action in track.actions:
            dialog = ActionDialog(action, view)
            dialog.show()
            found += problems(f"step {action.name}", dialog)
            dialog.close()
    view.close()
    return found


def test_case_views_name_their_controls_and_say_why_a_button_is_greyed_out(
        qtbot, runner: TaskRunner, data_dir: DataDir, demo: Database, admin: Actor,
        palette: str) -> None:
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    window.show()
    settle(qtbot, runner, lambda: window.model.total > 0)
    found = problems("case list", window)
    rows = [window.model.row_at(r) for r in range(window.model.rowCount())]
    richest = max(rows, key=lambda r: len(r.regimes)).reference
    trackless = next(r.reference for r in rows if not r.regimes and r.status != "draft")
    found += _case_view_problems(qtbot, runner, admin, data_dir, richest)
    found += _case_view_problems(qtbot, runner, admin, data_dir, trackless)
    # A reviewer sees most steps greyed out: each must say why.
    found += _case_view_problems(qtbot, runner, REVIEWER, data_dir, richest)
    window.close()
    assert found == []


def test_the_other_screens_name_their_controls_and_say_why(
        qtbot, runner: TaskRunner, data_dir: DataDir, demo: Database, admin: Actor,
        tmp_path: Path, palette: str) -> None:
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    review = install_review_features(window, runner, admin)
    install_backup_features(window, runner, admin)
    window.show()
    settle(qtbot, runner, lambda: window.model.total > 0)
    found: list[str] = []

    window.show_dashboard()
    dashboard = window.dashboard
    assert dashboard is not None
    settle(qtbot, runner, lambda: bool(dashboard.groups))
    found += problems("dashboard", dashboard)
    dashboard.close()

    window.calendars_action.trigger()
    calendars = window.calendars_dialog
    settle(qtbot, runner, lambda: calendars.data is not None)
    found += problems("calendars", calendars)
    for name, dialog in (("add a year", calendars.open_add_year()),
                         ("correct a day", calendars.open_correct_day())):
        found += problems(name, dialog)
        dialog.reject()
    calendars.close()

    window.table.selectRow(0)
    reference = window.selected_reference()
    export = review.export_pack()
    settle(qtbot, runner, lambda: export.case_model.rowCount() > 0)
    found += problems("export review pack", export)
    export.close()
    for name, open_dialog in (("proposed changes", review.show_proposals),
                              ("keys", review.show_keys),
                              ("opened packs", review.show_opened)):
        dialog = open_dialog()
        settle(qtbot, runner)
        found += problems(name, dialog)
        dialog.close()

    # Review mode, on a pack of this installation's own (it trusts its own key here).
    pack = tmp_path / "pack.zip"
    with runner.db.session() as s:
        review_service.export_review_pack(s, data_dir=data_dir, references=[reference],
                                          out=pack, actor=admin)
        review_service.trust_key(
            s, key_text=review_service.installation_identity(data_dir).public_key_text,
            label="this desk", actor=admin)
    with runner.db.session() as s:
        opened = review_service.open_review_pack(s, data_dir=data_dir, path=pack, actor=admin)
    mode = review.show_review(opened.pack_id)
    settle(qtbot, runner, lambda: mode.view is not None)
    for index in range(mode.tabs.count()):
        mode.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        found += problems(f"review mode {mode.tabs.tabText(index)}", mode)
    mode.close()

    progress = window.backup_features._progress_dialog("Back up", "backup")
    progress.show()
    found += problems("backup progress", progress)
    progress.close()
    window.close()
    assert found == []


# -- the checks themselves catch what they are for -----------------------------------------
def test_the_checks_find_an_unnamed_field_a_silent_grey_button_and_a_dark_red(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    QLineEdit(root).setObjectName("nameless")
    named = QLineEdit(root)
    named.setAccessibleName("Reference")
    labelled = QLineEdit(root)
    QLabel("&Investor", root).setBuddy(labelled)
    grey = QPushButton("Save", root)
    grey.setEnabled(False)
    from PySide6.QtWidgets import QPlainTextEdit

    trap = QPlainTextEdit(root)
    trap.setObjectName("trap")
    leaves = QPlainTextEdit(root)
    for edit in (trap, leaves):
        edit.setAccessibleName("Notes")
    leaves.setTabChangesFocus(True)
    said = QPushButton("Open", root)
    widgets.set_available(said, "Select a document first.")
    with dark_palette():
        bad = QLabel(root)
        bad.setStyleSheet("color: #b71c1c;")
        bad.setText("x")
        good = QLabel(root)
        good.setText(f"<span style='color:{widgets.error_colour()}'>x</span>")
        badge = QLabel(widgets.badge_html("approval_required"), root)
        root.show()
        assert unnamed_controls(root) == ["QLineEdit 'nameless'"]
        assert silent_disabled_buttons(root) == ["'Save' ''"]
        assert tab_traps(root) == ["QPlainTextEdit 'trap'"]
        assert mnemonic_clashes(root) == []
        QPushButton("&Stop", root).show()  # Alt+S, as "&Save" below
        saving = QPushButton("&Save", root)
        saving.setEnabled(False)  # greyed out here, enabled for others
        saving.show()
        assert mnemonic_clashes(root) == ["Alt+S: Stop / Save"]
        found = unreadable_colours(root)
    assert len(found) == 1 and "#b71c1c" in found[0]
    assert badge.isVisible() and good.isVisible()


# -- colours -------------------------------------------------------------------------------
@pytest.mark.parametrize("outcome", sorted(widgets.OUTCOME_COLOURS))
def test_every_outcome_badge_is_readable_white_on_colour(outcome: str) -> None:
    assert contrast(QColor(widgets.OUTCOME_COLOURS[outcome]), QColor("#ffffff")) >= AA


def test_urgency_and_message_colours_are_readable_on_light_and_dark(qtbot) -> None:
    def check(*roles: QPalette.ColorRole) -> None:
        palette = QApplication.palette()
        for role in roles:
            behind = palette.color(role)
            for name, colour in (("overdue", widgets.overdue_colour()),
                                 ("due soon", widgets.due_soon_colour()),
                                 ("error", QColor(widgets.error_colour())),
                                 ("secondary", QColor(widgets.secondary_text_colour()))):
                assert contrast(colour, behind) >= AA, (name, colour.name(), behind.name())

    check(QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase, QPalette.ColorRole.Window)
    with dark_palette():  # (it sets no alternate row colour)
        check(QPalette.ColorRole.Base, QPalette.ColorRole.Window)


def test_the_case_list_colours_its_deadlines_for_the_palette_in_use(
        qtbot, runner: TaskRunner, data_dir: DataDir, demo: Database, admin: Actor) -> None:
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    window.show()
    settle(qtbot, runner, lambda: window.model.total > 0)
    model = window.model
    urgent = [r for r in range(model.rowCount()) if model.urgency(model.row_at(r))]
    assert urgent, "the demo data has an overdue deadline"
    for palette_in_use in ("light", "dark"):
        with dark_palette() if palette_in_use == "dark" else nullcontext():
            base = QApplication.palette().color(QPalette.ColorRole.Base)
            for row in urgent:
                brush = model.data(model.index(row, DEADLINE_COLUMN),
                                   Qt.ItemDataRole.ForegroundRole)
                assert contrast(brush.color(), base) >= AA, (palette_in_use, brush.color().name())
    window.close()


# -- review mode in words ------------------------------------------------------------------
@pytest.mark.parametrize(("path", "value", "shown"), [
    ("deal.veto_rights", True, "Yes"),
    ("deal.instrument", "convertible_debt", "Convertible debt"),
    ("investor.kind", "private_equity_fund", "Private equity fund"),
    ("target.activities", ["ai_application", "semiconductor_design"],
     "AI applications, Semiconductor design"),
    ("deal.amount", {"currency": "USD", "value": 20000000}, "USD 20,000,000"),
    ("deal.amount.value", 20000000, "20,000,000"),
    ("target.headquarters", "CN", "CN (China)"),  # the code, named as the Overview tab does
    ("target.headquarters", "XQ", "XQ"),  # a code no list knows stays as it is
    ("investor.name", "Allegheny Strategic Holdings Inc.", "Allegheny Strategic Holdings Inc."),
    ("investor.ultimate_parent", None, "not stated"),  # as the case view says it
    ("deal.technology_transfer.prohibited_items", [], "none"),
])
def test_review_mode_shows_facts_in_words(path: str, value: Any, shown: str) -> None:
    assert readable_value(path, value) == shown


def test_review_mode_history_names_states_and_events() -> None:
    tracks = [{"id": 7, "kind": "CN-FISR", "regime": "CN-FISR", "state": "general_review",
               "due_date": "2026-12-31", "due_estimated": True}]
    events = [
        {"occurred_at": "2026-11-29T08:22:35Z", "actor": "li.wei", "action": "case.created",
         "field": None, "old_value": None, "new_value": "{}", "track_id": None, "reason": ""},
        {"occurred_at": "2026-11-30T09:00:00Z", "actor": "li.wei",
         "action": "track.transition", "field": "state", "old_value": '"preliminary_review"',
         "new_value": '"general_review"', "track_id": 7, "reason": "as notified"},
    ]
    case = review_service.ReviewCase(
        reference="AP-2026-0002", status="open", version=2, facts={}, tracks=tracks,
        events=events, comments=[], documents=[], proposals=[], recommendation=None,
        reasons="")
    text = history_text(case)
    # As the preparer's case list says it, not "Open" beside the list's "General review".
    assert "Status: Open; least advanced: General review, version 2" in text
    assert "CN-FISR — General review, due 31 Dec 2026 (estimated)" in text
    assert "2026-11-29 08:22 UTC  li.wei  Case created" in text
    assert ("CN-FISR: track step, Preliminary review (decision whether to review) → "
            "General review — as notified") in text
    for code in ("general_review", "case.created", "track.transition"):
        assert code not in text


def test_every_case_list_column_says_what_it_shows() -> None:
    from approvals.ui.case_list import COLUMNS, CaseTableModel

    model = CaseTableModel()
    tips = [model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
            for c in range(len(COLUMNS))]
    assert [c.title for c, tip in zip(COLUMNS, tips, strict=True) if not tip] == []
    # "Draft" there is a track's state, not the case's: the header says so.
    status = next(i for i, c in enumerate(COLUMNS) if c.title == "Status")
    assert "least advanced open filing track" in tips[status]


def test_empty_proposals_and_keys_say_what_would_be_there(
        qtbot, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    from approvals.ui.review import KeysDialog, ProposalsDialog

    # One after the other: two threads creating the installation key at once collide
    # (store.keys names its temporary file by process only).
    proposals = ProposalsDialog(runner, admin, data_dir)
    qtbot.addWidget(proposals)
    proposals.show()
    settle(qtbot, runner, lambda: bool(proposals.empty.text()))
    keys = KeysDialog(runner, admin, data_dir)
    qtbot.addWidget(keys)
    keys.show()
    settle(qtbot, runner, lambda: keys.identity is not None)
    assert proposals.empty.isVisible() and not proposals.legend.isVisible()
    assert proposals.empty.text().startswith("No proposed changes yet.")
    assert "Import response" in proposals.empty.text()
    assert keys.no_keys.isVisible() and "refused" in keys.no_keys.text()


def test_the_dashboard_names_states_as_the_case_view_does(
        qtbot, runner: TaskRunner, data_dir: DataDir, demo: Database, admin: Actor) -> None:
    from approvals.domain import workflow as wf
    from approvals.ui.dashboard import DeadlinesDashboard

    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    with qtbot.waitSignal(dashboard.loaded, timeout=10_000):
        dashboard.reload()
    shown = {}
    for g in range(dashboard.tree.topLevelItemCount()):
        head = dashboard.tree.topLevelItem(g)
        for i in range(head.childCount()):
            item = head.child(i)
            if not item.text(4).startswith("Condition:"):  # a clearance's condition
                shown[(item.text(1), item.text(3))] = item.text(4)
                assert item.toolTip(4) == item.text(4)  # whole, where the column cuts it
    tracks = [t for group in dashboard.groups.values() for t in group if not t.condition]
    assert tracks
    for t in tracks:
        # (and the prohibition that blocks the deal, where another regime's does)
        assert shown[(t.reference, t.regime)] == wf.state_label(t.kind, t.state) + (
            f" (deal prohibited: {', '.join(t.deal_prohibited_by)})"
            if t.deal_prohibited_by and t.outcome != "prohibited" else "")
    assert "Materials requested" in shown.values()



def test_the_status_filter_says_it_goes_by_the_case(
        qtbot, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    # The Status column shows track states ("Draft", "Registered"), so a filter item
    # called just "Open" read as a state no row showed.
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    combo = window.status_filter
    items = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
    assert items["open"] == "Open cases" and items["closed"] == "Closed cases"
    assert "overdue" in combo.toolTip()
    window.runner.wait_for_done()


def test_an_estimated_next_deadline_fits_its_column_uncut(
        qtbot, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    # "2027-02-01 (estimated)" was cut to "2027-02-01 …" at the default width; a due-soon
    # deadline is bold, so that is the widest it gets.
    from PySide6.QtGui import QFontMetrics

    from approvals.services.cases import ESTIMATED

    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    font = window.table.font()
    font.setBold(True)
    text = "2027-02-01" + ESTIMATED
    padding = 2 * window.table.style().pixelMetric(
        window.table.style().PixelMetric.PM_FocusFrameHMargin) + 2
    header = window.table.horizontalHeader()
    assert header.sectionSize(DEADLINE_COLUMN) >= QFontMetrics(font).horizontalAdvance(text) + padding
    window.runner.wait_for_done()


def test_a_narrow_window_narrows_the_long_text_columns_not_the_deadline(
        qtbot, runner: TaskRunner, data_dir: DataDir, demo: Database, admin: Actor) -> None:
    from approvals.ui.main_window import COLUMN_WIDTHS, NARROWEST

    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    window.resize(1280, 780)
    window.show()
    settle(qtbot, runner, lambda: window.model.total > 0)
    header = window.table.horizontalHeader()
    # The demo's blocked cases widen Status; Target gives some of its width for it.
    at_1280 = header.sectionSize(1)
    assert NARROWEST < at_1280 <= COLUMN_WIDTHS[1]
    window.resize(900, 600)  # e.g. a 1366-pixel laptop screen at 150 %
    qtbot.waitUntil(lambda: window.table.width() < 900)
    owner = header.count() - 1
    assert header.sectionViewportPosition(owner) + header.sectionSize(owner) \
        <= window.table.viewport().width()
    assert window.table.horizontalScrollBar().maximum() == 0
    # Next deadline gives up at most its "(estimated)" room, never the date.
    assert header.sectionSize(6) >= header.fontMetrics().horizontalAdvance("2026-12-31") + 24
    assert NARROWEST <= header.sectionSize(1) < COLUMN_WIDTHS[1]
    window.resize(1280, 780)
    qtbot.waitUntil(lambda: header.sectionSize(1) == at_1280)
    # A column the officer sized stays as they left it.
    header.resizeSection(1, 300)
    window.resize(900, 600)
    qtbot.waitUntil(lambda: window.table.width() < 900)
    assert header.sectionSize(1) == 300 and not window.fit_columns
    window.close()
    again = MainWindow(runner, data_dir, admin)  # and after a restart
    qtbot.addWidget(again)
    assert not again.fit_columns and again.table.horizontalHeader().sectionSize(1) == 300
    again.close()


def test_the_main_windows_shortcuts_are_unambiguous(
        qtbot, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    from PySide6.QtGui import QAction, QKeySequence

    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    review = install_review_features(window, runner, admin)
    install_backup_features(window, runner, admin)
    keys: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            keys.setdefault(text, []).append(action.text().replace("&", ""))
    assert {k: v for k, v in keys.items() if len(v) > 1} == {}
    # The everyday review steps have keys of their own.
    assert review.export_action.shortcut().toString() == "Ctrl+Shift+E"
    assert review.import_action.shortcut().toString() == "Ctrl+Shift+I"
    window.runner.wait_for_done()


def test_greyed_out_review_menu_items_say_why_and_follow_the_roles(
        qtbot, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    window = MainWindow(runner, data_dir, REVIEWER)
    qtbot.addWidget(window)
    review = install_review_features(window, runner, REVIEWER)
    assert review.menu.toolTipsVisible()
    assert not review.export_action.isEnabled()
    assert "rita may not" in review.export_action.toolTip()
    assert review.export_action.statusTip() == review.export_action.toolTip()
    assert review.open_action.isEnabled() and "may not" not in review.open_action.toolTip()
    window.roles_changed.emit(admin)  # an administrator gave the roles
    assert review.export_action.isEnabled()
    assert "may not" not in review.export_action.toolTip() + review.export_action.statusTip()
    window.runner.wait_for_done()


def test_new_case_is_greyed_out_with_the_reason_for_those_who_may_not_create(
        qtbot, runner: TaskRunner, data_dir: DataDir, admin: Actor) -> None:
    window = MainWindow(runner, data_dir, REVIEWER)
    qtbot.addWidget(window)
    window.show()
    settle(qtbot, runner, lambda: window.stack.currentIndex() == 1)  # no cases yet
    for control in (window.new_case_action, window.import_action, window.demo_action,
                    window.create_button, window.demo_button):
        assert not control.isEnabled()  # not refused after the wizard has been filled in
        assert "rita may not create cases" in control.toolTip()
    assert window.file_menu.toolTipsVisible()
    assert "created by a preparer or an administrator" in window.empty_hint.text()
    assert problems("empty case list as a reviewer", window) == []
    window.roles_changed.emit(admin)
    assert window.new_case_action.isEnabled() and window.create_button.isEnabled()
    assert "Create your first case" in window.empty_hint.text()
    assert window.create_button.toolTip() == ""
    window.close()


def test_open_windows_follow_a_switch_to_a_dark_palette(
        qtbot, runner: TaskRunner, data_dir: DataDir, demo: Database, admin: Actor) -> None:
    from approvals.ui.dashboard import DeadlinesDashboard

    dashboard = DeadlinesDashboard(runner)
    qtbot.addWidget(dashboard)
    with qtbot.waitSignal(dashboard.loaded, timeout=10_000):
        dashboard.reload()
    (overdue_head,) = [dashboard.tree.topLevelItem(i)
                       for i in range(dashboard.tree.topLevelItemCount())
                       if dashboard.tree.topLevelItem(i).text(0).startswith("Overdue")]
    assert overdue_head.childCount() > 0, "the demo data has an overdue track"
    reference = overdue_head.child(0).text(1)
    view = CaseView(runner, admin, data_dir, reference)
    qtbot.addWidget(view)
    view.show()
    settle(qtbot, runner, lambda: view.data is not None)
    light = widgets.overdue_colour()

    def overdue_items() -> list[QColor]:
        view.tabs.setCurrentWidget(view.tracks_page)
        tracks = [view.track_list.item(r) for r in range(view.track_list.count())]
        return [i.foreground().color() for i in tracks if i.foreground().style() != Qt.BrushStyle.NoBrush]

    assert light in overdue_items()
    assert overdue_head.foreground(0).color() == light
    with dark_palette():
        dark = widgets.overdue_colour()
        assert dark != light
        qtbot.waitUntil(lambda: dark in overdue_items(), timeout=5_000)
        # The dashboard redraws its sections: the first (prohibited, then overdue) in red.
        qtbot.waitUntil(lambda: dashboard.tree.topLevelItem(0).foreground(0).color() == dark,
                        timeout=5_000)
    view.close()
