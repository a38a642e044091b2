"""A required date is named in the missing-information box (and by a refused final) as the
filing's row names it: the US notification's expected completion date is "Expected
completion date" there too, not "Completion date", which is the row of the completion
once it is recorded (the date the notification period runs from)."""

from __future__ import annotations

from dataclasses import replace

from approvals.filings import compose
from approvals.filings import content as c
from approvals.filings.common import forms
from tests.unit.test_filing_content_version import NOW, synthetic_case


def _rows(document: c.FilingDocument) -> dict[str, str]:
    """{facts path: the row's English label} of every row that names its path."""
    return {
        f.path: f.label_en
        for b in document.blocks
        if isinstance(b, c.Fields)
        for f in b.rows
        if f.path
    }


def test_every_required_date_is_named_as_its_row() -> None:
    for kind in ("cn-application", "us-notification"):
        rows = _rows(compose(synthetic_case(), kind, final=False, now=NOW)[0])
        dates = [
            (path, label) for path, label, *_ in forms()[kind]["required"] if path.endswith("_date")
        ]
        assert dates, kind
        for path, label in dates:
            assert rows[path] == label, (kind, path)


def test_a_missing_expected_completion_date_is_named_so() -> None:
    data = synthetic_case()
    deal = data.facts.deal.model_copy(update={"expected_completion_date": None})
    data = replace(data, facts=data.facts.model_copy(update={"deal": deal}))
    document, missing = compose(data, "us-notification", final=False, now=NOW)
    assert ("deal.expected_completion_date", "Expected completion date") in missing
    boxed = next(b for b in document.blocks if isinstance(b, c.Missing))
    assert ("deal.expected_completion_date", "Expected completion date") in boxed.items
    assert _rows(document)["deal.expected_completion_date"] == "Expected completion date"
