"""The question asked before facts that a case already holds become another case: from
File → Import case facts… and from the intake wizard's Finish alike. A second case of one
deal files everything twice, so it is made only on purpose. Asked too of facts that are
not the same but name the target and investor of an open case (cases_of_the_same_deal)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from approvals.services.cases import SAME_PARTIES, SameFacts


def ask_about_same_facts(parent: QWidget, *, object_name: str, title: str, subject: str,
                         consequence: str, same: Sequence[SameFacts],
                         make_another: Callable[[], object],
                         open_case: Callable[[str], object] | None = None) -> QMessageBox:
    """Say which cases already hold the facts ("`subject` already in AP-2026-0003 (open).")
    and what another case would mean; offer to open the first of them (with `open_case`),
    to make another case on purpose, or to cancel. Shown without blocking."""
    box = QMessageBox(parent)
    box.setObjectName(object_name)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    first = same[0]
    if not first.whole:  # not these facts: an open case of the same target and investor
        subject = SAME_PARTIES
        consequence = f"It may be the same deal entered again. {consequence}"
    box.setText(f"{subject} already in {', '.join(s.words for s in same)}.")
    box.setInformativeText(consequence)
    open_first = (box.addButton(f"&Open {first.reference}", QMessageBox.ButtonRole.AcceptRole)
                  if open_case is not None else None)
    another = box.addButton("&Make another case", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("&Cancel", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_first or cancel)
    box.setEscapeButton(cancel)

    def answered(button: QAbstractButton) -> None:
        if button is open_first and open_case is not None:
            open_case(first.reference)
        elif button is another:
            make_another()

    box.buttonClicked.connect(answered)
    box.open()
    return box
