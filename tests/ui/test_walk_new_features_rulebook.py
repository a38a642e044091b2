"""The rulebook window, walked as an administrator installing a knowledge team's update
that makes the reported CN-US-CAPITAL measure law on a later date."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from approvals.exchange.pack import Member, write_pack
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.rulebook import RulebookWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR, REPO_ROOT
from tests.ui.rulebook_install import confirm_install

ADMIN = Actor("ada", ("admin",))


def _pack(base: Path, in_force: date, *, version: str = "2099.1.1") -> tuple[Path, DataDir]:
    folder = base / "rules"
    shutil.copytree(REPO_ROOT / "resources" / "rulebook", folder)
    manifest = json.loads((folder / "rulebook.json").read_text(encoding="utf-8"))
    (folder / "rulebook.json").write_text(json.dumps({**manifest, "version": version}),
                                          encoding="utf-8")
    path = folder / "cn-us-capital.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["rules"].append({**data["rules"][0], "id": "CN-US-CAPITAL.approval.law",
                          "status": "in_force", "effective_from": in_force.isoformat()})
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    team = DataDir(base / "team").ensure()
    out = base / "update.zip"
    write_pack(out, identity=review.identity_of(team), kind="rulebook",
               members=[Member(p.name, data=p.read_bytes()) for p in sorted(folder.glob("*.json"))])
    return out, team


def _trust(db: Database, team: DataDir) -> None:
    with db.session() as s:
        review.trust_key(s, key_text=review.installation_identity(team).public_key_text,
                         label="Knowledge team", actor=ADMIN)


def _open(qtbot, runner: TaskRunner) -> RulebookWindow:
    window = RulebookWindow(runner, None, actor=ADMIN)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.show()
    return window


def _close_boxes(window: RulebookWindow) -> list[QMessageBox]:
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    for box in boxes:
        box.close()
    return boxes


def test_a_later_dated_version_lists_the_cases_it_will_change_from_its_date(
        qtbot, runner: TaskRunner, db: Database, tmp_path: Path) -> None:
    facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    other = {**facts, "reference": "OTHER-1",
             "target": {**facts["target"], "leading_tech_enterprise": False}}
    with db.session() as s:
        case = import_case(s, data=facts, actor=ADMIN)
        quiet = import_case(s, data=other, actor=ADMIN)
    day = date.today() + timedelta(days=20)
    update, team = _pack(tmp_path, day)
    _trust(db, team)
    window = _open(qtbot, runner)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(update)
    confirm_install(qtbot, window)
    text = window.update_label.text()
    assert "No open case's outcome would change as of today." in text
    assert f"From {day.isoformat()} (CN-US-CAPITAL.approval.law takes effect)" in text
    # The case that will need the approval first; the one only gaining a "not required"
    # apart, so it does not bury the other.
    assert (f"2 open cases would change — to review: <a href='case:{case.reference}'>"
            f"{case.reference}</a>; only a regime added or dropped as not required: "
            f"<a href='case:{quiet.reference}'>") in text
    assert f"re-screen them on or after {day.isoformat()}" in text
    # The outcome names what was in use before in words, not the bare source code.
    assert "(was the shipped rulebook 20" in text
    runner.wait_for_done()


def test_an_untrusted_signer_is_trusted_from_the_window_and_the_update_installed(
        qtbot, runner: TaskRunner, db: Database, tmp_path: Path) -> None:
    update, team = _pack(tmp_path, date.today() + timedelta(days=20))
    window = _open(qtbot, runner)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(update)
    assert not _close_boxes(window)  # the refusal is said once, inline (no message box)
    text = window.update_label.text()
    assert "not trusted here" in text and "<a href='trust:'>Trust the signer's key…</a>" in text

    window.update_label.linkActivated.emit("trust:")
    keys = window.keys_dialog
    assert keys is not None and keys.isVisible()
    qtbot.waitUntil(lambda: keys.key_edit.toPlainText().startswith("approvals-ed25519 "),
                    timeout=10_000)
    assert "update.zip is loaded" in keys.status.text()
    # The dialog's own check: a key from a pack is trusted only with the fingerprint typed.
    fingerprint = review.installation_identity(team).fingerprint
    keys.label_edit.setText("Knowledge team")
    keys.expected_edit.setText(" ".join(fingerprint[i:i + 4] for i in range(0, 64, 4)))
    with qtbot.waitSignal(keys.changed, timeout=10_000):
        keys.trust_button.click()
    assert "<a href='install:'>Install update.zip now</a>" in window.update_label.text()
    keys.close()

    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.update_label.linkActivated.emit("install:")
    confirm_install(qtbot, window)
    qtbot.waitUntil(lambda: "Installed update 2099.1.1" in window.source_label.text(),
                    timeout=10_000)
    assert "Installed:" in window.update_label.text()
    # When, in the app's words (not the stored ISO stamp); the signer's fingerprint and the
    # shipped version on hover, not three more lines above the rules.
    assert " UTC." in window.source_label.text() and "Z." not in window.source_label.text()
    assert "fingerprint" not in window.source_label.text()
    assert "fingerprint" in window.source_label.toolTip()
    assert "shipped with the app" in window.source_label.toolTip()
    runner.wait_for_done()


def test_another_refusal_offers_no_trust_link(qtbot, runner: TaskRunner, db: Database,
                                              tmp_path: Path) -> None:
    update, team = _pack(tmp_path, date.today() + timedelta(days=20))
    _trust(db, team)
    data = bytearray(update.read_bytes())
    data[len(data) // 3] ^= 0x01
    update.write_bytes(bytes(data))
    window = _open(qtbot, runner)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(update)
    _close_boxes(window)
    assert "The update was not installed" in window.update_label.text()
    assert "trust:" not in window.update_label.text()
    assert window.trust_signer() is None
    runner.wait_for_done()


def test_the_case_links_are_reached_by_keyboard(qtbot, runner: TaskRunner, db: Database,
                                                tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    from tests.ui.case_opener_support import CaseOpener

    with db.session() as s:
        case = import_case(s, data=json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(
            encoding="utf-8")), actor=ADMIN)
    update, team = _pack(tmp_path, date.today())  # law from today: the case changes now
    _trust(db, team)
    opener = CaseOpener()
    qtbot.addWidget(opener)
    window = RulebookWindow(runner, opener, actor=ADMIN)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.show()
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(update)
    confirm_install(qtbot, window)
    label = window.update_label
    assert label.focusPolicy() != Qt.FocusPolicy.NoFocus
    window.activateWindow()
    label.setFocus()
    qtbot.keyClick(label, Qt.Key.Key_Tab)  # to the first link
    qtbot.keyClick(label, Qt.Key.Key_Return)
    assert opener.opened == [case.reference]
    runner.wait_for_done()


def test_a_date_brought_forward_lists_no_later_line(qtbot, runner: TaskRunner, db: Database,
                                                    tmp_path: Path) -> None:
    with db.session() as s:
        case = import_case(s, data=json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(
            encoding="utf-8")), actor=ADMIN)
    later = date.today() + timedelta(days=20)
    first, team = _pack(tmp_path / "a", later, version="2099.1.1")
    _trust(db, team)
    window = _open(qtbot, runner)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(first)
    confirm_install(qtbot, window)
    assert f"From {later.isoformat()}" in window.update_label.text()
    # The knowledge team brings the date forward to today: the case changes now, and the
    # old later date (which the rulebook in use no longer has) is not listed again.
    second, team2 = _pack(tmp_path / "b", date.today(), version="2099.1.2")
    _trust(db, team2)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(second)
    confirm_install(qtbot, window)
    text = window.update_label.text()
    assert f"1 open case would change — to review: <a href='case:{case.reference}'>" in text
    assert "From " not in text
    runner.wait_for_done()


def test_a_case_link_opens_the_case_on_its_screening_tab(qtbot, runner: TaskRunner,
                                                         db: Database, tmp_path: Path,
                                                         data_dir: DataDir) -> None:
    from tests.ui.case_opener_support import CaseOpener

    main = CaseOpener()
    qtbot.addWidget(main)
    window = RulebookWindow(runner, main, actor=ADMIN, data_dir=data_dir)
    window.update_label.linkActivated.emit("case:AP-2026-0001")
    view = main.case_views["AP-2026-0001"]
    assert view.tabs.tabText(view.tabs.currentIndex()) == "&Screening"  # type: ignore[attr-defined]
    view.deleteLater()
    runner.wait_for_done()


def test_the_regime_heading_says_from_when_a_binding_version_is_screened(tmp_path: Path) -> None:
    from approvals.services.rulebook import rulebook_overview
    from approvals.ui.rulebook import regime_heading

    day = date.today() + timedelta(days=20)
    _pack(tmp_path, day)
    folder = tmp_path / "rules"
    before = rulebook_overview(date.today(), False, directory=folder)
    on = rulebook_overview(day, False, directory=folder)
    regime = next(r for r in before.regimes if r.code == "CN-US-CAPITAL")
    assert regime_heading(regime, before.as_of, before.rules).endswith(
        f"not screened unless reported / proposed measures are included; screened from "
        f"{day.isoformat()}, when an in-force version applies")
    regime = next(r for r in on.regimes if r.code == "CN-US-CAPITAL")
    assert regime_heading(regime, on.as_of, on.rules).endswith(f"in force on {day.isoformat()}")


def test_a_long_outcome_scrolls_in_a_few_lines(qtbot, runner: TaskRunner, db: Database,
                                              tmp_path: Path) -> None:
    window = _open(qtbot, runner)
    window.resize(700, 500)
    window.update_area.setVisible(True)
    links = ", ".join(f"<a href='case:AP-2026-{n:04}'>AP-2026-{n:04}</a>" for n in range(200))
    window._set_outcome(f"<b>Installed:</b> 200 open cases would change — to review: {links}")
    most = window.update_label.fontMetrics().lineSpacing() * 5
    assert window.update_area.height() <= most
    assert window.update_label.heightForWidth(window.update_area.viewport().width()) > most
    window._set_outcome("<b>Installed:</b> No open case's outcome would change as of today.")
    assert window.update_area.height() < most  # a short outcome takes only its own lines
    runner.wait_for_done()


def test_a_window_opened_again_says_its_list_of_cases_is_as_of_the_install(
        qtbot, runner: TaskRunner, db: Database, tmp_path: Path) -> None:
    """Kept (audit13): closed straight after an install, the list was lost; it is a
    snapshot, said as such, with Check open cases… for those still to review."""
    with db.session() as s:
        import_case(s, data=json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(
            encoding="utf-8")), actor=ADMIN)
    update, team = _pack(tmp_path, date.today())
    _trust(db, team)
    window = _open(qtbot, runner)
    with qtbot.waitSignal(window.update_done, timeout=20_000):
        window.install_update(update)
    confirm_install(qtbot, window)
    assert window.update_area.isVisible() and "would change" in window.update_label.text()
    window.close()
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.reload()
        window.show()
    said = window.update_label.text()
    assert window.update_area.isVisible() and "would change" in said
    assert said.startswith("<i>As listed at ") and "href='check:'" in said
    assert "Installed update 2099.1.1" in window.source_label.text()
    runner.wait_for_done()


def test_a_reported_measure_screened_because_included_is_not_called_in_force() -> None:
    """Include reported / proposed measures ticked: the heading said CN-US-CAPITAL was "in
    force on 2026-04-24", which the screening's own reason denies ("a reported measure,
    not a law in force")."""
    from approvals.services.rulebook import rulebook_overview
    from approvals.ui.rulebook import regime_heading

    day = date(2026, 4, 24)
    overview = rulebook_overview(day, True)
    regime = next(r for r in overview.regimes if r.code == "CN-US-CAPITAL")
    heading = regime_heading(regime, overview.as_of, overview.rules)
    assert heading.endswith("reported on 2026-04-24, not in force (screened because reported "
                            "/ proposed measures are included)"), heading
    # A regime in force is said so.
    fisr = next(r for r in overview.regimes if r.code == "CN-FISR")
    assert regime_heading(fisr, overview.as_of, overview.rules).endswith("in force on 2026-04-24")
