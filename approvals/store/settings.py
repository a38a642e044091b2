"""The `settings` table: one JSON value per key. A value that is missing or cannot be
read counts as not set, so a hand-edited row never stops the app."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, select

from approvals.store.models import Setting

# A setting's stored text, built once (the key a bound parameter): guard contexts, the
# case list and the filings read settings on every call. A query either way: the
# session keeps no row nobody holds, and none at all for a setting never stored.
_VALUE_OF = select(Setting.value).where(Setting.key == bindparam("key"))


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    value = session.exec(_VALUE_OF, params={"key": key}).first()
    if not value:
        return default
    try:
        return json.loads(value)
    except ValueError:
        return default


def put_setting(session: Session, key: str, value: Any) -> Any:
    """Store `value` under `key`; the value it replaces (None when there was none)."""
    old = get_setting(session, key)
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    row = session.get(Setting, key)
    if row is None:
        row = Setting(key=key, value=text)
    else:
        row.value = text
    session.add(row)
    return old
