"""words24: "particulars" is the Filing particulars editor's word (who signs, whom the
authorities contact); the case's facts are not called that."""

from __future__ import annotations

from approvals.domain.field_labels import fact_label


def test_fact_groups_are_called_facts_not_particulars() -> None:
    assert fact_label("deal.data_export") == "Data export facts"
    assert fact_label("deal.technology_transfer") == "Technology transfer facts"
    assert fact_label("deal.data_export", "zh") == "数据出境情况"


def test_no_fact_label_says_particulars() -> None:
    from approvals.resources import label_data

    fields = label_data()["fields"]
    names = [pair[0] for section in fields["sections"] for pair in section["fields"].values()]
    names += [pair[0] for pair in fields["other"].values()]
    assert not [n for n in names if "particulars" in n.lower()]
