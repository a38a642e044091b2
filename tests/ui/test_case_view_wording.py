"""The case view speaks the officer's language and no button silently does nothing:
the timeline in words (not audit codes and raw JSON), the required documents by name, an
empty documents tab that says what to do, and Open / Restrict / Add comment greyed out
with the reason until there is something to act on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import create_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view, select_track
from tests.ui.test_step_dialog_fields import said_at

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "cases.json"


@pytest.fixture
def case_ref(db: Database, admin: Actor) -> str:
    facts = next(d for d in json.loads(DEMO.read_text(encoding="utf-8"))
                 if d["reference"] == "DEMO-04")  # a CN-FISR track among others
    with db.session() as s:
        return create_case(s, facts=parse_facts(facts), actor=admin).reference


def column(view: CaseView, col: int) -> list[str]:
    view.tabs.setCurrentWidget(view.timeline_page)
    return [view.timeline.item(r, col).text() for r in range(view.timeline.rowCount())]


def test_timeline_in_words(qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir,
                           case_ref: str) -> None:
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    select_track(view, "CN-FISR")
    view.track_buttons["submit_for_review"].click()
    view.action_dialog.reason.setText("ready for review")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.action_dialog.accept()

    what, change = column(view, 2), column(view, 4)
    assert "Case created" in what and "Screened" in what
    assert "CN-FISR: track opened" in what and "CN-FISR: track step" in what
    assert not any(w.startswith(("track.", "case.")) for w in what), what
    step = what.index("CN-FISR: track step")
    assert change[step] == "Draft → Internal review"  # not draft → internal_review
    assert change[what.index("CN-FISR: track opened")] == "for approval required"
    assert not change[what.index("Case created")].startswith("{")
    assert "CN-FISR approval required" in change[what.index("Screened")]
    # The code still finds the events, and the kind filter names them in words.
    view.timeline_filter.setText("track.opened")
    assert 0 < view.visible_timeline_rows() < view.timeline.rowCount()
    view.timeline_filter.clear()
    kinds = [view.timeline_kind.itemText(i) for i in range(view.timeline_kind.count())]
    assert "Track step" in kinds and "track.transition" not in kinds
    view.timeline_kind.setCurrentIndex(kinds.index("Track step"))
    assert view.visible_timeline_rows() == 1


def test_documents_tab_names_and_greys_out(qtbot, runner: TaskRunner, admin: Actor,
                                          data_dir: DataDir, case_ref: str,
                                          tmp_path: Path) -> None:
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.tabs.setCurrentIndex(4)
    assert view.documents_empty.isVisible()
    assert "No documents attached yet" in view.documents_empty.text()
    # Documents by name, in the checklist and in the Type list; the key is stored.
    assert "Chinese application</b>" in view.checklist.text()
    assert "cn-application" not in view.checklist.text()
    # The filing's own type is its stored final's: the list offers its signed copy.
    view.doc_type.setCurrentIndex(view.doc_type.findText("Chinese application (signed copy)"))
    assert view.document_type() == "signed-cn-application"
    view.doc_type.setCurrentText("board minutes")  # any label may be typed
    assert view.document_type() == "board minutes"
    for button in (view.open_document_button, view.restrict_button, view.access_button):
        assert not button.isEnabled()  # clicking them did nothing before
        assert button.toolTip() == "Select a document first."

    source = tmp_path / "application.pdf"
    source.write_bytes(b"%PDF-1.4 application")
    view.doc_type.setCurrentText("signed-cn-application")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.attach_document(str(source))
    assert not view.documents_empty.isVisible()
    assert view.documents.item(0, 1).text() == "Chinese application (signed copy)"
    view.documents.selectRow(0)
    assert view.open_document_button.isEnabled() and view.restrict_button.isEnabled()
    assert "Select" not in view.restrict_button.toolTip()


def test_add_comment_says_what_it_needs(qtbot, runner: TaskRunner, admin: Actor,
                                        data_dir: DataDir, case_ref: str) -> None:
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.tabs.setCurrentWidget(view.comments_page)
    assert not view.add_comment_button.isEnabled()
    assert view.add_comment_button.toolTip() == "Write the comment first."
    qtbot.keyClicks(view.comment_edit, "Ask for the cap table.")
    assert view.add_comment_button.isEnabled()
    nobody = open_view(qtbot, runner, Actor("nobody", ()), data_dir, case_ref)
    nobody.tabs.setCurrentWidget(nobody.comments_page)
    qtbot.keyClicks(nobody.comment_edit, "hello")
    assert not nobody.add_comment_button.isEnabled()
    assert "nobody may not comment" in nobody.add_comment_button.toolTip()


def test_particulars_change_names_the_fields(qtbot, runner: TaskRunner, admin: Actor,
                                             data_dir: DataDir, db: Database,
                                             case_ref: str) -> None:
    from approvals.services.filings import set_filing_particulars

    with db.session() as s:
        set_filing_particulars(session=s, actor=admin, reference=case_ref,
                               values={"applicant": {"legal_representative": "张伟"}})
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    what, change = column(view, 2), column(view, 4)
    row = what.index("Filing particulars changed")
    # By the Filing particulars editor's name, as the status report says it, not its key.
    assert change[row] == ("changed: Applicant (the target company) — Legal representative "
                           "or authorised signatory"), change[row]
    with db.session() as s:
        set_filing_particulars(session=s, actor=admin, reference=case_ref,
                               values={"applicant": {"legal_representative": "张伟",
                                                     "contact_name": "刘晓燕",
                                                     "contact_phone": "+86 10 5555 0100"},
                                       "foreign_investor": {"address": "1 Main St"}})
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    what, change = column(view, 2), column(view, 4)
    # Each section once, before its first field.
    assert change[what.index("Filing particulars changed")] == (
        "changed: Applicant (the target company) — Contact person; Contact telephone; "
        "Foreign investor — Address"), change


def test_screening_time_is_readable(qtbot, runner: TaskRunner, admin: Actor,
                                    data_dir: DataDir, case_ref: str) -> None:
    import re

    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.tabs.setCurrentWidget(view.screening_page)
    text = view.screening_info.text()
    # The heading's first line ends with the time; notes follow on lines of their own.
    assert re.search(r"at \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$", text.split("<br>")[0]), text
    assert not re.search(r"\dT\d", text)


def test_action_dialog_keeps_a_bad_date_at_its_field(qtbot) -> None:
    from approvals.services.workflow import ActionView
    from approvals.ui.case_dialogs import ActionDialog

    action = ActionView(name="extend", label="Extend", label_zh="", allowed=True, why_not=None,
                        needs_reason=True, params=("days",))
    dialog = ActionDialog(action)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reason.setText("the authority extended the period")
    dialog.on.setText("2026-13-45")
    dialog._check_and_accept()
    assert dialog.isVisible() and dialog.result() == 0  # still open, nothing taken
    assert said_at(dialog, "on") == ("'2026-13-45' is not a date (there is "
                                     "no month 13): use YYYY-MM-DD, e.g. 2026-10-22")
    dialog.on.setText("2026-11-30")
    dialog.inputs["days"].setText("ten")
    dialog._check_and_accept()
    assert said_at(dialog, "days") == "must be a whole number"
    assert said_at(dialog, "on") == ""
    dialog.inputs["days"].setText("10")
    dialog._check_and_accept()
    assert not dialog.isVisible()
    assert dialog.params() == {"on": "2026-11-30", "days": 10}


def test_action_dialog_checks_the_completion_and_knowledge_dates(qtbot) -> None:
    from approvals.services.workflow import ActionView
    from approvals.ui.case_dialogs import ActionDialog

    action = ActionView(name="start", label="Record completion date", label_zh="", allowed=True,
                        why_not=None, needs_reason=False,
                        params=("completion_date", "knowledge_date"))
    dialog = ActionDialog(action)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "850.402" in dialog.inputs["knowledge_date"].toolTip()
    dialog.on.setText("2026-W48-2")  # a week date is not a day anybody types on purpose
    dialog._check_and_accept()
    assert said_at(dialog, "on") == "'2026-W48-2' is not a date: use YYYY-MM-DD, e.g. 2026-10-22"
    dialog.on.setText("")
    dialog.inputs["completion_date"].setText("2026-11-02")
    dialog.inputs["knowledge_date"].setText("2/12/2026")
    dialog._check_and_accept()
    assert dialog.isVisible() and said_at(dialog, "knowledge_date") == (
        "'2/12/2026' could be "
        "2 December or 12 February: write it YYYY-MM-DD (2026-12-02 or 2026-02-12)")
    assert dialog.focusWidget() is dialog.inputs["knowledge_date"]
    dialog.inputs["knowledge_date"].setText("2026-12-02")
    dialog._check_and_accept()
    assert not dialog.isVisible()
    assert dialog.params() == {"completion_date": "2026-11-02", "knowledge_date": "2026-12-02"}


@pytest.mark.parametrize("default_on", [None, "2026-11-02"])
def test_action_dialog_hints_are_not_cut_off(qtbot, default_on) -> None:
    from approvals.services.workflow import ActionView
    from approvals.ui.case_dialogs import ActionDialog

    action = ActionView(name="x", label="Cleared with conditions", label_zh="", allowed=True,
                        why_not=None, needs_reason=False, params=("conditions",),
                        default_on=default_on)
    dialog = ActionDialog(action)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for edit in (dialog.reason, dialog.on):
        needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
        assert edit.width() > needed, (edit.placeholderText(), edit.width(), needed)


def test_filing_preview_names_missing_fields_in_words(
        qtbot, runner: TaskRunner, admin: Actor, case_ref: str) -> None:
    from approvals.ui.filing_preview import FilingDialog
    from approvals.ui.particulars import missing_text

    assert missing_text("investor.ultimate_parent") == "Ultimate parent (Investor)"
    assert missing_text("particulars.applicant.legal_representative") == (
        "Applicant (the target company) — Legal representative or authorised signatory")
    dialog = FilingDialog(runner, admin, case_ref)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.rendered, timeout=60_000):
        dialog.generate_button.click()
    assert dialog.missing, "the demo case lacks particulars"
    status = dialog.status.text()
    assert "missing: " in status and "particulars." not in status, status
    assert "Legal representative" in status
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)


def test_opening_a_document_no_program_opens_says_so(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, case_ref: str,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []

    def open_url(url) -> bool:
        opened.append(url.toLocalFile())
        return False  # no program for this kind of file

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    source = tmp_path / "memo.xyz"
    source.write_bytes(b"memo")
    view.tabs.setCurrentWidget(view.documents_page)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.attach_document(str(source))
    view.documents.selectRow(0)
    view.open_document_button.click()
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    box = view.open_failed_box
    assert box.isVisible() and "memo.xyz" in box.text()
    assert opened[0] in box.informativeText()
    box.close()


def test_a_reviewer_is_not_told_to_attach(qtbot, runner: TaskRunner, data_dir: DataDir,
                                          case_ref: str) -> None:
    view = open_view(qtbot, runner, Actor("rita", ("reviewer",)), data_dir, case_ref)
    view.tabs.setCurrentIndex(4)
    assert view.documents_empty.text() == "No documents attached yet."
    assert not view.attach_button.isEnabled()
    assert not view.doc_type.isEnabled() and not view.doc_restricted.isEnabled()
    # Greyed out with the same reason as Attach file… (not left to guess).
    assert view.doc_restricted.toolTip() == view.attach_button.toolTip() != ""


def test_a_timeline_filter_that_hides_every_event_says_so(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, case_ref: str) -> None:
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.tabs.setCurrentIndex(3)
    assert not view.timeline_no_match.isVisible()
    view.timeline_filter.setText("no such event")
    assert view.visible_timeline_rows() == 0 and view.timeline_no_match.isVisible()
    assert view.timeline_no_match_label.text() == "No event matches “no such event”."
    view.findChild(QPushButton, "timelineClearFilter").click()
    assert view.timeline_filter.text() == ""
    assert view.visible_timeline_rows() == view.timeline.rowCount() > 0
    assert not view.timeline_no_match.isVisible()


def test_tab_goes_through_a_tracks_steps_before_its_history(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, case_ref: str) -> None:
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.tabs.setCurrentIndex(2)
    buttons = list(view.track_buttons.values())
    assert buttons
    chain, widget = [], view.diagram.nextInFocusChain()
    while widget is not view.history and len(chain) < 50:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    assert widget is view.history
    assert [w for w in chain if w in buttons] == buttons


def test_a_case_without_tracks_shows_the_message_alone(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database) -> None:
    facts = next(d for d in json.loads(DEMO.read_text(encoding="utf-8"))
                 if d["reference"] == "DEMO-11")  # screened: no regime needs action
    with db.session() as s:
        reference = create_case(s, facts=parse_facts(facts), actor=admin).reference
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentIndex(2)
    assert view.data is not None and not view.data.tracks
    assert view.track_state.text().startswith("No filing tracks")
    for part in (view.track_list, view.diagram, view.actions_box, view.history):
        assert not part.isVisible()


def test_a_case_without_tracks_that_the_screening_blocks_says_why(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database) -> None:
    """The negative list prohibits the deal and opens no track: the tab said "no regime
    needs action" beside a header saying the deal is blocked."""
    facts = next(d for d in json.loads(DEMO.read_text(encoding="utf-8"))
                 if d["reference"] == "DEMO-07")  # internet news: negative list
    with db.session() as s:
        reference = create_case(s, facts=parse_facts(facts), actor=admin).reference
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentIndex(2)
    assert view.data is not None and not view.data.tracks
    text = view.track_state.text()
    assert "no regime needs action" not in text
    assert "cannot complete" in text
    assert "CN-NEGATIVE-LIST: the screening found the transaction prohibited." in text
    # A fact missing by its field's name, as the step buttons' reasons say it.
    assert "CN-TECH-EXPORT" in text and "deal.technology_transfer.transfers" not in text


