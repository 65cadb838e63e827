"""Fixtures: every database test runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.

Each backend gets a fresh database (a temporary SQLite file; a throw-away PostgreSQL schema)
migrated once per session with Alembic; each test runs inside a transaction that is rolled
back, so operations that commit only release a savepoint.
"""

from __future__ import annotations

import os
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import event, text

from resource_directory.actor import cli_actor
from resource_directory.app import create_app
from resource_directory.db import Database, create_engine_for
from resource_directory.schema import upgrade_database

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Who tests act as when they call operations directly: an administrator, as the CLI does.
ADMIN = cli_actor("test")


def rank(session, profile, index=None):
    """The matching engine's ranking over the current app's search index (or ``index``)."""
    from resource_directory.app import search_index
    from resource_directory.matching import rank_services

    return rank_services(
        session, profile, index if index is not None else search_index().get(session)
    )


def english(reasons):
    """Reasons as the English text a face shows: one reason (or None), or a list or tuple
    of them."""
    from resource_directory.reasons import Reason
    from resource_directory.reasons.render import render

    if reasons is None or isinstance(reasons, Reason):
        return None if reasons is None else render(reasons)
    return type(reasons)(render(reason) for reason in reasons)


@dataclass
class RuleView:
    """A parsed rule as the evaluator reads it (as the search index hands it over)."""

    kind: str
    values: dict
    confidence: float
    quote: str


def rule_views(text: str | None) -> list[RuleView]:
    """The rules parsed from an eligibility text, ready to evaluate."""
    from resource_directory.eligibility import parse_eligibility

    return [RuleView(r.kind, r.values, r.confidence, r.text) for r in parse_eligibility(text)]


def write_flat(path: Path, rows: list[dict[str, str]], extra_columns: tuple[str, ...] = ()):
    """A flat file of listings at one spot, each its own organization, that differ only in
    the given columns (``extra_columns`` are added to the format's usual ones)."""
    import csv

    with (FIXTURES / "flat_small.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle)) + list(extra_columns)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        for i, values in enumerate(rows):
            writer.writerow({
                "listing_id": f"L{i}", "organization_id": f"O{i}", "organization": f"Org {i}",
                "service_id": f"S{i}", "location_id": f"P{i}", "zip": "21218",
                "lat": "39.3265", "lon": "-76.6048", **values,
            })  # fmt: skip
    return path


REAL_DATA = ROOT.parent / "shared" / "data" / "real"

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
_backend_counts: Counter[str] = Counter()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if not REAL_DATA.exists() and item.get_closest_marker("realdata"):
            item.add_marker(pytest.mark.skip(reason=f"real-world data not found at {REAL_DATA}"))


def pytest_runtest_logreport(report):
    if report.when == "call" and report.passed:
        for backend in BACKENDS:
            if f"[{backend}" in report.nodeid or f"-{backend}]" in report.nodeid:
                _backend_counts[backend] += 1


def pytest_terminal_summary(terminalreporter):
    parts = [f"{_backend_counts[b]} passed on {b}" for b in BACKENDS]
    if "postgresql" not in BACKENDS:
        parts.append("PostgreSQL not configured (set TEST_DATABASE_URL to run there too)")
    terminalreporter.write_sep("-", "database tests: " + ", ".join(parts))


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """The URL of a new, migrated database of one backend (a SQLite file in ``folder``, or a
    throw-away PostgreSQL schema), dropped afterwards."""
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'test.db'}"
        engine = create_engine_for(url)
        upgrade_database(engine)
        engine.dispose()
        yield url
        return
    base = os.environ["TEST_DATABASE_URL"]
    schema = f"rd_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine_for(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    url = f"{base}{separator}options={quote(f'-csearch_path={schema}')}"
    engine = create_engine_for(url)
    upgrade_database(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory):
    """A freshly migrated database for one backend, dropped at the end of the session."""
    with fresh_database(request.param, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture
def backend(database_url) -> str:
    return "sqlite" if database_url.startswith("sqlite") else "postgresql"


@pytest.fixture
def app(database_url, tmp_path):
    """An app on the test database; everything it writes is rolled back afterwards."""
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "test-secret",
            "INDEX_CHECK_SECONDS": 0,
        },
        instance_path=str(tmp_path / "instance"),
    )
    state = Database.state(app)
    connection = state.engine.connect()
    outer = connection.begin()
    state.sessionmaker.configure(bind=connection, join_transaction_mode="create_savepoint")
    yield app
    outer.rollback()
    connection.close()
    state.engine.dispose()


@pytest.fixture
def session(app):
    from resource_directory.db import db

    with app.app_context():
        yield db.session


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def small_directory(session):
    """The small synthetic flat file (tests/fixtures/flat_small.csv), imported."""
    from resource_directory.operations import Context, import_listings

    summary = import_listings(ADMIN, Context(session), FIXTURES / "flat_small.csv", source="test")
    session.commit()
    return summary


@pytest.fixture
def query_counter(app):
    """Counts SQL statements sent while the returned counter is in use."""
    from resource_directory.db import Database

    engine = Database.state(app).engine
    statements: list[str] = []

    def _count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", _count)
    yield statements
    event.remove(engine, "before_cursor_execute", _count)
