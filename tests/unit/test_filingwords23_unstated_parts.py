"""Parts 7 and 8 of the Chinese application with no data-export or technology-transfer
facts stated: each row says "未说明 / Not stated" (the required one marked in a draft), with
no note above the rows to say it again, nor one calling facts "particulars" (the filing
particulars are what the officer enters under `approvals filing particulars`)."""

from __future__ import annotations

from dataclasses import replace

from approvals.filings import compose
from approvals.filings import content as c
from approvals.filings.common import NOT_STATED_BOTH
from tests.unit.test_filing_content_version import NOW, synthetic_case


def _blocks_of_part(document: c.FilingDocument, heading: str) -> list[c.Block]:
    blocks = list(document.blocks)
    start = next(i for i, b in enumerate(blocks)
                 if isinstance(b, c.Heading) and b.en.startswith(heading))
    end = next(i for i, b in enumerate(blocks)
               if i > start and isinstance(b, c.Heading) and b.level == 1)
    return blocks[start + 1:end]


def test_parts_7_and_8_unstated_are_their_rows_alone() -> None:
    data = synthetic_case()
    deal = data.facts.deal.model_copy(update={"data_export": None, "technology_transfer": None})
    data = replace(data, facts=data.facts.model_copy(update={"deal": deal}))
    document, _missing = compose(data, "cn-application", final=False, now=NOW)
    for part in ("Part 7.", "Part 8."):
        blocks = _blocks_of_part(document, part)
        assert [type(b) for b in blocks] == [c.Fields], (part, blocks)
        fields = blocks[0]
        assert isinstance(fields, c.Fields)
        assert all(f.value == NOT_STATED_BOTH for f in fields.rows), (part, fields.rows)
    assert "particulars have been stated" not in repr(document)
