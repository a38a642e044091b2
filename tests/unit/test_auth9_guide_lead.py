"""The user guide starts with what the app is for, not with the install and test
commands under the README's title: an officer opening Help → User guide the first time
read pip, pytest and X11 libraries first. The rest of the users' part is kept whole."""

from __future__ import annotations

from approvals.ui.help import user_part
from tests.conftest import REPO_ROOT

README = REPO_ROOT / "README.md"

LEAD = """# Approvals

```sh
python -m pip install -e . && approvals
```

The first command installs the app and starts it; the second runs
the tests.

Approvals is a desktop application for compliance officers.

![Case list](docs/screenshots/case-list.png)

## Getting started

```sh
approvals demo
```

The demo.
"""


def test_the_commands_under_the_title_and_their_paragraph_are_left_out() -> None:
    guide = user_part(LEAD)
    assert guide.startswith("# Approvals\n\nApprovals is a desktop application")
    assert "pip install" not in guide and "The first command" not in guide
    # Everything after it is kept, commands in later sections included.
    assert guide.endswith(LEAD[LEAD.index("Approvals is a desktop"):])


def test_a_readme_without_commands_under_its_title_is_kept_as_it_is() -> None:
    text = "# A\n\nintro\n\n```sh\nnot under the title\n```\n\n## Use\nhow\n"
    assert user_part(text) == text
    assert user_part("# A\n\n## Use\n```sh\nx\n```\n") == "# A\n\n## Use\n```sh\nx\n```\n"


def test_the_guide_from_this_readme_opens_on_what_the_app_is_for() -> None:
    readme = README.read_text(encoding="utf-8")
    lead = readme[: readme.index("\n## ")]
    assert "pip install" in lead  # the README still opens with the commands
    guide = user_part(readme)
    assert guide.startswith("# Approvals\n\nApprovals is a desktop application")
    assert guide.count("\n## ") == readme[: readme.index("## For developers")].count("\n## ")
