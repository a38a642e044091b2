"""Reading a facts file: a key given twice in one object is refused at its field path and
lines (json kept the later value silently), and a control character in a text (NUL,
Word's manual line break U+000B, a tab in a name) is refused at its field, in the words
a filing particular's is refused in."""

from __future__ import annotations

import json

import pytest

from approvals.domain.errors import InputError
from approvals.domain.facts import decode_json, parse_facts, repeated_keys
from approvals.domain.typed_input import control_character_problem
from approvals.services.filings import check_filing_particulars
from tests.conftest import EXAMPLES_DIR

TWICE = """{
  "schema_version": 1,
  "target": {"name_en": "Example AI Co", "ai": {"end_uses": [], "end_uses": ["military"]}},
  "investor": {"name": "Example Partners LLC", "us_person": false,
               "us_person": true},
  "deal": {"instrument": "equity"}
}"""


def example() -> dict:
    return json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))


def test_a_key_given_twice_is_refused_at_its_path_with_both_lines() -> None:
    with pytest.raises(InputError) as caught:
        decode_json(TWICE, source="facts.json")
    assert [str(p) for p in caught.value.problems] == [
        "target.ai.end_uses: is given twice, on line 3 of facts.json: only one value can be "
        "kept; delete the one not meant",
        "investor.us_person: is given twice, on lines 4 and 5 of facts.json: only one value "
        "can be kept; delete the one not meant"]


def test_repeats_are_found_in_lists_and_nested_objects_and_after_a_byte_order_mark() -> None:
    text = '{"a": [1, {"b": {}, "c": "x,\\"}", "b": null}], "d": {"e": [[]], "e": 2}}'
    assert repeated_keys(text) == [("a[1].b", 1, 1), ("d.e", 1, 1)]
    with pytest.raises(InputError):
        decode_json("\ufeff" + TWICE, source="f")


def test_a_file_without_repeats_decodes_as_before() -> None:
    text = json.dumps(example(), indent=2)
    assert decode_json(text, source="f") == example()
    assert type(decode_json(text, source="f")["target"]) is dict


@pytest.mark.parametrize(("path", "value", "said"), [
    (("target", "name_en"), "Example\u0000 AI", "target.name_en: contains a control character "
     "(U+0000), a NUL character, at character 8, which cannot be printed; delete it from "
     "the file"),
    (("target", "name_zh"), "示例\u000b科技", "target.name_zh: contains a control character "
     "(U+000B), Word's manual line break, at character 3, which cannot be printed; delete it "
     "from the file"),
    (("investor", "name"), "Example\tPartners", "investor.name: contains a control character "
     "(U+0009), a tab, at character 8"),
    (("target", "headquarters"), "C\u001bN", "target.headquarters: contains a control "
     "character (U+001B), an escape character, at character 2"),
    # Invisible, yet it reverses how the rest of the name reads in the list and filings.
    (("target", "name_en"), "Acme\u202e Ltd", "target.name_en: contains a text-direction "
     "control (U+202E) at character 5, which changes how the text after it is shown"),
    (("investor", "name"), "Fund \u2067LP\u2069", "investor.name: contains a text-direction "
     "control (U+2067) at character 6"),
    # A line break by another name: a forged second line on the filing.
    (("target", "name_en"), "Acme\u2028Approved AI", "target.name_en: contains a line "
     "separator (U+2028) at character 5, which cannot be printed"),
    (("investor", "name"), "Fund\u2029LP", "investor.name: contains a paragraph separator "
     "(U+2029) at character 5"),
])
def test_a_control_character_in_a_text_is_refused_at_its_field(
        path: tuple[str, str], value: str, said: str) -> None:
    data = example()
    data[path[0]][path[1]] = value
    with pytest.raises(InputError) as caught:
        parse_facts(data)
    assert [str(p) for p in caught.value.problems if str(p).startswith(said)], \
        caught.value.problems


def test_the_description_keeps_its_lines_but_not_a_bell_and_a_list_item_its_index() -> None:
    data = example()
    data["deal"]["commercial_rationale"] = "Line one.\n\tLine two.\r\n"
    assert parse_facts(data).deal.commercial_rationale == "Line one.\n\tLine two.\r\n"
    data["deal"]["commercial_rationale"] = "Ring\u0007"
    data["target"]["ai"]["us_models_used"] = ["GPT-4o", "Llama\u00003"]
    with pytest.raises(InputError) as caught:
        parse_facts(data)
    assert {p.path for p in caught.value.problems} == {
        "deal.commercial_rationale", "target.ai.us_models_used[1]"}


def test_a_particular_and_a_facts_file_say_a_control_character_alike() -> None:
    with pytest.raises(InputError) as caught:
        check_filing_particulars({"applicant": {"registered_address": "北京市海淀区\x0b中关村大街1号"}})
    assert [p.message for p in caught.value.problems] == [control_character_problem(
        "北京市海淀区\x0b中关村大街1号")]
    assert caught.value.problems[0].message == (
        "contains a control character (U+000B), Word's manual line break, at character 7, "
        "which cannot be printed; type the text again rather than paste it")


def test_marks_that_reorder_nothing_after_them_are_kept() -> None:
    # LRM and RLM (U+200E, U+200F) and the zero-width joiner of an emoji stay as typed.
    for text in ("Acme\u200e Ltd", "Acme\u200f Ltd", "Acme \U0001F468\u200d\U0001F4BB"):
        assert control_character_problem(text) is None


@pytest.mark.parametrize(("raw", "said"), [
    ("x\x01y", "a control character (U+0001) inside a string, which JSON does not allow as "
               "it is: delete it, or write it as \\u0001"),
    ("x\ty", "a control character (U+0009), a tab, inside a string"),
    ("x\x00y", "a control character (U+0000), a NUL character, inside a string"),
])
def test_a_raw_control_character_in_the_json_is_named(raw: str, said: str) -> None:
    # The decoder's own words stopped at "Invalid control character at".
    with pytest.raises(InputError) as caught:
        decode_json('{"a": "' + raw + '"}', source="facts.json")
    (problem,) = caught.value.problems
    assert problem.path == "facts.json:1:9"
    assert problem.message.startswith(f"not valid JSON: {said}")
    assert not problem.message.endswith(" at")
