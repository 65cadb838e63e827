"""``match_bench.py --dense``: matching where every search has thousands of candidates.

    python bench/match_bench.py --dense --services 100000 [--queries 300]
                                [--database-url URL | --no-postgres] [--json]

The directory is generated as for the other runs (bench/directory.py) with every site in
one metro area (``directory.METRO``: the 73 ZIP codes within 25 km of downtown Baltimore),
so a 5 km search at 100,000 services already sees a few thousand listings. Measured:

- ``index``: ``rank_services`` in process (details of the shown results from SQLite),
  p50/p95/p99/max over a fixed set of searches from points across the area — needs alone,
  needs with free text, free text alone (typos and words no listing uses among them), with
  a mix of eligibility facts and radii of 5, 10 and 25 km;
- the index's build time and memory: the growth of the process's resident set while
  building, after garbage collection (tracemalloc would slow a million-listing build
  several times over); it includes what the build allocated and the allocator kept;
- ``postgis``, when the extension can be created in the PostgreSQL at ``--database-url``
  (the bench installs nothing: otherwise it says "PostGIS not installed" and skips this):
  the same directory in a throw-away schema, a GiST index over geography points, and for
  the same searches the nearest 10 listings within the radius (``ST_DWithin`` with ``<->``
  ordering) filed under a need asked for, or, for free text alone, whose name and
  description match it (full-text search, GIN index), with JIT compilation off; and its
  ratio to the in-process figures. That query does much less than ``rank_services``: no
  eligibility, hours, language, situation or scoring, no typo tolerance, no details, and
  free text asked with needs does not change its order.

The naive ORM and bounding-box SQL versions of the other runs are left out: at these
densities they take seconds a search.
"""

from __future__ import annotations

import dataclasses
import random
import time
from functools import partial

from sqlalchemy.exc import DBAPIError

from bench.common import peak_rss_mb, percentiles
from bench.directory import METRO, generate_directory, standard_zips
from bench.match_bench import (
    AT,
    NEED_FILTER,
    build_index,
    generated_on_postgres,
    index_match,
    measure,
    need_codes,
    throwaway_schema,
    time_at,
)

#: Targets (issue 16): p95 of an in-process search by directory size, index memory at 1M.
P95_TARGET_MS = {100_000: 10.0, 1_000_000: 40.0}
MEMORY_TARGET_MB = {1_000_000: 1.5 * 1024}
#: Free text: words listings use, phrases, a typo ("grocries"), words no listing uses.
QUERIES = [
    "diapers", "rent", "dental", "job training", "grocries", "eviction", "utility bills",
    "bus pass", "GED classes", "counseling", "hot meals", "tax preparation", "wheelchair van",
    "detox", "furniture vouchers", "spanish interpreters",
]  # fmt: skip
RADII_KM = [5.0, 10.0, 25.0]
POINT = "ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography"
POSTGIS_NEAREST = f"""
SELECT sal.id, ST_Distance(l.geog, {POINT}) AS meters
FROM location l
JOIN service_at_location sal ON sal.location_id = l.id
JOIN service s ON s.id = sal.service_id
WHERE ST_DWithin(l.geog, {POINT}, :meters)
  AND l.active AND sal.active AND s.active AND s.status = 'active'
  AND {{matches}}
ORDER BY l.geog <-> {POINT}
LIMIT 10
"""
BY_NEED = POSTGIS_NEAREST.format(matches=NEED_FILTER)
BY_WORDS = POSTGIS_NEAREST.format(matches="s.words @@ plainto_tsquery('english', :query)")
POSTGIS_SETUP = [
    "ALTER TABLE location ADD COLUMN geog geography(Point, 4326)",
    "UPDATE location SET geog = ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)::geography"
    " WHERE latitude IS NOT NULL AND longitude IS NOT NULL",
    "CREATE INDEX location_geog ON location USING gist (geog)",
    "ALTER TABLE service ADD COLUMN words tsvector GENERATED ALWAYS AS (to_tsvector('english',"
    " coalesce(name, '') || ' ' || coalesce(description, ''))) STORED",
    "CREATE INDEX service_words ON service USING gin (words)",
    "ANALYZE location",
    "ANALYZE service",
]


