"""Help for officers on machines without a network: the user guide and the keys.

The user guide is the users' part of README.md (everything before "## For developers"),
rendered from its Markdown: a contents tree from its headings, find, Back/Forward, and F1
in a window opening it at that window's section (`install_context_help`). The text is the
README next to the running code when the app runs from a checkout (an editable install's
metadata is a copy made at install time and falls behind the file), else the long
description in the installed package's metadata (pyproject's `readme`), so an installed
app needs no other copy. Screenshots are shown when their files are there (a checkout,
or an installed package's approvals.screenshots); where they are not, the guide says so
instead of showing broken images.

The keyboard list is read from the live windows' actions, shortcuts and buttons, so it
cannot fall behind the code.
"""

from __future__ import annotations

import importlib.metadata
import platform
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRegularExpression,
    QSettings,
    QSize,
    Qt,
    QTimer,
    QUrl,
    qVersion,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QDesktopServices,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPalette,
    QShortcut,
    QShowEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
)

import approvals
from approvals.logging_setup import LOG_FILE, log_file_in_use
from approvals.paths import DataDir
from approvals.services.rulebook import RulebookInUse, rulebook_in_use
from approvals.ui.errors import user_message
from approvals.ui.files import settings_for
from approvals.ui.geometry import keep_geometry
from approvals.ui.path_field import PathField
from approvals.ui.widgets import (
    is_dark,
    palette_styled,
    readable,
    second_key,
    standard_shortcut,
    text_field,
)

DISTRIBUTION = "approvals"
# Where the users' part of the README ends.
DEVELOPERS_HEADING = re.compile(r"^##[ \t]+For developers[ \t]*$", re.MULTILINE)
# " · [For developers](#for-developers)" at the end of the README's Contents line.
# Found by its dot, then widened back over the spaces and at most one line break before
# it (without_developers_entry): a pattern beginning with those spaces was tried at every
# position of the README, 60 ms a reading of the guide.
DEVELOPERS_ENTRY = re.compile(r"·\s*\[[^\]\n]*\]\(#for-developers\)")
# The commands right under the README's title (install the app, run the tests) and the
# paragraph on them: for whoever installs it. The guide is read in the running app, and an
# officer opening it the first time met pip, pytest and X11 libraries before what the app
# is for.
INSTALL_LEAD = re.compile(r"\A(#[ \t][^\n]*\n)\s*```[^\n]*\n.*?^```[ \t]*\n\s*"
                          r"(?:(?![#!\s])[^\n]*\n)*\s*", re.DOTALL | re.MULTILINE)
# Words officers bring from other programs, and the guide's word for each: Find looks
# for the guide's when the typed one is nowhere (keys as `squeezed` makes them).
GUIDE_WORDS = {
    "login": "sign in", "logon": "sign in", "logout": "sign out", "logoff": "sign out",
    "screenlock": "idle lock", "passwordreset": "reset password",
    "unlockaccount": "lift lock-out", "unlockuser": "lift lock-out",
}
# ![alt](path "title") — the README's screenshots.
IMAGE = re.compile(r'!\[([^\]]*)\]\(\s*([^)\s]+)(?:\s+"[^"]*")?\s*\)')
IMAGE_LINE = re.compile(r'^[ \t]*!\[[^\]]*\]\(\s*[^)\s]+(?:\s+"[^"]*")?\s*\)[ \t]*\n?',
                        re.MULTILINE)
EXTERNAL_SCHEMES = ("http", "https", "mailto", "ftp")
OBJECT_CHARACTER = "\ufffc"  # where a document holds an image
ORIGINAL_IMAGE = QTextFormat.Property.UserProperty + 1  # the README's name of a resized one
SCREENSHOTS_FOLDER = "docs/screenshots/"
INSTALLED_SCREENSHOTS = Path(approvals.__file__).resolve().parent / "screenshots"
IMAGE_MARGIN = 24  # px kept free beside a screenshot shrunk to the text's width
NO_GUIDE = (
    "The user guide is not available: this installation carries no copy of it (the "
    "package's description is empty and there is no README.md beside the program). "
    "Ask whoever installed Approvals for the README, or reinstall the package.")


# -- where the text comes from ----------------------------------------------------------------
@dataclass(frozen=True)
class GuideSource:
    """The guide as read from disk: the users' Markdown, where it came from (for the
    window's foot), the folder its relative paths start from, and the screenshots found."""

    markdown: str
    origin: str
    base: Path | None = None
    images: dict[str, QImage] = field(default_factory=dict)
    omitted_images: int = 0
    problem: str = ""


@dataclass
class Built:
    """The guide made ready for the window: its document (None when there is no text)
    and headings, and the width and palette it was made for."""

    source: GuideSource
    document: QTextDocument | None = None
    headings: list[Heading] = field(default_factory=list)
    room: int = 0
    link: QColor | None = None
    shade: QColor | None = None


# A paragraph for developers inside a users' section ("For developers: `tests/…` checks …"):
# in the README beside what it is about, left out of the guide an officer reads.
DEVELOPERS_PARAGRAPH = re.compile(r"^For developers:.*?(?:\n[ \t]*\n|\Z)", re.MULTILINE | re.DOTALL)
# "(For developers: `Calendar` in approvals/domain/calendars.py …)" within a paragraph:
# source paths and test names are no officer's business (one level of brackets inside).
DEVELOPERS_ASIDE = re.compile(r" ?\(For developers: [^()]*(?:\([^()]*\)[^()]*)*\)")


def user_part(readme: str) -> str:
    """The README up to "## For developers" (all of it when that heading is missing),
    without the install commands under its title (INSTALL_LEAD), without the title's
    Contents entry for the developers' part (the guide has no such section to go to) and
    without the "For developers:" paragraphs and asides of the users' sections."""
    match = DEVELOPERS_HEADING.search(readme)
    users = readme[: match.start()].rstrip() + "\n" if match else readme
    if match:
        users = without_developers_entry(users)
    users = DEVELOPERS_ASIDE.sub("", DEVELOPERS_PARAGRAPH.sub("", users))
    return INSTALL_LEAD.sub(lambda lead: lead.group(1) + "\n", users, count=1)


def without_developers_entry(text: str) -> str:
    """`text` without each DEVELOPERS_ENTRY, the spaces and tabs before it, and at most
    one line break with the spaces and tabs before that."""
    kept: list[str] = []
    end = 0
    for entry in DEVELOPERS_ENTRY.finditer(text):
        start = entry.start()
        while start > end and text[start - 1] in " \t":
            start -= 1
        if start > end and text[start - 1] == "\n":
            start -= 1
            while start > end and text[start - 1] in " \t":
                start -= 1
        kept.append(text[end:start])
        end = entry.end()
    kept.append(text[end:])
    return "".join(kept)


SEPARATORS = r"[\s\-‐‑–]+"


def squeezed(text: str) -> str:
    """`text` in small letters without spaces and hyphens: "Log-in" and "log in" -> "login"."""
    return re.sub(SEPARATORS, "", text.casefold())


def loose_pattern(text: str, *, anywhere: bool = False,
                  whole: bool = False) -> QRegularExpression:
    """`text` in any letter case, its words written together, apart or hyphenated
    ("sign-out" matches "sign out", "signout" and "Sign-out"). `anywhere`: the words may
    split between any two letters ("lockout" matches "lock-out"); `whole`: as whole words
    only ("sign in" is not the start of "Signing in")."""
    parts = list(squeezed(text)) if anywhere else [
        part for part in re.split(SEPARATORS, text.casefold()) if part]
    pattern = r"[\s\-‐‑]?".join(re.escape(part) for part in parts)
    if whole and parts and parts[0][:1].isalnum():
        pattern = r"\b" + pattern
    if whole and parts and parts[-1][-1:].isalnum():
        pattern += r"\b"
    return QRegularExpression(pattern, QRegularExpression.PatternOption.CaseInsensitiveOption)


