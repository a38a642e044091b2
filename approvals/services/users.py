"""User management: first administrator, create, deactivate, reset password, roles.

Every change is an audit event (passwords never appear in one). The last active
administrator can be neither deactivated nor demoted, so the office can never lock
itself out of user management.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import text
from sqlmodel import Session, select

from approvals.domain.errors import ConflictError, InputError, NotFound, PermissionDenied, Problem
from approvals.domain.permissions import ROLE_NAMES, ROLES
from approvals.domain.typed_input import LINE_BREAKING_CATEGORIES, search_key
from approvals.services.access import require
from approvals.services.auth import (
    PasswordSetBy,
    actor_for,
    canonical_username,
    check_password_rules,
    current_lock,
    find_user,
    hash_password,
    password_set_by_another,
    passwords_set_by_another,
    user_roles,
)
from approvals.store.audit import Actor, append_event
from approvals.store.models import User, utc_now

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
# Names the app itself acts under in the audit trail (sign-in events, automatic backups);
# a person called so could not be told apart from them. The command line's `cli:<login>`
# cannot be a user name anyway (':' is not allowed), but "cli" alone would read like it.
RESERVED = frozenset({"sign-in", "system", "cli"})
# The audit trail shows the user name next to the role ("approver | preparer"): a user
# called like a role reads as that role, and a shared "admin" account defeats four-eyes.
ROLE_LIKE = frozenset({*ROLES, *ROLE_NAMES.values()})
MAX_DISPLAY_NAME = 120
# Characters a reader cannot tell apart in the app's sans-serif font (Unicode TR 39's
# confusables, cut down to the plain-ASCII ones user names can hold): capital I, small l
# and the digit 1 (and so small i: letter case does not make another account, "bill" is
# "BILL", which looks like "B1LL"); capital O and the digit 0; "rn" and "m".
_LOOK_ALIKE = str.maketrans({"i": "l", "1": "l", "0": "o"})
# Joiners that some scripts need inside a name (Persian, Indic); every other format
# character (bidirectional overrides, zero-width spaces) only hides or reorders text.
_JOINERS = frozenset({"\u200c", "\u200d"})
_T = TypeVar("_T")


@dataclass(frozen=True)
class UserInfo:
    username: str
    display_name: str
    roles: tuple[str, ...]
    active: bool
    locked_until: str | None
    created_at: str = ""
    # Whoever set the password, by a reset or (`set_at_creation`) with the account, while
    # it is still the one they set (the user chooses their own at the next sign-in:
    # auth.password_set_by_another); "" otherwise.
    reset_by: str = ""
    set_at_creation: bool = False

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles


def _info(user: User, set_by: PasswordSetBy | None = None) -> UserInfo:
    return UserInfo(
        username=user.username,
        display_name=user.display_name,
        roles=user_roles(user),
        active=bool(user.active),
        locked_until=current_lock(user.locked_until),
        created_at=user.created_at,
        reset_by=set_by.username if set_by else "",
        set_at_creation=set_by.at_creation if set_by else False,
    )


def first_start_needed(session: Session) -> bool:
    """True while the database has no user at all (the app then asks for the first admin)."""
    return session.exec(select(User.id).limit(1)).first() is None


def list_users(session: Session) -> list[UserInfo]:
    """Everybody, by user name regardless of letter case (one account for "Rita" and
    "rita", so "Bob.Smith" sorts among the b's, as the Users window sorts). Names and roles
    are not secret: every user picks colleagues for reviews and document restrictions, so
    this needs no permission."""
    awaiting = passwords_set_by_another(session)
    users = session.exec(select(User)).all()
    return [_info(u, awaiting.get(u.username))
            for u in sorted(users, key=lambda u: (u.username.casefold(), u.username))]


def get_user(session: Session, username: str) -> UserInfo:
    user = _load(session, username)
    return _info(user, password_set_by_another(session, user.username))


def _load(session: Session, username: str) -> User:
    user = find_user(session, username)
    if user is None:
        raise NotFound(f"There is no user {username!r}.")
    return user


def skeleton(username: str) -> str:
    """What a user name looks like to a reader: letter case and look-alike characters
    (`_LOOK_ALIKE`) folded. Two names with one skeleton are one name to a person."""
    return username.lower().translate(_LOOK_ALIKE).replace("rn", "m")


def _check_username(username: str) -> str:
    name = canonical_username(username)
    if not name:
        raise InputError(Problem("username", "is required"))
    if not USERNAME_PATTERN.match(name):
        foreign = next((c for c in name if ord(c) > 127), None)
        if foreign is not None:  # say which, since it may look like a plain letter
            raise InputError(Problem(
                "username", f"{foreign!r} ({unicodedata.name(foreign, 'a special character')}) "
                            "is not allowed: use the plain letters a-z and A-Z, digits, '.', "
                            "'_', '-' or '@'"))
        raise InputError(Problem(
            "username",
            "use 1 to 64 letters, digits, '.', '_', '-' or '@', starting with a letter or "
            f"digit; {_what_breaks_the_pattern(name)}"))
    plain = re.sub(r"[._@-]", "", skeleton(name))
    if name.lower() in RESERVED or plain in {re.sub(r"[._@-]", "", skeleton(r))
                                              for r in RESERVED}:
        raise InputError(Problem("username", f"{name!r} is reserved for the app's own records"))
    if plain in {skeleton(r) for r in ROLE_LIKE}:
        raise InputError(Problem(
            "username", f"{name!r} is a role, not a person: use the person's own name (e.g. "
                        "ada.wong), so the audit trail says who did what"))
    return name


def _what_breaks_the_pattern(name: str) -> str:
    """What in a plain-ASCII `name` breaks USERNAME_PATTERN, said after the rule: the
    administrator who typed "Ada Wong" had to find the space themself."""
    if any(c.isspace() for c in name):
        joined = ".".join(name.split()).lower()
        example = f" (e.g. {joined!r})" if USERNAME_PATTERN.match(joined) else ""
        return f"a space is not allowed{example}"
    if len(name) > 64:
        return f"it has {len(name)} characters"
    if not name[0].isalnum():
        return f"it starts with {name[0]!r}"
    bad = next(c for c in name if not (c.isalnum() or c in "._@-"))
    return f"{bad!r} is not allowed"


# What a full name may not hold besides invisible format characters: line breaks and
# controls, broken (surrogate) and unassigned code points.
_NOT_IN_A_NAME = LINE_BREAKING_CATEGORIES | {"Cs", "Cn"}


def _check_display_name(display_name: str) -> str:
    # NFC, so "José" typed on a Mac and on Windows is stored (and compared) alike.
    name = unicodedata.normalize("NFC", display_name or "").strip()
    if len(name) > MAX_DISPLAY_NAME:
        raise InputError(
            Problem("display_name", f"must be at most {MAX_DISPLAY_NAME} characters long")
        )
    # The full name is printed on filings and shown in the audit trail and review packs: a
    # line break could forge a second line there, a right-to-left override reverse it.
    hidden = next((c for c in name if unicodedata.category(c) in _NOT_IN_A_NAME
                   or (unicodedata.category(c) == "Cf" and c not in _JOINERS)), None)
    if hidden is not None:
        raise InputError(Problem(
            "display_name", f"must not contain invisible or control characters (it has "
                            f"U+{ord(hidden):04X}); type the name instead of pasting it"))
    return name


def _check_no_login_in_name(session: Session, display: str, own: str | None) -> None:
    """A full name holding a login in brackets: the app names people "Full Name (login)",
    so "Carol Person (carol)" set as bob's full name printed bob's steps as carol's on the
    status report ("Carol Person (carol) (bob)", the last part wrapped out of sight)."""
    bracketed = _bracketed(display)
    if not bracketed:
        return
    logins = {search_key(u) for u in session.exec(select(User.username)).all()}
    if own:
        logins.add(search_key(own))
    if taken := sorted(bracketed & logins):
        raise InputError(Problem(
            "display_name", f"must not hold a login in brackets ({taken[0]}): the app shows "
                            "the login beside the full name itself, as in “Li Wei (li.wei)”"))


def _bracketed(display: str) -> set[str]:
    """The words a full name holds in brackets, as a search compares them (full-width
    letters and letter case aside)."""
    return {search_key(m).strip() for m in re.findall(r"[(（]([^()（）]+)[)）]", display)}


def _check_login_in_no_name(session: Session, login: str) -> None:
    """A new login that another user's full name already holds in brackets (set while
    no such user existed): that user's steps would read as the new one's."""
    wanted = search_key(login)
    for username, display in session.exec(select(User.username, User.display_name)).all():
        if display and wanted in _bracketed(display):
            raise InputError(Problem(
                "username", f"is held in brackets in the full name of {username} "
                            f"(“{display}”), which would then read as this user: change that "
                            "full name first"))


def _look_alike(session: Session, name: str) -> str | None:
    """An existing user (deactivated ones too: their name is on what they did) whose
    name a reader could not tell from `name`."""
    wanted = skeleton(name)
    for existing in session.exec(select(User.username)).all():
        if skeleton(existing) == wanted:
            return existing
    return None


def _check_roles(roles: Iterable[str]) -> tuple[str, ...]:
    given = [r.strip().lower() for r in roles]
    unknown = [r for r in given if r not in ROLES]
    if unknown:
        raise InputError(
            Problem("roles", f"unknown role {unknown[0]!r}; the roles are {', '.join(ROLES)}")
        )
    if not given:
        raise InputError(Problem("roles", f"choose at least one of {', '.join(ROLES)}"))
    return tuple(r for r in ROLES if r in given)


def _active_admins(session: Session) -> list[str]:
    users = session.exec(select(User).where(User.active == True)).all()  # noqa: E712
    return [u.username for u in users if "admin" in user_roles(u)]


def _refuse_if_last_admin(session: Session, user: User, what: str) -> None:
    if user.active and "admin" in user_roles(user) and _active_admins(session) == [user.username]:
        raise PermissionDenied(
            f"{user.username} is the last active administrator and cannot be {what}: "
            "make another user an administrator first."
        )


def create_first_admin(
    session: Session, *, username: str, password: str, display_name: str = ""
) -> UserInfo:
    """First start: the first administrator, allowed only while there is no user at all."""
    name = _check_username(username)
    display = _check_display_name(display_name)
    _check_no_login_in_name(session, display, name)
    check_password_rules(password, "password", (name, display))
    if not first_start_needed(session):
        raise PermissionDenied("The first administrator has already been created; sign in.")
    return _add_user(session, actor=None, name=name, display=display, password=password,
                     roles=ROLES, reason="first administrator at first start")


def check_new_user(
    username: str, display_name: str, password: str | None, roles: Iterable[str], *,
    session: Session | None = None,
) -> tuple[str, str, tuple[str, ...]]:
    """A new user's name, display name and roles as stored, or every problem with them and
    the password at once (so a form marks all the bad fields together, and the command line
    can refuse before it opens — or creates — a database). With `session`, a name taken by
    an existing user, or too like one, is among them: `user add` with a short password and
    a taken name said only the password, and the name at the next run."""
    problems: list[Problem] = []

    def collect(check: Callable[..., _T], *args: Any) -> _T | None:
        try:
            return check(*args)
        except InputError as exc:
            problems.extend(exc.problems)
            return None

    name = collect(_check_username, username)
    if session is not None and name is not None:
        collect(_check_name_free, session, name)
        collect(_check_login_in_no_name, session, name)
    display = collect(_check_display_name, display_name)
    if session is not None and display:
        collect(_check_no_login_in_name, session, display, name)
    if password is not None:  # None: not asked for yet
        collect(check_password_rules, password, "password",
                (name or canonical_username(username), display or display_name))
    checked_roles = collect(_check_roles, roles)
    if problems:
        raise InputError(problems)
    assert name is not None and display is not None and checked_roles is not None
    return name, display, checked_roles


def create_user(
    session: Session,
    *,
    actor: Actor,
    username: str,
    password: str,
    roles: Iterable[str],
    display_name: str = "",
) -> UserInfo:
    actor = require(session, actor, "user.manage")
    name, display, checked_roles = check_new_user(username, display_name, password, roles,
                                                  session=session)
    return _add_user(session, actor=actor, name=name, display=display, password=password,
                     roles=checked_roles)


def _check_name_free(session: Session, name: str) -> None:
    """`name` (checked) is no existing user's, nor too like one's to tell apart."""
    existing = find_user(session, name)
    if existing is not None:
        raise InputError(Problem("username", _taken(name, existing)))
    twin = _look_alike(session, name)
    if twin is not None:
        raise InputError(Problem(
            "username", f"{name!r} looks too much like the existing user {twin!r} (I, l and "
                        "1, O and 0, rn and m are hard to tell apart): choose another name"))


def _taken(name: str, existing: User) -> str:
    """Why `name` cannot be a new user: by whom it is taken, when the list spells it
    otherwise ("'ADA' is taken" beside a list showing only "ada"), and what to do when a
    colleague who left and came back still has their deactivated account."""
    if not existing.active:
        return (f"{name!r} is already taken by a deactivated account: reactivate it instead "
                "(Users → Users…, Reactivate)")
    if existing.username != name:
        return (f"{name!r} is already taken: it is the user {existing.username!r} (letter case "
                "does not make another account)")
    return f"{name!r} is already taken"


def _add_user(session: Session, *, actor: Actor | None, name: str, display: str, password: str,
              roles: tuple[str, ...], reason: str = "") -> UserInfo:
    """Insert a checked user and record `user.created`. With no `actor` the new user is
    the actor: the first administrator creates themself."""
    user = User(
        username=name,
        display_name=display,
        password_hash=hash_password(password),
        roles=json.dumps(list(roles)),
        created_at=utc_now(),
    )
    session.add(user)
    session.flush()
    append_event(session, actor=actor or actor_for(user), action="user.created", entity="user",
                 entity_id=name, new={"username": name, "display_name": display,
                                      "roles": list(roles), "active": True},
                 reason=reason)
    # Another person's choice of password awaits the user's own (auth.sign_in asks for it).
    return _info(user, PasswordSetBy(actor.username, at_creation=True) if actor else None)


def _saved(session: Session, user: User, *, actor: Actor, action: str, field: str,
           old: Any = None, new: Any = None, reason: str = "",
           details: dict[str, Any] | None = None) -> UserInfo:
    """Store a change to `user` (version + 1, so open editors notice) with its audit event."""
    user.version += 1
    session.add(user)
    append_event(session, actor=actor, action=action, entity="user", entity_id=user.username,
                 field=field, old=old, new=new, reason=reason, details=details)
    return _info(user)


def _refuse_if_changed(user: User, what: str, shown: str, now: str) -> None:
    """An administrator's edit made on what the Users dialog showed (`shown`), refused
    when another administrator changed it since (`now`): the whole list of ticked roles
    saved over it silently took back a role granted from another computer."""
    if shown != now:
        raise ConflictError(
            f"Someone else changed the {what} of {user.display_name or user.username} "
            f"({user.username}) since the list was read: {shown} then, {now} now.",
            [f"{what}: {shown} → {now}"], reload="Nothing was saved; the list is read again.")


def _roles_words(roles: Iterable[str]) -> str:
    return ", ".join(roles) or "no role"


def set_roles(
    session: Session, *, actor: Actor, username: str, roles: Iterable[str], reason: str = "",
    shown: Iterable[str] | None = None,
) -> UserInfo:
    """`shown`: the roles the administrator saw when ticking the new ones; the save is
    refused (ConflictError) when they are no longer the user's."""
    actor = require(session, actor, "user.manage")
    user = _load(session, username)
    new_roles = _check_roles(roles)
    old_roles = user_roles(user)
    if shown is not None:
        _refuse_if_changed(user, "roles", _roles_words(_check_roles(shown)),
                           _roles_words(old_roles))
    if new_roles == old_roles:
        return _info(user)
    if "admin" not in new_roles:
        _refuse_if_last_admin(session, user, "demoted")
    user.roles = json.dumps(list(new_roles))
    return _saved(session, user, actor=actor, action="user.roles_changed",
                  field="roles", old=list(old_roles), new=list(new_roles), reason=reason)


