"""A review pack written to a read-only USB stick: said at the file field, with what to do,
before the drafts are rendered (it was "Something went wrong: OSError: [Errno 30] …" after
all the work), and nothing is written or recorded."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from sqlalchemy import text

from approvals.domain.errors import InputError
from approvals.services.cases import import_case
from approvals.store import files
from tests.conftest import EXAMPLES_DIR
from tests.ui.test_review_ui import _click


def _read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Every file opened for writing under `folder` refused as on a locked USB stick."""
    real_open = os.open

    def refusing(path, flags, *args, **kwargs):
        if Path(os.fsdecode(path)).parent == folder and flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, "Read-only file system", os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(files.os, "open", refusing)


def test_a_part_file_refused_is_said_as_the_output_not_an_os_error(tmp_path, monkeypatch):
    usb = tmp_path / "usb"
    usb.mkdir()
    _read_only(monkeypatch, usb)
    with pytest.raises(InputError) as refused, files.atomic_output(usb / "pack.zip"):
        pass  # pragma: no cover - the part file is refused before the block
    message = refused.value.problems[0].message
    assert "Read-only file system" in message and "the drive is read-only" in message
    assert not list(usb.iterdir())


def test_export_to_a_read_only_folder_says_so_at_the_field(qtbot, tmp_path, monkeypatch,
                                                           export_dialog, db):
    dialog, _reference = export_dialog
    usb = tmp_path / "usb"
    usb.mkdir()
    _read_only(monkeypatch, usb)
    dialog.out_edit.setText(str(usb / "for-rita.zip"))
    _click(qtbot, dialog.export_button)
    qtbot.waitUntil(lambda: "No pack was written" in dialog.status.text(), timeout=10_000)
    said = dialog.status.text()
    assert said.startswith(f"{usb / 'for-rita.zip'} cannot be written")
    assert "the drive is read-only" in said and "save to another folder" in said
    assert dialog.export_button.isEnabled()  # another folder can be typed and exported
    assert not list(usb.iterdir())
    with db.session() as s:  # nothing recorded as exported
        assert not s.connection().execute(text(
            "SELECT 1 FROM events WHERE action = 'review.exported'")).first()


def test_a_pack_folder_that_cannot_be_made_is_said_as_the_output(tmp_path, monkeypatch,
                                                                  data_dir, db, admin):
    from approvals.services import review

    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        reference = import_case(s, data=facts, actor=admin).reference
    usb = tmp_path / "usb"
    real_mkdir = Path.mkdir

    def refusing(self, *args, **kwargs):
        if self.is_relative_to(usb):
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refusing)
    out = usb / "new folder" / "pack.zip"
    with db.session() as s, pytest.raises(InputError) as refused:
        review.export_review_pack(s, data_dir=data_dir, references=[reference], out=out,
                                  actor=admin, drafts=False)
    problem = refused.value.problems[0]
    assert problem.path == str(out) and "its folder cannot be made" in problem.message
    assert "the drive is read-only" in problem.message
