"""After attaching a file whose name an in-force document of the case already has, with
other content, the officer is told (two "SPA.pdf" in force left nobody sure which one a
filing rests on), and how to keep one; a new version of that file is not such a case."""

from __future__ import annotations

from approvals.services import documents
from approvals.services.workspace import case_by_reference
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.store.models import Document
from approvals.ui.case_documents import same_file_note
from tests.ui.test_case_view_wording import case_ref

__all__ = ["case_ref"]  # the fixture


def _docs(
    db: Database, admin: Actor, case_ref: str, files: tuple[tuple[str, str], ...]
) -> list[documents.DocumentInfo]:
    with db.session() as s:
        case_id = case_by_reference(s, case_ref).id
        for name, sha in files:
            s.add(
                Document(
                    case_id=case_id,
                    file_name=name,
                    sha256=sha,
                    size=10,
                    stored_path=name + sha[:4],
                    uploaded_by="alice",
                )
            )
    with db.session() as s:
        return documents.list_documents(s, actor=admin, case_id=case_id)


def test_a_second_file_of_the_same_name_is_said(db: Database, admin: Actor, case_ref: str) -> None:
    docs = _docs(db, admin, case_ref, (("SPA.pdf", "1" * 64), ("spa.PDF", "2" * 64)))
    new = docs[-1] if docs[-1].file_name == "spa.PDF" else docs[0]
    note = same_file_note(new, docs, {"alice": "Alice Wong"})
    assert note.startswith(
        "Attached spa.PDF; the case already holds another file of that "
        "name with other content (other SHA-256), attached by Alice "
        "Wong (alice) on "
    )
    assert "Withdraw…" in note and "Attach new version…" in note


def test_other_names_are_not_said(db: Database, admin: Actor, case_ref: str) -> None:
    docs = _docs(db, admin, case_ref, (("SPA.pdf", "1" * 64), ("SHA.pdf", "2" * 64)))
    assert [same_file_note(d, docs) for d in docs] == ["", ""]


def test_a_copy_of_a_restricted_file_attached_open_is_said(
        db: Database, admin: Actor, case_ref: str) -> None:
    """The same bytes as a restricted side letter, attached without the restriction: the
    content is open to everyone on the case now, and the note did not say so."""
    from dataclasses import replace

    docs = _docs(db, admin, case_ref, (("side letter.pdf", "3" * 64), ("copy.pdf", "3" * 64)))
    first = next(d for d in docs if d.file_name == "side letter.pdf")
    new = next(d for d in docs if d.file_name == "copy.pdf")
    docs = [replace(first, restricted=True, allowed_users=("li.wei",)), new]
    note = same_file_note(new, docs, {"li.wei": "Li Wei"})
    assert note.endswith("That copy is restricted to Li Wei (li.wei); this one is not: "
                         "restrict it (Restrict…) or withdraw it, or its content is open to "
                         "everyone on the case.")
    # Both restricted, or neither: nothing more to say.
    both = [docs[0], replace(new, restricted=True, allowed_users=("li.wei",))]
    assert "restricted" not in same_file_note(both[1], both, {})