def set_display_name(
    session: Session, *, actor: Actor, username: str, display_name: str,
    shown: str | None = None,
) -> UserInfo:
    """`shown`: the full name the administrator saw when typing the new one; the save is
    refused (ConflictError) when it is no longer the user's."""
    actor = require(session, actor, "user.manage")
    user = _load(session, username)
    display = _check_display_name(display_name)
    _check_no_login_in_name(session, display, user.username)
    if shown is not None:
        _refuse_if_changed(user, "full name", shown or "no full name",
                           user.display_name or "no full name")
    if display == user.display_name:
        return _info(user)
    old = user.display_name
    user.display_name = display
    return _saved(session, user, actor=actor, action="user.changed", field="display_name",
                  old=old, new=display)


def deactivate_user(
    session: Session, *, actor: Actor, username: str, reason: str = ""
) -> UserInfo:
    """Deactivated users cannot sign in; their name stays on everything they did."""
    actor = require(session, actor, "user.manage")
    user = _load(session, username)
    if not user.active:
        return _info(user)
    _refuse_if_last_admin(session, user, "deactivated")
    user.active = False
    return _saved(session, user, actor=actor, action="user.deactivated",
                  field="active", old=True, new=False, reason=reason)


def reactivate_user(
    session: Session, *, actor: Actor, username: str, reason: str = ""
) -> UserInfo:
    actor = require(session, actor, "user.manage")
    user = _load(session, username)
    if user.active:
        return _info(user)
    user.active = True
    user.failed_attempts = 0
    user.locked_until = None
    return _saved(session, user, actor=actor, action="user.reactivated",
                  field="active", old=False, new=True, reason=reason)


