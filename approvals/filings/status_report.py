"""`status-report`: case summary, each track's state and clock with its history, the
audit timeline and the audit chain's head hash (for auditors; A4, English)."""

from __future__ import annotations

from collections.abc import Iterable

from approvals.domain.approval_changes import FactChange
from approvals.domain.approval_changes import describe as describe_changes
from approvals.domain.audit import action_label
from approvals.domain.field_labels import fact_label
from approvals.domain.numbers import counted
from approvals.domain.wording import and_joined
from approvals.domain.workflow import WORKFLOWS, workflow
from approvals.filings import common as k
from approvals.filings import content as c
from approvals.filings.data import FilingData, ReviewInput, Track

KIND = "status-report"


def _f(label: str, value: str) -> c.Field:
    return c.Field(label_en=label, value=value)


def build(data: FilingData, *, final: bool, approved: bool, generated_at: str,
          missing: list[tuple[str, str]], tracks: tuple[Track, ...]) -> c.FilingDocument:
    facts = data.facts
    completed_on = k.deal_completed_on(data)
    blocks: list[c.Block] = []
    if missing and not final:
        blocks.append(c.Missing(tuple(missing)))
    blocks.append(c.Heading("Case summary"))
    blocks.append(c.Fields((
        _f("Case reference", data.reference),
        _f("Officer's own reference", k.text_or_dash(facts.reference)),
        _f("Case status", data.case_status_words
           or data.case_status.replace("_", " ").capitalize()),
        _f("Opened (UTC)", k.stamp(data.case_created_at)),
        _f("Target", facts.target.name_en + (f" ({facts.target.name_zh})" if facts.target.name_zh else "")),
        _f("Investor", facts.investor.name),
        _f("Transaction", f"{k.en('instruments', facts.deal.instrument)}, {k.money(facts.deal.amount)}"),
        _f("Expected completion date", k.date_or_dash(facts.deal.expected_completion_date)),
        # Auditors compare it with the expected date and the notification periods it starts:
        # the case's completion, else the day a track recorded (US-OISP counts from it).
        *([_f("Deal completed on", completed_on)] if completed_on else []),
    )))
    blocks.extend(k.distillation_blocks(data, bilingual=False))

    blocks.append(c.Heading("Screening"))
    blocks.extend(k.determinations_table(data, "", bilingual=False, person=data.person,
                                         verify=True))
    blocks.extend(_unscreened_blocks(data))

    blocks.append(c.Heading("Filing tracks"))
    if tracks:
        blocks.append(k.tracks_table(tracks, bilingual=False, on=generated_at, as_of=generated_at))
    else:
        # Every track the case ever had is listed, withdrawn and closed ones too.
        blocks.append(c.Para("No filing track was opened for this case.", style="note"))
    blocks.extend(k.self_approval_blocks(tracks, bilingual=False, person=data.person))
    for track in tracks:
        # The workflow by its name, not its code: " — Standard contract filing (CAC)".
        kind = (f" — {workflow(track.kind).label if track.kind in WORKFLOWS else track.kind}"
                if track.kind != track.regime else "")
        # A reopened case's new track and the one withdrawn on closing share a regime:
        # two headings alike left the reader to guess which history is which.
        ended = " (withdrawn)" if track.state == "withdrawn" else ""
        blocks.append(c.Heading(f"History of the {track.regime} track{kind}{ended}", level=2))
        blocks.append(k.history_table(track, bilingual=False, person=data.person))
        if track.conditions:
            blocks.append(c.Heading(f"{k.obligations_word(track)} of the {track.regime} "
                                    f"track{kind}", level=2))
            blocks.append(k.conditions_table(track, as_of=generated_at, person=data.person))
        if changed := track.changed_after_approval:
            # The approver signed off on other facts: the warning names them; the line
            # beneath gives their paths (as the trail's CSV export names fields), each with
            # who changed it last and when.
            blocks.append(c.Para(describe_changes(changed, fact_label, person=data.person,
                                                  iso_dates=True), style="flag"))
            blocks.append(_changed_line("the approval", changed.changes, data))

    if data.review is not None:
        blocks.extend(review_blocks(data.review))

    blocks.append(c.Heading("Documents"))
    blocks.append(k.attachments_table(data, bilingual=False))

    blocks.append(c.Heading("Audit timeline"))
    blocks.append(c.Table(
        headers=("#", "When (UTC)", "Who", "Action", "Details"),
        # The action in words, as the app's timeline says it (the CSV export gives both).
        rows=tuple((str(e.id), k.stamp(e.occurred_at), data.person(e.actor) + k.roles(e.role),
                    action_label(e.action), e.summary or k.NOTHING) for e in data.timeline)
        or ((k.NOTHING, "", "", "No events recorded", ""),),
        widths=(0.08, 0.17, 0.19, 0.17, 0.39),  # '(cont.)' fits the first
    ))
    blocks.append(c.Heading("Audit chain"))
    # A table, so the hash is set in the small hash type and stays on one line.
    blocks.append(c.Table(
        headers=("Chain head (event)", "Chain head hash (SHA-256)"),
        rows=((f"#{data.chain_head_event}", data.chain_head),),
        widths=(0.22, 0.78),
        mono_columns=(1,),
    ))
    blocks.append(c.Para(
        "The head hash commits to every audit event up to and including the event named: "
        "`approvals audit verify` recomputes the chain and must reach the same hash.",
        style="note"))
    return k.document(KIND, data, blocks, final=final, approved=approved,
                      generated_at=generated_at, missing=missing)