def run_dense(args) -> dict:
    from bench.common import sqlite_bench_database

    if not args.services:
        raise SystemExit("--dense needs --services N")
    lat, lon, km = METRO
    result: dict = {
        "services": args.services,
        "dense": {"center": [lat, lon], "radius_km": km, "zips": len(standard_zips(dense=True))},
        "queries": args.queries,
    }
    profiles = dense_profiles(args.queries)
    with sqlite_bench_database() as db:
        started = time.perf_counter()
        counts = generate_directory(db.session, args.services, dense=True)
        result["listings"] = counts["service_at_location"]
        result["generate_s"] = round(time.perf_counter() - started, 1)
        index, build = build_index(db.session)
        result.update(build)
        result["index_memory_method"] = "RSS growth while building, after gc"
        result["candidates"] = candidates(index, profiles)
        index_ms = measure(partial(index_match, db.session, index=index), profiles, result)
        result["index"] = percentiles(index_ms)
        result["index_by_kind"] = by_kind(profiles, index_ms)
        result["peak_rss_mb"] = round(peak_rss_mb(), 1)
        del index
    result["targets"] = targets(result)
    if not args.no_postgres:
        result["postgis"] = on_postgis(args, profiles, index_ms)
    return result


def dense_profiles(count: int) -> list:
    """A fixed set of searches from points across the metro area: half ask for needs alone,
    a quarter needs and free text, a quarter free text alone; facts as intake gives them."""
    from resource_directory.geo import GeoPoint
    from resource_directory.matching import ClientProfile
    from resource_directory.taxonomy import NEED_SLUGS

    rng = random.Random(16)
    zips = standard_zips(dense=True)
    profiles = []
    for number in range(count):
        info = rng.choice(zips)
        point = dataclasses.replace(
            GeoPoint.from_zip_info(info, "point"),
            lat=info.lat + rng.uniform(-0.02, 0.02),
            lon=info.lon + rng.uniform(-0.02, 0.02),
        )
        kind = number % 4  # 0, 1: needs; 2: needs and words; 3: words alone
        profiles.append(
            ClientProfile(
                location=point,
                needs=tuple(rng.sample(NEED_SLUGS, rng.choice([1, 1, 2]))) if kind < 3 else (),
                query=rng.choice(QUERIES) if kind >= 2 else None,
                age=rng.choice([None, 8, 19, 35, 67]),
                household_size=rng.choice([None, 1, 3, 5]),
                annual_income=rng.choice([None, 12000.0, 30000.0, 80000.0]),
                veteran=rng.choice([None, False, True]),
                gender=rng.choice([None, None, "female", "male"]),
                disability=rng.choice([None, None, True, False]),
                pregnant=rng.choice([None, None, None, True]),
                housing_status=rng.choice([None, None, "homeless", "at_risk", "housed"]),
                children_ages=rng.choice([None, None, (), (1,), (4, 9)]),
                language=rng.choice([None, None, "es"]),
                radius_km=rng.choice(RADII_KM),
                at=time_at(AT, info.timezone),
            )
        )
    return profiles


