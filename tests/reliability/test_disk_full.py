"""A full disk during a backup, a restore, the demo and an import (issue 15).

Two ways to fill the disk, each running the real ``projter`` command in a child process:

- ``tmpfs``: the database on a small RAM file system mounted for the test
  (``mount -t tmpfs -o size=…``; needs root, as in this container), filled up to a few
  kilobytes: the writes fail with ENOSPC, SQLite says "database or disk is full";
- ``fsize``: a limit on the size of the files the child may write (``RLIMIT_FSIZE``,
  SIGXFSZ ignored: writes beyond it fail with EFBIG, SQLite says "disk I/O error"); works
  without privileges.

Each time: a French message, exit code 74, the database unchanged (every row, WAL
included), nothing left beside it. A plan exported to a full disk (or beyond the limit)
leaves no ``FILE.part`` and prints no "Exception ignored" from the XLSX writer.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from projter_desktop.services import backup, recovery, workshops
from projter_desktop.services.database import open_app_database
from projter_desktop.services.demo import create_demo_workshop
from projter_desktop.services.plans import list_plans

ROOT = Path(__file__).resolve().parents[2]
EXIT_IO_ERROR = 74


def rows(path: Path) -> set[str]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {line for line in conn.iterdump() if "sqlite_sequence" not in line}
    finally:
        conn.close()


def content(path: Path) -> str:
    return hashlib.sha256("\n".join(sorted(rows(path))).encode()).hexdigest()


def _can_mount() -> bool:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    probe = Path(f"/tmp/projter-tmpfs-probe-{uuid.uuid4().hex}")
    probe.mkdir()
    try:
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(probe)],
                          capture_output=True).returncode != 0:
            return False
        subprocess.run(["umount", str(probe)], check=True)
        return True
    except OSError:
        return False
    finally:
        probe.rmdir()


CAN_MOUNT = _can_mount()


@contextlib.contextmanager
def tmpfs(folder: Path, size: int) -> Iterator[Path]:
    folder.mkdir(parents=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path, leave: int) -> None:
    """Fill the file system of ``folder`` but ``leave`` bytes."""
    stat = os.statvfs(folder)
    free = stat.f_bavail * stat.f_frsize
    if free > leave:
        with open(folder / "remplissage.bin", "wb") as handle:
            handle.write(b"\0" * (free - leave))


def projter(db: Path, *args: str, fsize: int | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)

    def limit() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run([sys.executable, "-m", "projter_desktop", "--db", str(db), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL,
                          preexec_fn=limit if fsize is not None else None)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(database, a bigger backup to restore, an export file to import)."""
    folder = tmp_path_factory.mktemp("full-template")
    path = folder / "atelier.sqlite3"
    db = open_app_database(path)
    create_demo_workshop(db, seed=5, close=True, participants=10)
    db.close()
    bigger = folder / "grande.sqlite3"
    backup.backup_file(path, bigger)
    db = open_app_database(bigger)
    for seed in (6, 7):
        create_demo_workshop(db, seed=seed, close=True, participants=25)
    db.close()
    conn = sqlite3.connect(bigger)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    exported = folder / "bureau.projter"
    done = projter(bigger, "export", "--all", "-o", str(exported))
    assert done.returncode == 0, done.stderr
    return path, bigger, exported


@contextlib.contextmanager
def with_wal(db: Path) -> Iterator[str]:
    """A reader keeps the database open (as a window would) while a workshop committed a
    moment ago is only in the WAL, not checkpointed: yields that workshop's uuid."""
    opened = open_app_database(db)
    try:
        made = workshops.create_workshop(opened, plan_uuid=list_plans(opened)[0].uuid, title="Dans le WAL").value.uuid
        assert Path(f"{db}-wal").stat().st_size > 0
        yield made
    finally:
        opened.close()


def in_database(db: Path, uuid: str) -> bool:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM workshop WHERE uuid = ?", (uuid,)).fetchone()[0] == 1
    finally:
        conn.close()


