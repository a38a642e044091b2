"""Bad input named where it is (../shared/spec/cli.md: one message per problem, naming
the field path, exit 2, nothing written): a facts file's NaN or Infinity (what Python's
json.dump writes for a float('nan')) and an integer too long to read are said at their
line and column, as a syntax error is; a count or id typed with Python's digit separator
("5_0") is no number, and one of many digits is said without repeating it; a data folder
on a read-only drive is said to be one, not a permission this user lacks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from approvals.domain.errors import InputError
from approvals.paths import DataDir
from tests.cli.helpers import clean_refusal, json_files, run_many
from tests.conftest import EXAMPLES_DIR

FRONTIER = EXAMPLES_DIR / "frontier-lab.json"


def _position(text: str, token: str) -> str:
    """line:column (1-based, as the JSON decoder counts them) of `token` in `text`."""
    pos = text.index(token)
    return f"{text.count(chr(10), 0, pos) + 1}:{pos - text.rfind(chr(10), 0, pos)}"


def test_nan_infinity_and_a_too_long_integer_are_named_at_their_line(tmp_path: Path) -> None:
    text = FRONTIER.read_text(encoding="utf-8")
    assert '"board_seats": 0' in text and "3.1e25" in text
    digits = "9" * 5000
    files = {
        "nan": text.replace('"board_seats": 0', '"board_seats": NaN'),
        "infinity": text.replace("3.1e25", "Infinity"),
        "minus-infinity": text.replace("3.1e25", "-Infinity"),
        # The words inside a string are text, not the refused value.
        "nan-in-text": text.replace('"board_seats": 0', '"notes": "NaN", "y": {"x":\n  NaN}'),
        "long": text.replace("3.1e25", digits),
        "minus-long": text.replace("3.1e25", "-" + digits),  # the sign is no digit
    }
    paths = json_files(tmp_path, files)
    data = tmp_path / "data"
    screened = dict(zip(files, run_many(*(("screen", p, "--json") for p in paths.values())),
                        strict=True))
    imported = dict(zip(files, run_many(*(("case", "import", p, "--json", "--data-dir", data)
                                          for p in paths.values())), strict=True))

    def said(name: str, token: str, what: str) -> str:
        return f"{paths[name]}:{_position(files[name], token)}: {what}"

    expected = {
        "nan": said("nan", "NaN", "not valid JSON: NaN is not a number JSON allows"),
        "infinity": said("infinity", "Infinity",
                         "not valid JSON: Infinity is not a number JSON allows"),
        "minus-infinity": said("minus-infinity", "-Infinity",
                               "not valid JSON: -Infinity is not a number JSON allows"),
        # The one after the string "NaN", on the next line, two spaces in.
        "nan-in-text": said("nan-in-text", "NaN}", "not valid JSON: NaN is not a number "
                                                   "JSON allows"),
        "long": said("long", digits, "a number has 5000 digits; at most 4300 can be read"),
        "minus-long": said("minus-long", "-" + digits,
                           "a number has 5000 digits; at most 4300 can be read"),
    }
    for name, line_said in expected.items():
        clean_refusal(screened[name], line_said)
        clean_refusal(imported[name], line_said)
    assert not data.exists()  # nothing written, not even the folder


def test_a_count_or_id_with_a_digit_separator_is_no_number(tmp_path: Path) -> None:
    """int("5_0") is 50 in Python: `--working-days 5_0` counted 50 working days."""
    data = tmp_path / "data"
    days, keep, decide, plain = run_many(
        ("deadline", "--calendar", "CN", "--from", "2026-09-24", "--working-days", "5_0"),
        ("backup", "--keep", "1_0", "--data-dir", data),
        ("review", "decide", "1_0", "accept", "--data-dir", data),
        ("deadline", "--calendar", "CN", "--from", "2026-09-24", "--working-days", "+5",
         "--json"),
    )
    for result, option, value, tail in (
            (days, "--working-days", "5_0", " (e.g. 15)"),
            (keep, "--keep", "1_0", " (e.g. 15)"),
            (decide, "PROPOSAL_ID", "1_0", "")):
        assert (result.code, result.stdout) == (2, ""), result
        assert result.stderr.splitlines()[-1].endswith(
            f"{option}: '{value}' is not a whole number{tail}"), result.stderr
    assert plain.code == 0 and plain.json()["due"] == "2026-10-09"  # a sign is still fine
    assert not data.exists()


def test_a_number_of_many_digits_is_said_without_repeating_it(tmp_path: Path) -> None:
    """Python refuses to convert more than 4,300 digits, which read as "is not a whole
    number" with all of them repeated on one line."""
    data = tmp_path / "data"
    keep, days, decide = run_many(
        ("backup", "--keep", "1" * 5000, "--data-dir", data),
        ("deadline", "--calendar", "US", "--from", "2026-09-24", "--calendar-days", "9" * 31),
        ("review", "decide", "-" + "9" * 40, "accept", "--data-dir", data),
    )
    for result, option, count in ((keep, "--keep", "5,000"), (days, "--calendar-days", "31"),
                                  (decide, "PROPOSAL_ID", "40")):
        assert (result.code, result.stdout) == (2, ""), result
        last = result.stderr.splitlines()[-1]
        assert last.endswith(f"{option}: a number of {count} digits is far "
                             "outside what this option takes"), result.stderr
        assert "99999" not in result.stderr and "11111" not in result.stderr
    assert not data.exists()


class _ReadOnlyStat:
    f_flag = os.ST_RDONLY if hasattr(os, "ST_RDONLY") else 1


@pytest.mark.skipif(not hasattr(os, "statvfs"), reason="no statvfs on this system")
def test_a_data_folder_on_a_read_only_drive_is_said_to_be_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder on a CD, a write-protected stick or a read-only share: "this user may not
    write in it" sent the user to the folder's permissions, which no one can change there.
    (Mounting read-only needs root, so the file system's answers are stood in for.)"""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setattr("approvals.paths.os.access", lambda *_a, **_k: False)
    monkeypatch.setattr("approvals.paths.os.statvfs", lambda _p: _ReadOnlyStat())
    with pytest.raises(InputError) as raised:
        DataDir(folder).ensure()
    assert str(raised.value) == (f"{folder}: it is on a read-only drive or file system; "
                                 "choose another data folder")

    class Writable:
        f_flag = 0

    monkeypatch.setattr("approvals.paths.os.statvfs", lambda _p: Writable())
    with pytest.raises(InputError, match="this user may not write in it; choose another"):
        DataDir(folder).ensure()
