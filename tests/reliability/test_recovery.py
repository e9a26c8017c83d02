"""What interrupted operations leave beside the database, reported by ``projter check``
and finished, undone, adopted or cleaned at the next start (``services.recovery``),
including the files an older version's restore left when killed (the database renamed to
``.replaced-*`` and the backup staged as ``.restoring``: the start then created an empty
database)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from projter_desktop.services import backup, integrity, recovery, workshops
from projter_desktop.services.database import open_app_database
from projter_desktop.services.demo import create_demo_workshop
from projter_desktop.services.instance import acquire_instance_lock
from projter_desktop.services.plans import list_plans

ROOT = Path(__file__).resolve().parents[2]


def titles(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT title FROM workshop")}
    finally:
        conn.close()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(ours, chosen): our database (a demo workshop and « Le nôtre ») and the backup a
    restore was bringing back (the demo workshop only)."""
    folder = tmp_path_factory.mktemp("recovery-template")
    chosen = folder / "choisie.sqlite3"
    db = open_app_database(chosen)
    create_demo_workshop(db, seed=2, participants=8)
    db.close()
    ours = folder / "ours.sqlite3"
    backup.backup_file(chosen, ours)
    db = open_app_database(ours)
    workshops.create_workshop(db, plan_uuid=list_plans(db)[0].uuid, title="Le nôtre")
    db.close()
    for path in (chosen, ours):
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.close()
    return ours, chosen


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "site" / "atelier.sqlite3"


def old_version_crash(db: Path, template: tuple[Path, Path], *, staged: bool) -> Path:
    """What an older version's restore left when killed between its two renames."""
    db.parent.mkdir(parents=True, exist_ok=True)
    replaced = db.with_name(f"{db.name}.replaced-20261201T101010.000Z")
    backup.backup_file(template[0], replaced)
    if staged:
        backup.backup_file(template[1], db.with_name(db.name + backup.RESTORING))
    return replaced


def test_the_older_versions_killed_restore_is_finished_and_the_replaced_database_adopted(
        db_file: Path, template: tuple[Path, Path]) -> None:
    replaced = old_version_crash(db_file, template, staged=True)
    report = integrity.check_file(db_file)
    assert {"missing", "leftover_interrupted_restore", "leftover_replaced"} <= report.codes()

    notes = recovery.recover(db_file)

    assert titles(db_file) == titles(template[1]), "the restore the user asked for is finished"
    assert any("terminée" in n for n in notes) and any("rangée parmi les sauvegardes" in n for n in notes)
    adopted = [b for b in backup.list_backups(db_file) if b.reason == backup.RECOVERED]
    assert len(adopted) == 1 and "Le nôtre" in titles(adopted[0].path), "nothing lost"
    assert adopted[0].reason_fr == "récupérée après une restauration interrompue"
    assert not replaced.exists() and recovery.leftovers(db_file) == []
    assert integrity.check_file(db_file).healthy


def test_a_replaced_database_with_nothing_in_its_place_is_put_back(db_file: Path,
                                                                  template: tuple[Path, Path]) -> None:
    replaced = old_version_crash(db_file, template, staged=False)
    Path(f"{replaced}-wal").write_bytes(b"")  # its side files go with it
    notes = recovery.recover(db_file)
    assert "Le nôtre" in titles(db_file)
    assert len(notes) == 1 and "remise en place" in notes[0]
    assert not replaced.exists() and not Path(f"{replaced}-wal").exists()
    assert recovery.leftovers(db_file) == []


def test_an_empty_file_where_the_database_was_is_never_kept_over_the_data(db_file: Path,
                                                                         template: tuple[Path, Path]) -> None:
    old_version_crash(db_file, template, staged=False)
    db_file.write_bytes(b"")  # a start of an older version created it
    recovery.recover(db_file)
    assert "Le nôtre" in titles(db_file)


def test_an_incomplete_staged_copy_beside_a_healthy_database_is_undone(db_file: Path,
                                                                       template: tuple[Path, Path]) -> None:
    db_file.parent.mkdir(parents=True)
    backup.backup_file(template[0], db_file)
    staged = db_file.with_name(db_file.name + backup.RESTORING)
    staged.write_bytes(template[1].read_bytes()[: 8 * 4096])  # killed while it was copied
    Path(f"{staged}-journal").write_bytes(b"\0" * 512)
    report = integrity.check_file(db_file)
    assert not report.healthy and "leftover_interrupted_restore" in report.codes()
    finding = next(f for f in report.findings if f.code == "leftover_interrupted_restore")
    assert finding.severity is integrity.Severity.WARNING and "interrompue" in finding.message
    before = sha(db_file)

    notes = recovery.recover(db_file)

    assert len(notes) == 1 and "annulée" in notes[0] and "telle qu'elle était" in notes[0]
    assert sha(db_file) == before
    assert not staged.exists() and not Path(f"{staged}-journal").exists()
    assert integrity.check_file(db_file).healthy


