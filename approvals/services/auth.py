"""Passwords, sign-in with lock-out, and the security settings (idle timeout, solo mode).

Passwords are hashed with argon2id (argon2-cffi); the clear text is never stored, logged,
put into an audit event or returned. Hashing takes about 0.1 s on purpose, so callers in
the UI run these services on a worker thread like any other database work.

A failed sign-in is not an exception: the failure counter and its audit event must be
committed, so `sign_in` returns a `SignInResult` and the caller's unit of work commits.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from approvals.domain.errors import InputError, Problem
from approvals.domain.permissions import ROLES
from approvals.domain.typed_input import LINE_BREAKING_CATEGORIES
from approvals.services.access import (
    DEACTIVATED,
    NOT_A_USER,
    SignedInActor,
    current_actor,
    require,
)
from approvals.store.audit import Actor, append_event, is_command_line_login
from approvals.store.models import Event, User
from approvals.store.settings import get_setting, put_setting

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # argon2 copes, but a megabyte "password" is a mistake
MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=5)

IDLE_TIMEOUT_KEY = "idle_timeout_minutes"
SOLO_MODE_KEY = "solo_mode"
DEFAULT_IDLE_TIMEOUT_MINUTES = 15
MAX_IDLE_TIMEOUT_MINUTES = 24 * 60

# Module level so tests can swap in cheaper parameters; the defaults are argon2-cffi's
# RFC 9106 "low memory" profile (argon2id, 64 MiB, t=3).
_hasher = PasswordHasher()

# The one answer the sign-in dialog gives to every refusal: an unknown name, a wrong
# password, a deactivated account and a locked one. Any difference (a count of tries left,
# a lock-out countdown, "deactivated") would confirm to whoever types a name that it is an
# account here; five tries on a name would tell a real account (it locks) from a made-up
# one. The general rules are stated instead, so a person who is locked out, or whose
# account was deactivated (who otherwise retyped the right password, puzzled), knows what
# may have happened and whom to ask; an administrator sees either in Users… and
# `approvals user list`. That the right password is refused during a lock-out is said too:
# a locked-out officer who typed it and read "Wrong user name or password" began to doubt
# it, and to try others.
BAD_CREDENTIALS = (
    f"Wrong user name or password. {MAX_FAILED_ATTEMPTS} failed attempts in a row lock an "
    f"account for {int(LOCKOUT.total_seconds() // 60)} minutes: until then even the right "
    "password is refused, and trying again meanwhile does not extend the lock. An "
    "administrator can lift a lock-out early, or reactivate a deactivated account."
)
# Purposes where the person is already signed in and their name is on the screen (the
# idle lock, the change-password dialog): nothing is left to confirm, so they are told
# how many tries are left, until when the account is locked, or that it was deactivated.
_SIGNED_IN_PURPOSES = frozenset({"unlock", "password change"})

# The system identity that records sign-in events for someone not (yet) signed in.
_SIGN_IN = "sign-in"


def normalise_password(password: str) -> str:
    """The form a password is hashed and compared in: RFC 8265's OpaqueString profile,
    i.e. every kind of space as a plain space, then NFC, so a decomposed "é" from macOS
    and a composed one from Windows are the same password. One addition, lossless in
    length: full-width Latin letters, digits and punctuation (U+FF01-FF5E, what a Chinese
    input method types in full-width mode) count as the ordinary ones.

    Not NFKC (used before): it expands some single characters into many ("ﷺ" is 18
    letters), so a one-keystroke password passed the 12-character minimum, and it folds
    distinct characters ("²" and "2") into one."""
    spaced = "".join(" " if unicodedata.category(c) == "Zs" else c for c in password)
    return unicodedata.normalize("NFC", spaced.translate(_FULL_WIDTH))


# U+FF01-FF5E are U+0021-007E shifted by 0xFEE0.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def _legacy_forms(password: str) -> list[str]:
    """Forms older versions hashed a password in (NFKC; before that, as typed), tried
    after the current form so those hashes keep working until re-stored."""
    return [unicodedata.normalize("NFKC", password), password]


def _invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")


def _comparable(text: str) -> str:
    return normalise_password(text).strip().casefold()


def check_password_rules(password: str, field: str = "password",
                         names: tuple[str, ...] = ()) -> None:
    """InputError naming `field` when the password breaks the rules (never echoes it).

    `names`: the account's user name and full name, which the password must not be
    (the first thing anybody guesses)."""
    if not isinstance(password, str):
        password = ""
    password = normalise_password(password)
    if not password:  # "(it has 0)" read as a count to check, not a field left empty
        raise InputError(Problem(field, f"is required (at least {MIN_PASSWORD_LENGTH} "
                                        "characters)"))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(
            Problem(
                field,
                f"must be at least {MIN_PASSWORD_LENGTH} characters long (it has "
                f"{len(password)})",
            )
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InputError(Problem(
            field, f"must be at most {MAX_PASSWORD_LENGTH} characters long (it has "
                   f"{len(password)}); a passphrase of a few words is plenty"))
    if all(_invisible(c) for c in password):
        raise InputError(Problem(field, "must not be only spaces"))
    # A line break or tab cannot be typed into the sign-in dialog: such a password (a
    # Windows "\r" left over from a provisioning script, say) could never be used.
    if any(unicodedata.category(c) in LINE_BREAKING_CATEGORIES for c in password):
        raise InputError(
            Problem(field, "must not contain control characters such as a line break or tab")
        )
    # A lone surrogate (a broken paste, bytes that were not UTF-8) cannot be hashed, and
    # a code point this system's Unicode does not know may normalise differently on a
    # newer one (RFC 8265 disallows both).
    if any(unicodedata.category(c) in ("Cs", "Cn") for c in password):
        raise InputError(Problem(
            field, "contains a character this system cannot read (a broken copy and paste?); "
                   "type the password instead"))
    if any(n and _comparable(password) == _comparable(n) for n in names):
        raise InputError(Problem(field, "must not be the user name or the full name"))
    guessed = _guessed_first(password, names)
    if guessed:
        raise InputError(Problem(field, guessed))


# NIST SP 800-63B (5.1.1.2) has a verifier refuse the passwords tried first: repeated or
# sequential characters, commonly used passwords, words from the context (the user's
# name, the app's). "aaaaaaaaaaaa", "123456789012" and "Password2026!" met the length rule.
_IN_ORDER = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "1234567890-=",
             "qwertyuiopasdfghjklzxcvbnm",
             "qwertyuiop[]\\asdfghjkl;'zxcvbnm,./", "qazwsxedcrfvtgbyhnujmikolp")
# Base words of the most used passwords (the published breach lists' top entries): digits
# and symbols added at either end, or "0" for "o" inside, do not make another password.
_COMMON = frozenset({
    "password", "passwort", "qwerty", "qwertz", "azerty", "letmein", "welcome", "iloveyou",
    "admin", "administrator", "approvals", "changeme", "secret", "login", "master",
    "monkey", "dragon", "football", "baseball", "sunshine", "princess", "trustno",
    "shadow", "superman", "starwars", "whatever", "freedom", "hello", "test", "guest",
    "abc", "abcd", "user", "root", "default", "summer", "winter", "spring", "autumn",
    "compliance", "mima", "woaini", "nihao"})
_LOOK_ALIKE_DIGITS = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s",
                                    "7": "t", "@": "a", "$": "s"})


def _guessed_first(password: str, names: tuple[str, ...]) -> str:
    """Why an attacker would try `password` early (a refusal's words), or ""."""
    compact = "".join(normalise_password(password).casefold().split())
    if any(compact == compact[:size] * (len(compact) // size)
           for size in range(1, 5) if len(compact) % size == 0 and len(compact) > size):
        return "must not be one character or a short group of characters repeated"
    for series in _IN_ORDER:
        times = len(compact) // len(series) + 2
        if compact in series * times or compact in series[::-1] * times:
            return "must not be keys or letters in order (such as 1234… or qwerty…)"
    # The word between digits and symbols at either end.
    core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", compact)
    if not core:
        return ""
    letters = re.sub(r"[\W_]", "", core)
    if any(n and letters == re.sub(r"[\W_]", "", "".join(n.casefold().split()))
           for n in names):
        return "must not be the user name or the full name with digits or symbols added"
    if core.translate(_LOOK_ALIKE_DIGITS) in _COMMON or letters in _COMMON:
        return ("is a common password with digits or symbols added, among the first any "
                "attacker tries: use a few unrelated words instead")
    return ""


def hash_password(password: str) -> str:
    return _hasher.hash(normalise_password(password))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    except UnicodeError:  # a lone surrogate: no password anybody has, and no traceback
        return False


def _check(password_hash: str, password: str) -> tuple[bool, bool]:
    """(the password is right, the stored hash should be made again). Hashes made by
    older versions hold another form (`_legacy_forms`); they still count, once, and are
    then stored again in the current form."""
    normal = normalise_password(password)
    if _verify(password_hash, normal):
        return True, _hasher.check_needs_rehash(password_hash)
    tried = {normal}
    for form in _legacy_forms(password):
        if form not in tried:
            tried.add(form)
            if _verify(password_hash, form):
                return True, True
    return False, False


def utc(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def user_roles(user: User) -> tuple[str, ...]:
    stored = set(json.loads(user.roles or "[]"))
    return tuple(r for r in ROLES if r in stored)


def actor_for(user: User) -> Actor:
    """The actor a sign-in makes: it acts only while its user is in the database."""
    return SignedInActor(username=user.username, roles=user_roles(user),
                         display_name=user.display_name)


def canonical_username(typed: str) -> str:
    """A user name as typed or pasted, in the form it is stored and looked up in (RFC 8265
    UsernameCaseMapped's width mapping): NFKC, so "ｒｉｔａ" from an input method in
    full-width mode is "rita"; without invisible format characters (a zero-width space or
    byte-order mark pasted from a chat or an e-mail); without spaces around it. Stored
    names are plain ASCII, so this never makes two of them one."""
    text = unicodedata.normalize("NFKC", typed or "")
    return "".join(c for c in text if unicodedata.category(c) != "Cf").strip()


def find_user(session: Session, username: str) -> User | None:
    """The user of that name however it was typed (see `canonical_username`); names
    differing only in letter case count as the same."""
    username = canonical_username(username)
    exact = session.exec(select(User).where(User.username == username)).first()
    if exact is not None:
        return exact
    return session.exec(
        select(User).where(func.lower(User.username) == username.lower())
    ).first()


def current_lock(locked_until: str | None, now: datetime | None = None) -> str | None:
    """`locked_until` while it is still in the future, else None (an expired lock); never
    more than one lock-out period away (see `_clock_went_back`)."""
    moment = utc(now)
    if _remaining(locked_until, moment) <= 0:
        return None
    return iso(moment + LOCKOUT) if _clock_went_back(locked_until, moment) else locked_until


def lockout_end(session: Session, username: str) -> str | None:
    """When the user's lock-out ends (UTC ISO), or None while they are not locked out: the
    lock screen reads it again as it counts down, so a lock-out an administrator lifted
    stops being counted ("Try again in 4 min 45 s" after the lift)."""
    user = find_user(session, username)
    return current_lock(user.locked_until) if user is not None else None


def _clock_went_back(locked_until: str | None, now: datetime) -> bool:
    """A lock that ends further away than a whole lock-out period was set by a clock
    ahead of this one: the computer's time was put back (by hand, or corrected by the
    network), or another computer on the shared folder runs fast. Taken as is, an hour
    back would lock the account for 65 minutes."""
    return bool(locked_until and parse_iso(locked_until) > now + LOCKOUT)


_dummy_hash: str | None = None


def _burn_time(password: str) -> None:
    """Verify against a throw-away hash, so an unknown name takes as long to refuse as a
    wrong password and response times do not tell which names exist."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("not a password of anybody")
    _check(_dummy_hash, password)  # as many verifications as a known name's wrong password


@dataclass(frozen=True)
class SignInResult:
    """What a sign-in attempt came to.

    status: "ok" | "wrong" (bad name or password) | "locked" | "inactive" | "change" (the
    password is right, but it is one another person set, by a reset or when they created
    the account: the sign-in goes on only with a new password, `sign_in(new_password=...)`;
    `reset_by` names who set it, `at_creation` says it was set with the account).
    """

    status: str
    message: str
    actor: Actor | None = None
    locked_until: str | None = None
    remaining_seconds: int = 0
    attempts_left: int | None = None
    stamp: str = ""  # on success: the session's password stamp (see `session_stamp`)
    # Locked out and the only active administrator: nobody can lift the lock-out sooner.
    only_admin: bool = False
    reset_by: str = ""  # status "change": the login of whoever set the password
    at_creation: bool = False  # status "change": set when they created the account

    @property
    def must_change(self) -> bool:
        return self.status == "change"

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _remaining(locked_until: str | None, now: datetime) -> int:
    if not locked_until:
        return 0
    left = (parse_iso(locked_until) - now).total_seconds()
    return max(0, int(left + 0.999))


def seconds_left(locked_until: str | None, now: datetime | None = None) -> int:
    """Whole seconds until `locked_until` (rounded up), 0 once it has passed."""
    return _remaining(locked_until, utc(now))


def lockout_message(seconds: int, locked_until: str | None = None, *,
                    only_admin: bool = False) -> str:
    """Says how long to wait and, given `locked_until`, until when (UTC, see utc_clock_text).
    With `only_admin` (the account is the only active administrator's) it does not send
    them to ask an administrator: there is nobody else to ask."""
    minutes, secs = divmod(seconds, 60)
    wait = f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"
    # Its day is the day of the moment the `seconds` were counted at.
    until = (f" until {utc_clock_text(locked_until, parse_iso(locked_until) - timedelta(seconds=seconds))}"
             if locked_until else "")
    ask = ("; you are the only administrator, so nobody can lift it sooner." if only_admin
           else ", or ask an administrator.")
    return f"Too many wrong passwords: this account is locked{until}. Try again in {wait}{ask}"


def _only_active_admin(session: Session, user: User) -> bool:
    """Whether `user` is the one active administrator (nobody else could lift its
    lock-out or reset its password)."""
    if not user.active or "admin" not in user_roles(user):
        return False
    others = session.exec(select(User).where(User.active == True,  # noqa: E712
                                             User.username != user.username)).all()
    return not any("admin" in user_roles(u) for u in others)


def _locked_result(session: Session, user: User, left: int) -> SignInResult:
    """A signed-in person's own account locked out: how long, until when, and whom to ask."""
    alone = _only_active_admin(session, user)
    return SignInResult("locked", lockout_message(left, user.locked_until, only_admin=alone),
                        locked_until=user.locked_until, remaining_seconds=left,
                        only_admin=alone)


def utc_clock_text(moment: str, now: datetime | None = None) -> str:
    """An ISO UTC time as the app writes times (UTC, as the Timeline), to the second:
    "14:32:05 UTC" on `now`'s UTC day, "2026-12-03 00:01:05 UTC" on another. A bare
    clock time read as local time, or as today, misled whoever read it in another zone
    or of a lock-out ending after midnight."""
    when = parse_iso(moment).astimezone(UTC)
    day = "" if when.date() == utc(now).date() else f"{when:%Y-%m-%d} "
    return f"{day}{when:%H:%M:%S} UTC"


def sign_in(
    session: Session,
    *,
    username: str,
    password: str,
    now: datetime | None = None,
    purpose: str = "sign-in",
    new_password: str | None = None,
) -> SignInResult:
    """Check a password; count failures, lock after five for five minutes; audit each.

    A password that somebody else set (an administrator's reset, or the password an
    administrator or a provisioning script gave a new account) lets its user in only
    with a new one of their own (`password_set_by_another`): without `new_password` the answer is
    `SignInResult("change")`, with no actor; with it, the new password (the same rules as
    every password, and not the one that was set) is stored and the user signed in, both
    audited. A `new_password` that breaks the rules raises InputError at "new_password"
    (nothing of the call is kept). At "unlock" and "password change" it does not apply:
    those sessions signed in before the reset, and the reset signs them out.

    `purpose` is "sign-in", "unlock" (idle lock) or "password change"; it is recorded in
    the event details. For "sign-in" every refusal is the same `SignInResult("wrong",
    BAD_CREDENTIALS)`, whatever the reason (only the audit event says which), and takes
    about as long; the other purposes, for a person already signed in, say what happened.
    """
    moment = utc(now)
    username = canonical_username(username)
    user = find_user(session, username) if username else None
    system = Actor(username=_SIGN_IN)
    details: dict[str, Any] = {"purpose": purpose}
    named = purpose in _SIGNED_IN_PURPOSES
    refused = SignInResult("wrong", BAD_CREDENTIALS)
    if user is None:
        _burn_time(password or "")
        # The typed name is not recorded: people type their password into the name field
        # by mistake, and the audit trail must never hold a password in clear.
        append_event(session, actor=system, action="user.sign_in_failed", entity="user",
                     entity_id="", reason="unknown user name", details=details)
        return refused

    if _clock_went_back(user.locked_until, moment):
        # The lock runs from now (a full period, as if just set), not until a time that a
        # clock put back reaches only much later.
        details["lock_moved"] = [user.locked_until, iso(moment + LOCKOUT)]
        user.locked_until = iso(moment + LOCKOUT)
        session.add(user)
    left = _remaining(user.locked_until, moment)
    if left > 0:
        # Still locked: the password is checked against nothing (guessing gains nothing),
        # but the time it would take is spent, so a quick answer does not mark the name.
        _burn_time(password or "")
        append_event(session, actor=system, action="user.sign_in_refused", entity="user",
                     entity_id=user.username, reason="account locked", details=details)
        if not named:
            return refused
        return _locked_result(session, user, left)

    right, rehash = _check(user.password_hash, password or "")
    if not right:
        if user.locked_until:  # an earlier lock ran out: start counting afresh
            user.locked_until = None
            user.failed_attempts = 0
        user.failed_attempts += 1
        if user.failed_attempts >= MAX_FAILED_ATTEMPTS:
            attempt = user.failed_attempts
            user.locked_until = iso(moment + LOCKOUT)
            user.failed_attempts = 0
            session.add(user)
            # Numbered like the four before it: an auditor reading "attempt 1 … 4" and then
            # an unnumbered failure could not tell it was the fifth that locked the account.
            append_event(session, actor=system, action="user.sign_in_failed", entity="user",
                         entity_id=user.username, reason="wrong password",
                         details={**details, "attempt": attempt})
            append_event(session, actor=system, action="user.locked_out", entity="user",
                         entity_id=user.username, new=user.locked_until,
                         reason=f"{MAX_FAILED_ATTEMPTS} wrong passwords in a row",
                         details=details)
            if not named:
                return refused
            return _locked_result(session, user, _remaining(user.locked_until, moment))
        session.add(user)
        append_event(session, actor=system, action="user.sign_in_failed", entity="user",
                     entity_id=user.username, reason="wrong password",
                     details={**details, "attempt": user.failed_attempts})
        if not named:
            return refused
        attempts_left = MAX_FAILED_ATTEMPTS - user.failed_attempts
        return SignInResult(
            "wrong",
            f"The password is wrong. {attempts_left} more "
            f"{'try' if attempts_left == 1 else 'tries'} before the account is locked "
            f"for {int(LOCKOUT.total_seconds() // 60)} minutes.",
            attempts_left=attempts_left,
        )

    if not user.active:
        append_event(session, actor=system, action="user.sign_in_refused", entity="user",
                     entity_id=user.username, reason="account deactivated", details=details)
        if not named:
            return refused
        return SignInResult("inactive", "This account has been deactivated. Ask an administrator.")

    user.failed_attempts = 0
    user.locked_until = None
    if rehash:
        user.password_hash = hash_password(password)
    session.add(user)
    actor = actor_for(user)
    set_by = password_set_by_another(session, user.username) if not named else None
    if set_by is not None:
        if new_password is None:
            append_event(session, actor=system, action="user.sign_in_refused", entity="user",
                         entity_id=user.username, reason=set_by.reason,
                         details={**details, set_by.detail: set_by.username})
            return SignInResult("change", new_password_needed(session, set_by),
                                reset_by=set_by.username, at_creation=set_by.at_creation)
        _choose_after_reset(session, user, actor=actor, old_password=password,
                            new_password=new_password, set_by=set_by, details=details)
    append_event(session, actor=actor, action="user.signed_in", entity="user",
                 entity_id=user.username, details=details)
    return SignInResult("ok", f"Signed in as {user.display_name or user.username}.", actor=actor,
                        stamp=session_stamp(user))


NEW_PASSWORD_NEEDED_REASON = "a new password is required: another person reset it"
# The same demand for an account whose password its creator chose (an administrator in
# Users…, or `approvals user add`): they know it, so it is replaced before first use.
OWN_PASSWORD_NEEDED_REASON = ("a password of the user's own is required: another person "
                              "set it when creating the account")


@dataclass(frozen=True)
class PasswordSetBy:
    """Who set the password a user still has, when it was not the user: by a reset, or
    (`at_creation`) as the password of the account they created."""

    username: str
    at_creation: bool = False

    @property
    def reason(self) -> str:  # of the refused sign-in's event
        return OWN_PASSWORD_NEEDED_REASON if self.at_creation else NEW_PASSWORD_NEEDED_REASON

    @property
    def detail(self) -> str:  # the key naming them in the events' details
        return "created_by" if self.at_creation else "reset_by"


# The events that set a user's password: their account's creation (its password was
# chosen by whoever created it), an administrator's reset, the user's own choice.
PASSWORD_SET_EVENTS = and_(
    col(Event.entity) == "user",
    or_(col(Event.action) == "user.created",
        and_(col(Event.field) == "password",
             col(Event.action).in_(("user.password_reset", "user.password_changed")))))


def passwords_set_by_another(session: Session, usernames: Collection[str] | None = None
                             ) -> dict[str, PasswordSetBy]:
    """{user: who set their password} for the users (of `usernames`, else everybody) whose
    password is still the one another person set: by creating the account or by a reset.
    Not those who chose their own since, nor those who set it themself (the first
    administrator at first start, an administrator resetting their own).

    Read from the audit trail in one pass, which says who set each password: the user's
    last password event (`user.created`, `user.password_reset` or `user.password_changed`)
    decides. The trail is append-only and chained, so the demand cannot be dropped without
    it showing; the `users` table has no column for it. An account created before the app
    asked for this, whose user still signs in with the password their administrator chose,
    is asked too: that password is as known to another person as on its first day."""
    # A change of one's own password counts also as an earlier version recorded it,
    # without its field.
    query = select(Event.entity_id, Event.action, Event.actor).where(
        or_(PASSWORD_SET_EVENTS, and_(col(Event.entity) == "user",
                                      col(Event.action) == "user.password_changed")))
    if usernames is not None:
        query = query.where(col(Event.entity_id).in_(list(usernames)))
    set_by: dict[str, PasswordSetBy] = {}
    for name, action, actor in session.exec(query.order_by(col(Event.id))):
        if action == "user.password_changed" or actor == name:
            set_by.pop(name, None)
        else:
            set_by[name] = PasswordSetBy(actor, at_creation=action == "user.created")
    return set_by


def password_set_by_another(session: Session, username: str) -> PasswordSetBy | None:
    """Who set `username`'s password, while it is still the one they set
    (`passwords_set_by_another`); None once the user has chosen their own."""
    return passwords_set_by_another(session, [username]).get(username)


def _who(session: Session, username: str) -> str:
    """"Ruth Root (root)", or the login alone when there is no other name to show."""
    person = find_user(session, username)
    return (f"{person.display_name} ({person.username})"
            if person is not None and person.display_name
            and person.display_name != person.username else username)


def new_password_needed(session: Session, set_by: PasswordSetBy) -> str:
    """What the sign-in dialog says when the password typed was set by another person."""
    rule = (f"Choose a new password that only you know (at least {MIN_PASSWORD_LENGTH} "
            "characters) and type it twice to sign in.")
    if set_by.at_creation:
        # A script's login ("cli:ops") is not a colleague to look for in Users.
        who = ("the command line (approvals user add)" if is_command_line_login(set_by.username)
               else _who(session, set_by.username))
        return f"Your account was created with a password set by {who}. {rule}"
    return f"Your password was reset by {_who(session, set_by.username)}. {rule}"


def _choose_after_reset(session: Session, user: User, *, actor: Actor, old_password: str,
                        new_password: str, set_by: PasswordSetBy,
                        details: dict[str, Any]) -> None:
    """Store the new password a user chose at sign-in in place of the one `set_by` set."""
    check_password_rules(new_password, "new_password", (user.username, user.display_name))
    _store_chosen_password(session, user, actor=actor, old_password=old_password,
                           new_password=new_password,
                           same_as_old="is the password that was set for you: choose one "
                                       "that only you know",
                           reason=("required at first sign-in: another person set the "
                                   "account's password" if set_by.at_creation else
                                   "required at sign-in after a reset by another person"),
                           details={**details, set_by.detail: set_by.username})


def _store_chosen_password(session: Session, user: User, *, actor: Actor, old_password: str,
                           new_password: str, same_as_old: str, **event: Any) -> None:
    """The password a user chose in place of `old_password` (refused at new_password, with
    `same_as_old`, when it is the same), and its event. Field "password", as a reset's: the
    last of these says who set the password now in use (`password_set_by_another`)."""
    if normalise_password(new_password) == normalise_password(old_password or ""):
        raise InputError(Problem("new_password", same_as_old))
    user.password_hash = hash_password(new_password)
    user.version += 1
    session.add(user)
    append_event(session, actor=actor, action="user.password_changed", entity="user",
                 entity_id=user.username, field="password", **event)


def session_stamp(user: User) -> str:
    """A fingerprint of the user's current password hash (not the hash itself: the UI keeps
    it for the whole session). It changes whenever the password does, an administrator's
    reset or the user's own change, so a session that signed in with the old password can
    tell it no longer holds. (It also changes when a sign-in re-stores an old-form hash,
    once per user: other sessions of that user then sign in again, which is harmless.)"""
    return hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()[:32]


def current_stamp(session: Session, username: str) -> str:
    """The stamp of the user's password as stored now ("" for no such user)."""
    user = session.exec(select(User).where(User.username == username)).first()
    return session_stamp(user) if user is not None else ""


PASSWORD_RESET = ("Your password was changed since you signed in (an administrator reset "
                  "it, or it was changed in another window); sign in with the new password.")


@dataclass(frozen=True)
class SessionCheck:
    """What a running session finds when it looks at its user again.

    status: "ok" (actor has the roles the database grants now), "revoked" (deactivated) or
    "password" (the password changed since the session's sign-in): sign out, saying
    `message`.
    """

    status: str
    actor: Actor
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def check_session(session: Session, *, actor: Actor, stamp: str = "") -> SessionCheck:
    """A signed-in session's user as the database has them now, read in one query.

    Unlike `access.current_actor` (the permission check of a service call, which never
    grants more than the actor it is given) the roles here are all those the user holds
    now, granted ones included: the app's session adopts them, so an administrator's change
    of roles takes effect in the running window without a new sign-in. `stamp` is the one
    `sign_in` returned; "" skips the password check."""
    user = session.exec(select(User).where(User.username == actor.username)).first()
    if user is None:
        if isinstance(actor, SignedInActor):  # e.g. a restored backup made before the user
            return SessionCheck("revoked", actor, NOT_A_USER)
        return SessionCheck("ok", actor)  # an identity built in code, not a sign-in
    if not user.active:
        return SessionCheck("revoked", actor, DEACTIVATED)
    if stamp and stamp != session_stamp(user):
        return SessionCheck("password", actor, PASSWORD_RESET)
    fresh = replace(actor, roles=user_roles(user), display_name=user.display_name)
    return SessionCheck("ok", fresh if fresh != actor else actor)


def sign_out(session: Session, *, actor: Actor, reason: str = "") -> None:
    append_event(session, actor=actor, action="user.signed_out", entity="user",
                 entity_id=actor.username, reason=reason)


def record_idle_lock(session: Session, *, actor: Actor, reason: str = "idle timeout") -> None:
    """The window locked itself after the idle timeout, or the user locked it ("Lock now";
    `reason` says which). Unlocking is a sign-in event."""
    append_event(session, actor=actor, action="user.session_locked", entity="user",
                 entity_id=actor.username, reason=reason)


def change_own_password(
    session: Session, *, actor: Actor, old_password: str, new_password: str
) -> str:
    """Any signed-in user may change their own password, knowing the current one (but not
    after an administrator deactivated their account, nor while it is locked out).

    Returns the new `session_stamp`: the session that made the change keeps going with it,
    while the user's other sessions (other windows on the same data folder) sign out.

    A wrong `old_password` raises, so nothing of this call is committed: callers that take
    the current password from a person check it with `sign_in(purpose="password change")`
    first, which counts the failure like any other."""
    actor = current_actor(session, actor)
    check_password_rules(new_password, "new_password")
    user = find_user(session, actor.username)
    if user is not None:
        check_password_rules(new_password, "new_password", (user.username, user.display_name))
    lock = current_lock(user.locked_until) if user is not None else None
    left = _remaining(lock, utc(None))
    if user is not None and left > 0:
        # Wrong guesses here count towards the lock-out (the app checks the current password
        # with `sign_in` first); a locked account cannot go round it by this door either.
        raise InputError(Problem("old_password", lockout_message(
            left, lock, only_admin=_only_active_admin(session, user))))
    if user is None or not _check(user.password_hash, old_password or "")[0]:
        raise InputError(Problem("old_password", "is not the current password"))
    # The same as before was "changed", the other windows signed out, for nothing.
    _store_chosen_password(session, user, actor=actor, old_password=old_password,
                           new_password=new_password,
                           same_as_old="is the current password: choose a different one")
    return session_stamp(user)


# --- settings ---------------------------------------------------------------------


@dataclass(frozen=True)
class SecuritySettings:
    idle_timeout_minutes: int
    solo_mode: bool


def get_security_settings(session: Session) -> SecuritySettings:
    minutes = get_setting(session, IDLE_TIMEOUT_KEY, DEFAULT_IDLE_TIMEOUT_MINUTES)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 1:
        minutes = DEFAULT_IDLE_TIMEOUT_MINUTES
    return SecuritySettings(
        idle_timeout_minutes=minutes,
        solo_mode=get_setting(session, SOLO_MODE_KEY, False) is True,
    )


def set_idle_timeout(session: Session, *, actor: Actor, minutes: int) -> SecuritySettings:
    actor = require(session, actor, "settings.manage")
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise InputError(Problem(IDLE_TIMEOUT_KEY, "must be a whole number of minutes"))
    if not 1 <= minutes <= MAX_IDLE_TIMEOUT_MINUTES:
        raise InputError(
            Problem(IDLE_TIMEOUT_KEY, f"must be between 1 and {MAX_IDLE_TIMEOUT_MINUTES} minutes")
        )
    # The audit trail records the value in force before, the default if none was stored.
    old = get_security_settings(session).idle_timeout_minutes
    put_setting(session, IDLE_TIMEOUT_KEY, minutes)
    append_event(session, actor=actor, action="settings.changed", entity="settings",
                 entity_id=IDLE_TIMEOUT_KEY, field=IDLE_TIMEOUT_KEY, old=old, new=minutes)
    return get_security_settings(session)


def set_solo_mode(
    session: Session, *, actor: Actor, enabled: bool, reason: str = ""
) -> SecuritySettings:
    """Solo mode lets one person approve their own work; each self-approval is marked.
    Switching it on needs a reason: it suspends four-eyes for every case, and an auditor
    reading the self-approvals asks why."""
    actor = require(session, actor, "settings.manage")
    if not isinstance(enabled, bool):
        raise InputError(Problem(SOLO_MODE_KEY, "must be true or false"))
    old = get_security_settings(session).solo_mode
    reason = (reason or "").strip()
    if enabled and not old and not reason:
        raise InputError(Problem("reason", "say why one person may approve their own work "
                                           "(e.g. \"one-person office\"); the audit trail "
                                           "keeps it"))
    put_setting(session, SOLO_MODE_KEY, enabled)
    append_event(session, actor=actor, action="settings.changed", entity="settings",
                 entity_id=SOLO_MODE_KEY, field=SOLO_MODE_KEY, old=old, new=enabled,
                 reason=reason)
    return get_security_settings(session)
