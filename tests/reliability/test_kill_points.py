"""kill -9 at every step of a backup, a restore and an upgrade (issue 15).

Each case runs the real command (``projter backup``, ``projter restore --yes``; the
upgrade through ``kill_child.py``) in a child process that kills itself with SIGKILL at
one crash point (``projter_desktop.crashpoints``). Then, as a user would:

1. ``projter check`` reports what the interrupted operation left (an interrupted restore
   as a warning, a backup cut short as info);
2. the next start (``projter workshop list``) finishes, undoes, adopts or cleans it, and
   says so in French;
3. the database passes ``PRAGMA integrity_check`` and holds either the old content or the
   new one, whole: never an empty database, nothing lost (the old content of a restored
   database is in its before-restore backup; a damaged file is kept aside byte for byte);
4. nothing is left over, and ``projter check`` finds the database healthy.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from projter_desktop import crashpoints
from projter_desktop.services import backup, recovery, workshops
from projter_desktop.services.database import open_app_database
from projter_desktop.services.demo import create_demo_workshop
from projter_desktop.services.plans import list_plans
from projter_desktop.store.database import SCHEMA_HEAD

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("kill_child.py")
LEGACY = ROOT / "tests" / "fixtures" / "legacy" / "legacy-0005.sqlite3.gz"
KILLED = -getattr(signal, "SIGKILL", signal.SIGTERM)


def child_env(crash: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env.pop(crashpoints.ENV, None)
    if crash:
        env[crashpoints.ENV] = crash
    return env


def projter(db: Path, *args: str, crash: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "projter_desktop", "--db", str(db), *args], cwd=ROOT,
                          env=child_env(crash), capture_output=True, text=True, timeout=180,
                          stdin=subprocess.DEVNULL)


def content(path: Path) -> str:
    """A digest of every row of every table (what the next start reads, WAL included)."""
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(sorted(conn.iterdump())).encode()).hexdigest()
    finally:
        conn.close()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_json(db: Path) -> dict:
    done = projter(db, "check", "--json")
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def leftover_codes(report: dict) -> set[str]:
    return {f["code"] for f in report["findings"] if f["code"].startswith("leftover_")}


def damage(path: Path) -> None:
    size = path.stat().st_size
    start = (size // 2) // 4096 * 4096
    with open(path, "r+b") as handle:
        handle.seek(start)
        handle.write(bytes((i * 37 + 11) % 256 for i in range(3 * 4096)))
    assert backup.quick_check(path)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(old, new): the database as it is now, and an older backup of it (the "new"
    content a restore brings back); both big enough for a restore copied in several steps."""
    folder = tmp_path_factory.mktemp("kill-template")
    path = folder / "atelier.sqlite3"
    db = open_app_database(path)
    create_demo_workshop(db, seed=3, close=True, participants=20)
    saved = folder / "sauvegarde.sqlite3"
    db.close()
    backup.backup_file(path, saved)
    db = open_app_database(path)
    workshops.create_workshop(db, plan_uuid=list_plans(db)[0].uuid, title="Après la sauvegarde")
    db.close()
    pages = sqlite3.connect(saved).execute("PRAGMA page_count").fetchone()[0]
    assert pages > 2 * backup.COPY_STEP_PAGES, "the restore must take several steps to be killed in between"
    return path, saved


@pytest.fixture
def site(tmp_path: Path, template: tuple[Path, Path]) -> tuple[Path, Path]:
    old, new = template
    db = tmp_path / "site" / "atelier.sqlite3"
    db.parent.mkdir()
    backup.backup_file(old, db)
    chosen = tmp_path / "choisie.sqlite3"
    backup.backup_file(new, chosen)
    conn = sqlite3.connect(chosen)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    return db, chosen


def next_start(db: Path) -> subprocess.CompletedProcess[str]:
    """The next start after the kill: a command that opens the database."""
    return projter(db, "workshop", "list")


def assert_nothing_left(db: Path) -> None:
    assert [f.kind for f in recovery.leftovers(db) if f.kind != recovery.DAMAGED_KEPT] == []
    assert not db.with_name(db.name + backup.RESTORING).exists()
    for info in backup.list_backups(db):
        assert backup.verify_backup(info.path) == (), info.path
    report = check_json(db)
    assert report["healthy"], report["findings"]


# --------------------------------------------------------------------------- backup

BACKUP_POINTS = ["backup.copying", "backup.copied", "backup.renamed"]


@pytest.mark.parametrize("point", BACKUP_POINTS)
def test_a_backup_killed_at_any_step_leaves_the_database_whole_and_its_partial_copy_cleaned(
        site: tuple[Path, Path], point: str) -> None:
    db, _chosen = site
    before = content(db)
    killed = projter(db, "backup", crash=point)
    assert killed.returncode == KILLED, (killed.stdout, killed.stderr)

    assert backup.integrity_check(db) == () and content(db) == before
    partial = point != "backup.renamed"
    report = check_json(db)
    assert leftover_codes(report) == ({"leftover_partial_backup"} if partial else set())
    assert report["healthy"], "a backup cut short is said, not a problem of the database"

    started = next_start(db)
    assert started.returncode == 0, started.stderr
    assert ("sauvegarde interrompue" in started.stderr) == partial, started.stderr
    assert content(db) == before
    assert_nothing_left(db)
    assert len(backup.list_backups(db)) == (0 if partial else 1)


# --------------------------------------------------------------------------- restore (healthy database)

RESTORE_POINTS = ["restore.verified", "backup.copying", "backup.copied", "backup.renamed", "restore.copying",
                  "restore.copied"]


