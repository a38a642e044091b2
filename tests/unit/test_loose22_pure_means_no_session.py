"""A service function the audit matrix calls "(pure)" takes no database: one that reads it
when given a session (users.check_new_user) was described as pure."""

from __future__ import annotations

import importlib
import inspect

from tests.unit.test_audit_matrix import NO_DATABASE, READ_ONLY

_DATABASE = ("session", "db", "reading")


def test_no_function_called_pure_takes_a_session() -> None:
    wrong = []
    for table in (READ_ONLY, NO_DATABASE):
        for name, why in table.items():
            if "(pure)" not in why:
                continue
            module, function = name.split(".")
            found = getattr(importlib.import_module(f"approvals.services.{module}"), function)
            takes = [p for p in inspect.signature(found).parameters if p in _DATABASE]
            if takes:
                wrong.append(f"{name} takes {takes} but is described as {why!r}")
    assert not wrong, wrong
    assert "(pure)" not in READ_ONLY["users.check_new_user"]
