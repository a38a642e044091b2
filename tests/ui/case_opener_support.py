"""A stand-in for the part of the main window that a window linking to cases uses
(open_case and its case windows, see open_cases_check.open_case_at): the calendars, the
rulebook and the open-cases check open a case through it."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget


class CaseOpener(QWidget):
    """Keeps each reference opened, in order, and a case window for it with the real
    one's tabs, so the tab a link chooses can be read."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []
        self.case_views: dict[str, QWidget] = {}

    def open_case(self, reference: str) -> None:
        self.opened.append(reference)
        view = QWidget()
        view.tabs = QTabWidget(view)  # type: ignore[attr-defined]
        for name in ("&Overview", "&Screening", "&Tracks"):
            view.tabs.addTab(QWidget(), name)  # type: ignore[attr-defined]
        self.case_views[reference] = view
