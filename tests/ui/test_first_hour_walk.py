"""What a new officer ran into in their first hour with the app, following the README:
each test fails if the snag comes back."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QMessageBox, QScrollArea, QWidget
from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.domain.screening import screen
from approvals.paths import DataDir
from approvals.services import review, users
from approvals.services.cases import import_case
from approvals.services.workflow import transition
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Case, Document, FilingTrack
from approvals.ui.case_dialogs import ActionDialog
from approvals.ui.main_window import MainWindow
from approvals.ui.review import ReviewModeWindow, install_review_features
from approvals.ui.widgets import determination_html
from approvals.ui.wizard import IntakeWizard
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR
from tests.ui.test_case_view import (
    BOB,
    fisr_case,
    open_view,
    pretend_fisr_was_not_required,
    select_track,
)
from tests.ui.test_step_dates import action_of
from tests.ui.test_step_dialog_fields import message_at, said_at
from tests.ui.test_wizard import choose, click_next, error_text, next_button, tick, type_into
from tests.ui.test_wizard_typing import paste

__all__ = ["fisr_case"]  # the fixture, shared with the case view's tests


def _whole_text_shown(qtbot, dialog: ActionDialog, field: str) -> None:
    """The message under `field` (its name: "on", "reason" …) shown, and whole."""
    label = message_at(dialog, field)
    assert label.text() and label.isVisible()
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()), timeout=2_000)
    # Inside the dialog, not cut off at its bottom edge (nor laid over the buttons).
    assert label.geometry().bottom() < dialog.ok_button.geometry().top()
    assert dialog.ok_button.geometry().bottom() <= dialog.height()


def test_a_refused_date_in_a_step_dialog_is_shown_whole(qtbot) -> None:
    # The dialog opened at its size for the fields alone; the message under them was cut to
    # half a line over the buttons ("Date submitted: '2026-11-31' is not a date (YYYY-…").
    dialog = ActionDialog(action_of("CN-FISR", "submit_for_review"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    dialog.reason.setText("Ready for sign-off")
    dialog.on.setText("2026-11-31")
    dialog._check_and_accept()
    assert dialog.isVisible()
    assert said_at(dialog, "on").startswith("'2026-11-31' is not a date")
    _whole_text_shown(qtbot, dialog, "on")


def test_a_missing_reason_is_shown_whole_in_a_narrow_step_dialog(qtbot) -> None:
    dialog = ActionDialog(action_of("CN-FISR", "withdraw"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.on.setText("31 February")
    dialog.reason.setText("x")
    dialog._check_and_accept()
    _whole_text_shown(qtbot, dialog, "on")


def test_the_rescreen_button_and_its_result_sit_under_the_note_that_asks_for_it(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, db: Database
) -> None:
    # After Edit facts the Screening tab says "re-screen to see whether these determinations
    # still hold" at its top; the button was at the bottom of six regimes' reasons, and what
    # it found appeared below them, out of sight.
    pretend_fisr_was_not_required(db)
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.resize(1100, 700)
    view.tabs.setCurrentIndex(1)
    scroll = view.findChild(QScrollArea, "screeningScroll")
    assert scroll is not None
    qtbot.waitUntil(lambda: view.rescreen_button.isVisible(), timeout=2_000)

    def in_sight(widget: QWidget) -> bool:
        top = widget.mapTo(scroll.widget(), QPoint(0, 0)).y() - scroll.verticalScrollBar().value()
        return top >= 0 and top + min(widget.height(), 20) <= scroll.viewport().height()

    assert in_sight(view.rescreen_button)
    assert view.rescreen_button.y() < view.determinations.y()
    qtbot.mouseClick(view.rescreen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.changes_label.text() != "", timeout=10_000)
    qtbot.waitUntil(lambda: view.accept_button.isVisible(), timeout=2_000)
    assert "CN-FISR" in view.changes_label.text()
    assert in_sight(view.changes_label) and in_sight(view.accept_button)


def test_missing_facts_are_named_as_the_wizard_names_them() -> None:
    # A 20 % stake with control left at Unknown: the Screening tab said "Missing facts:
    # deal.acquires_control", a key a new officer had never seen in the wizard.
    facts = parse_facts({
        "schema_version": 1,
        "target": {"name_en": "Beijing Shenlan Intelligence Technology Co., Ltd.",
                   "jurisdiction": "CN", "activities": ["ai_model_development"],
                   "security_sectors": ["key_technologies"]},
        "investor": {"name": "Sierra Peak Growth Fund IV, L.P.", "jurisdiction": "US",
                     "us_person": True},
        "deal": {"instrument": "equity", "stake_after_pct": 20},
    })
    fisr = next(d for d in screen(facts, date(2026, 11, 29), False).determinations
                if d.regime == "CN-FISR")
    assert "deal.acquires_control" in fisr.missing
    shown = QTextDocumentFragment.fromHtml(determination_html(fisr)).toPlainText()
    assert "Missing facts: Acquires control (Deal) [deal.acquires_control]" in shown


def _track_to_filed(db: Database, admin: Actor, reference: str, filed_on: str) -> None:
    with db.session() as session:
        track = session.exec(select(FilingTrack).join(Case).where(
            Case.reference == reference, FilingTrack.regime == "CN-FISR")).one()
        track_id = track.id
        assert track_id is not None
    steps = [("submit_for_review", admin, {"on": "2026-10-20"}),
             ("approve_for_filing", BOB, {"on": "2026-10-28"}),
             ("file", admin, {"on": filed_on, "filing_reference": "FISR-2026-0457"})]
    for name, actor, params in steps:
        with db.session() as session:
            version = session.get(FilingTrack, track_id).version
            transition(session=session, track_id=track_id, transition_name=name, actor=actor,
                       reason="walk", expected_version=version, **params)


def _accept_dated_before_filing(qtbot: Any, runner: TaskRunner, admin: Actor,
                                data_dir: DataDir, fisr_case: str,
                                db: Database) -> tuple[Any, Any]:
    """Filed on 2 November; "Filing accepted" clicked with 30 October typed as its date."""
    _track_to_filed(db, admin, fisr_case, "2026-11-02")
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentIndex(2)
    select_track(view, "CN-FISR")
    button = view.track_buttons["accept"]
    qtbot.waitUntil(lambda: button.isVisible() and button.height() > 0, timeout=2_000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = view.action_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.reason, "Acceptance notice received")
    qtbot.keyClicks(dialog.on, "2026-10-30")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    return view, dialog


def test_a_step_dated_before_the_tracks_last_step_is_refused_in_the_dialog(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, db: Database
) -> None:
    # Filed on 2 November, then "accepted" typed as 30 October: the step was recorded, the
    # history read Filed 11-02 then Accepted 10-30, and the review clock ran from before the
    # filing.
    view, dialog = _accept_dated_before_filing(qtbot, runner, admin, data_dir, fisr_case, db)
    assert dialog.isVisible()  # still open, what was typed kept
    assert said_at(dialog, "on") == (
        "2026-10-30 is before the track's last step (Record filing, "
        "2026-11-02): the history and the clock go in date order. If that step's date is "
        "the wrong one, click Filing accepted (complete) again to record this date anyway")
    assert dialog.focusWidget() is dialog.on
    _whole_text_shown(qtbot, dialog, "on")
    dialog.on.setText("2026-11-03")  # the same day or later is taken
    with qtbot.waitSignal(view.action_done, timeout=10_000), \
            qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    select_track(view, "CN-FISR")
    assert "Accepted by the authority" in view.track_state.text()


def test_the_step_just_taken_is_in_view_in_the_track_history(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, db: Database
) -> None:
    # After six steps the history showed its first rows (submitted, approved, filed…) and
    # the step just recorded was below them, out of sight, on a 1366×768 screen.
    _track_to_filed(db, admin, fisr_case, "2026-11-02")
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.resize(1100, 640)
    view.tabs.setCurrentIndex(2)
    select_track(view, "CN-FISR")
    for name, reason, on in (("accept", "Acceptance notice", "2026-11-03"),
                             ("start_preliminary_review", "Review opened", "2026-11-05"),
                             ("start_general_review", "General review", "2026-11-20")):
        button = view.track_buttons[name]
        qtbot.waitUntil(lambda b=button: b.isVisible() and b.height() > 0, timeout=2_000)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        dialog = view.action_dialog
        assert dialog is not None
        qtbot.keyClicks(dialog.reason, reason)
        qtbot.keyClicks(dialog.on, on)
        with qtbot.waitSignal(view.action_done, timeout=10_000), \
                qtbot.waitSignal(view.loaded, timeout=10_000):
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        select_track(view, "CN-FISR")
    history = view.history
    last = history.rowCount() - 1
    assert history.item(last, 2).text() == "General review started"
    qtbot.waitUntil(lambda: history.viewport().height() > 0, timeout=2_000)
    shown = history.visualItemRect(history.item(last, 0))
    assert history.viewport().rect().contains(shown), (shown, history.viewport().rect())
    # The diagram wraps into bands at this width, so the track's details scroll: the row
    # is in sight in the window too, not below its foot.
    area = view.track_details
    qtbot.waitUntil(lambda: area.verticalScrollBar().value() > 0, timeout=2_000)
    top_left = history.viewport().mapTo(area.viewport(), shown.topLeft())
    bottom_right = history.viewport().mapTo(area.viewport(), shown.bottomRight())
    assert area.viewport().rect().contains(top_left), (top_left, area.viewport().rect())
    assert area.viewport().rect().contains(bottom_right), (bottom_right, area.viewport().rect())


def _approve_fisr(db: Database, admin: Actor, reference: str) -> None:
    with db.session() as session:
        track_id = session.exec(select(FilingTrack.id).join(Case).where(
            Case.reference == reference, FilingTrack.regime == "CN-FISR")).one()
    for name, actor in (("submit_for_review", admin), ("approve_for_filing", BOB)):
        with db.session() as session:
            version = session.get(FilingTrack, track_id).version
            transition(session=session, track_id=track_id, transition_name=name, actor=actor,
                       reason="walk", expected_version=version)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_chinese_application_of_one_track_can_be_generated_alone(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, db: Database
) -> None:
    # CN-FISR approved for filing, CN-SAMR still a draft: the final Chinese application was
    # refused ("Tracks not approved for filing yet: CN-SAMR (draft)") and the app offered no
    # way to file the approved track (only `filing render --regime` on the command line).
    _approve_fisr(db, admin, fisr_case)
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.generate_filing()
    dialog = view.preview
    assert dialog is not None
    dialog.kind.setCurrentIndex(dialog.kind.findData("cn-application"))
    assert dialog.track.isVisibleTo(dialog)
    assert [dialog.track.itemText(i) for i in range(dialog.track.count())] == \
        ["All its tracks", "CN-FISR", "CN-SAMR"]
    assert dialog.chosen_regime() is None  # the whole application unless one is chosen

    dialog.final.setChecked(True)
    dialog.generate_button.click()
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "errorDialog") is not None,
                    timeout=30_000)
    said = dialog.findChild(QMessageBox, "errorDialog").informativeText()
    assert "Tracks not approved for filing yet: CN-SAMR (draft)" in said
    assert said.endswith("To generate the final for CN-FISR alone, choose it under Track.")

    dialog.final.setChecked(False)
    dialog.track.setCurrentIndex(dialog.track.findData("CN-FISR"))
    with qtbot.waitSignal(dialog.rendered, timeout=30_000):
        dialog.generate_button.click()
    # The applications table (before Part 1) lists the one track applied for.
    applied = _pdf_text(dialog.pdf).partition("Part 1. Applicant")[0]
    assert "security review" in applied and "Merger control" not in applied, applied
    # Saved or printed to a file under a name of its own, not the whole application's.
    dialog.print_pdf()
    assert dialog.print_dialog is not None
    # CN-FISR is approved for filing: its application alone is a preview (no watermark).
    assert dialog.print_dialog.printer().docName() == \
        f"{fisr_case}-cn-application-cn-fisr-{date.today().isoformat()}-PREVIEW"
    dialog.print_dialog.reject()

    # A kind that covers one track offers no choice.
    dialog.kind.setCurrentIndex(dialog.kind.findData("status-report"))
    assert not dialog.track.isVisibleTo(dialog) and dialog.chosen_regime() is None


def test_generate_filing_from_a_chinese_track_starts_with_that_track_alone(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str
) -> None:
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentIndex(2)
    select_track(view, "CN-SAMR")
    view.generate_filing()
    dialog = view.preview
    assert dialog is not None
    assert dialog.kind.currentData() == "cn-application"
    assert dialog.chosen_regime() == "CN-SAMR"
    view.tabs.setCurrentIndex(0)  # from the Overview: the whole application
    view.generate_filing()
    assert view.preview is not None and view.preview.chosen_regime() is None


def _stored_final(db: Database, data_dir: DataDir, reference: str, track: str | None) -> None:
    """A stored final Chinese application, for one track (`track`) or for all of them."""
    pdf = b"%PDF-1.4 final " + (track or "all").encode()
    with db.session() as session:
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        track_id = session.exec(select(FilingTrack.id).where(
            FilingTrack.case_id == case.id, FilingTrack.regime == track)).one() if track else None
        relative = f"{reference}/cn-application-{track or 'all'}.pdf"
        (data_dir.documents / reference).mkdir(parents=True, exist_ok=True)
        (data_dir.documents / relative).write_bytes(pdf)
        session.add(Document(case_id=case.id, track_id=track_id, file_name="final.pdf",
                             sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf),
                             stored_path=relative, doc_type="cn-application",
                             is_rendering=True, uploaded_by="admin"))


def _drafted(db: Database, data_dir: DataDir, admin: Actor, reference: str,
             out: Path) -> set[str]:
    with db.session() as session:
        review.export_review_pack(session, data_dir=data_dir, references=[reference],
                                  out=out, actor=admin)
    with zipfile.ZipFile(out) as pack:
        return {Path(n).stem.removeprefix("draft-") for n in pack.namelist()
                if "/renderings/draft-" in n}


def test_a_review_pack_drafts_the_application_a_one_track_final_leaves_out(
    admin: Actor, data_dir: DataDir, fisr_case: str, db: Database, tmp_path: Path
) -> None:
    # The CN-FISR's own final (Generate filing, Track: CN-FISR) counted as "the final
    # Chinese application": the pack sent no draft of it, and the reviewer never saw the
    # CN-SAMR part.
    _stored_final(db, data_dir, fisr_case, "CN-FISR")
    assert "cn-application" in _drafted(db, data_dir, admin, fisr_case, tmp_path / "a.zip")
    # A final of the whole application is what the reviewer reads: no draft beside it.
    _stored_final(db, data_dir, fisr_case, None)
    assert "cn-application" not in _drafted(db, data_dir, admin, fisr_case, tmp_path / "b.zip")


def test_the_typical_first_deal_mistakes_are_each_said_at_their_field(
    qtbot, wizard: IntakeWizard
) -> None:
    # The walk's deal: a Chinese AI lab, a US fund; the mistakes a new officer makes typing it.
    type_into(qtbot, wizard, "field_target_name_en", "Beijing Shenlan Intelligence Technology")
    paste(qtbot, wizard, "field_target_name_zh", "北京深蓝智能科技有限公司")
    type_into(qtbot, wizard, "field_target_uscc", "91110108MA01ABCD2X")
    assert error_text(wizard, "error_target_uscc") == "check character is 'X', expected 'H'"
    assert not next_button(wizard).isEnabled()
    type_into(qtbot, wizard, "field_target_uscc", "91110108MA01ABCD2H")
    tick(qtbot, wizard, "choice_target_activities_ai_model_development")
    click_next(qtbot, wizard)
    choose(wizard, "field_target_ai_develops_ai_system", "Yes")
    type_into(qtbot, wizard, "field_target_ai_max_training_compute_ops", "3e25")
    click_next(qtbot, wizard)
    type_into(qtbot, wizard, "field_investor_name", "Sierra Peak Growth Fund IV, L.P.")
    type_into(qtbot, wizard, "field_investor_lei", "5493001KJTIIGC8Y1R12")
    click_next(qtbot, wizard)
    assert wizard.currentPage().objectName() == "dealPage"
    choose(wizard, "field_deal_instrument", "Equity acquisition")
    paste(qtbot, wizard, "field_deal_amount_value", "3亿")
    assert "write 3亿元 for yuan or 3亿美元 for US dollars" in error_text(
        wizard, "error_deal_amount")
    type_into(qtbot, wizard, "field_deal_stake_after_pct", "150")
    assert error_text(wizard, "error_deal_stake_after_pct") == (
        "'150' is more than the whole: a percentage is at most 100 (for 6.5 %, type 6.5)")
    type_into(qtbot, wizard, "field_deal_signing_date", "2026-02-30")
    assert "February 2026 has no day 30" in error_text(wizard, "error_deal_signing_date")
    assert not next_button(wizard).isEnabled()
    paste(qtbot, wizard, "field_deal_amount_value", "2亿美元")
    type_into(qtbot, wizard, "field_deal_stake_after_pct", "20%")
    type_into(qtbot, wizard, "field_deal_signing_date", "2026-02-28")
    type_into(qtbot, wizard, "field_deal_expected_completion_date", "2026-01-15")
    # Which of the two dates is wrong is for the officer to see: both are named.
    assert error_text(wizard, "error_deal_expected_completion_date") == \
        "2026-01-15 is before the signing date, 2026-02-28"
    paste(qtbot, wizard, "field_deal_expected_completion_date", "2026年6月30日")
    assert error_text(wizard, "error_deal_expected_completion_date") == ""
    for name in ("amount", "stake_after_pct", "signing_date"):
        assert error_text(wizard, f"error_deal_{name}") == "", name
    assert next_button(wizard).isEnabled(), wizard.currentPage().blocked_label.text()


def test_the_next_file_attached_does_not_inherit_the_last_ones_type_or_restriction(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str,
    tmp_path: Path, fast_hash: None, db: Database,
) -> None:
    # The organisation chart was attached with its type; the board resolution attached next
    # went in as a second "organisation chart" (the Type box still said so) and the
    # checklist counted it.
    with db.session() as session:  # a restriction names known users
        users.create_first_admin(session, username="alice", password="correct horse battery",
                                 display_name="Alice")
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.documents_page)
    view.doc_type.setCurrentIndex(view.doc_type.findText("Chinese application (signed copy)"))
    view.doc_restricted.setChecked(True)
    first = tmp_path / "application.pdf"
    first.write_bytes(b"%PDF-1.4 application")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.attach_document(str(first))
    assert view.documents.item(0, 1).text() == "Chinese application (signed copy)"
    assert view.doc_type.currentText() == "" and view.document_type() == ""
    assert not view.doc_restricted.isChecked()
    second = tmp_path / "board-resolution.txt"
    second.write_text("Board resolution", encoding="utf-8")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.attach_document(str(second))
    row = next(r for r in range(view.documents.rowCount())
               if view.documents.item(r, 0).text() == "board-resolution.txt")
    assert view.documents.item(row, 1).text() == "—"


def test_a_reviewers_empty_case_list_says_where_the_packs_are(
    qtbot, runner: TaskRunner, data_dir: DataDir, admin: Actor
) -> None:
    # The reviewer's laptop: no cases of its own, the pack opened already. The list said
    # "No cases yet" and how to create one.
    reviewer = Actor("rita.chen", ("reviewer",), "Rita Chen")
    window = MainWindow(runner, data_dir, reviewer)
    qtbot.addWidget(window)
    review_menu = install_review_features(window, runner, reviewer)
    window.show()
    qtbot.waitUntil(lambda: runner.idle and window.stack.currentIndex() == 1, timeout=20_000)
    hint = window.empty_hint.text()
    for action in (review_menu.open_action, review_menu.opened_action):
        assert f"Review → {action.text().replace('&', '')}" in hint
    assert "created by a preparer or an administrator" in hint
    window.roles_changed.emit(Actor("pat", ("preparer",), "Pat"))  # no reviewer role
    assert "Review →" not in window.empty_hint.text()
    window.close()


def test_a_reviewer_proposes_figures_and_dates_as_the_documents_write_them(
    qtbot, tmp_path: Path, data_dir: DataDir, db: Database, runner: TaskRunner, admin: Actor
) -> None:
    # Review mode took "9亿元" for China turnover as text and refused it in a box saying
    # "target.turnover_cny.china: expected number or null, got "9亿元"".
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        ref = import_case(s, data=facts, actor=admin).reference
    pack = tmp_path / "review.zip"
    with db.session() as s:  # reviewed here, by the exporter: kept simple
        review.export_review_pack(s, data_dir=data_dir, references=[ref], out=pack, actor=admin)
    with db.session() as s:
        pack_id = review.open_review_pack(s, data_dir=data_dir, path=pack, actor=admin).pack_id
    rw = ReviewModeWindow(runner, admin, data_dir, pack_id)
    qtbot.addWidget(rw)
    rw.show()
    qtbot.waitUntil(lambda: rw.view is not None, timeout=10_000)

    def propose(path: str, text: str) -> None:
        rw.select_field(path)
        rw.propose_edit.setText(text)  # typed through an input method: no key codes
        with qtbot.waitSignal(rw.loaded, timeout=10_000):
            qtbot.mouseClick(rw.propose_button, Qt.MouseButton.LeftButton)

    propose("target.turnover_cny.china", "9亿元")
    # (above the example's worldwide turnover of 700,000,000, which it is part of: said)
    assert rw.status.text() == (
        "Proposed China turnover (RMB) (Target company): 900,000,000. Check now — Worldwide "
        "turnover (RMB) (Target company): RMB 700,000,000 is less than the China turnover, "
        "RMB 900,000,000, which it includes: check both figures.")
    propose("deal.stake_after_pct", "22 %")
    propose("deal.signing_date", "2026年6月30日")
    proposed = {p.field_path: p.proposed_value
                for p in review.get_review(data_dir, pack_id).cases[0].proposals}
    assert proposed == {"target.turnover_cny.china": 900_000_000,
                        "deal.stake_after_pct": 22, "deal.signing_date": "2026-06-30"}

    # What cannot be read is refused before anything is saved, named as the form names it.
    rw.select_field("target.turnover_cny.china")
    rw.propose_edit.setText("9亿美元")
    qtbot.mouseClick(rw.propose_button, Qt.MouseButton.LeftButton)
    # Said at the value field (as the wizard says it), the field named on the status line.
    assert rw.findChild(QMessageBox, "errorDialog") is None
    assert rw.propose_error.isVisible()
    assert rw.propose_error.text() == "is in CNY: convert the USD figure"
    assert rw.status.text() == ("Could not propose the change to China turnover (RMB) (Target "
                                "company): is in CNY: convert the USD figure. Nothing was saved.")
    assert rw.propose_edit.text() == "9亿美元"  # kept to correct


def test_an_early_date_is_recorded_when_the_officer_clicks_again(
    qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, fisr_case: str, db: Database
) -> None:
    # Filing recorded on the day it was typed in (a catch-up), the acceptance notice dated
    # earlier: the steps cannot be edited afterwards, so the officer may insist.
    view, dialog = _accept_dated_before_filing(qtbot, runner, admin, data_dir, fisr_case, db)
    assert dialog.isVisible() and "again to record this date anyway" in said_at(dialog, "on")
    dialog.on.setText("2026-10-29")  # another early date is asked about afresh
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "2026-10-29 is before" in said_at(dialog, "on")
    with qtbot.waitSignal(view.action_done, timeout=10_000), \
            qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    select_track(view, "CN-FISR")
    assert "Accepted by the authority" in view.track_state.text()
