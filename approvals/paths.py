"""The data folder: database, documents/, backups/, logs/.

Resolution order: the `--data-dir` option, then `APPROVALS_DATA_DIR`, then the platform's
per-user data folder (platformdirs). An empty `--data-dir` is refused; an empty
`APPROVALS_DATA_DIR` counts as not set (and the log says so).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePath

import platformdirs

from approvals.domain.errors import InputError, Problem

APP_NAME = "approvals"
ENV_VAR = "APPROVALS_DATA_DIR"
DB_FILE = "approvals.db"
# The audit anchor's file (store.anchor) and the installation key's (store.keys) are named
# here, where the data folder is, so that a command can see a folder held a database
# without loading the database and crypto layers.
ANCHOR_FILE = "audit-anchor.json"
# Beside the installation's key (keys/, never in a backup): that anchoring began, and from
# which event; it outlives the anchor file and the database's own record of it.
ANCHOR_STARTED_FILE = "anchor-started.json"
PRIVATE_KEY_FILE = "installation_ed25519.pem"
# SQLite's Unix file layer holds a path in 512 bytes, and it needs room for the journal's
# "-journal" beside the database's own: a longer database path (measured: 505 bytes) fails
# to open with "unable to open database file".
MAX_DATABASE_PATH = 504


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
    def anchor(self) -> Path:
        """The audit anchor: present once the folder's database recorded events."""
        return self.root / ANCHOR_FILE

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def anchor_started(self) -> Path:
        """The record, beside the key, that the folder's audit trail was anchored."""
        return self.keys / ANCHOR_STARTED_FILE

    @property
    def open_copies(self) -> Path:
        """Read-only copies of documents handed to their programs to open (never the stored
        file itself); removed a day later, at a start of the app."""
        return self.root / "open"

    @property
    def rulebook(self) -> Path:
        """Installed rulebook updates (services.rulebook_updates): while one is installed,
        every screening of this folder uses it instead of the shipped rulebook."""
        return self.root / "rulebook"

    def stored_document(self, stored_path: str) -> Path | None:
        """The file of a document row (its `stored_path` is relative to documents/), or
        None when the path leads elsewhere: only an edited row does, and no file outside
        the documents folder is ever opened, copied or hashed for it."""
        relative = PurePath(stored_path)
        if not stored_path or relative.is_absolute() or relative.anchor or ".." in relative.parts:
            return None
        return self.documents / relative

    def holds_own_file_at(self, path: Path) -> bool:
        """True when writing `path` could replace one of this folder's own files (approvals.db,
        its journal, the audit anchor, a key, a stored document): it lies in the folder,
        outside backups/ (where backups and saved copies belong)."""
        try:
            target = path.resolve()
        except (OSError, RuntimeError):  # a name the file system refuses is said elsewhere
            return False
        root = self.root.resolve()
        return root in target.parents and root / "backups" not in target.parents

    def ensure(self) -> DataDir:
        """Create the folder and its sub-folders (first start). A folder that cannot be
        used is bad input naming the folder, not an OSError deep inside a command. Only
        `logs/` may be unusable: the log then goes elsewhere (logging_setup says so)."""
        length = len(os.fsencode(str(self.database)))
        if length > MAX_DATABASE_PATH:  # said before any folder is made
            raise InputError(Problem(str(self.root), (
                f"the path is too long for the database ({length} bytes with "
                f"{DB_FILE}; at most {MAX_DATABASE_PATH}); choose a folder with a shorter path")))
        for folder in (self.root, self.documents, self.backups):
            try:  # exists() itself fails on a name the file system refuses (too long)
                if folder.exists() and not folder.is_dir():
                    raise InputError(Problem(str(folder), "is a file, not a folder; choose another data folder"))
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
                raise InputError(Problem(str(folder), f"cannot create the folder ({reason})")) from exc
            if not os.access(folder, os.W_OK | os.X_OK):
                raise InputError(Problem(str(folder), f"{_why_not_writable(folder)}; choose another data folder"))
        # keys/ is made when the installation key is first needed (store.keys); one that
        # could not take it was an internal error at the first review pack or key export.
        if self.keys.exists() and not self.keys.is_dir():
            raise InputError(Problem(str(self.keys), "is a file, not a folder; choose another "
                                                     "data folder"))
        if self.keys.is_dir() and not (self.keys / PRIVATE_KEY_FILE).exists() \
                and not os.access(self.keys, os.W_OK | os.X_OK):
            raise InputError(Problem(str(self.keys), "this user may not write in it, and "
                                                     "the installation key is to be made "
                                                     "there; choose another data folder"))
        with contextlib.suppress(OSError):  # a file in its place, no permission: logging falls back
            self.logs.mkdir(exist_ok=True)
        return self


def _why_not_writable(folder: Path) -> str:
    """Why a folder takes no files: a drive or file system mounted read-only (a CD, a
    write-protected stick, a read-only share) is no one's permission to change."""
    try:
        read_only = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        read_only = False
    return "it is on a read-only drive or file system" if read_only else \
        "this user may not write in it"


def read_only_reason(folder: Path) -> str | None:
    """Why an existing data folder takes no files (an auditor's copy on a write-protected
    stick or a read-only share, or no permission), in the words ensure() refuses a writing
    command with; None when it may be written (or does not exist: a new folder's
    problems are ensure()'s). Reading commands open such a folder read-only."""
    try:
        if not folder.is_dir() or os.access(folder, os.W_OK | os.X_OK):
            return None
    except OSError:
        return None
    return _why_not_writable(folder)


