"""Backups of the database, their restoration, and the health check done on opening.

Where backups go: ``user_data_dir()/backups/`` for a database inside the user data folder,
else next to the database (``<db dir>/<db stem>-backups/``), so a ``--db`` file on a USB
stick keeps its backups with it. File names carry the UTC time and why the backup was
made: ``projter-20261125T141756.123Z-startup.sqlite3``. Only the newest ``keep`` are kept.

Every backup is made with SQLite's online backup API (a consistent copy even while the
app writes), written to a temporary name (``<backup>.partial``), checked, made
self-contained (journal mode DELETE: no ``-wal`` file needed) and flushed to disk before
it takes its final name, so a file with a backup's name is always a whole backup; the
temporary file is removed on every failure (a full disk: :class:`StorageError`, exit 74).

:func:`restore` is one atomic step (issue 15): into a healthy database, one transaction of
the live file; over a damaged or missing one, one rename (see its docstring). A damaged
database is never overwritten nor deleted: :func:`open_checked` refuses it with
:class:`DamagedDatabaseError` naming the newest valid backup, and :func:`restore` keeps it
(``<name>.damaged-<time>``) before putting the backup in its place. What a crash leaves
(``.partial``, ``.restoring``) is dealt with at the next start (``services.recovery``);
:func:`crash_point` marks each step for the kill tests.
"""

from __future__ import annotations

import errno
import glob
import hashlib
import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from projter_desktop.crashpoints import crash_point
from projter_desktop.paths import user_data_dir
from projter_desktop.services.errors import StorageError, UserError
from projter_desktop.store.database import FULL, KNOWN_REVISIONS, Database, Fault, apply_pragmas, read_only_uri
from projter_desktop.store.database import backup_file as backup_file  # re-exported: a plain copy, for tests

DEFAULT_KEEP = 10
SUFFIX = ".sqlite3"

#: Why a backup was made (the last part of its file name).
STARTUP = "startup"
CLOSED = "closed"  # after a workshop was closed
MANUAL = "manual"
BEFORE_RESTORE = "before-restore"
#: a database found beside the live one after an interrupted restore, adopted as a backup
RECOVERED = "recovered"

REASONS_FR = {
    STARTUP: "au démarrage",
    CLOSED: "après la clôture d'un atelier",
    MANUAL: "manuelle",
    BEFORE_RESTORE: "avant restauration",
    RECOVERED: "récupérée après une restauration interrompue",
}

#: Suffix of a backup being written (``<backup>.partial``) and of the copy of a backup
#: staged beside a damaged database before it takes its place (``<db>.restoring``).
PARTIAL = ".partial"
RESTORING = ".restoring"
#: Pages copied per step of SQLite's online backup of a backup (a file nobody writes) into
#: the database. The destination's write transaction stays open across the steps and is
#: committed once, at the last one.
COPY_STEP_PAGES = 64

_STAMP_FORMAT = "%Y%m%dT%H%M%S"
_SIDE_FILES = ("-wal", "-shm", "-journal")


class DamagedDatabaseError(UserError):
    """The database file failed SQLite's check; it was left untouched.

    ``backup`` is the newest backup that passed the full check (None when there is none),
    so the GUI or the command line can offer to restore it.
    """

    def __init__(self, message: str, *, path: Path, problems: tuple[str, ...], backup: BackupInfo | None):
        super().__init__(message)
        self.path = path
        self.problems = problems
        self.backup = backup


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: datetime  # UTC
    reason: str
    size: int

    @property
    def reason_fr(self) -> str:
        return REASONS_FR.get(self.reason, self.reason)

    def describe_fr(self) -> str:
        local = self.created_at.astimezone().strftime("%d/%m/%Y %H:%M:%S")
        return f"{local} ({self.reason_fr}, {size_fr(self.size)})"


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    #: the backup of the replaced database (None when it was damaged or missing)
    safety_backup: Path | None
    #: where a damaged database was moved to (None when it was healthy or missing)
    damaged_aside: Path | None


# --------------------------------------------------------------------------- locations


