"""File › Minutes / Attendance sheet / Paper ballots / Export results, driven like a user:
file dialogs and the system viewer patched (as Vorta does), background work synchronous."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog

from projter_desktop.services import plans, reports, workshops
from projter_desktop.services.errors import UserError
from projter_desktop.ui import operations, print_support
from projter_desktop.ui.main_window import MainWindow

SAMPLES = Path(__file__).resolve().parents[1] / "reports" / "samples.py"


def samples():  # type: ignore[no-untyped-def]
    name = "projter_report_samples"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, SAMPLES)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def synchronous():  # type: ignore[no-untyped-def]
    operations.set_synchronous(True)
    yield
    operations.set_synchronous(False)


@pytest.fixture
def sample(db):  # type: ignore[no-untyped-def]
    return samples().build(db)


@pytest.fixture
def window(qtbot, db, sample, synchronous, monkeypatch):  # type: ignore[no-untyped-def]
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.errors = []
    monkeypatch.setattr(win, "show_error", lambda message, details=None: win.errors.append((message, details)))
    win.show()
    qtbot.waitExposed(win)
    return win


def support_of(win: MainWindow) -> print_support.PrintSupport:
    return getattr(win, "print_support", None) or print_support.install(win)


class Viewer:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: bool = True) -> None:
        self.opened: list[QUrl] = []
        self.answer = answer
        monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(self._open))

    def _open(self, url: QUrl) -> bool:
        self.opened.append(url)
        return self.answer


def save_dialog(monkeypatch: pytest.MonkeyPatch, path: Path | str, chosen_filter: str = "") -> list[tuple]:
    calls: list[tuple] = []

    def answer(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        return str(path), chosen_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return calls


def test_the_file_menu_offers_the_documents(window: MainWindow) -> None:
    support = support_of(window)
    actions = window.menu_file.actions()
    for action in (support.act_minutes, support.act_attendance, support.act_ballots, support.act_results):
        assert action in actions
        assert action.statusTip()
    assert actions.index(support.act_results) < actions.index(window.act_quit)
    assert support.act_minutes.shortcut().toString() == "Ctrl+P"


def test_minutes_are_made_then_saved_and_opened(window: MainWindow, sample, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    support = support_of(window)
    support.set_current_workshop(sample.workshop_uuid)
    support.act_minutes.trigger()
    dialog = support.last_dialog
    assert dialog is not None and dialog.isVisible() and window.errors == []
    pages = len(PdfReader(support.last_document.path).pages)
    assert str(pages) in dialog.message.text()
    assert support.last_document.path.parent == support._folder

    target = tmp_path / "Compte rendu"  # no suffix: .pdf is added
    calls = save_dialog(monkeypatch, target)
    dialog.save_button.click()
    saved = tmp_path / "Compte rendu.pdf"
    assert calls and saved.read_bytes() == support.last_document.path.read_bytes()
    assert str(saved) in dialog.message.text()
    assert str(saved) in window.statusBar().currentMessage()

    viewer = Viewer(monkeypatch)
    dialog.open_button.click()
    assert [u.toLocalFile() for u in viewer.opened] == [str(saved)]
    dialog.close()


def test_no_viewer_is_told(window: MainWindow, sample, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    support = support_of(window)
    support.set_current_workshop(sample.workshop_uuid)
    support.act_attendance.trigger()
    Viewer(monkeypatch, answer=False)
    support.last_dialog.open_button.click()
    assert window.errors and "PDF" in window.errors[-1][0] + (window.errors[-1][1] or "")
    support.last_dialog.close()


def test_the_workshop_comes_from_the_workshops_page(window: MainWindow, sample, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    support = support_of(window)
    page = window.workshops_page
    monkeypatch.setattr(page, "current_workshop_uuid", lambda: sample.workshop_uuid)
    support.set_current_workshop(None)
    support.act_attendance.trigger()
    text = PdfReader(support.last_document.path).pages[0].extract_text()
    assert "Feuille d'émargement" in text and "Hélène Œuvrard" in text
    support.last_dialog.close()


def test_a_chooser_asks_when_no_workshop_is_current(window: MainWindow, db, sample, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    support = support_of(window)
    plan = plans.get_plan(db)
    other = workshops.create_workshop(db, plan_uuid=plan.info.uuid, title="Un autre atelier").value
    monkeypatch.setattr(support, "current_workshop", lambda: None)
    shown: list[list[str]] = []

    def pick_other(chooser: print_support.WorkshopChooser) -> int:
        titles = [chooser.list.item(i).text() for i in range(chooser.list.count())]
        shown.append(titles)
        row = next(i for i, t in enumerate(titles) if t.startswith("Un autre atelier"))
        chooser.list.setCurrentRow(row)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(print_support.WorkshopChooser, "exec", pick_other)
    support.act_attendance.trigger()
    assert len(shown[0]) == 2
    assert "Un autre atelier" in PdfReader(support.last_document.path).pages[0].extract_text()
    support.last_dialog.close()

    monkeypatch.setattr(print_support.WorkshopChooser, "exec", lambda chooser: QDialog.DialogCode.Rejected)
    support.last_document = None
    support.act_minutes.trigger()
    assert support.last_document is None  # cancelled: nothing made
    assert other.uuid


def test_paper_ballots_for_the_chosen_round(window: MainWindow, sample, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    support = support_of(window)
    support.set_current_workshop(sample.workshop_uuid)

    def choose_round_three(chooser: print_support.RoundChooser) -> int:
        assert chooser.rounds.count() == len(samples().ROUNDS)
        chooser.rounds.setCurrentIndex(2)
        chooser.copies.setValue(4)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(print_support.RoundChooser, "exec", choose_round_three)
    support.act_ballots.trigger()
    text = " ".join(p.extract_text() for p in PdfReader(support.last_document.path).pages)
    assert text.count("Bulletin de vote — Tour 3") >= 4
    assert "round 3" in support.last_dialog.message.text().lower() or "3" in support.last_dialog.message.text()
    support.last_dialog.close()


def test_results_export(window: MainWindow, sample, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    support = support_of(window)
    support.set_current_workshop(sample.workshop_uuid)
    save_dialog(monkeypatch, tmp_path / "resultats", support.tr("CSV for Excel (*.csv)"))
    support.act_results.trigger()
    written = tmp_path / "resultats.csv"
    assert written.read_bytes().startswith(b"\xef\xbb\xbf")
    assert str(written) in window.statusBar().currentMessage()
    save_dialog(monkeypatch, tmp_path / "resultats.xlsx")
    support.act_results.trigger()
    assert (tmp_path / "resultats.xlsx").is_file()
    save_dialog(monkeypatch, "")
    support.act_results.trigger()  # cancelled file dialog: nothing happens
    assert window.errors == []


def test_failures_and_cancel_are_reported(window: MainWindow, sample, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    support = support_of(window)
    support.set_current_workshop(sample.workshop_uuid)

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise UserError("Impossible d'écrire « x.pdf » : disque plein.")

    monkeypatch.setattr(reports, "write_minutes", refuse)
    support.act_minutes.trigger()
    assert window.errors[-1][1] == "Impossible d'écrire « x.pdf » : disque plein."

    def cancelled(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise operations.Cancelled()

    monkeypatch.setattr(reports, "write_minutes", cancelled)
    count = len(window.errors)
    support.act_minutes.trigger()
    assert len(window.errors) == count


def test_progress_reaches_the_cancel_token(window: MainWindow, sample, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    support = support_of(window)
    support.set_current_workshop(sample.workshop_uuid)
    original = operations.CancelToken.report
    reported: list[tuple[int, int]] = []

    def report(token, done, total, label=""):  # type: ignore[no-untyped-def]
        reported.append((done, total))
        if len(reported) > 3:
            token.cancelled = True
        return original(token, done, total, label)

    monkeypatch.setattr(operations.CancelToken, "report", report)
    support.last_document = None
    support.act_minutes.trigger()
    assert len(reported) >= 4 and support.last_document is None
    assert not list(support._folder.glob("*.part"))


def test_pdf_pages_are_painted_on_the_printer(window: MainWindow, sample, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    support = support_of(window)
    support.set_current_workshop(sample.workshop_uuid)
    support.act_attendance.trigger()
    source = support.last_document.path
    pages = len(PdfReader(source).pages)

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_support.paint_pdf(printer, source, dpi=60) == pages
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == pages

    image = print_support.render_page(source, 0, 30)
    assert not image.isNull() and image.width() > 200

    def preview_exec(dialog: QPrintPreviewDialog) -> int:
        target = dialog.printer()
        target.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        target.setOutputFileName(str(tmp_path / "preview.pdf"))
        dialog.paintRequested.emit(target)
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", preview_exec)
    support.last_dialog.preview_button.click()
    assert len(PdfReader(tmp_path / "preview.pdf").pages) == pages
    assert window.errors == []
    support.last_dialog.close()


def test_slug_for_file_names() -> None:
    assert print_support._slug("Atelier « Économie & cœur » — l’avenir d’Alès") == "atelier-economie-c-ur-l-avenir-d-ales"
    assert print_support._slug("«»") == "atelier"
