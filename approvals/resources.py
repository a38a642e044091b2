"""Where the data files under the project's top-level `resources/` folder live."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _resources_dir(package_dir: Path) -> Path:
    """An installed wheel carries `resources/` inside the package as `bundled/` (see
    pyproject.toml); a checkout or an editable install reads the folder itself."""
    bundled = package_dir / "bundled"
    return bundled if bundled.is_dir() else package_dir.parent / "resources"


RESOURCES_DIR = _resources_dir(_PACKAGE_DIR)


def resource_path(*parts: str) -> Path:
    """Path of a file under `resources/` (rulebook, calendars, fonts, schema, icons)."""
    return RESOURCES_DIR.joinpath(*parts)
