"""The matching-quality scenarios (bench/quality/*.json) are well formed and split honestly;
no matching is run."""

from __future__ import annotations

import math
import tempfile
from typing import Any

import pytest

from bench.datasets import DATASETS, imported
from bench.quality import TEST_SHARE, fingerprint, load_scenarios, load_split
from resource_directory.errors import InvalidInput
from resource_directory.geo import lookup_zip
from resource_directory.operations.match_request import parse_match_request
from resource_directory.taxonomy import NEED_SLUGS

#: Fewest scenarios each file must hold.
MINIMUM = {"demo": 30, "charmcare": 20}
KEYS = {"id", "description", "client", "relevant", "excluded"}
REAL = [pytest.param(n, marks=pytest.mark.realdata) for n, d in DATASETS.items() if d.real]


def service_ids(name: str) -> set[str]:
    """The external ids of the services the dataset imports as."""
    from sqlalchemy import select

    from resource_directory.models import Service

    with tempfile.TemporaryDirectory() as folder, imported(DATASETS[name], folder) as (*_, ctx):
        return set(ctx.session.scalars(select(Service.external_id)))


def problems(scenario: dict[str, Any], known: set[str]) -> list[str]:
    """What is wrong with one scenario, as readable messages."""
    found = []
    missing = {"id", "description", "client", "relevant"} - set(scenario)
    if missing or set(scenario) - KEYS:
        return [f"keys: missing {sorted(missing)}, unknown {sorted(set(scenario) - KEYS)}"]
    relevant, excluded = scenario["relevant"], scenario.get("excluded", [])
    if not relevant:
        found.append("no relevant services")
    for label, ids in (("relevant", relevant), ("excluded", excluded)):
        if len(set(ids)) != len(ids):
            found.append(f"{label} repeats an id")
        found.extend(f"{label} id {i!r} is not in the dataset" for i in ids if i not in known)
    found.extend(f"{i!r} is both relevant and excluded" for i in set(relevant) & set(excluded))
    client = scenario["client"]
    found.extend(
        f"need {n!r} is not one of {', '.join(NEED_SLUGS)}"
        for n in client.get("needs", [])
        if n not in NEED_SLUGS
    )
    if lookup_zip(client.get("zip")) is None:
        found.append(f"zip {client.get('zip')!r} is not a known ZIP code")
    try:
        parse_match_request(client)
    except InvalidInput as exc:  # UnknownNeed included
        found.append(f"client does not parse: {exc}")
    return found


@pytest.mark.parametrize("name", ["demo", *REAL])
def test_scenarios_are_well_formed(name):
    scenarios = load_scenarios(DATASETS[name].scenarios)
    assert len(scenarios) >= MINIMUM.get(name, 1)
    ids = [s.get("id") for s in scenarios]
    assert all(isinstance(i, str) and i for i in ids)
    assert len(set(ids)) == len(ids), "scenario ids must be unique"
    known = service_ids(name)
    report = {s["id"]: p for s in scenarios if (p := problems(s, known))}
    assert not report, report


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_scenario_is_filed_once_and_test_judgments_are_frozen(name):
    scenarios = {s["id"]: s for s in load_scenarios(DATASETS[name].scenarios)}
    filed = load_split()[name]
    dev, test, tuned = set(filed["dev"]), set(filed["test"]), set(filed["tuned"])
    assert dev | test == set(scenarios) and not dev & test
    assert tuned <= dev, "a scenario the ranker was tuned on can never be test"
    new = len(scenarios) - len(tuned)
    assert len(test) >= min(new, max(math.ceil(new * TEST_SHARE), math.ceil(len(scenarios) / 3)))
    changed = [i for i in test if fingerprint(scenarios[i]) != filed["frozen"][i]]
    assert not changed, f"test judgments changed after the split: {changed}"
