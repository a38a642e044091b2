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

try:  # pypdf's private module: a release that moves it leaves extraction as it is
    from pypdf.generic._font import Font
except ImportError:  # pragma: no cover - depends on the pypdf installed
    Font = None  # type: ignore[assignment,misc]

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


def install() -> bool:
    """Memoise Font.from_font_resource for this process (idempotent). False, and pypdf
    left alone, where the pypdf installed has no such class method: the cache saves CPU
    only, and a newer pypdf must not stop the suite at its start."""
    global build_uncached
    if build_uncached is not None:
        return True
    built = Font.__dict__.get("from_font_resource") if Font is not None else None
    if not isinstance(built, classmethod):
        return False
    build_uncached = built.__func__
    Font.from_font_resource = classmethod(_from_font_resource)  # type: ignore[assignment,method-assign]
    return True
