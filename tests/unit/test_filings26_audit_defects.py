"""Defects an audit of the PDFs found (content format 16):

- the US notification's "why covered" gave the finding that the target develops no AI
  system as a ground of coverage (it cites the scope rule, but says what does not apply);
- a rendering without the watermark (its tracks approved for filing) was told as a draft;
- the Chinese application's catalogue rows said 未说明 / Not stated where technology transfer
  was answered No (the question does not apply then);
- a draft's missing list named the data export facts as a whole beside the ones the
  screening had named already;
- the status report's Documents table left out the finals stored with the case."""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from approvals.domain.facts import parse_facts
from approvals.domain.screening import screen
from approvals.filings import compose
from approvals.filings import content as c
from approvals.filings.data import Attachment, Determination, FilingData, Reason
from approvals.paths import DataDir
from approvals.services.filings import load_filing_data, render_filing
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.conftest import new_database
from tests.filings_seed import load, seed_case
from tests.pdf_support import pdf_words
from tests.unit.test_filing_content_version import FACTS, NOW, synthetic_case

ADMIN = Actor("alice", ("preparer", "reviewer", "approver", "admin"))
NOT_APPLICABLE_EN = "Not applicable: no technology is transferred or licensed to the foreign investor"
NOT_APPLICABLE_ZH = "不适用：不向外国投资者转让或许可技术"


def case_of(update: dict[str, Any]) -> FilingData:
    """The fixed case with facts changed (dotted path -> value; None takes it out), its
    US-OISP determination that of the real screening of those facts."""
    facts = copy.deepcopy(FACTS)
    for path, value in update.items():
        *parents, last = path.split(".")
        node = facts
        for part in parents:
            node = node[part]
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value
    parsed = parse_facts(facts)
    found = screen(parsed, date(2026, 11, 18)).determination("US-OISP")
    assert found is not None
    us = Determination("US-OISP", found.outcome, found.status,
                       tuple(Reason(r.rule, r.citation, r.text, r.text_zh, r.citation_zh)
                             for r in found.reasons), found.missing)
    data = synthetic_case()
    assert data.screening is not None
    others = tuple(d for d in data.screening.determinations if d.regime != "US-OISP")
    return replace(data, facts=parsed,
                   screening=replace(data.screening, determinations=(us, *others)))


def why_covered(document: c.FilingDocument) -> list[str]:
    """The reasons under "Why it applies" in item 5 of the US notification."""
    table = next(b for b in document.blocks
                 if isinstance(b, c.Table) and b.headers == ("Rule paragraph", "Why it applies"))
    return [line for _citation, texts in table.rows for line in texts.split("\n")]


def field(document: c.FilingDocument, label_en: str) -> c.Field:
    return next(f for b in document.blocks if isinstance(b, c.Fields) for f in b.rows
                if f.label_en == label_en)


# --- 1. why covered --------------------------------------------------------------------

@pytest.mark.parametrize("ai", [None, {"develops_ai_system": False, "max_training_compute_ops": 3e25}],
                         ids=["no-ai-profile", "marked-no-ai-system"])
def test_a_finding_that_no_ai_system_is_developed_is_no_ground_of_coverage(ai: Any) -> None:
    data = case_of({"target.activities": ["semiconductor_design"], "target.ai": ai})
    det = data.screening.for_regime("US-OISP") if data.screening else None
    assert det is not None and det.outcome == "notification_required"
    assert any("develops no AI system" in r.text for r in det.reasons)  # the screening says it
    document, _missing = compose(data, "us-notification", final=False, now=NOW)
    grounds = why_covered(document)
    assert grounds[:3] == ["• investor is a US person",
                           "• target is organised in CN: a person of a country of concern",
                           "• equity acquisition is a covered transaction type"]
    assert any("semiconductor design" in g for g in grounds)
    assert not [g for g in grounds if "no AI system" in g or "developing no AI system" in g]
    # Not lost: one of the other checks, listed under the screening determination.
    others = 3 if ai is None else 4
    assert any(isinstance(b, c.Para) and f"The screening's {others} other checks" in b.en
               for b in document.blocks)


