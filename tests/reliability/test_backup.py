"""Backups: where they go, what they hold, how many are kept; restoring one; a damaged
database detected on opening, never overwritten, and the newest valid backup offered."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from projter_desktop.services import backup, workshops
from projter_desktop.services.backup import DamagedDatabaseError
from projter_desktop.services.database import open_app_database
from projter_desktop.services.demo import create_demo_workshop
from projter_desktop.services.errors import UserError
from projter_desktop.services.plans import list_plans
from projter_desktop.store.database import SCHEMA_HEAD


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def damage(path: Path) -> None:
    """Overwrite pages in the middle of a closed database with garbage."""
    size = path.stat().st_size
    page = 4096
    start = (size // 2) // page * page
    with open(path, "r+b") as handle:
        handle.seek(start)
        handle.write(bytes((i * 37 + 11) % 256 for i in range(3 * page)))
    assert backup.quick_check(path), "the damage must be detectable"


def add_workshop(db, title: str = "Atelier ajouté") -> str:  # type: ignore[no-untyped-def]
    return workshops.create_workshop(db, plan_uuid=list_plans(db)[0].uuid, title=title).value.uuid


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with a closed demo workshop, made once for the module."""
    path = tmp_path_factory.mktemp("template") / "atelier.sqlite3"
    db = open_app_database(path)
    create_demo_workshop(db, seed=1, close=True, participants=10)
    db.close()
    return path


@pytest.fixture
def demo_db(tmp_path: Path, demo_template: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "site" / "atelier.sqlite3"
    backup.backup_file(demo_template, path)
    db = open_app_database(path)
    yield db
    db.close()


# --------------------------------------------------------------------------- where


def test_backups_of_a_db_in_the_data_folder_go_to_its_backups_folder(isolated_environment: Path) -> None:
    assert backup.backup_dir(isolated_environment / "projter.sqlite3") == isolated_environment / "backups"


def test_backups_of_a_db_elsewhere_go_next_to_it(tmp_path: Path) -> None:
    assert backup.backup_dir(tmp_path / "usb" / "cevennes.sqlite3") == tmp_path / "usb" / "cevennes-backups"


def test_backup_now_makes_a_whole_self_contained_copy_named_with_utc_time(demo_db) -> None:  # type: ignore[no-untyped-def]
    before = datetime.now(UTC)
    path = backup.backup_now(demo_db)
    after = datetime.now(UTC)

    assert path.parent == demo_db.path.parent / "atelier-backups"
    match = re.fullmatch(r"atelier-(\d{8}T\d{6})\.(\d{3})Z-manual\.sqlite3", path.name)
    assert match
    stamp = datetime.strptime(match[1], "%Y%m%dT%H%M%S").replace(tzinfo=UTC) + timedelta(milliseconds=int(match[2]))
    assert before - timedelta(seconds=1) <= stamp <= after
    # journal mode DELETE: the copy needs no -wal file, and nothing was left beside it
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == SCHEMA_HEAD
    conn.close()
    for table in ("workshop", "attendee", "ballot", "mark", "voter_register", "decision", "action"):
        assert count(path, table) == count(demo_db.path, table), table
    assert count(path, "ballot") > 0


def test_a_backup_holds_what_was_committed_a_moment_before(demo_db) -> None:  # type: ignore[no-untyped-def]
    uuid = add_workshop(demo_db, "Juste avant la sauvegarde")  # still in the WAL, not checkpointed
    path = backup.backup_now(demo_db)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT title FROM workshop WHERE uuid = ?", (uuid,)).fetchone() == ("Juste avant la sauvegarde",)
    conn.close()


def test_only_the_newest_backups_are_kept(demo_db) -> None:  # type: ignore[no-untyped-def]
    made = [backup.backup_now(demo_db, keep=3) for _ in range(5)]
    listed = backup.list_backups(demo_db.path)
    assert [b.path for b in listed] == made[:-4:-1]  # newest first
    assert not made[0].exists() and not made[1].exists()
    assert [b.created_at for b in listed] == sorted((b.created_at for b in listed), reverse=True)


def test_listing_ignores_other_files_and_other_databases(demo_db) -> None:  # type: ignore[no-untyped-def]
    made = backup.backup_now(demo_db, reason=backup.STARTUP)
    folder = made.parent
    (folder / "notes.txt").write_text("x")
    (folder / "atelier-2-20260101T000000.000Z-manual.sqlite3").write_bytes(b"")
    (folder / f"{made.name}.partial").write_bytes(b"")
    listed = backup.list_backups(demo_db.path)
    assert [(b.path, b.reason) for b in listed] == [(made, "startup")]
    assert listed[0].size == made.stat().st_size
    assert "au démarrage" in listed[0].describe_fr()


def test_start_up_backups_are_not_repeated_while_nothing_changes(demo_db) -> None:  # type: ignore[no-untyped-def]
    first = backup.backup_now(demo_db, reason=backup.STARTUP, skip_if_unchanged=True)
    again = backup.backup_now(demo_db, reason=backup.STARTUP, skip_if_unchanged=True)
    assert again == first and len(backup.list_backups(demo_db.path)) == 1
    add_workshop(demo_db)
    changed = backup.backup_now(demo_db, reason=backup.STARTUP, skip_if_unchanged=True)
    assert changed != first and len(backup.list_backups(demo_db.path)) == 2


def test_backup_after_closing_backs_up_once_per_newly_closed_workshop(demo_db) -> None:  # type: ignore[no-untyped-def]
    open_uuid = add_workshop(demo_db)
    done: set[str] = set()
    assert backup.backup_after_closing(demo_db, {open_uuid}, already=done) is None
    workshops.close_workshop(demo_db, open_uuid)
    path = backup.backup_after_closing(demo_db, {open_uuid}, already=done)
    assert path is not None and path.name.endswith("-closed.sqlite3")
    assert backup.backup_after_closing(demo_db, {open_uuid}, already=done) is None
    assert done == {open_uuid}


def test_backup_of_a_missing_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="n'existe pas"):
        backup.backup_now(tmp_path / "absent.sqlite3")


