"""The Alembic migrations create exactly the models' schema, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from resource_directory.db import create_engine_for
from resource_directory.models import Base
from resource_directory.schema import (
    current_revision,
    downgrade_database,
    head_revision,
    upgrade_database,
)

DIRECTORY_TABLES = {
    "organization", "service", "location", "service_at_location", "address", "phone",
    "schedule", "taxonomy_term", "service_taxonomy", "eligibility_rule", "language",
    "service_area", "source", "import_run", "import_error", "geocode_cache",
}  # fmt: skip


def test_migrated_database_matches_models(database_url):
    engine = create_engine_for(database_url)
    try:
        assert current_revision(engine) == head_revision()
        assert DIRECTORY_TABLES <= set(inspect(engine).get_table_names())
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_downgrade_and_upgrade_round_trip(database_url, tmp_path, backend):
    # A scratch database of the same backend, so the session's shared one is untouched.
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'scratch.db'}"
    else:
        url = database_url
    engine = create_engine_for(url)
    try:
        if backend == "postgresql":
            downgrade_database(engine)
            assert not (DIRECTORY_TABLES & set(inspect(engine).get_table_names()))
        upgrade_database(engine)
        assert DIRECTORY_TABLES <= set(inspect(engine).get_table_names())
        upgrade_database(engine)  # idempotent
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
