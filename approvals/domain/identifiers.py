"""Company identifiers: USCC (GB 32100-2015) and LEI (ISO 17442), checked with python-stdnum.

Messages say what is wrong in the officer's words, including the expected check
character, so a typo can be fixed at the field where it was typed.
"""

from __future__ import annotations

from stdnum import lei as _lei
from stdnum.cn import uscc as _uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.iso7064 import mod_97_10

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
        return "contains characters not allowed in a USCC (digits and A–Y except I, O, S, V, Z)"
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


def normalise_uscc(value: str) -> str:
    return _uscc.compact(value)


def normalise_lei(value: str) -> str:
    return _lei.compact(value)