# --------------------------------------------------------------------------- restore


def test_restore_puts_the_backup_back_and_keeps_the_replaced_database(demo_db) -> None:  # type: ignore[no-untyped-def]
    saved = backup.backup_now(demo_db)
    added = add_workshop(demo_db, "Après la sauvegarde")
    path = demo_db.path
    demo_db.close()

    result = backup.restore(path, saved)

    assert result.restored_from == saved and result.damaged_aside is None
    assert result.safety_backup is not None and result.safety_backup.name.endswith("-before-restore.sqlite3")
    def titles(p: Path) -> set[str]:
        conn = sqlite3.connect(p)
        try:
            return {r[0] for r in conn.execute("SELECT uuid FROM workshop")}
        finally:
            conn.close()

    assert added not in titles(path)
    assert added in titles(result.safety_backup)
    assert backup.integrity_check(path) == ()
    # nothing left over beside the database but the database (and its backups folder)
    assert sorted(p.name for p in path.parent.iterdir()) == ["atelier-backups", "atelier.sqlite3"]
    db = open_app_database(path)
    assert len(workshops.list_workshops(db)) == 1
    db.close()


def test_restore_drops_a_stale_wal_that_belongs_to_the_replaced_file(demo_db) -> None:  # type: ignore[no-untyped-def]
    saved = backup.backup_now(demo_db)
    path = demo_db.path
    wal = Path(f"{path}-wal")
    add_workshop(demo_db, "Dans le WAL")
    left_by_a_crash = wal.read_bytes()  # what a power cut would leave beside the file
    demo_db.close()
    wal.write_bytes(left_by_a_crash)
    backup.restore(path, saved)
    assert not Path(f"{path}-wal").exists()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM workshop WHERE title = 'Dans le WAL'").fetchone()[0] == 0
    conn.close()