def test_a_target_that_develops_an_ai_system_keeps_it_as_a_ground() -> None:
    document, _missing = compose(case_of({"target.activities": ["ai_model_development"],
                                          "target.ai.max_training_compute_ops": 3e23}),
                                 "us-notification", final=False, now=NOW)
    assert "• target develops AI systems" in why_covered(document)


# --- 2. draft, preview or final --------------------------------------------------------

def test_without_the_watermark_a_rendering_that_is_not_final_is_a_preview() -> None:
    data = synthetic_case()  # its tracks are approved for filing
    preview, _ = compose(data, "us-notification", final=False, now=NOW)
    final, _ = compose(data, "us-notification", final=True, now=NOW)
    draft, _ = compose(data, "status-report", final=False, now=NOW)
    assert (preview.watermark, preview.stage) == (False, "preview")
    assert (final.stage, draft.stage) == ("final", "draft")
    waiting = replace(data, tracks=tuple(replace(t, state="internal_review") for t in data.tracks))
    assert compose(waiting, "us-notification", final=False, now=NOW)[0].stage == "draft"


# --- 3. catalogue items where no technology is transferred -----------------------------

@pytest.mark.parametrize(("transfer", "shown"), [
    ({"transfers": False}, f"{NOT_APPLICABLE_ZH}\n{NOT_APPLICABLE_EN}"),
    ({"transfers": None}, "未说明 / Not stated"),
    ({"transfers": True}, "未说明 / Not stated"),
    # Empty lists where no technology is transferred read as the lists not given: the row
    # says why it is not asked, as in a case whose lists are null (one fact, one wording).
    ({"transfers": False, "restricted_catalogue_items": [],
      "prohibited_catalogue_items": []}, f"{NOT_APPLICABLE_ZH}\n{NOT_APPLICABLE_EN}"),
    ({"transfers": True, "restricted_catalogue_items": [],
      "prohibited_catalogue_items": []}, "无 / None"),
    ({"transfers": False, "restricted_catalogue_items": ["item A"],
      "prohibited_catalogue_items": ["item A"]}, "item A"),
], ids=["no", "not-answered", "yes-items-not-stated", "no-items-empty", "yes-items-none",
        "no-items-given"])
def test_catalogue_rows_are_not_applicable_where_no_technology_is_transferred(
        transfer: dict[str, Any], shown: str) -> None:
    data = case_of({"deal.technology_transfer": {k: v for k, v in transfer.items() if v is not None}})
    document, _missing = compose(data, "cn-application", final=False, now=NOW)
    assert field(document, "Restricted catalogue items").value == shown
    assert field(document, "Prohibited catalogue items").value == shown


# --- 4. each missing fact once -----------------------------------------------------------

DATA_EXPORT_NEEDED = ("deal.data_export.important_data", "deal.data_export.cii_operator")


def no_data_export(needed: tuple[str, ...]) -> FilingData:
    data = case_of({"deal.data_export": None})
    assert data.screening is not None
    de = Determination("CN-DATA-EXPORT", "needs_info", "in_force",
                       (Reason("CN-DATA-EXPORT.x", "CAC Order 16", "facts missing"),), needed)
    return replace(data, screening=replace(
        data.screening, determinations=(*data.screening.determinations, de)))


def test_the_data_export_facts_are_not_asked_for_as_a_whole_beside_their_parts() -> None:
    document, missing = compose(no_data_export(DATA_EXPORT_NEEDED), "cn-application",
                                final=False, now=NOW)
    paths = [path for path, _ in missing]
    assert len(paths) == len(set(paths))
    assert "deal.data_export" not in paths
    assert set(DATA_EXPORT_NEEDED) <= set(paths)
    # The required row is marked in place under the path the list names.
    assert field(document, "Important data to be exported").path == "deal.data_export.important_data"


