"""A pack from an installation not trusted here: the app says so with the signer's
fingerprint on a line of its own and offers Trust this installation…, which opens the
trusted keys with the pack's key loaded; nothing is trusted until the fingerprint the
sender reads out is typed. Only an administrator may follow the offer."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from approvals.paths import DataDir
from approvals.services import review
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.keys import format_fingerprint
from approvals.ui.review import KeysDialog, install_review_features
from tests.review_support import RITA, open_review_pair, write_response
from tests.ui.test_review_ui import REVIEWER, _case_with_documents, _click, _export, _window

ADMIN_REVIEWER = Actor("bea", ("reviewer", "admin"), "Bea Admin")


def _box() -> QMessageBox | None:
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.objectName() == "untrustedPackBox"
                 and w.isVisible()), None)


def _refused_pack(qtbot, tmp_path, data_dir: DataDir, db: Database, admin: Actor,
                  installation_b, actor: Actor):
    """A pack from this installation opened on B, which trusts no one: (B's window, the
    box that refused it, the pack)."""
    b_dir, _b_db, b_runner = installation_b
    pack = tmp_path / "review.zip"
    _export(db, data_dir, _case_with_documents(db, data_dir, tmp_path, admin), pack, admin)
    window_b = _window(qtbot, b_runner, b_dir, actor)
    install_review_features(window_b, b_runner, actor).open_file(pack)

    qtbot.waitUntil(lambda: _box() is not None, timeout=10_000)
    refusal = _box()
    assert refusal is not None
    return window_b, refusal, pack


def _trust_button(box: QMessageBox):
    return next(b for b in box.buttons() if "Trust this installation" in b.text())


def test_an_untrusted_pack_offers_to_trust_its_key(qtbot, tmp_path, data_dir, db, admin,
                                                   installation_b):
    window_b, box, pack = _refused_pack(qtbot, tmp_path, data_dir, db, admin, installation_b,
                                        ADMIN_REVIEWER)
    grouped = format_fingerprint(review.installation_identity(data_dir).fingerprint)
    assert "not trusted here" in box.text() and "Nothing was changed" in box.text()
    # Its own two lines of eight groups, to read out: never wrapped in the middle of one.
    assert f"\n{grouped[:39]}\n{grouped[40:]}\n" in box.informativeText()
    assert "`approvals" not in box.text() + box.informativeText()  # the app's words only
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Close)
    trust = _trust_button(box)
    assert trust.isEnabled()

    _click(qtbot, trust)
    qtbot.waitUntil(lambda: bool(window_b.findChildren(KeysDialog)), timeout=10_000)
    keys = window_b.findChildren(KeysDialog)[-1]
    qtbot.waitUntil(lambda: keys.key_from_pack is not None, timeout=10_000)
    assert keys.key_edit.toPlainText() == keys.key_from_pack
    assert review.installation_identity(data_dir).public_key in keys.key_from_pack
    assert pack.name in keys.status.text()
    with installation_b[1].session() as s:  # loaded, not trusted: the fingerprint comes first
        assert review.list_trusted_keys(s) == []
    _click(qtbot, keys.findChild(QPushButton, "closeKeysButton"))  # the way out shows
    assert not keys.isVisible()


def test_only_an_administrator_may_follow_the_offer(qtbot, tmp_path, data_dir, db, admin,
                                                    installation_b):
    _window_b, box, _pack = _refused_pack(qtbot, tmp_path, data_dir, db, admin, installation_b,
                                          REVIEWER)
    trust = _trust_button(box)
    assert not trust.isEnabled()
    assert "administrator" in trust.toolTip() or "admin" in trust.toolTip()
    # Not opened by itself once an administrator trusts the key: this user opens it again.
    assert box.informativeText().endswith(
        "Compare it with the sender, by phone or in person. Trusting a key is an "
        "administrator's task: ask an administrator of this installation to do it (Review → "
        "Installation key and trusted keys…), then open the pack again.")
    _click(qtbot, box.button(QMessageBox.StandardButton.Close))
    assert not box.isVisible()


def test_a_response_from_an_untrusted_reviewer_says_to_import_it_again(
        qtbot, tmp_path, data_dir, db, runner) -> None:
    pair = open_review_pair(tmp_path, data_dir, db, trust_back=False)
    try:
        review.propose_change(data_dir=pair.b_dir, pack_id=pair.pack_id, reference=pair.reference,
                              field_path="deal.board_seats", value=2, actor=RITA)
        response = write_response(pair, tmp_path / "response.zip")
    finally:
        pair.b_db.dispose()
    window = _window(qtbot, runner, data_dir, ADMIN_REVIEWER)
    install_review_features(window, runner, ADMIN_REVIEWER).import_file(response)
    qtbot.waitUntil(lambda: _box() is not None, timeout=10_000)
    box = _box()
    assert box is not None and box.windowTitle() == "The response pack was not imported"
    # Trusted from the box, the response is imported at once: not "import it again".
    assert box.informativeText().endswith(
        "trust that installation's key: the app will import it as soon as the key is trusted.")
    _click(qtbot, box.button(QMessageBox.StandardButton.Close))
