"""The US notification's covered foreign person (31 CFR 850.405 asks for its places and
address): its registered address where the Chinese application's particulars give it,
and no "Not stated" row where they do not (the notification's form does not ask for it)."""

from __future__ import annotations

from dataclasses import replace

from approvals.filings import compose
from approvals.filings import content as c
from tests.unit.test_filing_content_version import NOW, PARTICULARS, synthetic_case


def _target_rows(particulars: dict) -> dict[str, str]:
    data = replace(synthetic_case(), particulars=particulars)
    document, _missing = compose(data, "us-notification", final=False, now=NOW)
    at = next(i for i, b in enumerate(document.blocks)
              if isinstance(b, c.Heading) and b.en.startswith("7."))
    fields = next(b for b in document.blocks[at:] if isinstance(b, c.Fields))
    return {f.label_en: f.value for f in fields.rows}


def test_the_targets_registered_address_is_printed_where_it_is_known() -> None:
    rows = _target_rows(PARTICULARS)
    assert rows["Registered address"] == "杭州市西湖区文三路 1 号"
    assert list(rows).index("Registered address") == list(rows).index("Principal place of business") + 1
    without = {**PARTICULARS, "applicant": {k: v for k, v in PARTICULARS["applicant"].items()
                                            if k != "registered_address"}}
    assert "Registered address" not in _target_rows(without)
