"""Generate a filing: render it off the GUI thread with progress, preview it, print, save.

The PDF comes from the filings service (`render_filing`) on a worker; this dialog shows
the bytes with QtPdf, paints them onto the printer from the GUI thread (`PagePrinter`: no
Qt object is made or used on a worker here) and writes files through the TaskRunner.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QObject,
    QPointF,
    QRectF,
    QSize,
    QSizeF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QImage, QKeyEvent, QKeySequence, QPainter, QShortcut, QWheelEvent
from PySide6.QtPdf import QPdfDocument, QPdfPageRenderer
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from approvals.domain.document_types import document_type_name
from approvals.domain.errors import ApprovalsError, InputError
from approvals.domain.filing_kinds import kind_choices
from approvals.domain.numbers import counted
from approvals.services.filings import STAGE_WORDS
from approvals.store.audit import Actor
from approvals.ui.errors import refusal, show_error, user_message
from approvals.ui.files import FILINGS, ask_save_file, suggested_name
from approvals.ui.widgets import humanise, resize_to_screen, second_key
from approvals.ui.workers import Task, TaskRunner

log = logging.getLogger(__name__)

PRINT_DPI = 300
PRINT_BANDS = 16  # strips per page image, one painted per turn of the event loop (PagePrinter)
HINT = "Choose the kind and press Generate for a draft preview."
# The preview's zoom choices: a fit, or a percentage of the page's printed size.
ZOOMS: tuple[tuple[str, str | int], ...] = (
    ("Fit width", "width"), ("Whole page", "page"),
    *((f"{percent} %", percent) for percent in (50, 75, 100, 125, 150, 200, 300, 400)))
FILING_KINDS = kind_choices()  # (code, name to choose it by), as every window names them


def applicable_kinds(session: Any, reference: str) -> tuple[str, ...]:
    from approvals.services.filings import applicable_kinds as kinds_of

    return kinds_of(session, reference)


def render(session: Any, progress: Any, *, reference: str, kind: str, actor: Actor,
           final: bool, regime: str | None = None) -> Any:
    from approvals.services.filings import render_filing

    return render_filing(session=session, reference=reference, kind=kind, actor=actor,
                         final=final, regime=regime,
                         progress=lambda fraction, message: progress.report(
                             int(fraction * 100), message))


def _on_white(image: QImage) -> QImage:
    flat = QImage(image.size(), QImage.Format.Format_RGB32)
    flat.fill(Qt.GlobalColor.white)
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    return flat


def pdf_file_of(printer: QPrinter) -> Path | None:
    """The PDF file the print dialog's "Print to File (PDF)" chose, or None when the job
    goes to a printer. A native printer's "print to file" (not a .pdf name) writes the
    printer's own language, so it keeps the printer's path."""
    name = printer.outputFileName()
    if not name:
        return None
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat or \
            name.lower().endswith(".pdf"):
        return Path(name)
    return None


def write_pdf_file(pdf: bytes, target: Path) -> int:
    """Write the filing's own PDF (its text, fonts and vector pages, byte for byte what
    Save as… writes) to `target`, all or nothing; the number of pages. Runs on a worker:
    painting the pages onto a PDF printer would make a picture of each page instead."""
    from approvals.store.files import check_writable, write_atomically

    pages = pdf_page_count(pdf)
    check_writable(target, "Output file")  # a missing folder is said plainly, no traceback
    # An existing file stays whole if this fails (an OSError comes back as an InputError
    # naming the file).
    write_atomically(target, pdf)
    return pages


# A page-tree node's dictionary (no nested dictionaries in it: /Kids is an array of
# references), "/Type /Pages" not "/Type /Page".
_PAGES_NODE = re.compile(rb"<<((?:(?!<<|>>).)*?/Type\s*/Pages(?![A-Za-z])(?:(?!<<|>>).)*)>>",
                         re.DOTALL)
_COUNT = re.compile(rb"/Count\s+(\d+)")


def pdf_page_count(pdf: bytes) -> int:
    """The pages of `pdf` from its own page tree, without Qt (any thread): the root node's
    /Count, the largest in the file. The app's PDFs come from ReportLab, which writes the
    tree uncompressed. Refused when the bytes are not such a PDF."""
    counts = [int(count.group(1)) for node in _PAGES_NODE.finditer(pdf)
              if (count := _COUNT.search(node.group(1)))]
    if not pdf.startswith(b"%PDF-") or not counts or max(counts) < 1:
        raise ApprovalsError("The filing's PDF could not be read for printing; "
                             "generate it again.")
    return max(counts)


def record_print(db: Any, record: Callable[[Any], object], what: str) -> str:
    """Record in the audit trail that pages went to the printer (on a worker, after the
    print). Paper cannot be called back, so a record that fails (a busy database) does
    not fail the print: the reason is returned for the status line, "" when recorded."""
    try:
        with db.session() as session:
            record(session)
    except Exception as exc:  # the print happened: say what did not
        log.warning("A printed %s was not recorded", what, exc_info=exc)
        return user_message(exc)
    return ""


def print_pages(pdf: bytes, printer: QPrinter, parent: QObject | None, *,
                progressed: Callable[[int, str], object], finished: Callable[[int], object],
                failed: Callable[[BaseException], object]) -> PagePrinter:
    """Print `pdf` on `printer` page by page from the GUI thread (see PagePrinter): the
    job, to cancel; the window `parent` keeps it (without one, the caller must). It starts
    from the event loop, so the caller holds the job before any callback (a printer that
    cannot start fails at once)."""
    job = PagePrinter(pdf, printer, parent)
    job.progressed.connect(progressed)
    job.finished.connect(finished)
    job.failed.connect(failed)
    QTimer.singleShot(0, job.start)
    return job


def _abort(painter: QPainter, printer: QPrinter) -> None:
    if painter.isActive():
        printer.abort()
        painter.end()


class PagePrinter(QObject):
    """Paints the pages of a PDF onto a QPrinter with progress; `cancel` aborts the job.

    Everything here happens on the GUI thread, and no Python runs on another. Printing
    used to run on a worker with a QPdfDocument of its own: PySide holds Python's lock
    through every QtPdf call (a 300 dpi page render, 60-90 ms, froze the window all the
    same), waiting with it whenever QtPdf's global lock was busy, and Qt objects were made
    and destroyed off the GUI thread, the pattern that hung the user guide (see ui.help).
    Instead the pages are rendered by Qt's own thread (QPdfPageRenderer, one page ahead of
    the painting; no Python there) and each page image is painted in bands from the event
    loop, so the window keeps answering and Cancel takes effect at once.
    """

    progressed = Signal(int, str)
    finished = Signal(int)  # the pages printed
    failed = Signal(object)  # the exception

    def __init__(self, pdf: bytes, printer: QPrinter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.printer = printer
        # Made before the document: children go in order, and the renderer's thread must
        # be stopped before the document it renders is.
        self._renderer = QPdfPageRenderer(self)
        self._renderer.setRenderMode(QPdfPageRenderer.RenderMode.MultiThreaded)
        self._renderer.pageRendered.connect(self._rendered)
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self._painter = QPainter()
        self._step = QTimer(self)  # one band a turn of the event loop
        self._step.setInterval(0)
        self._step.timeout.connect(self._paint_band)
        self._requests: dict[int, int] = {}  # render request id: its page
        self._images: dict[int, QImage] = {}  # rendered pages not painted yet
        self._image = QImage()  # the page being painted
        self._sizes: list[QSizeF] = []  # each page's size in points
        self._page = self._band = self.pages = 0
        self.active = self.cancelled = False
        # Deleted mid-job with its window (the app quitting): the job is aborted, as on
        # Cancel. A printer destroyed while painted on brings the app down.
        painter, printer = self._painter, self.printer
        self.destroyed.connect(lambda: _abort(painter, printer))

    def start(self) -> None:
        """Begin the job (`print_pages` starts it from the event loop); `failed` is emitted
        at once when the PDF or the printer cannot be used."""
        if self.cancelled:  # cancelled before it began: nothing is sent to the printer
            return
        self.document.load(self._buffer)
        self.pages = self.document.pageCount()
        if self.document.status() != QPdfDocument.Status.Ready or self.pages < 1:
            self._fail(ApprovalsError("The filing's PDF could not be read for printing; "
                                      "generate it again."))
            return
        if not self._painter.begin(self.printer):  # e.g. an output file that cannot be written
            self._fail(ApprovalsError("The printer could not be started: check the printer, "
                                      "or the output file's folder, in the print dialog."))
            return
        self.active = True
        # Read once, before Qt's thread starts rendering: QtPdf serialises every call on
        # one lock, and a size asked for while a page renders would wait for the page.
        self._sizes = [self.document.pagePointSize(page) for page in range(self.pages)]
        self._renderer.setDocument(self.document)
        self._report()
        self._request(0)

    def cancel(self) -> None:
        """Abort the job (a real printer drops it); nothing more is painted."""
        self.cancelled = True
        if self.active:
            self._stop()
            self.printer.abort()
            self._painter.end()

    def _report(self) -> None:
        self.progressed.emit(self._page * 100 // self.pages,
                             f"Printing page {self._page + 1} of {self.pages}…")

    def _dpi(self) -> int:
        # Rendered at 300 dpi at most (a 1200-dpi page image would take ~0.5 GB), then
        # scaled onto the printer's page.
        return min(self.printer.resolution(), PRINT_DPI)

    def _request(self, page: int) -> None:
        if page < self.pages:
            size, dpi = self._sizes[page], self._dpi()
            request = self._renderer.requestPage(
                page, QSize(int(size.width() / 72 * dpi), int(size.height() / 72 * dpi)))
            self._requests[int(request)] = page

    def _rendered(self, page: int, _size: QSize, image: QImage, _options: Any,
                  request: int) -> None:
        if not self.active or self._requests.pop(int(request), None) != page:
            return  # cancelled meanwhile, or not this job's
        self._images[page] = image
        if page == self._page and not self._step.isActive():
            self._guarded(self._begin_page)

    def _begin_page(self) -> None:
        if self._page:
            self._report()
            if not self.active:  # cancelled by whoever showed the progress
                return
            self.printer.newPage()
        self._image = self._images.pop(self._page)
        self._band = 0
        self._request(self._page + 1)  # rendered while this one is painted
        self._step.start()

    def _paint_band(self) -> None:
        self._guarded(self._paint_next_band)

    def _paint_next_band(self) -> None:
        # Bands, not the whole page in one call: a page image takes about 0.3 s to paint,
        # and the window would not answer meanwhile.
        target = self.printer.pageLayout().paintRectPixels(self.printer.resolution())
        size = self._sizes[self._page]
        scale = min(target.width() / size.width(), target.height() / size.height())
        image = self._image
        y_scale = size.height() * scale / image.height()
        top = self._band * image.height() // PRINT_BANDS
        bottom = (self._band + 1) * image.height() // PRINT_BANDS
        # Each band flattened onto white (the page is rendered with a transparent ground):
        # no alpha channel to embed, and about a third faster to paint.
        band = _on_white(image.copy(0, top, image.width(), bottom - top))
        self._painter.drawImage(
            QRectF(0, top * y_scale, size.width() * scale, (bottom - top) * y_scale), band)
        self._band += 1
        if self._band < PRINT_BANDS:
            return
        self._step.stop()
        self._page += 1
        if self._page < self.pages:
            if self._page in self._images:  # else it comes with _rendered
                self._begin_page()
            return
        self._stop()
        self._painter.end()
        self.progressed.emit(100, f"Printed {self.pages} pages")
        self.finished.emit(self.pages)

    def _guarded(self, step: Callable[[], None]) -> None:
        """A step from the event loop: what goes wrong fails the job, never reaches Qt."""
        try:
            step()
        except Exception as exc:  # reported as a failed print, as a worker's would be
            log.exception("Printing failed")
            self.cancel()
            self._fail(exc)

    def _stop(self) -> None:
        self.active = False
        self._step.stop()
        self._images.clear()
        self._image = QImage()

    def _fail(self, exc: BaseException) -> None:
        self._stop()
        if self._painter.isActive():
            self._painter.end()
        self.failed.emit(exc)


def missing_words(path: str, names: dict[str, tuple[str, str]] | None = None) -> str:
    """A missing field in the forms' words; a missing document by its type. `names`: the
    case's own names of particulars (RenderedFiling.particular_names), as its filing prints
    them: a Chinese target's signatory is its legal representative, not the form's "legal
    representative or authorised signatory"."""
    from approvals.services.particulars import particulars_form
    from approvals.ui.particulars import missing_text

    if names and path in names:
        section = next((s for s in particulars_form() if any(f.path == path for f in s.fields)),
                       None)
        if section is not None:
            return f"{section.label_en} — {names[path][0]}"
    words = missing_text(path)
    if words == path and path.startswith("documents."):  # "documents.org_chart"
        # By the name its type has on the Documents tab and in the filing's missing box
        # ("Post-transaction organisation chart"), not the key in lower case ("org chart").
        return f"Document: {document_type_name(path.removeprefix('documents.'))}"
    return words


