"""View → Rulebook…: every rule with its standing on the typed date, as the screening would
apply it, through the window's real widgets (typing the date, the toggle, the filters, the
copy button), read off the GUI thread, readable and keyboard-usable."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox

from approvals.domain.errors import Problem
from approvals.domain.rulebook import RulebookError, default_rulebook
from approvals.domain.typed_input import read_date
from approvals.domain.workflow import clock_specs
from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import rulebook as rulebook_ui
from approvals.ui.main_window import MainWindow
from approvals.ui.rulebook import RulebookWindow
from approvals.ui.widgets import error_colour
from approvals.ui.workers import TaskRunner
from tests.ui.conftest import dark_palette
from tests.ui.ux_checks import problems

OFFICER = Actor("olga", ("preparer",))
SMALL = (650, 350)  # 1366×768 at 200 %, less the frame


def open_window(qtbot, runner: TaskRunner, size: tuple[int, int] = (1100, 720)) -> RulebookWindow:
    window = RulebookWindow(runner)
    qtbot.addWidget(window)
    window.resize(*size)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.show()
    return window


def type_date(qtbot, window: RulebookWindow, text: str, *, reloads: bool = True) -> None:
    """Type a date and press Enter; wait for the list when it is another good date."""
    window.date_edit.selectAll()
    qtbot.keyClicks(window.date_edit, text)
    if reloads and read_date(text) != window.as_of.isoformat():
        with qtbot.waitSignal(window.loaded, timeout=10_000):
            qtbot.keyClick(window.date_edit, Qt.Key.Key_Return)
    else:
        qtbot.keyClick(window.date_edit, Qt.Key.Key_Return)


def shown_standing(window: RulebookWindow, rule_id: str) -> str:
    """The Standing cell as the officer sees it."""
    return window.rule_item(rule_id).text(1)


def heading(window: RulebookWindow, regime: str) -> str:
    return next(top.text(0) for top, _ in window._items() if top.data(0, rulebook_ui.ROLE_REGIME) == regime)


def visible_rules(window: RulebookWindow) -> list[str]:
    return [child.text(0) for top, children in window._items() if not top.isHidden()
            for child in children if not child.isHidden()]


@pytest.fixture
def window(qtbot, runner: TaskRunner):
    win = open_window(qtbot, runner)
    yield win
    runner.wait_for_done()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    win.close()


def test_the_view_menu_opens_one_rulebook_window(qtbot, db: Database, data_dir: DataDir) -> None:
    runner = TaskRunner(db)
    main = MainWindow(runner, data_dir, OFFICER)
    qtbot.addWidget(main)
    action = main.findChild(QAction, "rulebookAction")  # the main window adds it itself
    assert action is main.rulebook_action  # type: ignore[attr-defined]
    assert action in main.view_menu.actions() and action.text() == "Ru&lebook"
    keys = [a.text().split("&")[1][:1].casefold() for a in main.view_menu.actions() if "&" in a.text()]
    assert len(keys) == len(set(keys))  # every View item's Alt key is its own (Columns too)
    assert main.columns_menu.menuAction() in main.view_menu.actions()
    action.trigger()
    rulebook = main.rulebook_window  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: rulebook.overview is not None, timeout=10_000)
    assert rulebook.isVisible() and not rulebook.isModal()
    assert rulebook.overview.as_of == date.today()
    assert rulebook.date_edit.text() == date.today().isoformat()
    action.trigger()  # again: the same window, read afresh
    assert main.rulebook_window is rulebook  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    rulebook.close()
    runner.wait_for_done()


def test_cn_data_export_version_on_either_side_of_2024_03_22(qtbot, window: RulebookWindow) -> None:
    type_date(qtbot, window, "2024-03-21")
    assert window.tree.headerItem().text(1) == "On 2024-03-21"
    assert shown_standing(window, "CN-DATA-EXPORT.thresholds.2023-06") == "Applies"
    assert shown_standing(window, "CN-DATA-EXPORT.thresholds.2024-03") == "Not yet in force"
    assert shown_standing(window, "CN-DATA-EXPORT.thresholds.2022-09") == "Superseded"
    assert window.rule_item("CN-DATA-EXPORT.thresholds.2023-06").font(1).bold()

    type_date(qtbot, window, "2024-03-22")
    assert window.tree.headerItem().text(1) == "On 2024-03-22"
    assert shown_standing(window, "CN-DATA-EXPORT.thresholds.2024-03") == "Applies"
    assert shown_standing(window, "CN-DATA-EXPORT.thresholds.2023-06") == "Superseded"
    window.select_rule("CN-DATA-EXPORT.thresholds.2023-06")
    details = window.details.toPlainText()
    assert "On 2024-03-22: Superseded." in details
    assert "CN-DATA-EXPORT.thresholds.2024-03 (from 2024-03-22) applies on 2024-03-22" in details


def test_a_regime_whose_earlier_edition_is_not_held(qtbot, window: RulebookWindow) -> None:
    type_date(qtbot, window, "2024-10-31")
    assert heading(window, "CN-NEGATIVE-LIST").endswith(
        "no version held here is in force on 2024-10-31: an earlier edition applied (check it by hand)")
    top = window.rule_item("CN-NEGATIVE-LIST.access.2024").parent()
    assert "2021 and before" in top.toolTip(0)  # the whole heading and why, on hover
    window.select_rule("CN-NEGATIVE-LIST.access.2024")
    details = window.details.toPlainText()
    assert "Not yet in force on 2024-10-31: takes effect on 2024-11-01." in details
    assert "Earlier editions of the negative list (2021 and before) applied then" in details
    type_date(qtbot, window, "2024-11-01")
    assert heading(window, "CN-NEGATIVE-LIST").endswith("in force on 2024-11-01")


def test_us_oisp_before_and_after_2025_01_02(qtbot, window: RulebookWindow) -> None:
    type_date(qtbot, window, "2025-01-01")
    assert "not in force on 2025-01-01" in heading(window, "US-OISP")
    oisp = [r.rule_id for r in window.overview.rules if r.regime == "US-OISP"]
    assert len(oisp) == 6
    assert {shown_standing(window, r) for r in oisp} == {"Not yet in force"}
    type_date(qtbot, window, "2 January 2025")  # read as the wizard reads dates
    assert window.date_edit.text() == "2025-01-02"
    assert heading(window, "US-OISP").endswith("in force on 2025-01-02")
    assert {shown_standing(window, r) for r in oisp} == {"Applies"}


def test_the_applied_versions_are_the_screenings(qtbot, window: RulebookWindow) -> None:
    for typed, include in (("2023-12-20", False), ("2026-05-01", True)):
        if window.include_proposed.isChecked() != include:
            with qtbot.waitSignal(window.loaded, timeout=10_000):
                window.include_proposed.click()
        type_date(qtbot, window, typed)
        day = date.fromisoformat(typed)
        selected = {r.id for r in default_rulebook().rules_on(day, include).rules.values()}
        applies = {r.rule_id for r in window.overview.rules
                   if shown_standing(window, r.rule_id) == "Applies"}
        assert applies == selected


def test_a_bad_date_is_refused_at_the_field(qtbot, window: RulebookWindow) -> None:
    type_date(qtbot, window, "2024-03-22")
    type_date(qtbot, window, "2024-13-01", reloads=False)
    assert window.date_error.isVisible()
    assert "there is no month 13" in window.date_error.text()
    assert window.date_error.text().startswith("In force on:")
    assert "there is no month 13" in window.date_edit.accessibleDescription()
    assert window.overview.as_of == date(2024, 3, 22)  # the list stays at the last good date
    assert window.tree.headerItem().text(1) == "On 2024-03-22"
    type_date(qtbot, window, "03/04/2024", reloads=False)
    assert "could be 3 April or 4 March" in window.date_error.text()
    window.date_edit.clear()
    qtbot.keyClick(window.date_edit, Qt.Key.Key_Return)
    assert "give a date" in window.date_error.text()
    qtbot.keyClicks(window.date_edit, "2")  # typing again takes the message away
    assert not window.date_error.isVisible()
    window.date_edit.clear()
    type_date(qtbot, window, "2024/3/21")
    assert window.date_edit.text() == "2024-03-21" and not window.date_error.isVisible()
    assert window.overview.as_of == date(2024, 3, 21)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(window.today_button, Qt.MouseButton.LeftButton)
    assert window.overview.as_of == date.today()


def test_include_reported_measures(qtbot, window: RulebookWindow) -> None:
    type_date(qtbot, window, "2026-11-29")
    rule_id = "CN-US-CAPITAL.approval.2026-04"
    assert shown_standing(window, rule_id) == "Not applied (reported / proposed)"
    assert "not screened unless reported / proposed measures are included" in heading(window, "CN-US-CAPITAL")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.include_proposed.click()
    assert shown_standing(window, rule_id) == "Applies"
    # Screened, but a reported measure: not called in force.
    assert heading(window, "CN-US-CAPITAL").endswith(
        "reported on 2026-11-29, not in force (screened because reported / proposed measures "
        "are included)")
    assert "reported / proposed measures included" in window.version_label.text()


def test_filters_by_regime_and_words(qtbot, window: RulebookWindow) -> None:
    total = len(default_rulebook().rules)
    assert len(visible_rules(window)) == total
    window.regime_combo.setCurrentIndex(window.regime_combo.findData("CN-SAMR"))
    assert visible_rules(window) == ["CN-SAMR.thresholds.2024", "CN-SAMR.thresholds.2008"]
    assert f"2 of {total} rules listed" in window.version_label.text()
    window.regime_combo.setCurrentIndex(0)
    qtbot.keyClicks(window.filter_edit, "850.217")  # a citation
    assert visible_rules(window) == ["US-OISP.notifiable.2025"]
    window.filter_edit.clear()
    window.filter_edit.setText("数据出境 评估")  # Chinese title words, any order (pasted)
    assert set(visible_rules(window)) == {r.id for r in default_rulebook().rules
                                          if r.regime == "CN-DATA-EXPORT"}
    window.filter_edit.clear()
    qtbot.keyClicks(window.filter_edit, "cn-samr.thresholds.2008")  # a rule id, any case
    assert visible_rules(window) == ["CN-SAMR.thresholds.2008"]
    window.filter_edit.clear()
    qtbot.keyClicks(window.filter_edit, "no such rule")
    assert visible_rules(window) == []
    assert window.empty_label.isVisible() and "No rule matches" in window.empty_label.text()
    assert not window.copy_button.isEnabled() and window.copy_button.toolTip()
    window.filter_edit.clear()
    assert len(visible_rules(window)) == total and not window.empty_label.isVisible()


def test_a_rulebook_that_cannot_be_read_says_so(qtbot, runner: TaskRunner, monkeypatch) -> None:
    def broken(*_args, **_kwargs):
        raise RulebookError(Problem("cn-samr.json: rules[1] (CN-SAMR.thresholds.2024)",
                                    "citation_zh: required field is missing"))

    monkeypatch.setattr(rulebook_ui, "rulebook_overview", broken)
    window = RulebookWindow(runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorDialog") is not None, timeout=10_000)
    box = window.findChild(QMessageBox, "errorDialog")
    assert box.text() == "Could not read the rulebook"
    assert "cn-samr.json: rules[1] (CN-SAMR.thresholds.2024)" in box.informativeText()
    assert not box.detailedText()  # bad data is the officer's message, not a traceback
    assert window.version_label.text() == "The rulebook could not be read."
    assert window.overview is None and not window.copy_button.isEnabled()
    box.close()
    window.close()


def test_copy_a_citation_in_both_languages(qtbot, window: RulebookWindow) -> None:
    assert not window.copy_button.isEnabled()
    assert window.copy_button.toolTip() == "Choose a rule first."
    window.select_rule("US-OISP.notifiable.2025")
    assert window.copy_button.isEnabled()
    QApplication.clipboard().clear()
    qtbot.mouseClick(window.copy_button, Qt.MouseButton.LeftButton)
    rule = default_rulebook().rule("US-OISP.notifiable.2025")
    assert QApplication.clipboard().text() == f"{rule.citation}\n{rule.citation_zh}"
    assert "Copied the citation of US-OISP.notifiable.2025" in window.version_label.text()


def test_details_parameters_and_the_verify_flag(qtbot, window: RulebookWindow) -> None:
    window.select_rule("US-OISP.notifiable.2025")
    text = window.details.toPlainText()
    assert "AI model trained with compute of" in text and "more than 10²³ operations" in text
    assert "须通知交易" in text  # the Chinese title
    assert "31 CFR 850.217" in text
    window.select_rule("CN-SAMR.thresholds.2024")
    assert "more than RMB 12,000,000,000" in window.details.toPlainText()

    unverified = [r for r in default_rulebook().rules if not r.verified]
    assert unverified and window.unverified_label.isVisible()
    assert window.unverified_label.text().startswith(f"⚠ {len(unverified)} rules are marked Verify")
    item = window.rule_item(unverified[0].id)
    assert item.text(5) == "⚠ Verify" and "secondary sources" in item.toolTip(5)
    assert window.rule_item("US-OISP.notifiable.2025").text(5) == "Yes"
    assert window.rule_item("US-OISP.notifiable.2025").text(7) == "31 CFR 850.217"
    assert window.tree.headerItem().text(7) == "Citation"
    window.select_rule(unverified[0].id)
    assert "No — verify." in window.details.toPlainText()
    assert "secondary sources" in window.details.toPlainText()


def test_the_clocks_tab(qtbot, window: RulebookWindow) -> None:
    type_date(qtbot, window, "2024-12-01")
    with qtbot.waitExposed(window.clocks_table):
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # Alt+2
    assert window.tabs.currentIndex() == 1
    table = window.clocks_table
    assert table.rowCount() == len(clock_specs())
    columns = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert columns[:5] == ["Track", "Phase", "Time limit", "On 2024-12-01", "Verified"]
    rows = {(table.item(r, 0).text(), table.item(r, 1).text()): r for r in range(table.rowCount())}
    notification = rows[("US-OISP", "Notification")]
    assert table.item(notification, 3).text() == "Not yet in force"
    assert table.item(notification, 2).text() == "30 calendar days (US calendar)"
    phase_2 = rows[("CN-SAMR", "Phase 2 review")]
    assert table.item(phase_2, 3).text() == "Applies"
    assert table.item(phase_2, 5).text() == "up to 60 calendar days"
    assert window.follow_ups_table.rowCount() == 1
    assert not window.copy_button.isEnabled()
    table.selectRow(phase_2)
    qtbot.mouseClick(window.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text().startswith("Anti-Monopoly Law (2022 amendment), arts. 31-32")
    window.follow_ups_table.selectRow(0)  # one selection on the tab
    assert not table.selectionModel().selectedRows()


def test_the_clocks_tab_follows_the_regime_and_the_filter(qtbot, window: RulebookWindow) -> None:
    table = window.clocks_table
    kinds = {table.item(r, 0).text() for r in range(table.rowCount())}
    assert {"CN-SAMR", "US-OISP"} <= kinds

    def shown() -> set[str]:
        return {table.item(r, 0).text() for r in range(table.rowCount())
                if not table.isRowHidden(r)}

    window.regime_combo.setCurrentIndex(window.regime_combo.findData("CN-SAMR"))
    assert shown() == {"CN-SAMR"}
    window.regime_combo.setCurrentIndex(0)  # All regimes
    assert shown() == kinds
    qtbot.keyClicks(window.filter_edit, "850.")  # the US notification's citation
    assert shown() == {"US-OISP"}
    window.filter_edit.clear()
    assert shown() == kinds


def test_the_rulebook_is_read_off_the_gui_thread(qtbot, runner: TaskRunner, monkeypatch) -> None:
    threads: list[bool] = []
    real = rulebook_ui.rulebook_overview

    def spy(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(rulebook_ui, "rulebook_overview", spy)
    window = open_window(qtbot, runner)
    type_date(qtbot, window, "2024-03-21")
    assert threads == [False, False]
    runner.wait_for_done()
    window.close()


def test_a_late_answer_for_another_date_is_dropped(qtbot, window: RulebookWindow) -> None:
    stale = rulebook_ui.rulebook_overview(date(2020, 1, 1))
    type_date(qtbot, window, "2024-03-21")
    window._show(stale)  # the read for an earlier date arriving after the newer one
    assert window.overview.as_of == date(2024, 3, 21)
    assert window.tree.headerItem().text(1) == "On 2024-03-21"


@pytest.mark.parametrize("size", [(1100, 720), SMALL])
def test_named_keyboard_usable_and_readable(qtbot, runner: TaskRunner, size) -> None:
    window = open_window(qtbot, runner, size)
    window.select_rule("CN-FISR.scope.2021")
    assert problems("rulebook", window) == []
    with dark_palette():
        # The reds and greys are chosen afresh for the dark palette.
        qtbot.waitUntil(lambda: error_colour() in window.unverified_label.styleSheet(),
                        timeout=5_000)
        runner.wait_for_done()
        qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
        assert problems("rulebook (dark)", window) == []
    # Tab from the date reaches the list, the details and the copy button.
    window.date_edit.setFocus()
    reached = set()
    for _ in range(20):
        window.focusNextChild()
        reached.add(QApplication.focusWidget())
    assert {window.tree, window.details, window.copy_button, window.filter_edit,
            window.include_proposed} <= reached
    runner.wait_for_done()
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    qtbot.keyClick(window.tree, Qt.Key.Key_Escape)  # Esc closes, as any dialog
    assert not window.isVisible()


def test_a_superseded_rule_reads_as_adopted_not_in_force(qtbot, window: RulebookWindow) -> None:
    # "Superseded | In force | … | 2024-01-21" said in one row that a rule was superseded,
    # in force, and ended: the column is the measure's adoption, not its standing.
    assert window.tree.headerItem().text(2) == "Measure"
    item = window.rule_item("CN-SAMR.thresholds.2008")
    assert item.text(1).startswith("Superseded") and item.text(2) == "Adopted"
    window.select_rule("CN-SAMR.thresholds.2008")
    assert "Adopted" in window.details.toPlainText()
    assert "In force" not in item.text(2)


def test_an_install_refused_as_stale_reads_the_rulebook_again(
        window: RulebookWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another administrator reverted the update since the preview: the refusal was said,
    but the header, Revert and the rules kept showing the reverted update's."""
    from approvals.domain.errors import ConflictError, InputError

    reads: list[int] = []
    monkeypatch.setattr(window, "reload", lambda: reads.append(1))
    window._refused("Install update", ConflictError("The rulebook in use changed since the "
                                                    "preview: nothing was installed."))
    assert reads == [1]
    window._refused("Install update", InputError([]))
    assert reads == [1]  # a refusal of the file itself changes nothing in use
