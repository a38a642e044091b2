"""Company identifiers: USCC (GB 32100-2015) and LEI (ISO 17442), checked with python-stdnum.

Messages say what is wrong in the officer's words, including the expected check
character, so a typo can be fixed at the field where it was typed.
"""

from __future__ import annotations

from stdnum import lei as _lei
from stdnum.cn import uscc as _uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.iso7064 import mod_97_10

from approvals.domain.typed_input import compact_code

USCC_LENGTH = 18
LEI_LENGTH = 20


def uscc_problem(value: str) -> str | None:
    """None when `value` is a valid Unified Social Credit Code, else what is wrong with it."""
    code = _uscc.compact(value)
    if len(code) != USCC_LENGTH:
        return f"must be {USCC_LENGTH} characters, got {len(code)}"
    try:
        _uscc.validate(code)
    except InvalidChecksum:
        expected = _uscc.calc_check_digit(code[:-1])
        return f"check character is '{code[-1]}', expected '{expected}'"
    except (InvalidFormat, InvalidComponent):
        return _uscc_character_problem(code)
    except InvalidLength:
        return f"must be {USCC_LENGTH} characters"
    return None


def lei_problem(value: str) -> str | None:
    """None when `value` is a valid Legal Entity Identifier, else what is wrong with it."""
    code = _lei.compact(value)
    if len(code) != LEI_LENGTH:
        return f"must be {LEI_LENGTH} characters, got {len(code)}"
    if not code.isalnum() or not code.isascii():
        return "may contain only the letters A–Z and digits"
    try:
        _lei.validate(code)
    except InvalidChecksum:
        expected = mod_97_10.calc_check_digits(code[:-2])
        return f"check digits are '{code[-2:]}', expected '{expected}'"
    except (InvalidFormat, InvalidComponent, InvalidLength):
        return "is not a valid LEI"
    return None


_USCC_LETTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Letters a USCC never has, typed for the digit they look like.
_LOOK_ALIKES = {"O": "0", "I": "1", "S": "5", "Z": "2"}


def _uscc_character_problem(code: str) -> str:
    """Which character a USCC may not have, and where (the first one)."""
    for position, char in enumerate(code, start=1):
        if position <= 8 and not char.isdigit():
            hint = f" (the digit {_LOOK_ALIKES[char]}?)" if char in _LOOK_ALIKES else ""
            return f"character {position} is '{char}': the first 8 characters are digits{hint}"
        if char not in _USCC_LETTERS:
            hint = f" (the digit {_LOOK_ALIKES[char]}?)" if char in _LOOK_ALIKES else ""
            return (f"character {position} is '{char}', which a USCC never has (digits and "
                    f"A–Y except I, O, S, V, Z){hint}")
    return "contains characters not allowed in a USCC (digits and A–Y except I, O, S, V, Z)"


def normalise_uscc(value: str) -> str:
    """The code as pasted, as stored: full-width characters, spaces, hyphens, line breaks
    and zero-width characters from a web page taken out; upper case."""
    return compact_code(value)


def normalise_lei(value: str) -> str:
    """As `normalise_uscc`: ISO 17442 codes are upper-case letters and digits."""
    return compact_code(value)


def reference_order(reference: str) -> tuple[str, int, str]:
    """A reference's place among others: by its number, not its text (AP-2026-10000 after
    AP-2026-9999, where text put it between AP-2026-1000 and AP-2026-1001)."""
    head, _, number = reference.rpartition("-")
    return head, len(number), number
