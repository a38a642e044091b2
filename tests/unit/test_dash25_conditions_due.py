"""The status report's Conditions table (and its Filing tracks table) reads well with an estimated due date: the date
whole on its line, the note "(estimated: holiday schedule not yet official)" under it in
two lines (beside it in a column of a fifth of the page it took four, the date broken off),
and who set a condition's status and when each on a line of their own (the time was
broken between date and hour)."""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.pagesizes import A4

from approvals.filings.common import conditions_table, tracks_table
from approvals.filings.data import Condition
from approvals.filings.fonts import LATIN, break_lines, register_fonts
from approvals.filings.layout import CELL_PAD, MARGIN_X
from tests.unit.test_filing_content_version import NOW, synthetic_case

CELL_SIZE = 8.5  # the table cells' type (layout's "cell" style)
ESTIMATED = " (due date estimated: no official CN holiday schedule is held for 2027)"


def _lines(text: str, fraction: float) -> list[str]:
    """A cell's lines as the layout breaks them, in a column `fraction` of an A4 frame."""
    register_fonts()
    inner = (A4[0] - 2 * MARGIN_X) * fraction - 2 * CELL_PAD
    return [line for part in text.split("\n") for line in break_lines(part, inner, LATIN,
                                                                      CELL_SIZE)]


def test_an_estimated_due_date_is_whole_with_its_note_under_it() -> None:
    conditions = (Condition(1, "Keep the design data in China" + ESTIMATED, "2027-04-14", "open"),
                  Condition(2, "Report the board change", "2027-05-01", "fulfilled",
                            set_by="li.wei", set_role="preparer", set_at="2026-11-20T10:00:00Z"))
    track = replace(synthetic_case().tracks[1], conditions=conditions)
    table = conditions_table(track, as_of=NOW)
    due = table.rows[0][1]
    lines = _lines(due, table.widths[1])
    assert lines[0] == "2027-04-14"
    assert " ".join(lines[1:]) == "(estimated: holiday schedule not yet official)"
    assert len(lines) == 3
    # Who and when, each whole on its line.
    status = _lines(table.rows[1][2], table.widths[2])
    assert status[1] == "by li.wei [preparer]"
    assert status[2].startswith("at 2026-11-20") and status[2].endswith(" UTC")
    assert abs(sum(table.widths) - 1) < 1e-9


def test_without_an_estimated_date_the_wording_has_the_room() -> None:
    track = synthetic_case().tracks[1]
    assert not any(c.estimated for c in track.conditions)
    narrow = conditions_table(track, as_of=NOW).widths
    estimated = replace(track, conditions=(Condition(1, "Keep it" + ESTIMATED, "2027-04-14",
                                                     "open"),))
    wide = conditions_table(estimated, as_of=NOW).widths
    assert narrow[1] < wide[1] and narrow[0] > wide[0]
    assert _lines("2027-04-14", narrow[1]) == ["2027-04-14"]


def test_the_tracks_table_puts_an_estimated_dates_note_under_it() -> None:
    tracks = tuple(replace(t, due_date="2028-12-25", due_estimated=True)
                   for t in synthetic_case().tracks)
    table = tracks_table(tracks, bilingual=False)
    assert _lines(table.rows[0][3], table.widths[3]) == [
        "2028-12-25", "(estimated: holiday schedule", "not yet official)"]
    # The longest regime code still on one line.
    assert _lines("CN-TECH-EXPORT-REGISTRATION", table.widths[0]) == [
        "CN-TECH-EXPORT-REGISTRATION"]
    assert abs(sum(table.widths) - 1) < 1e-9
    # Without an estimate, the columns as they were; bilingual, the note beside the date
    # in each language.
    assert tracks_table(synthetic_case().tracks, bilingual=False).widths == (
        0.32, 0.19, 0.29, 0.2)
    assert tracks_table(tracks, bilingual=True).rows[0][3].endswith(
        "2028-12-25 (estimated: holiday schedule not yet official)")
