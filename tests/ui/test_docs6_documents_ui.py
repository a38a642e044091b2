"""Documents tab (fresh-eyes pass 6): the same file twice, and sizes people can read."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_view import CaseView
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_case_view import fisr_case  # noqa: F401

# Users are made with the cheap hasher: these tests are about names, not passwords
# (argon2 at production cost is ~0.3 s a hash; the production hasher has its own test).
pytestmark = pytest.mark.usefixtures("fast_hash")


def _attach(qtbot, view: CaseView, source: Path) -> None:
    view.tabs.setCurrentWidget(view.documents_page)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.attach_document(str(source))


def _attached_and_selected(qtbot, view: CaseView, source: Path, data: bytes) -> None:
    """`source` written with `data`, attached to the case, and its row selected."""
    source.write_bytes(data)
    _attach(qtbot, view, source)
    view.documents.selectRow(0)


def _note(view: CaseView) -> str:
    panel = view.attach_progress
    return "" if panel.isHidden() else panel.label.text()


def test_the_same_file_attached_twice_is_pointed_out(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        fisr_case: str, tmp_path: Path) -> None:  # noqa: F811
    """Two rows of the very same bytes appeared without a word (stored once, listed twice,
    both ticking the checklist); now the tab says which document it repeats."""
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    chart = tmp_path / "组织架构图.pdf"
    chart.write_bytes(b"%PDF-1.4 organisation chart")
    _attach(qtbot, view, chart)
    assert _note(view) == ""
    copy = tmp_path / "chart copy.pdf"
    copy.write_bytes(chart.read_bytes())
    _attach(qtbot, view, copy)
    note = _note(view)
    assert "chart copy.pdf" in note and "same file" in note and "组织架构图.pdf" in note
    assert "Withdraw" in note
    other = tmp_path / "board.pdf"
    other.write_bytes(b"%PDF-1.4 board resolution")
    _attach(qtbot, view, other)
    assert _note(view) == ""  # a different file: nothing to say


def test_a_new_version_that_is_the_old_file_again_is_pointed_out(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        fisr_case: str, tmp_path: Path) -> None:  # noqa: F811
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    draft = tmp_path / "contract.pdf"
    _attached_and_selected(qtbot, view, draft, b"%PDF-1.4 contract draft")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.attach_new_version(str(draft))  # the officer picked the old file again
    assert "same file" in _note(view) and "version it replaces" in _note(view)


def test_the_size_reads_in_units_with_the_exact_count_in_the_tip(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        fisr_case: str, tmp_path: Path) -> None:  # noqa: F811
    """"48,646" in a column called Size left the unit to guess."""
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    source = tmp_path / "scan.pdf"
    source.write_bytes(b"%PDF-1.4 " + b"x" * 48_637)
    _attach(qtbot, view, source)
    cell = view.documents.item(0, 3)
    assert cell.text() == "48.6 KB" and cell.toolTip() == "48,646 bytes"


def test_a_document_closed_to_the_viewer_says_whom_to_ask(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        fisr_case: str, tmp_path: Path) -> None:  # noqa: F811
    from approvals.services import documents, users
    from approvals.services.cases import case_id_for

    with db.session() as s:
        users.create_first_admin(s, username=admin.username, password="correct horse battery")
        for name in ("bob", "dave"):
            users.create_user(s, actor=admin, username=name, password="correct horse battery",
                              roles=("preparer",))
    memo = tmp_path / "memo.pdf"
    memo.write_bytes(b"%PDF-1.4 memo")
    with db.session() as s:
        documents.attach_document(s, actor=admin, data_dir=data_dir,
                                  case_id=case_id_for(s, fisr_case), source=memo,
                                  restricted=True, allowed_users=["bob"])
    view = open_view(qtbot, runner, Actor("dave", ("preparer",)), data_dir, fisr_case)
    view.tabs.setCurrentWidget(view.documents_page)
    view.documents.selectRow(0)
    asked = f"Ask {admin.username} or bob (or an administrator"
    assert asked in view.open_document_button.toolTip()
    assert asked in view.documents.item(0, 0).toolTip()
    assert not view.export_document_button.isEnabled()
    assert asked in view.export_document_button.toolTip()


def test_what_the_attach_says_is_scrolled_into_view_on_a_small_window(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        fisr_case: str, tmp_path: Path) -> None:  # noqa: F811
    """At 200 % the Documents page scrolls: the bar, Cancel and the same-file note under the
    buttons were below the fold, and the attach seemed to do nothing."""
    from PySide6.QtWidgets import QScrollArea

    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    view.resize(683, 330)  # 1366 × 660 at 200 %
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.findChild(QScrollArea, "documentsPage")))
    area = view.findChild(QScrollArea, "documentsPage")
    chart = tmp_path / "chart.pdf"
    chart.write_bytes(b"%PDF-1.4 chart")
    _attach(qtbot, view, chart)
    area.verticalScrollBar().setValue(0)  # back at the top, where the list is
    twice = tmp_path / "chart again.pdf"
    twice.write_bytes(chart.read_bytes())
    _attach(qtbot, view, twice)
    panel = view.attach_progress
    assert area.verticalScrollBar().maximum() > 0  # the page does scroll at this size
    qtbot.waitUntil(lambda: not panel.visibleRegion().isEmpty(), timeout=2_000)
    assert "same file" in panel.label.text()


def test_export_saves_a_checked_copy_and_says_where(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        fisr_case: str, tmp_path: Path) -> None:  # noqa: F811
    """The README promised a document saved out of a case; the tab offered no way to."""
    from sqlmodel import select

    from approvals.store.models import Event

    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    source = tmp_path / "董事会决议.docx"
    source.write_bytes(b"PK board resolution")
    _attach(qtbot, view, source)
    view.documents.setCurrentCell(-1, -1)
    assert not view.export_document_button.isEnabled()  # nothing selected
    view.documents.selectRow(0)
    assert view.export_document_button.isEnabled()
    out = tmp_path / "out"
    out.mkdir()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.export_document(str(out / "董事会决议.docx"))
    assert (out / "董事会决议.docx").read_bytes() == source.read_bytes()
    assert _note(view).startswith("Exported 董事会决议.docx to ")
    with db.read_session() as s:
        assert s.exec(select(Event).where(Event.action == "document.exported")).all()
    menu = view._document_menu(view.documents.visualItemRect(view.documents.item(0, 0)).center())
    assert menu is not None
    assert [a.text() for a in menu.actions()][:2] == ["&Open", "E&xport…"]
    menu.close()


def test_a_failed_export_takes_the_last_exports_line_away(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        fisr_case: str, tmp_path: Path, monkeypatch) -> None:  # noqa: F811
    """"Exported … to out/side.pdf." stayed under the buttons beside the box saying that
    the next export could not be written: read as that export's result."""
    from approvals.ui import case_view

    shown: list[str] = []
    monkeypatch.setattr(case_view, "show_error", lambda _parent, title, _exc: shown.append(title))
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    _attached_and_selected(qtbot, view, tmp_path / "side letter.pdf", b"%PDF-1.4 side")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.export_document(str(tmp_path / "side.pdf"))
    assert _note(view).startswith("Exported side letter.pdf to ")
    view.export_document(str(tmp_path / "no such folder" / "side.pdf"))
    qtbot.waitUntil(lambda: shown == ["Could not export the document"], timeout=10_000)
    assert _note(view) == ""


def test_open_gives_the_program_a_copy_named_as_attached(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db: Database,
        fisr_case: str, tmp_path: Path, monkeypatch) -> None:  # noqa: F811
    from PySide6.QtGui import QDesktopServices

    opened: list[Path] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(Path(url.toLocalFile())) or True))
    view = open_view(qtbot, runner, admin, data_dir, fisr_case)
    source = tmp_path / "董事会决议.docx"
    source.write_bytes(b"PK board resolution")
    _attach(qtbot, view, source)
    view.documents.selectRow(0)
    view.open_document()
    qtbot.waitUntil(lambda: bool(opened), timeout=5_000)
    assert opened[0].name == "董事会决议.docx"  # not "<sha-256>.docx"
    assert data_dir.documents not in opened[0].parents  # not the stored evidence itself
    runner.wait_for_done()
