"""Named points where a test may kill the process, to prove that nothing is lost there.

The multi-step operations on the database files (a backup, a restore) call :func:`crash_point` between their steps with a name
such as ``"restore.staged"``. When the environment variable :data:`ENV` names that point,
the process kills itself at once with SIGKILL (no ``finally``, no ``atexit``, exactly as a
dead laptop or ``kill -9``); otherwise the call costs one dictionary look-up.

``tests/reliability/test_kill_points.py`` runs a child process once per point (and at the
steps of an upgrade: the pre-upgrade copy, the migrations) and checks
what the next start finds: integrity ok, the old or the new database whole, leftovers
reported by ``projter check`` and cleaned or adopted at the next start.

This module imports nothing of the app, so that every layer may use it.
"""

from __future__ import annotations

import os
import signal

#: The environment variable naming the point where the process is to die.
ENV = "PROJTER_CRASH_AT"

#: Every point, in the order an operation meets them (the kill-point tests run each one).
POINTS: tuple[str, ...] = (
    # services.backup.backup_now
    "backup.copying",  # the pages copied into <backup>.partial (one step), not yet checked
    "backup.copied",  # <backup>.partial whole and checked, not yet renamed
    "backup.renamed",  # the backup has its final name, older ones not yet pruned
    # services.backup.restore of a healthy database: one transaction into the live file
    "restore.verified",  # the chosen backup checked, nothing written yet
    "restore.copying",  # part of the backup's pages written into the live database, uncommitted
    "restore.copied",  # committed, the WAL not yet checkpointed
    # services.backup.restore of a damaged (or missing) database: one rename
    "restore.staging",  # part of the backup copied into <db>.restoring
    "restore.staged",  # <db>.restoring whole, the damaged file still in place
    "restore.kept_aside",  # the damaged file (and its -wal) kept as <db>.damaged-<time>
    "restore.side_files_removed",  # its -wal / -shm gone, <db>.restoring not yet renamed
    "restore.renamed",  # <db>.restoring renamed over the damaged file
)


def crash_point(name: str) -> None:
    """Die here, at once and without any clean-up, if the environment asks for ``name``."""
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
