"""Render each main screen of the desktop app to docs/screenshots/*.png from the demo data.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py [--out DIR] [--scale 1.25]

Runs headless on a temporary data folder: loads the demo cases, then grabs the case list,
every wizard page, every case-view tab, a filing preview, the deadlines dashboard, the
holiday calendars, the filing particulars, the rulebook, the audit trail, the open cases
checked against a rulebook update (Check open cases…) and a dark-palette view. With --extra
it also grabs the screens the README does not show, for a look over everything: sign-in
with a wrong password, Users…, Security settings, Change my password, About, the lock
screen, a step's reason dialog, a case as a reviewer sees it, a filter that matches nothing, the
review-pack dialogs and review mode (and review mode greyed out once the answering role
has gone), the file chooser for a save, the export's "already exists" warning, the audit
check's result box naming bad stored documents, a restore's confirmation and a narrow case
view.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QWidget, QWizard  # noqa: E402
from sqlmodel import col, func, select  # noqa: E402

from approvals.paths import DataDir  # noqa: E402
from approvals.services.demo import demo_facts, load_demo  # noqa: E402
from approvals.services.users import create_first_admin, create_user  # noqa: E402
from approvals.store.audit import Actor  # noqa: E402
from approvals.store.migrate import open_database  # noqa: E402
from approvals.store.models import Case, Document  # noqa: E402
from approvals.ui.application import make_application  # noqa: E402
from approvals.ui.case_view import CaseView  # noqa: E402
from approvals.ui.help import open_guide_at  # noqa: E402
from approvals.ui.main_window import MainWindow  # noqa: E402
from approvals.ui.wizard import IntakeWizard  # noqa: E402
from approvals.ui.workers import TaskRunner  # noqa: E402

# The UI tests' dark theme, so the dark screenshots show what the tests measured.
from tests.ui.palettes import dark_theme_palette  # noqa: E402

ACTOR = Actor(username="li.wei", roles=("preparer", "reviewer", "approver", "admin"),
              display_name="Li Wei")
SIZE = (1280, 800)


def pump(app: QApplication, until: Callable[[], bool], timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not until():
        if time.monotonic() > end:
            raise TimeoutError("the screen did not finish loading")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):  # let queued layouts and repaints run
        app.processEvents()


def save(widget: QWidget, out: Path, name: str) -> None:
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(path)


def extra_screens(app: QApplication, runner: TaskRunner, data_dir: DataDir,
                  window: MainWindow, view: CaseView, out: Path) -> None:
    """The dialogs the README does not show: users and sign-in, the lock, a step's dialog."""
    from approvals.services import users
    from approvals.ui import auth as ui_auth
    from approvals.ui.case_view import ActionDialog

    password = "correct horse battery"
    with runner.db.session() as session:
        for name, roles, full in (("pat", ["preparer"], "Pat Preparer"),
                                  ("rita", ["reviewer"], "Rita Reviewer")):
            users.create_user(session, actor=ACTOR, username=name, password=password,
                              roles=roles, display_name=full)
    sign_in = ui_auth.SignInDialog(runner)
    sign_in.show()
    sign_in.username.setText("pat")
    sign_in.password.setText("not the password")
    sign_in.submit()
    pump(app, lambda: runner.idle and sign_in.sign_in_button.isEnabled(), timeout=30)
    save(sign_in, out, "extra-sign-in-wrong-password")
    sign_in.close()

    features = ui_auth.install_user_features(window, runner, ACTOR, timeout_ms=3_600_000)
    dialog = features.open_users()
    dialog.resize(820, 680)
    pump(app, lambda: runner.idle and dialog.table.rowCount() > 0)
    dialog.select("pat")
    save(dialog, out, "extra-users")
    dialog.close()
    settings = features.open_settings()
    pump(app, lambda: runner.idle and settings.loaded is not None)
    save(settings, out, "extra-security-settings")
    settings.close()
    change = features.open_change_password()
    save(change, out, "extra-change-password")
    change.close()
    about = window.show_about()
    pump(app, lambda: about.rulebook != "being read…")  # the rulebook line filled in
    save(about, out, "extra-about")
    about.close()
    window.filter_edit.setText("no such company")
    pump(app, lambda: window.model.rowCount() == 0)
    save(window, out, "extra-case-list-no-match")
    window.clear_filters()
    features.idle_lock.lock(manual=True)
    pump(app, lambda: runner.idle)
    save(window, out, "extra-lock")
    features.idle_lock.unlock()
    features.idle_lock.stop()

    assert view.data is not None
    actions = [a for track in view.data.tracks for a in track.actions]
    for action in (next((a for a in actions if a.needs_reason), None),
                   next((a for a in actions if a.params), None)):
        if action is not None:
            step = ActionDialog(action, view)
            step.show()
            save(step, out, f"extra-step-{action.name}")
            step.close()
    reviewer = CaseView(runner, Actor("rita", ("reviewer",), "Rita Reviewer"), data_dir,
                        view.reference)
    reviewer.resize(*SIZE)
    reviewer.show()
    pump(app, lambda: reviewer.data is not None and runner.idle)
    for index, name in ((2, "tracks"), (4, "documents")):
        reviewer.tabs.setCurrentIndex(index)
        pump(app, lambda: True)  # the step buttons are laid out on the next pass
        save(reviewer, out, f"extra-reviewer-{name}")
    reviewer.close()
    review_and_backup_screens(app, runner, data_dir, window, view, out)


