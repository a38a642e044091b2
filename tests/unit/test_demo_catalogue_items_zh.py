"""The Chinese application prints a technology-catalogue item as typed: the demo's items
give the catalogue's Chinese name (they stood in English inside the Chinese text)."""

from __future__ import annotations

import re

from approvals.services.demo import demo_facts

CJK = re.compile(r"[\u3400-\u9fff]")


def test_every_demo_catalogue_item_has_its_chinese_name() -> None:
    items = [item for facts in demo_facts()
             for key in ("restricted_catalogue_items", "prohibited_catalogue_items")
             for item in ((facts["deal"].get("technology_transfer") or {}).get(key) or [])]
    assert len(items) >= 3
    assert all(CJK.search(item) for item in items), items
