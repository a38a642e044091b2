"""The one place the workspace calls the screening, workflow and case-edit layers.

Those layers are built by other engineers; keeping every call here means the widgets
depend on one small surface, and a layer that is not installed yet shows as "not
available" in the UI instead of breaking the window. No domain logic lives here: each
function forwards to the layer that owns it.
"""

from __future__ import annotations

import importlib
import logging
from datetime import date
from types import ModuleType
from typing import Any

from approvals.domain.errors import ApprovalsError
from approvals.domain.facts import Facts
from approvals.store.audit import Actor
from approvals.ui.widgets import attr

log = logging.getLogger(__name__)


class NotAvailable(ApprovalsError):
    """A layer the workspace needs is not part of this build."""


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        if exc.name != name:
            raise  # a real import error inside the module must not be hidden
        return None


def _need(name: str, what: str) -> ModuleType:
    module = _module(name)
    if module is None:
        raise NotAvailable(f"{what} is not available in this build.")
    return module


# -- screening -------------------------------------------------------------------------
def screen_facts(facts: Facts, as_of: date, include_proposed: bool) -> Any | None:
    """The live screening of the wizard's review page (pure and fast), or None."""
    module = _module("approvals.domain.screening")
    if module is None:
        return None
    return module.screen(facts, as_of, include_proposed)


def result_determinations(result: Any) -> list[Any]:
    return list(attr(result, "determinations", ()) or ())


def result_rulebook(result: Any) -> str:
    return str(attr(result, "rulebook", "") or attr(result, "rulebook_version", "") or "")


def open_tracks(session: Any, *, actor: Actor, reference: str) -> Any:
    """Screen a newly opened case and open one track per regime needing action."""
    from approvals.services.cases import case_id_for

    module = _need("approvals.services.screening", "Screening")
    case_id = case_id_for(session, reference)
    module.screen_case(session=session, case_id=case_id, actor=actor)
    return module.open_tracks(session=session, case_id=case_id, actor=actor)


def accept_rescreen(session: Any, *, actor: Actor, reference: str) -> Any:
    """Store today's screening as current and open tracks for regimes now needing action."""
    from approvals.services.cases import case_id_for

    module = _need("approvals.services.screening", "Screening")
    return module.accept_rescreen(session=session, case_id=case_id_for(session, reference),
                                  actor=actor)


# -- editing facts -----------------------------------------------------------------------
def update_facts(session: Any, *, actor: Actor, reference: str, data: dict[str, Any],
                 reason: str, expected_version: int | None) -> Any:
    """Store edited facts: one `field.changed` event per changed field (case-edit service);
    a stale version raises ConflictError naming what the other person changed."""
    from approvals.domain.facts import parse_facts
    from approvals.services.cases import get_case

    module = _need("approvals.services.case_edit", "Editing case facts")
    case = get_case(session, reference)
    return module.update_case_facts(
        session=session, case_id=case.id, new_facts=parse_facts(data), actor=actor,
        reason=reason,
        expected_version=case.version if expected_version is None else expected_version)


# -- workflow ----------------------------------------------------------------------------
def case_tracks(session: Any, *, actor: Actor, case_id: int) -> list[Any] | None:
    """The workflow service's view of every track of a case (None when not installed)."""
    module = _module("approvals.services.workflow")
    if module is None or not hasattr(module, "case_tracks"):
        return None
    return list(module.case_tracks(session=session, case_id=case_id, actor=actor))


def diagram(kind: str) -> dict[str, Any] | None:
    module = _module("approvals.domain.workflow")
    if module is None or not hasattr(module, "diagram"):
        return None
    return module.diagram(kind)


def filing_documents(kind: str) -> tuple[str, ...]:
    """The documents a filing of this kind needs (the transition table's checklist)."""
    module = _module("approvals.domain.workflow")
    if module is None or not hasattr(module, "workflow"):
        return ()
    return tuple(module.workflow(kind).filing_documents)


def state_label(kind: str, state: str) -> str:
    module = _module("approvals.domain.workflow")
    if module is not None and hasattr(module, "state_label"):
        try:
            return str(module.state_label(kind, state))
        except ApprovalsError:
            pass
    return state.replace("_", " ")


def transition(session: Any, *, actor: Actor, track_id: int, name: str, reason: str,
               expected_version: int, params: dict[str, Any]) -> Any:
    module = _need("approvals.services.workflow", "The filing workflow")
    return module.transition(session=session, track_id=track_id, transition_name=name,
                             actor=actor, reason=reason, expected_version=expected_version,
                             **params)


def completion_blockers(session: Any, *, case_id: int) -> list[str] | None:
    """Why the deal may not complete yet (None when the workflow layer lacks the check)."""
    module = _module("approvals.services.workflow")
    if module is None or not hasattr(module, "completion_blockers"):
        return None
    return list(module.completion_blockers(session=session, case_id=case_id))


def complete_case(session: Any, *, actor: Actor, case_id: int, expected_version: int,
                  reason: str, completed_on: str | None) -> None:
    from datetime import date as _date

    module = _need("approvals.services.workflow", "Completing a case")
    module.complete_case(session=session, case_id=case_id, actor=actor,
                         expected_version=expected_version, reason=reason,
                         completed_on=_date.fromisoformat(completed_on) if completed_on else None)


def calendar(session: Any, code: str) -> Any:
    """The working-day calendar with the officer's corrections (shipped data otherwise)."""
    module = _module("approvals.services.workflow")
    if module is not None and hasattr(module, "calendar_for"):
        return module.calendar_for(session, code)
    from approvals.domain.calendars import build_calendar

    return build_calendar(code)
