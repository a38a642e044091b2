""""locked until …" (sign-in, the Users window, `approvals user list`) says the zone, and
the date when the lock ends on another day than the one it is read on: a bare "00:01:05"
read in another zone, or before midnight, was misread."""

from __future__ import annotations

from datetime import UTC, datetime

from approvals.services import auth

NOW = datetime(2026, 12, 2, 23, 58, 0, tzinfo=UTC)


def test_a_lock_ending_today_says_utc() -> None:
    assert auth.utc_clock_text("2026-12-02T23:59:30Z", NOW) == "23:59:30 UTC"


def test_a_lock_ending_tomorrow_says_the_date() -> None:
    assert auth.utc_clock_text("2026-12-03T00:03:00Z", NOW) == "2026-12-03 00:03:00 UTC"


def test_the_sign_in_message_dates_a_lock_ending_after_midnight() -> None:
    # Five minutes left at 23:58: the lock ends on the next day.
    assert ("locked until 2026-12-03 00:03:00 UTC."
            in auth.lockout_message(300, "2026-12-03T00:03:00Z"))
    # One minute left at 00:02: the same day.
    assert "locked until 00:03:00 UTC." in auth.lockout_message(60, "2026-12-03T00:03:00Z")
