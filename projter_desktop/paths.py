"""Where things live: bundled resources, migrations, the user's data folder.

Resources and Alembic scripts live at the top of the source tree (``resources/``, ``db/``)
and are installed as the packages ``projter_desktop.resources`` and
``projter_desktop.migrations``, so the same lookup works from a checkout, an installed
wheel and a frozen build.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path

from projter_desktop import APP_ID, ORGANIZATION

DB_ENV_VAR = "PROJTER_DB"
DATA_DIR_ENV_VAR = "PROJTER_DATA_DIR"


def _package_dir(package: str, source_name: str) -> Path:
    source = Path(__file__).resolve().parent.parent / source_name
    if source.is_dir() and (source / "__init__.py").is_file():
        return source
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / Path(*package.split("."))
    return Path(str(importlib_resources.files(package)))


@cache
def resources_dir() -> Path:
    return _package_dir("projter_desktop.resources", "resources")


@cache
def migrations_dir() -> Path:
    return _package_dir("projter_desktop.migrations", "db")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def user_data_dir() -> Path:
    """The folder holding the database, backups and the device identity."""
    override = os.environ.get(DATA_DIR_ENV_VAR)
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path(APP_ID, ORGANIZATION)


def default_db_path() -> Path:
    override = os.environ.get(DB_ENV_VAR)
    if override:
        return Path(override)
    return user_data_dir() / "projter.sqlite3"