def grouped_words(words: Sequence[str]) -> str:
    """Missing items in the forms' words, each section's heading said once, in the order
    first met: "Filer's representative (US notification) — Name, Email; Ultimate parent
    (Investor)", not the heading again before every item of its section."""
    groups: dict[str, list[str]] = {}
    for words_of_one in words:
        heading, dash, item = words_of_one.partition(" — ")
        groups.setdefault(heading if dash else words_of_one, []).extend([item] if dash else [])
    return "; ".join(f"{heading} — {', '.join(items)}" if items else heading
                     for heading, items in groups.items())


def ways_on(paths: list[str]) -> list[str]:
    """Where the officer enters what a refused final found missing, one line for each
    place: the filing particulars, the case's facts, its documents."""
    particulars = [p for p in paths if p.startswith("particulars.")]
    documents = [p for p in paths if p.startswith("documents.")]
    facts = [p for p in paths if p and p != "tracks" and p not in particulars + documents]
    return [line for found, line in (
        (particulars, "Enter the filing particulars with Edit particulars… (below the preview)."),
        (facts, "Enter the missing facts with Edit facts… in the case window."),
        (documents, "Add the documents on the case window's Documents tab."),
    ) if found]


def readable_problems(exc: InputError, *, keys: bool = False) -> str:
    """A refused final's problems in the words the officer enters them under, one name for
    each: "Missing: Ultimate parent (Investor)" as the wizard labels the fact (and as the
    draft's status line says), not "investor.ultimate_parent: missing: …"; track states as
    words. With `keys`, each missing field's key after its name ("… [investor.ultimate_parent]")
    for a facts or particulars file: the message's Show Details…, not its text."""
    lines = []
    names = getattr(exc, "particular_names", None)  # services.filings.FilingRefused
    for problem in exc.problems:
        if problem.path == "tracks":  # "not approved for filing yet: CN-FISR (general_review)"
            text = re.sub(r"\((\w+)\)", lambda m: f"({humanise(m.group(1)).lower()})",
                          problem.message)
            # "Tracks: No Chinese filing track is open for this case" (no_track_words in
            # filings.common, its Chinese first on a bilingual form), not "Tracks missing: …"
            lines.append("Tracks: " + text.removeprefix("missing: ")
                         if text.startswith("missing: ") else "Tracks " + text)
        elif problem.message.startswith("missing: ") and problem.path:
            # The wizard's and the particulars editor's words; a document by its type's
            # name on the Documents tab; a path no list names, the filing's own words.
            words = missing_words(problem.path, names)
            if words == problem.path:
                words = problem.message.removeprefix("missing: ")
            lines.append(f"Missing: {words}" + (f" [{problem.path}]" if keys else ""))
        else:
            lines.append(f"{missing_words(problem.path, names)}: {problem.message}" if problem.path
                         else problem.message)
    return "\n".join(lines)