def reset_password(
    session: Session, *, actor: Actor, username: str, new_password: str, reason: str = ""
) -> UserInfo:
    """An administrator sets a new password; this also lifts a lock-out."""
    actor = require(session, actor, "user.manage")
    check_password_rules(new_password, "new_password")
    user = _load(session, username)
    check_password_rules(new_password, "new_password", (user.username, user.display_name))
    # Said in the event: the trail showed a lock-out, a reset and a sign-in, and not that
    # the reset had lifted the lock (a Lift lock-out records `user.unlocked`).
    lock = current_lock(user.locked_until)
    user.password_hash = hash_password(new_password)
    user.failed_attempts = 0
    user.locked_until = None
    # The event says that the password changed, never what to.
    return _saved(session, user, actor=actor, action="user.password_reset",
                  field="password", reason=reason,
                  details={"lock_lifted": lock} if lock else None)


def unlock_user(session: Session, *, actor: Actor, username: str, reason: str = "") -> UserInfo:
    """Lift a lock-out early (an administrator who has checked who is asking)."""
    actor = require(session, actor, "user.manage")
    user = _load(session, username)
    if user.locked_until is None and user.failed_attempts == 0:
        return _info(user)
    old = user.locked_until
    user.failed_attempts = 0
    user.locked_until = None
    return _saved(session, user, actor=actor, action="user.unlocked",
                  field="locked_until", old=old, new=None, reason=reason)


