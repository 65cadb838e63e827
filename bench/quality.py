"""Matching quality on hand-judged client scenarios: precision@5, recall@10, eligibility slips.

    python bench/quality.py [--json] [--dataset demo|charmcare|all]

Each scenario in bench/quality/<dataset>.json is a synthetic client situation written in the
match API's field names, with the services a careful coordinator would refer that client to
(``relevant``) and services whose own eligibility text shuts the client out (``excluded``),
both judged from the listings themselves, never from the matcher's output. The dataset is
imported into a fresh SQLite database and every scenario goes through the same validation
and profile building as ``POST /api/match``.

- ``precision_at_5``: share of the first five results (fewer if fewer came back) that serve
  a requested need (by the result's needs) or match the free-text query; no results score 0.
- ``recall_at_10``: share of the relevant services among the first ten results.
- ``excluded_shown_eligible``: excluded services shown as "eligible" (the target is 0);
  ``excluded_shown`` counts those shown at all, "maybe" included.

Both averages are taken over scenarios (per dataset, then over all of them). The CHARMcare
dataset is the real Baltimore export in ../shared/data/real; it is skipped when absent.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

if TYPE_CHECKING:
    from resource_directory.matching import MatchResult

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "bench" / "quality"
REAL_DATA = ROOT.parent / "shared" / "data" / "real"
#: What the project aims at.
TARGETS = {"precision_at_5": 0.9, "recall_at_10": 0.8, "excluded_shown_eligible": 0}
#: Query words that say nothing about the service sought ("tax help" is about tax).
GENERIC_WORDS = frozenset(
    {"help", "free", "need", "needs", "get", "find", "service", "services", "assistance",
     "program", "programs", "for", "with", "and", "the", "a", "an", "to", "of", "in"}
)  # fmt: skip


@dataclass(frozen=True)
class Dataset:
    name: str
    scenarios: Path
    source: Path
    format: str


DATASETS = {
    "demo": Dataset("demo", SCENARIOS / "demo.json", ROOT / "data" / "resources.csv", "flat"),
    "charmcare": Dataset(
        "charmcare",
        SCENARIOS / "charmcare.json",
        REAL_DATA / "bchd-charmcare-baltimore" / "icarol-csv",
        "ohana",
    ),
}


def load_scenarios(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


def matches_query(query: str | None, result: MatchResult) -> bool:
    """Every telling word of the query starts a word of the result's name, description or
    organization ("diapers" finds "diaper", "tax help" finds "Free Tax Preparation")."""
    if not query:
        return False
    wanted = [_stem(w) for w in _words(query) if w not in GENERIC_WORDS]
    if not wanted:
        return False
    fields = (result.name, result.description, result.organization)
    text = set(_words(" ".join(f for f in fields if f)))
    return all(any(word.startswith(w) for word in text) for w in wanted)


def serves(result: MatchResult, needs: list[str], query: str | None) -> bool:
    return bool(set(result.needs) & set(needs)) or matches_query(query, result)


def score_scenario(scenario: dict[str, Any], results: list[MatchResult]) -> dict[str, Any]:
    """One scenario's figures from the matcher's ranked results (reasons in English)."""
    from resource_directory.reasons.render import render

    client = scenario["client"]
    needs, query = client.get("needs") or [], client.get("query")
    ids = [r.external_id for r in results]
    rank: dict[str | None, int] = {}
    for position, ext in enumerate(ids, 1):
        rank.setdefault(ext, position)
    top5 = results[:5]
    relevant = scenario.get("relevant", [])
    found = [r for r in relevant if r in ids[:10]]
    shown = [(ext, results[rank[ext] - 1]) for ext in scenario.get("excluded", []) if ext in rank]
    return {
        "id": scenario["id"],
        "results": len(results),
        "precision_at_5": (
            round(sum(serves(r, needs, query) for r in top5) / len(top5), 4) if top5 else 0.0
        ),
        "recall_at_10": round(len(found) / len(relevant), 4) if relevant else None,
        "excluded_shown": len(shown),
        "excluded_shown_eligible": sum(r.eligibility == "eligible" for _, r in shown),
        "top5": [
            {
                "id": r.external_id,
                "name": r.name,
                "needs": list(r.needs),
                "serves": serves(r, needs, query),
            }
            for r in top5
        ],
        "relevant_missed": [
            {"id": ext, "rank": rank.get(ext)} for ext in relevant if ext not in found
        ],
        "excluded_seen": [
            {
                "id": ext,
                "rank": rank[ext],
                "eligibility": r.eligibility,
                "reasons": [render(x) for x in r.reasons],
            }
            for ext, r in shown
        ],
    }


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    recalls = [r["recall_at_10"] for r in rows if r["recall_at_10"] is not None]
    summary = {
        "scenarios": len(rows),
        "precision_at_5": round(mean(r["precision_at_5"] for r in rows), 4) if rows else None,
        "recall_at_10": round(mean(recalls), 4) if recalls else None,
        "excluded_shown_eligible": sum(r["excluded_shown_eligible"] for r in rows),
        "excluded_shown": sum(r["excluded_shown"] for r in rows),
    }
    summary["meets_targets"] = bool(rows) and (
        summary["precision_at_5"] >= TARGETS["precision_at_5"]
        and (summary["recall_at_10"] or 0) >= TARGETS["recall_at_10"]
        and summary["excluded_shown_eligible"] <= TARGETS["excluded_shown_eligible"]
    )
    return summary


def evaluate(dataset: Dataset) -> dict[str, Any]:
    """Import the dataset into a temporary database and score each of its scenarios."""
    from resource_directory.actor import cli_actor
    from resource_directory.app import create_app, operation_context
    from resource_directory.db import db
    from resource_directory.operations import import_listings, match_services
    from resource_directory.schema import upgrade_database

    scenarios = load_scenarios(dataset.scenarios)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {"DATABASE_URL": f"sqlite:///{folder}/q.db", "SECRET_KEY": "q"}, instance_path=folder
        )
        with app.app_context():
            upgrade_database(db.engine)
            actor, context = cli_actor("bench"), operation_context(app)
            imported = import_listings(
                actor, context, dataset.source, format=dataset.format, source=dataset.name
            )
            db.session.commit()
            rows = []
            for scenario in scenarios:
                response = match_services(actor, context, scenario["client"])
                rows.append(score_scenario(scenario, response.results))
            db.engine.dispose()
    return {"services": imported.services, **summarize(rows), "rows": rows}


def run(names: list[str]) -> dict[str, Any]:
    report: dict[str, Any] = {"targets": TARGETS, "datasets": {}, "skipped": {}}
    rows: list[dict[str, Any]] = []
    for name in names:
        dataset = DATASETS[name]
        if not dataset.source.exists():
            report["skipped"][name] = f"{dataset.source} not found"
            continue
        result = evaluate(dataset)
        report["datasets"][name] = result
        rows.extend(result["rows"])
    report["overall"] = summarize(rows)
    return report


def print_table(report: dict[str, Any]) -> None:
    header = f"{'dataset':<11} {'scenarios':>9} {'precision@5':>12} {'recall@10':>10} "
    print(header + f"{'excluded shown (eligible)':>26}")
    lines = [(name, r) for name, r in report["datasets"].items()]
    if len(lines) > 1:
        lines.append(("all", report["overall"]))
    for name, r in lines:
        shown = f"{r['excluded_shown']} ({r['excluded_shown_eligible']})"
        print(
            f"{name:<11} {r['scenarios']:>9} {_fmt(r['precision_at_5']):>12} "
            f"{_fmt(r['recall_at_10']):>10} {shown:>26}"
        )
    t = TARGETS
    print(
        f"{'target':<11} {'':>9} {'>= ' + _fmt(t['precision_at_5']):>12} "
        f"{'>= ' + _fmt(t['recall_at_10']):>10} {'(' + str(t['excluded_shown_eligible']) + ')':>26}"
    )
    for name, reason in report["skipped"].items():
        print(f"skipped {name}: {reason}")


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="full report with per-scenario rows")
    parser.add_argument("--dataset", choices=[*DATASETS, "all"], default="all")
    args = parser.parse_args()
    names = list(DATASETS) if args.dataset == "all" else [args.dataset]
    report = run(names)
    if args.dataset != "all" and report["skipped"]:
        parser.error(report["skipped"][args.dataset])
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
