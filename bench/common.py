"""Shared helpers for the benchmarks: synthetic directories and reporting."""

from __future__ import annotations

import csv
import json
import random
import resource
import statistics
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from importers.flat import COLUMNS
from resource_directory.geo import lookup_zip

BALTIMORE_ZIPS = [
    "21201", "21202", "21205", "21206", "21207", "21208", "21209", "21210", "21211", "21212",
    "21213", "21214", "21215", "21216", "21217", "21218", "21223", "21224", "21225", "21226",
    "21227", "21228", "21229", "21230", "21231", "21234", "21236", "21237", "21239", "21244",
]  # fmt: skip
NEEDS = ["food", "housing", "shelter", "transportation", "mental-health", "substance-use",
         "financial-aid", "health", "legal", "employment", "education", "childcare"]  # fmt: skip
ELIGIBILITY = [
    "",
    "Seniors 60+",
    "Youth 14-24",
    "Adults 18 and older",
    "No eligibility requirements",
    "Household income at or below 200% FPL",
    "Must bring photo ID",
    "Veterans and their families",
    "Children under 5 and pregnant women",
]
HOURS = ["Mon-Fri 9am-5pm", "24/7", "Tuesdays 10:00-12:00", "By appointment", ""]


def write_flat(path: Path, rows: int, seed: int = 7) -> Path:
    """A synthetic flat file: 4 listings per organization, 2 per location."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS_ORDER)
        for i in range(rows):
            org, loc = i // 4, i // 2
            info = lookup_zip(BALTIMORE_ZIPS[loc % len(BALTIMORE_ZIPS)])
            needs = rng.sample(NEEDS, rng.choice([1, 1, 2]))
            values = {
                "listing_id": f"L{i}", "organization_id": f"O{org}",
                "organization": f"Bench Organization {org}", "service_id": f"S{i}",
                "service": f"Service {i}", "description": f"Help with {' and '.join(needs)}.",
                "needs": ";".join(needs), "location_id": f"P{loc}",
                "address": f"{loc % 9000 + 1} Bench St", "city": info.city, "state": "MD",
                "zip": info.zip, "lat": f"{info.lat + (loc % 7) * 0.001:.6f}",
                "lon": f"{info.lon + (loc % 5) * 0.001:.6f}", "phone": f"410-555-01{i % 100:02d}",
                "hours": rng.choice(HOURS), "eligibility": rng.choice(ELIGIBILITY),
                "languages": rng.choice(["English", "English, Spanish", ""]),
            }  # fmt: skip
            writer.writerow([values.get(c, "") for c in COLUMNS_ORDER])
    return path


COLUMNS_ORDER = list(COLUMNS)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 2),
        "p99_ms": round(ordered[max(0, int(len(ordered) * 0.99) - 1)], 2),
        "max_ms": round(ordered[-1], 2),
    }


def report(result: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, indent=2))
        return
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")


@contextmanager
def sqlite_bench_database() -> Iterator[Any]:
    """A fresh SQLite database in a temporary folder, its schema made, inside its app's
    context: yields the app's ``db``; the engine is disposed of on the way out."""
    from resource_directory.app import create_app
    from resource_directory.db import db
    from resource_directory.schema import upgrade_database

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {"DATABASE_URL": f"sqlite:///{folder}/bench.db", "SECRET_KEY": "bench"},
            instance_path=folder,
        )
        with app.app_context():
            upgrade_database(db.engine)
            try:
                yield db
            finally:
                db.engine.dispose()
