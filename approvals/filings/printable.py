"""Every text of a filing as it will print (fonts.printable), and where it could not print
as typed: an `Attention` box on page 1 lists each field whose characters print as their
code points (⟨U+20000⟩), so nothing an officer typed vanishes or becomes an empty box
without the filing saying so. Applied to the content, so the fingerprint is of what prints.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from approvals.filings import content as c
from approvals.filings.fonts import DAMAGED, code_point, printable

# Code points listed per field and reason before "and N more".
LISTED = 8


class _Report:
    def __init__(self) -> None:
        # where -> why -> code points (first seen order, no repeats)
        self.places: dict[str, dict[str, dict[str, None]]] = {}

    def text(self, value: str, where: str) -> str:
        out, found = printable(value)
        for char, why in found:
            self.places.setdefault(where, {}).setdefault(why, {})[code_point(char)] = None
        return out

    def value(self, value: Any, where: str) -> Any:
        """Strings anywhere in `value` (tuples of them, dataclasses) made printable."""
        if isinstance(value, str):
            return self.text(value, where)
        if isinstance(value, tuple):
            return tuple(self.value(v, where) for v in value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return dataclasses.replace(value, **{
                f.name: self.value(getattr(value, f.name), where)
                for f in dataclasses.fields(value) if f.init})
        return value

    def items(self) -> tuple[tuple[str, str], ...]:
        out = []
        for where, reasons in self.places.items():
            parts = []
            for why, codes in reasons.items():
                listed = list(codes)[:LISTED]
                more = len(codes) - len(listed)
                shown = " ".join(listed) + (f" and {more} more" if more else "")
                # U+FFFD prints as itself (�), the others as their code points.
                parts.append(f"{shown} ({why})" if why == DAMAGED else f"⟨{shown}⟩ ({why})")
            out.append((where, "; ".join(parts)))
        return tuple(out)


def _heading(block: c.Heading) -> str:
    return f"{block.zh} {block.en}" if block.zh else block.en


def check_document(doc: c.FilingDocument) -> c.FilingDocument:
    """`doc` with every text printable and, where any character could not print as typed,
    an Attention block after the missing-information box (drafts and finals alike: the
    reader of a final must know what ⟨U+…⟩ stands for). Checking a checked document again
    gives it back unchanged."""
    report = _Report()
    # Already checked: its list stands (what printed as code points is no longer found).
    checked = next((b.items for b in doc.blocks if isinstance(b, c.Attention)), ())
    fixed = dataclasses.replace(
        doc, reference=report.text(doc.reference, "reference"),
        title_en=report.text(doc.title_en, "title"),
        title_zh=report.value(doc.title_zh, "title"))
    section = fixed.title_en
    blocks: list[c.Block] = []
    for block in doc.blocks:
        if isinstance(block, c.Attention):
            continue  # made afresh below
        if isinstance(block, c.Heading):
            section = printable(_heading(block))[0]  # where, itself printable
            block = report.value(block, section)
        elif isinstance(block, c.Fields):
            rows = []
            for row in block.rows:
                label = f"{row.label_zh} {row.label_en}" if row.label_zh else row.label_en
                rows.append(report.value(row, f"{section} › {printable(label)[0]}"))
            block = c.Fields(tuple(rows))
        elif isinstance(block, c.Table):
            headers = report.value(block.headers, section)
            table_rows = tuple(
                tuple(report.text(cell, f"{section} › {headers[i] if i < len(headers) else i}"
                                        f", row {n}") for i, cell in enumerate(row))
                for n, row in enumerate(block.rows, start=1))
            block = dataclasses.replace(block, headers=headers, rows=table_rows,
                                        headers_zh=report.value(block.headers_zh, section))
        else:
            block = report.value(block, section)
        blocks.append(block)
    listed = {where for where, _ in checked}
    items = checked + tuple(item for item in report.items() if item[0] not in listed)
    if items:
        at = 1 if blocks and isinstance(blocks[0], c.Missing) else 0
        blocks.insert(at, c.Attention(items))
    return dataclasses.replace(fixed, blocks=tuple(blocks))
