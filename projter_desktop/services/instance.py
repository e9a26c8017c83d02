"""One window of Projter per database: an operating-system lock next to the database.

Two windows writing the same workshop would each show a different truth, so the second
one is refused with a plain message naming the process that holds the database.

The lock is ``<db name>.lock``, held with the ``filelock`` package (``flock`` on Unix,
``LockFileEx`` on Windows). The operating system drops such a lock when its process
dies, so the lock of a crashed or killed Projter is taken over at once, with no stale
file to clean. Who holds the lock (PID, host, since when) is written to
``<db name>.lock.owner`` for the message.
"""

from __future__ import annotations

import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from filelock import FileLock, Timeout

from projter_desktop.services.errors import UserError


class DatabaseInUseError(UserError):
    """Another Projter process holds the database; ``pid`` when known."""

    def __init__(self, message: str, pid: int | None):
        super().__init__(message)
        self.pid = pid


def lock_path(db_path: Path | str) -> Path:
    db_path = Path(db_path).expanduser()
    return db_path.with_name(db_path.name + ".lock")


def owner_path(db_path: Path | str) -> Path:
    db_path = Path(db_path).expanduser()
    return db_path.with_name(db_path.name + ".lock.owner")


class InstanceLock:
    """Held until :meth:`release` (or the end of the process)."""

    def __init__(self, db_path: Path, lock: FileLock) -> None:
        self.db_path = db_path
        self._lock = lock

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def release(self) -> None:
        if not self._lock.is_locked:
            return
        try:
            owner = read_owner(self.db_path)
            if owner.get("pid") == os.getpid():
                owner_path(self.db_path).unlink(missing_ok=True)
        finally:
            self._lock.release(force=True)

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def read_owner(db_path: Path | str) -> dict:
    """What the holder wrote about itself ({} when unknown)."""
    try:
        data = json.loads(owner_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def acquire_instance_lock(db_path: Path | str) -> InstanceLock:
    """Lock the database for this process, or raise :class:`DatabaseInUseError`."""
    db_path = Path(db_path).expanduser()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path(db_path)), timeout=0, thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        pid = read_owner(db_path).get("pid")
        pid = pid if isinstance(pid, int) else None
        raise DatabaseInUseError(
            f"La base « {db_path} » est déjà ouverte par une autre fenêtre de Projter "
            f"(PID {pid if pid is not None else 'inconnu'}). Fermez-la, ou ouvrez une autre base.",
            pid,
        ) from None
    except OSError as exc:
        raise UserError(
            f"Impossible de réserver la base « {db_path} » ({exc.strerror or exc}). "
            "Vérifiez que le dossier est accessible en écriture."
        ) from exc
    try:
        _write_owner(db_path)
    except OSError:
        pass  # the lock holds without it; only the message would lack the PID
    return InstanceLock(db_path, lock)


def _write_owner(db_path: Path) -> None:
    info = {"pid": os.getpid(), "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds")}
    target = owner_path(db_path)
    staged = target.with_name(target.name + f".{os.getpid()}")
    staged.write_text(json.dumps(info), encoding="utf-8")
    os.replace(staged, target)
