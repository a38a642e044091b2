"""`approvals demo`, `case import`, `case list` through the real entry point."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

from tests.cli.helpers import Result, run_cli, run_many
from tests.conftest import EXAMPLES_DIR


def _case_count(data_dir: Path) -> int:
    conn = sqlite3.connect(data_dir / "approvals.db")
    try:
        return conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    finally:
        conn.close()


def test_demo_is_idempotent_and_listed(demo_template: tuple[Path, Result],
                                      demo_data: Path) -> None:
    """The session's demo folder was loaded by `approvals demo` (tests/cli/conftest.py);
    run again on a copy of it, it adds nothing."""
    data, first = demo_data, demo_template[1]
    loaded = int(first.stdout.split()[1])
    assert first.stdout == f"Loaded {loaded} demo cases (0 already present).\n"
    again, listed, text = run_many(("demo", "--data-dir", data),
                                   ("case", "list", "--json", "--data-dir", data),
                                   ("case", "list", "--data-dir", data))
    assert (again.code, again.stderr) == (0, "")
    assert again.stdout == f"Loaded 0 demo cases ({loaded} already present).\n"
    assert listed.code == 0, listed.stderr
    cases = listed.json()["cases"]
    assert len(cases) == loaded >= 12
    # Exactly the keys of spec/cli.md, in its order; a date or null for the deadline.
    for case in cases:
        assert list(case) == ["reference", "target", "investor", "status", "next_deadline"]
        assert all(isinstance(case[k], str) and case[k] for k in list(case)[:4]), case
        assert case["next_deadline"] is None or date.fromisoformat(case["next_deadline"])
    assert cases[0]["reference"].startswith("AP-")
    # The plain list marks a deadline that has passed (the JSON keeps the bare date).
    lines = {line.split()[0]: line for line in text.stdout.splitlines()[1:]}
    for case in cases:
        overdue = bool(case["next_deadline"]) and case["next_deadline"] < date.today().isoformat()
        assert ("(overdue)" in lines[case["reference"]]) == overdue, lines[case["reference"]]
    assert any(c["next_deadline"] for c in cases)
    for sub in ("documents", "backups", "logs"):
        assert (data / sub).is_dir()


def test_import_prints_reference(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result, plain, listed = run_many(  # in turn, in one process (tests/cli/helpers.py)
        ("case", "import", EXAMPLES_DIR / "frontier-lab.json", "--json", "--data-dir", data),
        ("case", "import", EXAMPLES_DIR / "vision-startup.json", "--data-dir", data),
        ("case", "list", "--data-dir", data))
    assert result.code == 0, result.stderr
    assert list(result.json()) == ["reference"]  # `{"reference": "AP-2026-0013"}`
    reference = result.json()["reference"]
    assert reference.startswith("AP-") and reference.endswith("-0001")
    assert plain.stdout.strip().endswith("-0002")
    assert "Example Frontier Intelligence" in listed.stdout
    # A name longer than its column is marked as cut, not shown as if it were the name.
    assert "Example Robotics Vision Technology Co.,… " in listed.stdout


def test_data_dir_from_environment(tmp_path: Path) -> None:
    data = tmp_path / "env-data"
    result = run_cli("case", "import", EXAMPLES_DIR / "consumer-app.json",
                     env={"APPROVALS_DATA_DIR": str(data)})
    assert result.code == 0, result.stderr
    assert _case_count(data) == 1


def test_bad_facts_exit_2_with_one_message_per_problem(tmp_path: Path) -> None:
    data = tmp_path / "data"
    facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text())
    facts["target"]["uscc"] = "91110000600037341X"
    facts["deal"]["board_seats"] = "three"
    facts["investor"]["colour"] = "blue"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(facts))
    # In turn, in one process (tests/cli/helpers.py): `case import`'s real process is
    # test_data_dir_from_environment's.
    imported, result = run_many(
        ("case", "import", EXAMPLES_DIR / "frontier-lab.json", "--data-dir", data),
        ("case", "import", bad, "--data-dir", data))
    assert imported.code == 0
    assert result.code == 2
    lines = result.stderr.strip().splitlines()
    assert "target.uscc: check character is 'X', expected 'L'" in lines
    assert any(line.startswith("deal.board_seats:") for line in lines)
    assert "investor.colour: unknown field" in lines
    assert len(lines) == 3
    assert "Traceback" not in result.stderr
    assert _case_count(data) == 1  # nothing written


def test_not_json_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"schema_version": 1,\n "target": }')
    result, missing = run_many(("case", "import", bad, "--data-dir", tmp_path / "data"),
                               ("case", "import", tmp_path / "nope.json", "--data-dir", tmp_path / "data"))
    assert result.code == 2
    assert f"{bad}:2:" in result.stderr and "not valid JSON" in result.stderr
    assert missing.code == 2 and "file not found" in missing.stderr


def test_usage_error_exit_2(tmp_path: Path) -> None:
    result = run_cli("case", "frobnicate", data_dir=tmp_path / "data")
    assert result.code == 2
    assert "Traceback" not in result.stderr


def test_bad_facts_into_a_new_data_folder_create_nothing(tmp_path: Path) -> None:
    facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text())
    facts["deal"]["instrument"] = "loan"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(facts))
    data = tmp_path / "data"
    [result] = run_many(("case", "import", bad, "--data-dir", data))
    assert result.code == 2
    assert result.stderr.startswith("deal.instrument:")
    assert not data.exists()  # nothing written: not even an empty database


def test_list_on_a_missing_data_folder_creates_nothing(tmp_path: Path) -> None:
    data = tmp_path / "never"
    plain, as_json = run_many(("case", "list", "--data-dir", data),
                              ("case", "list", "--json", "--data-dir", data))
    assert plain.code == 0, plain.stderr
    assert "No cases yet" in plain.stdout
    assert as_json.code == 0, as_json.stderr
    assert as_json.json() == {"cases": []}
    assert not data.exists()


def test_a_data_folder_that_is_a_file_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("")
    # Forked (run_many): `approvals demo`'s real process loads tests/cli/conftest.py's demo.
    [result] = run_many(("demo", "--data-dir", tmp_path / "data"))
    assert result.code == 2
    assert result.stderr.strip() == f"{tmp_path / 'data'}: is a file, not a folder; choose another data folder"
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_a_byte_order_mark_is_accepted_and_unreadable_files_are_named(tmp_path: Path) -> None:
    # Windows editors save UTF-8 with a byte-order mark; the file is still good JSON.
    with_bom = tmp_path / "bom.json"
    with_bom.write_bytes(b"\xef\xbb\xbf" + (EXAMPLES_DIR / "frontier-lab.json").read_bytes())
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"schema_version": 1, "x": "caf\xe9"}')
    data = ("--data-dir", tmp_path / "data")
    bom, refused, folder = run_many(("case", "import", with_bom, *data),
                                    ("case", "import", latin, *data),
                                    ("case", "import", tmp_path, *data))
    assert bom.code == 0, bom
    assert refused.code == 2
    assert refused.stderr.strip() == f"{latin}: is not UTF-8 text (byte 32 cannot be decoded); save it as UTF-8 JSON"
    assert folder.code == 2 and folder.stderr.strip() == f"{tmp_path}: is a folder, not a JSON file"


def test_the_plain_list_says_the_status_in_words_and_the_json_keeps_the_code(
        demo_data: Path) -> None:
    """`--json` is a machine contract (spec/cli.md): its status stays the state code; the
    table a person reads says it as the app does, what blocks completion included."""
    from approvals.domain.workflow import STATE_ORDER

    listed, text = run_many(("case", "list", "--json", "--data-dir", demo_data),
                            ("case", "list", "--data-dir", demo_data))
    cases = listed.json()["cases"]
    assert {c["status"] for c in cases} <= set(STATE_ORDER) | {"open", "completed", "closed"}
    header, *rows = text.stdout.splitlines()
    status_at = header.index("Status")
    said = {line.split()[0]: line[status_at:].split("  ")[0] for line in rows}
    for case in cases:
        words = said[case["reference"]]
        assert words.startswith(case["status"].replace("_", " ").capitalize()), words
        assert "_" not in words  # "Internal review", never "internal_review"
    # The demo's deals that Treasury prohibits cannot be completed: the list says so in
    # full (the status is not cut), while the JSON still says "draft".
    blocked = [c for c in cases if said[c["reference"]].endswith("(blocked: prohibited by "
                                                                  "screening)")]
    # AP-2026-0007's negative-list prohibition opens no track: its case is "open".
    assert {c["reference"]: c["status"] for c in blocked if c["status"] != "draft"} == {
        "AP-2026-0007": "open"}
    assert len(blocked) > 1
