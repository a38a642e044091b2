"""Piped JSON (`cat x | approvals screen /dev/stdin`) has no size to look at before it is
read: the read itself stops at the limit, so a stream of garbage cannot fill the memory.
The app's own readers (File → Import facts…, the wizard's Import JSON…) share the limit."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from approvals.domain.errors import InputError
from approvals.domain.facts import MAX_JSON_FILE_BYTES, read_json_file


def test_an_endless_pipe_is_cut_off_at_the_limit_and_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # `yes` never ends: without a limit on the read this would run until memory ran out.
    piped = subprocess.run(
        f"yes ' ' | {shlex.quote(sys.executable)} -m approvals screen /dev/stdin "
        f"--data-dir {shlex.quote(str(data))}",
        shell=True, capture_output=True, timeout=600,
    )
    assert piped.returncode == 2
    assert piped.stdout == b""
    assert piped.stderr.decode() == ("/dev/stdin: is more than 16.0 MB, too large for a JSON "
                                     "file of facts or particulars (a few kilobytes; at most "
                                     "16.0 MB is read): is it the right file?\n")
    assert not data.exists()


def test_the_apps_reader_refuses_a_file_over_the_limit(tmp_path: Path) -> None:
    huge = tmp_path / "video.json"
    with huge.open("wb") as file:
        file.truncate(MAX_JSON_FILE_BYTES + 1)
    with pytest.raises(InputError) as refused:
        read_json_file(huge)
    (problem,) = refused.value.problems
    assert problem.path == str(huge)
    assert problem.message.startswith("is 16.0 MB, too large for a JSON file")


def test_a_file_at_the_limit_is_read(tmp_path: Path) -> None:
    exact = tmp_path / "padded.json"
    exact.write_bytes(b"{}" + b" " * (MAX_JSON_FILE_BYTES - 2))
    assert read_json_file(exact) == {}
