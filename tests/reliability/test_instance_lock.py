"""One Projter per database: a second process is refused with the holder's PID; the lock
of a killed process is taken over at once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from projter_desktop.services import instance
from projter_desktop.services.errors import UserError
from projter_desktop.services.instance import DatabaseInUseError, acquire_instance_lock

ROOT = Path(__file__).resolve().parents[2]

HOLDER = textwrap.dedent("""
    import sys, time
    from projter_desktop.services.instance import acquire_instance_lock
    lock = acquire_instance_lock(sys.argv[1])
    print("LOCKED", flush=True)
    time.sleep(60)
""")

TRY = textwrap.dedent("""
    import sys
    from projter_desktop.services.errors import UserError
    from projter_desktop.services.instance import acquire_instance_lock
    try:
        acquire_instance_lock(sys.argv[1])
    except UserError as exc:
        print("REFUSED", exc, flush=True)
        sys.exit(3)
    print("ACQUIRED", flush=True)
""")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _start_holder(db_path: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], stdout=subprocess.PIPE, text=True,
                             env=_env())
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "LOCKED"
    return child


def _try_in_child(db_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", TRY, str(db_path)], capture_output=True, text=True, env=_env(),
                          timeout=60)


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "base.sqlite3"


def test_a_second_process_is_refused_with_the_holder_pid(db_file: Path) -> None:
    with acquire_instance_lock(db_file) as lock:
        assert lock.held
        result = _try_in_child(db_file)
        assert result.returncode == 3, result.stderr
        assert "REFUSED" in result.stdout
        assert f"(PID {os.getpid()}, depuis " in result.stdout
        assert "déjà ouverte par un autre programme Projter" in result.stdout
        assert "réessayez ; rien n'a été modifié." in result.stdout
    assert not lock.held
    assert "ACQUIRED" in _try_in_child(db_file).stdout


def test_this_process_is_refused_while_another_process_holds_it(db_file: Path) -> None:
    holder = _start_holder(db_file)
    try:
        with pytest.raises(DatabaseInUseError) as caught:
            acquire_instance_lock(db_file)
        assert caught.value.pid == holder.pid
        assert isinstance(caught.value, UserError)
        assert f"« {db_file} »" in str(caught.value)
    finally:
        holder.kill()
        holder.wait()


def test_the_lock_of_a_killed_process_is_taken_over(db_file: Path) -> None:
    holder = _start_holder(db_file)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    # the owner file still names the dead process: it is stale, not a reason to refuse
    assert instance.read_owner(db_file).get("pid") == holder.pid
    started = time.monotonic()
    with acquire_instance_lock(db_file) as lock:
        assert time.monotonic() - started < 2
        assert lock.held
        assert instance.read_owner(db_file)["pid"] == os.getpid()
    assert not instance.owner_path(db_file).exists()


def test_a_second_lock_in_the_same_process_is_refused_too(db_file: Path) -> None:
    first = acquire_instance_lock(db_file)
    try:
        with pytest.raises(DatabaseInUseError, match=f"PID {os.getpid()}"):
            acquire_instance_lock(db_file)
    finally:
        first.release()
    acquire_instance_lock(db_file).release()


def test_an_unreadable_owner_file_still_refuses_with_an_unknown_pid(db_file: Path) -> None:
    holder = _start_holder(db_file)
    try:
        instance.owner_path(db_file).write_text("{ pas du json")
        with pytest.raises(DatabaseInUseError, match="PID inconnu") as caught:
            acquire_instance_lock(db_file)
        assert caught.value.pid is None
    finally:
        holder.kill()
        holder.wait()


def test_another_database_is_not_locked(tmp_path: Path) -> None:
    with acquire_instance_lock(tmp_path / "a.sqlite3"), acquire_instance_lock(tmp_path / "b.sqlite3") as b:
        assert b.held
    owner = json.loads(json.dumps(instance.read_owner(tmp_path / "a.sqlite3")))
    assert owner == {}


def test_release_twice_is_harmless(db_file: Path) -> None:
    lock = acquire_instance_lock(db_file)
    lock.release()
    lock.release()
    assert not lock.held
