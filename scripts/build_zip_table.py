#!/usr/bin/env python3
"""Build the offline ZIP table ``resource_directory/geo/data/zipcodes.tsv.gz``.

Source: the ``zipcodes`` package (MIT; its table derives from public USPS and GeoNames
data). The app reads the compact file instead of the package, whose full table costs about
150 MB of memory to load. Rerun after upgrading ``zipcodes``; the output is deterministic.

Usage: python scripts/build_zip_table.py
"""

import gzip
import io
from pathlib import Path

import zipcodes

OUTPUT = Path(__file__).resolve().parent.parent / "resource_directory/geo/data/zipcodes.tsv.gz"
COLUMNS = ("zip", "lat", "lon", "city", "state", "county", "timezone", "standard")


def main() -> None:
    rows = sorted(zipcodes.list_all(), key=lambda row: row["zip_code"])
    text = io.StringIO()
    text.write("\t".join(COLUMNS) + "\n")
    kept = 0
    for row in rows:
        if not row.get("lat") or not row.get("long"):
            continue
        values = (
            row["zip_code"], row["lat"], row["long"], row["city"], row["state"],
            row.get("county") or "", row.get("timezone") or "",
            "1" if row.get("zip_code_type") == "STANDARD" else "0",
        )  # fmt: skip
        text.write("\t".join(v.replace("\t", " ") for v in values) + "\n")
        kept += 1
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same input gives the same bytes.
    with gzip.GzipFile(OUTPUT, "wb", mtime=0) as handle:
        handle.write(text.getvalue().encode("utf-8"))
    print(f"wrote {kept} ZIP codes to {OUTPUT}")


if __name__ == "__main__":
    main()
