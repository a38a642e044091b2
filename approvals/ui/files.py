"""Asking the officer for a file to save or to open, the same way everywhere in the app.

Every file dialog goes through `ask_save_file` or `ask_open_file`:
- one `Purpose` per kind of file (backups, review packs, filings, CSV exports, facts JSON,
  documents, keys) with its own filter;
- the dialog starts in the folder last used for that purpose, remembered in the data
  folder's settings.ini; when that folder has gone (a USB stick, a renamed share), in the
  call site's usual folder, or the home folder;
- a save proposes a meaningful name (case reference, kind, date: `suggested_name`) and
  completes a name typed without the kind's extension before Qt's overwrite check, so
  "Replace?" is asked about the file that is really written;
- the dialog is window-modal and opened with open(), never exec(): the app's event loop
  keeps running (workers finish, the idle lock can cover it) and a test drives it like
  the officer does, `dialog.selectFile(path)` then `dialog.accept()`. The dialog is kept on
  `parent.file_dialog` (alive while shown, and found there by tests).

Only this module may call QFileDialog; tests/ui/test_file_dialogs.py fails if a static
QFileDialog.get…() call appears anywhere else."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, QUrl
from PySide6.QtWidgets import QFileDialog, QHeaderView, QLineEdit, QTreeView, QWidget

from approvals.paths import DataDir

SETTINGS_FILE = "settings.ini"  # the main window keeps its geometry in it too (settings_for)
SETTINGS_GROUP = "file_dialogs"
# Qt's own dialog opens at about 630 x 410: a long proposed name and a folder of dated
# files were cramped. Never more than most of the screen (a small laptop at 200 %).
DIALOG_SIZE = QSize(860, 540)
ALL_FILES = "All files (*)"
# Characters Windows or a file share refuses in a file name, and control characters.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


@dataclass(frozen=True)
class Purpose:
    """A kind of file the officer saves or opens. `key` names its remembered folder;
    the first of `extensions` completes a name typed without one (none: any file)."""

    key: str
    label: str
    extensions: tuple[str, ...] = ()

    @property
    def object_name(self) -> str:
        """The dialog's object name, "reviewPacksFileDialog", like the app's other names."""
        first, *rest = self.key.split("_")
        return first + "".join(w.title() for w in rest) + "FileDialog"

    @property
    def save_filter(self) -> str:
        if not self.extensions:
            return ALL_FILES
        return f"{self.label} ({' '.join('*.' + e for e in self.extensions)})"

    @property
    def open_filter(self) -> str:
        # A file may come renamed (a mail attachment): "All files" lets it be picked anyway.
        return self.save_filter if not self.extensions else f"{self.save_filter};;{ALL_FILES}"


BACKUPS = Purpose("backups", "Approvals backups", ("zip",))
REVIEW_PACKS = Purpose("review_packs", "Review packs", ("zip",))
# A reviewer's answer, written or imported: named as what it is ("Review packs" read as the
# wrong file to pick); the same remembered folder, as packs and answers travel together.
RESPONSE_PACKS = Purpose("review_packs", "Response packs", ("zip",))
FILINGS = Purpose("filings", "PDF", ("pdf",))
CSV_EXPORTS = Purpose("csv_exports", "CSV files", ("csv",))
FACTS_JSON = Purpose("facts_json", "Case facts", ("json",))
DOCUMENTS = Purpose("documents", "Documents")
KEYS = Purpose("keys", "Public keys", ("pub", "txt"))
# Opening a key to trust: a key file, or a review/response pack whose signer to trust
# (same remembered folder as the key files).
KEYS_TO_TRUST = Purpose("keys", "Public keys and packs", ("pub", "txt", "zip"))
PURPOSES = (BACKUPS, REVIEW_PACKS, FILINGS, CSV_EXPORTS, FACTS_JSON, DOCUMENTS, KEYS)


# -- remembered folders ----------------------------------------------------------------------


def settings_for(data_dir: DataDir) -> QSettings:
    """The data folder's own settings (a second data folder, or a test's, has its own):
    the remembered folders here, the main window's geometry and columns."""
    return QSettings(str(data_dir.root / SETTINGS_FILE), QSettings.Format.IniFormat)


def remembered_folder(data_dir: DataDir, purpose: Purpose) -> Path | None:
    value = settings_for(data_dir).value(f"{SETTINGS_GROUP}/{purpose.key}")
    return Path(str(value)) if value else None


def remember_folder(data_dir: DataDir, purpose: Purpose, chosen: Path) -> None:
    """Remember the folder of the file just chosen, for the next dialog of this purpose;
    not a folder of the data folder itself (a restore from the automatic backups): that is
    the call site's `usual` place already, and a manual backup saved there would share the
    disk, and the folder, with what it backs up."""
    folder = chosen.parent
    if folder.resolve().is_relative_to(data_dir.root.resolve()):
        return
    settings = settings_for(data_dir)
    settings.setValue(f"{SETTINGS_GROUP}/{purpose.key}", str(folder))
    settings.sync()  # another window's dialog (its own QSettings) sees it straight away


