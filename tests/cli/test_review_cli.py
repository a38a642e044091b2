"""Offline review through the real entry point: two data folders, keys exchanged, a pack
out and a response back; a refused pack exits 1 with its reason; backup and restore."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sqlite3
import zipfile
from pathlib import Path

from sqlmodel import select

from approvals.domain.facts import parse_facts
from approvals.paths import DataDir
from approvals.services import review
from approvals.services.case_edit import update_case_facts
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.migrate import open_database
from approvals.store.models import Case
from tests.cli.helpers import Result, run_cli, run_many
from tests.conftest import EXAMPLES_DIR, new_database
from tests.review_support import open_review_pair, proposal_response

ACTOR = Actor("setup", ("preparer", "reviewer", "approver", "admin"))


def _ok(result) -> str:
    assert result.code == 0, result.stderr
    return result.stdout


def _in_fork(*args: str | Path, data_dir: Path) -> Result:
    """One command in a process forked for it (helpers.run_many): these tests are about the
    commands' work between two folders, not about a fresh interpreter's start."""
    [result] = run_many((*args, "--data-dir", data_dir))
    return result


def _rows(data: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(data / "approvals.db")
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_review_round_trip_between_two_data_folders(tmp_path: Path) -> None:
    a, b = tmp_path / "A", tmp_path / "B"
    ref = _setup_in_process(a, "consumer-app.json")
    # Keys are exchanged out of band; B checks A's fingerprint as it trusts it.
    _ok(_in_fork("key", "export", "--out", tmp_path / "a.pub", "--label", "Desk", data_dir=a))
    a_key = (tmp_path / "a.pub").read_text().split()[1]
    a_fp = " ".join(hashlib.sha256(base64.b64decode(a_key)).hexdigest()[i:i + 4]
                    for i in range(0, 64, 4))  # typed in as read out over the phone
    _ok(_in_fork("key", "trust", tmp_path / "a.pub", "--fingerprint", a_fp, data_dir=b))
    (tmp_path / "b.pub").write_text(review.installation_identity(DataDir(b)).public_key_text)
    a_db = open_database(DataDir(a))
    try:
        with a_db.session() as s:
            review.trust_key(s, key_text=(tmp_path / "b.pub").read_text(), label="Laptop",
                             actor=ACTOR)
    finally:
        a_db.dispose()

    pack = tmp_path / "review.zip"
    exported = _in_fork("review", "export", ref, "--out", pack, "--json", data_dir=a)
    pack_id = exported.json()["pack_id"]
    assert exported.json()["cases"] == [ref]

    # The reviewer's side: `review import` of a review pack opens it for review. (The
    # steps share one process: tests/cli/helpers.py, run_many.)
    short = pack_id[:8]
    response = tmp_path / "response.zip"
    opened, *steps = run_many(
        ("review", "import", pack, "--data-dir", b),
        ("review", "comment", short, ref, "--field", "deal.amount.value",
         "--text", "Confirm against the SPA", "--data-dir", b),
        ("review", "propose", short, ref, "deal.board_seats", "3", "--data-dir", b),
        ("review", "propose", short, ref, "deal.board_seats", "three", "--data-dir", b),
        ("review", "recommend", short, ref, "return", "--reasons", "Board seats wrong",
         "--data-dir", b),
        ("review", "respond", short, "--out", response, "--data-dir", b),
        ("review", "import", pack, "--data-dir", b),
        ("review", "show", short, "--json", "--data-dir", b),
    )
    assert _ok(opened) == f"Review pack {pack_id} from Desk is open for review: {ref}\n"
    # Importing it again says so, as `review open` does, and keeps the reviewer's input.
    shown = steps.pop()
    again = steps.pop()
    assert _ok(again) == f"Review pack {pack_id} from Desk was already open: {ref}\n"
    (case,) = shown.json()["cases"]
    assert [(p["field"], p["proposed_value"]) for p in case["proposals"]] == [("deal.board_seats", 3)]
    not_json = steps.pop(2)  # refused naming the field it was meant for
    assert not_json.code == 2
    assert not_json.stderr.startswith("deal.board_seats: the value 'three' is not valid JSON")
    for step in steps:
        _ok(step)

    # Meanwhile, on A, the preparer edits nothing; the response comes back.
    imported, diff = run_many(("review", "import", response, "--json", "--data-dir", a),
                              ("review", "proposals", ref, "--json", "--data-dir", a))
    imported = imported.json()
    assert imported["kind"] == "response" and imported["in_reply_to"] == pack_id
    assert (imported["comments_added"], imported["proposals_added"]) == (1, 1)
    assert imported["recommendations"] == [{"reference": ref, "recommendation": "return",
                                            "reasons": "Board seats wrong"}]
    assert _rows(a, "SELECT count(*) FROM comments") == [(1,)]

    diff = diff.json()
    (proposal,) = diff["proposals"]
    assert proposal["field"] == "deal.board_seats" and proposal["proposed_value"] == 3
    assert not proposal["conflict"]
    _ok(_in_fork("review", "decide", str(proposal["id"]), "accept", data_dir=a))
    facts = json.loads(_rows(a, "SELECT facts FROM cases")[0][0])
    assert facts["deal"]["board_seats"] == 3
    (reason,) = _rows(a, "SELECT reason FROM events WHERE action = 'field.changed'")
    assert "Laptop" in reason[0]
    (details,) = _rows(a, "SELECT details FROM events WHERE action = 'review.proposal_accepted'")
    assert "Laptop" in details[0]


def _setup_in_process(data: Path, example: str) -> str:
    """Prepare a data folder through the services (fast); the CLI is what is under test."""
    db = open_database(DataDir(data))
    try:
        with db.session() as s:
            facts = json.loads((EXAMPLES_DIR / example).read_text(encoding="utf-8"))
            return import_case(s, data=facts, actor=ACTOR).reference
    finally:
        db.dispose()


def test_refused_packs_exit_1_with_the_reason_and_bad_input_exits_2(tmp_path: Path) -> None:
    a, b = tmp_path / "A", tmp_path / "B"
    ref = _setup_in_process(a, "vision-startup.json")
    pack = tmp_path / "review.zip"
    _ok(run_many(("review", "export", ref, "--out", pack, "--data-dir", a))[0])

    b_db = open_database(DataDir(b))
    nowhere = tmp_path / "mistyped"
    untrusted, no_database = run_many(("review", "import", pack, "--data-dir", b),
                                      ("review", "import", pack, "--data-dir", nowhere))
    assert untrusted.code == 1 and "not trusted here" in untrusted.stderr
    assert "Traceback" not in untrusted.stderr
    # A folder without a database trusts nobody: refused the same way, and not created.
    assert no_database.code == 1 and "holds no database" in no_database.stderr
    assert "Nothing was changed" in no_database.stderr and not nowhere.exists()

    try:
        with b_db.session() as s:
            review.trust_key(s, key_text=review.installation_identity(DataDir(a)).public_key_text,
                             label="A", actor=ACTOR)
    finally:
        b_db.dispose()
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(pack) as zin, zipfile.ZipFile(tampered, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith("case.json"):
                data = data.replace(b'"open"', b'"OPEN"')
            # Rewritten in the app's own zip form, so the hash check is what refuses it.
            target = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            target.compress_type, target.external_attr = info.compress_type, info.external_attr
            with zout.open(target, "w", force_zip64=info.extract_version >= 45) as fh:
                fh.write(data)
    # One byte of a local header (the first member's date), which zipfile never reads.
    raw = bytearray(pack.read_bytes())
    raw[12] ^= 0x01
    restructured = tmp_path / "restructured.zip"
    restructured.write_bytes(bytes(raw))
    before = _rows(b, "SELECT count(*) FROM events")
    refused, restructured_refused, unknown = run_many(
        ("review", "import", tampered, "--data-dir", b),
        ("review", "import", restructured, "--data-dir", b),
        ("review", "export", "AP-1999-0001", "--out", tmp_path / "x.zip", "--data-dir", a),
    )
    assert refused.code == 1 and "case.json does not match its SHA-256" in refused.stderr
    refused = restructured_refused
    assert refused.code == 1, refused.stderr
    assert "it was altered after it was written (its zip structure is not as this app " \
           "writes it)" in refused.stderr and "≠" not in refused.stderr
    logged = "".join(f.read_text(encoding="utf-8") for f in DataDir(b).logs.glob("*.log*"))
    assert "local header date 0x20 ≠ central directory 0x21" in logged
    assert "Nothing was changed" in refused.stderr and "Traceback" not in refused.stderr
    assert _rows(b, "SELECT count(*) FROM events") == before
    assert not (b / "reviews").exists() or not any((b / "reviews").iterdir())

    assert unknown.code == 2 and "AP-1999-0001" in unknown.stderr


def test_backup_and_restore_commands(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = _setup_in_process(data, "consumer-app.json")
    file = tmp_path / "backup.zip"
    _ok(_in_fork("backup", "--out", file, data_dir=data))
    _setup_in_process(data, "vision-startup.json")
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(file.read_bytes()[:-30])
    # The refusal in one forked process; the restore below is the real process's.
    [refused] = run_many(("restore", damaged, "--data-dir", data))
    assert refused.code == 1 and "damaged or truncated" in refused.stderr
    assert len(_rows(data, "SELECT id FROM cases")) == 2
    restored = run_cli("restore", file, "--json", data_dir=data).json()
    assert Path(restored["replaced"]).parent == data / "backups"
    assert _rows(data, "SELECT reference FROM cases") == [(first,)]


def test_a_conflict_shows_both_values_on_the_command_line(tmp_path: Path) -> None:
    """The case is edited on A while the pack is out: `review import` names the field and
    `review proposals` shows the exported, the current and the proposed value."""
    a_dir = DataDir(tmp_path / "A").ensure()
    a_db = new_database(a_dir)
    try:
        pair = open_review_pair(tmp_path, a_dir, a_db)
        response = proposal_response(pair, tmp_path / "response.zip", value=4)
        with a_db.session() as s:
            case = s.exec(select(Case).where(Case.reference == pair.reference)).one()
            facts = json.loads(case.facts)
            exported_seats = facts["deal"]["board_seats"]
            facts["deal"]["board_seats"] = 7
            update_case_facts(session=s, case_id=case.id, expected_version=case.version,
                              new_facts=parse_facts(facts), actor=ACTOR)
    finally:
        a_db.dispose()
    imported, shown = map(_ok, run_many(
        ("review", "import", response, "--data-dir", tmp_path / "A"),
        ("review", "proposals", pair.reference, "--data-dir", tmp_path / "A")))
    assert f"{pair.reference}: deal.board_seats changed here since export" in imported
    assert f"deal.board_seats [pending] by rita (Reviewer laptop): {exported_seats} -> 4" in shown
    assert "CONFLICT: changed here since export, now 7" in shown
    facts = json.loads(_rows(tmp_path / "A", "SELECT facts FROM cases")[0][0])
    assert facts["deal"]["board_seats"] == 7  # nothing overwritten silently

    # Accepting over the change is refused with the option that does it named. (In one
    # process: `review decide` has its real process in the round trip above.)
    [listed] = run_many(("review", "proposals", pair.reference, "--json",
                         "--data-dir", tmp_path / "A"))
    proposal_id = str(listed.json()["proposals"][0]["id"])
    refused, accepted = run_many(
        ("review", "decide", proposal_id, "accept", "--data-dir", tmp_path / "A"),
        ("review", "decide", proposal_id, "accept", "--override-conflict",
         "--data-dir", tmp_path / "A"))
    assert refused.code == 2, refused
    assert "it is now 7; reviewer rita (Reviewer laptop) proposes 4" in refused.stderr
    assert "run the command again with --override-conflict" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert accepted.code == 0, accepted
    facts = json.loads(_rows(tmp_path / "A", "SELECT facts FROM cases")[0][0])
    assert facts["deal"]["board_seats"] == 4


def test_a_folder_given_as_the_pack_or_the_backup_is_bad_input(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _setup_in_process(data, "vision-startup.json")
    folder = tmp_path / "not-a-file"
    folder.mkdir()
    # One process for both (tests/cli/helpers.py): their real processes are tested above.
    imported, restored = run_many(("review", "import", folder, "--data-dir", data),
                                  ("restore", folder, "--data-dir", data))
    assert imported.code == 2 and "is a folder; give the pack file" in imported.stderr
    assert restored.code == 2 and "is a folder; give the backup file" in restored.stderr
    assert not (data / "backups").exists() or not any((data / "backups").iterdir())


def _demo_reference(data: Path, demo_ref: str) -> str:
    (ref,) = _rows(data, "SELECT reference FROM cases WHERE "
                         f"json_extract(facts, '$.reference') = '{demo_ref}'")[0]
    return ref


def test_a_pack_of_demo_draft_cases_carries_their_draft_filings(tmp_path: Path,
                                                                demo_data: Path) -> None:
    """DEMO-08 (Chinese and US tracks, all in draft) gets a draft of each filing that
    applies; DEMO-09 has its US notification's final stored, so only the status report is
    drafted. The reviewer's `review show` lists them with the verified file to open."""
    from pypdf import PdfReader

    a, b = demo_data, tmp_path / "B"  # A: a copy of the folder `approvals demo` loaded
    drafted, finalised = _demo_reference(a, "DEMO-08"), _demo_reference(a, "DEMO-09")
    pack = tmp_path / "review.zip"
    key_out, trusted, exported, plain = run_many(
        ("key", "export", "--out", tmp_path / "a.pub", "--data-dir", a),
        ("key", "trust", tmp_path / "a.pub", "--label", "Desk", "--data-dir", b),
        ("review", "export", drafted, finalised, "--out", pack, "--json", "--data-dir", a),
        # Without drafts, as before.
        ("review", "export", drafted, "--out", tmp_path / "plain.zip", "--no-drafts", "--json",
         "--data-dir", a),
    )
    for result in (key_out, trusted, plain):
        _ok(result)
    assert plain.json()["draft_renderings"] == 0
    exported = exported.json()
    assert exported["draft_renderings"] == 4
    assert exported["size"] == pack.stat().st_size  # the README promises the exact bytes
    with zipfile.ZipFile(pack) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        listed = {m["path"]: m["sha256"] for m in manifest["members"]}
        for ref, kinds in ((drafted, ["cn-application", "us-notification", "status-report"]),
                           (finalised, ["status-report"])):
            drafts = json.loads(zf.read(f"cases/{ref}/drafts.json"))
            assert [d["kind"] for d in drafts] == kinds
            for d in drafts:
                pdf = zf.read(d["member"])
                assert listed[d["member"]] == hashlib.sha256(pdf).hexdigest() == d["sha256"]
                text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
                assert ref in text and "DRAFT" in text, (ref, d["kind"])
        stored = json.loads(zf.read(f"cases/{finalised}/documents.json"))
        assert [d["doc_type"] for d in stored if d["is_rendering"]] == ["us-notification"]

    pack_id = manifest["pack_id"]
    opened, shown, view = run_many(("review", "import", pack, "--data-dir", b),
                                   ("review", "show", pack_id[:8], "--data-dir", b),
                                   ("review", "show", pack_id[:8], "--json", "--data-dir", b))
    assert pack_id in _ok(opened)
    shown = _ok(shown)
    # The stored final is named for what it is, not by the internal "rendering".
    assert f"{finalised}-us-notification.pdf (final filing)" in shown
    assert "(rendering)" not in shown
    lines = [line for line in shown.splitlines() if "draft filing (rendered at export)" in line]
    assert [line.split(": ", 1)[1].split(",")[0] for line in lines] == [
        "cn-application", "us-notification", "status-report", "status-report"]
    view = view.json()
    by_ref = {c["reference"]: c for c in view["cases"]}
    notification = by_ref[drafted]["draft_renderings"][1]
    assert notification["kind"] == "us-notification"
    assert notification["path"] in shown
    pdf = Path(notification["path"]).read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == notification["sha256"]
    assert drafted in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