def place(template: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "atelier.sqlite3"
    backup.backup_file(template, db)
    return db


def assert_said(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == EXIT_IO_ERROR, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    assert "plein" in done.stderr or "disque" in done.stderr, done.stderr
    assert done.stderr.startswith("projter : ") and done.stderr.count("\n") <= 3, done.stderr


def assert_unchanged(db: Path, before: str, done: subprocess.CompletedProcess[str]) -> None:
    assert_said(done)
    assert content(db) == before, "the database is unchanged"
    assert backup.integrity_check(db) == ()
    assert [f.kind for f in recovery.leftovers(db)] == [], "nothing left beside the database"
    for info in backup.list_backups(db):
        assert backup.verify_backup(info.path) == ()


def assert_demo_cut_short(db: Path, before: set[str], done: subprocess.CompletedProcess[str]) -> None:
    """The demo is many small transactions (one per service call, as typed in a room):
    cut short by the full disk, it keeps what it wrote before (a partial demonstration
    workshop); every row that was there is still there, the file whole."""
    assert_said(done)
    assert backup.integrity_check(db) == ()
    assert before <= rows(db), "nothing that was in the database is lost"


def room_for(db: Path, fraction: float) -> int:
    return int(db.stat().st_size * fraction)


# --------------------------------------------------------------------------- tmpfs

needs_mount = pytest.mark.skipif(not CAN_MOUNT, reason="mount -t tmpfs needs root (the fsize variant runs instead)")


@needs_mount
def test_backup_on_a_full_disk(tmp_path: Path, template: tuple[Path, Path, Path]) -> None:
    with tmpfs(tmp_path / "disque", 8 << 20) as disk:
        db = place(template[0], disk)
        before = content(db)
        fill(disk, room_for(db, 0.3))
        done = projter(db, "backup")
        assert_unchanged(db, before, done)
        assert "La base n'a pas été modifiée" in done.stderr
        assert backup.list_backups(db) == []


@needs_mount
def test_restore_on_a_full_disk_keeps_the_database_and_its_wal(tmp_path: Path,
                                                                template: tuple[Path, Path, Path]) -> None:
    """Room for the before-restore backup, not for the restored pages in the WAL: the
    transaction fails part-way and the live database (its WAL too) is as it was."""
    with tmpfs(tmp_path / "disque", 16 << 20) as disk:
        db = place(template[0], disk)
        with with_wal(db) as in_wal:
            before = content(db)
            fill(disk, room_for(db, 1.3))
            done = projter(db, "restore", "--yes", str(template[1]))
            assert_unchanged(db, before, done)
            assert "rien n'a été remplacé" in done.stderr, done.stderr
            assert in_database(db, in_wal)


@needs_mount
@pytest.mark.parametrize("command", ["demo", "import"])
def test_demo_and_import_on_a_full_disk(tmp_path: Path, template: tuple[Path, Path, Path], command: str) -> None:
    with tmpfs(tmp_path / "disque", 8 << 20) as disk:
        db = place(template[0], disk)
        before = content(db)
        fill(disk, 48 << 10)
        if command == "import":  # all or nothing
            assert_unchanged(db, before, projter(db, "import", "--trust", str(template[2])))
        else:
            old = rows(db)
            assert_demo_cut_short(db, old, projter(db, "demo", "--participants", "40"))


# --------------------------------------------------------------------------- RLIMIT_FSIZE


def test_backup_beyond_the_file_size_limit(tmp_path: Path, template: tuple[Path, Path, Path]) -> None:
    db = place(template[0], tmp_path)
    before = content(db)
    done = projter(db, "backup", fsize=room_for(db, 0.5))
    assert_unchanged(db, before, done)
    assert backup.list_backups(db) == []


def test_restore_beyond_the_file_size_limit_keeps_the_database_and_its_wal(
        tmp_path: Path, template: tuple[Path, Path, Path]) -> None:
    db = place(template[0], tmp_path)
    with with_wal(db) as in_wal:
        before = content(db)
        bigger = template[1].stat().st_size
        assert bigger > 1.5 * db.stat().st_size
        # the before-restore backup (the size of the database) fits, the WAL of the bigger backup does not
        done = projter(db, "restore", "--yes", str(template[1]), fsize=room_for(db, 1.2))
        assert_unchanged(db, before, done)
        assert [b.reason for b in backup.list_backups(db)] == [backup.BEFORE_RESTORE], "it failed in the transaction"
        assert in_database(db, in_wal)


@pytest.mark.parametrize("command", ["demo", "import"])
def test_demo_and_import_beyond_the_file_size_limit(tmp_path: Path, template: tuple[Path, Path, Path],
                                                    command: str) -> None:
    db = place(template[0], tmp_path)
    before = content(db)
    if command == "import":
        assert_unchanged(db, before, projter(db, "import", "--trust", str(template[2]), fsize=64 << 10))
    else:
        old = rows(db)
        assert_demo_cut_short(db, old, projter(db, "demo", "--participants", "40", fsize=64 << 10))


# --------------------------------------------------------------------------- upgrade

LEGACY = ROOT / "tests" / "fixtures" / "legacy" / "legacy-0005.sqlite3.gz"


def legacy(folder: Path) -> Path:
    import gzip

    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "ancienne.sqlite3"
    db.write_bytes(gzip.decompress(LEGACY.read_bytes()))
    return db


def revision(db: Path) -> str:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def assert_upgrade_refused_then_done(db: Path, before: tuple[str, str], done: subprocess.CompletedProcess[str],
                                     next_start: Callable[[], subprocess.CompletedProcess[str]]) -> None:
    """Refused by the full disk, untouched; the incomplete pre-upgrade copy (written as
    ``.partial`` beside its name) is removed at once, so nothing is left to report; the
    next start upgrades."""
    from projter_desktop.store.database import SCHEMA_HEAD

    assert_said(done)
    assert (revision(db), content(db)) == before, "the database is unchanged"
    assert recovery.leftovers(db) == []
    assert not list(db.parent.glob(f"{db.stem}.before-*")), "no copy cut short bears a good copy's name"
    started = next_start()
    assert started.returncode == 0, started.stderr
    assert revision(db) == SCHEMA_HEAD and backup.integrity_check(db) == ()
    assert recovery.leftovers(db) == []


@needs_mount
def test_upgrade_on_a_full_disk(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disque", 4 << 20) as disk:
        db = legacy(disk)
        before = revision(db), content(db)
        fill(disk, 96 << 10)
        done = projter(db, "workshop", "list")
        (disk / "remplissage.bin").unlink()
        assert_upgrade_refused_then_done(db, before, done, lambda: projter(db, "workshop", "list"))


def test_upgrade_beyond_the_file_size_limit(tmp_path: Path) -> None:
    db = legacy(tmp_path)
    before = revision(db), content(db)
    done = projter(db, "workshop", "list", fsize=128 << 10)
    assert_upgrade_refused_then_done(db, before, done, lambda: projter(db, "workshop", "list"))


# --------------------------------------------------------------------------- files written beside their target


def plan_uuid(db: Path) -> str:
    opened = open_app_database(db)
    try:
        return list_plans(opened)[0].uuid
    finally:
        opened.close()


def assert_no_file_written(done: subprocess.CompletedProcess[str], folder: Path) -> None:
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert done.stderr.startswith("projter : ") and done.stderr.count("\n") == 1, done.stderr
    assert not [p.name for p in folder.iterdir() if p.name.startswith("plan.")], "no FILE.part left, no half file"


@needs_mount
@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".json"])
def test_plan_export_on_a_full_disk_leaves_no_part_file_and_no_noise(
        tmp_path: Path, template: tuple[Path, Path, Path], suffix: str) -> None:
    db = template[0]
    with tmpfs(tmp_path / "cle", 1 << 20) as disk:
        fill(disk, 4 << 10)
        done = projter(db, "plan", "export", plan_uuid(db), "-o", str(disk / f"plan{suffix}"))
        assert_no_file_written(done, disk)
