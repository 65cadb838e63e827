"""Draw the blind hours sample (``tests/fixtures/hours_labelled_2026.jsonl``) from real data.

    python bench/hours_sample.py [--size 160] [--seed 2026]

Prints one ``{"source", "text"}`` line per drawn string, for a person to label by hand
before the parser is run on them. Sources are files the older labelled set
(``hours_labelled.jsonl``) never drew from; strings it already holds are left out.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "data" / "real"
PANTRIES = "haarrrvest-food-pantries/raw_inputs"
JSON_FEEDS = (
    "food_bank_of_western_massachusetts_ma.json",
    "chester_county_food_bank_pa.json",
    "second_harvest_food_bank_of_northwest_north_carolina_nc.json",
    "the_food_basket_inc_hi.json",
    "community_action_of_napa_valley_food_bank_ca.json",
)
BANK_ON = "sf-openreferral-data/financial-empowerment/Bank On Directory_8-27-2013.csv"


def candidates() -> list[tuple[str, str]]:
    """(source, text) of every distinct non-blank hours string in the sources."""
    found: dict[str, str] = {}
    for name in JSON_FEEDS:
        for record in json.loads((REAL / PANTRIES / name).read_text(encoding="utf-8")):
            text = (record.get("hours") or "").strip()
            found.setdefault(text, f"{PANTRIES}/{name}")
    raw = (REAL / BANK_ON).read_bytes().decode("cp1252")  # Windows-1252, not UTF-8
    for row in csv.DictReader(io.StringIO(raw, newline="")):
        text = (row.get("Hours") or "").strip()
        found.setdefault(text, BANK_ON)
    found.pop("", None)
    with (ROOT / "tests" / "fixtures" / "hours_labelled.jsonl").open(encoding="utf-8") as f:
        for line in f:
            found.pop(json.loads(line)["text"], None)
    return sorted((source, text) for text, source in found.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=160)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    pool = candidates()
    sample = random.Random(args.seed).sample(pool, min(args.size, len(pool)))
    for source, text in sample:
        print(json.dumps({"source": source, "text": text}, ensure_ascii=False))


if __name__ == "__main__":
    main()
