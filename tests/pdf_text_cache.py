"""pypdf's text extraction, with each font of a PDF read once instead of once per page.

`PageObject.extract_text` builds a `Font` (its ToUnicode map parsed, its widths collected)
from every font resource of the page, page after page, although a ReportLab PDF shares one
font object among all its pages: for the app's filings, parsing the same character maps
again was about a third of the extraction's CPU. `install()` memoises
`Font.from_font_resource` per font dictionary while that dictionary (so its reader) lives;
each call gets its own shallow copy, since the extraction sets `space_width` on it.
"""

from __future__ import annotations

import copy
import weakref
from collections.abc import Callable

from pypdf.generic import DictionaryObject
from pypdf.generic._font import Font

_built: dict[int, tuple[weakref.ref[DictionaryObject], Font]] = {}
# pypdf's own Font.from_font_resource, as a function of (cls, font dictionary); set by install().
build_uncached: Callable[[type[Font], DictionaryObject], Font] | None = None


def _forget(key: int) -> Callable[[weakref.ref[DictionaryObject]], None]:
    def forget(_gone: weakref.ref[DictionaryObject]) -> None:
        _built.pop(key, None)
    return forget


def _from_font_resource(cls: type[Font], pdf_font_dict: DictionaryObject) -> Font:
    key = id(pdf_font_dict)
    entry = _built.get(key)
    if entry is None or entry[0]() is not pdf_font_dict:
        assert build_uncached is not None
        font = build_uncached(cls, pdf_font_dict)
        try:
            entry = (weakref.ref(pdf_font_dict, _forget(key)), font)
        except TypeError:  # an object that takes no weak reference: not cached
            return font
        _built[key] = entry
    return copy.copy(entry[1])


def install() -> None:
    """Memoise Font.from_font_resource for this process (idempotent)."""
    global build_uncached
    if build_uncached is not None:
        return
    build_uncached = Font.__dict__["from_font_resource"].__func__
    Font.from_font_resource = classmethod(_from_font_resource)  # type: ignore[assignment,method-assign]
