"""Opening the database for the GUI, safely.

:func:`open_database_for_gui` does, in order:

1. the instance lock: a second window on the same database is refused with a clear
   dialog (two windows writing one workshop would each show a different truth); under
   it, what an interrupted restore, backup or upgrade left beside the file is finished,
   undone or cleaned, and the user told (``services.recovery``);
2. SQLite's quick check (on another thread while the main window's modules are
   imported): a damaged file is never opened nor overwritten; the user is
   offered the newest valid backup, and only once they accept is the damaged file kept
   aside (``<name>.damaged-<time>``) and the backup put in its place by one rename;
3. opening (migrations, bundled plan for a new database);
4. the start-up backup (skipped when nothing changed since the newest backup), on a
   worker thread once the event loop runs, i.e. once the window is shown: it copies,
   checks and fingerprints the whole file (about 0.4 s for a season of 100 workshops),
   which the first screen does not need. The copy is SQLite's online backup, consistent
   even if a change is made meanwhile; a failure is shown in a warning as before.

:func:`close_database_for_gui` waits for that backup, closes the database and releases
the lock.
"""

from __future__ import annotations

import threading
from pathlib import Path

from projter_desktop import APP_NAME
from projter_desktop.services import backup
from projter_desktop.services.database import Database, open_app_database
from projter_desktop.services.errors import UserError
from projter_desktop.services.instance import GUI_PROGRAM, DatabaseInUseError, InstanceLock, acquire_instance_lock
from projter_desktop.ui.qt import QCoreApplication, QMessageBox, QTimer, QWidget

#: Locks held for the databases opened here, by resolved path (a restore replaces the
#: Database object of the window, not its file).
_locks: dict[Path, InstanceLock] = {}
#: Start-up backups scheduled or running, by resolved path of the database.
_backups: dict[Path, _StartupBackup] = {}


def _key(path: Path) -> Path:
    return Path(path).expanduser().resolve()


def _show(kind: str, parent: QWidget | None, message: str, details: str) -> None:
    getattr(QMessageBox, kind)(parent, APP_NAME, message + "\n\n" + details)


def open_database_for_gui(path: Path | str | None, parent: QWidget | None = None) -> Database | None:
    """The opened database, or None when it cannot (or must not) be used; every refusal
    has been explained to the user in a dialog."""
    from projter_desktop.paths import default_db_path

    target = Path(path).expanduser() if path else default_db_path()
    from projter_desktop.services.database import write_problem_of

    problem = write_problem_of(target)  # read-only file or folder, a folder, no permission: not "in use"
    if problem is not None:
        _show("critical", parent, QCoreApplication.translate("Startup", "The database cannot be opened."), problem.message)
        return None
    try:
        lock = acquire_instance_lock(target, program=GUI_PROGRAM)
    except DatabaseInUseError as exc:
        _show("critical", parent, QCoreApplication.translate("Startup", "This database is already in use."), str(exc))
        return None
    except UserError as exc:
        _show("critical", parent, QCoreApplication.translate("Startup", "The database cannot be opened."), str(exc))
        return None
    try:
        _recover(target, parent)
        db = _open(target, parent)
    except BaseException:
        lock.release()
        raise
    if db is None:
        lock.release()
        return None
    _locks[_key(db.path)] = lock
    _startup_backup(db, parent)
    return db


def close_database_for_gui(db: Database) -> None:
    """Close ``db`` (pass ``window.db``: it may be a new object after a restore) and
    release the instance lock of its file, once the start-up backup is over."""
    pending = _backups.pop(_key(db.path), None)
    if pending is not None:
        pending.finish()
    try:
        db.close()
    finally:
        lock = _locks.pop(_key(db.path), None)
        if lock is not None:
            lock.release()


def _recover(target: Path, parent: QWidget | None) -> None:
    """Finish or undo what an interrupted restore, backup or upgrade left beside the
    database (under the lock just taken), and say what was done."""
    from projter_desktop.services.recovery import DEBRIS, recover_by_kind

    done = recover_by_kind(target)
    notes = [note for kind, note in done if kind not in DEBRIS]  # a copy cut short: cleaned, not said
    if notes:
        _show("information", parent, QCoreApplication.translate(
            "Startup", "An operation was interrupted the last time (the computer stopped, or the disk was full). "
                       "It was dealt with:"), "\n\n".join(notes))


