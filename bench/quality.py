"""Matching quality on judged client scenarios, with a split that cannot flatter.

    python bench/quality.py [--json] [--split dev|test|both] [--dataset NAME ...]
                            [--no-previous] [--no-ablation] [--make-split]

Scenarios (``bench/quality/<dataset>.json``) are synthetic clients judged from the
listings alone, by the rules in ``bench/quality/JUDGING.md``: ``relevant`` services a
careful coordinator would refer the client to, ``excluded`` ones whose own eligibility
text shuts the client out. ``bench/quality/split.json`` files each scenario under ``dev``
(scenarios the ranker was ever tuned on, and two thirds at most of the new ones) or
``test`` (frozen: scored only to report a finished change). Every dataset is imported into
a fresh SQLite database through the project's importers; each scenario goes through the
same validation and profile building as ``POST /api/match``.

Figures, per dataset and split, each for the **full intake** and for the **structured**
facts only (age, gender, household size, income, language, veteran: no housing status,
children, pregnancy, disability or typed words):

- ``recall_at_10``: share of the relevant services among the first ten results;
- ``precision_at_5``: share of the first five results that serve a requested need (by the
  result's needs) or match the typed words; no results score 0;
- ``excluded_shown_eligible``: excluded services shown as "eligible" (target 0), and
  ``excluded_shown``, those shown at all.

Beside the ranker: the **naive** baseline (the nearest services within 15 km filed under a
requested need by their own categories: no eligibility, no words), the **previous
release**'s ranker (``PREVIOUS_RELEASE``, run from a ``git archive`` of that commit on the
same scenarios), a per-need table, and an **ablation** table (each ranking component
switched off in turn, on dev). Averages are over scenarios.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from contextlib import ExitStack, contextmanager
from pathlib import Path
from statistics import mean
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.datasets import DATASETS, ROOT, SCENARIOS, Dataset, imported, service_sites  # noqa: E402

#: What the project aims at, on the frozen test split.
TARGETS = {"precision_at_5": 0.9, "recall_at_10": 0.8, "excluded_shown_eligible": 0}
#: The landed main before the 2026-12 matching work: the "previous release" baseline.
PREVIOUS_RELEASE = "a39a2fc69c5da5019d8cccb8801a60c4c320bda8"
SPLIT_FILE = SCENARIOS / "split.json"
SPLIT_SEED = 20261203
#: Share of each dataset's new scenarios drawn into the frozen test split.
TEST_SHARE = 0.4
NAIVE_RADIUS_KM = 15.0
#: The full-intake facts a structured-only request leaves out.
FULL_INTAKE_ONLY = ("housing_status", "children_ages", "pregnant", "disability", "query")
#: Query words that say nothing about the service sought ("tax help" is about tax).
GENERIC_WORDS = frozenset(
    {"help", "free", "need", "needs", "get", "find", "service", "services", "assistance",
     "program", "programs", "for", "with", "and", "the", "a", "an", "to", "of", "in"}
)  # fmt: skip


def load_scenarios(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def load_split() -> dict[str, dict[str, Any]]:
    return json.loads(SPLIT_FILE.read_text(encoding="utf-8")) if SPLIT_FILE.exists() else {}


def fingerprint(scenario: dict[str, Any]) -> str:
    """A scenario's judgment, hashed: a test scenario's must never change."""
    canonical = json.dumps(scenario, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def make_split(tuned: dict[str, set[str]] | None = None) -> dict[str, dict[str, Any]]:
    """File every scenario not yet in the split: the ones already filed stay where they
    are (the test part is frozen, each judgment's fingerprint kept); of the rest,
    ``TEST_SHARE`` (rounded up) go to test, and more where that is less than a third of
    the dataset (all the new ones, if need be), drawn with a fixed seed per dataset.
    ``tuned`` names scenarios the ranker was tuned on: they are dev for good."""
    split = load_split()
    for name, dataset in DATASETS.items():
        scenarios = {s["id"]: s for s in load_scenarios(dataset.scenarios)}
        filed = split.setdefault(name, {"dev": [], "test": [], "tuned": [], "frozen": {}})
        known = set(filed["dev"]) | set(filed["test"])
        forced = sorted(i for i in (tuned or {}).get(name, set()) if i not in known)
        filed["tuned"] += forced
        filed["dev"] += forced
        new = sorted(i for i in scenarios if i not in known and i not in forced)
        random.Random(f"{SPLIT_SEED}-{name}").shuffle(new)
        total = len(scenarios)
        count = min(len(new), max(math.ceil(len(new) * TEST_SHARE), math.ceil(total / 3)))
        filed["test"] += sorted(new[:count])
        filed["dev"] += sorted(new[count:])
        filed["frozen"] |= {i: fingerprint(scenarios[i]) for i in new[:count]}
    return split


# -- scoring ---------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


def matches_query(query: str | None, result: Any) -> bool:
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


def serves(result: Any, needs: list[str], query: str | None) -> bool:
    return bool(set(result.needs) & set(needs)) or matches_query(query, result)


def score_scenario(scenario: dict[str, Any], client: dict[str, Any], results: list) -> dict:
    """One scenario's figures from ranked results (anything with external_id, name,
    description, organization, needs, eligibility)."""
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
        "needs": needs,
        "results": len(results),
        "precision_at_5": (
            round(sum(serves(r, needs, query) for r in top5) / len(top5), 4) if top5 else 0.0
        ),
        "recall_at_10": round(len(found) / len(relevant), 4) if relevant else None,
        "excluded_shown": len(shown),
        "excluded_shown_eligible": sum(r.eligibility == "eligible" for _, r in shown),
        "top5": [
            {"id": r.external_id, "name": r.name, "serves": serves(r, needs, query)} for r in top5
        ],  # fmt: skip
        "relevant_missed": [{"id": e, "rank": rank.get(e)} for e in relevant if e not in found],
        "excluded_seen": [
            {"id": ext, "rank": rank[ext], "eligibility": r.eligibility} for ext, r in shown
        ],
    }


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    recalls = [r["recall_at_10"] for r in rows if r["recall_at_10"] is not None]
    return {
        "scenarios": len(rows),
        "precision_at_5": round(mean(r["precision_at_5"] for r in rows), 4) if rows else None,
        "recall_at_10": round(mean(recalls), 4) if recalls else None,
        "excluded_shown_eligible": sum(r["excluded_shown_eligible"] for r in rows),
        "excluded_shown": sum(r["excluded_shown"] for r in rows),
    }


def structured(client: dict[str, Any]) -> dict[str, Any]:
    """The request with the structured facts only (the typed words stay when no need was
    ticked: they are then the whole request)."""
    dropped = FULL_INTAKE_ONLY if client.get("needs") else FULL_INTAKE_ONLY[:-1]
    return {k: v for k, v in client.items() if k not in dropped}


# -- rankers ---------------------------------------------------------------------------------


class Naive:
    """The nearest services within 15 km filed under a requested need by their own
    categories, each once; no eligibility, no words.

    A category is the source's own: an Open Eligibility or AIRS code it files the service
    under, or the name of a term of its own vocabulary ("Food Pantries", "Landlord,
    Tenant") read for the need it names, as the index reads it. Needs read from a
    service's name or description are not categories."""

    def __init__(self, session):
        from sqlalchemy import select

        from resource_directory.models import ServiceTaxonomy, TaxonomyTerm
        from resource_directory.taxonomy import (
            VOCABULARIES,
            classify_text,
            needs_for_terms,
            says_who,
        )

        codes: dict[str, list[tuple[str, str]]] = defaultdict(list)
        names: dict[str, list[str]] = defaultdict(list)
        for service_id, taxonomy, code, name in session.execute(
            select(
                ServiceTaxonomy.service_id,
                TaxonomyTerm.taxonomy,
                TaxonomyTerm.code,
                TaxonomyTerm.name,
            )  # fmt: skip
            .join(TaxonomyTerm, TaxonomyTerm.id == ServiceTaxonomy.taxonomy_term_id)
            .where(ServiceTaxonomy.inferred.is_(False))
        ):
            if taxonomy in VOCABULARIES:
                codes[service_id].append((taxonomy, code))
            elif name and not says_who(taxonomy):
                names[service_id].append(name)
        self.points: list[tuple[float, float, Any]] = []
        rows = service_sites(session)
        for service, organization, lat, lon, _ in rows:
            needs = set(needs_for_terms(codes.get(service.id, ())))
            needs |= set(classify_text(*names.get(service.id, ())))
            result = _Result(
                service.external_id, service.name, service.description, organization,
                tuple(sorted(needs)),
            )  # fmt: skip
            self.points.append((lat, lon, result))

    def rank(self, point: tuple[float, float], needs: list[str]) -> list:
        from resource_directory.geo import distance_km

        best: dict[str | None, tuple[float, Any]] = {}
        for lat, lon, result in self.points:
            if not set(result.needs) & set(needs):
                continue
            km = distance_km(point[0], point[1], lat, lon)
            if km <= NAIVE_RADIUS_KM and km < best.get(result.external_id, (math.inf,))[0]:
                best[result.external_id] = (km, result)
        return [r for _, r in sorted(best.values(), key=lambda p: (p[0], p[1].external_id))]


class _Result:
    __slots__ = ("description", "eligibility", "external_id", "name", "needs", "organization")

    def __init__(self, external_id, name, description, organization, needs, eligibility="-"):
        self.external_id, self.name, self.description = external_id, name, description
        self.organization, self.needs, self.eligibility = organization, needs, eligibility


#: Ranking components that are not weights, each switched off by setting scoring values.
ABLATIONS: dict[str, dict[str, Any]] = {
    "no need model": {"MODEL_SHARE": 0.0, "MODEL_CANDIDATE": 2.0},
    "no query intent": {"QUERY_INTENT": 0.0},
    "no indirect-listing factor": {"INDIRECT_FACTOR": 1.0},
    "no made-for-others factor": {"MADE_FOR_OTHERS": 1.0},
    "no conditions-met bonus": {"MET_BONUS": 0.0},
    "no maybe factor": {"ELIGIBILITY_FACTOR": {"eligible": 1.0, "maybe": 1.0, "ineligible": 0.0}},
    "no broad-service discount": {"BROAD_SERVICE_DISCOUNT": 0.0},
}


def _ablations() -> dict[str, Any]:
    """Each ranking component switched off in turn: name → a context manager."""
    from resource_directory.matching import scoring

    @contextmanager
    def switched(values: dict[str, Any]):
        saved = {name: getattr(scoring, name) for name in values}
        for name, value in values.items():
            setattr(scoring, name, value)
        try:
            yield
        finally:
            for name, value in saved.items():
                setattr(scoring, name, value)

    table = {
        f"no {c}": (lambda c=c: switched({"WEIGHTS": {**scoring.WEIGHTS, c: 0.0}}))
        for c in scoring.WEIGHTS
    }
    table |= {name: (lambda v=values: switched(v)) for name, values in ABLATIONS.items()}
    return table


# -- running ---------------------------------------------------------------------------------


def evaluate(dataset: Dataset, scenarios: list[dict], ablation: bool) -> dict[str, Any]:
    """Rank every scenario (full intake and structured) with the ranker, the naive
    baseline and, when asked, each ablation."""
    from resource_directory.operations import match_services
    from resource_directory.operations.match_request import build_profile, parse_match_request

    out: dict[str, Any] = {"rankers": defaultdict(dict)}
    with tempfile.TemporaryDirectory() as folder, imported(dataset, folder) as (_, actor, ctx):
        naive = Naive(ctx.session)
        out["services"] = len({p[2].external_id for p in naive.points})  # with a point
        variants = {"full": lambda c: c, "structured": structured}

        def run_ranker(label: str) -> None:
            for variant, shape in variants.items():
                rows = []
                for scenario in scenarios:
                    client = shape(scenario["client"])
                    response = match_services(actor, ctx, client)
                    rows.append(score_scenario(scenario, client, response.results))
                out["rankers"][label][variant] = rows

        run_ranker("ranker")
        rows = []
        for scenario in scenarios:
            client = scenario["client"]
            data = parse_match_request(client)
            profile = build_profile(ctx.session, ctx.geocoder, ctx.settings, data)
            point = (profile.location.lat, profile.location.lon)
            rows.append(
                score_scenario(scenario, client, naive.rank(point, client.get("needs", [])))
            )
        out["rankers"]["naive"] = {"full": rows, "structured": rows}
        if ablation:
            for name, switch in _ablations().items():
                with ExitStack() as stack:
                    stack.enter_context(switch())
                    ctx.search_index.invalidate() if hasattr(
                        ctx.search_index, "invalidate"
                    ) else None
                    run_ranker(f"ablation: {name}")
    return out


PREVIOUS_RUNNER = r"""
import json, sys, tempfile
sys.path.insert(0, sys.argv[1])
from resource_directory.actor import cli_actor
from resource_directory.app import create_app, operation_context
from resource_directory.db import db
from resource_directory.operations import import_listings, match_services
from resource_directory.schema import upgrade_database
job = json.load(sys.stdin)
out = {}
with tempfile.TemporaryDirectory() as folder:
    app = create_app({"DATABASE_URL": f"sqlite:///{folder}/q.db", "SECRET_KEY": "q"},
                     instance_path=folder)
    with app.app_context():
        upgrade_database(db.engine)
        actor, ctx = cli_actor("bench"), operation_context(app)
        options = dict(job["options"])
        if "mapping" in options:
            from pathlib import Path
            options["mapping"] = Path(options["mapping"])
        import_listings(actor, ctx, __import__("pathlib").Path(job["source"]),
                        source=job["name"], skip_invalid=True, **options)
        db.session.commit()
        for key, client in job["clients"].items():
            response = match_services(actor, ctx, client)
            out[key] = [
                [r.external_id, r.name, r.description, r.organization, list(r.needs),
                 r.eligibility]
                for r in response.results
            ]
        db.session.close()
        db.engine.dispose()
json.dump(out, sys.stdout)
"""


@contextmanager
def previous_tree(revision: str):
    """The previous release's files, unpacked from git into a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="rd-previous-") as folder:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", revision], check=True, capture_output=True
        )
        subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
        yield Path(folder)


def evaluate_previous(tree: Path, dataset: Dataset, scenarios: list[dict]) -> dict[str, list]:
    """The previous release's ranking of each scenario (full and structured)."""
    options = {k: str(v) for k, v in dataset.options.items()}
    if "mapping" in options:  # its own copy of the mapping: the format may have moved on
        old = tree / Path(options["mapping"]).relative_to(ROOT)
        options["mapping"] = str(old if old.exists() else options["mapping"])
    clients = {}
    for index, scenario in enumerate(scenarios):
        clients[f"full/{index}"] = scenario["client"]
        clients[f"structured/{index}"] = structured(scenario["client"])
    job = {"name": dataset.name, "source": str(dataset.source), "options": options,
           "clients": clients}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", PREVIOUS_RUNNER, str(tree)],
        input=json.dumps(job), capture_output=True, text=True, cwd=tree,
    )  # fmt: skip
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:] or ["failed"]}
    ranked = json.loads(done.stdout)
    out: dict[str, list] = {}
    for variant in ("full", "structured"):
        rows = []
        for index, scenario in enumerate(scenarios):
            results = [_Result(*r) for r in ranked[f"{variant}/{index}"]]
            client = clients[f"{variant}/{index}"]
            rows.append(score_scenario(scenario, client, results))
        out[variant] = rows
    return out


