"""Help → User guide and Keyboard shortcuts, F1 in a window: the guide is the README's
users' part (from the checkout, else the installed package's metadata), its contents tree
is the README's headings, find and Back/Forward move through it, links behave offline,
and the keys listed are the windows' own."""

from __future__ import annotations

import email.message
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QColor,
    QDesktopServices,
    QGuiApplication,
    QImage,
    QKeySequence,
    QShortcut,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication, QFileDialog, QTreeWidgetItem, QWidget

from approvals.paths import DataDir
from approvals.services.cases import import_case
from approvals.store.audit import Actor
from approvals.store.db import Database
from approvals.ui import help as guide_help
from approvals.ui.help import (
    GuideSource,
    GuideWindow,
    ShortcutEntry,
    ShortcutsWindow,
    add_help_actions,
    app_shortcuts,
    find_heading,
    heading_slug,
    install_context_help,
    open_guide_at,
    read_guide,
    user_part,
    with_images,
)
from approvals.ui.main_window import MainWindow
from approvals.ui.workers import TaskRunner
from tests.conftest import EXAMPLES_DIR, REPO_ROOT
from tests.ui.case_window import open_view
from tests.ui.conftest import dark_palette
from tests.ui.ux_checks import AA, contrast, problems

README = REPO_ROOT / "README.md"


def native(keys: str | QKeySequence.StandardKey) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


def readme_headings() -> list[str]:
    """The users' part's headings as the README writes them (code fences skipped), as
    rendered text: inline code and emphasis marks dropped."""
    found, fenced = [], False
    for line in user_part(README.read_text(encoding="utf-8")).splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (m := re.match(r"(#{1,6})\s+(.+?)\s*#*\s*$", line)):
            found.append(re.sub(r"[`*_]", "", m.group(2)))
    return found


@pytest.fixture(autouse=True)
def close_help_windows() -> Iterator[None]:
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, GuideWindow | ShortcutsWindow):
            widget.close()


@pytest.fixture
def main_window(qtbot, db: Database, data_dir: DataDir, admin: Actor) -> Iterator[MainWindow]:
    runner = TaskRunner(db)
    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    add_help_actions(window)
    yield window
    runner.wait_for_done()


def loaded_guide(qtbot, parent: QWidget | None, heading: str = "") -> GuideWindow:
    window = open_guide_at(parent, heading)
    qtbot.waitUntil(lambda: window.source is not None, timeout=10_000)
    return window


@pytest.fixture
def guide(qtbot, main_window: MainWindow) -> GuideWindow:
    window = loaded_guide(qtbot, main_window)
    window.resize(1100, 700)
    qtbot.waitExposed(window)
    return window


def contents_texts(window: GuideWindow) -> list[str]:
    return [item.text(0) for item in window._items()]


def contents_item(window: GuideWindow, anchor: str) -> QTreeWidgetItem:
    (item,) = [i for i in window._items() if i.data(0, Qt.ItemDataRole.UserRole) == anchor]
    return item


# -- where the text comes from ------------------------------------------------------------------
def test_the_users_part_ends_before_for_developers() -> None:
    text = "# A\nintro\n## Use\nhow\n## For developers\nbuild it\n### Tests\n"
    assert user_part(text) == "# A\nintro\n## Use\nhow\n"
    assert user_part("# A\nno developers part\n") == "# A\nno developers part\n"
    assert "## For developers" in README.read_text(encoding="utf-8")  # the cut still exists
    assert "## For developers" not in user_part(README.read_text(encoding="utf-8"))


def test_headings_get_the_anchors_the_readme_links_use() -> None:
    assert heading_slug("Files you save, and a busy database") == "files-you-save-and-a-busy-database"
    assert heading_slug('Lists: "none" is an answer you give') == "lists-none-is-an-answer-you-give"
    assert heading_slug("New case: the intake wizard (Ctrl+N)") == "new-case-the-intake-wizard-ctrln"
    # Every link inside the users' part leads to one of its headings.
    text = user_part(README.read_text(encoding="utf-8"))
    anchors = {heading_slug(h) for h in readme_headings()}
    links = set(re.findall(r"\]\(#([^)]+)\)", text)) - {"for-developers"}
    assert links and links <= anchors, links - anchors


