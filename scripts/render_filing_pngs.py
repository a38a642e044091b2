"""Render page 1 of each filing kind for a demo case to docs/screenshots/filing-<kind>.png.

Loads the demo cases into a temporary data folder, completes DEMO-02 (Shenzhen Jixie
Vision Robotics) as an officer would (screening, approved tracks, documents, filing
particulars), renders drafts and converts page 1 with pdftoppm (poppler-utils).

    python scripts/render_filing_pngs.py [--dpi 110] [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from approvals.filings import KINDS  # noqa: E402
from approvals.paths import DataDir  # noqa: E402
from approvals.services.filings import render_filing  # noqa: E402
from approvals.store.audit import Actor  # noqa: E402
from approvals.store.migrate import open_database  # noqa: E402
from tests.filings_seed import load, seed_case  # noqa: E402

ADMIN = Actor("demo", ("preparer", "reviewer", "approver", "admin"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=110)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--demo", default="DEMO-02", help="demo case (its facts' reference)")
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        print("pdftoppm (poppler-utils) is needed", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(DataDir(Path(tmp) / "data").ensure())
        with db.session() as session:
            refs = load(session, ADMIN)
        with db.session() as session:
            # CN-FISR stays in internal review, so the application shows the DRAFT mark.
            seed_case(session, ADMIN, args.demo, refs[args.demo],
                      approve=("CN-TECH-EXPORT", "CN-SAMR", "US-OISP"),
                      self_approve=("CN-SAMR",), complete=True)
        for kind in KINDS:
            with db.read_session() as session:
                rendered = render_filing(session=session, reference=refs[args.demo], kind=kind,
                                         actor=ADMIN)
            pdf = Path(tmp) / f"{kind}.pdf"
            pdf.write_bytes(rendered.pdf)
            stem = args.out / f"filing-{kind}"
            subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), "-f", "1", "-l", "1",
                            "-singlefile", str(pdf), str(stem)], check=True)
            print(f"{stem}.png  ({rendered.page_count} pages, fingerprint "
                  f"{rendered.fingerprint[:16]}…)")
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
