"""`approvals screen` and `approvals case import` with a bad facts file: exit 2, one line
per problem, field path first, in words (not the schema's pattern ^[A-Z]{3}$)."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import run_many
from tests.conftest import EXAMPLES_DIR

FRONTIER = EXAMPLES_DIR / "frontier-lab.json"


def test_a_bad_currency_and_date_are_said_in_words(tmp_path: Path) -> None:
    text = FRONTIER.read_text(encoding="utf-8")
    assert '"currency": "USD"' in text and '"signing_date": "2026-12-10"' in text
    bad = tmp_path / "bad.json"
    bad.write_text(text.replace('"currency": "USD"', '"currency": "usd"')
                   .replace('"signing_date": "2026-12-10"', '"signing_date": "2026/1/2"'),
                   encoding="utf-8")
    expected = ['deal.amount.currency: "usd" is not a currency code: its three capital letters, '
                "e.g. USD or CNY",
                'deal.signing_date: "2026/1/2" is not a valid date: write it YYYY-MM-DD: "2026-01-02"']
    results = run_many(("screen", bad), ("case", "import", bad, "--data-dir", tmp_path / "data"))
    for result in results:
        assert (result.code, result.stdout) == (2, ""), result
        assert result.stderr.splitlines() == expected, result.stderr
