"""Import speed: a generated flat file of N rows, imported and re-imported unchanged.

python bench/import_bench.py --rows 100000 [--database-url URL] [--json]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import peak_rss_mb, report, write_flat  # noqa: E402
from resource_directory.db import create_engine_for  # noqa: E402
from resource_directory.operations import import_listings  # noqa: E402
from resource_directory.schema import downgrade_database, upgrade_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from sqlalchemy.orm import Session

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.db"
        engine = create_engine_for(url)
        if args.database_url:
            downgrade_database(engine)  # start from an empty schema
        upgrade_database(engine)
        path = write_flat(Path(folder) / "bench.csv", args.rows)

        timings = {}
        for label in ("first_import_s", "unchanged_reimport_s"):
            started = time.perf_counter()
            with Session(engine) as session:
                summary = import_listings(session, path, source="bench")
                session.commit()
            timings[label] = round(time.perf_counter() - started, 2)
            if label == "first_import_s":
                first = summary
        engine.dispose()
    report(
        {
            "rows": args.rows,
            "database": url.split(":", 1)[0],
            **timings,
            "rows_per_s": round(args.rows / timings["first_import_s"]),
            "created": first.created,
            "reimport_created": summary.created,
            "reimport_updated": summary.updated,
            "peak_rss_mb": round(peak_rss_mb(), 1),
        },
        args.json,
    )


if __name__ == "__main__":
    main()