def start_folder(data_dir: DataDir, purpose: Purpose, usual: Path | None = None) -> Path:
    """Where a dialog of `purpose` starts: the folder last used for it, else `usual` (the
    call site's own place, such as the automatic backups), else the home folder; a folder
    that no longer exists is skipped rather than leaving the officer in an error."""
    for folder in (remembered_folder(data_dir, purpose), usual):
        if folder is not None and folder.is_dir():
            return folder
    return Path.home()


# -- names -----------------------------------------------------------------------------------


def safe_part(text: str) -> str:
    """`text` usable in a file name on every platform (CJK names stay readable)."""
    return _UNSAFE.sub("-", text).strip(" .-")


DRAFT_MARK = "DRAFT"
PREVIEW_MARK = "PREVIEW"


def suggested_name(purpose: Purpose, *parts: str, day: date | None = None,
                   dated: bool = True, draft: bool = False, stage: str = "") -> str:
    """A proposed file name: the non-empty `parts` (case reference, kind…), today's date
    (ISO, so names sort by date) and the purpose's extension:
    suggested_name(FILINGS, "AP-2026-0001", "cfius") -> "AP-2026-0001-cfius-2026-11-29.pdf".
    A `draft` ends in "-DRAFT" ("…-2026-11-29-DRAFT.pdf"): saved to a shared folder, it
    must not pass for the final by its name (the watermark is inside the file). A filing's
    `stage` "preview" (approved for filing, not the stored final: its footer says PREVIEW)
    ends in "-PREVIEW" instead; "final" in neither."""
    words = [safe_part(p) for p in parts if p and safe_part(p)]
    if dated:
        words.append((day or date.today()).isoformat())
    if stage == "preview":
        words.append(PREVIEW_MARK)
    elif draft or stage == "draft":
        words.append(DRAFT_MARK)
    stem = "-".join(words) or purpose.key
    return f"{stem}.{purpose.extensions[0]}" if purpose.extensions else stem


def case_parts(kind: str, references: Sequence[str]) -> tuple[str, ...]:
    """The name's words for a file about cases: ("AP-2026-0001", "review-pack") for one,
    ("review-pack", "3-cases") for several, ("review-pack",) for none."""
    if len(references) == 1:
        return references[0], kind
    return (kind, f"{len(references)}-cases") if references else (kind,)


def with_extension(path: Path, purpose: Purpose) -> Path:
    """`path` with the purpose's extension added when the name ends in none of its
    extensions ("pack" or "pack.v2" -> "pack.zip" / "pack.v2.zip"; "pack.ZIP" stays).
    An existing folder stays as it is: the dialog opens it, a typed field refuses it by
    name. The one rule for a name typed in a dialog or straight into a field."""
    if not purpose.extensions or path.suffix.lower().lstrip(".") in purpose.extensions:
        return path
    if path.is_dir():
        return path
    stem = path.name.rstrip(". ")
    if not stem:
        return path
    return path.with_name(f"{stem}.{purpose.extensions[0]}")


# -- the dialogs -----------------------------------------------------------------------------


class _SaveDialog(QFileDialog):
    """Qt's save dialog, completing the extension before Qt checks for an existing file."""

    def __init__(self, parent: QWidget, title: str, purpose: Purpose) -> None:
        super().__init__(parent, title)
        self.purpose = purpose

    def accept(self) -> None:
        chosen = self.selectedFiles()
        if chosen and chosen[0]:
            path = Path(chosen[0])
            completed = with_extension(path, self.purpose)
            if completed != path:
                self.selectFile(str(completed))
        super().accept()


def _present(parent: QWidget, dialog: QFileDialog, data_dir: DataDir, purpose: Purpose,
             chosen: Callable[[Path], object] | None,
             several: Callable[[list[Path]], object] | None = None) -> QFileDialog:
    """Show `dialog`; `chosen(path)` follows one file chosen, `several(paths)` the files
    chosen at once (a dialog in ExistingFiles mode)."""
    dialog.setObjectName(purpose.object_name)
    # Qt's own dialog even where the application attribute is not set (a test): the idle
    # lock can cover only a QWidget, and its behaviour is the same on every platform.
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    screen = (parent.screen() or dialog.screen()).availableGeometry().size()
    dialog.resize(dialog.sizeHint().expandedTo(DIALOG_SIZE).boundedTo(screen * 0.9))
    _fit_detail_columns(dialog)
    # Qt keeps the side bar between runs: a folder gone since (a data folder used once)
    # stays there greyed out; left out.
    dialog.setSidebarUrls([u for u in dialog.sidebarUrls() if _still_there(u)])

    def selected(text: str) -> None:
        if not text or chosen is None:
            return
        path = Path(text)
        remember_folder(data_dir, purpose, path)
        chosen(path)

    def selected_all(texts: list[str]) -> None:
        paths = [Path(text) for text in texts if text]
        if paths and several is not None:
            remember_folder(data_dir, purpose, paths[0])
            several(paths)

    if several is not None:
        dialog.filesSelected.connect(selected_all)
    else:
        dialog.fileSelected.connect(selected)
    previous = getattr(parent, "file_dialog", None)
    if isinstance(previous, QFileDialog) and previous is not dialog:
        previous.deleteLater()
    parent.file_dialog = dialog  # type: ignore[attr-defined]
    dialog.open()
    return dialog


