"""Places as officers type them every day, read as the schema's ISO 3166 codes when the
name means one place, refused with the codes it could mean when it does not."""

from __future__ import annotations

import pytest

from approvals.domain.places import known_place_name, read_place
from approvals.domain.typed_input import Unreadable


@pytest.mark.parametrize(("typed", "code"), [
    # Refused before ("three-letter code", "use the two-letter ISO 3166 code").
    ("USA", "US"), ("U.S.", "US"), ("U.S.A.", "US"), ("usa ", "US"), ("美國", "US"),
    ("P.R.C.", "CN"), ("中國", "CN"), ("中華人民共和國", "CN"), ("Mainland China", "CN"),
    ("中国大陆", "CN"), ("Hongkong", "HK"), ("Hong Kong SAR", "HK"), ("HKSAR", "HK"),
    ("臺灣", "TW"), ("開曼群島", "KY"), ("the Cayman Islands", "KY"), ("韩国", "KR"),
    ("South Korea", "KR"), ("England", "GB"), ("Great Britain", "GB"), ("Delaware", "US"),
    ("the Netherlands", "NL"),
    # Read before, still read.
    ("United States", "US"), ("PRC", "CN"), ("China", "CN"), ("中国", "CN"), ("美国", "US"),
    ("Hong Kong", "HK"), ("HK", "HK"), ("hk", "HK"), ("香港", "HK"), ("中国香港", "HK"),
])
def test_a_name_of_one_place_is_read_as_its_code(typed: str, code: str) -> None:
    assert read_place(typed) == code


@pytest.mark.parametrize(("typed", "says"), [
    ("Korea", "South Korea (KR) or North Korea (KP)"),
    ("Virgin Islands", "(VG) or the US Virgin Islands (VI)"),
    ("Congo", "(CD) or the Republic of the Congo (CG)"),
    ("Greater China", "mainland China (CN), Hong Kong (HK), Macao (MO) or Taiwan (TW)"),
    ("EU", "write the state's code"),
    ("CHN", "three-letter code: write CN (China)"),
    ("Atlantis", "two-letter code (e.g. CN, HK, US) or its name (China, 中国"),
    ("UK", "the United Kingdom is GB"),
])
def test_a_name_of_several_places_or_none_is_refused_with_what_to_write(
    typed: str, says: str
) -> None:
    with pytest.raises(Unreadable, match=None) as refused:
        read_place(typed)
    assert says in str(refused.value)


def test_an_empty_place_is_none_and_a_code_is_named_for_the_field() -> None:
    assert read_place("  ") is None
    assert known_place_name("CH") == "Switzerland"  # CH typed for China is seen
    assert known_place_name("US") == "United States"
    assert known_place_name("ZW") == "Zimbabwe"  # every ISO 3166 code is named
    assert known_place_name("XX") == ""


@pytest.mark.parametrize(("typed", "code"), [
    # An address-like place: its known parts name one place (a city not known is passed
    # over); "is not a place the app knows" before.
    ("Beijing, China", "CN"), ("北京市，中国", "CN"), ("Wilmington, Delaware, USA", "US"),
    ("Cayman Islands (KY)", "KY"), ("Grand Cayman, KY1-1104, Cayman Islands", "KY"),
    ("Tokyo, Japan", "JP"), ("London, UK", "GB"),
    # Hong Kong, Macao, Taiwan with China after them are the region.
    ("Hong Kong, PRC", "HK"), ("Macau, China", "MO"), ("中国（香港）", "HK"),
])
def test_a_place_written_as_an_address_is_read_by_its_known_parts(typed: str, code: str) -> None:
    assert read_place(typed) == code


@pytest.mark.parametrize(("typed", "says"), [
    ("Singapore, US", "names more than one place, Singapore (SG) or United States (US)"),
    ("Busan, Korea", "'Korea' could be South Korea (KR) or North Korea (KP)"),
    ("Paris, Texas", "is not a place the app knows"),
])
def test_an_address_of_several_or_no_known_places_is_refused(typed: str, says: str) -> None:
    with pytest.raises(Unreadable) as refused:
        read_place(typed)
    assert says in str(refused.value)
