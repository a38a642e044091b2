"""An over-long filing particular (a whole letter pasted into an address) is refused at
the field and on the command line, as the wizard refuses an over-long name: it went whole
into the filings, nine pages of one address."""

from __future__ import annotations

from pathlib import Path

import pytest

from approvals.domain.errors import InputError
from approvals.domain.particulars import ADDRESS_CHARS, check_particular
from approvals.domain.typed_input import NAME_CHARS
from approvals.services.filings import check_filing_particulars
from tests.cli.helpers import run_cli


def test_an_address_and_a_name_have_a_most_length() -> None:
    assert check_particular("us_person", "address", "x" * ADDRESS_CHARS) is None
    assert check_particular("us_person", "address", "x" * 20_000) == (
        "is 20,000 characters long; this field takes at most 500: shorten it"
    )
    assert check_particular("applicant", "registered_address", "路" * (ADDRESS_CHARS + 1))
    assert check_particular("representative", "name", "Dana " * 40) is None  # 200, trimmed
    too_long = check_particular("representative", "name", "y" * (NAME_CHARS + 1))
    assert too_long is not None and "at most 200" in too_long
    assert check_particular("representative", "title", "General Counsel " * 20)


def test_the_command_line_refuses_it_and_stores_nothing(tmp_path: Path) -> None:
    values = tmp_path / "particulars.json"
    values.write_text('{"us_person": {"address": "' + "A" * 20_000 + '"}}', encoding="utf-8")
    with pytest.raises(InputError) as refused:
        check_filing_particulars({"us_person": {"address": "A" * 20_000}})
    assert refused.value.problems[0].path == "particulars.us_person.address"
    result = run_cli("filing", "particulars", values, data_dir=tmp_path / "data")
    assert result.code == 2
    assert result.stderr.strip() == (
        "particulars.us_person.address: is 20,000 characters "
        "long; this field takes at most 500: shorten it"
    )
    assert not (tmp_path / "data").exists()  # bad input writes nothing
