"""The total number of SQL statements a request sends, on each database (catches N+1s and
any statement a change adds to a hot page)."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from resource_directory.app import create_app, operation_context, warm_up
from resource_directory.db import Database, db
from resource_directory.models import ServiceAtLocation
from resource_directory.operations import import_listings

from .conftest import ADMIN, ROOT, fresh_database


@pytest.fixture
def served(backend, tmp_path):
    """An app on its own database holding the bundled dataset, committed for real (no test
    transaction around it, so the statements counted are the ones production sends), with
    its search index built as a server process builds it at start."""
    with fresh_database(backend, tmp_path) as url:
        app = create_app(
            {"DATABASE_URL": url, "SECRET_KEY": "q", "WTF_CSRF_ENABLED": False,
             # The data version is checked once a second in production; not during the test.
             "INDEX_CHECK_SECONDS": 3600},
            instance_path=str(tmp_path / "instance"),
        )  # fmt: skip
        with app.app_context():
            import_listings(ADMIN, operation_context(app), ROOT / "data" / "resources.csv",
                            source="demo")  # fmt: skip
            db.session.commit()
        warm_up(app)
        yield app
        Database.state(app).engine.dispose()


def sent(app, request) -> list[str]:
    """Every statement the request sent, transaction control included."""
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    engine = Database.state(app).engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = request()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return statements


def begins(backend: str) -> int:
    """pysqlite is told to leave BEGIN to SQLAlchemy, which sends it as a statement;
    psycopg begins its transactions itself."""
    return 1 if backend == "sqlite" else 0


FORM = {"where": "21218", "needs": ["food", "shelter"], "age": "67", "radius_km": "40"}


def test_search_page(served, backend):
    client = served.test_client()
    first = sent(served, lambda: client.post("/search", data=FORM))
    # The demo banner; the shown services with their sites and organizations; their phones.
    assert len(first) == begins(backend) + 3, first
    again = sent(served, lambda: client.post("/search", data=FORM))
    assert len(again) == begins(backend) + 1, again  # details remembered: the banner only


def test_match_api(served, backend):
    client = served.test_client()
    body = {"zip": "21218", "needs": ["food", "mental-health"], "age": 40, "limit": 50}
    first = sent(served, lambda: client.post("/api/match", json=body))
    assert len(first) == begins(backend) + 2, first  # the results' details, their phones


def test_service_page(served, backend):
    with served.app_context():
        sites = func.count(ServiceAtLocation.id)
        by_sites = select(ServiceAtLocation.service_id).group_by(ServiceAtLocation.service_id)
        one = db.session.scalar(by_sites.having(sites == 1).order_by(ServiceAtLocation.service_id))
        most = db.session.scalar(by_sites.order_by(sites.desc(), ServiceAtLocation.service_id))
        assert db.session.scalar(
            select(sites).where(ServiceAtLocation.service_id == most)
        ) >= 3  # fmt: skip
    client = served.test_client()
    for service_id in (one, most):
        statements = sent(served, lambda url=f"/services/{service_id}": client.get(url))
        # The service with its organization and source; its terms, languages, phones and
        # hours; its sites with their locations; the sites' phones and hours; the
        # locations' addresses, phones and hours; the demo banner — however many sites.
        assert len(statements) == begins(backend) + 12, statements