def checkout_readme() -> Path | None:
    """README.md of the source tree the running package sits in, if it does (a checkout,
    editable or not installed); None for an installed package."""
    root = Path(approvals.__file__).resolve().parent.parent
    readme, project = root / "README.md", root / "pyproject.toml"
    try:
        if readme.is_file() and f'name = "{DISTRIBUTION}"' in project.read_text(encoding="utf-8"):
            return readme
    except OSError:
        return None
    return None


def metadata_readme() -> str | None:
    """The long description of the installed distribution (pyproject's `readme`)."""
    try:
        metadata = importlib.metadata.metadata(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None
    # The body of METADATA, or the Description field of older metadata: both read here.
    text = (metadata.get_all("Description") or [""])[0]
    return text if text.strip() and text.strip() != "UNKNOWN" else None


# The guide last read and the last document made from it, per process: reading the
# README's users' part and its screenshots takes about a second and making its document
# most of another, each time Help is opened. Kept while the README's text and the
# screenshots' files (size and time) are the same; read_guide runs on a worker thread.
_cache_lock = threading.Lock()
_read_cache: list[tuple[tuple[Any, ...], GuideSource]] = []
_document_cache: list[tuple[tuple[Any, ...], QTextDocument, list[Heading]]] = []


def forget_guide() -> None:
    """Drop the kept guide and document: the next opening reads and makes them afresh."""
    with _cache_lock:
        _read_cache.clear()
        _document_cache.clear()


def _image_stamps(text: str, base: Path | None) -> tuple[tuple[str, int, int], ...]:
    """Size and time of every file a screenshot named in `text` may come from."""
    stamps = []
    for _alt, src in IMAGE.findall(text):
        for place in image_files(src, base):
            try:
                stat = place.stat()
            except OSError:
                stamps.append((str(place), -1, -1))
            else:
                stamps.append((str(place), stat.st_size, stat.st_mtime_ns))
    return tuple(stamps)


def _guide_from(text: str, origin: str, base: Path | None) -> GuideSource:
    key = (text, origin, base, _image_stamps(text, base))
    with _cache_lock:
        if _read_cache and _read_cache[0][0] == key:
            return _read_cache[0][1]
    source = with_images(user_part(text), origin, base)
    with _cache_lock:
        _read_cache[:] = [(key, source)]
    return source


def read_guide() -> GuideSource:
    """The guide's text and screenshots (file work: run it off the GUI thread)."""
    path = checkout_readme()
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        if text.strip():
            return _guide_from(text, f"README.md in {path.parent}", path.parent)
    described = metadata_readme()
    if described is not None:
        try:
            version = importlib.metadata.version(DISTRIBUTION)
        except importlib.metadata.PackageNotFoundError:
            version = approvals.__version__
        return _guide_from(described, f"the installed package (approvals {version})", None)
    return GuideSource(markdown="", origin="", problem=NO_GUIDE)


def image_files(src: str, base: Path | None) -> list[Path]:
    """Where a screenshot the README names may be: beside the README of a checkout, or
    (docs/screenshots/…) in the installed package, which carries them as
    approvals.screenshots (pyproject's package-dir)."""
    if "://" in src:
        return []
    places = [base / src] if base is not None else []
    if src.startswith(SCREENSHOTS_FOLDER):
        places.append(INSTALLED_SCREENSHOTS / src.removeprefix(SCREENSHOTS_FOLDER))
    return places


def with_images(markdown: str, origin: str, base: Path | None) -> GuideSource:
    """The screenshots the Markdown names, read where they exist; those missing are taken
    out of the text, so the window shows no broken-image boxes."""
    images: dict[str, QImage] = {}
    missing: set[str] = set()
    for _alt, src in IMAGE.findall(markdown):
        if src in images or src in missing:
            continue
        image = QImage()
        found = next((p for p in image_files(src, base) if p.is_file()), None)
        if found is not None and image.load(str(found)):
            images[src] = image
        else:
            missing.add(src)

    def kept(match: re.Match[str]) -> str:
        image = IMAGE.search(match.group(0))
        return match.group(0) if image is not None and image.group(2) in images else ""

    # A screenshot on a line of its own goes with its line; one within a sentence alone.
    text = IMAGE_LINE.sub(kept, markdown)
    text = IMAGE.sub(kept, text)
    return GuideSource(markdown=text, origin=origin, base=base, images=images,
                       omitted_images=len(missing))


# -- the document ---------------------------------------------------------------------------
def heading_slug(text: str) -> str:
    """The anchor GitHub gives a heading ("Files you save, and a busy database" ->
    "files-you-save-and-a-busy-database"): the README's own links use these."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str
    position: int  # where the heading's block starts in the document


def build_document(source: GuideSource, *, link: QColor, code_background: QColor,
                   room: int, scale: float = 1.0,
                   parent: QObject | None = None) -> tuple[QTextDocument, list[Heading]]:
    """The guide as a document, made ready before any layout (each change to a laid-out
    document costs a relayout): headings carry their GitHub anchors, links are in `link`,
    code blocks wrap (a long command line would otherwise widen the page past the window
    at 200 %) on `code_background`, screenshots are no wider than `room`. A copy of the
    last one made when asked again for the same (GUI thread only, as its documents)."""
    key = (source.markdown, tuple((name, image.cacheKey()) for name, image in source.images.items()),
           link.rgba(), code_background.rgba(), room, scale)
    if _document_cache and _document_cache[0][0] == key:
        _key, kept, headings = _document_cache[0]
    else:
        kept, headings = make_document(source, link=link, code_background=code_background,
                                       room=room, scale=scale)
        _document_cache[:] = [(key, kept, headings)]
    document = kept.clone(parent)
    document.setUndoRedoEnabled(False)
    return document, list(headings)


def make_document(source: GuideSource, *, link: QColor, code_background: QColor,
                  room: int, scale: float = 1.0,
                  parent: QObject | None = None) -> tuple[QTextDocument, list[Heading]]:
    """build_document's work, done every time."""
    document = QTextDocument(parent)
    document.setUndoRedoEnabled(False)
    # A long file name or command in a narrow table column breaks rather than pushing the
    # page wider than the window (at 200 % on a laptop screen).
    wrapping = document.defaultTextOption()
    wrapping.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(wrapping)
    for name, image in source.images.items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    document.setMarkdown(source.markdown, QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    headings: list[Heading] = []
    code_blocks: list[int] = []
    seen: dict[str, int] = {}
    block = document.begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if block.blockFormat().nonBreakableLines():
            code_blocks.append(block.position())
        if level and block.text().strip():
            slug = heading_slug(block.text())
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            headings.append(Heading(level, block.text().strip(),
                                    slug if count == 0 else f"{slug}-{count}", block.position()))
        block = block.next()
    cursor = QTextCursor(document)
    code = QTextBlockFormat()
    code.setNonBreakableLines(False)
    code.setBackground(code_background)
    code.setLeftMargin(8)
    for position in code_blocks:
        cursor.setPosition(position)
        cursor.mergeBlockFormat(code)
    for heading in headings:
        cursor.setPosition(heading.position)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        named = QTextCharFormat()
        named.setAnchor(True)
        named.setAnchorNames([heading.anchor])
        cursor.mergeCharFormat(named)
    recolour(document, link, code_background)
    fit_images(document, source.images, room, scale)
    return document, headings


def _fragments(document: QTextDocument) -> list[tuple[int, int, QTextCharFormat]]:
    """(position, length, format) of every fragment: collected first, since changing a
    format while walking them splits and merges the fragments under the walk."""
    found = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid():
                found.append((fragment.position(), fragment.length(), fragment.charFormat()))
            it += 1
        block = block.next()
    return found


def recolour(document: QTextDocument, link: QColor, code_background: QColor) -> None:
    """Links in `link` (the Markdown import takes the palette's link blue of the moment,
    too dark to read on a dark palette) and code blocks on `code_background`."""
    cursor = QTextCursor(document)
    cursor.beginEditBlock()  # one change for the layout, as in fit_images
    coloured = QTextCharFormat()
    coloured.setForeground(link)
    for position, length, fmt in _fragments(document):
        if fmt.isAnchor() and fmt.anchorHref():
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(coloured)
    shaded = QTextBlockFormat()
    shaded.setBackground(code_background)
    block = document.begin()
    while block.isValid():
        if block.blockFormat().background().style() != Qt.BrushStyle.NoBrush:
            cursor.setPosition(block.position())
            cursor.mergeBlockFormat(shaded)
        block = block.next()
    cursor.endEditBlock()


def fit_images(document: QTextDocument, images: dict[str, QImage], room: int,
               scale: float = 1.0) -> None:
    """Screenshots no wider than `room` (they are 1280 px wide and more), never enlarged,
    each shown from a copy scaled once to the pixels it covers on a screen at `scale`:
    a full-size picture would be scaled down at every paint, which made the first showing
    of the guide several times slower."""
    # All the changes as one: changed one by one in a document on screen, Qt's layout
    # stopped part-way and left the rest of the guide blank (from the conditions on,
    # whole sections drawn as nothing after the window was resized).
    editing = QTextCursor(document)
    editing.beginEditBlock()
    try:
        _fit_each_image(document, images, room, scale)
    finally:
        editing.endEditBlock()


def _fit_each_image(document: QTextDocument, images: dict[str, QImage], room: int,
                    scale: float) -> None:
    # An image is an object character in the text: found by a search, not by walking
    # every fragment of the guide.
    found = document.find(OBJECT_CHARACTER)
    while not found.isNull():
        fmt = found.charFormat().toImageFormat()
        name = str(fmt.property(ORIGINAL_IMAGE) or fmt.name()) if fmt.isValid() else ""
        image = images.get(name)
        if image is not None:
            size = image.size()
            if size.width() > room:
                size = size.scaled(QSize(room, 10**6), Qt.AspectRatioMode.KeepAspectRatio)
            shown = f"{name}@shown"
            if (int(fmt.width()), int(fmt.height())) != (size.width(), size.height()) \
                    or fmt.name() != shown:
                pixels = image.scaled(size * scale, Qt.AspectRatioMode.IgnoreAspectRatio,
                                      Qt.TransformationMode.SmoothTransformation)
                pixels.setDevicePixelRatio(scale)
                document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(shown),
                                     pixels)
                fmt.setProperty(ORIGINAL_IMAGE, name)
                fmt.setName(shown)
                fmt.setWidth(size.width())
                fmt.setHeight(size.height())
                found.setCharFormat(fmt)
        found = document.find(OBJECT_CHARACTER, found)


def find_heading(headings: Iterable[Heading], wanted: str) -> Heading | None:
    """The heading named by its anchor, its text, or the start of its text ("New case:
    the intake wizard" finds "New case: the intake wizard (Ctrl+N)")."""
    key = heading_slug(wanted.lstrip("#").strip())
    if not key:
        return None
    listed = list(headings)
    for heading in listed:
        if key in (heading.anchor, heading_slug(heading.text)):
            return heading
    return next((h for h in listed if h.anchor.startswith(key)), None)


# -- the window ----------------------------------------------------------------------------
def _runner_of(widget: QWidget | None) -> Any:
    """The task runner of the window `widget` is in (or of a window above it)."""
    while widget is not None:
        runner = getattr(widget, "runner", None)
        if runner is not None and hasattr(runner, "run"):
            return runner
        widget = widget.parentWidget()
    return None


class WrappedHeadingDelegate(QStyledItemDelegate):
    """A contents row as tall as its title wrapped at the width the tree gives it: the
    tree asks for row heights without a width, so a wrapped second line was drawn under
    the next row."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        indent = self.tree.indentation() * (depth + int(self.tree.rootIsDecorated()))
        sized = QStyleOptionViewItem(option)
        width = max(1, self.tree.columnWidth(index.column()) - indent)
        # (A new rect: .rect is a copy. An empty one, as the tree passes, is not wrapped.)
        line = option.fontMetrics.height()
        sized.rect = QRect(0, 0, width, line)
        size = super().sizeHint(sized, index)
        if size.height() >= 2 * line:
            # Room above and below a wrapped title: its lines ran into the titles around
            # it, and one title read as the end of the one before.
            size.setHeight(size.height() + line // 2)
        return size


BACK_TIP = "Back to where you were (Alt+B or Alt+Left)"
FORWARD_TIP = "Forward again (Alt+F or Alt+Right)"


class GuideWindow(QWidget):
    """The user guide: contents on the left, the text on the right, find and Back/Forward
    above, where the text came from below. Non-modal; one per main window."""

    def __init__(self, parent: QWidget | None = None, runner: Any = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("guideWindow")
        self.setWindowTitle("Approvals — User guide")
        self.runner = runner
        self.source: GuideSource | None = None
        self.headings: list[Heading] = []
        self._document: QTextDocument | None = None
        self._pending: str | None = None  # a section asked for before the text arrived
        self._history: list[int] = []
        self._at = -1
        self._find_hits: list[tuple[int, int]] = []  # (start, length) of each match
        self._found_as = ""  # the guide's word for what was typed, when it is another

        # Alt+B and Alt+F as every button has its Alt letter (free here: Find is Ctrl+F,
        # its buttons Alt+P and Alt+N, the link's Alt+O and Alt+C), Alt+Left and Alt+Right
        # beside them as in a web browser.
        self.back_button = self._tool("guideBack", "&Back", BACK_TIP,
                                      QKeySequence.StandardKey.Back, self.back)
        self.forward_button = self._tool("guideForward", "&Forward", FORWARD_TIP,
                                         QKeySequence.StandardKey.Forward, self.forward)
        self.find_edit = text_field(QLineEdit, "guideFind", "Find in the guide",
                                    "Find in the guide (Ctrl+F)")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.returnPressed.connect(self.find_next)
        self.find_edit.textChanged.connect(lambda _t: self._find_changed())
        self.find_edit.installEventFilter(self)
        self.previous_button = QPushButton("&Previous")
        self.previous_button.setObjectName("guideFindPrevious")
        self.previous_button.setToolTip("The match before this one (Shift+F3, or Shift+Enter "
                                        "in the find field)")
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button = QPushButton("&Next")
        self.next_button.setObjectName("guideFindNext")
        self.next_button.setToolTip("The next match (F3, or Enter in the find field)")
        self.next_button.clicked.connect(self.find_next)
        self.find_status = QLabel()
        self.find_status.setObjectName("guideFindStatus")
        self.find_status.setAccessibleName("Find result")
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.forward_button)
        top.addSpacing(12)
        top.addWidget(self.find_edit, 1)
        top.addWidget(self.previous_button)
        top.addWidget(self.next_button)
        top.addWidget(self.find_status)

        self.contents = QTreeWidget()
        self.contents.setObjectName("guideContents")
        self.contents.setAccessibleName("Contents of the user guide")
        self.contents.setHeaderHidden(True)
        # Long titles wrap onto more lines (at 200 % most chapter titles are wider than the
        # contents), rather than a sideways scroll bar or a title cut to "Screening: which
        # approv…"; the whole title is on hover too.
        self.contents.setWordWrap(True)
        self.contents.setUniformRowHeights(False)
        self.contents.setItemDelegate(WrappedHeadingDelegate(self.contents))
        self.contents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The rows' heights follow the width the titles wrap at.
        self.contents.header().sectionResized.connect(
            lambda *_: self.contents.scheduleDelayedItemsLayout())
        self.contents.itemClicked.connect(lambda item, _c: self._contents_chosen(item))
        self.contents.itemActivated.connect(lambda item, _c: self._contents_chosen(item))
        self.text = QTextBrowser()
        self.text.setObjectName("guideText")
        self.text.setAccessibleName("User guide")
        self.text.setOpenLinks(False)  # every link goes through _link (air-gapped: ask first)
        self.text.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        # Everything wraps or is fitted to the width; the spaces that pad a code line's
        # comment still overhang by a pixel, which is no reason for a scroll bar.
        self.text.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The guide is always long: a scroll bar there from the start keeps the width the
        # document is made for (off the GUI thread) the width it is shown at.
        self.text.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.text.anchorClicked.connect(self._link)
        self.text.viewport().installEventFilter(self)
        self.text.setPlainText("Reading the user guide…")
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.setObjectName("guideSplit")
        self.split.addWidget(self.contents)
        self.split.addWidget(self.text)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 3)
        self.split.setSizes([320, 830])

        self.message = QLabel()
        self.message.setObjectName("guideMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_link_button = QPushButton("&Open in web browser")
        self.open_link_button.setObjectName("guideOpenLink")
        self.open_link_button.clicked.connect(self._open_external)
        self.copy_link_button = QPushButton("&Copy address")
        self.copy_link_button.setObjectName("guideCopyLink")
        self.copy_link_button.clicked.connect(self._copy_external)
        self._external: QUrl | None = None
        self._show_link_buttons(False)
        self.message.setVisible(False)
        self.origin_label = QLabel()
        self.origin_label.setObjectName("guideOrigin")
        self.origin_label.setWordWrap(True)
        foot = QHBoxLayout()
        foot.addWidget(self.message, 1)
        foot.addWidget(self.open_link_button)
        foot.addWidget(self.copy_link_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.split, 1)
        layout.addLayout(foot)
        layout.addWidget(self.origin_label)

        for key, slot, words in (
                (QKeySequence.StandardKey.Find, self.focus_find, "Find in the guide"),
                (QKeySequence.StandardKey.FindNext, self.find_next, "Next match"),
                (QKeySequence.StandardKey.FindPrevious, self.find_previous, "Previous match"),
                (QKeySequence.StandardKey.Close, self.close, "Close the guide"),
                # As the dashboard and the audit trail close: Ctrl+W alone was not guessed,
                # and Escape in the text did nothing (in the find box it goes to the text).
                (Qt.Key.Key_Escape, self.close, "Close the guide")):
            shortcut = (standard_shortcut(key, self, slot)
                        if isinstance(key, QKeySequence.StandardKey)
                        else QShortcut(QKeySequence(key), self, slot))
            shortcut.setWhatsThis(words)  # for the keys list
        self._image_timer = QTimer(self)
        self._image_timer.setSingleShot(True)
        self._image_timer.setInterval(50)
        self._image_timer.timeout.connect(self._relaid)
        self._reading: int | None = None  # where the reader was before a resize
        # The contents follow the reading: the section in view is the current item.
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(100)
        self._follow_timer.timeout.connect(self._follow)
        self.text.verticalScrollBar().valueChanged.connect(lambda _v: self._follow_timer.start())
        self._update_history_buttons()
        self._find_buttons()
        # Where the officer left it (made larger to read, it was small again each start).
        keep_geometry(self, kept_settings(parent), "user_guide/geometry", 1150, 800)

    def _tool(self, name: str, text: str, tip: str, key: QKeySequence.StandardKey,
              slot: Callable[[], None]) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setText(text)
        button.setAccessibleName(text.replace("&", ""))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setArrowType(Qt.ArrowType.LeftArrow if name == "guideBack" else Qt.ArrowType.RightArrow)
        # Beside its Alt letter: setShortcut would take that away.
        second_key(button, key)
        button.clicked.connect(slot)
        button.setToolTip(tip)
        return button

    # -- loading --------------------------------------------------------------------------
    def load(self) -> None:
        """Read the guide (the file and its screenshots) on the runner's worker thread when
        there is one; its document is made here, on the GUI thread (about 0.1 s). Made on
        the worker and moved over, it could hang the app: moveToThread waited for a lock
        of Qt's that the GUI thread held while it waited for the worker's Python lock."""
        def work(_progress: Any) -> GuideSource:
            return read_guide()

        if self.runner is not None:
            # Bound to this window: a reading that ends after the window is gone is dropped.
            tasks = self.runner.bound_to(self) if hasattr(self.runner, "bound_to") else self.runner
            tasks.run(work, self.show_source, self._failed)
        else:
            self.show_source(work(None))

    def _failed(self, exc: BaseException) -> None:
        self.show_source(GuideSource(markdown="", origin="",
                                     problem=f"The user guide could not be read: {exc}"))

    def show_source(self, source: GuideSource) -> None:
        """Show `source`, its document made here on the GUI thread."""
        if source.problem or not source.markdown.strip():
            self.show_built(Built(source))
            return
        room, link, shade = self._image_room(), link_colour(), code_colour(self.palette())
        document, headings = build_document(source, link=link, code_background=shade, room=room,
                                            scale=self.devicePixelRatioF())
        self.show_built(Built(source, document, headings, room, link, shade))

    def show_built(self, built: Built) -> None:
        source = self.source = built.source
        self.contents.clear()
        if built.document is None:
            self.headings = []
            self.text.setPlainText(source.problem or NO_GUIDE)
            self.origin_label.setText("")
            self._find_buttons()
            return
        self.headings = built.headings
        document = built.document
        document.setParent(self.text)
        old, self._document = self._document, document
        self.text.setDocument(document)
        if old is not None:  # an earlier reading's (Qt deletes only its own first one)
            old.deleteLater()
        if built.room != self._image_room():  # resized while it was being read
            self._fit_images()
        if (built.link, built.shade) != (link_colour(), code_colour(self.palette())):
            self._apply_palette()  # the palette changed while it was being read
        self._fill_contents()
        origin = f"From {source.origin}."
        if source.omitted_images:
            origin += (f" Its {source.omitted_images} screenshots are not included in this "
                       "installation, so they are left out.")
        self.origin_label.setText(origin)
        self._find_buttons()
        target, self._pending = self._pending, None
        if target:
            self.go_to(target)
        else:
            self._record(0)

    def _fill_contents(self) -> None:
        parents: list[tuple[int, QTreeWidgetItem | None]] = [(0, None)]
        for heading in self.headings:
            while parents[-1][0] >= heading.level:
                parents.pop()
            holder = parents[-1][1]
            item = QTreeWidgetItem([heading.text])
            item.setData(0, Qt.ItemDataRole.UserRole, heading.anchor)
            item.setToolTip(0, heading.text)
            if holder is None:
                self.contents.addTopLevelItem(item)
            else:
                holder.addChild(item)
            parents.append((heading.level, item))
        # The top-level title and its chapters open; sub-sections one click away.
        for item in self._top_items():
            item.setExpanded(True)

    # -- moving around ------------------------------------------------------------------------
    def go_to(self, wanted: str) -> bool:
        """Scroll to the heading named by `wanted` (anchor or text); False, with a message,
        when there is no such section."""
        if self.source is None:
            self._pending = wanted
            return True
        heading = find_heading(self.headings, wanted)
        if heading is None:
            self.say(f"There is no section “{wanted.lstrip('#')}” in the user guide.")
            return False
        self._navigate(heading.position)
        self._select_in_contents(heading.anchor)
        return True

    def section_in_view(self) -> Heading | None:
        top = self.top_position()
        return next((h for h in reversed(self.headings) if h.position <= top), None)

    def _follow(self) -> None:
        heading = self.section_in_view()
        current = self.contents.currentItem()
        if heading is not None and (current is None or current.data(
                0, Qt.ItemDataRole.UserRole) != heading.anchor):
            self._select_in_contents(heading.anchor)

    def _contents_chosen(self, item: QTreeWidgetItem) -> None:
        anchor = item.data(0, Qt.ItemDataRole.UserRole)
        heading = next((h for h in self.headings if h.anchor == anchor), None)
        if heading is not None:
            self._navigate(heading.position)

    def _select_in_contents(self, anchor: str) -> None:
        for item in self._items():
            if item.data(0, Qt.ItemDataRole.UserRole) == anchor:
                parent = item.parent()
                while parent is not None:
                    parent.setExpanded(True)
                    parent = parent.parent()
                self.contents.setCurrentItem(item)
                self.contents.scrollToItem(item)
                return

    def _top_items(self) -> list[QTreeWidgetItem]:
        return [item for i in range(self.contents.topLevelItemCount())
                if (item := self.contents.topLevelItem(i)) is not None]

    def _items(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []
        stack = self._top_items()
        while stack:
            item = stack.pop(0)
            found.append(item)
            stack[0:0] = [child for i in range(item.childCount())
                          if (child := item.child(i)) is not None]
        return found

    def top_position(self) -> int:
        """The document position at the top of the view (what Back comes back to)."""
        return self.text.cursorForPosition(QPoint(4, 4)).position()

    def _navigate(self, position: int) -> None:
        """Go to `position`, remembering where the reader was for Back."""
        if 0 <= self._at < len(self._history):
            self._history[self._at] = self.top_position()
        self._scroll_to(position)
        self._record(position)

    def _record(self, position: int) -> None:
        del self._history[self._at + 1:]
        if not self._history or self._history[-1] != position:
            self._history.append(position)
        self._at = len(self._history) - 1
        self._update_history_buttons()

    def _scroll_to(self, position: int, *, move_cursor: bool = True) -> None:
        self._reading = None  # a place chosen now wins over one kept from before a resize
        document = self.text.document()
        block = document.findBlock(position)
        if move_cursor:
            self.text.setTextCursor(QTextCursor(block))
        # The page's margin above the heading too, as at the very start of the guide.
        y = max(0.0, document.documentLayout().blockBoundingRect(block).top()
                - document.documentMargin())
        bar = self.text.verticalScrollBar()
        if bar.maximum() < y:  # the range follows the layout only once events have run
            bar.setRange(0, max(0, int(document.documentLayout().documentSize().height())
                                - self.text.viewport().height()))
        bar.setValue(int(y))

    def back(self) -> None:
        if self._at > 0:
            self._history[self._at] = self.top_position()
            self._at -= 1
            self._scroll_to(self._history[self._at])
            self._update_history_buttons()

    def forward(self) -> None:
        if self._at + 1 < len(self._history):
            self._history[self._at] = self.top_position()
            self._at += 1
            self._scroll_to(self._history[self._at])
            self._update_history_buttons()

    def _update_history_buttons(self) -> None:
        self.back_button.setEnabled(self._at > 0)
        self.back_button.setToolTip(BACK_TIP if self._at > 0
                                    else "Nothing to go back to yet")
        ahead = self._at + 1 < len(self._history)
        self.forward_button.setEnabled(ahead)
        self.forward_button.setToolTip(FORWARD_TIP if ahead
                                       else "Nothing to go forward to")

    # -- links ------------------------------------------------------------------------------
    def _link(self, url: QUrl) -> None:
        self._show_link_buttons(False)
        if url.scheme() in EXTERNAL_SCHEMES:
            # Air-gapped laptops: nothing leaves the machine unless the officer asks.
            self._external = url
            self.say(f"This link leads outside the app: {url.toString()}")
            self._show_link_buttons(True)
            return
        if not url.scheme() and not url.path() and url.hasFragment():
            if find_heading(self.headings, url.fragment()) is None:
                self.say("That section is not part of the user guide (it is in README.md, "
                         "in the part for developers).")
            else:
                self.go_to(url.fragment())
            return
        base = self.source.base if self.source else None
        local = base / url.path() if base is not None and url.path() else None
        if local is not None and local.exists():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(local)))
        else:
            self.say(f"“{url.toString()}” is not included in this installation.")

    def _show_link_buttons(self, shown: bool) -> None:
        self.open_link_button.setVisible(shown)
        self.copy_link_button.setVisible(shown)

    def _open_external(self) -> None:
        if self._external is None:
            return
        if QDesktopServices.openUrl(self._external):
            self.say(f"Opened {self._external.toString()} in the web browser.")
        else:
            self._copy_external()
            self.say(f"No web browser could be opened on this computer. The address is "
                     f"copied, to use on a machine with one: {self._external.toString()}")
        self._show_link_buttons(False)

    def _copy_external(self) -> None:
        if self._external is not None:
            QGuiApplication.clipboard().setText(self._external.toString())
            self.say(f"Copied: {self._external.toString()}")

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))  # no empty row under the text meanwhile

    # -- find --------------------------------------------------------------------------------
    def focus_find(self) -> None:
        self.find_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_edit.selectAll()

    def _find_changed(self) -> None:
        self._find_hits = []
        self._found_as = ""
        self.find_status.setText("")
        self._find_buttons()
        self.text.setExtraSelections([])

    def _find_buttons(self) -> None:
        why = ("Type what to look for first" if not self.find_edit.text().strip()
               else "" if self.headings else "There is no guide text to search")
        for button in (self.next_button, self.previous_button):
            button.setEnabled(not why)
            button.setToolTip(why or button.toolTip())
        if not why:
            self.next_button.setToolTip("The next match (F3, or Enter in the find field)")
            self.previous_button.setToolTip("The match before this one (Shift+F3, or "
                                            "Shift+Enter in the find field)")

    def _hits(self, wanted: str) -> list[tuple[int, int]]:
        """(start, length) of every match: of the letters typed, written together, apart
        or hyphenated ("sign-out" finds "sign out", and "lockout", with nothing of the
        kind in the guide, "lock-out"); and of the guide's word for it ("login": "sign
        in"). A word typed whole is looked for as it is first: "rent" does not find
        "current" and "cu rrent"."""
        if not self._find_hits:
            self._found_as = ""
            if squeezed(wanted) != wanted.casefold():  # typed with a space or hyphen
                cursors = self._all(loose_pattern(wanted))
            else:  # a guess where the words split, so whole words only
                cursors = (self._all(wanted)
                           or self._all(loose_pattern(wanted, anywhere=True, whole=True)))
            if word := GUIDE_WORDS.get(squeezed(wanted)):
                also = self._all(loose_pattern(word, whole=True))
                self._found_as = word if also else ""
                starts = {c.selectionStart() for c in cursors}
                cursors = sorted(cursors + [c for c in also if c.selectionStart() not in starts],
                                 key=lambda c: c.selectionStart())
            selections = []
            for cursor in cursors:
                self._find_hits.append((cursor.selectionStart(),
                                        cursor.selectionEnd() - cursor.selectionStart()))
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format = self._hit_format()
                selections.append(selection)
            self.text.setExtraSelections(selections)
        return self._find_hits

    def _all(self, wanted: str | QRegularExpression) -> list[QTextCursor]:
        document = self.text.document()
        found: list[QTextCursor] = []
        cursor = document.find(wanted, 0)
        while not cursor.isNull() and cursor.hasSelection():
            found.append(cursor)
            cursor = document.find(wanted, cursor)
        return found

    def _hit_format(self) -> QTextCharFormat:
        marked = QTextCharFormat()
        marked.setBackground(self.palette().color(QPalette.ColorRole.Highlight).lighter(
            60 if is_dark() else 170))
        return marked

    def _show_third_down(self) -> None:
        """The match a third of the way down the view, its context above and below
        (ensureCursorVisible leaves it on the bottom line)."""
        self.text.ensureCursorVisible()
        bar = self.text.verticalScrollBar()
        y = self.text.cursorRect().top() + bar.value()
        bar.setValue(max(0, y - self.text.viewport().height() // 3))

    def find_next(self) -> bool:
        return self._find(backward=False)

    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _find(self, *, backward: bool) -> bool:
        wanted = self.find_edit.text().strip()
        if not wanted or not self.headings:
            return False
        hits = self._hits(wanted)
        if not hits:
            self.find_status.setText(f"No match for “{wanted}”")
            palette_styled(self.find_status, "problem")
            return False
        palette_styled(self.find_status, None)  # not red, and not made red on a switch
        cursor = self.text.textCursor()
        here = cursor.selectionStart() if cursor.hasSelection() else cursor.position()
        starts = [start for start, _length in hits]
        if backward:
            earlier = [h for h in starts if h < here]
            start = earlier[-1] if earlier else starts[-1]
            wrapped = not earlier
        else:
            later = [h for h in starts if h > here or (h == here and not cursor.hasSelection())]
            start = later[0] if later else starts[0]
            wrapped = not later
        index = starts.index(start)
        found = QTextCursor(self.text.document())
        found.setPosition(start)
        found.setPosition(start + hits[index][1], QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(found)
        self._show_third_down()
        note = (" (from the end again)" if backward else " (from the top again)") if wrapped else ""
        said = f", with “{self._found_as}”" if self._found_as else ""  # the guide's word
        self.find_status.setText(f"{index + 1} of {len(hits)}{said}{note}")
        return True

    # -- looks ----------------------------------------------------------------------------
    def _image_room(self) -> int:
        return max(200, self.text.viewport().width() - IMAGE_MARGIN)

    def _fit_images(self) -> None:
        if self.source is not None and self.source.images and self.headings:
            fit_images(self.text.document(), self.source.images, self._image_room(),
                       self.devicePixelRatioF())

    def _relaid(self) -> None:
        """After a resize: screenshots refitted, and the reader still at the same place
        (the text above rewraps and the pictures above change height)."""
        position = self._reading if self._reading is not None else self.top_position()
        self._fit_images()
        if self.headings:
            self._scroll_to(position, move_cursor=False)

    def _apply_palette(self) -> None:
        if self.headings:
            recolour(self.text.document(), link_colour(), code_colour(self.palette()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.text.viewport() and event.type() == QEvent.Type.Resize:
            if self._reading is None and self.headings:  # before the text rewraps
                self._reading = self.top_position()
            self._image_timer.start()
        elif (watched is self.find_edit and event.type() == QEvent.Type.ShortcutOverride
              and event.key() == Qt.Key.Key_Escape):  # type: ignore[attr-defined]
            event.accept()  # the field's Escape (to the text) before the guide's (close)
            return True
        elif watched is self.find_edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and shift:
                self.find_previous()
                return True
            if key == Qt.Key.Key_Escape:
                self.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange) \
                and self.headings:
            QTimer.singleShot(0, self, self._apply_palette)
        super().changeEvent(event)


def link_colour() -> QColor:
    """A link colour readable on the palette: 4.5:1 on white and on #1e1e1e as chosen, and
    moved towards the text colour on a palette where neither choice reads (a mid grey)."""
    return readable("#0b57d0", "#8ab4f8")


def code_colour(palette: QPalette) -> QColor:
    """The shade behind code blocks: a step off the page, light or dark."""
    base = palette.color(QPalette.ColorRole.Base)
    return base.lighter(135) if is_dark() else base.darker(106)


def _top_window(widget: QWidget | None) -> QWidget | None:
    """The outermost window above `widget` (the guide lives as long as the main window)."""
    window = widget.window() if widget is not None else None
    while window is not None and (above := window.parentWidget()) is not None:
        window = above.window()
    return window


def kept_settings(widget: QWidget | None) -> QSettings | None:
    """The data folder's settings of `widget`'s outermost window, where a window opened
    from it keeps its size and place (keep_geometry): the main window's own, or for a case
    window (a window of its own) its data folder's; None for a window made on its own."""
    top = _top_window(widget)
    settings = getattr(top, "settings", None)
    if isinstance(settings, QSettings):
        return settings
    data_dir = getattr(top, "data_dir", None)
    return settings_for(data_dir) if isinstance(data_dir, DataDir) else None


def guide_window(parent: QWidget | None) -> GuideWindow:
    """The guide window of `parent`'s main window, made (and its text read) the first time."""
    top = _top_window(parent)
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, GuideWindow) and _top_window(widget.parentWidget()) is top:
            return widget
    window = GuideWindow(top, _runner_of(parent))
    window.load()
    return window


