"""Engine and session set-up, schema checks and migrations at start-up.

Opening a database:
- a new (or empty) file is created at the newest schema by the Alembic migrations;
- a file at the current revision opens without importing Alembic (fast start);
- an older file is backed up (SQLite online backup API) and then upgraded;
- a file written by a newer version of the app is refused and left untouched;
- a file that is not a Projter database is refused and left untouched.

SQLAlchemy is imported when the engine is first used (:attr:`Database.engine`), not on
opening: the reads of the first screen (the list of plans, the plan shown) go through
:meth:`Database.read_connection`, a plain ``sqlite3`` connection, and the import of
SQLAlchemy (about 150 ms) is left out of the cold start.

Faults (issue 15): a file that cannot be written (read-only file, folder or medium) opens
in a **read-only mode** (``Database.read_only``: the engine's connections are read-only,
nothing is created beside the file) so that it can still be listed, shown, printed and
checked; a write then fails with SQLite's "readonly" error. :func:`describe_fault` turns
what SQLite or the system says (busy beyond the timeout, disk full, I/O error, read-only,
permission denied, a folder where the file should be, a damaged file) into a
:class:`Fault`: a kind and one French message that says nothing was recorded and what to
do. :func:`write_problem` says beforehand why a file cannot be opened for writing. The
schema table (``alembic_version``) is checked against the tables themselves: empty, or
naming another revision than the tables have, the file is refused untouched.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from projter_desktop.paths import migrations_dir

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

#: The newest Alembic revision this version of the app knows. A test keeps it equal to
#: the head of ``db/versions`` so start-up can compare without importing Alembic.
SCHEMA_HEAD = "0007_phone_votes"
#: Every revision this version knows, oldest first.
KNOWN_REVISIONS = (
    "0001_plan", "0002_workshop", "0003_devices", "0004_ballot_corrections", "0005_secret_urn", "0006_french_rules",
    "0007_phone_votes",
)


#: How long a connection waits for another one's write lock (SQLite's busy handler
#: retries until then) before the change fails with "database is locked". A ballot waits
#: at most this long (the GUI then says it was not recorded); see benchmarks/contention.py.
BUSY_TIMEOUT_MS = 5000

#: What every connection of the app to its live database has (see :func:`apply_pragmas`;
#: tests/reliability/test_pragmas.py checks every connection actually opened).
DURABILITY_PRAGMAS = {"foreign_keys": 1, "journal_mode": "wal", "synchronous": 2, "secure_delete": 1}


class DatabaseError(Exception):
    """A database that cannot be opened; the message is meant for the user (French)."""


class SchemaTooNewError(DatabaseError):
    pass


class NotAProjterDatabaseError(DatabaseError):
    pass


# --------------------------------------------------------------------------- faults

#: Kinds of :class:`Fault`.
BUSY, FULL, IO_ERROR, READ_ONLY, PERMISSION, IS_DIRECTORY, DAMAGED, SCHEMA = (
    "busy", "full", "io_error", "read_only", "permission", "is_directory", "damaged", "schema")

# SQLite's primary result codes (https://sqlite.org/rescode.html)
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 10, 11, 13, 14, 26


@dataclass(frozen=True)
class Fault:
    """What went wrong with the database file, for the user: ``kind`` (one of the
    constants above) and one French ``message`` (what happened, that nothing was recorded,
    what to do)."""

    kind: str
    message: str


class DatabaseFaultError(DatabaseError):
    """The database file cannot be used as asked (read-only, permission, a folder, a
    damaged schema table…); ``fault`` says which, ``str()`` the French message."""

    def __init__(self, fault: Fault) -> None:
        super().__init__(fault.message)
        self.fault = fault


def _the(path: Path | str | None) -> str:
    return f"la base « {path} »" if path else "la base"


def _fault_message(kind: str, path: Path | str | None, detail: str = "") -> str:
    the = _the(path)
    if kind == BUSY:
        seconds = f"{BUSY_TIMEOUT_MS / 1000:g}".replace(".", ",")
        return (f"{the[:1].upper()}{the[1:]} est occupée : un autre programme y écrit depuis plus de "
                f"{seconds} s. Rien n'a été enregistré. Attendez qu'il ait fini "
                "(ou fermez-le), puis réessayez.")
    if kind == FULL:
        return (f"Le disque est plein : {the} ne peut plus grandir. Rien n'a été enregistré. Libérez de la "
                "place sur ce disque (ou enregistrez la base ailleurs), puis réessayez.")
    if kind == IO_ERROR:
        return (f"Erreur de lecture ou d'écriture du disque sur {the}. Rien n'a été enregistré. Vérifiez "
                "le support (clé USB retirée ? disque réseau coupé ?), puis réessayez ; si l'erreur revient, "
                "lancez « projter check ».")
    if kind == READ_ONLY:
        return (f"{the[:1].upper()}{the[1:]} est en lecture seule{detail} : rien n'a été enregistré. "
                "Elle peut être consultée (projter workshop list, workshop show, minutes, check) mais pas "
                "modifiée. Pour y travailler, rendez-lui le droit d'écriture, ou copiez-la dans un dossier "
                "où vous pouvez écrire et ouvrez cette copie (--db).")
    if kind == PERMISSION:
        return (f"Accès refusé à {the}{detail} : vous n'avez pas le droit de la lire. Rien n'a été fait. "
                "Demandez le droit de lecture (et d'écriture) sur ce fichier et son dossier, ou ouvrez une "
                "autre base (--db).")
    if kind == IS_DIRECTORY:
        return (f"« {path} » est un dossier, pas un fichier de base de données. Rien n'a été fait. Donnez le "
                "chemin du fichier lui-même (par exemple « …/projter.sqlite3 ») avec --db ou PROJTER_DB.")
    if kind == DAMAGED:
        return (f"{the[:1].upper()}{the[1:]} est abîmée ({detail or 'fichier illisible'}). Rien n'a été "
                "enregistré. Lancez « projter check » : il dit quoi faire et quelle sauvegarde restaurer.")
    return detail


def _sqlite_error(exc: BaseException) -> BaseException | None:
    """The ``sqlite3.Error`` (or ``OSError``) behind ``exc``: SQLAlchemy's wrapper keeps it
    in ``orig``; otherwise the chain of causes."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, (sqlite3.Error, OSError)):
            return current
        orig = getattr(current, "orig", None)
        if isinstance(orig, BaseException):
            current = orig
            continue
        current = current.__cause__ or current.__context__
    return None


