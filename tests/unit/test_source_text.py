"""Every docstring in the source is text Python 3.13 can compile: a lone surrogate
("\\ud800" in a docstring that is not raw) compiles on 3.11 but stops 3.13 from importing
the module at all (it encodes docstrings as UTF-8 when it cleans their indentation)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.source_support import docstring_nodes

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for folder in ("approvals", "tests", "scripts") if (ROOT / folder).is_dir()
                 for p in (ROOT / folder).rglob("*.py"))


# A file read as UTF-8 holds no surrogate as such: one can reach a string only through a
# \u or \U escape, so only the files with such an escape are parsed (parsing every file
# took ~10 s).
_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")


def _docstring_problems(paths: list[Path]) -> list[str]:
    problems = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if not _SURROGATE_ESCAPE.search(text):
            continue
        for node in docstring_nodes(ast.parse(text, str(path))):
            try:
                node.value.encode("utf-8")
            except UnicodeEncodeError as exc:
                where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
                problems.append(f"{where}:{node.lineno}: the docstring holds "
                                f"{exc.object[exc.start]!r}; write it escaped (\\\\ud800)")
    return problems


def test_docstrings_are_encodable_text() -> None:
    problems = _docstring_problems(SOURCES)
    assert len(SOURCES) > 100 and not problems, problems


def test_a_lone_surrogate_written_as_an_escape_is_found(tmp_path: Path) -> None:
    """The files left unparsed are only those without such an escape."""
    for escape in ("\\ud800", "\\uDFFF", "\\U0000dabc"):
        source = tmp_path / "bad.py"
        source.write_text(f'def f() -> None:\n    """A {escape} here."""\n', encoding="utf-8")
        assert len(_docstring_problems([source])) == 1, escape
    source.write_text('def f() -> None:\n    """A \\\\ud800 kept escaped."""\n', encoding="utf-8")
    assert _docstring_problems([source]) == []
