"""Shared fixtures.

Every test gets its own data folder and database path (``PROJTER_DATA_DIR``,
``PROJTER_DB``), so nothing ever touches the user's real data. Tests that use Qt also get
their own QSettings folder (INI files in the temporary folder); tests of the domain and
the store stay free of any Qt import.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes more than 5 s (still run by CI; deselect with -m 'not slow')")


#: Fixtures that mean "this test runs Qt".
_QT_FIXTURES = {"qtbot", "qapp", "qtmodeltester", "qtlog"}


def _isolate_qsettings(folder: Path) -> None:
    from PySide6.QtCore import QCoreApplication, QSettings

    # QSettings() needs an organisation and application name to read or write anything.
    if not QCoreApplication.organizationName():
        QCoreApplication.setOrganizationName("Projter")
    if not QCoreApplication.applicationName():
        QCoreApplication.setApplicationName("projter-desktop")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))


@pytest.fixture(autouse=True)
def isolated_environment(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data folder, database path and (for Qt tests) settings folder per test."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    monkeypatch.setenv("PROJTER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("PROJTER_DB", str(tmp_path / "projter.sqlite3"))
    if "PySide6" in sys.modules or _QT_FIXTURES & set(request.fixturenames):
        settings_dir = tmp_path / "settings"
        settings_dir.mkdir()
        _isolate_qsettings(settings_dir)
    return data_dir


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the ``db`` fixture's database lives (also ``PROJTER_DB`` for this test)."""
    return tmp_path / "projter.sqlite3"


@pytest.fixture(scope="session")
def _fresh_database_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new application database (migrations run, bundled plan loaded), made once per
    session: the ``db`` fixture copies it instead of running the migrations every time."""
    from projter_desktop.services.database import open_app_database

    folder = tmp_path_factory.mktemp("fresh-database")
    with pytest.MonkeyPatch.context() as patch:  # session fixtures run before the autouse one
        patch.setenv("PROJTER_DATA_DIR", str(folder / "data"))
        patch.setenv("PROJTER_DB", str(folder / "projter.sqlite3"))
        database = open_app_database(folder / "projter.sqlite3")
        database.close()
    return folder / "projter.sqlite3"


@pytest.fixture
def db(db_path: Path, _fresh_database_file: Path) -> Iterator[object]:
    """An opened application database holding the bundled Alès 2018 plan.

    It is a copy of a database created by ``open_app_database`` once per session (so
    ``db.created`` is False); tests of the creation itself open their own file.
    """
    from projter_desktop.services.database import open_app_database

    with sqlite3.connect(_fresh_database_file) as source, sqlite3.connect(db_path) as target:
        source.backup(target)
    source.close()
    target.close()
    database = open_app_database(db_path)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def plan(db):  # type: ignore[no-untyped-def]
    """The bundled plan as loaded from the ``db`` fixture (a ``TerritorialPlan``)."""
    from projter_desktop.services.plans import get_plan

    return get_plan(db)
