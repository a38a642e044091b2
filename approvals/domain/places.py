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
