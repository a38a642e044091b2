"""The question asked before facts that a case already holds become another case: from
File → Import case facts… and from the intake wizard's Finish alike. A second case of one
deal files everything twice, so it is made only on purpose. Asked too of facts that are
not the same but name the target and investor of an open case (cases_of_the_same_deal).
And what an imported file's facts leave to check once its case is made
(`show_facts_to_check`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from approvals.services.cases import SAME_PARTIES, SameFacts
from approvals.ui.widgets import put_long_report


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


def show_facts_to_check(parent: QWidget, *, reference: str, file_name: str,
                        problems: Sequence[str], open_case: Callable[[str], object]
                        ) -> QMessageBox:
    """The case `reference` is made from `file_name` as the file says; each of its facts
    that the wizard would have held at its field (a completion before the signing, an
    amount finer than its currency) is a line to correct. Offers to open the case, where
    Edit facts… shows each at its field. Shown without blocking."""
    box = QMessageBox(parent)
    box.setObjectName("factsToCheck")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Import case facts")
    count = f"{len(problems)} facts" if len(problems) > 1 else "a fact"
    box.setText(f"Created case {reference} from {file_name}, with {count} to check:")
    # A bullet a fact: each wraps over two or three lines.
    put_long_report(box, [f"• {problem}" for problem in problems],
                    after="\n\nThe case holds them as the file gave them: correct them "
                          "with Edit facts… in the case.")
    open_it = box.addButton(f"&Open {reference}", QMessageBox.ButtonRole.AcceptRole)
    close = box.addButton("&Close", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_it)
    box.setEscapeButton(close)
    box.buttonClicked.connect(lambda button: open_case(reference) if button is open_it else None)
    box.open()
    return box
