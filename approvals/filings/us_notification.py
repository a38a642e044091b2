"""`us-notification`: the notification of a covered transaction under 31 CFR Part 850,
US Letter, one numbered section per content item of 850.405 (items in forms.json)."""

from __future__ import annotations

from collections.abc import Callable

from approvals.domain.rulebook import PROVISIONS, default_rulebook
from approvals.domain.screening import finds_no_ai_system
from approvals.domain.workflow import state_rank
from approvals.filings import common as k
from approvals.filings import content as c
from approvals.filings.data import FilingData, Track

KIND = "us-notification"
REGIME = "US-OISP"


def _f(label: str, value: str, path: str | None = None) -> c.Field:
    return c.Field(label_en=label, value=value, path=path)


def _p(data: FilingData, path: str) -> str:
    value = k.field_value(data, path)
    return k.NOT_STATED if k._blank(value) else str(value)


def _representative(data: FilingData) -> list[c.Block]:
    return [c.Fields((
        _f("Name", _p(data, "particulars.representative.name"), path="particulars.representative.name"),
        _f("Title", _p(data, "particulars.representative.title"), path="particulars.representative.title"),
        _f("Employer", _p(data, "particulars.representative.organisation"),
           path="particulars.representative.organisation"),
        _f("E-mail", _p(data, "particulars.representative.email"), path="particulars.representative.email"),
        _f("Telephone", _p(data, "particulars.representative.phone"), path="particulars.representative.phone"),
        _f("Mailing address", _p(data, "particulars.representative.address"),
           path="particulars.representative.address"),
    ))]


def _us_person(data: FilingData) -> list[c.Block]:
    """Item 2. A natural person (investor.kind "individual") has a nationality or residence,
    not a place of organisation, and no LEI, principal place of business, website or
    ultimate owner (850.405(b)(2) asks for the ultimate owner "if the U.S. person is an
    entity"): left blank, those rows say why, and the missing-information box does not ask."""
    inv = data.facts.investor
    place = k.INDIVIDUAL_PLACE[0] if k.individual(data) else "Place of organisation"

    def entity(path: str, value: str | None) -> str:
        return k.required_or_why_not(data, path, value, bilingual=False)

    def particular(path: str) -> str:
        value = k.field_value(data, path)
        return entity(path, None) if k._blank(value) else str(value)

    return [c.Fields((
        _f("Name", inv.name),
        _f("Legal Entity Identifier (LEI)", entity("investor.lei", inv.lei)),
        _f("Type", k.en("investor_kinds", inv.kind)),
        _f("US person", k.yes_no(inv.us_person)),
        _f(place, k.country(inv.jurisdiction), path="investor.jurisdiction"),
        _f("Principal place of business", particular("particulars.us_person.principal_place_of_business"), path="particulars.us_person.principal_place_of_business"),
        _f("Address", _p(data, "particulars.us_person.address"), path="particulars.us_person.address"),
        _f("Website", particular("particulars.us_person.website"), path="particulars.us_person.website"),
        _f("Ultimate owner", entity("investor.ultimate_parent", inv.ultimate_parent), path="investor.ultimate_parent"),
    ))]


def _org_chart(data: FilingData, tracks: tuple[Track, ...]) -> list[c.Block]:
    charts = [a for a in data.attachments_for(tracks) if a.doc_type == "org_chart"]
    if not charts:
        return [c.Para("No post-transaction organisation chart is attached to the case yet.",
                       style="flag")]
    # A table, so each hash is set in the small hash type, whole on one line.
    return [c.Para("Attached to this notification:"),
            c.Table(headers=("File", "SHA-256"), rows=tuple((a.file_name, a.sha256) for a in charts),
                    widths=(0.34, 0.66), mono_columns=(1,))]


