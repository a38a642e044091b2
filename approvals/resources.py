"""Where the data files under the project's top-level `resources/` folder live."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

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


@lru_cache(maxsize=1)
def label_data() -> dict[str, Any]:
    """resources/filings/labels.json, read once per process: the English and Chinese words
    for codes that the filings print, the screening's Chinese reasons and the wizard read."""
    data: dict[str, Any] = json.loads(
        resource_path("filings", "labels.json").read_text(encoding="utf-8"))
    return data
