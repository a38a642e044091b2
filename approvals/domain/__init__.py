"""Pure domain logic: no Qt, no database, no I/O beyond reading rule data."""
