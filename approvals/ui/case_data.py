"""What the case window shows, read in one go: `load_case_data` reads the case, its
screening, tracks, timeline, documents and comments for one actor (on the worker thread),
and `CaseData` holds the plain result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from approvals.services import documents as document_service
from approvals.services import screening as screening_service
from approvals.services import workflow as workflow_service
from approvals.services.access import current_actor
from approvals.services.audit_view import user_names
from approvals.services.documents import DocumentInfo
from approvals.services.screening import StoredScreening
from approvals.services.workflow import FilingTrackView
from approvals.services.workspace import CaseBundle, case_bundle
from approvals.store.audit import Actor
from approvals.store.cases import rows_read_once
from approvals.ui.errors import user_message


@dataclass
class CaseData:
    """One load of the case view, read off the GUI thread."""

    bundle: CaseBundle
    tracks: list[FilingTrackView]
    screening: StoredScreening | None
    completion_blockers: list[str]
    documents: list[DocumentInfo] = field(default_factory=list)
    documents_problem: str = ""
    actor: Actor | None = None  # the viewer with the roles the database grants now
    # Users' full names by login, read once a load: the Timeline's Who says who in words.
    actor_names: dict[str, str] = field(default_factory=dict)
    # The rules the screening cites that the rulebook marks unverified ("(verify)").
    unverified_rules: frozenset[str] = frozenset()


def load_case_data(session: Any, *, actor: Actor, reference: str) -> CaseData:
    # The roles as they are now, not at sign-in: the actions offered (and greyed out) match
    # what the services will allow after an administrator changed them.
    actor = current_actor(session, actor)
    with rows_read_once(session):
        return _load_case_data(session, actor, reference)


def _load_case_data(session: Any, actor: Actor, reference: str) -> CaseData:
    bundle = case_bundle(session, reference=reference)
    case_id = bundle.case.id
    data = CaseData(
        bundle=bundle,
        tracks=workflow_service.case_tracks(session=session, case_id=case_id, actor=actor),
        screening=screening_service.current_screening(session, case_id),
        completion_blockers=workflow_service.completion_blockers(session=session,
                                                                 case_id=case_id),
        actor=actor, actor_names=user_names(session))
    data.unverified_rules = screening_service.unverified_rules(session, data.screening)
    try:
        data.documents = document_service.list_documents(session, actor=actor,
                                                         case_id=bundle.case.id)
    except Exception as exc:  # a permission problem shows in the tab, not as a failure
        data.documents_problem = user_message(exc)
    return data