def open_guide_at(parent: QWidget | None, heading: str = "") -> GuideWindow:
    """Show the user guide (non-modal) at the section `heading` names: its anchor
    ("new-case-the-intake-wizard-ctrln"), its text, or the start of its text."""
    window = guide_window(parent)
    if heading:
        window.go_to(heading)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def install_context_help(widget: QWidget, heading: str) -> QShortcut:
    """F1 (the platform's help key) in `widget`'s window opens the guide at `heading`."""
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), widget,
                         lambda: open_guide_at(widget, heading))
    shortcut.setWhatsThis(f"User guide: {heading}")
    return shortcut


# -- keyboard shortcuts -------------------------------------------------------------------------
@dataclass(frozen=True)
class ShortcutEntry:
    window: str
    keys: str  # the platform's own way of writing them ("Ctrl+N", "⌘N")
    does: str


def _typed(sequence: QKeySequence) -> bool:
    """A key combination typed on the keyboard, not a dedicated media key (Qt binds
    Save and Refresh to such keys too: a "Save" key is no help to anyone)."""
    return not sequence.isEmpty() and all(
        sequence[i].key().value < Qt.Key.Key_Back.value  # type: ignore[index]
        for i in range(sequence.count()))


def native(sequences: Iterable[QKeySequence]) -> str:
    """The keys as the platform writes them ("Ctrl+N"; "⌘N" on a Mac). Return beside
    Enter is said once, as "Enter": the list read "Enter, Return" for one key."""
    texts = [s.toString(QKeySequence.SequenceFormat.NativeText)
             for s in sequences if _typed(s)]
    return ", ".join(t for t in texts
                     if not (t.endswith("Return") and t[:-len("Return")] + "Enter" in texts))


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


