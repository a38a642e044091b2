"""Who owns a case: the officer the case list and the deadlines dashboard (and its printed
report) name for it. A case made from the command line (`approvals case import`,
`approvals demo`) is owned by the computer's login (`cli:root`), which nobody signs in as,
and people leave or change desks: the owner is handed to another user, with a reason, as
an audit event.

Who may hand a case over: an approver or an administrator (permission `case.assign`), or
the owner themselves where they may edit the case. The new owner is an active user who may
work on cases (preparer, approver or administrator). A closed case or a discarded draft is
read-only, as for every other change.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session

from approvals.domain.errors import InputError, PermissionDenied, Problem
from approvals.domain.permissions import PERMISSIONS, role_words
from approvals.services.access import require_any
from approvals.services.audit_view import person_named, user_names
from approvals.services.case_lifecycle import _check_version as check_case_version
from approvals.services.case_lifecycle import refuse_if_read_only, saved_change
from approvals.store.audit import Actor, append_event
from approvals.store.cases import case_by_reference

OWNER_CHANGED = "case.owner_changed"
# Who can be given a case: someone who may work on it (edit it, or hand it on), not a
# reviewer who only comments.
OWNER_ROLES: frozenset[str] = PERMISSIONS["case.edit"] | PERMISSIONS["case.assign"]


@dataclass(frozen=True)
class OwnerChoice:
    username: str
    words: str  # "Li Wei (li.wei)"


@dataclass(frozen=True)
class OwnerChoices:
    """What Change owner… offers for one case, read as the case is now."""

    reference: str
    version: int
    owner: str
    owner_words: str
    choices: tuple[OwnerChoice, ...]  # active users who may own it, the owner left out
    refusal: str  # why the actor may not hand it over ("" : they may)


@dataclass(frozen=True)
class OwnerChange:
    reference: str
    owner: str
    previous: str
    version: int


def _eligible(session: Session, names: Mapping[str, str]) -> dict[str, str]:
    """Active users who may own a case, by login, with their words (`names`: user_names)."""
    rows = session.connection().execute(
        text("SELECT username, roles FROM users WHERE active ORDER BY username"))
    eligible = {}
    for login, roles in rows:
        try:
            held = set(json.loads(roles or "[]"))
        except ValueError:
            continue
        if held & OWNER_ROLES:
            eligible[str(login)] = person_named(str(login), names)
    return eligible


def _authorise(session: Session, actor: Actor, reference: str, owner: str) -> Actor:
    """`actor` as allowed to hand the case over (PermissionDenied, naming the roles it
    takes, when not): an approver or administrator, or its owner who may edit cases."""
    fresh = require_any(session, actor, "case.assign", "case.edit")
    if set(fresh.roles) & PERMISSIONS["case.assign"] or fresh.username == owner:
        return fresh
    raise PermissionDenied(
        f"{fresh.username} may not hand case {reference} to another owner: that needs the "
        f"{role_words(PERMISSIONS['case.assign'])} role, or to be its owner ({owner}).")


def owner_choices(session: Session, *, reference: str, actor: Actor) -> OwnerChoices:
    """The case's owner now, who it could go to, and whether `actor` may hand it over."""
    case = case_by_reference(session, reference)
    names = user_names(session)
    eligible = _eligible(session, names)
    try:
        _authorise(session, actor, case.reference, case.owner)
        refusal = ""
    except PermissionDenied as exc:
        refusal = str(exc)
    return OwnerChoices(
        reference=case.reference, version=case.version, owner=case.owner,
        owner_words=person_named(case.owner, names),
        choices=tuple(OwnerChoice(login, words) for login, words in eligible.items()
                      if login != case.owner),
        refusal=refusal)


def change_owner(session: Session, *, reference: str, new_owner: str, actor: Actor,
                 reason: str, expected_version: int) -> OwnerChange:
    """Hand the case to `new_owner`, audited old → new with `reason`. Refused, with nothing
    changed: without the right (see the module), on a closed case or discarded draft, when
    the case was saved since `expected_version`, or when `new_owner` is not an active user
    who may work on cases or already owns it."""
    case = case_by_reference(session, reference)
    actor = _authorise(session, actor, case.reference, case.owner)
    refuse_if_read_only(session, case)
    check_case_version(session, case, expected_version)
    reason = " ".join((reason or "").split())
    if not reason:
        raise InputError(Problem("reason", "say why the case changes owner"))
    login = (new_owner or "").strip()
    if not login:
        raise InputError(Problem("owner", "choose the user who is to own the case"))
    if login == case.owner:
        raise InputError(Problem("owner", f"{login} already owns case {case.reference}"))
    if login not in _eligible(session, user_names(session)):
        exists = session.connection().execute(
            text("SELECT active FROM users WHERE username = :u"), {"u": login}).first()
        why = ("there is no user of that name" if exists is None
               else "the user is deactivated" if not exists[0]
               else f"a case's owner has the {role_words(OWNER_ROLES)} role")
        raise InputError(Problem("owner", f"{login} cannot own case {case.reference}: {why}"))
    previous = case.owner
    case.owner = login
    saved_change(session, case)
    append_event(session, actor=actor, action=OWNER_CHANGED, entity="case",
                 entity_id=case.reference, case_id=case.id, field="owner", old=previous,
                 new=login, reason=reason, details={"version": case.version})
    return OwnerChange(case.reference, login, previous, case.version)

