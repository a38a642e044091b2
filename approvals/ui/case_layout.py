"""Layout pieces the case window's tabs share: scroll areas that size to their rows or to the
page, a page that says when it is resized, the note a blocked button leaves, the style of
the header's banners, and the invisible character that keeps two words on one line.
"""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from approvals.ui.widgets import is_dark


def blocked_note(object_name: str) -> QLabel:
    """A hidden line under a row of buttons that says, in plain text, why they are greyed
    out for the viewer's roles (a greyed-out button takes no focus; its tooltip was all)."""
    note = QLabel()
    note.setObjectName(object_name)
    note.setWordWrap(True)
    note.setTextFormat(Qt.TextFormat.PlainText)
    note.setVisible(False)
    return note


def banner_style(*, light: tuple[str, str], dark: tuple[str, str]) -> str:
    """A header banner's style sheet: the (background, text) pair for the palette. The
    padding is in em so it grows where a desktop enlarges its font (4 px at 9 pt); in
    pixels the words sat against the coloured edge at twice the usual font."""
    background, text = dark if is_dark() else light
    return f"background:{background}; color:{text}; padding:0.3em;"


class RowsScroll(QScrollArea):
    """As tall as its rows, up to 45 % of the screen; beyond that they scroll."""

    def sizeHint(self) -> QSize:
        inner = self.widget()
        hint = super().sizeHint()
        if inner is None:
            return hint
        wanted = inner.sizeHint()
        screen = self.screen()
        cap = int(screen.availableGeometry().height() * 0.45) if screen else wanted.height()
        return QSize(wanted.width() + self.verticalScrollBar().sizeHint().width(),
                     min(wanted.height(), cap))

    def minimumSizeHint(self) -> QSize:
        inner = self.widget()
        if inner is None:
            return super().minimumSizeHint()
        return QSize(inner.minimumSizeHint().width(), min(inner.sizeHint().height(), 60))


_Area = TypeVar("_Area", bound=QScrollArea)


def scrolled(page: QWidget | None, name: str, area: _Area) -> _Area:
    """`page` in `area`, frameless and taking no focus itself (its parts do, and it
    scrolls to the one focused): it scrolls when the window is smaller than the page.
    Without a page yet, `put_on_page` puts it there once it is made."""
    area.setObjectName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if page is not None:
        area.setWidget(page)
    return area


def empty_page() -> QWidget:
    """A tab's page whose contents are made when the tab is first shown (put_on_page)."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    return page


def put_on_page(page: QWidget, contents: QWidget) -> None:
    """`contents` made for a tab's `page` (an empty_page, or a scrolled area without its
    page), shown at once: the tab is being shown, and code that chose it reads or focuses
    its controls straight away (a child added to a shown parent shows only on the event
    loop's next pass)."""
    if isinstance(page, QScrollArea):
        page.setWidget(contents)
    else:
        layout = page.layout()
        assert layout is not None  # empty_page's
        layout.addWidget(contents)
    contents.show()


class ResizedPage(QWidget):
    """A tab's page that says its new height when resized (the window, or the scale)."""

    resized = Signal(int)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.resized.emit(event.size().height())


class DetailsScroll(QScrollArea):
    """A scroll area that says when its size changed (the window, or the splitter)."""

    resized = Signal()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.resized.emit()
