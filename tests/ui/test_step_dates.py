"""The step dialog asks each date once, in the step's words, and the track history shows
the date a step took effect on (for a recorded completion: the completion date)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from approvals.domain import workflow as wf
from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import create_case
from approvals.services.workflow import ActionView, HistoryEntry
from approvals.store.audit import Actor
from approvals.ui.case_dialogs import ActionDialog
from approvals.ui.case_steps import COMPLETE_ACTION, EFFECTIVE_DATE, ON_LABELS, history_date
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view, select_track
from tests.ui.test_case_view import click_action
from tests.ui.test_journeys import demo_facts
from tests.ui.test_step_dialog_fields import said_at

ALL_STEPS = sorted({(w.kind, t.name) for w in wf.WORKFLOWS.values() for t in w.transitions})


def action_of(kind: str, name: str, **extra: object) -> ActionView:
    """The ActionView the service builds for a step of the tables."""
    t = next(t for t in wf.workflow(kind).transitions if t.name == name)
    return ActionView(t.name, t.label, t.label_zh, True, None,
                      any(g.kind == "reason" for g in t.guards), t.params,
                      on_param=t.on_param, **extra)  # type: ignore[arg-type]


def form_rows(dialog: ActionDialog) -> dict[str, QWidget]:
    """Label text → field, for the rows the dialog shows."""
    form = dialog.layout()
    assert isinstance(form, QFormLayout)
    rows: dict[str, QWidget] = {}
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label is not None and field is not None and isinstance(label.widget(), QLabel):
            rows[label.widget().text().replace("&", "").removesuffix(" *")] = field.widget()
    return rows


@pytest.mark.parametrize(("kind", "name"), ALL_STEPS)
def test_every_step_asks_each_date_once_in_its_own_words(qtbot, kind: str, name: str) -> None:
    dialog = ActionDialog(action_of(kind, name))
    qtbot.addWidget(dialog)
    dialog.show()
    rows = form_rows(dialog)
    dates = [label for label in rows if "date" in label.lower()]
    assert len(dates) == len(set(dates))
    # Not the generic "Effective date": "Date accepted", "Date materials were requested"…
    assert EFFECTIVE_DATE not in rows, (kind, name)
    step = next(t for t in wf.workflow(kind).transitions if t.name == name)
    if step.on_param:
        # The step takes effect on its own date: no second date to give.
        assert not dialog.on.isVisible() and not dialog.asks_on
        assert dialog.on_label not in rows
        assert [d for d in dates if not d.startswith("Knowledge")] == \
            [r for r in rows if r.startswith("Completion date")]
    else:
        assert rows[dialog.on_label] is dialog.on and dialog.on.isVisible()
        assert dialog.on.toolTip(), name  # what the date does (the clock stops on it…)
        assert sum(1 for d in dates if d == dialog.on_label) == 1


def test_the_step_labels_name_only_steps_of_the_tables() -> None:
    # A step renamed in the tables would silently fall back to "Effective date".
    names = {name for _kind, name in ALL_STEPS}
    assert set(ON_LABELS) - {COMPLETE_ACTION.name} <= names
    assert names - set(ON_LABELS) == {t.name for w in wf.WORKFLOWS.values()
                                      for t in w.transitions if t.on_param}


def test_the_completion_step_sends_no_second_date(qtbot) -> None:
    dialog = ActionDialog(action_of("US-OISP", "record_completion"))
    qtbot.addWidget(dialog)
    dialog.show()
    completion = dialog.inputs["completion_date"]
    assert "takes effect on it" in completion.toolTip()
    assert completion.accessibleDescription() == completion.toolTip()
    dialog.on.setText("2026-12-01")  # not shown, so not the officer's: never sent
    completion.setText("2026-11-20")
    dialog._check_and_accept()
    assert not dialog.isVisible()
    assert dialog.params() == {"completion_date": "2026-11-20"}


def test_marking_the_deal_completed_asks_when_it_completed(qtbot) -> None:
    dialog = ActionDialog(COMPLETE_ACTION)
    qtbot.addWidget(dialog)
    dialog.show()
    assert form_rows(dialog)["Date the deal completed"] is dialog.on
    dialog.on.setText("20 Nov")
    dialog._check_and_accept()
    # Under the date's field, the row the form labels "Date the deal completed".
    assert said_at(dialog, "on") == "'20 Nov' is not a date: use YYYY-MM-DD, e.g. 2026-10-22"


def test_a_bad_date_is_named_as_the_step_asks_it(qtbot) -> None:
    dialog = ActionDialog(action_of("CN-FISR", "request_materials"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reason.setText("market shares")
    dialog.on.setText("2026-02-30")
    dialog._check_and_accept()
    assert dialog.isVisible()
    assert form_rows(dialog)["Date materials were requested"] is dialog.on
    assert said_at(dialog, "on") == ("'2026-02-30' is not a date (February 2026 has no day "
                                     "30): use YYYY-MM-DD, e.g. 2026-10-22")
    assert dialog.focusWidget() is dialog.on
    dialog.on.setText("2026-02-27")
    dialog._check_and_accept()
    assert not dialog.isVisible() and dialog.params() == {"on": "2026-02-27"}


def test_a_review_start_still_offers_the_acceptance_date(qtbot) -> None:
    dialog = ActionDialog(action_of("CN-FISR", "start_preliminary_review",
                                    default_on="2026-09-23"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert form_rows(dialog)["Date the review started"] is dialog.on
    assert "acceptance date, 2026-09-23" in dialog.on.placeholderText()
    needed = dialog.on.fontMetrics().horizontalAdvance(dialog.on.placeholderText())
    assert dialog.on.width() > needed


def entry(name: str, on: str | None, particulars: tuple[tuple[str, str], ...] = ()
          ) -> HistoryEntry:
    return HistoryEntry("2026-11-29T09:15:00Z", "pat", "preparer", name, name, "draft",
                        "draft", "Draft", "", on, particulars)


def test_history_date_of_a_completion_is_the_completion_date() -> None:
    # Stored before the completion date was taken as the step's own: `on` is the day it
    # was typed in, which is not when anything happened.
    old = entry("record_completion", "2026-11-29",
                (("completion_date", "2026-11-20"), ("knowledge_date", "2026-11-25")))
    text, tip = history_date(old, "completion_date", "US-OISP")
    assert text == "2026-11-20"
    assert tip == "Completion date 2026-11-20; recorded 2026-11-29 09:15 UTC by pat"
    accepted = history_date(entry("accept", "2026-09-23"), None, "CN-FISR")
    assert accepted == ("2026-09-23", "Date accepted 2026-09-23; recorded 2026-11-29 09:15 "
                                      "UTC by pat")
    assert history_date(entry("submit_for_review", None), None, "CN-FISR")[0] == "2026-11-29"


def _us_case(qtbot, db, runner: TaskRunner, admin: Actor, data_dir: DataDir) -> CaseView:
    facts = demo_facts("DEMO-06")
    facts["deal"]["commercial_rationale"] = "Minority stake in a security-analytics developer"
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(facts), actor=admin).reference
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentWidget(view.tracks_page)
    select_track(view, "US-OISP")
    return view


def test_recording_a_completion_asks_one_date_and_the_history_shows_it(
        qtbot, db, runner: TaskRunner, admin: Actor, data_dir: DataDir) -> None:
    view = _us_case(qtbot, db, runner, admin, data_dir)
    view.track_buttons["record_completion"].click()
    dialog = view.action_dialog
    assert dialog is not None and dialog.isVisible()
    rows = form_rows(dialog)
    assert "Effective date" not in rows and not dialog.on.isVisible()
    visible_dates = [w for w in dialog.findChildren(QLineEdit)
                     if w.isVisible() and w.objectName() != "actionReason"]
    assert [w.objectName() for w in visible_dates] == ["actionParam_completion_date",
                                                       "actionParam_knowledge_date"]
    dialog.inputs["completion_date"].setText("2026-11-20")
    dialog.reason.setText("closing memo signed")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        dialog.ok_button.click()
    history = view.history
    row = history.rowCount() - 1
    assert history.item(row, 2).text().startswith("Record completion date")
    # The date that matters, not the day it was typed in.
    assert history.item(row, 0).text() == "2026-11-20"
    assert history.item(row, 0).toolTip().startswith("Completion date 2026-11-20; recorded ")
    assert date.today().isoformat() in history.item(row, 0).toolTip()
    assert "completion date 2026-11-20" in history.item(row, 4).text()
    # The Timeline says the same as before.
    view.tabs.setCurrentWidget(view.timeline_page)
    changes = [view.timeline.item(r, 4).text() for r in range(view.timeline.rowCount())]
    assert "completion date 2026-11-20 recorded (stays Draft)" in changes
    # The next step is dated as before: today, unless given.
    view.tabs.setCurrentWidget(view.tracks_page)
    click_action(qtbot, view, "submit_for_review", "ready")
    assert view.history.item(view.history.rowCount() - 1, 0).text() == date.today().isoformat()


def test_the_history_shows_each_step_and_date_whole(
        qtbot, db, runner: TaskRunner, admin: Actor, data_dir: DataDir) -> None:
    # Fixed column widths cut "Record completion date (starts t…" off at 1366×768 while
    # the reason column beside it stood half empty.
    view = _us_case(qtbot, db, runner, admin, data_dir)
    view.resize(1366, 740)
    view.track_buttons["record_completion"].click()
    assert view.action_dialog is not None
    view.action_dialog.inputs["completion_date"].setText("2026-11-20")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.action_dialog.ok_button.click()
    history = view.history
    metrics = history.fontMetrics()
    row = history.rowCount() - 1
    for col in (0, 1, 2, 3):
        text = history.item(row, col).text()
        assert history.columnWidth(col) > metrics.horizontalAdvance(text), (col, text)
    header = history.horizontalHeader()
    assert header.sectionViewportPosition(4) + header.sectionSize(4) <= \
        history.viewport().width() + 1  # the reason fills the rest, no scrolling sideways


def test_at_a_large_scale_the_track_scrolls_and_its_history_keeps_three_rows(
        qtbot, db, runner: TaskRunner, admin: Actor, data_dir: DataDir) -> None:
    # At 200 % on a 1366×768 screen the Tracks tab alone needed more than the screen (the
    # window's foot with the history went past its edge), and squeezed the history to one
    # row under the diagram.
    view = _us_case(qtbot, db, runner, admin, data_dir)
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    view.setFont(font)
    view.resize(683, 384)  # the screen at 200 %, in its own pixels
    qtbot.wait(50)
    history = view.history
    rows = history.verticalHeader().defaultSectionSize()
    assert history.height() >= history.horizontalHeader().height() + 3 * rows
    # The details scroll inside the tab instead of setting the window's least size.
    details = view.track_details
    assert details.widget().minimumSizeHint().height() > details.viewport().height()
    assert details.verticalScrollBar().maximum() > 0
    assert view.tracks_page.minimumSizeHint().height() < \
        history.minimumHeight() + view.diagram.minimumHeight()
    details.ensureWidgetVisible(history)
    assert not history.visibleRegion().isEmpty()  # scrolled to, inside the window
    # Down, not sideways: the step buttons take fewer columns (four of them side by side
    # made the details wider than the window), and every column of the history shows.
    assert details.horizontalScrollBar().maximum() == 0
    buttons = list(view.track_buttons.values())
    assert len(buttons) == 3 and len({b.y() for b in buttons}) > 1
    for button in buttons:
        assert button.width() >= button.sizeHint().width() - 1, button.text()
    header = history.horizontalHeader()
    assert header.sectionViewportPosition(4) + header.sectionSize(4) <= \
        history.viewport().width() + 1
    assert history.columnWidth(4) >= history.viewport().width() // 4 - 1
    # Back at the usual size, the buttons are side by side again.
    view.setFont(QApplication.font())
    view.resize(1366, 740)
    qtbot.waitUntil(lambda: len({b.y() for b in buttons}) == 1, timeout=2_000)


def test_at_a_large_scale_the_case_window_fits_a_laptop_screen(
        qtbot, db, runner: TaskRunner, admin: Actor, data_dir: DataDir) -> None:
    # At 200 % on 1366×768 (683×384 of the screen's own pixels) the header's buttons in one
    # row, the Documents tab's controls and the Tracks tab set a least size beyond the
    # screen: "Refresh" and the window's foot, with the track history, were cut off.
    view = _us_case(qtbot, db, runner, admin, data_dir)
    screen = view.screen().availableGeometry()
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    view.setFont(font)
    view.resize(screen.size())
    qtbot.waitUntil(lambda: view.refresh_button.y() > view.edit_button.y(), timeout=2_000)
    view.resize(screen.size())  # the least size may have kept it wider than the screen
    least = view.minimumSizeHint()
    assert least.width() <= screen.width() and least.height() <= screen.height(), least
    qtbot.waitUntil(lambda: view.width() <= screen.width(), timeout=2_000)
    for button in view.header_button_list:
        right = button.mapTo(view, button.rect().topRight()).x()
        assert right <= view.width(), button.text()
    # The tabs whose controls were widest and tallest scroll instead.
    for name in ("documentsPage", "commentsPage", "trackDetails"):
        area = view.findChild(QScrollArea, name)
        assert area is not None and area.widgetResizable(), name
    # Wide again, with the usual font: one row.
    view.setFont(QApplication.font())
    view.resize(1900, 800)
    qtbot.waitUntil(lambda: view.refresh_button.y() == view.edit_button.y(), timeout=2_000)
