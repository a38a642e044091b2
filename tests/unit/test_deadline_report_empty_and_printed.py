"""The deadlines report with nothing in it, and a printed report in the trail.

- A CSV with no rows says why in its one line (no open deadline, or a filter that kept
  none), with the date and what was included; the export counts 0 rows.
- The PDF of an installation without open tracks says so, not "No row of the 0 matches".
- A printed report is recorded as its own action (`deadlines.printed`) with the details a
  saved one has (format "print"), naming the printer or the file the print dialog wrote;
  the trail says each in a sentence.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from approvals.domain.errors import PermissionDenied
from approvals.filings.deadline_report import DeadlineReport, document
from approvals.services.deadline_report import (
    ALL_OPEN,
    CSV_HEADER,
    export_deadlines_csv,
    record_deadlines_printed,
    render_deadlines_pdf,
)
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Event
from tests.conftest import FolderTemplates, load_demo_from_template

TODAY = date(2026, 12, 28)


def _events(db: Database) -> list[tuple[str, str, dict]]:
    with db.read_session() as s:
        rows = s.exec(select(Event.action, Event.entity_id, Event.details)
                      .order_by(Event.id)).all()  # type: ignore[arg-type]
    return [(action, entity_id, json.loads(details or "{}"))
            for action, entity_id, details in rows]


def _lines(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_an_empty_installations_csv_says_there_is_no_open_deadline(
        db: Database, admin: Actor, tmp_path: Path) -> None:
    out = tmp_path / "deadlines.csv"
    with db.session() as s:
        result = export_deadlines_csv(s, actor=admin, out=out, today=TODAY)
    assert result.rows == 0
    (line,) = _lines(out)
    assert line["Section"] == "No open deadlines are listed."
    assert (line["As of"], line["Included"]) == ("2026-12-28", ALL_OPEN)
    assert all(line[column] == "" for column in CSV_HEADER[1:-2])
    action, entity_id, details = _events(db)[-1]
    assert (action, entity_id, details["rows"]) == ("deadlines.exported", "deadlines.csv", 0)


def test_a_filter_that_kept_nothing_is_said_in_the_csv(
        folder_templates: FolderTemplates, db: Database, admin: Actor,
        tmp_path: Path) -> None:
    load_demo_from_template(folder_templates, db, admin)
    out = tmp_path / "nothing.csv"
    with db.session() as s:
        result = export_deadlines_csv(s, actor=admin, out=out, today=TODAY, keys=[],
                                      filter_text="zzz")
    assert result.rows == 0
    (line,) = _lines(out)
    assert line["Section"].startswith("No row of the ")
    assert line["Section"].endswith(" matches the filter.")
    assert line["Included"].startswith("Only the rows matching the filter “zzz” (0 of ")


def test_the_pdf_of_an_installation_without_deadlines_says_so(db: Database,
                                                              admin: Actor) -> None:
    # Filtered, but nothing was there to filter: not "No row of the 0 matches".
    empty = DeadlineReport(TODAY, "2026-12-28T09:00:00Z", "Only the rows matching the filter "
                           "“x” (0 of 0 rows)", [], 0)
    texts = [getattr(block, "en", "") for block in document(empty).blocks]
    assert "No open deadlines are listed." in texts
    assert not any("matches the filter" in t for t in texts)


def test_a_print_is_recorded_with_its_printer_pages_and_scope(
        folder_templates: FolderTemplates, db: Database, admin: Actor) -> None:
    load_demo_from_template(folder_templates, db, admin)
    with db.read_session() as s:
        rendered = render_deadlines_pdf(s, actor=admin, today=TODAY)
    assert _events(db)[-1][0] != "deadlines.printed"  # rendering alone is a read
    with db.session() as s:
        record_deadlines_printed(s, actor=admin, rendered=rendered, pages=rendered.pages,
                                 printer="Legal floor 3")
    action, entity_id, details = _events(db)[-1]
    assert (action, entity_id) == ("deadlines.printed", "Legal floor 3")
    assert details == {"printer": "Legal floor 3", "rows": rendered.rows, "format": "print",
                       "as_of": "2026-12-28", "included": ALL_OPEN, "pages": rendered.pages}


def test_a_print_to_a_file_names_the_file(folder_templates: FolderTemplates, db: Database,
                                          admin: Actor, tmp_path: Path) -> None:
    load_demo_from_template(folder_templates, db, admin)
    with db.read_session() as s:
        rendered = render_deadlines_pdf(s, actor=admin, today=TODAY)
    with db.session() as s:
        record_deadlines_printed(s, actor=admin, rendered=rendered, pages=3,
                                 out=tmp_path / "printed.pdf")
    action, entity_id, details = _events(db)[-1]
    assert (action, entity_id, details["file"], details["format"], details["pages"]) == (
        "deadlines.printed", "printed.pdf", "printed.pdf", "print", 3)


def test_recording_a_print_needs_the_export_permission(
        folder_templates: FolderTemplates, db: Database, admin: Actor) -> None:
    load_demo_from_template(folder_templates, db, admin)
    with db.read_session() as s:
        rendered = render_deadlines_pdf(s, actor=admin, today=TODAY)
    before = _events(db)
    with pytest.raises(PermissionDenied), db.session() as s:
        record_deadlines_printed(s, actor=Actor("nobody", ()), rendered=rendered, pages=1,
                                 printer="Legal floor 3")
    assert _events(db) == before


def test_the_trail_says_each_report_and_list_export_in_a_sentence() -> None:
    """Saved, printed-to-file and printed reports and a saved case list read as what
    happened, with the file or printer, rows, pages, date and scope (was 'deadlines
    exported' with nothing else)."""
    from approvals.domain.event_text import EventFacts, event_sentence

    scope = {"rows": 12, "as_of": "2026-12-28", "included": ALL_OPEN}
    saved = EventFacts("deadlines.exported", "due.pdf",
                       details={"file": "due.pdf", "format": "pdf", "pages": 2, **scope})
    assert event_sentence(saved) == (
        f"deadlines report (PDF) saved as due.pdf, 12 rows, 2 pages, as of 2026-12-28 "
        f"({ALL_OPEN})")
    on_paper = EventFacts("deadlines.printed", "Legal floor 3",
                          details={"printer": "Legal floor 3", "format": "print",
                                   "pages": 1, **scope})
    assert event_sentence(on_paper) == (
        f"deadlines report printed on Legal floor 3, 12 rows, 1 page, as of 2026-12-28 "
        f"({ALL_OPEN})")
    to_file = EventFacts("deadlines.printed", "p.pdf",
                         details={"file": "p.pdf", "format": "print", **scope})
    assert event_sentence(to_file).startswith("deadlines report printed to p.pdf, 12 rows")
    listed = EventFacts("cases.exported", "cases.csv",
                        details={"file": "cases.csv", "rows": 1, "selected": True,
                                 "text": "shenzhen"})
    assert event_sentence(listed) == (
        "case list saved as cases.csv, 1 case (the rows the filtered list showed), "
        "filter 'shenzhen'")
