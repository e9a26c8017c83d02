"""Alembic environment. The app runs migrations programmatically: the connection to use
is passed in ``config.attributes["connection"]`` (see ``projter_desktop/store/database.py``).
"""

from alembic import context
from sqlalchemy import create_engine

from projter_desktop.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # command-line use: alembic -x db=path.sqlite3 ...
        url = f"sqlite:///{context.get_x_argument(as_dictionary=True).get('db', 'projter.sqlite3')}"
        with create_engine(url).begin() as conn:
            context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
            with context.begin_transaction():
                context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    _begin_for_ddl(connection)
    with context.begin_transaction():
        context.run_migrations()


def _begin_for_ddl(connection) -> None:  # type: ignore[no-untyped-def]
    """Open SQLite's transaction now, so that every migration is in it, DDL included.

    Python's sqlite3 driver begins a transaction only before INSERT/UPDATE/DELETE: an
    ``ALTER TABLE`` met first runs in autocommit and stays, even if the process dies before
    the migrations commit (the file is then at the old revision with the new columns, and
    cannot be upgraded again). With ``BEGIN`` sent first, the whole upgrade is one
    transaction: killed anywhere, the file is the older database, whole
    (tests/reliability/test_kill_points.py)."""
    if connection.dialect.name != "sqlite":
        return
    driver = connection.connection.driver_connection
    if not driver.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


run_migrations()