@pytest.mark.parametrize("point", RESTORE_POINTS)
def test_a_restore_killed_at_any_step_leaves_the_old_or_the_new_database_whole(
        site: tuple[Path, Path], template: tuple[Path, Path], point: str) -> None:
    db, chosen = site
    old, new = content(db), content(chosen)
    assert old != new
    killed = projter(db, "restore", "--yes", str(chosen), crash=point)
    assert killed.returncode == KILLED, (killed.stdout, killed.stderr)

    assert backup.integrity_check(db) == ()
    committed = point == "restore.copied"
    assert content(db) == (new if committed else old)
    report = check_json(db)
    assert leftover_codes(report) == ({"leftover_partial_backup"} if point in BACKUP_POINTS[:2] else set())

    started = next_start(db)
    assert started.returncode == 0, started.stderr
    assert "Après la sauvegarde" in started.stdout or committed
    assert content(db) == (new if committed else old), "the next start changed nothing of the data"
    if committed:  # nothing lost: the replaced content is in its before-restore backup
        safety = [b for b in backup.list_backups(db) if b.reason == backup.BEFORE_RESTORE]
        assert len(safety) == 1 and content(safety[0].path) == old
    assert_nothing_left(db)
    # and the restore can be done again, to the end
    again = projter(db, "restore", "--yes", str(chosen))
    assert again.returncode == 0, again.stderr
    assert content(db) == new and backup.integrity_check(db) == ()


# --------------------------------------------------------------------------- restore (damaged database)

DAMAGED_POINTS = ["restore.verified", "restore.staging", "restore.staged", "restore.kept_aside",
                  "restore.side_files_removed", "restore.renamed"]


@pytest.mark.parametrize("point", DAMAGED_POINTS)
def test_a_restore_over_a_damaged_database_killed_at_any_step_is_finished_or_undone(
        site: tuple[Path, Path], point: str) -> None:
    db, chosen = site
    new = content(chosen)
    damage(db)
    damaged = sha(db)
    killed = projter(db, "restore", "--yes", str(chosen), crash=point)
    assert killed.returncode == KILLED, (killed.stdout, killed.stderr)
    staged = point in ("restore.staged", "restore.kept_aside", "restore.side_files_removed")

    report = check_json(db)
    codes = leftover_codes(report)
    if point in ("restore.staging", *DAMAGED_POINTS[2:5]):
        assert "leftover_interrupted_restore" in codes
        assert any(f["severity"] == "warning" and f["code"] == "leftover_interrupted_restore"
                   for f in report["findings"])
    else:
        assert "leftover_interrupted_restore" not in codes
    # at every instant the name holds a whole database: the damaged one, or the backup
    assert db.is_file() and db.stat().st_size > 0
    assert sha(db) == damaged or content(db) == new

    started = next_start(db)
    finished = staged or point == "restore.renamed"
    if finished:
        assert started.returncode == 0, started.stderr
        assert content(db) == new and backup.integrity_check(db) == ()
        if staged:
            assert "restauration interrompue a été terminée" in started.stderr, started.stderr
        kept = [p for p in db.parent.glob(f"{db.name}.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
        assert len(kept) == 1 and sha(kept[0]) == damaged, "the damaged file is kept aside, byte for byte"
        assert_nothing_left(db)
    else:  # undone: the damaged file is still there, untouched, and the start says so
        assert started.returncode != 0 and "endommagée" in started.stderr, started.stderr
        assert sha(db) == damaged
        assert [f.kind for f in recovery.leftovers(db)] == []
        if point == "restore.staging":
            assert "annulée" in started.stderr, started.stderr


# --------------------------------------------------------------------------- upgrade


def revision(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("point", ["upgrade.backing_up", "upgrade.backed_up", "upgrade.migrating"])
def test_an_upgrade_killed_at_any_step_leaves_the_older_database_whole_and_is_done_at_the_next_start(
        tmp_path: Path, point: str) -> None:
    db = tmp_path / "ancienne.sqlite3"
    db.write_bytes(gzip.decompress(LEGACY.read_bytes()))
    old_revision, before = revision(db), content(db)
    assert old_revision != SCHEMA_HEAD
    killed = subprocess.run([sys.executable, str(CHILD), str(db)], cwd=ROOT, env=child_env(point),
                            capture_output=True, text=True, timeout=180)
    assert killed.returncode == KILLED, (killed.stdout, killed.stderr)

    assert backup.integrity_check(db) == ()
    assert revision(db) == old_revision and content(db) == before, "the migrations are one transaction"
    copies = [p for p in tmp_path.glob("ancienne.before-*") if not p.name.endswith(("-wal", "-shm", "-journal"))]
    assert len(copies) == 1
    incomplete = point == "upgrade.backing_up"
    assert (backup.verify_backup(copies[0]) != ()) == incomplete
    codes = leftover_codes(check_json(db))
    assert codes == ({"leftover_partial_upgrade_copy"} if incomplete else set())

    workshops_before = sqlite3.connect(db).execute("SELECT count(*) FROM workshop").fetchone()[0]
    started = next_start(db)
    assert started.returncode == 0, started.stderr
    assert revision(db) == SCHEMA_HEAD and backup.integrity_check(db) == ()
    assert sqlite3.connect(db).execute("SELECT count(*) FROM workshop").fetchone()[0] == workshops_before
    if incomplete:
        assert copies[0].name in started.stderr and not copies[0].exists()
    for copy in tmp_path.glob("ancienne.before-*"):
        assert backup.verify_backup(copy) == (), copy
    assert_nothing_left(db)


def test_every_crash_point_is_killed_by_a_test() -> None:
    covered = set(BACKUP_POINTS) | set(RESTORE_POINTS) | set(DAMAGED_POINTS)
    assert covered == set(crashpoints.POINTS)
