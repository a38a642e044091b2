"""The filings name the facts a draft lacks (domain.field_labels), not only their paths:
the missing-information box on page 1 (Chinese and English on the Chinese application,
English on the US notification), the determinations' "Missing:" lines, and the CLI's list
of missing fields after the path it has always printed."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from approvals.domain.facts import parse_facts
from approvals.filings.common import missing_names, needed_text
from approvals.paths import DataDir
from approvals.services.cases import create_case
from approvals.services.filings import render_filing
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.migrate import open_database
from tests.cli.helpers import run_many
from tests.conftest import EXAMPLES_DIR

ADMIN = Actor("alice", ("preparer", "reviewer", "approver", "admin"))
COMPUTE = "target.ai.max_training_compute_ops"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pages(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _box(page: str) -> str:
    """Page 1's missing-information box, squashed (it ends where the body begins)."""
    text = _squash(page)
    start = text.index("MISSINGINFORMATION")
    end = min(i for i in (text.find("Notificationofatransaction"), text.find("内部案件编号"))
              if i > start)
    return text[start:end]


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, str, Path]]:
    """The frontier-lab example without its training compute, USCC, commercial rationale
    and whether control is acquired, screened as the app screens it."""
    root = tmp_path_factory.mktemp("field-names") / "data"
    db = open_database(DataDir(root).ensure())
    data = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
    del data["target"]["ai"]["max_training_compute_ops"]
    for section, key in (("target", "uscc"), ("deal", "commercial_rationale"),
                         ("deal", "acquires_control")):
        data[section].pop(key, None)
    with db.session() as session:
        reference = create_case(session, facts=parse_facts(data), actor=ADMIN).reference
    yield db, reference, root
    db.dispose()


def _draft(db: Database, reference: str, kind: str) -> bytes:
    with db.read_session() as session:
        rendered = render_filing(session=session, reference=reference, kind=kind, actor=ADMIN)
    assert not rendered.final
    return rendered.pdf


def test_the_us_notification_box_names_the_fact_the_screening_needs(case) -> None:
    db, reference, _ = case
    pages = _pages(_draft(db, reference, "us-notification"))
    box = _box(pages[0])
    # Its name and who needs it, then the path (to find it in a facts file).
    assert _squash("■ Largest training run (operations) (AI profile), needed by "
                   f"the US-OISP screening [{COMPUTE}]") in box
    assert "最大训练计算量" not in box  # the US notification is in English
    # The form's own required field, as before.
    assert _squash("■ Commercial rationale [deal.commercial_rationale]") in box
    # The determination's own note names the fact too, its path in brackets.
    assert _squash("Facts still missing for this determination: Largest training run "
                   f"(operations) (AI profile) [{COMPUTE}].") in _squash("".join(pages))


def test_the_chinese_application_box_names_it_in_both_languages(case) -> None:
    db, reference, _ = case
    pages = _pages(_draft(db, reference, "cn-application"))
    box = _box(pages[0])
    # A fact the form requires too, by the form's name (filingwords23): one name either way.
    assert _squash("■ 是否取得实际控制权，外商投资安全审查筛查所需 / "
                   "Whether actual control is acquired, needed by the CN-FISR screening "
                   "[deal.acquires_control]") in box
    assert _squash("■ 统一社会信用代码 / Unified Social Credit Code [target.uscc]") in box
    assert _squash("■ 投资目的 / Purpose of the investment [deal.commercial_rationale]") in box
    # Not the bare path alone: every screening line says what the field is.
    assert not re.search(r"■deal\.acquires_control(■|$)", box)


def test_the_determinations_name_the_missing_facts(case) -> None:
    db, reference, _ = case
    cn = _squash("".join(_pages(_draft(db, reference, "cn-application"))))
    assert _squash("缺少的事实 Missing: • 是否取得实际控制权（交易） Acquires control (Deal) "
                   "[deal.acquires_control]") in cn
    report = _squash("".join(_pages(_draft(db, reference, "status-report"))))
    # A page may end between the name and its path (the footer, the next page's header
    # and the table's column titles then come between them).
    assert re.search(re.escape(_squash("Missing: • Largest training run (operations) (AI profile)"))
                     + r".{0,700}?" + re.escape(f"[{COMPUTE}]"), report)
    assert _squash("Missing: • Acquires control (Deal) [deal.acquires_control]") in report


def test_a_fact_several_screenings_need_is_one_line_naming_them_all() -> None:
    assert needed_text("target.uscc", ["CN-FISR"]) == \
        "Unified Social Credit Code (Target company), needed by the CN-FISR screening"
    assert needed_text("target.uscc", ["CN-FISR", "CN-SAMR"]) == \
        "Unified Social Credit Code (Target company), needed by the CN-FISR and CN-SAMR screenings"
    assert needed_text("target.uscc", ["CN-FISR", "CN-SAMR", "CN-DATA-EXPORT"], "zh") == \
        "统一社会信用代码（目标公司），外商投资安全审查、经营者集中申报、数据出境筛查所需"
    # A path without a name still says what needs it.
    assert needed_text("deal.x", ["US-OISP"]) == "deal.x, needed by the US-OISP screening"
    assert missing_names(["target.uscc", "deal.x"]) == "Unified Social Credit Code (Target company) [target.uscc]; deal.x"


def test_the_cli_prints_each_path_then_its_name(case, tmp_path: Path) -> None:
    db, reference, root = case
    db.dispose()  # the command's process opens the database itself
    # Forked by run_many (tests/cli/helpers.py); tests/cli renders in processes of their own.
    [result] = run_many(("filing", "render", reference, "--kind", "us-notification", "--out",
                         tmp_path / "u.pdf", "--data-dir", root))
    assert result.code == 0, result.stderr
    lines = result.stderr.splitlines()
    # The path first on its line, as scripts read it; then the name page 1 gives it.
    assert (f"  {COMPUTE} — Largest training run (operations) (AI profile), needed by the "
            "US-OISP screening") in lines
    assert "  deal.commercial_rationale — Commercial rationale" in lines
    assert "  particulars.representative.name — Filer's representative: name" in lines
    paths = [line.split()[0] for line in lines[1:]]
    assert COMPUTE in paths and "documents.org_chart" in paths
