"""Shared fixtures: a fresh data folder and database for every test, headless Qt."""

from __future__ import annotations

import atexit
import copy
import functools
import gc
import os
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from hypothesis import settings

from approvals.paths import DB_FILE, DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database, make_engine
from approvals.store.migrate import open_database
from tests import pdf_text_cache, shared_statements
from tests.gc_support import collector_off

# Text extraction reads each font of a PDF once, not once per page (see the module).
pdf_text_cache.install()

# Engines of one test process compile each statement once, not once per test's database.
shared_statements.install()

# Temporary folders in memory where the system has a RAM disk with room to spare: SQLite's
# syncs and the many small files and folders (documents, packs, backups) cost milliseconds
# each on a disk, and the suite makes thousands. pytest reads this when it first makes its
# base folder (after conftest is imported); --basetemp or a value already set wins. A
# container's /dev/shm is often 64 MB, and one run writes a few hundred MB: then the disk.
_RAM_DISK_ROOM = 4 * 1024**3


def _ram_disk_has_room(path: str = "/dev/shm") -> bool:
    try:
        return os.access(path, os.W_OK) and shutil.disk_usage(path).free >= _RAM_DISK_ROOM
    except OSError:
        return False


if "PYTEST_DEBUG_TEMPROOT" not in os.environ and _ram_disk_has_room():
    os.environ["PYTEST_DEBUG_TEMPROOT"] = "/dev/shm"

# Property tests (tests/unit/test_properties_*.py). "ci", the default, is derandomized so a
# run never fails on an example another run did not try, keeps no example database, and
# stays small for the 2-core suite; HYPOTHESIS_PROFILE=thorough searches far wider.
settings.register_profile("ci", derandomize=True, deadline=None, database=None, max_examples=40,
                          print_blob=True)
