"""What an automated caller of the real entry point meets at the edges (spec/cli.md): a
reader that stops reading (`| head`), Ctrl+C, and a locale that is not UTF-8."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.cli.helpers import run_cli, run_many
from tests.conftest import EXAMPLES_DIR, REPO_ROOT

# What a user's shell has: output buffered (the test runner's environment may not be), no
# data folder from the environment.
_SHELL_ENV = {k: v for k, v in os.environ.items()
              if k not in ("PYTHONUNBUFFERED", "APPROVALS_DATA_DIR")}


def _run_into_closed_pipe(*args: str | Path, stderr_too: bool = False,
                          env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`approvals ARGS | true` (with `stderr_too`, `2>&1 | true`), without the race: the
    reader is gone before the command starts."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        return subprocess.run([sys.executable, "-m", "approvals", *map(str, args)],
                              stdout=writer, stderr=writer if stderr_too else subprocess.PIPE,
                              stdin=subprocess.DEVNULL, text=True, env=env or _SHELL_ENV,
                              timeout=120)
    finally:
        os.close(writer)


def test_a_reader_that_stops_reading_gets_no_traceback_and_the_commands_status(
        consumer_app_data: tuple[Path, str]) -> None:
    """Short output sits in the buffer until the process ends: without its hand-over the
    interpreter said "Exception ignored ... BrokenPipeError" and exited 120."""
    data, _reference = consumer_app_data  # consumer-app.json imported (a session's copy)
    for args, code in (
        (("case", "list", "--json", "--data-dir", data), 0),
        (("case", "list", "--data-dir", data), 0),
        (("--help",), 0),  # printed while the parser is built, before any command runs
        (("deadline", "--calendar", "CN", "--from", "2026-09-24", "--working-days", "15",
          "--json"), 0),
        (("case", "list", "--bogus"), 2),  # a usage error keeps its status
    ):
        result = _run_into_closed_pipe(*args)
        assert result.returncode == code, (args, result.stderr)
        assert "Exception ignored" not in result.stderr and "Traceback" not in result.stderr


def test_a_reader_of_stderr_that_is_gone_leaves_the_exit_code_as_it_is(
        tmp_path: Path, consumer_app_data: tuple[Path, str]) -> None:
    """`2>&1 | head -1`: a refusal, a usage error or a warning said on stderr to a reader
    that is gone ended in exit 1 or 120 instead of the command's own code."""
    data, reference = consumer_app_data  # consumer-app.json imported (a session's copy)
    for args, code in (
        (("case", "import", tmp_path / "missing.json", "--data-dir", data), 2),
        (("case", "list", "--bogus"), 2),
        # A draft's missing fields are listed on stderr; the PDF is written all the same.
        (("filing", "render", reference, "--kind", "us-notification", "--out",
          tmp_path / "draft.pdf", "--data-dir", data), 0),
    ):
        for env in (_SHELL_ENV, {**_SHELL_ENV, "PYTHONUNBUFFERED": "1"}):  # at the end, at once
            result = _run_into_closed_pipe(*args, stderr_too=True, env=env)
            assert result.returncode == code, (args, env.get("PYTHONUNBUFFERED"))
    assert (tmp_path / "draft.pdf").is_file()


# A command started from a terminal has Ctrl+C on. One started in the background by a
# non-interactive shell (a CI runner, `pytest ... &`) inherits SIGINT ignored, and Python
# then leaves it ignored: the Ctrl+C below would never arrive (seen in CI as a 60 s
# timeout). The scripts that test Ctrl+C start as the terminal would start them.
_AS_FROM_A_TERMINAL = """
import signal
signal.signal(signal.SIGINT, signal.default_int_handler)
"""

_STALLED_DEMO = _AS_FROM_A_TERMINAL + """
import sys, time
from pathlib import Path
import approvals.services.demo as demo

real_load_demo = demo.load_demo
ready = Path(sys.argv[1])

def load_then_wait(session, **kwargs):
    result = real_load_demo(session, **kwargs)  # every case added, not yet committed
    ready.write_text("loaded")
    # Short sleeps: a Ctrl+C landing after the interpreter's last look at its signals and
    # before a sleep's system call begins is seen only when that sleep ends.
    for _ in range(2400):
        time.sleep(0.05)
    return result

demo.load_demo = load_then_wait
sys.argv = ["approvals", "demo", "--data-dir", sys.argv[2]]
from approvals.app import main
raise SystemExit(main())
"""