def missing_parent_problem(data_dir: DataDir, where: str) -> Problem | None:
    """A data folder named with --data-dir or APPROVALS_DATA_DIR (`where`) that does not
    exist, in a folder that does not exist either: the name is mistyped
    (`/srv/aproval/data`) or its drive is not mounted (`/media/usb/approvals`). A new empty
    database there would take the work while the real one is not seen, so it is refused,
    naming the missing folder, before anything is made (as `mkdir`, not `mkdir -p`)."""
    root = data_dir.root
    if len(os.fsencode(str(data_dir.database))) > MAX_DATABASE_PATH:
        return None  # DataDir.ensure says that first: no folder would do under that name
    try:
        if root.exists() or root.parent.exists():
            return None
        first_missing = root.parent
        while not first_missing.parent.exists():
            first_missing = first_missing.parent
    except OSError:  # a name the file system refuses: DataDir.ensure names it
        return None
    return Problem(where, f"{root} does not exist, nor does the folder {first_missing} it "
                          "would be made in: check the name (or whether its drive is "
                          "mounted); to start a new data folder there, create the folder first")


# What a data folder holds of its own (DataDir's files and folders, the app's settings.ini,
# a restore's marker), and what a disk's own root may hold: anything else in a folder
# without a database is someone else's.
OWN_NAMES = frozenset({
    DB_FILE, f"{DB_FILE}-wal", f"{DB_FILE}-shm", f"{DB_FILE}-journal", ANCHOR_FILE,
    "documents", "backups", "logs", "keys", "open", "rulebook", "reviews", "settings.ini",
    "RESTORE-IN-PROGRESS.json", "lost+found",
})


def other_files(data_dir: DataDir) -> list[str]:
    """The names in an existing folder that holds no Approvals database (nor an audit
    anchor saying it held one) and that are not a data folder's own, sorted; [] for a data
    folder, a new or empty folder, or one that cannot be listed (ensure says why). Hidden
    names (`.DS_Store`, `.directory`) are the file manager's, not counted."""
    root = data_dir.root
    try:
        if (data_dir.database.exists() or data_dir.anchor.exists()) or not root.is_dir():
            return []
        names = [entry.name for entry in root.iterdir()]
    except OSError:
        return []
    return sorted(name for name in names
                  if not name.startswith(".") and name not in OWN_NAMES)


FOLDER_FILES_SHOWN = 5  # names a message lists; the rest are counted


def other_files_text(data_dir: DataDir, others: list[str], folder: str | None = None) -> str:
    """What a folder holding other files (other_files) is, in the words the app's first-
    start question and the command line's refusal share: the folder, a few of its names.
    `folder`: the words for the folder instead of its path (the app shows the path on a
    line of its own above the sentence, where a long one stays readable)."""
    shown = ", ".join(others[:FOLDER_FILES_SHOWN])
    more = len(others) - FOLDER_FILES_SHOWN
    listed = f"{shown} and {more:,} more" if more > 0 else shown
    return (f"{folder or data_dir.root} is not an Approvals data folder: it holds other files "
            f"({listed}) and no Approvals database.")


def other_files_problem(data_dir: DataDir, where: str) -> Problem | None:
    """A data folder named with --data-dir or APPROVALS_DATA_DIR (`where`) that holds
    other files and no Approvals data (other_files, the check the app asks about at its
    start): a command would put its database, documents/, backups/ and logs/ among
    someone's files (a Documents folder, a project checkout). Refused, nothing made; the
    app asks instead (ui.application), and a folder it was told to use is a data folder
    from then on."""
    others = other_files(data_dir)
    if not others:
        return None
    return Problem(where, f"{other_files_text(data_dir, others)} Nothing was made in it. "
                          "If you meant your existing data folder, check the name; for a "
                          "new data folder, give an empty or new folder")


def blank_option_problem(option: str | os.PathLike[str] | None) -> Problem | None:
    """`--data-dir ""` (or spaces), as `--data-dir "$DIR"` gives with DIR unset, is bad
    usage: falling back to another folder would work on the user's real data unasked."""
    if option is not None and not str(option).strip():
        return Problem("--data-dir", "is empty; name the data folder")
    return None


def env_data_dir() -> str | None:
    """APPROVALS_DATA_DIR when it names a folder. Set but empty (or spaces) counts as not
    set, as POSIX takes an empty variable (`APPROVALS_DATA_DIR=$DIR` with DIR unset);
    blank_env_note says so for the log."""
    value = os.environ.get(ENV_VAR)
    return value if value and value.strip() else None


def blank_env_note(data_dir: DataDir) -> str:
    """The log's line when APPROVALS_DATA_DIR was set but blank and `data_dir` is the
    per-user folder used instead; "" otherwise."""
    value = os.environ.get(ENV_VAR)
    if value is None or value.strip() or data_dir.root != resolve_data_dir().root:
        return ""
    return (f"{ENV_VAR} is set but empty ({value!r}), so it was taken as not set: the data "
            f"folder is the per-user one, {data_dir.root}")


def resolve_data_dir(option: str | os.PathLike[str] | None = None) -> DataDir:
    if problem := blank_option_problem(option):
        raise InputError(problem)
    if option:
        root = Path(option)
    elif env := env_data_dir():
        root = Path(env)
    else:
        root = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return DataDir(root.expanduser().resolve())


def undecodable_shown(name: str) -> str | None:
    """A name the system handed over (an argument, a file name) that holds bytes that are
    not UTF-8 — Python's surrogate escapes, which no database or audit trail can hold —
    written with those bytes as `\\xff`; None when the name is text."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return os.fsencode(name).decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate no byte stands for (e.g. from JSON)
            return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return None
