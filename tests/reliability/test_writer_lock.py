"""One lock for every writer (issue 15, item 2): while another process holds the
database's instance lock (a Projter window, or a command that writes), every ``projter``
command that writes is refused at once, before anything is written — one French sentence
on stderr naming the holder, exit code 75 — and the files are byte-identical afterwards;
a command that only reads still runs meanwhile.

The holder is a real second process, as in ``test_instance_lock.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from projter_desktop.cli.common import EXIT_DB_BUSY
from projter_desktop.services.instance import (
    GUI_PROGRAM,
    DatabaseInUseError,
    acquire_instance_lock,
    read_owner,
)

ROOT = Path(__file__).resolve().parents[2]

HOLDER = textwrap.dedent("""
    import sys, time
    from projter_desktop.services.instance import acquire_instance_lock
    lock = acquire_instance_lock(sys.argv[1], program=sys.argv[2])
    print("LOCKED", flush=True)
    time.sleep(120)
""")


def _env(folder: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PROJTER_DATA_DIR": str(folder / "data"),
            "PROJTER_DB": str(folder / "base.sqlite3")}


def projter(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "projter_desktop.cli", "--db", str(folder / "base.sqlite3"), *args],
                          capture_output=True, text=True, env=_env(folder), timeout=120, cwd=folder)


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with a demo workshop, and what the write commands need: an export of
    another database (a workshop this one lacks), a plan file, a backup."""
    folder = tmp_path_factory.mktemp("seed")
    (folder / "data").mkdir()
    other = folder / "autre"
    other.mkdir()
    (other / "data").mkdir()
    for where, seed_value in ((folder, "1"), (other, "2")):
        done = projter(where, "demo", "--seed", seed_value, "--participants", "8")
        assert done.returncode == 0, done.stderr
    done = projter(other, "export", "--all", "-o", str(folder / "autre.projter"))
    assert done.returncode == 0, done.stderr
    shutil.rmtree(other)
    plans = projter(folder, "plan", "list", "--json")
    assert plans.returncode == 0, plans.stderr
    plan_uuid = json.loads(plans.stdout)[0]["uuid"]
    done = projter(folder, "plan", "export", plan_uuid, "-o", str(folder / "plan.json"))
    assert done.returncode == 0, done.stderr
    done = projter(folder, "backup")
    assert done.returncode == 0, done.stderr
    (folder / "sauvegarde.txt").write_text(done.stdout.strip(), encoding="utf-8")
    return folder


@pytest.fixture
def work(seed: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "travail"
    shutil.copytree(seed, folder)
    saved = Path((folder / "sauvegarde.txt").read_text(encoding="utf-8"))
    (folder / "sauvegarde.txt").write_text(str(folder / saved.relative_to(seed)), encoding="utf-8")
    return folder


def _holding(folder: Path, program: str) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder / "base.sqlite3"), program],
                             stdout=subprocess.PIPE, text=True, env=_env(folder))
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "LOCKED"
    return child


