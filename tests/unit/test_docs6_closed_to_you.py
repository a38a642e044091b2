"""A restricted document the viewer may not open says whom to ask."""

from __future__ import annotations

from approvals.services.documents import DocumentInfo
from approvals.ui.case_documents import closed_to_you


def _doc(*named: str) -> DocumentInfo:
    return DocumentInfo(id=1, case_id=1, track_id=None, file_name="memo.pdf", doc_type="",
                        sha256="0" * 64, size=1, uploaded_by="alice", uploaded_at="",
                        is_rendering=False, restricted=True, allowed_users=named,
                        can_open=False)


def test_it_names_the_people_to_ask() -> None:
    assert closed_to_you(_doc("alice", "bob", "carol")).endswith(
        "Ask alice, bob or carol (or an administrator, who can change who may open it).")
    assert "Ask alice (or" in closed_to_you(_doc("alice"))
    assert closed_to_you(_doc()).endswith("Ask an administrator, who can change who may open it.")
