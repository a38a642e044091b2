"""The case window's Comments tab (a mixin of CaseView) and how a comment's time is said."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from approvals.domain.wording import as_written
from approvals.services.audit_view import person_named
from approvals.services.documents import DocumentInfo
from approvals.services.workspace import CaseBundle, add_comment
from approvals.ui.case_layout import ResizedPage
from approvals.ui.case_tab import CaseTab
from approvals.ui.widgets import laid_out_line, text_field
from approvals.ui.wizard import readable_paths


def comment_time(stamp: str) -> str:
    """When a comment was written, on this computer's clock and saying which it is:
    "2026-12-01 10:51 UTC+8" ("UTC" itself there, "UTC+5:30" in India). The stored UTC
    time read as the officer's own clock time was eight hours off in Beijing."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return stamp
    minutes = round((moment.utcoffset() or timedelta()).total_seconds() / 60)
    hours, rest = divmod(abs(minutes), 60)
    zone = ("UTC" if not minutes else
            f"UTC{'+' if minutes > 0 else '-'}{hours}" + (f":{rest:02d}" if rest else ""))
    return f"{moment:%Y-%m-%d %H:%M} {zone}"


# Comments are part of the record: stored as written, with an audit event each.
COMMENTS_KEPT = ("A comment is kept as written: it cannot be edited or deleted afterwards, "
                 "and the Timeline records it.")


