"""Opening the application's database: path resolution, migrations, bundled plan."""

from __future__ import annotations

from pathlib import Path

from projter_desktop.paths import default_db_path
from projter_desktop.services.errors import UserError
from projter_desktop.store.database import Database, DatabaseError, open_database

__all__ = ["Database", "open_app_database"]


def open_app_database(path: Path | str | None = None, *, with_bundled_plan: bool = True) -> Database:
    """Open the database at ``path`` (default: user data folder or ``PROJTER_DB``).

    A new database receives the bundled Alès 2018 plan. Raises :class:`UserError` with a
    French message when the file cannot be used; the file is then left untouched.
    """
    target = Path(path) if path else default_db_path()
    try:
        db = open_database(target)
    except DatabaseError as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise UserError(f"Impossible d'ouvrir « {target} » : {exc.strerror or exc}.") from exc
    if with_bundled_plan and db.created:
        from projter_desktop.services.plans import ensure_bundled_plan

        ensure_bundled_plan(db)
    return db