def test_the_form_still_names_the_fact_it_requires_when_the_screening_names_another() -> None:
    _document, missing = compose(no_data_export(("deal.data_export.cii_operator",)),
                                 "cn-application", final=False, now=NOW)
    paths = [path for path, _ in missing]
    assert "deal.data_export" not in paths
    assert paths.count("deal.data_export.important_data") == 1
    assert paths.count("deal.data_export.cii_operator") == 1


def test_with_nothing_named_by_the_screening_the_data_export_facts_are_asked_for_as_a_whole() -> None:
    document, missing = compose(no_data_export(()), "cn-application", final=False, now=NOW)
    assert [p for p, _ in missing if p.startswith("deal.data_export")] == ["deal.data_export"]
    assert field(document, "Important data to be exported").path == "deal.data_export"


# --- 5. the stored finals among the status report's documents ---------------------------

def test_the_status_report_lists_the_stored_finals_and_no_filing_submits_them() -> None:
    final = Attachment("AP-2026-0042-us-notification.pdf", "e" * 64, 61_000, "us-notification",
                       "2026-11-21T10:00:00Z", stored_final=True)
    data = replace(synthetic_case(), stored_finals=(final,))
    report, _ = compose(data, "status-report", final=False, now=NOW)
    table = next(b for b in report.blocks if isinstance(b, c.Table) and b.headers[1] == "File (type)")
    assert table.rows[-1] == ("3", "AP-2026-0042-us-notification.pdf\n(US notification — stored final)",
                              "61,000", "e" * 64)
    for kind in ("cn-application", "us-notification"):
        document, _ = compose(data, kind, final=False, now=NOW)
        assert "e" * 64 not in json.dumps(document.canonical(), ensure_ascii=False)


@pytest.fixture
def seeded(tmp_path: Any) -> Any:
    db = new_database(DataDir(tmp_path / "data").ensure())
    with db.session() as session:
        refs = load(session, ADMIN, only=("DEMO-02",))
        seed_case(session, ADMIN, "DEMO-02", refs["DEMO-02"],
                  approve=("CN-FISR", "CN-TECH-EXPORT", "CN-SAMR", "US-OISP"), complete=True)
    yield db, refs["DEMO-02"]
    db.dispose()


def test_a_stored_final_is_listed_on_the_status_report_with_its_sha256(
        seeded: tuple[Database, str]) -> None:
    db, reference = seeded
    with db.session() as session:
        us = render_filing(session=session, reference=reference, kind="us-notification",
                           actor=ADMIN, final=True)
    assert us.stage == "final"
    sha = hashlib.sha256(us.pdf).hexdigest()
    with db.session() as session:
        first = render_filing(session=session, reference=reference, kind="status-report",
                              actor=ADMIN, final=True)
    words = pdf_words(first.pdf)
    assert f"{reference}-us-notification.pdf (US notification — stored final)" in \
        words.replace("- us", "-us").replace(". pdf", ".pdf")
    assert sha in words.replace(" ", "")
    # Its own stored final is not listed: the next rendering is the same, byte for byte.
    with db.session() as session:
        again = render_filing(session=session, reference=reference, kind="status-report",
                              actor=ADMIN, final=True)
        data = load_filing_data(session, reference, for_final=True)
    assert again.pdf == first.pdf
    assert [f.doc_type for f in data.stored_finals] == ["us-notification"]
    # The final status report is dated by the content it lists: the final stored too.
    assert first.generated_at == data.content_time >= data.stored_finals[0].uploaded_at


def test_a_preview_is_rendered_as_such_by_the_service(seeded: tuple[Database, str]) -> None:
    db, reference = seeded
    with db.read_session() as session:
        rendered = render_filing(session=session, reference=reference, kind="us-notification",
                                 actor=ADMIN)
    assert (rendered.final, rendered.stage) == (False, "preview")
    assert "PREVIEW (approved for filing; not the stored final)" in pdf_words(rendered.pdf)

