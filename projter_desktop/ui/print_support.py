"""Printed documents in the app: File › Minutes (PDF)…, Attendance sheet (PDF)…,
Paper ballots (PDF)…, Export results….

``install(window)`` adds the menu entries and puts a :class:`PrintSupport` on
``window.print_support``. The workshop printed is, in this order: the one a page declared
with :meth:`PrintSupport.set_current_workshop`, the one opened or selected in the
Workshops page, or else the one the user picks in a small chooser.

A document is generated off the UI thread (``run_op``, with a cancellable progress
dialog) into a private temporary folder; a dialog then offers to save it as PDF, to open
it in the system viewer, to preview it or to print it. Printing goes through Qt: the PDF
pages are rendered to images with pypdfium2 and painted on the ``QPrinter`` pages.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
import weakref
from pathlib import Path
from typing import Any

from projter_desktop.services.errors import NotFoundError, UserError
from projter_desktop.ui.icons import icon
from projter_desktop.ui.operations import Cancelled, run_op
from projter_desktop.ui.qt import (
    QAction,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QObject,
    QPushButton,
    QSpinBox,
    Qt,
    QtCore,
    QtGui,
    QVBoxLayout,
    QWidget,
)

__all__ = ["DocumentDialog", "PrintSupport", "RoundChooser", "WorkshopChooser", "install", "paint_pdf"]

UUID_ROLE = Qt.ItemDataRole.UserRole + 1
PREVIEW_DPI = 110
PRINT_DPI = 300


def install(window: Any) -> PrintSupport:
    """Add the print entries to the File menu; the object is ``window.print_support``."""
    support = PrintSupport(window)
    window.print_support = support
    return support


def _slug(text: str, limit: int = 60) -> str:
    """A file-name-safe form of ``text`` (accents kept off, spaces as dashes)."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    plain = re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").lower()
    return plain[:limit].rstrip("-") or "atelier"


# --------------------------------------------------------------------------- rendering


def _qimage(bitmap: Any) -> QtGui.QImage:
    formats = {
        "BGRX": QtGui.QImage.Format.Format_RGB32,
        "BGRA": QtGui.QImage.Format.Format_ARGB32,
        "RGBX": QtGui.QImage.Format.Format_RGBX8888,
        "RGBA": QtGui.QImage.Format.Format_RGBA8888,
        "BGR": QtGui.QImage.Format.Format_BGR888,
        "RGB": QtGui.QImage.Format.Format_RGB888,
        "L": QtGui.QImage.Format.Format_Grayscale8,
    }
    image = QtGui.QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, formats[bitmap.mode])
    return image.copy()  # own the pixels: the bitmap's buffer is freed with it


