"""The Contents entry for the developers' part is cut from the guide by its dot and the
blanks before it, as the pattern that was tried at every position of the README cut it."""

from __future__ import annotations

import re

import pytest

from approvals.ui.help import without_developers_entry

# What the guide cut before: the same text, found by a pattern tried at every position.
WHOLE = re.compile(r"[ \t]*(?:\n[ \t]*)?·\s*\[[^\]\n]*\]\(#for-developers\)")
ENTRY = "· [For developers](#for-developers)"


@pytest.mark.parametrize(("text", "kept"), [
    (f"[Use](#use) {ENTRY}\n\n## Use\n", "[Use](#use)\n\n## Use\n"),
    (f"[Use](#use) \t\n  {ENTRY}\nnext", "[Use](#use)\nnext"),  # one line break taken
    (f"[Use](#use)\n\n{ENTRY}", "[Use](#use)\n"),  # not two
    (f"{ENTRY}{ENTRY} tail", " tail"),
    ("· [For developers](#developers)", "· [For developers](#developers)"),  # another link
    ("no entry at all", "no entry at all"),
])
def test_the_entry_and_the_blanks_before_it_are_cut(text: str, kept: str) -> None:
    assert without_developers_entry(text) == kept == WHOLE.sub("", text)
