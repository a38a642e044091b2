"""The permission check every service makes, against the acting user as they are NOW.

An `Actor` is built at sign-in and carries the roles the user had then. An administrator
may deactivate that user or take a role away while they are still signed in, possibly
in another process on the same database file. So each permission-checked service call
re-reads the user's active flag and roles inside its own unit of work (one query by user
name; writers hold the database's write lock, so nobody can change the user between
this check and the action) and acts with what it finds:

- a deactivated user is refused with `AccountRevoked` (the UI then signs them out);
- a role taken away is gone at once ("You no longer have the approver role");
- a role granted since sign-in is not used by an Actor built before it: an actor may act
  in fewer roles than the user holds, never in more than it was given. (The app's session
  watch, `auth.check_session`, gives the running window a new Actor with the granted
  role; the permission check itself never adds one.)

The Actor `require` returns records, as its `role` in the audit trail, the roles that
authorised the action (those of its roles the permission allows, e.g. "preparer" for a
case created by a preparer who is also a reviewer), not every role the user holds.

Actors whose name is no user in the database are identities built in code, not by a
sign-in: the command line (`cli:<login>`, administration on the machine itself), the
automatic backup (`system`) and scripted demo people. They act with the roles they were
built with. User names that such identities use are reserved (see `users.RESERVED`).
A `SignedInActor` (made by a sign-in) whose user is no longer there is refused like a
deactivated one: a backup restored while the app runs replaces the users, and work queued
behind the restore would otherwise act with the roles of someone the data does not know.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import bindparam
from sqlmodel import Session, select

from approvals.domain.documents import named_on
from approvals.domain.errors import AccountRevoked, PermissionDenied
from approvals.domain.numbers import counted
from approvals.domain.permissions import PERMISSION_LABELS, PERMISSIONS, role_words
from approvals.domain.permissions import require as require_roles
from approvals.domain.permissions import require_any as require_any_roles
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Document, User

DEACTIVATED = "Your account was deactivated by an administrator; sign in again."
NOT_A_USER = ("Your account is not among this data folder's users any more (a backup made "
              "before it was added may have been restored); sign in again.")


@dataclass(frozen=True)
class SignedInActor(Actor):
    """An actor made by a sign-in, for a user of the database (auth.actor_for): unlike an
    identity built in code, it acts only while its user is there."""


@dataclass(frozen=True)
class AuthorisedActor(Actor):
    """An actor that passed `require`: `acting` are the roles that authorised the action,
    and `role` (what `append_event` records) names them instead of every role held.
    `roles` stays whole, so later role decisions of the same call (four-eyes, another
    permission) see all of them."""

    acting: tuple[str, ...] = ()

    @property
    def role(self) -> str:
        return ",".join(self.acting) if self.acting else super().role


def _authorised(actor: Actor, allowing: Iterable[str]) -> Actor:
    """`actor`, recording as its role those of its roles in `allowing`."""
    allowing = set(allowing)
    acting = tuple(r for r in actor.roles if r in allowing)
    if not acting:  # nothing to narrow down to (require has refused such an actor anyway)
        return actor
    return AuthorisedActor(username=actor.username, roles=actor.roles,
                           display_name=actor.display_name, acting=acting)


# What the permission check reads of a user, built once: every permission-checked call
# runs it, and a prebuilt statement skips building it and its cache key each time.
_USER_NOW = select(User.active, User.roles, User.display_name).where(
    User.username == bindparam("username"))


def current_actor(session: Session, actor: Actor, *, needs: Iterable[str] = (),
                  what: str = "do this") -> Actor:
    """`actor` with the roles the database grants now (and the current display name).

    Raises AccountRevoked when the user was deactivated since signing in (or, for a
    SignedInActor, is no user of the database any more), and
    PermissionDenied ("You no longer have the approver role ...") when the actor held one
    of the roles in `needs` at sign-in but has lost all of them since; `what` names the
    refused action in that message."""
    # Read on the unit of work's connection, not through the ORM's execution (a third of
    # the cost, and every service call asks): the row is plain data. A user added in this
    # unit of work is written first, as the ORM's autoflush would.
    session.flush()
    row = session.connection().execute(_USER_NOW, {"username": actor.username}).first()
    if row is None:
        if isinstance(actor, SignedInActor):  # the user was there at sign-in
            raise AccountRevoked(NOT_A_USER)
        return actor  # the command line, the automatic backup, scripted demo people
    active, stored_roles, display_name = row
    if not active:
        raise AccountRevoked(DEACTIVATED)
    granted = set(json.loads(stored_roles or "[]"))
    roles = tuple(r for r in actor.roles if r in granted)
    needed = set(needs)
    lost = needed.intersection(actor.roles)
    if lost and not needed.intersection(roles):
        raise PermissionDenied(
            f"You no longer have the {role_words(lost)} role: an administrator changed your "
            f"roles after you signed in, so {actor.username} may not {what} any more."
        )
    if roles == tuple(actor.roles) and display_name == actor.display_name:
        return actor
    if isinstance(actor, AuthorisedActor):  # no role taken away is recorded as acted in
        return replace(actor, roles=roles, display_name=display_name,
                       acting=tuple(r for r in actor.acting if r in granted))
    return replace(actor, roles=roles, display_name=display_name)


def require(session: Session, actor: Actor, permission: str) -> Actor:
    """Refuse unless the acting user, as the database has them now, holds `permission`.

    Returns the current actor: callers go on with it (`actor = require(...)`), so every
    later role decision in the same call (four-eyes, the role recorded in the audit
    trail) uses the current roles too."""
    fresh = current_actor(session, actor, needs=PERMISSIONS[permission],
                          what=PERMISSION_LABELS[permission])
    require_roles(fresh, permission)
    return _authorised(fresh, PERMISSIONS[permission])


def require_any(session: Session, actor: Actor, *permissions: str) -> Actor:
    """`require` for a service that needs one of `permissions`, whichever applies being
    known only after it has read its input."""
    allowing = frozenset().union(*(PERMISSIONS[p] for p in permissions))
    fresh = current_actor(session, actor, needs=allowing,
                          what=" or ".join(PERMISSION_LABELS[p] for p in permissions))
    require_any_roles(fresh, *permissions)
    return _authorised(fresh, allowing)


def require_with(db: Database | None, actor: Actor, permission: str) -> Actor:
    """`require` for file work that runs outside a unit of work (backups): a short read
    of the user when a database is at hand, the roles as built otherwise."""
    if db is None:
        require_roles(actor, permission)
        return _authorised(actor, PERMISSIONS[permission])
    with db.read_session() as session:
        return require(session, actor, permission)


def require_every_document(db: Database | None, actor: Actor) -> None:
    """A backup copies the whole data folder, restricted documents included: refuse it to
    anyone but an administrator when it would carry documents restricted away from them.
    (An administrator answers for the whole installation: restores it, resets passwords.)
    Without `db` (callers that built their own actor in code) there is nothing to read."""
    if db is None or "admin" in actor.roles:
        return
    with db.read_session() as session:
        rows = session.exec(
            select(Document.allowed_users).where(Document.restricted == True)  # noqa: E712
        ).all()
    hidden = sum(1 for names in rows if not named_on(names, actor.username))
    if hidden:
        raise PermissionDenied(
            f"{actor.username} may not make a backup here: it would carry "
            f"{counted(hidden, 'restricted document')} that {actor.username} may not open. "
            "Ask an administrator to make the backup."
        )
