"""Every docstring in the source is text Python 3.13 can compile: a lone surrogate
("\\ud800" in a docstring that is not raw) compiles on 3.11 but stops 3.13 from importing
the module at all (it encodes docstrings as UTF-8 when it cleans their indentation)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for folder in ("approvals", "tests", "scripts") if (ROOT / folder).is_dir()
                 for p in (ROOT / folder).rglob("*.py"))
_OWNERS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def _docstrings(tree: ast.AST) -> list[ast.Constant]:
    out = []
    for owner in ast.walk(tree):
        if isinstance(owner, _OWNERS) and owner.body and isinstance(owner.body[0], ast.Expr):
            value = owner.body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                out.append(value)
    return out


def test_docstrings_are_encodable_text() -> None:
    problems = []
    for path in SOURCES:
        for node in _docstrings(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            try:
                node.value.encode("utf-8")
            except UnicodeEncodeError as exc:
                problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: the docstring holds "
                                f"{exc.object[exc.start]!r}; write it escaped (\\\\ud800)")
    assert len(SOURCES) > 100 and not problems, problems

