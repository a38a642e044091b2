"""Typed errors that carry a message a user understands.

Services raise these; the CLI maps them to exit codes and the UI shows them next to the
field or in a dialog. None of them should ever surface as a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem with one piece of input, located by its field path (or line)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ApprovalsError(Exception):
    """Base class for every error the application reports to a user."""


class InputError(ApprovalsError):
    """Bad input: one or more problems, each naming where it happened (CLI exit 2)."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


class CheckFailed(ApprovalsError):
    """A check ran and failed: broken audit chain, tampered pack (CLI exit 1)."""


class NotFound(ApprovalsError):
    """The case, track, user or document named does not exist."""


class PermissionDenied(ApprovalsError):
    """The signed-in user lacks the role or right for this action."""


class AccountRevoked(PermissionDenied):
    """The signed-in user's account was deactivated after they signed in: sign in again."""


class TransitionRefused(ApprovalsError):
    """A workflow transition is not allowed from the current state or a guard failed."""


class Cancelled(ApprovalsError):
    """The user stopped long work (a backup, a restore, attaching a file) before it was
    committed; whatever it had begun writing was removed."""


class DatabaseBusy(ApprovalsError):
    """Another window or command held the database's write lock for longer than the app
    waits; nothing was written, and trying again later succeeds."""


class ConflictError(ApprovalsError):
    """Someone else saved the same record since it was loaded (optimistic locking).

    `reload`: what to do to go on, said after `message` ("Reload it; nothing was saved.");
    a window that reloads by itself says `message` with what it did instead."""

    def __init__(self, message: str, changes: list[str] | None = None, *,
                 reload: str = "") -> None:
        self.changes = changes or []
        self.statement = message
        self.reload = reload
        super().__init__(f"{message} {reload}" if reload else message)
