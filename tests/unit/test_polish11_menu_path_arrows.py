"""Menu paths in the app's texts are written one way, "Users → Users…": the empty case
list said "Review → Open review pack" while the Users texts said "Users ▸ Users…"."""

from __future__ import annotations

import ast
from pathlib import Path

import approvals
from tests.source_support import docstring_ids

# ("›" joins a filing's section and field in its check report: not a menu path.)
OTHER_ARROWS = ("▸",)


def test_every_text_of_the_app_writes_menu_paths_with_the_same_arrow() -> None:
    package = Path(approvals.__file__).parent
    written_otherwise = []
    for path in sorted(package.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if not any(arrow in source for arrow in OTHER_ARROWS):
            continue  # parsed only where an arrow is (every file took 18 s)
        tree = ast.parse(source)
        skipped = docstring_ids(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and id(node) not in skipped
                    and any(arrow in node.value for arrow in OTHER_ARROWS)):
                written_otherwise.append(f"{path.relative_to(package)}:{node.lineno}")
    assert written_otherwise == []


def test_the_users_texts_name_their_menu_with_the_arrow() -> None:
    from approvals.ui import auth as ui_auth

    assert ui_auth.SIGNED_OUT_FROM_MENU == "Users → Sign out"
    assert all("Users → Users…" in hint for hint in ui_auth.ALONE_HINTS)