def review_and_backup_screens(app: QApplication, runner: TaskRunner, data_dir: DataDir,
                              window: MainWindow, view: CaseView, out: Path) -> None:
    """The review-pack dialogs, review mode, a restore's confirmation, and a case view on
    a narrow window (its title above the buttons)."""
    from approvals.services import review as review_service
    from approvals.ui.backup import install_backup_features
    from approvals.ui.review import install_review_features

    review = install_review_features(window, runner, ACTOR)
    backup = install_backup_features(window, runner, ACTOR)
    window.table.selectRow(0)
    export = review.export_pack()
    pump(app, lambda: runner.idle and export.case_list.model().rowCount() > 0)
    save(export, out, "extra-review-export")
    # The shared file chooser, as a save asks it (a proposed name, the remembered folder).
    chooser = export._browse()
    pump(app, lambda: chooser.isVisible())
    save(chooser, out, "extra-file-chooser-save")
    chooser.reject()
    # A typed name of a file that exists: the warning before it is replaced.
    existing = Path(data_dir.root).parent / "existing-pack.zip"
    existing.write_bytes(b"")
    export.set_checked([view.reference])
    export.out_edit.setText(str(existing))
    export.export()
    pump(app, lambda: True)
    save(export, out, "extra-review-export-exists")
    export.close()
    for name, show in (("extra-review-proposals", review.show_proposals),
                       ("extra-review-keys", review.show_keys)):
        dialog = show()
        pump(app, lambda: runner.idle)
        save(dialog, out, name)
        dialog.close()
    # Review mode on a pack of this installation's own (it trusts its own key here).
    pack = Path(data_dir.root).parent / "pack.zip"  # beside the data folder, not in it
    with runner.db.session() as session:
        review_service.export_review_pack(session, data_dir=data_dir, out=pack, actor=ACTOR,
                                          references=[view.reference])
        review_service.trust_key(
            session, key_text=review_service.installation_identity(data_dir).public_key_text,
            label="this desk", actor=ACTOR)
    with runner.db.session() as session:
        opened = review_service.open_review_pack(session, data_dir=data_dir, path=pack,
                                                 actor=ACTOR)
    mode = review.show_review(opened.pack_id)
    mode.resize(*SIZE)
    pump(app, lambda: mode.view is not None and runner.idle)
    for index, name in ((0, "facts"), (3, "history")):
        mode.tabs.setCurrentIndex(index)
        pump(app, lambda: True)
        save(mode, out, f"extra-review-mode-{name}")
    # The session watch found the answering roles gone: the input greys out, saying why.
    window.roles_changed.emit(Actor(ACTOR.username, ("preparer",), ACTOR.display_name))
    for index, name in ((0, "facts"), (2, "comments"), (4, "recommendation")):
        mode.tabs.setCurrentIndex(index)  # input greyed out, the reason above
        pump(app, lambda: True)
        save(mode, out, f"extra-review-mode-roles-gone-{name}")
    window.roles_changed.emit(ACTOR)
    mode.close()
    # View → Verify audit trail… with a stored document changed behind the app's back and
    # another gone: the result box names each bad document.
    stored = sorted(f for f in Path(data_dir.documents).rglob("*") if f.is_file())
    kept = {f: f.read_bytes() for f in stored[:2]}  # put back for the backup below
    if len(kept) == 2:
        stored[0].write_bytes(kept[stored[0]][:-1] + b"!")
        stored[1].unlink()
    window.audit_verify_box = None
    window.audit_verify_action.trigger()
    pump(app, lambda: getattr(window, "audit_verify_box", None) is not None and runner.idle,
         timeout=60)
    save(window.audit_verify_box, out, "extra-audit-verify-result")
    window.audit_verify_box.close()
    for file, content in kept.items():
        file.write_bytes(content)
    backup_file = Path(data_dir.root).parent / "backup.zip"
    done: list[object] = []
    backup.backed_up.connect(done.append)
    progress = backup.backup_to(backup_file)
    pump(app, lambda: bool(done) and runner.idle, timeout=60)
    progress.close()
    confirm = backup.confirm_restore(backup_file)
    pump(app, lambda: runner.idle and "intact" in confirm.text(), timeout=60)
    save(confirm, out, "extra-restore-confirm")
    confirm.reject()
    narrow = CaseView(runner, ACTOR, data_dir, view.reference)
    narrow.resize(900, 640)
    narrow.show()
    pump(app, lambda: narrow.data is not None and runner.idle)
    narrow.tabs.setCurrentIndex(3)
    narrow.timeline_filter.setText("no such event")
    pump(app, lambda: True)
    save(narrow, out, "extra-case-narrow-timeline-no-match")
    narrow.close()


