"""A document's size as the Documents tab shows it."""

from __future__ import annotations

import pytest

from approvals.domain.documents import size_text


@pytest.mark.parametrize(("size", "text"), [
    (1, "1 byte"), (13, "13 bytes"), (999, "999 bytes"), (1000, "1.0 KB"),
    (48_646, "48.6 KB"), (999_999, "1.0 MB"),  # not "1000.0 KB"
    (209_715_200, "209.7 MB"), (5_000_000_000_000, "5,000.0 GB"),
])
def test_size_text(size: int, text: str) -> None:
    assert size_text(size) == text
