"""Words about offline review that the app and the command line both say."""

from __future__ import annotations


def read_only_note(reference: str, status: str, reason: str, reopen: str = "") -> str:
    """What became of a response's case closed (or discarded) here since the export, and
    what its proposed changes need: `reopen` names where the case is reopened."""
    why = f" ({reason})" if reason else ""
    if status == "discarded":
        return (f"{reference} is discarded here{why}: its proposed changes cannot be "
                "applied; reject them to end the review.")
    return (f"{reference} is closed here{why}: the reviewer's input is kept, and a proposed "
            f"change can be accepted once the case is reopened"
            f"{' (' + reopen + ')' if reopen else ''}.")


def retracted_note(reference: str, field: str, value: str, decision: str,
                   proposal_id: int) -> str:
    """A proposal already decided here that the reviewer's later response no longer makes
    (`field` and `value` in the words of where it is said): the decision stands, and the
    preparer knows the reviewer took the value back."""
    stands = ("the case keeps it: change it back with Edit facts… if the reviewer's "
              "reason holds" if decision == "accepted" else "nothing changes")
    return (f"{reference}: the reviewer no longer proposes {value} for {field} (proposal "
            f"#{proposal_id}, {decision} here); {stands}.")


def revised_note(reference: str, field: str, before: str, now: str, proposal_id: int,
                 older_pack: bool) -> str:
    """A pending proposal a later response replaced with another value (`field`, `before`
    and `now` in the words of where it is said); `older_pack`: the response answers an
    older review pack than the one the replaced proposal answered."""
    said = (f"{reference}: the reviewer's proposal {before} for {field} (#{proposal_id}) is "
            f"replaced by {now} from this response")
    if older_pack:
        said += (", which answers an older review pack than that proposal did: check with "
                 "the reviewer which value stands")
    return said + "."
