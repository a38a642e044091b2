"""The rulebook as officers read it (View → Rulebook): every rule with its standing on a
date — applies, superseded, not yet in force, no longer in force, or not applied (a
reported / proposed measure while those are left out) — exactly as
`screen(facts, as_of, include_proposed)` selects them (the standing comes from
`domain.rulebook.rule_standings`, the screening's own selection), the parameters in words
(the numbers as the screening's reasons write them), and the workflow's review time limits
(workflow/clocks.json).

Read from the rule files in use — the shipped ones, or an update installed in the data
folder (`rulebook_in_use`; services.rulebook_updates installs and reverts them): no
database and no permission (every user may read the rulebook). Reads files: call it off
the GUI thread.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from approvals.domain.clocks import unit_words
from approvals.domain.dates import utc_text
from approvals.domain.errors import CheckFailed, NotFound
from approvals.domain.numbers import humanise, prose
from approvals.domain.places import place_name
from approvals.domain.rulebook import (
    STANDING_LABELS,
    Rule,
    Rulebook,
    RulebookError,
    default_rulebook,
    load_rulebook,
    regime_names,
    rule_standings,
    version_key,
)
from approvals.domain.screening import (
    counts_non_sensitive_pi,
    figure_text,
    operations_text,
    parameter_code_name,
    pct_text,
    regime_screened,
    rmb_text,
    usd_text,
)
from approvals.domain.workflow import (
    CLOCKS_FILE,
    ClockSpec,
    FollowUp,
    clock_spec,
    clock_specs,
    follow_ups,
    follow_ups_for,
    state_label,
)
from approvals.paths import PRIVATE_KEY_FILE, DataDir
from approvals.resources import label_data

STATUS_LABELS = {"in_force": "Adopted", "reported": "Reported", "proposed": "Proposed"}
UNVERIFIED_WHY = (
    "Taken from secondary sources, not yet checked against the official text: check the "
    "citation and the figures before relying on them in a filing or a decision.")

# What each parameter means, in words; the comparison (more than / at least / at most)
# and the unit come from the name's own conventions (see resources/rulebook/README.md).
PARAMETER_LABELS: dict[str, str] = {
    "target_countries": "Target company organised in",
    "covered_instruments": "Instruments treated as an investment",
    "territory": "Territory",
    "sectors_regardless_of_control": "Fields reviewed whether or not control is acquired",
    "sectors_requiring_control": "Fields reviewed when control is acquired",
    "control_stake_pct_at_least": "Control: a stake of",
    "edition": "Negative list edition",
    "prohibited_activities": "Activities prohibited to foreign investment",
    "foreign_equity_cap_pct": "Foreign equity caps",
    "check_by_hand": "Activities to check by hand",
    "catalogue_edition": "Catalogue edition",
    "catalogue_edition_zh": "Catalogue edition (Chinese)",
    "licence_decision_working_days": "Licence decision within",
    "counting_period": "Numbers of individuals counted",
    "assessment_important_data": "Security assessment for any export of important data",
    "assessment_cii_operator": "Security assessment for a critical information infrastructure operator",
    # CN-DATA-EXPORT's counts of individuals: _data_export_labels, worded per version.
    "worldwide_combined_more_than_cny": "Combined worldwide turnover of the parties",
    "china_combined_more_than_cny": "Combined turnover in China of the parties",
    "china_each_more_than_cny": "Turnover in China of each such party",
    "parties_each_exceeding": "Parties that must each exceed it",
    "below_thresholds_note": "Below the thresholds (from each date)",
    "below_thresholds_note_zh": "Below the thresholds, in Chinese (from each date)",
    "countries_of_concern": "Countries of concern",
    "owned_by_persons_of_concern_pct_at_least": "Owned by persons of a country of concern",
    "us_person_if_organised_in": "An investor organised here is a US person",
    "covers_completions_from": "Covers transactions completed on or after",
    "foreign_by_reference": "Investors screened as foreign by reference",
    "ai_compute_more_than_ops": "AI model trained with compute of",
    "ai_bio_compute_more_than_ops": "AI model trained mainly on biological sequence data with compute of",
    "ai_end_uses": "AI end uses",
    "activities": "Activities",
    "instruments": "Excepted instruments",
    "lp_interest_at_most_usd": "LP interest: commitment of",
    "due_calendar_days_after_completion": "Notification due after the completion date",
    "due_calendar_days_after_knowledge": "Notification due after acquiring actual knowledge",
    "civil_max_usd": "Maximum civil penalty",
    "criminal_max_usd": "Maximum criminal fine",
    "criminal_max_years": "Maximum prison term",
}
# CN-DATA-EXPORT's counts of individuals, in both languages. The PI count is worded by what
# the version counts (domain.screening.counts_non_sensitive_pi): Order 16 counts
# non-sensitive PI, sensitive PI apart; Order 11 all PI, sensitive included.
_PI_COUNTED = {
    True: ("non-sensitive personal information", "个人信息（不含敏感个人信息）"),
    False: ("personal information (sensitive included)", "个人信息（含敏感个人信息）"),
}
_ASSESSMENT, _ASSESSMENT_ZH = "Security assessment", "数据出境安全评估"
_CONTRACT, _CONTRACT_ZH = "Standard contract / certification", "个人信息出境标准合同／个人信息保护认证"


def _data_export_labels(rule: Rule) -> dict[str, tuple[str, str]]:
    pi, pi_zh = _PI_COUNTED[counts_non_sensitive_pi(rule)]
    return {
        "assessment_pi_processed_at_least": (f"{_ASSESSMENT}: personal information processed of",
                                             f"{_ASSESSMENT_ZH}：处理个人信息人数"),
        "assessment_pi_exported_at_least": (f"{_ASSESSMENT}: {pi} exported of",
                                            f"{_ASSESSMENT_ZH}：向境外提供{pi_zh}人数"),
        "assessment_sensitive_exported_at_least": (f"{_ASSESSMENT}: sensitive personal information exported of",
                                                   f"{_ASSESSMENT_ZH}：向境外提供敏感个人信息人数"),
        "contract_pi_exported_at_least": (f"{_CONTRACT}: {pi} exported of",
                                          f"{_CONTRACT_ZH}：向境外提供{pi_zh}人数"),
        "contract_sensitive_exported_at_least": (f"{_CONTRACT}: sensitive personal information exported of",
                                                 f"{_CONTRACT_ZH}：向境外提供敏感个人信息人数"),
    }


VALUE_WORDS = {
    "current_year": "since 1 January of the current year",
    "since_previous_year": "since 1 January of the previous year",
}
_COMPARISON_WORDS = (("_more_than", "more than"), ("_at_least", "at least"), ("_at_most", "at most"))


@dataclass(frozen=True)
class ParameterLine:
    name: str  # as in the rule file
    label: str
    value: str  # in words, the numbers as the screening's reasons write them
    raw: str  # the codes / number as stored, for a tooltip
    label_zh: str = ""  # the meaning in Chinese, where the window shows one


@dataclass(frozen=True)
class RuleRow:
    regime: str
    regime_name: str
    rule_id: str
    provision: str
    title: str
    title_zh: str
    citation: str
    citation_zh: str
    effective_from: date
    effective_to: date | None
    status: str  # in_force | reported | proposed
    verified: bool
    note: str
    source: str
    parameters: tuple[ParameterLine, ...]
    standing: str  # a key of STANDING_LABELS
    explanation: str
    applied_id: str | None  # the version of this provision applied on the date
    regime_in_force: bool

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, humanise(self.status))

    @property
    def standing_label(self) -> str:
        return STANDING_LABELS[self.standing]

    @property
    def period(self) -> str:
        end = self.effective_to.isoformat() if self.effective_to else "open-ended"
        return f"{self.effective_from.isoformat()} – {end}"

    def citations_text(self) -> str:
        """Both citations, for the clipboard: English, then Chinese."""
        return f"{self.citation}\n{self.citation_zh}" if self.citation_zh else self.citation

    def search_text(self) -> str:
        """What the window's free-text filter looks in (case-folded)."""
        return " ".join((self.regime, self.regime_name, self.rule_id, self.provision, self.title,
                         self.title_zh, self.citation, self.citation_zh, self.note)).casefold()


