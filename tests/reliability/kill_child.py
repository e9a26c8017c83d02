"""Child of test_kill_points: opens an older database (backup, then migrations) and is
killed at one step of that upgrade.

Usage: python kill_child.py DB_PATH

The upgrade is ``store.database.open_database``'s; its steps are reached here by wrapping
what it calls, with :func:`projter_desktop.crashpoints.crash_point` at:

- ``upgrade.backing_up``: the pre-upgrade copy half written (SQLite's online backup, a few
  pages at a time, killed after the first step);
- ``upgrade.backed_up``: the copy whole, no migration run yet;
- ``upgrade.migrating``: every migration run, their transaction not yet committed.

Prints ``DONE`` when the upgrade finished (the point named was not met).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from alembic import command

from projter_desktop.crashpoints import crash_point
from projter_desktop.services.database import open_app_database
from projter_desktop.store import database as store


def main() -> int:
    real_backup, real_upgrade = store.backup_file, command.upgrade

    def backup_file(source: Path, destination: Path) -> Path:
        src, dst = sqlite3.connect(source), sqlite3.connect(destination)
        try:
            src.backup(dst, pages=4, progress=lambda *_: crash_point("upgrade.backing_up"))
        finally:
            dst.close()
            src.close()
        real_backup(source, destination)
        crash_point("upgrade.backed_up")
        return destination

    def upgrade(config, revision, **kwargs):  # type: ignore[no-untyped-def]
        real_upgrade(config, revision, **kwargs)
        crash_point("upgrade.migrating")

    store.backup_file = backup_file  # type: ignore[assignment]
    command.upgrade = upgrade  # type: ignore[assignment]
    open_app_database(sys.argv[1]).close()
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
