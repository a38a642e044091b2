"""A bracketed Chinese aside is not broken across lines where it fits: Part 7's labels
read "…敏感个人信息（人" / "数）", as a word cut in two."""

from __future__ import annotations

import pytest

from approvals.filings.fonts import LATIN_BOLD, break_lines, register_fonts

SENSITIVE = "自当年1月1日起出境敏感个人信息（人数）"
NON_SENSITIVE = "自当年1月1日起出境个人信息（不含敏感个人信息）人数"


@pytest.fixture(autouse=True, scope="module")
def _fonts() -> None:
    register_fonts()


@pytest.mark.parametrize("width", [120, 140, 150])
@pytest.mark.parametrize(("text", "aside"), [(SENSITIVE, "（人数）"),
                                             (NON_SENSITIVE, "（不含敏感个人信息）")])
def test_an_aside_that_fits_stays_whole(text: str, aside: str, width: float) -> None:
    lines = break_lines(text, width, LATIN_BOLD, 8.5)
    assert len(lines) > 1  # the label does break, elsewhere
    assert "".join(lines) == text
    assert any(aside in line for line in lines), lines


def test_an_aside_wider_than_most_of_a_line_still_breaks() -> None:
    # Kept whole it would leave most of a line empty: it breaks as any Chinese text.
    lines = break_lines(NON_SENSITIVE, 90, LATIN_BOLD, 8.5)
    assert "".join(lines) == NON_SENSITIVE
    assert not any("（不含敏感个人信息）" in line for line in lines)



REASON = ("CN-SAMR: 1 of the undertakings has China turnover of at least RMB 800 million, "
          "at least 2 needed (超过: exclusive) so the threshold is not met")


@pytest.mark.parametrize("width", range(100, 260, 3))
def test_a_chinese_term_quoted_in_an_english_line_stays_whole(width: int) -> None:
    """A reason's English line broke "(超" / "过: exclusive)" at some widths."""
    from approvals.filings.fonts import LATIN

    lines = break_lines(REASON, width, LATIN, 8)
    assert " ".join(lines).split() == REASON.split()  # nothing lost, broken between words
    assert not any(line.endswith("超") or line.startswith("过") for line in lines), lines


def test_a_chinese_line_still_breaks_between_its_characters() -> None:
    # Mostly Chinese: its words are not kept whole (Chinese breaks between characters).
    text = "申请人声明其不研发人工智能系统但事实信息记录了训练计算量以下按所记录的事实填报"
    lines = break_lines(text, 100, LATIN_BOLD, 8.5)
    assert len(lines) > 2 and "".join(lines) == text