def _quick_check_meanwhile(target: Path) -> tuple[str, ...]:
    """SQLite's quick check of ``target``, made on another thread while this one imports
    the modules of the main window, needed next (the check reads the whole file in SQLite's
    C code, without Python's lock: about 80 ms for a season of 100 workshops, now spent
    alongside the imports rather than before them). Nothing is opened before the result."""
    outcome: list[tuple[str, ...] | BaseException] = []

    def check() -> None:
        try:
            outcome.append(backup.quick_check(target))
        except BaseException as exc:  # raised again below, on this thread
            outcome.append(exc)

    worker = threading.Thread(target=check, name="projter-quick-check", daemon=True)
    worker.start()
    try:
        import projter_desktop.ui.main_window  # noqa: F401
    except Exception:  # noqa: BLE001 - imported again, and its error shown, where it is used
        pass
    worker.join()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def _open(target: Path, parent: QWidget | None) -> Database | None:
    try:
        problems = _quick_check_meanwhile(target) if target.is_file() and target.stat().st_size else ()
        if problems and not _offer_restore(target, problems, parent):
            return None
        return open_app_database(target)
    except UserError as exc:
        _show("critical", parent, QCoreApplication.translate("Startup", "The database cannot be opened."), str(exc))
        return None


def _offer_restore(target: Path, problems: tuple[str, ...], parent: QWidget | None) -> bool:
    """Ask to restore the newest valid backup of a damaged database; True once restored."""
    newest = backup.newest_valid_backup(target)
    details = backup.damaged_message(target, problems, newest)
    if newest is None:
        _show("critical", parent, QCoreApplication.translate(
            "Startup", "The database is damaged and no valid backup was found. The file was left untouched: "
                       "keep it, and ask for help before doing anything else with it."), details)
        return False
    question = "\n\n".join((
        QCoreApplication.translate("Startup", "The database is damaged. Restore the newest valid backup?"),
        details,
        QCoreApplication.translate("Startup", "The damaged file will be kept aside, renamed, and not deleted.")))
    answer = QMessageBox.question(parent, APP_NAME, question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.Yes)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        result = backup.restore(target, newest.path)
    except UserError as exc:
        _show("critical", parent, QCoreApplication.translate("Startup", "The backup could not be restored."), str(exc))
        return False
    _show("information", parent,
          QCoreApplication.translate("Startup", "The backup was restored. The damaged file was kept as:"),
          str(result.damaged_aside or ""))
    return True


def _startup_backup(db: Database, parent: QWidget | None) -> None:
    if db.created:
        return  # a new database holds nothing worth a copy yet
    job = _StartupBackup(db, parent)
    _backups[_key(db.path)] = job
    from projter_desktop.ui import operations

    if getattr(operations, "_synchronous", False):  # tests: at once, deterministic
        job.start()
    else:
        QTimer.singleShot(0, job.start)  # the first turn of the event loop: the window is shown


class _StartupBackup:
    """The start-up backup of one database, run by :func:`operations.run_op` (a worker
    thread, or at once when operations run synchronously)."""

    def __init__(self, db: Database, parent: QWidget | None) -> None:
        self.db = db
        self.parent = parent
        self.started = False
        self.done = threading.Event()

    def start(self) -> None:
        if self.started:  # already made at closing (see finish)
            return
        self.started = True
        from projter_desktop.ui import settings
        from projter_desktop.ui.operations import run_op

        keep = settings.BACKUPS_TO_KEEP.get()
        run_op(None, lambda _token: self._run(keep), lambda _path: None, self._failed)

    def _run(self, keep: int) -> Path:
        try:
            return backup.backup_now(self.db, reason=backup.STARTUP, keep=keep, skip_if_unchanged=True)
        finally:
            self.done.set()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc
        _show("warning", self.parent, QCoreApplication.translate(
            "Startup", "The start-up backup failed. You can go on working; back up by hand soon."), str(exc))

    def finish(self) -> None:
        """Before the database is closed: wait for the end of the backup; make it now if
        the event loop never ran (no start is left without its backup)."""
        if not self.started:
            self.started = True
            from projter_desktop.ui import settings

            try:
                self._run(settings.BACKUPS_TO_KEEP.get())
            except UserError as exc:
                self._failed(exc)
        self.done.wait()