def test_the_title_goes_above_the_buttons_when_the_window_is_narrow(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, case_ref: str) -> None:
    from PySide6.QtWidgets import QBoxLayout

    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.resize(1900, 800)
    qtbot.waitUntil(lambda: view.width() == 1900)
    assert view.header_layout.direction() == QBoxLayout.Direction.LeftToRight
    assert view.header.width() >= view.HEADER_MIN_TITLE
    # Beside the buttons, the title keeps to its line: no word of it wraps under itself.
    one_line = view.header.heightForWidth(10_000)
    qtbot.waitUntil(lambda: view.header.height() <= one_line + 2)
    # Just too narrow for the title beside the buttons: above them, still on its line.
    view.resize(view.width() - (view.header.width() - view._title_width()) - 20, 800)
    qtbot.waitUntil(lambda: view.header_layout.direction() == QBoxLayout.Direction.TopToBottom)
    view.resize(900, 700)
    qtbot.waitUntil(lambda: view.width() == 900)
    assert view.header_layout.direction() == QBoxLayout.Direction.TopToBottom
    qtbot.waitUntil(lambda: view.header.width() > 800)  # the title has the whole width
    assert view.edit_button.y() > view.header.y()


def test_ctrl_f_finds_in_the_timeline(qtbot, runner: TaskRunner, admin: Actor,
                                      data_dir: DataDir, case_ref: str) -> None:
    from PySide6.QtCore import Qt

    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.activateWindow()
    view.tabs.setCurrentWidget(view.timeline_page)
    view.timeline_filter.setText("screened")
    view.tabs.setCurrentIndex(0)
    view.overview.setFocus()
    qtbot.keyClick(view.overview, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.tabs.currentWidget() is view.timeline_page
    assert view.timeline_filter.hasFocus() and view.timeline_filter.selectedText() == "screened"


def test_documents_a_final_needs_are_offered_and_checked_by_name(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, case_ref: str,
        tmp_path: Path) -> None:
    """The US notification's final needs an organisation chart: the Type list offers it by
    name and the checklist says it is missing, instead of only the refused final naming
    "a document of type org_chart"."""
    view = open_view(qtbot, runner, admin, data_dir, case_ref)
    view.tabs.setCurrentWidget(view.tracks_page)
    assert any(view.track_list.item(r).text().startswith("US-OISP")
               for r in range(view.track_list.count()))
    view.tabs.setCurrentWidget(view.documents_page)
    assert "✘ missing: <b>Post-transaction organisation chart</b>" in view.checklist.text()
    assert "org_chart" not in view.checklist.text()
    index = view.doc_type.findText("Post-transaction organisation chart")
    assert index > 0
    view.doc_type.setCurrentIndex(index)
    assert view.document_type() == "org_chart"
    source = tmp_path / "chart.pdf"
    source.write_bytes(b"%PDF-1.4 chart")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.attach_document(str(source))
    assert view.documents.item(0, 1).text() == "Post-transaction organisation chart"
    assert "✔ attached: <b>Post-transaction organisation chart</b>" in view.checklist.text()
