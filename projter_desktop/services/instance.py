"""One window of Projter per database: an operating-system lock next to the database.

Two windows writing the same workshop would each show a different truth, so the second
one is refused with a plain message naming the process that holds the database.

The lock is ``<db name>.lock``, held with the ``filelock`` package (``flock`` on Unix,
``LockFileEx`` on Windows). The operating system drops such a lock when its process
dies, so the lock of a crashed or killed Projter is taken over at once, with no stale
file to clean. Who holds the lock (PID, host, since when) is written to
``<db name>.lock.owner`` for the message.

**One lock for every writer** (issue 15): the GUI holds it while a window is open, and
every ``projter`` command that writes (``import``, ``demo``, ``restore``, ``backup``,
``plan import``, ``devices trust|revoke``) holds it for its whole run, taken before the
database is even opened; a command that only reads never takes it. The holder also writes
which program it is (``program``: :data:`GUI_PROGRAM` or the command line, e.g.
``projter import``), so that the one-sentence refusal names it.
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


#: ``program`` of the GUI's lock (the other holders are the command lines, ``projter …``).
GUI_PROGRAM = "fenêtre"

#: The databases whose lock this process holds (resolved paths): the repairs made at
#: start-up (``services.recovery``) rename files only under the lock, and must know
#: whether this process already holds it (a second lock of one file is refused).
_held_here: set[Path] = set()


def _key(db_path: Path | str) -> Path:
    path = Path(db_path).expanduser()
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def held_here(db_path: Path | str) -> bool:
    """True when this process holds the instance lock of the database at ``db_path``."""
    return _key(db_path) in _held_here


class DatabaseInUseError(UserError):
    """Another Projter process holds the database; ``pid`` and ``program`` when known."""

    def __init__(self, message: str, pid: int | None, program: str | None = None):
        super().__init__(message)
        self.pid = pid
        self.program = program


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
            _held_here.discard(_key(self.db_path))
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


def holder_fr(owner: dict) -> str:
    """Who holds the lock, in French, from what it wrote about itself: ``une fenêtre de
    Projter (PID 12, depuis 14:02)``, ``la commande « projter import » (PID 12, …)``."""
    program = owner.get("program")
    if program == GUI_PROGRAM:
        who = "une autre fenêtre de Projter"
    elif isinstance(program, str) and program:
        who = f"la commande « {program} »"
    else:
        who = "un autre programme Projter"
    pid = owner.get("pid")
    details = [f"PID {pid if isinstance(pid, int) else 'inconnu'}"]
    host = owner.get("host")
    if isinstance(host, str) and host and host != socket.gethostname():
        details.append(f"sur l'ordinateur « {host} »")
    try:
        since = datetime.fromisoformat(str(owner["since"])).astimezone()
        details.append(f"depuis {since.strftime('%H:%M')}" if since.date() == datetime.now().astimezone().date()
                       else f"depuis le {since.strftime('%d/%m/%Y %H:%M')}")
    except (KeyError, ValueError, TypeError):
        pass
    return f"{who} ({', '.join(details)})"


def in_use_message(db_path: Path | str, owner: dict) -> str:
    """The refusal, in one French sentence naming the holder and what to do."""
    program = owner.get("program")
    if program == GUI_PROGRAM:
        advice = "fermez-la, ou ouvrez une autre base"
    elif isinstance(program, str) and program:
        advice = "attendez qu'elle se termine, puis réessayez"
    else:
        advice = "fermez-le ou attendez qu'il se termine, puis réessayez"
    return f"La base « {db_path} » est déjà ouverte par {holder_fr(owner)} : {advice} ; rien n'a été modifié."


def acquire_instance_lock(db_path: Path | str, program: str | None = None) -> InstanceLock:
    """Lock the database for this process, or raise :class:`DatabaseInUseError` naming
    the holder. ``program`` says who we are to the next one refused (:data:`GUI_PROGRAM`
    for a window, ``projter import`` for a command line)."""
    db_path = Path(db_path).expanduser()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path(db_path)), timeout=0, thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        owner = read_owner(db_path)
        pid = owner.get("pid")
        pid = pid if isinstance(pid, int) else None
        program = owner.get("program")
        raise DatabaseInUseError(in_use_message(db_path, owner), pid,
                                 program if isinstance(program, str) else None) from None
    except OSError as exc:
        raise UserError(
            f"Impossible de réserver la base « {db_path} » ({exc.strerror or exc}). "
            "Vérifiez que le dossier est accessible en écriture."
        ) from exc
    _held_here.add(_key(db_path))
    try:
        _write_owner(db_path, program)
    except OSError:
        pass  # the lock holds without it; only the message would lack the PID
    return InstanceLock(db_path, lock)


def _write_owner(db_path: Path, program: str | None) -> None:
    info = {"pid": os.getpid(), "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds")}
    if program:
        info["program"] = program
    target = owner_path(db_path)
    staged = target.with_name(target.name + f".{os.getpid()}")
    try:
        staged.write_text(json.dumps(info), encoding="utf-8")
        os.replace(staged, target)
    finally:
        staged.unlink(missing_ok=True)  # a full disk: no half-written file left beside the database
