"""Matching latency in process, on the bundled dataset or a generated directory.

    python bench/match_bench.py [--services N] [--queries 300] [--postgres URL | --no-postgres]
                                [--dense] [--json]

With ``--services N`` a directory of N services is generated (bench/directory.py) into a
temporary SQLite file and, unless ``--no-postgres``, into a throw-away schema on PostgreSQL
(default URL: the machine's test database). Measured, for the same client searches:

- ``index``: ``rank_services`` over the in-memory index (details of the shown results read
  from SQLite), p50/p95/max, plus the index's build time and the memory it holds (growth of
  the process's resident set while building, after garbage collection);
- ``naive_orm``: the textbook ORM version — listings in the bounding box loaded as ORM
  objects, their terms, rules and hours lazily, scored in Python (fewer searches: it is
  slow); on SQLite and on PostgreSQL;
- ``sql``: one SQL query on PostgreSQL — bounding box, need terms and great-circle distance
  in SQL, nearest first (PostGIS is not installed here, so no KNN index);
- ``index_on_postgres``: the index answering with details from PostgreSQL;

and the ratios of each to the index. The SQL query only filters and sorts by distance: it
does not judge eligibility, hours or language, so it does less than the other two.

``--dense`` puts every site in one metro area and times PostGIS nearest-10 beside the
index instead (see bench/match_dense.py).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentiles, report  # noqa: E402

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
AT = "2026-03-11T14:00:00"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, help="generate N services (default: bundled data)")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--naive-queries", type=int, default=30)
    parser.add_argument(
        "--postgres",
        "--database-url",
        dest="postgres",
        default=os.environ.get("BENCH_POSTGRES", DEFAULT_POSTGRES),
    )
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--dense",
        action="store_true",
        help="every site in one metro area, PostGIS nearest-10 beside (bench/match_dense.py)",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.dense:
        from bench.match_dense import run_dense, table

        result = run_dense(args)
        if args.json:
            report(result, True)
        else:
            print(table(result))
        return
    result = run(args)
    report(result, args.json)


def run(args) -> dict:
    from bench.common import sqlite_bench_database
    from resource_directory.actor import cli_actor
    from resource_directory.operations import Context, import_listings

    result: dict = {"services": args.services or "bundled", "queries": args.queries}
    with sqlite_bench_database() as db:
        started = time.perf_counter()
        if args.services:
            from bench.directory import generate_directory

            counts = generate_directory(db.session, args.services)
            result["listings"] = counts["service_at_location"]
        else:
            import_listings(
                cli_actor("bench"),
                Context(db.session),
                ROOT / "data" / "resources.csv",
                source="bench",
            )
            db.session.commit()
        result["generate_s"] = round(time.perf_counter() - started, 1)
        profiles = client_profiles(args.queries, args.services)
        index, build = build_index(db.session)
        result.update(build)
        index_ms = measure(partial(index_match, db.session, index=index), profiles, result)
        result["index"] = percentiles(index_ms)
        naive = measure(lambda p: naive_orm_match(db.session, p), profiles[: args.naive_queries])
        result["naive_orm_sqlite"] = percentiles(naive)
        result["ratio_naive_orm_sqlite_to_index"] = _ratio(naive, index_ms)
        del index  # freed at once (no reference cycles), before PostgreSQL's is built
    if args.services and not args.no_postgres:
        result.update(on_postgres(args, profiles, index_ms))
    return result


def client_profiles(count: int, services: int | None = None) -> list:
    """Clients at random ZIP codes of the directory's area (a generated one of ``services``
    services, or the bundled Baltimore data), with the mix of needs and facts intake gives."""
    from bench.common import BALTIMORE_ZIPS
    from bench.directory import standard_zips
    from resource_directory.geo import GeoPoint, lookup_zip
    from resource_directory.matching import ClientProfile
    from resource_directory.taxonomy import NEED_SLUGS

    rng = random.Random(11)
    zips = standard_zips(services) if services else [lookup_zip(z) for z in BALTIMORE_ZIPS]
    profiles = []
    for _ in range(count):
        info = rng.choice(zips)
        at = time_at(AT, info.timezone)
        with_query = rng.random() < 0.2
        profiles.append(
            ClientProfile(
                location=GeoPoint.from_zip_info(info, "zip"),
                needs=tuple(rng.sample(NEED_SLUGS, rng.choice([1, 1, 2]))),
                query=rng.choice(["diapers", "rent", "dental", "job training", "grocries"])
                if with_query
                else None,
                age=rng.choice([None, 19, 35, 67]),
                household_size=rng.choice([None, 1, 3]),
                annual_income=rng.choice([None, 12000.0, 45000.0]),
                veteran=rng.choice([None, False, True]),
                language=rng.choice([None, None, "es"]),
                radius_km=rng.choice([5.0, 10.0, 25.0]),
                at=at,
            )
        )
    return profiles


def time_at(local: str, zone: str | None):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone or "America/New_York"))


def build_index(session) -> tuple:
    from resource_directory.matching.freshness import settle
    from resource_directory.matching.index import DirectoryIndex

    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    index = DirectoryIndex.build(session)
    seconds = time.perf_counter() - started
    gc.collect()
    settle(index)  # as a server process does after building
    return index, {
        "indexed_listings": len(index),
        "index_build_s": round(seconds, 2),
        "index_memory_mb": round(rss_mb() - before, 1),
    }


def index_match(session, profile, index):
    from resource_directory.matching import rank_services

    return rank_services(session, profile, index)


def measure(search: Callable, profiles: list, totals: dict | None = None) -> list[float]:
    search(profiles[0])  # warm caches
    samples, results = [], 0
    for profile in profiles:
        started = time.perf_counter()
        found = search(profile)
        samples.append((time.perf_counter() - started) * 1000)
        results += len(found.results) if hasattr(found, "results") else len(found)
    if totals is not None:
        totals["mean_results"] = round(results / len(profiles), 1)
    return samples


def naive_orm_match(session, profile) -> list:
    """The textbook version: ORM objects in the bounding box, relationships loaded lazily."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from resource_directory.eligibility import evaluate_rules
    from resource_directory.geo import bounding_box, distance_km
    from resource_directory.matching.index import RuleView
    from resource_directory.models import Location, Service, ServiceAtLocation
    from resource_directory.schedules import opening_status
    from resource_directory.taxonomy import needs_for_terms

    client = profile.location
    min_lat, max_lat, min_lon, max_lon = bounding_box(client.lat, client.lon, profile.radius_km)
    listings = session.scalars(
        select(ServiceAtLocation)
        .join(ServiceAtLocation.service)
        .join(ServiceAtLocation.location)
        .where(
            ServiceAtLocation.active,
            Service.active,
            Location.latitude.between(min_lat, max_lat),
            Location.longitude.between(min_lon, max_lon),
        )
    ).all()
    when = profile.at or datetime.now(UTC)
    found = []
    for listing in listings:
        service, site = listing.service, listing.location
        km = distance_km(client.lat, client.lon, site.latitude, site.longitude)
        needs = needs_for_terms((t.term.taxonomy, t.term.code) for t in service.terms)
        if km > profile.radius_km or not set(needs) & set(profile.needs):
            continue
        rules = [
            RuleView(r.kind, r.values or {}, r.confidence, r.source_text or "")
            for r in service.eligibility_rules
        ]
        verdict = evaluate_rules(rules, profile)
        hours = listing.schedules or service.schedules or site.schedules
        opening = opening_status(hours, when, site.time_zone)
        found.append((verdict.status != "eligible", km, opening.open_now is not True, service.id))
    found.sort()
    session.expunge_all()
    return found[: profile.limit]


