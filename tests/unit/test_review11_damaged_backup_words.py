"""A damaged backup says to copy it again from where it is kept: "ask the sender for it
again", right for a review pack or an update someone sent, is wrong for one's own backup."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvals.domain.errors import CheckFailed
from approvals.services import backup


def test_a_truncated_backup_is_not_said_to_have_a_sender(tmp_path: Path) -> None:
    cut = tmp_path / "approvals-backup.zip"
    cut.write_bytes(b"PK\x03\x04" + b"\0" * 20)
    with pytest.raises(CheckFailed) as refused:
        backup.verify_backup(cut)
    said = str(refused.value)
    assert "damaged or truncated" in said and "copy it again from where it is kept" in said
    assert "sender" not in said