def run(names: list[str], splits: list[str], previous: bool, ablation: bool) -> dict[str, Any]:
    split = load_split()
    report: dict[str, Any] = {"targets": TARGETS, "previous_release": PREVIOUS_RELEASE,
                              "datasets": {}, "skipped": {}}  # fmt: skip
    per_split: dict[str, dict[str, dict[str, list]]] = defaultdict(lambda: defaultdict(dict))
    with ExitStack() as stack:
        tree = stack.enter_context(previous_tree(PREVIOUS_RELEASE)) if previous else None
        for name in names:
            dataset = DATASETS[name]
            scenarios = load_scenarios(dataset.scenarios)
            if not dataset.source.exists() or not scenarios:
                report["skipped"][name] = f"{dataset.source} not found" if scenarios else "none"
                continue
            filed = split.get(name, {})
            known = {*filed.get("dev", ()), *filed.get("test", ())}
            unfiled = [s["id"] for s in scenarios if s["id"] not in known]
            if unfiled:
                raise SystemExit(f"{name}: scenarios not in split.json: {unfiled[:5]} "
                                 "(run --make-split)")  # fmt: skip
            result = evaluate(dataset, scenarios, ablation)
            if tree is not None:
                old = evaluate_previous(tree, dataset, scenarios)
                if "error" in old:
                    report.setdefault("previous_errors", {})[name] = old["error"]
                else:
                    result["rankers"]["previous"] = old
            entry: dict[str, Any] = {"services": result["services"], "about": dataset.about}
            for part in splits:
                wanted = set(filed.get(part, []))
                entry[part] = {}
                for ranker, variants in result["rankers"].items():
                    entry[part][ranker] = {}
                    for variant, rows in variants.items():
                        chosen = [r for r in rows if r["id"] in wanted]
                        per_split[part][ranker].setdefault(variant, []).extend(chosen)
                        entry[part][ranker][variant] = summarize(chosen)
                        if ranker == "ranker":
                            entry[part][ranker][f"{variant}_rows"] = chosen
            report["datasets"][name] = entry
    report["overall"] = {
        part: {
            ranker: {variant: summarize(rows) for variant, rows in variants.items()}
            for ranker, variants in rankers.items()
        }
        for part, rankers in per_split.items()
    }
    report["per_need"] = {part: per_need(rankers) for part, rankers in per_split.items()}
    return report


