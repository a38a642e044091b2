"""A closed case's banner names who closed it as the rest of the case window names people
("Alice Wong (alice)"), not by login alone."""

from __future__ import annotations

import json

from approvals.paths import DataDir
from approvals.services.case_lifecycle import close_case
from approvals.services.cases import get_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import User
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view
from tests.ui.test_case_lifecycle_ui import make_case


def test_the_closed_case_banner_names_who_closed_it(
    qtbot, runner: TaskRunner, db: Database, admin: Actor, data_dir: DataDir
) -> None:
    reference = make_case(db, admin, 2)
    with db.session() as s:
        s.add(
            User(
                username=admin.username,
                display_name="Alice Wong",
                roles=json.dumps(list(admin.roles)),
            )
        )
    with db.session() as s:
        case = get_case(s, reference)
        close_case(
            session=s,
            case_id=case.id,
            actor=admin,
            expected_version=case.version,
            reason="SPA lapsed",
        )
    view = open_view(qtbot, runner, admin, data_dir, reference)
    banner = view.ending_label.accessibleName()
    assert banner.startswith("Closed on ")
    assert " by Alice Wong (alice): SPA lapsed. " in banner
    assert "Alice Wong (alice)" in view.ending_label.text()
