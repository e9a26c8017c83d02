"""Running services: the one change path (:func:`perform`, short changes and long jobs
alike) and jobs off the UI thread (after Anki's QueryOp/CollectionOp).

``run_op(parent, work, on_success, on_failure=..., progress_label=...)`` runs ``work(token)`` (a call
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
from projter_desktop.services.errors import InvalidFileError, UserError
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

    def update(done: int, total: int, label: str) -> None:
        if dialog is not None:
            dialog.setMaximum(total)
            dialog.setValue(done)
            if label:
                dialog.setLabelText(label)

    if _synchronous:
        token._progress = update
        try:
            result = work(token)
        except BaseException as exc:
            failed(exc)
        else:
            succeeded(result)
        return token

    signals = _Signals()
    _alive.add(signals)
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


def failure_message(exc: BaseException) -> str:
    """What the user is told of a failed change: a ``UserError``'s own (French) text; for a
    fault of the database file (busy beyond the timeout, disk full, I/O error, read-only…:
    ``services.database.fault_of``) its French message, which says that nothing was
    recorded and what to do; for anything else a translated "could not be saved (reason)".
    The traceback of what is not a ``UserError`` goes to stderr when there is one (a
    windowed app may have none: the message is said all the same)."""
    if isinstance(exc, UserError):
        return str(exc)
    try:
        traceback.print_exception(exc)
    except Exception:  # noqa: BLE001 - no stderr (frozen windowed app): the message matters more
        pass
    from projter_desktop.services.database import fault_of

    fault = fault_of(exc)
    if fault is not None:
        return fault.message
    return QCoreApplication.translate(
        "Operations", "The change could not be saved (%1). Nothing was recorded; try again.") \
        .replace("%1", str(exc) or type(exc).__name__)


def perform(
    window: Any,
    op: Any,
    *,
    initiator: Any = None,
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[str], None] | None = None,
    on_error: Callable[[str, BaseException], None] | None = None,
    on_cancel: Callable[[], None] | None = None,
    failure_title: str | None = None,
    background: bool = False,
    progress_label: str | None = None,
    progress_parent: QWidget | None = None,
) -> bool:
    """The one path of every change made from the GUI (Anki's ``CollectionOp``).

    **What runs.** ``op`` is one of:

    - an undoable command (``ui.undo.ServiceCommand``): performed at once, then pushed on
      the window's undo stack (commands are the room's short changes, and the undo stack
      lives on the UI thread; ``background`` is ignored for them);
    - with ``background=False`` (the default), a callable ``op()`` with no argument, run at
      once on the UI thread;
    - with ``background=True``, a callable ``op(token)`` taking the job's
      :class:`CancelToken`, run on the worker thread (long jobs: imports, the demo, a
      restore). It calls ``token.report(done, total, label)`` to move the progress dialog
      (shown over ``progress_parent``, else the window, when ``progress_label`` is given)
      and raises :class:`Cancelled` (``token.report``/``token.check`` do) once the user
      pressed Cancel. The rule is by ``background`` alone, never by inspecting ``op``.

    A callable calls a service and returns its ``Changes``, a ``Result`` or an object with
    a ``changes`` attribute.

    **Success.** The changes are broadcast once on ``window.changed`` with ``initiator``,
    then ``on_success(value)`` runs.

    **Failure**, never silent; nothing is pushed nor broadcast. The message is the
    ``UserError``'s own text (services speak French), or for anything else (database
    busy, disk full…) a translated "could not be saved (reason)". It goes to

    - ``on_failure(message)`` when given (e.g. shown under the ballot), or
    - ``on_error(message, exc)`` when given, for callers that need the exception itself
      (at most one of the two), or else
    - a message box (``window.show_error(text, details)``): ``failure_title`` (default
      "The change was refused.") over the message; an ``InvalidFileError`` shows its
      ``details`` (what is wrong, line by line) under its message.

    **Cancel.** A job stopped by :class:`Cancelled` changed nothing and broadcasts
    nothing; ``on_cancel()`` runs, else the status bar says "Operation cancelled.".

    Returns whether the change was made (always False for a background job, which reports
    through the callbacks).
    """
    from projter_desktop.ui.undo import ServiceCommand  # the undo module imports this one

    if on_failure is not None and on_error is not None:
        raise TypeError("perform() takes on_failure or on_error, not both")

    def cancelled() -> None:
        if on_cancel is not None:
            on_cancel()
        else:
            window.statusBar().showMessage(QCoreApplication.translate("Operations", "Operation cancelled."), 8000)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            cancelled()
            return
        message = failure_message(exc)
        if on_failure is not None:
            on_failure(message)
        elif on_error is not None:
            on_error(message, exc)
        else:
            details = exc.details if isinstance(exc, InvalidFileError) else ""
            if failure_title is not None:
                window.show_error(failure_title, "\n\n".join(part for part in (message, details) if part))
            elif details:
                window.show_error(message, details)
            else:
                window.show_error(QCoreApplication.translate("Operations", "The change was refused."), message)

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
        run_op(progress_parent if progress_parent is not None else window, op, succeeded, failed,
               progress_label=progress_label)
        return False
    try:
        outcome = op()
    except Exception as exc:  # noqa: BLE001
        failed(exc)
        return False
    succeeded(outcome)
    return True
