"""Choosing a file to save or open (approvals.ui.files): the folder remembered per purpose
in the data folder's settings, the fallback when it has gone, the proposed names, the
extension completed, and every call site going through the one helper."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer, QUrl
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHeaderView,
    QMainWindow,
    QMessageBox,
    QTreeView,
    QWidget,
)

from approvals.paths import DataDir
from approvals.store.audit import Actor
from approvals.ui import files
from approvals.ui.files import (
    BACKUPS,
    CSV_EXPORTS,
    DOCUMENTS,
    FACTS_JSON,
    FILINGS,
    KEYS,
    PURPOSES,
    REVIEW_PACKS,
    ask_open_file,
    ask_save_file,
    case_parts,
    suggested_name,
    with_extension,
)
from approvals.ui.workers import TaskRunner
from tests.ui.case_window import open_view

APP = Path(files.__file__).resolve().parent.parent  # the approvals package


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def choose(qtbot, dialog: QFileDialog, path: Path | str) -> None:
    """Type the name into the shown dialog and accept it, as the officer would."""
    assert dialog.isVisible()  # open(), not exec(): the test goes on while it is shown
    dialog.selectFile(str(path))
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2_000)


def folder_of(dialog: QFileDialog) -> Path:
    return Path(dialog.directory().absolutePath())


# -- names and filters -----------------------------------------------------------------------


def test_every_purpose_has_its_own_key_and_a_filter() -> None:
    assert len({p.key for p in PURPOSES}) == len(PURPOSES)
    assert REVIEW_PACKS.object_name == "reviewPacksFileDialog"
    assert BACKUPS.save_filter == "Approvals backups (*.zip)"
    assert BACKUPS.open_filter == "Approvals backups (*.zip);;All files (*)"
    assert KEYS.save_filter == "Public keys (*.pub *.txt)"
    assert DOCUMENTS.save_filter == DOCUMENTS.open_filter == "All files (*)"


def test_suggested_names_carry_reference_kind_and_date() -> None:
    day = date(2026, 11, 29)
    assert suggested_name(FILINGS, "AP-2026-0001", "cn-application", day=day) \
        == "AP-2026-0001-cn-application-2026-11-29.pdf"
    assert suggested_name(CSV_EXPORTS, "case-list", day=day) == "case-list-2026-11-29.csv"
    assert suggested_name(BACKUPS, "approvals-backup", "20261129-1045", dated=False) \
        == "approvals-backup-20261129-1045.zip"
    # Characters a file system refuses never reach the name; CJK stays readable.
    assert suggested_name(FACTS_JSON, 'a/b:c*"d"', "深圳", day=day) == "a-b-c-d-深圳-2026-11-29.json"
    assert suggested_name(FACTS_JSON, "", "facts", day=day) == "facts-2026-11-29.json"
    assert suggested_name(DOCUMENTS, "x", dated=False) == "x"


def test_case_parts_name_one_case_or_count_several() -> None:
    assert case_parts("review-pack", ["AP-2026-0001"]) == ("AP-2026-0001", "review-pack")
    assert case_parts("review-pack", ["AP-2026-0001", "AP-2026-0002"]) \
        == ("review-pack", "2-cases")
    assert case_parts("review-pack", []) == ("review-pack",)


@pytest.mark.parametrize(("typed", "written"), [
    ("pack", "pack.zip"),
    ("pack.v2", "pack.v2.zip"),  # not an extension of a review pack
    ("pack.", "pack.zip"),
    ("pack.ZIP", "pack.ZIP"),
    ("pack.zip", "pack.zip"),
])
def test_with_extension(typed: str, written: str, tmp_path: Path) -> None:
    assert with_extension(tmp_path / typed, REVIEW_PACKS) == tmp_path / written


def test_any_file_gets_no_extension(tmp_path: Path) -> None:
    assert with_extension(tmp_path / "scan", DOCUMENTS) == tmp_path / "scan"
    assert with_extension(tmp_path / "key.txt", KEYS) == tmp_path / "key.txt"


# -- the save dialog -------------------------------------------------------------------------


def test_save_dialog_is_window_modal_and_proposes_the_name(qtbot, parent: QWidget,
                                                           data_dir: DataDir, home: Path) -> None:
    got: list[Path] = []
    dialog = ask_save_file(parent, CSV_EXPORTS, title="Export", name="case-list-2026-11-29.csv",
                           data_dir=data_dir, chosen=got.append)
    assert parent.file_dialog is dialog
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert dialog.nameFilters() == ["CSV files (*.csv)"]
    assert folder_of(dialog) == home  # nothing remembered yet
    assert [Path(f).name for f in dialog.selectedFiles()] == ["case-list-2026-11-29.csv"]
    dialog.reject()
    assert got == []  # Cancel: nothing follows


def test_the_extension_is_added_to_a_name_typed_without_one(qtbot, parent: QWidget,
                                                            data_dir: DataDir, home: Path,
                                                            tmp_path: Path) -> None:
    got: list[Path] = []
    for typed, written in (("report", "report.csv"), ("report.v2", "report.v2.csv"),
                           ("kept.csv", "kept.csv")):
        dialog = ask_save_file(parent, CSV_EXPORTS, title="Export", name="x.csv",
                               data_dir=data_dir, chosen=got.append)
        choose(qtbot, dialog, tmp_path / typed)
        assert got[-1] == tmp_path / written


def test_the_overwrite_question_is_about_the_completed_name(qtbot, parent: QWidget,
                                                            data_dir: DataDir, home: Path,
                                                            tmp_path: Path) -> None:
    """"report" is written as report.csv: Qt's "Replace?" must be asked about that file."""
    (tmp_path / "report.csv").write_text("old", encoding="utf-8")
    asked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    got: list[Path] = []
    dialog = ask_save_file(parent, CSV_EXPORTS, title="Export", name="x.csv",
                           data_dir=data_dir, chosen=got.append)
    QTimer.singleShot(0, answer)  # Qt asks in a nested event loop of its own
    choose(qtbot, dialog, tmp_path / "report")
    assert len(asked) == 1 and "report.csv" in asked[0]
    assert got == [tmp_path / "report.csv"]