def _rationale(data: FilingData) -> list[c.Block]:
    rationale = data.facts.deal.commercial_rationale
    if rationale:
        return [c.Para(rationale)]
    # A row, so a draft marks it missing in place as every other required item (a bare
    # "Not stated" paragraph was the one required item the draft did not mark).
    return [c.Fields((_f("Commercial rationale", k.NOT_STATED, path="deal.commercial_rationale"),))]


def _provision(rule_id: str) -> str | None:
    """The rulebook provision (scope, prohibited, notifiable...) a screening reason's rule
    belongs to; None for a rule the current rulebook does not know."""
    rule = default_rulebook().find(rule_id)
    if rule is not None:
        return rule.provision
    # A rule of an installed rulebook update (services.rulebook_updates) that the shipped
    # rulebook lacks: its id names it, REGIME.provision.edition.
    regime, _, rest = rule_id.partition(".")
    provision = rest.partition(".")[0]
    return provision if provision in PROVISIONS.get(regime, ()) else None


# Item 5's heading where the screening found the transaction no notifiable covered
# transaction (not required, excepted, facts missing...): the reasons that follow say why
# it was screened under the rule and what was found, not why it is covered.
NOT_COVERED_TITLE = "Why the transaction was screened under 31 CFR Part 850"


def _covered(data: FilingData) -> bool:
    """Item 5 can say why the transaction is covered: the US-OISP screening found it
    notifiable or prohibited (forms.json `why_covered` has its outcome), or no screening
    is recorded yet (the draft asks for one, and the form's heading stands)."""
    det = data.screening.for_regime(REGIME) if data.screening else None
    return det is None or det.outcome in k.forms()[KIND]["why_covered"]


def _why_covered(data: FilingData, section_title: str, final: bool = False) -> list[c.Block]:
    form = k.forms()[KIND]
    facts = data.facts
    det = data.screening.for_regime(REGIME) if data.screening else None
    places = dict.fromkeys(k.country(code) for code in (facts.target.jurisdiction,
                                                         facts.target.headquarters))
    where = ", ".join(x for x in places if x != k.NOT_STATED)
    # One part a fact, each named: "Publicly traded securities by X in Y" read badly for
    # most instruments. A fact not given is said in words, not "amount: Not stated".
    amount = (f"amount: {k.money(facts.deal.amount)}" if facts.deal.amount is not None
              else "amount not stated")
    stake = (f"shareholding after the transaction: {k.percent(facts.deal.stake_after_pct)}"
             if facts.deal.stake_after_pct is not None
             else "shareholding after the transaction not stated")
    structure = (
        f"Structure: {k.en('instruments', facts.deal.instrument)}; investor: {facts.investor.name}"
        f" (US person: {k.yes_no(facts.investor.us_person).lower()}); target: {facts.target.name_en}"
        f" (organised / headquartered: {where or k.NOT_STATED.lower()}); {amount}; {stake}."
    )
    blocks: list[c.Block] = [c.Para(structure)]
    if det is None:
        blocks.append(c.Para("No US-OISP screening determination is recorded for this case.",
                             style="flag"))
        return blocks
    # Only the scope test and the provision that decided the outcome say why the transaction
    # is covered; the checks that did not apply (why it is not prohibited, why no exception
    # applies) are in the screening determination section, not offered as grounds. Nor is
    # the finding that the target develops no AI system: it cites the scope rule (subpart B
    # defines "AI system") but says why an AI test does not apply.
    grounds = form["why_covered"].get(det.outcome)
    stated = tuple(r for r in det.reasons if not r.advice)  # points to check are no grounds
    decisive = tuple(r for r in stated if grounds is None or (
        _provision(r.rule) in (None, *grounds) and not finds_no_ai_system(r.text)))
    others = len(stated) - len(decisive)
    citations = sorted({r.citation for r in decisive if r.citation}) if grounds else []
    if grounds is None:
        lead = "The screening reasons are listed below; they do not make it a notifiable covered transaction:"
    else:
        lead = "The transaction is covered for the following reasons:"
    blocks.append(c.Para(
        f"Screening outcome: {k.en('outcomes', det.outcome)}"
        # Semicolons between them: a citation has commas of its own ("31 CFR Part 850,
        # subpart B (definitions: …)").
        + (f", under {'; '.join(citations)}" if citations else "")
        + ". " + lead
    ))
    if decisive:
        # One row per rule paragraph; the rulebook's internal rule ids mean nothing to
        # Treasury and are left out.
        # A missing fact's path is given once, in "Facts still missing" below.
        grouped = k.reasons_by_citation(decisive)
        blocks.append(c.Table(
            # Reasons that do not make it covered are no grounds on which a rule "applies".
            headers=("Rule paragraph", "Why it applies" if grounds else "What the screening found"),
            rows=tuple((citation or k.NOT_STATED, "\n".join(texts))
                       for (citation, _), texts in grouped.items()),
            widths=(0.3, 0.7),
        ))
    if others:
        blocks.append(c.Para(
            (f"The screening's {others} other checks, against the remaining provisions (such "
             f"as the exceptions), are listed" if others > 1 else
             "The screening's one other check, against the remaining provisions (such as the "
             "exceptions), is listed") + f" under \"{section_title}\".",
            style="note"))
    if det.outcome == "prohibited":
        # The advice is the officer's, not Treasury's: a final states the finding only.
        blocks.append(c.Para(
            "The screening found this transaction prohibited." if final else
            "The screening found this transaction PROHIBITED. Notifying it does not make it "
            "permissible; do not complete it without legal advice.", style="flag"))
    if det.missing:
        blocks.append(c.Para("Facts still missing for this determination: "
                             + k.missing_names(det.missing) + ".", style="flag"))
    return blocks


