"""Running services off the UI thread (after Anki's QueryOp/CollectionOp).

``run_op(parent, work, on_success, on_failure=..., progress=...)`` runs ``work()`` (a call
into ``services/``) on a worker thread and delivers the result back on the UI thread.
Tests switch to synchronous execution with :func:`set_synchronous` so GUI tests stay
deterministic (as Spine Toolbox does).

SQLite connections are per thread in SQLAlchemy's pool, so services may run here safely.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from projter_desktop.ui.qt import QCoreApplication, QObject, QProgressDialog, QRunnable, Qt, QThreadPool, QWidget, Signal

_synchronous = False


def set_synchronous(value: bool) -> None:
    global _synchronous
    _synchronous = value


class Cancelled(Exception):
    """Raised inside work functions when the user pressed Cancel."""


class CancelToken:
    def __init__(self) -> None:
        self.cancelled = False
        self._progress: Callable[[int, int, str], None] | None = None

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled()

    def report(self, done: int, total: int, label: str = "") -> None:
        self.check()
        if self._progress is not None:
            self._progress(done, total, label)


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object, str)
    progressed = Signal(int, int, str)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.work()
        except BaseException as exc:  # delivered to the UI thread, never lost
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.finished.emit(result)


_alive: set[_Signals] = set()


def run_op(
    parent: QWidget | None,
    work: Callable[[CancelToken], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None] | None = None,
    *,
    progress_label: str | None = None,
) -> CancelToken:
    """Run ``work(token)`` in the background; ``progress_label`` shows a cancellable dialog."""
    token = CancelToken()
    dialog: QProgressDialog | None = None
    if progress_label is not None and parent is not None:
        dialog = QProgressDialog(progress_label, QCoreApplication.translate("Operations", "Cancel"), 0, 0, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(lambda: setattr(token, "cancelled", True))

    def finish_dialog() -> None:
        if dialog is not None:
            dialog.reset()
            dialog.deleteLater()

    def failed(exc: BaseException, _trace: str = "") -> None:
        finish_dialog()
        if on_failure is not None:
            on_failure(exc)
        elif not isinstance(exc, Cancelled):
            raise exc

    def succeeded(result: Any) -> None:
        finish_dialog()
        on_success(result)

    if _synchronous:
        try:
            result = work(token)
        except BaseException as exc:
            failed(exc)
        else:
            succeeded(result)
        return token

    signals = _Signals()
    _alive.add(signals)

    def update(done: int, total: int, label: str) -> None:
        if dialog is not None:
            dialog.setMaximum(total)
            dialog.setValue(done)
            if label:
                dialog.setLabelText(label)

    token._progress = signals.progressed.emit
    signals.progressed.connect(update)
    signals.finished.connect(lambda result: (_alive.discard(signals), succeeded(result)))
    signals.failed.connect(lambda exc, trace: (_alive.discard(signals), failed(exc, trace)))
    QThreadPool.globalInstance().start(_Job(lambda: work(token), signals))
    return token
