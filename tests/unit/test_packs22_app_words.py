"""A refused pack's way on in the words of where it was refused: the app's boxes said
"… Review → Import response… or `approvals review import`", a command an officer in the
app has no use for. In the app the menu item alone; on the command line the command alone
(the command line's actor is "cli:<login>", which the review service reads)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from approvals.exchange.pack import (
    BACKUP_MANIFEST,
    RULEBOOK_KIND,
    Member,
    PackRefused,
    verify_pack,
    write_pack,
)
from approvals.services import review
from approvals.store.keys import load_or_create_identity


def _pack(folder: Path, kind: str, name: str = "answer.zip") -> tuple[Path, dict[str, bytes]]:
    identity = load_or_create_identity(folder / "keys")
    pack = folder / name
    write_pack(pack, identity=identity, kind=kind, members=[Member("response.json", data=b"{}")])
    return pack, {identity.fingerprint: identity.public_bytes}


def _refusal(path: Path, trusted: dict[str, bytes], into: Path, expect_kind: str,
             **kwargs: bool) -> str:
    with pytest.raises(PackRefused) as refused:
        verify_pack(path, trusted=trusted, into=into, expect_kind=expect_kind, **kwargs)
    return str(refused.value)


@pytest.mark.parametrize(
    ("kind", "picked_as", "app", "cli"),
    [
        ("response", "review", "import it with Review → Import response…",
         "import it with `approvals review import`"),
        ("review", "response", "open it with Review → Open review pack (review mode)…",
         "open it with `approvals review open`"),
    ],
)
def test_a_pack_of_the_other_kind_names_the_menu_in_the_app_and_the_command_on_the_cli(
    tmp_path: Path, kind: str, picked_as: str, app: str, cli: str
) -> None:
    pack, trusted = _pack(tmp_path, kind)
    in_app = _refusal(pack, trusted, tmp_path / "a", picked_as)
    assert in_app.endswith(f"expected: {app} Nothing was changed.")  # no stop after "…"
    assert "`" not in in_app
    on_cli = _refusal(pack, trusted, tmp_path / "b", picked_as, command_line=True)
    assert on_cli.endswith(f"expected: {cli}. Nothing was changed.")
    assert "→" not in on_cli


def test_a_backup_picked_as_a_pack_says_file_restore_in_the_app(tmp_path: Path) -> None:
    backup = tmp_path / "backup.zip"
    with zipfile.ZipFile(backup, "w") as zf:
        zf.writestr(BACKUP_MANIFEST, "{}")
    in_app = _refusal(backup, {}, tmp_path / "a", "response")
    assert in_app.endswith("(restore it with File → Restore…). Nothing was changed."), in_app
    on_cli = _refusal(backup, {}, tmp_path / "b", "response", command_line=True)
    assert on_cli.endswith("(restore it with `approvals restore`). Nothing was changed."), on_cli


def test_a_rulebook_update_picked_as_a_pack_says_the_rulebook_window_in_the_app(
    tmp_path: Path,
) -> None:
    update, trusted = _pack(tmp_path, RULEBOOK_KIND, "update.zip")
    in_app = _refusal(update, trusted, tmp_path / "a", "review")
    assert in_app.endswith("(install it with View → Rulebook → Install update…). "
                           "Nothing was changed."), in_app
    on_cli = _refusal(update, trusted, tmp_path / "b", "review", command_line=True)
    assert on_cli.endswith("(install it with `approvals rulebook install`). "
                           "Nothing was changed."), on_cli


def test_own_review_pack_given_to_import_names_the_menu_or_the_command() -> None:
    manifest = {"kind": "review", "pack_id": "P1", "created_at": "2026-11-29T22:41:00Z",
                "cases": [{"reference": "AP-2026-0001"}]}
    in_app = review._own_pack_refusal(None, manifest, None)  # type: ignore[arg-type]
    assert in_app is not None and in_app.endswith(
        "open the pack with Review → Open review pack (review mode)…)")
    assert "`" not in in_app
    on_cli = review._own_pack_refusal(None, manifest, None,  # type: ignore[arg-type]
                                      command_line=True)
    assert on_cli is not None and on_cli.endswith("open the pack with `approvals review open`)")


@pytest.mark.parametrize(("username", "way"), [
    ("alice", "(restore it with File → Restore…)"),
    ("cli:ops", "(restore it with `approvals restore`)"),
])
def test_a_backup_given_to_install_as_an_update_names_the_way_where_it_was_given(
        tmp_path: Path, data_dir, db, username: str, way: str) -> None:
    from approvals.services.rulebook_updates import install_rulebook_update
    from approvals.store.audit import Actor

    backup = tmp_path / "backup.zip"
    with zipfile.ZipFile(backup, "w") as zf:
        zf.writestr(BACKUP_MANIFEST, "{}")
    actor = Actor(username=username, roles=("preparer", "reviewer", "approver", "admin"))
    with db.session() as s, pytest.raises(PackRefused) as refused:
        install_rulebook_update(s, data_dir=data_dir, path=backup, actor=actor, reason="test")
    assert str(refused.value).endswith(f"{way}. Nothing was changed."), str(refused.value)