def test_from_a_checkout_the_readme_beside_the_code_is_read_with_its_screenshots() -> None:
    source = read_guide()
    assert source.problem == ""
    assert "README.md" in source.origin and source.base == REPO_ROOT
    assert source.markdown == user_part(README.read_text(encoding="utf-8"))
    named = set(re.findall(r"!\[[^\]]*\]\(([^)\s]+)", source.markdown))
    assert named and set(source.images) == named and source.omitted_images == 0


def _installed(monkeypatch: pytest.MonkeyPatch, description: str | None) -> None:
    """As an installed (not editable) package: no source tree beside the code, and the
    distribution's metadata carrying `description` (None: no distribution at all)."""
    monkeypatch.setattr(guide_help, "checkout_readme", lambda: None)

    def metadata(name: str) -> email.message.Message:
        assert name == "approvals"
        if description is None:
            raise guide_help.importlib.metadata.PackageNotFoundError(name)
        message = email.message.Message()
        message["Name"] = "approvals"
        message["Description"] = description
        return message

    monkeypatch.setattr(guide_help.importlib.metadata, "metadata", metadata)


def test_an_installed_app_reads_the_guide_from_the_package_metadata(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _installed(monkeypatch, "# Approvals\n![Case list](docs/screenshots/case-list.png)\n"
                            "## Getting started\nInstalled text.\n## For developers\nbuild\n")
    source = read_guide()
    assert "Installed text." in source.markdown and "build" not in source.markdown
    assert "installed package" in source.origin and source.base is None
    # No docs/ beside an installed package: the screenshot is left out, not shown broken.
    assert "![" not in source.markdown and source.images == {} and source.omitted_images == 1


def test_the_real_installed_metadata_carries_the_readme(monkeypatch: pytest.MonkeyPatch) -> None:
    """pyproject's readme = "README.md" puts the guide into the package's metadata."""
    monkeypatch.setattr(guide_help, "checkout_readme", lambda: None)
    source = read_guide()
    assert "installed package" in source.origin
    assert "## Getting started" in source.markdown
    assert "## For developers" not in source.markdown


def test_without_any_copy_the_window_says_so_plainly(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    _installed(monkeypatch, None)
    assert read_guide().problem
    window = loaded_guide(qtbot, None)
    qtbot.addWidget(window)
    assert "not available" in window.text.toPlainText()
    assert window.contents.topLevelItemCount() == 0
    window.find_edit.setText("guide")
    assert not window.next_button.isEnabled() and window.next_button.toolTip()
    assert not window.find_next()


def test_a_missing_screenshot_is_left_out_and_a_present_one_kept(tmp_path: Path) -> None:
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    (tmp_path / "docs").mkdir()
    assert image.save(str(tmp_path / "docs" / "here.png"))
    text = ("# T\n\n![Here](docs/here.png)\n\nA line with ![gone](docs/gone.png) inside.\n\n"
            "![Gone](docs/gone.png)\n\nEnd.\n")
    source = with_images(text, "test", tmp_path)
    assert set(source.images) == {"docs/here.png"} and source.omitted_images == 1
    assert "![Here](docs/here.png)" in source.markdown and "gone" not in source.markdown
    assert "A line with  inside." in source.markdown and "End." in source.markdown


def test_the_guide_read_again_is_kept_until_the_readme_or_a_screenshot_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme, picture = tmp_path / "README.md", tmp_path / "docs" / "shot.png"
    picture.parent.mkdir()
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    assert image.save(str(picture))
    readme.write_text("# T\n\n![Shot](docs/shot.png)\n\nFirst.\n", encoding="utf-8")
    monkeypatch.setattr(guide_help, "checkout_readme", lambda: readme)
    reads: list[str] = []
    real = guide_help.with_images

    def counted(markdown: str, origin: str, base: Path | None) -> GuideSource:
        reads.append(markdown)
        return real(markdown, origin, base)

    monkeypatch.setattr(guide_help, "with_images", counted)
    guide_help.forget_guide()
    first = read_guide()  # not kept yet: read from the file
    assert "First." in first.markdown and first.images["docs/shot.png"].width() == 40
    assert read_guide() is first and len(reads) == 1  # the same text: kept
    readme.write_text("# T\n\n![Shot](docs/shot.png)\n\nSecond.\n", encoding="utf-8")
    second = read_guide()
    assert "Second." in second.markdown and len(reads) == 2
    image = QImage(60, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#993366"))
    assert image.save(str(picture))  # a screenshot replaced, the text the same
    again = read_guide()
    assert again.images["docs/shot.png"].width() == 60 and len(reads) == 3
    assert read_guide() is again and len(reads) == 3
    guide_help.forget_guide()
    assert read_guide() is not again and len(reads) == 4  # forgotten: read afresh


def test_a_document_asked_for_again_is_a_copy_of_the_same(qtbot) -> None:
    image = QImage(300, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    source = GuideSource(markdown="# Only\n\n![Shot](shot.png)\n\n## One\n\n[one](#one) "
                                  "`code`\n\n```\nlong line\n```\n",
                         origin="a test", images={"shot.png": image})
    colours = {"link": QColor("#1a5fb4"), "code_background": QColor("#eeeeee")}
    guide_help.forget_guide()
    first, headings = guide_help.build_document(source, **colours, room=200)
    again, headings_again = guide_help.build_document(source, **colours, room=200)
    fresh, fresh_headings = guide_help.make_document(source, **colours, room=200)
    assert again is not first and headings == headings_again == fresh_headings
    assert first.toHtml() == again.toHtml() == fresh.toHtml()
    assert not again.isUndoRedoEnabled()
    shown = again.resource(QTextDocument.ResourceType.ImageResource, QUrl("shot.png@shown"))
    assert isinstance(shown, QImage) and shown.width() == 200
    # A copy changed on screen (a dark palette) leaves the kept one as made.
    guide_help.recolour(again, QColor("#99c1f1"), QColor("#333333"))
    assert again.toHtml() != fresh.toHtml()
    assert guide_help.build_document(source, **colours, room=200)[0].toHtml() == fresh.toHtml()
    # Other colours or another width: made for them.
    narrower, _ = guide_help.build_document(source, **colours, room=100)
    assert narrower.toHtml() == guide_help.make_document(source, **colours, room=100)[0].toHtml()
    assert narrower.toHtml() != fresh.toHtml()


# -- the window ---------------------------------------------------------------------------
def test_contents_tree_holds_the_readmes_headings_in_order(guide: GuideWindow) -> None:
    expected = readme_headings()
    assert contents_texts(guide) == expected
    assert [h.text for h in guide.headings] == expected
    top = guide.contents.topLevelItem(0)
    assert top is not None and top.text(0) == "Approvals"
    chapters = [top.child(i).text(0) for i in range(top.childCount())]
    assert "Getting started" in chapters and "For developers" not in contents_texts(guide)
    assert guide.origin_label.text().startswith("From README.md")


def test_clicking_a_heading_scrolls_the_guide_there(qtbot, guide: GuideWindow) -> None:
    anchor = "deadlines-dashboard-ctrld"
    item = contents_item(guide, anchor)
    parent = item.parent()
    assert parent is not None
    parent.setExpanded(True)
    guide.contents.scrollToItem(item)
    rect = guide.contents.visualItemRect(item)
    qtbot.mouseClick(guide.contents.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    heading = find_heading(guide.headings, anchor)
    assert heading is not None
    assert guide.text.verticalScrollBar().value() > 0
    top = guide.text.cursorForPosition(QPoint(4, 4)).block()
    assert top.text().startswith("Deadlines dashboard")
    assert guide.section_in_view() == heading

    # Scrolling on, the contents follow the section being read.
    later = find_heading(guide.headings, "Holiday calendars")
    assert later is not None
    guide._scroll_to(later.position)
    qtbot.waitUntil(lambda: guide.contents.currentItem() is not None and guide.contents.
                    currentItem().data(0, Qt.ItemDataRole.UserRole) == "holiday-calendars",
                    timeout=2_000)


def test_find_moves_to_the_match_and_says_no_match_plainly(qtbot, guide: GuideWindow) -> None:
    qtbot.keyClick(guide, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert guide.find_edit.hasFocus()
    qtbot.keyClicks(guide.find_edit, "review pack")
    qtbot.keyClick(guide.find_edit, Qt.Key.Key_Return)
    cursor = guide.text.textCursor()
    assert cursor.selectedText().lower() == "review pack"
    # Written apart or hyphenated too ("review-pack dialogs"): test_auth9_guide_find.
    total = len(re.findall(r"review[\s\-‐‑]?pack", guide.text.toPlainText().lower()))
    assert guide.find_status.text() == f"1 of {total}" and total > 3
    viewport = guide.text.viewport().rect()
    assert viewport.contains(guide.text.cursorRect()), "the match is out of view"
    first = cursor.selectionStart()
    guide.next_button.click()
    second = guide.text.textCursor().selectionStart()
    assert second > first and guide.find_status.text() == f"2 of {total}"
    qtbot.keyClick(guide.find_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert guide.text.textCursor().selectionStart() == first
    guide.previous_button.click()  # before the first: round to the last
    assert guide.find_status.text().startswith(f"{total} of {total}")
    last = guide.text.textCursor().selectionStart()
    assert last > second

    guide.find_edit.setText("qqzx no such words")
    assert not guide.find_next()
    assert guide.find_status.text() == "No match for “qqzx no such words”"
    assert guide.text.textCursor().selectionStart() == last  # stayed where it was


def test_back_and_forward_return_to_where_the_reader_was(qtbot, guide: GuideWindow) -> None:
    assert not guide.back_button.isEnabled() and guide.back_button.toolTip()
    assert guide.go_to("Holiday calendars")
    assert guide.section_in_view().anchor == "holiday-calendars"
    assert guide.go_to("restricted-documents")
    assert guide.section_in_view().anchor == "restricted-documents"
    guide.back_button.click()
    assert guide.section_in_view().anchor == "holiday-calendars"
    guide.back_button.click()
    assert guide.text.verticalScrollBar().value() == 0  # the start, where it opened
    assert not guide.back_button.isEnabled()
    guide.forward_button.click()
    guide.forward_button.click()
    assert guide.section_in_view().anchor == "restricted-documents"
    assert not guide.forward_button.isEnabled()
    # From the keyboard, with the text in focus (a text browser has its own Alt+Left).
    guide.activateWindow()
    guide.text.setFocus()
    qtbot.keyClick(guide.text, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    # (a button's shortcut clicks it as a click looks: a moment later)
    qtbot.waitUntil(lambda: guide.section_in_view().anchor == "holiday-calendars", timeout=2_000)
    qtbot.keyClick(guide.text, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: guide.section_in_view().anchor == "restricted-documents",
                    timeout=2_000)


def test_links_inside_the_guide_go_to_their_section(guide: GuideWindow) -> None:
    guide.text.anchorClicked.emit(QUrl("#lists-none-is-an-answer-you-give"))
    assert guide.section_in_view().anchor == "lists-none-is-an-answer-you-give"
    assert not guide.message.isVisibleTo(guide)  # no empty row under the text
    guide.text.anchorClicked.emit(QUrl("#for-developers"))  # the contents line links there
    assert guide.message.isVisibleTo(guide)
    assert "not part of the user guide" in guide.message.text()
    assert guide.section_in_view().anchor == "lists-none-is-an-answer-you-give"
    assert not guide.go_to("No such section")
    assert "There is no section “No such section”" in guide.message.text()


def test_an_external_link_opens_only_when_asked_and_never_fails(
        guide: GuideWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []

    def no_browser(url: QUrl) -> bool:
        opened.append(url)
        return False  # an air-gapped laptop without a browser

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(no_browser))
    url = QUrl("https://home.treasury.gov/policy-issues/international/outbound-investment-program")
    guide.text.anchorClicked.emit(url)
    assert opened == [] and url.toString() in guide.message.text()
    assert guide.open_link_button.isVisibleTo(guide) and guide.copy_link_button.isVisibleTo(guide)
    guide.open_link_button.click()
    assert opened == [url]
    assert "No web browser could be opened" in guide.message.text()
    assert QGuiApplication.clipboard().text() == url.toString()
    assert not guide.open_link_button.isVisibleTo(guide)


def test_screenshots_fit_the_column_and_long_lines_wrap_at_a_small_size(qtbot, guide: GuideWindow) -> None:
    qtbot.wait(100)  # the first layout's refit done
    assert guide.go_to("Restricted documents")
    guide.resize(683, 384)  # a 1366 × 768 laptop at 200 %
    document = guide.text.document()

    def fitted() -> bool:
        room = guide.text.viewport().width()
        images = [f for f in guide_help._fragments(document) if f[2].isImageFormat()]
        assert len(images) == len(guide.source.images) > 0
        return room < 500 and all(0 < f[2].toImageFormat().width() <= room for f in images)

    qtbot.waitUntil(fitted, timeout=2_000)
    qtbot.waitUntil(lambda: not guide._image_timer.isActive(), timeout=2_000)
    # The text above rewrapped and its pictures shrank: the reader is still at the section.
    assert guide.section_in_view().anchor == "restricted-documents"
    room = guide.text.viewport().width()
    document.documentLayout().documentSize()  # the whole guide laid out
    guide.go_to("Command line")  # code blocks with long command lines
    # (a code line's padding spaces may overhang by a pixel; the scroll bar is off)
    assert document.size().width() <= room + 1, "something is wider than the view"
    assert problems("user guide", guide) == []


def test_links_are_readable_in_a_dark_palette(qtbot, main_window: MainWindow) -> None:
    with dark_palette():
        window = loaded_guide(qtbot, main_window)
        base = window.text.palette().color(window.text.palette().ColorRole.Base)
        links = [f[2] for f in guide_help._fragments(window.text.document())
                 if f[2].isAnchor() and f[2].anchorHref()]
        assert links
        assert all(contrast(f.foreground().color(), base) >= AA for f in links)
    # Back to light: the links follow.
    qtbot.waitUntil(lambda: all(
        contrast(f[2].foreground().color(), QColor("#ffffff")) >= AA
        for f in guide_help._fragments(window.text.document())
        if f[2].isAnchor() and f[2].anchorHref()), timeout=2_000)


# -- the main window's Help menu ----------------------------------------------------------------------
def test_help_menu_has_user_guide_and_shortcuts_before_about(qtbot, main_window: MainWindow) -> None:
    names = [a.objectName() for a in main_window.help_menu.actions() if not a.isSeparator()]
    assert names == ["userGuideAction", "shortcutsAction", "openLogFolderAction", "aboutAction"]
    action = main_window.findChild(type(main_window.help_menu.actions()[0]), "userGuideAction")
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    action.trigger()
    window = main_window.findChild(GuideWindow)
    assert window is not None
    qtbot.waitUntil(lambda: window.isVisible() and window.source is not None, timeout=10_000)
    assert window.contents.topLevelItemCount() == 1
    action.trigger()  # one guide window, raised again
    assert main_window.findChildren(GuideWindow) == [window]
    # Added twice (by the window and by a caller): still one of each.
    assert add_help_actions(main_window)[0] is action
    assert len(main_window.help_menu.actions()) == len(names) + 1  # and one separator


def test_shortcuts_are_read_from_the_windows(qtbot, main_window: MainWindow, runner, admin,
                                             data_dir: DataDir, db: Database) -> None:
    action = main_window.findChild(type(main_window.help_menu.actions()[0]), "shortcutsAction")
    action.trigger()
    window = main_window.findChild(ShortcutsWindow)
    assert window is not None and window.isVisible()
    entries = {(e.window, e.keys, e.does) for e in window.entries}
    assert ("Main window", native("Ctrl+N"), "File → New case…") in entries
    assert ("Main window", native("Ctrl+D"), "View → Deadlines dashboard") in entries
    assert ("Main window", native(QKeySequence.StandardKey.HelpContents),
            "Help → User guide") in entries
    assert ("Intake wizard", native("Ctrl+S"), "Save") in entries
    assert ("Intake wizard", native("Alt+N"), "Next") in entries
    assert ("Intake wizard", native(QKeySequence.StandardKey.HelpContents),
            "User guide: New case: the intake wizard") in entries
    assert ("Deadlines dashboard", native("Ctrl+F"), "Filter the deadlines") in entries
    # Every key the platform binds (F3 and Ctrl+G), not the first alone.
    assert ("User guide", ", ".join(native(k) for k in QKeySequence.keyBindings(
        QKeySequence.StandardKey.FindNext)), "Next match") in entries
    assert ("Deadlines dashboard", native(QKeySequence.StandardKey.HelpContents),
            "User guide: Deadlines dashboard") in entries  # F1 there: its own section
    assert "Case window: open one" in window.notes.text()
    assert window.list.topLevelItemCount() == len({e.window for e in window.entries})
    assert all(e.keys for e in window.entries)

    # A key added to a window shows up without anyone updating a table.
    main_window.file_menu.addAction(main_window._action("Te&st key", lambda: None, "Ctrl+Alt+T"))
    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        ref = import_case(s, data=facts, actor=admin).reference
    open_view(qtbot, runner, admin, data_dir, ref)  # a case window open: its keys too
    entries_now, notes = app_shortcuts(main_window)
    found = {(e.window, e.keys, e.does) for e in entries_now}
    assert ("Main window", native("Ctrl+Alt+T"), "File → Test key") in found
    assert ("Case window", native("Ctrl+E"), "Edit facts…") in found
    assert ("Case window", native("Alt+3"), "Show the “Tracks” tab") in found
    assert ("Case window", native(QKeySequence.StandardKey.HelpContents),
            "User guide: Case window") in found  # F1 there: its own section
    assert ("Case window", native("Ctrl+F"), "Find in the Timeline's events") in found
    assert notes == []

    # Any other window open now is listed under its title, with its keys' own words.
    tool = QWidget(None, Qt.WindowType.Window)
    qtbot.addWidget(tool)
    tool.setWindowTitle("Filing preview")
    key = QShortcut(QKeySequence("Ctrl+P"), tool, lambda: None)
    key.setWhatsThis("Print")
    tool.show()
    entries_now, _notes = app_shortcuts(main_window)
    assert ShortcutEntry("Filing preview", native("Ctrl+P"), "Print") in entries_now
    window.refresh()
    assert problems("keyboard shortcuts", window) == []


def test_a_file_dialog_once_opened_adds_none_of_its_own_keys(qtbot, main_window: MainWindow) -> None:
    """Qt's own file dialog stays a hidden child of the window that asked for a file; its
    internal actions (qt_goto_parent_action, Ctrl+Shift+H) are not the main window's keys."""
    before, _notes = app_shortcuts(main_window)
    dialog = QFileDialog(main_window)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.show()
    dialog.hide()
    assert any(a.shortcuts() for a in dialog.findChildren(QAction))  # the keys exist
    after, _notes = app_shortcuts(main_window)
    assert after == before
    assert not any("qt_" in e.does for e in after)


# -- F1 in a window --------------------------------------------------------------------------
def test_f1_in_the_wizard_opens_the_guide_at_the_wizard(qtbot, wizard) -> None:
    (help_key,) = [s for s in wizard.findChildren(QShortcut)
                   if s.key() == QKeySequence(QKeySequence.StandardKey.HelpContents)]
    help_key.activated.emit()
    window = wizard.findChild(GuideWindow)
    assert window is not None
    qtbot.waitUntil(lambda: window.source is not None, timeout=10_000)
    assert window.isVisible() and not window.isModal()
    assert window.section_in_view().anchor == "new-case-the-intake-wizard-ctrln"
    item = window.contents.currentItem()
    assert item is not None and item.text(0) == "New case: the intake wizard (Ctrl+N)"


def test_install_context_help_gives_any_window_its_section(qtbot, runner: TaskRunner) -> None:
    window = QWidget()
    window.runner = runner  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    shortcut = install_context_help(window, "Deadlines dashboard")
    assert shortcut.key() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    window.show()
    shortcut.activated.emit()
    guide = window.findChild(GuideWindow)
    assert guide is not None
    qtbot.waitUntil(lambda: guide.source is not None, timeout=10_000)
    assert guide.section_in_view().anchor == "deadlines-dashboard-ctrld"
    assert guide.parentWidget() is window  # closed with its window


def test_a_guide_already_shown_moves_to_the_asked_section(qtbot, guide: GuideWindow,
                                                          main_window: MainWindow) -> None:
    again = open_guide_at(main_window, "backup-and-restore")
    assert again is guide
    assert guide.section_in_view().anchor == "backup-and-restore"


def test_the_guide_is_read_off_the_gui_thread_and_its_document_made_on_it(
        qtbot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: dict[str, threading.Thread] = {}
    read, build = guide_help.read_guide, guide_help.build_document

    def reading() -> GuideSource:
        threads["read"] = threading.current_thread()
        return read()

    def building(*args, **kwargs):
        threads["build"] = threading.current_thread()
        return build(*args, **kwargs)

    monkeypatch.setattr(guide_help, "read_guide", reading)
    monkeypatch.setattr(guide_help, "build_document", building)
    window = GuideWindow(main_window, main_window.runner)
    window.load()
    assert "Reading the user guide" in window.text.toPlainText()  # meanwhile
    qtbot.waitUntil(lambda: window.source is not None, timeout=10_000)
    assert threads["read"] is not threading.main_thread()
    # No QObject is made on a worker: a document made there had to be moved to the GUI
    # thread, and moveToThread could wait on a lock of Qt's that the GUI thread held while
    # it waited for the worker's Python lock (a hang seen once in the suite).
    assert threads["build"] is threading.main_thread()
    assert window.text.document().thread() is window.thread()
    assert contents_texts(window) == readme_headings()


def test_the_guide_source_shown_when_read_in_the_window(qtbot, main_window: MainWindow) -> None:
    window = GuideWindow(main_window, main_window.runner)
    window.show_source(GuideSource(markdown="# Only\n\n## One\n\ntext\n", origin="a test"))
    assert contents_texts(window) == ["Only", "One"] and "a test" in window.origin_label.text()


def test_the_users_part_has_no_raw_html_tags_outside_code() -> None:
    """A word in angle brackets outside code (**On <date>**) is read as an HTML tag by the
    guide's Markdown (and by GitHub): it swallowed every heading after it."""
    fenced, tags = False, []
    for number, line in enumerate(user_part(README.read_text(encoding="utf-8")).splitlines(), 1):
        if line.startswith("```"):
            fenced = not fenced
            continue
        prose_only = re.sub(r"`[^`]*`", "", line)
        if not fenced and (tag := re.search(r"<[A-Za-z][^<>]*>", prose_only)):
            tags.append(f"{number}: {tag.group(0)}")
    assert tags == []