@dataclass(frozen=True)
class ClockRow:
    kind: str
    phase: str
    phase_label: str
    effective_from: date
    effective_to: date | None
    limit: str  # "30 working days (CN calendar)" or "no statutory time limit known"
    extension: str
    rolls: bool  # a period ending on a non-working day ends on the next working day
    citation: str
    verified: bool
    standing: str  # applies | superseded | not_yet_in_force | ended

    @property
    def standing_label(self) -> str:
        return STANDING_LABELS[self.standing]


@dataclass(frozen=True)
class FollowUpRow:
    kind: str
    text: str
    after: str  # the steps that create it, in words
    effective_from: date
    effective_to: date | None
    terms: str
    citation: str
    verified: bool
    standing: str

    @property
    def standing_label(self) -> str:
        return STANDING_LABELS[self.standing]


@dataclass(frozen=True)
class RegimeRow:
    code: str
    name: str
    name_zh: str
    note: str
    in_force: bool  # a primary rule applies on the date (else it screens not_in_force)
    screened: bool  # screened at all with this setting (CN-US-CAPITAL only with proposed)
    earlier_editions: str = ""  # what applied before the earliest rule held, if anything


@dataclass(frozen=True)
class RulebookOverview:
    version: str
    declared_version: str
    as_of: date
    include_proposed: bool
    regimes: tuple[RegimeRow, ...]
    rules: tuple[RuleRow, ...]
    clocks: tuple[ClockRow, ...]
    follow_ups: tuple[FollowUpRow, ...]
    clocks_source: str
    in_use: RulebookInUse | None = None  # which rulebook the data folder uses (given one)

    @property
    def unverified(self) -> tuple[RuleRow, ...]:
        return tuple(r for r in self.rules if not r.verified)

    def applied(self) -> dict[tuple[str, str], str]:
        """(regime, provision) -> id of the version applied on the date."""
        return {(r.regime, r.provision): r.rule_id for r in self.rules if r.standing == "applies"}


