"""Filing workflows: every transition of every table allowed, every guard refusing, and
nothing changed by a refusal."""

from __future__ import annotations

import ast
import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, delete, select

from approvals.domain import workflow as wf
from approvals.domain.audit import ACTIONS_CHANGING_CONTENT, CONTENT_ACTIONS
from approvals.domain.errors import (
    ConflictError,
    InputError,
    NotFound,
    PermissionDenied,
    TransitionRefused,
)
from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services.cases import create_case, list_cases
from approvals.services.demo import demo_facts
from approvals.services.workflow import (
    complete_case,
    completion_blockers,
    set_obligation_status,
    track_view,
    transition,
)
from approvals.store.audit import Actor, append_event
from approvals.store.db import Database
from approvals.store.models import Case, Document, Event, FilingTrack, Obligation, Setting
from tests.conftest import FolderTemplates
from tests.source_support import app_sources
from tests.workflow_support import complete_for_filing

PREP = Actor("pat", ("preparer",))
PREP2 = Actor("paula", ("preparer",))
REV = Actor("rita", ("reviewer",))
APPR = Actor("adam", ("approver",))
BOTH = Actor("sam", ("preparer", "approver"))
TODAY = date(2026, 11, 2)
D = date.fromisoformat


def _facts(**changes: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(demo_facts()[0]))  # DEMO-01: complete CN and US facts
    for path, value in changes.items():
        node = data
        *parents, leaf = path.split("__")
        for p in parents:
            node = node[p]
        node[leaf] = value
    return data


def make_track(db: Database, kind: str, *, outcome: str = "approval_required",
               facts: dict[str, Any] | None = None, docs: tuple[str, ...] = ()) -> int:
    with db.session() as s:
        case = create_case(s, facts=parse_facts(facts or _facts()),
                           actor=Actor("setup", ("preparer",)), status="draft", today=TODAY)
        regime = {"CN-DATA-EXPORT-CONTRACT": "CN-DATA-EXPORT",
                  "CN-TECH-EXPORT-REGISTRATION": "CN-TECH-EXPORT"}.get(kind, kind)
        track = FilingTrack(case_id=case.id, regime=regime, kind=kind, outcome=outcome)
        s.add(track)
        s.flush()
        for doc in docs:
            s.add(Document(case_id=case.id, track_id=track.id, file_name=f"{doc}.pdf", sha256="0" * 64,
                           size=1, stored_path=f"{doc}.pdf", doc_type=doc))
        # What its filing needs, so Approve for filing waits only for the guard under test
        # (the facts as the test gives them: some leave one out on purpose).
        complete_for_filing(s, case.reference, Actor("setup", ("preparer",)), fill_facts=False)
        assert track.id is not None
        return track.id


def step(db: Database, track_id: int, name: str, actor: Actor, reason: str = "",
         today: date = TODAY, **params: Any) -> Any:
    with db.session() as s:
        version = s.get(FilingTrack, track_id).version  # type: ignore[union-attr]
        return transition(session=s, track_id=track_id, transition_name=name, actor=actor,
                          reason=reason, expected_version=version, today=today, **params)


def snapshot(db: Database, track_id: int) -> tuple[dict[str, Any], int, int]:
    with db.read_session() as s:
        track = s.get(FilingTrack, track_id)
        assert track is not None
        events = len(s.exec(select(Event.id)).all())
        obligations = len(s.exec(select(Obligation.id)).all())
        return track.model_dump(), events, obligations


def refused(db: Database, track_id: int, exc: type[Exception], name: str, actor: Actor,
            reason: str = "", **params: Any) -> str:
    before = snapshot(db, track_id)
    with pytest.raises(exc) as err:
        step(db, track_id, name, actor, reason, **params)
    assert snapshot(db, track_id) == before, "a refused transition changed something"
    return str(err.value)


def set_state(db: Database, track_id: int, state: str, **fields: Any) -> None:
    with db.session() as s:
        track = s.get(FilingTrack, track_id)
        assert track is not None
        track.state = state
        for k, v in fields.items():
            setattr(track, k, v)
        s.add(track)


# -- the tables themselves -----------------------------------------------------------------
def test_required_kinds_and_tables_are_consistent() -> None:
    for kind in ("CN-FISR", "CN-US-CAPITAL", "CN-DATA-EXPORT", "CN-DATA-EXPORT-CONTRACT",
                 "CN-SAMR", "CN-TECH-EXPORT", "CN-TECH-EXPORT-REGISTRATION", "US-OISP"):
        w = wf.workflow(kind)
        names = {s.name for s in w.states}
        assert {"draft", "internal_review", "returned", "approved_for_filing", "filed",
                "withdrawn", "closed"} <= names
        for t in w.transitions:
            assert set(t.sources) <= names, (kind, t.name)
            assert t.target in names | {wf.RETURN, wf.SAME}
            assert t.roles and set(t.roles) <= {"preparer", "reviewer", "approver", "admin"}
            if t.clock and t.clock.phase:
                wf.clock_spec(kind, t.clock.phase, date(2026, 6, 1))
            if t.clock and t.clock.knowledge_phase:
                wf.clock_spec(kind, t.clock.knowledge_phase, date(2026, 6, 1))
                assert "knowledge_date" in t.params
        # Nothing leaves a final state; every state is reachable from draft.
        for s in w.states:
            if s.final:
                assert wf.transitions_from(kind, s.name) == []
        reached, frontier = {"draft"}, ["draft"]
        while frontier:
            state = frontier.pop()
            for t in wf.transitions_from(kind, state):
                for target in ([t.target_for(state, r) for r in wf._return_phases(w)]
                               if t.target == wf.RETURN else [t.target_for(state, None)]):
                    if target not in reached:
                        reached.add(target)
                        frontier.append(target)
        assert reached == names, (kind, names - reached)
        assert all(s in wf.STATE_ORDER for s in names)
        dot = wf.to_dot(kind)
        assert all(f'"{s}"' in dot for s in names)
        d = wf.diagram(kind)
        assert {e["from"] for e in d["edges"]} | {e["to"] for e in d["edges"]} <= names


def test_fisr_review_clocks_come_from_data() -> None:
    assert wf.clock_spec("CN-FISR", "preliminary_review", TODAY).days == 15
    assert wf.clock_spec("CN-FISR", "general_review", TODAY).days == 30
    assert wf.clock_spec("CN-FISR", "special_review", TODAY).days == 60
    samr = wf.clock_spec("CN-SAMR", "phase_2_review", TODAY)
    assert (samr.days, samr.unit, samr.extension_days, samr.roll) == (90, "calendar", 60, True)
    assert wf.clock_spec("CN-DATA-EXPORT", "assessment", TODAY).days == 45
    assert wf.clock_spec("CN-US-CAPITAL", "review", TODAY).days is None
    oisp = wf.clock_spec("US-OISP", "notification", TODAY)
    assert (oisp.days, oisp.unit, oisp.calendar) == (30, "calendar", "US")
    with pytest.raises(InputError):
        wf.parse_clock_specs({"clocks": [{"kind": "CN-FISR", "phase": "x",
                                          "effective_from": "2021-01-01", "unit": "weeks",
                                          "calendar": "CN"}]})


def test_worst_state_is_the_least_advanced_open_track() -> None:
    assert wf.worst_state([("CN-FISR", "general_review"), ("US-OISP", "internal_review"),
                           ("CN-SAMR", "closed")]) == "internal_review"
    assert wf.worst_state([("CN-FISR", "cleared"), ("US-OISP", "closed")]) == "cleared"
    assert wf.worst_state([]) == ""
    assert wf.state_label("CN-FISR", "special_review", lang="zh") == "特别审查"
    assert wf.is_final("US-OISP", "closed") and not wf.is_final("US-OISP", "acknowledged")


@pytest.mark.parametrize(("kind", "start", "days"), [
    ("CN-FISR", "start_preliminary_review", 15), ("CN-DATA-EXPORT", "start_assessment", 45)])
def test_a_review_clock_recorded_late_still_runs_from_the_acceptance(
        db: Database, kind: str, start: str, days: int) -> None:
    """The period runs from the complete filing: acceptance starts the clock, and a review
    phase recorded a week after it, without a date or with a later one, carries that
    clock on rather than starting one on the day it was recorded."""
    docs = ("cn-application",) if kind == "CN-FISR" else ()
    tids = []
    for _ in range(2):
        tid = make_track(db, kind, docs=docs)
        step(db, tid, "submit_for_review", PREP)
        step(db, tid, "approve_for_filing", APPR)
        step(db, tid, "file", PREP, filing_reference="X-1", on="2026-09-20")
        step(db, tid, "accept", PREP, on="2026-09-23")
        tids.append(tid)
    with db.read_session() as s:
        offered = next(a for a in track_view(session=s, track_id=tids[0]).actions
                       if a.name == start)
        assert offered.default_on == "2026-09-23"
    late = step(db, tids[0], start, PREP, today=date(2026, 9, 30))
    assert late.clock is not None and late.clock.start == "2026-09-23"
    assert late.clock.days == days
    explicit = step(db, tids[1], start, PREP, on="2026-09-25", today=date(2026, 9, 30))
    assert explicit.clock is not None and explicit.clock.start == "2026-09-23"
    assert explicit.due == late.due
    with db.read_session() as s:
        later = next(a for a in track_view(session=s, track_id=tids[0]).actions
                     if a.name.startswith("request_materials"))
        assert later.default_on is None  # only the step that starts the review phase


