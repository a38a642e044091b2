"""What resolving the installation's rulebook costs on the screening hot path, and how long
signing and installing an update take.

Run: python tests/bench/bench_rulebook_updates.py [--calls 20000]

Times rulebook_for(data_dir) — the lookup every screening service call makes — with no
update installed (one failed stat) and with one installed (the record's stat, the cached
record, the rule folder's file stamps), next to one screen() of a case; then packing an
update (validation included) and installing it (verification, validation, audit event).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from approvals.domain.facts import parse_facts
from approvals.domain.screening import screen
from approvals.paths import DataDir
from approvals.services.rulebook import rulebook_for
from approvals.services.rulebook_updates import install_rulebook_update, pack_rulebook_update
from approvals.store.audit import Actor
from approvals.store.migrate import open_database

ROOT = Path(__file__).resolve().parents[2]
ADMIN = Actor("bench", ("admin",))


def per_call(fn, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=20_000)
    calls = parser.parse_args().calls
    facts = parse_facts(json.loads((ROOT.parent / "shared" / "spec" / "examples" /
                                    "frontier-lab.json").read_text(encoding="utf-8")))
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = DataDir(Path(tmp) / "data").ensure()
        db = open_database(data_dir)
        book = rulebook_for(data_dir)
        print(f"screen() of one case:                 {per_call(lambda: screen(facts, date.today(), rulebook=book), 2000):8.1f} µs")
        print(f"rulebook_for, shipped (none installed): {per_call(lambda: rulebook_for(data_dir), calls):8.1f} µs")
        source = Path(tmp) / "rules"
        shutil.copytree(ROOT / "resources" / "rulebook", source)
        manifest = json.loads((source / "rulebook.json").read_text(encoding="utf-8"))
        (source / "rulebook.json").write_text(json.dumps({**manifest, "version": "2099.1.1"}),
                                              encoding="utf-8")
        start = time.perf_counter()
        with db.session() as s:
            pack_rulebook_update(s, data_dir=data_dir, source=source, out=Path(tmp) / "u.zip",
                                 actor=ADMIN)
        print(f"pack (validate + sign):               {(time.perf_counter() - start) * 1000:8.1f} ms")
        start = time.perf_counter()
        with db.session() as s:
            install_rulebook_update(s, data_dir=data_dir, path=Path(tmp) / "u.zip", actor=ADMIN)
        print(f"install (verify + validate + audit):  {(time.perf_counter() - start) * 1000:8.1f} ms")
        rulebook_for(data_dir)
        print(f"rulebook_for, an update installed:    {per_call(lambda: rulebook_for(data_dir), calls):8.1f} µs")
        db.dispose()


if __name__ == "__main__":
    main()
