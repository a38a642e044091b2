"""A fact not given reads "Not stated" on a filing, as an unknown Yes/No always did: the US
notification printed an unknown board-seat count as "—" beside "Not stated" veto rights, and
an authority reading a dash cannot tell "none" or "zero" from "not given". The bilingual
Chinese application says it in both languages ("未说明 / Not stated", labels.json
`booleans.null`). A dash is left only where a cell holds nothing by design."""

from __future__ import annotations

import copy
import io
import re
from dataclasses import replace

from pypdf import PdfReader

from approvals.domain.facts import parse_facts
from approvals.filings import common as k
from approvals.filings import compose
from approvals.filings.data import FilingData
from approvals.filings.layout import build_pdf
from tests.unit.test_filing_content_version import FACTS, NOW, synthetic_case


def _unknown(**deal: object) -> FilingData:
    """The fixed case with board seats, signing date and the target's activities not given."""
    facts = copy.deepcopy(FACTS)
    for name in ("board_seats", "signing_date"):
        facts["deal"].pop(name, None)
    facts["target"].pop("activities", None)
    facts["target"]["turnover_cny"] = {"china": 650000000}
    facts["deal"].update(deal)
    return replace(synthetic_case(), facts=parse_facts(facts))


def _pdf_text(data: FilingData, kind: str) -> str:
    document, _missing = compose(data, kind, final=False, now=NOW)
    pdf, _pages = build_pdf(document)
    # One space for every run of white space: a cell may wrap anywhere.
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def test_the_wording_is_the_one_labels_json_gives_an_unknown_yes_no() -> None:
    assert k.en("booleans", "null") == k.NOT_STATED
    assert k.zh("booleans", "null") == k.NOT_STATED_ZH
    assert k.yes_no(None, bilingual=True) == k.NOT_STATED_BOTH


def test_the_us_notification_says_not_stated_for_numbers_dates_and_lists() -> None:
    text = _pdf_text(_unknown(), "us-notification")
    assert "Board seats Not stated" in text
    assert "Veto rights" in text
    assert "Signing date Not stated" in text
    assert "Activities Not stated" in text
    assert "China 650,000,000; worldwide not stated" in text
    # No value cell is a bare dash any more.
    assert not re.search(r"(Board seats|Signing date|Activities) —", text), text


def test_the_chinese_application_says_it_in_both_languages() -> None:
    text = _pdf_text(_unknown(), "cn-application")
    assert "董事席位 Board seats 未说明 / Not stated" in text
    assert "主营业务 Business activities 未说明 / Not stated" in text
    assert "全球：未说明" in text and "worldwide: not stated" in text
    assert not re.search(r"(Board seats|Business activities) —", text), text


def test_the_composed_values_not_given_are_never_a_dash() -> None:
    for kind, expected in (("us-notification", k.NOT_STATED), ("cn-application", k.NOT_STATED_BOTH)):
        document, _missing = compose(_unknown(), kind, final=False, now=NOW)
        seats = [row.value for block in document.blocks for row in getattr(block, "rows", ())
                 if getattr(row, "label_en", None) == "Board seats"]
        assert seats == [expected], (kind, seats)


def test_a_dash_stays_where_it_means_nothing_by_design() -> None:
    # No documents attached: the number column holds nothing; a track without a clock
    # has no due date, which is no fact left out.
    table = k.attachments_table(replace(synthetic_case(), attachments=()), bilingual=False)
    assert table.rows[0][0] == k.NOTHING == "—"
    track = replace(synthetic_case().tracks[0], due_date=None, clock_days=None)
    assert k.due_text(track) == k.NOTHING


def test_the_structure_sentence_says_a_missing_amount_and_stake_in_words() -> None:
    """It read "for Not stated, giving a shareholding of Not stated"."""
    text = _pdf_text(_unknown(amount=None, stake_after_pct=None), "us-notification")
    assert "amount not stated; shareholding after the transaction not stated." in text
    assert "Not stated" not in text.split("Structure:", 1)[1].split(".", 1)[0]


def test_an_lp_commitment_is_asked_for_only_of_an_interest_in_a_fund() -> None:
    """Every equity deal printed "LP commitment (USD) Not stated", as if one were missing."""
    facts = FACTS["deal"]
    assert facts["instrument"] != "lp_interest" and "lp_commitment_usd" not in facts
    assert "LP commitment" not in _pdf_text(_unknown(), "us-notification")
    fund = _pdf_text(_unknown(instrument="lp_interest"), "us-notification")
    assert "LP commitment (USD) Not stated" in fund
