"""Review mode listed a document's size in bytes ("spa.pdf (…, 48,600 bytes)") where the
case view's Documents tab says "48.6 KB": the same words, the exact count in the tip. A
type nothing names was its stored code ("transaction_agreement"): in words."""

from __future__ import annotations

import json

from approvals.services.cases import import_case
from approvals.services.documents import attach_document
from tests.conftest import EXAMPLES_DIR
from tests.ui.test_review_ui import open_in_review_mode


def test_a_documents_size_is_said_as_the_case_view_says_it(
    qtbot, tmp_path, data_dir, db, admin, installation_b
) -> None:
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        case = import_case(s, data=facts, actor=admin)
        (tmp_path / "spa.pdf").write_bytes(b"%PDF-1.4 " + b"x" * 48_591)
        attach_document(
            s,
            actor=admin,
            data_dir=data_dir,
            case_id=case.id,
            source=tmp_path / "spa.pdf",
            doc_type="transaction_agreement",
        )
        reference = case.reference
    rw, _features = open_in_review_mode(
        qtbot, tmp_path, data_dir, db, admin, installation_b, reference
    )
    item = rw.doc_list.item(0)
    assert item.text() == "spa.pdf  (Transaction agreement, 48.6 KB)"
    assert item.toolTip() == "48,600 bytes"