# -- parameters in words ---------------------------------------------------------------------
def _places(codes: Iterable[str]) -> str:
    return ", ".join(f"{place_name(c)} ({c})" if place_name(c) != c else c
                     for c in codes) or "none"


def _labels(parameter: str, codes: Iterable[str]) -> str:
    return ", ".join(parameter_code_name(parameter, c) for c in codes) or "none"


def _amount(name: str, value: Any) -> str:
    """A number as the screening's reasons write it, by the parameter's naming convention."""
    if name.endswith("_ops"):
        return f"{prose(operations_text(value))} operations"  # 10²⁵, as the reasons show it
    if name.endswith("_cny"):
        return rmb_text(value)
    if name.endswith("_usd"):
        return usd_text(value)
    if "pct" in name:
        return pct_text(value)
    if name.endswith("working_days"):
        return unit_words("working", int(value))
    if "calendar_days" in name:
        return unit_words("calendar", int(value))
    if name.endswith("_years"):
        return f"{figure_text(value)} years"
    if "_pi_" in name or "_sensitive_" in name:
        return f"{figure_text(value)} {'individual' if value == 1 else 'individuals'}"
    return figure_text(value)


def _value(name: str, value: Any) -> str:
    if value is None:
        return "none in this version"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str):
        return VALUE_WORDS.get(value, value)
    if isinstance(value, list):
        if name in ("territory", "target_countries", "countries_of_concern", "us_person_if_organised_in",
                    "foreign_by_reference"):
            return _places(value)
        return _labels(name, value)
    if isinstance(value, Mapping):
        if name == "foreign_equity_cap_pct":
            return "; ".join(f"{parameter_code_name(name, k)}: at most {pct_text(v)}" for k, v in value.items()) or "none"
        if name == "check_by_hand":
            parts = []
            for code, note in value.items():
                unless = note.get("unless") or []
                tail = f" (unless {_labels('unless', unless)} is recorded too)" if unless else ""
                parts.append(f"{parameter_code_name(name, code)}: {note.get('text', '')}{tail}")
            return "; ".join(parts) or "none"
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    for suffix, words in _COMPARISON_WORDS:
        if suffix in name:
            return f"{words} {_amount(name, value)}"
    return _amount(name, value)


