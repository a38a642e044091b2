"""The user guide leaves out the README's "For developers:" paragraphs inside the users'
sections (an officer reading from the start met test file names and internals); the rest
of each section stays whole."""

from __future__ import annotations

from pathlib import Path

from approvals.ui.help import user_part

README = Path(__file__).resolve().parents[2] / "README.md"


def test_developer_paragraphs_are_left_out_and_the_rest_kept() -> None:
    readme = ("# Approvals\n\n## Using it\n\nFirst paragraph.\n\n"
              "For developers: `tests/x.py` checks\nthe thing.\n\n"
              "Second paragraph (For developers: an aside, left out too).\n\n"
              "For developers: at the end of the part.\n"
              "## For developers\n\nInternals.\n")
    guide = user_part(readme)
    assert "tests/x.py" not in guide and "at the end of the part" not in guide
    assert "First paragraph.\n\nSecond paragraph.\n" in guide
    assert "Internals" not in guide


def test_the_real_guide_has_no_developer_paragraph() -> None:
    readme = README.read_text(encoding="utf-8")
    guide = user_part(readme)
    assert "\nFor developers:" in readme.split("\n## For developers")[0]  # there are some
    assert "\nFor developers:" not in guide
    assert "**Help → Open log folder** opens the folder of the app's log" in guide
