"""A screening recorded on the command line (no user signed in) is not said to be recorded
by "cli:root" in Part 9 of the Chinese application, as if that were a person's name: the
computer's user on the command line, the login after it as the audit trail keeps it."""

from __future__ import annotations

from dataclasses import replace

from approvals.filings import common as k
from approvals.filings import content as c
from tests.unit.test_filing_content_version import synthetic_case


def _note(created_by: str) -> c.Para:
    data = synthetic_case()
    assert data.screening is not None
    data = replace(data, screening=replace(data.screening, created_by=created_by))
    note = k.determinations_table(data, "CN-", bilingual=True, person=data.person)[0]
    assert isinstance(note, c.Para)
    return note


def test_the_command_line_is_named_as_such() -> None:
    note = _note("cli:root")
    assert note.en == ("Screened as of 2026-11-18 against rulebook test-rulebook (recorded "
                       "2026-11-18 09:00:00 UTC by the computer's user root on the command line, "
                       "cli:root in the audit trail).")
    assert note.zh is not None
    assert "由计算机用户 root 通过命令行于 " in note.zh
    assert note.zh.endswith("（UTC）记录（审计记录中为 cli:root）。")
    assert "由 cli:root" not in note.zh


def test_a_person_is_named_as_before() -> None:
    note = _note("li.wei")
    assert "(recorded 2026-11-18 09:00:00 UTC by Li Wei (li.wei))." in note.en
    assert note.zh is not None and "由 Li Wei (li.wei) 于 " in note.zh
