"""The missing-information box names a fact one way, whether a screening lacks it or the
form requires it: whether technology is transferred or licensed read "Whether technology is
transferred or licensed" where only the form lacked it and "Transfers or licenses technology
(Technology transfer and data export), needed by the CN-TECH-EXPORT screening" where a
screening did."""

from __future__ import annotations

from dataclasses import replace

from approvals.filings.common import forms, missing_fields
from approvals.filings.data import Determination, FilingData
from tests.unit.test_filing_content_version import synthetic_case

PATH = "deal.technology_transfer.transfers"


def _without_transfers(*, screening_lacks_it: bool) -> FilingData:
    data = synthetic_case()
    tt = data.facts.deal.technology_transfer
    assert tt is not None
    deal = data.facts.deal.model_copy(
        update={"technology_transfer": tt.model_copy(update={"transfers": None})})
    data = replace(data, facts=data.facts.model_copy(update={"deal": deal}))
    if screening_lacks_it:
        assert data.screening is not None
        lacking = Determination("CN-TECH-EXPORT", "needs_info", "final", (), (PATH,))
        data = replace(data, screening=replace(
            data.screening, determinations=(*data.screening.determinations, lacking)))
    return data


def test_the_fact_has_the_forms_name_in_either_case() -> None:
    [name_en, name_zh] = next(rest[:2] for path, *rest in forms()["cn-application"]["required"]
                              if path == PATH)
    by_form = dict(missing_fields("cn-application", _without_transfers(screening_lacks_it=False)))
    by_screening = dict(missing_fields("cn-application",
                                       _without_transfers(screening_lacks_it=True)))
    assert by_form[PATH] == f"{name_zh} / {name_en}"
    assert by_screening[PATH] == (f"{name_zh}，技术出口管理筛查所需 / "
                                  f"{name_en}, needed by the CN-TECH-EXPORT screening")
