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
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
