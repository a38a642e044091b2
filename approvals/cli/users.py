"""`approvals user add` and `approvals user list`: provisioning on an offline machine.

`user add NAME --role ROLE [--role ROLE]... --password-stdin` reads the password from the
first line of standard input (its line ending, "\n" or "\r\n", is not part of it). Without
`--password-stdin` it asks on the terminal, twice, but only when standard input is a
terminal; otherwise it refuses (exit 2) rather than wait for input that never comes.

`user list --json` prints
    {"users": [{"username": "...", "display_name": "...", "roles": ["admin", ...],
                "active": true, "locked_until": null}]}
sorted by user name; roles in the fixed order preparer, reviewer, approver, admin.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from approvals.cli import add_data_dir, examples, report
from approvals.cli.common import (
    cli_actor,
    command,
    data_dir_of,
    has_database,
    print_json,
    session_of,
    table_lines,
)
from approvals.domain.errors import InputError, Problem
from approvals.domain.permissions import ROLES

if TYPE_CHECKING:
    from approvals.services.users import UserInfo


def register(subparsers: argparse._SubParsersAction) -> None:
    user = subparsers.add_parser("user", help="provision and list users")
    add_data_dir(user)
    user_sub = user.add_subparsers(dest="user_command", metavar="SUBCOMMAND", required=True)

    add = command(user_sub, "add", cmd_add, help="create a user")
    add.add_argument("name", metavar="NAME", help="user name (letters, digits, . _ - @)")
    add.add_argument("--role", action="append", default=[], metavar="ROLE",
                     help=f"one of {', '.join(ROLES)}; repeat for several roles")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input")
    add.add_argument("--display-name", default="", metavar="TEXT",
                     help="the full name shown in the app and on filings")
    # As the contract writes it: argparse's own showed --role as optional, which it is not.
    add.usage = ("%(prog)s NAME --role ROLE [--role ROLE]... [--password-stdin] "
                 "[--display-name TEXT] [--data-dir DIR]")
    add.epilog = examples("approvals user add alice --role preparer --role approver "
                          "--display-name \"Alice Wang\" --password-stdin < password.txt")

    command(user_sub, "list", cmd_list, help="the users, with roles and status", json=True)


def _read_password(args: argparse.Namespace) -> str:
    from approvals.services.auth import MAX_PASSWORD_LENGTH, check_password_rules

    if args.password_stdin:
        not_text = Problem("--password-stdin", "standard input is not text in this system's "
                                               "encoding (UTF-8); save the password as UTF-8")
        # At most a password's length (with a byte-order mark and "\r\n"): `< /dev/zero`
        # or a file of no lines was read without end, gigabytes in seconds.
        at_most = MAX_PASSWORD_LENGTH + 3
        try:
            line = sys.stdin.readline(at_most)
            line.encode("utf-8")  # bytes the stream could not decode arrive as surrogates
        except UnicodeError:
            raise InputError(not_text) from None
        if len(line) == at_most and not line.endswith("\n"):
            raise InputError(Problem("password", f"must be at most {MAX_PASSWORD_LENGTH} "
                                                 "characters long (the first line of standard "
                                                 "input has more); a passphrase of a few words "
                                                 "is plenty"))
        if not line:  # end of input at once (`< /dev/null`, a script's empty pipe)
            raise InputError(Problem("--password-stdin", "standard input is empty; give the "
                                                         "password on its first line"))
        # A file written on Windows ends its line with "\r\n" and may start with a
        # byte-order mark: neither is typed at the sign-in dialog, so keeping them would
        # make the password unusable there.
        line = line.removeprefix("\ufeff")
        line = line[:-1] if line.endswith("\n") else line
        return line[:-1] if line.endswith("\r") else line
    if not sys.stdin.isatty():
        raise InputError(
            Problem("--password-stdin", "standard input is not a terminal: pass the password "
                    "on standard input with --password-stdin")
        )
    first = getpass.getpass("Password: ")
    # Every rule before it is typed again, the one on the user's names too.
    check_password_rules(first, names=(args.name.strip(), args.display_name.strip()))
    if getpass.getpass("Password again: ") != first:
        raise InputError(Problem("password", "the two entries differ"))
    return first


def cmd_add(args: argparse.Namespace) -> int:
    from approvals.services.users import create_user, list_users

    # The service's own checks, all before the database is opened: a refused name must
    # not leave a new data folder and database behind (exit 2 writes nothing).
    if not args.password_stdin:  # nobody is asked for a password for a refused name
        _check(args, None)
        password = _read_password(args)
        _check(args, password)
    else:
        # Standard input that holds no password is one problem among the others, all at once.
        problems: list[Problem] = []
        given: str | None
        try:
            given = _read_password(args)
        except InputError as exc:
            problems, given = exc.problems, None
        try:
            _check(args, given)  # None: the rest without the password
        except InputError as exc:
            problems += exc.problems
        if problems or given is None:
            raise InputError(problems)
        password = given
    with session_of(args) as session:
        user = create_user(session, actor=cli_actor(), username=args.name,
                           password=password, roles=args.role,
                           display_name=args.display_name)
        everyone = list_users(session)
    print(f"Created user {user.username} ({', '.join(user.roles)}).")
    if not any(u.active and u.is_admin for u in everyone):
        report("note: there is no administrator yet; add one with --role admin, or nobody "
               "can manage users in the app.")
    return 0


def _check(args: argparse.Namespace, password: str | None) -> None:
    """Every problem at once, the roles named by their option (`--role`), so a script
    learns in one run what to change instead of one refusal per run."""
    from approvals.services.users import check_new_user

    roles = [Problem("--role", f"unknown role {r!r}; the roles are {', '.join(ROLES)}")
             for r in args.role if r.strip().lower() not in ROLES]
    if not args.role:
        roles.append(Problem("--role", f"give at least one of {', '.join(ROLES)}"))
    try:
        if has_database(args):  # a name taken there is said with the rest, not at the next run
            with session_of(args, write=False) as session:
                check_new_user(args.name, args.display_name, password, args.role,
                               session=session)
        else:  # nothing to compare with, and nothing is made for a refusal
            check_new_user(args.name, args.display_name, password, args.role)
    except InputError as exc:
        raise InputError([p for p in exc.problems if p.path != "roles"] + roles) from None
    if roles:  # the service found nothing the option check did not
        raise InputError(roles)


def _status(user: UserInfo) -> str:
    from approvals.services.auth import utc_clock_text

    if not user.active:
        return "deactivated"
    # A locked-out colleague at the desk is the usual reason an administrator looks.
    status = f"locked until {utc_clock_text(user.locked_until)}" if user.locked_until else "active"
    # A password someone else set, not yet replaced by the user's own at a sign-in: the
    # same words as the Users window, so the two views of one account agree.
    if user.reset_by:
        status += ", own password due" if user.set_at_creation else ", password reset"
    return status


def cmd_list(args: argparse.Namespace) -> int:
    from approvals.services.users import list_users

    no_database = not has_database(args)
    if no_database:  # listing must not create the database it looks at
        users = []
    else:
        with session_of(args, write=False) as session:
            users = list_users(session)
    if args.json:
        print_json({"users": [
            {"username": u.username, "display_name": u.display_name, "roles": list(u.roles),
             "active": u.active, "locked_until": u.locked_until}
            for u in users
        ]})
        return 0
    if not users:
        # Which folder was looked at: a mistyped --data-dir read as an office with no users.
        where = (f" {data_dir_of(args).root} holds no Approvals database (is the data folder "
                 "right?)." if no_database else "")
        print(f"No users yet.{where} Create one with `approvals user add NAME --role admin "
              "--password-stdin`.")
        return 0
    header = ("User", "Name", "Roles", "Status")
    table = [header] + [
        (u.username, u.display_name, ", ".join(u.roles), _status(u))
        for u in users
    ]
    print("\n".join(table_lines(table)))
    return 0
