"""tests/pdf_text_cache: a font shared by the pages of a PDF is built once, and the text
extracted is the same as pypdf's own."""

from __future__ import annotations

import io

import pypdf
import pytest
from pypdf.generic import DictionaryObject
from reportlab.pdfgen import canvas

from approvals.filings.fonts import LATIN, register_fonts
from tests import pdf_text_cache

# pypdf's private module: with a release that moved it the cache is off (see its install),
# and there is nothing here to check.
Font = pytest.importorskip("pypdf.generic._font").Font


def _three_pages() -> bytes:
    register_fonts()
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for number in (1, 2, 3):
        pdf.setFont(LATIN, 12)
        pdf.drawString(72, 700, f"Page {number} of 3: Überprüfung ✓")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_each_font_is_built_once_per_pdf_and_the_text_is_pypdfs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    uncached = pdf_text_cache.build_uncached
    if uncached is None:
        pytest.skip("this pypdf has no Font.from_font_resource: the cache is off")
    pdf = _three_pages()
    with monkeypatch.context() as patch:  # pypdf's own, without the cache
        patch.setattr(Font, "from_font_resource", classmethod(uncached))
        expected = _texts(pdf)
    built: list[str] = []

    def counting(cls: type[Font], font: DictionaryObject) -> Font:
        built.append(str(font["/BaseFont"]))
        return uncached(cls, font)

    monkeypatch.setattr(pdf_text_cache, "build_uncached", counting)
    assert _texts(pdf) == expected
    assert "Page 2 of 3: Überprüfung ✓" in expected[1]
    # Each page names both fonts (ReportLab's initial Helvetica, DejaVu): built once each.
    assert sorted(built) == ["/AAAAAA+DejaVuSans", "/Helvetica"], built
    _texts(pdf)  # another reader of the same bytes has its own font objects
    assert len(built) == 4, built
