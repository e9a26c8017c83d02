"""Running services: the one change path (:func:`perform`) and jobs off the UI thread
(after Anki's QueryOp/CollectionOp).

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

from projter_desktop.services.changes import Changes
from projter_desktop.services.errors import UserError
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


# --------------------------------------------------------------------------- the change path


def _changes_of(outcome: Any) -> tuple[Any, Changes]:
    """(value, changes) of what a service returned: ``Changes``, ``Result``, or an object
    with a ``changes`` attribute (e.g. ``RecordedBallot``)."""
    if isinstance(outcome, Changes):
        return outcome, outcome
    changes = getattr(outcome, "changes", None)
    if isinstance(changes, Changes):
        return getattr(outcome, "value", outcome), changes
    return outcome, Changes()


def perform(
    window: Any,
    op: Any,
    *,
    initiator: Any = None,
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[str], None] | None = None,
    failure_title: str | None = None,
    background: bool = False,
    progress_label: str | None = None,
) -> bool:
    """The one path of every change made from the GUI (Anki's ``CollectionOp``).

    ``op`` is an undoable command (``ui.undo.ServiceCommand``: performed, then pushed on the
    window's undo stack) or a callable ``op()`` that calls a service and returns its
    ``Changes`` or ``Result``. On success the changes are broadcast once on
    ``window.changed`` with ``initiator``, then ``on_success(value)`` runs. A refusal
    (``UserError``) or any other failure (database busy, disk full…) is never silent:
    ``on_failure(message)`` shows it where the user looks (e.g. under the ballot), else a
    message box titled ``failure_title`` does; nothing is pushed nor broadcast.

    ``background=True`` runs a callable on the worker thread (long jobs), with a cancellable
    progress dialog when ``progress_label`` is given; commands always run at once (they are
    the room's short changes, and the undo stack lives on the UI thread).

    Returns whether the change was made (always False for a background job, which reports
    through the callbacks).
    """
    from projter_desktop.ui.undo import ServiceCommand  # the undo module imports this one

    def failed(exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, UserError):
            message = str(exc)
        else:
            traceback.print_exception(exc)
            message = QCoreApplication.translate(
                "Operations", "The change could not be saved (%1). Nothing was recorded; try again.") \
                .replace("%1", str(exc) or type(exc).__name__)
        if on_failure is not None:
            on_failure(message)
        else:
            window.show_error(failure_title or QCoreApplication.translate("Operations", "The change was refused."),
                              message)

    def succeeded(outcome: Any) -> None:
        value, changes = _changes_of(outcome)
        if changes:
            window.changed.emit(changes.with_initiator(initiator))
        if on_success is not None:
            on_success(value)

    if isinstance(op, ServiceCommand):
        try:
            changes = window.undo_stack.execute(op)
        except Exception as exc:  # noqa: BLE001 — every failure is shown (see above)
            failed(exc)
            return False
        if changes:
            op.notify(changes.with_initiator(initiator))
        if on_success is not None:
            on_success(op)
        return True
    if background:
        run_op(window, lambda _token: op(), succeeded, failed, progress_label=progress_label)
        return False
    try:
        outcome = op()
    except Exception as exc:  # noqa: BLE001
        failed(exc)
        return False
    succeeded(outcome)
    return True
