"""Filing workflows: which track a determination opens, and (see below) the transition
tables that drive every track."""

from __future__ import annotations

# Outcomes that need the officer to act; each opens one filing track.
ACTION_OUTCOMES = frozenset(
    {"prohibited", "approval_required", "filing_required", "notification_required"}
)


def track_kind_for(regime: str, outcome: str) -> str | None:
    """The workflow kind of the track a determination opens, or None when it opens none.

    The negative list has no filing procedure of its own: a prohibited item blocks the
    deal and is shown on the screening, not run as a track.
    """
    if outcome not in ACTION_OUTCOMES or regime == "CN-NEGATIVE-LIST":
        return None
    if regime == "CN-DATA-EXPORT" and outcome == "filing_required":
        return "CN-DATA-EXPORT-CONTRACT"
    if regime == "CN-TECH-EXPORT" and outcome == "filing_required":
        return "CN-TECH-EXPORT-REGISTRATION"
    return regime