_STANDARD_WORDS = {
    QKeySequence.StandardKey.Find: "Find",
    QKeySequence.StandardKey.Close: "Close the window",
    QKeySequence.StandardKey.Refresh: "Refresh",
    QKeySequence.StandardKey.Save: "Save",
    QKeySequence.StandardKey.HelpContents: "User guide",
    QKeySequence.StandardKey.Cancel: "Cancel or close",
    QKeySequence.StandardKey.FindNext: "Find the next match",
    QKeySequence.StandardKey.FindPrevious: "Find the previous match",
    QKeySequence.StandardKey.Back: "Back",
    QKeySequence.StandardKey.Forward: "Forward",
}


def _standard_words(sequence: QKeySequence) -> str:
    for key, words in _STANDARD_WORDS.items():
        if sequence in QKeySequence.keyBindings(key):
            return words
    return ""


def _where(owner: QObject | None, window: QWidget) -> str:
    """" (in the Comment field)" for a shortcut that works in one field of the window."""
    if isinstance(owner, QWidget) and owner is not window:
        name = owner.accessibleName() or owner.objectName()
        return f" (in “{name}”)" if name else ""
    return ""


def _describe_shortcut(shortcut: QShortcut, window: QWidget) -> str:
    owner = shortcut.parent()
    if shortcut.whatsThis():
        return shortcut.whatsThis()
    # A button's second key (widgets.second_key): it does what the button says.
    if isinstance(owner, QAbstractButton) and (_plain(owner.text()) or owner.accessibleName()):
        return _plain(owner.text()) or owner.accessibleName()
    key = shortcut.key()
    text = key.toString(QKeySequence.SequenceFormat.PortableText)
    tab = re.fullmatch(r"Alt\+(\d)", text)
    if tab and isinstance(owner, QWidget):
        tabs = owner.findChildren(QTabWidget)
        index = int(tab.group(1)) - 1
        if tabs and index < tabs[0].count():
            return f"Show the “{_plain(tabs[0].tabText(index))}” tab"
    words = _standard_words(key)
    if words:
        return words + _where(owner, window)
    # Said exactly once its owner gives it words (QShortcut.setWhatsThis).
    where = _where(owner, window).strip(" ()")
    return f"Works {where}" if where else "(not described)"


