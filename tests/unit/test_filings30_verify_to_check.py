"""A draft filing to an authority prints its citations unmarked; the rules among them that
the rulebook holds as taken from secondary sources ("(verify)") are listed in the draft's
"To check before filing" box, a line a regime, so the officer checks them before the
final goes out. A final prints none of it; the status report marks them in place."""

from __future__ import annotations

from dataclasses import replace

from approvals.filings import common as k
from approvals.filings import content as c
from approvals.filings.data import FilingData
from tests.unit.test_filing_content_version import synthetic_case


def flagged(data: FilingData, regime: str) -> FilingData:
    """`data` with every reason of `regime`'s determination marked unverified."""
    assert data.screening is not None
    determinations = tuple(
        replace(d, reasons=tuple(replace(r, unverified=True) for r in d.reasons))
        if d.regime == regime else d for d in data.screening.determinations)
    return replace(data, screening=replace(data.screening, determinations=determinations))


def test_a_drafts_box_lists_the_unverified_citations_a_final_none() -> None:
    data = flagged(synthetic_case(), "US-OISP")
    assert data.screening is not None
    det = data.screening.for_regime("US-OISP")
    assert det is not None and det.reasons
    citations = list(dict.fromkeys(r.citation for r in det.reasons if not r.advice and r.citation))
    [box] = k.advice_blocks(data, "US-OISP", bilingual=False, final=False)
    assert isinstance(box, c.Para) and box.style == "flag"
    line = next(x for x in box.en.splitlines() if x.startswith("• US-OISP: citations"))
    assert line == ("• US-OISP: citations taken from secondary sources, not yet checked "
                    "against the official text (verify): " + "; ".join(citations))
    assert k.advice_blocks(data, "US-OISP", bilingual=False, final=True) == []
    # The Chinese application's box, in both languages; regimes without the mark: no line.
    [both] = k.advice_blocks(data, "", bilingual=True, final=False)
    assert both.zh is not None and "• 美国对外投资安全计划：以下依据取自二手资料" in both.zh
    assert not any(x.startswith("• CN-") for x in both.en.splitlines())


def test_without_unverified_rules_or_points_there_is_no_box() -> None:
    data = synthetic_case()
    assert data.screening is not None
    plain = replace(data, screening=replace(data.screening, determinations=tuple(
        replace(d, reasons=tuple(replace(r, advice=False, unverified=False) for r in d.reasons))
        for d in data.screening.determinations)))
    assert k.advice_blocks(plain, "", bilingual=True, final=False) == []
