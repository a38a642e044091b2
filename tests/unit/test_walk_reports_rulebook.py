"""Found walking through the rulebook updates as an administrator: going back to an older
update on the command line needs the reason the window asks for (nothing is installed
without one)."""

from __future__ import annotations

import pytest

from approvals.domain.errors import InputError
from tests.unit.test_rulebook_updates import events, install, rule_folder, state


def test_going_back_needs_a_reason(db, data_dir, team, tmp_path) -> None:
    newer, older = tmp_path / "newer.zip", tmp_path / "older.zip"
    team.pack(rule_folder(tmp_path, "2026.12.1"), newer)
    team.pack(rule_folder(tmp_path, "2026.11.3"), older)
    install(db, data_dir, newer)
    before, logged = state(data_dir), events(db)
    for reason in (None, "   "):
        with pytest.raises(InputError, match=r"needs the reason.*--reason") as exc:
            install(db, data_dir, older, allow_older=True, reason=reason)
        assert exc.value.problems[0].path == "--reason"
    assert (state(data_dir), events(db)) == (before, logged)  # nothing installed, nothing left
    change = install(db, data_dir, older, allow_older=True, reason=" 12.1 misstates a figure ")
    assert change.after.declared_version == "2026.11.3"
    action, *_rest = events(db)[-1]
    assert action == "rulebook.installed"


def test_a_newer_update_needs_no_reason_with_allow_older(db, data_dir, team, tmp_path) -> None:
    """--allow-older only allows: a newer update installs with it and no reason."""
    newer = tmp_path / "newer.zip"
    team.pack(rule_folder(tmp_path, "2026.12.1"), newer)
    assert install(db, data_dir, newer, allow_older=True).after.declared_version == "2026.12.1"
