"""Import speed and memory: a generated flat file of N rows, imported, then re-imported unchanged.

    python bench/import_bench.py --rows 100000 [--rows 25000 …] [--database-url URL] [--json]

Each import runs in its own process (as a CLI import would), so its peak resident memory is
measured alone. Targets (issue 4, this 2-core machine): 100,000 rows in ≤ 20 s on SQLite and
≤ 40 s on PostgreSQL, unchanged re-import ≤ 10 s, peak memory ≤ 400 MB.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report, write_flat  # noqa: E402


def _import(url: str, path: str, queue) -> None:
    from sqlalchemy.orm import Session

    from resource_directory.actor import cli_actor
    from resource_directory.db import create_engine_for
    from resource_directory.operations import Context, import_listings

    engine = create_engine_for(url)
    started = time.perf_counter()
    with Session(engine) as session:
        summary = import_listings(cli_actor("bench"), Context(session), Path(path), source="bench")
        session.commit()
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(
        (round(elapsed, 2), summary.created, summary.updated, round(peak, 1), summary.audit_events)
    )


def _run_in_child(url: str, path: Path) -> tuple[float, int, int, float, int]:
    queue = multiprocessing.get_context("fork").Queue()
    child = multiprocessing.get_context("fork").Process(
        target=_import, args=(url, str(path), queue)
    )
    child.start()
    result = queue.get()
    child.join()
    return result


def measure(rows: int, database_url: str | None) -> dict:
    from resource_directory.db import create_engine_for
    from resource_directory.schema import downgrade_database, upgrade_database

    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite:///{folder}/bench.db"
        engine = create_engine_for(url)
        if database_url:
            downgrade_database(engine)  # start from an empty schema
        upgrade_database(engine)
        engine.dispose()
        path = write_flat(Path(folder) / "bench.csv", rows)
        first = _run_in_child(url, path)
        again = _run_in_child(url, path)
        changed = _run_in_child(url, _change_hours(path, Path(folder) / "changed.csv"))
    return {
        "rows": rows,
        "database": url.split(":", 1)[0].split("+")[0],
        "first_import_s": first[0],
        "unchanged_reimport_s": again[0],
        "rows_per_s": round(rows / first[0]),
        "created": first[1],
        "reimport_created": again[1],
        "reimport_updated": again[2],
        "first_import_peak_rss_mb": first[3],
        "reimport_peak_rss_mb": again[3],
        "changed_reimport_s": changed[0],
        "changed_reimport_updated": changed[2],
        "first_import_audit_events": first[4],
        "reimport_audit_events": again[4],
        "changed_reimport_audit_events": changed[4],
    }


def _change_hours(path: Path, out: Path, every: int = 10) -> Path:
    """The same file with every ``every``-th listing's hours changed (a tenth of the listings
    updated: only their schedule rows are replaced)."""
    import csv

    with (
        path.open(newline="", encoding="utf-8") as source,
        out.open("w", newline="", encoding="utf-8") as target,
    ):
        reader, writer = csv.DictReader(source), None
        for number, row in enumerate(reader):
            writer = writer or csv.DictWriter(target, fieldnames=reader.fieldnames)
            if number == 0:
                writer.writeheader()
            if number % every == 0:
                row["hours"] = "Mon-Sat 8am-6pm"
            writer.writerow(row)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, action="append", help="default: 10000")
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = [measure(rows, args.database_url) for rows in args.rows or [10_000]]
    if args.json:
        report({"runs": results}, True)
        return
    for result in results:
        report(result, False)
        print()


if __name__ == "__main__":
    main()
