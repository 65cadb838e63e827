"""Alembic environment: runs on the connection the app hands over, or the app's database."""

from __future__ import annotations

from alembic import context

from resource_directory.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER much
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:  # the `alembic` command line, for writing new revisions
    from resource_directory.app import create_app
    from resource_directory.db import create_engine_for

    engine = create_engine_for(create_app().config["DATABASE_URL"])
    with engine.begin() as conn:
        run_migrations(conn)
