"""A draft filing is offered under a name that says it is a draft ("…-DRAFT.pdf"), for
Save as… and Print to File alike: saved to a shared folder under the final's name, it
could be taken for the final. A final keeps its name."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from approvals.store.audit import Actor
from approvals.ui.files import FILINGS, suggested_name
from approvals.ui.filing_preview import FilingDialog
from approvals.ui.workers import TaskRunner
from tests.ui.test_filing_preview import many_pages


def _showing(qtbot, runner: TaskRunner, admin: Actor, *, final: bool,
             stage: str | None = None) -> FilingDialog:
    dialog = FilingDialog(runner, admin, "AP-2026-0001")
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("us-notification"))
    dialog._show(SimpleNamespace(pdf=many_pages(1), page_count=1, final=final,
                                 missing=(), kind="us-notification",
                                 stage=stage or ("final" if final else "draft")), "US-OISP")
    return dialog


def test_a_draft_is_offered_as_a_draft_to_save_and_to_print(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = _showing(qtbot, runner, admin, final=False)
    today = date.today().isoformat()
    assert dialog.shown_file_name() == f"AP-2026-0001-us-notification-us-oisp-{today}-DRAFT.pdf"
    dialog.print_pdf()
    assert dialog.print_dialog is not None
    assert dialog.print_dialog.printer().docName() == \
        f"AP-2026-0001-us-notification-us-oisp-{today}-DRAFT"
    dialog.print_dialog.reject()


def test_a_preview_is_offered_as_a_preview(qtbot, runner: TaskRunner, admin: Actor) -> None:
    """Approved for filing, not the stored final: its pages say PREVIEW and carry no
    watermark, so "-DRAFT" in its name contradicted them."""
    dialog = _showing(qtbot, runner, admin, final=False, stage="preview")
    today = date.today().isoformat()
    assert dialog.shown_file_name() == (
        f"AP-2026-0001-us-notification-us-oisp-{today}-PREVIEW.pdf")


def test_a_final_keeps_its_name(qtbot, runner: TaskRunner, admin: Actor) -> None:
    dialog = _showing(qtbot, runner, admin, final=True)
    today = date.today().isoformat()
    assert dialog.shown_file_name() == f"AP-2026-0001-us-notification-us-oisp-{today}.pdf"


def test_the_draft_mark_follows_the_date_so_names_still_sort_by_case_and_day() -> None:
    day = date(2026, 11, 29)
    assert suggested_name(FILINGS, "AP-2026-0001", "cfius", day=day, draft=True) == \
        "AP-2026-0001-cfius-2026-11-29-DRAFT.pdf"
    assert suggested_name(FILINGS, "AP-2026-0001", "cfius", day=day) == \
        "AP-2026-0001-cfius-2026-11-29.pdf"