def test_ctrl_c_mid_command_is_exit_130_in_one_line_and_saves_nothing(tmp_path: Path) -> None:
    data, ready = tmp_path / "data", tmp_path / "ready"
    proc = subprocess.Popen([sys.executable, "-c", _STALLED_DEMO, str(ready), str(data)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_SHELL_ENV)
    try:
        waited = 0.0
        while not ready.exists() and proc.poll() is None and waited < 120:
            time.sleep(0.05)  # waiting for the command to reach its work, not timing it
            waited += 0.05
        assert ready.exists(), proc.communicate()[1]
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill() if proc.poll() is None else None
    assert (proc.returncode, out, err) == (130, "", "interrupted\n")
    # The cases loaded before Ctrl+C were never committed: the demo loads them all again.
    # (`case list` runs in a process of its own in test_case_lifecycle_cli, `audit verify`
    # in test_audit_cli.)
    listed, verified = run_many(("case", "list", "--json", "--data-dir", data),
                                ("audit", "verify", "--data-dir", data))
    assert listed.json() == {"cases": []}
    assert verified.code == 0, verified.stderr


_INTERRUPTED_OUTSIDE_THE_COMMAND = _AS_FROM_A_TERMINAL + """
import os, signal, sys
import approvals.cli

def interrupted_parser(*_argv):
    raise KeyboardInterrupt  # Ctrl+C while the parser is built, before cli.run

where = sys.argv[1]
if where == "start":
    approvals.cli.build_parser = interrupted_parser
sys.argv = ["approvals", "deadline", "--calendar", "CN", "--from", "2026-09-24",
            "--working-days", "15"]
from approvals.app import main
code = main()
if where == "shutdown":  # Ctrl+C after the command, while the interpreter ends
    os.kill(os.getpid(), signal.SIGINT)
raise SystemExit(code)
"""


def test_ctrl_c_before_or_after_the_command_gets_no_traceback() -> None:
    start, shutdown = (
        subprocess.run([sys.executable, "-c", _INTERRUPTED_OUTSIDE_THE_COMMAND, where],
                       capture_output=True, text=True, env=_SHELL_ENV, timeout=60)
        for where in ("start", "shutdown"))
    assert (start.returncode, start.stdout, start.stderr) == (130, "", "interrupted\n")
    assert (shutdown.returncode, shutdown.stderr) == (0, "")
    assert shutdown.stdout.startswith("15 working days after 2026-09-24")


def test_chinese_names_round_trip_in_utf8_json_under_the_c_locale(tmp_path: Path) -> None:
    """LC_ALL=C, no LANG, no PYTHONIOENCODING, in a folder and facts file named in
    Chinese: the JSON is UTF-8 text that gives back the names as imported."""
    facts = json.loads((EXAMPLES_DIR / "consumer-app.json").read_text(encoding="utf-8"))
    facts["target"]["name_en"] = "深圳智远科技有限公司"
    facts["investor"]["name"] = "红杉 Growth 基金"
    folder = tmp_path / "数据 文件夹"
    folder.mkdir()
    facts_file = folder / "案件 事实.json"
    facts_file.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    env = {k: v for k, v in _SHELL_ENV.items()
           if k not in ("LANG", "LANGUAGE", "PYTHONIOENCODING", "PYTHONUTF8")
           and not k.startswith("LC_")}
    env["LC_ALL"] = "C"

    def approvals(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "approvals", *map(str, args),
                               "--data-dir", str(folder / "data")],
                              capture_output=True, env=env, timeout=120)

    imported = approvals("case", "import", facts_file, "--json")
    assert imported.returncode == 0, imported.stderr.decode("utf-8", "replace")
    listed = approvals("case", "list", "--json")
    assert listed.returncode == 0 and listed.stderr == b""
    (case,) = json.loads(listed.stdout.decode("utf-8"))["cases"]
    assert case["reference"] == json.loads(imported.stdout.decode("utf-8"))["reference"]
    assert (case["target"], case["investor"]) == ("深圳智远科技有限公司", "红杉 Growth 基金")


