"""The Investor page called the investor "the US investor" while asking, on the same page,
whether it is a US person (the demo's Singapore sovereign fund is not). The page's line
presumes no answer."""

from __future__ import annotations

from approvals.ui.wizard import IntakeWizard


def test_the_investor_page_presumes_no_us_person(wizard: IntakeWizard) -> None:
    page = wizard.page(wizard.page_ids["investorPage"])
    assert "US" not in page.subTitle()
    assert page.subTitle() == "The investor acquiring the interest, and its group."
