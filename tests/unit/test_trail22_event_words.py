"""Every audit action the code records is said in words (domain.event_text), never as its
action's name and the raw stored values: the Audit trail window, the case Timeline, the
status report and the audit CSV's "Event in words" column all read the same sentence.

The actions are found in the source (tests/unit/test_workflow.recorded_actions walks every
`append_event` call), so a service that records a new action fails here until the action
has a sentence and a sample below.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from approvals.domain.event_text import EventFacts, event_sentence, has_words, raw_text
from approvals.paths import DataDir
from approvals.services.audit_view import audit_page
from approvals.store.db import Database
from tests.unit.test_rulebook_updates import ROOT, Team, install, revert, rule_folder
from tests.unit.test_workflow import recorded_actions

FP = "1a2b3c4d5e6f7a8b" + "0" * 48  # a key's fingerprint (64 hex digits)
SHIPPED = {"rulebook": "2026.11.2+0f1e2d3c4b5a", "source": "shipped"}
UPDATE = "2026.12.1+abcdef123456"


def _e(action: str, entity_id: str = "1", field: str | None = None, old: Any = None,
       new: Any = None, details: dict[str, Any] | None = None) -> EventFacts:
    return EventFacts(action, entity_id, field, old, new, details)


# Each action as the services record it (old, new and details in their stored shapes).
SAMPLES: dict[str, list[EventFacts]] = {
    "audit.exported": [_e("audit.exported", "trail.csv", details={"file": "trail.csv",
                                                                   "rows": 3})],
    "backup.created": [_e("backup.created", "b.zip", details={
        "file": "/x/b.zip", "documents": 2, "warnings": ["doc 7 is missing"]})],
    "backup.removed": [_e("backup.removed", "auto-1.zip", details={"file": "/x/auto-1.zip",
                                                                   "keep": 7})],
    "backup.restored": [
        _e("backup.restored", "b.zip", details={
            "file": "/x/b.zip", "backup_created_at": "2026-11-29T05:48:30Z",
            "replaced": "/x/backups/replaced-1", "reviews_restored": [],
            "rulebook": f"the shipped rulebook {SHIPPED['rulebook']}",
            "rulebook_restored": True, "restore_id": "r1", "anchor_before": None}),
        _e("backup.restored", "restore-1", details={"interrupted": True, "restore_id": "r1"})],
    "calendar.day_corrected": [_e("calendar.day_corrected", "CN-2026", "2026-12-31",
                                  {"working": True}, {"working": False, "name": "closure"})],
    "calendar.year_removed": [_e("calendar.year_removed", "CN-2027", None,
                                 {"days": [["2027-01-01", "holiday", "New Year"]]},
                                 {"schedule": "estimated"})],
    "calendar.year_set": [_e("calendar.year_set", "CN-2027", None, None, {
        "official": True, "days": [["2027-01-01", "holiday", "New Year"]]})],
    "case.closed": [_e("case.closed", "AP-2026-0001", "status", "open", "closed",
                       {"version": 4, "withdrawn": ["CN-FISR"]})],
    "case.completed": [_e("case.completed", "AP-2026-0001", "status", "open", "completed",
                          {"completed_on": "2026-11-30"})],
    "case.created": [_e("case.created", "AP-2026-0001", details={"status": "open"})],
    "case.owner_changed": [_e("case.owner_changed", "AP-2026-0001", "owner", "cli:root",
                              "li.wei", {"version": 5})],
    "case.discarded": [_e("case.discarded", "AP-2026-0001", "status", "draft", "discarded",
                          {"version": 2})],
    "case.draft_created": [_e("case.draft_created", "AP-2026-0001")],
    "case.particulars_changed": [_e("case.particulars_changed", "AP-2026-0001", "p", {},
                                    {"cn": {"contact": "Li Wei"}})],
    "case.reopened": [_e("case.reopened", "AP-2026-0001", "status", "closed", "open",
                         {"version": 5})],
    "case.rescreen_accepted": [_e("case.rescreen_accepted", "AP-2026-0001", None,
                                  {"rulebook": "r1", "as_of": "2026-01-01"},
                                  {"rulebook": "r2", "as_of": "2026-02-01"}, {"changes": []})],
    "case.screened": [_e("case.screened", "AP-2026-0001", None, None, {
        "as_of": "2026-01-01", "rulebook": "r1", "outcomes": {"CN-FISR": "approval_required"}})],
    "cases.exported": [_e("cases.exported", "cases.csv", details={"file": "cases.csv",
                                                                   "rows": 2})],
    "comment.added": [_e("comment.added", "3", None, None, {"body": "Please check"})],
    "deadlines.exported": [_e("deadlines.exported", "d.csv", details={"file": "d.csv",
                                                                       "format": "csv"})],
    "deadlines.printed": [_e("deadlines.printed", "print", details={"printer": "HP"})],
    "document.attached": [_e("document.attached", "7", None, None, {
        "file_name": "SPA.pdf", "size": 1200, "sha256": "ab" * 32})],
    "document.exported": [_e("document.exported", "7", details={"file_name": "SPA.pdf"})],
    "document.restriction_changed": [_e("document.restriction_changed", "7", None,
                                        {"restricted": False}, {"restricted": True,
                                                                "allowed_users": ["li"]})],
    "document.type_changed": [_e("document.type_changed", "7", "doc_type", None, "spa",
                                 {"file_name": "SPA.pdf"})],
    "document.withdrawn": [_e("document.withdrawn", "7", details={"file_name": "SPA.pdf"})],
    "field.changed": [_e("field.changed", "AP-2026-0001", "deal.stake_after_pct", 6.5, 10)],
    "filing.finalised": [_e("filing.finalised", "9", details={"kind": "cn-application",
                                                               "pages": 4})],
    "filing.printed": [_e("filing.printed", "AP-2026-0001", details={
        "printer": "HP", "kind": "cn-application", "final": False, "fingerprint": "f" * 64})],
    "filing.saved": [_e("filing.saved", "AP-2026-0001", details={
        "file": "a.pdf", "kind": "status-report", "final": True, "fingerprint": "f" * 64})],
    "key.relabelled": [_e("key.relabelled", FP, "label", "Team", "Knowledge team")],
    "key.trusted": [_e("key.trusted", FP, None, None, {"label": "Knowledge team",
                                                        "fingerprint": FP})],
    "key.untrusted": [_e("key.untrusted", FP, None, {"label": "Knowledge team",
                                                      "fingerprint": FP})],
    "obligation.created": [_e("obligation.created", "5", None, None, {
        "text": "Keep data in China", "due_date": "2027-06-30"})],
    "obligation.due_recounted": [_e("obligation.due_recounted", "5", "due_date",
                                    "2027-06-30", "2027-07-02", {"cause": {"year": 2027}})],
    "obligation.edited": [_e("obligation.edited", "5", "text", "Keep data", "Keep data in CN")],
    "obligation.status": [_e("obligation.status", "5", "status", "open", "fulfilled")],
    "review.exported": [_e("review.exported", "p1", details={"file": "p.zip", "version": 1})],
    "review.imported": [_e("review.imported", "p1", details={"comments": 2,
                                                              "reviewer": "anna"})],
    "review.opened": [_e("review.opened", "p1", details={"label": "HQ"})],
    "review.proposal_accepted": [_e("review.proposal_accepted", "AP-2026-0001",
                                    "deal.amount", 1, 2, {"reviewer": "anna"})],
    "review.proposal_rejected": [_e("review.proposal_rejected", "AP-2026-0001",
                                    "deal.amount", 1, 2, {"reviewer": "anna"})],
    "review.proposal_superseded": [_e("review.proposal_superseded", "AP-2026-0001",
                                      "deal.amount", 2, 3)],
    "review.recommendation": [_e("review.recommendation", "AP-2026-0001", None, None,
                                 "return", {"reviewer": "anna"})],
    "review.responded": [_e("review.responded", "p1", details={"comments": 1})],
    "rulebook.installed": [_e("rulebook.installed", UPDATE, None, SHIPPED, {
        "rulebook": UPDATE, "source": "installed", "signer": FP, "signer_label": "Team"},
        {"file": "u.zip", "sha256": "ab" * 32, "pack_id": "p", "declared_version": "2026.12.1",
         "allow_older": False, "signed_by": "kim"})],
    "rulebook.packed": [_e("rulebook.packed", UPDATE, None, None,
                           {"rulebook": UPDATE, "signer": FP},
                           {"file": "u.zip", "pack_id": "p", "files": ["rulebook.json"]})],
    "rulebook.reverted": [
        _e("rulebook.reverted", UPDATE, None, {"rulebook": UPDATE, "source": "installed"},
           SHIPPED, {"reverted_update": UPDATE, "reverted_update_signer": FP,
                     "summary": "reverted"}),
        _e("rulebook.reverted", "(unreadable record)", None,
           {"rulebook": "(unreadable record)", "source": "unknown"}, SHIPPED,
           {"reverted_update": None, "unreadable": "installed.json is not valid JSON"})],
    "settings.changed": [
        _e("settings.changed", "idle_timeout_minutes", "idle_timeout_minutes", 15, 30),
        _e("settings.changed", "solo_mode", "solo_mode", False, True),
        _e("settings.changed", "solo_mode", "solo_mode", True, False),
        _e("settings.changed", "backup_keep", "backup_keep", 7, 10),
        _e("settings.changed", "filing.particulars", "filing.particulars", {},
           {"cn": {"contact": "Li Wei"}})],
    "track.due_recomputed": [_e("track.due_recomputed", "2", "due_date", "2027-01-04",
                                "2027-01-06", {"estimated": [True, False]})],
    "track.opened": [_e("track.opened", "2", None, None, {
        "regime": "CN-FISR", "kind": "CN-FISR", "outcome": "approval_required"}),
                     _e("track.opened", "3", None, None, {
        "regime": "CN-DATA-EXPORT", "kind": "CN-DATA-EXPORT-CONTRACT",
        "outcome": "filing_required"})],
    "track.outcome_changed": [_e("track.outcome_changed", "2", "outcome", "not_required",
                                 "approval_required")],
    "track.transition": [_e("track.transition", "2", "state", "draft", "filed",
                            {"transition": "file", "on": "2026-10-22"})],
    "user.changed": [_e("user.changed", "li", "display_name", "Li", "Li Wei")],
    "user.created": [_e("user.created", "li", None, None, {
        "username": "li", "display_name": "Li Wei", "roles": ["preparer"]})],
    "user.deactivated": [_e("user.deactivated", "li")],
    "user.locked_out": [_e("user.locked_out", "li", None, None, "2026-11-29T06:00:00Z")],
    "user.password_changed": [_e("user.password_changed", "li")],
    "user.password_reset": [_e("user.password_reset", "li")],
    "user.reactivated": [_e("user.reactivated", "li")],
    "user.roles_changed": [_e("user.roles_changed", "li", "roles", ["preparer"],
                              ["preparer", "approver"])],
    "user.session_locked": [_e("user.session_locked", "li")],
    "user.sign_in_failed": [_e("user.sign_in_failed", "li", details={"attempt": 2})],
    "user.sign_in_refused": [_e("user.sign_in_refused", "li")],
    "user.signed_in": [_e("user.signed_in", "li")],
    "user.signed_out": [_e("user.signed_out", "li")],
    "user.unlocked": [_e("user.unlocked", "li")],
}


def test_every_action_the_code_records_has_a_sample_here() -> None:
    found = recorded_actions()
    assert "rulebook.installed" in found and "key.trusted" in found  # the walk reads them
    missing = {a: where for a, where in found.items() if a not in SAMPLES}
    assert missing == {}, ("give these actions a sentence in domain.event_text and a sample "
                           "event here")


@pytest.mark.parametrize("action", sorted(SAMPLES))
def test_every_recorded_action_is_said_in_words(action: str) -> None:
    for event in SAMPLES[action]:
        assert event.action == action
        said = event_sentence(event)
        assert has_words(event), f"{action} falls back to the raw values: {said!r}"
        assert said != raw_text(event)
        assert "{" not in said, f"{action} shows stored JSON: {said!r}"


def test_an_action_without_a_sentence_is_told_apart() -> None:
    unknown = _e("widget.frobbed", "1", None, None, {"a": 1})
    assert not has_words(unknown)
    assert event_sentence(unknown) == raw_text(unknown) == 'widget frobbed: {"a": 1}'


def test_rulebook_events_say_version_signer_and_what_they_replace() -> None:
    [packed] = SAMPLES["rulebook.packed"]
    assert event_sentence(packed) == (
        f"rulebook update {UPDATE} signed with this installation's key 1A2B 3C4D 5E6F 7A8B… "
        "into u.zip (1 rule file)")
    [installed] = SAMPLES["rulebook.installed"]
    assert event_sentence(installed) == (
        f"rulebook update {UPDATE} installed from u.zip, signed by kim with key 'Team' "
        f"(1A2B 3C4D 5E6F 7A8B…), replacing the shipped rulebook {SHIPPED['rulebook']}")
    older = EventFacts(installed.action, installed.entity_id, None, installed.old,
                       installed.new, {**(installed.details or {}), "allow_older": True})
    assert event_sentence(older).endswith("; an older version allowed")
    reverted, unreadable = SAMPLES["rulebook.reverted"]
    assert event_sentence(reverted) == (
        f"rulebook update {UPDATE} reverted; the shipped rulebook {SHIPPED['rulebook']} is in "
        "use again")
    assert event_sentence(unreadable) == (
        "the unreadable record of installed rulebook updates reset (installed.json is not "
        f"valid JSON); the shipped rulebook {SHIPPED['rulebook']} is in use again")


def test_keys_backups_settings_and_a_case_closing_in_words() -> None:
    def said(action: str, n: int = 0) -> str:
        return event_sentence(SAMPLES[action][n])
    assert said("key.trusted") == "key 'Knowledge team' (1A2B 3C4D 5E6F 7A8B…) trusted"
    assert said("key.untrusted") == ("key 'Knowledge team' (1A2B 3C4D 5E6F 7A8B…) no longer "
                                     "trusted")
    assert said("key.relabelled") == "key 1A2B 3C4D 5E6F 7A8B… relabelled: 'Team' → 'Knowledge team'"
    assert said("backup.created") == "backup b.zip made, with 2 documents; 1 warning: doc 7 is missing"
    assert said("backup.restored") == (
        "backup b.zip (made 2026-11-29 05:48 UTC) restored; the data it replaced kept in "
        f"/x/backups/replaced-1; rulebook in use: the shipped rulebook {SHIPPED['rulebook']}")
    assert said("backup.removed") == ("automatic backup auto-1.zip removed (the newest 7 "
                                      "automatic backups are kept)")
    # One kept: not "(the newest 1 are kept)".
    assert event_sentence(EventFacts("backup.removed", "auto-1.zip", None, None, None,
                                     {"keep": 1})) == \
        "automatic backup auto-1.zip removed (the newest automatic backup is kept)"
    assert said("settings.changed", 0) == "idle lock after 30 minutes without input (was 15 minutes)"
    assert said("settings.changed", 1).startswith("solo mode switched on")
    assert said("settings.changed", 3) == "automatic backups kept: the newest 10 (was 7)"
    assert said("case.closed") == ("case closed (case status open → closed); CN-FISR track "
                                   "withdrawn with it")
    assert said("case.discarded") == "draft discarded (case status draft → discarded)"
    assert said("case.owner_changed") == "case handed to li.wei (owner was cli:root)"
    # A track whose workflow is not its regime's own names it in words, not by its code.
    assert said("track.opened", 1) == ("CN-DATA-EXPORT track opened for filing required; "
                                       "workflow: Standard contract filing (CAC)")


def test_the_audit_window_says_an_installed_and_reverted_pack_in_words(
        db: Database, data_dir: DataDir, team: Team, tmp_path: Path) -> None:
    """The real events, as the Audit trail window lists them (no JSON in the sentence)."""
    update = tmp_path / "u.zip"
    team.pack(rule_folder(tmp_path, "2026.12.1"), update)
    put_in = install(db, data_dir, update).after.version
    revert(db, data_dir)
    with db.session() as s:
        entries = audit_page(s, actor=ROOT).entries
    said = {e.action: e.sentence for e in entries}
    assert said["key.trusted"].startswith("key 'Knowledge team' (")
    assert said["rulebook.installed"].startswith(
        f"rulebook update {put_in} installed from u.zip, signed by root with key "
        "'Knowledge team' (")
    assert ", replacing the shipped rulebook " in said["rulebook.installed"]
    assert said["rulebook.reverted"].startswith(f"rulebook update {put_in} reverted; the "
                                                "shipped rulebook ")
    assert all("{" not in e.sentence for e in entries)