# -- a full review track ----------------------------------------------------------------------
def test_fisr_full_path_with_clocks_materials_and_conditions(db: Database) -> None:
    tid = make_track(db, "CN-FISR", docs=("cn-application",))
    step(db, tid, "submit_for_review", PREP)
    step(db, tid, "return_to_preparer", REV, reason="add the board minutes")
    step(db, tid, "submit_for_review", PREP)
    step(db, tid, "approve_for_filing", APPR)
    step(db, tid, "file", PREP, filing_reference="NDRC-2026-001", on="2026-09-20")
    step(db, tid, "accept", PREP, on="2026-09-23")
    v = step(db, tid, "start_preliminary_review", PREP, on="2026-09-24")
    assert v.state == "preliminary_review" and v.due == "2026-10-21"  # from the acceptance
    v = step(db, tid, "start_general_review", PREP, on="2026-10-22", today=date(2026, 10, 22))
    assert v.clock.days == 30 and v.due == "2026-12-03"
    v = step(db, tid, "request_materials", PREP, reason="shareholder list", on="2026-11-02")
    assert v.state == "materials_requested" and v.stopped and v.due is None
    # With the clock stopped the case list shows no deadline for this track.
    v = step(db, tid, "supply_materials", PREP, on="2026-11-09", today=date(2026, 11, 10))
    assert v.state == "general_review" and not v.stopped
    assert v.due == "2026-12-10"  # 5 paused working days later
    assert v.clock.elapsed == 8 and "day 8 of 30 working days" in v.clock_text
    step(db, tid, "start_special_review", PREP, on="2026-12-01")
    v = step(db, tid, "extend_review", PREP, reason="notice of extension", days=20,
             on="2026-12-20", today=date(2026, 12, 20))
    assert v.clock.days == 80 and v.estimated  # runs into 2027: no official schedule held
    assert any("2027" in w for w in v.warnings)
    v = step(db, tid, "clear_with_conditions", PREP, on="2027-01-20", today=date(2027, 1, 20),
             conditions=[{"text": "Keep model weights in China", "due_date": "2027-06-30"},
                         {"text": "Annual compliance report", "due_days": 365}])
    assert v.state == "cleared_with_conditions" and v.decided and v.due is None
    assert v.clock_text == "Cleared with conditions on 20 Jan 2027; 2 open conditions"
    assert [(o.text, o.due_date) for o in v.obligations] == [
        ("Keep model weights in China", "2027-06-30"),
        ("Annual compliance report (due date estimated: no official CN holiday schedule is "
         "held for 2027, 2028)", "2028-01-20")]
    step(db, tid, "close", APPR)
    with db.read_session() as s:
        v = track_view(session=s, track_id=tid, today=date(2027, 2, 1))
        assert v.final and v.actions == []
        history = [h.to_state for h in v.history]
        assert history[0] == "internal_review" and history[-1] == "closed"
        events = s.exec(select(Event).where(Event.track_id == tid,
                                            Event.action == "track.transition")).all()
        details = json.loads(events[0].details)
        assert {"from", "to", "transition"} <= set(details)
        track = s.get(FilingTrack, tid)
        assert track is not None and track.completed_on == "2027-01-20"
    # Nothing leaves a final state.
    msg = refused(db, tid, TransitionRefused, "withdraw", APPR, reason="x")
    assert "final" in msg


def test_obligation_status_is_audited(db: Database) -> None:
    tid = make_track(db, "CN-SAMR")
    set_state(db, tid, "phase_2_review")
    v = step(db, tid, "clear_with_conditions", PREP, conditions=["Divest unit B"])
    ob = v.obligations[0]
    assert ob.due_date is None and ob.status == "open"
    with db.session() as s:
        with pytest.raises(InputError):
            set_obligation_status(session=s, obligation_id=ob.id, status="waived", actor=PREP)
        set_obligation_status(session=s, obligation_id=ob.id, status="fulfilled", actor=PREP)
    with db.read_session() as s:
        assert track_view(session=s, track_id=tid).obligations[0].status == "fulfilled"
        assert s.exec(select(Event).where(Event.action == "obligation.status")).first()


def test_a_condition_period_in_days_rolls_past_a_holiday(db: Database) -> None:
    """30 days from 1 Sep 2026 is 1 Oct, National Day: the obligation falls due on the
    first working day after the holiday (8 Oct), not on a day the office is closed."""
    tid = make_track(db, "CN-SAMR")
    set_state(db, tid, "phase_2_review")
    v = step(db, tid, "clear_with_conditions", PREP, on="2026-09-01",
             conditions=[{"text": "Report on integration", "due_days": 30},
                         {"text": "Notify the sale of unit B", "due_days": 5}])
    assert [(o.text, o.due_date) for o in v.obligations] == [
        ("Report on integration", "2026-10-08"), ("Notify the sale of unit B", "2026-09-07")]


# -- every transition, allowed and refused -------------------------------------------------------
def _every_step() -> list[tuple[str, str, str]]:
    return [(k, t.name, src) for k, w in wf.WORKFLOWS.items() for t in w.transitions
            for src in t.sources]


def _prepare(db: Database, tid: int, kind: str, state: str) -> None:
    """Put a track into `state` with the clock fields that state implies."""
    w = wf.workflow(kind)
    fields: dict[str, Any] = {"submitted_by": "someone-else"}
    phase = state
    if state == "materials_requested":
        phase = wf._return_phases(w)[0]
        fields["return_state"] = phase
    if w.state(phase).review_phase:
        starter = next(t for t in w.transitions if t.clock and t.clock.op == "start"
                       and (t.target == phase or phase in t.sources))
        spec = wf.clock_spec(kind, starter.clock.phase, TODAY)  # type: ignore[union-attr,arg-type]
        fields.update(clock_phase=spec.phase, clock_calendar=spec.calendar, clock_unit=spec.unit,
                      clock_days=spec.days, clock_start="2026-10-01")
        if state == "materials_requested":
            fields.update(clock_pauses='[["2026-10-20", null]]', clock_stopped_on="2026-10-20")
    set_state(db, tid, state, **fields)


def _inputs(t: wf.Transition) -> tuple[str, dict[str, Any]]:
    params: dict[str, Any] = {}
    if "conditions" in t.params:
        params["conditions"] = [{"text": "a condition", "due_days": 30}]
    if "completion_date" in t.params:
        params["completion_date"] = "2026-10-20"
    if "days" in t.params:
        params["days"] = 10
    if "filing_reference" in t.params:
        params["filing_reference"] = "REF-1"
    return "because", params


def make_track_copied(templates: FolderTemplates, db: Database, kind: str,
                      docs: tuple[str, ...]) -> int:
    """`make_track(db, kind, docs=docs)` on the test's freshly migrated `db`, copied from
    the same made once per session: the case, its filing's particulars and documents cost
    about 0.1 s of CPU each time, and a parametrized test below makes one 174 times."""
    def build(database: Database, _folder: DataDir) -> int:
        return make_track(database, kind, docs=docs)

    return templates.load_into(f"test_workflow track {kind} {docs}", build, db)


@pytest.mark.parametrize(("kind", "name", "source"), _every_step())
def test_every_transition_allowed_and_refused_for_a_role_without_it(
    db: Database, folder_templates: FolderTemplates, kind: str, name: str, source: str
) -> None:
    docs = (*wf.workflow(kind).filing_documents, "technology-export-contract")
    tid = make_track_copied(folder_templates, db, kind, docs)
    _prepare(db, tid, kind, source)
    t = next(t for t in wf.workflow(kind).transitions if t.name == name)
    reason, params = _inputs(t)
    outsider = Actor("nobody", tuple(r for r in ("preparer", "reviewer", "approver")
                                     if r not in t.roles))
    refused(db, tid, PermissionDenied, name, outsider, reason, **params)
    allowed = Actor("doer", (t.roles[0],))
    v = step(db, tid, name, allowed, reason, on="2026-10-25", **params)
    expected = t.target_for(source, wf._return_phases(wf.workflow(kind))[0]
                            if source == "materials_requested" else None)
    assert v.state == expected
    assert v.version == 2
    with db.read_session() as s:
        event = s.exec(select(Event).where(Event.track_id == tid,
                                           Event.action == "track.transition")).all()[-1]
        details = json.loads(event.details)
        assert (details["from"], details["to"], details["transition"]) == (source, expected, name)


