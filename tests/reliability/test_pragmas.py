"""The durability pragmas on every connection the app opens (issue 15, item 6).

Every ``sqlite3`` connection made while the app creates a database, upgrades an older one
(with its pre-upgrade backup), reads the plans at start-up (plain ``sqlite3``), runs a
workshop through the services, backs up, and runs ``projter`` commands (list, show, check,
backup) is recorded — SQLAlchemy's through ``sqlite3.dbapi2.connect``, the app's own through
``sqlite3.connect`` — and its pragmas are read just before it closes (or at the end):

- a connection that may write the live database: ``foreign_keys=ON``, ``journal_mode=WAL``,
  ``synchronous=FULL`` (a vote shown as recorded survives a power cut), ``secure_delete=ON``
  (a secret ballot rewritten leaves no readable copy), a busy timeout of at least a second;
- a read-only connection to the live database (``mode=ro``, or ``query_only``): it cannot
  write, and waits for writers (busy timeout) unless it reads an immutable file;
- a connection writing another file (a backup copy): ``synchronous`` FULL or more.

``PRAGMA synchronous=OFF`` (or NORMAL) in ``store.database.apply_pragmas``, or one pragma
left out, fails this test (checked by hand).
"""

from __future__ import annotations

import gzip
import shutil
import sqlite3
import sqlite3.dbapi2
from pathlib import Path

import pytest

from projter_desktop import cli
from projter_desktop.services import backup, plans, workshops
from projter_desktop.services.database import open_app_database
from projter_desktop.services.demo import create_demo_workshop

ROOT = Path(__file__).resolve().parents[2]
LEGACY = ROOT / "tests" / "fixtures" / "legacy" / "legacy-0005.sqlite3.gz"
PRAGMAS = ("foreign_keys", "journal_mode", "synchronous", "secure_delete", "busy_timeout", "query_only")


class _Recorded(sqlite3.Connection):
    """A connection that reads its own pragmas before it closes."""

    target = ""
    uri = False
    pragmas: dict[str, object] | None = None

    def snapshot(self) -> None:
        if self.pragmas is not None:
            return
        try:
            self.pragmas = {name: self.execute(f"PRAGMA {name}").fetchone()[0] for name in PRAGMAS}
        except sqlite3.Error as exc:  # a connection left unusable: said in the failure
            self.pragmas = {"error": str(exc)}

    def close(self) -> None:
        self.snapshot()
        super().close()


@pytest.fixture
def recorded(monkeypatch):  # type: ignore[no-untyped-def]
    opened: list[_Recorded] = []
    real = sqlite3.connect

    def connect(database, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("factory", _Recorded)
        conn = real(database, *args, **kwargs)
        conn.target, conn.uri = str(database), bool(kwargs.get("uri"))
        opened.append(conn)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(sqlite3.dbapi2, "connect", connect)
    return opened


def _file_of(conn: _Recorded) -> Path:
    target = conn.target
    if conn.uri:
        target = target.split("?", 1)[0].removeprefix("file://").removeprefix("file:")
        from urllib.parse import unquote

        target = unquote(target)
    return Path(target).resolve()


def _read_only(conn: _Recorded) -> bool:
    query = conn.target.split("?", 1)[1] if conn.uri and "?" in conn.target else ""
    return "mode=ro" in query or conn.pragmas.get("query_only") == 1  # type: ignore[union-attr]


def _problems(opened: list[_Recorded], live: set[Path]) -> list[str]:
    problems = []
    for conn in opened:
        conn.snapshot()  # those still open
        p = conn.pragmas or {}
        where = f"{conn.target}: {p}"
        if "error" in p:
            problems.append(f"pragmas unreadable: {where}")
            continue
        if _file_of(conn) in live:
            if _read_only(conn):
                if "immutable=1" not in conn.target and not p["busy_timeout"]:
                    problems.append(f"read-only connection without a busy timeout: {where}")
                continue
            wanted = {"foreign_keys": 1, "journal_mode": "wal", "synchronous": 2, "secure_delete": 1}
            wrong = {k: p[k] for k, v in wanted.items() if p[k] != v}
            if wrong or p["busy_timeout"] < 1000:
                problems.append(f"live database without its durability pragmas ({wrong or 'busy_timeout'}): {where}")
        elif not _read_only(conn) and p["synchronous"] < 2:
            problems.append(f"a file written without synchronous=FULL: {where}")
    return problems


def test_every_connection_has_the_durability_pragmas(recorded, tmp_path, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    live = tmp_path / "live.sqlite3"
    # a new database (migrations), a workshop run through the services, the start-up reads
    db = open_app_database(live)
    uuid = create_demo_workshop(db, seed=3, participants=8)
    assert plans.list_plans(db)  # Database.read_connection, plain sqlite3
    workshops.get_workshop(db, uuid)
    backup.backup_now(db, reason=backup.MANUAL)
    db.close()
    # an older database: pre-upgrade backup, then the migrations
    older = tmp_path / "older.sqlite3"
    with gzip.open(LEGACY) as source, open(older, "wb") as target:
        shutil.copyfileobj(source, target)
    upgraded = open_app_database(older)
    assert upgraded.upgraded_from is not None and upgraded.pre_upgrade_backup is not None
    upgraded.close()
    # the command line, in this process
    monkeypatch.setenv("PROJTER_DB", str(live))
    for args in (["workshop", "list"], ["workshop", "show", uuid[:8]], ["check"], ["backup"]):
        assert cli.main(["--db", str(live), *args]) == 0, capsys.readouterr().err

    files = {_file_of(c) for c in recorded}
    assert {live.resolve(), older.resolve()} <= files, files
    assert len(recorded) >= 10  # engine, read_connection, checks, backups: all seen
    problems = _problems(recorded, {live.resolve(), older.resolve()})
    assert problems == [], "\n".join(problems)
    # the engine's connections were seen, and they are WAL with synchronous=FULL
    writers = [c for c in recorded if _file_of(c) == live.resolve() and not _read_only(c)]
    assert writers and all(c.pragmas["synchronous"] == 2 for c in writers)  # type: ignore[index]


def test_a_read_only_database_is_read_through_read_only_connections(recorded, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The read-only mode (a file that cannot be written) opens only read-only connections."""
    live = tmp_path / "ro.sqlite3"
    db = open_app_database(live)
    create_demo_workshop(db, seed=4, participants=6)
    db.close()
    del recorded[:]
    ro = open_app_database(live, read_only=True)
    try:
        assert ro.read_only and plans.list_plans(ro) and workshops.list_workshops(ro)
    finally:
        ro.close()
    assert recorded and all(_read_only(c) for c in recorded), [(c.target, c.pragmas) for c in recorded]
    assert _problems(recorded, {live.resolve()}) == []
