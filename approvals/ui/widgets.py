"""Small widgets shared by the wizard, the case view and the dashboard."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget

# Outcome colours: red blocks the deal, amber needs clearance, blue needs paperwork,
# green needs nothing, grey does not apply, purple asks for facts.
OUTCOME_COLOURS: dict[str, str] = {
    "prohibited": "#c62828",
    "approval_required": "#e65100",
    "filing_required": "#1565c0",
    "notification_required": "#1565c0",
    "excepted": "#2e7d32",
    "not_required": "#2e7d32",
    "not_in_force": "#616161",
    "needs_info": "#6a1b9a",
}


def is_dark() -> bool:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def error_colour() -> str:
    """Readable red on the current palette (light or dark)."""
    return "#ef9a9a" if is_dark() else "#b71c1c"


def humanise(code: str) -> str:
    """`approval_required` -> `Approval required` for display; codes stay in the data."""
    text = code.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def attr(obj: Any, name: str, default: Any = None) -> Any:
    """Read a field of a service result whether it is a dataclass or a plain dict."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def badge_html(outcome: str) -> str:
    colour = OUTCOME_COLOURS.get(outcome, "#616161")
    return (
        f'<span style="background-color:{colour}; color:#ffffff;">'
        f"&nbsp;{html.escape(humanise(outcome))}&nbsp;</span>"
    )


def determination_html(det: Any) -> str:
    regime = html.escape(str(attr(det, "regime", "")))
    outcome = str(attr(det, "outcome", ""))
    status = attr(det, "status", "")
    parts = [f"<b>{regime}</b> &nbsp;{badge_html(outcome)}"]
    if status and status != "in_force":
        parts.append(f" <i>({html.escape(humanise(str(status)))})</i>")
    items = []
    for reason in attr(det, "reasons", ()) or ():
        text = html.escape(str(attr(reason, "text", "")))
        citation = attr(reason, "citation", "")
        cite = f" <small>[{html.escape(str(citation))}]</small>" if citation else ""
        items.append(f"<li>{text}{cite}</li>")
    missing = list(attr(det, "missing", ()) or ())
    if missing:
        items.append(
            "<li>Missing facts: " + ", ".join(f"<code>{html.escape(m)}</code>" for m in missing)
            + "</li>"
        )
    if items:
        parts.append("<ul style='margin-top:2px'>" + "".join(items) + "</ul>")
    return "".join(parts)


class DeterminationsView(QWidget):
    """One block per regime: the outcome badge, the reasons with their citations."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Screening determinations")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.labels: list[QLabel] = []

    def set_determinations(self, determinations: Iterable[Any]) -> None:
        for label in self.labels:
            label.deleteLater()
        self.labels = []
        for det in determinations:
            label = QLabel(determination_html(det))
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setFrameShape(QFrame.Shape.StyledPanel)
            label.setMargin(6)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setObjectName(f"determination_{attr(det, 'regime', '')}")
            label.setAccessibleName(
                f"{attr(det, 'regime', '')}: {humanise(str(attr(det, 'outcome', '')))}"
            )
            label.setProperty("outcome", attr(det, "outcome", ""))
            self._layout.addWidget(label)
            self.labels.append(label)

    def outcomes(self) -> dict[str, str]:
        return {
            label.objectName().removeprefix("determination_"): str(label.property("outcome"))
            for label in self.labels
        }

