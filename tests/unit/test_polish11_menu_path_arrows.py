"""Menu paths in the app's texts are written one way, "Users → Users…": the empty case
list said "Review → Open review pack" while the Users texts said "Users ▸ Users…"."""

from __future__ import annotations

from tests.source_support import PACKAGE, app_sources

# ("›" joins a filing's section and field in its check report: not a menu path.)
OTHER_ARROWS = ("▸",)


def test_every_text_of_the_app_writes_menu_paths_with_the_same_arrow() -> None:
    written_otherwise = [f"{source.path.relative_to(PACKAGE)}:{node.lineno}"
                         for source in app_sources() for node in source.strings()
                         if any(arrow in node.value for arrow in OTHER_ARROWS)]
    assert written_otherwise == []


def test_the_users_texts_name_their_menu_with_the_arrow() -> None:
    from approvals.ui import auth as ui_auth

    assert ui_auth.SIGNED_OUT_FROM_MENU == "Users → Sign out"
    assert all("Users → Users…" in hint for hint in ui_auth.ALONE_HINTS)
