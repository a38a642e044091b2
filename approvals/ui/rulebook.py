"""The rulebook window: which approvals a deal needs and why, under the rules in force on a date.

Opened from View → Rulebook, non-modal. Every rule of every regime, grouped by regime,
with its standing on the "In force on" date — applies, superseded, not yet in force, no
longer in force, or not applied (a reported / proposed measure while those are left out) —
exactly as `screen(facts, as_of, include_proposed)` selects them (the standing comes from
`domain.rulebook.rule_standings`, which reads the screening's own selection). The selected
rule's titles, citations, dates, note and parameters (in words, the numbers as the
screening's reasons write them) show below the list; its citations copy to the clipboard
in both languages. A second tab lists the workflow's review time limits
(workflow/clocks.json).

The window's data (`services.rulebook.rulebook_overview`, plain dataclasses) is read from
the rule files the data folder's screenings use — the shipped ones, or an installed rulebook
update — no database, no permission: every user may read the rulebook. It is built on a
worker thread (`TaskRunner.run`), never on the GUI thread.

Above the list: which rulebook is in use (shipped, or an installed update: its version,
signer and date) and, for administrators, Install update… and Revert
(services.rulebook_updates, run on the write worker). Each asks first, with what it would
change worked out on a read worker: Install update… previews the update (InstallPreview:
versions from → to, the rule versions added / changed / withdrawn, the open cases whose
outcome it would change; plan_install), Revert names what goes back to what (plan_revert).
After either, the open cases whose outcome would change are listed
(services.screening.check_open_cases), each a link to its case window, whose Screening
tab re-screens and accepts it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from approvals.domain.errors import ApprovalsError, ConflictError
from approvals.domain.numbers import counted
from approvals.domain.permissions import PERMISSIONS, allowed, role_words
from approvals.domain.rulebook import RulebookError, version_key
from approvals.domain.typed_input import Unreadable, read_day
from approvals.paths import DataDir
from approvals.services.review import key_text_from_pack
from approvals.services.rulebook import (
    UNVERIFIED_WHY,
    ClockRow,
    FollowUpRow,
    RegimeRow,
    RulebookInUse,
    RulebookOverview,
    RuleRow,
    later_changes,
    rulebook_overview,
)
from approvals.services.rulebook_updates import (
    KIND_WORDS,
    PERMISSION,
    InstallPlan,
    NotNewer,
    RevertPlan,
    RulebookChange,
    install_rulebook_update,
    outcome_words,
    plan_install,
    plan_revert,
    revert_rulebook_update,
    signer_words,
)
from approvals.services.screening import OutcomeChange, check_open_cases, recited_words
from approvals.store.audit import Actor
from approvals.ui.errors import show_error, user_message
from approvals.ui.files import Purpose, ask_open_file
from approvals.ui.geometry import keep_geometry
from approvals.ui.open_cases_check import open_case_on_screening, open_cases_check
from approvals.ui.progress import ProgressPanel, is_cancelled, service_callbacks
from approvals.ui.review import KeysDialog
from approvals.ui.widgets import (
    ConfirmChange,
    due_soon_colour,
    error_colour,
    laid_out_line,
    palette_styled,
    redraw_on_palette_change,
    resize_to_screen,
    secondary_text_colour,
    set_available,
    show_kept,
    text_field,
    window_shortcuts,
)
from approvals.ui.workers import TaskRunner

# -- the window ----------------------------------------------------------------------------
ALL_REGIMES = ""  # the regime filter's "All regimes" entry
RULE_COLUMNS = ("Rule", "Standing", "Measure", "From", "To", "Verified", "Title", "Citation")
TITLE_COLUMN = RULE_COLUMNS.index("Title")
# The standing and the verified flag before the long texts: in view without scrolling.
CLOCK_COLUMNS = ("Track", "Phase", "Time limit", "Standing", "Verified", "Extension",
                 "Ends on a rest day", "From", "To", "Citation")
FOLLOW_UP_COLUMNS = ("Track", "Obligation", "Standing", "Verified", "Terms", "After", "From",
                     "To", "Citation")
MAX_COLUMN_CHARS = 40  # a long text column is cut there (whole in its tooltip)
ROLE_RULE = Qt.ItemDataRole.UserRole  # a rule row's id; a regime row's code (ROLE_REGIME)
ROLE_REGIME = Qt.ItemDataRole.UserRole + 1
RULEBOOK_UPDATES = Purpose("rulebook_updates", "Rulebook updates", ("zip",))
NEEDS_ADMIN = (f"Installing or reverting a rulebook update needs the "
               f"{role_words(PERMISSIONS[PERMISSION])} role.")


# (date, rule versions, the open cases' changes as of that date) after an install or revert
Later = tuple[date, tuple[str, ...], Sequence[OutcomeChange]]
OUTCOME_LINES = 5  # the install / revert outcome's height before it scrolls
SHORT_OUTCOME_LINES = 2  # ... on a short window (200 % on a laptop screen)
# The details' height in lines (they scroll): on a short window, while an outcome is shown,
# fewer, so that the rules list keeps four or five rows.
DETAILS_LINES, SHORT_DETAILS_LINES = 3, 2
TIGHT_SPACING = 3  # px between the window's rows then (the style's is about 6)
SHORT_WINDOW_LINES = 30  # a window fewer text lines high than this is short
SHORT_SPLIT_LINES = 16  # a rules list and details fewer lines high than this share little
FOLLOW_UP_ROWS = 3  # the obligations' table is as tall as its rows up to this, then scrolls
MAX_LATER_DATES = 3  # the first dates a changed version starts or ends: each is a re-screening


def _source_words(in_use: RulebookInUse) -> str:
    return in_use.named()


def _would_change(references: Sequence[str]) -> str:
    n = len(references)
    return f"{n} open case would change" if n == 1 else f"{n} open cases would change"


def _grouped(changes: Sequence[OutcomeChange]) -> str:
    """"N open cases would change — to review: …; newly screened, not required: …": a
    regime only added (or dropped) as not required asks nothing of the officer, and listed
    among the rest it would bury the cases that do."""
    references = list(dict.fromkeys(c.reference for c in changes))
    quiet_outcomes = (None, "not_required")
    loud = {c.reference for c in changes
            if c.old_outcome not in quiet_outcomes or c.new_outcome not in quiet_outcomes}
    review = [r for r in references if r in loud]
    quiet = [r for r in references if r not in loud]
    parts = ([f"to review: {_links(review)}"] if review else []) + (
        [f"only a regime added or dropped as not required: {_links(quiet)}"] if quiet else [])
    return f"{_would_change(references)} — {'; '.join(parts)}"


def _links(references: Sequence[str]) -> str:
    return ", ".join(f"<a href='case:{html.escape(r)}'>{html.escape(r)}</a>" for r in references)


def _fingerprint_key(fingerprint: str) -> str:
    """A fingerprint to compare: grouped or not, in either case."""
    return "".join(fingerprint.split()).casefold()


def _end(day: date | None) -> str:
    return day.isoformat() if day else "open-ended"


def unverified_words(n: int) -> str:
    """The warning above the list: "⚠ 1 rule is marked Verify: check it …" (it said
    "1 rules are marked Verify: check them")."""
    if n == 1:
        return "⚠ 1 rule is marked Verify: check it against the official text first."
    return f"⚠ {n:,} rules are marked Verify: check them against the official text first."


def _verified_text(verified: bool) -> str:
    return "Yes" if verified else "⚠ Verify"


def regime_heading(regime: RegimeRow, as_of: date, rules: Sequence[RuleRow] = ()) -> str:
    """A regime's line in the list: code, name and whether it is in force on the date."""
    if not regime.screened:
        state = "not screened unless reported / proposed measures are included"
        # A binding version dated later (a rulebook update making the measure law): from
        # then on it is screened whatever the setting.
        binding = sorted(r.effective_from for r in rules
                         if r.regime == regime.code and r.status == "in_force"
                         and r.effective_from > as_of)
        if binding:
            state += f"; screened from {binding[0].isoformat()}, when an in-force version applies"
    elif regime.in_force and (applied := [r for r in rules if r.regime == regime.code
                                          and r.standing == "applies"]) and all(
            r.status != "in_force" for r in applied):
        # Applied only because reported / proposed measures are included: "in force" said
        # of a reported measure what the screening's own reason denies.
        state = (f"{applied[0].status} on {as_of.isoformat()}, not in force (screened "
                 "because reported / proposed measures are included)")
    elif regime.in_force:
        state = f"in force on {as_of.isoformat()}"
    elif regime.earlier_editions:
        state = (f"no version held here is in force on {as_of.isoformat()}: an earlier edition "
                 "applied (check it by hand)")
    else:
        state = f"not in force on {as_of.isoformat()} (screens as not in force)"
    return f"{regime.code} — {regime.name} — {state}"