def _transaction(data: FilingData, tracks: tuple[Track, ...], generated_at: str,
                 ) -> list[c.Block]:
    deal = data.facts.deal
    rows = [
        _f("Form of transaction", k.en("instruments", deal.instrument)),
        _f("Shareholding after the transaction", k.percent(deal.stake_after_pct)),
        _f("Board seats", k.number(deal.board_seats)),
        _f("Veto rights", k.yes_no(deal.veto_rights)),
        _f("Acquires control", k.yes_no(deal.acquires_control)),
        _f("Signing date", k.date_or_dash(deal.signing_date)),
    ]
    # The completion date recorded (on the track, the one the deadline runs from, or for
    # the case); until then the deal's expected date is all there is, labelled as such.
    completed = k.deal_completed_on(data)
    if completed:
        rows.append(_f("Completion date", completed))
    else:
        rows.append(_f("Expected completion date", k.date_or_dash(deal.expected_completion_date),
                       path="deal.expected_completion_date"))
    for track in tracks:
        if known := track.last_recorded("knowledge_date"):
            rows.append(_f("Date of actual knowledge (31 CFR 850.402)", known[0]))
        due = k.due_text(track, on=generated_at)
        if not track.due_date and (filed := track.last_recorded("was_due")):
            # Filing ends the clock; the notification still says when it was due.
            on = dict(filed[1].recorded).get("on") or filed[1].occurred_at[:10]
            due = f"{filed[0]} (filed on {on})"
        elif track.outcome == "prohibited" and not track.due_date:
            # A bare dash said nothing: a prohibited transaction has no notification period.
            due = ("Not applicable: the transaction is prohibited (31 CFR 850.224) and may not "
                   "be completed, so no notification period runs")
        elif _clock_not_started(track, completed is not None):
            # A dash read as "nothing due": the period runs from the completion date.
            expected = deal.expected_completion_date
            due = ("Not running yet: counted from the completion date once it is recorded"
                   + (f" (expected {expected.isoformat()})" if expected else ""))
        rows.append(_f(f"Notification due ({track.regime})", due))
    blocks: list[c.Block] = [c.Fields(tuple(rows))]
    if tracks:
        blocks.append(k.tracks_table(tracks, bilingual=False, on=generated_at))
    return blocks


