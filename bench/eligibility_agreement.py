"""Agreement of the eligibility parser with hand labels on real eligibility prose.

    python bench/eligibility_agreement.py [--json]

A case agrees exactly when the parser's multiset of (kind, values) for its non-``unparsed``
rules equals the labelled rules, and it leaves something unparsed exactly when the label
says a clause is not understood. Lists inside values are compared as sets; which
alternatives of a clause a rule belongs to (``any_of``) is structure, not a reading of the
words, and is left out (the unit tests check it).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from resource_directory.eligibility import parse_eligibility  # noqa: E402
from resource_directory.eligibility.parse import ANY_OF  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "fixtures" / "eligibility_labelled.jsonl"


def _key(kind: str, values: dict[str, Any]) -> str:
    canonical = {
        k: sorted(v) if isinstance(v, list) else v for k, v in values.items() if k != ANY_OF
    }
    return json.dumps([kind, canonical], sort_keys=True)


def _readable(rules: list[dict[str, Any]], unparsed: bool) -> dict[str, Any]:
    return {"rules": rules, "unparsed": unparsed}


def eligibility_agreement(path: Path = LABELLED, failures: int = 10) -> dict[str, Any]:
    """Exact agreement over the labelled set, with the first ``failures`` disagreements."""
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    exact, shown = 0, []
    for case in cases:
        expected = case["expected"]
        rules = parse_eligibility(case["text"])
        got = [
            {"kind": r.kind, "values": {k: v for k, v in r.values.items() if k != ANY_OF}}
            for r in rules
            if r.kind != "unparsed"
        ]
        got_unparsed = any(r.kind == "unparsed" for r in rules)
        same_rules = Counter(_key(r["kind"], r["values"]) for r in got) == Counter(
            _key(r["kind"], r["values"]) for r in expected["rules"]
        )
        if same_rules and got_unparsed == expected["unparsed"]:
            exact += 1
        elif len(shown) < failures:
            shown.append(
                {
                    "text": case["text"],
                    "expected": expected,
                    "got": _readable(got, got_unparsed),
                }
            )
    return {
        "cases": len(cases),
        "exact": exact,
        "agreement": round(exact / len(cases), 4) if cases else 0.0,
        "failures": shown,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the full report as JSON")
    parser.add_argument("--failures", type=int, default=10)
    args = parser.parse_args()
    report = eligibility_agreement(failures=args.failures)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    print(f"{report['exact']}/{report['cases']} exact ({report['agreement']:.1%})")
    for failure in report["failures"]:
        print(
            f"- {failure['text']!r}\n  expected {failure['expected']}\n  got      {failure['got']}"
        )


if __name__ == "__main__":
    main()
