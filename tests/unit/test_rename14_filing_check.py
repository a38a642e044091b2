"""A filing prints people as the user list named them when it was rendered ("Ada Wang
(alice)": the US notification's screening line names who recorded it). Renaming a user
afterwards changes its content while nothing on the case changed: the check says a name it
prints changed, rather than calling a draft "not produced from the case" or a stored final
"no longer current" with nothing listed."""

from __future__ import annotations

import pytest

from approvals.services.filings import render_filing
from approvals.services.users import create_user, set_display_name
from approvals.store import audit as audit_store
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.filing_check import AMBER, badge, meaning
from tests.unit.test_filing_check import (
    READER,
    check,
    draft_pdf,
    final_pdf,
    generated_later,
    paper,
    read_pdf_claim,
    same_length,
)

# Users are made with the cheap hasher: these tests are about names, not passwords
# (argon2 at production cost is ~0.3 s a hash; the production hasher has its own test).
pytestmark = pytest.mark.usefixtures("fast_hash")

LATER = "2099-01-02T03:04:05Z"  # after generated_later's 2098


def rename(
    db: Database, admin: Actor, login: str, name: str, monkeypatch: pytest.MonkeyPatch | None = None
) -> None:
    """An administrator sets `login`'s full name; with `monkeypatch`, as if at LATER."""
    if monkeypatch is not None:
        monkeypatch.setattr(audit_store, "utc_now", lambda: LATER)
    with db.session() as session:
        set_display_name(session, actor=admin, username=login, display_name=name)
    if monkeypatch is not None:
        monkeypatch.undo()


def name_alice(db: Database, admin: Actor) -> None:
    """The demo's alice (who recorded the screenings) as a user named Ada Wang."""
    with db.session() as session:
        create_user(
            session,
            actor=admin,
            username=admin.username,
            password="correct-horse-42",
            roles=admin.roles,
            display_name="Ada Wang",
        )


def printed_before_a_rename(db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """A draft naming "Ada Wang (alice)", then alice renamed Ada Wong."""
    name_alice(db, admin)
    pdf = generated_later(draft_pdf(db, admin))
    rename(db, admin, admin.username, "Ada Wong", monkeypatch)
    return pdf


def test_a_draft_printed_before_a_rename_is_not_current_not_foreign(
    demo: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = check(demo, READER, printed_before_a_rename(demo, admin, monkeypatch))
    assert result.verdict == "changed" and not result.passed, result.text
    assert result.headline == (
        "Not current: since this was generated on 2098-01-01 00:00:00 UTC, the full name of "
        "Ada Wong (alice) was changed (it was Ada Wang), which the filing prints. Generate it "
        "again for a current copy."
    ), result.headline
    assert "Not produced" not in result.text and "altered" not in result.text
    assert [(c.occurred_at, c.action) for c in result.changes] == [(LATER, "user.changed")]
    assert result.changes[0].summary == "Full name of Ada Wong (alice) changed (it was Ada Wang)"
    assert result.changes_since == result.generated_at
    assert "Changes recorded after 2098-01-01 00:00:00 UTC:" in result.text
    assert result.advice.startswith("Nothing on the case needs reviewing")
    # The JSON's change items keep their keys: the login the event records, no `who`.
    item = result.as_json()["changes"][0]
    assert set(item) == {"event_id", "occurred_at", "actor", "action", "summary"}
    assert item["actor"] == admin.username


def test_a_paper_copy_with_its_generation_time_names_the_rename(
    demo: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = read_pdf_claim(printed_before_a_rename(demo, admin, monkeypatch))
    assert claim is not None and claim.generated_at is not None
    result = paper(demo, READER, fingerprint=claim.fingerprint, generated_at=claim.generated_at)
    assert result.verdict == "changed", result.text
    assert "the full name of Ada Wong (alice) was changed (it was Ada Wang)" in result.headline


def test_a_stored_final_printed_before_a_rename_names_the_rename(
    demo: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    name_alice(demo, admin)  # before the final: not listed
    pdf = final_pdf(demo, admin)
    rename(demo, admin, admin.username, "Ada Wong", monkeypatch)
    result = check(demo, READER, pdf)
    assert result.verdict == "identical" and result.current is False, result.text
    assert "It is no longer current: since it was stored on " in result.headline
    assert result.headline.endswith(
        "the full name of Ada Wong (alice) was changed (it was Ada Wang), which the filing prints."
    ), result.headline
    assert [c.occurred_at for c in result.changes] == [LATER]
    assert "Changes recorded after" in result.text
    assert "review the changes listed" not in result.advice
    assert "generate a new final" in result.advice


def test_two_people_renamed(demo: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """The status report prints li.wei and alice."""
    with demo.session() as session:
        create_user(
            session,
            actor=admin,
            username="li.wei",
            password="correct-horse-42",
            roles=("preparer", "approver"),
            display_name="Li Wei",
        )
    name_alice(demo, admin)
    with demo.read_session() as s:
        pdf = render_filing(
            session=s, reference="AP-2026-0003", kind="status-report", actor=admin
        ).pdf
    pdf = generated_later(pdf)
    rename(demo, admin, admin.username, "Ada Wong", monkeypatch)
    rename(demo, admin, "li.wei", "Li Wai", monkeypatch)
    result = check(demo, READER, pdf)
    assert result.verdict == "changed", result.text
    assert (
        "the full names of Ada Wong (alice) (formerly Ada Wang) and Li Wai (li.wei) "
        "(formerly Li Wei) were changed, which the filing prints"
    ) in result.headline
    assert len(result.changes) == 2


def test_an_altered_draft_without_a_rename_is_still_not_from_the_case(
    demo: Database, admin: Actor
) -> None:
    name_alice(demo, admin)
    pdf = generated_later(draft_pdf(demo, admin))
    claim = read_pdf_claim(pdf)
    assert claim is not None
    forged = same_length(pdf, claim.fingerprint.encode(), b"0" * 64)
    result = check(demo, READER, forged)
    assert result.verdict == "not_from_case" and not result.changes, result.text
    assert "nothing on the case changed" in result.headline


def test_a_rename_of_someone_the_case_does_not_name_explains_nothing(
    demo: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    with demo.session() as session:
        create_user(
            session,
            actor=admin,
            username="zoe.outsider",
            password="correct-horse-42",
            roles=("reviewer",),
            display_name="Zoe Out",
        )
    pdf = generated_later(draft_pdf(demo, admin))
    claim = read_pdf_claim(pdf)
    assert claim is not None
    rename(demo, admin, "zoe.outsider", "Zoe In", monkeypatch)
    forged = same_length(pdf, claim.fingerprint.encode(), b"0" * 64)
    result = check(demo, READER, forged)
    assert result.verdict == "not_from_case" and not result.changes, result.text


def test_the_window_badge_says_the_case_is_unchanged(
    demo: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = check(demo, READER, printed_before_a_rename(demo, admin, monkeypatch))
    assert result.names_changed_only
    assert badge(result) == ("Case unchanged, a name it prints changed", AMBER)
    assert meaning(result).startswith("Not current: since this was generated on ")
