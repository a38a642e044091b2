"""The filing preview as an officer reads it: page and zoom controls, the dialog within a
1366×768 screen at 200 %, Cancel beside the progress bar, and a refused final that says
where each missing thing is entered."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QApplication, QMessageBox

from approvals.domain.errors import InputError, Problem
from approvals.store.audit import Actor
from approvals.ui import filing_preview
from approvals.ui.filing_preview import FilingDialog, readable_problems, ways_on
from approvals.ui.workers import TaskRunner
from tests.ui.test_filing_preview import as_a_printer, many_pages, pdf_printer
from tests.ui.ux_checks import problems

SMALL_WIDTH = 683  # 1366×768 at QT_SCALE_FACTOR=2


def previewing(qtbot, runner: TaskRunner, admin: Actor, pages: int = 5) -> FilingDialog:
    """The dialog showing a draft of `pages` pages (as the filings service returns one)."""
    dialog = FilingDialog(runner, admin, "AP-2026-0001")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.view_bar.isVisible()  # nothing to page through before a preview
    dialog._show(SimpleNamespace(pdf=many_pages(pages), page_count=pages, final=False,
                                 missing=()))
    qtbot.waitUntil(lambda: dialog.document.pageCount() == pages, timeout=10_000)
    return dialog


def wheel(dialog: FilingDialog, up: bool, modifiers: Qt.KeyboardModifier) -> None:
    viewport = dialog.view.viewport()
    centre = QPointF(viewport.width() / 2, viewport.height() / 2)
    event = QWheelEvent(centre, viewport.mapToGlobal(centre), QPoint(),
                        QPoint(0, 120 if up else -120), Qt.MouseButton.NoButton, modifiers,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, event)


def test_the_preview_pages_and_zooms(qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = previewing(qtbot, runner, admin)
    assert dialog.view_bar.isVisible()
    assert problems("filing preview", dialog) == []  # names, Alt keys, no clashes
    assert (dialog.page_box.minimum(), dialog.page_box.maximum()) == (1, 5)
    assert dialog.page_count.text() == "of 5" and dialog.page_box.value() == 1
    navigator = dialog.view.pageNavigator()
    dialog.page_box.setValue(3)  # typed or stepped: the preview goes there
    assert navigator.currentPage() == 2
    scroll = dialog.view.verticalScrollBar()
    scroll.setValue(scroll.maximum())  # scrolled to the end: the box follows
    qtbot.waitUntil(lambda: dialog.page_box.value() == 5, timeout=5_000)
    assert navigator.currentPage() == 4  # and did not jump back
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_Home)  # the scroll area alone ignored both
    assert navigator.currentPage() == 0 and dialog.page_box.value() == 1
    assert scroll.value() < scroll.pageStep()
    qtbot.keyClick(dialog.view, Qt.Key.Key_End)
    assert navigator.currentPage() == 4 and dialog.page_box.value() == 5

    assert dialog.zoom.currentText() == "Fit width"
    fit = dialog.zoom_percent()
    dialog.zoom_in_button.click()  # from a fit, to the next percentage above it
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert dialog.zoom.currentData() > fit and dialog.zoom_percent() == dialog.zoom.currentData()
    zoomed = dialog.zoom.currentData()
    wheel(dialog, up=False, modifiers=Qt.KeyboardModifier.ControlModifier)
    assert dialog.zoom.currentData() < zoomed  # Ctrl and the wheel zoom out
    before = dialog.zoom.currentIndex()
    wheel(dialog, up=True, modifiers=Qt.KeyboardModifier.NoModifier)
    assert dialog.zoom.currentIndex() == before  # the wheel alone scrolls, as ever
    dialog.zoom.setCurrentIndex(dialog.zoom.findData("page"))
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitInView
    dialog.zoom.setCurrentIndex(dialog.zoom.findData(400))
    dialog.zoom_in_button.click()  # the largest stays the largest
    assert dialog.zoom.currentData() == 400 and dialog.view.zoomFactor() == 4.0


def test_the_dialog_fits_a_1366_screen_at_200_percent_with_its_track_choice(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = previewing(qtbot, runner, admin)
    dialog.set_tracks({"cn-application": ["CN-FISR", "CN-DATA-EXPORT"]})
    dialog.kind.setCurrentIndex(dialog.kind.findData("cn-application"))
    assert dialog.track.isVisible()
    # Cancel sat in the top row beside Kind, Track, Final and Generate: 759 px wide.
    assert dialog.minimumSizeHint().width() <= SMALL_WIDTH
    assert dialog.view_bar.minimumSizeHint().width() <= SMALL_WIDTH


def test_cancel_sits_beside_the_progress_while_a_job_runs(
        qtbot, runner: TaskRunner, admin: Actor, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    as_a_printer(monkeypatch)
    dialog = previewing(qtbot, runner, admin, pages=30)
    assert not dialog.progress_row.isVisible()  # no Cancel with nothing to cancel
    dialog._print_to(pdf_printer(tmp_path / "paper.pdf"))
    assert dialog.progress_row.isVisible() and dialog.cancel_button.isVisible()
    assert dialog.cancel_button.text() == "&Cancel printing"
    dialog.cancel_button.click()
    assert not dialog.progress_row.isVisible()
    assert dialog.status.text() == "Printing cancelled."


def test_a_refused_final_says_where_each_missing_thing_is_entered(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = previewing(qtbot, runner, admin)
    shown_status = dialog.status.text()
    refusal = InputError([
        Problem("tracks", "missing: 本案尚无中国境内审批或备案事项 / No Chinese filing track is open for this case"),
        Problem("target.uscc", "missing: USCC"),
        Problem("particulars.applicant.contact_name", "missing: contact"),
        Problem("documents.org_chart", "missing: organisation chart"),
    ])
    dialog._failed(refusal)
    box = dialog.findChild(QMessageBox, "errorDialog")
    assert box is not None
    said = box.informativeText() or box.text()
    assert said.startswith("Tracks: 本案尚无中国境内审批或备案事项 / No Chinese filing track is open for this case\n")
    assert "Tracks missing" not in said
    assert said.endswith(
        "\n\nEnter the filing particulars with Edit particulars… (below the preview)."
        "\nEnter the missing facts with Edit facts… in the case window."
        "\nAdd the documents on the case window's Documents tab.")
    # The preview shown stays described; the status line was not left blank.
    assert dialog.status.text() == shown_status
    assert dialog.particulars_button.isVisible()
    box.done(0)


def test_the_ways_on_name_only_the_places_needed() -> None:
    assert ways_on(["tracks"]) == []
    assert ways_on(["investor.ultimate_parent"]) == [
        "Enter the missing facts with Edit facts… in the case window."]
    # An approval still pending reads as before.
    waiting = InputError([Problem(
        "tracks", "not approved for filing yet: CN-SAMR (general_review)")])
    assert readable_problems(waiting) == (
        "Tracks not approved for filing yet: CN-SAMR (general review)")


def test_a_cancelled_rendering_that_ends_anyway_leaves_the_next_one_alone(
        qtbot, runner: TaskRunner, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    # The service checks for a cancel at each step; one that comes after its last step
    # lets it finish. Its result must not reset a rendering started since.
    release = {"status-report": threading.Event(), "us-notification": threading.Event()}

    def render(_session, _progress, *, kind: str, **_request) -> SimpleNamespace:
        release[kind].wait(30)
        pages = 2 if kind == "status-report" else 3
        return SimpleNamespace(pdf=many_pages(pages), page_count=pages, final=False,
                               missing=())

    monkeypatch.setattr(filing_preview, "render", render)
    dialog = FilingDialog(runner, admin, "AP-2026-0001")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData("status-report"))
    dialog.generate_button.click()
    dialog.cancel_button.click()
    assert dialog.status.text() == "Cancelled."
    dialog.kind.setCurrentIndex(dialog.kind.findData("us-notification"))
    with qtbot.waitSignal(dialog.rendered, timeout=30_000) as shown:
        dialog.generate_button.click()
        release["status-report"].set()  # the cancelled one ends first
        qtbot.waitUntil(lambda: runner._running == 1, timeout=10_000)
        assert dialog.busy and not dialog.generate_button.isEnabled()
        assert dialog.cancel_button.isEnabled() and dialog.status.text() == "Rendering…"
        release["us-notification"].set()
    assert shown.args == [3] and dialog.document.pageCount() == 3
