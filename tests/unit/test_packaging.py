"""An installed app (a wheel, not only the editable checkout) carries everything it reads:
every package, the migrations, and the top-level resources/ folder."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT.parent / "shared" / "spec" / "examples" / "frontier-lab.json"


def _setuptools_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_of_the_tree_is_listed_for_the_wheel() -> None:
    config = _setuptools_config()
    in_tree = {
        ".".join(d.relative_to(ROOT).parts)
        for d in (ROOT / "approvals").rglob("*")
        if d.is_dir() and d.name != "__pycache__" and any(d.glob("*.py"))
        and d.relative_to(ROOT).parts[-1] != "versions"  # migrations travel as package data
    } | {"approvals"}
    listed = set(config["packages"])
    assert listed - {"approvals.bundled", "approvals.screenshots"} == in_tree
    assert config["package-dir"] == {"approvals.bundled": "resources",
                                     "approvals.screenshots": "docs/screenshots"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the project, unpacked as site-packages would hold it."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for folder in ("approvals", "resources", "docs"):
        shutil.copytree(ROOT / folder, source / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q",
         "--no-build-isolation", "-w", str(work / "dist")],
        capture_output=True, text=True, timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "dist").glob("approvals-*.whl")
    site = work / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    return site


def test_the_wheel_carries_every_resource_file(installed: Path) -> None:
    shipped = {p.relative_to(ROOT / "resources") for p in (ROOT / "resources").rglob("*") if p.is_file()}
    bundled = {p.relative_to(installed / "approvals" / "bundled")
               for p in (installed / "approvals" / "bundled").rglob("*") if p.is_file()}
    assert shipped and shipped == bundled
    versions = {p.name for p in (ROOT / "approvals/store/migrations/versions").glob("*.py")}
    assert versions == {p.name for p in (installed / "approvals/store/migrations/versions").glob("*.py")}


def test_the_installed_user_guide_shows_the_readmes_screenshots(
        installed: Path, tmp_path: Path) -> None:
    """Help → User guide in an installed app: the README from the package metadata, and
    every screenshot it names from the package (no README or docs/ beside it)."""
    named = set(re.findall(r"!\[[^\]]*\]\((docs/screenshots/[^)\s]+)",
                           (ROOT / "README.md").read_text(encoding="utf-8").split(
                               "## For developers")[0]))
    env = {**os.environ, "PYTHONPATH": str(installed), "QT_QPA_PLATFORM": "offscreen"}
    probe = subprocess.run(
        [sys.executable, "-c", "import json; from approvals.ui.help import read_guide; "
         "s = read_guide(); print(json.dumps([s.origin, sorted(s.images), s.omitted_images]))"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert probe.returncode == 0, probe.stderr
    origin, images, omitted = json.loads(probe.stdout)
    assert "installed package" in origin
    assert named and set(images) == named and omitted == 0


def test_the_installed_app_screens_renders_and_migrates_from_its_own_files(
        installed: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(installed), "APPROVALS_DATA_DIR": str(tmp_path / "data")}
    probe = subprocess.run(
        [sys.executable, "-c", "import approvals, approvals.resources as r; "
         "print(approvals.__file__); print(r.RESOURCES_DIR)"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    module, resources = probe.stdout.split()
    assert Path(module).is_relative_to(installed)  # not the editable checkout
    assert Path(resources) == installed / "approvals" / "bundled"

    def approvals(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "approvals", *args], capture_output=True,
                              text=True, env=env, cwd=tmp_path, timeout=120)

    screened = approvals("screen", str(EXAMPLE), "--as-of", "2026-12-01", "--json")
    assert screened.returncode == 0, screened.stderr
    assert len(json.loads(screened.stdout)["determinations"]) == 6
    assert approvals("demo").returncode == 0  # a new database at head, the demo data
    pdf = tmp_path / "application.pdf"
    rendered = approvals("filing", "render", "AP-2026-0002", "--kind", "cn-application",
                         "--out", str(pdf))
    assert rendered.returncode == 0, rendered.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