def _menu_path(action: QAction) -> str:
    menus = [o for o in action.associatedObjects() if isinstance(o, QMenu)]
    text = _plain(action.text()) or _plain(action.objectName())
    return f"{_plain(menus[0].title())} → {text}" if menus and menus[0].title() else text


def _owning_window(action: QAction) -> QWidget | None:
    """The window of the nearest widget holding `action`; None for an action of no widget."""
    holder = action.parent()
    while holder is not None and not isinstance(holder, QWidget):
        holder = holder.parent()
    return holder.window() if isinstance(holder, QWidget) else None


def collect_shortcuts(window: QWidget, name: str) -> list[ShortcutEntry]:
    """What the keys do in `window`, read from its actions (menu items), its own
    shortcuts, buttons with a key of their own, and a wizard's Alt keys."""
    entries: list[ShortcutEntry] = []
    actions: list[QAction] = []
    menu_bar = getattr(window, "menuBar", None)
    if callable(menu_bar):
        for top in menu_bar().actions():
            if top.menu() is not None:
                stack: list[QAction] = list(top.menu().actions())
                while stack:
                    action = stack.pop(0)
                    if isinstance(sub := action.menu(), QMenu):
                        stack[0:0] = list(sub.actions())
                    actions.append(action)
    # Not the actions of a dialog kept as the window's child (a file dialog's own
    # "qt_goto_parent_action" once File → Back up… has asked for a file): that window's keys.
    actions += window.actions() + [a for a in window.findChildren(QAction)
                                   if _owning_window(a) is window]
    seen: set[int] = set()
    for action in actions:
        if id(action) in seen or action.isSeparator():
            continue
        seen.add(id(action))
        keys = native(action.shortcuts())
        if keys:
            does = _menu_path(action)
            if action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut:
                owners = [o for o in action.associatedObjects()
                          if isinstance(o, QWidget) and not isinstance(o, QMenu)]
                if owners:
                    does += _where(owners[0], window)
            entries.append(ShortcutEntry(name, keys, does))
    for shortcut in window.findChildren(QShortcut):
        keys = native(shortcut.keys())
        owner = shortcut.parent()
        if keys and isinstance(owner, QWidget) and owner.window() is window:
            entries.append(ShortcutEntry(name, keys, _describe_shortcut(shortcut, window)))
    wizard_buttons: set[int] = set()
    if isinstance(window, QWizard):
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                      QWizard.WizardButton.FinishButton, QWizard.WizardButton.CustomButton1,
                      QWizard.WizardButton.CustomButton2, QWizard.WizardButton.CancelButton):
            button = window.button(which)
            if button is not None and not button.shortcut().isEmpty():
                wizard_buttons.add(id(button))
                entries.append(ShortcutEntry(name, native([button.shortcut()]),
                                             _plain(button.text()).strip("<> ")))
    for button in window.findChildren(QAbstractButton):
        key = button.shortcut()
        if key.isEmpty() or id(button) in wizard_buttons or button.window() is not window:
            continue
        if key == QKeySequence.mnemonic(button.text()):
            continue  # an Alt+letter key: the underlined letter says it
        entries.append(ShortcutEntry(name, native([key]),
                                     _plain(button.text()) or button.accessibleName()))
    unique: list[ShortcutEntry] = []
    for entry in entries:
        if entry not in unique:
            unique.append(entry)
    return unique


