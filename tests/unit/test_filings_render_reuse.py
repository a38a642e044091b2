"""What a rendering works out from its content alone is worked out once per process: the
QR code of a document rendered again (a final re-rendered to check it, an export's
drafts) and the printable form of a text that recurs (labels, names, headings; every text
of a document checked when composed and again when laid out). The results are the same."""

from __future__ import annotations

from approvals.filings import content as c
from approvals.filings import fonts, layout


def _document(reference: str) -> c.FilingDocument:
    return c.FilingDocument(
        kind="status-report", reference=reference, title_en="Case status report",
        title_zh=None, page_size="A4", final=False, watermark=True,
        generated_at="2026-11-29T01:30:00Z",
        blocks=(c.Heading("Summary"), c.Para("Target: Shenzhen Müller 机器人 Co., Ltd.")))


def test_a_document_rendered_again_reuses_its_qr_code_and_is_the_same() -> None:
    document = _document("AP-2026-QR-REUSE")
    before = layout._qr_runs.cache_info()
    first, _ = layout.build_pdf(document)
    after_first = layout._qr_runs.cache_info()
    second, _ = layout.build_pdf(document)
    after_second = layout._qr_runs.cache_info()
    assert after_first.misses == before.misses + 1  # encoded for the first rendering
    assert after_second.misses == after_first.misses  # not again for the second
    assert after_second.hits == after_first.hits + 1
    assert first == second


def test_another_document_gets_its_own_qr_code() -> None:
    count, runs = layout._qr_runs("APPROVALS|AP-1|status-report|sha256:" + "0" * 64)
    other = layout._qr_runs("APPROVALS|AP-2|status-report|sha256:" + "0" * 64)
    assert count > 20 and runs and other[1] != runs


def test_a_recurring_text_is_made_printable_once_with_the_same_answer() -> None:
    text = "Zhōu Wěi 周伟\u200d \U00020000 recurring"
    before = fonts._printable_remembered.cache_info()
    first = fonts.printable(text)
    second = fonts.printable(text)
    after = fonts._printable_remembered.cache_info()
    assert after.misses == before.misses + 1 and after.hits == before.hits + 1
    assert first == second == fonts._printable(text)
    assert first == ("Zhōu Wěi 周伟 ⟨U+20000⟩ recurring",
                     (("\U00020000", fonts.NO_GLYPH),))


def test_a_long_free_text_is_not_kept() -> None:
    text = "Begründung 理由. " * 100
    before = fonts._printable_remembered.cache_info()
    assert fonts.printable(text) == (text, ())
    assert fonts._printable_remembered.cache_info() == before