def _unscreened_blocks(data: FilingData) -> list[c.Block]:
    """The facts edited since the screening above, and whether its reasons still hold for
    them: an auditor reads determinations that may quote values since changed."""
    unscreened = data.unscreened
    if not unscreened.changes or data.screening is None:
        return []
    # Semicolons between the names: a name ends in its section in brackets, "(Deal)".
    fields = "; ".join(fact_label(ch.path) for ch in unscreened.changes)
    if unscreened.regimes:
        regimes = and_joined(sorted(unscreened.regimes))
        verdict = (f"The reasons for {regimes} quote values that changed; a new screening "
                   "is needed before their filings are approved or made final.")
    else:
        verdict = ("Screened again as of the same date with the same rulebook, they give "
                   "these determinations and reasons word for word.")
    return [
        c.Para(f"Facts changed since this screening: {fields}. {verdict}",
               style="flag" if unscreened.regimes else "note"),
        _changed_line("the screening", unscreened.changes, data),
    ]


def _changed_line(since: str, changes: Iterable[FactChange], data: FilingData) -> c.Para:
    """Each changed facts path (as the trail's CSV export names fields) with who changed
    it last and when."""
    return c.Para(f"Changed since {since}: " + "; ".join(
        f"{ch.path} (last by {data.person(ch.actor)} at {k.stamp(ch.at)} UTC)"
        for ch in changes) + ".", style="small")


RECOMMENDS = {"approve": "Approve", "return": "Return for changes"}


def review_blocks(review: ReviewInput) -> list[c.Block]:
    """"Review": each reviewer's latest recommendation (the audit timeline has every one,
    under the name of whoever imported it) and the proposed changes still undecided."""
    blocks: list[c.Block] = [c.Heading("Review")]
    if review.recommendations:
        blocks.append(c.Table(
            headers=("Reviewer", "Recommends", "Received (UTC)", "Reasons"),
            rows=tuple((r.reviewer, RECOMMENDS.get(r.recommendation, r.recommendation),
                        k.stamp(r.received_at), r.reasons or k.NOTHING)
                       for r in review.recommendations),
            widths=(0.28, 0.18, 0.2, 0.34),
        ))
    else:
        blocks.append(c.Para("No reviewer has sent a recommendation.", style="note"))
    pending = review.pending_proposals
    blocks.append(c.Para(
        f"{counted(pending, 'proposed change')} still {'waits' if pending == 1 else 'wait'} "
        "for a decision (Review → Proposed changes…)." if pending
        else "No proposed change waits for a decision.",
        style="flag" if pending else "note"))
    return blocks
