"""The caches tests/precompile.py writes before a parallel run are the ones Python and
pytest read back, and an edited source is never served from a stale one."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest
from _pytest.assertion.rewrite import PYC_TAIL, _read_pyc

from tests.precompile import precompile


def _import(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"precompiled_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _same_size_same_time(path: Path, text: str) -> None:
    """Change what the file says without changing what a cache checks (size and mtime)."""
    stat = path.stat()
    assert len(text.encode()) == stat.st_size
    path.write_text(text)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


@pytest.mark.parametrize("processes", [1, 2])
def test_a_precompiled_module_is_what_python_imports(tmp_path: Path, processes: int) -> None:
    plain = tmp_path / "package" / "plain.py"
    plain.parent.mkdir()
    plain.write_text("VALUE = 1\n")
    precompile([tmp_path], processes=processes)
    _same_size_same_time(plain, "VALUE = 2\n")
    assert _import(plain).VALUE == 1  # read from the cache precompile wrote


def test_a_test_module_is_cached_with_its_asserts_rewritten(tmp_path: Path) -> None:
    module = tmp_path / "test_sample.py"
    module.write_text("def test_sample():\n    found = 1\n    assert found == 2\n")
    precompile([tmp_path], processes=1)
    code = _read_pyc(module, tmp_path / "__pycache__" / f"test_sample{PYC_TAIL}")
    assert code is not None  # pytest's import hook takes it as it is
    scope: dict[str, object] = {}
    exec(code, scope)
    with pytest.raises(AssertionError) as failed:
        scope["test_sample"]()  # type: ignore[operator]
    assert "assert 1 == 2" in str(failed.value)  # the values, as only a rewritten assert says


def test_an_edited_source_is_compiled_again(tmp_path: Path) -> None:
    plain, module = tmp_path / "plain.py", tmp_path / "test_edited.py"
    plain.write_text("VALUE = 1\n")
    module.write_text("def test_edited():\n    assert True\n")
    precompile([tmp_path], processes=1)
    plain.write_text("VALUE = 22\n")
    module.write_text("def test_edited():\n    assert not False\n")
    assert _import(plain).VALUE == 22
    assert _read_pyc(module, tmp_path / "__pycache__" / f"test_edited{PYC_TAIL}") is None
    precompile([tmp_path], processes=1)  # and written again for the new source
    assert _read_pyc(module, tmp_path / "__pycache__" / f"test_edited{PYC_TAIL}") is not None


def test_a_file_that_does_not_compile_is_left_to_its_importer(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("def (:\n")
    (tmp_path / "fine.py").write_text("VALUE = 1\n")
    precompile([tmp_path], processes=1)
    assert sorted(path.name for path in (tmp_path / "__pycache__").iterdir()) == [
        Path(importlib.util.cache_from_source(str(tmp_path / "fine.py"))).name]
