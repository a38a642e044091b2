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
