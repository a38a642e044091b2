"""CSV exports of the audit trail and the case list: read back with the csv module (as a
spreadsheet would), compared with the database; Chinese, line breaks and formula-looking
text survive; a failure leaves no file; a refusal writes nothing."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from approvals.domain.audit import action_label
from approvals.domain.errors import InputError, NotFound, PermissionDenied
from approvals.services import exports
from approvals.services.cases import import_case, list_cases
from approvals.services.exports import (
    AUDIT_HEADER,
    CASE_HEADER,
    export_audit_csv,
    export_case_list_csv,
    safe_cell,
)
from approvals.services.workspace import add_comment
from approvals.store.audit import Actor, iter_events
from approvals.store.db import Database
from approvals.store.models import Case, Event

EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "spec" / "examples"
TRICKY = "审查意见：=SUM(A1:A9)\n第二行, with a comma and \"quotes\""


def facts(name: str = "frontier-lab.json") -> dict[str, Any]:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def unneutralised(cell: str) -> str:
    """What the cell held before export (the apostrophe is added only before these)."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") else cell


@pytest.fixture
def world(db: Database, admin: Actor) -> dict[str, Any]:
    with db.session() as s:
        first = import_case(s, data=facts(), actor=admin)
        second = import_case(s, data=facts("vision-startup.json"), actor=admin)
        add_comment(s, actor=admin, reference=first.reference, body=TRICKY)
        add_comment(s, actor=admin, reference=first.reference, body="-1+2 and @home")
    return {"first": first.reference, "second": second.reference}


def events_count(db: Database) -> int:
    with db.read_session() as s:
        return len(s.exec(select(Event)).all())


# --- cells -----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "cell"), [
    (None, ""),
    (5_000_000.0, "5000000"),
    (1.5, "1.5"),
    (-3, "-3"),
    (True, "true"),
    ("-12.5", "-12.5"),  # a plain negative number stays a number
    ("-.5", "-.5"),
    ("-1+2", "'-1+2"),  # not a plain number: a spreadsheet would compute it
    ("-A1", "'-A1"),
    ("-", "'-"),
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1", "'+1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"),
    ("\rcmd", "'\rcmd"),
    ("a=1", "a=1"),  # only the first character matters
    ("示例前沿智能有限公司", "示例前沿智能有限公司"),
])
def test_safe_cell(value: Any, cell: str) -> None:
    assert safe_cell(value) == cell


# --- the audit trail -------------------------------------------------------------------


def test_case_trail_round_trips(db: Database, admin: Actor, world: dict[str, Any],
                                tmp_path: Path) -> None:
    out = tmp_path / "trail.csv"
    with db.session() as s:
        result = export_audit_csv(s, actor=admin, out=out, case_reference=world["first"])
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = read_csv(out)
    assert tuple(rows[0]) == AUDIT_HEADER
    with db.read_session() as s:
        case_id = s.exec(select(Case.id).where(Case.reference == world["first"])).one()
        stored = [e for e in iter_events(s) if e["case_id"] == case_id]
    exported_event = stored.pop()  # the export's own event comes after the rows it wrote
    assert exported_event["action"] == "audit.exported"
    assert json.loads(exported_event["details"]) == {"file": "trail.csv", "rows": len(stored),
                                                     "scope": world["first"]}
    assert result.rows == len(stored) == len(rows) - 1
    col = {name: i for i, name in enumerate(AUDIT_HEADER)}
    for row, event in zip(rows[1:], stored, strict=True):
        assert int(row[col["Sequence"]]) == event["id"]
        assert row[col["Time (UTC)"]] == event["occurred_at"]
        assert row[col["Actor"]] == event["actor"] and row[col["Role"]] == event["role"]
        assert row[col["Action"]] == event["action"]
        assert row[col["Action (label)"]] == action_label(event["action"])
        assert row[col["Case"]] == world["first"]
        assert row[col["Event hash"]] == event["hash"]
        # A hash a spreadsheet would take for a number (the first event's previous hash,
        # 64 zeros) has a leading apostrophe, which a hash never holds.
        assert row[col["Previous hash"]].removeprefix("'") == event["prev_hash"]
        new = json.loads(event["new_value"]) if event["new_value"] else None
        if isinstance(new, str):
            assert unneutralised(row[col["New value"]]) == new
    comments = [r for r in rows[1:] if r[col["Action"]] == "comment.added"]
    bodies = [json.loads(unneutralised(r[col["New value"]]))["body"] for r in comments]
    assert bodies == [TRICKY, "-1+2 and @home"]  # Chinese and the line break survive
    assert "第二行" in raw.decode("utf-8-sig")
    assert action_label("case.created") == "Case created"
    assert [r[col["Action (label)"]] for r in rows[1:2]] == ["Case created"]


