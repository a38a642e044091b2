"""What the wizard's keystrokes and the windows' colour labels no longer repeat: a row of
the intake form is shown or hidden only when its answer turns, and the readable colour of
a palette is searched for once (and follows a palette switch)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit

from approvals.store.audit import Actor
from approvals.ui import widgets
from approvals.ui.wizard import FactsPage, IntakeWizard
from approvals.ui.workers import TaskRunner


def _count_row_changes(w: IntakeWizard) -> list[tuple[Any, bool]]:
    """Every setRowVisible the wizard's forms get from now on (the call still made)."""
    calls: list[tuple[Any, bool]] = []
    for page_id in w.pageIds():
        page = w.page(page_id)
        if isinstance(page, FactsPage):
            form = page.form
            original = form.setRowVisible

            def recording(widget: Any, on: bool, original: Any = original) -> None:
                calls.append((widget, on))
                original(widget, on)

            form.setRowVisible = recording  # type: ignore[method-assign]
    return calls


def test_a_keystroke_sets_only_the_rows_whose_answer_turned(
        qtbot, runner: TaskRunner, admin: Actor) -> None:
    w = IntakeWizard(runner, admin)
    qtbot.addWidget(w)
    w.show()
    uscc = next(f for f in w.fields if f.path == ("target", "uscc"))
    calls = _count_row_changes(w)
    name = w.findChild(QLineEdit, "field_target_name_en")
    qtbot.keyClicks(name, "Acme")
    assert calls == []  # a name shows or hides no row
    place = w.findChild(QLineEdit, "field_target_jurisdiction")
    place.setText("KY")  # organised in the Cayman Islands: no USCC
    assert calls == [(uscc.container, False)]
    assert not uscc.container.isVisibleTo(w)
    place.setText("CN")
    assert calls[1:] == [(uscc.container, True)]
    assert uscc.container.isVisibleTo(w)


def test_the_readable_colour_is_searched_once_a_palette_and_follows_a_switch(qapp) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.palette()
    grey = QPalette(original)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base,
                 QPalette.ColorRole.AlternateBase):
        grey.setColor(role, QColor("#767676"))
    grey.setColor(QPalette.ColorRole.WindowText, QColor("#7a7a7a"))
    try:
        app.setPalette(original)
        on_original = widgets.error_colour()
        app.setPalette(grey)
        widgets.error_colour()
        searched = widgets._readable_step.cache_info().misses
        on_grey = widgets.error_colour()
        assert widgets._readable_step.cache_info().misses == searched
        assert on_grey != on_original  # moved until it reads on the grey window
        app.setPalette(original)
        assert widgets.error_colour() == on_original
    finally:
        app.setPalette(original)
