"""Every ISO 3166 code has an English and a Chinese name (CLDR, generated into
resources/filings/countries_cldr.json; labels.json's curated names win), so filings and
screening reasons name France and Puerto Rico instead of printing FR and PR, and the
wizard reads 法国 as FR; names of several places are still refused."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from approvals.domain.places import (
    ISO_3166_CODES,
    _key,
    known_place_name,
    place_name,
    place_names,
    place_zh,
    read_place,
)
from approvals.domain.typed_input import Unreadable
from approvals.filings import common as k
from approvals.resources import label_data, resource_path

ROOT = Path(__file__).resolve().parents[2]
_HAN = re.compile("[\u4e00-\u9fff]")


def _generator():  # scripts/ is no package: load the script as a module
    spec = importlib.util.spec_from_file_location(
        "generate_country_names", ROOT / "scripts" / "generate_country_names.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_resource_is_what_the_generator_makes_of_cldr() -> None:
    # Fails when the file was edited by hand or babel's CLDR moved on: rerun the script.
    written = resource_path("filings", "countries_cldr.json").read_text(encoding="utf-8")
    assert written == _generator().rendered(), "run python scripts/generate_country_names.py"


def test_every_iso_code_has_an_english_and_a_chinese_name() -> None:
    countries = label_data()["countries"]
    assert set(countries) == ISO_3166_CODES
    for code, (english, chinese) in countries.items():
        assert english.strip() and english != code, code
        assert _HAN.search(chinese), (code, chinese)
        assert " & " not in english, english  # a filing writes "and"


def test_the_curated_names_win_over_cldr() -> None:
    cldr = json.loads(resource_path("filings", "countries_cldr.json").read_text(encoding="utf-8"))
    assert cldr["countries"]["TW"] == ["Taiwan", "台湾"]  # what CLDR says …
    countries = label_data()["countries"]
    assert countries["TW"] == ["Taiwan, China", "中国台湾"]  # … and what a filing prints
    # One name a language wherever a filing names them (filings13), in a row as in a sentence.
    assert countries["HK"] == ["Hong Kong, China", "中国香港"]
    assert countries["MO"] == ["Macao, China", "中国澳门"]
    assert countries["CN"] == ["People's Republic of China", "中华人民共和国"]
    assert countries["CD"] == ["Democratic Republic of the Congo", "刚果民主共和国"]
    assert place_name("CN") == "China" and place_zh("TW") == "中国台湾（TW）"


def test_filings_and_reasons_name_a_place_beyond_the_old_thirteen() -> None:
    assert k.country("FR") == "France (FR)"
    assert k.country("FR", bilingual=True) == "法国 / France (FR)"
    assert k.country("PR") == "Puerto Rico (PR)"
    assert place_zh("PR") == "波多黎各（PR）"
    assert known_place_name("ZW") == "Zimbabwe"
    assert k.country("AB") == "AB"  # no ISO 3166 code: printed as written
    assert k.country("XX") == k.NOT_STATED  # the facts' code for unknown (test_pdf21_unknown_place)


@pytest.mark.parametrize(("typed", "code"), [
    ("France", "FR"), ("法国", "FR"), ("fr", "FR"), ("Paris, France", "FR"),
    ("Puerto Rico", "PR"), ("波多黎各", "PR"), ("格鲁吉亚", "GE"),
    ("Curacao", "CW"), ("Cote d'Ivoire", "CI"), ("St. Kitts & Nevis", "KN"),
    ("Congo - Kinshasa", "CD"), ("刚果（金）", "CD"), ("Republic of the Congo", "CG"),
    ("Czech Republic", "CZ"), ("Palestinian Territories", "PS"),
    # CLDR's names for the places labels.json names its own way are still read
    ("Taiwan", "TW"), ("台湾", "TW"), ("Hong Kong SAR China", "HK"),
])
def test_a_place_is_read_by_any_of_its_names(typed: str, code: str) -> None:
    assert read_place(typed) == code


@pytest.mark.parametrize(("typed", "says"), [
    ("Georgia", "the country Georgia (GE) or the US state (US)"),
    ("Atlanta, Georgia", "the country Georgia (GE) or the US state (US)"),
    ("Korea", "South Korea (KR) or North Korea (KP)"),
    ("Congo", "(CD) or the Republic of the Congo (CG)"),
    ("Virgin Islands", "(VG) or the US Virgin Islands (VI)"),
])
def test_a_name_of_several_places_is_still_refused(typed: str, says: str) -> None:
    with pytest.raises(Unreadable) as refused:
        read_place(typed)
    assert says in str(refused.value)


def test_every_name_read_means_one_place() -> None:
    labels = label_data()
    codes_by_key: dict[str, set[str]] = {}
    for group in ("countries_cldr", "countries", "countries_short", "country_aliases"):
        for code, written in labels[group].items():
            if not code.startswith("_"):
                for name in written:
                    codes_by_key.setdefault(_key(name), set()).add(code)
    shared = {key: codes for key, codes in codes_by_key.items() if len(codes) > 1}
    assert not shared
    assert set(place_names().values()) <= ISO_3166_CODES


def test_no_alias_repeats_a_name_the_countries_give() -> None:
    labels = label_data()
    # (CLDR's own names aside: an alias may keep a name CLDR happens to give, Taiwan)
    names = {_key(name) for group in ("countries", "countries_short")
             for written in labels[group].values() for name in written}
    repeated = [(code, alias) for code, aliases in labels["country_aliases"].items()
                if not code.startswith("_") for alias in aliases if _key(alias) in names]
    assert not repeated