def refused_summary(exc: InputError) -> str:
    """A refused final in one line for the status line: its first problem and how many
    more ("Not generated: Missing: Ultimate parent (Investor); and 3 more problems.")."""
    lines = readable_problems(exc).splitlines() or ["refused"]
    more = f"; and {counted(len(lines) - 1, 'more problem')}" if len(lines) > 1 else ""
    return f"Not generated: {lines[0]}{more}. A draft marks each missing item in place."


CANCEL_RENDERING, CANCEL_PRINTING = "&Cancel rendering", "&Cancel printing"


class FilingDialog(QDialog):
    rendered = Signal(int)  # page count, when a preview is shown
    printed = Signal(int)  # pages sent to the printer
    # Something was stored with the case: a final (Documents), a save or a print (the
    # audit trail). The case window reads the case again: a final stored from here was
    # missing from its Documents tab and checklist until Refresh.
    recorded = Signal()

    def __init__(self, runner: TaskRunner, actor: Actor, reference: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.actor, self.reference = runner, actor, reference
        self.tasks = runner.bound_to(self)  # results for a closed dialog are dropped
        self.setObjectName("filingDialog")
        self.setWindowTitle(f"Generate a filing — {reference}")
        resize_to_screen(self, 900, 900)
        self.print_dialog: QPrintDialog | None = None
        self.kind = QComboBox()
        self.kind.setObjectName("filingKind")
        self.kind.setAccessibleName("Filing kind")
        # Not as wide as its longest item ("… — no track of this case calls for it"): the
        # row must fit a window at 200 %; the list opens as wide as its items.
        self.kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind.setMinimumContentsLength(12)
        for code, label in FILING_KINDS:
            self.kind.addItem(label, code)
        # Which of the case's tracks the filing covers, where it covers several (the
        # Chinese application): a final waits for every track it covers, so a CN-FISR
        # approved for filing could not be filed while a data-export track was a draft.
        self.track = QComboBox()
        self.track.setObjectName("filingTrack")
        self.track.setAccessibleName("Tracks the filing covers")
        self.track.setToolTip("Generate the filing for every track it covers, or for one "
                              "track alone (its final needs only that track approved)")
        self.track_label = QLabel("T&rack:")
        self.track_label.setBuddy(self.track)
        self.regimes: dict[str, list[str]] = {}
        self.final = QCheckBox("&Final (stored with the case)")
        self.final.setObjectName("filingFinal")
        self.generate_button = QPushButton("&Generate")
        self.generate_button.setObjectName("generateButton")
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        # Alt+C stops the job and keeps the dialog (Escape stops it and closes the dialog).
        self.cancel_button = QPushButton(CANCEL_RENDERING)
        self.cancel_button.setObjectName("cancelRenderingButton")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Rendering progress")
        # The bar and its Cancel, shown while a job runs (not in the top row, which must
        # fit a window at 200 % beside Kind, Track and Final).
        self.progress_row = QWidget()
        self.progress_row.setObjectName("filingProgressRow")
        progress_layout = QHBoxLayout(self.progress_row)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.addWidget(self.progress, 1)
        progress_layout.addWidget(self.cancel_button)
        self.progress_row.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setObjectName("filingPreview")
        self.view.setAccessibleName("Filing preview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        # The last rendering, laid over the view while a new one replaces it: the view
        # paints its pages white until its renderer has drawn them, and a regeneration
        # (after Edit particulars…) blanked the preview behind the editor meanwhile. The
        # view stays visible beneath, so it asks for the new pages; the first drawn lifts it.
        self.last_rendering = QLabel(self.view)
        self.last_rendering.setObjectName("filingLastRendering")
        self.last_rendering.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.last_rendering.hide()
        for renderer in self.view.findChildren(QPdfPageRenderer):
            renderer.pageRendered.connect(lambda *_args: self._new_pages_drawn())
        # Until the first preview, the area says what to do instead of staying blank grey.
        self.hint = QLabel(HINT)
        self.hint.setObjectName("filingHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self._task: Task | None = None  # while a rendering job runs
        self._printing: PagePrinter | None = None  # while a print job runs
        self._gate_final()
        self.preview_area = QStackedWidget()
        self.preview_area.addWidget(self.hint)
        self.preview_area.addWidget(self.view)
        self.print_button = QPushButton("&Print…")
        self.print_button.setObjectName("printButton")
        second_key(self.print_button, "Ctrl+P")
        self.print_button.clicked.connect(self.print_pdf)
        self.save_button = QPushButton("&Save as…")
        self.save_button.setObjectName("saveButton")
        second_key(self.save_button, "Ctrl+S")
        self.save_button.clicked.connect(self.save_pdf)
        close = QPushButton("C&lose")
        close.setObjectName("filingCloseButton")
        close.clicked.connect(self.close)
        # Shown while the preview (or a refused final) lists missing filing particulars.
        self.particulars_button = QPushButton("Edit p&articulars…")
        self.particulars_button.setObjectName("editParticularsButton")
        self.particulars_button.setToolTip("Enter the missing filing particulars; the "
                                           "preview is generated again after saving")
        self.particulars_button.clicked.connect(self.edit_particulars)
        self.particulars_button.setVisible(False)
        self.particulars_editor: Any = None
        self.missing: list[str] = []
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)
        top = QHBoxLayout()
        kind_label = QLabel("&Kind:")
        kind_label.setBuddy(self.kind)  # Alt+K, and the screen reader's name for the list
        top.addWidget(kind_label)
        top.addWidget(self.kind, 1)
        top.addWidget(self.track_label)
        top.addWidget(self.track)
        top.addWidget(self.final)
        top.addWidget(self.generate_button)
        # The status line has the dialog's width to itself: beside the buttons, a draft's
        # list of what is missing took nine lines at 200 % and left the preview a strip.
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.particulars_button)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.save_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress_row)
        layout.addWidget(self._view_bar())
        layout.addWidget(self.preview_area, 1)
        layout.addWidget(self.status)
        layout.addLayout(bottom)
        self.pdf: bytes = b""
        # The filing shown, as the service rendered it, and the track it was generated for:
        # what a save or a print records in the audit trail.
        self.shown: Any = None
        self.shown_regime: str | None = None
        self.shown_status = ""  # the status line of the preview shown
        self._buffer: QBuffer | None = None
        self._job = 0  # the rendering or print job whose progress is shown
        self._explain_buttons()
        # Which kinds the case's tracks call for, read in the background: the others are
        # marked, and the first that applies is chosen unless the user picked one already.
        self.applicable: tuple[str, ...] | None = None
        self._kind_chosen = False
        self.kind.currentIndexChanged.connect(self._note_kind_chosen)
        self.kind.currentIndexChanged.connect(lambda _i: self._offer_tracks())
        self._offer_tracks()
        self.tasks.read(lambda session: applicable_kinds(session, reference), self._show_applicable,
                        lambda exc: None)  # the list stays as it is; Generate says what is wrong

    def _view_bar(self) -> QWidget:
        """Page and zoom of the preview ("Page 3 of 6", "Fit width"), shown with one."""
        self.view_bar = bar = QWidget()
        bar.setObjectName("previewBar")
        self.page_box = QSpinBox()
        self.page_box.setObjectName("previewPage")
        self.page_box.setAccessibleName("Page shown")
        self.page_box.setRange(1, 1)
        self.page_box.setKeyboardTracking(False)  # "12" goes to page 12, not 1 then 12
        self.page_box.valueChanged.connect(self._go_to_page)
        page_label = QLabel("Pag&e:")
        page_label.setBuddy(self.page_box)
        self.page_count = QLabel()
        self.page_count.setObjectName("previewPageCount")
        self.view.pageNavigator().currentPageChanged.connect(self._page_in_view)
        self.zoom = QComboBox()
        self.zoom.setObjectName("previewZoom")
        self.zoom.setAccessibleName("Zoom")
        for text, zoom in ZOOMS:
            self.zoom.addItem(text, zoom)
        self.zoom.currentIndexChanged.connect(lambda _index: self._apply_zoom())
        zoom_label = QLabel("&Zoom:")
        zoom_label.setBuddy(self.zoom)
        self.zoom_out_button = QToolButton()
        self.zoom_out_button.setObjectName("zoomOutButton")
        self.zoom_out_button.setText("−")
        self.zoom_out_button.setAccessibleName("Zoom out")
        self.zoom_out_button.setToolTip("Zoom out (Ctrl+−, or Ctrl and the mouse wheel)")
        self.zoom_out_button.clicked.connect(lambda: self.zoom_by(-1))
        self.zoom_in_button = QToolButton()
        self.zoom_in_button.setObjectName("zoomInButton")
        self.zoom_in_button.setText("+")
        self.zoom_in_button.setAccessibleName("Zoom in")
        self.zoom_in_button.setToolTip("Zoom in (Ctrl++, or Ctrl and the mouse wheel)")
        self.zoom_in_button.clicked.connect(lambda: self.zoom_by(1))
        for keys, step in ((QKeySequence.StandardKey.ZoomIn, 1), ("Ctrl+=", 1),
                           (QKeySequence.StandardKey.ZoomOut, -1)):
            QShortcut(QKeySequence(keys), self, lambda step=step: self.zoom_by(step))
        self.view.viewport().installEventFilter(self)  # Ctrl and the wheel zoom
        self.view.installEventFilter(self)  # Home and End: the first and the last page
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        widgets: list[QWidget | None] = [page_label, self.page_box, self.page_count, None,
                                          zoom_label, self.zoom_out_button, self.zoom,
                                          self.zoom_in_button]
        for widget in widgets:
            if widget is None:
                row.addStretch(1)
            else:
                row.addWidget(widget)
        bar.setVisible(False)
        return bar

    def _go_to_page(self, number: int) -> None:
        navigator = self.view.pageNavigator()
        navigator.jump(number - 1, QPointF(), navigator.currentZoom())

    def _page_in_view(self, page: int) -> None:
        """The page box follows scrolling (without jumping back to the page it shows)."""
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)

    def _apply_zoom(self) -> None:
        # The view keeps its scroll offset in pixels, so zooming in on page 3 showed page 1:
        # the same place of the document stays in view instead (a share of its length).
        places = [(bar, (bar.value() + bar.pageStep() / 2) / (bar.maximum() + bar.pageStep()))
                  for bar in (self.view.verticalScrollBar(), self.view.horizontalScrollBar())
                  if bar.maximum() > 0]
        self._set_zoom()
        for bar, share in places:
            bar.setValue(round(share * (bar.maximum() + bar.pageStep()) - bar.pageStep() / 2))

    def _set_zoom(self) -> None:
        zoom = self.zoom.currentData()
        if zoom == "width":
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        elif zoom == "page":
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(int(zoom) / 100)

    def zoom_percent(self) -> float:
        """The preview's zoom as a percentage of the page's printed size (a fit too)."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom:
            return self.view.zoomFactor() * 100
        page = self.document.pagePointSize(max(0, self.view.pageNavigator().currentPage()))
        if page.isEmpty():
            return 100.0
        dots = self.view.logicalDpiX() / 72  # QPdfView's 100 %: the page at the screen's dpi
        margins = self.view.documentMargins()
        room = self.view.viewport().size() - QSize(margins.left() + margins.right(),
                                                   margins.top() + margins.bottom())
        across = room.width() / (page.width() * dots)
        if self.view.zoomMode() == QPdfView.ZoomMode.FitInView:
            return 100 * min(across, room.height() / (page.height() * dots))
        return 100 * across

    def zoom_by(self, steps: int) -> None:
        """The next percentage in (1) or out (-1) from the zoom shown, a fit included."""
        now = self.zoom_percent()
        percents = [index for index in range(self.zoom.count())
                    if isinstance(self.zoom.itemData(index), int)]
        if steps > 0:
            bigger = [i for i in percents if self.zoom.itemData(i) > now + 0.5]
            chosen = bigger[0] if bigger else percents[-1]
        else:
            smaller = [i for i in percents if self.zoom.itemData(i) < now - 0.5]
            chosen = smaller[-1] if smaller else percents[0]
        self.zoom.setCurrentIndex(chosen)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.view and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End)):
            # The scroll area moves only by a screen (Page Up/Down) or a line (arrows).
            self.page_box.setValue(1 if event.key() == Qt.Key.Key_Home
                                   else self.page_box.maximum())
            self._go_to_page(self.page_box.value())  # also when the box already says so
            return True
        if (watched is self.view.viewport() and event.type() == QEvent.Type.Wheel
                and isinstance(event, QWheelEvent)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            if event.angleDelta().y():
                self.zoom_by(1 if event.angleDelta().y() > 0 else -1)
            return True  # not a scroll either
        return super().eventFilter(watched, event)

    def _explain_buttons(self) -> None:
        """Every greyed-out button says why on hover (called after each change of state)."""
        job = ("printing" if self._printing is not None else "rendering") if self.busy else ""
        wait = f"Wait for the {job} to finish, or press {self.cancel_button.text()}."
        no_pdf = wait if job else "Generate a preview first: there is nothing to print or save."
        self.generate_button.setToolTip(
            "Render the chosen filing and show it here" if self.generate_button.isEnabled()
            else wait)
        self.print_button.setToolTip("Print the filing shown (Ctrl+P)"
                                     if self.print_button.isEnabled() else no_pdf)
        self.save_button.setToolTip("Save the filing shown as a PDF file (Ctrl+S)"
                                    if self.save_button.isEnabled() else no_pdf)
        self.cancel_button.setToolTip(f"Stop the {job}" if job
                                      else "Nothing is being rendered or printed.")

    def _gate_final(self) -> None:
        """"Final" only for those who may store a final filing (e.g. not a reviewer)."""
        why_not_final = refusal(self.actor, "filing.finalise")
        if why_not_final:
            self.final.setChecked(False)
        self.final.setEnabled(not why_not_final)
        self.final.setToolTip(why_not_final)
        self.final.setAccessibleDescription(why_not_final)
        # Said on the page too: a greyed-out box is easy to miss, and nobody hovers over it.
        if not self.busy:
            self.hint.setText(HINT + (f"\n\nA final filing cannot be made here: {why_not_final}"
                                      if why_not_final else ""))

    def set_actor(self, actor: Actor) -> None:
        """The viewer's roles changed while the dialog is open: "Final" follows them (the
        filings service checks the roles again when a final is generated anyway)."""
        self.actor = actor
        self._gate_final()

    def set_tracks(self, regimes: dict[str, list[str]]) -> None:
        """{filing kind: the regimes of the case's tracks it covers}: a kind covering
        several offers each alone under Track."""
        self.regimes = regimes
        self._offer_tracks()

    def _offer_tracks(self) -> None:
        regimes = self.regimes.get(str(self.kind.currentData() or ""), [])
        chosen = self.track.currentData()
        self.track.clear()
        self.track.addItem("All its tracks", None)
        for regime in regimes:
            self.track.addItem(regime, regime)
        self.track.setCurrentIndex(max(0, self.track.findData(chosen)))
        several = len(regimes) > 1
        self.track.setVisible(several)
        self.track_label.setVisible(several)

    def chosen_regime(self) -> str | None:
        """The one track chosen under Track (None: every track the filing covers)."""
        return self.track.currentData() if self.track.isVisibleTo(self) else None

    def _note_kind_chosen(self, _index: int) -> None:
        self._kind_chosen = True

    def _show_applicable(self, kinds: tuple[str, ...]) -> None:
        self.applicable = kinds
        for index in range(self.kind.count()):
            code = self.kind.itemData(index)
            label = dict(FILING_KINDS)[code]
            if code in kinds:
                self.kind.setItemText(index, label)
                self.kind.setItemData(index, None, Qt.ItemDataRole.ToolTipRole)
            else:
                self.kind.setItemText(index, f"{label} — no track of this case calls for it")
                self.kind.setItemData(index, "This case has no open track this filing is made "
                                             "for; a draft can still be generated.",
                                      Qt.ItemDataRole.ToolTipRole)
        if not self._kind_chosen and self.kind.currentData() not in kinds:
            first = next(i for i in range(self.kind.count()) if self.kind.itemData(i) in kinds)
            self.kind.blockSignals(True)  # the app's choice, not the user's
            self.kind.setCurrentIndex(first)
            self.kind.blockSignals(False)

    def generate(self) -> None:
        kind, final = self.kind.currentData(), self.final.isChecked()
        actor, reference, regime = self.actor, self.reference, self.chosen_regime()
        self.progress.setValue(0)
        self.progress_row.setVisible(True)
        self.generate_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText("Rendering…")
        if self.preview_area.currentWidget() is self.hint:  # not "press Generate" meanwhile
            self.hint.setText(f"Rendering: {dict(FILING_KINDS)[kind]}, "
                              f"{'final' if final else 'draft'}…")
        report = self._progress_of_new_job()
        job = self._job

        def rendered(filing: Any) -> None:
            if job == self._job:
                self._show(filing, regime)
            elif filing.final:  # the cancel came after the last step: the final is kept
                self.status.setText("The final was stored with the case before the cancel "
                                    "reached it (see the case's Documents tab).")
            # else a cancelled draft: dropped (a newer job may be running meanwhile)
            if filing.final:
                self.recorded.emit()

        def failed(exc: BaseException) -> None:
            if job == self._job:
                self._failed(exc)

        self._task = self.tasks.session_task(
            lambda s, p: render(s, p, reference=reference, kind=kind, actor=actor, final=final,
                                regime=regime),
            rendered, failed, report, write=final)
        self._explain_buttons()

    @property
    def busy(self) -> bool:
        """Whether a rendering or print job is running (one at a time)."""
        return self._task is not None or self._printing is not None

    def cancel(self) -> None:
        if self._printing is not None:
            self._printing.cancel()  # the job is aborted: nothing more is painted
            self._job += 1
            self.status.setText("Printing cancelled.")
            self._print_finished()
        elif self._task is not None:
            # The worker stops at its next step.
            self._task.progress.cancel()
            self._job += 1  # its reports still on their way are not shown
            self.status.setText("Cancelled.")
            self._reset_buttons()

    def _progress_of_new_job(self) -> Callable[[int, str], None]:
        """The progress callback of a job about to start. A report the worker sent just
        before a Cancel can arrive after it: only the current job's reports are shown, so
        "Printing page 1 of 40…" never replaces "Printing cancelled."."""
        self._job += 1
        job = self._job

        def report(percent: int, message: str) -> None:
            if job == self._job and self.busy:
                self._progress(percent, message)

        return report

    def _progress(self, percent: int, message: str) -> None:
        self.progress.setValue(percent)
        self.status.setText(message)  # the service's own sentence ("Laying out the pages…")

    def _reset_buttons(self) -> None:
        self.progress_row.setVisible(False)
        self.generate_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self._task = None
        self._gate_final()  # the hint, if still shown, says what to do again
        self._explain_buttons()

    def _failed(self, exc: BaseException) -> None:
        self._reset_buttons()
        self.status.setText(self.shown_status)  # the preview still shown, if any
        if isinstance(exc, InputError):  # a refused final lists what is missing
            paths = [p.path for p in exc.problems]
            self._set_missing(paths)
            text = named = readable_problems(exc)
            if ways := ways_on(paths):
                text += "\n\n" + "\n".join(ways)
            waiting = next((p.message for p in exc.problems if p.path == "tracks"), "")
            held = set(re.findall(r"([A-Z][A-Z-]*) \(", waiting))  # "CN-DATA-EXPORT (draft)"
            others = [self.track.itemData(i) for i in range(1, self.track.count())
                      if self.track.itemData(i) not in held]
            if waiting and others and self.chosen_regime() is None:
                # The way on: a track approved for filing can have its final alone.
                text += (f"\nTo generate the final for {' or '.join(others)} alone, "
                         "choose it under Track.")
            if not self.shown_status:
                # No preview to describe: the refusal stays in sight once its message is
                # dismissed (the area said only "press Generate" again).
                self.status.setText(refused_summary(exc))
            box = show_error(self, "The filing could not be generated", ApprovalsError(text))
            if (keyed := readable_problems(exc, keys=True)) != named:
                # The keys, for whoever fills in a facts or particulars file: under Show
                # Details… (the whole message, as a long one lists it there), the message
                # itself naming each field once, in words.
                box.setDetailedText("Each missing field with its key in a facts or "
                                    "particulars file:\n" + text.replace(named, keyed, 1))
            return
        show_error(self, "The filing could not be generated", exc)

    def _set_missing(self, missing: list[str]) -> None:
        from approvals.ui.particulars import missing_particulars

        self.missing = missing
        self.particulars_button.setVisible(bool(missing_particulars(missing)))

    def edit_particulars(self) -> Any:
        """The case's Filing particulars editor, the missing ones marked; saving them
        generates the draft preview again."""
        from approvals.ui.particulars import ParticularsEditor, missing_particulars

        editor = ParticularsEditor(self.runner, self.actor, self.reference, self,
                                   highlight=missing_particulars(self.missing))
        editor.saved.connect(lambda _view: self._particulars_saved())
        self.particulars_editor = editor
        editor.open()
        return editor

    def _particulars_saved(self) -> None:
        if self.busy:  # a rendering or print job is running
            return
        self.final.setChecked(False)  # the officer checks the draft before a final
        self.generate()

    def _show(self, rendered: Any, regime: str | None = None) -> None:
        self._reset_buttons()
        # The same filing generated again (after Edit particulars…, a fact corrected) opens
        # on the page the officer was reading, not on page 1.
        same = self.shown is not None and getattr(self.shown, "kind", None) == getattr(
            rendered, "kind", None) and self.shown_regime == regime
        reading = self.view.pageNavigator().currentPage() if same else 0
        self.pdf = bytes(rendered.pdf)
        self.shown, self.shown_regime = rendered, regime
        self._keep_last_rendering()
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(self.pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self.document.load(buffer)
        if self.document.pageCount() == 0:  # nothing will be drawn to replace the picture
            self.last_rendering.hide()
        self.preview_area.setCurrentWidget(self.view)
        pages = max(1, self.document.pageCount())
        self.page_box.setRange(1, pages)
        self.page_count.setText(f"of {pages}")
        self.view_bar.setVisible(True)
        if reading > 0:
            # Once the view has laid the new pages out (a jump before that is lost).
            page = min(reading + 1, pages)
            QTimer.singleShot(0, lambda: self.page_box.setValue(page))
        missing = list(getattr(rendered, "missing", ()) or ())
        self._set_missing(missing)
        # Which filing is shown: the Kind list may be changed without generating again.
        shown = dict(FILING_KINDS).get(getattr(rendered, "kind", ""), "")
        shown += f", {regime}" if shown and regime else ""
        text = (f"{shown}: " if shown else "") + counted(int(rendered.page_count), "page") + (
            " · " + STAGE_WORDS[getattr(rendered, "stage", "final" if rendered.final else "draft")])
        if missing:
            # In the words of the wizard and the particulars editor, not field paths.
            # How many more, not "…": the officer counts what is left to supply.
            names = getattr(rendered, "particular_names", None)
            text += " · missing: " + grouped_words(
                [missing_words(p, names) for p in missing[:6]]) + (
                f"; and {len(missing) - 6} more (all listed in the document)"
                if len(missing) > 6 else "")
        self.status.setText(text)
        self.shown_status = text
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self._explain_buttons()
        self.rendered.emit(int(rendered.page_count))

    def _keep_last_rendering(self) -> None:
        """Lay a picture of the pages shown over the view until the new ones are drawn."""
        if self.preview_area.currentWidget() is not self.view or self.document.pageCount() == 0:
            return
        self.last_rendering.hide()  # not a picture of itself
        self.last_rendering.setPixmap(self.view.grab())
        self.last_rendering.setGeometry(self.view.rect())
        self.last_rendering.show()
        self.last_rendering.raise_()

    def _new_pages_drawn(self) -> None:
        if self.last_rendering.isVisible():
            # Once the view has painted the page just drawn (it updates on this signal).
            QTimer.singleShot(0, self.last_rendering.hide)

    def shown_file_name(self) -> str:
        """The file name offered for the filing shown: its own kind and track, not those
        the Kind and Track lists say now (changed since, without generating again, they
        named a Chinese application "…-status-report.pdf")."""
        shown_kind = getattr(self.shown, "kind", None)
        if shown_kind:
            kind, regime = str(shown_kind), self.shown_regime
        else:
            kind, regime = str(self.kind.currentData() or ""), self.chosen_regime()
        # A draft or a preview says so in its name, as its footer does; only a final
        # (stored with the case) goes without.
        stage = str(getattr(self.shown, "stage", "") or "") or (
            "final" if getattr(self.shown, "final", False) else "draft")
        return suggested_name(FILINGS, self.reference, kind, (regime or "").lower(),
                              stage=stage)

    def print_pdf(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        # The job's name in the print queue, and the file "Print to File (PDF)" proposes
        # (else "print.pdf" in the home folder, whatever the case).
        printer.setDocName(Path(self.shown_file_name()).stem)
        dialog = QPrintDialog(printer, self)
        dialog.accepted.connect(lambda: self._print_to(printer))
        self.print_dialog = dialog
        # PySide6's QPrintDialog.open() is only the (receiver, member) overload and raises
        # TypeError without them; QDialog.open is the window-modal, non-blocking one.
        QDialog.open(dialog)

    def _print_to(self, printer: QPrinter) -> None:
        """Print page by page with progress (see PagePrinter); Cancel aborts the job.
        "Print to File (PDF)" writes the filing's own PDF to the chosen file instead."""
        if self.busy:  # one rendering or print job at a time
            return
        target = pdf_file_of(printer)
        if target is not None:
            self._print_to_file(target)
            return
        self.progress.setValue(0)
        self.progress_row.setVisible(True)
        self.generate_button.setEnabled(False)
        self.print_button.setEnabled(False)
        self.cancel_button.setText(CANCEL_PRINTING)
        self.cancel_button.setEnabled(True)
        self.status.setText("Printing…")
        shown, actor, regime, db = self._recorded_filing(), self.actor, self.shown_regime, \
            self.runner.db
        printer_name = printer.printerName()

        def painted(pages: int) -> None:
            self._print_finished()
            self.status.setText(f"Printed {counted(pages, 'page')}.")
            if shown is None:
                self.printed.emit(pages)
                return
            # Recorded as a saved filing is, once the pages have gone out (on a worker).
            from approvals.services.filings import record_filing_printed

            def recorded(unrecorded: str) -> None:
                if unrecorded:
                    self.status.setText(f"Printed {counted(pages, 'page')}. The audit trail "
                                        f"could not record the print: {unrecorded}")
                else:
                    self.recorded.emit()
                self.printed.emit(pages)

            self.tasks.run(lambda _progress: record_print(db, lambda session: (
                record_filing_printed(session, actor=actor, rendered=shown, pages=pages,
                                      printer=printer_name, regime=regime)), "filing"),
                           recorded)

        def failed(exc: BaseException) -> None:
            self._print_finished()
            show_error(self, "The filing could not be printed", exc)

        self._printing = print_pages(self.pdf, printer, self, failed=failed, finished=painted,
                                     progressed=self._progress_of_new_job())
        self._explain_buttons()

    def _recorded_filing(self) -> Any:
        """The rendered filing whose PDF is shown, to name in the audit trail; None when
        the bytes shown did not come from the filings service (nothing to record)."""
        shown = self.shown
        return shown if shown is not None and bytes(shown.pdf) == self.pdf else None

    def _print_to_file(self, target: Path) -> None:
        """The PDF as generated (the file Save as… writes: searchable text, embedded fonts,
        a fraction of the size), not page images painted through the PDF printer; recorded
        in the audit trail as printed, the file replaced only when the record commits."""
        from approvals.services.filings import save_filing_pdf

        data, shown, actor, regime = self.pdf, self._recorded_filing(), self.actor, \
            self.shown_regime
        self.status.setText(f"Printing to {target}…")

        def done(pages: int) -> None:
            self.status.setText(f"Printed to {target}: the filing's PDF as generated, "
                                f"{counted(pages, 'page')}.")
            if shown is not None:
                self.recorded.emit()
            self.printed.emit(pages)

        def failed(exc: BaseException) -> None:
            self.status.setText(self.shown_status)  # the preview's, as a failed Save as…
            show_error(self, "The filing could not be printed to a file", exc)

        if shown is None:
            self.tasks.run(lambda _p: write_pdf_file(data, target), done, failed)
            return

        def record(session: Any) -> int:
            save_filing_pdf(session, actor=actor, rendered=shown, out=target, regime=regime,
                            printed=True)
            return int(shown.page_count)

        self.tasks.write(record, done, failed)

    def _print_finished(self) -> None:
        if self._printing is not None:
            self._printing.deleteLater()  # its renderer's thread and page images go too
            self._printing = None
        self.cancel_button.setText(CANCEL_RENDERING)
        self.print_button.setEnabled(bool(self.pdf))
        self._reset_buttons()

    def save_pdf(self) -> QFileDialog:
        return ask_save_file(self, FILINGS, title="Save the filing", name=self.shown_file_name(),
                             data_dir=self.runner.db.data_dir, chosen=self.save_pdf_to)

    def save_pdf_to(self, path: Path) -> None:
        """Write the PDF shown to `path`, recorded in the audit trail (the file replaced
        only when the record commits)."""
        from approvals.services.filings import save_filing_pdf

        data, target, shown = self.pdf, Path(path), self._recorded_filing()
        actor, regime = self.actor, self.shown_regime

        def saved(_result: Any) -> None:
            self.status.setText(f"Saved to {target}")
            if shown is not None:
                self.recorded.emit()

        def failed(exc: BaseException) -> None:
            show_error(self, "Could not save the filing", exc)

        if shown is None:
            def work(_progress: Any) -> None:
                from approvals.store.files import write_atomically

                write_atomically(target, data)  # an existing file stays whole if this fails

            self.tasks.run(work, saved, failed)
            return
        self.tasks.write(lambda session: save_filing_pdf(
            session, actor=actor, rendered=shown, out=target, regime=regime), saved, failed)

    def closeEvent(self, event: Any) -> None:
        self.cancel()
        super().closeEvent(event)

    def reject(self) -> None:
        # Esc hides the dialog without a close event: what runs stops as on Close (a print
        # job went on from a window nobody could see, with no Cancel to press).
        self.cancel()
        super().reject()



