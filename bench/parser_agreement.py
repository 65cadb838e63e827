"""Agreement between the prose parsers and hand-labelled real directory text.

    python bench/parser_agreement.py [--json]

Each section compares one parser with its labelled set in ``tests/fixtures``; a case
agrees only when the whole parse matches the label exactly. Add a parser by writing a
``<name>_agreement()`` that returns the same shape and listing it in ``SECTIONS``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.eligibility_agreement import eligibility_agreement  # noqa: E402
from resource_directory.schedules import HoursParse, parse_hours  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
RULE_KEYS = ("freq", "byday", "opens_at", "closes_at", "bymonthday")
#: Keys a label may leave out when the rule holds every week of the year.
WHEN_KEYS = ("interval", "season_from", "season_to", "valid_from", "valid_to")
HOURS_FLAGS = ("open_24_7", "by_appointment", "closed_holidays", "call_for_hours", "understood")
MAX_FAILURES = 10


def load_cases(name: str) -> list[dict[str, Any]]:
    """The labelled cases in ``tests/fixtures/<name>`` (one JSON object per line)."""
    with (FIXTURES / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def hours_view(parse: HoursParse) -> dict[str, Any]:
    """The part of a parse the labels speak to: rules as a set, the flags, ``understood``."""
    rules = sorted(
        (_rule({key: getattr(rule, key) for key in RULE_KEYS + WHEN_KEYS}) for rule in parse.rules),
        key=lambda rule: json.dumps(rule, sort_keys=True),
    )
    return {"rules": rules, **{flag: getattr(parse, flag) for flag in HOURS_FLAGS}}


def normalise_hours(expected: dict[str, Any]) -> dict[str, Any]:
    rules = [
        _rule({key: rule.get(key) for key in RULE_KEYS + WHEN_KEYS}) for rule in expected["rules"]
    ]
    rules.sort(key=lambda rule: json.dumps(rule, sort_keys=True))
    return {"rules": rules, **{flag: expected[flag] for flag in HOURS_FLAGS}}


def _rule(rule: dict[str, Any]) -> dict[str, Any]:
    """Dates as ISO text; the when-keys only where set, so year-round labels stay short."""
    rule = {key: value.isoformat() if hasattr(value, "isoformat") else value
            for key, value in rule.items()}  # fmt: skip
    return {key: value for key, value in rule.items() if key in RULE_KEYS or value is not None}


def agreement(
    cases: list[dict[str, Any]],
    parse: Callable[[str], dict[str, Any]],
    normalise: Callable[[dict[str, Any]], dict[str, Any]],
) -> dict[str, Any]:
    """Exact-match agreement of ``parse(text)`` with each case's ``expected``."""
    failures = []
    exact = 0
    for case in cases:
        expected, got = normalise(case["expected"]), parse(case["text"])
        if got == expected:
            exact += 1
        else:
            failures.append({"text": case["text"], "expected": expected, "got": got})
    return {
        "cases": len(cases),
        "exact": exact,
        "agreement": round(exact / len(cases), 4) if cases else 0.0,
        "failures": failures[:MAX_FAILURES],
    }


def hours_agreement() -> dict[str, Any]:
    """Opening-hours parser against ``hours_labelled.jsonl``."""
    cases = load_cases("hours_labelled.jsonl")
    return agreement(cases, lambda text: hours_view(parse_hours(text)), normalise_hours)


def hours_blind_agreement() -> dict[str, Any]:
    """Opening-hours parser against ``hours_labelled_2026.jsonl``: a sample from sources the
    parser was never developed on, labelled before it was first run on them."""
    cases = load_cases("hours_labelled_2026.jsonl")
    return agreement(cases, lambda text: hours_view(parse_hours(text)), normalise_hours)


SECTIONS: dict[str, Callable[[], dict[str, Any]]] = {
    "hours": hours_agreement,
    "hours_blind": hours_blind_agreement,
    "eligibility": eligibility_agreement,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the full report as JSON")
    args = parser.parse_args()
    report = {name: section() for name, section in SECTIONS.items()}
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    print(f"{'parser':<14}{'cases':>7}{'exact':>7}{'agreement':>11}")
    for name, section in report.items():
        print(f"{name:<14}{section['cases']:>7}{section['exact']:>7}{section['agreement']:>11.1%}")
        for failure in section["failures"]:
            print(f"  ✗ {failure['text'][:90]!r}")


if __name__ == "__main__":
    main()
