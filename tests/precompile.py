"""Compile the package and the tests once, before the test processes start.

Every process of a run compiles what it imports unless a cached compilation is on disk:
each xdist worker rewrites the asserts of every test module it collects (~11 s of one
core for the suite), and every command a test runs in a subprocess compiles the package's
modules it imports. Where nothing writes those caches (a fresh clone, or
PYTHONDONTWRITEBYTECODE=1 as on the CI machines) that work was done again by each process.
Here it is done once, spread over the cores, and written where the processes look:
`__pycache__/` beside each source (git ignores it): the package by the standard library's
compileall, the test modules by pytest's own rewriting and cache writer. Python and
pytest check each cache against its source, so an edited file is compiled afresh as
before; a cache that cannot be written is left out.
"""

from __future__ import annotations

import compileall
import fnmatch
import functools
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from py_compile import PycInvalidationMode


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


def _compile_one(test_patterns: tuple[str, ...], source_name: str) -> None:
    try:
        if any(fnmatch.fnmatch(os.path.basename(source_name), pattern)
               for pattern in test_patterns):
            _rewrite_and_cache(Path(source_name))
        else:  # skipped when its cache is current; a syntax error is left to the importer
            compileall.compile_file(source_name, quiet=2,
                                    invalidation_mode=PycInvalidationMode.TIMESTAMP)
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


def precompile(roots: Iterable[Path], processes: int,
               test_patterns: Iterable[str] = ("test_*.py", "*_test.py", "conftest.py")
               ) -> None:
    """Compile every Python file under `roots`: those matching `test_patterns` (pytest's
    python_files, and conftest.py) as pytest rewrites them, the others as import does."""
    compile_one = functools.partial(_compile_one, tuple(test_patterns))
    sources = _sources(roots)
    if processes <= 1:
        for source in sources:
            compile_one(source)
        return
    with ProcessPoolExecutor(max_workers=processes) as pool:
        list(pool.map(compile_one, sources, chunksize=32))
