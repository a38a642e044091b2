"""render_filing reports its progress in finished sentences, which the filing window
shows as they are (it used to capitalise lowercase fragments and add the ellipsis)."""

from __future__ import annotations

import pytest

from approvals.services.filings import render_filing
from approvals.store.audit import Actor
from approvals.store.db import Database
from tests.filings_seed import load, seed_case

ADMIN = Actor("alice", ("preparer", "reviewer", "approver", "admin"))


@pytest.fixture
def reference(db: Database) -> str:
    with db.session() as session:
        refs = load(session, ADMIN, only=("DEMO-02",))
        seed_case(session, ADMIN, "DEMO-02", refs["DEMO-02"], complete=True)
    return refs["DEMO-02"]


def _render(db: Database, reference: str, *, final: bool) -> tuple[int, list[tuple[float, str]]]:
    calls: list[tuple[float, str]] = []
    with (db.session() if final else db.read_session()) as session:
        rendered = render_filing(session=session, reference=reference, kind="status-report",
                                 actor=ADMIN, final=final,
                                 progress=lambda f, m: calls.append((f, m)))
    return rendered.page_count, calls


@pytest.mark.parametrize("final", [False, True])
def test_progress_messages_are_sentences(db: Database, reference: str, final: bool) -> None:
    pages, calls = _render(db, reference, final=final)
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    messages = list(dict.fromkeys(m for _, m in calls))
    for message in messages:  # a capitalised sentence: an ellipsis while work goes on
        assert message[0].isupper() and message[-1] in "….", message
    assert messages[:2] == ["Reading the case…", "Laying out the pages…"]
    assert f"Laid out {pages} pages." in messages
    assert ("Storing the final with the case…" in messages) == final
    assert messages[-1] == (f"Rendered {pages} pages; the final is stored with the case."
                            if final else f"Rendered {pages} pages.")