@pytest.mark.parametrize("kind", ["damaged", "not_projter", "too_new", "text"])
def test_restore_refuses_a_bad_backup_and_changes_nothing(demo_db, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.sqlite3"
    if kind == "damaged":
        backup.backup_file(demo_db.path, bad)
        damage(bad)
    elif kind == "not_projter":
        sqlite3.connect(bad).execute("CREATE TABLE t (x)").connection.commit()
    elif kind == "too_new":
        backup.backup_file(demo_db.path, bad)
        conn = sqlite3.connect(bad)
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
        conn.commit()
        conn.close()
    else:
        bad.write_text("bonjour")
    path = demo_db.path
    demo_db.close()
    before = sha(path)
    with pytest.raises(UserError, match="ne peut pas être restaurée"):
        backup.restore(path, bad)
    assert sha(path) == before
    assert backup.list_backups(path) == []


# --------------------------------------------------------------------------- damaged database


def test_a_damaged_database_is_detected_never_overwritten_and_the_newest_valid_backup_offered(demo_db) -> None:  # type: ignore[no-untyped-def]
    older = backup.backup_now(demo_db, reason=backup.STARTUP)
    add_workshop(demo_db, "Dernier atelier sauvegardé")
    good = backup.backup_now(demo_db, reason=backup.CLOSED)
    newest_but_damaged = backup.backup_now(demo_db, reason=backup.MANUAL)
    damage(newest_but_damaged)
    path = demo_db.path
    demo_db.close()
    damage(path)
    damaged_bytes = sha(path)
    folder_before = sorted(p.name for p in path.parent.iterdir())

    with pytest.raises(DamagedDatabaseError) as caught:
        backup.open_checked(path)

    error = caught.value
    assert isinstance(error, UserError)
    assert error.backup is not None and error.backup.path == good != older
    assert error.problems and error.path == path
    assert "endommagée" in str(error) and good.name in str(error) and "n'a pas été modifiée" in str(error)
    assert sha(path) == damaged_bytes, "the damaged file is never written to"
    assert sorted(p.name for p in path.parent.iterdir()) == folder_before

    # a damaged database is not backed up (its copy would push out a good backup)
    with pytest.raises(UserError, match="sauvegarde"):
        backup.backup_now(path)
    assert len(backup.list_backups(path)) == 3

    result = backup.restore(path, error.backup.path)

    assert result.safety_backup is None
    assert result.damaged_aside is not None and result.damaged_aside.name.startswith("atelier.sqlite3.damaged-")
    assert sha(result.damaged_aside) == damaged_bytes, "the damaged file is kept aside, byte for byte"
    db = backup.open_checked(path)
    assert "Dernier atelier sauvegardé" in {w.title for w in workshops.list_workshops(db)}
    db.close()


def test_open_checked_without_any_backup_says_so(tmp_path: Path) -> None:
    path = tmp_path / "seule.sqlite3"
    db = open_app_database(path)
    create_demo_workshop(db, participants=8)
    db.close()
    damage(path)
    with pytest.raises(DamagedDatabaseError, match="Aucune sauvegarde valide") as caught:
        backup.open_checked(path)
    assert caught.value.backup is None


def test_open_checked_opens_a_healthy_or_new_database(tmp_path: Path) -> None:
    db = backup.open_checked(tmp_path / "neuve.sqlite3")
    assert db.created and list_plans(db)
    db.close()
    db = backup.open_checked(tmp_path / "neuve.sqlite3")
    assert not db.created
    db.close()


def test_quick_check_of_a_missing_or_healthy_file_is_clean(demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert backup.quick_check(tmp_path / "absent.sqlite3") == ()
    assert backup.quick_check(demo_db.path) == ()
    assert not (tmp_path / "absent.sqlite3").exists()


def test_checks_never_write_to_the_database_nor_its_wal(demo_db) -> None:  # type: ignore[no-untyped-def]
    path = demo_db.path
    wal = Path(f"{path}-wal")
    add_workshop(demo_db, "Seulement dans le WAL")
    wal_bytes = wal.read_bytes()
    demo_db.close()
    wal.write_bytes(wal_bytes)  # as a crash leaves it beside the file
    main_bytes = sha(path)
    assert backup.quick_check(path) == () and backup.integrity_check(path) == ()
    assert sha(path) == main_bytes and wal.read_bytes() == wal_bytes
    assert backup.verify_backup(path) == ()
    assert sha(path) == main_bytes and wal.read_bytes() == wal_bytes


def test_checks_of_a_closed_database_leave_no_side_file(demo_db) -> None:  # type: ignore[no-untyped-def]
    """A read-only look at a WAL database would leave empty -wal/-shm files that nothing
    removes (it cannot delete them): the checks of a closed database make none."""
    path = demo_db.path
    demo_db.close()
    assert sorted(p.name for p in path.parent.iterdir()) == ["atelier.sqlite3"]
    main_bytes = sha(path)
    assert backup.quick_check(path) == () and backup.integrity_check(path) == ()
    assert backup.verify_backup(path) == ()
    assert sorted(p.name for p in path.parent.iterdir()) == ["atelier.sqlite3"]
    assert sha(path) == main_bytes


def test_a_check_that_met_a_change_is_done_again_with_locks(demo_db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The lock-free (immutable) look may meet another program's writing: when the file
    changed meanwhile, a problem is only believed once confirmed with SQLite's locks."""
    path = demo_db.path
    demo_db.close()
    real = backup._pragma_rows
    calls: list[bool] = []

    def torn_then_real(target: Path, pragma: str, *, may_be_immutable: bool) -> tuple[str, ...]:
        calls.append(may_be_immutable)
        if may_be_immutable:
            os.utime(target, ns=(1, 1))  # "another program wrote meanwhile"
            return ("*** in database main ***",)
        return real(target, pragma, may_be_immutable=may_be_immutable)

    monkeypatch.setattr(backup, "_pragma_rows", torn_then_real)
    assert backup.quick_check(path) == ()
    assert calls == [True, False]


def test_truncated_file_header_is_damage(tmp_path: Path) -> None:
    path = tmp_path / "tronquee.sqlite3"
    db = open_app_database(path)
    db.close()
    path.write_bytes(b"\0" * 100 + path.read_bytes()[100:])
    assert backup.quick_check(path)
    assert os.path.getsize(path) > 0


@pytest.mark.parametrize("name", ["plan#2.sqlite3", "quoi?.sqlite3", "taux%41.sqlite3",
                                  "dossier #1?x=y/élus %20 de l'Agglo.sqlite3"])
def test_backup_check_and_restore_with_odd_characters_in_the_path(tmp_path: Path, demo_template: Path,
                                                                  name: str) -> None:
    """"#", "?" and "%" in the path stay part of the file name in every file: URI used."""
    from projter_desktop.services import integrity

    site = tmp_path / "site"
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    backup.backup_file(demo_template, path)
    assert backup.quick_check(path) == () and backup.integrity_check(path) == ()
    assert backup.verify_backup(path) == ()
    made = backup.backup_now(path)
    assert [b.path for b in backup.list_backups(path)] == [made]
    assert backup.verify_backup(made) == ()
    report = integrity.check_file(path)
    assert report.healthy, [f.line_fr() for f in report.findings]
    damage(path)
    assert backup.newest_valid_backup(path).path == made
    result = backup.restore(path, made)
    assert backup.quick_check(path) == ()
    # nothing was written to a file of a misread name
    expected = {path, made, result.damaged_aside}
    found = {p for p in site.rglob("*") if p.is_file()}
    assert {p for p in found if not p.name.endswith(("-wal", "-shm"))} == expected
