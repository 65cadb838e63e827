"""Learn the ranking's weights from the dev judgments: coordinate ascent (Metzler and Croft's
learning-to-rank method for a handful of parameters), with cross-validation.

    python bench/tune_ranking.py [--rounds 2] [--folds 3] [--json]

The parameters are the weights and factors of :mod:`resource_directory.matching.scoring`
listed in ``PARAMETERS``; each is tried at a few values in turn, keeping the value that
raises the objective, for ``--rounds`` passes. The objective is the mean recall@10 over the
**dev** scenarios of every dataset (full intake and structured facts counted alike), less
a heavy price for each clearly excluded service shown as eligible and for need-fit
precision@5 under 0.9. The test split is never read here.

With ``--folds K``, the dev scenarios are also cut into K parts: the ascent is run on K-1
and scored on the part left out, and the mean held-out recall is printed beside the
tuned-on figure (how much the tuning flatters). The values found on the whole dev set are
printed last; they are what ``scoring.py`` ships, with this script named beside them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from statistics import mean
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.datasets import DATASETS, imported  # noqa: E402
from bench.quality import load_scenarios, load_split, score_scenario, structured  # noqa: E402

#: (parameter, values tried). A parameter is "WEIGHTS.x" (a component's weight), or a name
#: in scoring, or "ELIGIBILITY_FACTOR.maybe".
PARAMETERS: list[tuple[str, tuple[float, ...]]] = [
    ("WEIGHTS.need_fit", (0.1, 0.2, 0.3, 0.45, 0.6, 0.8)),
    ("WEIGHTS.distance", (0.08, 0.15, 0.22, 0.3, 0.4)),
    ("WEIGHTS.situation", (0.0, 0.03, 0.07, 0.15)),
    ("WEIGHTS.query", (0.05, 0.15, 0.25, 0.4, 0.6)),
    ("WEIGHTS.open", (0.0, 0.04, 0.08)),
    ("WEIGHTS.freshness", (0.0, 0.03, 0.06)),
    ("MODEL_SHARE", (0.0, 0.25, 0.5, 0.75)),
    ("MODEL_CANDIDATE", (0.35, 0.5, 0.7, 0.9)),
    ("QUERY_INTENT", (0.0, 0.3, 0.6, 0.9)),
    ("QUERY_ONLY_FIT", (0.3, 0.5, 0.7)),
    ("ELIGIBILITY_FACTOR.maybe", (0.8, 0.9, 0.95, 1.0)),
    ("EACH_MORE_QUESTION", (0.9, 0.95, 1.0)),
    ("MADE_FOR_OTHERS", (0.6, 0.75, 0.85, 1.0)),
    ("DISTANCE_HALF_KM", (2.0, 3.5, 5.0, 8.0)),
    ("BROAD_SERVICE_DISCOUNT", (0.0, 0.15, 0.3, 0.5)),
    ("INDIRECT_FACTOR", (0.4, 0.55, 0.7, 0.85, 1.0)),
    ("MET_BONUS", (0.0, 0.03, 0.06, 0.1)),
]
PRICE_EXCLUDED_ELIGIBLE = 0.005
PRICE_PRECISION_SHORTFALL = 1.0


def _get(name: str) -> float:
    from resource_directory.matching import scoring

    head, _, key = name.partition(".")
    value = getattr(scoring, head)
    return value[key] if key else value


def _set(name: str, value: float) -> None:
    from resource_directory.matching import scoring

    head, _, key = name.partition(".")
    if key:
        getattr(scoring, head)[key] = value
    else:
        setattr(scoring, head, value)
    scoring.BEST_OPEN_AND_LANGUAGE = scoring.WEIGHTS["open"] + scoring.WEIGHTS["language"]


class Bench:
    """Every dataset imported once, its dev scenarios ready to rank."""

    def __init__(self, stack: ExitStack, names: list[str]):
        split = load_split()
        self.sets = []
        for name in names:
            dataset = DATASETS[name]
            dev = set(split.get(name, {}).get("dev", []))
            scenarios = [s for s in load_scenarios(dataset.scenarios) if s["id"] in dev]
            if not dataset.source.exists() or not scenarios:
                continue
            folder = stack.enter_context(tempfile.TemporaryDirectory())
            with imported(dataset, folder) as (app, actor, _):
                pass  # imported and committed; the database stays in ``folder``
            self.sets.append((name, folder, scenarios))

    def rows(self, chosen: set[str] | None = None) -> list[dict[str, Any]]:
        from resource_directory.actor import cli_actor
        from resource_directory.app import create_app, operation_context
        from resource_directory.operations import match_services

        found = []
        for _, folder, scenarios in self.sets:
            app = self._app(folder, create_app)
            with app.app_context():
                actor, ctx = cli_actor("tune"), operation_context(app)
                for scenario in scenarios:
                    if chosen is not None and scenario["id"] not in chosen:
                        continue
                    for client in (scenario["client"], structured(scenario["client"])):
                        results = match_services(actor, ctx, client).results
                        found.append(score_scenario(scenario, client, results))
        return found

    _apps: dict[str, Any] = {}

    def _app(self, folder: str, create_app):
        if folder not in self._apps:
            self._apps[folder] = create_app(
                {"DATABASE_URL": f"sqlite:///{folder}/q.db", "SECRET_KEY": "t"},
                instance_path=folder,
            )
        return self._apps[folder]

    def ids(self) -> list[str]:
        return [s["id"] for _, _, scenarios in self.sets for s in scenarios]


def objective(rows: list[dict[str, Any]]) -> tuple[float, dict[str, float]]:
    recall = mean(r["recall_at_10"] for r in rows if r["recall_at_10"] is not None)
    precision = mean(r["precision_at_5"] for r in rows)
    slips = sum(r["excluded_shown_eligible"] for r in rows)
    value = recall - PRICE_EXCLUDED_ELIGIBLE * slips
    value -= PRICE_PRECISION_SHORTFALL * max(0.0, 0.9 - precision)
    figures = {"recall_at_10": round(recall, 4), "precision_at_5": round(precision, 4),
               "excluded_shown_eligible": slips}  # fmt: skip
    return round(value, 5), figures


def ascend(bench: Bench, chosen: set[str] | None, rounds: int, log) -> dict[str, float]:
    best, _ = objective(bench.rows(chosen))
    for round_number in range(rounds):
        moved = False
        for name, values in PARAMETERS:
            current = _get(name)
            for value in values:
                if value == current:
                    continue
                _set(name, value)
                score, figures = objective(bench.rows(chosen))
                if score > best + 1e-4:
                    best, current, moved = score, value, True
                    log(f"round {round_number + 1}: {name} = {value} → {score} {figures}")
            _set(name, current)
        if not moved:
            break
    return {name: _get(name) for name, _ in PARAMETERS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--folds", type=int, default=0)
    parser.add_argument("--dataset", action="append", choices=list(DATASETS))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    report: dict[str, Any] = {}
    with ExitStack() as stack:
        bench = Bench(stack, args.dataset or list(DATASETS))
        start = {name: _get(name) for name, _ in PARAMETERS}
        report["start"] = objective(bench.rows())[1]
        if args.folds > 1:
            ids = bench.ids()
            random.Random(20261203).shuffle(ids)
            held = []
            for fold in range(args.folds):
                out = set(ids[fold :: args.folds])
                for name, value in start.items():
                    _set(name, value)
                ascend(bench, set(ids) - out, args.rounds, log)
                tuned_on = objective(bench.rows(set(ids) - out))[1]
                left_out = objective(bench.rows(out))[1]
                held.append({"tuned_on": tuned_on, "held_out": left_out})
                log(f"fold {fold + 1}: tuned on {tuned_on}, held out {left_out}")
            report["folds"] = held
            for name, value in start.items():
                _set(name, value)
        report["learned"] = ascend(bench, None, args.rounds, log)
        report["dev"] = objective(bench.rows())[1]
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print(f"start: {report['start']}\nlearned on all dev: {report['dev']}")
        for fold in report.get("folds", []):
            print(f"  fold: tuned on {fold['tuned_on']}  held out {fold['held_out']}")
        for name, value in report["learned"].items():
            print(f"  {name} = {value}")


if __name__ == "__main__":
    main()
