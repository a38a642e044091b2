"""The user guide cut to the README's headings, for tests that open it at a section:
the real sections, without building the whole guide and its screenshots each time."""

from __future__ import annotations

import re

import pytest

from approvals.ui import help as guide_help
from tests.conftest import REPO_ROOT


def headings_only() -> str:
    lines, fenced = [], False
    for line in guide_help.user_part((REPO_ROOT / "README.md").read_text(encoding="utf-8")
                                     ).splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,6}\s", line):
            lines += [line, "…"]  # a line of text under each, as in the guide
    # Room after the last one, so that any heading can be scrolled to the top.
    return "\n\n".join(lines + ["…"] * 200) + "\n"


def use_headings_only(monkeypatch: pytest.MonkeyPatch) -> None:
    source = guide_help.GuideSource(markdown=headings_only(), origin="the README's headings")
    monkeypatch.setattr(guide_help, "read_guide", lambda: source)
