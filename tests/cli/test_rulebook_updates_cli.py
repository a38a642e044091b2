"""`approvals rulebook pack | install | show | revert`, through the real entry point: the
knowledge team signs an update, an officer's installation trusts the team's key, installs
it, and `approvals screen` of that data folder then applies it (a future-dated version
changes an outcome from its date on); a revert brings the shipped rulebook back."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

from tests.cli.helpers import run_cli, run_many
from tests.conftest import EXAMPLES_DIR, REPO_ROOT

FACTS = EXAMPLES_DIR / "frontier-lab.json"
SHIPPED = REPO_ROOT / "resources" / "rulebook"


def _rule_folder(base: Path, version: str = "2026.12.1") -> Path:
    """The shipped rulebook, declaring `version`, with a US-OISP scope version from 2031
    under which China is no longer a country of concern."""
    folder = base / f"rules-{version}"
    shutil.copytree(SHIPPED, folder)
    manifest = json.loads((folder / "rulebook.json").read_text(encoding="utf-8"))
    (folder / "rulebook.json").write_text(json.dumps({**manifest, "version": version}),
                                          encoding="utf-8")
    oisp = json.loads((folder / "us-oisp.json").read_text(encoding="utf-8"))
    scope = next(r for r in oisp["rules"] if r["id"] == "US-OISP.scope.2025")
    oisp["rules"].append({**scope, "id": "US-OISP.scope.2031", "effective_from": "2031-01-01",
                          "parameters": {**scope["parameters"], "countries_of_concern": ["MO"]}})
    (folder / "us-oisp.json").write_text(json.dumps(oisp, ensure_ascii=False), encoding="utf-8")
    return folder


def _oisp(result) -> str:
    return next(d["outcome"] for d in result.json()["determinations"] if d["regime"] == "US-OISP")


def test_pack_install_show_screen_revert(tmp_path: Path) -> None:
    team, officer = tmp_path / "team", tmp_path / "officer"
    update = tmp_path / "rulebook-2026.12.1.zip"
    screen = ("screen", FACTS, "--as-of", "2031-06-01", "--json", "--data-dir", officer)
    (packed, key, trust, before, installed, shown, after, earlier, again, revert, back,
     reverted) = run_many(
        ("rulebook", "pack", _rule_folder(tmp_path), "--out", update, "--json",
         "--data-dir", team),
        ("key", "show", "--json", "--data-dir", team),
        ("key", "trust", update, "--label", "Knowledge team", "--fingerprint", "{fp}",
         "--data-dir", officer),
        screen,
        ("rulebook", "install", update, "--json", "--data-dir", officer),
        ("rulebook", "show", "--json", "--data-dir", officer),
        screen,
        ("screen", FACTS, "--as-of", "2030-06-01", "--json", "--data-dir", officer),
        ("rulebook", "install", update, "--data-dir", officer),
        ("rulebook", "revert", "--data-dir", officer),
        screen,
        ("rulebook", "revert", "--data-dir", officer),
        prelude=_FINGERPRINT_FROM_KEY_SHOW,
    )
    assert packed.code == 0, packed.stderr
    version = packed.json()["version"]
    assert version.startswith("2026.12.1+") and packed.json()["signer"] == key.json()["fingerprint"]
    assert trust.code == 0, trust.stderr

    assert before.code == 0 and _oisp(before) == "prohibited"
    shipped = before.json()["rulebook"]
    assert installed.code == 0, installed.stderr
    assert installed.json()["before"]["version"] == shipped
    assert installed.json()["after"]["version"] == version
    assert shown.json()["source"] == "installed" and shown.json()["version"] == version
    assert shown.json()["signer"]["label"] == "Knowledge team"
    assert shown.json()["revert_to"] == f"the shipped rulebook {shipped}"

    # The screening of that data folder applies the update, in the same JSON shape.
    assert after.code == 0 and after.json()["rulebook"] == version
    assert set(after.json()) == set(before.json())
    assert _oisp(after) != "prohibited"
    assert _oisp(earlier) == "prohibited"  # before the new version's effective date

    assert again.code == 2 and "not newer" not in again.stderr
    assert "same version as the installed rulebook in use" in again.stderr
    assert revert.code == 0 and f"{version} is no longer in use" in revert.stdout
    assert back.json()["rulebook"] == shipped and _oisp(back) == "prohibited"
    assert reverted.code == 2 and "no installed update to revert" in reverted.stderr


# `key trust ... --fingerprint {fp}` needs the fingerprint `key show` printed in the same
# process: the driver's arguments are fixed before it runs, so a patch fills it in.
_FINGERPRINT_FROM_KEY_SHOW = r"""
import approvals.cli.review as _review
_seen = {}
_show, _trust = _review.cmd_key_show, _review.cmd_key_trust
def _cmd_key_show(args):
    from approvals.services import review as svc
    from approvals.cli.common import data_dir_of
    _seen["fp"] = svc.installation_identity(data_dir_of(args)).fingerprint
    return _show(args)
