"""Speed and memory with a large, years-old installation.

Run: python tests/bench/bench_scale.py [--cases 100000] [--events 1000000] [--documents 20000]
         [--users 50] [--root /tmp/approvals-scale] [--reuse] [--only OP,OP] [--profile OP]
         [--repeat N] [--baseline OLD_CHECKOUT OLD_ROOT]

Builds (into --root, never the repository) a data folder such as a compliance office has
after years of use: the demo's cases copied to --cases cases (tracks, parties, screenings,
obligations, filing particulars), an audit trail of about --events events whose hash chain
and signed anchor are valid (the cases' own events as the services record them, field
changes, comments, every user's sign-ins), --documents small stored files with their
`document.attached` events, and --users user accounts. Rows go in with bulk inserts; the
chain is computed with the store's own hashing (domain.audit.event_hash), so `approvals
audit verify` passes on it.

Then it measures each operation in a fresh process (time, and the process's peak resident
memory, with what it held before the operation started): start-up (what run_gui does
before the sign-in dialog: finish an interrupted restore, open the database with its cheap
checks, sweep leftovers), also with the database file out of the disk cache, the
whole-file integrity check that then runs in the background (cold), the daily automatic
backup (a worker thread), sign-in, the case list, opening the biggest case and an old case
with three tracks, the deadlines dashboard, re-screening every open case, and the commands
`audit verify`, `audit export`, `case export`, `backup`, `review export` (50 cases) and
`case list --json`. `--reuse` measures an installation built earlier in --root;
`--profile OP` prints the top of cProfile's report for that operation; `--repeat N` shows
the fastest of N runs (the machine is shared); `--baseline` measures an earlier checkout
(`git archive COMMIT | tar -x -C DIR`) in turn, on its own copy of the installation (an
older version cannot open a database a newer one has migrated).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
# --code DIR (given to a measuring child): that checkout's approvals instead of this one.
CODE = Path(sys.argv[sys.argv.index("--code") + 1]) if "--code" in sys.argv else REPO
sys.path.insert(0, str(CODE))

from approvals.domain.audit import GENESIS, event_hash  # noqa: E402
from approvals.paths import DataDir  # noqa: E402

PASSWORD = "bench-password-2026"
FIRST_PASSWORD = "bench-first-password-2026"  # set by `user add`, changed at once
OFFICER = "bench.officer"
BIGGEST = 1  # the case with the most history (events, documents, comments)
BIGGEST_EVENTS = 5_000
BIGGEST_DOCUMENTS = 500
CITIES = ["Beijing", "Shanghai", "Shenzhen", "Hangzhou", "Chengdu", "Wuhan", "Nanjing", "Suzhou"]
WORDS = ["Frontier", "Vision", "Deep", "Quantum", "Cloud", "Speech", "Robotics", "Data",
         "Model", "Chip", "Semantic", "Neural"]
FUNDS = ["Redwood", "Summit", "Harbor", "Granite", "Evergreen", "Lakeshore", "Pacific", "Liberty"]
FIELDS = ["deal.amount.value", "deal.board_seats", "target.name_en", "deal.expected_completion_date",
          "investor.name", "target.employees", "deal.acquires_control"]


def _rows(con: sqlite3.Connection, sql: str, *args: Any) -> list[dict[str, Any]]:
    cur = con.execute(sql, args)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _insert(con: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    names = list(rows[0])
    con.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES "
                    f"({', '.join('?' * len(names))})", [tuple(r[n] for n in names) for r in rows])


class Chain:
    """Appends events with consecutive ids, each hashed over the one before (as
    store.audit.append_event does), written in batches."""

    def __init__(self, con: sqlite3.Connection, start: datetime, step: timedelta):
        self.con, self.id, self.prev = con, 0, GENESIS
        self.moment, self.step = start, step
        self.batch: list[tuple[Any, ...]] = []

    def add(self, *, actor: str, role: str, action: str, entity: str, entity_id: str = "",
            case_id: int | None = None, track_id: int | None = None, field: str | None = None,
            old_value: str | None = None, new_value: str | None = None, reason: str = "",
            details: str = "{}") -> None:
        self.id += 1
        self.moment += self.step
        event = {"id": self.id, "occurred_at": self.moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "actor": actor, "role": role, "action": action, "entity": entity,
                 "entity_id": entity_id, "case_id": case_id, "track_id": track_id,
                 "field": field, "old_value": old_value, "new_value": new_value,
                 "reason": reason, "details": details}
        digest = event_hash(self.prev, event)
        self.batch.append((*event.values(), self.prev, digest))
        self.prev = digest
        if len(self.batch) >= 50_000:
            self.flush()

    def flush(self) -> None:
        self.con.executemany(
            "INSERT INTO events (id, occurred_at, actor, role, action, entity, entity_id, "
            "case_id, track_id, field, old_value, new_value, reason, details, prev_hash, hash) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", self.batch)
        self.batch.clear()


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)  # as store.audit stores


def _cli(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "approvals", *args, "--data-dir", str(root)],
                          input=stdin, capture_output=True, text=True, cwd=REPO)
    if done.returncode != 0:
        raise SystemExit(f"approvals {' '.join(args)} failed:\n{done.stderr}")
    return done


def build(root: Path, *, cases: int, events: int, documents: int, users: int, seed: int) -> None:
    """A data folder in root/data (see the module's docstring)."""
    from approvals.store.migrate import open_database

    rng = random.Random(seed)
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)  # `approvals demo` makes its data folder, not the one above it
    template = root / "template"
    _cli(template, "demo")
    data_dir = DataDir(root / "data").ensure()
    open_database(data_dir).dispose()
    # The officer through the real service (a real password hash); the others share it.
    _cli(data_dir.root, "user", "add", OFFICER, "--role", "preparer", "--role", "reviewer",
         "--role", "approver", "--role", "admin", "--password-stdin", stdin=FIRST_PASSWORD + "\n")
    # A password set when the account was made is changed at the first sign-in.
    from approvals.services.auth import sign_in

    first = _db(data_dir)
    with first.session() as session:
        changed = sign_in(session, username=OFFICER, password=FIRST_PASSWORD,
                          new_password=PASSWORD)
    first.dispose()
    assert changed.actor is not None, changed.message

    src = sqlite3.connect(template / "approvals.db")
    con = sqlite3.connect(data_dir.database)
    con.execute("PRAGMA synchronous=OFF")
    officer = _rows(con, "SELECT * FROM users")[0]
    kept_events = _rows(con, "SELECT * FROM events ORDER BY id")  # the user's creation
    con.execute("DELETE FROM events")
    names = [f"officer.{n:03d}" for n in range(1, users)]
    roles = ["preparer", "reviewer", "approver"]
    user_rows = []
    for n, name in enumerate(names, start=2):
        user_rows.append({**officer, "id": n, "username": name, "display_name": name.title(),
                          "roles": json.dumps([roles[n % 3], roles[(n + 1) % 3]])})
    _insert(con, "users", user_rows)
    everyone = [OFFICER, *names]

    # The demo's cases, by template, with the rows that hang off them.
    t_cases = _rows(src, "SELECT * FROM cases ORDER BY id")
    by_case: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for table in ("parties", "filing_tracks", "screenings"):
        by_case[table] = {}
        for r in _rows(src, f"SELECT * FROM {table} ORDER BY id"):
            by_case[table].setdefault(r["case_id"], []).append(r)
    t_obligations: dict[int, list[dict[str, Any]]] = {}
    for r in _rows(src, "SELECT * FROM obligations ORDER BY id"):
        t_obligations.setdefault(r["track_id"], []).append(r)
    t_events: dict[int, list[dict[str, Any]]] = {}
    for r in _rows(src, "SELECT * FROM events WHERE case_id IS NOT NULL ORDER BY id"):
        if r["entity"] != "document":  # the stored files are made below, with their events
            t_events.setdefault(r["case_id"], []).append(r)
    t_settings = {r["key"]: r["value"] for r in _rows(src, "SELECT * FROM settings")}
    src.close()

    base_events = sum(len(t_events.get(c["id"], [])) for c in t_cases) / len(t_cases)
    filler = max(0.0, (events - cases * base_events - documents - BIGGEST_EVENTS) / cases)
    start = datetime(2021, 1, 4, 8, 0, tzinfo=UTC)
    chain = Chain(con, start, (datetime(2026, 10, 30, tzinfo=UTC) - start) / max(events, 1))
    for e in kept_events:
        chain.add(**{k: e[k] for k in ("actor", "role", "action", "entity", "entity_id",
                                       "case_id", "track_id", "field", "old_value",
                                       "new_value", "reason", "details")})
    # Each other user's creation, as `user add` records it: audit verify compares every
    # user's roles with the trail, and names a user no event created.
    for row in user_rows:
        chain.add(actor=OFFICER, role="admin", action="user.created", entity="user",
                  entity_id=row["username"], case_id=None, track_id=None, field=None,
                  old_value=None, new_value=json.dumps(
                      {"username": row["username"], "display_name": row["display_name"],
                       "roles": json.loads(row["roles"]), "active": True}),
                  reason="")
    doc_every = max(1, (cases - 1) // max(1, documents - BIGGEST_DOCUMENTS))
    doc_id = track_id = obligation_id = 0
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in (
        "cases", "parties", "filing_tracks", "screenings", "obligations", "documents",
        "comments", "settings")}

    def flush() -> None:
        chain.flush()
        for table, rows in out.items():
            _insert(con, table, rows)
            rows.clear()

    def attach(case_id: int, who: str) -> None:
        nonlocal doc_id
        doc_id += 1
        body = (f"%PDF-1.4\n% bench document {doc_id} of case {case_id}\n".encode()
                + rng.randbytes(rng.randint(1_000, 6_000)))
        sha = hashlib.sha256(body).hexdigest()
        (data_dir.documents / f"{sha}.pdf").write_bytes(body)
        name, doc_type = f"document-{doc_id}.pdf", rng.choice(["org_chart", "filing-receipt",
                                                              "authority-decision", ""])
        out["documents"].append({
            "id": doc_id, "case_id": case_id, "track_id": None, "file_name": name,
            "sha256": sha, "size": len(body), "stored_path": f"{sha}.pdf", "doc_type": doc_type,
            "is_rendering": 0, "uploaded_by": who, "uploaded_at": chain.moment.strftime(
                "%Y-%m-%dT%H:%M:%SZ"), "restricted": 0, "allowed_users": "[]"})
        chain.add(actor=who, role="preparer", action="document.attached", entity="document",
                  entity_id=str(doc_id), case_id=case_id,
                  new_value=_dumps({"file_name": name, "sha256": sha, "size": len(body),
                                    "doc_type": doc_type, "restricted": False,
                                    "allowed_users": []}))

    def comment(case_id: int, who: str) -> None:
        uid = f"{case_id:08d}-{chain.id + 1:010d}"
        body = f"Checked the {rng.choice(FIELDS)} against the signed term sheet."
        out["comments"].append({"uid": uid, "case_id": case_id, "field_path": None,
                                "document_id": None, "author": who, "body": body,
                                "created_at": chain.moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                "origin": "local"})
        chain.add(actor=who, role="reviewer", action="comment.added", entity="comment",
                  entity_id=uid, case_id=case_id, new_value=_dumps({"body": body}))

    def change(case_id: int, reference: str, who: str, version: int) -> None:
        field = rng.choice(FIELDS)
        chain.add(actor=who, role="preparer", action="field.changed", entity="case",
                  entity_id=reference, case_id=case_id, field=field,
                  old_value=_dumps(rng.randint(0, 10**6)), new_value=_dumps(rng.randint(0, 10**6)),
                  reason="corrected from the signed agreement", details=_dumps({"version": version}))

    for i in range(1, cases + 1):
        t = t_cases[(i - 1) % len(t_cases)]
        year = 2021 + (i - 1) * 6 // cases
        reference = f"AP-{year}-{i:06d}"
        facts = json.loads(t["facts"])
        target = f"{rng.choice(CITIES)} {rng.choice(WORDS)} {rng.choice(WORDS)} Co., Ltd. {i}"
        investor = f"{rng.choice(FUNDS)} {rng.choice(['Ventures', 'Capital', 'Partners'])} {i}"
        facts["target"] = {**facts["target"], "name_en": target}
        facts["investor"] = {**facts["investor"], "name": investor}
        facts_json = _dumps(facts)
        owner = rng.choice(everyone)
        out["cases"].append({**t, "id": i, "reference": reference, "facts": facts_json,
                             "owner": owner, "target_name": target, "investor_name": investor})
        for p in by_case["parties"].get(t["id"], []):
            out["parties"].append({**p, "id": None, "case_id": i,
                                   "name_en": target if p["role"] == "target" else investor})
        tracks: dict[int, int] = {}
        for tr in by_case["filing_tracks"].get(t["id"], []):
            track_id += 1
            tracks[tr["id"]] = track_id
            out["filing_tracks"].append({**tr, "id": track_id, "case_id": i})
            for o in t_obligations.get(tr["id"], []):
                obligation_id += 1
                out["obligations"].append({**o, "id": obligation_id, "track_id": track_id})
        for s in by_case["screenings"].get(t["id"], []):
            out["screenings"].append({**s, "id": None, "case_id": i})
        key = f"filing.particulars.{t['reference']}"
        if key in t_settings:
            out["settings"].append({"key": f"filing.particulars.{reference}",
                                    "value": t_settings[key]})
        for e in t_events.get(t["id"], []):
            entity_id = e["entity_id"]
            if e["entity"] == "case":
                entity_id = reference
            elif e["entity"] == "track":
                entity_id = str(tracks.get(int(entity_id), entity_id))
            new_value = facts_json if e["action"] == "case.created" else e["new_value"]
            field = e["field"]
            if field and field.endswith(t["reference"]):
                field = field.replace(t["reference"], reference)
            chain.add(actor=owner if e["actor"].startswith("cli:") else e["actor"],
                      role=e["role"], action=e["action"], entity=e["entity"],
                      entity_id=entity_id, case_id=i,
                      track_id=tracks.get(e["track_id"]) if e["track_id"] else None,
                      field=field, old_value=e["old_value"], new_value=new_value,
                      reason=e["reason"], details=e["details"])
        extra = int(filler) + (rng.random() < filler - int(filler))
        for n in range(extra):
            kind = rng.random()
            who = rng.choice(everyone)
            if kind < 0.45:  # a working day starts and ends with a sign-in and -out
                chain.add(actor=who, role="", action="user.signed_in", entity="user",
                          entity_id=who, details=_dumps({"purpose": "sign-in"}))
            elif kind < 0.55:
                comment(i, who)
            else:
                change(i, reference, who, n + 2)
        if i == BIGGEST:
            for n in range(BIGGEST_EVENTS):
                who = rng.choice(everyone)
                if n % 10 == 0:
                    comment(i, who)
                else:
                    change(i, reference, who, n + 2)
            for _ in range(BIGGEST_DOCUMENTS):
                attach(i, owner)
        elif doc_id < documents and i % doc_every == 0:
            attach(i, owner)
        if len(out["cases"]) >= 5_000:
            flush()
    flush()
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    # The signed anchor on the new head, as the app's next write would leave it.
    db = open_database(data_dir)
    try:
        db.advance_anchor(reset=True)
    finally:
        db.dispose()
    shutil.rmtree(template, ignore_errors=True)


