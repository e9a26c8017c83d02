"""Opening the application's database: path resolution, migrations, bundled plan; what a
fault of the database file means for the user (:func:`fault_of`)."""

from __future__ import annotations

from pathlib import Path

from projter_desktop.paths import default_db_path
from projter_desktop.services.errors import StorageError, UserError
from projter_desktop.store.database import (
    BUSY,
    DAMAGED,
    FULL,
    IO_ERROR,
    IS_DIRECTORY,
    KNOWN_REVISIONS,
    PERMISSION,
    READ_ONLY,
    SCHEMA,
    SCHEMA_HEAD,
    Database,
    DatabaseError,
    DatabaseFaultError,
    Fault,
    describe_fault,
    open_database,
    read_problem,
    read_revision,
    write_problem,
)

__all__ = ["BUSY", "DAMAGED", "FULL", "IO_ERROR", "IS_DIRECTORY", "PERMISSION", "READ_ONLY", "SCHEMA",
           "Database", "Fault", "fault_of", "needs_upgrade", "open_app_database", "read_problem_of",
           "write_problem_of"]


def fault_of(exc: BaseException, path: Path | str | None = None) -> Fault | None:
    """The fault of the database file behind ``exc`` (busy, disk full, I/O error,
    read-only, permission, a folder, damaged), with its French message; None for anything
    else. The GUI and the command line say it instead of a traceback."""
    if isinstance(exc, StorageError):
        return exc.fault
    return describe_fault(exc, path)


def write_problem_of(path: Path | str | None = None) -> Fault | None:
    """Why the database at ``path`` (default: the usual one) cannot be opened for writing."""
    return write_problem(Path(path).expanduser() if path else default_db_path())


def needs_upgrade(path: Path | str | None = None) -> bool:
    """Whether opening the database at ``path`` would upgrade it (an older schema this
    version knows): that is a write, made under the instance lock."""
    target = Path(path).expanduser() if path else default_db_path()
    try:
        revision = read_revision(target)
    except (DatabaseError, OSError):
        return False  # said when it is opened
    return isinstance(revision, str) and revision in KNOWN_REVISIONS and revision != SCHEMA_HEAD


def read_problem_of(path: Path | str | None = None) -> Fault | None:
    """Why the database at ``path`` (default: the usual one) cannot even be read: a folder,
    or no permission."""
    return read_problem(Path(path).expanduser() if path else default_db_path())


def open_app_database(path: Path | str | None = None, *, with_bundled_plan: bool = True,
                      read_only: bool | None = None) -> Database:
    """Open the database at ``path`` (default: user data folder or ``PROJTER_DB``).

    A new database receives the bundled Alès 2018 plan. A file that cannot be written is
    opened in the read-only mode unless ``read_only`` is False (see
    :func:`store.database.open_database`). Raises :class:`UserError` with a French message
    when the file cannot be used (:class:`StorageError`, with its fault, for a fault of the
    file); the file is then left untouched.
    """
    target = Path(path) if path else default_db_path()
    try:
        db = open_database(target, read_only=read_only)
    except DatabaseFaultError as exc:
        raise StorageError(exc.fault) from exc
    except DatabaseError as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        fault = describe_fault(exc, target)
        if fault is not None:
            raise StorageError(fault) from exc
        raise UserError(f"Impossible d'ouvrir « {target} » : {exc.strerror or exc}.") from exc
    except Exception as exc:  # a sqlite error while migrating: disk full, I/O error, busy…
        fault = describe_fault(exc, target)
        if fault is None:
            raise
        raise StorageError(fault) from exc
    if with_bundled_plan and db.created:
        from projter_desktop.services.plans import ensure_bundled_plan

        try:
            ensure_bundled_plan(db)
        except Exception as exc:
            fault = describe_fault(exc, target)
            if fault is None:
                raise
            db.close()
            raise StorageError(fault) from exc
    return db