#: Services filed under a need asked for (its Open Eligibility codes, or codes below them).
NEED_FILTER = """EXISTS (
    SELECT 1 FROM service_taxonomy st JOIN taxonomy_term t ON t.id = st.taxonomy_term_id
    WHERE st.service_id = s.id AND t.taxonomy = 'open-eligibility' AND (
      t.code = ANY(:codes) OR t.code LIKE ANY(:patterns)))"""

SQL_QUERY = f"""
SELECT sal.id, s.name, l.latitude, l.longitude, d.km
FROM service_at_location sal
JOIN service s ON s.id = sal.service_id
JOIN location l ON l.id = sal.location_id
CROSS JOIN LATERAL (
  SELECT 2 * 6371.009 * asin(least(1, sqrt(
    power(sin(radians(l.latitude - :lat) / 2), 2)
    + cos(radians(:lat)) * cos(radians(l.latitude))
      * power(sin(radians(l.longitude - :lon) / 2), 2)))) AS km
) d
WHERE sal.active AND s.active AND s.status = 'active' AND l.active
  AND l.latitude BETWEEN :min_lat AND :max_lat
  AND l.longitude BETWEEN :min_lon AND :max_lon
  AND d.km <= :radius
  AND {NEED_FILTER}
ORDER BY d.km, sal.id
LIMIT :limit
"""