# ---------------------------------------------------------------------------------------
# The operations, each measured in a fresh process


def _db(data_dir: DataDir) -> Any:
    from approvals.store.migrate import open_database

    return open_database(data_dir)


def _officer() -> Any:
    from approvals.store.audit import Actor

    return Actor(OFFICER, ("preparer", "reviewer", "approver", "admin"))


def op_startup(data_dir: DataDir) -> Callable[[], Any]:
    """What run_gui does before the sign-in dialog shows (tests/bench/bench_start.py
    follows it on to the window and its case list)."""
    from approvals.services.backup import finish_interrupted_restore
    from approvals.store.files import sweep_leftovers
    from approvals.store.migrate import open_database

    with data_dir.database.open("rb") as fh:  # in the disk cache, as after a recent use
        while fh.read(1 << 24):
            pass

    def run() -> None:
        finish_interrupted_restore(data_dir)
        db = open_database(data_dir)
        sweep_leftovers((data_dir.root, data_dir.documents, data_dir.backups))
        db.dispose()
    return run


def op_startup_cold(data_dir: DataDir) -> Callable[[], Any]:
    """The same, with the database file dropped from the disk cache first (the first start
    after the computer starts): only this file's pages, through posix_fadvise."""
    run = op_startup(data_dir)
    _drop_from_cache(data_dir)
    return run


