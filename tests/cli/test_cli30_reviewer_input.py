"""A reviewer's free text holding a control character or a text-direction control is
refused at its option (U+202E came out reversed in the preparer's import and the audit
export), and an empty PACK_ID or CASE_REF is named as empty, not looked up."""

from __future__ import annotations

from tests.cli.helpers import Result, run_many
from tests.review_support import (
    PAT,
    ReviewPair,
    accepted_on_the_command_line,
    open_review_pair,
    proposal_response,
)


def _reviewers_side(tmp_path, data_dir, db) -> tuple[str, str, str]:
    """A pack open on the reviewer's installation, both databases closed for the commands:
    (its data folder, the pack's short id, the case)."""
    pair = open_review_pair(tmp_path, data_dir, db)
    pair.b_db.dispose()
    db.dispose()
    return str(pair.b_dir.root), pair.pack_id[:8], pair.reference


def _accepted(tmp_path, data_dir, db, field: str, value: object) -> tuple[ReviewPair, Result]:
    """The reviewer's `value` for `field`, imported on the preparer's side and accepted by
    `approvals review decide`."""
    from approvals.services import review

    pair = open_review_pair(tmp_path, data_dir, db)
    out = proposal_response(pair, tmp_path / "response.zip", field_path=field, value=value)
    with pair.a_db.session() as s:
        review.import_response(s, data_dir=pair.a_dir, path=out, actor=PAT)
    return pair, accepted_on_the_command_line(db, data_dir, field)


def test_unprintable_reviewer_text_and_empty_ids_are_named(tmp_path, data_dir, db) -> None:
    b, pack, ref = _reviewers_side(tmp_path, data_dir, db)
    results = run_many(
        ("review", "comment", pack, ref, "--text", "fine\u202ebut reversed", "--data-dir", b),
        ("review", "recommend", pack, ref, "return", "--reasons", "a\x0bb", "--data-dir", b),
        ("review", "comment", pack, ref, "--text", "two lines\nand a\ttab", "--data-dir", b),
        ("review", "show", "", "--data-dir", b),
        ("review", "propose", pack, "", "deal.board_seats", "3", "--data-dir", b),
        ("review", "comment", " ", "", "--text", "x", "--data-dir", b),
    )
    assert [r.code for r in results] == [2, 2, 0, 2, 2, 2], [r.stderr for r in results]
    assert results[0].stderr == (
        "--text: contains a text-direction control (U+202E) at character 5, which changes how "
        "the text after it is shown; type the text again rather than paste it\n")
    assert results[1].stderr.startswith("--reasons: contains a control character (U+000B), "
                                        "Word's manual line break, at character 2")
    empty_pack = "PACK_ID: is empty; give the pack's id (see `review list`)"
    empty_case = "CASE_REF: is empty; give a case reference, e.g. AP-2026-0001"
    assert results[3].stderr.splitlines() == [empty_pack]
    assert results[4].stderr.splitlines() == [empty_case]
    assert results[5].stderr.splitlines() == [empty_pack, empty_case]


def test_a_particulars_file_is_checked_in_the_words_of_a_facts_file(tmp_path) -> None:
    twice, typed = tmp_path / "twice.json", tmp_path / "typed.json"
    twice.write_text('{"representative": {"name": "a", "name": "b"}}', encoding="utf-8")
    typed.write_text('{"representative": {"name": 5, "email": null}, "applicant": []}',
                     encoding="utf-8")
    folder = tmp_path / "data"
    given_twice, wrong_types = run_many(
        ("filing", "particulars", twice, "--data-dir", folder),
        ("filing", "particulars", typed, "--data-dir", folder))
    assert given_twice.code == 2 and given_twice.stderr.splitlines() == [
        f"particulars.representative.name: is given twice, on line 1 of {twice}: only one "
        "value can be kept; delete the one not meant"]
    assert wrong_types.code == 2 and wrong_types.stderr.splitlines() == [
        "particulars.representative.name: must be text in quotes",
        'particulars.representative.email: is null: write "" to clear it, or leave the field '
        "out to keep it as it is",
        "particulars.applicant: must be a group of fields in braces {…}"]
    assert not folder.exists()


