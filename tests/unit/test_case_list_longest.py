"""The texts measured to fit a column (ui.case_list.longest_texts, the case list's and the
dashboard's): all of a few, the longest of many, each once."""

from __future__ import annotations

from approvals.ui.case_list import MEASURED, longest_texts, prepare_rows
from tests.ui.test_case_list_columns import case_row


def test_a_few_texts_are_all_measured_once() -> None:
    assert sorted(longest_texts(["b", "a", "b"])) == ["a", "b"]


def test_of_many_the_longest_are_picked_each_once() -> None:
    texts = [f"name {n}" for n in range(5 * MEASURED)] + ["a much longer name"] * 3
    picked = longest_texts(texts, len)
    assert picked[0] == "a much longer name" and picked.count("a much longer name") == 1
    assert len(picked) <= MEASURED
    # By UTF-8 length, a Chinese name of 12 characters outweighs a Latin one of 18.
    assert longest_texts([*texts, "西安盾剑防务智能有限公司"])[0] == "西安盾剑防务智能有限公司"


def test_prepared_rows_carry_the_long_columns_texts() -> None:
    rows = [case_row(1, "Short Ltd."), case_row(2, "A Rather Longer Company Name Ltd.")]
    prepared = prepare_rows(rows)
    assert "A Rather Longer Company Name Ltd." in prepared.longest[1]
    # Target, Investor, Amount, Regimes, Next deadline, Target (Chinese): Amount and Next
    # deadline are measured too (as wide as their amounts and dates), here with nothing
    # to measure, as no case has an amount or a deadline.
    assert set(prepared.longest) == {1, 2, 3, 4, 6, 7}
    assert prepared.longest[3] == [] and prepared.longest[6] == []
