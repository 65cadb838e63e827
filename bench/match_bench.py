"""match_services latency in process, on the bundled dataset or a generated directory.

    python bench/match_bench.py [--services N] [--queries 200] [--json]

Matcher v0 queries the database for each search (bounding box + need terms); the numbers
are the baseline the in-memory index must beat.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BALTIMORE_ZIPS, NEEDS, percentiles, report, write_flat  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, help="generate N listings (default: bundled data)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from resource_directory import create_app
    from resource_directory.db import db
    from resource_directory.geo import Geocoder, locate
    from resource_directory.matching import ClientProfile, match_services
    from resource_directory.operations import import_listings
    from resource_directory.schema import upgrade_database

    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {"DATABASE_URL": f"sqlite:///{folder}/bench.db", "SECRET_KEY": "bench"},
            instance_path=folder,
        )
        source = ROOT / "data" / "resources.csv"
        if args.services:
            source = write_flat(Path(folder) / "generated.csv", args.services)
        with app.app_context():
            upgrade_database(db.engine)
            import_listings(db.session, source, source="bench")
            db.session.commit()
            profiles = [
                ClientProfile(
                    location=locate(None, Geocoder(), zip_code=rng.choice(BALTIMORE_ZIPS)),
                    needs=tuple(rng.sample(NEEDS, rng.choice([1, 1, 2]))),
                    age=rng.choice([None, 19, 35, 67]),
                    radius_km=rng.choice([5.0, 10.0, 25.0]),
                )
                for _ in range(args.queries)
            ]
            match_services(db.session, profiles[0])  # warm caches
            samples, results = [], 0
            for profile in profiles:
                started = time.perf_counter()
                response = match_services(db.session, profile)
                samples.append((time.perf_counter() - started) * 1000)
                results += len(response.results)
    report(
        {
            "listings": args.services or "bundled",
            "queries": args.queries,
            **percentiles(samples),
            "mean_results": round(results / len(profiles), 1),
        },
        args.json,
    )


if __name__ == "__main__":
    main()
