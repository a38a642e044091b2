"""The data folder: database, documents/, backups/, logs/.

Resolution order: the `--data-dir` option, then `APPROVALS_DATA_DIR`, then the platform's
per-user data folder (platformdirs).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "approvals"
ENV_VAR = "APPROVALS_DATA_DIR"
DB_FILE = "approvals.db"


@dataclass(frozen=True)
class DataDir:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / DB_FILE

    @property
    def documents(self) -> Path:
        return self.root / "documents"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    def ensure(self) -> DataDir:
        """Create the folder and its sub-folders (first start)."""
        for folder in (self.root, self.documents, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def resolve_data_dir(option: str | os.PathLike[str] | None = None) -> DataDir:
    if option:
        root = Path(option)
    elif os.environ.get(ENV_VAR):
        root = Path(os.environ[ENV_VAR])
    else:
        root = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return DataDir(root.expanduser().resolve())