def describe_fault(exc: BaseException, path: Path | str | None = None) -> Fault | None:
    """The :class:`Fault` behind ``exc`` (a ``sqlite3`` error, SQLAlchemy's wrapper of
    one, an ``OSError`` of the file system, or :class:`DatabaseFaultError`), or None
    when it is not a fault of the database file (a bug, a refusal of the services…)."""
    if isinstance(exc, DatabaseFaultError):
        return exc.fault
    error = _sqlite_error(exc)
    if isinstance(error, OSError):
        where = path or error.filename
        if error.errno == errno.ENOSPC:
            return Fault(FULL, _fault_message(FULL, where))
        if error.errno == errno.EIO:
            return Fault(IO_ERROR, _fault_message(IO_ERROR, where))
        if error.errno == errno.EROFS:
            return Fault(READ_ONLY, _fault_message(READ_ONLY, where, " (support en lecture seule)"))
        if error.errno in (errno.EACCES, errno.EPERM):
            return Fault(PERMISSION, _fault_message(PERMISSION, where))
        if error.errno == errno.EISDIR:
            return Fault(IS_DIRECTORY, _fault_message(IS_DIRECTORY, where))
        return None
    if not isinstance(error, sqlite3.Error):
        return None
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(error).lower()
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in text or "database is busy" in text:
        return Fault(BUSY, _fault_message(BUSY, path))
    if primary == _SQLITE_FULL or "database or disk is full" in text:
        return Fault(FULL, _fault_message(FULL, path))
    if primary == _SQLITE_READONLY or "readonly database" in text:
        return Fault(READ_ONLY, _fault_message(READ_ONLY, path))
    if primary == _SQLITE_IOERR or "disk i/o error" in text:
        return Fault(IO_ERROR, _fault_message(IO_ERROR, path))
    if primary == _SQLITE_PERM or "access permission denied" in text:
        return Fault(PERMISSION, _fault_message(PERMISSION, path))
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return Fault(DAMAGED, _fault_message(DAMAGED, path, str(error)))
    if primary == _SQLITE_CANTOPEN or "unable to open database" in text:
        if path is not None and Path(path).is_dir():
            return Fault(IS_DIRECTORY, _fault_message(IS_DIRECTORY, path))
        problem = write_problem(Path(path)) if path is not None else None
        if problem is not None:
            return problem
        return Fault(PERMISSION, _fault_message(PERMISSION, path, " (impossible d'ouvrir le fichier ou son dossier)"))
    return None