def _raw(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value) or "(empty)"
    if isinstance(value, Mapping):
        # Each key with its value (the keys alone read "below_thresholds_note = 2024-01-22",
        # a date for a note); a long value cut, the words above give it whole.
        def short(item: Any) -> str:
            text = json.dumps(item, ensure_ascii=False)
            return text if len(text) <= 40 else f"{text[:37]}…"
        return "{" + ", ".join(f"{k}: {short(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"  # as the rule file writes it
    return "null" if value is None else str(value)


def parameter_lines(rule: Rule) -> tuple[ParameterLine, ...]:
    """A rule's parameters, each with its meaning and its value in words."""
    worded = _data_export_labels(rule) if rule.regime == "CN-DATA-EXPORT" else {}
    lines = []
    for name, value in rule.parameters.items():
        label, label_zh = worded.get(name) or (PARAMETER_LABELS.get(name, humanise(name)), "")
        lines.append(ParameterLine(name, label, _value(name, value), _raw(value), label_zh))
    return tuple(lines)


# -- clocks ----------------------------------------------------------------------------------
def _phase_label(kind: str, phase: str) -> str:
    try:
        return state_label(kind, phase)
    except NotFound:  # a clock phase that is not a state (e.g. notification after knowledge)
        return humanise(phase)


def _clock_standing(spec: ClockSpec, specs: tuple[ClockSpec, ...], on: date) -> str:
    try:
        applied: ClockSpec | None = clock_spec(spec.kind, spec.phase, on, specs)
    except NotFound:
        applied = None
    return _dated_standing(spec.effective_from, spec.effective_to, applied is spec,
                           applied is not None, on)


def _dated_standing(start: date, end: date | None, is_applied: bool, other_applies: bool,
                    on: date) -> str:
    if is_applied:
        return "applies"
    if on < start:
        return "not_yet_in_force"
    return "superseded" if other_applies else "ended"


def clock_rows(on: date, specs: tuple[ClockSpec, ...] | None = None) -> tuple[ClockRow, ...]:
    specs = clock_specs() if specs is None else specs
    rows = []
    for s in specs:
        if s.days is None:
            limit = "no statutory time limit known (followed without a clock)"
        else:
            limit = f"{unit_words(s.unit, s.days)} ({s.calendar} calendar)"
        extension = (f"up to {unit_words(s.unit, s.extension_days)}"
                     if s.extension_days else "—")
        rows.append(ClockRow(s.kind, s.phase, _phase_label(s.kind, s.phase), s.effective_from,
                             s.effective_to, limit, extension, s.roll, s.citation, s.verified,
                             _clock_standing(s, specs, on)))
    return tuple(rows)


def follow_up_rows(on: date, items: tuple[FollowUp, ...] | None = None) -> tuple[FollowUpRow, ...]:
    items = follow_ups() if items is None else items
    rows = []
    for f in items:
        # The workflow's own selection: the latest version of the obligation on the date.
        current = follow_ups_for(f.kind, f.transitions[0], on, items)
        applied = next((c for c in current if c.text == f.text), None)
        terms = f"valid {f.valid_years} years"
        if f.working_days_before_expiry:
            terms += (f"; renew within {unit_words('working', f.working_days_before_expiry)} "
                      f"before expiry ({f.calendar} calendar)")
        after = ", ".join(humanise(t) for t in f.transitions)
        rows.append(FollowUpRow(f.kind, f.text, after, f.effective_from, f.effective_to, terms,
                                f.citation, f.verified,
                                _dated_standing(f.effective_from, f.effective_to, applied is f,
                                                applied is not None, on)))
    return tuple(rows)


# -- which rulebook an installation uses ----------------------------------------------------
# <data>/rulebook/ holds each installed update's rule files in a folder of its own, and
# installed.json, the record of which are installed (oldest first; the last one is in use,
# a revert drops it). The record is replaced atomically (services.rulebook_updates), so a
# crash leaves the previous rulebook in use, never a half-written one.
INSTALLED_FILE = "installed.json"
INSTALLED_FORMAT = "approvals-rulebook-installed"


@dataclass(frozen=True)
class InstalledUpdate:
    """One installed rulebook update, as the installation record keeps it."""

    folder: str  # under <data>/rulebook/
    declared_version: str
    version: str  # the rulebook's version id (declared version + hash of the rule files)
    published: str
    signer_fingerprint: str
    signer_label: str
    installed_at: str  # UTC, ISO-8601
    installed_by: str
    file_name: str
    file_sha256: str
    pack_id: str
    # Installed although not newer than the rulebook then in use (--allow-older): it then
    # stays in use even when an app upgrade ships a newer rulebook.
    pinned: bool = False

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class RulebookInUse:
    """Which rulebook an installation's screenings use, and what a revert would go back to."""

    source: str  # "shipped" or "installed"
    version: str
    declared_version: str
    published: str
    directory: Path
    shipped_version: str
    update: InstalledUpdate | None  # the installed update in use (None: the shipped one)
    revert_to: str = ""  # what a revert would put in use, in words ("" : nothing to revert)
    note: str = ""  # e.g. an installed update set aside for a newer shipped rulebook
    installed: tuple[InstalledUpdate, ...] = field(default_factory=tuple)

    def named(self) -> str:
        """"the shipped rulebook 2026.11.2+…" or "the installed update 2026.12.1+…"."""
        kind = "the shipped rulebook" if self.update is None else "the installed update"
        return f"{kind} {self.version}"

    def describe(self) -> str:
        """One sentence for the window and the command line."""
        if self.update is None:
            return f"Shipped rulebook {self.version} (published {self.published or 'undated'})."
        u = self.update
        # Said, or an administrator who finds an older rulebook in use after an app
        # upgrade has only the audit trail to learn it was kept on purpose.
        pinned = (" Installed although not newer than the rulebook then in use: it stays in "
                  "use even over a newer shipped rulebook until it is reverted (the reason "
                  "is in the audit trail)." if u.pinned else "")
        return (f"Installed update {self.version} (published {u.published or 'undated'}), "
                f"signed by {u.signer_label or 'an unnamed installation'}, installed by "
                f"{u.installed_by} at {utc_text(u.installed_at)}.{pinned}")


def _manifest_published(directory: Path) -> str:
    try:
        data = json.loads((directory / "rulebook.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    value = data.get("published") if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


def _broken(path: Path, why: str, command_line: bool = False) -> CheckFailed:
    # The way back as the user works: the menu item in the app, the command on the
    # command line (the app said both, a command an officer in the app has no use for).
    way = "`approvals rulebook revert`" if command_line else "View → Rulebook → Revert"
    return CheckFailed(
        f"The record of the installed rulebook updates {path} {why}, so it is not known which "
        f"rulebook to screen with. Revert to the shipped rulebook ({way}) and install the "
        "update again, or restore a backup.")


@lru_cache(maxsize=16)
def _read_record(path: str, _stamp: tuple[int, ...],
                 command_line: bool = False) -> tuple[InstalledUpdate, ...]:
    file = Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _broken(file, f"cannot be read ({exc.strerror or exc})", command_line) from None
    except ValueError:
        raise _broken(file, "is not valid JSON", command_line) from None
    if not isinstance(data, dict) or data.get("format") != INSTALLED_FORMAT \
            or not isinstance(data.get("installed"), list):
        raise _broken(file, "is not an installation record", command_line)
    names = set(InstalledUpdate.__dataclass_fields__)
    out = []
    for entry in data["installed"]:
        try:
            update = InstalledUpdate(**{k: v for k, v in entry.items() if k in names})
        except (AttributeError, TypeError):
            raise _broken(file, "lists an entry that is not an installed update",
                          command_line) from None
        if not isinstance(update.folder, str) or not update.folder or "/" in update.folder \
                or "\\" in update.folder or update.folder.startswith("."):
            raise _broken(file, f"names the folder {update.folder!r}, which is not one of its own",
                          command_line)
        out.append(update)
    return tuple(out)


def installed_updates(data_dir: DataDir, *,
                      command_line: bool = False) -> tuple[InstalledUpdate, ...]:
    """The installed updates, oldest first (the last is the one in use); () when none is.
    Cached by the record's file stamp: the screening asks on every call. `command_line`:
    a damaged record's message names `approvals rulebook revert`, else the menu item."""
    path = data_dir.rulebook / INSTALLED_FILE
    try:
        st = path.stat()
    except FileNotFoundError:
        return ()
    except OSError as exc:
        raise _broken(path, f"cannot be read ({exc.strerror or exc})", command_line) from None
    # The record is replaced, never written in place: a new file, a new inode and ctime.
    return _read_record(os.fspath(path), (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size),
                        command_line)


def _newer_or_same(declared: str, than: str) -> bool:
    new, old = version_key(declared), version_key(than)
    return new is None or old is None or new >= old


def _applies(update: InstalledUpdate, shipped: Rulebook) -> bool:
    """Whether the last installed update is the one in use (else the shipped rulebook)."""
    return update.pinned or _newer_or_same(update.declared_version, shipped.declared_version)


def rulebook_in_use(data_dir: DataDir | None,
                    installed: tuple[InstalledUpdate, ...] | None = None, *,
                    command_line: bool = False) -> RulebookInUse:
    """The rulebook `data_dir`'s screenings use: the last installed update, unless the
    shipped rulebook is newer (an app upgrade) and the update was not deliberately installed
    as an older one; else the shipped rulebook. `installed` (default: the record) lets the
    updates' services ask what a change of the record would put in use. `command_line`: as
    for `installed_updates`."""
    shipped = default_rulebook()
    stack = (installed_updates(data_dir, command_line=command_line)
             if data_dir is not None else ()) \
        if installed is None else installed
    shipped_words = f"the shipped rulebook {shipped.version}"
    if stack:
        top = stack[-1]
        if _applies(top, shipped):
            assert data_dir is not None
            top = _as_seen_here(top, data_dir)
            directory = data_dir.rulebook / top.folder
            book = _installed_book(data_dir, top, command_line)
            below = stack[-2] if len(stack) > 1 else None
            revert_to = (f"the installed update {below.version}" if below is not None
                         else shipped_words)
            return RulebookInUse("installed", book.version, book.declared_version,
                                 top.published, directory, update=top, revert_to=revert_to,
                                 shipped_version=shipped.version, installed=stack)
        note = (f"The installed update {top.version} is set aside: the shipped rulebook "
                f"{shipped.version} (from an app upgrade) is newer.")
        return RulebookInUse("shipped", shipped.version, shipped.declared_version,
                             _manifest_published(shipped.directory), shipped.directory,
                             update=None, revert_to=f"remove the set-aside update {top.version}",
                             note=note, shipped_version=shipped.version, installed=stack)
    return RulebookInUse("shipped", shipped.version, shipped.declared_version,
                         _manifest_published(shipped.directory), shipped.directory, update=None,
                         shipped_version=shipped.version, installed=stack)


# The name review packs give this installation's own key; an update it signed is recorded
# under it, which is only true on the installation that holds that key.
OWN_KEY_LABEL = "this installation"


def _as_seen_here(update: InstalledUpdate, data_dir: DataDir) -> InstalledUpdate:
    """`update` with its signer named as this installation sees it: a record restored from
    another computer's backup says "this installation" of a key this one does not hold."""
    if update.signer_label != OWN_KEY_LABEL:
        return update
    own = None
    if (data_dir.keys / PRIVATE_KEY_FILE).exists():  # reading creates no key
        # Here, not at the top: `approvals screen` reads this module and needs no crypto.
        from approvals.store.keys import load_or_create_identity
        own = load_or_create_identity(data_dir.keys).fingerprint
    if own == update.signer_fingerprint:
        return update
    return replace(update, signer_label="the installation this data folder came from "
                                        "(not this one: its key is another)")


def rulebook_for(data_dir: DataDir | None, *, command_line: bool = False) -> Rulebook:
    """The rulebook every screening of `data_dir` applies (None: the shipped one). Cheap on
    repeated calls: the record and the rule files are read again only when they change.
    `command_line`: as for `installed_updates`."""
    if data_dir is None:
        return default_rulebook()
    stack = installed_updates(data_dir, command_line=command_line)
    shipped = default_rulebook()
    if not stack or not _applies(stack[-1], shipped):
        return shipped
    return _installed_book(data_dir, stack[-1], command_line)


def _installed_book(data_dir: DataDir, update: InstalledUpdate, command_line: bool) -> Rulebook:
    """The installed update's rules, as long as they are the ones installed: the signature
    is checked at install, and a rule file edited in the folder since (a threshold changed
    by hand) would change outcomes under a version nobody signed. The version id hashes
    every rule file, so the record's version says whether they are."""
    directory = data_dir.rulebook / update.folder
    book = load_rulebook(directory)
    if book.version != update.version:
        way = "`approvals rulebook revert`" if command_line else "View → Rulebook → Revert"
        raise CheckFailed(
            f"The rule files of the installed rulebook update {update.version} in {directory} "
            f"were changed after it was installed (they now read as {book.version}), so no "
            "screening uses them: they are not the rules that were signed. Revert to the "
            f"rulebook before it ({way}) and install the update again, or restore a backup.")
    return book


# -- the whole view --------------------------------------------------------------------------
def _rule_keys(directory: Path) -> dict[str, tuple[Any, ...]]:
    try:
        book = load_rulebook(directory)
    except (RulebookError, OSError):
        return {}  # a folder a revert removed: every dated version counts as new
    return _book_keys(book)


def _book_keys(book: Rulebook) -> dict[str, tuple[Any, ...]]:
    return {r.id: (r.effective_from, r.effective_to, r.status) for r in book.rules}


def later_changes(before: RulebookInUse, after: RulebookInUse,
                  today: date) -> tuple[tuple[date, tuple[str, ...]], ...]:
    """The dates after `today` on which a rule version that the rulebook now in use holds
    and the earlier one did not (as such: its dates or status differ) starts or ends, each with what happens
    ("CN-US-CAPITAL.approval.2026-12 takes effect"), earliest first: an update that makes a measure law next month changes no screening
    today, and the officer is told from when it will."""
    return _later_days(_rule_keys(before.directory), _rule_keys(after.directory), today)


def later_change_days(old: Rulebook, new: Rulebook,
                      today: date) -> tuple[tuple[date, tuple[str, ...]], ...]:
    """later_changes between two rulebooks read already (an update previewed before it
    is installed, against the one in use)."""
    return _later_days(_book_keys(old), _book_keys(new), today)


def _later_days(old: dict[str, tuple[Any, ...]], new: dict[str, tuple[Any, ...]],
                today: date) -> tuple[tuple[date, tuple[str, ...]], ...]:
    days: dict[date, set[str]] = {}
    # Only the rulebook in use now changes on a later day: a date only the earlier one held
    # (a reverted update's, a version moved to an earlier date) brings nothing any more.
    for rule_id, key in new.items():
        if old.get(rule_id) == key:
            continue
        start, end, _status = key
        for day, what in ((start, "takes effect"),
                          (end + timedelta(days=1) if end else None, "ends")):
            if day is not None and day > today:
                days.setdefault(day, set()).add(f"{rule_id} {what}")
    return tuple((day, tuple(sorted(ids))) for day, ids in sorted(days.items()))


def rulebook_overview(as_of: date, include_proposed: bool = False, *,
                      directory: Path | str | None = None,
                      clocks_path: Path | None = None,
                      data_dir: DataDir | None = None) -> RulebookOverview:
    """Every rule with its standing on `as_of` (as `screen(facts, as_of, include_proposed)`
    would apply them), and the review time limits of workflow/clocks.json. The rulebook is
    `directory`'s, else the one `data_dir`'s screenings use (`rulebook_in_use`), else the
    shipped one. Reads files: call it off the GUI thread."""
    in_use = rulebook_in_use(data_dir) if directory is None and data_dir is not None else None
    book: Rulebook = (load_rulebook(directory) if directory is not None
                      else load_rulebook(in_use.directory) if in_use is not None
                      and in_use.update is not None else default_rulebook())
    names = regime_names(book)
    names_zh = {code: pair[1] for code, pair in label_data().get("regimes", {}).items()
                if isinstance(pair, list) and len(pair) == 2}
    standings = rule_standings(book, as_of, include_proposed)
    ruleset = book.rules_on(as_of, include_proposed)
    in_force = {s.rule.regime: s.regime_in_force for s in standings}
    regimes = tuple(
        RegimeRow(code, names[code], names_zh.get(code, ""), book.notes.get(code, ""),
                  in_force.get(code, False),
                  regime_screened(code, ruleset),
                  book.earlier_editions.get(code, ("", ""))[0])
        for code in book.regimes)
    rules = tuple(
        RuleRow(
            regime=s.rule.regime, regime_name=names[s.rule.regime], rule_id=s.rule.id,
            provision=s.rule.provision, title=s.rule.title, title_zh=s.rule.title_zh,
            citation=s.rule.citation, citation_zh=s.rule.citation_zh,
            effective_from=s.rule.effective_from, effective_to=s.rule.effective_to,
            status=s.rule.status, verified=s.rule.verified, note=s.rule.note,
            source=s.rule.source, parameters=parameter_lines(s.rule), standing=s.standing,
            explanation=s.explanation, applied_id=s.applied.id if s.applied else None,
            regime_in_force=s.regime_in_force,
        )
        for s in standings)
    specs = clock_specs(clocks_path)
    items = follow_ups(clocks_path)
    return RulebookOverview(
        version=book.version, declared_version=book.declared_version, as_of=as_of,
        include_proposed=include_proposed, regimes=regimes, rules=rules,
        clocks=clock_rows(as_of, specs), follow_ups=follow_up_rows(as_of, items),
        clocks_source=str(clocks_path) if clocks_path else "/".join(("resources", *CLOCKS_FILE)),
        in_use=in_use,
    )