def _drop_from_cache(data_dir: DataDir) -> None:
    for path in (data_dir.database, Path(f"{data_dir.database}-wal")):
        if path.exists():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def op_background_check(data_dir: DataDir) -> Callable[[], Any]:
    """SQLite's quick_check of the whole file, cold: what the app runs on its background
    thread after the window shows (ui.integrity), and before a migration."""
    from approvals.store.migrate import integrity_problem

    def run() -> None:
        problem = integrity_problem(data_dir.database)
        if problem:
            raise SystemExit(f"the integrity check failed: {problem}")

    _drop_from_cache(data_dir)
    return run


def op_auto_backup(data_dir: DataDir) -> Callable[[], Any]:
    """The day's first automatic backup (a worker thread, after the window shows)."""
    from approvals.services.backup import auto_backup_if_due

    for old in data_dir.backups.glob("auto-*.zip"):
        old.unlink()
    db = _db(data_dir)
    return lambda: auto_backup_if_due(data_dir, db)


def op_sign_in(data_dir: DataDir) -> Callable[[], Any]:
    from approvals.services.auth import sign_in

    db = _db(data_dir)

    def run() -> None:
        with db.session() as session:
            assert sign_in(session, username=OFFICER, password=PASSWORD).actor is not None
    return run


def op_case_list(data_dir: DataDir) -> Callable[[], Any]:
    from approvals.ui.main_window import load_list

    db = _db(data_dir)

    def run() -> int:
        with db.read_session() as session:
            return len(load_list(session).prepared.rows)
    return run


