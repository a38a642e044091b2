"""ScreeningResult.cited_differently: the regimes whose outcome stays but whose rule or
citation changes (a rulebook update correcting a citation), which the case's Screening
tab offers to accept: only outcomes were compared, and filings printed the old citation."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from approvals.domain.facts import parse_facts
from approvals.domain.screening import Reason, ScreeningResult, screen
from tests.conftest import EXAMPLES_DIR


def _result(**citation_of: str) -> ScreeningResult:
    """The frontier lab's screening, with the citations named replaced per regime."""
    facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    result = screen(parse_facts(facts), date(2026, 12, 1), False)
    determinations = tuple(
        replace(d, reasons=tuple(r._replace(citation=citation_of[d.regime.replace("-", "_")])
                                 for r in d.reasons))
        if d.regime.replace("-", "_") in citation_of else d
        for d in result.determinations)
    return replace(result, determinations=determinations)


def test_a_changed_citation_is_found_with_the_outcome_unchanged() -> None:
    before, after = _result(), _result(US_OISP="31 CFR 850.224 (corrected)")
    assert after.cited_differently(before) == ("US-OISP",)
    assert before.cited_differently(before) == ()


def test_the_reasons_words_and_a_missing_chinese_citation_are_not_a_change() -> None:
    before = _result()
    # A screening stored before the Chinese citations were kept, with other words (the
    # reasons carry the as-of date).
    older = replace(before, determinations=tuple(
        replace(d, reasons=tuple(Reason(r.rule, r.citation, r.text + " (as of then)")
                                 for r in d.reasons))
        for d in before.determinations))
    assert before.cited_differently(older) == ()


def test_check_open_cases_names_the_cases_cited_differently(db) -> None:
    """View → Check open cases… listed only outcomes that change: a case whose stored
    screening cites a rule the rulebook has since corrected went unnamed, though its
    Screening tab offers the new grounds and its filings print the old."""
    from sqlmodel import select

    from approvals.services.cases import import_case
    from approvals.services.screening import check_open_cases
    from approvals.store.models import Screening
    from approvals.ui.open_cases_check import summary_text
    from tests.unit.test_backup import ROOT

    facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    with db.session() as s:
        reference = import_case(s, data=facts, actor=ROOT).reference
    with db.session() as s:
        row = s.exec(select(Screening)).one()
        stored = json.loads(row.result)
        for determination in stored["determinations"]:
            if determination["regime"] == "US-OISP":
                for reason in determination["reasons"]:
                    reason["citation"] += " (as first published)"
        row.result = json.dumps(stored)
        s.add(row)
    with db.read_session() as s:
        check = check_open_cases(session=s)
    assert check.changes == () and check.recited == ((reference, "US-OISP"),)
    said = summary_text(check)
    assert said.endswith(f"\nSame outcome on other grounds (another rule or citation): "
                         f"{reference} (US-OISP). Their filings print the grounds: accept the "
                         "new screening on each case's Screening tab."), said


def test_the_words_for_a_later_date_say_from_when() -> None:
    """Check open cases… on a later date advised accepting on the Screening tab, which
    re-screens with today's rules: from that date on, it says."""
    from datetime import timedelta

    from approvals.services.screening import recited_words

    later = date.today() + timedelta(days=30)
    many = tuple((f"AP-2026-{n:04d}", "US-OISP") for n in range(1, 8))
    said = recited_words(many, later)
    assert said.endswith(f"Screening tab on or after {later.isoformat()}.")
    assert "AP-2026-0005 (US-OISP) and 2 more cases." in said
    assert recited_words(()) == ""
    # A case with two regimes cited differently is one case: "and N more" counts cases.
    two = recited_words((("AP-2026-0001", "US-OISP"), ("AP-2026-0001", "CN-FISR"),
                         *many[1:6]))
    assert "AP-2026-0001 (US-OISP, CN-FISR), " in two and "and 1 more case." in two
