"""Smaller wording of the filings (filings13): the distillation flag reads as one label
and its answer ("…flag: YES: trained…" read as two labels), and a status report of a case
that never had a track says so (it lists closed and withdrawn tracks too, so "no filing
tracks are open" suggested some had been), and the US notification's grounds are cited
apart by semicolons (a citation has commas of its own)."""

from __future__ import annotations

from dataclasses import replace

from approvals.filings import common as k
from approvals.filings import compose
from approvals.filings.content import Para
from approvals.filings.data import Determination, Reason
from tests.unit.test_filing_content_version import NOW, synthetic_case


def test_the_distillation_flag_has_one_colon() -> None:
    [flag] = k.distillation_blocks(synthetic_case(), bilingual=True)
    assert isinstance(flag, Para) and flag.style == "flag"
    assert flag.en.startswith("Distillation risk flag: YES, trained on outputs of US-origin "
                              "models (an open-weight US model).")
    assert flag.en.count(":") == 1
    assert flag.zh is not None and flag.zh.count("：") == 1


def test_a_status_report_without_tracks_says_none_was_opened() -> None:
    document, _missing = compose(replace(synthetic_case(), tracks=()), "status-report",
                                 final=False, now=NOW)
    notes = [b.en for b in document.blocks if isinstance(b, Para)]
    assert "No filing track was opened for this case." in notes
    assert not any("are open" in note for note in notes)


def test_the_notifications_grounds_are_cited_apart() -> None:
    data = synthetic_case()
    assert data.screening is not None
    reasons = (Reason("US-OISP.scope.2025", "31 CFR Part 850, subpart B (definitions: U.S. "
                      "person, covered transaction)", "investor is a US person"),
               Reason("US-OISP.notifiable.2025", "31 CFR 850.217", "a covered AI system"))
    screening = replace(data.screening, determinations=(
        Determination("US-OISP", "notification_required", "in_force", reasons),))
    document, _missing = compose(replace(data, screening=screening), "us-notification",
                                 final=False, now=NOW)
    outcome = next(b.en for b in document.blocks
                   if isinstance(b, Para) and b.en.startswith("Screening outcome:"))
    assert outcome.startswith("Screening outcome: Notification required, under 31 CFR "
                              "850.217; 31 CFR Part 850, subpart B (definitions: U.S. "
                              "person, covered transaction). ")
