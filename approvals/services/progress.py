"""Progress and cancellation for long file work: backups, restores, attaching documents.

A service takes `progress(fraction, message)` (fraction 0..1, as render_filing's) and
`cancelled()` (True once the user asked to stop). `Meter` turns bytes copied into rising
fractions and checks for cancellation between chunks; it raises `Cancelled`, and the
service's own cleanup (temporary files, staging folders) runs as the exception unwinds,
before anything is committed. Past a service's point of no return the meter only reports:
it no longer checks, and a progress callback that raises is ignored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from approvals.domain.errors import Cancelled

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
CancelCheck = Callable[[], bool]

# A report at least every half per cent: a 500 MB copy in 1 MiB chunks would otherwise
# send 500 signals to the GUI, a test with tiny chunks tens of thousands.
_STEP = 0.005


class Meter:
    """Reports `start + (end - start) * done / total` as bytes are counted in with `add`."""

    def __init__(self, progress: Progress | None = None, cancelled: CancelCheck | None = None,
                 *, start: float = 0.0, end: float = 1.0) -> None:
        self._progress = progress
        self._cancelled = cancelled
        self.start, self.end = start, end
        self.total = 0
        self.done = 0
        self._last = -1.0
        self._message = ""
        self._committed = False

    def part(self, start: float, end: float) -> Meter:
        """A meter for one stage, mapped onto [start, end] of this one's range."""
        span = self.end - self.start
        sub = Meter(self._progress, self._cancelled,
                    start=self.start + span * start, end=self.start + span * end)
        sub._committed = self._committed
        return sub

    def check(self) -> None:
        """Raise Cancelled if the user asked to stop (never past the point of no return)."""
        if not self._committed and self._cancelled is not None and self._cancelled():
            raise Cancelled("Cancelled; nothing was written.")

    def commit(self) -> None:
        """From here on the work runs to its end: no more cancellation."""
        self._committed = True

    def report(self, fraction: float, message: str) -> None:
        """Report `fraction` of this stage (checks for cancellation first)."""
        self.check()
        value = self.start + (self.end - self.start) * min(max(fraction, 0.0), 1.0)
        value = max(value, self._last)  # never backwards
        if value - self._last < _STEP and message == self._message and value < self.end:
            return
        self._last, self._message = value, message
        if self._progress is None:
            return
        if not self._committed:
            self._progress(value, message)  # may raise to cancel, like render_filing's
            return
        try:
            self._progress(value, message)
        except Exception:  # a late cancel, or a closed window: the work goes on regardless
            log.debug("progress report after the point of no return failed", exc_info=True)

    def add(self, n: int, message: str | None = None) -> None:
        """Count `n` more bytes of `total`; a `copy_hashed` on_chunk."""
        self.done += n
        self.report(self.done / self.total if self.total else 1.0,
                    self._message if message is None else message)

    def finish(self, message: str = "done") -> None:
        self.report(1.0, message)
