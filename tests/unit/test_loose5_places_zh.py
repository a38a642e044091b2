"""Places typed the Chinese way, as officers paste them from registration documents: the
official suffixes, a province and its city, 中国/中华人民共和国 before them. What names no
place is refused with the message it had before."""

from __future__ import annotations

import pytest

from approvals.domain.places import read_place
from approvals.domain.typed_input import Unreadable


@pytest.mark.parametrize(("typed", "code"), [
    # Refused before ("is not a place the app knows").
    ("上海市", "CN"), ("杭州市", "CN"), ("北京市", "CN"), ("浙江省", "CN"), ("浙江杭州", "CN"),
    ("广东省深圳市", "CN"), ("广东省深圳市南山区", "CN"), ("上海市浦东新区", "CN"),
    ("黑龙江省哈尔滨市", "CN"), ("广西壮族自治区", "CN"), ("新疆维吾尔自治区", "CN"),
    ("内蒙古", "CN"), ("中国上海", "CN"), ("中国上海市", "CN"), ("中华人民共和国浙江省", "CN"),
    ("中国 上海市", "CN"), ("上海市，中国", "CN"), ("台湾省", "TW"), ("中国台湾省", "TW"),
    ("中国香港九龙", "HK"), ("澳门特别行政区氹仔", "MO"), ("廣東省深圳市", "CN"),
    ("香港特別行政區", "HK"), ("首尔市", "KR"),
    # A foreign country with a state, province or city in it, as registration documents
    # write the investor's place (美国特拉华州 was refused as no place the app knows).
    ("美国特拉华州", "US"), ("美国纽约市", "US"), ("澳大利亚新南威尔士州", "AU"),
    ("日本东京都", "JP"), ("印度尼西亚雅加达市", "ID"),
    # Read before, still read.
    ("上海", "CN"), ("杭州", "CN"), ("香港特别行政区", "HK"), ("澳门特别行政区", "MO"),
    ("中国香港", "HK"), ("中华人民共和国", "CN"), ("中国", "CN"), ("北京市，中国", "CN"),
    ("印度尼西亚", "ID"), ("Shanghai", "CN"),
    # The cities officers type for a headquarters (the demo's targets are in Chengdu, Wuhan,
    # Hefei, Nanjing, Suzhou, Xi'an; Taiwan's chip makers in Hsinchu), alone or with 市.
    ("Chengdu", "CN"), ("成都市", "CN"), ("四川省成都市", "CN"), ("Wuhan, China", "CN"),
    ("中国武汉", "CN"), ("Hefei", "CN"), ("南京", "CN"), ("苏州市", "CN"), ("Xi'an", "CN"),
    ("Tianjin", "CN"), ("重庆市", "CN"), ("Xiong'an", "CN"),
    ("台北市", "TW"), ("Hsinchu", "TW"), ("新竹", "TW"), ("Kaohsiung", "TW"),
    ("Kowloon", "HK"), ("九龙", "HK"),
])
def test_a_place_written_the_chinese_way_is_read_as_the_place_it_names(
    typed: str, code: str
) -> None:
    assert read_place(typed) == code


@pytest.mark.parametrize(("typed", "says"), [
    ("火星市", "'火星市' is not a place the app knows: write its two-letter code"),
    ("中国火星", "'中国火星' is not a place the app knows"),
    ("中国中国", "'中国中国' is not a place the app knows"),
    ("市", "'市' is not a place the app knows"),
    ("省", "'省' is not a place the app knows"),
    ("浦东新区", "'浦东新区' is not a place the app knows"),  # a district, no city before it
    ("大中华区", "could be mainland China (CN), Hong Kong (HK), Macao (MO) or Taiwan (TW)"),
    ("浙江省杭州市, 美国", "names more than one place, China (CN) or United States (US)"),
])
def test_what_names_no_place_or_several_is_still_refused(typed: str, says: str) -> None:
    with pytest.raises(Unreadable) as refused:
        read_place(typed)
    assert says in str(refused.value)
