"""An update whose rule data the app cannot use is refused in the rulebook window with its
problems one a line, after what that means: they ran together as one paragraph (each line
starting with the file's name), with no end and no word of whether anything had changed."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from approvals.domain.errors import ConflictError, Problem
from approvals.domain.rulebook import RulebookError
from approvals.exchange.pack import Member, write_pack
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.rulebook import rulebook_for
from approvals.store.db import Database
from approvals.ui.rulebook import refusal_html
from approvals.ui.workers import TaskRunner
from tests.ui.test_polish_rulebook import opened, signed
from tests.ui.test_walk_new_features_rulebook import _open, _pack, _trust


def test_rule_data_problems_are_listed_one_a_line(qtbot, runner: TaskRunner, db: Database,
                                                  data_dir: DataDir, tmp_path: Path) -> None:
    update = signed(tmp_path, db, "2099.1.1")
    # The same update with two rules' data broken, signed as the knowledge team signs.
    folder = tmp_path / "rules-2099.1.1"
    oisp = json.loads((folder / "us-oisp.json").read_text(encoding="utf-8"))
    oisp["rules"][0]["effective_from"] = "2099-13-01"
    oisp["rules"][1]["effective_from"] = "soon"
    (folder / "us-oisp.json").write_text(json.dumps(oisp, ensure_ascii=False), encoding="utf-8")
    update.unlink()
    write_pack(update, identity=review.identity_of(DataDir(tmp_path / "team")), kind="rulebook",
               members=[Member(p.name, data=p.read_bytes()) for p in sorted(folder.glob("*.json"))])
    shipped = rulebook_for(data_dir).version
    window = opened(qtbot, runner)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(update)
    said = window.update_label.text()
    assert said.startswith(f"<b>The update was not installed:</b> the rule data in {update.name} "
                           "has 2 problems, so nothing was changed")
    items = said.split("<li>")[1:]
    assert len(items) == 2
    assert items[0].startswith("us-oisp.json: rules[0]") and "2099-13-01" in items[0]
    assert items[1].startswith("us-oisp.json: rules[1]")
    assert f"{update.name}: us-oisp.json" not in said  # the file is named once, above
    assert rulebook_for(data_dir).version == shipped
    runner.wait_for_done()


def test_other_refusals_are_said_as_before() -> None:
    assert refusal_html("Nothing was reverted", ConflictError("The rulebook changed.")) == (
        "<b>Nothing was reverted:</b> The rulebook changed.")
    one = RulebookError(Problem("x.zip: a.json: rules[0]", "bad date"))
    assert "has a problem, so nothing was changed" in refusal_html("No", one, Path("x.zip"))


def test_only_the_signers_key_trusted_offers_the_install(qtbot, runner: TaskRunner,
                                                         db: Database, tmp_path: Path) -> None:
    # After "not trusted here", the keys dialog said "The signer's key is trusted. Install
    # … now" on any change: another key no longer trusted, or another key trusted.
    update, team = _pack(tmp_path, date.today() + timedelta(days=20))
    other = DataDir(tmp_path / "other").ensure()
    _trust(db, other)
    window = _open(qtbot, runner)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(update)
    refused = window.update_label.text()
    assert "<a href='trust:'>" in refused
    keys = window.trust_signer()
    assert keys is not None
    qtbot.waitUntil(lambda: keys.key_edit.toPlainText().startswith("approvals-ed25519 "),
                    timeout=10_000)
    qtbot.waitUntil(lambda: keys.table.rowCount() == 1, timeout=10_000)
    keys.table.selectRow(0)
    with qtbot.waitSignal(keys.changed, timeout=10_000):
        keys.untrust_selected()  # the other team's key: not the signer's
    assert "is trusted" not in window.update_label.text()
    assert window.update_label.text() == refused

    fingerprint = review.installation_identity(team).fingerprint
    keys.label_edit.setText("Knowledge team")
    keys.expected_edit.setText(fingerprint.upper())
    with qtbot.waitSignal(keys.trusted, timeout=10_000):
        keys.trust_button.click()
    assert f"<a href='install:'>Install {update.name} now</a>" in window.update_label.text()
    keys.close()
    runner.wait_for_done()
