"""Places: the Chinese name of an ISO 3166 code, so a Chinese reason says 中国（CN） where
the English one says CN; and places as officers type them (`read_place`: USA, 中國,
Hong Kong SAR as their codes, Korea refused as two places).

The names are data, not code: resources/filings/labels.json, the table the filings print.
Its `countries` names every ISO 3166 code (curated names over CLDR's, see
approvals.resources.label_data); `countries_short` holds the names used in a sentence
where they differ from the formal ones (中国 rather than 中华人民共和国); a code the table
does not know (not an ISO 3166 code) stays the code.

Hong Kong and Macao have one name a language, in a filing's rows as in its sentences:
中国香港 / Hong Kong, China and 中国澳门 / Macao, China (as Taiwan is 中国台湾 / Taiwan,
China), the names their Basic Laws give them for their dealings abroad; a page naming one
place two ways (中国香港特别行政区 in a row, 中国香港 in the heading above it) left the
reader to ask whether they were two places. "Hong Kong SAR" and its like are still read
as typed places.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from approvals.domain.typed_input import Unreadable, plain_text, quoted
from approvals.resources import label_data


@lru_cache(maxsize=2)
def _names(language: int) -> dict[str, str]:
    """code -> name in English (0) or Chinese (1), the short form where there is one.
    Read once per process, as the rulebook is: screening stays free of I/O after that."""
    labels = label_data()
    names: dict[str, str] = {}
    for group in ("countries", "countries_short"):
        names.update({code: pair[language] for code, pair in labels.get(group, {}).items()
                      if not code.startswith("_")})
    return names


# ISO 3166-1 alpha-2: the codes of every country and territory (and XK, Kosovo, which the
# EU and the banks use). A code outside it is a typing mistake, never a place.
_ISO_3166_TEXT = """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
VN VU WF WS YE YT ZA ZM ZW XK
"""
ISO_3166_CODES = frozenset(_ISO_3166_TEXT.split())
# Codes officers type that ISO 3166 does not have, with the one it gives the place.
_NOT_ISO_3166 = {"UK": ("GB", "the United Kingdom"), "EL": ("GR", "Greece"),
                 "EN": ("GB", "England")}


def iso_code_meant(code: str) -> str | None:
    """The ISO 3166 code for a code officers type that ISO 3166 does not have (GB for UK);
    None for any other."""
    known = _NOT_ISO_3166.get(code)
    return known[0] if known else None


def country_code_problem(code: str) -> str | None:
    """Why a two-letter code is not an ISO 3166 country (None when it is one); the message
    names the code to write instead where the mistake is a known one (UK for GB)."""
    if code in ISO_3166_CODES:
        return None
    if code in _NOT_ISO_3166:
        right, place = _NOT_ISO_3166[code]
        return f"{quoted(code)} is not an ISO 3166 code: {place} is {right}"
    return f"{quoted(code)} is not an ISO 3166 country code: use the two-letter code, e.g. CN, HK, US"


# Names of more than one place: refused with the codes they could mean, never guessed.
_AMBIGUOUS: dict[str, str] = {
    "Korea": "South Korea (KR) or North Korea (KP)",
    "韩朝": "South Korea (KR) or North Korea (KP)",
    "Congo": "the Democratic Republic of the Congo (CD) or the Republic of the Congo (CG)",
    "刚果": "the Democratic Republic of the Congo (CD) or the Republic of the Congo (CG)",
    "Virgin Islands": "the British Virgin Islands (VG) or the US Virgin Islands (VI)",
    "维尔京群岛": "the British Virgin Islands (VG) or the US Virgin Islands (VI)",
    "America": "the United States (US) or another country of the Americas (CA, MX, BR …)",
    "Greater China": "mainland China (CN), Hong Kong (HK), Macao (MO) or Taiwan (TW)",
    "大中华": "mainland China (CN), Hong Kong (HK), Macao (MO) or Taiwan (TW)",
    "大中华区": "mainland China (CN), Hong Kong (HK), Macao (MO) or Taiwan (TW)",
    "Georgia": "the country Georgia (GE) or the US state (US)",
    "Channel Islands": "Jersey (JE) or Guernsey (GG)",
    "EU": "any member state of the EU: write the state's code (DE, FR, LU, NL …)",
    "European Union": "any member state of the EU: write the state's code (DE, FR, LU, NL …)",
    "Europe": "any country of Europe: write the country's code (DE, FR, GB, CH …)",
    "欧盟": "any member state of the EU: write the state's code (DE, FR, LU, NL …)",
    "欧洲": "any country of Europe: write the country's code (DE, FR, GB, CH …)",
}
# ISO 3166-1 alpha-3 codes of the places above: refused (a code of another standard), with
# the two-letter code to write instead. USA is a name as well, read as US above.
_ALPHA_3 = {
    "CHN": "CN", "HKG": "HK", "MAC": "MO", "TWN": "TW", "GBR": "GB", "JPN": "JP", "DEU": "DE",
    "SGP": "SG", "CYM": "KY", "VGB": "VG", "ARE": "AE", "SAU": "SA", "KOR": "KR", "PRK": "KP",
    "FRA": "FR", "CAN": "CA", "AUS": "AU", "IND": "IN", "RUS": "RU", "NLD": "NL", "CHE": "CH",
    "ISR": "IL", "LUX": "LU", "IRL": "IE", "MYS": "MY", "IDN": "ID", "THA": "TH", "VNM": "VN",
    "ITA": "IT", "ESP": "ES", "SWE": "SE", "QAT": "QA", "KWT": "KW", "NZL": "NZ", "MUS": "MU",
    "BMU": "BM",
}
# Traditional characters of place names, as typed in Hong Kong and Taiwan (中國, 美國, 臺灣).
_TRADITIONAL = str.maketrans(
    "國灣臺門華聯屬維爾島開亞來蘭羅韓盧愛馬紐達義澤區內陸倫"
    "別廣東遼寧龍蘇陝貴雲壯慶縣鎮鄉廈",
    "国湾台门华联属维尔岛开亚来兰罗韩卢爱马纽达义泽区内陆伦"
    "别广东辽宁龙苏陕贵云壮庆县镇乡厦")
_ACCEPTED = "write its two-letter code (e.g. CN, HK, US) or its name (China, 中国, Hong Kong, 美国)"


def _without_accents(text: str) -> str:
    # Curaçao, Côte d’Ivoire, Réunion as typed on an English keyboard.
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _key(name: str) -> str:
    """A name as compared: case, spacing, dots, accents, & for and and traditional
    characters aside (U.S.A. as usa, Hongkong as Hong Kong, 中國 as 中国, Curacao as
    Curaçao)."""
    folded = _without_accents(plain_text(name)).translate(_TRADITIONAL).casefold()
    return re.sub(r"[\s.,'’()\-]", "", folded.removeprefix("the ").replace("&", "and"))


@lru_cache(maxsize=1)
def place_names() -> dict[str, str]:
    """Every name a place is read by (as written) → its ISO 3166 code: the names the
    filings print and the names officers type for them (labels.json `country_aliases`).
    A name of several places (Georgia, the country's as CLDR names it) is left out:
    `read_place` refuses it with the codes it could mean."""
    labels = label_data()
    ambiguous = {_key(name) for name in _AMBIGUOUS}
    names = {name: code
             for group in ("countries_cldr", "countries", "countries_short", "country_aliases")
             for code, written in labels.get(group, {}).items() if not code.startswith("_")
             for name in written if _key(name) not in ambiguous}
    return names


# China's province-level divisions written in pinyin or English, as officers type them
# from an English registration document ("Guangdong", "Inner Mongolia"): the same place as
# the Chinese name (_PROVINCE_LEVEL). Only Beijing and Shanghai were known (as cities):
# "Guangdong" was refused as no place, "Guangdong, China" read only by its "China".
_PROVINCE_LEVEL_LATIN: dict[str, tuple[str, ...]] = {
    "CN": ("Hebei", "Shanxi", "Liaoning", "Jilin", "Heilongjiang", "Jiangsu", "Zhejiang",
           "Anhui", "Fujian", "Jiangxi", "Shandong", "Henan", "Hubei", "Hunan", "Guangdong",
           "Hainan", "Sichuan", "Guizhou", "Yunnan", "Shaanxi", "Gansu", "Qinghai",
           "Beijing", "Tianjin", "Shanghai", "Chongqing", "Inner Mongolia", "Nei Mongol",
           "Neimenggu", "Guangxi", "Guangxi Zhuang", "Tibet", "Xizang", "Ningxia",
           "Ningxia Hui", "Xinjiang", "Xinjiang Uygur", "Xinjiang Uyghur"),
    "HK": ("Xianggang",),
    "MO": ("Aomen",),
}
# What follows such a name in a document ("Guangdong Province", "Tibet Autonomous Region").
_DIVISION_WORDS = ("", " Province", " Sheng", " Municipality", " Shi", " City",
                   " Autonomous Region", " Zizhiqu", " Special Administrative Region", " SAR")


@lru_cache(maxsize=1)
def _by_key() -> tuple[dict[str, str], dict[str, str]]:
    names = {_key(f"{name}{words}"): code for code, written in _PROVINCE_LEVEL_LATIN.items()
             for name in written for words in _DIVISION_WORDS}
    names.update({_key(name): code for name, code in place_names().items()})
    return (names, {_key(name): could_be for name, could_be in _AMBIGUOUS.items()})


class _UnknownPlace(Unreadable):
    """A text that names no place the app knows: its advice offers names, which a facts
    file may not write (written_code_problem says so its own way)."""


def read_place(text: str) -> str | None:
    """The ISO 3166 code of a place as typed: the code (cn), or a name that means one
    place (China, 中国, 中國, PRC, U.S.A., Hong Kong SAR). None when empty; Unreadable
    with what to write for a name of several places (Korea), a three-letter code or an
    unknown name."""
    shown = text.strip()
    if not shown:
        return None
    names, ambiguous = _by_key()
    key = _key(shown)
    # A text of parts ("浙江省杭州市, 美国") is read part by part below, not as one name.
    if (code := names.get(key) or (
            None if _PARTS.search(shown) else _read_chinese_place(key))) is not None:
        return code
    if key in ambiguous:
        could_be = ambiguous[key]  # "… of the EU: write the state's code (…)" says what to write
        raise Unreadable(f"{quoted(shown)} could be {could_be}"
                         + ("" if ": write " in could_be else ": write the two-letter code"))
    if (written := _place_in_parts(shown)) is not None:
        return written
    compact = key.upper()
    if re.fullmatch(r"[A-Z]{2}", compact):
        if issue := country_code_problem(compact):  # UK, XX: no place, or not by that code
            raise Unreadable(issue)
        return compact
    if re.fullmatch(r"[A-Z]{3}", compact):
        meant = _ALPHA_3.get(compact)
        instead = f"write {meant} ({known_place_name(meant)})" if meant else (
            "use the two-letter ISO 3166 code, e.g. CN, HK, US")
        raise Unreadable(f"{quoted(compact)} is a three-letter code: {instead}")
    raise _UnknownPlace(f"{quoted(shown)} is not a place the app knows: {_ACCEPTED}")


def written_code_problem(text: str) -> str | None:
    """Why a place a file writes is not the ISO 3166 code it must be (None when it is one),
    with the code to write where the text names one place ("China": write CN). A file
    takes codes only: a name the wizard reads is no place in a file."""
    if text in ISO_3166_CODES:
        return None
    if not text.strip():
        return ("holds only spaces" if text else "is empty") + \
            "; give the two-letter code, or null when not known"
    try:
        code = read_place(text) or ""  # not empty: said above
    except _UnknownPlace:
        return f"{quoted(text.strip())} is not an ISO 3166 country code: write the " \
               "two-letter code, e.g. CN, HK, US"
    except Unreadable as exc:  # UK, Korea, CHN: what to write instead
        return str(exc)
    named = known_place_name(code)
    return (f"{quoted(text)} is not an ISO 3166 country code: write {code}"
            + (f" ({named})" if named else ""))


# China's province-level divisions as registration documents write them: the short name,
# the official name (浙江省, 上海市, 广西壮族自治区, 香港特别行政区) and the code of the place.
_PROVINCE_LEVEL: tuple[tuple[str, str, str], ...] = (
    *((name, f"{name}省", "CN") for name in (
        "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东",
        "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海")),
    *((name, f"{name}市", "CN") for name in ("北京", "天津", "上海", "重庆")),
    ("内蒙古", "内蒙古自治区", "CN"), ("广西", "广西壮族自治区", "CN"),
    ("西藏", "西藏自治区", "CN"), ("宁夏", "宁夏回族自治区", "CN"),
    ("新疆", "新疆维吾尔自治区", "CN"),
    ("香港", "香港特别行政区", "HK"), ("澳门", "澳门特别行政区", "MO"), ("台湾", "台湾省", "TW"),
)
# What comes before a place written the Chinese way (中国上海市, 中华人民共和国浙江省); on its
# own it is China, followed by nothing the app knows it is no place (中国火星).
_CN_PREFIXES = ("中华人民共和国", "中国")
_CHINA_AND_REGIONS = frozenset({"CN", "HK", "MO", "TW"})
_HAN_ONLY = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]+")


@lru_cache(maxsize=1)
def _chinese_heads() -> tuple[tuple[str, str], ...]:
    """The names a Chinese-written place in China begins with (a province-level division,
    or a city the app knows, with its 市), longest first so 黑龙江 is not read as 黑龙."""
    heads = {written: code for short, official, code in _PROVINCE_LEVEL
             for written in (short, official)}
    for name, code in place_names().items():
        key = _key(name)
        if code in _CHINA_AND_REGIONS and _HAN_ONLY.fullmatch(key) and key not in _CN_PREFIXES:
            heads.setdefault(key, code)
            if code == "CN":
                heads.setdefault(f"{key}市", code)  # 杭州市, 深圳市
    return tuple(sorted(heads.items(), key=lambda head: -len(head[0])))


def _read_chinese_place(key: str) -> str | None:
    """The code of a place written the Chinese way, as officers paste it from registration
    documents (a compared key, see `_key`): the official suffixes (上海市, 浙江省, 台湾省,
    香港特别行政区), a province and its city and district (浙江杭州, 广东省深圳市南山区),
    after 中国 or 中华人民共和国; a foreign city with 市 (首尔市). None when it names no
    place the app knows, so the caller refuses it as before."""
    if not _HAN_ONLY.fullmatch(key):
        return None
    within_china = next((key.removeprefix(prefix) for prefix in _CN_PREFIXES
                         if key.startswith(prefix)), key)
    for head, code in _chinese_heads():
        # What follows a province or a city is a place within it (a city, a district).
        if within_china.startswith(head):
            return code
    names = _by_key()[0]
    if within_china == key and key.endswith("市") and (city := names.get(key[:-1])):
        return city
    if within_china == key and key.endswith(_SUBDIVISION_ENDINGS):
        # A foreign country and a state, province or city in it, as a registration
        # document writes it (美国特拉华州, 美国纽约市): the country, its longest name first.
        for length in range(len(key) - 2, 1, -1):
            country = names.get(key[:length])
            if country is not None and country not in _CHINA_AND_REGIONS:
                return country
    return None


# What a state, province, city or district's Chinese name ends with.
_SUBDIVISION_ENDINGS = ("州", "省", "市", "县", "区", "郡", "都")


_PARTS = re.compile(r"[,，;；/()（）、]")
# Hong Kong, Macao and Taiwan written with China after them ("Hong Kong, PRC") are the
# region, as labels.json names them ("Hong Kong, China").
_REGIONS_OF_CN = frozenset({"HK", "MO", "TW"})


def _place_in_parts(shown: str) -> str | None:
    """The place of an address-like text ("Beijing, China", "Wilmington, Delaware, USA",
    "Cayman Islands (KY)"): the one place its known parts name (others, a city the app
    does not know, are passed over); None when no part is known. Parts naming different
    places are refused with both."""
    parts = [part.strip() for part in _PARTS.split(shown) if part.strip()]
    if len(parts) < 2:
        return None
    names, ambiguous = _by_key()
    codes: list[str] = []
    unsure = ""
    for part in parts:
        key = _key(part)
        unsure = unsure or (f"{quoted(part)} could be {ambiguous[key]}" if key in ambiguous else "")
        code = names.get(key) or _read_chinese_place(key) or (key.upper() if re.fullmatch(r"[a-z]{2}", key)
                                  and key.upper() in ISO_3166_CODES else None)
        if code and code not in codes:
            codes.append(code)
    if len(codes) == 2 and "CN" in codes and (region := set(codes) & _REGIONS_OF_CN):
        return region.pop()
    if len(codes) > 1:
        named = " or ".join(f"{known_place_name(c) or c} ({c})" for c in codes)
        raise Unreadable(f"{quoted(shown)} names more than one place, {named}: write the "
                         "two-letter code of the place meant")
    if not codes and unsure:
        raise Unreadable(f"{unsure}: write the two-letter code")
    return codes[0] if codes else None


def known_place_name(code: str) -> str:
    """The English name of a code where one is known (CH: Switzerland), else ""; shown
    beside a place field, so that CH typed for China is seen before it is filed."""
    return _names(0).get(code, "")


def place_name(code: str) -> str:
    """China for CN, as a sentence names it; the code itself when the table has none."""
    return _names(0).get(code, code)


def place_name_zh(code: str) -> str:
    """中国 for CN; the code itself when the table has no Chinese name for it."""
    return _names(1).get(code, code)


def place_zh(code: str) -> str:
    """中国（CN）: the name with its code, so the reader still sees what the facts say; a
    code without a Chinese name is written once, as itself."""
    name = place_name_zh(code)
    return code if name == code else f"{name}（{code}）"


def places_zh(codes: Iterable[str]) -> list[str]:
    """Each place of one sentence, the code given at its first mention only:
    [中国香港（HK）, 中国香港] for a company organised and headquartered in Hong Kong."""
    seen: set[str] = set()
    out = []
    for code in codes:
        out.append(place_name_zh(code) if code in seen else place_zh(code))
        seen.add(code)
    return out


def names_zh(codes: Iterable[str]) -> str:
    """A rule's list of places by name (中国、中国香港、中国澳门)."""
    return "、".join(place_name_zh(code) for code in codes)
