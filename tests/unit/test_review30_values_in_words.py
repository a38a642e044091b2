"""Review mode and Proposed changes show a value in words only where the field holds
codes: free text that happened to look like a code was shown as a choice ("equity" as an
ultimate parent read "Equity acquisition", "corporate" as a name "Corporation", a catalogue
item "c" as "C"), so the diff showed another value than the one stored. A list whose items
have commas of their own is joined with semicolons."""

from __future__ import annotations

from approvals.ui.review import readable_value


def test_free_text_is_shown_as_stored() -> None:
    assert readable_value("investor.ultimate_parent", "equity") == "equity"
    assert readable_value("investor.name", "corporate") == "corporate"
    assert readable_value("deal.technology_transfer.restricted_catalogue_items", ["a", "b", "c"]) == "a, b, c"


def test_codes_of_a_coded_field_are_in_the_wizards_words() -> None:
    assert readable_value("deal.instrument", "equity") == "Equity acquisition"
    assert readable_value("investor.kind", "corporate") == "Corporation"


def test_items_with_commas_are_kept_apart() -> None:
    items = ["AI interactive interface technology", "Speech synthesis, TTS"]
    assert readable_value("deal.technology_transfer.restricted_catalogue_items", items) == (
        "AI interactive interface technology; Speech synthesis, TTS")