def render_page(pdf_path: Path | str, index: int, dpi: float) -> QtGui.QImage:
    """Page ``index`` of a PDF as an image at ``dpi``."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf_path))
    try:
        page = document[index]
        return _qimage(page.render(scale=dpi / 72, prefer_bgrx=True))
    finally:
        document.close()


def paint_pdf(printer: Any, pdf_path: Path | str, dpi: float = PRINT_DPI) -> int:
    """Paint every page of the PDF on ``printer`` (one printer page each); return the count.

    Each page is rendered at ``dpi`` (at most the printer's resolution) and scaled to the
    printer's paintable area, keeping its proportions, centred.
    """
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf_path))
    painter = QtGui.QPainter()
    if not painter.begin(printer):
        document.close()
        raise UserError("L'imprimante n'a pas pu être ouverte.")
    try:
        resolution = min(float(dpi), float(printer.resolution()))
        count = len(document)
        for index in range(count):
            if index:
                printer.newPage()
            image = _qimage(document[index].render(scale=resolution / 72, prefer_bgrx=True))
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x = area.x() + (area.width() - size.width()) // 2
            y = area.y() + (area.height() - size.height()) // 2
            painter.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QtCore.QRect(x, y, size.width(), size.height()), image)
        return count
    finally:
        painter.end()
        document.close()


def _new_printer() -> Any:
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QtGui.QPageSize(QtGui.QPageSize.PageSizeId.A4))
    printer.setFullPage(True)  # the PDF carries its own margins
    return printer


# --------------------------------------------------------------------------- dialogs


class WorkshopChooser(QDialog):
    """Pick a workshop when the window has no current one."""

    def __init__(self, summaries: list, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workshopChooser")
        self.setWindowTitle(self.tr("Choose a workshop"))
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("Which workshop?"), self)
        layout.addWidget(label)
        self.list = QListWidget(self)
        self.list.setObjectName("workshopChoices")
        self.list.setAccessibleName(self.tr("Workshops"))
        label.setBuddy(self.list)
        for summary in summaries:
            when = summary.starts_at.astimezone().strftime("%d/%m/%Y") if summary.starts_at else "—"
            item = QListWidgetItem(f"{summary.title}  ({when})", self.list)
            item.setData(UUID_ROLE, summary.uuid)
        if summaries:
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(480, 320)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(UUID_ROLE)) if item is not None else None


class RoundChooser(QDialog):
    """Pick the round to print ballots for, and how many ballots."""

    def __init__(self, rounds: list, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roundChooser")
        self.setWindowTitle(self.tr("Paper ballots"))
        form = QFormLayout(self)
        self.rounds = QComboBox(self)
        self.rounds.setObjectName("roundChoices")
        for record in sorted(rounds, key=lambda r: r.number):
            self.rounds.addItem(self.tr("Round %1 — %2").replace("%1", str(record.number)).replace("%2", record.title),
                                record.number)
        form.addRow(self.tr("&Round:"), self.rounds)
        self.copies = QSpinBox(self)
        self.copies.setObjectName("ballotCopies")
        self.copies.setRange(0, 2000)
        self.copies.setSpecialValueText(self.tr("One per expected voice"))
        self.copies.setValue(0)
        form.addRow(self.tr("&Ballots:"), self.copies)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def round_number(self) -> int | None:
        data = self.rounds.currentData()
        return int(data) if data is not None else None

    def copies_wanted(self) -> int | None:
        return self.copies.value() or None


class DocumentDialog(QDialog):
    """A document is ready: save it, open it, preview it, print it."""

    def __init__(self, document: Any, message: str, support: PrintSupport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentDialog")
        self.document = document
        self.support = support
        self.setWindowTitle(document.title)
        layout = QVBoxLayout(self)
        self.message = QLabel(message, self)
        self.message.setObjectName("documentMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.save_button = self._button(row, "pdf", self.tr("&Save as PDF…"), self.save_as, "saveButton")
        self.open_button = self._button(row, "pdf", self.tr("&Open in the system viewer"), self.open_viewer,
                                        "openButton")
        self.preview_button = self._button(row, "print", self.tr("Print pre&view…"), self.preview, "previewButton")
        self.print_button = self._button(row, "print", self.tr("&Print…"), self.print_document, "printButton")
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.saved_to: Path | None = None

    def _button(self, row: QHBoxLayout, icon_name: str, text: str, slot: Any, name: str) -> QPushButton:
        button = QPushButton(icon(icon_name), text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def save_as(self) -> None:
        from projter_desktop.services import reports as report_service

        suggested = str(Path.home() / self.support.suggested_name(self.document))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the document"), suggested,
                                              self.tr("PDF document (*.pdf)"))
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            self.saved_to = report_service.copy_file(self.document.path, target)
        except UserError as exc:
            self.support.show_error(self.tr("The document could not be saved."), str(exc))
            return
        message = self.tr("Saved to %1").replace("%1", str(self.saved_to))
        self.message.setText(message)
        self.support.status(message)

    def open_viewer(self) -> None:
        url = QtCore.QUrl.fromLocalFile(str(self.saved_to or self.document.path))
        if not QtGui.QDesktopServices.openUrl(url):
            self.support.show_error(self.tr("No application could open the PDF."),
                                    self.tr("Save it as PDF and open it with a PDF reader."))

    def preview(self) -> None:
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        printer = _new_printer()
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print preview — %1").replace("%1", self.document.title))
        dialog.paintRequested.connect(lambda p: self._paint(p, PREVIEW_DPI))
        dialog.exec()

    def print_document(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog

        printer = _new_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print %1").replace("%1", self.document.title))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._paint(printer, PRINT_DPI)

    def _paint(self, printer: Any, dpi: float) -> None:
        try:
            paint_pdf(printer, self.document.path, dpi)
        except ImportError:
            self.support.show_error(self.tr("Printing from the application is not available on this computer."),
                                    self.tr("Save the document as PDF and print it from a PDF reader."))
        except (UserError, OSError) as exc:
            self.support.show_error(self.tr("The document could not be printed."), str(exc))


# --------------------------------------------------------------------------- the feature


class PrintSupport(QObject):
    """The File menu's print entries and the documents they make."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("printSupport")
        self.window = window
        self._current: str | None = None
        self._folder = Path(tempfile.mkdtemp(prefix="projter-print-"))
        weakref.finalize(self, shutil.rmtree, str(self._folder), True)
        self.last_dialog: DocumentDialog | None = None
        self.last_document: Any = None

        self.act_minutes = self._action("pdf", self.tr("Minu&tes (PDF)…"), self.print_minutes, "actionMinutes",
                                        self.tr("The minutes of the workshop: attendance, results, decisions"),
                                        QKeySequence(QKeySequence.StandardKey.Print))
        self.act_attendance = self._action("print", self.tr("&Attendance sheet (PDF)…"), self.print_attendance_sheet,
                                           "actionAttendanceSheet",
                                           self.tr("The sheet participants sign, grouped by commune"))
        self.act_ballots = self._action("print", self.tr("Paper &ballots (PDF)…"), lambda: self.print_ballots(),
                                        "actionBallots", self.tr("Ballots to print and cut for a voting round"))
        self.act_results = self._action("export", self.tr("Export result&s…"), self.export_results,
                                        "actionExportResults",
                                        self.tr("The results of every round as an Excel workbook or CSV file"))
        menu = window.menu_file
        actions = [self.act_minutes, self.act_attendance, self.act_ballots, self.act_results]
        quit_action = getattr(window, "act_quit", None)
        if quit_action is not None and quit_action in menu.actions():
            for action in actions:
                menu.insertAction(quit_action, action)
            menu.insertSeparator(quit_action)
        else:
            menu.addSeparator()
            for action in actions:
                menu.addAction(action)

    def _action(self, icon_name: str, text: str, slot: Any, name: str, tip: str,
                shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(icon(icon_name), text, self.window)
        action.setObjectName(name)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    # -- the workshop ----------------------------------------------------------------------
    @property
    def db(self) -> Any:
        return self.window.db

    def set_current_workshop(self, uuid: str | None) -> None:
        """Pages call this with the workshop they show (None: no particular one)."""
        self._current = uuid

    def current_workshop(self) -> str | None:
        if self._current:
            return self._current
        page = getattr(self.window, "workshops_page", None)
        getter = getattr(page, "current_workshop_uuid", None)
        return getter() if callable(getter) else None

    def choose_workshop(self) -> str | None:
        """The current workshop if it still exists, else the one the user picks."""
        from projter_desktop.services import workshops as workshop_service

        uuid = self.current_workshop()
        if uuid:
            try:
                workshop_service.get_workshop(self.db, uuid)
                return uuid
            except NotFoundError:
                self._current = None
        summaries = workshop_service.list_workshops(self.db)
        if not summaries:
            self.show_error(self.tr("There is no workshop yet."),
                            self.tr("Create a workshop first (File › New workshop…)."))
            return None
        if len(summaries) == 1:
            return summaries[0].uuid
        chooser = WorkshopChooser(summaries, self.window)
        if chooser.exec() != QDialog.DialogCode.Accepted:
            return None
        return chooser.chosen()

    # -- messages --------------------------------------------------------------------------
    def status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10000)

    def show_error(self, message: str, details: str | None = None) -> None:
        self.window.show_error(message, details)

    def _failed(self, what: str) -> Any:
        def failed(exc: BaseException) -> None:
            if isinstance(exc, Cancelled):
                self.status(self.tr("Cancelled."))
            elif isinstance(exc, UserError):
                self.show_error(what, str(exc))
            else:
                self.show_error(what, f"{type(exc).__name__}: {exc}")
        return failed

    def suggested_name(self, document: Any) -> str:
        return f"{_slug(document.path.stem)}.pdf"

    # -- documents -------------------------------------------------------------------------
    def _temporary(self, prefix: str, workshop_uuid: str) -> Path:
        from projter_desktop.services import workshops as workshop_service

        try:
            title = workshop_service.get_workshop(self.db, workshop_uuid).title
        except UserError:
            title = workshop_uuid[:8]
        return self._folder / f"{prefix}-{_slug(title)}.pdf"

    def _generate(self, label: str, work: Any, ready: Any) -> None:
        """Run ``work(token)`` with a progress dialog, then show the document's dialog with
        the message ``ready(pages)``."""
        def done(document: Any) -> None:
            self.last_document = document
            message = ready(document.pages)
            self.status(message)
            dialog = DocumentDialog(document, message, self, self.window)
            self.last_dialog = dialog
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

        run_op(self.window, work, done, self._failed(self.tr("The document could not be made.")),
               progress_label=label)

    @staticmethod
    def _progress(token: Any) -> Any:
        # the services' own (French) labels are not shown: the dialog keeps its translated one
        return lambda done, total, _label: token.report(done, total)

    def print_minutes(self) -> None:
        from projter_desktop.services import reports as report_service

        uuid = self.choose_workshop()
        if not uuid:
            return
        path, db = self._temporary("compte-rendu", uuid), self.db
        self._generate(self.tr("Preparing the minutes…"),
                       lambda token: report_service.write_minutes(db, uuid, path, progress=self._progress(token)),
                       lambda pages: self.tr("The minutes are ready: %n page(s).", "", pages))

    def print_attendance_sheet(self) -> None:
        from projter_desktop.services import reports as report_service

        uuid = self.choose_workshop()
        if not uuid:
            return
        path, db = self._temporary("emargement", uuid), self.db
        self._generate(self.tr("Preparing the attendance sheet…"),
                       lambda token: report_service.write_attendance_sheet(db, uuid, path,
                                                                           progress=self._progress(token)),
                       lambda pages: self.tr("The attendance sheet is ready: %n page(s).", "", pages))

    def print_ballots(self, round_number: int | None = None, copies: int | None = None) -> None:
        from projter_desktop.services import reports as report_service
        from projter_desktop.services import workshops as workshop_service

        uuid = self.choose_workshop()
        if not uuid:
            return
        if round_number is None:
            rounds = workshop_service.get_workshop(self.db, uuid).rounds
            if not rounds:
                self.show_error(self.tr("This workshop has no voting round yet."),
                                self.tr("Create a round first; its ballots can then be printed."))
                return
            chooser = RoundChooser(list(rounds), self.window)
            if chooser.exec() != QDialog.DialogCode.Accepted:
                return
            round_number, copies = chooser.round_number(), chooser.copies_wanted()
            if round_number is None:
                return
        path, db = self._temporary(f"bulletins-tour-{round_number}", uuid), self.db
        number = int(round_number)
        self._generate(self.tr("Preparing the ballots…"),
                       lambda token: report_service.write_ballots(db, uuid, number, path, copies=copies,
                                                                  progress=self._progress(token)),
                       lambda pages: self.tr("The ballots of round %1 are ready: %n page(s).", "", pages)
                       .replace("%1", str(number)))

    def export_results(self) -> None:
        from projter_desktop.services import reports as report_service
        from projter_desktop.services import workshops as workshop_service

        uuid = self.choose_workshop()
        if not uuid:
            return
        try:
            title = workshop_service.get_workshop(self.db, uuid).title
        except UserError as exc:
            self.show_error(str(exc))
            return
        xlsx_filter, csv_filter = self.tr("Excel workbook (*.xlsx)"), self.tr("CSV for Excel (*.csv)")
        path, chosen_filter = QFileDialog.getSaveFileName(
            self.window, self.tr("Export the results"), str(Path.home() / f"resultats-{_slug(title)}.xlsx"),
            f"{xlsx_filter};;{csv_filter}")
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in report_service.RESULT_SUFFIXES:
            target = target.with_name(target.name + (".csv" if chosen_filter == csv_filter else ".xlsx"))
        db = self.db

        def done(document: Any) -> None:
            self.last_document = document
            self.status(self.tr("Results exported to %1").replace("%1", str(document.path)))

        run_op(self.window, lambda token: report_service.export_results(db, uuid, target,
                                                                         progress=self._progress(token)),
               done, self._failed(self.tr("The results could not be exported.")),
               progress_label=self.tr("Exporting the results…"))
