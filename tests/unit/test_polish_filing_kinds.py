"""One table of filing-kind names (domain.filing_kinds): what users see, pinned, and every
place that names a kind reads it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from approvals.domain import filing_kinds as fk
from approvals.resources import resource_path


def test_the_names_users_see() -> None:
    assert fk.kind_choices() == (
        ("cn-application", "Chinese application (bilingual)"),
        ("us-notification", "US notification (31 CFR 850)"),
        ("status-report", "Status report"),
    )
    assert fk.kind_titles() == {"cn-application": "Chinese application",
                                "us-notification": "US notification",
                                "status-report": "Status report"}
    assert [fk.kind_name(k) for k in fk.kind_titles()] == [
        "Chinese application", "US notification", "status report"]
    # An unknown code is said as it is, never dropped.
    assert fk.kind_name("annual-return") == "annual-return" and fk.kind_name(None) == "filing"
    assert fk.kind_title(None) == "Filing" and fk.kind_choice("x-y") == "x-y"


def test_every_kind_the_app_renders_has_a_name_and_a_printed_title() -> None:
    from approvals.filings import KINDS

    forms = {k: v for k, v in json.loads(
        resource_path("filings", "forms.json").read_text(encoding="utf-8")).items()
        if not k.startswith("_")}
    assert set(fk.kind_titles()) == set(KINDS) == set(forms)
    for code, form in forms.items():
        english, chinese = fk.printed_title(code)
        assert english == form["title"][0] and chinese == (form["title"][1] or "")
    assert fk.printed_title("cn-application")[1] == "外商投资审批申请书"


@pytest.fixture
def renamed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The table with other words: whoever reads it says them."""
    table = tuple(fk.KindName(k.code, f"{k.name} X", k.qualifier) for k in fk.KIND_NAMES)
    monkeypatch.setattr(fk, "KIND_NAMES", table)
    monkeypatch.setattr(fk, "_BY_CODE", {k.code: k for k in table})


def test_the_filing_check_service_reads_the_table(renamed: None) -> None:
    from approvals.services import filing_check

    assert filing_check.claim_line("status-report", "draft") == "Status report X (draft)."
    assert filing_check.kind_name("us-notification") == "US notification X"


def test_every_window_reads_the_table() -> None:
    """The windows' lists are the table's own (computed from it, not written out again)."""
    from approvals.ui import filing_preview, particulars

    assert fk.kind_choices() == filing_preview.FILING_KINDS
    assert fk.kind_titles() == particulars.KIND_NAMES
    assert particulars.kind_name is fk.kind_name
    # No window module keeps its own words for a kind (case_view.py is read separately).
    import approvals.services.filing_check as service_module
    import approvals.ui.filing_check as check_module

    for module in (filing_preview, particulars, check_module, service_module):
        source = Path(str(module.__file__)).read_text(encoding="utf-8")
        for words in ('"Chinese application', '"US notification', '"US outbound',
                      'status report"', '"Case status report'):
            assert words not in source, f"{module.__name__} names a kind itself: {words}"
