"""Issue 2 (foundation): the README's two commands, `.ci/run` and the product card's layout.

"`.ci/run` runs exactly the second (headless) and fails when any test fails" and
"dependencies with lower bounds, entry point `approvals`" are promises a later edit to the
README, the CI script or pyproject.toml could quietly break; these tests hold them together.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _readme_commands() -> list[str]:
    """The commands of the README's opening code block, one a line."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.DOTALL)
    assert block is not None, "the README opens with a ```sh block of commands"
    assert text.index(block.group(0)) < text.index("\n## "), "before the first section"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def _ci_commands() -> list[str]:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines
            if line.strip() and not line.lstrip().startswith("#")]


def test_the_readme_opens_with_two_commands_install_and_start_then_test() -> None:
    install_and_start, run_the_tests = _readme_commands()
    assert install_and_start.endswith("&& approvals")
    assert "pip install -e ." in install_and_start
    assert "'.[test]'" in run_the_tests and "pytest" in run_the_tests
    assert "QT_QPA_PLATFORM=offscreen" in run_the_tests  # headless


def test_ci_runs_exactly_the_readmes_test_command_and_fails_with_it() -> None:
    run_the_tests = _readme_commands()[1]
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert script.startswith("#!") and "bash" in script.splitlines()[0]
    commands = _ci_commands()
    # Any failing command ends the script with its status; the test run is the last one,
    # so a failing test is a failing CI run.
    assert any(re.fullmatch(r"set -[a-z]*e[a-z]*( .*)?", c) for c in commands)
    assert commands[-1] == run_the_tests


def test_pyproject_gives_every_dependency_a_lower_bound_and_the_entry_point() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    unbounded = [r for r in requirements if ">=" not in r]
    assert not unbounded, f"no lower bound: {unbounded}"
    assert project["scripts"] == {"approvals": "approvals.app:main"}
    assert float(project["requires-python"].removeprefix(">=")) <= 3.11


def test_the_launcher_is_thin_and_the_layout_is_the_product_cards() -> None:
    launcher = (ROOT / "main.py").read_text(encoding="utf-8")
    code = [line for line in launcher.splitlines()
            if line.strip() and not line.lstrip().startswith(("#", '"""'))]
    assert "from approvals.app import main" in code and len(code) <= 5
    for folder in ("approvals", "resources", "tests"):
        assert (ROOT / folder).is_dir(), folder
    for layer in ("domain", "store", "services", "ui", "cli", "filings"):
        assert (ROOT / "approvals" / layer).is_dir(), layer
