"""Small sentence pieces: a comment kept as written, a long file name cut in the middle."""

from __future__ import annotations

from approvals.domain.wording import as_written, shortened_name


def test_a_comment_keeps_its_indent_and_inner_spaces_less_the_blank_lines_around() -> None:
    assert as_written("\n \n  indented\n表格\t列2\n多个   空格  \n\n") == \
        "  indented\n表格\t列2\n多个   空格"
    assert as_written(" \t\n  ") == ""
    assert as_written("plain") == "plain"


def test_a_long_name_is_cut_in_the_middle_keeping_its_start_and_extension() -> None:
    name = "Data room export " + "A" * 223 + " signed v3.pdf"
    short = shortened_name(name)
    assert len(short) == 72 and short.startswith("Data room export AAA")
    assert short.endswith("AAA signed v3.pdf") and "…" in short
    assert shortened_name("SPA signed.pdf") == "SPA signed.pdf"
    assert shortened_name("x" * 72) == "x" * 72


def test_a_trailing_comma_is_said_as_one() -> None:
    """The commonest slip of a hand-edited facts file: the decoder said "Expecting
    property name enclosed in double quotes" at the bracket after it."""
    import pytest

    from approvals.domain.errors import InputError
    from approvals.domain.facts import decode_json

    for text, where, bracket in (('{"deal": {"a": 1,\n  }\n}', "f.json:2:3", "}"),
                                 ('{"activities": ["x",]}', "f.json:1:21", "]")):
        with pytest.raises(InputError) as refused:
            decode_json(text, source="f.json")
        (problem,) = refused.value.problems
        assert problem.path == where
        assert problem.message == (f"not valid JSON: a comma is left before this {bracket} (a "
                                   "trailing comma, which JSON does not allow): delete that "
                                   "comma")
