"""A province of China written in pinyin or English, as an English registration document
writes it, is read as the place its Chinese name is (it was "not a place the app knows",
except Beijing and Shanghai, known as cities)."""

from __future__ import annotations

import pytest

from approvals.domain.places import read_place
from approvals.domain.typed_input import Unreadable


@pytest.mark.parametrize(("typed", "chinese"), [
    ("Guangdong", "广东"), ("Guangdong Province", "广东省"), ("zhejiang", "浙江"),
    ("Inner Mongolia", "内蒙古"), ("Inner Mongolia Autonomous Region", "内蒙古自治区"),
    ("Tibet", "西藏"), ("Xinjiang Uygur Autonomous Region", "新疆维吾尔自治区"),
    ("Shaanxi", "陕西"), ("Shanxi", "山西"), ("Beijing Municipality", "北京市"),
    ("Shenzhen, Guangdong", "广东省深圳市"), ("Hangzhou, Zhejiang, PRC", "浙江杭州"),
])
def test_a_province_in_pinyin_is_the_place_of_its_chinese_name(typed: str, chinese: str) -> None:
    assert read_place(typed) == read_place(chinese) == "CN"


def test_a_province_beside_another_country_is_still_refused_as_two_places() -> None:
    with pytest.raises(Unreadable, match="names more than one place"):
        read_place("Guangdong, USA")