def _clock_not_started(track: Track, completed: bool) -> bool:
    """The notification period has not started: no completion (or knowledge) date is
    recorded, the notification is not filed yet and the transaction is not prohibited
    (it is not to be completed at all)."""
    if track.due_date or track.clock_phase or track.clock_days is not None or completed \
            or track.outcome == "prohibited":
        return False
    return state_rank(track.state) < state_rank("filed")


def _target(data: FilingData) -> list[c.Block]:
    t = data.facts.target
    rows = [
        _f("Name", t.name_en + (f" ({t.name_zh})" if t.name_zh else "")),
        # Blank for an offshore target: said why, by the Chinese application's rule.
        _f("Unified Social Credit Code",
           k.required_or_why_not(data, "target.uscc", t.uscc, bilingual=False)),
        _f("Place of organisation", k.country(t.jurisdiction), path="target.jurisdiction"),
        _f("Principal place of business", k.country(t.headquarters), path="target.headquarters"),
    ]
    # Its address where the Chinese application's particulars give it (the notification's
    # form does not ask for it, so no "Not stated" when they do not).
    address = k.field_value(data, "particulars.applicant.registered_address")
    if not k._blank(address):
        rows.append(_f("Registered address", str(address)))
    rows += [
        _f("Activities", k.listing("activities", t.activities), path="target.activities"),
    ]
    if t.ai is not None or not k.no_ai_system(data):
        # Without a profile they are printed too (not stated, or MISSING on a draft) unless
        # the activities recorded rule AI out: left out, the page-1 box named facts the body
        # never showed.
        ai = t.ai
        rows += [
            # Each with its fact's path: a draft marks in place what its box names missing.
            _f("Develops AI systems", k.yes_no(ai.develops_ai_system if ai else None),
               path="target.ai.develops_ai_system"),
            _f("Largest training run", k.operations(ai.max_training_compute_ops if ai else None),
               path="target.ai.max_training_compute_ops"),
            _f("Primarily biological sequence data",
               k.yes_no(ai.primarily_biological_sequence_data if ai else None),
               path="target.ai.primarily_biological_sequence_data"),
            _f("End uses", k.listing("end_uses", ai.end_uses if ai else None), path="target.ai.end_uses"),
        ]
    return [*k.ai_answer_blocks(t.ai, bilingual=False), c.Fields(tuple(rows)),
            *k.distillation_blocks(data, bilingual=False)]


def _financial(data: FilingData) -> list[c.Block]:
    deal, t = data.facts.deal, data.facts.target
    rows = [
        _f("Transaction value / consideration", k.money(deal.amount), path="deal.amount"),
    ]
    if deal.instrument == "lp_interest" or deal.lp_commitment_usd is not None:
        # Only an interest in a fund has a commitment: elsewhere "Not stated" would ask for one.
        rows.append(_f("LP commitment (USD)", k.number(deal.lp_commitment_usd)))
    if t.turnover_cny is not None:
        # In the ISO code, as the notification writes every amount ("CNY 3,000,000,000"):
        # "(RMB)" beside it read as another currency.
        def said(value: float | None) -> str:  # mid-sentence: "worldwide not stated"
            return k.NOT_STATED.lower() if value is None else k.number(value)

        rows.append(_f("Covered foreign person's turnover (CNY)",
                       f"China {said(t.turnover_cny.china)}; "
                       f"worldwide {said(t.turnover_cny.worldwide)}"))
    return [c.Fields(tuple(rows))]


