"""The case list's Next deadline at 125–200 % on a 1366×768 laptop (demo data, scaling
simulated as in test_caselist23_scaling): an estimated date reads whole with its mark. At
175 % and 200 % it read "2027-04-1…" (the "(est.)" and the date's last digit cut) while
Target kept 125 pixels; "(est.)" whole up to 175 %, "≈2027-04-14" at 200 % with every
column shown, where there is no room for more without a key column leaving sight."""

from __future__ import annotations

import pytest

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui.case_list import DEADLINE_COLUMN, short_deadline
from tests.ui.test_caselist23_scaling import opened_size, window_at
from tests.ui.test_deadlinecol23_estimated import shown_text
from tests.ui.test_ui_polish_columns import in_sight

ESTIMATED = "2027-04-14 (estimated)"


@pytest.mark.parametrize("scale, shown", [(1.25, "2027-04-14 (est.)"),
                                          (1.5, "2027-04-14 (est.)"),
                                          (1.75, "2027-04-14 (est.)"),
                                          (2.0, "≈2027-04-14")])
def test_an_estimated_deadline_reads_whole_at_each_scale(
    qtbot, demo: Database, data_dir: DataDir, admin: Actor, scale: float, shown: str
) -> None:
    window = window_at(qtbot, demo, data_dir, admin, opened_size(scale))
    assert shown_text(window, DEADLINE_COLUMN, ESTIMATED) == shown
    assert in_sight(window, DEADLINE_COLUMN)


def test_short_deadline_says_est_then_marks_the_date() -> None:
    widths = {"2027-04-14 (estimated)": 200, "2027-04-14 (est.)": 130, "≈2027-04-14": 90}

    def room(width: int):
        return lambda text: widths.get(text, 0) <= width

    assert short_deadline(ESTIMATED, room(200)) == ESTIMATED
    assert short_deadline(ESTIMATED, room(150)) == "2027-04-14 (est.)"
    assert short_deadline(ESTIMATED, room(100)) == "≈2027-04-14"
    assert short_deadline("2027-04-14", room(10)) == "2027-04-14"  # not an estimate