def _open_windows(kind: type) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, kind) and w.isVisible()]


def app_shortcuts(main: QWidget) -> tuple[list[ShortcutEntry], list[str]]:
    """Every window's keys, from live windows: the main window, and a case window, the
    dashboard and the intake wizard — the open ones, else one made for the reading and
    thrown away (a case window needs a case: without one open it is named, not listed).
    Returns the entries and notes for what could not be listed."""
    from approvals.ui.case_view import CaseView
    from approvals.ui.dashboard import DeadlinesDashboard
    from approvals.ui.wizard import IntakeWizard

    entries = collect_shortcuts(main, "Main window")
    notes: list[str] = []
    runner, actor = getattr(main, "runner", None), getattr(main, "actor", None)
    guide = [w for w in QApplication.topLevelWidgets() if isinstance(w, GuideWindow)]
    makers: list[tuple[str, type, Callable[[], QWidget] | None]] = [
        ("Case window", CaseView, None),
        ("Deadlines dashboard", DeadlinesDashboard,
         (lambda: DeadlinesDashboard(runner)) if runner is not None else None),
        ("Intake wizard", IntakeWizard,
         (lambda: IntakeWizard(runner, actor)) if runner is not None and actor is not None
         else None),
    ]
    for name, kind, make in makers:
        open_now = _open_windows(kind)
        if open_now:
            if isinstance(open_now[0], CaseView):
                open_now[0].make_every_tab()  # made when first shown: their keys too
            entries += collect_shortcuts(open_now[0], name)
        elif make is not None:
            made = make()
            try:
                entries += collect_shortcuts(made, name)
            finally:
                if isinstance(made, IntakeWizard):
                    made.autosave_timer.stop()
                shiboken6.delete(made)  # at once: never found later as an open window
        else:
            notes.append(f"{name}: open one to list its keys here.")
    entries += collect_shortcuts(guide[0], "User guide") if guide else _guide_entries()
    # Other windows open now (a filing preview, review mode): their keys too, by title.
    listed = (CaseView, DeadlinesDashboard, IntakeWizard, GuideWindow, ShortcutsWindow, QMenu)
    for other in QApplication.topLevelWidgets():
        if other is main or isinstance(other, listed) or not other.isVisible():
            continue
        title = other.windowTitle().replace("[*]", "").strip() or other.objectName()
        entries += collect_shortcuts(other, title)
    return entries, notes