# -- the remembered folder -------------------------------------------------------------------


def test_the_folder_is_remembered_per_purpose_in_the_data_folders_settings(
        qtbot, parent: QWidget, data_dir: DataDir, home: Path, tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    got: list[Path] = []
    choose(qtbot, ask_save_file(parent, CSV_EXPORTS, title="Export", name="a.csv",
                                data_dir=data_dir, chosen=got.append), exports / "a.csv")
    assert got == [exports / "a.csv"]
    # Stored in the data folder's settings.ini, read back by a fresh QSettings.
    stored = QSettings(str(data_dir.root / "settings.ini"), QSettings.Format.IniFormat)
    assert Path(str(stored.value("file_dialogs/csv_exports"))) == exports
    # The next CSV export starts there, save or open; another purpose does not.
    again = ask_save_file(parent, CSV_EXPORTS, title="Export", name="b.csv",
                          data_dir=data_dir, chosen=got.append)
    assert folder_of(again) == exports
    again.reject()
    other = ask_open_file(parent, FACTS_JSON, title="Import", data_dir=data_dir,
                          chosen=got.append)
    assert folder_of(other) == home
    other.reject()


def test_another_data_folder_remembers_its_own(qtbot, parent: QWidget, data_dir: DataDir,
                                               home: Path, tmp_path: Path) -> None:
    chosen_folder = tmp_path / "filings"
    chosen_folder.mkdir()
    choose(qtbot, ask_save_file(parent, FILINGS, title="Save", name="f.pdf", data_dir=data_dir,
                                chosen=lambda _p: None), chosen_folder / "f.pdf")
    second = DataDir(tmp_path / "second").ensure()
    dialog = ask_save_file(parent, FILINGS, title="Save", name="f.pdf", data_dir=second,
                           chosen=lambda _p: None)
    assert folder_of(dialog) == home
    dialog.reject()


def test_a_vanished_folder_falls_back_to_the_usual_one_then_home(
        qtbot, parent: QWidget, data_dir: DataDir, home: Path, tmp_path: Path) -> None:
    stick = tmp_path / "usb-stick"
    stick.mkdir()
    choose(qtbot, ask_open_file(parent, REVIEW_PACKS, title="Open", data_dir=data_dir,
                                chosen=lambda _p: None),
           _touch(stick / "pack.zip"))
    assert files.remembered_folder(data_dir, REVIEW_PACKS) == stick
    (stick / "pack.zip").unlink()
    stick.rmdir()  # the stick is gone
    usual = tmp_path / "usual"
    usual.mkdir()
    dialog = ask_open_file(parent, REVIEW_PACKS, title="Open", data_dir=data_dir,
                           chosen=lambda _p: None, usual=usual)
    assert folder_of(dialog) == usual
    dialog.reject()
    usual.rmdir()
    dialog = ask_open_file(parent, REVIEW_PACKS, title="Open", data_dir=data_dir,
                           chosen=lambda _p: None, usual=usual)
    assert folder_of(dialog) == home
    dialog.reject()


def test_a_file_of_the_data_folder_is_not_remembered(qtbot, parent: QWidget,
                                                     data_dir: DataDir, home: Path) -> None:
    """A restore from the automatic backups must not make the next manual backup propose
    the data folder's own backups folder."""
    auto = _touch(data_dir.backups / "auto-20261201T090000Z.zip")
    got: list[Path] = []
    choose(qtbot, ask_open_file(parent, BACKUPS, title="Restore", data_dir=data_dir,
                                chosen=got.append, usual=data_dir.backups), auto)
    assert got == [auto]
    assert files.remembered_folder(data_dir, BACKUPS) is None


def test_asked_again_while_shown_brings_the_same_dialog_forward(qtbot, parent: QWidget,
                                                                data_dir: DataDir,
                                                                home: Path) -> None:
    first = ask_open_file(parent, DOCUMENTS, title="Attach", data_dir=data_dir,
                          chosen=lambda _p: None)
    assert ask_open_file(parent, DOCUMENTS, title="Attach", data_dir=data_dir,
                         chosen=lambda _p: None) is first
    first.reject()
    second = ask_open_file(parent, DOCUMENTS, title="Attach", data_dir=data_dir,
                           chosen=lambda _p: None)
    assert second is not first
    second.reject()


def _touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    return path


# -- the call sites --------------------------------------------------------------------------


def _raw_file_dialog_uses(source: str) -> list[str]:
    """Static QFileDialog.get…() calls and QFileDialog(…) constructions in `source`
    (through any alias of the name)."""
    tree = ast.parse(source)
    names = {"QFileDialog"} | {a.asname for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
                               for a in n.names if a.name == "QFileDialog" and a.asname}
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id in names and node.attr.startswith("get"):
            found.append((node.lineno, f"{node.value.id}.{node.attr}"))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in names:
            found.append((node.lineno, f"{node.func.id}(…)"))
    return [f"line {line}: {what}" for line, what in sorted(found)]


def test_the_scan_finds_raw_dialogs() -> None:
    """The scan below can fail: it sees each way of opening a dialog around the helper."""
    assert _raw_file_dialog_uses("from PySide6.QtWidgets import QFileDialog as F\n"
                                 "p = F.getOpenFileName(None)\n"
                                 "d = QFileDialog(None)\n"
                                 "q = QFileDialog.getSaveFileName(None)\n") == [
        "line 2: F.getOpenFileName", "line 3: QFileDialog(…)", "line 4: QFileDialog.getSaveFileName"]
    assert _raw_file_dialog_uses("ask_open_file(self, DOCUMENTS)\n") == []


def test_no_file_dialog_outside_the_helper() -> None:
    offenders = {}
    for path in sorted(APP.rglob("*.py")):
        if path == Path(files.__file__).resolve():
            continue
        source = path.read_text(encoding="utf-8")
        # Any use, through any alias, names QFileDialog somewhere (the import at least):
        # only those files are parsed.
        found = _raw_file_dialog_uses(source) if "QFileDialog" in source else []
        if found:
            offenders[str(path.relative_to(APP.parent))] = found
    assert offenders == {}, "use approvals.ui.files.ask_save_file / ask_open_file"


CALL_SITES = [  # (module, function, helper, purpose)
    ("approvals/ui/backup.py", "choose_backup_file", "ask_save_file", "BACKUPS"),
    ("approvals/ui/backup.py", "choose_restore_file", "ask_open_file", "BACKUPS"),
    ("approvals/ui/review.py", "_browse", "ask_save_file", "REVIEW_PACKS"),
    ("approvals/ui/review.py", "_choose_response_file", "ask_save_file", "RESPONSE_PACKS"),
    ("approvals/ui/review.py", "_save_key", "ask_save_file", "KEYS"),
    ("approvals/ui/review.py", "_load_key_file", "ask_open_file", "KEYS_TO_TRUST"),
    ("approvals/ui/review.py", "import_response", "ask_open_file", "RESPONSE_PACKS"),
    ("approvals/ui/review.py", "open_pack", "ask_open_file", "REVIEW_PACKS"),
    ("approvals/ui/wizard.py", "_custom_button", "ask_open_file", "FACTS_JSON"),
    ("approvals/ui/wizard.py", "_custom_button", "ask_save_file", "FACTS_JSON"),
    ("approvals/ui/main_window.py", "import_facts", "ask_open_file", "FACTS_JSON"),
    ("approvals/ui/case_documents_tab.py", "attach_document", "ask_open_files", "DOCUMENTS"),
    ("approvals/ui/filing_preview.py", "save_pdf", "ask_save_file", "FILINGS"),
    ("approvals/ui/exports.py", "choose_timeline_file", "ask_save_file", "CSV_EXPORTS"),
    ("approvals/ui/exports.py", "choose_file", "ask_save_file", "CSV_EXPORTS"),
]


@pytest.mark.parametrize(("module", "function", "helper", "purpose"), CALL_SITES)
def test_each_call_site_asks_through_the_helper(module: str, function: str, helper: str,
                                                purpose: str) -> None:
    tree = ast.parse((APP.parent / module).read_text(encoding="utf-8"))
    [body] = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == function]
    calls = [(n.func.id, n.args[1].id) for n in ast.walk(body)
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
             and n.func.id in ("ask_save_file", "ask_open_file", "ask_open_files")
             and len(n.args) > 1 and isinstance(n.args[1], ast.Name)]
    assert (helper, purpose) in calls


