"""The matching-quality scenarios (bench/quality/*.json) are well formed; no matching is run."""

from __future__ import annotations

import csv
from typing import Any

import pytest

from bench.quality import DATASETS, load_scenarios
from resource_directory.errors import InvalidInput
from resource_directory.geo import lookup_zip
from resource_directory.operations.match_request import parse_match_request
from resource_directory.taxonomy import NEED_SLUGS

#: Fewest scenarios each file must hold.
MINIMUM = {"demo": 30, "charmcare": 20}
KEYS = {"id", "description", "client", "relevant", "excluded"}


def service_ids(name: str) -> set[str]:
    """The source's own service ids: the flat file's service_id, Ohana's services.csv id."""
    dataset = DATASETS[name]
    path = dataset.source if dataset.format == "flat" else dataset.source / "services.csv"
    column = "service_id" if dataset.format == "flat" else "id"
    csv.field_size_limit(10_000_000)  # CHARMcare descriptions run long
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return {row[column] for row in csv.DictReader(handle)}


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


@pytest.mark.parametrize("name", ["demo", pytest.param("charmcare", marks=pytest.mark.realdata)])
def test_scenarios_are_well_formed(name):
    scenarios = load_scenarios(DATASETS[name].scenarios)
    assert len(scenarios) >= MINIMUM[name]
    ids = [s.get("id") for s in scenarios]
    assert all(isinstance(i, str) and i for i in ids)
    assert len(set(ids)) == len(ids), "scenario ids must be unique"
    known = service_ids(name)
    report = {s["id"]: p for s in scenarios if (p := problems(s, known))}
    assert not report, report