def test_formula_text_is_neutralised(db: Database, admin: Actor, world: dict[str, Any],
                                     tmp_path: Path) -> None:
    with db.session() as s:
        add_comment(s, actor=admin, reference=world["second"], body="ok")
        s.flush()
    out = tmp_path / "f.csv"
    with db.session() as s:
        # A reason typed as a formula (the trail keeps what was typed).
        from approvals.store.audit import append_event
        append_event(s, actor=admin, action="comment.added", entity="comment",
                     case_id=None, new="=1+2", reason="@evil")
        append_event(s, actor=admin, action="comment.added", entity="comment",
                     case_id=None, old=-42, new=-4.5, reason="line one\n行二, \"quoted\"")
        # Text a spreadsheet would read as a number (an all-digit USCC, a reference with
        # leading zeros): kept text, not rounded to 15 digits or stripped of its zeros.
        append_event(s, actor=admin, action="comment.added", entity="comment",
                     case_id=None, old="000123", new="914403001922038216", reason="ids")
    with db.session() as s:
        export_audit_csv(s, actor=admin, out=out, text="@evil")
    rows = read_csv(out)
    assert len(rows) == 2
    row = dict(zip(AUDIT_HEADER, rows[1], strict=True))
    assert row["New value"] == "'=1+2" and row["Reason"] == "'@evil"
    with db.session() as s:
        export_audit_csv(s, actor=admin, out=out, text="行二")
    rows = read_csv(out)
    row = dict(zip(AUDIT_HEADER, rows[1], strict=True))
    # A line break, a comma and quotes stay inside one cell; plain numbers stay numbers.
    assert row["Reason"] == "line one\n行二, \"quoted\""
    assert row["Old value"] == "-42" and row["New value"] == "-4.5"
    ids = tmp_path / "ids.csv"
    with db.session() as s:
        export_audit_csv(s, actor=admin, out=ids, text="ids")
    row = dict(zip(AUDIT_HEADER, read_csv(ids)[1], strict=True))
    assert row["Old value"] == "'000123" and row["New value"] == "'914403001922038216"
    assert "\"line one\n行二, \"\"quoted\"\"\"" in out.read_bytes().decode("utf-8-sig")


def test_whole_trail_for_admin_and_case_events_for_others(
        db: Database, admin: Actor, world: dict[str, Any], tmp_path: Path) -> None:
    with db.session() as s:
        from approvals.store.audit import append_event
        append_event(s, actor=admin, action="settings.changed", entity="setting",
                     entity_id="x", new=1)
    everything, cases_only = tmp_path / "all.csv", tmp_path / "cases.csv"
    with db.session() as s:
        total = len(list(iter_events(s)))
        assert export_audit_csv(s, actor=admin, out=everything).rows == total
    reviewer = Actor("rita", ("reviewer",))
    with db.session() as s:
        export_audit_csv(s, actor=reviewer, out=cases_only)
    col = AUDIT_HEADER.index("Action")
    assert "settings.changed" in {r[col] for r in read_csv(everything)[1:]}
    kept = read_csv(cases_only)[1:]
    assert kept and all(r[AUDIT_HEADER.index("Case")] for r in kept)
    assert "settings.changed" not in {r[col] for r in kept}
    # Both references appear, each next to its own events.
    assert {r[AUDIT_HEADER.index("Case")] for r in kept} == {world["first"], world["second"]}