# The call sites driven for real: each opens the helper's dialog with its purpose's folder
# and its proposed name, and what the officer chooses reaches the action.


def test_backup_proposes_a_stamped_name_and_restore_starts_in_the_backups(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, home: Path,
        host_window: QMainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from approvals.ui.backup import BackupFeatures

    features = BackupFeatures(host_window, runner, admin, data_dir)
    taken: list[Path] = []
    monkeypatch.setattr(BackupFeatures, "backup_to", lambda _self, out: taken.append(out))
    monkeypatch.setattr(BackupFeatures, "confirm_restore", lambda _self, p: taken.append(p))
    dialog = features.choose_backup_file()
    assert dialog.objectName() == "backupsFileDialog"
    assert folder_of(dialog) == home
    [name] = [Path(f).name for f in dialog.selectedFiles()]
    assert name.startswith("approvals-backup-") and name.endswith(".zip")
    drive = tmp_path / "drive"
    drive.mkdir()
    choose(qtbot, dialog, drive / "monday")
    assert taken == [drive / "monday.zip"]
    restore = features.choose_restore_file()
    assert folder_of(restore) == drive  # the backups' remembered folder
    # ... and the automatic backups' folder one click away in the side bar, once: the
    # backups folder of another data folder (Qt keeps the side bar between runs) is left out
    assert QUrl.fromLocalFile(str(data_dir.backups)) in restore.sidebarUrls()
    other = tmp_path / "other-data" / "backups"
    other.mkdir(parents=True)
    remembered = QFileDialog()  # as Qt brings back the side bar of earlier runs
    remembered.setSidebarUrls([*restore.sidebarUrls(), QUrl.fromLocalFile(str(other)),
                               QUrl.fromLocalFile(str(tmp_path / "gone"))])
    files._add_to_side_bar(remembered, data_dir.backups)
    assert [u.toLocalFile() for u in remembered.sidebarUrls()
            if u.toLocalFile().endswith("backups")] == [str(data_dir.backups)]
    assert QUrl.fromLocalFile(str(tmp_path / "gone")) not in remembered.sidebarUrls()
    # Size, Type and Date modified as wide as their text
    header = restore.findChild(QTreeView, "treeView").header()
    assert [header.sectionResizeMode(c) for c in range(header.count())] == [
        QHeaderView.ResizeMode.Stretch, *[QHeaderView.ResizeMode.ResizeToContents] * 3]
    restore.reject()


def test_review_pack_name_says_the_case(qtbot, runner: TaskRunner, admin: Actor,
                                        data_dir: DataDir, home: Path, tmp_path: Path) -> None:
    from approvals.ui.review import ExportPackDialog

    dialog = ExportPackDialog(runner, admin, data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.checked = lambda: ["AP-2026-0007"]  # type: ignore[method-assign]
    browse = dialog._browse()
    [name] = [Path(f).name for f in browse.selectedFiles()]
    assert name == f"AP-2026-0007-review-pack-{date.today().isoformat()}.zip"
    choose(qtbot, browse, tmp_path / "for-legal")
    assert dialog.out_edit.text() == str(tmp_path / "for-legal.zip")


def test_review_pack_name_typed_without_browse_is_completed_as_the_chooser_does(
        qtbot, export_dialog, tmp_path: Path) -> None:
    """The same rule (files.with_extension) for a path typed straight into the field: the
    pack is written as for-legal.zip, and the field shows that name."""
    dialog, _ = export_dialog
    out = tmp_path / "out"
    out.mkdir()
    qtbot.keyClicks(dialog.out_edit, str(out / "for-legal"))
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as exported:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert exported.args[0].path == out / "for-legal.zip"
    assert dialog.out_edit.text() == str(out / "for-legal.zip")
    assert [p.name for p in out.iterdir()] == ["for-legal.zip"]
    assert dialog.status.text().startswith("Wrote for-legal.zip with 1 case,")


def test_a_typed_name_of_an_existing_file_is_replaced_only_on_a_second_export(
        qtbot, export_dialog, tmp_path: Path) -> None:
    """The chooser asks "Replace?"; a name typed in the field gets the same chance: the
    first Export says the file exists and writes nothing, the second replaces it, and
    typing in between withdraws the agreement."""
    dialog, _ = export_dialog
    target = tmp_path / "pack.zip"
    target.write_bytes(b"the pack sent yesterday")
    qtbot.keyClicks(dialog.out_edit, str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text().startswith("pack.zip already exists in ")
    assert target.read_bytes() == b"the pack sent yesterday"
    qtbot.keyClicks(dialog.out_edit, " ")  # typing again: the warning comes again
    qtbot.keyClick(dialog.out_edit, Qt.Key.Key_Backspace)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text().startswith("pack.zip already exists in ")
    assert target.read_bytes() == b"the pack sent yesterday"
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes().startswith(b"PK")


def test_an_existing_folder_typed_as_the_name_is_not_completed(tmp_path: Path) -> None:
    """A folder stays a folder (the dialog opens it, the export refuses it by name), rather
    than becoming a "packs.zip" beside it."""
    (tmp_path / "packs").mkdir()
    assert with_extension(tmp_path / "packs", REVIEW_PACKS) == tmp_path / "packs"


def test_filing_is_saved_where_chosen_with_reference_kind_and_date(
        qtbot, runner: TaskRunner, admin: Actor, home: Path, tmp_path: Path) -> None:
    from approvals.ui.filing_preview import FilingDialog

    dialog = FilingDialog(runner, admin, "AP-2026-0001")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.pdf = b"%PDF-1.4 test"
    save = dialog.save_pdf()
    [name] = [Path(f).name for f in save.selectedFiles()]
    kind = dialog.kind.currentData()
    assert name == f"AP-2026-0001-{kind}-{date.today().isoformat()}-DRAFT.pdf"  # no final shown
    choose(qtbot, save, tmp_path / "filing")
    qtbot.waitUntil(lambda: dialog.status.text() == f"Saved to {tmp_path / 'filing.pdf'}",
                    timeout=5_000)
    assert (tmp_path / "filing.pdf").read_bytes() == b"%PDF-1.4 test"


def test_wizard_and_main_window_share_the_facts_folder(
        qtbot, wizard, runner: TaskRunner, admin: Actor, data_dir: DataDir, home: Path,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QWizard

    from approvals.ui.main_window import MainWindow

    exported: list[Path] = []
    monkeypatch.setattr(type(wizard), "export_file", lambda _self, p: exported.append(p))
    save = wizard._custom_button(QWizard.WizardButton.CustomButton2.value)
    assert save.objectName() == "factsJsonFileDialog"
    [name] = [Path(f).name for f in save.selectedFiles()]
    assert name == f"facts-{date.today().isoformat()}.json"
    facts = tmp_path / "facts"
    facts.mkdir()
    choose(qtbot, save, facts / "target")
    assert exported == [facts / "target.json"]
    wizard.close()

    window = MainWindow(runner, data_dir, admin)
    qtbot.addWidget(window)
    imported: list[Path] = []
    monkeypatch.setattr(MainWindow, "import_facts_file", lambda _self, p: imported.append(p))
    dialog = window.import_facts()
    assert folder_of(dialog) == facts
    assert dialog.fileMode() == QFileDialog.FileMode.ExistingFile
    dialog.reject()
    assert imported == []


def test_packs_are_opened_from_the_folder_they_were_saved_to(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, home: Path,
        host_window: QMainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from approvals.ui.review import ReviewFeatures

    features = ReviewFeatures(host_window, runner, admin, data_dir)
    outbox = tmp_path / "outbox"
    files.remember_folder(data_dir, REVIEW_PACKS, outbox / "AP-2026-0001-review-pack.zip")
    outbox.mkdir()
    opened = features.open_pack()
    assert folder_of(opened) == outbox
    assert opened.nameFilters() == ["Review packs (*.zip)", "All files (*)"]
    opened.reject()
    imported: list[Path] = []
    monkeypatch.setattr(ReviewFeatures, "import_file", lambda _self, p: imported.append(p))
    dialog = features.import_response()
    assert folder_of(dialog) == outbox
    choose(qtbot, dialog, _touch(outbox / "response.zip"))
    assert imported == [outbox / "response.zip"]


def test_a_document_is_attached_through_the_dialog(
        qtbot, runner: TaskRunner, admin: Actor, data_dir: DataDir, db, home: Path,
        tmp_path: Path) -> None:
    import json

    from approvals.services.cases import import_case
    from tests.conftest import EXAMPLES_DIR

    with db.session() as s:
        facts = json.loads((EXAMPLES_DIR / "frontier-lab.json").read_text(encoding="utf-8"))
        reference = import_case(s, data=facts, actor=admin).reference
    view = open_view(qtbot, runner, admin, data_dir, reference)
    view.tabs.setCurrentWidget(view.documents_page)
    qtbot.mouseClick(view.attach_button, Qt.MouseButton.LeftButton)
    dialog = view.file_dialog
    assert dialog.objectName() == "documentsFileDialog" and folder_of(dialog) == home
    source = _touch(tmp_path / "scans" / "board-minutes.pdf")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        choose(qtbot, dialog, source)
    assert view.documents.item(0, 0).text() == "board-minutes.pdf"
    assert files.remembered_folder(data_dir, DOCUMENTS) == source.parent


def test_an_existing_folder_typed_in_the_export_field_asks_for_a_file_name(
        qtbot, export_dialog, runner: TaskRunner, tmp_path: Path) -> None:
    """Not "already exists… press Export again to replace it": a folder is not replaced by
    a pack, however often Export is pressed; the status says to add a file name."""
    dialog, reference = export_dialog
    folder = tmp_path / "packs"
    folder.mkdir()
    qtbot.keyClicks(dialog.out_edit, str(folder))
    for _ in range(2):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert dialog.status.text() == (
            f"{folder} is a folder. Add the pack's file name to it, such as "
            f"{reference}-review-pack-{date.today().isoformat()}.zip, or press Browse… to "
            "choose one.")
    qtbot.wait(100)
    assert runner.idle and folder.is_dir() and list(folder.iterdir()) == []
    assert dialog.export_button.isEnabled()


def test_a_save_selects_the_proposed_name_without_its_extension(
        qtbot, parent: QWidget, data_dir: DataDir, home: Path) -> None:
    """As the system dialogs do: typing replaces "AP-2026-0001-backup-…" and keeps ".zip";
    the name field has the focus, so the officer can type straight away."""
    from PySide6.QtWidgets import QLineEdit

    name = "AP-2026-0001-backup-2026-11-29.zip"
    dialog = ask_save_file(parent, BACKUPS, title="Back up", name=name, data_dir=data_dir,
                           chosen=lambda _p: None)
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit, timeout=2_000)
    assert edit.text() == name
    assert edit.selectedText() == "AP-2026-0001-backup-2026-11-29"
    qtbot.keyClicks(edit, "for-legal")
    assert edit.text() == "for-legal.zip"
    dialog.reject()


def test_a_file_dialog_opens_roomy_but_within_the_screen(
        qtbot, parent: QWidget, data_dir: DataDir, home: Path) -> None:
    """Qt's own dialog opened at about 630 x 410, cramped for a folder of dated files."""
    screen = parent.screen().availableGeometry()
    wanted = (min(files.DIALOG_SIZE.width(), int(screen.width() * 0.9)),
              min(files.DIALOG_SIZE.height(), int(screen.height() * 0.9)))
    saved = ask_save_file(parent, FILINGS, title="Save filing", name="a.pdf",
                          data_dir=data_dir, chosen=lambda _p: None)
    assert saved.width() >= wanted[0] and saved.height() >= wanted[1]
    assert saved.width() <= screen.width() and saved.height() <= screen.height()
    saved.reject()
    opened = ask_open_file(parent, KEYS, title="Trust key", data_dir=data_dir,
                           chosen=lambda _p: None)
    assert opened.width() >= wanted[0] and opened.height() >= wanted[1]
    opened.reject()


def test_the_pack_just_written_is_not_replaced_by_another_export_without_the_warning(
        qtbot, export_dialog, tmp_path: Path) -> None:
    """Agreeing to replace yesterday's pack.zip is not agreeing to replace today's: a second
    Export of the same name warns again before writing over the pack just sent."""
    dialog, _ = export_dialog
    target = tmp_path / "pack.zip"
    target.write_bytes(b"the pack sent yesterday")
    qtbot.keyClicks(dialog.out_edit, str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.exported, timeout=20_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    written = target.read_bytes()
    assert written.startswith(b"PK")
    with qtbot.assertNotEmitted(dialog.exported, wait=300):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text().startswith("pack.zip already exists in ")
    assert target.read_bytes() == written


def test_a_side_bar_folder_gone_since_is_left_out_of_every_dialog(
        qtbot, data_dir: DataDir, tmp_path: Path) -> None:
    """Qt brings back the side bar of earlier runs: a data folder's backups used once and
    deleted since stayed there greyed out, in the Back up… dialog too."""
    parent = QWidget()
    qtbot.addWidget(parent)
    kept, gone = tmp_path / "kept", tmp_path / "gone"
    kept.mkdir()
    dialog = QFileDialog(parent, "Back up")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setSidebarUrls([QUrl("file:"), QUrl.fromLocalFile(str(kept)),
                           QUrl.fromLocalFile(str(gone))])
    files._present(parent, dialog, data_dir, BACKUPS, lambda _path: None)
    assert dialog.sidebarUrls() == [QUrl("file:"), QUrl.fromLocalFile(str(kept))]
    dialog.reject()
