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