def test_debris_is_reported_as_information_and_cleaned(db_file: Path, template: tuple[Path, Path]) -> None:
    db_file.parent.mkdir(parents=True)
    backup.backup_file(template[0], db_file)
    made = backup.backup_now(db_file)
    partial = made.with_name(made.name.replace("manual", "startup") + backup.PARTIAL)
    partial.write_bytes(b"SQLite format 3\0")
    Path(f"{partial}-journal").write_bytes(b"x")
    cut_short = db_file.with_name("atelier.before-0007_phone_votes-20261204T100000Z.sqlite3")
    cut_short.write_bytes(b"")  # the disk was full
    whole = db_file.with_name("atelier.before-0006_french_rules-20261101T100000Z.sqlite3")
    backup.backup_file(template[0], whole)
    truncated = db_file.with_name("atelier.before-0005_secret_urn-20261001T100000Z.sqlite3")
    truncated.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    owner = db_file.with_name(db_file.name + ".lock.owner.999999")
    owner.write_text("{")

    report = integrity.check_file(db_file)
    assert report.healthy, "debris is no problem of the database"
    assert {"leftover_partial_backup", "leftover_partial_upgrade_copy", "leftover_owner_temp"} <= report.codes()
    assert sum(f.code == "leftover_partial_upgrade_copy" for f in report.findings) == 2

    notes = recovery.recover(db_file)

    assert len(notes) == 3 and all("effacé" in n for n in notes)
    assert not partial.exists() and not Path(f"{partial}-journal").exists()
    assert not cut_short.exists() and not truncated.exists() and not owner.exists()
    assert whole.exists() and made.exists(), "whole copies are kept"
    assert recovery.leftovers(db_file) == []


def test_nothing_is_touched_while_another_projter_holds_the_database(db_file: Path,
                                                                     template: tuple[Path, Path]) -> None:
    replaced = old_version_crash(db_file, template, staged=True)
    staged = db_file.with_name(db_file.name + backup.RESTORING)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\n"
         "from projter_desktop.services.instance import acquire_instance_lock\n"
         "lock = acquire_instance_lock(sys.argv[1], program='projter restore')\n"
         "print('HELD', flush=True)\ntime.sleep(60)\n", str(db_file)],
        cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "HELD"
        assert recovery.recover(db_file) == []
        assert replaced.exists() and staged.exists() and not db_file.exists()
        # projter check, a reader, reports them without the lock
        done = subprocess.run([sys.executable, "-m", "projter_desktop", "--db", str(db_file), "--create", "check",
                               "--json"], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 1
        codes = {f["code"] for f in json.loads(done.stdout)["findings"]}
        assert {"leftover_interrupted_restore", "leftover_replaced"} <= codes
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    assert recovery.recover(db_file), "once free, the next start deals with them"
    assert titles(db_file) == titles(template[1])


def test_recovery_under_a_lock_this_process_holds(db_file: Path, template: tuple[Path, Path]) -> None:
    old_version_crash(db_file, template, staged=False)
    lock = acquire_instance_lock(db_file, program="projter restore")
    try:
        assert recovery.recover(db_file), "the lock held here is no reason to wait"
    finally:
        lock.release()
    assert "Le nôtre" in titles(db_file)


def test_the_command_line_says_what_the_next_start_did(db_file: Path, template: tuple[Path, Path]) -> None:
    """No database under its name, but an interrupted restore beside it: ``--db`` is not
    refused as a typo; the restore is finished and said."""
    old_version_crash(db_file, template, staged=True)
    done = subprocess.run([sys.executable, "-m", "projter_desktop", "--db", str(db_file), "workshop", "list"],
                          cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "projter : Une restauration interrompue a été terminée" in done.stderr
    assert "rangée parmi les sauvegardes" in done.stderr
    assert "Aucun atelier" not in done.stdout


def test_the_check_of_an_open_database_reports_what_is_kept_beside_it(db_file: Path,
                                                                      template: tuple[Path, Path]) -> None:
    """The window's check (*Aide › Vérifier la base*) runs on the open database: a damaged
    file kept aside by a restore is said (information: never deleted by Projter)."""
    db_file.parent.mkdir(parents=True)
    backup.backup_file(template[0], db_file)
    kept = db_file.with_name(f"{db_file.name}.damaged-20261201T101010.000Z")
    kept.write_bytes(b"abimee")
    db = open_app_database(db_file)
    try:
        report = integrity.check(db)
    finally:
        db.close()
    assert report.healthy and "leftovers" in report.checks_run
    finding = next(f for f in report.findings if f.code == "leftover_damaged_kept")
    assert finding.severity is integrity.Severity.INFO and kept.name in finding.message
    assert recovery.recover(db_file) == [] and kept.exists()