@pytest.fixture
def gui_holds(work: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holds the lock as a Projter window does."""
    child = _holding(work, GUI_PROGRAM)
    try:
        yield child
    finally:
        child.kill()
        child.wait()


def dump_sha(db_path: Path) -> str:
    """SHA-256 of the SQL dump (what the database holds, whatever the WAL state)."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return hashlib.sha256("\n".join(con.iterdump()).encode()).hexdigest()
    finally:
        con.close()


def files_sha(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (database, WAL, backups, data folder) but the lock's own."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.endswith((".lock", ".lock.owner"))}


WRITES = {
    "import": lambda w: ["import", "--trust", str(w / "autre.projter")],
    "demo": lambda w: ["demo", "--seed", "3", "--participants", "8"],
    "plan import": lambda w: ["plan", "import", "--new-ids", "--name", "Copie", str(w / "plan.json")],
    "backup": lambda w: ["backup"],
    "restore": lambda w: ["restore", "--yes", (w / "sauvegarde.txt").read_text(encoding="utf-8")],
    # it stores the voting codes it prints
    "voting-slips": lambda w: ["voting-slips", _first_workshop(w), "--url", "http://127.0.0.1:8080/",
                               "-o", str(w / "data" / "fiches.pdf")],
}


def _first_workshop(work: Path) -> str:
    listed = projter(work, "workshop", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)[0]["uuid"]


@pytest.mark.parametrize("command", sorted(WRITES))
def test_a_write_command_is_refused_while_a_window_holds_the_database(command: str, work: Path) -> None:
    db_path = work / "base.sqlite3"
    args = WRITES[command](work)
    holder = _holding(work, GUI_PROGRAM)
    try:
        dump_before = dump_sha(db_path)
        files_before = files_sha(work)
        started = time.monotonic()
        refused = projter(work, *args)
        assert time.monotonic() - started < 20  # at once: no waiting for the lock
        files_after = files_sha(work)
        assert files_after == files_before, "nothing may be written, not even a backup"
        assert dump_sha(db_path) == dump_before
    finally:
        holder.kill()
        holder.wait()
    assert refused.returncode == EXIT_DB_BUSY, refused.stderr
    assert refused.stdout == ""
    lines = refused.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in refused.stderr
    message = lines[0]
    assert message.startswith(f"projter : La base « {db_path} » est déjà ouverte par une autre fenêtre de Projter ")
    assert f"(PID {holder.pid}, depuis " in message
    assert message.endswith("fermez-la, ou ouvrez une autre base ; rien n'a été modifié.")
    assert message.count(".") == message.count(".sqlite3") + 1  # one sentence
    # once the window is closed, the same command goes through (and did have something to write)
    done = projter(work, *args)
    assert done.returncode == 0, done.stderr
    assert files_sha(work) != files_before


def test_a_read_only_command_runs_while_a_window_holds_the_database(work: Path,
                                                                   gui_holds: subprocess.Popen[str]) -> None:
    db_path = work / "base.sqlite3"
    dump_before = dump_sha(db_path)
    for args in (["workshop", "list"], ["plan", "list"], ["check"], ["backups"],
                 ["import", "--dry-run", "--trust", str(work / "autre.projter")]):
        started = time.monotonic()
        done = projter(work, *args)
        assert done.returncode == 0, (args, done.stderr)
        assert "déjà ouverte" not in done.stderr
        assert time.monotonic() - started < 20
    listed = projter(work, "workshop", "list", "--json")
    assert listed.returncode == 0 and '"uuid"' in listed.stdout
    assert gui_holds.poll() is None
    assert dump_sha(db_path) == dump_before


def test_a_write_command_is_refused_while_another_command_writes(work: Path) -> None:
    """The holder is a command line: the refusal names it."""
    holder = _holding(work, "projter import")
    try:
        refused = projter(work, "demo", "--seed", "4", "--participants", "8")
        assert refused.returncode == EXIT_DB_BUSY
        assert (f"est déjà ouverte par la commande « projter import » (PID {holder.pid}, depuis "
                in refused.stderr)
        assert refused.stderr.rstrip().endswith("attendez qu'elle se termine, puis réessayez ; rien n'a été modifié.")
        # and a window opened second says who holds the database too (the GUI shows this text)
        with pytest.raises(DatabaseInUseError) as caught:
            acquire_instance_lock(work / "base.sqlite3", program=GUI_PROGRAM)
        assert caught.value.pid == holder.pid and caught.value.program == "projter import"
        assert "la commande « projter import »" in str(caught.value)
    finally:
        holder.kill()
        holder.wait()


def test_a_command_that_writes_holds_the_lock_while_it_runs(work: Path) -> None:
    """A window (or another writer) started meanwhile is refused, naming the command."""
    child = subprocess.Popen([sys.executable, "-m", "projter_desktop.cli", "--db", str(work / "base.sqlite3"),
                              "demo", "--seed", "5", "--participants", "200"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(work))
    try:
        # Wait for the demo to write itself as the holder (it does so once it holds the lock);
        # probing by taking the lock would race with the demo taking it (and refuse the demo).
        deadline = time.monotonic() + 30
        owner: dict = {}
        while time.monotonic() < deadline:
            owner = read_owner(work / "base.sqlite3")
            if owner.get("pid") == child.pid or child.poll() is not None:
                break
            time.sleep(0.01)
        assert owner.get("pid") == child.pid and owner.get("program") == "projter demo", \
            f"the demo ran without the lock ({owner})"
        try:
            acquire_instance_lock(work / "base.sqlite3", program=GUI_PROGRAM).release()
        except DatabaseInUseError as exc:
            assert exc.program == "projter demo" and exc.pid == child.pid
        else:  # taken: only possible once the demo has finished and let it go
            assert child.poll() is not None, "a window could open the database while the demo wrote"
    finally:
        child.communicate(timeout=120)
    assert child.returncode == 0


LEGACY = ROOT / "tests" / "fixtures" / "legacy" / "legacy-0005.sqlite3.gz"


def test_a_reading_command_that_would_upgrade_the_schema_takes_the_lock(tmp_path: Path) -> None:
    """Opening an older database upgrades it, which writes: a command that only reads
    (``workshop list``) then takes the instance lock for the upgrade — refused while a
    window holds the database (file untouched, still at its revision), done once it is free."""
    import gzip

    from projter_desktop.store.database import SCHEMA_HEAD, read_revision

    folder = tmp_path / "ancienne"
    (folder / "data").mkdir(parents=True)
    db_path = folder / "base.sqlite3"
    with gzip.open(LEGACY) as source, open(db_path, "wb") as target:
        shutil.copyfileobj(source, target)
    before = files_sha(folder)
    holder = _holding(folder, GUI_PROGRAM)
    try:
        refused = projter(folder, "workshop", "list")
    finally:
        holder.kill()
        holder.wait()
    assert refused.returncode == EXIT_DB_BUSY, (refused.returncode, refused.stderr)
    assert "déjà ouverte par une autre fenêtre de Projter" in refused.stderr and "Traceback" not in refused.stderr
    assert files_sha(folder) == before and read_revision(db_path) == "0005_secret_urn"
    done = projter(folder, "workshop", "list")
    assert done.returncode == 0, done.stderr
    assert read_revision(db_path) == SCHEMA_HEAD and done.stdout.strip()
