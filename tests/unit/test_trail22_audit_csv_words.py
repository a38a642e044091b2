"""The audit CSV's last column, "Event in words": each event in the sentence the Audit
trail window's Event column says (one function, audit_view.trail_sentence, serves both),
after every column scripts already read by position; what the sentences name is read
once for the export, never a query a row."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from sqlalchemy import event as sql_event
from sqlmodel import select

from approvals.paths import DataDir
from approvals.services.audit_view import audit_page
from approvals.services.cases import import_case
from approvals.services.exports import AUDIT_HEADER, export_audit_csv
from approvals.services.workspace import add_comment
from approvals.store.audit import append_event
from approvals.store.db import Database
from approvals.store.models import Case, FilingTrack, Obligation
from tests.conftest import EXAMPLES_DIR
from tests.unit.test_rulebook_updates import ROOT, Team, install, revert, rule_folder


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _add_condition_events(db: Database, reference: str, n: int) -> None:
    """`n` conditions on the case's first track, each marked fulfilled (events that name
    the condition by its id alone: the sentence says its text)."""
    with db.session() as s:
        case = s.exec(select(Case).where(Case.reference == reference)).one()
        track = s.exec(select(FilingTrack).where(FilingTrack.case_id == case.id)).first()
        assert track is not None and track.id is not None
        for k in range(n):
            condition = Obligation(track_id=track.id, text=f"Keep data in China ({k})")
            s.add(condition)
            s.flush()
            append_event(s, actor=ROOT, action="obligation.status", entity="obligation",
                         entity_id=str(condition.id), case_id=case.id, track_id=track.id,
                         field="status", old="open", new="fulfilled")
            add_comment(s, actor=ROOT, reference=reference, body=f"note {k}")


def test_the_csv_says_each_event_as_the_audit_window_does(
        db: Database, data_dir: DataDir, team: Team, tmp_path: Path) -> None:
    with db.session() as s:
        reference = import_case(s, data=json.loads(
            (EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8")),
            actor=ROOT).reference
    _add_condition_events(db, reference, 2)
    update = tmp_path / "u.zip"
    team.pack(rule_folder(tmp_path, "2026.12.1"), update)
    install(db, data_dir, update)
    revert(db, data_dir)
    with db.session() as s:  # the window, before the export records itself
        window = {e.id: e.sentence for e in audit_page(s, actor=ROOT, limit=1000).entries}
    out = tmp_path / "trail.csv"
    with db.session() as s:
        export_audit_csv(s, actor=ROOT, out=out)
    rows = _csv_rows(out)
    # Appended: every column before keeps its place (scripts read them by position).
    assert AUDIT_HEADER[:19] == (
        "Sequence", "Time (UTC)", "Actor", "Role", "Action", "Action (label)", "Entity",
        "Entity ID", "Case", "Field", "Old value", "New value", "Reason", "Details",
        "Event hash", "Previous hash", "Regime", "Actor name (current)", "Date-time (UTC)")
    assert AUDIT_HEADER[-1] == "Event in words" and list(rows[0]) == list(AUDIT_HEADER)
    assert {int(r["Sequence"]): r["Event in words"] for r in rows} == window
    said = {r["Action"]: r["Event in words"] for r in rows}
    assert said["rulebook.installed"].startswith("rulebook update 2026.12.1+")
    assert said["obligation.status"].endswith(
        "condition 'Keep data in China (1)' marked fulfilled (status open → fulfilled)")
    assert said["track.opened"].startswith(next(r["Regime"] for r in rows
                                                 if r["Action"] == "track.opened"))


def test_the_csv_s_sentences_read_no_row_a_query(db: Database, tmp_path: Path) -> None:
    """What the sentences name (full names, state names, the conditions' texts) is read
    once for the export: a trail with more events asks the database no more questions."""
    with db.session() as s:
        reference = import_case(s, data=json.loads(
            (EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8")),
            actor=ROOT).reference
    _add_condition_events(db, reference, 3)

    def statements(name: str) -> int:
        seen: list[str] = []

        def count(*args: Any) -> None:
            seen.append(str(args[2]))
        sql_event.listen(db.engine, "before_cursor_execute", count)
        try:
            with db.session() as s:
                export_audit_csv(s, actor=ROOT, out=tmp_path / name, case_reference=reference)
        finally:
            sql_event.remove(db.engine, "before_cursor_execute", count)
        return len(seen)

    few = statements("few.csv")
    _add_condition_events(db, reference, 30)
    assert statements("many.csv") == few
    rows = _csv_rows(tmp_path / "many.csv")
    assert sum("Keep data in China (29)" in r["Event in words"] for r in rows) == 1