def test_a_step_refused_for_its_role_reads_nothing_its_guards_need(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The role is checked before the guards' context is read: a preparer's Approve for
    filing is refused with wf.check's words, and the case's filing data (what the
    filing_complete guard reads) is never loaded for it."""
    from approvals.services import filings

    tid = make_track(db, "CN-FISR")
    step(db, tid, "submit_for_review", PREP)
    t = wf.get_transition("CN-FISR", "internal_review", "approve_for_filing")

    def not_read(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the filing data was read for a step refused for its role")

    monkeypatch.setattr(filings, "load_filing_data", not_read)
    message = refused(db, tid, PermissionDenied, "approve_for_filing", PREP2)
    assert message == f"You may not do this: {wf.role_problem(t, PREP2.roles)}"


# -- each guard --------------------------------------------------------------------------------
def test_missing_facts_refuse_submission_naming_the_fields(db: Database) -> None:
    tid = make_track(db, "CN-FISR", facts=_facts(target__uscc=None, target__name_zh=None))
    msg = refused(db, tid, TransitionRefused, "submit_for_review", PREP)
    assert "target.name_zh" in msg and "target.uscc" in msg
    oisp = make_track(db, "US-OISP", facts=_facts(deal__commercial_rationale=None))
    assert "deal.commercial_rationale" in refused(db, oisp, TransitionRefused,
                                                  "submit_for_review", PREP)


def test_four_eyes_and_solo_mode(db: Database) -> None:
    tid = make_track(db, "CN-FISR")
    step(db, tid, "submit_for_review", BOTH)
    msg = refused(db, tid, TransitionRefused, "approve_for_filing", BOTH)
    assert "four-eyes" in msg
    with db.session() as s:
        s.add(Setting(key="solo_mode", value="true"))
    v = step(db, tid, "approve_for_filing", BOTH)
    assert v.state == "approved_for_filing"
    with db.read_session() as s:
        last = s.exec(select(Event).where(Event.track_id == tid)).all()[-1]
        assert json.loads(last.details)["self_approval"] is True
    # Someone else approving is not a self-approval.
    other = make_track(db, "CN-FISR")
    step(db, other, "submit_for_review", PREP)
    step(db, other, "approve_for_filing", APPR)
    with db.read_session() as s:
        last = s.exec(select(Event).where(Event.track_id == other)).all()[-1]
        assert "self_approval" not in json.loads(last.details)


def test_changing_the_case_under_review_makes_one_a_preparer_for_four_eyes(db: Database) -> None:
    """Pat submits; Andy (preparer and approver) then changes the facts: approving his own
    change would be no second pair of eyes, so it is refused, while a third person may
    approve; in solo mode Andy may, and it is marked as a self-approval."""
    from approvals.services.case_edit import update_case_facts

    tid = make_track(db, "CN-FISR")
    step(db, tid, "submit_for_review", PREP)
    with db.read_session() as s:
        view = track_view(session=s, track_id=tid, actor=BOTH)
        assert next(a for a in view.actions if a.name == "approve_for_filing").allowed
    with db.session() as s:
        case = s.get(Case, s.get(FilingTrack, tid).case_id)  # type: ignore[union-attr]
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(_facts(deal__board_seats=3)), actor=BOTH,
                          reason="more seats agreed")
    msg = refused(db, tid, TransitionRefused, "approve_for_filing", BOTH)
    assert "You changed the case while this review was being prepared" in msg
    with db.read_session() as s:
        view = track_view(session=s, track_id=tid, actor=BOTH)
        approve = next(a for a in view.actions if a.name == "approve_for_filing")
        assert not approve.allowed and "four-eyes" in (approve.why_not or "")
    with db.session() as s:
        s.add(Setting(key="solo_mode", value="true"))
    step(db, tid, "approve_for_filing", BOTH)
    with db.read_session() as s:
        last = s.exec(select(Event).where(Event.track_id == tid)).all()[-1]
        assert json.loads(last.details)["self_approval"] is True
    # Without solo mode, someone who changed nothing approves as usual.
    other = make_track(db, "CN-FISR")
    step(db, other, "submit_for_review", PREP)
    with db.session() as s:
        s.exec(delete(Setting).where(Setting.key == "solo_mode"))
        case = s.get(Case, s.get(FilingTrack, other).case_id)  # type: ignore[union-attr]
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(_facts(deal__board_seats=2)), actor=BOTH,
                          reason="seats")
    assert step(db, other, "approve_for_filing", APPR).state == "approved_for_filing"


# -- four-eyes: which audit actions change what a review covers ---------------------------
APPROVALS = Path(__file__).resolve().parents[2] / "approvals"
# Actions recorded under a name built at run time: the prefix and every ending it takes.
DYNAMIC_ACTIONS = {"review.proposal_": ("accepted", "rejected")}  # ReviewProposal.status


def _action_values(node: ast.expr, constants: dict[str, str], where: str) -> list[str]:
    """The audit actions an `action=` argument can name."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return (_action_values(node.body, constants, where)
                + _action_values(node.orelse, constants, where))
    if isinstance(node, ast.Name) and node.id in constants:
        return [constants[node.id]]
    if isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
        prefix = str(node.values[0].value)
        assert prefix in DYNAMIC_ACTIONS, f"{where}: add {prefix!r} to DYNAMIC_ACTIONS"
        return [prefix + ending for ending in DYNAMIC_ACTIONS[prefix]]
    raise AssertionError(f"{where}: cannot tell which audit action {ast.unparse(node)} names")


def _callee(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")


def recorded_actions() -> dict[str, str]:
    """Every audit action the application's code can record (each `append_event` call's
    action; one a helper passes on from its own `action` parameter, at the helper's calls),
    with where it does."""
    found: dict[str, str] = {}
    for source in app_sources():
        if "append_event" not in source.text:
            continue  # no call to it here, nor a helper passing an action on to it
        tree = source.tree
        constants = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                     and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
                     for t in n.targets if isinstance(t, ast.Name)}
        functions = [f for f in source.nodes if isinstance(f, ast.FunctionDef)]
        calls = [c for c in source.nodes if isinstance(c, ast.Call)]
        todo = [c for c in calls if _callee(c) == "append_event"]
        while todo:
            call = todo.pop()
            where = f"{source.path.relative_to(APPROVALS.parent)}:{call.lineno}"
            value = next((kw.value for kw in call.keywords if kw.arg == "action"), None)
            assert value is not None, f"{where}: append_event without action="
            helper = next((f for f in functions if isinstance(value, ast.Name)
                           and f.lineno <= call.lineno <= (f.end_lineno or 0)
                           and value.id in {a.arg for a in f.args.args + f.args.kwonlyargs}),
                          None)
            if helper is not None:  # passed on: what the helper's callers give
                todo += [c for c in calls if _callee(c) == helper.name]
                continue
            for action in _action_values(value, constants, where):
                found.setdefault(action, where)
    return found


def test_every_recorded_action_is_classified_as_content_or_not() -> None:
    """A new audit action cannot be forgotten by the four-eyes check: it must be entered
    in domain.audit.ACTIONS_CHANGING_CONTENT as changing what a review covers, or not."""
    found = recorded_actions()
    assert {"field.changed", "document.attached", "review.proposal_accepted",
            "user.roles_changed", "case.particulars_changed", "settings.changed"} <= set(found)
    unclassified = {a: w for a, w in found.items() if a not in ACTIONS_CHANGING_CONTENT}
    assert unclassified == {}, "classify these in domain.audit.ACTIONS_CHANGING_CONTENT"
    assert set(ACTIONS_CHANGING_CONTENT) - set(found) == set(), "no code records these"


def test_the_scan_would_catch_an_action_it_cannot_read() -> None:
    tree = ast.parse("append_event(s, action=kind + '.x')")
    call = tree.body[0].value  # type: ignore[attr-defined]
    with pytest.raises(AssertionError, match="cannot tell"):
        _action_values(call.keywords[0].value, {}, "here")


def _submitted(db: Database) -> tuple[int, int, str]:
    """A CN-FISR track submitted for review by Pat: (track, case id, case reference)."""
    tid = make_track(db, "CN-FISR")
    step(db, tid, "submit_for_review", PREP)
    with db.read_session() as s:
        case = s.get(Case, s.get(FilingTrack, tid).case_id)  # type: ignore[union-attr]
        assert case is not None and case.id is not None
        return tid, case.id, case.reference