settings.register_profile("thorough", deadline=None, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def _cores() -> int:
    """The cores this process may run on (a container's or taskset's share)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores or 1


def pytest_configure(config: pytest.Config) -> None:
    """Before xdist starts its workers: the package and the tests compiled once, on every
    core, instead of by each worker and each command's subprocess (tests/precompile.py)."""
    _one_last_collection(config)
    if hasattr(config, "workerinput") or not config.getoption("numprocesses", None):
        return  # a worker, or a run in this one process, compiles as it imports
    from tests.precompile import precompile

    precompile([REPO_ROOT / "approvals", REPO_ROOT / "tests", REPO_ROOT / "main.py"],
               processes=_cores(),
               test_patterns=[*config.getini("python_files"), "conftest.py"])


def _one_last_collection(config: pytest.Config) -> None:
    """At its end a test process collects its garbage, to report an exception raised in a
    finaliser: pytest collects five times, each a walk of the whole heap (0.6 to 1 s in a
    worker by then), where the tests' own collections have left little to find. One."""
    try:
        from _pytest.unraisableexception import gc_collect_iterations_key
    except ImportError:  # pragma: no cover - pytest's private module moved: its default
        return
    config.stash[gc_collect_iterations_key] = 1


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """`-n` without `--dist`: xdist's work stealing, not its fixed split. A worker that runs
    out of tests takes some from a busy one, so all finish together (the slow tests sit
    unevenly across the files): on 2 cores 321 s against 337 s. Set here, not in addopts,
    so a run in one process is not taken for a distributed one (pytest-benchmark then
    turns itself off)."""
    if getattr(config.option, "numprocesses", None) and config.option.dist == "no":
        config.option.dist = "worksteal"


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto`: one worker more than the cores. A worker waits now and then (on a
    command's subprocess, a file, a timer), and with one per core that core idles
    meanwhile: on 2 cores a third worker took the suite from 5:58 to 5:39, the CPU time
    the same. PYTEST_XDIST_AUTO_NUM_WORKERS still decides where it is set (xdist's own)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    return _cores() + 1


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session) -> Iterator[object]:
    """Collection without the cyclic garbage collector, then everything it built frozen.
    Rewriting the asserts of ~220 modules makes millions of short-lived AST nodes; with
    the heap of imported modules growing, each full collection walks all of it again:
    collection took 11 s per process with the collector on, 7 s without. Frozen, the
    modules, functions and test items are never walked again by the tests' collections."""
    with collector_off():
        try:
            return (yield)
        finally:
            gc.collect()
            gc.freeze()


REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared"
EXAMPLES_DIR = SHARED / "spec" / "examples"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataDir:
    root = tmp_path / "data"
    monkeypatch.setenv("APPROVALS_DATA_DIR", str(root))
    return DataDir(root).ensure()


@functools.lru_cache(maxsize=1)
def migrated_template() -> Path:
    """An empty database at the head revision, made once per test process (in a temporary
    folder removed at exit): running the migrations for every test cost more than many of
    the tests themselves."""
    folder = Path(tempfile.mkdtemp(prefix="approvals-migrated-",
                                   dir=os.environ.get("PYTEST_DEBUG_TEMPROOT")))
    atexit.register(shutil.rmtree, folder, True)
    open_database(DataDir(folder).ensure()).dispose()
    path = DataDir(folder).database
    assert not path.with_name(path.name + "-wal").exists()  # the copy is the whole database
    return path


@pytest.fixture(scope="session")
def migrated_database() -> Path:
    """The process's empty database at head (migrated_template), for tests to copy."""
    return migrated_template()


def open_copy(data_dir: DataDir) -> Database:
    """The Database open_database would give for a copy of a database the session made at
    head (the migrated one, a template folder): its checks at open (~5 ms, thousands of
    tests) prove nothing on such a copy. The tests of opening, migrating and refusing
    files call open_database themselves."""
    database = Database(data_dir, make_engine(data_dir.database))
    with database.engine.connect():  # as after an open: connected, the WAL files beside it
        pass
    return database


def new_database(data_dir: DataDir) -> Database:
    """What open_database gives on the new data folder `data_dir` (made if missing), without
    running the migrations again: a copy of the process's migrated database, opened as
    open_copy does. The tests of opening a folder call open_database themselves."""
    shutil.copyfile(migrated_template(), data_dir.ensure().database)
    return open_copy(data_dir)


@pytest.fixture
def db(data_dir: DataDir) -> Iterator[Database]:
    database = new_database(data_dir)
    yield database
    database.dispose()


class FolderTemplates:
    """Data folders built once per session and copied for each test that starts from one.
    Loading the demo costs about a second; copying its database and documents, a few ms.
    Each test gets its own copy, so what a test writes never reaches another test."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.built: dict[str, tuple[Path, Any]] = {}

    def _template(self, name: str, build: Callable[[Database, DataDir], Any]) -> tuple[Path, Any]:
        if name not in self.built:
            folder = DataDir(self.base / f"template-{len(self.built)}").ensure()
            database = new_database(folder)
            try:
                value = build(database, folder)
            finally:
                database.dispose()
            assert not folder.database.with_name(folder.database.name + "-wal").exists()
            self.built[name] = (folder.root, value)
        root, value = self.built[name]
        return root, copy.deepcopy(value)

    def restore(self, name: str, build: Callable[[Database, DataDir], Any], target: DataDir) -> Any:
        """Fill the new, empty data folder `target` (its database not yet opened) with what
        `build(db, data_dir)` wrote into a fresh folder; returns what `build` returned."""
        root, value = self._template(name, build)
        shutil.copytree(root, target.root, dirs_exist_ok=True)
        return value

    def load_into(self, name: str, build: Callable[[Database, DataDir], Any], db: Database) -> Any:
        """As `restore`, into a test's freshly migrated database that other fixtures already
        hold open: SQLite's backup copies the template's pages into it."""
        root, value = self._template(name, build)
        copy_data_folder_into(root, db)
        return value

    def tree(self, name: str, build: Callable[[Path], Any]) -> tuple[Path, Any]:
        """A folder that `build(folder)` fills once per session (several
        data folders, packs, source files); the caller copies what it needs from it."""
        if name not in self.built:
            folder = self.base / f"template-{len(self.built)}"
            folder.mkdir()
            self.built[name] = (folder, build(folder))
        root, value = self.built[name]
        return root, copy.deepcopy(value)


def copy_data_folder_into(source: Path, db: Database) -> None:
    """Make the open, freshly migrated `db` and its folder a copy of the closed data folder
    `source`: the database by SQLite's backup (the open connections see it), then the rest."""
    reader, target = sqlite3.connect(source / DB_FILE), sqlite3.connect(db.data_dir.database)
    try:
        reader.backup(target)
    finally:
        reader.close()
        target.close()
    for child in source.iterdir():
        if child.name.startswith(DB_FILE):
            continue
        if child.is_dir():
            shutil.copytree(child, db.data_dir.root / child.name, dirs_exist_ok=True)
        else:
            shutil.copy2(child, db.data_dir.root / child.name)


def load_demo_from_template(templates: FolderTemplates, db: Database, actor: Actor) -> tuple[str, ...]:
    """`load_demo(session, actor=actor)` on the freshly migrated `db`, from a copy of the
    same load made once per session; returns the created references."""
    def build(database: Database, _folder: DataDir) -> tuple[str, ...]:
        from approvals.services.demo import load_demo

        with database.session() as s:
            return load_demo(s, actor=actor).created

    return templates.load_into(f"demo loaded by {actor!r}", build, db)


@pytest.fixture(scope="session")
def folder_templates(tmp_path_factory: pytest.TempPathFactory) -> FolderTemplates:
    return FolderTemplates(tmp_path_factory.mktemp("templates"))


@pytest.fixture
def demo(db: Database, folder_templates: FolderTemplates, admin: Actor) -> Database:
    """The `db` database with the demo loaded (copied from a folder built once)."""
    load_demo_from_template(folder_templates, db, admin)
    return db


@pytest.fixture
def fast_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters keep the tests fast; the production hasher has its own test."""
    from argon2 import PasswordHasher

    from approvals.services import auth

    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


@pytest.fixture
def admin() -> Actor:
    return Actor(username="alice", roles=("preparer", "reviewer", "approver", "admin"))


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """Once a test's process has a QApplication the automatic collector is off (it would
    free Qt objects on worker threads); tests that never run the event loop still get
    their collections here, on the main thread."""
    workers = sys.modules.get("approvals.ui.workers")
    if workers is not None and workers.gc_paused.gui_collects:
        workers.collect_on_gui_thread()


@pytest.fixture
def automatic_collector(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The cyclic collector's own switch, as where no GUI thread collects (the command
    line): on, and the pauses turn it off and on again. Tests of those pauses use this;
    a process with a QApplication otherwise keeps it off (collect_on_gui_thread)."""
    workers = sys.modules.get("approvals.ui.workers")
    if workers is not None:
        monkeypatch.setattr(workers.gc_paused, "gui_collects", False)
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()
