"""`approvals case import` of facts a case already holds: the case is made, as the contract
says, and stderr names the case that held them first (stdout stays the reference alone)."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import run_cli
from tests.conftest import EXAMPLES_DIR


def test_a_file_imported_again_is_a_case_and_a_warning_naming_the_first(
        consumer_app_data: tuple[Path, str]) -> None:
    data, first = consumer_app_data  # consumer-app.json imported once already
    again = run_cli("case", "import", EXAMPLES_DIR / "consumer-app.json", "--json",
                    data_dir=data)
    assert again.code == 0, again.stderr
    second = again.json()["reference"]
    assert second != first
    assert again.stderr.splitlines() == [
        f"warning: the same facts are already in {first} (open); {second} is another case "
        "of them (if that was not meant, close it in the app: Case → Close case…)"]
    other = run_cli("case", "import", EXAMPLES_DIR / "frontier-lab.json", data_dir=data)
    assert other.code == 0 and "same facts" not in other.stderr, other.stderr


def test_a_file_imported_many_times_names_the_first_five(tmp_path: Path) -> None:
    from tests.cli.helpers import run_many

    facts = EXAMPLES_DIR / "consumer-app.json"
    results = run_many(*[("case", "import", facts, "--data-dir", tmp_path / "d")] * 8)
    assert all(r.code == 0 for r in results)
    (line,) = results[-1].stderr.splitlines()
    refs = [r.stdout.strip() for r in results]
    shown = ", ".join(f"{ref} (open)" for ref in refs[:5])
    assert line.startswith(f"warning: the same facts are already in {shown} and 2 more; "
                           f"{refs[-1]} is another case of them"), line