def per_need(rankers: dict[str, dict[str, list]]) -> dict[str, dict[str, Any]]:
    """Full-intake recall@10 of each need's scenarios, ranker beside baselines."""
    table: dict[str, dict[str, Any]] = {}
    for ranker in ("ranker", "naive", "previous"):
        for row in rankers.get(ranker, {}).get("full", []):
            for need in row["needs"] or ["(words only)"]:
                table.setdefault(need, {}).setdefault(ranker, []).append(row)
    return {
        need: {"scenarios": len(by["ranker"]) if "ranker" in by else 0}
        | {r: summarize(rows)["recall_at_10"] for r, rows in by.items()}
        for need, by in sorted(table.items())
    }


# -- printing --------------------------------------------------------------------------------


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def print_table(report: dict[str, Any]) -> None:
    rankers = ("ranker", "previous", "naive")
    for part in [p for p in ("dev", "test") if p in report["overall"]]:
        print(f"\n== {part} ==  recall@10 full / structured · precision@5 · excluded eligible")
        print(f"{'dataset':<14}{'n':>4}  " + "".join(f"{r:>26}" for r in rankers))
        lines = [(n, d[part]) for n, d in report["datasets"].items()]
        lines.append(("all", report["overall"][part]))
        for name, figures in lines:
            cells = []
            for ranker in rankers:
                f = figures.get(ranker)
                if not f:
                    cells.append(f"{'-':>26}")
                    continue
                full, struct = f["full"], f["structured"]
                cells.append(
                    f"{_fmt(full['recall_at_10']):>9} /{_fmt(struct['recall_at_10']):>5}"
                    f"{_fmt(full['precision_at_5']):>6}{full['excluded_shown_eligible']:>5}"
                )
            print(f"{name:<14}{figures['ranker']['full']['scenarios']:>4}  " + "".join(cells))
        needs = report["per_need"].get(part, {})
        if needs:
            print(f"\n{'need':<16}{'n':>4}{'ranker':>8}{'prev':>8}{'naive':>8}")
            for need, row in needs.items():
                print(f"{need:<16}{row['scenarios']:>4}{_fmt(row.get('ranker')):>8}"
                      f"{_fmt(row.get('previous')):>8}{_fmt(row.get('naive')):>8}")  # fmt: skip
        ablations = {k: v for k, v in report["overall"][part].items() if k.startswith("ablation")}
        if ablations:
            base = report["overall"][part]["ranker"]["full"]
            print(f"\n{'ablation (full intake)':<34}{'recall@10':>10}{'Δ':>7}{'p@5':>6}{'excl':>5}")
            for name, f in ablations.items():
                full = f["full"]
                delta = (full["recall_at_10"] or 0) - (base["recall_at_10"] or 0)
                print(
                    f"{name[10:]:<34}{_fmt(full['recall_at_10']):>10}{delta:>+7.3f}"
                    f"{_fmt(full['precision_at_5']):>6}{full['excluded_shown_eligible']:>5}"
                )
    for name, reason in report["skipped"].items():
        print(f"skipped {name}: {reason}")
    for name, error in report.get("previous_errors", {}).items():
        print(f"previous release failed on {name}: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="the full report, rows included")
    parser.add_argument("--split", choices=["dev", "test", "both"], default="both")
    parser.add_argument("--dataset", action="append", choices=list(DATASETS))
    parser.add_argument("--no-previous", action="store_true", help="skip the previous release")
    parser.add_argument("--no-ablation", action="store_true", help="skip the ablation table")
    parser.add_argument("--make-split", action="store_true",
                        help="file new scenarios under dev or test, then stop")  # fmt: skip
    args = parser.parse_args()
    if args.make_split:
        SPLIT_FILE.write_text(json.dumps(make_split(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {SPLIT_FILE}")
        return
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    report = run(args.dataset or list(DATASETS), splits, not args.no_previous, not args.no_ablation)
    if args.json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
