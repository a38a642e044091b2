"""A sentence ending in a menu item or a button with an ellipsis ("File → Back up…") ends
with the item's "…": no full stop after it ("Back up…." read as a typo)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from approvals.domain.errors import CheckFailed
from approvals.domain.wording import ended
from approvals.exchange.pack import PackRefused
from approvals.services import backup
from tests.source_support import PACKAGE, app_sources


def test_ended_adds_a_stop_except_after_an_ellipsis() -> None:
    assert ended("Nothing was changed") == "Nothing was changed."
    assert ended("import it with Review → Import response…") == (
        "import it with Review → Import response…")


def test_a_refused_pack_naming_a_menu_item_has_no_stop_after_it() -> None:
    refused = PackRefused(Path("answer.zip"), "open it with Review → Open review pack "
                                              "(review mode)…", what="response pack")
    assert str(refused) == ("The response pack answer.zip was refused: open it with Review → "
                            "Open review pack (review mode)… Nothing was changed.")


def test_a_zip_that_is_no_backup_ends_with_the_menu_item(tmp_path: Path) -> None:
    other = tmp_path / "photos.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("a.txt", "a")
    with pytest.raises(CheckFailed) as refused:
        backup.verify_backup(other)
    said = str(refused.value)
    assert said.endswith("Choose a backup file made by File → Back up…")
    assert "…." not in said


def test_no_text_of_the_app_puts_a_stop_after_an_ellipsis() -> None:
    """Every string the code holds (f-strings' literal parts and strings written in pieces
    too; docstrings aside, they are for developers): "…." nowhere."""
    found = [f"{source.path.relative_to(PACKAGE)}:{node.lineno}: {node.value!r}"
             for source in app_sources() for node in source.strings()
             if "…." in node.value.replace("…...", "")]
    assert found == []


def test_a_sentence_already_ended_gets_no_second_stop() -> None:
    assert ended("Choose a backup file made by File → Back up…").endswith("Back up…")
    assert ended("the file is damaged.") == "the file is damaged."  # not "damaged.."
    assert ended("is it a pack?") == "is it a pack?"
    assert ended("the file is damaged") == "the file is damaged."