def _cmd_key_trust(args):
    if args.fingerprint == "{fp}":
        args.fingerprint = _seen["fp"]
    return _trust(args)
_review.cmd_key_show, _review.cmd_key_trust = _cmd_key_show, _cmd_key_trust
"""


def _flip(path: Path, out: Path, member: str) -> None:
    """A copy of the update with one byte of `member`'s stored data flipped."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    # The local header: 30 fixed bytes, the name, the extra field; then the member's data.
    start = info.header_offset + 30 + len(info.filename.encode()) \
        + int.from_bytes(data[info.header_offset + 28:info.header_offset + 30], "little")
    data[start + info.compress_size // 2] ^= 0x01
    out.write_bytes(bytes(data))


def test_refusals_exit_codes_and_nothing_changes(tmp_path: Path) -> None:
    officer = tmp_path / "officer"
    update = tmp_path / "update.zip"
    # An installation trusts its own key: the officer's folder signs and installs here.
    first = run_many(
        ("rulebook", "show", "--json", "--data-dir", officer),
        ("rulebook", "pack", _rule_folder(tmp_path), "--out", update, "--data-dir", officer),
    )
    assert first[0].code == 0 and first[0].json()["source"] == "shipped"
    assert first[1].code == 0, first[1].stderr
    tampered = tmp_path / "tampered.zip"
    _flip(update, tampered, "cn-fisr.json")

    result = run_cli("rulebook", "install", tampered, data_dir=officer)
    assert result.code == 1, result.stderr  # a check failed, as `review import` says it
    assert "The rulebook update tampered.zip was refused" in result.stderr
    assert "cn-fisr.json" in result.stderr and "The pack" not in result.stderr
    assert "Traceback" not in result.stderr

    stranger = tmp_path / "stranger"
    other = tmp_path / "other.zip"
    results = run_many(
        ("rulebook", "pack", _rule_folder(tmp_path, "2027.1.1"), "--out", other,
         "--data-dir", stranger),
        ("rulebook", "install", other, "--data-dir", officer),
        ("rulebook", "install", update, "--data-dir", tmp_path / "empty"),
        ("rulebook", "pack", tmp_path / "nowhere", "--out", tmp_path / "x.zip",
         "--data-dir", officer),
        ("rulebook", "show", "--json", "--data-dir", officer),
    )
    assert results[0].code == 0, results[0].stderr
    assert results[1].code == 1 and "not trusted here" in results[1].stderr
    assert results[2].code == 1 and "holds no database" in results[2].stderr
    assert not (tmp_path / "empty").exists()
    assert results[3].code == 2 and "is not a folder" in results[3].stderr
    assert results[4].json()["source"] == "shipped"

    installed, same = run_many(
        ("rulebook", "install", update, "--json", "--data-dir", officer),
        ("rulebook", "install", update, "--allow-older", "--reason", "again", "--json",
         "--data-dir", officer))
    assert installed.code == 0, installed.stderr
    assert installed.json()["after"]["declared_version"] == "2026.12.1"
    assert same.code == 0, same.stderr  # the same version again, as asked
    assert same.json()["before"]["version"] == same.json()["after"]["version"]