def backup_dir(db_path: Path | str) -> Path:
    """The folder holding the backups of the database at ``db_path``."""
    db_path = Path(db_path).expanduser()
    data_dir = user_data_dir()
    if _same_dir(db_path.parent, data_dir):
        return data_dir / "backups"
    return db_path.parent / f"{db_path.stem}-backups"


def _same_dir(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a.absolute() == b.absolute()


def _pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(
        rf"^{re.escape(db_path.stem)}-(?P<stamp>\d{{8}}T\d{{6}})\.(?P<ms>\d{{3}})Z-(?P<reason>[a-z-]+)"
        rf"{re.escape(SUFFIX)}$"
    )


def _stamp(moment: datetime) -> str:
    return f"{moment.strftime(_STAMP_FORMAT)}.{moment.microsecond // 1000:03d}Z"


def list_backups(db_path: Path | str) -> list[BackupInfo]:
    """The backups of the database at ``db_path``, newest first (not checked: see
    :func:`verify_backup`)."""
    db_path = Path(db_path).expanduser()
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    pattern = _pattern(db_path)
    found: list[BackupInfo] = []
    for entry in folder.iterdir():
        match = pattern.match(entry.name)
        if not match or not entry.is_file():
            continue
        moment = datetime.strptime(match["stamp"], _STAMP_FORMAT).replace(tzinfo=UTC)
        moment += timedelta(milliseconds=int(match["ms"]))
        found.append(BackupInfo(entry, moment, match["reason"], entry.stat().st_size))
    found.sort(key=lambda b: (b.created_at, b.path.name), reverse=True)
    return found


# --------------------------------------------------------------------------- checks


def _connect_read_only(path: Path, *, may_be_immutable: bool = True) -> sqlite3.Connection:
    """A read-only connection to an existing file: it never creates the file, and never
    writes to it nor to its ``-wal`` (a read/write connection would checkpoint the WAL
    into the file on closing). Without a ``-wal`` it creates no side file at all (see
    :func:`store.database.read_only_uri`); with one, only the disposable ``-shm`` index
    may be rebuilt. The path is given as a file URI: "#", "?" and "%" stay in the name."""
    conn = sqlite3.connect(read_only_uri(path, may_be_immutable=may_be_immutable), uri=True, timeout=5)
    try:
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1")
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if "unable to open" not in str(exc):
            raise
    except BaseException:
        conn.close()
        raise
    # e.g. a WAL database whose -shm cannot be made read-only here
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=5)


def _busy(exc: sqlite3.Error) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


def _state(path: Path) -> tuple[object, ...]:
    """What changes when a program writes to the database (its size and time, its -wal)."""
    try:
        stat = path.stat()
    except OSError:
        return ()
    resolved = path.resolve()
    return stat.st_size, stat.st_mtime_ns, Path(f"{resolved}-wal").exists(), Path(f"{resolved}-journal").exists()


def _pragma_check(path: Path, pragma: str) -> tuple[str, ...]:
    before = _state(path)
    problems = _pragma_rows(path, pragma, may_be_immutable=True)
    if problems and _state(path) != before:
        # the look without lock (immutable) may have met another program's writing:
        # check again with SQLite's locks before saying the file is damaged
        problems = _pragma_rows(path, pragma, may_be_immutable=False)
    return problems


def _pragma_rows(path: Path, pragma: str, *, may_be_immutable: bool) -> tuple[str, ...]:
    try:
        conn = _connect_read_only(path, may_be_immutable=may_be_immutable)
    except sqlite3.DatabaseError as exc:
        if _busy(exc):
            raise UserError(f"La base « {path} » est occupée par un autre programme ; réessayez.") from exc
        return (_explain(exc),)
    except sqlite3.Error as exc:
        return (f"le fichier ne peut pas être ouvert ({exc})",)
    try:
        rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}")]
    except sqlite3.DatabaseError as exc:
        if _busy(exc):
            raise UserError(f"La base « {path} » est occupée par un autre programme ; réessayez.") from exc
        return (_explain(exc),)
    finally:
        conn.close()
    return () if rows == ["ok"] else tuple(rows[:20])


