"""Small pieces of sentence-making shared by the domain's texts (pure)."""

from __future__ import annotations

from collections.abc import Iterable


def and_joined(items: Iterable[str]) -> str:
    """Items as a sentence lists them: "A", "A and B", "A, B and C" ("" for none; empty
    items left out)."""
    said = [item for item in items if item]
    if len(said) < 2:
        return "".join(said)
    return f"{', '.join(said[:-1])} and {said[-1]}"