def _run_with_closed(fd: int, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """`approvals ARGS` with standard input (0), output (1) or error (2) closed, as
    `<&-`, `>&-` and `2>&-` leave it; the other two streams are captured."""
    streams = {0: subprocess.DEVNULL, 1: subprocess.PIPE, 2: subprocess.PIPE}
    return subprocess.run([sys.executable, "-m", "approvals", *map(str, args)],
                          stdin=streams[0], stdout=streams[1], stderr=streams[2], text=True,
                          env=_SHELL_ENV, timeout=120, preexec_fn=lambda: os.close(fd))


def test_a_closed_standard_stream_is_empty_input_or_output_that_goes_nowhere(
        tmp_path: Path) -> None:
    """Python leaves a closed stream None: printing the result or a refusal was an
    internal error (exit 1) after the work was done, and reading a password one too."""
    data = tmp_path / "data"
    facts = EXAMPLES_DIR / "consumer-app.json"
    imported = _run_with_closed(1, "case", "import", facts, "--json", "--data-dir", data)
    assert (imported.returncode, imported.stderr) == (0, "")
    helped = _run_with_closed(1, "case", "--help")
    assert (helped.returncode, helped.stderr) == (0, "")
    no_password = _run_with_closed(0, "user", "add", "officer", "--role", "admin",
                                   "--password-stdin", "--data-dir", data)
    assert (no_password.returncode, no_password.stdout) == (2, "")
    assert no_password.stderr == ("--password-stdin: standard input is empty; give the "
                                  "password on its first line\n")
    refused = _run_with_closed(2, "case", "import", tmp_path / "missing.json", "--json",
                               "--data-dir", data)
    assert (refused.returncode, refused.stdout) == (2, "")
    (listed,) = run_many(("case", "list", "--json", "--data-dir", data))
    assert [c["target"] for c in listed.json()["cases"]] == ["Example Companion App Co., Ltd."]


def test_the_c_locale_without_utf8_mode_takes_and_shows_chinese(tmp_path: Path) -> None:
    """LC_ALL=C with UTF-8 mode and locale coercion off (an old server's service account):
    Python decodes arguments as ASCII, each byte of 张伟 a surrogate escape, and its
    console cannot encode Chinese. A display name was refused as "not UTF-8 text", and
    `user list` failed with an internal error after reading the users."""
    env = {k: v for k, v in _SHELL_ENV.items()
           if k not in ("LANG", "LANGUAGE", "PYTHONIOENCODING") and not k.startswith("LC_")}
    env.update(LC_ALL="C", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0")
    data = tmp_path / "data"

    def approvals(*args: str | Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "approvals", *map(str, args)],
                              input=stdin, capture_output=True, env=env, timeout=120)

    added = approvals("user", "add", "zhang", "--role", "admin", "--display-name", "张伟",
                      "--password-stdin", "--data-dir", data, stdin=b"correct horse battery\n")
    assert (added.returncode, added.stderr) == (0, b""), added.stderr
    as_json, as_text = (approvals("user", "list", *extra, "--data-dir", data)
                        for extra in (("--json",), ()))
    assert as_json.returncode == 0 and as_text.returncode == 0, (as_json.stderr, as_text.stderr)
    assert json.loads(as_json.stdout)["users"][0]["display_name"] == "张伟"
    assert b"\\u5f20\\u4f1f" in as_text.stdout and as_text.stderr == b""
    # A file name's bytes are said back as they are (the terminal shows them), not escaped.
    missing = approvals("case", "import", tmp_path / "案件.json", "--data-dir", data)
    assert missing.returncode == 2
    assert missing.stderr == f"{tmp_path / '案件.json'}: file not found\n".encode()


def test_a_rulebook_folder_whose_name_is_not_utf8_is_read_like_any_other_path(
        tmp_path: Path) -> None:
    """Linux allows any bytes in a name; `rulebook pack DIR` refused one as text "not
    UTF-8; type it again", as if it were a name to store, where every other file argument
    is read as the system gave it."""
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/rulebook\xff"))
    shutil.copytree(REPO_ROOT / "resources" / "rulebook", folder)
    packed = run_cli("rulebook", "pack", folder, "--out", tmp_path / "update.zip",
                     data_dir=tmp_path / "data")
    assert packed.code == 0, packed.stderr
    assert (tmp_path / "update.zip").is_file()