# 31 CFR 850.203: signed by the chief executive officer or a duly authorised designee with
# actual authority, under the penalties of 18 U.S.C. 1001, that the notification fully
# complies with Part 850 and is accurate and complete in all material respects.
# What the signer certifies, whoever signs (below, the words naming the signer).
_CERTIFIES = (
    "certify under the penalties provided in the False Statements Accountability Act of "
    "1996, as amended (18 U.S.C. 1001), that this notification and the information in it "
    "and its attachments fully comply with the requirements of 31 CFR part 850 and are "
    "accurate and complete in all material respects, and that the SHA-256 values listed "
    "identify the documents submitted."
)
CERTIFICATION = (
    "I, the undersigned, the chief executive officer or other duly authorized designee of the "
    "person filing this notification (a general partner of a partnership, an officer of a "
    "corporation, or an individual exercising similar executive functions or otherwise "
    "authorized by the board of directors or equivalent), with actual authority to make this "
    "certification on its behalf, " + _CERTIFIES
)
# Filed by a natural person (investor.kind "individual"), who has no officer or designee
# to sign for them: they certify in person, as the Chinese application's declaration has
# the investor sign in person (本人).
CERTIFICATION_INDIVIDUAL = "I, the undersigned, the individual filing this notification, " \
    + _CERTIFIES


def _certification(data: FilingData) -> list[c.Block]:
    text, signer, name = (
        (CERTIFICATION_INDIVIDUAL, "the individual filing this notification", "Printed name")
        if k.individual(data) else
        (CERTIFICATION, "chief executive officer or duly authorized designee",
         "Printed name and title"))
    return [c.Para(text), c.Signature(((f"Signature ({signer})", None), (name, None),
                                       ("Date", None)), dated=False)]


def build(data: FilingData, *, final: bool, approved: bool, generated_at: str,
          missing: list[tuple[str, str]], tracks: tuple[Track, ...]) -> c.FilingDocument:
    form = k.forms()[KIND]
    determination_title = f"{len(form['items']) + 1}. Screening determination"
    sections: dict[str, Callable[[], list[c.Block]]] = {
        "representative": lambda: _representative(data),
        "us_person": lambda: _us_person(data),
        "org_chart": lambda: _org_chart(data, tracks),
        "rationale": lambda: _rationale(data),
        "why_covered": lambda: _why_covered(data, determination_title, final),
        "transaction": lambda: _transaction(data, tracks, generated_at),
        "target": lambda: _target(data),
        "financial": lambda: _financial(data),
    }
    blocks: list[c.Block] = []
    if missing and not final:
        blocks.append(c.Missing(tuple(missing)))
    # 850.405 sets out what a notification contains; the duty to notify is elsewhere.
    blocks.append(c.Para(
        f"Notification of a transaction by {data.facts.investor.name} in "
        f"{data.facts.target.name_en}, with the content required by "
        f"{form['citation']}. Case reference {data.reference}.", style="small"))
    blocks.extend(k.advice_blocks(data, REGIME, bilingual=False, final=final))
    if not tracks and (final or all(path != "tracks" for path, _ in missing)):
        # Otherwise the missing-information box above says it (once, in these words).
        blocks.append(c.Para(f"{k.no_track_words(form['tracks'])[0]}.", style="flag"))
    blocks.extend(k.self_approval_blocks(tracks, bilingual=False, person=data.person))
    for number, (item_id, title, description) in enumerate(form["items"], start=1):
        if item_id == "why_covered" and not _covered(data):
            title = NOT_COVERED_TITLE
        blocks.append(c.Heading(f"{number}. {title}"))
        blocks.append(c.Para(f"{form['citation']}: {description}.", style="note"))
        blocks.extend(sections[item_id]())
    blocks.append(c.Heading(determination_title))
    blocks.extend(k.determinations_table(data, REGIME, bilingual=False, person=data.person,
                                         advice=False, names=k.row_names(blocks)))
    blocks.append(c.Heading(f"{len(form['items']) + 2}. Attachments"))
    blocks.append(k.attachments_table(data, bilingual=False, tracks=tracks))
    blocks.append(c.Heading(f"{len(form['items']) + 3}. Certification (31 CFR 850.203)"))
    blocks.extend(_certification(data))
    return k.document(KIND, data, blocks, final=final, approved=approved,
                      generated_at=generated_at, missing=missing)
