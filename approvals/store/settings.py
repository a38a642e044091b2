"""The `settings` table: one JSON value per key. A value that is missing or cannot be
read counts as not set, so a hand-edited row never stops the app."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session

from approvals.store.models import Setting


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    if row is None or not row.value:
        return default
    try:
        return json.loads(row.value)
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
