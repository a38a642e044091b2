"""Check a filing… can be stopped while it runs, as other long work in the app can
(ui.progress): a progress line with Ca&ncel check, Escape stops it and the dialog stays to
say so, Close stops it too. The service hears the cancel between its stages."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.domain.errors import Cancelled
from approvals.paths import DataDir
from approvals.services import filing_check as service
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.filing_check import FilingCheckDialog
from approvals.ui.workers import TaskRunner
from tests.ui.test_filing_check_ui import CASE, KIND, READER, draft, open_dialog


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[threading.Event, threading.Event]]:
    """(started, go): the check waits, once it has begun recomputing the case, until `go`."""
    started, go = threading.Event(), threading.Event()
    real = service._current_documents

    def waiting(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        go.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "_current_documents", waiting)
    yield started, go
    go.set()  # never leave a worker waiting


def _running(qtbot, dialog: FilingCheckDialog, started: threading.Event, pdf: Path) -> None:
    dialog.check_file(pdf)
    qtbot.waitUntil(started.is_set, timeout=20_000)
    assert dialog.checking
    panel = dialog.progress_panel
    assert panel.isVisible() and panel.cancel_button.isVisible()
    assert panel.cancel_button.isEnabled() and panel.cancel_button.text() == "Ca&ncel check"
    assert not dialog.check_button.isEnabled()


@pytest.fixture
def running(qtbot, demo: Database, runner: TaskRunner, data_dir: DataDir, admin: Actor,
            tmp_path: Path, held: tuple[threading.Event, threading.Event],
            ) -> tuple[FilingCheckDialog, Path, threading.Event]:
    """(dialog, pdf, go): the dialog checking a current draft's PDF, held until `go`."""
    started, go = held
    pdf = tmp_path / "handed-over.pdf"
    draft(demo, admin, pdf)
    dialog = open_dialog(qtbot, runner, data_dir)
    _running(qtbot, dialog, started, pdf)
    return dialog, pdf, go


def _said_cancelled(dialog: FilingCheckDialog) -> None:
    assert dialog.check_result is None
    assert dialog.headline_label.text() == "Check cancelled: nothing was checked."
    assert not dialog.error_label.isVisible()  # not an error: the officer stopped it
    assert not dialog.progress_panel.isVisible() and not dialog.checking
    assert dialog.check_button.isEnabled() and not dialog.copy_button.isEnabled()


def test_cancel_stops_a_running_check_and_says_so(
        qtbot, running: tuple[FilingCheckDialog, Path, threading.Event]) -> None:
    dialog, pdf, go = running
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # Ca&ncel check
    # A button's Alt key presses it as a click does, once its press has been shown.
    qtbot.waitUntil(lambda: dialog.progress_panel.label.text() == "Cancelling…",
                    timeout=5_000)
    with qtbot.waitSignal(dialog.finished_check, timeout=20_000):
        go.set()
    _said_cancelled(dialog)
    # The next check runs to its verdict as before.
    with qtbot.waitSignal(dialog.finished_check, timeout=20_000):
        dialog.check_file(pdf)
    assert dialog.check_result is not None and dialog.check_result.verdict == "current"


def test_escape_stops_the_check_and_the_dialog_stays_to_say_so(
        qtbot, running: tuple[FilingCheckDialog, Path, threading.Event]) -> None:
    dialog, _pdf, go = running
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.finished_check, timeout=20_000):
        go.set()
    _said_cancelled(dialog)
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Escape)  # nothing runs: Escape closes
    assert not dialog.isVisible()


def test_close_stops_the_check_too(
        qtbot, running: tuple[FilingCheckDialog, Path, threading.Event]) -> None:
    dialog, _pdf, go = running
    dialog.close()
    assert not dialog.isVisible()
    with qtbot.waitSignal(dialog.finished_check, timeout=20_000):
        go.set()
    _said_cancelled(dialog)


def test_the_service_stops_when_asked(demo: Database, admin: Actor, tmp_path: Path) -> None:
    pdf = tmp_path / "handed-over.pdf"
    fingerprint = draft(demo, admin, pdf)
    heard: list[str] = []
    with demo.read_session() as session:
        with pytest.raises(Cancelled):
            service.check_filing(session, actor=READER, source=pdf,
                                 progress=lambda _f, message: heard.append(message),
                                 cancelled=lambda: len(heard) >= 2)
        with pytest.raises(Cancelled):
            service.check_paper_copy(session, actor=READER, reference=CASE, kind=KIND,
                                     fingerprint=fingerprint, cancelled=lambda: True)
        # Not cancelled: the verdict as ever, the stages heard on the way.
        heard.clear()
        result = service.check_filing(session, actor=READER, source=pdf,
                                      progress=lambda _f, message: heard.append(message))
    assert result.verdict == "current"
    assert heard[0] == "Reading the PDF…" and len(heard) >= 3


def test_every_button_has_its_own_alt_key(qtbot, runner: TaskRunner, data_dir: DataDir) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    dialog = open_dialog(qtbot, runner, data_dir)
    texts = [w.text() for w in dialog.findChildren(QLabel) if w.buddy() is not None]
    texts += [b.text() for b in dialog.findChildren(QAbstractButton) if b.text()]
    texts += [dialog.source_tabs.tabText(n) for n in range(dialog.source_tabs.count())]
    texts.append(dialog.progress_panel.cancel_button.text() if dialog.checking
                 else "Ca&ncel check")  # shown while a check runs
    assert all("&" in t for t in texts if t != "Cancel"), texts  # the panel's, renamed on start
    letters = [t[t.index("&") + 1].lower() for t in texts if "&" in t]
    assert len(letters) == len(set(letters)), texts
    assert "C&lose" in texts


def test_the_pdf_page_is_as_high_as_its_fields(qtbot, runner: TaskRunner,
                                               data_dir: DataDir) -> None:
    """No blank lines under the PDF tab's note (its wrapped height was guessed at a narrow
    width: two lines of empty page above Check, more at 200 %)."""
    dialog = open_dialog(qtbot, runner, data_dir)
    qtbot.waitExposed(dialog)
    page = dialog.source_tabs.widget(0)
    qtbot.waitUntil(lambda: page.width() > 0, timeout=5_000)
    for _round in range(5):  # its width settles the height, laid out once more
        QApplication.processEvents()
    spare = page.height() - page.heightForWidth(page.width())
    assert spare < page.fontMetrics().lineSpacing(), spare
