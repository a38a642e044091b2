"""The Filing particulars editor names people by their names and times as the app writes
them: it said "Last changed by li.wei at 2026-12-01 05:58:49 UTC" (a login and a stored
stamp to the second), and what someone stored meanwhile in Python's quotes."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit

from approvals.services.filings import set_filing_particulars
from approvals.services.particulars import load_particulars
from approvals.services.users import create_user
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.particulars import ParticularsEditor
from approvals.ui.workers import TaskRunner
from tests.ui.test_particulars_ui import edit, new_case, opened, retype

# Users are made with the cheap hasher: these tests are about names, not passwords
# (argon2 at production cost is ~0.3 s a hash; the production hasher has its own test).
pytestmark = pytest.mark.usefixtures("fast_hash")

LI_WEI = Actor("li.wei", ("preparer",))
APP_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC")


def add_li_wei(db: Database, admin: Actor) -> None:
    with db.session() as session:
        create_user(
            session,
            actor=admin,
            username="li.wei",
            password="correct-horse-42",
            roles=("preparer",),
            display_name="Li Wei",
        )


def store(db: Database, reference: str, values: dict[str, dict[str, str]]) -> None:
    with db.session() as session:
        set_filing_particulars(session=session, actor=LI_WEI, reference=reference, values=values)


def test_the_last_change_names_the_person_and_the_time_to_the_minute(
    qtbot, runner: TaskRunner, admin: Actor, db: Database
) -> None:
    add_li_wei(db, admin)
    reference = new_case(db, admin, "DEMO-02")
    store(db, reference, {"applicant": {"contact_name": "王芳"}})
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    said = editor.message.text()
    assert said.startswith("Last changed by Li Wei at "), said
    assert "li.wei" not in said
    assert APP_TIME.search(said) and not re.search(r"\d{2}:\d{2}:\d{2}", said), said


def test_a_conflict_names_the_person_and_quotes_their_value_plainly(
    qtbot, runner: TaskRunner, admin: Actor, db: Database
) -> None:
    add_li_wei(db, admin)
    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    name = edit(editor, "foreign_investor", "authorised_representative")
    retype(qtbot, name, "Dana Whitfield")
    store(db, reference, {"foreign_investor": {"authorised_representative": "Sean O'Brien"}})
    editor.save_button.click()
    qtbot.waitUntil(lambda: "after you opened them" in editor.message.text(), timeout=10_000)
    refused = editor.message.text()
    assert "changed by Li Wei at " in refused and "li.wei" not in refused, refused
    assert APP_TIME.search(refused) and not re.search(r"\d{2}:\d{2}:\d{2}", refused), refused
    editor.reload_button.click()
    note = editor.rows[("foreign_investor", "authorised_representative")].note
    qtbot.waitUntil(lambda: "Changed meanwhile" in note.text(), timeout=10_000)
    assert note.text().startswith("Changed meanwhile by Li Wei to 'Sean O'Brien':"), note.text()
    assert name.text() == "Dana Whitfield"  # the officer's own stays


def paste(qtbot, widget: QLineEdit, text: str) -> None:
    """`text` pasted over the field's content, as Ctrl+V does."""
    QGuiApplication.clipboard().setText(text)
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_lines_pasted_into_a_field_are_joined_into_one(
    qtbot, runner: TaskRunner, admin: Actor, db: Database
) -> None:
    """A line edit kept pasted line breaks out of sight ("1 Main StreetPittsburgh"), and
    the filing printed them."""
    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    address = edit(editor, "foreign_investor", "address")
    paste(qtbot, address, "600 Grant Street,\r\nPittsburgh, PA 15219\n\nUnited States\n")
    assert address.text() == "600 Grant Street, Pittsburgh, PA 15219, United States"
    registered = edit(editor, "applicant", "registered_address")
    paste(qtbot, registered, "北京市海淀区\r\n中关村大街1号")
    assert registered.text() == "北京市海淀区中关村大街1号"
    name = edit(editor, "foreign_investor", "authorised_representative")
    paste(qtbot, name, "Dana\u2028Whitfield")  # a line separator
    assert name.text() == "Dana Whitfield"
    assert not editor.rows[("foreign_investor", "authorised_representative")].error.isVisible()
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save_button.click()
    with db.read_session() as session:
        values = load_particulars(session, actor=admin, reference=reference).values
    assert values["foreign_investor"] == {
        "address": "600 Grant Street, Pittsburgh, PA 15219, United States",
        "authorised_representative": "Dana Whitfield",
    }


def test_an_over_long_paste_is_said_at_the_field_and_holds_save_back(
    qtbot, runner: TaskRunner, admin: Actor, db: Database
) -> None:
    reference = new_case(db, admin, "DEMO-02")
    editor = opened(qtbot, ParticularsEditor(runner, admin, reference))
    editor.show()
    paste(qtbot, edit(editor, "us_person", "address"), "1 Main Street " * 50)
    error = editor.rows[("us_person", "address")].error
    assert error.isVisible() and error.text() == (
        "is 699 characters long; this field takes at most 500: shorten it"
    )
    assert not editor.save_button.isEnabled()
    # Which of the three addresses: the section says.
    assert editor.save_reason.text().startswith(
        "Fix The US person (US notification) — Address first: is 699 characters long"
    )