def lowered_thresholds_update(folder: Path) -> Path:
    """A copy of the shipped rulebook with a newer version and, from the first of this
    month, lower CN-DATA-EXPORT thresholds (illustrative, not a real rule): a rulebook
    update that changes some open demo cases' outcomes today."""
    import json
    import shutil

    from approvals.domain.rulebook import default_rulebook

    shutil.copytree(ROOT / "resources" / "rulebook", folder)
    manifest = json.loads((folder / "rulebook.json").read_text(encoding="utf-8"))
    numbers = default_rulebook().declared_version.split(".")
    manifest["version"] = ".".join([*numbers[:-1], str(int(numbers[-1]) + 1)])
    manifest["published"] = date.today().isoformat()
    (folder / "rulebook.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    regime = folder / "cn-data-export.json"
    rules = json.loads(regime.read_text(encoding="utf-8"))
    current = next(r for r in rules["rules"] if r["effective_to"] is None)
    start = date.today().replace(day=1)
    current["effective_to"] = date.fromordinal(start.toordinal() - 1).isoformat()
    lowered = json.loads(json.dumps(current))
    lowered.update(id=f"CN-DATA-EXPORT.thresholds.{start:%Y-%m}",
                   effective_from=start.isoformat(), effective_to=None,
                   title="Thresholds lowered (illustrative update for the screenshots)")
    lowered["parameters"].update(assessment_pi_exported_at_least=200_000,
                                 contract_pi_exported_at_least=10_000)
    rules["rules"].append(lowered)
    regime.write_text(json.dumps(rules, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


def open_cases_check_screen(app: QApplication, runner: TaskRunner, data_dir: DataDir,
                            window: MainWindow, out: Path) -> None:
    """View → Check open cases… after a rulebook update that lowers the CN-DATA-EXPORT
    thresholds: the open cases that screen differently today, the first one's reasons
    below. The update is reverted afterwards, so no other screen shows it."""
    from approvals.services import review as review_service
    from approvals.services.rulebook_updates import (
        install_rulebook_update,
        pack_rulebook_update,
        revert_rulebook_update,
    )
    from approvals.ui.open_cases_check import open_cases_check

    work = Path(data_dir.root).parent  # beside the data folder, not in it
    update = work / "rulebook-update.zip"
    with runner.db.session() as session:
        review_service.trust_key(
            session, key_text=review_service.installation_identity(data_dir).public_key_text,
            label="knowledge team", actor=ACTOR)
        pack_rulebook_update(session, data_dir=data_dir, out=update, actor=ACTOR,
                             source=lowered_thresholds_update(work / "rules"))
    with runner.db.session() as session:
        install_rulebook_update(session, data_dir=data_dir, path=update, actor=ACTOR)
    check = open_cases_check(window)
    check.resize(*SIZE)
    pump(app, lambda: check.check is not None and runner.idle, timeout=60)
    save(check, out, "check-open-cases")
    check.close()
    with runner.db.session() as session:
        revert_rulebook_update(session, data_dir=data_dir, actor=ACTOR)


def audit_trail_screen(app: QApplication, runner: TaskRunner, window: MainWindow,
                       out: Path) -> None:
    """View → Audit trail…: who approved AP-2026-0002's filings, the CN-FISR approval
    selected and read in full below the list."""
    window.audit_trail_action.trigger()
    trail = window.audit_trail_window
    trail.resize(*SIZE)
    pump(app, lambda: runner.idle and trail.model.rowCount() > 0)
    trail.case_filter.setText("AP-2026-0002")
    trail.text_filter.setText("approved")
    trail.apply_filters()
    pump(app, lambda: runner.idle and not trail.loading)
    row = next((r for r, e in enumerate(trail.model.entries)
                if e.regime == "CN-FISR" and e.new_value == "approved_for_filing"), 0)
    trail.table.setCurrentIndex(trail.model.index(row, 0))
    pump(app, lambda: True)
    save(trail, out, "audit-trail")
    trail.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--scale", default="1", help="QT_SCALE_FACTOR, e.g. 1.25 or 2")
    parser.add_argument("--dark", action="store_true",
                        help="every screen in the dark palette (to check it is readable)")
    parser.add_argument("--extra", action="store_true",
                        help="also the dialogs the README does not show (extra-*.png)")
    args = parser.parse_args(argv)
    os.environ["QT_SCALE_FACTOR"] = args.scale
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = DataDir(Path(tmp) / "data").ensure()
        db = open_database(data_dir)
        with db.session() as session:
            # The officer signed in is a user of the folder, so the screens name them in
            # words ("owner Li Wei (li.wei)") as an office's own installation does.
            create_first_admin(session, username=ACTOR.username, password="correct horse battery",
                               display_name=ACTOR.display_name)
            # The demo's approver too: a two-person office, each named in the trail.
            create_user(session, actor=ACTOR, username="sarah.chen",
                        password="correct horse battery", roles=["approver", "reviewer"],
                        display_name="Sarah Chen")
            load_demo(session, actor=ACTOR)
        app = make_application()
        if args.dark:
            app.setPalette(dark_theme_palette())
        runner = TaskRunner(db)

        window = MainWindow(runner, data_dir, ACTOR)
        window.resize(*SIZE)
        window.show()
        pump(app, lambda: runner.idle and window.model.total > 0)
        save(window, out, "case-list")

        # Wizard: a demo case's facts, page by page.
        wizard = IntakeWizard(runner, ACTOR, data=demo_facts()[0])
        wizard.autosave_timer.stop()
        wizard.resize(980, 760)
        wizard.show()
        names = ["wizard-1-target", "wizard-2-ai", "wizard-3-investor", "wizard-4-deal",
                 "wizard-5-transfer", "wizard-6-review"]
        for name in names:
            pump(app, lambda: True)
            save(wizard, out, name)
            if wizard.currentPage() is not wizard.review_page:
                wizard._dirty = False  # screenshots do not save drafts
                wizard.button(QWizard.WizardButton.NextButton).click()
        wizard._dirty = False
        wizard.reject()

        # A fresh wizard shows validation next to the fields.
        fresh = IntakeWizard(runner, ACTOR)
        fresh.autosave_timer.stop()
        fresh.resize(980, 760)
        fresh.show()
        fresh.findChild(QWidget, "field_target_name_en").setText("Shenzhen Example AI Co., Ltd.")
        fresh.findChild(QWidget, "field_target_uscc").setText("91440300MA5FXXXX1X")
        fresh.findChild(QWidget, "field_target_jurisdiction").setText("C1")
        pump(app, lambda: True)
        save(fresh, out, "wizard-0-validation")
        fresh._dirty = False
        fresh.reject()

        # Case view: the richest demo case (most tracks), every tab.
        rows = [window.model.row_at(r) for r in range(window.model.rowCount())]
        richest = max(rows, key=lambda r: (len(r.regimes), r.next_deadline or ""))
        view = CaseView(runner, ACTOR, data_dir, richest.reference)
        view.resize(*SIZE)
        view.show()
        pump(app, lambda: view.data is not None and runner.idle)
        for index, name in enumerate(["overview", "screening", "tracks", "timeline",
                                      "documents", "comments"]):
            view.tabs.setCurrentIndex(index)
            if name == "timeline":  # an event with a reason, read in full in the pane
                with_reason = next((r for r in range(view.timeline.rowCount())
                                    if (item := view.timeline.item(r, 5)) and item.text()), 0)
                view.timeline.selectRow(with_reason)
            pump(app, lambda: True)
            save(view, out, f"case-{name}")
        # The Documents tab of the demo case with the most documents (the richest case
        # may have none), so the screenshot shows the table and checklist filled in.
        with db.read_session() as session:
            most_documents = session.exec(
                select(Case.reference).join(Document, Document.case_id == Case.id)
                .group_by(Case.id).order_by(func.count(Document.id).desc())
            ).first()
        if most_documents and most_documents != richest.reference:
            documented = CaseView(runner, ACTOR, data_dir, most_documents)
            documented.resize(*SIZE)
            documented.show()
            pump(app, lambda: documented.data is not None and runner.idle)
            documented.tabs.setCurrentIndex(4)
            pump(app, lambda: documented.documents.rowCount() > 0 and runner.idle)
            save(documented, out, "case-documents")
            documented.close()
        # A document withdrawn and its new version (Documents tab); a closed case's window.
        with db.read_session() as session:
            withdrawn = session.exec(select(Case.reference).join(Document, Document.case_id == Case.id)
                                     .where(col(Document.withdrawn_at).is_not(None))).first()
            closed = session.exec(select(Case.reference).where(Case.status == "closed")).first()
        for reference, tab, name in ((withdrawn, 4, "case-documents-withdrawn"),
                                     (closed, 0, "case-closed")):
            if reference is None:
                continue
            shown = CaseView(runner, ACTOR, data_dir, reference)
            shown.resize(*SIZE)
            shown.show()
            pump(app, lambda v=shown: v.data is not None and runner.idle)
            shown.tabs.setCurrentIndex(tab)
            pump(app, lambda: runner.idle)
            save(shown, out, name)
            shown.close()

        view.generate_filing()
        dialog = view.preview
        dialog.resize(900, 900)
        pages: list[int] = []
        dialog.rendered.connect(pages.append)
        dialog.generate()
        pump(app, lambda: bool(pages) and runner.idle, timeout=60)
        settle = time.monotonic() + 1.5  # QPdfView renders its pages asynchronously
        pump(app, lambda: time.monotonic() > settle)
        save(dialog, out, "filing-preview")
        dialog.close()

        # The case's filing particulars (the case view's Filing particulars… button).
        particulars = view.edit_particulars()
        particulars.resize(760, 820)
        pump(app, lambda: particulars.view is not None and runner.idle)
        save(particulars, out, "case-particulars")
        particulars.close()

        window.show_dashboard()
        dashboard = window.dashboard
        assert dashboard is not None
        dashboard.resize(*SIZE)
        pump(app, lambda: bool(dashboard.groups) and runner.idle)
        save(dashboard, out, "dashboard")

        # Holiday calendars: the CN years with the next (estimated) year selected, then
        # the form for entering a published year with a mistake flagged at its field.
        window.calendars_action.trigger()
        calendars = window.calendars_dialog
        calendars.resize(*SIZE)
        pump(app, lambda: calendars.data is not None and runner.idle)
        calendars.select_year(date.today().year + 1)
        pump(app, lambda: True)
        save(calendars, out, "holiday-calendars")
        add_year = calendars.open_add_year()
        year = add_year.year_edit.value()
        add_year.holidays_edit.setPlainText(
            f"{year}-01-01 New Year's Day\n{year}-02-06..{year}-02-13 Spring Festival\n"
            f"{year}-02-30 Spring Festival")
        add_year.workdays_edit.setPlainText(f"{year}-02-20 Make-up working day")
        add_year.validate(everything=True)
        pump(app, lambda: True)
        save(add_year, out, "holiday-calendars-add-year")
        add_year.done(0)  # the example typing is dropped without the discard question
        calendars.close()

        # View → Rulebook…: the rules in force on the day CAC Order 16 took effect, with
        # the version it replaced selected.
        window.rulebook_action.trigger()
        rulebook = window.rulebook_window
        rulebook.resize(*SIZE)
        pump(app, lambda: rulebook.overview is not None and runner.idle)
        rulebook.date_edit.setText("2024-03-21")
        rulebook.apply_date()
        pump(app, lambda: rulebook.overview is not None
             and rulebook.overview.as_of == date(2024, 3, 21) and runner.idle)
        rulebook.select_rule("CN-DATA-EXPORT.thresholds.2023-06")
        pump(app, lambda: True)
        save(rulebook, out, "rulebook")
        rulebook.close()
        audit_trail_screen(app, runner, window, out)  # View → Audit trail…
        open_cases_check_screen(app, runner, data_dir, window, out)  # Check open cases…

        # Help → User guide (F1), at the deadlines dashboard's section.
        guide = open_guide_at(window, "Deadlines dashboard")
        guide.resize(*SIZE)
        pump(app, lambda: guide.source is not None and runner.idle)
        guide.go_to("Deadlines dashboard")
        pump(app, lambda: True)
        save(guide, out, "user-guide")
        guide.close()

        if args.extra:
            extra_screens(app, runner, data_dir, window, view, out)

        app.setPalette(dark_theme_palette())
        view.reload()
        view.tabs.setCurrentIndex(2)
        pump(app, lambda: runner.idle)
        save(view, out, "case-tracks-dark")

        runner.wait_for_done()
        for widget in (view, dashboard, window):
            widget.close()
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
