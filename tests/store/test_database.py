"""Opening the database: creation at head, no-op re-open, refusals, backup then upgrade,
and the Alembic migrations themselves (up, down, up again; schema equals the models)."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from projter_desktop import paths
from projter_desktop.store import database
from projter_desktop.store.database import (
    KNOWN_REVISIONS,
    SCHEMA_HEAD,
    NotAProjterDatabaseError,
    SchemaTooNewError,
    make_engine,
    open_database,
)
from projter_desktop.store.models import Base

SCRIPTS = ScriptDirectory(str(paths.migrations_dir()))
#: Every revision of db/versions, oldest first.
REVISIONS = [script.revision for script in reversed(list(SCRIPTS.walk_revisions()))]


def _version(path: Path) -> str | None:
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    conn.close()
    return row[0] if row else None


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    return names


def _fingerprint(folder: Path) -> dict[str, str]:
    """Name → SHA-256 of every file in ``folder`` (catches new -wal/-shm/backup files too)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def _alembic(connection):  # type: ignore[no-untyped-def]
    return database._alembic_config(connection)


# --------------------------------------------------------------------------- creation


def test_new_file_is_created_at_head_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.sqlite3"
    db = open_database(path)
    try:
        assert db.created is True
        assert db.upgraded_from is None and db.pre_upgrade_backup is None
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD
        assert set(Base.metadata.tables) <= _tables(path)
    finally:
        db.close()


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    db = open_database(tmp_path / "fk.sqlite3")
    try:
        with pytest.raises(Exception, match="FOREIGN KEY"):
            with db.engine.begin() as conn:
                conn.execute(text(
                    "INSERT INTO axis (uuid, plan_id, position, code, title) "
                    "VALUES ('00000000-0000-4000-8000-000000000000', 4242, 0, '1', 'orphelin')"))
    finally:
        db.close()


def test_opening_again_does_not_migrate_nor_back_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "again.sqlite3"
    open_database(path).close()

    def forbidden(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("an up-to-date database must open without migrating or backing up")

    monkeypatch.setattr(database, "upgrade_to_head", forbidden)
    monkeypatch.setattr(database, "backup_file", forbidden)
    db = open_database(path)
    try:
        assert db.created is False
        assert db.upgraded_from is None and db.pre_upgrade_backup is None
    finally:
        db.close()
    assert _version(path) == SCHEMA_HEAD
    assert sorted(p.name for p in tmp_path.iterdir() if ".before-" in p.name) == []


def test_schema_head_is_the_alembic_head() -> None:
    assert SCRIPTS.get_heads() == [SCHEMA_HEAD], "update SCHEMA_HEAD in store/database.py"
    assert list(KNOWN_REVISIONS) == REVISIONS, "update KNOWN_REVISIONS in store/database.py"


def test_migration_scripts_are_a_single_line(tmp_path: Path) -> None:
    assert len(SCRIPTS.get_bases()) == 1
    assert REVISIONS[-1] == SCHEMA_HEAD


# --------------------------------------------------------------------------- refusals


def test_future_revision_is_refused_and_file_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    before = _fingerprint(tmp_path)

    with pytest.raises(SchemaTooNewError) as excinfo:
        open_database(path)

    message = str(excinfo.value)
    assert "9999_from_the_future" in message
    assert "plus récente" in message and "pas été modifié" in message
    # nothing appears: no backup, and no -wal/-shm side files either
    assert _fingerprint(tmp_path) == before


def test_future_revision_only_in_the_wal_is_refused(tmp_path: Path) -> None:
    """After a crash the newest commits may be only in the -wal file: the revision check
    must read them (an ``immutable`` look at the main file alone would miss them)."""
    live = tmp_path / "live.sqlite3"
    open_database(live).close()
    conn = sqlite3.connect(live)
    try:
        conn.execute("PRAGMA wal_autocheckpoint=0")
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        conn.commit()
        crashed = tmp_path / "crashed"
        crashed.mkdir()
        for side in ("", "-wal", "-shm"):  # the files as a dead laptop leaves them
            (crashed / f"copy.sqlite3{side}").write_bytes(Path(f"{live}{side}").read_bytes())
    finally:
        conn.close()
    path = crashed / "copy.sqlite3"
    with sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True) as main_only:
        assert main_only.execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_HEAD,)
    main_only.close()
    before = _fingerprint(crashed)

    with pytest.raises(SchemaTooNewError, match="9999_from_the_future"):
        open_database(path)

    after = _fingerprint(crashed)
    assert after["copy.sqlite3"] == before["copy.sqlite3"]
    assert after["copy.sqlite3-wal"] == before["copy.sqlite3-wal"]
    assert set(after) == set(before)