def _still_there(url: QUrl) -> bool:
    """A side bar entry to keep: "Computer", or a folder that exists."""
    return not url.isLocalFile() or not url.toLocalFile() or Path(url.toLocalFile()).is_dir()


def _add_to_side_bar(dialog: QFileDialog, usual: Path) -> None:
    """One click back to the usual folder (the automatic backups) once the dialog remembers
    another one. Qt keeps the side bar between runs: the same folder of another data
    folder (one used once, or gone) is left out, so the entries do not pile up."""
    place = QUrl.fromLocalFile(str(usual))

    def kept(url: QUrl) -> bool:
        return _still_there(url) and not (url.isLocalFile()
                                          and Path(url.toLocalFile()).name == usual.name)

    dialog.setSidebarUrls([u for u in dialog.sidebarUrls() if kept(u)] + [place])


def _fit_detail_columns(dialog: QFileDialog) -> None:
    """Size, Type and Date modified as wide as their text, the name the rest: Qt's widths
    cut them short ("386…KiB", "30 11 2…6 10:01")."""
    tree = dialog.findChild(QTreeView, "treeView")
    if tree is None:
        return
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, header.count()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


def _shown(parent: QWidget) -> QFileDialog | None:
    """The file dialog `parent` shows now, if any: asked again (a shortcut from another
    window), it is brought forward rather than a second one stacked on it."""
    dialog = getattr(parent, "file_dialog", None)
    if not isinstance(dialog, QFileDialog):
        return None
    try:
        visible = dialog.isVisible()
    except RuntimeError:  # deleted on the C++ side
        return None
    if visible:
        dialog.raise_()
        dialog.activateWindow()
        return dialog
    return None


def ask_save_file(parent: QWidget, purpose: Purpose, *, title: str, name: str,
                  data_dir: DataDir, chosen: Callable[[Path], object],
                  usual: Path | None = None) -> QFileDialog:
    """Ask where to save a file of `purpose`, proposing `name` (see `suggested_name`) in
    the folder last used for it; `chosen(path)` follows the officer's choice (the
    extension completed), nothing follows Cancel. Returns the shown dialog."""
    shown = _shown(parent)
    if shown is not None:
        return shown
    dialog = _SaveDialog(parent, title, purpose)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setNameFilter(purpose.save_filter)
    if purpose.extensions:
        dialog.setDefaultSuffix(purpose.extensions[0])
    dialog.setDirectory(str(start_folder(data_dir, purpose, usual)))
    dialog.selectFile(name)
    _present(parent, dialog, data_dir, purpose, chosen)
    select_stem(dialog, name)
    return dialog


def select_stem(dialog: QFileDialog, name: str) -> None:
    """Select the proposed name without its extension, as the system dialogs do: typing
    a name of one's own replaces the words and keeps ".zip"."""
    edit = dialog.findChild(QLineEdit, "fileNameEdit")  # Qt's own name for the field
    stem = Path(name).stem if Path(name).suffix else name
    if edit is not None and edit.text() == name and stem:
        edit.setSelection(0, len(stem))


def _open_dialog(parent: QWidget, purpose: Purpose, title: str, data_dir: DataDir,
                 mode: QFileDialog.FileMode, usual: Path | None = None) -> QFileDialog:
    """A dialog asking for existing files of `purpose`, starting in the folder last used
    for it (else `usual`, else home)."""
    dialog = QFileDialog(parent, title)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(mode)
    dialog.setNameFilter(purpose.open_filter)
    dialog.setDirectory(str(start_folder(data_dir, purpose, usual)))
    if usual is not None and usual.is_dir():
        _add_to_side_bar(dialog, usual)
    return dialog


def ask_open_file(parent: QWidget, purpose: Purpose, *, title: str, data_dir: DataDir,
                  chosen: Callable[[Path], object], usual: Path | None = None) -> QFileDialog:
    """Ask for an existing file of `purpose` to open, starting in the folder last used for
    it (else `usual`, else home); `chosen(path)` follows the officer's choice."""
    shown = _shown(parent)
    if shown is not None:
        return shown
    dialog = _open_dialog(parent, purpose, title, data_dir, QFileDialog.FileMode.ExistingFile,
                          usual)
    return _present(parent, dialog, data_dir, purpose, chosen)


def ask_open_files(parent: QWidget, purpose: Purpose, *, title: str, data_dir: DataDir,
                   chosen: Callable[[list[Path]], object]) -> QFileDialog:
    """As ask_open_file, any number of files chosen at once (Ctrl+click, Shift+click, or
    Ctrl+A in the folder): `chosen(paths)` follows, in the order the dialog lists them.
    Thirty papers of a data room were thirty trips through the dialog."""
    shown = _shown(parent)
    if shown is not None:
        return shown
    dialog = _open_dialog(parent, purpose, title, data_dir, QFileDialog.FileMode.ExistingFiles)
    return _present(parent, dialog, data_dir, purpose, None, several=chosen)
