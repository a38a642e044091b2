"""What the case window's tabs share. Each tab (Screening, Tracks, Timeline, Documents,
Comments) is a mixin of `CaseView` in a module of its own, deriving from `CaseTab`: the
window's state (the case read, the viewer, the task runner), its signals, and the few
methods a tab calls that live elsewhere (declared here for the type checker; `CaseView` or
another tab defines them).

Mixins rather than a widget per tab: the tabs read and reload the same case, gate their
buttons on the same roles, and the tests and the main window reach each tab's parts as the
window's own (`view.documents_table`, `view.ask_action`), once the tab has been shown: its
controls are made then (CaseView._make_tab).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QPushButton, QScrollArea, QTabWidget, QWidget

from approvals.paths import DataDir
from approvals.services.workflow import FilingTrackView
from approvals.store.audit import Actor
from approvals.ui.case_data import CaseData
from approvals.ui.case_dialogs import ActionDialog, EditConditionDialog
from approvals.ui.document_access import DocumentAccessDialog
from approvals.ui.review import ProposalsDialog
from approvals.ui.workers import BoundRunner, TaskRunner


class CaseTab(QWidget):
    """The case window as its tabs see it (`CaseView` sets all of this)."""

    loaded = Signal(str)  # reference, whenever the view has been (re)filled
    action_done = Signal(str)  # the transition name, after it was stored
    changed = Signal()  # something of the case was stored (the case list may change)
    # What the Documents page scrolled to, kept in sight over the next fill as well.
    _in_view_after_fill: QWidget | None = None

    runner: TaskRunner
    tasks: BoundRunner  # results for a closed window are dropped
    actor: Actor
    data_dir: DataDir
    reference: str
    data: CaseData | None
    tabs: QTabWidget
    tracks_page: QWidget
    timeline_page: QScrollArea
    track_buttons: dict[str, QPushButton]
    _action_columns: int  # how the step buttons are laid out now
    action_dialog: ActionDialog | None
    edit_condition_dialog: EditConditionDialog | None
    screening_page: QWidget
    documents_page: QScrollArea
    comments_page: QScrollArea
    access_dialog: DocumentAccessDialog | None
    proposals: ProposalsDialog | None
    documents_filter: QLineEdit

    if TYPE_CHECKING:
        # CaseView's (the window's loading, gating and header) ...
        def reload(self) -> None: ...
        def _stored(self, _result: Any = None) -> None: ...
        def _refused(self, title: str) -> Any: ...
        def _gate(self, button: QPushButton, permission: str, tooltip: str = "") -> None: ...
        def _wanted_track_row(self, tracks: Sequence[FilingTrackView]) -> int | None: ...
        def edit_facts(self, at: str | None = None) -> None: ...
        def _update_comment_button(self) -> None: ...
        def _made(self, page: QWidget) -> bool: ...

        # ... and the Documents tab's, which the Tracks and Timeline tabs use.
        def _closed_case(self) -> str: ...
        def _scroll_documents_to(self, widget: QWidget) -> None: ...