@dataclass(frozen=True)
class DemoPerson:
    """Someone the demo cases' steps were taken as (resources/demo/workflow.json)."""

    username: str
    display_name: str
    roles: tuple[str, ...]


def demo_people_without_accounts(session: Session) -> list[DemoPerson]:
    """The demo's people whom this data folder's audit trail names but who have no account
    here (a deactivated one counts as an account). The demo acts as Li Wei and Sarah Chen
    without making accounts for them, so a new office read "sarah.chen" in the timeline
    and found nobody of that name under Users; created, their full name shows there."""
    from approvals.services.demo_workflow import demo_workflow  # the demo's own script

    roster = [DemoPerson(a["username"], a.get("display_name", ""),
                         tuple(r for r in ROLES if r in a.get("roles", ())))
              for a in demo_workflow()["actors"].values()]
    names = [p.username for p in roster]
    if not names:
        return []
    marks = ", ".join(f":n{i}" for i in range(len(names)))
    recorded = {row[0] for row in session.connection().execute(
        text(f"SELECT DISTINCT actor FROM events WHERE actor IN ({marks})"),
        {f"n{i}": name for i, name in enumerate(names)})}
    return [p for p in roster
            if p.username in recorded and find_user(session, p.username) is None]


def can_manage(actor: Actor | None) -> bool:
    return actor is not None and "admin" in actor.roles


def last_admin_reason(session: Session, username: str) -> str | None:
    """Why this user cannot be deactivated or demoted (for disabled buttons), or None."""
    user = find_user(session, username)
    if user is None:
        return None
    try:
        _refuse_if_last_admin(session, user, "deactivated or demoted")
    except PermissionDenied as exc:
        return str(exc)
    return None
