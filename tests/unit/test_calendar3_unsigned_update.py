"""A rulebook folder zipped as it is (no signature) is refused as unsigned, with what to
ask for: it was refused for "member 'workflow/' has an unsafe name" or as "not an approvals
review pack … time/date 0x2211/0x5d7e ≠ 0x0/0x21", which told the administrator nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from approvals.exchange.pack import PackRefused
from approvals.paths import DataDir
from approvals.services.rulebook import installed_updates
from approvals.store.db import Database
from tests.unit.test_rulebook_updates import SHIPPED, install


def _zipped_folder(out: Path, *, folders: bool) -> Path:
    with zipfile.ZipFile(out, "w") as zf:
        for file in sorted(SHIPPED.rglob("*")):
            name = file.relative_to(SHIPPED).as_posix()
            if file.is_dir():
                if folders:
                    zf.writestr(name + "/", b"")
            else:
                zf.write(file, name)
    return out


@pytest.mark.parametrize("folders", [True, False])
def test_a_zipped_rulebook_folder_is_refused_as_unsigned(db: Database, data_dir: DataDir,
                                                         tmp_path: Path, folders: bool) -> None:
    path = _zipped_folder(tmp_path / "rules.zip", folders=folders)
    with pytest.raises(PackRefused) as refused:
        install(db, data_dir, path)
    message = str(refused.value)
    assert message.startswith("The rulebook update rules.zip was refused: it is not signed")
    assert "approvals rulebook pack" in message and "Nothing was changed." in message
    assert installed_updates(data_dir) == ()


def test_another_zip_is_refused_as_before(db: Database, data_dir: DataDir, tmp_path: Path) -> None:
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("holiday.jpg", b"\xff\xd8")
    with pytest.raises(PackRefused) as refused:
        install(db, data_dir, path)
    assert "not signed" not in str(refused.value)