def test_filters_actions_text_and_ids(db: Database, admin: Actor, world: dict[str, Any],
                                      tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    with db.session() as s:
        assert export_audit_csv(s, actor=admin, out=out, case_reference=world["first"],
                                actions={"comment.added"}).rows == 2
        assert export_audit_csv(s, actor=admin, out=out, text="审查意见").rows == 1
        ids = [e["id"] for e in iter_events(s)][:3]
        assert export_audit_csv(s, actor=admin, out=out, event_ids=ids).rows == 3
    assert [int(r[0]) for r in read_csv(out)[1:]] == ids


def test_refused_export_writes_nothing(db: Database, world: dict[str, Any],
                                       tmp_path: Path) -> None:
    before = events_count(db)
    nobody = Actor("nobody", ())
    for export in (lambda s, out: export_audit_csv(s, actor=nobody, out=out),
                   lambda s, out: export_case_list_csv(s, actor=nobody, out=out)):
        with pytest.raises(PermissionDenied, match="may not export the audit trail"), \
                db.session() as s:
            export(s, tmp_path / "refused.csv")
    assert list(tmp_path.iterdir()) == [tmp_path / "data"]
    assert events_count(db) == before


def test_unknown_case_and_bad_file_write_nothing(db: Database, admin: Actor,
                                                 world: dict[str, Any], tmp_path: Path) -> None:
    before = events_count(db)
    with pytest.raises(NotFound), db.session() as s:
        export_audit_csv(s, actor=admin, out=tmp_path / "a.csv", case_reference="AP-1999-0001")
    with pytest.raises(InputError, match="does not exist"), db.session() as s:
        export_audit_csv(s, actor=admin, out=tmp_path / "missing" / "a.csv")
    with pytest.raises(InputError, match="is a folder"), db.session() as s:
        export_case_list_csv(s, actor=admin, out=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
    assert events_count(db) == before


def test_failure_mid_write_leaves_no_file(db: Database, admin: Actor, world: dict[str, Any],
                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0

    def failing(action: str) -> str:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError(28, "No space left on device")
        return action

    monkeypatch.setattr(exports, "action_label", failing)
    before = events_count(db)
    out = tmp_path / "trail.csv"
    with pytest.raises(InputError, match="cannot be written"), db.session() as s:
        export_audit_csv(s, actor=admin, out=out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # no file, no .part
    assert events_count(db) == before
    # An existing file is left as it was.
    out.write_text("the earlier export", encoding="utf-8")
    calls = 0
    with pytest.raises(InputError), db.session() as s:
        export_audit_csv(s, actor=admin, out=out)
    assert out.read_text(encoding="utf-8") == "the earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "trail.csv"]


def test_file_removed_when_the_unit_of_work_fails(db: Database, admin: Actor,
                                                  world: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "trail.csv"
    with pytest.raises(RuntimeError), db.session() as s:
        export_audit_csv(s, actor=admin, out=out)
        assert not out.exists()  # written beside it, put in place by the commit
        raise RuntimeError("the commit never happens")
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # no part file left


def test_large_trail_is_streamed(db: Database, admin: Actor, world: dict[str, Any],
                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows reach the file as they are read: the writer is handed a generator."""
    seen: list[Any] = []
    write = exports._write_csv

    def spy(out: Path, header: Any, rows: Any) -> int:
        seen.append(rows)
        return write(out, header, rows)

    monkeypatch.setattr(exports, "_write_csv", spy)
    with db.session() as s:
        export_audit_csv(s, actor=admin, out=tmp_path / "t.csv")
    assert seen and not isinstance(seen[0], list | tuple)


# --- the case list ---------------------------------------------------------------------


def test_case_list_round_trips(db: Database, admin: Actor, world: dict[str, Any],
                               tmp_path: Path) -> None:
    out = tmp_path / "cases.csv"
    with db.session() as s:
        result = export_case_list_csv(s, actor=admin, out=out)
    with db.read_session() as s:
        expected = list_cases(s, include_drafts=False)
        last = list(iter_events(s))[-1]
    rows = read_csv(out)
    assert tuple(rows[0]) == CASE_HEADER
    assert result.rows == len(expected) == len(rows) - 1 == 2
    assert last["action"] == "cases.exported"
    assert json.loads(last["details"]) == {"file": "cases.csv", "rows": 2}
    by_ref = {r[0]: dict(zip(CASE_HEADER, r, strict=True)) for r in rows[1:]}
    for case in expected:
        row = by_ref[case.reference]
        assert row["Target (EN)"] == case.target and row["Investor"] == case.investor
        assert float(row["Amount"]) == case.amount_value  # a number a spreadsheet can sum
        assert row["Currency"] == case.amount_currency
        assert row["Regimes needing action"] == ", ".join(case.regimes)
        assert row["Owner"] == case.owner
        assert row["Next deadline"] == (case.next_deadline or "")  # a date, ISO
        assert row["Next deadline estimated"] == (
            ("yes" if case.next_deadline_estimated else "no") if case.next_deadline else "")
        assert row["Status"]
    assert by_ref[world["first"]]["Target (ZH)"] == facts()["target"]["name_zh"]
    assert "示例" in out.read_bytes().decode("utf-8-sig")


def test_an_intake_drafts_chinese_name_is_in_the_file_as_the_list_shows_it(
        db: Database, admin: Actor, tmp_path: Path) -> None:
    """A draft has no target party yet: its Target (ZH) cell was empty, though the case
    list showed the name and its filter found it."""
    from approvals.services.drafts import save_draft

    with db.session() as s:
        draft = save_draft(s, actor=admin, data={"target": {"name_zh": "半成品有限公司"}})
    out = tmp_path / "cases.csv"
    with db.session() as s:
        export_case_list_csv(s, actor=admin, out=out, include_drafts=True)
    rows = {r[0]: dict(zip(CASE_HEADER, r, strict=True)) for r in read_csv(out)[1:]}
    assert rows[draft.reference]["Target (ZH)"] == "半成品有限公司"


def test_case_list_given_rows_and_text(db: Database, admin: Actor, world: dict[str, Any],
                                       tmp_path: Path) -> None:
    out = tmp_path / "cases.csv"
    with db.session() as s:
        shown = [r for r in list_cases(s) if r.reference == world["second"]]
        assert export_case_list_csv(s, actor=admin, out=out, rows=shown).rows == 1
    assert [r[0] for r in read_csv(out)[1:]] == [world["second"]]
    with db.session() as s:
        assert export_case_list_csv(s, actor=admin, out=out, text=world["first"]).rows == 1
    assert [r[0] for r in read_csv(out)[1:]] == [world["first"]]
    # Every cell of the file counts, the Chinese name included (as `audit export` does).
    name_zh = facts()["target"]["name_zh"]
    with db.session() as s:
        assert export_case_list_csv(s, actor=admin, out=out, text=name_zh).rows == 1
    assert [r[0] for r in read_csv(out)[1:]] == [world["first"]]


@pytest.mark.parametrize("kind", ["audit", "cases"])
def test_others_keep_saving_while_the_file_is_written(db: Database, admin: Actor,
                                                      world: dict[str, Any], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      kind: str) -> None:
    """The rows are read in a read transaction and the file written outside the write lock:
    a save by someone else while the CSV is being written goes through at once."""
    import sqlite3

    real_write = exports._write_csv
    saved: list[bool] = []

    def write_and_meanwhile_save(out: Path, header: Any, rows: Any) -> int:
        other = sqlite3.connect(db.data_dir.database, timeout=0.2)
        try:
            other.execute("BEGIN IMMEDIATE")  # fails with 'database is locked' if held
            other.execute("UPDATE cases SET owner = owner")
            other.commit()
            saved.append(True)
        finally:
            other.close()
        return real_write(out, header, rows)

    monkeypatch.setattr(exports, "_write_csv", write_and_meanwhile_save)
    out = tmp_path / "out.csv"
    with db.session() as s:
        if kind == "audit":
            result = export_audit_csv(s, actor=admin, out=out, case_reference=world["first"])
        else:
            result = export_case_list_csv(s, actor=admin, out=out)
    assert saved == [True] and result.rows > 0 and out.exists()
