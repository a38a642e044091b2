"""Cancel while a long table is laid out: the progress (which raises to cancel) used to be
called once per item of the story, and a 3,000-event audit timeline is one item: about
thirty seconds of setting, measuring and paging it went by with no report and no way to
stop. Now it is called while the table's rows are set, while ReportLab measures them, and
at the end of every page. (The chunk sizes are made small here so the table can be.)"""

from __future__ import annotations

import pytest

from approvals.filings import content as c
from approvals.filings import layout
from approvals.filings.layout import build_pdf

NOW = "2026-11-29T08:00:00Z"


class Stop(Exception):
    pass


def _long_table_document(rows: int) -> c.FilingDocument:
    return c.FilingDocument(
        kind="status-report", reference="AP-2026-0001", title_en="Case status report",
        title_zh=None, page_size="A4", final=False, watermark=True, generated_at=NOW,
        blocks=(c.Heading("Audit timeline"),
                c.Table(headers=("#", "Action", "Details"),
                        rows=tuple((str(i), "comment.added", f"Reviewer note {i}")
                                   for i in range(1, rows + 1)),
                        widths=(0.1, 0.3, 0.6))))


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "ROWS_A_TICK", 20)
    monkeypatch.setattr(layout._WrapTicks, "EVERY", 50)


def test_a_long_table_reports_while_set_measured_and_paged(small_chunks: None) -> None:
    messages: list[str] = []
    fractions: list[float] = []

    def progress(fraction: float, message: str) -> None:
        fractions.append(fraction)
        messages.append(message)

    _pdf, pages = build_pdf(_long_table_document(200), progress=progress)
    assert pages >= 4
    assert fractions == sorted(fractions)
    paged_at = [f for f, m in zip(fractions, messages, strict=True) if m.endswith(" so far…")]
    assert len(set(paged_at)) == len(paged_at)  # the bar moves on with every page
    paged = [m for m in messages if m.endswith(" so far…")]
    assert len(paged) >= pages - 1  # every page but the last reports as it ends
    assert paged[0] == "Laid out 1 page so far…"
    # Before the first page ended: the rows being set (10) and measured (600 cells).
    assert messages.index(paged[0]) >= 10 + 600 // 50


def test_a_cancel_stops_the_layout_of_a_long_table_and_a_new_build_works(
        small_chunks: None) -> None:
    calls: list[str] = []

    def cancel_soon(_fraction: float, message: str) -> None:
        calls.append(message)
        if len(calls) == 25:
            raise Stop()

    with pytest.raises(Stop):
        build_pdf(_long_table_document(200), progress=cancel_soon)
    assert layout._WrapTicks.tick is None  # the cancelled build's callback is not kept
    _pdf, pages = build_pdf(_long_table_document(5))
    assert pages == 1


def test_a_paragraph_measured_on_another_thread_meanwhile_does_not_tick_the_build(
        small_chunks: None) -> None:
    """The build's progress (which may raise to cancel it) is called on its own thread
    only, never from a paragraph another thread measures while the build runs."""
    import threading

    from approvals.filings.layout import _p, _styles

    callers: set[int] = set()

    def measure_elsewhere() -> None:
        for _ in range(200):
            _p("a cell measured by another window", _styles()["cell"], 100).wrap(100, 1000)

    def progress(_fraction: float, message: str) -> None:
        callers.add(threading.get_ident())
        if message == "Laid out 1 page so far…":  # once, the build under way
            other = threading.Thread(target=measure_elsewhere)
            other.start()
            other.join()

    build_pdf(_long_table_document(60), progress=progress)
    assert callers == {threading.get_ident()}
