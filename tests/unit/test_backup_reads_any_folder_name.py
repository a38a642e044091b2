"""A backup's look into its database (the users a restore keeps, the documents' names for
the progress) opens the file by store.db.file_uri, the one URI the app builds: a folder
name with '#', '?', '%' or spaces is read, not taken for the URI's query or fragment."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvals.paths import DataDir
from approvals.services import backup, users
from approvals.store.migrate import open_database


@pytest.mark.usefixtures("fast_hash")
@pytest.mark.parametrize("folder", ["plain", "a b#c?d%41e", "审查 资料"])
def test_the_users_are_read_whatever_the_folder_is_called(tmp_path: Path, folder: str) -> None:
    data_dir = DataDir(tmp_path / folder)
    data_dir.ensure()
    db = open_database(data_dir)
    db_file = data_dir.database
    with db.session() as s:
        users.create_first_admin(s, username="wang", password="a long pass phrase 42",
                                 display_name="Wang Jingjing")
    db.dispose()
    assert backup.active_users(db_file) == (("wang", "Wang Jingjing"),)