def test_accepting_a_change_that_alters_the_screening_says_to_screen_again(
        tmp_path, data_dir, db) -> None:
    """`case list` goes by the screening on record, which the command line cannot renew:
    accepting a stake that changes the CN-FISR reasons says so, where it was silent."""
    pair, decided = _accepted(tmp_path, data_dir, db, "deal.stake_after_pct", 60)
    assert decided.code == 0, decided.stderr
    (note,) = decided.stderr.splitlines()
    assert note.startswith(f"note: {pair.reference}'s screening no longer matches its facts "
                           "for CN-FISR"), note
    assert note.endswith("Screen the case again in the app (Screening tab: Re-screen with "
                         "today's rules, then Accept the new screening…) before approving "
                         "its filings.")


def test_accepting_a_value_that_contradicts_another_fact_warns_of_it(
        tmp_path, data_dir, db) -> None:
    """A reviewer's completion date before the signing was accepted without a word, where
    the wizard holds Next on it and `case import` warns: the decision warns the same way."""
    pair, decided = _accepted(tmp_path, data_dir, db, "deal.expected_completion_date",
                              "2025-01-01")
    assert decided.code == 0, decided.stderr
    assert decided.stderr.splitlines()[0] == (
        "warning: deal.expected_completion_date: 2025-01-01 is before the signing date, "
        f"2026-12-10 ({pair.reference} holds it as accepted: correct it in the case's facts)")


def test_a_proposed_text_with_a_control_character_says_to_type_it_again(
        tmp_path, data_dir, db) -> None:
    b, pack, ref = _reviewers_side(tmp_path, data_dir, db)
    (proposed,) = run_many(("review", "propose", pack, ref, "investor.ultimate_parent",
                            '"Holdings\\u000bLtd"', "--data-dir", b),)
    assert proposed.code == 2
    assert proposed.stderr.splitlines() == [
        "investor.ultimate_parent: contains a control character (U+000B), Word's manual line "
        "break, at character 9, which cannot be printed; type the text again rather than "
        "paste it"]


def test_proposing_a_value_that_contradicts_another_fact_warns_the_reviewer(
        tmp_path, data_dir, db) -> None:
    b, pack, ref = _reviewers_side(tmp_path, data_dir, db)
    (proposed,) = run_many(("review", "propose", pack, ref, "deal.expected_completion_date",
                            '"2025-01-01"', "--data-dir", b),)
    assert proposed.code == 0, proposed.stderr
    assert proposed.stderr.splitlines() == [
        "warning: deal.expected_completion_date: 2025-01-01 is before the signing date, "
        "2026-12-10 (proposed all the same: say why in a comment, or propose the other value "
        "too)"]


def test_proposing_the_packs_value_again_names_the_proposal_withdrawn(
        tmp_path, data_dir, db) -> None:
    """It went without a word ("is back at its exported value; no change proposed"), and
    the next import said the reviewer "no longer proposes" a value the reviewer had
    forgotten."""
    b, pack, ref = _reviewers_side(tmp_path, data_dir, db)
    proposed, withdrawn, again = run_many(
        ("review", "propose", pack, ref, "deal.board_seats", "5", "--data-dir", b),
        ("review", "propose", pack, ref, "deal.board_seats", "0", "--data-dir", b),
        ("review", "propose", pack, ref, "deal.board_seats", "0", "--data-dir", b))
    assert proposed.code == withdrawn.code == again.code == 0, withdrawn.stderr
    assert withdrawn.stdout == ("deal.board_seats is back at its exported value; no change "
                                "proposed. Your proposal 5 is withdrawn.\n")
    assert again.stdout == "deal.board_seats is back at its exported value; no change proposed.\n"
