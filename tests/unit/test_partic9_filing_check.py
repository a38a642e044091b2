"""Checking a paper copy typed with a Chinese input method in full-width mode: the case
reference, fingerprint and time are read as ASCII, as the wizard reads codes and figures."""

from __future__ import annotations

from approvals.services.filing_check import clean_fingerprint, clean_generated_at
from approvals.services.filings import render_filing
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.unit.test_filing_check import DRAFT_CASE, KIND, paper

WIDE = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


def test_full_width_footer_values_are_read_as_ascii() -> None:
    """They were refused: "may hold only the hex digits 0-9 and a-f; found '３'"."""
    assert clean_fingerprint("３ｆ２ａ ９ｂ１ｃ ５ｄ９ｅ ０ａ４ｆ") == "3f2a9b1c5d9e0a4f"
    assert clean_generated_at("２０２６－１１－２９ ２２：４１：５５ ＵＴＣ") == "2026-11-29T22:41:55Z"


def test_a_paper_copy_typed_full_width_is_matched(demo: Database, admin: Actor) -> None:
    with demo.read_session() as session:
        fingerprint = render_filing(session=session, reference=DRAFT_CASE, kind=KIND,
                                    actor=admin).fingerprint
    result = paper(demo, admin, reference=DRAFT_CASE.lower().translate(WIDE),
                   fingerprint=fingerprint[:20].translate(WIDE))
    assert result.verdict == "current"


def test_footer_lines_copied_whole_are_read() -> None:
    """Copied from the PDF's text, the footer's lines were refused: "may hold only the hex
    digits 0-9 and a-f; found '(', ')', '-', ':', …" and "… is no time"."""
    digits = "73f529a344f99add0acc9d0c2c99f0449e20e38243161e1141dcf904f5186822"
    assert clean_fingerprint(f"Fingerprint (SHA-256 of content): {digits}") == digits
    assert clean_generated_at("草稿 DRAFT · Generated 2026-11-30 21:07:57 UTC") \
        == "2026-11-30T21:07:57Z"
    assert clean_generated_at("Generated 2026-11-30 21:07") == "2026-11-30T21:07:00Z"
    # A final's footer gives the time its content is as of, not "Generated".
    assert clean_generated_at("定稿 FINAL · Content as of 2026-11-30 21:07:57 UTC") \
        == "2026-11-30T21:07:57Z"
