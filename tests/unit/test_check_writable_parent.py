"""An output path under a file (`--out /etc/passwd/x.zip`) says the 'folder' is a file,
not that it does not exist (it does)."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvals.domain.errors import InputError
from approvals.store.files import check_writable


def test_a_file_in_place_of_the_folder_is_named_as_a_file(tmp_path: Path) -> None:
    plain = tmp_path / "notes.txt"
    plain.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match=r"notes\.txt is a file, not a folder"):
        check_writable(plain / "backup.zip", "out")
    with pytest.raises(InputError, match=r"missing does not exist"):
        check_writable(tmp_path / "missing" / "backup.zip", "out")


def test_the_check_never_creates_the_target_itself(tmp_path, monkeypatch) -> None:
    """The check made and removed the very file asked for: a second command writing the
    same path meanwhile lost its finished file to the first one's removal, and a kill
    between the two left an empty file under the user's chosen name."""
    import os

    from approvals.store import files

    opened: list[str] = []
    real_open = os.open

    def recording_open(path, flags, *args):  # type: ignore[no-untyped-def]
        opened.append(str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(files.os, "open", recording_open)
    out = tmp_path / "weekly.zip"
    assert files.check_writable(out, "--out") == out
    assert str(out) not in opened and opened, opened
    assert list(tmp_path.iterdir()) == []  # the probe beside it removed again
    # A file already there under the probe's name is someone's: left alone.
    (tmp_path / "~eekly.zip").write_text("mine")
    opened.clear()
    files.check_writable(out, "--out")
    assert (tmp_path / "~eekly.zip").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["~eekly.zip"]
    # Refusals still name the field: a folder that cannot be written.
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.geteuid() != 0:
            with pytest.raises(InputError) as err:
                files.check_writable(locked / "x.pdf", "--out")
            assert err.value.problems[0].path == "--out"
    finally:
        locked.chmod(0o700)
