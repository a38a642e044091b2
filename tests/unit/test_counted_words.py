"""Counts said in words: "1 document", "3 documents", never "document(s)"."""

from __future__ import annotations

import ast

import pytest

from approvals.domain.numbers import counted
from tests.source_support import PACKAGE, app_sources


@pytest.mark.parametrize(("n", "noun", "plural", "text"), [
    (1, "document", None, "1 document"),
    (0, "document", None, "0 documents"),
    (3, "proposed change", None, "3 proposed changes"),
    (2, "draft filing", None, "2 draft filings"),
    (1_250, "page", None, "1,250 pages"),
    (2, "analysis", "analyses", "2 analyses"),
])
def test_a_count_takes_its_noun_in_the_right_number(n: int, noun: str, plural: str | None,
                                                    text: str) -> None:
    assert counted(n, noun, plural) == text


def test_no_message_the_app_shows_says_thing_s() -> None:
    """Text a user reads (the app's windows, the command line, progress) uses counted();
    the zip checker's structural diagnostics, for a developer, are left as they are."""
    found = []
    for source in app_sources():
        if source.path.name == "zipcheck.py":
            continue
        for node in source.nodes:  # docstrings too
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and "(s)" in node.value:
                found.append(f"{source.path.relative_to(PACKAGE)}:{node.lineno}: {node.value!r}")
    assert found == []
