"""Long changes (imports, the demo, a restore) on the one change path, with their progress.

:func:`perform_job` is ``operations.perform(..., background=True)`` for a ``work(token)``
that reports its progress and checks for Cancel through a :class:`~operations.CancelToken`:
``perform`` runs the service on the worker thread, shows a failure one way and broadcasts
the ``Changes`` once; this module only adds the cancellable progress dialog fed by the
token (``perform`` calls its ``op`` without one) and tells a cancel (``on_cancel``) and
the exception behind a failure (``on_failure(message, error)``: e.g. the per-line
``details`` of an ``InvalidFileError``) to the caller.

:class:`Attempt` keeps the exception of a short ``op`` given to ``perform`` for the same
reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from projter_desktop.ui.operations import Cancelled, CancelToken, perform
from projter_desktop.ui.qt import (
    QCoreApplication,
    QObject,
    QProgressDialog,
    Qt,
    QWidget,
    Signal,
)


class Attempt:
    """``op()`` as given to ``perform``, keeping the exception it raised in ``error``."""

    def __init__(self, op: Callable[[], Any]) -> None:
        self.op = op
        self.error: BaseException | None = None

    def __call__(self) -> Any:
        try:
            return self.op()
        except BaseException as exc:
            self.error = exc
            raise


class _Relay(QObject):
    progressed = Signal(int, int, str)


_CANCELLED = object()
_alive: set[_Relay] = set()


def perform_job(
    window: Any,
    work: Callable[[CancelToken], Any],
    *,
    progress_label: str,
    initiator: Any = None,
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[str, BaseException | None], None] | None = None,
    on_cancel: Callable[[], None] | None = None,
    failure_title: str | None = None,
    parent: QWidget | None = None,
) -> None:
    """Run ``work(token)`` (a call into ``services``) through ``perform`` on the worker
    thread, with a cancellable progress dialog over ``parent`` (the window by default)."""
    token = CancelToken()
    relay = _Relay()
    _alive.add(relay)
    dialog = QProgressDialog(progress_label, QCoreApplication.translate("Operations", "Cancel"), 0, 0,
                             parent if parent is not None else window)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.canceled.connect(lambda: setattr(token, "cancelled", True))

    def update(done: int, total: int, label: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        if label:
            dialog.setLabelText(label)

    relay.progressed.connect(update)
    token._progress = relay.progressed.emit
    attempt = Attempt(lambda: work(token))

    def op() -> Any:
        try:
            return attempt()
        except Cancelled:
            return _CANCELLED  # nothing changed: nothing is broadcast

    def finish() -> None:
        _alive.discard(relay)
        dialog.reset()
        dialog.deleteLater()

    def succeeded(value: Any) -> None:
        finish()
        if value is _CANCELLED:
            if on_cancel is not None:
                on_cancel()
        elif on_success is not None:
            on_success(value)

    def failed(message: str) -> None:
        finish()
        if on_failure is not None:
            on_failure(message, attempt.error)
        else:
            window.show_error(failure_title or QCoreApplication.translate("Operations", "The change was refused."),
                              message)

    perform(window, op, initiator=initiator, on_success=succeeded, on_failure=failed, background=True)