def op_open_biggest_case(data_dir: DataDir) -> Callable[[], Any]:
    from approvals.ui.case_data import load_case_data

    db = _db(data_dir)
    with db.read_session() as session:
        reference = session.connection().exec_driver_sql(
            f"SELECT reference FROM cases WHERE id = {BIGGEST}").scalar()

    def run() -> int:
        with db.read_session() as session:
            data = load_case_data(session, actor=_officer(), reference=reference)
            return len(data.bundle.events)
    return run


def op_open_tracked_case(data_dir: DataDir) -> Callable[[], Any]:
    """A case from the first year with the most tracks: its tracks' histories and its
    filing particulars are looked up in the whole trail."""
    from approvals.ui.case_data import load_case_data

    db = _db(data_dir)
    with db.read_session() as session:
        reference = session.connection().exec_driver_sql(
            "SELECT c.reference FROM cases c JOIN filing_tracks t ON t.case_id = c.id "
            "WHERE c.id < 1000 AND c.status = 'open' GROUP BY c.id "
            "ORDER BY count(*) DESC, c.id LIMIT 1").scalar()

    def run() -> int:
        with db.read_session() as session:
            return len(load_case_data(session, actor=_officer(), reference=reference).tracks)
    return run


def op_dashboard(data_dir: DataDir) -> Callable[[], Any]:
    from approvals.ui.dashboard import load_dashboard

    db = _db(data_dir)

    def run() -> int:
        with db.read_session() as session:
            return len(load_dashboard(session).tracks)
    return run


