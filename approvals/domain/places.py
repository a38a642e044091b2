"""Places in Chinese prose: the Chinese name of an ISO 3166 code, so a Chinese reason says
中国（CN） where the English one says CN.

The names are data, not code: resources/filings/labels.json, the table the filings print.
Its `countries_short` group holds the names used in a sentence where they differ from the
formal ones (中国 rather than 中华人民共和国); any other code takes its formal name from
`countries`; a code the table does not know stays the code.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

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


def country_code_problem(code: str) -> str | None:
    """Why a two-letter code is not an ISO 3166 country (None when it is one); the message
    names the code to write instead where the mistake is a known one (UK for GB)."""
    if code in ISO_3166_CODES:
        return None
    if code in _NOT_ISO_3166:
        right, place = _NOT_ISO_3166[code]
        return f"'{code}' is not an ISO 3166 code: {place} is {right}"
    return f"'{code}' is not an ISO 3166 country code: use the two-letter code, e.g. CN, HK, US"


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
