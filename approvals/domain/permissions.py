"""Who may do what: the role matrix every service checks (not only the buttons).

`require` here is the pure check of the roles an actor carries (the UI uses it to grey out
controls). Services check with `approvals.services.access.require`, which first reads
the user's current roles and active flag from the database, so a deactivation or a removed
role counts at once, not only from the next sign-in."""

from __future__ import annotations

from collections.abc import Iterable

from approvals.domain.errors import PermissionDenied

ROLES: tuple[str, ...] = ("preparer", "reviewer", "approver", "admin")

# Each role as users read it: the Users dialog's role boxes (capitalised there), the
# refusals below and the command line's messages. The codes stay in data and options.
ROLE_NAMES: dict[str, str] = {
    "preparer": "preparer",
    "reviewer": "reviewer",
    "approver": "approver",
    "admin": "administrator",
}


def role_words(roles: Iterable[str]) -> str:
    """Roles by name, in the order of ROLES, for a sentence: "preparer or administrator",
    "preparer, approver or administrator"."""
    names = [ROLE_NAMES.get(r, r) for r in sorted(set(roles), key=_role_order)]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _role_order(role: str) -> tuple[int, str]:
    return (ROLES.index(role) if role in ROLES else len(ROLES), role)

# permission -> roles that hold it
PERMISSIONS: dict[str, frozenset[str]] = {
    "case.create": frozenset({"preparer", "admin"}),
    "case.edit": frozenset({"preparer", "admin"}),
    "case.screen": frozenset({"preparer", "reviewer", "approver", "admin"}),
    "case.accept_rescreen": frozenset({"preparer", "approver", "admin"}),
    # Closing a case withdraws its open tracks, a step the workflow gives to approvers.
    "case.close": frozenset({"approver", "admin"}),
    # Handing a case to another owner (its owner may hand over their own: case_owner).
    "case.assign": frozenset({"approver", "admin"}),
    "document.attach": frozenset({"preparer", "admin"}),
    "document.open": frozenset({"preparer", "reviewer", "approver", "admin"}),
    "document.restrict": frozenset({"preparer", "approver", "admin"}),
    "comment.add": frozenset({"preparer", "reviewer", "approver", "admin"}),
    "filing.render": frozenset({"preparer", "reviewer", "approver", "admin"}),
    "filing.finalise": frozenset({"preparer", "approver", "admin"}),
    "review.export": frozenset({"preparer", "approver", "admin"}),
    "review.respond": frozenset({"reviewer", "approver", "admin"}),
    "review.import": frozenset({"preparer", "approver", "admin"}),
    "review.decide": frozenset({"preparer", "approver", "admin"}),
    "calendar.edit": frozenset({"admin", "approver"}),
    # The defaults every case falls back to: one case's editor must not change all of them.
    "particulars.defaults": frozenset({"admin"}),
    "user.manage": frozenset({"admin"}),
    "settings.manage": frozenset({"admin"}),
    # Which rules every screening of the installation applies: an administrator's decision.
    "rulebook.install": frozenset({"admin"}),
    "backup.create": frozenset({"admin", "preparer", "approver"}),
    "backup.restore": frozenset({"admin"}),
    # Everyone who may open a case sees its timeline; exporting it to a file is recorded.
    "audit.export": frozenset({"preparer", "reviewer", "approver", "admin"}),
}

PERMISSION_LABELS: dict[str, str] = {
    "case.create": "create cases",
    "case.edit": "edit case facts",
    "case.screen": "screen cases",
    "case.accept_rescreen": "accept a re-screening",
    "case.close": "close or reopen cases",
    "case.assign": "hand cases to another owner",
    "document.attach": "attach documents",
    "document.open": "open documents",
    "document.restrict": "restrict documents",
    "comment.add": "comment",
    "filing.render": "generate filings",
    "filing.finalise": "generate final filings",
    "review.export": "export review packs",
    "review.respond": "answer review packs",
    "review.import": "import review packs",
    "review.decide": "accept or reject proposed changes",
    "calendar.edit": "edit the holiday calendars",
    "particulars.defaults": "change the organisation-wide filing particulars",
    "user.manage": "manage users",
    "settings.manage": "change settings",
    "rulebook.install": "install, sign or revert rulebook updates",
    "backup.create": "make backups",
    "backup.restore": "restore backups",
    "audit.export": "export the audit trail or the case list",
}


def allowed(roles: Iterable[str], permission: str) -> bool:
    return bool(PERMISSIONS[permission].intersection(roles))


def require(actor: object, permission: str) -> None:
    """Raise PermissionDenied unless `actor` (anything with `.roles` and `.username`) may."""
    roles = getattr(actor, "roles", ())
    if not allowed(roles, permission):
        raise PermissionDenied(
            f"{getattr(actor, 'username', 'This user')} may not {PERMISSION_LABELS[permission]}: "
            f"that needs the {role_words(PERMISSIONS[permission])} role."
        )


def require_any(actor: object, *permissions: str) -> None:
    """Raise PermissionDenied unless `actor` holds at least one of `permissions` (for a
    service whose exact permission depends on input it has not read yet)."""
    roles = getattr(actor, "roles", ())
    if any(allowed(roles, p) for p in permissions):
        return
    needed = role_words(set().union(*(PERMISSIONS[p] for p in permissions)))
    labels = " or ".join(PERMISSION_LABELS[p] for p in permissions)
    raise PermissionDenied(
        f"{getattr(actor, 'username', 'This user')} may not {labels}: "
        f"that needs the {needed} role."
    )
