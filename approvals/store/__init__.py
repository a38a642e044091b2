"""Persistence: SQLModel tables, engine and sessions, migrations, audit chain. No Qt."""
