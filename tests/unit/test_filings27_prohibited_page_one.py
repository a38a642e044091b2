"""Content format 17: the Chinese application says on page 1 when the screening finds a
Chinese regime prohibited (as the US notification says it of US-OISP), and a track
approved inside the firm reads "internally approved for filing"."""

from __future__ import annotations

from dataclasses import replace

from approvals.filings import compose
from approvals.filings import content as c
from approvals.filings.data import FilingData
from tests.unit.test_filing_content_version import NOW, synthetic_case


def _flags(data: FilingData) -> list[c.Para]:
    document, _missing = compose(data, "cn-application", final=False, now=NOW)
    # Page 1: the blocks before the applicant's particulars (Part 1).
    first = next(i for i, b in enumerate(document.blocks)
                 if isinstance(b, c.Heading) and b.en.startswith("Part 1."))
    return [b for b in document.blocks[:first] if isinstance(b, c.Para) and b.style == "flag"]


def _with_outcome(regime: str, outcome: str) -> FilingData:
    data = synthetic_case()
    assert data.screening is not None
    determinations = tuple(replace(d, outcome=outcome) if d.regime == regime else d
                           for d in data.screening.determinations)
    assert any(d.regime == regime for d in determinations)
    return replace(data, screening=replace(data.screening, determinations=determinations))


def test_a_prohibited_chinese_regime_is_said_on_page_one_in_both_languages() -> None:
    flags = _flags(_with_outcome("CN-FISR", "prohibited"))
    assert [(f.en.split(" (Part 9")[0], (f.zh or "")[:13]) for f in flags] == [
        ("The screening found this transaction PROHIBITED", "筛查结论为禁止（见第九部分")]
    assert "Foreign investment security review" in flags[0].en and "外商投资安全审查" in (flags[0].zh or "")
    assert "do not complete it without legal advice" in flags[0].en


def test_without_a_prohibited_chinese_regime_page_one_has_no_such_flag() -> None:
    assert not any("PROHIBITED" in f.en for f in _flags(synthetic_case()))
    # US-OISP prohibited is the US notification's to say, not the Chinese application's.
    assert not any("PROHIBITED" in f.en for f in _flags(_with_outcome("US-OISP", "prohibited")))


def test_a_final_states_the_finding_without_the_officers_advice() -> None:
    """The advice ("do not complete it without legal advice") is the officer's, not the
    authority's: a final submitted to it states the finding only, in both languages."""
    from approvals.filings import KINDS

    data = _with_outcome("CN-FISR", "prohibited")
    final = KINDS["cn-application"](data, final=True, approved=True, generated_at=NOW,
                                    missing=[], tracks=data.tracks)
    flags = [b for b in final.blocks if isinstance(b, c.Para) and b.style == "flag"
             and "prohibited" in b.en.lower()]
    assert [f.en.split(" (Part 9")[0] for f in flags] == [
        "The screening found this transaction prohibited"]
    assert "legal advice" not in flags[0].en and "法律意见" not in (flags[0].zh or "")
    us = _with_outcome("US-OISP", "prohibited")
    notification = KINDS["us-notification"](us, final=True, approved=True, generated_at=NOW,
                                            missing=[], tracks=us.tracks)
    said = " ".join(b.en for b in notification.blocks if isinstance(b, c.Para))
    assert "The screening found this transaction prohibited." in said
    assert "legal advice" not in said
    draft = KINDS["us-notification"](us, final=False, approved=False, generated_at=NOW,
                                     missing=[], tracks=us.tracks)
    assert "do not complete it without legal advice" in " ".join(
        b.en for b in draft.blocks if isinstance(b, c.Para))
