"""The paths an error message names (ui.errors.paths_named), each put on a line of its own
in the error box: paths with spaces at the end of a sentence and before punctuation, two
paths in one message, Windows paths (a drive's, a share's), and the folders of a path the
error carries, named in its words."""

from __future__ import annotations

import pytest

from approvals.domain.errors import CheckFailed, InputError, Problem
from approvals.ui.errors import paths_named, user_message


@pytest.mark.parametrize(("message", "paths"), [
    # A file's name with a space ends the sentence, or a clause.
    ("Saved to /home/ann lee/My Documents/approvals backup.zip.",
     ["/home/ann lee/My Documents/approvals backup.zip"]),
    ("Is it /home/ann/report 2026.pdf?", ["/home/ann/report 2026.pdf"]),
    ("Kept in /srv/data folder/backups/replaced-1 (until you remove it).",
     ["/srv/data folder/backups/replaced-1"]),
    ("(in /home/ann/My Files/a.pdf)", ["/home/ann/My Files/a.pdf"]),
    ("It is kept in “/home/ann/My Documents/x.zip”.", ["/home/ann/My Documents/x.zip"]),
    # Punctuation ends the path: the words after it are the sentence's.
    ("Written to /srv/data. Notes/old.txt were kept.", ["/srv/data"]),
    ("Kept in /srv/out, docs/x.pdf beside it.", ["/srv/out"]),
    ("Saved /a/b.pdf; then /c/d e.pdf!", ["/a/b.pdf", "/c/d e.pdf"]),
    # Two paths in one message.
    ("Copy /a b/c.txt to /d e/f.txt, then try again.", ["/a b/c.txt", "/d e/f.txt"]),
    ("Two: /a/b c/d.pdf and /e/f g/h.pdf.", ["/a/b c/d.pdf", "/e/f g/h.pdf"]),
    # Windows paths: a drive's (two of them), a share's.
    (r"C:\Users\Ann Lee\Documents\approvals backup.zip: cannot be written (disk full).",
     [r"C:\Users\Ann Lee\Documents\approvals backup.zip"]),
    (r"See D:\Board papers 2026\x.pdf and E:\y z\w.txt.",
     [r"D:\Board papers 2026\x.pdf", r"E:\y z\w.txt"]),
    (r"\\server\share\My Docs\x.pdf is gone.", [r"\\server\share\My Docs\x.pdf"]),
    ("Saved to C:/Users/Ann Lee/x.pdf.", ["C:/Users/Ann Lee/x.pdf"]),
])
def test_paths_in_the_words(message: str, paths: list[str]) -> None:
    assert paths_named(message) == paths


def test_words_alone_cannot_tell_a_last_folder_name_with_a_space() -> None:
    """"…/Approvals data." reads as a path and a word: only the error can say (below)."""
    assert paths_named("Put the folder back at /home/ann/Approvals data.") == [
        "/home/ann/Approvals"]


@pytest.mark.parametrize("root", ["/home/ann/Approvals data", r"C:\Users\Ann Lee\Approvals data",
                                  r"\\server\share\Approvals data"])
def test_a_carried_path_and_its_folder_named_in_the_words_are_taken_whole(root: str) -> None:
    """The refusal of a save to a lost database carries the file; its words name the file's
    folder (and a folder in it) at the end of a clause: cut at the space, "…/Approvals"
    went on a line of its own and " data" stayed in the sentence."""
    sep = "/" if root.startswith("/") else "\\"
    database, backups = f"{root}{sep}approvals.db", f"{root}{sep}backups"
    refused = InputError(Problem(database, (
        "the database file was moved or deleted while it was open; nothing was saved. Put "
        f"approvals.db back in the folder {root} and try again; if it is lost, close "
        f"Approvals and restore a backup (the automatic ones are in {backups})")))
    assert paths_named(user_message(refused), refused) == [database, root, backups]
    folder = InputError(Problem(root, "the data folder was moved or deleted while it was open"))
    assert paths_named(user_message(folder), folder) == [root]


def test_a_carried_path_the_words_go_on_from() -> None:
    """A file in a carried folder, named in the words: the folder whole, the rest after it."""
    said = CheckFailed("Restore /srv/my data/backups/old copy.zip first.")
    said.filename = "/srv/my data"  # type: ignore[attr-defined]
    assert paths_named(str(said), said) == ["/srv/my data", "/srv/my data/backups/old copy.zip"]


def test_a_field_path_is_not_taken_for_a_file() -> None:
    refused = InputError(Problem("target.uscc", "check character is 'X', expected 'Y'"))
    assert paths_named(user_message(refused), refused) == []
