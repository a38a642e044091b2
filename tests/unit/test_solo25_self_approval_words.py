"""A self-approval says what allowed it, in words: solo mode was on (four-eyes waived),
since when, switched on by whom and why, as the step's event keeps it; an event recorded
before that was kept reads "solo mode on: four-eyes waived". The Timeline sentence, the
printed paragraph (English and Chinese) and the step history's note say the same."""

from __future__ import annotations

import json
from dataclasses import replace

from sqlmodel import col, select

from approvals.domain.dates import utc_text
from approvals.domain.event_text import EventFacts, event_sentence, self_approval_words
from approvals.filings import compose
from approvals.filings import content as c
from approvals.filings.common import history_table
from approvals.services import auth
from approvals.store.db import Database
from approvals.store.models import Case, Event, FilingTrack
from tests.unit.test_filing_content_version import NOW, synthetic_case
from tests.unit.test_filings import _all, _draft
from tests.unit.test_solo_mode import PAT, ROOT, step, track  # noqa: F401  (a fixture)

OLD_EN = "approved own work (solo mode on: four-eyes waived)"
OLD_ZH = "批准了本人的工作（单人模式已开启：免除四眼原则）"
SOLO = (("since", "2026-11-18T08:30:00Z"), ("by", "root"), ("reason", "one-person office"))
PEOPLE = {"li.wei": "Li Wei (li.wei)", "root": "Rosa Root (root)"}


def _facts(event: Event) -> EventFacts:
    return EventFacts(event.action, event.entity_id, event.field,
                      json.loads(event.old_value or "null"), json.loads(event.new_value or "null"),
                      json.loads(event.details))


def _latest_steps(db: Database, track_id: int) -> tuple[str, EventFacts]:
    """When solo mode was last switched on (or saved), and the track's latest step."""
    with db.read_session() as s:
        solo = s.exec(select(Event).where(Event.field == "solo_mode")
                      .order_by(col(Event.id).desc())).first()
        approval = s.exec(select(Event).where(Event.track_id == track_id,
                                              Event.action == "track.transition")
                          .order_by(col(Event.id).desc())).first()
        assert solo is not None and approval is not None
        return solo.occurred_at, _facts(approval)


def _self_approved(db: Database, track_id: int) -> tuple[str, EventFacts]:
    """Solo mode switched on (then saved again while on), and pat approving their own
    submission: (when solo mode was switched on, the approval's event)."""
    with db.session() as s:
        auth.set_solo_mode(s, actor=ROOT, enabled=True, reason="one-person office")
    with db.read_session() as s:
        since = s.exec(select(Event.occurred_at).where(Event.field == "solo_mode")).one()
    with db.session() as s:
        auth.set_solo_mode(s, actor=ROOT, enabled=True)  # saved again: not when it began
    step(db, track_id, "submit_for_review", PAT)
    step(db, track_id, "approve_for_filing", PAT)
    return since, _latest_steps(db, track_id)[1]


def test_the_step_keeps_who_switched_solo_mode_on_and_the_timeline_says_it(
        db: Database, track: int) -> None:  # noqa: F811
    since, approval = _self_approved(db, track)
    details = approval.details or {}
    assert details["self_approval"] is True
    assert details["solo_mode"] == {"on": True, "since": since,
                                    "by": "root", "reason": "one-person office"}
    sentence = event_sentence(approval)
    assert sentence.endswith(
        f"; approved own work (solo mode on since {utc_text(since)}, "
        'switched on by root for "one-person office": four-eyes waived)'), sentence
    assert "SELF-APPROVAL" not in sentence


