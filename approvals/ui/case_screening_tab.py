"""The case window's Screening tab (a mixin of CaseView) and the question a re-screening asks."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from approvals.domain import workflow as wf
from approvals.domain.approval_changes import Unscreened
from approvals.domain.clocks import fmt_date
from approvals.domain.errors import ConflictError
from approvals.domain.facts import stored_facts
from approvals.domain.screening import ScreeningResult, screen
from approvals.domain.wording import and_joined
from approvals.services import screening as screening_service
from approvals.services.audit_view import person_named
from approvals.services.rulebook import rulebook_for
from approvals.services.screening import StoredScreening
from approvals.ui.case_tab import CaseTab
from approvals.ui.errors import show_error
from approvals.ui.widgets import (
    ConfirmChange,
    DeterminationsView,
    badge_html,
    humanise,
    named_scroll,
    utc_text,
    verify_note_html,
)
from approvals.ui.wizard import readable_paths


def rescreen_question(reference: str, rulebook: str, as_of: date, changed: Sequence[str],
                      new_tracks: Sequence[str], *, include_proposed: bool | None = None) -> str:
    """What accepting the re-screening shown does, asked with its reason (plain text): the
    screening it stores (with or without the reported / proposed measures, when that
    setting was changed: `include_proposed` not None), the outcomes it changes, the
    tracks it opens."""
    outcomes = (f" It changes {'; '.join(changed)}." if changed
                else " No determination changes.")
    opens = (f" It opens a new filing track for {', '.join(new_tracks)}." if new_tracks
             else " It opens no filing track.")
    measures = ("" if include_proposed is None else
                " including the reported / proposed measures" if include_proposed else
                " without the reported / proposed measures")
    return (f"Store the screening of {reference} with rulebook {rulebook} as of "
            f"{fmt_date(as_of)}{measures} as its current screening? The one stored now stays in its "
            f"history.{outcomes}{opens} Give the reason: it is recorded in the audit trail.")


class ScreeningTab(CaseTab):
    """The Screening tab: the determinations stored for the case, the preview of a
    re-screening under the facts and rulebook of today, and accepting it."""

    # The Screening tab's first sentence (who screened, when) without the note that the
    # facts changed since, and whether they did: a re-screening answers that note.
    _screening_head = ""
    _facts_changed = False

    def _screening_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.screening_info = QLabel()
        self.screening_info.setObjectName("screeningInfo")
        self.screening_info.setWordWrap(True)
        self.determinations = DeterminationsView()
        self.rescreen_button = QPushButton("Re-scree&n with today's rules")
        self.rescreen_button.setObjectName("rescreenButton")
        self.rescreen_button.clicked.connect(self.rescreen)
        # The stored screening's setting to start with; changed, the next re-screening
        # (and accepting it) uses the new one: the way to screen CN-US-CAPITAL, and to
        # open its track, after the case was created without it.
        self.include_proposed_box = QCheckBox("Incl&ude reported / proposed measures")
        self.include_proposed_box.setObjectName("rescreenIncludeProposed")
        self.include_proposed_box.setToolTip(
            "Re-screen with the measures reported or proposed but not yet in force too "
            "(CN-US-CAPITAL); accepting that screening keeps the setting for this case")
        self.include_proposed_box.toggled.connect(self._forget_rescreen)
        self.changes_label = QLabel()
        self.changes_label.setObjectName("rescreenChanges")
        self.changes_label.setWordWrap(True)
        self.changes_label.setTextFormat(Qt.TextFormat.RichText)
        self.accept_button = QPushButton("Accept the ne&w screening…")
        self.accept_button.setObjectName("acceptRescreenButton")
        self.accept_button.setVisible(False)
        self.accept_button.clicked.connect(self.accept_rescreen)
        # What the re-screening shown would store and open, asked before it is accepted.
        self.rescreen_question = ""
        self._rescreen_include = False  # the setting the re-screening shown used
        self._rescreen_version: int | None = None  # the case version it screened
        self._rescreen_rulebook: str | None = None  # and the rulebook version it used
        self.rescreen_confirm: ConfirmChange | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.rescreen_button)
        buttons.addWidget(self.include_proposed_box)
        buttons.addWidget(self.accept_button)
        buttons.addStretch(1)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.screening_info)
        # Re-screening and what it would change under the note that asks for it: below the
        # determinations (a page and a half of reasons) neither the button nor its result
        # was in sight of the note.
        inner_layout.addLayout(buttons)
        inner_layout.addWidget(self.changes_label)
        inner_layout.addWidget(self.determinations)
        inner_layout.addStretch(1)
        scroll = named_scroll(inner, "screeningScroll", "Screening")
        layout.addWidget(scroll)
        return page

    def _show_screening(self, screening: StoredScreening | None,
                        unscreened: Unscreened,
                        people: Mapping[str, str] | None = None,
                        unverified: frozenset[str] = frozenset()) -> None:
        """`unscreened`: the facts changed since the screening and the regimes whose
        determinations they change (CaseBundle.unscreened); no regime: its reasons hold
        for the facts as edited. `people`: user_names(), who screened and who last edited
        the facts in words ("Li Wei (li.wei)", as the header names the owner).
        `unverified`: the cited rules the rulebook marks unverified, their citations
        marked "(verify)" and the mark explained once under the heading."""
        changed_since = unscreened.changes
        regimes = sorted(unscreened.regimes)
        people = people or {}
        if screening is None:
            self.screening_info.setText("This case has not been screened yet.")
            self.determinations.set_determinations([])
        else:
            proposed = " including reported measures" if screening.include_proposed else ""
            stale = ""
            if changed_since:
                # Edited facts are not screened again by themselves: the reasons below
                # still quote the old values (a stake of 12.5 % after it was set to 15 %).
                last = max(changed_since, key=lambda c: c.at)
                fields = sorted({readable_paths(c.path) for c in changed_since})
                stale = (f"<br><b>The facts have changed since</b> "
                         f"({html.escape(', '.join(fields))}; last by "
                         f"{html.escape(person_named(last.actor, people))}"
                         f" at {utc_text(last.at)}): " + (
                             f"the reasons for {html.escape(and_joined(regimes))} quote "
                             "values that changed. Re-screen and accept the new screening: "
                             "until then their Approve for filing and final filings wait for "
                             "it." if regimes else
                             "screened again as of the same date with the same rulebook, "
                             "they give these determinations and reasons word for word, so "
                             "no new screening is needed."))
            by = screening.created_by
            self._screening_head = (
                f"Screened as of <b>{screening.as_of}</b> with rulebook "
                f"<b>{html.escape(screening.rulebook_version)}</b>{proposed}, by "
                f"{html.escape(person_named(by, people))}"
                f" at {utc_text(screening.created_at)}.")
            verify = f"<br>{verify_note_html(unverified)}" if unverified else ""
            self.screening_info.setText(self._screening_head + verify + stale)
            self.determinations.set_determinations(screening.result.determinations, unverified)
        self._facts_changed = bool(screening is not None and changed_since)
        with QSignalBlocker(self.include_proposed_box):
            self.include_proposed_box.setChecked(bool(screening and screening.include_proposed))
        self._forget_rescreen()

    def _forget_rescreen(self) -> None:
        """No re-screening shown to accept (a new one stored, or the setting changed)."""
        self.changes_label.setText("")
        self.changes_label.setVisible(False)  # no empty line between the buttons and the list
        self.accept_button.setVisible(False)
        self.rescreen_question = ""  # re-screen again to accept

    def rescreen(self) -> None:
        """Screen the stored facts with today's rules and show what would change."""
        if self.data is None:
            return
        stored = self.data.screening
        old = stored.result.outcomes() if stored else {}
        include = self.include_proposed_box.isChecked()
        setting_changed = include != bool(stored and stored.include_proposed)
        facts, data_dir = self.data.bundle.facts, self.data_dir
        version = self.data.bundle.case.version  # the facts screened: accepted against it
        # Regimes with a track still running; accepting opens one for any other that needs
        # action (a reopened case's tracks were withdrawn when it was closed).
        running = {t.regime for t in self.data.tracks if t.state != "withdrawn"}
        ended = {t.regime for t in self.data.tracks if t.state == "withdrawn"}
        # Still to be decided or closed: a track the new outcome may leave needing no filing.
        undecided = {t.regime for t in self.data.tracks if not wf.is_final(t.kind, t.state)}

        def work(_progress: Any) -> ScreeningResult:
            # The data folder's rulebook (an installed update, else the shipped one): the
            # one accepting the re-screening applies (services.screening).
            return screen(stored_facts(facts), date.today(), include,
                          rulebook=rulebook_for(data_dir))

        def done(result: ScreeningResult) -> None:
            rows, changed = [], []
            for det in result.determinations:
                regime, outcome = det.regime, det.outcome
                before = old.get(regime)
                if before != outcome:
                    rows.append(f"<li><b>{html.escape(regime)}</b>: "
                                f"{badge_html(before) if before else 'not screened'} → "
                                f"{badge_html(outcome)}</li>")
                    changed.append(f"{regime} from "
                                   f"{humanise(before).lower() if before else 'not screened'}"
                                   f" to {humanise(outcome).lower()}")
            screened = {det.regime for det in result.determinations}
            for regime, before in old.items():  # CN-US-CAPITAL, the measures left out
                if regime not in screened:
                    rows.append(f"<li><b>{html.escape(regime)}</b>: {badge_html(before)} → "
                                "not screened</li>")
                    changed.append(f"{regime} from {humanise(before).lower()} to not screened")
            # Same outcome, other grounds (an update correcting a citation): the filings
            # print the stored grounds, so accepting is offered for these too.
            recited = list(result.cited_differently(stored.result)) if stored else []
            for regime in recited:
                before = old[regime]
                rows.append(f"<li><b>{html.escape(regime)}</b>: {badge_html(before)} stays; "
                            "its rule or citation changes</li>")
                changed.append(f"the rule or citation of {regime} ({humanise(before).lower()})")
            rulebook = result.rulebook
            new_tracks = [det.regime for det in result.determinations
                          if det.regime not in running
                          and wf.track_kind_for(det.regime, det.outcome) is not None]
            opens = ""
            # A running track the new outcome needs no filing for stays open until the
            # officer withdraws it: said, as the draft filing still applied for it.
            unneeded = [det.regime for det in result.determinations
                        if det.regime in undecided and old.get(det.regime) != det.outcome
                        and det.outcome in wf.NO_FILING_OUTCOMES]  # not needs_info: nothing settled
            if new_tracks:  # unchanged outcomes too: else a reopened case had no way back
                withdrawn = [r for r in new_tracks if r in ended]
                opens = (f"<p>Accepting it opens a new filing track for "
                         f"<b>{html.escape(', '.join(new_tracks))}</b>"
                         + ("" if not withdrawn else " beside the one withdrawn"
                            if len(withdrawn) == 1 else " beside those withdrawn") + ".</p>")
            if unneeded:  # beside a track opened for another regime too
                one = len(unneeded) == 1
                opens += (f"<p>Accepting it leaves the <b>{html.escape(', '.join(unneeded))}"
                          f"</b> track{'' if one else 's'} open: the new "
                          f"{'outcome needs' if one else 'outcomes need'} no filing. Withdraw "
                          f"{'it' if one else 'them'} on the Tracks tab (Withdraw, with a "
                          "reason) once you have accepted it.</p>")
            self.rescreen_question = rescreen_question(
                self.reference, rulebook, result.as_of, changed, new_tracks,
                include_proposed=include if setting_changed else None)
            self._rescreen_include = include
            self._rescreen_version = version
            self._rescreen_rulebook = rulebook
            if rows:
                self.changes_label.setText(
                    f"<p>With rulebook <b>{html.escape(rulebook)}</b> as of today these "
                    f"determinations would change:</p><ul>{''.join(rows)}</ul>{opens}"
                    + "<p>The reasons below are the stored screening's until you accept "
                      "the new one.</p>")
                self.accept_button.setVisible(True)
            elif opens or setting_changed:
                self.changes_label.setText(
                    f"<p>No determination would change with rulebook "
                    f"<b>{html.escape(rulebook)}</b> as of today.</p>{opens}")
                self.accept_button.setVisible(True)
            elif self._facts_changed:
                # The facts edited since the screening have been screened again: the note
                # asking for that has been answered, and accepting records it (the note
                # stayed, with nothing to accept to make it go).
                self.changes_label.setText(
                    f"<p>No determination would change with rulebook "
                    f"<b>{html.escape(rulebook)}</b> as of today for the facts as they are "
                    "now. Accept the new screening to record that they were screened "
                    "again.</p>")
                self.screening_info.setText(
                    self._screening_head + "<br>Re-screened with today's rules for the facts "
                    "as edited: no determination would change.")
                self.accept_button.setVisible(True)
            else:
                self.changes_label.setText(
                    f"Nothing would change with rulebook <b>{html.escape(rulebook)}</b> as of "
                    "today.")
                self.accept_button.setVisible(False)
                self.rescreen_question = ""  # nothing to accept
            self.changes_label.setVisible(True)

        self.tasks.run(work, done, lambda exc: show_error(self, "Could not re-screen", exc))

    def accept_rescreen(self) -> ConfirmChange | None:
        """Ask before storing the new screening: what it stores and opens, and why (the
        reason goes into the audit trail, as a track step's or a deactivation's does).
        Cancel or Escape changes nothing."""
        if self.data is None or not self.rescreen_question \
                or not self.accept_button.isEnabled():
            return None
        case_id = self.data.bundle.case.id
        dialog = ConfirmChange(self, title="Accept the new screening",
                               text=self.rescreen_question, action="&Accept",
                               object_name="acceptRescreenConfirm", reason=True)
        if self.rescreen_confirm is not None:  # the one asked before, answered by now
            self.rescreen_confirm.deleteLater()
        self.rescreen_confirm = dialog
        return dialog.ask(lambda reason: self._accept_rescreen(case_id, reason))

    def _accept_rescreen(self, case_id: int | None, reason: str) -> None:
        # The case version whose facts were re-screened and shown: facts a colleague
        # edited meanwhile (a reload since) would be screened anew, unseen, and accepted.
        actor, include, version = self.actor, self._rescreen_include, self._rescreen_version
        book = self._rescreen_rulebook
        assert case_id is not None  # a stored case
        refused = self._refused("Could not accept the new screening")

        def failed(exc: BaseException) -> None:
            refused(exc)
            if isinstance(exc, ConflictError):  # the comparison shown no longer holds
                self.reload()

        self.tasks.write(
            lambda s: screening_service.accept_rescreen(session=s, case_id=case_id, actor=actor,
                                                        reason=reason, include_proposed=include,
                                                        expected_version=version,
                                                        expected_rulebook=book),
            self._stored, failed)
