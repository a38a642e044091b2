"""The user guide as an officer reads it: its Contents line lists only sections the guide
has (the developers' part is not in it, so no entry leads there)."""

from __future__ import annotations

import re

from approvals.ui.help import heading_slug, user_part
from tests.conftest import REPO_ROOT


def test_the_guides_contents_line_leads_only_to_its_own_sections() -> None:
    guide = user_part((REPO_ROOT / "README.md").read_text(encoding="utf-8"))
    contents = guide[guide.index("Contents:") :].split("\n\n", 1)[0]
    targets = re.findall(r"\]\(#([^)]+)\)", contents)
    slugs = {heading_slug(h) for h in re.findall(r"^#+[ \t]+(.+?)[ \t]*$", guide, re.MULTILINE)}
    assert targets and "for-developers" not in targets
    assert [t for t in targets if t not in slugs] == []
    assert not contents.rstrip().endswith("·")


def test_only_the_developers_entry_is_taken_out() -> None:
    readme = (
        "# Approvals\n\nContents: [Getting started](#getting-started) ·\n"
        "[For developers](#for-developers)\n\n## Getting started\n\nSee [the developers' "
        "part](#for-developers).\n\n## For developers\n\nTests.\n"
    )
    guide = user_part(readme)
    assert "Contents: [Getting started](#getting-started)\n\n## Getting started" in guide
    assert "See [the developers' part](#for-developers)." in guide  # a link in a sentence stays


def test_a_developers_aside_within_a_paragraph_is_left_out() -> None:
    """"(For developers: `Calendar` in `approvals/domain/calendars.py` …)" stayed in the
    officer's guide: only paragraphs starting with the words were taken out."""
    readme = ("# Approvals\n\n## Dashboard\n\nIt counts on the calendar (For developers: "
              "`Calendar` (one a year) in `approvals/domain/calendars.py`). It is fast.\n")
    assert user_part(readme).endswith("It counts on the calendar. It is fast.\n")
    guide = user_part((REPO_ROOT / "README.md").read_text(encoding="utf-8"))
    assert "(For developers:" not in guide