#: File names that a URL or a ``file:`` URI would misread ("#" ends a path, "?" starts
#: the options, "%41" is decoded as "A").
ODD_NAMES = ["plan#2.sqlite3", "quoi?.sqlite3", "taux%41.sqlite3", "a%2Fb.sqlite3",
             "mes données/élus de l'Agglo.sqlite3", "dossier #1?x=y/base %20 é.sqlite3"]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_odd_characters_in_the_path(tmp_path: Path, name: str) -> None:
    from projter_desktop.services.plans import bundled_plan
    from projter_desktop.store.plans import add_plan, list_plans

    path = tmp_path / name
    db = open_database(path)
    try:
        assert db.created is True
        with db.transaction() as session:
            add_plan(session, bundled_plan())
    finally:
        db.close()
    # the data went to that very file, and no stray file was made
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        Path(name).as_posix()]
    assert _version(path) == SCHEMA_HEAD

    db = open_database(path)
    try:
        assert db.created is False
        with db.reading() as session:
            assert [p.actions for p in list_plans(session)] == [143]
    finally:
        db.close()


@pytest.mark.parametrize("name", ODD_NAMES)
def test_odd_characters_in_the_path_newer_schema_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    before = _fingerprint(path.parent)

    with pytest.raises(SchemaTooNewError, match="9999_from_the_future"):
        open_database(path)
    assert _fingerprint(path.parent) == before


@pytest.mark.parametrize("name", ODD_NAMES)
def test_odd_characters_in_the_path_older_schema_is_backed_up(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    db = open_database(path)
    with db.engine.begin() as conn:
        command.downgrade(_alembic(conn), REVISIONS[0])
    db.close()

    db = open_database(path)
    try:
        assert db.upgraded_from == REVISIONS[0]
        assert db.pre_upgrade_backup is not None and db.pre_upgrade_backup.parent == path.parent
        assert _version(db.pre_upgrade_backup) == REVISIONS[0]
    finally:
        db.close()
    assert _version(path) == SCHEMA_HEAD


def test_sqlite_file_of_another_application_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO contacts (name) VALUES ('Mme Dupont')")
    conn.close()
    before = _fingerprint(tmp_path)

    with pytest.raises(NotAProjterDatabaseError, match="pas été créée par Projter"):
        open_database(path)

    assert _fingerprint(tmp_path) == before


def test_random_bytes_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(random.Random(1234).randbytes(8192))
    before = _fingerprint(tmp_path)

    with pytest.raises(NotAProjterDatabaseError, match="pas une base de données lisible"):
        open_database(path)

    assert _fingerprint(tmp_path) == before


def test_empty_file_is_treated_as_new(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    db = open_database(path)
    try:
        assert db.created is True
    finally:
        db.close()
    assert _version(path) == SCHEMA_HEAD


# --------------------------------------------------------------------------- upgrades


@pytest.mark.parametrize("older", REVISIONS[:-1] or [pytest.param(None, marks=pytest.mark.skip(
    reason="only one migration exists: no older revision to upgrade from yet"))])
def test_older_revision_is_backed_up_then_upgraded(tmp_path: Path, older: str) -> None:
    from projter_desktop.services.plans import bundled_plan
    from projter_desktop.store.plans import add_plan, list_plans, load_plan

    path = tmp_path / "old.sqlite3"
    plan = bundled_plan()
    db = open_database(path)
    with db.transaction() as session:
        add_plan(session, plan)
    with db.engine.begin() as conn:
        command.downgrade(_alembic(conn), older)
    db.close()
    assert _version(path) == older

    db = open_database(path)
    try:
        assert db.created is False
        assert db.upgraded_from == older
        backup = db.pre_upgrade_backup
        assert backup is not None and backup.is_file()
        assert backup.parent == path.parent
        assert backup.name.startswith(f"old.before-{SCHEMA_HEAD}-") and backup.suffix == ".sqlite3"
        assert _version(path) == SCHEMA_HEAD
        with db.reading() as session:
            assert load_plan(session, plan.info.uuid) == plan
    finally:
        db.close()

    # the backup is a complete, readable database at the old revision, with the data
    assert _version(backup) == older
    old = open_database(backup, migrate=False)
    try:
        with old.reading() as session:
            assert [p.actions for p in list_plans(session)] == [143]
    finally:
        old.close()


# --------------------------------------------------------------------------- migrations


def test_migrations_upgrade_downgrade_and_upgrade_again(tmp_path: Path) -> None:
    path = tmp_path / "migrations.sqlite3"
    engine = make_engine(path)
    try:
        with engine.begin() as conn:
            command.upgrade(_alembic(conn), "head")
        assert _tables(path) == set(Base.metadata.tables) | {"alembic_version"}
        assert _version(path) == SCHEMA_HEAD

        with engine.begin() as conn:
            command.downgrade(_alembic(conn), "base")
        assert _tables(path) == {"alembic_version"}
        assert _version(path) is None

        with engine.begin() as conn:
            command.upgrade(_alembic(conn), "head")
        assert _tables(path) == set(Base.metadata.tables) | {"alembic_version"}
        assert _version(path) == SCHEMA_HEAD
    finally:
        engine.dispose()


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    """What Alembic builds is what the ORM models describe (no forgotten migration)."""
    db = open_database(tmp_path / "compare.sqlite3")
    try:
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
            indexes = {t: {tuple(i["column_names"]) for i in inspect(conn).get_indexes(t)} for t in Base.metadata.tables}
    finally:
        db.close()
    assert differences == []
    for table in Base.metadata.tables.values():
        for index in table.indexes:
            assert tuple(c.name for c in index.columns) in indexes[table.name]
