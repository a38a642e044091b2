"""The plain-text tables of the command line (`case list`, `user list`) line up in a
terminal when a name is in Chinese: each Chinese character takes two columns."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from tests.cli.helpers import run_many
from tests.conftest import EXAMPLES_DIR

PW = "correct horse battery staple"


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _column_starts(line: str, cells: list[str]) -> list[int]:
    """Where each cell starts on the line, in terminal columns."""
    starts, at = [], 0
    for cell in cells:
        index = line.index(cell, at)
        starts.append(_columns(line[:index]))
        at = index + len(cell)
    return starts


def test_chinese_names_keep_the_columns_in_line_and_are_cut_by_columns(tmp_path: Path) -> None:
    facts = json.loads((EXAMPLES_DIR / "consumer-app.json").read_text(encoding="utf-8"))
    short, long_name = "深圳智远科技有限公司", "北京" + "超长名称人工智能科技" * 3 + "有限公司"
    files = []
    for number, target in enumerate((short, long_name)):
        facts["target"]["name_en"] = target
        facts["reference"] = f"EX-{number}"
        files.append(tmp_path / f"facts-{number}.json")
        files[-1].write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    data = tmp_path / "data"
    *imports, added, cases, users = run_many(
        *(("case", "import", path, "--data-dir", data) for path in files),
        (("user", "add", "wang", "--role", "approver", "--display-name", "王芳",
          "--password-stdin", "--data-dir", data), PW + "\n"),
        ("case", "list", "--data-dir", data),
        ("user", "list", "--data-dir", data),
    )
    assert [r.code for r in (*imports, added, cases, users)] == [0] * 5, cases.stderr

    header, first, second = cases.stdout.splitlines()
    titles = ["Reference", "Target", "Investor", "Status", "Next deadline"]
    investor = "Example Growth Partners LLC"
    assert _column_starts(first, [short, investor]) == _column_starts(header, titles[1:3])
    # 40 columns at most: 19 Chinese characters (38 columns) and the mark of the cut.
    cut = long_name[:19] + "…"
    assert cut in second and long_name[:20] not in second
    assert _column_starts(second, [cut, investor]) == _column_starts(header, titles[1:3])

    header, *rows = users.stdout.splitlines()
    (wang,) = [row for row in rows if row.startswith("wang ")]
    assert _column_starts(wang, ["王芳", "approver"]) == _column_starts(header, ["Name", "Roles"])
