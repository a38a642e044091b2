"""The app started on an auditor's read-only copy of a data folder: the box says why it
does not open it and what to do (copy the folder; the reading commands read it as it is),
where it said only "choose another data folder"."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from approvals.domain.errors import InputError
from approvals.paths import DB_FILE, DataDir
from approvals.ui import application


class _ReadOnlyStat:
    f_flag = os.ST_RDONLY if hasattr(os, "ST_RDONLY") else 1


@pytest.mark.skipif(not hasattr(os, "statvfs"), reason="no statvfs on this system")
def test_a_read_only_copy_is_said_with_what_to_do(qtbot, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    (folder / DB_FILE).write_bytes(b"SQLite format 3\x00")
    # Mounting read-only needs root: the file system's answers are stood in for.
    monkeypatch.setattr("approvals.paths.os.access", lambda *_a, **_k: False)
    monkeypatch.setattr("approvals.paths.os.statvfs", lambda _p: _ReadOnlyStat())
    with pytest.raises(InputError) as raised:
        DataDir(folder).ensure()
    box = application.data_folder_problem_box(raised.value, DataDir(folder))
    qtbot.addWidget(box)
    assert box.text() == (f"{folder}: it is on a read-only drive or file system; choose "
                          "another data folder.")
    assert box.informativeText() == (
        "The app writes to its data folder as it works (sign-ins, the audit trail, its log), "
        "so it does not open a read-only one. To work with this copy, copy the whole folder "
        "to a writable place and start the app with --data-dir naming the copy. The commands "
        "that only read (approvals case list, audit verify, user list) read this folder as "
        "it is.")
