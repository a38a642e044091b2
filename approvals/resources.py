"""Where the data files under the project's top-level `resources/` folder live."""

from __future__ import annotations

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a file under `resources/` (rulebook, calendars, fonts, schema, icons)."""
    return RESOURCES_DIR.joinpath(*parts)
