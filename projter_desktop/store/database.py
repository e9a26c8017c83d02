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
"""

from __future__ import annotations

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


class DatabaseError(Exception):
    """A database that cannot be opened; the message is meant for the user (French)."""


class SchemaTooNewError(DatabaseError):
    pass


class NotAProjterDatabaseError(DatabaseError):
    pass


def _set_sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL makes every commit durable in WAL mode (NORMAL may lose the last commits on
    # power loss): a vote that the screen showed as recorded must survive a dead laptop.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Deleted rows are overwritten with zeros in their pages (and so in the WAL frames that
    # carry those pages): a secret ballot rewritten at the close of its round leaves no
    # readable copy of its first place in the file.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def make_engine(path: Path | str) -> Engine:
    from sqlalchemy import URL, create_engine, event

    # URL.create, not f"sqlite:///{path}": a path holding "#", "?" or "%" must stay a path
    # (in a URL string "?" starts the query and "%41" is decoded).
    engine = create_engine(URL.create("sqlite", database=str(Path(path))), future=True)
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


def _read_revision(uri: str) -> str | None | bool:
    conn = sqlite3.connect(uri, uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return None
        if "alembic_version" not in tables:
            return False
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def read_revision(path: Path) -> str | None | bool:
    """The Alembic revision stored in ``path``, read without creating any file (see
    :func:`read_only_uri`).

    Returns None for a file without any table (new), False for a file with tables but no
    Alembic version (not ours), else the revision string.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    uri = read_only_uri(path)
    try:
        try:
            return _read_revision(uri)
        except sqlite3.DatabaseError:
            if "immutable=1" not in uri:
                raise
            # immutable=1 takes no lock: another program that opened the file since the
            # check above may be writing to it. Read again the ordinary way.
            return _read_revision(read_only_uri(path, may_be_immutable=False))
    except sqlite3.DatabaseError as exc:
        raise NotAProjterDatabaseError(
            f"Le fichier « {path} » n'est pas une base de données lisible ({exc}). "
            "Vérifiez le chemin, ou restaurez une sauvegarde."
        ) from exc


def backup_file(source: Path, destination: Path) -> Path:
    """Copy a live SQLite database consistently with the online backup API."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(destination) as dst:
        src.backup(dst)
    dst.close()
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
                    self._engine = make_engine(self.path)
                engine = self._engine
        return engine

    @contextmanager
    def read_connection(self) -> Iterator[sqlite3.Connection]:
        """A plain ``sqlite3`` connection for light reads (such as the plan shown at
        start-up), which need no SQLAlchemy; never for writing (the pragmas of the
        engine's connections, e.g. ``foreign_keys``, are not set)."""
        conn = sqlite3.connect(self.path, timeout=5)
        try:
            conn.execute("PRAGMA query_only=ON")
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


def open_database(path: Path | str, *, migrate: bool = True) -> Database:
    """Open (creating or upgrading as needed) the Projter database at ``path``."""
    path = Path(path).expanduser()
    revision = read_revision(path)
    if revision is False:
        raise NotAProjterDatabaseError(
            f"Le fichier « {path} » est une base SQLite qui n'a pas été créée par Projter. "
            "Choisissez un autre fichier avec --db ou PROJTER_DB."
        )
    if isinstance(revision, str) and revision not in KNOWN_REVISIONS:
        raise SchemaTooNewError(
            f"La base « {path} » a été écrite par une version plus récente de Projter "
            f"(schéma {revision}). Installez la dernière version de l'application ; "
            "le fichier n'a pas été modifié."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path=path)
    if revision is None:
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
