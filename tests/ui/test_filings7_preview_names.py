"""The preview names the filing it shows, not the one the Kind list says now: changed after
a preview without generating again, Save as… and Print… offered a Chinese application as
"…-status-report-….pdf", and the status line did not say which filing was on screen. A
one-page filing is "1 page", not "1 pages"."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from approvals.store.audit import Actor
from approvals.ui.filing_preview import FilingDialog
from approvals.ui.workers import TaskRunner
from tests.ui.test_filing_preview import many_pages


def _showing(qtbot, runner: TaskRunner, admin: Actor, kind: str, pages: int,
             regime: str | None = None) -> FilingDialog:
    dialog = FilingDialog(runner, admin, "AP-2026-0001")
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    dialog._show(SimpleNamespace(pdf=many_pages(pages), page_count=pages, final=False,
                                 missing=(), kind=kind), regime)
    return dialog


def test_save_and_print_name_the_filing_shown_after_the_kind_list_changed(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = _showing(qtbot, runner, admin, "cn-application", 3, regime="CN-FISR")
    today = date.today().isoformat()
    assert dialog.shown_file_name() == f"AP-2026-0001-cn-application-cn-fisr-{today}-DRAFT.pdf"
    dialog.kind.setCurrentIndex(dialog.kind.findData("status-report"))  # not generated
    assert dialog.shown_file_name() == f"AP-2026-0001-cn-application-cn-fisr-{today}-DRAFT.pdf"
    dialog.print_pdf()
    assert dialog.print_dialog is not None
    assert dialog.print_dialog.printer().docName() == \
        f"AP-2026-0001-cn-application-cn-fisr-{today}-DRAFT"
    dialog.print_dialog.reject()


def test_the_status_line_names_the_filing_shown_and_counts_its_pages(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = _showing(qtbot, runner, admin, "status-report", 1)
    assert dialog.status.text() == "Status report: 1 page · draft"
    dialog = _showing(qtbot, runner, admin, "cn-application", 2, regime="CN-FISR")
    assert dialog.status.text().startswith("Chinese application (bilingual), CN-FISR: 2 pages")
    # Not generated as a final, yet without the DRAFT watermark: said as its footer says it.
    dialog = FilingDialog(runner, admin, "AP-2026-0001")
    qtbot.addWidget(dialog)
    dialog._show(SimpleNamespace(pdf=many_pages(1), page_count=1, final=False, stage="preview",
                                 missing=(), kind="us-notification"), "US-OISP")
    assert dialog.status.text().endswith(
        "1 page · preview (approved for filing; not the stored final)"), dialog.status.text()


def _again(qtbot, dialog: FilingDialog, kind: str, pages: int) -> None:
    dialog._show(SimpleNamespace(pdf=many_pages(pages), page_count=pages, final=False,
                                 missing=(), kind=kind), None)
    qtbot.waitUntil(lambda: dialog.document.pageCount() == pages, timeout=10_000)


def test_the_same_filing_generated_again_opens_on_the_page_being_read(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    """Edit particulars… generates the preview again: it went back to page 1, and the
    officer had to find the signatory's row again."""
    dialog = _showing(qtbot, runner, admin, "status-report", 5)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.document.pageCount() == 5, timeout=10_000)
    navigator = dialog.view.pageNavigator()
    dialog.page_box.setValue(4)
    assert navigator.currentPage() == 3
    _again(qtbot, dialog, "status-report", 5)
    qtbot.waitUntil(lambda: navigator.currentPage() == 3 and dialog.page_box.value() == 4,
                    timeout=5_000)
    _again(qtbot, dialog, "status-report", 2)  # now shorter: its last page
    qtbot.waitUntil(lambda: navigator.currentPage() == 1 and dialog.page_box.value() == 2,
                    timeout=5_000)
    _again(qtbot, dialog, "cn-application", 3)  # another filing: from its first page
    qtbot.wait(50)
    assert navigator.currentPage() == 0 and dialog.page_box.value() == 1


def test_the_status_line_has_the_width_of_the_dialog_at_200_percent(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    """Beside the four buttons, a draft's list of what is missing took nine lines in a
    1366×768 screen at 200 % (683×384) and left the preview a strip."""
    dialog = FilingDialog(runner, admin, "AP-2026-0001")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resize(683, 384)
    missing = ("particulars.applicant.legal_representative", "particulars.applicant.contact_name",
               "investor.ultimate_parent", "deal.commercial_rationale",
               "particulars.foreign_investor.address", "deal.amount", "deal.signing_date",
               "target.name_zh")
    dialog._show(SimpleNamespace(pdf=many_pages(7), page_count=7, final=False,
                                 kind="cn-application", missing=missing))
    qtbot.waitUntil(lambda: dialog.status.height() > 0 and dialog.print_button.isVisible(),
                    timeout=5_000)
    status, button = dialog.status.geometry(), dialog.print_button.geometry()
    assert status.bottom() < button.top()  # a row of its own, above the buttons
    assert status.width() > dialog.width() * 0.9
    lines = status.height() / dialog.status.fontMetrics().lineSpacing()
    assert lines <= 5, lines
    assert dialog.preview_area.height() > 3 * status.height() // 2
