"""Numbers and codes as people read them: training compute as powers of ten, exact figures
kept; stored codes (`approval_required`) in words.

The screening writes compute as engineers do (3.1e25); the app's screens and the printed
filings show it as 3.1 × 10²⁵, every significant digit kept (the rules compare exact
figures, so nothing is rounded).
"""

from __future__ import annotations

import math
import re
from decimal import Context, Decimal

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
# "3.1e25", "1e+25" in running text. Only ASCII letters and digits bound it: Chinese may
# follow directly (超过1e23次运算).
_E_NOTATION = re.compile(r"(?<![A-Za-z0-9_.])(\d+(?:\.\d+)?)[eE]\+?(-?\d+)(?![A-Za-z0-9_])")


def power_of_ten(value: float | int | str) -> str:
    """3.1e25 as '3.1 × 10²⁵', 1e25 as '10²⁵'; numbers below a million with thousands
    separators (1,500)."""
    exact = Decimal(value if isinstance(value, int | str) else repr(float(value)))
    if exact == 0 or not exact.is_finite():
        return str(exact)
    # With the figure's own precision: the default context's 28 digits would round 10^28 + 1.
    normal = exact.normalize(Context(prec=len(exact.as_tuple().digits)))
    sign, digits, exp = normal.as_tuple()
    power = int(exp) + len(digits) - 1
    if 0 <= power < 6:
        if exact == exact.to_integral_value():
            return f"{int(exact):,}"
        return f"{normal:,f}"  # 1.125, not 1.12: every digit kept
    mantissa = str(digits[0]) + ("." + "".join(map(str, digits[1:])) if len(digits) > 1 else "")
    head = "" if mantissa == "1" else f"{mantissa} × "
    return ("-" if sign else "") + f"{head}10{str(power).translate(_SUPERSCRIPT)}"


def kept_figure(exact: Decimal, shown: str) -> int | float:
    """`exact` as the app keeps a figure: the float that is exactly it, else (a whole
    number beyond a float's digits, 10^25 + 1) the int; a float beyond the largest is
    infinity, for the caller to refuse as too large. Raises ValueError, saying why, where
    keeping it would change it: 49.9999999999999999 % would be read as 50 % (control)."""
    number = float(exact)
    if math.isinf(number) or Decimal(repr(number)) == exact:
        return number
    if number == 0:  # 1e-400: below the smallest float
        raise ValueError(f"{shown} is too small to keep: it would be read as 0")
    if exact == exact.to_integral_value():
        return int(exact)
    raise ValueError(f"{shown} has more digits than can be kept exactly (15 significant "
                     "digits at most): round it")


def prose(text: str) -> str:
    """Running text with its e-notation numbers written as powers of ten."""
    return _E_NOTATION.sub(lambda m: power_of_ten(f"{m[1]}e{m[2]}"), text)


def humanise(code: str) -> str:
    """`approval_required` -> `Approval required` for display; codes stay in the data."""
    text = code.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun in the right number: "1 document", "3 documents" (never a
    bracketed plural)."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