def _writable_folder(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def read_problem(path: Path) -> Fault | None:
    """Why ``path`` cannot even be read as a database (a folder, no permission), or None."""
    if path.is_dir():
        return Fault(IS_DIRECTORY, _fault_message(IS_DIRECTORY, path))
    if path.exists() and not os.access(path, os.R_OK):
        return Fault(PERMISSION, _fault_message(PERMISSION, path))
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if folder.exists() and not os.access(folder, os.X_OK):
        return Fault(PERMISSION, _fault_message(PERMISSION, path, " (son dossier n'est pas accessible)"))
    return None


def write_problem(path: Path | str) -> Fault | None:
    """Why the database at ``path`` cannot be opened for writing, or None. SQLite writes
    the file and, beside it, its ``-wal`` and ``-shm`` (and Projter its ``.lock``): the
    file and its folder must both be writable. Checked with ``access()``, so that a
    read-only medium (``EROFS``) or an immutable file is seen even by root."""
    path = Path(path).expanduser()
    problem = read_problem(path)
    if problem is not None:
        return problem
    if path.exists() and not os.access(path, os.W_OK):
        return Fault(READ_ONLY, _fault_message(READ_ONLY, path, " (le fichier est protégé en écriture)"))
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the folders to be made: the first one that exists must be writable
    if not _writable_folder(folder):
        return Fault(READ_ONLY, _fault_message(READ_ONLY, path, f" (son dossier « {folder} » est protégé en écriture)"))
    return None


# --------------------------------------------------------------------------- connections


def apply_pragmas(conn: sqlite3.Connection, *, read_only: bool = False) -> None:
    """The pragmas of every connection to the live database (the engine's, and the plain
    ``sqlite3`` ones of :meth:`Database.read_connection`). A read-only connection keeps the
    journal mode of the file (setting it is a write) and refuses every write."""
    cursor = conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    if read_only:
        cursor.execute("PRAGMA query_only=ON")
    else:
        cursor.execute("PRAGMA journal_mode=WAL")
    # FULL makes every commit durable in WAL mode (NORMAL may lose the last commits on
    # power loss): a vote that the screen showed as recorded must survive a dead laptop.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    # Deleted rows are overwritten with zeros in their pages (and so in the WAL frames that
    # carry those pages): a secret ballot rewritten at the close of its round leaves no
    # readable copy of its first place in the file.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _set_sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    apply_pragmas(dbapi_connection)


def _set_read_only_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    apply_pragmas(dbapi_connection, read_only=True)


def make_engine(path: Path | str, *, read_only: bool = False) -> Engine:
    from sqlalchemy import URL, create_engine, event

    # URL.create, not f"sqlite:///{path}": a path holding "#", "?" or "%" must stay a path
    # (in a URL string "?" starts the query and "%41" is decoded).
    url = URL.create("sqlite", database=str(Path(path)))
    if read_only:
        # A file URI (mode=ro, or immutable=1 when no -wal is beside it: nothing is created
        # in a folder that may be read-only); the URL still picks the pool of a file.
        uri = read_only_uri(Path(path))
        engine = create_engine(url, future=True, creator=lambda: sqlite3.connect(
            uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000))
        event.listen(engine, "connect", _set_read_only_pragmas)
        return engine
    engine = create_engine(url, future=True)
    event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


def read_only_uri(path: Path, *, may_be_immutable: bool = True) -> str:
    """A ``file:`` URI to read ``path`` without changing it, and without creating any
    file when that is possible.

    ``as_uri()`` percent-encodes the path, so "#", "?", "%" or spaces in it stay part of
    the file name (``f"file:{path}"`` would cut it at "#" or "?", or decode "%41").

    A plain ``mode=ro`` connection to a WAL database creates its ``-wal`` and ``-shm``
    side files and, being read-only, cannot delete them on closing. So:

    - with no ``-wal`` nor ``-journal`` next to the file, every committed transaction is
      in the main file (the last connection checkpoints the WAL and deletes it on
      closing), and ``immutable=1`` reads it exactly, creating no file at all;
    - with a ``-wal`` present (the app is running, or died without checkpointing), some
      commits may exist only in the WAL, which ``immutable=1`` would ignore: a plain
      read-only connection reads them (SQLite may then add the ``-shm`` index, a
      disposable companion of the ``-wal`` already there). With a ``-journal`` present,
      the plain read-only connection is also used, so that SQLite sees the pending
      rollback.

    ``immutable=1`` also takes no lock: a program that opens the file *after* this look
    and writes to it while we read could show us a torn state. Callers that find
    something wrong through an immutable URI read again with ``may_be_immutable=False``
    (or when the file changed meanwhile) before they believe it.
    """
    resolved = path.resolve()
    uri = f"{resolved.as_uri()}?mode=ro"
    if may_be_immutable and not any(Path(f"{resolved}{side}").exists() for side in ("-wal", "-journal")):
        uri += "&immutable=1"
    return uri


#: What each revision adds that can be seen in the tables: (table, column) — column None
#: for a new table. The schema table is checked against them (a test keeps them true).
REVISION_MARKERS: dict[str, tuple[str, str | None]] = {
    "0001_plan": ("plan", None),
    "0002_workshop": ("workshop", None),
    "0003_devices": ("device", None),
    "0004_ballot_corrections": ("ballot_correction", None),
    "0005_secret_urn": ("voting_round", "urn_closed"),
    "0006_french_rules": ("workshop", "chair_uuid"),
    "0007_phone_votes": ("voting_code", None),
}


@dataclass(frozen=True)
class SchemaState:
    """What a file says of its schema: ``revisions`` (the rows of ``alembic_version``, None
    when that table is missing), ``tables_revision`` (the newest revision whose changes the
    tables show, None if none), ``empty`` (no table at all)."""

    empty: bool
    revisions: tuple[str, ...] | None
    tables_revision: str | None


def _read_schema(uri: str) -> SchemaState:
    conn = sqlite3.connect(uri, uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return SchemaState(True, None, None)
        revisions = None
        if "alembic_version" in tables:
            revisions = tuple(str(r[0]) for r in conn.execute("SELECT version_num FROM alembic_version"))
        columns: dict[str, set[str]] = {}
        tables_revision = None
        for revision in KNOWN_REVISIONS:
            if revision not in REVISION_MARKERS:
                continue  # a revision that adds nothing to see (a test wants a marker for each)
            table, column = REVISION_MARKERS[revision]
            if table not in tables:
                continue
            if column is not None:
                if table not in columns:
                    columns[table] = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
                if column not in columns[table]:
                    continue
            tables_revision = revision
        return SchemaState(False, revisions, tables_revision)
    finally:
        conn.close()


def read_schema(path: Path) -> SchemaState:
    """What ``path`` says of its schema, read without creating any file (see
    :func:`read_only_uri`); raises :class:`NotAProjterDatabaseError` for a file SQLite
    cannot read."""
    if not path.exists() or path.stat().st_size == 0:
        return SchemaState(True, None, None)
    uri = read_only_uri(path)
    try:
        try:
            return _read_schema(uri)
        except sqlite3.DatabaseError:
            if "immutable=1" not in uri:
                raise
            # immutable=1 takes no lock: another program that opened the file since the
            # check above may be writing to it. Read again the ordinary way.
            return _read_schema(read_only_uri(path, may_be_immutable=False))
    except sqlite3.DatabaseError as exc:
        fault = describe_fault(exc, path)
        if fault is not None and fault.kind in (PERMISSION, IS_DIRECTORY, IO_ERROR):
            raise DatabaseFaultError(fault) from exc
        raise NotAProjterDatabaseError(
            f"Le fichier « {path} » n'est pas une base de données lisible ({exc}). "
            "Vérifiez le chemin, ou restaurez une sauvegarde."
        ) from exc


def read_revision(path: Path) -> str | None | bool:
    """The Alembic revision stored in ``path``, read without creating any file (see
    :func:`read_only_uri`).

    Returns None for a file without any table (new) or an empty ``alembic_version``,
    False for a file with tables but no Alembic version (not ours), else the revision string.
    """
    state = read_schema(path)
    if state.empty:
        return None
    if state.revisions is None:
        return False
    return state.revisions[0] if state.revisions else None


def _schema_fault(path: Path, state: SchemaState) -> DatabaseFaultError | None:
    """A hand-damaged schema table: empty, several rows, or a revision the tables contradict."""
    found = (f" ; ses tables sont celles du schéma « {state.tables_revision} »" if state.tables_revision
             else " ; ses tables ne sont pas celles de Projter")
    advice = (" Le fichier n'a pas été modifié. Restaurez la sauvegarde la plus récente (projter backups, "
              "puis projter restore), ou demandez de l'aide : ne réparez pas cette table à la main sans copie.")
    assert state.revisions is not None
    if not state.revisions:
        what = "est vide"
    elif len(state.revisions) > 1:
        what = "contient plusieurs versions (" + ", ".join(state.revisions) + ")"
    else:
        revision = state.revisions[0]
        if revision not in KNOWN_REVISIONS:
            return None
        position, tables = KNOWN_REVISIONS.index(revision), state.tables_revision
        # the newest revision up to the stored one whose changes can be seen
        expected = next((r for r in reversed(KNOWN_REVISIONS[:position + 1]) if r in REVISION_MARKERS), None)
        if tables == expected:
            return None
        if tables is not None and KNOWN_REVISIONS.index(tables) > position:
            what = f"dit « {revision} », une version plus ancienne que les tables"
        else:
            what = f"dit « {revision} », mais il manque à la base des tables ou colonnes de cette version"
    return DatabaseFaultError(Fault(SCHEMA, f"La base « {path} » est abîmée : sa table des versions "
                                            f"(alembic_version) {what}{found}.{advice}"))


def backup_file(source: Path, destination: Path) -> Path:
    """Copy a live SQLite database consistently with the online backup API (the source
    read through a read-only connection that waits for writers like the app's own, the
    copy written with ``synchronous=FULL``). The copy is written beside ``destination`` as
    ``NAME.partial`` and renamed once whole, so that a copy cut short (a crash, a full disk)
    never bears the name of a good one; the partial file is removed on failure (and left
    for the next start's recovery after a crash)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    src = sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        apply_pragmas(src, read_only=True)
        dst = sqlite3.connect(partial, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dst.execute("PRAGMA synchronous=FULL")
            src.backup(dst)
        finally:
            dst.close()
        os.replace(partial, destination)
    except BaseException:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            leftover.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    return destination


def _alembic_config(connection):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["connection"] = connection
    return config


def upgrade_to_head(engine: Engine) -> None:
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")


@dataclass
class Database:
    path: Path
    #: Made on first use of :attr:`engine` (that imports SQLAlchemy).
    _engine: Engine | None = field(default=None, repr=False)
    #: Made on the first session (that imports the ORM): Core reads through ``engine``
    #: do without it.
    sessions: sessionmaker[Session] | None = None
    created: bool = False
    upgraded_from: str | None = None
    pre_upgrade_backup: Path | None = None
    #: Opened in the read-only mode (the file or its folder cannot be written): every
    #: connection refuses writes, and nothing is created beside the file.
    read_only: bool = False
    #: Facts that never change once written (e.g. the actions of a round), cached per database.
    cache: dict = field(default_factory=dict)
    _engine_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (pragmas set on every connection), made on first use."""
        engine = self._engine
        if engine is None:
            with self._engine_lock:
                if self._engine is None:
                    self._engine = make_engine(self.path, read_only=self.read_only)
                engine = self._engine
        return engine

    @contextmanager
    def read_connection(self) -> Iterator[sqlite3.Connection]:
        """A plain ``sqlite3`` connection for light reads (such as the plan shown at
        start-up), which need no SQLAlchemy; never for writing (``query_only``; the other
        pragmas are those of the engine's connections)."""
        if self.read_only:
            conn = sqlite3.connect(read_only_uri(self.path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        else:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            apply_pragmas(conn, read_only=True)
            yield conn
        finally:
            conn.close()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error."""
        with self.session_factory().begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.session_factory()() as session:
            yield session

    def session_factory(self) -> sessionmaker[Session]:
        if self.sessions is None:
            from sqlalchemy.orm import sessionmaker

            self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        return self.sessions

    def truncate_wal(self) -> bool:
        """Copy the WAL into the database file and truncate it to zero bytes (SQLite's
        ``wal_checkpoint(TRUNCATE)``). True when done; False when a reader still held an
        older snapshot (the WAL then keeps frames: ``projter check`` says so)."""
        with self.engine.connect() as conn:
            busy, _log, _done = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        wal = self.path.with_name(self.path.name + "-wal")
        return not busy and (not wal.exists() or wal.stat().st_size == 0)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def open_database(path: Path | str, *, migrate: bool = True, read_only: bool | None = None) -> Database:
    """Open (creating or upgrading as needed) the Projter database at ``path``.

    ``read_only``: None (the default) opens the file in the read-only mode when it or its
    folder cannot be written (:func:`write_problem`), else for writing; True always
    read-only; False refuses a file that cannot be written (:class:`DatabaseFaultError`).
    A file that must be created or upgraded cannot be opened read-only: refused, untouched.
    """
    path = Path(path).expanduser()
    problem = read_problem(path)
    if problem is not None:
        raise DatabaseFaultError(problem)
    cannot_write = write_problem(path)
    if cannot_write is not None and cannot_write.kind != READ_ONLY:
        raise DatabaseFaultError(cannot_write)
    if read_only is False and cannot_write is not None:
        raise DatabaseFaultError(cannot_write)
    if read_only is None:
        read_only = cannot_write is not None
    state = read_schema(path)
    if not state.empty and state.revisions is None:
        raise NotAProjterDatabaseError(
            f"Le fichier « {path} » est une base SQLite qui n'a pas été créée par Projter. "
            "Choisissez un autre fichier avec --db ou PROJTER_DB."
        )
    revision = None if state.empty else state.revisions[0] if state.revisions else None
    if isinstance(revision, str) and revision not in KNOWN_REVISIONS and len(state.revisions or ()) == 1:
        raise SchemaTooNewError(
            f"La base « {path} » a été écrite par une version plus récente de Projter "
            f"(schéma {revision}), ou sa table des versions (alembic_version) a été modifiée. "
            "Installez la dernière version de l'application ; le fichier n'a pas été modifié."
        )
    if not state.empty:
        damaged = _schema_fault(path, state)
        if damaged is not None:
            raise damaged
    if read_only:
        if state.empty:
            raise DatabaseFaultError(Fault(READ_ONLY, _fault_message(READ_ONLY, path) if path.exists() else (
                f"La base « {path} » n'existe pas et ne peut pas être créée : "
                f"{(cannot_write.message if cannot_write else 'lecture seule')}")))
        if revision != SCHEMA_HEAD and migrate:
            raise DatabaseFaultError(Fault(READ_ONLY, (
                f"La base « {path} » (schéma {revision}) doit être mise à jour vers le schéma {SCHEMA_HEAD} "
                "avant d'être lue, mais elle est en lecture seule : rien n'a été fait. Rendez-lui le droit "
                "d'écriture (fichier et dossier), ou copiez-la dans un dossier où vous pouvez écrire et "
                "ouvrez cette copie (--db).")))
        return Database(path=path, read_only=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fault = describe_fault(exc, path)
        if fault is None:
            raise
        raise DatabaseFaultError(fault) from exc
    db = Database(path=path)
    if state.empty:
        db.created = True
        if migrate:
            upgrade_to_head(db.engine)
    elif revision != SCHEMA_HEAD and migrate:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        db.pre_upgrade_backup = backup_file(
            path, path.with_name(f"{path.stem}.before-{SCHEMA_HEAD}-{stamp}{path.suffix}")
        )
        db.upgraded_from = revision
        upgrade_to_head(db.engine)
    return db