def test_solo_mode_switched_off_and_on_again_counts_from_the_second_time(
        db: Database, track: int) -> None:  # noqa: F811
    with db.session() as s:
        auth.set_solo_mode(s, actor=ROOT, enabled=True, reason="one-person office")
        auth.set_solo_mode(s, actor=ROOT, enabled=False)
        auth.set_solo_mode(s, actor=ROOT, enabled=True, reason="colleague on leave")
    step(db, track, "submit_for_review", PAT)
    step(db, track, "approve_for_filing", PAT)
    again, approval = _latest_steps(db, track)
    assert (approval.details or {})["solo_mode"] == {
        "on": True, "since": again, "by": "root", "reason": "colleague on leave"}


def test_an_old_event_without_the_solo_mode_record_still_says_why() -> None:
    """Recorded before the step kept solo mode's details: four-eyes allowed it only under
    solo mode, so it says that much, in words."""
    old = EventFacts("track.transition", "7", "state", "internal_review", "approved_for_filing",
                     {"from": "internal_review", "to": "approved_for_filing",
                      "transition": "approve_for_filing", "on": "2026-11-20",
                      "self_approval": True})
    sentence = event_sentence(old)
    assert sentence == f"Internal review → Approved for filing; on 20 Nov 2026; {OLD_EN}"
    assert self_approval_words(None, lang="zh") == OLD_ZH
    # A step by someone else says nothing of it.
    other = replace(old, details={k: v for k, v in (old.details or {}).items()
                                  if k != "self_approval"})
    assert "own work" not in event_sentence(other)


def test_the_printed_status_report_says_it_in_the_paragraph_history_and_timeline(
        db: Database, track: int) -> None:  # noqa: F811
    since, _ = _self_approved(db, track)
    with db.read_session() as s:
        reference = s.exec(select(Case.reference).join(FilingTrack)
                           .where(FilingTrack.id == track)).one()
    text = _all(_draft(db, reference, "status-report").pdf)
    why = (f"(solomodeonsince{utc_text(since)},switchedonbyrootfor"
           '"one-personoffice":four-eyeswaived)').replace(" ", "")
    assert f"patapprovedtheirownwork{why};reasongiven:test." in text
    # The step history's note and the audit timeline's sentence: the same words.
    assert text.count(f"approvedownwork{why}") == 2, text
    assert "SELF-APPROVAL" not in text


def test_the_chinese_paragraph_and_a_bilingual_history_say_the_same() -> None:
    data = synthetic_case()
    cn = data.tracks[1]  # CN-FISR
    approved = replace(cn.history[0], self_approval=True, solo_mode=SOLO)
    data = replace(data, tracks=(data.tracks[0], replace(cn, history=(approved,))),
                   people=PEOPLE)
    document = compose(data, "cn-application", final=False, now=NOW)[0]
    paragraph = next(b for b in document.blocks
                     if isinstance(b, c.Para) and b.en.startswith("Self-approval"))
    assert paragraph.en == (
        "Self-approval on the CN-FISR track (Internal review → Approved for filing): on "
        "2026-11-20 10:00:00 UTC Li Wei (li.wei) approved their own work (solo mode on since "
        '2026-11-18 08:30 UTC, switched on by Rosa Root (root) for "one-person office": '
        "four-eyes waived); reason given: Facts checked.")
    assert paragraph.zh is not None and paragraph.zh.endswith(
        "2026年11月20日 10:00:00（UTC），Li Wei (li.wei) 批准了本人的工作（单人模式自"
        "2026年11月18日 08:30 UTC起开启，开启人 Rosa Root (root)，开启理由：“one-person office”："
        "免除四眼原则）；理由：Facts checked.")
    note = history_table(replace(cn, history=(approved,)), bilingual=True,
                         person=data.person).rows[0][3]
    assert note == ("Facts checked.\n" + self_approval_words(dict(SOLO), person=data.person,
                                                             lang="zh")
                    + "\n" + self_approval_words(dict(SOLO), person=data.person))
    assert "单人模式自2026年11月18日 08:30 UTC起开启" in note
    assert "approved own work (solo mode on since 2026-11-18 08:30 UTC, switched on by " \
           "Rosa Root (root)" in note
