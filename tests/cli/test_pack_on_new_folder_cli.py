"""A file that is no pack, given to a data folder with no database yet: the refusal says
what is wrong with the file (as on a folder with one), not that the new folder trusts no
key and how to trust the sender — there is no sender to trust."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.cli.helpers import run_many


def test_a_zip_that_is_no_pack_is_named_as_such_on_a_new_folder(tmp_path: Path) -> None:
    photos = tmp_path / "photos.zip"
    with zipfile.ZipFile(photos, "w") as zf:
        zf.writestr("holiday.jpg", b"\xff\xd8" + b"x" * 100)
    new_folder = tmp_path / "new"
    results = run_many(("rulebook", "install", photos, "--data-dir", new_folder),
                       ("review", "import", photos, "--data-dir", new_folder),
                       ("review", "open", photos, "--data-dir", new_folder))
    for result, expected in zip(results, ("The rulebook update photos.zip was refused: it "
                                          "is not an approvals rulebook update",
                                          # import takes either kind, as on a folder
                                          # with a database; open, a review pack
                                          "The file photos.zip was refused: it is not an "
                                          "approvals review or response pack",
                                          "The review pack photos.zip was refused: it is not "
                                          "an approvals review pack"), strict=True):
        assert result.code == 1
        assert result.stderr.startswith(expected), result.stderr
        assert "trusts no installation's key" not in result.stderr
        assert "approvals key trust" not in result.stderr
    assert not new_folder.exists()  # a refusal leaves no new data folder behind
