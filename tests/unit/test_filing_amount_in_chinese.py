"""The Chinese application gives the investment amount in Chinese as well, as it gives
the turnover: "20,000,000美元" over "USD 20,000,000", not the currency code alone."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from approvals.filings.common import NOT_STATED, money_both


def amount(value: float, currency: str) -> SimpleNamespace:
    return SimpleNamespace(value=value, currency=currency)


def test_an_amount_reads_in_both_languages() -> None:
    assert money_both(amount(20_000_000, "USD")) == "20,000,000美元\nUSD 20,000,000"
    assert money_both(amount(5e8, "CNY")) == "人民币500,000,000元\nRMB 500,000,000"
    assert money_both(amount(float(Decimal("1250000.5")), "EUR")) == \
        "1,250,000.50欧元\nEUR 1,250,000.50"


def test_a_currency_without_a_chinese_name_keeps_its_code() -> None:
    assert money_both(amount(1_000, "KRW")) == "KRW 1,000"
    assert money_both(None) == NOT_STATED


def test_the_application_prints_it(tmp_path) -> None:
    from approvals.filings import compose
    from approvals.paths import DataDir
    from approvals.services.filings import load_filing_data
    from approvals.store.audit import Actor
    from approvals.store.migrate import open_database
    from tests.filings_seed import load

    db = open_database(DataDir(tmp_path / "data").ensure())
    admin = Actor("alice", ("preparer", "reviewer", "approver", "admin"))
    with db.session() as session:
        refs = load(session, admin, only=("DEMO-02",))
    with db.read_session() as session:
        data = load_filing_data(session, refs["DEMO-02"])
    document, _missing = compose(data, "cn-application", final=False,
                                 now="2026-11-30T00:00:00Z")
    values = [row.value for block in document.blocks for row in getattr(block, "rows", ())
              if getattr(row, "label_zh", None) == "投资金额"]
    db.dispose()
    assert values == ["20,000,000美元\nUSD 20,000,000"]