def _approvable_by(db: Database, tid: int, actor: Actor) -> bool:
    with db.read_session() as s:
        view = track_view(session=s, track_id=tid, actor=actor)
        return next(a for a in view.actions if a.name == "approve_for_filing").allowed


@pytest.mark.parametrize("action", sorted(CONTENT_ACTIONS))
def test_each_content_action_after_submission_blocks_its_author(db: Database, action: str) -> None:
    tid, case_id, reference = _submitted(db)
    with db.session() as s:
        append_event(s, actor=BOTH, action=action, entity="case", entity_id=reference,
                     case_id=case_id)
    msg = refused(db, tid, TransitionRefused, "approve_for_filing", BOTH)
    assert "changed the case while this review was being prepared" in msg
    assert _approvable_by(db, tid, APPR)


def test_who_entered_the_facts_before_the_track_opened_is_a_preparer_too(db: Database) -> None:
    """Creating and screening a case come before its tracks open: counted from the opening,
    the officer who entered every fact approved them once a colleague pressed Submit."""
    tid = make_track(db, "CN-FISR")
    with db.session() as s:
        case = s.get(Case, s.get(FilingTrack, tid).case_id)  # type: ignore[union-attr]
        append_event(s, actor=BOTH, action="case.screened", entity="case",
                     entity_id=case.reference, case_id=case.id)
        append_event(s, actor=Actor("setup", ("preparer",)), action="track.opened",
                     entity="track", entity_id=str(tid), case_id=case.id, track_id=tid)
    step(db, tid, "submit_for_review", PREP)
    msg = refused(db, tid, TransitionRefused, "approve_for_filing", BOTH)
    assert "You changed the case while this review was being prepared" in msg
    assert _approvable_by(db, tid, APPR)


def _seats_edited(db: Database, track_id: int, seats: int, reason: str) -> None:
    """Sam (preparer and approver) edits the board seats of the track's case."""
    from approvals.services.case_edit import update_case_facts

    with db.session() as s:
        case = s.get(Case, s.get(FilingTrack, track_id).case_id)  # type: ignore[union-attr]
        update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                          new_facts=parse_facts(_facts(deal__board_seats=seats)), actor=BOTH,
                          reason=reason)


def test_a_change_handed_to_another_to_submit_still_blocks_its_author(db: Database) -> None:
    """Andy (preparer and approver) rewrites the facts, Pat presses Submit, Andy approves:
    allowed while only changes after the submission counted, it was his own work approved
    unmarked. A round's changes count from the track's opening (or its last return); the
    rounds before a return do not."""
    tid = make_track(db, "CN-FISR")
    _seats_edited(db, tid, 1, "before submission")
    step(db, tid, "submit_for_review", PREP)
    msg = refused(db, tid, TransitionRefused, "approve_for_filing", BOTH)
    assert "You changed the case while this review was being prepared" in msg
    assert _approvable_by(db, tid, APPR)
    # Returned and submitted again with no change of his since: his earlier round is decided.
    step(db, tid, "return_to_preparer", APPR, reason="check the seats")
    step(db, tid, "submit_for_review", PREP)
    assert _approvable_by(db, tid, BOTH)


def test_a_return_of_ones_own_changes_decides_nothing_of_them(db: Database) -> None:
    """Refused the approval of his own edits, Sam returned the track himself, Pat submitted
    it again unchanged, and Sam's approval went through unmarked: nobody else had checked
    his changes. A return by one who changed the case in its round does not end it."""
    tid = make_track(db, "CN-FISR")
    _seats_edited(db, tid, 1, "his own edit")
    step(db, tid, "submit_for_review", PREP)
    refused(db, tid, TransitionRefused, "approve_for_filing", BOTH)
    step(db, tid, "return_to_preparer", BOTH, reason="returned by himself")
    step(db, tid, "submit_for_review", PREP)
    msg = refused(db, tid, TransitionRefused, "approve_for_filing", BOTH)
    assert "You changed the case while this review was being prepared" in msg
    # Twice over: another self-return still decides nothing.
    step(db, tid, "return_to_preparer", BOTH, reason="again")
    step(db, tid, "submit_for_review", PREP)
    assert not _approvable_by(db, tid, BOTH) and _approvable_by(db, tid, APPR)
    # A step that stays in the review (US-OISP's Record completion) decides nothing.
    us = make_track(db, "US-OISP", outcome="notification_required", docs=("org_chart",))
    _seats_edited(db, us, 2, "his own edit")
    step(db, us, "submit_for_review", PREP)
    step(db, us, "record_completion", PREP, completion_date="2026-10-20")
    step(db, us, "return_to_preparer", BOTH, reason="returned by himself")
    step(db, us, "submit_for_review", PREP)
    assert not _approvable_by(db, us, BOTH) and _approvable_by(db, us, APPR)
    # Another's return decides the round, as before: Sam's changes were checked by Adam.
    step(db, tid, "return_to_preparer", APPR, reason="seen")
    step(db, tid, "submit_for_review", PREP)
    assert _approvable_by(db, tid, BOTH)


def test_the_approver_is_told_what_changed_since_the_submission(db: Database) -> None:
    """Pat submitted; Sam changed a fact and attached a document afterwards; Adam, who may
    approve, was told nothing: he signed off on a case the submitter never saw."""
    tid, case_id, reference = _submitted(db)

    def note() -> str:
        with db.read_session() as s:
            view = track_view(session=s, track_id=tid, actor=APPR)
            return next(a for a in view.actions if a.name == "approve_for_filing").note

    assert note() == ""
    with db.session() as s:
        append_event(s, actor=BOTH, action="field.changed", entity="case", entity_id=reference,
                     case_id=case_id, field="deal.board_seats", old=0, new=1)
        append_event(s, actor=BOTH, action="document.attached", entity="document",
                     entity_id="1", case_id=case_id)
    said = note()
    assert said.startswith("Changed since it was submitted for review: Board seats"), said
    assert "a document attached — by sam. pat submitted it before these changes: look at " \
        "them before approving." in said, said


def test_other_actions_after_submission_leave_the_approval_open(db: Database) -> None:
    tid, case_id, reference = _submitted(db)
    with db.session() as s:
        for action, content in ACTIONS_CHANGING_CONTENT.items():
            if not content:
                append_event(s, actor=BOTH, action=action, entity="case", entity_id=reference,
                             case_id=case_id)
    assert _approvable_by(db, tid, BOTH)
    assert step(db, tid, "approve_for_filing", BOTH).state == "approved_for_filing"