def rule_details_html(rule: RuleRow, regime: RegimeRow | None, as_of: date) -> str:
    """Everything about one rule version, for the details pane."""
    e = html.escape
    grey = secondary_text_colour()
    warn = error_colour()
    if rule.verified:
        verified = "Yes — checked against the official text"
    else:
        verified = f"<span style='color:{warn}'><b>No — verify.</b> {e(UNVERIFIED_WHY)}</span>"
    rows = [
        ("Regime", f"{e(rule.regime)} — {e(rule.regime_name)}"
         + (f"<br><span style='color:{grey}'>{e(regime.name_zh)}</span>"
            if regime and regime.name_zh else "")),
        ("Provision", e(rule.provision)),
        ("Title", e(rule.title)),
        ("标题 (Chinese title)", e(rule.title_zh)),
        ("Citation", e(rule.citation)),
        ("出处 (Chinese citation)", e(rule.citation_zh)),
        ("Effective", f"{rule.effective_from.isoformat()} to {rule.effective_to.isoformat()}"
         if rule.effective_to else f"from {rule.effective_from.isoformat()}, open-ended"),
        ("Measure", e(rule.status_label)
         + (" — applied only when reported / proposed measures are included"
            if rule.status != "in_force" else "")),
        ("Verified", verified),
    ]
    if rule.note:
        rows.append(("Note", e(rule.note)))
    if regime and regime.note:
        rows.append(("Regime note", e(regime.note)))
    if regime and regime.earlier_editions:
        earlier = regime.earlier_editions
        rows.append(("Earlier editions", e(earlier[:1].upper() + earlier[1:])))
    rows.append(("Rule file", e(rule.source)))
    cell = "style='padding:2px 8px 2px 0; vertical-align:top'"
    table = "".join(f"<tr><td {cell}><b>{label}</b></td><td {cell}>{value}</td></tr>"
                    for label, value in rows)
    params = "".join(
        f"<tr><td {cell}>{e(p.label)}"
        + (f"<br><span style='color:{grey}'>{e(p.label_zh)}</span>" if p.label_zh else "")
        + f"</td><td {cell}>{e(p.value)}"
        f"<br><span style='color:{grey}'><small>{e(p.name)} = {e(p.raw)}</small></span></td></tr>"
        for p in rule.parameters)
    standing = (f"<p><b>On {as_of.isoformat()}: {e(rule.standing_label)}.</b> "
                f"{e(rule.explanation)}</p>")
    return (f"<h3 style='margin:0'>{e(rule.rule_id)}</h3>{standing}"
            f"<table cellspacing='0'>{table}</table>"
            f"<p style='margin-bottom:2px'><b>Parameters</b></p>"
            f"<table cellspacing='0'>{params}</table>")


def refusal_html(what: str, exc: BaseException, path: Path | None = None) -> str:
    """"The update was not installed: …". Rule data the app cannot use is listed one
    problem a line, after what it means: its problems' lines, run together as rich text
    (each starting "update.zip: "), read as one paragraph with no end and no word of
    whether anything had changed."""
    e = html.escape
    head = f"<b>{e(what)}:</b>"
    if not isinstance(exc, RulebookError):
        return f"{head} {e(user_message(exc))}"
    prefix = f"{path.name}: " if path is not None else ""
    lines = [str(p).removeprefix(prefix) for p in exc.problems]
    count = "a problem" if len(lines) == 1 else f"{len(lines)} problems"
    where = f" in {e(path.name)}" if path is not None else ""
    items = "".join(f"<li>{e(line)}</li>" for line in lines)
    # Not "correct and sign it again": an update written for a newer app is refused here
    # too, and the knowledge team knows which.
    return (f"{head} the rule data{where} has {count}, so nothing was changed (send "
            f"these lines to your knowledge team):"
            f"<ul style='margin-top:0; margin-bottom:0'>{items}</ul>")


def _cases_html(when: str, changes: Sequence[OutcomeChange]) -> str:
    """"As of 2026-11-30: 2 open cases' outcomes would change" and each case's regimes
    old → new (the update's own effect: screened with it against with the rulebook in use)."""
    e = html.escape
    references = list(dict.fromkeys(c.reference for c in changes))
    if not references:
        return f"<p>{e(when)}: no open case's outcome would change.</p>"
    count = (f"{len(references)} open case's outcome would change" if len(references) == 1
             else f"{len(references)} open cases' outcomes would change")
    items = "".join(
        f"<li><b>{e(r)}</b>: " + ", ".join(
            f"{e(c.regime)} {e(outcome_words(c.old_outcome))} → {e(outcome_words(c.new_outcome))}"
            for c in changes if c.reference == r) + "</li>"
        for r in references)
    return f"<p>{e(when)}: {count}:</p><ul>{items}</ul>"


def install_preview_html(plan: InstallPlan) -> str:
    """The preview's details: each rule version added, changed or withdrawn (id, citation,
    dates, what it says differently old → new), then the open cases it would change."""
    e = html.escape
    parts = [f"<h3>Rules</h3><p>{e(plan.rules_line())}</p>"]
    if plan.rule_changes:
        items = []
        for change in plan.rule_changes:
            rule = change.rule
            head = (f"<b>{e(KIND_WORDS[change.kind])}</b> {e(rule.id)} — {e(rule.citation)}"
                    f"<br>Effective {rule.effective_from.isoformat()} to {_end(rule.effective_to)}"
                    f"; {e(rule.title)}")
            if change.previous is not None and change.kind != "changed":
                head += f"<br>Compared with {e(change.previous.id)}, the version in use:"
            diffs = "".join(f"<li>{e(d.what)}: {e(d.old)} → {e(d.new)}</li>"
                            for d in change.differences)
            items.append(f"<li>{head}" + (f"<ul>{diffs}</ul>" if diffs else "") + "</li>")
        parts.append(f"<ul>{''.join(items)}</ul>")
    parts.append("<h3>Open cases</h3><p>Screened with the update, compared with screening "
                 "them with the rulebook in use:</p>")
    parts.append(_cases_html(f"As of {plan.as_of.isoformat()}", plan.changes))
    for day, what, changes in plan.later:
        parts.append(_cases_html(f"From {day.isoformat()} ({'; '.join(what)})", changes))
    return "".join(parts)


def preview_cases_words(plan: InstallPlan) -> str:
    """The preview's count of the open cases it changes, today and from a later date: "9
    open cases would change (listed below)" read as today when all nine change from
    2027-01-01, and the list below said "As of today: no open case's outcome would change"."""
    today = set(plan.references)
    later_days: dict[str, date] = {}  # each case changing only later, with its first date
    for day, _what, changes in plan.later:
        for change in changes:
            if change.reference not in today:
                later_days.setdefault(change.reference, day)
    keeps = "each keeps its screening until a re-screening is accepted."
    if not today and not later_days:
        return "No open case's outcome would change."
    now = f"{counted(len(today), 'open case')} would change" if today else ""
    if later_days:
        days = sorted(set(later_days.values()))
        when = (f"from {days[0].isoformat()}" if len(days) == 1
                else f"from {days[0].isoformat()} on")
        later = (f"{len(later_days)} more {when}" if today
                 else f"No open case's outcome would change today; "
                      f"{counted(len(later_days), 'open case')} would {when}")
        now = f"{now} and {later}" if now else later
    return f"{now} (listed below); {keeps}"


class InstallPreview(ConfirmChange):
    """What installing an update would change, before it is installed: the versions from →
    to and the signer above, the rules and the open cases in a box that scrolls, and
    Install or Cancel (a reason too when the update is not newer). Cancel changes nothing."""

    def __init__(self, parent: QWidget, plan: InstallPlan) -> None:
        before = plan.before
        relation = ("the same version as" if version_key(plan.declared_version)
                    == version_key(before.declared_version) else "older than")
        older = (f" It declares version {plan.declared_version} (rulebook {plan.version}), "
                 f"{relation} {_source_words(before)} in use (version "
                 f"{before.declared_version}): it stays in use even when an app upgrade ships "
                 "a newer rulebook, until it is reverted. Give the reason: it is recorded in "
                 "the audit trail." if plan.older else "")
        e = html.escape
        cases = preview_cases_words(plan)
        text = (f"<b>Install {e(plan.file_name)}?</b><br>From: {e(plan.from_words())}<br>"
                f"To: {e(plan.to_words())}<br>Signed by: {e(plan.signer_words())}<br>"
                f"{e(plan.rules_line())} {cases}{e(older)} Nothing has changed yet.")
        super().__init__(parent, title="Install a rulebook update", text=text,
                         action="&Install", object_name="rulebookInstallPreview",
                         reason=plan.older)
        self.plan = plan
        self.details = QTextBrowser()
        self.details.setObjectName("rulebookInstallPreviewDetails")
        self.details.setAccessibleName("What the update changes")
        self.details.setOpenLinks(False)
        self.details.setHtml(install_preview_html(plan))
        lines = self.fontMetrics().lineSpacing()
        self.details.setMinimumHeight(lines * 8)
        self._layout.insertWidget(1, self.details, 1)
        # The room a taller dialog gives goes to the details, not above the buttons.
        for index in range(2, self._layout.count()):
            self._layout.setStretch(index, 0)
        self._preferred_width = 760
        fitted = self.sizeHint()
        # As tall as the whole preview, within the screen: a fixed 30 lines left the open
        # cases an update changes — what is to be checked before Install — below the box's
        # edge on a 1920×1080 screen, to be scrolled to with the mouse.
        resize_to_screen(self, fitted.width(),
                         max(fitted.height() + self._details_overflow(fitted.width()),
                             lines * 30))

    def _details_overflow(self, width: int) -> int:
        """How much taller the details box must be than the layout gives it to show the
        whole preview at the dialog's `width` (0 when it fits)."""
        margins = self._layout.contentsMargins()
        frame = self.details.frameWidth() * 2
        scroll = self.details.verticalScrollBar().sizeHint().width()
        document = self.details.document().clone(self.details)
        document.setTextWidth(max(width - margins.left() - margins.right() - frame - scroll,
                                  1))
        needed = int(document.size().height()) + frame + 2
        document.deleteLater()
        return max(needed - self.details.sizeHint().height(), 0)


