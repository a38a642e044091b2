"""One function per user action. Each takes the session, checks permissions, owns the
unit of work and returns plain data (dataclasses), never live ORM rows."""