def _guide_entries() -> list[ShortcutEntry]:
    window = GuideWindow()
    try:
        return collect_shortcuts(window, "User guide")
    finally:
        shiboken6.delete(window)


class ShortcutsWindow(QWidget):
    """The keys of every window, grouped by window, as the code defines them."""

    def __init__(self, main: QWidget) -> None:
        super().__init__(main, Qt.WindowType.Window)
        self.main = main
        self.setObjectName("shortcutsWindow")
        self.setWindowTitle("Approvals — Keyboard shortcuts")
        intro = QLabel("The keys of each window, read from the windows themselves. Buttons "
                       "and fields also have Alt+letter keys: the underlined letter.")
        intro.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setObjectName("shortcutsList")
        self.list.setAccessibleName("Keyboard shortcuts")
        self.list.setHeaderLabels(["Keys", "What they do"])
        self.list.setRootIsDecorated(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setObjectName("shortcutsNotes")
        self.notes.setWordWrap(True)
        close = QPushButton("&Close")
        close.setObjectName("shortcutsClose")
        close.clicked.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.notes, 1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        standard_shortcut(QKeySequence.StandardKey.Close, self, self.close)
        # Escape closes it too, as it closes the user guide, the dashboard and the audit
        # trail (here it did nothing).
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        keep_geometry(self, kept_settings(main), "keyboard_shortcuts/geometry", 720, 640)
        self.entries: list[ShortcutEntry] = []

    def refresh(self) -> None:
        self.entries, notes = app_shortcuts(self.main)
        self.list.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for entry in self.entries:
            group = groups.get(entry.window)
            if group is None:
                group = groups[entry.window] = QTreeWidgetItem([entry.window])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(False)
                self.list.addTopLevelItem(group)
                group.setFirstColumnSpanned(True)
                group.setExpanded(True)
            group.addChild(QTreeWidgetItem([entry.keys, entry.does]))
        self.list.expandAll()
        self.list.resizeColumnToContents(0)
        self.list.setColumnWidth(0, self.list.columnWidth(0) + 16)  # air before the words
        self.notes.setText(" ".join(notes))


def show_shortcuts(main: QWidget) -> ShortcutsWindow:
    window = next((w for w in main.findChildren(ShortcutsWindow)), None) or ShortcutsWindow(main)
    window.refresh()  # the windows open now, and what they offer now
    window.show()
    window.raise_()
    window.activateWindow()
    return window


class _KeyOpensSection(QObject):
    """Help → User guide's key (F1) pressed in the window opens the guide at the section
    `section()` names for what the window shows now, as F1 does in the other windows
    (install_context_help); chosen in the menu the entry opens the guide (at its start,
    the first time). The key stays the action's, so the menu shows it beside the entry.
    A filter, not a QAction subclass: the Help menu's actions stay plain QActions."""

    def __init__(self, action: QAction, window: QWidget, section: Callable[[], str]) -> None:
        super().__init__(action)
        self._window = window
        self._section = section

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The key arrives as a Shortcut event, a click in the menu as a trigger.
        if (event.type() == QEvent.Type.Shortcut and isinstance(watched, QAction)
                and watched.isEnabled()):
            open_guide_at(self._window, self._section())
            return True
        return False


def add_help_actions(window: Any, section: Callable[[], str] | None = None
                     ) -> tuple[QAction, QAction]:
    """Help → User guide (F1) and Help → Keyboard shortcuts, before About. `section`:
    the guide's section F1 opens in this window (see _KeyOpensSection)."""
    menu: QMenu = window.help_menu
    added = {a.objectName(): a for a in menu.actions()}
    if "userGuideAction" in added and "shortcutsAction" in added:  # added already
        return added["userGuideAction"], added["shortcutsAction"]
    guide = QAction("&User guide", window)
    guide.setObjectName("userGuideAction")
    guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    guide.triggered.connect(lambda _checked=False: open_guide_at(window))
    if section is not None:
        guide.installEventFilter(_KeyOpensSection(guide, window, section))
    keys = QAction("&Keyboard shortcuts", window)
    keys.setObjectName("shortcutsAction")
    keys.triggered.connect(lambda _checked=False: show_shortcuts(window))
    first = menu.actions()[0] if menu.actions() else None
    menu.insertActions(first, [guide, keys])  # type: ignore[arg-type]
    if first is not None:
        menu.insertSeparator(first)
    return guide, keys


# -- the log folder and About -------------------------------------------------------------------
def log_folder_of(data_dir: DataDir) -> Path | None:
    """The folder the app's log is written in: the data folder's logs/, or the fallback
    the log went to when that could not be written; None when the app runs without a log."""
    used = log_file_in_use(data_dir.logs)
    return used.parent if used is not None else None


def open_log_folder(parent: QWidget, data_dir: DataDir) -> QMessageBox | None:
    """Show the log folder in the file manager (for support, who ask for approvals.log);
    when it cannot be shown, a message says why and where the folder is (None: shown)."""
    folder = log_folder_of(data_dir)
    if folder is None:
        title = "Approvals is running without a log"
        text = (f"The log could not be written in {data_dir.logs}, nor in a fallback folder, "
                "so there is no log folder to open.")
        more = "Make that folder writable for this user and start Approvals again."
    elif not folder.is_dir():
        title = "Could not open the log folder"
        text = f"The log folder {folder} is not there: it was moved or deleted."
        more = "Approvals makes it again at its next start."
    elif QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return None
    else:
        title = "Could not open the log folder"
        text = "No program on this computer shows folders."
        more = f"The log folder is:\n{folder}\n\nThe log file in it is {LOG_FILE}."
    box = QMessageBox(QMessageBox.Icon.Information, title, text,
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("logFolderProblem")
    box.setInformativeText(more)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open()
    return box


def add_log_folder_action(window: Any) -> QAction:
    """Help → Open log folder, on the main window (which has `help_menu` and `data_dir`)."""
    action = QAction("Open &log folder", window)
    action.setObjectName("openLogFolderAction")
    action.setStatusTip("Show the folder of the app's log, approvals.log, which support may "
                        "ask for")
    action.triggered.connect(
        lambda _checked=False: setattr(window, "log_folder_box",
                                       open_log_folder(window, window.data_dir)))
    window.help_menu.addAction(action)
    return action


def rulebook_words(in_use: RulebookInUse) -> str:
    """The rulebook in use in a few words, for About."""
    kind = "Installed update" if in_use.update is not None else "Shipped rulebook"
    return f"{kind} {in_use.version} (published {in_use.published or 'undated'})"


def _support_rows(data_dir: DataDir, rulebook: str) -> list[tuple[str, str]]:
    folder = log_folder_of(data_dir)
    return [
        ("Version", f"Approvals {approvals.__version__}"),
        ("Data folder", str(data_dir.root)),
        ("Database", str(data_dir.database)),
        ("Log folder", str(folder) if folder is not None else "none: the log cannot be written"),
        ("Rulebook in use", rulebook),
        ("Runs on", f"Python {platform.python_version()}, Qt {qVersion()}, "
                    f"{platform.system()} {platform.release()}".rstrip()),
    ]


# About's rows that hold a path: a PathField each. As a wrapped label a long path broke
# mid-name at its hyphens, and one without any ran past the edge over the next row.
PATH_ROWS = ("Data folder", "Database", "Log folder")


def _shown(value: QLabel | PathField) -> str:
    """A row's whole value (a PathField shows a long path cut in the middle)."""
    return value.path() if isinstance(value, PathField) else value.text()


class AboutDialog(QDialog):
    """Help → About Approvals: what the app is, and what support needs to know (the
    version, the data folder, the database, the log folder and the rulebook in use), with
    Open log folder and Copy details. The rulebook in use is read off the GUI thread (an
    installed update's record is a file) and filled in when read."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Approvals")
        self.data_dir: DataDir = window.data_dir
        self.rulebook = "being read…"
        self.label = QLabel(
            f"<h3>Approvals {escape(approvals.__version__)}</h3>"
            "<p>Screening, filing workflows, bilingual filings and offline review for "
            "cross-border AI investment.</p>"
            "<p>For support, give these details (Copy details copies them):</p>")
        self.label.setObjectName("aboutText")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        # A label a row, not a rich-text table: a wrapped table cell's height was
        # misjudged, and at 200 % the last row was cut off.
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.values: dict[str, QLabel | PathField] = {}
        for name, _value in self.rows()[1:]:
            if name in PATH_ROWS:  # a long path, cut in the middle, whole on hover and focus
                field = PathField("", self, name=name, framed=False)
                form.addRow(f"{name}:", field)
                self.values[name] = field
                continue
            value = QLabel()
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            value.setAccessibleName(name)
            form.addRow(f"{name}:", value)
            self.values[name] = value
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText("Cl&ose")  # C and L are Copy details' and Open log folder's
        close.setObjectName("aboutCloseButton")
        self.log_button = buttons.addButton("Open &log folder",
                                            QDialogButtonBox.ButtonRole.ActionRole)
        self.log_button.setObjectName("aboutLogFolderButton")
        self.log_button.clicked.connect(
            lambda: setattr(self, "log_folder_box", open_log_folder(self, self.data_dir)))
        self.copy_button = buttons.addButton("&Copy details",
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setObjectName("aboutCopyButton")
        self.copy_button.setToolTip("Copy these details, to paste into a message to support")
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.close_button = close
        # Wide enough for a path or the rulebook's version on one line, on a laptop at 200 %.
        screen = window.screen() if isinstance(window, QWidget) else None
        room = screen.availableGeometry().width() - 80 if screen is not None else 600
        self.setMinimumWidth(max(240, min(self.fontMetrics().averageCharWidth() * 80, room)))
        self._show()
        tasks = getattr(window, "tasks", None)
        if tasks is not None:
            data_dir = self.data_dir
            tasks.run(lambda _progress: rulebook_words(rulebook_in_use(data_dir)),
                      self._rulebook_read, self._rulebook_failed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Close first, not the first path (it opened selected, shown whole).
        self.close_button.setFocus()

    def rows(self) -> list[tuple[str, str]]:
        return _support_rows(self.data_dir, self.rulebook)

    def text(self) -> str:
        """The dialog's words, as QMessageBox.text() gives a message's."""
        return "\n".join([self.label.text(), *(f"{name}: {_shown(label)}"
                                                for name, label in self.values.items())])

    def details(self) -> str:
        """What Copy details puts on the clipboard: one "name: value" line each."""
        return "\n".join(f"{name}: {value}" for name, value in self.rows())

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details())
        self.copy_button.setText("&Copy details (copied)")

    def _show(self) -> None:
        for name, value in self.rows()[1:]:
            shown = self.values[name]
            if isinstance(shown, PathField):
                shown.set_path(value)
            else:
                shown.setText(value)
        self.adjustSize()  # taller when the rulebook's words, read later, wrap
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            # adjustSize misjudges wrapped form rows on a narrow screen: as tall as they wrap.
            self.resize(self.width(), max(self.height(), layout.totalHeightForWidth(self.width())))

    def _rulebook_read(self, words: str) -> None:
        self.rulebook = words
        self._show()

    def _rulebook_failed(self, exc: BaseException) -> None:
        self.rulebook = f"cannot be read: {user_message(exc)}"
        self._show()


def show_about(window: Any) -> AboutDialog:
    """Help → About Approvals, non-modal (open())."""
    dialog = AboutDialog(window)
    dialog.open()
    return dialog
