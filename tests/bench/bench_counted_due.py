"""Figures for due dates counted in days: what entering a holiday schedule costs when many
conditions and renewal follow-ups are counted on that calendar (each is recounted, and a
changed one is written with an audit event), and what listing a track's conditions costs.

Run: python tests/bench/bench_counted_due.py [N]   (not collected by pytest)
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from approvals.paths import DataDir
from approvals.services.workflow import add_calendar_year, list_obligations
from approvals.store.audit import Actor
from approvals.store.migrate import open_database
from approvals.store.models import Case, FilingTrack, Obligation

OFFICER = Actor("olga", ("approver",))
NOTE = " (due date estimated: no official CN holiday schedule is held for 2027)"


def main(n: int = 5000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(DataDir(Path(tmp)).ensure())
        with db.session() as s:
            case = Case(reference="AP-2026-0001", facts="{}")
            s.add(case)
            s.flush()
            track = FilingTrack(case_id=case.id or 0, regime="CN-FISR", kind="CN-FISR")
            s.add(track)
            s.flush()
            start = date(2026, 12, 1)
            for i in range(n):  # half conditions after a decision, half renewal windows
                back = i % 2 == 1
                from_ = start + timedelta(days=i % 30) if not back else date(2027, 12, 1)
                s.add(Obligation(track_id=track.id or 0, text=f"Condition {i}{NOTE}",
                                 due_date="2027-01-20", due_days=60 if back else 20,
                                 due_unit="working", due_from=from_.isoformat(),
                                 due_calendar="CN", due_back=back,
                                 text_template=f"Condition {i}" + ("{note}" if back
                                                                   else "{due_note}")))
        t = time.perf_counter()
        with db.session() as s:
            add_calendar_year(session=s, actor=OFFICER, calendar="CN", year=2027,
                              source="notice", days=[{"day": "2027-01-04", "kind": "holiday"}])
        entered = time.perf_counter() - t
        t = time.perf_counter()
        with db.read_session() as s:
            listed = list_obligations(session=s, track_id=track.id or 0)
        shown = time.perf_counter() - t
        assert not any("estimated" in o.text for o in listed)
        print(f"{n:,} counted obligations: entering the 2027 schedule (recount, write, audit "
              f"each) {entered:.2f} s ({entered / n * 1000:.2f} ms each); listing them "
              f"recounted {shown:.2f} s ({shown / n * 1000:.3f} ms each)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
