"""Compile the package and the tests once, before the test processes start.

Every process of a run compiles what it imports unless a cached compilation is on disk:
each xdist worker rewrites the asserts of every test module it collects (~11 s of one
core for the suite), and every command a test runs in a subprocess compiles the package's
modules it imports. Where nothing writes those caches (a fresh clone, or
PYTHONDONTWRITEBYTECODE=1 as on the CI machines) that work was done again by each process.
Here it is done once, spread over the cores, and written where the processes look:
`__pycache__/` beside each source (git ignores it), in the formats Python and pytest
read back. Both check the source's modification time and size against the cache, so an
edited file is compiled afresh as before; a cache that cannot be written is left out.
"""

from __future__ import annotations

import ast
import fnmatch
import importlib.util
import marshal
import os
import struct
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import CodeType

_TEST_FILE_PATTERNS = ("test_*.py", "*_test.py", "conftest.py")  # pytest's python_files


def _is_test_module(path: Path) -> bool:
    return any(fnmatch.fnmatch(path.name, pattern) for pattern in _TEST_FILE_PATTERNS)


def _header(source_stat: os.stat_result) -> bytes:
    """A timestamp pyc's header (PEP 552), as the import system writes and checks it."""
    return (importlib.util.MAGIC_NUMBER + b"\x00\x00\x00\x00"
            + struct.pack("<LL", int(source_stat.st_mtime) & 0xFFFFFFFF,
                          source_stat.st_size & 0xFFFFFFFF))


def _is_current(pyc: Path, source_stat: os.stat_result) -> bool:
    try:
        with open(pyc, "rb") as cached:
            return cached.read(16) == _header(source_stat)
    except OSError:
        return False


def _write(pyc: Path, source_stat: os.stat_result, code: CodeType) -> None:
    pyc.parent.mkdir(exist_ok=True)
    partial = pyc.with_name(f"{pyc.name}.{os.getpid()}")
    partial.write_bytes(_header(source_stat) + marshal.dumps(code))
    os.replace(partial, pyc)  # a process reading it meanwhile sees the old one or this


class _Quiet:
    """The trace pytest's pyc writer reports a failed write to: a cache left out."""

    @staticmethod
    def trace(_message: str) -> None:
        return None


def _rewrite_and_cache(source: Path) -> None:
    """What pytest's import hook does for a test module, with pytest's own functions: the
    cache's format is pytest's to choose (timestamps up to 9.1, source hashes since 9.2),
    and its reader says whether the cache is current. Rewritten for the default settings
    (no config here; the project sets no assertion-pass hook)."""
    from _pytest.assertion import rewrite

    pyc = rewrite.get_cache_dir(source) / (source.name[:-3] + rewrite.PYC_TAIL)
    if rewrite._read_pyc(source, pyc) is not None:
        return
    pyc.parent.mkdir(exist_ok=True)
    validator, code = rewrite._rewrite_test(source, None)  # type: ignore[arg-type]
    rewrite._write_pyc(_Quiet(), code, validator, pyc)  # type: ignore[arg-type]


def _compile_one(source_name: str) -> None:
    source = Path(source_name)
    try:
        if _is_test_module(source):
            _rewrite_and_cache(source)
            return
        source_stat = source.stat()
        pyc = Path(importlib.util.cache_from_source(source_name))
        if _is_current(pyc, source_stat):
            return
        tree = ast.parse(source.read_bytes(), filename=source_name)
        _write(pyc, source_stat, compile(tree, source_name, "exec", dont_inherit=True))
    except Exception:  # a cache left out is compiled by the process that needs it
        pass


def _sources(roots: Iterable[Path]) -> list[str]:
    found: list[str] = []
    for root in roots:
        if root.is_file():
            found.append(str(root))
            continue
        for folder, subfolders, files in os.walk(root):
            subfolders[:] = [name for name in subfolders if name != "__pycache__"]
            found.extend(os.path.join(folder, name) for name in files if name.endswith(".py"))
    return found


def precompile(roots: Iterable[Path], processes: int) -> None:
    """Compile every Python file under `roots`, test modules as pytest rewrites them."""
    sources = _sources(roots)
    if processes <= 1:
        for source in sources:
            _compile_one(source)
        return
    with ProcessPoolExecutor(max_workers=processes) as pool:
        list(pool.map(_compile_one, sources, chunksize=32))
