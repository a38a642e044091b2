"""A filing's QR code: ReportLab's encoder, its mask chosen by a faster, equal scoring.

`QRCode.make()` lays the code out with each of the eight masks and scores each layout
(`QRUtil.getLostPoint`), walking the modules as Python lists of booleans: about 15 ms of
a filing's first page, and the QR value (it holds the document's fingerprint) differs from
one document to the next. `lost_point` gives the same score from the rows and columns as
strings of "0" and "1" (bytes) (and the rows as integers for the 2×2 blocks), so the mask chosen,
and with it the code and the PDF's bytes, stay those of ReportLab's `make()`.
"""

from __future__ import annotations

import itertools
import re

from reportlab.graphics.barcode import qrencoder

# Five or more modules of one colour in a line (rule 1 of the QR standard's penalty).
_RUN = re.compile(b"0{5,}|1{5,}")
# The finder-like pattern ReportLab looks for along a row (rule 3): dark, light, three
# dark, light, dark, then four light.
_FINDER_LIKE = b"10111010000"
# A module (False/True, as bytes 0/1) as the digit "0" or "1".
_DIGIT = bytes.maketrans(b"\x00\x01", b"01")


def lost_point(modules: list[list[bool]]) -> int:
    """`QRUtil.getLostPoint` of a code laid out as `modules` (rows of booleans), the same
    figure: its quirks kept, since they decide which mask is chosen."""
    rows = [bytes(row).translate(_DIGIT) for row in modules]
    columns = [bytes(column) for column in zip(*rows, strict=True)]
    count = len(rows)
    # Rule 1: a line's run of n >= 5 modules of one colour costs n - 2, rows and columns.
    score = sum(len(run) - 2 for line in (*rows, *columns) for run in _RUN.findall(line))
    # Rule 2: 3 for each 2×2 block of one colour (blocks overlap). Bit k of a row's integer
    # is its module count - 1 - k; a block is two rows agreeing in two neighbouring
    # columns, the upper row's two modules agreeing with each other.
    full, pairs = (1 << count) - 1, (1 << (count - 1)) - 1
    numbers = [int(row, 2) for row in rows]
    for upper, lower in itertools.pairwise(numbers):
        agree = ~(upper ^ lower) & full
        level = ~(upper ^ (upper >> 1)) & pairs
        score += 3 * (agree & (agree >> 1) & level).bit_count()
    # Rule 3: 40 for each finder-like pattern along a row, as ReportLab scans for it: from
    # the left, not overlapping, never reaching the row's last module. Its pass along the
    # columns compares a column (a tuple) with the pattern (a list), which never match, so
    # the columns add nothing there and add nothing here.
    score += 40 * sum(row[:count - 1].count(_FINDER_LIKE) for row in rows)
    # Rule 4: 10 for each 5 % the share of dark modules lies away from half.
    dark = sum(row.count(b"1") for row in rows)
    return score + 10 * (abs(100 * dark // (count * count) - 50) // 5)


def make(code: qrencoder.QRCode) -> None:
    """`code.make()`, the mask scored by `lost_point`: the first of the eight masks with
    the lowest score (as `QRCode.getBestMaskPattern`)."""
    if code.version is None:
        code.version = code.calculate_version()
    scores = []
    for mask in range(8):
        code.makeImpl(True, mask)
        scores.append(lost_point(code.modules))
    code.makeImpl(False, scores.index(min(scores)))