def sql_match(session, profile) -> list:
    from sqlalchemy import text

    from resource_directory.geo import bounding_box

    client = profile.location
    min_lat, max_lat, min_lon, max_lon = bounding_box(client.lat, client.lon, profile.radius_km)
    return session.execute(
        text(SQL_QUERY),
        {"lat": client.lat, "lon": client.lon, "radius": profile.radius_km,
         "min_lat": min_lat, "max_lat": max_lat, "min_lon": min_lon, "max_lon": max_lon,
         **need_codes(profile), "limit": profile.limit},
    ).all()  # fmt: skip


def need_codes(profile) -> dict[str, list[str]]:
    """The parameters of ``NEED_FILTER`` for a client's needs."""
    from resource_directory.taxonomy import NEEDS_BY_SLUG

    codes = [p for slug in profile.needs for p in NEEDS_BY_SLUG[slug].prefixes]
    return {"codes": codes, "patterns": [c + "-%" for c in codes]}


def on_postgres(args, profiles: list, index_ms: list[float]) -> dict:
    """The same directory on PostgreSQL: the index, the naive ORM and the one SQL query."""
    out: dict = {}
    with (
        throwaway_schema(args.postgres) as (_, schema),
        generated_on_postgres(args.postgres, schema, args.services) as (session, seconds),
    ):
        out["postgres_generate_s"] = seconds
        index, build = build_index(session)
        out["postgres_index_build_s"] = build["index_build_s"]
        on_pg = measure(partial(index_match, session, index=index), profiles)
        out["index_on_postgres"] = percentiles(on_pg)
        sql = measure(lambda p: sql_match(session, p), profiles)
        out["sql_postgres"] = percentiles(sql)
        naive = measure(lambda p: naive_orm_match(session, p), profiles[: args.naive_queries])
        out["naive_orm_postgres"] = percentiles(naive)
        out["ratio_sql_postgres_to_index"] = _ratio(sql, on_pg)
        out["ratio_naive_orm_postgres_to_index"] = _ratio(naive, on_pg)
    return out


@contextmanager
def throwaway_schema(url: str) -> Iterator[tuple[Engine, str]]:
    """(an engine, the name of a new schema) on the PostgreSQL at ``url``; the schema and
    everything in it are dropped afterwards."""
    from sqlalchemy import text

    from resource_directory.db import create_engine_for

    schema = f"rd_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine_for(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield admin, schema
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def generated_on_postgres(
    url: str, schema: str, services: int, dense: bool = False, also_on_path: tuple[str, ...] = ()
) -> Iterator[tuple[Session, float]]:
    """(a session, seconds it took) with a generated directory in ``schema``, inside an app
    context; ``also_on_path``: schemas searched after it (an extension's)."""
    from sqlalchemy import text

    from bench.directory import generate_directory
    from resource_directory.app import create_app
    from resource_directory.db import db
    from resource_directory.schema import upgrade_database

    path = ",".join([schema, *also_on_path])
    separator = "&" if "?" in url else "?"
    url = f"{url}{separator}options={quote(f'-csearch_path={path}')}"
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"}, instance_path=folder)
        with app.app_context():
            upgrade_database(db.engine)
            started = time.perf_counter()
            generate_directory(db.session, services, dense=dense)
            db.session.execute(text("ANALYZE"))
            db.session.commit()
            try:
                yield db.session, round(time.perf_counter() - started, 1)
            finally:
                db.session.rollback()
                db.engine.dispose()


def _ratio(slower: list[float], faster: list[float]) -> dict[str, float]:
    """How many times slower, at the median and at the 95th percentile."""
    slow, fast = percentiles(slower), percentiles(faster)
    return {q: round(slow[q] / max(fast[q], 1e-6), 1) for q in ("p50_ms", "p95_ms", "p99_ms")}


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


if __name__ == "__main__":
    main()