class CommentsTab(CaseTab):
    """The Comments tab: the case's comments, kept as written, and the box to add one."""

    # The box a comment is typed in: four lines high, two on a tab fewer than this many
    # lines high (200 % on a laptop screen), where four lines and the button's row under
    # them left about two comments in view.
    COMMENT_BOX_LINES, SHORT_COMMENT_BOX_LINES, SHORT_COMMENTS_TAB_LINES = 4, 2, 20

    def _comments_tab(self) -> QWidget:
        page = ResizedPage()
        page.resized.connect(self._fit_comment_box)
        layout = QVBoxLayout(page)
        self.comments = QTextBrowser()
        self.comments.setObjectName("comments")
        self.comments.setAccessibleName("Comments")
        self.comment_edit = text_field(QPlainTextEdit, "commentEdit", "New comment",
                                       "Write a comment… (Ctrl+Enter adds it)")
        self.comment_edit.setTabChangesFocus(True)
        # Said before one is written: there is no Edit or Delete to look for afterwards.
        self.comment_edit.setToolTip(COMMENTS_KEPT)
        self.comment_edit.setAccessibleDescription(COMMENTS_KEPT)
        self._set_comment_box_lines(self.COMMENT_BOX_LINES)
        add = QPushButton("Add comme&nt")
        add.setObjectName("addCommentButton")
        add.clicked.connect(self.add_comment)
        self.add_comment_button = add
        self.comment_edit.textChanged.connect(self._update_comment_button)
        QShortcut(QKeySequence("Ctrl+Return"), self.comment_edit, self.add_comment
                  ).setWhatsThis("Add the comment")
        # Oldest first, read down to the box the next one is typed in: shown at the end
        # (the newest), and kept there as it grows. A case with hundreds of comments
        # opened at the first, and the comment just added was out of sight at the bottom
        # (showing them again went back to the top). A place scrolled up to is kept.
        self._comments_at_end = True
        # A comment being stored: a second Ctrl+Enter meanwhile added it twice, and a
        # comment is never deleted.
        self._adding_comment = False
        bar = self.comments.verticalScrollBar()
        bar.actionTriggered.connect(lambda _action: self._note_comments_place())
        bar.sliderReleased.connect(self._note_comments_place)
        bar.rangeChanged.connect(lambda _low, _high: self._keep_comments_place())
        layout.addWidget(self.comments, 1)
        # The button beside the box, at its foot: a row of its own under it cost the
        # comments a line and a half.
        row = QHBoxLayout()
        row.addWidget(self.comment_edit, 1)
        row.addWidget(add, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(row)
        return page

    def _set_comment_box_lines(self, lines: int) -> None:
        # Lines as the box lays them out (laid_out_line): by lineSpacing() (15 under GNOME's
        # Sans 10, lines of 16) a comment of four lines scrolled in the four-line box.
        self.comment_edit.setFixedHeight(laid_out_line(self.comment_edit.fontMetrics()) * lines
                                         + 12)

    def _fit_comment_box(self, height: int) -> None:
        line = self.comment_edit.fontMetrics().lineSpacing()
        short = height < line * self.SHORT_COMMENTS_TAB_LINES
        self._set_comment_box_lines(self.SHORT_COMMENT_BOX_LINES if short
                                    else self.COMMENT_BOX_LINES)

    def _note_comments_place(self) -> None:
        """Whether the officer, scrolling, left the comments at their end (the newest)."""
        bar = self.comments.verticalScrollBar()
        self._comments_at_end = bar.sliderPosition() >= bar.maximum()

    def _keep_comments_place(self) -> None:
        """At the end still when the comments grow or are laid out again (a reload, the
        tab first shown, a narrower window)."""
        if self._comments_at_end:
            # The text cursor there too: the view scrolls back to it when it is shown or
            # takes the focus (it was at the top after setHtml).
            self.comments.moveCursor(QTextCursor.MoveOperation.End)
            bar = self.comments.verticalScrollBar()
            bar.setValue(bar.maximum())

    def _show_comments(self, bundle: CaseBundle, people: Mapping[str, str],
                       documents: Sequence[DocumentInfo] = ()) -> None:
        bar = self.comments.verticalScrollBar()
        kept = bar.value()  # setHtml goes back to the top
        if not bundle.comments:
            self.comments.setHtml(f"<p><i>No comments yet.</i> {COMMENTS_KEPT}</p>")
            return
        file_names = {d.id: d.file_name for d in documents}
        parts = []
        for c in bundle.comments:
            # By its name ("Unified Social Credit Code (Target company)"), as the timeline has it.
            where = (f" on <i>{html.escape(readable_paths(c.field_path))}</i>"
                     if c.field_path else "")
            if c.document_id is not None:
                # A reviewer's comment on a document of the pack: which one ("Page 3 is
                # missing" said nothing about which file). A document since deleted, or not
                # listed to this officer, by its number.
                named = file_names.get(c.document_id)
                where += (f" on the document <i>{html.escape(named)}</i>" if named
                          else f" on document #{c.document_id}")
            origin = " (from a review pack)" if c.origin != "local" else ""
            # pre-wrap: spaces, tabs and indents shown as written (a pasted table's columns).
            body = (f'<span style="white-space: pre-wrap">'
                    f'{html.escape(c.body).replace(chr(10), "<br>")}</span>')
            author = person_named(c.author, people)
            parts.append(f"<p><b>{html.escape(author)}</b>{where}{origin} · "
                         f"<small>{html.escape(comment_time(c.created_at))}</small><br>"
                         f"{body}</p>")
        self.comments.setHtml("".join(parts))
        if self._comments_at_end:
            self._keep_comments_place()
        else:
            bar.setValue(kept)
            # The text cursor at the place kept (see _keep_comments_place).
            self.comments.setTextCursor(self.comments.cursorForPosition(QPoint(0, 0)))

    def add_comment(self) -> None:
        sent = self.comment_edit.toPlainText()
        body = as_written(sent)
        if not body or self._adding_comment:
            return
        if not self.add_comment_button.isEnabled():
            # Ctrl+Enter with the button greyed out (a comment over the limit): the
            # button's reason, where the keys were pressed, not the service's refusal.
            edit = self.comment_edit
            QToolTip.showText(edit.mapToGlobal(edit.rect().bottomLeft()),
                              self.add_comment_button.toolTip(), edit)
            return
        actor, reference = self.actor, self.reference
        refused = self._refused("Could not add the comment")

        def stored() -> None:
            self._adding_comment = False
            self._update_comment_button()

        def done(_c: Any) -> None:
            # Only what was sent goes: text typed while it was being stored (the box
            # stays open) is kept, as the Documents tab keeps a reason typed meanwhile.
            now = self.comment_edit.toPlainText()
            if now.startswith(sent):
                self.comment_edit.setPlainText(now[len(sent):].lstrip("\n"))
                self.comment_edit.moveCursor(QTextCursor.MoveOperation.End)
            elif as_written(now) == body:
                self.comment_edit.clear()
            stored()
            self._comments_at_end = True  # the comment just added in sight, at the end
            self.reload()

        def failed(exc: BaseException) -> None:
            stored()  # the text stays in the box, to try again
            refused(exc)

        self._adding_comment = True
        self._update_comment_button()
        self.tasks.write(lambda s: add_comment(s, actor=actor, reference=reference, body=body),
                          done, failed)