def op_rescreen(data_dir: DataDir) -> Callable[[], Any]:
    from approvals.services.screening import rescreen_open_cases

    db = _db(data_dir)

    def run() -> int:
        with db.read_session() as session:
            return len(rescreen_open_cases(session=session))
    return run


def _command(*args: str) -> Callable[[DataDir], Callable[[], Any]]:
    def prepare(data_dir: DataDir) -> Callable[[], Any]:
        from approvals.cli import main as cli_main

        out = data_dir.root.parent / "out"
        out.mkdir(exist_ok=True)
        argv = [a.replace("{out}", str(out)) for a in args]
        if "{refs}" in argv:
            with sqlite3.connect(data_dir.database) as con:
                refs = [r[0] for r in con.execute(
                    "SELECT reference FROM cases WHERE status = 'open' ORDER BY id DESC LIMIT 50")]
            at = argv.index("{refs}")
            argv[at:at + 1] = refs
        for name in ("cases.csv", "audit.csv", "backup.zip", "review.zip"):
            (out / name).unlink(missing_ok=True)

        def run() -> int:
            sink = open(os.devnull, "w")  # noqa: SIM115 - the command's output is not measured
            stdout, sys.stdout = sys.stdout, sink
            try:
                code = cli_main([*argv, "--data-dir", str(data_dir.root)])
            finally:
                sys.stdout = stdout
                sink.close()
            if code != 0:
                raise SystemExit(f"{' '.join(argv)} exited {code}")
            return code
        return run
    return prepare


OPERATIONS: dict[str, Callable[[DataDir], Callable[[], Any]]] = {
    "start-up: open data folder": op_startup,
    "start-up, cold disk cache": op_startup_cold,
    "integrity check (background)": op_background_check,
    "automatic backup (worker)": op_auto_backup,
    "sign-in": op_sign_in,
    "case list (all cases)": op_case_list,
    "open the biggest case": op_open_biggest_case,
    "open an old case, 3 tracks": op_open_tracked_case,
    "deadlines dashboard": op_dashboard,
    "re-screen open cases": op_rescreen,
    "audit verify": _command("audit", "verify"),
    "audit export (CSV)": _command("audit", "export", "--out", "{out}/audit.csv"),
    "case export (CSV)": _command("case", "export", "--out", "{out}/cases.csv"),
    "backup": _command("backup", "--out", "{out}/backup.zip"),
    "review export, 50 cases": _command("review", "export", "{refs}", "--out",
                                        "{out}/review.zip"),
    "case list --json": _command("case", "list", "--json"),
}