def test_the_services_that_change_content_block_the_same_approver(
        db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    """Each real service path: particulars, documents (attached, restricted), screening,
    an accepted review proposal. Each changes a case submitted by Pat; Sam, who made the
    change, may not approve it, Adam may."""
    from approvals.services.documents import (
        attach_document,
        set_document_type,
        set_restriction,
        withdraw_document,
    )
    from approvals.services.filings import set_filing_particulars
    from approvals.services.review import decide_proposal
    from approvals.services.screening import accept_rescreen, screen_case
    from approvals.store.models import ReviewProposal, User

    with db.session() as s:  # a restriction names users who have an account
        s.add(User(username=BOTH.username, roles=json.dumps(BOTH.roles)))
    letter = tmp_path / "letter.txt"
    letter.write_text("a letter\n", encoding="utf-8")

    def attach(s: Any, case_id: int, _ref: str) -> None:
        attach_document(s, actor=BOTH, data_dir=data_dir, case_id=case_id, source=letter)

    def restrict(s: Any, case_id: int, _ref: str) -> None:
        doc = s.exec(select(Document).where(Document.case_id == case_id)).first()
        set_restriction(s, actor=BOTH, document_id=doc.id, restricted=True)

    def withdraw(s: Any, case_id: int, _ref: str) -> None:
        doc = s.exec(select(Document).where(Document.case_id == case_id)).first()
        withdraw_document(s, actor=BOTH, document_id=doc.id, reason="wrong version")

    def retype(s: Any, case_id: int, _ref: str) -> None:
        doc = s.exec(select(Document).where(Document.case_id == case_id)).first()
        set_document_type(s, actor=BOTH, document_id=doc.id, doc_type="board_minutes")

    def propose(s: Any, case_id: int, _ref: str) -> None:
        row = ReviewProposal(case_id=case_id, pack_id="pack-1", reviewer="rita",
                             field_path="deal.board_seats",
                             base_value=json.dumps(_facts()["deal"]["board_seats"]),
                             proposed_value="4")
        s.add(row)
        s.flush()
        decide_proposal(s, proposal_id=row.id, accept=True, actor=BOTH)

    changes = {
        "case.particulars_changed": lambda s, _id, ref: set_filing_particulars(
            session=s, actor=BOTH, reference=ref,
            values={"representative": {"name": "Sam Preparer"}}),
        "document.attached": attach,
        "document.restriction_changed": restrict,
        "document.withdrawn": withdraw,
        "document.type_changed": retype,
        "case.screened": lambda s, case_id, _ref: screen_case(session=s, case_id=case_id,
                                                             actor=BOTH),
        "case.rescreen_accepted": lambda s, case_id, _ref: accept_rescreen(
            session=s, case_id=case_id, actor=BOTH, reason="new rules"),
        "review.proposal_accepted": propose,
    }
    # A new content action gets a row here: its event must name the case to count.
    # (field.changed: the test above; a case's creation comes before any submission.)
    assert {*changes, "field.changed", "case.created", "case.draft_created"} == CONTENT_ACTIONS
    for action, change in changes.items():
        tid, case_id, reference = _submitted(db)
        if action in ("document.restriction_changed", "document.withdrawn",
                      "document.type_changed"):  # there when submitted
            with db.session() as s:
                s.add(Document(case_id=case_id, file_name="spa.pdf", sha256="0" * 64, size=1,
                               stored_path="spa.pdf", doc_type="spa"))
        with db.session() as s:
            change(s, case_id, reference)
        with db.read_session() as s:
            recorded = s.exec(select(Event.action).where(Event.case_id == case_id,
                                                         Event.actor == BOTH.username)).all()
        assert action in recorded, (action, recorded)
        assert not _approvable_by(db, tid, BOTH), action
        assert _approvable_by(db, tid, APPR), action


def test_organisation_wide_particulars_do_not_make_one_an_author_of_every_case(
        db: Database) -> None:
    """The organisation's defaults (set by an administrator for every case at once) are not
    the content a preparer submitted: changing them leaves the approval open; changing
    the case's own particulars does not."""
    from approvals.services.filings import set_filing_particulars

    admin = Actor("ada", ("approver", "admin"))
    tid, _case_id, reference = _submitted(db)
    with db.session() as s:
        set_filing_particulars(session=s, actor=admin, reference=None,
                               values={"representative": {"name": "Ada Admin"}})
    assert _approvable_by(db, tid, admin)
    with db.session() as s:
        set_filing_particulars(session=s, actor=admin, reference=reference,
                               values={"representative": {"name": "Ada Admin"}})
    assert not _approvable_by(db, tid, admin)


def test_documents_reasons_and_inputs_are_required(db: Database) -> None:
    tid = make_track(db, "CN-FISR")
    set_state(db, tid, "approved_for_filing")
    assert "receipt or reference number" in refused(db, tid, TransitionRefused, "file", PREP)
    assert "receipt or reference number" in refused(db, tid, TransitionRefused, "file", PREP,
                                                    filing_reference="   ")
    assert "reason" in refused(db, tid, TransitionRefused, "return_to_preparer", REV).lower()
    set_state(db, tid, "general_review")
    assert "conditions" in refused(db, tid, TransitionRefused, "clear_with_conditions", PREP)
    refused(db, tid, InputError, "clear_with_conditions", PREP, conditions=[{"text": ""}])
    refused(db, tid, InputError, "clear_with_conditions", PREP, conditions=["x"], color="red")
    refused(db, tid, InputError, "clear", PREP, on="2026-02-30")
    # Documents: the licence needs the signed contract attached (to the case or the track).
    tech = make_track(db, "CN-TECH-EXPORT")
    set_state(db, tech, "export_approved")
    assert "technology-export-contract" in refused(db, tech, TransitionRefused,
                                                   "grant_licence", PREP)
    with db.session() as s:
        track = s.get(FilingTrack, tech)
        assert track is not None
        s.add(Document(case_id=track.case_id, file_name="contract.pdf", sha256="1" * 64, size=1,
                       stored_path="c.pdf", doc_type="technology-export-contract"))
    assert step(db, tech, "grant_licence", PREP, licence_number="L-1").state == "licensed"


def test_us_oisp_prohibited_cannot_complete_or_be_filed(db: Database) -> None:
    tid = make_track(db, "US-OISP", outcome="prohibited", docs=("us-notification",))
    assert "850.224" in refused(db, tid, TransitionRefused, "record_completion", PREP,
                                completion_date="2026-11-01")
    step(db, tid, "submit_for_review", PREP)
    refused(db, tid, TransitionRefused, "approve_for_filing", APPR)
    set_state(db, tid, "approved_for_filing")
    assert "850.224" in refused(db, tid, TransitionRefused, "file", PREP, filing_reference="X")
    with db.read_session() as s:
        track = s.get(FilingTrack, tid)
        assert track is not None
        assert any("prohibited" in b for b in completion_blockers(session=s, case_id=track.case_id))
    v = step(db, tid, "withdraw", APPR, reason="deal abandoned")
    assert v.state == "withdrawn" and v.final


def test_cn_tech_export_prohibited_cannot_be_approved_or_filed(db: Database) -> None:
    tid = make_track(db, "CN-TECH-EXPORT", outcome="prohibited", docs=("cn-application",))
    step(db, tid, "submit_for_review", PREP)  # internal review may still look at it
    msg = refused(db, tid, TransitionRefused, "approve_for_filing", APPR)
    assert "prohibited export catalogue" in msg and "cannot be approved for filing or filed" in msg
    assert msg.count("efused") == 1, msg  # "'Approve for filing' refused: The technology …"
    with db.read_session() as s:
        actions = {a.name: a for a in track_view(session=s, track_id=tid, actor=APPR).actions}
        assert not actions["approve_for_filing"].allowed
        assert "prohibited export catalogue" in (actions["approve_for_filing"].why_not or "")
    set_state(db, tid, "approved_for_filing")
    assert "prohibited export catalogue" in refused(db, tid, TransitionRefused, "file", PREP,
                                                    filing_reference="X")
    with db.read_session() as s:
        track = s.get(FilingTrack, tid)
        assert track is not None
        blockers = completion_blockers(session=s, case_id=track.case_id)
        assert any(b.startswith("CN-TECH-EXPORT:") and "prohibited" in b for b in blockers)
    assert step(db, tid, "withdraw", APPR, reason="export dropped from the deal").state == "withdrawn"
    # A licence application for restricted technology goes through as before.
    licensed = make_track(db, "CN-TECH-EXPORT", outcome="approval_required")
    step(db, licensed, "submit_for_review", PREP)
    assert step(db, licensed, "approve_for_filing", APPR).state == "approved_for_filing"
    assert step(db, licensed, "file", PREP, filing_reference="MOFCOM-1").state == "filed"


def test_us_oisp_clock_is_the_version_in_force_on_the_completion_date(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Recorded late, the period still follows the rule in force when it started (and the
    due date is computed from the same version the recomputation after a pause uses)."""
    shipped = wf.clock_specs()
    later = replace(wf.clock_spec("US-OISP", "notification", D("2026-01-01")),
                    effective_from=D("2026-10-20"), days=45)
    monkeypatch.setattr(wf, "clock_specs", lambda path=None: (*shipped, later))
    tid = make_track(db, "US-OISP", outcome="notification_required", docs=("us-notification",))
    v = step(db, tid, "record_completion", PREP, completion_date="2026-10-15", on="2026-10-25")
    assert v.due == "2026-11-14"  # 30 days after 15 Oct, not the 45 of the later version
    other = make_track(db, "US-OISP", outcome="notification_required", docs=("us-notification",))
    assert step(db, other, "record_completion", PREP, completion_date="2026-10-21").due == "2026-12-05"


def test_us_oisp_due_30_days_after_completion_and_overdue(db: Database) -> None:
    tid = make_track(db, "US-OISP", outcome="notification_required", docs=("us-notification",))
    with db.read_session() as s:
        v = track_view(session=s, track_id=tid, today=TODAY)
        assert "expected completion 20 Jan 2027" in v.clock_text and v.due is None
    # A day still to come is a typo for the year, refused by the service as by the dialog.
    msg = refused(db, tid, InputError, "record_completion", PREP, completion_date="2027-10-15")
    assert msg.startswith("completion_date: 2027-10-15 is after today"), msg
    msg = refused(db, tid, InputError, "record_completion", PREP, completion_date="2026-10-15",
                  knowledge_date="2026-11-03")
    assert msg.startswith("knowledge_date: 2026-11-03 is after today"), msg
    v = step(db, tid, "record_completion", PREP, completion_date="2026-10-15")
    assert v.state == "draft" and v.due == "2026-11-14"
    with db.read_session() as s:
        late = track_view(session=s, track_id=tid, today=date(2026, 11, 29))
        assert late.overdue and "overdue" in late.clock_text
        rows = list_cases(s)
        assert any(r.next_deadline == "2026-11-14" for r in rows)
    step(db, tid, "submit_for_review", PREP)
    step(db, tid, "approve_for_filing", APPR)
    step(db, tid, "file", PREP, filing_reference="OIS-1")
    v = step(db, tid, "acknowledge", PREP)
    assert v.state == "acknowledged" and v.due is None
    with db.read_session() as s:
        assert all(r.next_deadline is None for r in list_cases(s))


def test_us_capital_runs_without_a_clock(db: Database) -> None:
    tid = make_track(db, "CN-US-CAPITAL")
    set_state(db, tid, "accepted")
    v = step(db, tid, "start_review", PREP)
    assert v.state == "under_review" and v.due is None
    assert v.clock is not None and "no statutory time limit" in v.clock.text


def test_samr_extension_is_capped_by_data(db: Database) -> None:
    tid = make_track(db, "CN-SAMR", docs=("cn-application",))
    set_state(db, tid, "filed")
    v = step(db, tid, "accept", PREP, on="2026-09-01")
    assert v.due == "2026-10-08"  # 30 calendar days end on 1 Oct (holiday): rolled
    step(db, tid, "start_phase_2", PREP, on="2026-10-08")
    refused(db, tid, InputError, "extend_review", PREP, reason="notice", days=61)
    for not_days in (True, 2.7):  # neither is a number of days: not read as 1 or 2
        assert "is not a whole number" in refused(db, tid, InputError, "extend_review", PREP,
                                                  reason="notice", days=not_days)
    v = step(db, tid, "extend_review", PREP, reason="notice")  # default: the data's 60 days
    assert v.clock.days == 150
    msg = refused(db, tid, InputError, "extend_review", PREP, reason="another notice")
    assert msg == "days: the extension of 60 calendar days has been granted in full: none is left"


def test_samr_extensions_together_stay_within_the_cap(db: Database) -> None:
    tid = make_track(db, "CN-SAMR", docs=("cn-application",))
    set_state(db, tid, "filed")
    step(db, tid, "accept", PREP, on="2026-09-01")
    step(db, tid, "start_phase_2", PREP, on="2026-10-08")
    v = step(db, tid, "extend_review", PREP, reason="first notice", days=40)
    assert v.clock.days == 130
    message = refused(db, tid, InputError, "extend_review", PREP, reason="second notice", days=21)
    assert "at most 60 days in all; 40 already granted, so at most 20 more" in message
    v = step(db, tid, "extend_review", PREP, reason="second notice", days=20)
    assert v.clock.days == 150


def test_wrong_state_unknown_step_and_stale_version(db: Database) -> None:
    tid = make_track(db, "CN-FISR")
    assert "not possible" in refused(db, tid, TransitionRefused, "file", PREP)
    refused(db, tid, TransitionRefused, "teleport", PREP)
    step(db, tid, "submit_for_review", PREP)
    before = snapshot(db, tid)
    with db.session() as s, pytest.raises(ConflictError) as err:
        transition(session=s, track_id=tid, transition_name="approve_for_filing", actor=APPR,
                   expected_version=1, today=TODAY)
    assert "pat" in str(err.value) and "(Draft → Internal review)" in str(err.value)
    assert snapshot(db, tid) == before


def test_available_actions_say_why_not(db: Database) -> None:
    tid = make_track(db, "CN-FISR")
    step(db, tid, "submit_for_review", PREP)
    with db.read_session() as s:
        as_prep = {a.name: a for a in track_view(session=s, track_id=tid, actor=PREP).actions}
        assert not as_prep["approve_for_filing"].allowed
        assert "approver" in (as_prep["approve_for_filing"].why_not or "")
        as_appr = {a.name: a for a in track_view(session=s, track_id=tid, actor=APPR).actions}
        assert as_appr["approve_for_filing"].allowed and as_appr["return_to_preparer"].allowed
        assert as_appr["return_to_preparer"].needs_reason
        as_both = {a.name: a for a in track_view(session=s, track_id=tid, actor=Actor(
            "pat", ("preparer", "approver"))).actions}
        assert "four-eyes" in (as_both["approve_for_filing"].why_not or "")
    with db.read_session() as s:
        ctx = wf.GuardContext(actor="x", roles=("preparer",))
        listed = wf.available_actions("CN-FISR", "draft", ctx)
        assert {t.name for t, _, _ in listed} == {"submit_for_review", "withdraw"}
        assert [ok for t, ok, _ in listed if t.name == "submit_for_review"] == [False]


def test_completion_blockers_follow_the_decision(db: Database) -> None:
    tid = make_track(db, "CN-SAMR")
    with db.read_session() as s:
        case_id = s.get(FilingTrack, tid).case_id  # type: ignore[union-attr]
        assert "clearance is needed" in completion_blockers(session=s, case_id=case_id)[0]
    set_state(db, tid, "phase_2_review")
    step(db, tid, "prohibit", PREP, reason="decision notice")
    step(db, tid, "close", APPR)
    with db.read_session() as s:
        assert "prohibited" in completion_blockers(session=s, case_id=case_id)[0]
    cleared = make_track(db, "CN-FISR")
    set_state(db, cleared, "general_review")
    step(db, cleared, "clear", PREP)
    step(db, cleared, "close", PREP)
    with db.read_session() as s:
        other = s.get(FilingTrack, cleared).case_id  # type: ignore[union-attr]
        assert completion_blockers(session=s, case_id=other) == []


def test_case_list_shows_the_least_advanced_open_track(db: Database) -> None:
    first = make_track(db, "CN-FISR")
    set_state(db, first, "general_review")
    with db.session() as s:
        case_id = s.get(FilingTrack, first).case_id  # type: ignore[union-attr]
        s.add(FilingTrack(case_id=case_id, regime="US-OISP", kind="US-OISP",
                          outcome="notification_required", state="approved_for_filing"))
        s.add(FilingTrack(case_id=case_id, regime="CN-SAMR", kind="CN-SAMR", state="closed"))
    with db.read_session() as s:
        (row,) = list_cases(s)
        assert row.worst_state == "approved_for_filing"


def test_data_export_clearance_creates_the_renewal_obligation_from_data(db: Database) -> None:
    tid = make_track(db, "CN-DATA-EXPORT")
    set_state(db, tid, "assessment")
    v = step(db, tid, "clear", PREP, on="2026-06-01", today=date(2026, 6, 1))
    (renewal,) = v.obligations
    assert "renew" in renewal.text and "1 Jun 2029" in renewal.text and "Order 16" in renewal.text
    # A window (Order 16 art. 9): it opens 60 working days before 1 June 2029 on the
    # (estimated) 2029 CN calendar, and the renewal is due by the last working day before.
    assert renewal.due_date == "2029-05-31"
    opens = renewal.text.split("between ")[1].split(" and ")[0]
    assert D("2029-02-20") < datetime.strptime(opens, "%d %b %Y").date() < D("2029-03-10")
    follow = wf.follow_ups_for("CN-DATA-EXPORT", "clear", D("2026-06-01"))
    assert follow and follow[0].valid_years == 3
    assert wf.follow_ups_for("CN-DATA-EXPORT", "clear", D("2023-01-01")) == []
    with pytest.raises(InputError):
        wf.parse_follow_ups({"follow_ups": [{"kind": "CN-DATA-EXPORT", "transitions": ["nope"],
                                             "effective_from": "2024-01-01", "text": "x",
                                             "valid_years": 1}]})


def test_view_of_a_clock_phase_the_data_does_not_name(db: Database) -> None:
    tid = make_track(db, "CN-FISR")
    set_state(db, tid, "accepted", clock_phase="review_decision", clock_calendar="CN",
              clock_unit="working", clock_days=15, clock_start="2026-09-24")
    with db.read_session() as s:
        v = track_view(session=s, track_id=tid, today=date(2026, 10, 12))
        assert v.clock is not None and v.clock.due == "2026-10-22" and v.clock.citation == ""
    set_state(db, tid, "teleported")
    with db.read_session() as s, pytest.raises(NotFound):
        track_view(session=s, track_id=tid)


def test_case_completion_is_blocked_by_a_prohibition(db: Database) -> None:
    from approvals.store.models import Case

    tid = make_track(db, "US-OISP", outcome="prohibited")
    with db.read_session() as s:
        case_id = s.get(FilingTrack, tid).case_id  # type: ignore[union-attr]
    before = snapshot(db, tid)
    with db.session() as s, pytest.raises(TransitionRefused, match="prohibited"):
        complete_case(session=s, case_id=case_id, actor=PREP, expected_version=1)
    assert snapshot(db, tid) == before
    # Withdrawing the track is no side door around the prohibition.
    step(db, tid, "withdraw", APPR, reason="try to get around it")
    with db.session() as s, pytest.raises(TransitionRefused, match="prohibited"):
        complete_case(session=s, case_id=case_id, actor=PREP, expected_version=1)
    # A case whose only track was cleared completes.
    cleared = make_track(db, "CN-FISR")
    set_state(db, cleared, "general_review")
    step(db, cleared, "clear", PREP)
    with db.read_session() as s:
        case_id = s.get(FilingTrack, cleared).case_id  # type: ignore[union-attr]
    with db.session() as s:
        complete_case(session=s, case_id=case_id, actor=PREP, expected_version=1)
    with db.read_session() as s:
        case = s.get(Case, case_id)
        assert case is not None and (case.status, case.version) == ("completed", 2)
        assert s.exec(select(Event).where(Event.action == "case.completed")).one()


def test_marking_the_case_completed_starts_its_us_notification_clock(db: Database) -> None:
    """Mark completed… recorded the completion on the case only: the US-OISP track went on
    counting from the expected completion date, due months late on every screen and filing
    (31 CFR 850.401: 30 days after completion). The completion is now the track's step too."""
    tid = make_track(db, "US-OISP", outcome="notification_required")
    with db.read_session() as s:
        case_id = s.get(FilingTrack, tid).case_id  # type: ignore[union-attr]
    completed = date.today() - timedelta(days=3)
    with db.session() as s:
        complete_case(session=s, case_id=case_id, actor=PREP, expected_version=1,
                      completed_on=completed, reason="Closing memo signed")
    with db.read_session() as s:
        view = track_view(session=s, track_id=tid)
        assert view.state == "draft" and view.clock is not None
        assert view.due is not None
        # 30 calendar days after completion, rolled on to a working day if need be.
        assert 0 <= (date.fromisoformat(view.due) - completed).days - 30 <= 4
        last = s.exec(select(Event).where(Event.track_id == tid)
                      .order_by(col(Event.id).desc())).first()
        assert last is not None and last.action == "track.transition"
        details = json.loads(last.details or "{}")
        assert details["transition"] == "record_completion"
        assert details["completion_date"] == completed.isoformat()
        assert last.reason == "Completion recorded with the case: Closing memo signed"
        assert last.actor == PREP.username


def test_a_completion_already_recorded_on_the_track_is_kept(db: Database) -> None:
    tid = make_track(db, "US-OISP", outcome="notification_required")
    step(db, tid, "record_completion", PREP, completion_date="2026-10-15")
    with db.read_session() as s:
        track = s.get(FilingTrack, tid)
        assert track is not None
        case_id, before = track.case_id, (track.clock_start, track.due_date, track.version)
    with db.session() as s:
        complete_case(session=s, case_id=case_id, actor=PREP, expected_version=1)
    with db.read_session() as s:
        track = s.get(FilingTrack, tid)
        assert track is not None
        assert (track.clock_start, track.due_date, track.version) == before


# -- audit against the regulatory reference (clocks) -----------------------------------------
def _oisp_ready_to_file(db: Database, completion: str, **extra: Any) -> int:
    tid = make_track(db, "US-OISP", outcome="notification_required", docs=("us-notification",))
    step(db, tid, "record_completion", PREP, completion_date=completion, **extra)
    step(db, tid, "submit_for_review", PREP)
    step(db, tid, "approve_for_filing", APPR)
    return tid


def test_us_oisp_filing_the_notification_stops_the_deadline(db: Database) -> None:
    """31 CFR 850.401: the notification is due 30 days after completion. Once it is filed
    the deadline is met: Treasury's acknowledgement coming later is no overdue filing."""
    in_time = _oisp_ready_to_file(db, "2026-10-15")
    v = step(db, in_time, "file", PREP, filing_reference="OIS-1", on="2026-11-01")
    assert v.state == "filed" and v.due is None and v.clock is None
    with db.read_session() as s:
        later = track_view(session=s, track_id=in_time, today=date(2026, 11, 29))
        assert not later.overdue and later.due is None
        assert later.clock_text == "notification filed on 1 Nov 2026 (due 14 Nov 2026: in time)"
        assert all(r.next_deadline is None for r in list_cases(s))
        event = s.exec(select(Event).where(Event.track_id == in_time)).all()[-1]
        # One record of the deadline: the step's due_date [old, new]; was_due is read from it.
        details = json.loads(event.details)
        assert details["due_date"] == ["2026-11-14", None] and "was_due" not in details
        assert wf.due_when_ended(details) == "2026-11-14"
    late = _oisp_ready_to_file(db, "2026-10-15")
    v = step(db, late, "file", PREP, filing_reference="OIS-2", on="2026-11-20")
    assert v.clock_text == "notification filed on 20 Nov 2026 (6 days after the due date 14 Nov 2026)"
    # Filed without a completion date recorded (before completion): nothing was due.
    early = make_track(db, "US-OISP", outcome="notification_required", docs=("us-notification",))
    set_state(db, early, "approved_for_filing", submitted_by="pat")
    v = step(db, early, "file", PREP, filing_reference="OIS-3", on="2026-11-02")
    assert v.clock_text == "notification filed on 2 Nov 2026" and not v.overdue


def test_us_oisp_knowledge_after_completion_moves_the_deadline(db: Database) -> None:
    """31 CFR 850.402: a US person who learns of the covered transaction only after its
    completion notifies within 30 days of acquiring that knowledge (clock data, not code)."""
    tid = make_track(db, "US-OISP", outcome="notification_required", docs=("us-notification",))
    v = step(db, tid, "record_completion", PREP, reason="found in the portfolio review",
             completion_date="2026-09-01", knowledge_date="2026-10-20", on="2026-10-21")
    assert v.due == "2026-11-19"  # 30 calendar days after 20 Oct, not after 1 Sep
    assert v.clock is not None and v.clock.start == "2026-10-20"
    assert "850.402" in v.clock.citation and v.clock.days == 30
    with db.read_session() as s:
        assert not track_view(session=s, track_id=tid, today=date(2026, 11, 1)).overdue
        assert [r.next_deadline for r in list_cases(s)] == ["2026-11-19"]
        entry = track_view(session=s, track_id=tid).history[-1]
        assert ("knowledge_date", "2026-10-20") in entry.particulars
        assert ("completion_date", "2026-09-01") in entry.particulars
        details = json.loads(s.exec(select(Event).where(Event.track_id == tid)).all()[-1].details)
        assert (details["phase"], details["start"]) == ("notification_after_knowledge", "2026-10-20")
    # Knowledge on or before the completion date: 850.401 applies, and the input is refused.
    other = make_track(db, "US-OISP", outcome="notification_required", docs=("us-notification",))
    for known in ("2026-09-01", "2026-08-15"):
        msg = refused(db, other, InputError, "record_completion", PREP,
                      completion_date="2026-09-01", knowledge_date=known)
        assert msg.startswith("knowledge_date:") and "not after the completion date" in msg
    refused(db, other, InputError, "record_completion", PREP, completion_date="2026-09-01",
            knowledge_date="2026-13-01")
    # Without a knowledge date the period runs from completion, as before.
    assert step(db, other, "record_completion", PREP, completion_date="2026-09-01").due == "2026-10-01"
    # The knowledge rule is refused for a prohibited transaction like the completion itself.
    banned = make_track(db, "US-OISP", outcome="prohibited")
    refused(db, banned, TransitionRefused, "record_completion", PREP,
            completion_date="2026-09-01", knowledge_date="2026-10-20")


def test_a_clock_cannot_stop_before_it_started_or_inside_an_earlier_pause(db: Database) -> None:
    tid = make_track(db, "CN-FISR")
    set_state(db, tid, "accepted")
    step(db, tid, "start_preliminary_review", PREP, on="2026-09-24")
    msg = refused(db, tid, InputError, "request_materials", PREP, reason="list", on="2026-09-20")
    assert "started on 24 Sep 2026" in msg
    step(db, tid, "request_materials", PREP, reason="list", on="2026-09-28")
    step(db, tid, "supply_materials", PREP, on="2026-10-12")
    msg = refused(db, tid, InputError, "request_materials", PREP, reason="more", on="2026-10-09")
    assert "last resumed on 12 Oct 2026" in msg
    # Only 28 Sep counted before the first stop (25 Sep is the Mid-Autumn holiday, then a
    # weekend); the second stop on the day of resumption counts nothing more: 14 remain.
    v = step(db, tid, "request_materials", PREP, reason="more", on="2026-10-12",
             today=date(2026, 10, 14))
    assert v.stopped and v.clock is not None and (v.clock.elapsed, v.clock.remaining) == (1, 14)
    assert v.clock_text == ("clock stopped on day 1 of 15 working days (since 12 Oct 2026), "
                            "14 remaining")


def test_a_renewal_window_in_an_estimated_year_says_so(db: Database) -> None:
    """Every deadline that depends on a year without an official schedule says so: the
    renewal window three years out is counted on the estimated calendar."""
    tid = make_track(db, "CN-DATA-EXPORT")
    set_state(db, tid, "assessment")
    (renewal,) = step(db, tid, "clear", PREP, on="2026-06-01", today=date(2026, 6, 1)).obligations
    assert "estimated: no official CN holiday schedule is held for 2029" in renewal.text
    # Once the officer has entered the official 2029 schedule, a new window is not marked.
    from approvals.services.workflow import add_calendar_year

    with db.session() as s:
        add_calendar_year(session=s, actor=APPR, calendar="CN", year=2029, days=[],
                          source="State Council notice on the 2029 holidays")
    held = make_track(db, "CN-DATA-EXPORT")
    set_state(db, held, "assessment")
    (renewal,) = step(db, held, "clear", PREP, on="2026-06-01", today=date(2026, 6, 1)).obligations
    assert "1 Jun 2029" in renewal.text and "estimated" not in renewal.text


def test_us_oisp_expected_due_date_follows_the_version_in_force_at_completion(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before completion is recorded the track projects the due date from the expected
    completion date (20 Jan 2027 in the demo facts): a version taking effect before that
    date (a future-dated rule, as the COINS Act regulations will be) is the one to use."""
    shipped = wf.clock_specs()
    later = replace(wf.clock_spec("US-OISP", "notification", D("2026-01-01")),
                    effective_from=D("2027-01-01"), days=45)
    monkeypatch.setattr(wf, "clock_specs", lambda path=None: (*shipped, later))
    tid = make_track(db, "US-OISP", outcome="notification_required", docs=("us-notification",))
    with db.read_session() as s:
        v = track_view(session=s, track_id=tid, today=TODAY)
    assert v.clock_text.startswith("due 45 calendar days after the completion date; "
                                   "expected completion 20 Jan 2027 → due 6 Mar 2027")
    early = make_track(db, "US-OISP", outcome="notification_required",
                       facts=_facts(deal__expected_completion_date="2024-12-01"))
    with db.read_session() as s:  # before the program: the version in force today says it
        assert "→ due 31 Dec 2024" in track_view(session=s, track_id=early, today=TODAY).clock_text


def test_materials_requested_with_a_later_effective_date_still_shows_the_track(
        db: Database) -> None:
    tid = make_track(db, "CN-FISR")
    set_state(db, tid, "accepted")
    step(db, tid, "start_preliminary_review", PREP, on="2026-09-24")
    v = step(db, tid, "request_materials", PREP, reason="notice: clock stops on 12 Oct",
             on="2026-10-12", today=date(2026, 9, 30))
    assert v.state == "materials_requested" and v.due is None and not v.overdue
    assert v.clock_text == "day 3 of 15 working days, clock stops on 12 Oct 2026 with 8 remaining"


def test_the_us_notification_prints_the_recorded_completion_and_knowledge_dates(db: Database) -> None:
    """The notification states the completion date the deadline runs from (as recorded on
    the track, not the deal's expected date), the 850.402 knowledge date, and — once filed
    — when it was due."""
    import io

    from pypdf import PdfReader

    from approvals.services.filings import render_filing

    def text(track_id: int) -> str:
        with db.read_session() as s:
            case_id = s.get(FilingTrack, track_id).case_id  # type: ignore[union-attr]
            reference = s.exec(select(Case.reference).where(Case.id == case_id)).one()
            pdf = render_filing(session=s, reference=reference, kind="us-notification",
                                actor=Actor("root", ("admin",))).pdf
        return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)

    tid = make_track(db, "US-OISP", outcome="notification_required", docs=("us-notification",))
    before = text(tid)
    assert "Expected completion date" in before and "850.402" not in before
    step(db, tid, "record_completion", PREP, completion_date="2026-09-01",
         knowledge_date="2026-10-20", on="2026-10-21")
    recorded = text(tid)
    assert "Completion date 2026-09-01" in recorded and "Expected completion date" not in recorded
    assert "Date of actual knowledge (31 CFR 850.402) 2026-10-20" in recorded
    assert "Notification due (US-OISP) 2026-11-19" in recorded
    step(db, tid, "submit_for_review", PREP)
    step(db, tid, "approve_for_filing", APPR)
    step(db, tid, "file", PREP, filing_reference="OIS-9", on="2026-11-10")
    assert "Notification due (US-OISP) 2026-11-19 (filed on 2026-11-10)" in text(tid)
    # A step stored before due_date was the one record: was_due alone, still read.
    with db.session() as s:
        event = s.exec(select(Event).where(Event.track_id == tid)).all()[-1]
        event.details = json.dumps({**{k: v for k, v in json.loads(event.details).items()
                                       if k != "due_date"}, "was_due": "2026-11-18"})
        s.add(event)
    assert "Notification due (US-OISP) 2026-11-18 (filed on 2026-11-10)" in text(tid)
    with db.read_session() as s:
        assert track_view(session=s, track_id=tid).clock_text == \
            "notification filed on 10 Nov 2026 (due 18 Nov 2026: in time)"


def test_the_due_date_a_step_left_behind() -> None:
    """due_when_ended: an ended clock's (or a decision's) old due date; not a stop's, nor a
    due date moved to another."""
    assert wf.due_when_ended({"clock": "ended", "due_date": ["2026-11-14", None]}) == "2026-11-14"
    assert wf.due_when_ended({"due_date": ["2026-11-14", None]}) == "2026-11-14"
    assert wf.due_when_ended({"clock": "stopped", "due_date": ["2026-11-14", None]}) is None
    assert wf.due_when_ended({"clock": "started", "due_date": ["2026-11-14", None]}) is None
    assert wf.due_when_ended({"clock": "extended", "due_date": ["2026-11-14", "2026-12-01"]}) is None
    assert wf.due_when_ended({"clock": "ended"}) is None
    assert wf.due_when_ended({"clock": "ended", "was_due": "2026-10-01"}) == "2026-10-01"
    assert wf.step_record({"on": "2026-11-10", "clock": "ended",
                           "due_date": ["2026-11-14", None]})["was_due"] == "2026-11-14"
    assert "was_due" not in wf.step_record({"on": "2026-11-10"})


def test_a_refused_step_names_its_roles_as_the_app_shows_them() -> None:
    from approvals.domain.permissions import ROLE_NAMES

    for kind in wf.WORKFLOWS:
        for t in wf.workflow(kind).transitions:
            problem = wf.role_problem(t, [])
            assert problem is not None and problem.startswith(f"'{t.label}' needs the ")
            named = problem.removeprefix(f"'{t.label}' needs the ").removesuffix(" role.")
            words = named.replace(",", " or").split(" or ")
            assert {w.strip() for w in words} <= set(ROLE_NAMES.values()), problem
            assert wf.role_problem(t, t.roles) is None


def test_every_recorded_action_has_a_label_an_officer_reads() -> None:
    """The timeline, the audit window and the CSV name each action by ACTION_LABELS; one
    left out was read aloud from its name ("User sign in failed", "Backup created" for a
    backup *removed*)."""
    from approvals.domain.audit import ACTION_LABELS

    unlabelled = {a: w for a, w in recorded_actions().items() if a not in ACTION_LABELS}
    assert unlabelled == {}, "give these a label in domain.audit.ACTION_LABELS"


def test_a_closed_tracks_line_dates_the_close_and_its_decision(db: Database) -> None:
    """`completed_on` is the decision's day: a track closed later read "Closed on" the day
    it was cleared. Its line names both; a decision or a withdrawal alone keeps one date."""
    tid = make_track(db, "CN-FISR")
    set_state(db, tid, "general_review")
    step(db, tid, "clear", PREP, today=date(2026, 9, 10))
    with db.read_session() as s:
        assert track_view(session=s, track_id=tid).clock_text == "Cleared on 10 Sep 2026"
    step(db, tid, "close", APPR, today=date(2026, 9, 15))
    with db.read_session() as s:
        assert track_view(session=s, track_id=tid).clock_text == (
            "Closed on 15 Sep 2026 (Cleared on 10 Sep 2026)")
    withdrawn = make_track(db, "CN-FISR")
    step(db, withdrawn, "withdraw", APPR, reason="deal restructured",
         today=date(2026, 9, 12))
    with db.read_session() as s:
        assert track_view(session=s, track_id=withdrawn).clock_text == "Withdrawn on 12 Sep 2026"


def test_a_reason_of_invisible_characters_is_no_reason(db: Database) -> None:
    """A pasted zero-width space passed as the reason a return needs, recorded blank."""
    tid, _case_id, _reference = _submitted(db)
    msg = refused(db, tid, TransitionRefused, "return_to_preparer", APPR, "\u200b\ufeff ")
    assert "A reason is required" in msg