def _explain(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "not a database" in text:
        return "le fichier n'est pas (ou plus) une base de données SQLite"
    if "malformed" in text:
        return "la structure du fichier est abîmée (database disk image is malformed)"
    return text


def quick_check(path: Path | str) -> tuple[str, ...]:
    """SQLite's ``PRAGMA quick_check`` of the file: the problems found (empty: healthy).

    A missing or empty file has no problem (it will be created)."""
    path = Path(path).expanduser()
    if not path.exists() or path.stat().st_size == 0:
        return ()
    return _pragma_check(path, "quick_check")


def integrity_check(path: Path | str) -> tuple[str, ...]:
    """SQLite's full ``PRAGMA integrity_check`` of the file (empty: healthy)."""
    path = Path(path).expanduser()
    if not path.exists():
        return ("le fichier n'existe pas",)
    return _pragma_check(path, "integrity_check")


def _revision(path: Path) -> str | None:
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return str(row[0]) if row else None


def verify_backup(path: Path | str) -> tuple[str, ...]:
    """Why the file cannot be restored (empty: it is a healthy Projter database whose
    schema this version knows)."""
    path = Path(path).expanduser()
    if not path.is_file():
        return (f"le fichier « {path} » n'existe pas",)
    problems = integrity_check(path)
    if problems:
        return problems
    revision = _revision(path)
    if revision is None:
        return ("ce fichier n'est pas une base Projter",)
    if revision not in KNOWN_REVISIONS:
        return (f"cette sauvegarde vient d'une version plus récente de Projter (schéma {revision})",)
    return ()


def newest_valid_backup(db_path: Path | str) -> BackupInfo | None:
    for info in list_backups(db_path):
        if not verify_backup(info.path):
            return info
    return None


# --------------------------------------------------------------------------- backing up


def backup_now(db: Database | Path | str, *, reason: str = MANUAL, keep: int = DEFAULT_KEEP,
               skip_if_unchanged: bool = False) -> Path:
    """Back up the database now and return the backup's path.

    ``skip_if_unchanged``: when the newest backup holds exactly the same content, no new
    file is made and that backup's path is returned (start-up backups use it, so ten
    starts without a change do not push out the backups worth keeping).
    """
    db_path = Path(db.path if isinstance(db, Database) else db).expanduser()
    if not db_path.is_file():
        raise UserError(f"La base « {db_path} » n'existe pas : rien à sauvegarder.")
    if not re.fullmatch(r"[a-z-]+", reason):
        raise ValueError(f"invalid backup reason {reason!r}")
    folder = backup_dir(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        previous = list_backups(db_path)
        target = _free_name(folder, db_path, reason)
        partial = target.with_name(target.name + PARTIAL)
        try:
            _copy_database(db_path, partial, crash="backup.copying")
            crash_point("backup.copied")
            if skip_if_unchanged and previous and _digest(partial) == _digest(previous[0].path):
                return previous[0].path
            os.replace(partial, target)
            _fsync_dir(folder)
            crash_point("backup.renamed")
        finally:
            remove_with_side_files(partial)
    except sqlite3.DatabaseError as exc:
        if _disk_full(exc):
            raise _full_error(folder) from exc
        raise UserError(
            f"La sauvegarde de « {db_path} » a échoué : {_explain(exc)}. "
            "Lancez « projter check » ou restaurez une sauvegarde."
        ) from exc
    except OSError as exc:
        if _disk_full(exc):
            raise _full_error(folder) from exc
        raise UserError(
            f"La sauvegarde dans « {folder} » a échoué : {exc.strerror or exc}. "
            "Vérifiez la place libre sur le disque."
        ) from exc
    prune(db_path, keep)
    return target


def adopt_as_backup(source: Path, db_path: Path) -> Path:
    """Make the database file ``source`` (with its ``-wal``) one of the backups of
    ``db_path`` (reason :data:`RECOVERED`, never pruned first: it is the newest), then
    delete ``source`` and its side files. Returns the backup."""
    folder = backup_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = _free_name(folder, db_path, RECOVERED)
    partial = target.with_name(target.name + PARTIAL)
    try:
        _copy_database(source, partial)
        os.replace(partial, target)
        _fsync_dir(folder)
    finally:
        remove_with_side_files(partial)
    remove_with_side_files(source)
    return target


def _free_name(folder: Path, db_path: Path, reason: str) -> Path:
    moment = datetime.now(UTC)
    while True:
        candidate = folder / f"{db_path.stem}-{_stamp(moment)}-{reason}{SUFFIX}"
        if not candidate.exists():
            return candidate
        moment += timedelta(milliseconds=1)


def _disk_full(exc: BaseException) -> bool:
    """A write refused by the disk: full, a size limit on the files, or an I/O error
    (SQLite says "disk I/O error" when a write is cut short)."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EIO)
    return isinstance(exc, sqlite3.Error) and ("disk is full" in str(exc) or "disk i/o error" in str(exc).lower())


def _full_error(folder: Path, what: str = "la copie n'a pas pu être écrite et a été effacée") -> StorageError:
    """A full disk, said in French (the command line exits with 74, as for every full disk)."""
    return StorageError(Fault(FULL, f"Le disque est plein (ou refuse l'écriture) dans « {folder} » : {what}. "
                                    "La base n'a pas été modifiée. Libérez de la place sur ce disque, puis réessayez."))


def remove_with_side_files(path: Path) -> None:
    """Delete ``path`` and the journal files SQLite may have left beside it."""
    for leftover in (path, *(Path(f"{path}{side}") for side in _SIDE_FILES)):
        leftover.unlink(missing_ok=True)


def _online_copy(src: sqlite3.Connection, dst: sqlite3.Connection, crash: str | None, *,
                 pages: int = COPY_STEP_PAGES) -> None:
    """SQLite's online backup of ``src`` into ``dst``, ``pages`` at a time: ``dst`` holds
    one write transaction from the first step to the last, committed only at the end, so
    a crash or an error in between leaves ``dst`` as it was. ``crash`` names the crash
    point met after the first step (with ``pages=-1``, one step: after the commit).

    A live source that another connection writes to meanwhile makes SQLite start the
    copy again at the next step: a source that may be written (the app's database) is
    copied in one step (``pages=-1``), holding a read snapshot (WAL: writers go on)."""

    def progress(_status: int, _remaining: int, _total: int) -> None:
        if crash:
            crash_point(crash)

    src.backup(dst, pages=pages, progress=progress)


def _copy_database(source: Path, destination: Path, *, crash: str | None = None, pages: int = -1) -> None:
    """Online backup of ``source`` into a new ``destination``, checked, self-contained
    (journal mode DELETE), on disk (``pages``: see :func:`_online_copy`)."""
    remove_with_side_files(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source, timeout=5)
    try:
        apply_pragmas(src, read_only=True)  # the live database, only read: as every connection of the app
        dst = sqlite3.connect(destination)
        try:
            dst.execute("PRAGMA synchronous=FULL")
            _online_copy(src, dst, crash, pages=pages)
            dst.execute("PRAGMA journal_mode=DELETE")
            rows = [r[0] for r in dst.execute("PRAGMA quick_check")]
        finally:
            dst.close()
    finally:
        src.close()
    if rows != ["ok"]:
        raise sqlite3.DatabaseError("database disk image is malformed")
    with open(destination, "rb+") as handle:
        os.fsync(handle.fileno())


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def prune(db_path: Path | str, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` backups of the database; returns the deleted."""
    keep = max(1, int(keep))
    removed: list[Path] = []
    for info in list_backups(db_path)[keep:]:
        try:
            info.path.unlink()
        except OSError:
            continue
        removed.append(info.path)
    return removed


def closed_workshop_uuids(db: Database) -> set[str]:
    from projter_desktop.services.workshops import list_workshops

    return {w.uuid for w in list_workshops(db) if w.status.value == "closed"}


def backup_after_closing(db: Database, workshop_uuids: Iterable[str], *, already: set[str],
                         keep: int = DEFAULT_KEEP) -> Path | None:
    """Back up once when one of ``workshop_uuids`` is (newly) closed; ``already`` holds
    the workshops backed up before and is updated. Returns the backup, if one was made."""
    wanted = set(workshop_uuids) - already
    if not wanted:
        return None
    closed = closed_workshop_uuids(db) & wanted
    if not closed:
        return None
    path = backup_now(db, reason=CLOSED, keep=keep)
    already.update(closed)
    return path


# --------------------------------------------------------------------------- restoring


def _side_files(path: Path) -> list[Path]:
    return [Path(f"{path}{side}") for side in _SIDE_FILES if Path(f"{path}{side}").exists()]


def aside_name(db_path: Path, label: str) -> Path:
    """A free ``<name>.<label>-<UTC time>`` beside the database."""
    moment = datetime.now(UTC)
    while True:
        aside = db_path.with_name(f"{db_path.name}.{label}-{_stamp(moment)}")
        if not aside.exists():
            return aside
        moment += timedelta(milliseconds=1)


def keep_aside(db_path: Path, label: str = "damaged") -> Path:
    """Keep a copy of the database and of its journal files as ``<name>.<label>-<time>``,
    leaving the database in place: a hard link when the file system has them (no byte
    copied), else a copy. The side files are copied (they are small)."""
    aside = aside_name(db_path, label)
    staged = aside.with_name(aside.name + PARTIAL)
    try:
        for side in _side_files(db_path):
            _copy_file(side, Path(f"{staged}{side.name[len(db_path.name):]}"))
        try:
            os.link(db_path, staged)
        except OSError:
            _copy_file(db_path, staged)
        for side in _side_files(staged):
            os.replace(side, Path(f"{aside}{side.name[len(staged.name):]}"))
        os.replace(staged, aside)
    finally:
        remove_with_side_files(staged)
    _fsync_dir(db_path.parent)
    return aside


def _copy_file(source: Path, destination: Path) -> None:
    with open(source, "rb") as src, open(destination, "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
        dst.flush()
        os.fsync(dst.fileno())


_NOT_RESTORED = "la restauration n'a pas pu se faire, rien n'a été remplacé"


def restore(db_path: Path | str, backup: Path | str, *, keep: int = DEFAULT_KEEP) -> RestoreResult:
    """Replace the database at ``db_path`` by the backup ``backup``, in one atomic step.

    The backup is checked first (``PRAGMA integrity_check``, a Projter database at a known
    schema). The caller closes its own connections and holds the instance lock.

    - A healthy database is backed up (``before-restore``), then the backup is written
      *into* it by SQLite's online backup API, as one transaction of the live database
      (through its WAL): until the commit the old database is whole, after it the new
      one; a crash or an error (a full disk) in between leaves the old database and its
      WAL exactly as they were. Another program reading the file meanwhile sees one or
      the other.
    - A damaged (or missing, or empty) database cannot take a transaction: the backup is
      copied whole beside it (``<db>.restoring``, checked, on disk), the damaged file is
      kept aside (``<db>.damaged-<time>``, never deleted), its journal files removed (they
      would be replayed into the restored file), and ``<db>.restoring`` renamed over it:
      one rename, so the name always holds a whole database. A start-up that finds
      ``<db>.restoring`` finishes or undoes the restore (``services.recovery``).
    """
    db_path = Path(db_path).expanduser()
    backup = Path(backup).expanduser()
    problems = verify_backup(backup)
    if problems:
        raise UserError(f"La sauvegarde « {backup.name} » ne peut pas être restaurée : {problems[0]}.")
    if _same_file(db_path, backup):
        raise UserError("Ce fichier est la base elle-même : choisissez une sauvegarde.")
    crash_point("restore.verified")
    healthy = db_path.is_file() and db_path.stat().st_size > 0 and not quick_check(db_path)
    try:
        if healthy:
            safety = backup_now(db_path, reason=BEFORE_RESTORE, keep=max(keep, 2))
            _restore_into(db_path, backup)
            return RestoreResult(backup, safety, None)
        return RestoreResult(backup, None, _restore_by_rename(db_path, backup))
    except sqlite3.DatabaseError as exc:
        if _disk_full(exc):
            raise _full_error(db_path.parent, _NOT_RESTORED) from exc
        raise UserError(f"La restauration a échoué : {_explain(exc)}. La base n'a pas été remplacée.") from exc
    except OSError as exc:
        if _disk_full(exc):
            raise _full_error(db_path.parent, _NOT_RESTORED) from exc
        raise UserError(f"La restauration a échoué : {exc.strerror or exc}. La base n'a pas été remplacée.") from exc


def _restore_into(db_path: Path, backup: Path) -> None:
    """Write the backup into the live database as one transaction (see :func:`restore`)."""
    src = sqlite3.connect(read_only_uri(backup), uri=True, timeout=5)
    try:
        dst = sqlite3.connect(db_path, timeout=5)
        try:
            apply_pragmas(dst)  # as every connection of the app: WAL, durable commits
            _online_copy(src, dst, "restore.copying")
            crash_point("restore.copied")
            rows = [r[0] for r in dst.execute("PRAGMA quick_check")]
            if rows != ["ok"]:
                raise sqlite3.DatabaseError("database disk image is malformed")
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the old pages out of the WAL
        finally:
            dst.close()
    finally:
        src.close()


def _restore_by_rename(db_path: Path, backup: Path) -> Path | None:
    """Put a copy of the backup in the place of a damaged or missing database by one
    rename; returns where the damaged file was kept (None when there was none)."""
    staged = db_path.with_name(db_path.name + RESTORING)
    try:
        _copy_database(backup, staged, crash="restore.staging", pages=COPY_STEP_PAGES)
        crash_point("restore.staged")
        return put_in_place(staged, db_path)
    finally:
        remove_with_side_files(staged)


def put_in_place(staged: Path, db_path: Path) -> Path | None:
    """The last steps of a restore by rename (also run by a start-up that finds them
    interrupted): keep the damaged database aside, drop its journal files, rename
    ``staged`` over it. Returns where the damaged file was kept, if there was one."""
    aside = None
    if db_path.is_file() and db_path.stat().st_size > 0:
        aside = _kept_already(db_path) or keep_aside(db_path, "damaged")
    crash_point("restore.kept_aside")
    # journal files left beside the damaged file would be replayed into the restored one
    for side in _side_files(db_path):
        side.unlink()
    crash_point("restore.side_files_removed")
    os.replace(staged, db_path)
    _fsync_dir(db_path.parent)
    crash_point("restore.renamed")
    return aside


def _kept_already(db_path: Path) -> Path | None:
    """A ``<db>.damaged-*`` that is this very file (a hard link made before a crash)."""
    for candidate in db_path.parent.glob(f"{glob.escape(db_path.name)}.damaged-*"):
        if not candidate.name.endswith(_SIDE_FILES) and _same_file(candidate, db_path):
            return candidate
    return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


# --------------------------------------------------------------------------- opening


def damaged_message(path: Path, problems: tuple[str, ...], backup: BackupInfo | None) -> str:
    text = (f"La base « {path} » est endommagée : {problems[0] if problems else 'contrôle en échec'}. "
            "Elle n'a pas été modifiée.")
    if backup is not None:
        text += f" La sauvegarde valide la plus récente date du {backup.describe_fr()} : « {backup.path} »."
    else:
        text += " Aucune sauvegarde valide n'a été trouvée."
    return text


def open_checked(path: Path | str | None = None, *,
                 report: Callable[[str], None] | None = None):  # type: ignore[no-untyped-def]
    """Open the database if SQLite's quick check passes; else raise
    :class:`DamagedDatabaseError` carrying the newest valid backup (file untouched).

    First, what an interrupted restore, backup or upgrade left beside the file is
    finished, undone, adopted or cleaned (``services.recovery``, under the instance lock);
    each thing done is passed to ``report`` in French (by default, logged as a warning)."""
    from projter_desktop.paths import default_db_path
    from projter_desktop.services.database import open_app_database
    from projter_desktop.services.recovery import recover

    target = Path(path).expanduser() if path else default_db_path()
    for note in recover(target):
        if report is not None:
            report(note)
        else:
            logging.getLogger("projter").warning("%s", note)
    problems = quick_check(target)
    if problems:
        newest = newest_valid_backup(target)
        raise DamagedDatabaseError(damaged_message(target, problems, newest), path=target, problems=problems,
                                   backup=newest)
    return open_app_database(target)


def size_fr(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} Ko"
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")
