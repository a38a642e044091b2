"""Reading the app's source as text, for tests that check what its strings say."""

from __future__ import annotations

import ast

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
