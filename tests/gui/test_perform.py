"""``ui.operations.perform``, the one change path, for long jobs too: progress and Cancel of
a background op (``op(token)``), the details of a refused file, an unexpected failure said
in French, and a cancelled job that is said and broadcasts nothing."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from projter_desktop.services.changes import Changes
from projter_desktop.services.errors import InvalidFileError, UserError
from projter_desktop.ui import operations
from projter_desktop.ui.main_window import MainWindow
from projter_desktop.ui.operations import CancelToken, perform
from projter_desktop.ui.qt import QApplication, QMessageBox, QProgressDialog, QPushButton

REFUSED = "Le fichier « liste.csv » a été refusé ; rien n'a été importé."
DETAILS = "liste.csv, ligne 2, colonne « poids » : « beaucoup » n'est pas un nombre.\nliste.csv, ligne 3 : nom vide."


@pytest.fixture
def synchronous():  # type: ignore[no-untyped-def]
    operations.set_synchronous(True)
    yield
    operations.set_synchronous(False)


@pytest.fixture
def window(qtbot, db, monkeypatch):  # type: ignore[no-untyped-def]
    win = MainWindow(db)
    qtbot.addWidget(win)
    win.broadcast = []
    win.changed.connect(win.broadcast.append)
    win.boxes = []  # (text, informative text) of every message box, as the user reads it
    monkeypatch.setattr(QMessageBox, "exec", lambda box: win.boxes.append((box.text(), box.informativeText())) or 0)
    return win


def _progress_dialog(window: MainWindow) -> QProgressDialog:
    return window.findChildren(QProgressDialog)[-1]


def _press_cancel(dialog: QProgressDialog) -> None:
    dialog.findChild(QPushButton).click()


def test_a_background_job_moves_its_progress_and_stops_on_cancel(window, synchronous) -> None:  # type: ignore[no-untyped-def]
    seen, cancelled, succeeded = [], [], []

    def work(token: CancelToken) -> Changes:
        token.report(1, 3, "Ligne 1")
        dialog = _progress_dialog(window)
        seen.append((dialog.maximum(), dialog.value(), dialog.labelText()))
        _press_cancel(dialog)
        token.report(2, 3, "Ligne 2")  # raises Cancelled
        return Changes(workshops=True)

    made = perform(window, work, background=True, progress_label="Import…", on_success=succeeded.append,
                   on_cancel=lambda: cancelled.append(True))
    assert made is False
    assert seen == [(3, 1, "Ligne 1")]
    assert cancelled == [True] and succeeded == [] and window.broadcast == [] and window.boxes == []


def test_a_cancelled_job_is_said_in_the_status_bar_by_default(window, synchronous) -> None:  # type: ignore[no-untyped-def]
    def work(token: CancelToken) -> Changes:
        token.cancelled = True
        token.check()
        return Changes(workshops=True)

    perform(window, work, background=True, progress_label="Import…")
    assert window.statusBar().currentMessage() == "Operation cancelled."
    assert window.broadcast == [] and window.boxes == []


def test_a_background_job_on_the_worker_thread_reports_and_is_cancelled(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    started = threading.Event()
    cancelled: list[bool] = []

    def work(token: CancelToken) -> Changes:
        for done in range(1, 1_000):  # 5 s at most
            token.report(done, 1_000, f"Ligne {done}")
            started.set()
            threading.Event().wait(0.005)
        return Changes(workshops=True)

    perform(window, work, background=True, progress_label="Import…", on_cancel=lambda: cancelled.append(True))
    dialog = _progress_dialog(window)
    qtbot.waitUntil(lambda: started.is_set() and dialog.value() > 0, timeout=5000)
    assert dialog.maximum() == 1_000 and dialog.labelText().startswith("Ligne ")
    _press_cancel(dialog)
    qtbot.waitUntil(lambda: cancelled == [True], timeout=5000)
    assert window.broadcast == [] and window.boxes == []


def test_a_background_job_broadcasts_its_changes_once(window, synchronous) -> None:  # type: ignore[no-untyped-def]
    values: list[object] = []

    def work(token: CancelToken) -> Changes:
        token.report(1, 1)
        return Changes(workshops=True)

    perform(window, work, background=True, progress_label="Import…", initiator=window, on_success=values.append)
    assert len(window.broadcast) == 1 and window.broadcast[0].workshops and window.broadcast[0].initiator is window
    assert len(values) == 1


@pytest.mark.parametrize("background", [False, True])
def test_the_details_of_a_refused_file_reach_the_message_box(window, synchronous, background) -> None:  # type: ignore[no-untyped-def]
    def op(*_token: CancelToken) -> Changes:
        raise InvalidFileError(REFUSED, DETAILS)

    assert perform(window, op, background=background) is False
    assert window.boxes == [(REFUSED, DETAILS)]
    assert window.broadcast == []


def test_a_refused_file_under_a_title_keeps_message_and_details(window, synchronous) -> None:  # type: ignore[no-untyped-def]
    def op() -> Changes:
        raise InvalidFileError(REFUSED, DETAILS)

    perform(window, op, failure_title="Import du plan")
    assert window.boxes == [("Import du plan", REFUSED + "\n\n" + DETAILS)]


def test_on_error_receives_the_exception(window, synchronous) -> None:  # type: ignore[no-untyped-def]
    received: list[tuple[str, BaseException]] = []

    def op(_token: CancelToken) -> Changes:
        raise InvalidFileError(REFUSED, DETAILS)

    perform(window, op, background=True, on_error=lambda message, exc: received.append((message, exc)))
    assert [(m, type(e), e.details) for m, e in received] == [(REFUSED, InvalidFileError, DETAILS)]
    assert window.boxes == [] and window.broadcast == []
    with pytest.raises(TypeError):
        perform(window, op, on_failure=print, on_error=print)


def test_a_refusal_goes_to_on_failure_as_before(window, synchronous) -> None:  # type: ignore[no-untyped-def]
    messages: list[str] = []

    def op() -> Changes:
        raise UserError("Le quorum n'est pas atteint.")

    perform(window, op, on_failure=messages.append)
    assert messages == ["Le quorum n'est pas atteint."] and window.boxes == [] and window.broadcast == []


@pytest.mark.parametrize("background", [False, True])
def test_an_unexpected_failure_is_said_in_french_and_nothing_is_broadcast(window, synchronous, background) -> None:  # type: ignore[no-untyped-def]
    from projter_desktop.ui.i18n import install_translations

    def op(*_token: CancelToken) -> Changes:
        raise sqlite3.OperationalError("database is locked")

    try:
        install_translations(QApplication.instance(), "fr")
        assert perform(window, op, background=background) is False
    finally:
        install_translations(QApplication.instance(), "en")
    # a fault of the database file: its own French message, saying what to do (issue 15)
    assert window.boxes == [("La modification a été refusée.",
                             "La base est occupée : un autre programme y écrit depuis plus de 5 s. Rien n'a été "
                             "enregistré. Attendez qu'il ait fini (ou fermez-le), puis réessayez.")]
    assert window.broadcast == []


@pytest.mark.parametrize("background", [False, True])
def test_an_unexpected_error_is_said_in_french_with_its_reason(window, synchronous, background) -> None:  # type: ignore[no-untyped-def]
    from projter_desktop.ui.i18n import install_translations

    def op(*_token: CancelToken) -> Changes:
        raise RuntimeError("boom")

    try:
        install_translations(QApplication.instance(), "fr")
        assert perform(window, op, background=background) is False
    finally:
        install_translations(QApplication.instance(), "en")
    assert window.boxes == [("La modification a été refusée.",
                             "La modification n’a pas pu être enregistrée (boom). Rien n’a été enregistré ; réessayez.")]
    assert window.broadcast == []


def test_the_cancel_message_is_french(window, synchronous) -> None:  # type: ignore[no-untyped-def]
    from projter_desktop.ui.i18n import install_translations

    def work(token: CancelToken) -> Changes:
        raise operations.Cancelled()

    try:
        install_translations(QApplication.instance(), "fr")
        perform(window, work, background=True)
        assert window.statusBar().currentMessage() == "Opération annulée."
    finally:
        install_translations(QApplication.instance(), "en")
    assert window.broadcast == []
