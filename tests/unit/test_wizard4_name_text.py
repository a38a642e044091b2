"""typed_input.name_text: a name pasted from a web page or a PDF, on one line and without
invisible characters, otherwise exactly as written (full-width brackets stay)."""

from __future__ import annotations

import pytest

from approvals.domain.typed_input import name_text


@pytest.mark.parametrize(("pasted", "filed"), [
    ("北京灵犀\n智算科技有限公司", "北京灵犀智算科技有限公司"),  # a PDF's line break
    ("\u200b北京灵犀智算科技有限公司\u200e ", "北京灵犀智算科技有限公司"),  # a web page's
    ("北京灵犀（智算）\r\n科技有限公司", "北京灵犀（智算）科技有限公司"),
    ("Beijing Lingxi\nZhisuan Technology Co., Ltd.", "Beijing Lingxi Zhisuan Technology Co., Ltd."),
    ("Sand Hill  Frontier\tVentures IV, L.P.", "Sand Hill Frontier Ventures IV, L.P."),
    ("示例（北京）ABC科技有限公司", "示例（北京）ABC科技有限公司"),  # as registered
    ("Lingxi\n灵犀", "Lingxi 灵犀"),
    ("", ""),
])
def test_a_pasted_name_as_filed(pasted: str, filed: str) -> None:
    assert name_text(pasted) == filed
