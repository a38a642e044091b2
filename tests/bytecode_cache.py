"""One bytecode folder for every Python process of a test run.

The suite starts a few hundred Python processes besides its own (the command line, the
run_many zygote, the packaging check). Where writing bytecode is switched off
(PYTHONDONTWRITEBYTECODE, as on the machines this project is built on), each of them
compiled every module it imports from source again: about a quarter of a `case list`'s
CPU time, ~14 s over a run. Their bytecode goes to one folder outside the checkout
instead (PYTHONPYCACHEPREFIX), so the source folders stay as clean as that setting wants
and a module is compiled once. Python checks each cached file against its source's time
and size, as in any __pycache__, so an edited module is compiled again."""

from __future__ import annotations

import getpass
import os
import sys
import tempfile
from collections.abc import MutableMapping


def default_folder() -> str:
    """A folder of this account's in the temporary folder: kept between runs, so a second
    run (and its assertion rewriting) starts from compiled modules too."""
    try:
        account = getpass.getuser()
    except (OSError, KeyError):  # no login name and no password-file entry (containers)
        account = "unknown"
    return os.path.join(tempfile.gettempdir(), f"approvals-tests-pycache-{account}")


def share(environ: MutableMapping[str, str], folder: str) -> bool:
    """Have the processes started with `environ` write their bytecode to `folder` where it
    says not to write any (an empty value does not count, as for Python itself). A
    folder the caller chose (PYTHONPYCACHEPREFIX already set) is left as it is. True when
    `environ` was changed."""
    if not environ.get("PYTHONDONTWRITEBYTECODE") or "PYTHONPYCACHEPREFIX" in environ:
        return False
    del environ["PYTHONDONTWRITEBYTECODE"]
    environ["PYTHONPYCACHEPREFIX"] = folder
    return True


def share_with_this_run() -> None:
    """`share` for this process's environment, which the xdist workers and every process
    a test starts inherit, and for this process's own later imports."""
    if share(os.environ, default_folder()):
        sys.pycache_prefix = os.environ["PYTHONPYCACHEPREFIX"]
        sys.dont_write_bytecode = False
