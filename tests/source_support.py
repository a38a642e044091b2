"""Reading the app's source as text, for tests that check what its strings say."""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import approvals
from tests.gc_support import collector_off

PACKAGE = Path(approvals.__file__).resolve().parent

_OWNERS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def docstring_nodes(tree: ast.AST) -> list[ast.Constant]:
    """The docstrings of a parsed module, its classes and functions: text for developers,
    which the checks of what the app says to people leave aside."""
    out = []
    for owner in ast.walk(tree):
        if isinstance(owner, _OWNERS) and owner.body and isinstance(owner.body[0], ast.Expr):
            value = owner.body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                out.append(value)
    return out


def docstring_ids(tree: ast.AST) -> set[int]:
    """The ids of the docstring constants, to skip them while walking the tree."""
    return {id(node) for node in docstring_nodes(tree)}


@dataclass(frozen=True, eq=False)
class AppSource:
    """One module of the app, parsed: shared by every check of a test process, so no check
    may change `tree`."""

    path: Path
    text: str
    tree: ast.Module
    nodes: tuple[ast.AST, ...]  # every node of `tree`, in ast.walk's order
    docstrings: frozenset[int]  # docstring_ids(tree)

    def strings(self) -> Iterator[ast.Constant]:
        """The string constants that are not docstrings (an implicitly joined literal is
        one constant)."""
        for node in self.nodes:
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and id(node) not in self.docstrings):
                yield node


def app_sources() -> tuple[AppSource, ...]:
    """Every module of the `approvals` package, parsed and walked once per test process
    while its files are the same (name, size, time): parsing and walking the whole package
    cost each of the checks that read it about 3 s of CPU."""
    files = tuple((path, (stat := path.stat()).st_size, stat.st_mtime_ns)
                  for path in sorted(PACKAGE.rglob("*.py")))
    return _parsed(files)


@functools.lru_cache(maxsize=1)
def _parsed(files: tuple[tuple[Path, int, int], ...]) -> tuple[AppSource, ...]:
    # Without the cyclic collector meanwhile: the million nodes made here set off full
    # collections of a test process's whole heap, which took more than half of the time
    # (4.5 s with it, 1.6 s without). Trees hold no cycles that need it.
    with collector_off():
        parsed = []
        for path, _size, _mtime in files:
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text)
            parsed.append(AppSource(path, text, tree, tuple(ast.walk(tree)),
                                    frozenset(docstring_ids(tree))))
        return tuple(parsed)
