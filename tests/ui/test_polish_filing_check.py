"""Check a filing: every verdict in the dialog — the badge says the verdict, the sentence
under it what it means (never the badge's words again) and what to do; the paper copy's
kind list is the one table of names and shows the title page 1 prints."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from approvals.domain.filing_kinds import kind_choices, printed_title
from approvals.services import filing_check as service
from approvals.services.filing_check import (
    FilingCheck,
    check_filing,
    check_paper_copy,
    read_pdf_claim,
)
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.filing_check import FilingCheckDialog, badge, meaning
from approvals.ui.workers import TaskRunner
from tests.ui.ux_checks import problems
from tests.unit.test_filing_check import (
    DRAFT_CASE,
    FINAL_CASE,
    KIND,
    draft_pdf,
    edit_later,
    final_pdf,
    older_format,
    same_length,
)

READER = Actor("rita", ("reviewer",))


def every_verdict(db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> dict[str, FilingCheck]:
    """One real result of each verdict (and the variants the badge tells apart)."""
    final, draft = final_pdf(db, admin), draft_pdf(db, admin)
    final_claim, claim = read_pdf_claim(final), read_pdf_claim(draft)
    assert final_claim is not None and claim is not None
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(final)))
    resaved = io.BytesIO()
    writer.write(resaved)
    created = re.search(rb"/CreationDate \((D:\d{14})", draft)
    assert created is not None
    backdated = same_length(same_length(draft, created[1], b"D:20200101000000"),
                            claim.fingerprint.encode(), b"1" * 64)
    at = draft.index(b"stream\n", draft.index(b"/Filter")) + 20
    with db.read_session() as s:
        def pdf(data: bytes) -> FilingCheck:
            return check_filing(s, actor=READER, source=data)

        def paper(**kw: str | None) -> FilingCheck:
            return check_paper_copy(s, actor=READER, **{"reference": DRAFT_CASE, "kind": KIND, **kw})  # type: ignore[arg-type]

        found = {
            "identical": pdf(final),
            "stored_final pdf": pdf(resaved.getvalue()),
            "stored_final paper": paper(reference=FINAL_CASE, fingerprint=final_claim.fingerprint),
            "current": pdf(draft),
            "current, other bytes": pdf(draft[:at] + bytes([draft[at] ^ 1]) + draft[at + 1:]),
            "current paper": paper(fingerprint=claim.fingerprint[:16]),
            "not_from_case before": pdf(backdated),
            "not_from_case forged": pdf(same_length(draft, claim.fingerprint.encode(), b"0" * 64)),
            "unknown_case": pdf(same_length(draft, DRAFT_CASE.encode(), b"AP-2099-0003")),
            "other_version": pdf(older_format(draft)),
        }
    edit_later(db, admin, DRAFT_CASE, monkeypatch)
    with db.read_session() as s:
        found["changed"] = check_filing(s, actor=READER, source=draft)
        found["other_version changed"] = check_filing(s, actor=READER, source=older_format(draft))
        found["no_match paper"] = check_paper_copy(s, actor=READER, reference=DRAFT_CASE,
                                                   kind=KIND, fingerprint=claim.fingerprint[:20])
        found["changed paper"] = check_paper_copy(
            s, actor=READER, reference=DRAFT_CASE, kind=KIND, fingerprint=claim.fingerprint,
            generated_at=claim.generated_at)
    return found


def test_every_verdict_reads_badge_then_meaning_then_what_to_do(
        qtbot, demo: Database, runner: TaskRunner, admin: Actor,
        monkeypatch: pytest.MonkeyPatch) -> None:
    results = every_verdict(demo, admin, monkeypatch)
    assert {r.verdict for r in results.values()} == set(service.VERDICTS)
    dialog = FilingCheckDialog(runner, lambda: READER, demo.data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    advice = set()
    for name, result in results.items():
        dialog._show(result)
        words, _colour = badge(result)
        shown = dialog.headline_label.text()
        assert shown == meaning(result)
        # The badge's words are not said again at the start of the sentence under it.
        assert not shown.casefold().startswith(words.casefold()), (name, words, shown)
        assert shown[:1].isupper(), (name, shown)
        assert dialog.advice_label.isVisible() and result.advice, name
        assert dialog.advice_label.text() == f"<b>What to do:</b> {result.advice}", name
        assert dialog.details.toPlainText().splitlines() == list(result.facts), name
        assert result.text.endswith(f"What to do: {result.advice}"), name
        assert dialog.badge_label.accessibleName() == f"Verdict: {words}"
        advice.add(result.advice)
        assert problems(f"verdict {name}", dialog) == []
        # At its first size the body fits: no scroll bar at 100 % (the details scroll).
        assert dialog.body_area.verticalScrollBar().maximum() == 0, name
    assert len(advice) >= 8  # said for the case at hand, not one sentence for all
    assert "Not current" in badge(results["changed"])[0]
    assert results["current"].advice.startswith("A draft, not a filed document")
    assert results["identical"].advice.startswith("It may be relied on")
    # The copy is the badge, the sentence, the facts and what to do, once each.
    dialog._show(results["current"])
    dialog.copy_result()
    copied = QApplication.clipboard().text()
    assert copied.startswith("Current draft: The content is what case")
    assert copied.count("What to do:") == 1 and copied.count("Current") == 1
    assert badge(results["current paper"])[0] == "Current draft"


def test_a_failed_check_clears_the_last_verdict(qtbot, demo: Database, runner: TaskRunner,
                                                admin: Actor, monkeypatch) -> None:
    results = every_verdict(demo, admin, monkeypatch)
    dialog = FilingCheckDialog(runner, lambda: READER, demo.data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog._show(results["current"])
    dialog.source_tabs.setCurrentIndex(1)
    dialog.reference_edit.setText(DRAFT_CASE)
    dialog.fingerprint_edit.setText("12")
    with qtbot.waitSignal(dialog.finished_check, timeout=20_000):
        qtbot.keyClick(dialog.fingerprint_edit, Qt.Key.Key_Return)
    assert dialog.check_result is None and dialog.headline_label.text() == (
        "Not checked: what stopped it is said above.")
    assert not dialog.advice_label.isVisible() and dialog.badge_label.accessibleName() == ""


def test_the_paper_copys_kind_list_is_the_table_and_says_page_ones_title(
        qtbot, runner: TaskRunner, db: Database) -> None:
    dialog = FilingCheckDialog(runner, lambda: READER, db.data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    combo = dialog.kind_combo
    assert tuple((combo.itemData(i), combo.itemText(i)) for i in range(combo.count())) \
        == kind_choices()
    dialog.source_tabs.setCurrentIndex(1)
    for index in range(combo.count()):
        combo.setCurrentIndex(index)
        english, chinese = printed_title(combo.itemData(index))
        note = dialog.kind_note.text()
        assert english in note and (chinese in note if chinese else "·" not in note)
    combo.setCurrentIndex(0)
    assert "外商投资审批申请书" in dialog.kind_note.text()
    assert problems("paper copy", dialog) == []


def test_on_a_short_screen_the_foot_stays_and_the_verdict_is_scrolled_into_view(
        qtbot, demo: Database, runner: TaskRunner, admin: Actor,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """As at 200 % on a 1280×720 screen: the body scrolls, Copy and Close stay in view,
    and a verdict (or an error) is scrolled to."""
    results = every_verdict(demo, admin, monkeypatch)
    dialog = FilingCheckDialog(runner, lambda: READER, demo.data_dir)
    qtbot.addWidget(dialog)
    line = dialog.fontMetrics().height()
    dialog.resize(line * 44, line * 21)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.body_area.verticalScrollBar().maximum() > 0  # the body does not fit
    assert not dialog.copy_button.visibleRegion().isEmpty()
    dialog._show(results["changed"])
    QApplication.processEvents()
    assert not dialog.badge_label.visibleRegion().isEmpty()
    assert not dialog.headline_label.visibleRegion().isEmpty()
