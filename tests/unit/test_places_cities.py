"""The cities officers type for a headquarters (the demo's own targets are in Chengdu,
Wuhan, Hefei, Nanjing, Suzhou, Xi'an; Taiwan's chip makers in Hsinchu) are read as their
place, alone, with 市, or in an address."""

from __future__ import annotations

import pytest

from approvals.domain.places import read_place


@pytest.mark.parametrize(("typed", "code"), [
    ("Chengdu", "CN"), ("成都市", "CN"), ("四川省成都市", "CN"), ("Wuhan, China", "CN"),
    ("中国武汉", "CN"), ("Hefei", "CN"), ("南京", "CN"), ("苏州市", "CN"), ("Xi'an", "CN"),
    ("Tianjin", "CN"), ("重庆市", "CN"), ("Xiong'an", "CN"),
    ("台北市", "TW"), ("Hsinchu", "TW"), ("新竹", "TW"), ("Kaohsiung", "TW"),
    ("Kowloon", "HK"), ("九龙", "HK"),
])
def test_a_city_is_read_as_its_place(typed: str, code: str) -> None:
    assert read_place(typed) == code
