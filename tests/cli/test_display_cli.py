"""Starting the desktop app where no window can open: a sentence saying why and what to do,
exit 2, instead of Qt's abort that advises reinstalling."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from approvals.app import XCB_LIBRARIES, XCB_PACKAGES, _not_for_qt, _wants_gui, display_problem
from tests.cli.helpers import run_cli

HAS_ALL = {name: f"lib{name}.so" for name in XCB_LIBRARIES}.get


def test_no_display_on_linux_is_said_plainly() -> None:
    problem = display_problem({}, "linux", HAS_ALL)
    assert "no graphical display" in problem and "approvals --help" in problem


@pytest.mark.parametrize("environ", [
    {"DISPLAY": ":0"},
    {"WAYLAND_DISPLAY": "wayland-0"},
    {"QT_QPA_PLATFORM": "offscreen"},
    {"QT_QPA_PLATFORM": "wayland", "WAYLAND_DISPLAY": "wayland-0"},
])
def test_a_display_or_another_platform_plugin_is_left_to_qt(environ: dict[str, str]) -> None:
    assert display_problem(environ, "linux", HAS_ALL) == ""


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_windows_and_macos_are_not_second_guessed(platform: str) -> None:
    assert display_problem({}, platform, lambda name: None) == ""


def test_a_missing_xcb_library_names_the_packages_to_install() -> None:
    problem = display_problem({"DISPLAY": ":0"}, "linux", lambda name: None)
    assert "libxcb-cursor" in problem and XCB_PACKAGES in problem
    # Wayland does not need it.
    assert display_problem({"WAYLAND_DISPLAY": "w"}, "linux", lambda name: None) == ""


def test_each_missing_xcb_library_is_named_not_only_the_cursor_one() -> None:
    """A system with libxcb-cursor but not libxcb-icccm or libxcb-keysyms: Qt aborts all
    the same, saying libxcb-cursor is needed and advising a reinstall."""
    found = {"xcb-cursor": "libxcb-cursor.so.0", "xkbcommon-x11": "libxkbcommon-x11.so.0"}.get
    problem = display_problem({"DISPLAY": ":0"}, "linux", found)
    assert problem == ("approvals: the desktop app needs the X11 client libraries "
                       "libxcb-icccm, libxcb-keysyms, which are not installed. On Debian or "
                       f"Ubuntu: sudo apt install {XCB_PACKAGES}")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11/Wayland check is Linux's")
def test_the_app_without_a_display_exits_2_with_the_sentence(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run([sys.executable, "-m", "approvals", "--data-dir", str(tmp_path / "d")],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [display_problem({}, "linux", HAS_ALL)]
    assert not (tmp_path / "d").exists()  # nothing created


@pytest.mark.parametrize("typo", [["--bogus"], ["--json"], ["--dta-dir=/tmp/x"], ["-style"],
                                  ["-reverse=1"]])
def test_an_option_neither_the_app_nor_qt_takes_is_a_usage_error(tmp_path: Path,
                                                                 typo: list[str]) -> None:
    """`approvals --json` (a command's option without its command) started the app, and made
    a data folder, instead of saying the option is not one."""
    data = tmp_path / "d"
    result = run_cli(*typo, data_dir=data, env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.code == 2 and result.stdout == "", result
    assert f"approvals: error: unrecognized arguments: {typo[0]} (the desktop app" in result.stderr
    assert "Traceback" not in result.stderr
    assert not data.exists()


def test_qt_options_are_passed_on_to_qt() -> None:
    assert _not_for_qt(["-reverse", "--style=fusion", "-platform=offscreen"]) == []
    assert _not_for_qt(["-reverse", "--bogus", "-style", "x"]) == ["--bogus", "-style", "x"]
    assert not _wants_gui(["case", "list"]) and _wants_gui(["-style=fusion"])