def _rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory now (VmRSS) or at its peak (VmHWM). Not ru_maxrss:
    Linux carries the parent's peak over into a child across fork and exec."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def measure_here(name: str, root: Path, profile: bool) -> None:
    """In the child process: prepare, then time the operation alone; print JSON."""
    data_dir = DataDir(root / "data")
    run = OPERATIONS[name](data_dir)
    before = _rss_mb()
    t0 = time.perf_counter()
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(run)
        seconds = time.perf_counter() - t0
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(35)
    else:
        run()
        seconds = time.perf_counter() - t0
    peak = _rss_mb("VmHWM")
    print(json.dumps({"seconds": seconds, "before_mb": before, "peak_mb": peak}))


def measure(name: str, root: Path, profile: bool, code: Path = REPO) -> dict[str, float]:
    args = [sys.executable, __file__, "--root", str(root), "--child", name, "--code", str(code)]
    if profile:
        args.append("--profile-child")
    done = subprocess.run(args, capture_output=True, text=True, cwd=REPO)
    if profile or done.returncode != 0:
        sys.stderr.write(done.stderr)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _sizes(root: Path) -> Iterator[str]:
    data_dir = DataDir(root / "data")
    with sqlite3.connect(data_dir.database) as con:
        for table in ("cases", "filing_tracks", "events", "documents", "comments", "users"):
            yield f"{table} {con.execute(f'SELECT count(*) FROM {table}').fetchone()[0]:,}"
    yield f"database {data_dir.database.stat().st_size / 2**20:,.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Speed with a large installation")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--root", type=Path, default=Path("/tmp/approvals-scale"))
    parser.add_argument("--reuse", action="store_true", help="measure the folder built before")
    parser.add_argument("--only", help="comma-separated operation names (a prefix will do)")
    parser.add_argument("--profile", metavar="OP", help="cProfile this operation")
    parser.add_argument("--baseline", nargs=2, type=Path, metavar=("CODE", "ROOT"),
                        help="measure each operation first with the checkout CODE (an earlier "
                             "version, e.g. from `git archive`) on its own copy ROOT of the "
                             "installation, then with this one: the two side by side, under "
                             "the same load")
    parser.add_argument("--repeat", type=int, default=1,
                        help="measure each operation this many times and show the fastest")
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--profile-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        measure_here(args.child, args.root, args.profile_child)
        return 0
    if REPO in args.root.resolve().parents:
        parser.error("keep the data outside the repository (--root)")
    if not args.reuse:
        t0 = time.perf_counter()
        build(args.root, cases=args.cases, events=args.events, documents=args.documents,
              users=args.users, seed=args.seed)
        print(f"built in {time.perf_counter() - t0:.0f} s")
    print("installation: " + ", ".join(_sizes(args.root)))
    wanted = list(OPERATIONS)
    if args.profile:
        wanted = [n for n in OPERATIONS if n.startswith(args.profile)]
    elif args.only:
        prefixes = [p.strip() for p in args.only.split(",")]
        wanted = [n for n in OPERATIONS if any(n.startswith(p) for p in prefixes)]
    base = "" if args.baseline is None else f" {'baseline':>9} {'peak RSS':>10}"
    print(f"\n{'operation':<28}{base} {'time':>9} {'peak RSS':>10} {'held before':>12}")
    def best(runs: list[dict[str, float]]) -> dict[str, float]:
        return min(runs, key=lambda r: r["seconds"])  # the least disturbed by other work

    for name in wanted:
        line = f"{name:<28}"
        olds, news = [], []
        for _ in range(1 if args.profile else args.repeat):  # in turn: the same load
            if args.baseline is not None:
                olds.append(measure(name, args.baseline[1], False, args.baseline[0]))
            news.append(measure(name, args.root, bool(args.profile)))
        if olds:
            old = best(olds)
            line += f" {old['seconds']:>8.2f}s {old['peak_mb']:>8.0f}MB"
        r = best(news)
        print(f"{line} {r['seconds']:>8.2f}s {r['peak_mb']:>8.0f}MB {r['before_mb']:>10.0f}MB",
              flush=True)
    if hasattr(os, "getloadavg"):
        print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
