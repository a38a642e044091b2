"""The app's own messages name menu items as the menus have them: "Users → Users…", not
a path to an item that is called something else (as the guide is checked in
test_docs8_readme_menus)."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import approvals
from approvals.ui.main_window import MainWindow
from tests.ui.test_docs8_readme_menus import (  # noqa: F401  (fixture)
    full_window,
    menu_items,
    named_paths,
)

MENU_PATH = re.compile(r"\b(?:File|Case|View|Review|Users|Help)\s*→")


def app_texts() -> dict[str, str]:
    """Every string constant of the app's code that is not a docstring or comment, joined
    across the pieces an f-string or a wrapped literal splits it into: where it is → text.
    Read once per process while the app's files are the same (name, size, time): two tests
    ask, and reading takes about 2 s."""
    package = Path(approvals.__file__).parent
    files = tuple((path, (stat := path.stat()).st_size, stat.st_mtime_ns)
                  for path in sorted(package.rglob("*.py")))
    return dict(_read_app_texts(package, files))


@functools.lru_cache(maxsize=1)
def _read_app_texts(package: Path, files: tuple[tuple[Path, int, int], ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for path, _size, _mtime in files:
        source = path.read_text(encoding="utf-8")
        if not MENU_PATH.search(source):
            continue  # parsed only where a path may be: parsing every file took seconds
        tree = ast.parse(source)
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef
                                    | ast.AsyncFunctionDef)
                      and node.body and isinstance(node.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                text = "".join(part.value if isinstance(part, ast.Constant) else "{…}"
                               for part in node.values)
            elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and id(node) not in docstrings):
                text = node.value
            else:
                continue
            if "→" in text:
                found[f"{path.relative_to(package)}:{node.lineno}"] = re.sub(r"\s+", " ", text)
    return found


def test_every_menu_path_in_the_apps_messages_is_a_menu_item(
        full_window: MainWindow) -> None:  # noqa: F811
    items = menu_items(full_window)
    unknown = []
    for where, text in app_texts().items():
        for named in named_paths(text, items):
            if not named.item or re.match(r"\w", named.after):
                unknown.append(f"{where}: {named.top} → {named.written}")
    assert unknown == [], "\n".join(unknown)
