"""A Chinese official's and a Treasury reader's pass over the printed papers (content
format 13):

- The Chinese application lists several activities or security-review fields as the
  Chinese list over the English one ("重要信息技术和互联网产品与服务；关键技术" above
  "Important information technology …; Key technologies"), not as
  "中文 / English; 中文 / English", where a reader cannot tell which "/" or ";" parts the
  languages and which the items; a single item stays "中文 / English" as every value.
- A target organised outside mainland China has no USCC "because a Unified Social Credit
  Code is issued only to an entity registered in mainland China", and the Chinese says
  中国内地 as the English does: 中国境内 reads to some as including Hong Kong, the very
  place such a row names.
"""

from __future__ import annotations

from approvals.filings import compose
from approvals.filings.data import FilingData
from approvals.filings.layout import build_pdf
from tests.pdf_support import pdf_words
from tests.unit.test_filing_content_version import NOW, synthetic_case
from tests.unit.test_format22_filing_words import _with_facts


def _words(data: FilingData, kind: str = "cn-application") -> str:
    document, _missing = compose(data, kind, final=False, now=NOW)
    return pdf_words(build_pdf(document)[0])


def test_several_items_are_listed_by_language_one_item_inline() -> None:
    # The fixed case: one activity, two security-review fields.
    words = _words(synthetic_case())
    assert "重要信息技术和互联网产品与服务；关键技术 " \
        "Important information technology and internet products and services; " \
        "Key technologies" in words
    assert "/ Key technologies" not in words
    assert "人工智能模型研发 / AI model development" in words


def test_the_uscc_not_applicable_says_mainland_china_in_both_languages() -> None:
    data = _with_facts({"target.jurisdiction": "HK", "target.headquarters": "HK",
                        "target.uscc": None})
    words = _words(data)
    assert "统一社会信用代码仅赋予在中国内地登记的主体" in words
    assert "a Unified Social Credit Code is issued only to an entity registered in " \
        "mainland China" in words
    assert "中国境内登记" not in words
