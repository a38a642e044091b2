"""`approvals review import` says the reviewer's reasons with the recommendation ("recommends
return — Board seats understated."): a return's reasons are what the preparer acts on,
and only `review proposals` said them. --json has them under `reasons`."""

from __future__ import annotations

import shutil

from approvals.services import review
from tests.cli.helpers import run_many
from tests.review_support import RITA, open_review_pair, write_response


def test_the_import_says_why_the_reviewer_returns_the_case(tmp_path, data_dir, db) -> None:
    pair = open_review_pair(tmp_path, data_dir, db)
    review.set_recommendation(data_dir=pair.b_dir, pack_id=pair.pack_id,
                              reference=pair.reference, recommendation="return",
                              reasons="Board seats understated", actor=RITA)
    response = write_response(pair, tmp_path / "response.zip")
    pair.b_db.dispose()
    db.dispose()
    copy = tmp_path / "A2"
    shutil.copytree(data_dir.root, copy)
    imported, as_json = run_many(("review", "import", str(response), "--data-dir", data_dir.root),
                                 ("review", "import", str(response), "--json", "--data-dir", copy))
    assert imported.code == 0, imported.stderr
    assert (f"{pair.reference}: the reviewer recommends return — Board seats understated."
            in imported.stdout.splitlines())
    assert as_json.json()["recommendations"] == [
        {"reference": pair.reference, "recommendation": "return",
         "reasons": "Board seats understated"}]
