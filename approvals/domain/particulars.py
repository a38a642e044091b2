"""Checks on filing particulars that have a real rule: an e-mail address, a website, a
telephone number. Free-text particulars (names, addresses) are taken as typed.

Pure functions, shared by the service (which refuses bad values) and the editor (which
shows the same message at the field while it is typed)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from approvals.domain.typed_input import NAME_CHARS, has_chinese, length_problem, quoted
from approvals.resources import label_data

# Free-text particulars the Chinese application prints as the Chinese text.
IN_CHINESE = frozenset({("applicant", "purpose_zh")})
# (section, field) -> kind; anything not listed is free text.
FIELD_KINDS: dict[tuple[str, str], str] = {
    ("representative", "email"): "email",
    ("representative", "phone"): "phone",
    ("us_person", "website"): "url",
    ("applicant", "contact_phone"): "phone",
    ("applicant", "contact_email"): "email",
}

# The domain in letters, digits and hyphens (any script), dot-separated: "xinhe.cn。", with
# the Chinese full stop an input method leaves at the end, was taken as an address.
_EMAIL = re.compile(r"[^@\s]+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}")
# Full-width forms (＋, ＠, ０-９, ：, ；), the ideographic space and full stops: what a
# Chinese input method types in place of the ASCII characters these particulars need.
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000-\u3002]")
_HOST = re.compile(r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}", re.I)
# Digits with the separators people write: spaces, dashes, dots, slashes, brackets; a
# leading + for the country code; an extension as "ext. 12" or "x12".
_PHONE = re.compile(r"\+?[\d\s().\-/]+(?:\s*(?:ext\.?|x)\s*\d+)?", re.I)
MIN_PHONE_DIGITS = 6  # a local number, at the shortest
# The most an address takes: a long registered address with its building and floor runs to
# about 150 characters; a paste gone wrong (a whole letter) went whole into the filings.
ADDRESS_CHARS = 500


def most_characters(name: str) -> int:
    """The most characters a free-text particular takes: an address's (and the purpose of
    the investment's), or a name's (a title, an organisation's name)."""
    return ADDRESS_CHARS if name.endswith(("address", "place_of_business", "purpose_zh")) \
        else NAME_CHARS


def _labelled(path: str) -> tuple[str, str] | None:
    """labels.json's [English, Chinese] for a particulars section or field; None for one
    it does not know."""
    labels = label_data()["particulars"]
    pair = None if path.startswith("_") else labels.get(path)
    return (str(pair[0]), str(pair[1])) if isinstance(pair, list) and len(pair) == 2 else None


def particular_labels(path: str) -> tuple[str, str]:
    """A particulars section's or field's own label ("applicant.contact_name" → "Contact
    person", "联系人"), as the Filing particulars editor heads it; one labels.json does not
    know (a field added to the code first) by its name in words, with no Chinese. The one
    source of the editor's labels and of `particular_name`."""
    return _labelled(path) or (path.rsplit(".", 1)[-1].replace("_", " ").capitalize(), "")


def particular_name(path: str) -> str | None:
    """A particular ("us_person.address", as stored under the particulars) named as the
    Filing particulars editor and the filings' missing lists name it: "The US person (US
    notification) — Address"; a section alone by its title; None for a path labels.json
    does not know. The applicant's signatory by both its names ("Legal representative or
    authorised signatory"): which one the filing prints depends on the case's facts."""
    section, _, name = path.partition(".")
    if _labelled(section) is None:
        return None
    title = particular_labels(section)[0]
    if not name:
        return title
    if path == "applicant.legal_representative":
        return f"{title} — {label_data()['applicant_signatory']['unstated'][0]}"
    return f"{title} — {particular_labels(path)[0]}" if _labelled(path) else None


def _letters(phone: str) -> bool:
    """Whether a telephone number has letters in it, beyond an extension's "ext."/"x"."""
    return bool(re.search(r"[^\W\d_]", re.sub(r"(?i)ext\.?|x(?=\s*\d+$)", "", phone)))


def field_kind(section: str, name: str) -> str:
    return FIELD_KINDS.get((section, name), "text")


def check_particular(section: str, name: str, value: str) -> str | None:
    """Why `value` will not do for this particular, or None. An empty value is fine (a
    particular may be left to the organisation-wide default or filled in later)."""
    text = value.strip()
    if not text:
        return None
    kind = field_kind(section, name)
    # Free text has no other rule; an e-mail, website or telephone number far too long is
    # refused by its form, which says better what it is not.
    if kind == "text" and (too_long := length_problem(text, most_characters(name),
                                                      "this field")):
        return too_long
    if (section, name) in IN_CHINESE and not has_chinese(text):
        # The Chinese application prints it as the Chinese text: English typed here stood
        # there as if it were the translation.
        return (f"{quoted(text)} has no Chinese characters: type it in Chinese (the English "
                "is the facts' commercial rationale)")
    hidden = next((ch for ch in text if unicodedata.category(ch) == "Cf"), None) \
        if kind != "text" else None
    if hidden:  # a zero-width space from a web page: the address looks right and fails
        return (f"{quoted(text)} has an invisible character (U+{ord(hidden):04X}), copied with it "
                "from a web page or document: type it again")
    wide = _FULL_WIDTH.search(text) if kind != "text" else None
    # A telephone number with letters in it (转 for an extension) is told that instead.
    if wide and not (kind == "phone" and _letters(text)):
        return (f"{quoted(text)} has the full-width character {quoted(wide[0])}: type it half-width "
                "(with the input method in English mode)")
    if kind == "email" and text.lower().startswith("mailto:"):
        return f"{quoted(text)}: give the address alone, without mailto:"
    if kind == "email" and not _EMAIL.fullmatch(text):
        return f"{quoted(text)} is not an e-mail address (like name@example.com)"
    if kind == "url":
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not _HOST.fullmatch(parts.hostname or ""):
            return (f"{quoted(text)} is not a web address: give it in full, starting with "
                    "https:// (like https://example.com)")
    if kind == "phone":
        if _letters(text):
            return (f"{quoted(text)} is not a telephone number: it has letters in it (an "
                    "extension goes as ext. 123)")
        if not _PHONE.fullmatch(text) or text.count("+") > 1:
            return (f"{quoted(text)} is not a telephone number: use digits, spaces and dashes, "
                    "with + and the country code in front (like +86 10 5555 0100)")
        if sum(ch.isdigit() for ch in text) < MIN_PHONE_DIGITS:
            return f"{quoted(text)} is too short for a telephone number"
    return None