def candidates(index, profiles: list) -> dict[str, int]:
    """How many listings each search finds within its radius, and how many of them are
    filed under a need it asks for (median and fewest, over the searches with needs)."""
    from resource_directory.matching.index import need_mask

    within, offering = [], []
    for profile in profiles:
        rows, _ = index.nearby(profile.location.lat, profile.location.lon, profile.radius_km)
        within.append(len(rows))
        if profile.needs:
            offering.append(int(((index.need_mask[rows] & need_mask(profile.needs)) != 0).sum()))
    within.sort()
    offering.sort()
    return {
        "within_radius_median": within[len(within) // 2],
        "within_radius_min": within[0],
        "offering_a_need_median": offering[len(offering) // 2],
        "offering_a_need_min": offering[0],
    }


def by_kind(profiles: list, samples_ms: list[float]) -> dict[str, dict[str, float]]:
    """Percentiles of the searches for needs alone, needs and words, and words alone."""
    kinds: dict[str, list[float]] = {}
    for profile, ms in zip(profiles, samples_ms, strict=True):
        kind = (
            "needs and words"
            if profile.needs and profile.query
            else ("needs" if profile.needs else "words alone")
        )
        kinds.setdefault(kind, []).append(ms)
    return {kind: percentiles(found) for kind, found in sorted(kinds.items())}


def targets(result: dict) -> dict:
    """Each target for this size, and whether the run met it."""
    found = {}
    if (p95 := P95_TARGET_MS.get(result["services"])) is not None:
        found["p95_ms"] = {"at_most": p95, "met": result["index"]["p95_ms"] <= p95}
    if (memory := MEMORY_TARGET_MB.get(result["services"])) is not None:
        found["index_memory_mb"] = {"at_most": memory, "met": result["index_memory_mb"] <= memory}
    return found


def on_postgis(args, profiles: list, index_ms: list[float]) -> dict:
    """PostGIS nearest-10 over the same directory, points and searches, or why not."""
    from sqlalchemy import text

    from bench.match_bench import _ratio
    from resource_directory.db import create_engine_for

    try:
        with create_engine_for(args.postgres).connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as error:
        return {"skipped": f"PostgreSQL not reachable: {_first_line(error)}"}
    with throwaway_schema(args.postgres) as (admin, schema):
        try:
            home = _create_postgis(admin, schema)
        except DBAPIError as error:
            return {"skipped": "PostGIS not installed", "error": _first_line(error)}
        out: dict = {"extension_schema": "the bench's own" if home == schema else home}
        also = () if home == schema else (home,)
        with generated_on_postgres(
            args.postgres, schema, args.services, dense=True, also_on_path=also
        ) as (session, seconds):
            out["generate_s"] = seconds
            started = time.perf_counter()
            for statement in POSTGIS_SETUP:
                session.execute(text(statement))
            session.commit()
            out["setup_s"] = round(time.perf_counter() - started, 1)
            # Compiling these queries took 0.4 s each (JIT is for long analytic queries);
            # the plans are PostgreSQL's own, prepared by psycopg after five runs.
            session.execute(text("SET jit = off"))
            nearest = measure(partial(postgis_nearest, session), profiles)
        out["nearest_10"] = percentiles(nearest)
        out["nearest_10_by_kind"] = by_kind(profiles, nearest)
        out["ratio_to_index"] = _ratio(nearest, index_ms)
    return out


def _create_postgis(admin, schema: str) -> str:
    """The schema PostGIS lives in: created in the bench's own (dropped with it) unless the
    database has it already."""
    from sqlalchemy import text

    with admin.begin() as conn:
        conn.execute(text(f'CREATE EXTENSION IF NOT EXISTS postgis SCHEMA "{schema}"'))
        return conn.scalar(
            text(
                "SELECT n.nspname FROM pg_extension e"
                " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'postgis'"
            )
        )


def postgis_nearest(session, profile) -> list:
    from sqlalchemy import text

    point = profile.location
    params = {"lat": point.lat, "lon": point.lon, "meters": profile.radius_km * 1000}
    if profile.needs:
        return session.execute(text(BY_NEED), {**params, **need_codes(profile)}).all()
    return session.execute(text(BY_WORDS), {**params, "query": profile.query}).all()


def _first_line(error: Exception) -> str:
    return str(getattr(error, "orig", error)).strip().splitlines()[0]


def table(result: dict) -> str:
    """The figures, each beside its target."""
    index, goals, pg = result["index"], result["targets"], result.get("postgis", {})
    center = result["dense"]
    lines = [
        f"{result['services']:,} services ({result['listings']:,} listings), dense: "
        f"{center['zips']} ZIP codes within {center['radius_km']:g} km of "
        f"{center['center'][0]}, {center['center'][1]}; {result['queries']} searches",
        "listings within radius: median {within_radius_median:,} (fewest {within_radius_min:,});"
        " filed under a need asked: median {offering_a_need_median:,}"
        " (fewest {offering_a_need_min:,})".format(**result["candidates"]),
        "",
        f"{'':<22}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}  target",
        _row("in process (ms)", index, _goal(goals.get("p95_ms"), "p95 ≤ {:g} ms")),
    ]
    lines += [_row(f"  {kind}", found, "") for kind, found in result["index_by_kind"].items()]
    if "nearest_10" in pg:
        lines.append(_row("PostGIS nearest-10", pg["nearest_10"], ""))
        lines += [_row(f"  {kind}", found, "") for kind, found in pg["nearest_10_by_kind"].items()]
        lines.append(_row("PostGIS / in process", pg["ratio_to_index"] | {"max_ms": ""}, ""))
    lines += [
        "",
        f"index build            {result['index_build_s']} s",
        f"index memory           {result['index_memory_mb']:,} MB "
        f"({result['index_memory_method']})  "
        + _goal(goals.get("index_memory_mb"), "≤ {:,.0f} MB"),
        f"generate               {result['generate_s']} s (SQLite)"
        + (f", {pg['generate_s']} s + PostGIS setup {pg['setup_s']} s" if "setup_s" in pg else ""),
    ]
    if "skipped" in pg:
        lines.append(f"PostGIS                skipped: {pg['skipped']}")
    return "\n".join(lines)


def _row(label: str, figures: dict, goal: str) -> str:
    cells = "".join(f"{figures.get(k, ''):>9}" for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms"))
    return f"{label:<22}{cells}  {goal}"


def _goal(goal: dict | None, wording: str) -> str:
    if goal is None:
        return "(no target at this size)"
    return wording.format(goal["at_most"]) + (": met" if goal["met"] else ": MISSED")
