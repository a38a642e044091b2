"""A restore puts back the keys the backup trusted: a key untrusted since (a reviewer's
lost laptop) was trusted again with nothing said. The restore names the keys it trusts
again and those it stops trusting; so does the app's confirmation (services.backup
trusted_keys_compared)."""

from __future__ import annotations

from pathlib import Path

from approvals.services.backup import trusted_keys_compared
from tests.cli.helpers import run_many


def test_restore_names_a_key_it_trusts_again_and_one_it_stops_trusting(tmp_path: Path) -> None:
    here, carl, dana = (str(tmp_path / name) for name in ("here", "carl", "dana"))
    pubs = {name: tmp_path / f"{name}.pub" for name in ("carl", "dana")}
    made = run_many(("key", "export", "--out", str(pubs["carl"]), "--data-dir", carl),
                    ("key", "export", "--out", str(pubs["dana"]), "--data-dir", dana))
    prints = [r.stdout.split("Its fingerprint:", 1)[1].split("\n")[0].strip() for r in made]
    backup = tmp_path / "b.zip"
    results = run_many(
        ("key", "trust", str(pubs["carl"]), "--label", "Carl", "--fingerprint", prints[0],
         "--data-dir", here),
        ("backup", "--out", str(backup), "--data-dir", here),
        ("key", "untrust", prints[0].replace(" ", "")[:8], "--data-dir", here),
        ("key", "trust", str(pubs["dana"]), "--label", "Dana", "--fingerprint", prints[1],
         "--data-dir", here),
        ("restore", str(backup), "--data-dir", here),
        ("key", "list", "--data-dir", here),
    )
    assert [r.code for r in results] == [0] * 6, [r.stderr for r in results]
    said = results[4].stderr
    assert f"The backup trusts key 'Carl' ({prints[0][:19]}…), which this data folder did " \
           "not trust before the restore" in said, said
    assert f"The backup does not trust key 'Dana' ({prints[1][:19]}…), which this data " \
           "folder trusted before the restore" in said, said
    assert "Carl" in results[5].stdout and "Dana" not in results[5].stdout


def test_nothing_is_said_when_the_keys_are_the_same_or_unknown() -> None:
    assert trusted_keys_compared({"ab": "A"}, {"ab": "renamed"}) == ""
    assert trusted_keys_compared(None, {"ab": "A"}) == "" and trusted_keys_compared({}, None) == ""
    two = trusted_keys_compared({}, {"ab": "A", "cd": "C"})
    assert two.startswith("The backup trusts key 'A' (AB) and key 'C' (CD), ") and \
        "updates they sign are accepted after it (untrust them then if they were" in two


def test_a_database_from_before_trusted_keys_trusts_none(tmp_path: Path) -> None:
    """A backup whose database predates the trusted_keys table: restoring it drops every
    key trusted here, which is said (it was taken as unknown, and nothing was said)."""
    import sqlite3

    from approvals.services.backup import trusted_keys

    old = tmp_path / "old.db"
    con = sqlite3.connect(old)
    con.execute("CREATE TABLE cases (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    assert trusted_keys(old) == {}
    assert trusted_keys(tmp_path / "none.db") is None
    assert trusted_keys_compared({"ab": "Carl"}, trusted_keys(old)).startswith(
        "The backup does not trust key 'Carl' (AB), which this data folder trusted")