class RulebookWindow(QDialog):
    """Every rule with its standing on a date; the review time limits on a second tab."""

    loaded = Signal()  # each time an overview is shown
    update_done = Signal()  # an install or revert ended (with the re-screening listed)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None, *,
                 actor: Actor | Callable[[], Actor] | None = None,
                 data_dir: DataDir | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.runner = runner
        self.tasks = runner.bound_to(self)
        # Who may install (asked when the buttons are set: roles can change meanwhile) and
        # whose data folder's rulebook is shown.
        self._actor = actor
        self.data_dir = data_dir if data_dir is not None else runner.db.data_dir
        self._updating = False
        self._said = ""  # what the last install or revert did, before the re-screening list
        # The open cases an install or revert changes, as listed (kept when the window is
        # closed: closed straight after an install, the list was gone), and when.
        self._listed = ""
        self._listed_at = datetime.now()
        self._untrusted: Path | None = None  # an update refused for its signer not trusted
        self._untrusted_signer = ""  # ... and that signer's fingerprint
        # An update refused as not newer (its file and the refusal): Install anyway… offers it.
        self._older: tuple[Path, NotNewer] | None = None
        self._in_use: RulebookInUse | None = None  # as last shown above the list
        self._short = False  # the window was short when it was shown (see is_short)
        self.confirm_dialog: ConfirmChange | None = None
        self.keys_dialog: KeysDialog | None = None
        self._unreadable = False  # the last read of the rulebook failed
        self.overview: RulebookOverview | None = None
        self.as_of = date.today()
        self._wanted: tuple[date, bool] | None = None
        self._selected_id: str | None = None
        self.setObjectName("rulebookWindow")
        self.setWindowTitle("Rulebook")

        # -- the date, the toggle and the filters -------------------------------------------
        self.date_edit = text_field(QLineEdit, "rulebookDateEdit", "In force on",
                                    "YYYY-MM-DD, e.g. 2024-03-22")
        self.date_edit.setText(self.as_of.isoformat())
        self.date_edit.setToolTip("The date whose rules to mark: 2024-03-22, 2024/3/22, "
                                  "22 March 2024… Press Enter to apply.")
        self.date_edit.editingFinished.connect(self.apply_date)
        self.date_edit.textEdited.connect(lambda _t: self._clear_date_error())
        date_label = QLabel("In &force on")
        date_label.setBuddy(self.date_edit)
        self.today_button = QPushButton("To&day")
        self.today_button.setObjectName("rulebookTodayButton")
        self.today_button.clicked.connect(self.show_today)
        self.date_error = QLabel()
        self.date_error.setObjectName("rulebookDateError")
        self.date_error.setWordWrap(True)
        self.date_error.setTextFormat(Qt.TextFormat.PlainText)  # quotes what was typed
        self.date_error.setVisible(False)
        self.include_proposed = QCheckBox("Include re&ported / proposed measures")
        self.include_proposed.setObjectName("rulebookIncludeProposed")
        self.include_proposed.setToolTip(
            "As the screening's own setting: reported and proposed measures (CN-US-CAPITAL) "
            "apply only when included.")
        self.include_proposed.toggled.connect(lambda _on: self.reload())

        self.regime_combo = QComboBox()
        self.regime_combo.setObjectName("rulebookRegimeFilter")
        self.regime_combo.setAccessibleName("Regime")
        self.regime_combo.addItem("All regimes", ALL_REGIMES)
        self.regime_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        regime_label = QLabel("&Regime")
        regime_label.setBuddy(self.regime_combo)
        self.filter_edit = text_field(QLineEdit, "rulebookFilter", "Filter",
                                      "rule id, citation or words of a title")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(lambda _t: self.apply_filter())
        filter_label = QLabel("F&ilter")
        filter_label.setBuddy(self.filter_edit)

        self.version_label = QLabel("Reading the rulebook…")
        self.version_label.setObjectName("rulebookVersion")
        self.version_label.setWordWrap(True)
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.unverified_label = QLabel()
        self.unverified_label.setObjectName("rulebookUnverified")
        self.unverified_label.setWordWrap(True)
        self.unverified_label.setVisible(False)

        # -- which rulebook is in use; installing and reverting updates ---------------------
        self.source_label = QLabel()
        self.source_label.setObjectName("rulebookSource")
        self.source_label.setWordWrap(True)
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.install_button = QPushButton("Install upd&ate…")
        self.install_button.setObjectName("rulebookInstallButton")
        self.install_button.clicked.connect(lambda _checked=False: self.install_update())
        self.revert_button = QPushButton("Re&vert")
        self.revert_button.setObjectName("rulebookRevertButton")
        self.revert_button.clicked.connect(lambda _checked=False: self.revert_update())
        self.update_label = QLabel()
        self.update_label.setObjectName("rulebookUpdateOutcome")
        self.update_label.setWordWrap(True)
        self.update_label.setTextFormat(Qt.TextFormat.RichText)
        self.update_label.setOpenExternalLinks(False)
        # The case links (and Trust the signer's key…) by Tab and Enter too, not only a click.
        self.update_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.update_label.linkActivated.connect(self._open_case)
        # A long list of cases scrolls in a few lines, so the rules list keeps its room (at
        # 200 % on a laptop the outcome took the window's whole height).
        self.update_area = QScrollArea()
        self.update_area.setObjectName("rulebookUpdateOutcomeArea")
        self.update_area.setWidget(self.update_label)
        self.update_area.setWidgetResizable(True)
        self.update_area.setFrameShape(QFrame.Shape.NoFrame)
        self.update_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.update_area.setVisible(False)

        # -- rules: the list over the selected rule's details -----------------------------
        self.tree = QTreeWidget()
        self.tree.setObjectName("rulesTree")
        self.tree.setAccessibleName("Rules")
        self.tree.setColumnCount(len(RULE_COLUMNS))
        self.tree.setHeaderLabels(list(RULE_COLUMNS))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.currentItemChanged.connect(lambda _cur, _prev: self._rule_selected())
        self.details = QTextBrowser()
        self.details.setObjectName("ruleDetails")
        self.details.setAccessibleName("Rule details")
        self.details.setOpenLinks(False)
        self.details.setTabChangesFocus(True)
        self.details.setPlaceholderText("Choose a rule to see its titles, citations, dates "
                                        "and parameters.")
        self.copy_button = QPushButton("Cop&y citation")
        self.copy_button.setObjectName("copyCitationButton")
        self.copy_button.clicked.connect(self.copy_citation)
        set_available(self.copy_button, "Choose a rule first.")
        self.empty_label = QLabel()
        self.empty_label.setObjectName("rulebookEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(False)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("rulebookSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.details.setMinimumHeight(self.fontMetrics().height() * DETAILS_LINES)
        self.tree.setMinimumHeight(self.fontMetrics().height() * 4)
        self._split_set = False
        rules_page = QWidget()
        rules_page.setObjectName("rulesPage")
        rules_layout = QVBoxLayout(rules_page)
        rules_layout.setContentsMargins(0, 4, 0, 0)
        rules_layout.addWidget(self.empty_label)
        rules_layout.addWidget(self.splitter, 1)

        # -- clocks ---------------------------------------------------------------------------
        self.clocks_table = self._table("clocksTable", "Review time limits", CLOCK_COLUMNS)
        self.follow_ups_table = self._table("followUpsTable", "Follow-up obligations",
                                            FOLLOW_UP_COLUMNS)
        self.clocks_note = QLabel()
        self.clocks_note.setObjectName("clocksNote")
        self.clocks_note.setWordWrap(True)
        self.follow_ups_title = QLabel("<b>Obligations a decision creates</b>")
        clocks_page = self.clocks_page = QWidget()
        clocks_page.setObjectName("clocksPage")
        clocks_layout = self._clocks_layout = QVBoxLayout(clocks_page)
        clocks_layout.setContentsMargins(0, 4, 0, 0)
        clocks_layout.addWidget(self.clocks_note)
        clocks_layout.addWidget(self.clocks_table, 1)
        clocks_layout.addWidget(self.follow_ups_title)
        clocks_layout.addWidget(self.follow_ups_table)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("rulebookTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(rules_page, "R&ules")
        self.tabs.addTab(clocks_page, "&Clocks (review time limits)")
        self.tabs.currentChanged.connect(lambda _i: self._update_copy())
        for table in (self.clocks_table, self.follow_ups_table):
            table.itemSelectionChanged.connect(lambda t=table: self._clock_selected(t))

        close = QPushButton("Close")
        close.setObjectName("rulebookCloseButton")
        close.clicked.connect(self.close)

        # -- layout: two rows of controls, so each keeps its width at 200 % -----------------
        first = QHBoxLayout()
        first.addWidget(date_label)
        self.date_edit.setMinimumWidth(self.date_edit.fontMetrics().averageCharWidth() * 16)
        first.addWidget(self.date_edit)
        first.addWidget(self.today_button)
        first.addWidget(self.include_proposed)
        first.addStretch(1)
        second = QHBoxLayout()
        second.addWidget(regime_label)
        second.addWidget(self.regime_combo, 1)
        second.addWidget(filter_label)
        second.addWidget(self.filter_edit, 2)
        foot = QHBoxLayout()
        foot.addWidget(self.copy_button)
        foot.addStretch(1)
        foot.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(first)
        layout.addWidget(self.date_error)
        layout.addLayout(second)
        layout.addWidget(self.version_label)
        source = QHBoxLayout()
        source.addWidget(self.source_label, 1)
        source.addWidget(self.install_button)
        source.addWidget(self.revert_button)
        layout.addLayout(source)
        layout.addWidget(self.update_area)
        # The install preview compares every open case under both rulebooks: at 100,000
        # cases that takes a while, so it shows how far it is and can be cancelled.
        self.preview_progress = ProgressPanel(self, what="install preview")
        self.preview_progress.setObjectName("rulebookPreviewProgress")
        self.preview_progress.setVisible(False)
        layout.addWidget(self.preview_progress)
        layout.addWidget(self.unverified_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(foot)
        window_shortcuts(self, self.tabs)  # Alt+1 / Alt+2, Ctrl+W
        # Enter in the date field applies the date: no button may take it as a default.
        for button in (self.today_button, self.copy_button, close, self.install_button,
                       self.revert_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.setMinimumSize(320, 240)
        # As the officer left it (the main window's settings), else its first size.
        keep_geometry(self, getattr(parent, "settings", None), "rulebook/geometry", 1100, 720)
        self._style_messages()
        self._update_buttons()
        self.reload()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._split_set:  # the list gets the larger share, at any size or scale
            self._split_set = True
            self.splitter.setSizes(self.split_sizes(sum(self.splitter.sizes())))

    def split_sizes(self, total: int) -> list[int]:
        """The list's and the details' heights: 3 : 2 where there is room; on a short window
        (200 % on a laptop) the details keep only their few lines, the list takes the rest —
        it is what the window is for, and the details of a rule scroll."""
        total = max(total, 1)
        details = total - total * 3 // 5
        if total < self.fontMetrics().height() * SHORT_SPLIT_LINES:
            details = min(details, self.details.minimumHeight())
        return [total - details, details]

    @staticmethod
    def _table(name: str, accessible: str, columns: tuple[str, ...]) -> QTableWidget:
        table = QTableWidget(0, len(columns))
        table.setObjectName(name)
        table.setAccessibleName(accessible)
        table.setHorizontalHeaderLabels(list(columns))
        table.setTabKeyNavigation(False)  # Tab leaves the table, not cell to cell
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        table.setWordWrap(False)
        return table

    def _style_messages(self) -> None:
        palette_styled(self.date_error, "problem")
        palette_styled(self.unverified_label, "problem")
    # -- the date ---------------------------------------------------------------------------
    def _clear_date_error(self) -> None:
        if not self.date_error.isHidden():  # shown, or would be with the window
            self.date_error.setVisible(False)
            self.date_edit.setAccessibleDescription("")

    def _date_error(self, message: str) -> None:
        self.date_error.setText(f"In force on: {message}")
        self.date_error.setVisible(True)
        self.date_edit.setAccessibleDescription(message)

    def apply_date(self) -> bool:
        """Read the typed date: a readable one is shown as YYYY-MM-DD and its rules loaded;
        anything else is refused at the field, the list staying at the last good date."""
        text = self.date_edit.text()
        try:
            day = read_day(text, "give a date (YYYY-MM-DD), e.g. "
                                 f"{date.today().isoformat()}, or press Today.")
        except Unreadable as exc:
            self._date_error(str(exc))
            return False
        self._clear_date_error()
        if day.isoformat() != text:
            self.date_edit.setText(day.isoformat())  # 2024/3/22 shown as the date it was read as
        if day != self.as_of:
            self.as_of = day
            self.reload()
        return True

    def show_today(self) -> None:
        self.date_edit.setText(date.today().isoformat())
        self.apply_date()

    # -- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the rulebook for the date and setting on a worker thread."""
        as_of, include = self.as_of, self.include_proposed.isChecked()
        self._wanted = (as_of, include)
        self.version_label.setText(f"Reading the rulebook for {as_of.isoformat()}…")
        data_dir = self.data_dir
        self.tasks.run(lambda _progress: rulebook_overview(as_of, include, data_dir=data_dir),
                       self._show, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.version_label.setText("The rulebook could not be read.")
        # An unreadable record of installed updates: Revert resets it to the shipped one.
        self._unreadable = True
        self._update_buttons()
        show_error(self, "Could not read the rulebook", exc)

    def _show(self, overview: RulebookOverview) -> None:
        if (overview.as_of, overview.include_proposed) != self._wanted:
            return  # the date or the setting changed meanwhile: a newer read is on its way
        self.overview = overview
        self._unreadable = False
        self._show_source(overview.in_use)
        self._fill_regimes(overview)
        self._fill_rules(overview)
        self._fill_clocks(overview)
        self.apply_filter()
        self.loaded.emit()

    # -- the rulebook in use, installing and reverting updates --------------------------------
    def actor(self) -> Actor | None:
        return self._actor() if callable(self._actor) else self._actor

    def _update_buttons(self) -> None:
        """Install and Revert for administrators (the services check again); greyed out
        with the reason for anybody else, while an update is under way, or (Revert) while
        the shipped rulebook is in use."""
        actor = self.actor()
        why = "" if actor is not None and allowed(actor.roles, PERMISSION) else NEEDS_ADMIN
        listing = getattr(self, "preview_progress", None)
        if not why and (self._updating or (listing is not None and listing.running)):
            why = "A rulebook update is being installed or reverted…"
        set_available(self.install_button, why,
                      "Install a signed rulebook update file (.zip) from your knowledge team: it "
                      "is checked (trusted signer, every file, the rule data), then every "
                      "screening here uses it.")
        in_use = self.overview.in_use if self.overview is not None else None
        revert_why = why or ("" if self._unreadable or (in_use is not None and in_use.revert_to)
                             else "The shipped rulebook is in use: there is no installed "
                                  "update to revert.")
        set_available(self.revert_button, revert_why,
                      f"Stop using {in_use.version}: {in_use.revert_to} applies again."
                      if in_use is not None and in_use.revert_to else
                      "Stop using the update in use: the one before it, or the shipped "
                      "rulebook, applies again.")

    def is_short(self) -> bool:
        """Fewer text lines high than a comfortable window (200 % on a laptop screen): the
        lines above the rules say less (the rest on hover) so the list keeps its room."""
        return self.height() < self.fontMetrics().height() * SHORT_WINDOW_LINES

    def _show_source(self, in_use: RulebookInUse | None) -> None:
        self._in_use = in_use
        self._short = self.is_short()
        if in_use is None:
            self.source_label.setText("")
            self.source_label.setToolTip("")
        else:
            e = html.escape
            full = in_use.describe() + (f"\n{in_use.note}" if in_use.note else "")
            # The signer's fingerprint and the shipped version on hover: in the text they
            # repeated the signer and took three more lines (six at 200 %).
            more = (f"Signed by {signer_words(in_use.update)}; shipped with the app: "
                    f"{in_use.shipped_version}." if in_use.update is not None else "")
            if self._short:  # one line: which rulebook; who, when and any note on hover
                kind = "Installed update" if in_use.update is not None else "Shipped rulebook"
                self.source_label.setText(f"<b>In use:</b> {kind} {e(in_use.version)}"
                                          + (" (see note)" if in_use.note else ""))
                self.source_label.setToolTip("\n".join(filter(None, (full, more))))
            else:
                self.source_label.setText(f"<b>In use:</b> {e(full).replace(chr(10), '<br>')}")
                self.source_label.setToolTip(more)
        self._update_buttons()

    def install_update(self, path: Path | None = None) -> None:
        """Install the update file `path` (asked for when not given), once its preview is
        confirmed: checked and compared with the rulebook in use off the GUI thread, then
        installed on the write worker. Nothing changes until Install in the preview."""
        if path is None:
            ask_open_file(self, RULEBOOK_UPDATES, title="Install rulebook update",
                          data_dir=self.data_dir, chosen=self.install_update)
            return
        self._preview(path, allow_older=False)

    def install_older(self) -> None:
        """Install anyway… an update refused as not newer: its preview, which then asks for
        the reason (audited, as `--allow-older` is)."""
        if self._older is None or self.actor() is None:
            return
        path, _refusal = self._older
        self._preview(path, allow_older=True)

    def _preview(self, path: Path, *, allow_older: bool) -> None:
        data_dir = self.data_dir
        if self.actor() is None:
            return
        self._older = None
        self._begin(f"Checking {path.name} and working out what it would change…")

        def work(session: Any, progress: Any) -> InstallPlan:
            report, cancelled = service_callbacks(progress)
            return plan_install(session, data_dir=data_dir, path=path, allow_older=allow_older,
                                progress=report, cancelled=cancelled)

        def done(plan: InstallPlan) -> None:
            self._preview_ended()
            self._confirm_install(path, plan)

        def failed(exc: BaseException) -> None:
            self._preview_ended()
            if is_cancelled(exc):
                self._updating = False
                self._update_buttons()
                self._set_outcome(f"Preview of {html.escape(path.name)} cancelled: nothing was "
                                  f"installed; {html.escape(self._in_use_words())} is still in use.")
                self.update_done.emit()
                return
            self._refused("The update was not installed", exc, path)

        task = self.tasks.session_task(work, done, failed, self.preview_progress.update_progress)
        self.preview_progress.start(task, f"Checking {path.name}…")

    def _preview_ended(self) -> None:
        self.preview_progress.finish()
        self.preview_progress.setVisible(False)

    def _in_use_words(self) -> str:
        in_use = self.overview.in_use if self.overview is not None else None
        return _source_words(in_use) if in_use is not None else "the rulebook in use"

    def done(self, result: int) -> None:
        # Closing the window stops a preview still comparing the open cases: it ran on
        # unseen, holding a read snapshot, for as long as it would have taken.
        self.preview_progress.cancel()
        super().done(result)

    def _confirm_install(self, path: Path, plan: InstallPlan) -> None:
        self._updating = False
        self._update_buttons()
        self._set_outcome("Install? Check what it would change in the dialog, then Install "
                          "or Cancel; nothing has changed yet.")
        dialog = InstallPreview(self, plan)
        dialog.accepted.connect(lambda: self._install(path, plan, dialog.reason_text()))
        dialog.rejected.connect(lambda: self._set_outcome(
            f"Nothing was installed (cancelled): {html.escape(_source_words(plan.before))} "
            "is still in use."))
        self._open_confirmation(dialog)
        (dialog.reason or dialog.details).setFocus()
        self.update_done.emit()

    def _install(self, path: Path, plan: InstallPlan, reason: str) -> None:
        actor, data_dir = self.actor(), self.data_dir
        if actor is None:
            return
        self._begin(f"Installing {path.name}…")
        # What was previewed or nothing: the file or the rulebook in use changed since is
        # refused by the service.
        self.tasks.write(lambda s: install_rulebook_update(
            s, data_dir=data_dir, path=path, actor=actor, allow_older=plan.older,
            reason=reason, expected_sha256=plan.file_sha256,
            expected_in_use=plan.before.version),
            lambda change: self._changed(change, "Installed"),
            lambda exc: self._refused("The update was not installed", exc, path))

    def _open_confirmation(self, dialog: ConfirmChange) -> None:
        if self.confirm_dialog is not None:
            self.confirm_dialog.close()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _o=None: self._confirmation_gone(dialog))
        self.confirm_dialog = dialog
        dialog.open()
        dialog.activateWindow()  # its Alt keys, not the window's beneath (Re&vert is both's)

    def _confirmation_gone(self, dialog: ConfirmChange) -> None:
        if self.confirm_dialog is dialog:
            self.confirm_dialog = None

    def revert_update(self) -> None:
        """Revert, once confirmed: first what it would put in use and the open cases it
        would change (read off the GUI thread); nothing changes until the confirmation."""
        data_dir = self.data_dir
        if self.actor() is None:
            return
        self._begin("Working out what a revert would change…")

        def work(session: Any, progress: Any) -> RevertPlan:
            report, cancelled = service_callbacks(progress)
            return plan_revert(session, data_dir=data_dir, progress=report, cancelled=cancelled)

        def done(plan: RevertPlan) -> None:
            self._preview_ended()
            self._confirm_revert(plan)

        def failed(exc: BaseException) -> None:
            self._preview_ended()
            if not is_cancelled(exc):
                self._refused("Nothing was reverted", exc)
                return
            self._updating = False
            self._update_buttons()
            self._set_outcome(f"Nothing was reverted (cancelled): "
                              f"{html.escape(self._in_use_words())} is still in use.")
            self.update_done.emit()

        task = self.tasks.session_task(work, done, failed, self.preview_progress.update_progress)
        self.preview_progress.start(task, "Checking which open cases a revert would change…")

    def _confirm_revert(self, plan: RevertPlan) -> None:
        self._updating = False
        self._update_buttons()
        self._set_outcome("Revert? Confirm or cancel in the dialog; nothing has changed yet.")
        # A reason may be given (an auditor asks why every screening changed rulebook), as
        # installing an older update requires one; not required, Revert being the way back
        # from a mistaken install.
        dialog = ConfirmChange(self, title="Revert the rulebook update", text=plan.question(),
                               action="Re&vert", object_name="rulebookRevertConfirm",
                               reason=True, reason_required=False)
        dialog.accepted.connect(lambda: self._revert(plan, dialog.reason_text()))
        dialog.rejected.connect(lambda: self._set_outcome("Nothing was reverted (cancelled)."))
        self._open_confirmation(dialog)
        self.update_done.emit()

    def _revert(self, plan: RevertPlan, reason: str = "") -> None:
        actor, data_dir = self.actor(), self.data_dir
        if actor is None:
            return
        expected = plan.before.version if plan.before is not None else None
        self._begin("Reverting the rulebook update…")
        self.tasks.write(lambda s: revert_rulebook_update(s, data_dir=data_dir, actor=actor,
                                                          expected=expected, reason=reason),
                         lambda change: self._changed(change, "Reverted"),
                         lambda exc: self._refused("Nothing was reverted", exc))

    def _begin(self, message: str) -> None:
        self._updating = True
        self._update_buttons()
        self.update_area.setVisible(True)
        self._set_outcome(html.escape(message))

    def _set_outcome(self, text: str) -> None:
        """What the last install or revert did, in at most OUTCOME_LINES lines (then it
        scrolls)."""
        self.update_label.setText(text)
        self._fit_outcome()

    def _fit_outcome(self) -> None:
        width = max(self.update_area.viewport().width(), self.width() // 2)
        needed = self.update_label.heightForWidth(width)
        # A line as the label lays it out (laid_out_line): by lineSpacing() (15 under GNOME's
        # Sans 10, lines of 16) the last line in sight lost its foot.
        line = laid_out_line(self.update_label.fontMetrics())
        short = self.is_short()
        most = line * (SHORT_OUTCOME_LINES if short else OUTCOME_LINES)
        self.update_area.setFixedHeight(max(min(needed, most), 1))
        self._fit_rows()

    def _fit_rows(self) -> None:
        """On a short window (200 % on a laptop screen) the details and the gaps between
        the rows give the rules list some room, and the Verify warning sits beside the
        tabs: the window opened at the screen's size showed two rows and a half."""
        short = self.is_short()
        lines = SHORT_DETAILS_LINES if short else DETAILS_LINES
        self.details.setMinimumHeight(self.fontMetrics().height() * lines)
        self._place_unverified(short)
        self._fit_clocks_page(short)
        if (layout := self.layout()) is not None:
            layout.setSpacing(TIGHT_SPACING if short else -1)  # -1: the style's own
            layout.activate()
        if self._split_set:
            self.splitter.setSizes(self.split_sizes(sum(self.splitter.sizes())))

    def _fit_clocks_page(self, short: bool) -> None:
        """The obligations' table as tall as its rows (up to FOLLOW_UP_ROWS), the clocks'
        taking the rest; on a short window the note and the obligations' title are on the
        tab's tooltip. At 200 % on a laptop the window opened showing a third of a clock's
        row (the note, the title and a share of the height for one obligation above it)."""
        self.clocks_note.setVisible(not short)
        self.follow_ups_title.setVisible(not short)
        self._clocks_layout.setSpacing(TIGHT_SPACING if short else -1)
        index = self.tabs.indexOf(self.clocks_page)
        self.tabs.setTabToolTip(index, f"{self.clocks_note.text()}\n\nBelow the clocks: "
                                       "the obligations a decision creates." if short else "")
        table = self.follow_ups_table
        rows = sum(not table.isRowHidden(r) for r in range(table.rowCount()))
        height = (table.horizontalHeader().height() + 2 * table.frameWidth()
                  + table.horizontalScrollBar().sizeHint().height()
                  + table.verticalHeader().defaultSectionSize()
                  * min(max(rows, 1), FOLLOW_UP_ROWS))
        table.setFixedHeight(height)

    def _place_unverified(self, short: bool) -> None:
        """The Verify warning on a line of its own above the tabs; on a short window in a
        few words beside them (the sentence on hover)."""
        label, corner = self.unverified_label, Qt.Corner.TopRightCorner
        beside = self.tabs.cornerWidget(corner) is label
        layout = self.layout()
        if short and not beside and isinstance(layout, QVBoxLayout):
            layout.removeWidget(label)
            label.setWordWrap(False)
            self.tabs.setCornerWidget(label, corner)
        elif not short and beside and isinstance(layout, QVBoxLayout):
            self.tabs.setCornerWidget(None, corner)  # type: ignore[arg-type]  # none: Qt takes it
            label.setWordWrap(True)
            layout.insertWidget(layout.indexOf(self.tabs), label)
        n = len(self.overview.unverified) if self.overview is not None else 0
        label.setVisible(n > 0)
        if short and n:
            label.setText(f"⚠ {n:,} marked Verify")
            label.setToolTip(f"{unverified_words(n)}\n\n{UNVERIFIED_WHY}")
        else:
            # Why (secondary sources) on hover: one line at 200 %, not two.
            label.setText(unverified_words(n) if n else "")
            label.setToolTip(UNVERIFIED_WHY)

    def hideEvent(self, event: Any) -> None:
        # A refusal or a cancel is not said again in a window opened again. The cases an
        # install listed are: closed straight after it, the officer lost the list (found
        # again only in View → Check open cases…). They are a snapshot (a case re-screened
        # and accepted since is still in it), so the window opened again says as of when.
        super().hideEvent(event)
        if event.spontaneous():
            return
        # Nor a date refused: the field shows the date the rules are marked for again.
        self.date_edit.setText(self.as_of.isoformat())
        self._clear_date_error()
        if self._updating:
            return
        if self._listed:
            # Short, first: on a short window (200 %) the outcome shows two lines.
            at = self._listed_at
            when = at.strftime("%H:%M" if at.date() == date.today() else "%Y-%m-%d %H:%M")
            self._set_outcome(
                f"<i>As listed at {when}; <a href='check:'>Check open cases…</a> "
                "(View menu) lists those still to review.</i><br>" + self._listed)
            return
        self.update_area.setVisible(False)
        self.update_label.clear()
        self._fit_outcome()  # the details and the gaps as they were

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.is_short() != self._short:
            self._show_source(self._in_use)
            self._fit_rows()
        if self.update_area.isVisible():
            self._fit_outcome()

    def _refused(self, what: str, exc: BaseException, path: Path | None = None) -> None:
        self._updating = False
        text = refusal_html(what, exc, path)
        # Signed by a key not trusted yet: the trusted keys open from here, the key loaded.
        # A PackRefused's signer, when trusting it lets the file in (not for a review pack
        # picked as an update: trusting its signer installs nothing).
        signer = str(getattr(exc, "untrusted", "") or "") if getattr(exc, "trusting_helps", False) else ""
        self._untrusted = path if path is not None and signer else None
        self._untrusted_signer = signer if self._untrusted is not None else ""
        if self._untrusted is not None:
            name = html.escape(self._untrusted.name)
            # The exchange's refusal says where else keys are trusted (the keys dialog, the
            # command line): here the link below does it, so only the why is said, as the
            # refusal keeps it apart (signed_by). A key removed here keeps its "trust it
            # again only once you know why".
            why = str(getattr(exc, "signed_by", "") or "")
            if why:
                text = (f"<b>{html.escape(what)}:</b> {name}: "
                        f"{html.escape(why)}. Nothing was changed.")
            text += (f"<br><a href='trust:'>Trust the signer's key…</a> (compare its "
                     f"fingerprint with your knowledge team first, by phone or in person), "
                     f"then install {name} again.")
        # Not newer: going back on purpose is the administrator's call, confirmed with why.
        older = exc if isinstance(exc, NotNewer) and path is not None else None
        if path is not None and older is not None and older.version == older.before.version:
            # The very rulebook in use (its version names its contents): installing it
            # again would change no rule, only pin it and spend a revert slot.
            text = (f"<b>{html.escape(what)}:</b> {html.escape(path.name)} is "
                    f"{html.escape(_source_words(older.before))}, already in use: the same "
                    "rules, so there is nothing to install.")
            older = None
        self._older = (path, older) if path is not None and older is not None else None
        if path is not None and older is not None:
            text = (f"<b>{html.escape(what)}:</b> {html.escape(path.name)} declares version "
                    f"{html.escape(older.declared_version)}, "
                    f"{'the same as' if older.same else 'older than'} "
                    f"{html.escape(_source_words(older.before))} in use. "
                    "<a href='older:'>Install anyway…</a> (e.g. to go back to an earlier "
                    "version; you give the reason).")
        self._set_outcome(text)
        self._update_buttons()
        if isinstance(exc, ConflictError):
            # Another administrator installed or reverted meanwhile: the header, Revert and
            # the rules listed are read again, not left saying what is no longer in use.
            self.reload()
        # Said once, inline where the outcome goes; only an unexpected error also opens
        # the message box, for its copyable details.
        if not isinstance(exc, ApprovalsError):
            show_error(self, what, exc)
        self.update_done.emit()

    def trust_signer(self) -> KeysDialog | None:
        """The installation keys dialog with the key that signed the refused update loaded:
        the administrator types the fingerprint read out by the knowledge team and trusts
        it (the dialog's own check); then the update is offered for installing again."""
        path, actor = self._untrusted, self.actor()
        if path is None or actor is None:
            return None
        dialog = KeysDialog(self.runner, actor, self.data_dir, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.keys_dialog = dialog

        def loaded(text: str) -> None:
            dialog.key_edit.setPlainText(text)
            dialog.key_from_pack = text
            dialog.status.setText(
                f"The key that signed {path.name} is loaded. Type the fingerprint your "
                "knowledge team reads out to you (by phone or in person) in Fingerprint, "
                "and a name for them, then Trust.")
            dialog.expected_edit.setFocus()

        signer = _fingerprint_key(self._untrusted_signer)

        def trusted(info: Any) -> None:
            # Only the key that signed the update: another key trusted, or one no longer
            # trusted (the dialog's `changed`), said "The signer's key is trusted" too.
            if _fingerprint_key(getattr(info, "fingerprint", "")) != signer:
                return
            e = html.escape
            self._set_outcome(
                f"The signer's key is trusted. <a href='install:'>Install {e(path.name)} "
                "now</a>.")

        dialog.trusted.connect(trusted)
        self.tasks.run(lambda _p: key_text_from_pack(path), loaded,
                       lambda exc: show_error(self, "Could not read the update's key", exc))
        dialog.open()
        return dialog

    def _changed(self, change: RulebookChange, done: str) -> None:
        """Say what is in use now, read the overview again, and list the open cases whose
        outcome the change would alter (read-only; each is reviewed in its case window)."""
        self._updating = False
        self._untrusted = None
        self._listed = ""  # this change lists its own (a cancelled or refused one kept it)
        e = html.escape
        # Named as the In use line and the confirmation name it (shipped or installed).
        self._said = (f"<b>{done}:</b> {e(_source_words(change.after))} is in use "
                      f"(was {e(_source_words(change.before))}).")
        self._set_outcome(self._said + " Checking which open cases it changes…")
        self.reload()
        before, after, today = change.before, change.after, date.today()

        def work(session: Any, progress: Any) -> tuple[list[OutcomeChange], list[Later],
                                                         tuple[tuple[str, str], ...]]:
            # Each date is a pass over every open case: with progress and Cancel, as the
            # preview has them (at 100,000 open cases it is minutes).
            report, cancelled = service_callbacks(progress)
            days: list[tuple[date, tuple[str, ...]]] = [
                (today, ()), *later_changes(before, after, today)[:MAX_LATER_DATES]]
            found: list[tuple[date, tuple[str, ...], list[OutcomeChange]]] = []
            recited: tuple[tuple[str, str], ...] = ()
            for i, (day, ids) in enumerate(days):

                def part(fraction: float, message: str, i: int = i) -> None:
                    report((i + fraction) / len(days), message)

                check = check_open_cases(session=session, as_of=day, progress=part,
                                         cancelled=cancelled)
                found.append((day, ids, list(check.changes)))
                if i == 0:  # today's: a corrected citation changes no outcome
                    recited = check.recited
            return (found[0][2], [(day, ids, changes) for day, ids, changes in found[1:]],
                    recited)

        def listed(found: tuple[Sequence[OutcomeChange], Sequence[Later],
                                Sequence[tuple[str, str]]]) -> None:
            self._preview_ended()
            self._rescreen_listed(found)

        def failed(exc: BaseException) -> None:
            self._preview_ended()
            if not is_cancelled(exc):
                self._rescreen_failed(exc)
                return
            self._set_outcome(self._said + " Listing the open cases it changes was cancelled: "
                              "<a href='check:'>Check open cases…</a> lists them.")
            self._keep_listed()
            self._update_buttons()
            self.update_done.emit()

        task = self.tasks.session_task(work, listed, failed, self.preview_progress.update_progress)
        self.preview_progress.start(task, "Checking which open cases it changes…")
        self._update_buttons()

    def _rescreen_listed(self, found: tuple[Sequence[OutcomeChange], Sequence[Later],
                                            Sequence[tuple[str, str]]]) -> None:
        changes, later, recited = found
        if not changes:
            text = self._said + " No open case's outcome would change as of today."
        else:
            # The check window lists them all with why and accepts several at once; a
            # case's own Screening tab does one.
            text = (f"{self._said}<br>{_grouped(changes)} (in the case's Screening tab: "
                    "Re-screen with today's rules, then accept; or all at once in "
                    "<a href='check:'>Check open cases…</a>).")
        if recited:  # "nothing changes" was all an officer installing a citation fix read
            text += f"<br>{html.escape(recited_words(recited), quote=False)}"
        now = {(c.reference, c.regime, c.new_outcome) for c in changes}
        listed = bool(changes) or bool(recited)
        for day, what, all_changes in later:
            # A version dated later changes nothing today: said, with the cases it will
            # change then (beyond what already changes today).
            day_changes = [c for c in all_changes
                           if (c.reference, c.regime, c.new_outcome) not in now]
            on = day.isoformat()
            listed = listed or bool(day_changes)
            text += (f"<br>From {on} ({html.escape('; '.join(what))}): "
                     + (f"{_grouped(day_changes)} (re-screen them on or after {on})."
                        if day_changes else "no open case's outcome would change."))
        self._set_outcome(text)
        if listed:
            self._keep_listed()
        self._update_buttons()
        self.update_done.emit()

    def _keep_listed(self) -> None:
        """Keep the outcome on show: the cases to re-screen stay listed when the window is
        closed and opened again (only the next install or revert replaces them)."""
        self._listed = self.update_label.text()
        self._listed_at = datetime.now()

    def _rescreen_failed(self, exc: BaseException) -> None:
        self._set_outcome(self._said + " The open cases could not be re-screened: "
                                  + html.escape(user_message(exc)))
        self._update_buttons()
        self.update_done.emit()

    def _open_case(self, link: str) -> None:
        """A listed case opens in its window (the main window's), where it is re-screened;
        after an untrusted signer's refusal, the links trust the key and install again."""
        if link == "trust:":
            self.trust_signer()
            return
        if link == "install:" and self._untrusted is not None:
            self.install_update(self._untrusted)
            return
        if link == "older:":
            self.install_older()
            return
        if link == "check:":
            main = self.parent()
            if isinstance(main, QMainWindow) and hasattr(main, "runner"):
                open_cases_check(main)
            return
        if link.startswith("case:"):
            # Where the outcome says to go: the Screening tab (Re-screen, then Accept).
            open_case_on_screening(self.parent(), link.removeprefix("case:"))

    def changeEvent(self, event: QEvent) -> None:
        # The greys and reds are chosen for the palette: drawn again on a light/dark switch.
        redraw_on_palette_change(self, event, self._redraw)
        super().changeEvent(event)

    def _redraw(self) -> None:
        self._style_messages()
        if self.overview is not None:
            self._show(self.overview)

    # -- filling the lists ------------------------------------------------------------------
    def _fill_regimes(self, overview: RulebookOverview) -> None:
        chosen = self.regime_combo.currentData()
        self.regime_combo.blockSignals(True)
        self.regime_combo.clear()
        self.regime_combo.addItem("All regimes", ALL_REGIMES)
        for regime in overview.regimes:
            self.regime_combo.addItem(f"{regime.code} — {regime.name}", regime.code)
        found = self.regime_combo.findData(chosen)
        self.regime_combo.setCurrentIndex(max(found, 0))
        self.regime_combo.blockSignals(False)

    def regime(self, code: str) -> RegimeRow | None:
        if self.overview is None:
            return None
        return next((r for r in self.overview.regimes if r.code == code), None)

    def rule(self, rule_id: str) -> RuleRow | None:
        if self.overview is None:
            return None
        return next((r for r in self.overview.rules if r.rule_id == rule_id), None)

    def _fill_rules(self, overview: RulebookOverview) -> None:
        keep = self._selected_id
        self.tree.blockSignals(True)
        self.tree.clear()
        self.tree.setHeaderLabels(
            [c if c != "Standing" else f"On {overview.as_of.isoformat()}" for c in RULE_COLUMNS])
        grey = QBrush(QColor(secondary_text_colour()))
        amber = QBrush(due_soon_colour())
        bold = QFont(self.tree.font())
        bold.setBold(True)
        italic = QFont(self.tree.font())
        italic.setItalic(True)
        select: QTreeWidgetItem | None = None
        for regime in overview.regimes:
            title = regime_heading(regime, overview.as_of, overview.rules)
            top = QTreeWidgetItem([title])
            top.setData(0, ROLE_REGIME, regime.code)
            top.setFont(0, bold)
            # The whole heading (a narrow window cuts it) and the regime's own note.
            top.setToolTip(0, "\n\n".join(t for t in (title, regime.name_zh, regime.note,
                                                         regime.earlier_editions) if t))
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading, not a rule to choose
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            for rule in (r for r in overview.rules if r.regime == regime.code):
                item = QTreeWidgetItem([
                    rule.rule_id, rule.standing_label, rule.status_label,
                    rule.effective_from.isoformat(), _end(rule.effective_to),
                    _verified_text(rule.verified), rule.title, rule.citation])
                item.setData(0, ROLE_RULE, rule.rule_id)
                item.setData(0, ROLE_REGIME, regime.code)
                tips = [f"{rule.rule_id}\n{rule.title_zh}", rule.explanation, rule.status_label,
                        "", "", "" if rule.verified else UNVERIFIED_WHY,
                        f"{rule.title}\n{rule.title_zh}", rule.citations_text()]
                for column, tip in enumerate(tips):
                    if tip:
                        item.setToolTip(column, tip)
                if rule.standing == "applies":
                    item.setFont(1, bold)
                    item.setFont(0, bold)
                elif rule.standing in ("not_included", "not_yet_in_force"):
                    item.setFont(1, italic)
                    for column in range(len(RULE_COLUMNS)):
                        item.setForeground(column, grey)
                else:  # superseded / ended: greyed, kept for old screenings
                    for column in range(len(RULE_COLUMNS)):
                        item.setForeground(column, grey)
                if not rule.verified:
                    item.setForeground(5, amber)
                top.addChild(item)
                if rule.rule_id == keep:
                    select = item
            top.setExpanded(True)
        self.tree.blockSignals(False)
        for column in range(len(RULE_COLUMNS) - 1):
            self.tree.resizeColumnToContents(column)
        # The title is cut (whole in its tooltip and the details) so the citation shows too.
        widest = self.tree.fontMetrics().averageCharWidth() * MAX_COLUMN_CHARS
        self.tree.setColumnWidth(TITLE_COLUMN, min(self.tree.columnWidth(TITLE_COLUMN), widest))
        # The rule id column is as wide as the longest id (a regime's heading spans them all).
        ids = [r.rule_id for r in overview.rules]
        metrics = QFontMetrics(bold)  # the applied versions' ids are bold
        width = max((metrics.horizontalAdvance(i) for i in ids), default=100)
        self.tree.setColumnWidth(0, width + 48)  # the indentation and the branch arrow
        if select is not None:
            self.tree.setCurrentItem(select)
        self._rule_selected()

    def _fill_clocks(self, overview: RulebookOverview) -> None:
        self.clocks_note.setText(
            f"The statutory review periods the filing tracks count, from "
            f"{overview.clocks_source}; a clock starts with the version in force on its start "
            f"date. Standing on {overview.as_of.isoformat()}.")
        self._fill_table(self.clocks_table, CLOCK_COLUMNS, overview.as_of,
                         [self._clock_cells(c) for c in overview.clocks])
        self._fill_table(self.follow_ups_table, FOLLOW_UP_COLUMNS, overview.as_of,
                         [self._follow_up_cells(f) for f in overview.follow_ups])

    @staticmethod
    def _clock_cells(c: ClockRow) -> tuple[list[str], str, bool]:
        rolls = "next working day" if c.rolls else "—"
        return ([c.kind, c.phase_label, c.limit, c.standing_label, _verified_text(c.verified),
                 c.extension, rolls, c.effective_from.isoformat(), _end(c.effective_to),
                 c.citation], c.standing, c.verified)

    @staticmethod
    def _follow_up_cells(f: FollowUpRow) -> tuple[list[str], str, bool]:
        return ([f.kind, f.text, f.standing_label, _verified_text(f.verified), f.terms, f.after,
                 f.effective_from.isoformat(), _end(f.effective_to), f.citation],
                f.standing, f.verified)

    def _fill_table(self, table: QTableWidget, columns: tuple[str, ...], as_of: date,
                    rows: list[tuple[list[str], str, bool]]) -> None:
        table.setHorizontalHeaderLabels(
            [c if c != "Standing" else f"On {as_of.isoformat()}" for c in columns])
        table.setRowCount(len(rows))
        grey = QBrush(QColor(secondary_text_colour()))
        amber = QBrush(due_soon_colour())
        verified_column = columns.index("Verified")
        for row, (cells, standing, verified) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text if column != verified_column or verified else UNVERIFIED_WHY)
                if standing != "applies":
                    item.setForeground(grey)
                if column == verified_column and not verified:
                    item.setForeground(amber)
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        widest = table.fontMetrics().averageCharWidth() * MAX_COLUMN_CHARS
        for column in range(len(columns) - 1):
            table.setColumnWidth(column, min(table.columnWidth(column), widest))
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setStretchLastSection(True)

    # -- filtering --------------------------------------------------------------------------
    def apply_filter(self) -> None:
        """Show the rules of the chosen regime whose id, citations, titles or note contain
        every word typed (in any order, either language)."""
        if self.overview is None:
            return
        regime_wanted = self.regime_combo.currentData() or ALL_REGIMES
        words = self.filter_edit.text().casefold().split()
        shown = applying = 0
        for top, children in self._items():
            code = top.data(0, ROLE_REGIME)
            visible_children = 0
            for child in children:
                rule = self.rule(child.data(0, ROLE_RULE))
                match = (rule is not None
                         and regime_wanted in (ALL_REGIMES, code)
                         and all(w in rule.search_text() for w in words))
                child.setHidden(not match)
                visible_children += match
                applying += match and rule is not None and rule.standing == "applies"
            top.setHidden(visible_children == 0)
            shown += visible_children
        for table in (self.clocks_table, self.follow_ups_table):
            self._filter_table(table, regime_wanted, words)
        total = len(self.overview.rules)
        self._show_summary(shown, total, applying)
        self.empty_label.setVisible(shown == 0)
        self.empty_label.setText(
            "No rule matches the filter: clear it or choose All regimes." if shown == 0 else "")
        current = self.tree.currentItem()
        if current is not None and current.isHidden():
            self.tree.clearSelection()
            self.tree.setCurrentIndex(QModelIndex())  # no rule: the details empty
            self._rule_selected()

    @staticmethod
    def _filter_table(table: QTableWidget, regime: str, words: list[str]) -> None:
        """The Clocks tab follows the same Regime and Filter: a row of the chosen regime's
        tracks (its first column, the track kind, starts with the regime's code) holding
        every word typed in one of its cells."""
        for row in range(table.rowCount()):
            cells = [table.item(row, c) for c in range(table.columnCount())]
            text = " ".join(c.text() for c in cells if c is not None).casefold()
            kind = cells[0].text() if cells and cells[0] is not None else ""
            table.setRowHidden(row, not ((regime == ALL_REGIMES or kind.startswith(regime))
                                         and all(w in text for w in words)))

    def _show_summary(self, shown: int, total: int, applying: int) -> None:
        """The version and the count of rules listed and applying on the date: of those
        listed when a regime or words narrow the list (it said "4 of 18 rules listed; 4
        apply" with one of the four listed applying)."""
        overview = self.overview
        assert overview is not None
        proposed = (", reported / proposed measures included" if overview.include_proposed
                    else "")
        on = overview.as_of.isoformat()
        verb = "applies" if applying == 1 else "apply"  # "17 rules; 1 apply" it said
        if shown == total:
            counts = f"{counted(total, 'rule')}; {applying} {verb} on {on}{proposed}"
        elif shown == 0:
            counts = f"0 of {counted(total, 'rule')} listed{proposed}"
        else:
            counts = (f"{shown} of {counted(total, 'rule')} listed; {applying} of them {verb} "
                      f"on {on}{proposed}")
        self.version_label.setText(
            f"<b>Rulebook {html.escape(overview.version)}</b> — {counts}.")
        self.version_label.setToolTip(
            "The version id every screening records: the declared version and a fingerprint "
            "of the rule files, so an edited figure always gives a new id.")
        self._place_unverified(self.is_short())
        self._fit_clocks_page(self.is_short())

    # -- the selected rule ------------------------------------------------------------------
    def selected_rule(self) -> RuleRow | None:
        item = self.tree.currentItem()
        if item is None or item.isHidden():
            return None
        rule_id = item.data(0, ROLE_RULE)
        return self.rule(rule_id) if rule_id else None

    def _items(self) -> list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]]:
        """Each regime's heading with its rules' items."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is not None:
                children = [top.child(j) for j in range(top.childCount())]
                out.append((top, [c for c in children if c is not None]))
        return out

    def rule_item(self, rule_id: str) -> QTreeWidgetItem:
        for _top, children in self._items():
            for child in children:
                if child.data(0, ROLE_RULE) == rule_id:
                    return child
        raise KeyError(rule_id)

    def select_rule(self, rule_id: str) -> None:
        self.tree.setCurrentItem(self.rule_item(rule_id))

    def standing_of(self, rule_id: str) -> str:
        """The standing shown for a rule (for tests and the details)."""
        rule = self.rule(rule_id)
        if rule is None:
            raise KeyError(rule_id)
        return rule.standing

    def _rule_selected(self) -> None:
        rule = self.selected_rule()
        if rule is None or self.overview is None:
            self._selected_id = None if self.overview is not None else self._selected_id
            self.details.clear()
        else:
            self._selected_id = rule.rule_id
            self.details.setHtml(
                rule_details_html(rule, self.regime(rule.regime), self.overview.as_of))
        self._update_copy()

    def _clock_selected(self, table: QTableWidget) -> None:
        # One selection on the clocks tab: choosing a follow-up clears the clock, and back.
        other = self.follow_ups_table if table is self.clocks_table else self.clocks_table
        if table.selectedItems():
            other.blockSignals(True)
            other.clearSelection()
            other.blockSignals(False)
        self._update_copy()

    def selected_clock_citation(self) -> tuple[str, str] | None:
        """(what, citation) of the clock or follow-up chosen on the clocks tab."""
        for table in (self.clocks_table, self.follow_ups_table):
            rows = table.selectionModel().selectedRows()
            if rows:
                row = rows[0].row()
                cells = [table.item(row, c) for c in (0, 1, table.columnCount() - 1)]
                kind, what, citation = (c.text() if c is not None else "" for c in cells)
                return f"{kind} {what}", citation
        return None

    def _update_copy(self) -> None:
        if self.tabs.currentIndex() == 1:
            chosen = self.selected_clock_citation()
            set_available(self.copy_button, "" if chosen else "Choose a time limit first.",
                          f"Copy the citation of {chosen[0]} to the clipboard." if chosen else "")
            return
        rule = self.selected_rule()
        set_available(self.copy_button, "" if rule else "Choose a rule first.",
                      f"Copy the English and the Chinese citation of {rule.rule_id} to the "
                      "clipboard." if rule else "")

    def copy_citation(self) -> None:
        """The chosen rule's citations, English then Chinese (a time limit's on the clocks tab)."""
        if self.tabs.currentIndex() == 1:
            chosen = self.selected_clock_citation()
            if chosen is None:
                return
            what, text = chosen
        else:
            rule = self.selected_rule()
            if rule is None:
                return
            what, text = rule.rule_id, rule.citations_text()
        QApplication.clipboard().setText(text)
        self.version_label.setText(
            self.version_label.text().split("<br>")[0]
            + f"<br>Copied the citation of {html.escape(what)} to the clipboard.")


def add_rulebook_action(window: QMainWindow) -> QAction:
    """View → Rulebook on the main window (which has `runner` and `view_menu`): one
    non-modal window, kept while the main window lives and read afresh when opened again."""
    action = QAction("Ru&lebook", window)
    action.setObjectName("rulebookAction")
    action.setStatusTip("Every rule of every regime and which version applies on a date")

    def make() -> RulebookWindow:
        return RulebookWindow(window.runner, window,  # type: ignore[attr-defined]
                              actor=lambda: window.actor,  # type: ignore[attr-defined]
                              data_dir=window.data_dir)  # type: ignore[attr-defined]

    def again(dialog: RulebookWindow) -> None:
        dialog.reload()  # an edited rule file is picked up

    action.triggered.connect(
        lambda _checked=False: show_kept(window, "rulebook_window", make, again))
    window.view_menu.addAction(action)  # type: ignore[attr-defined]
    return action
