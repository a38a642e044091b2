"""Alembic environment, run from code (`store.migrate`) on one given connection."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import approvals.store.models  # noqa: F401  (registers the tables)

config = context.config
target_metadata = SQLModel.metadata

connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("approvals migrations run from approvals.store.migrate, with a connection")

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,
    transactional_ddl=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
