"""Candidate services for judging a client scenario, gathered without the ranker.

    python bench/gather_candidates.py DATASET --zip 21218 --need food [--need shelter]
        [--query "eviction notice"] [--radius 10] [--limit 80] [--json]

A judge reads these listings and decides, from the listings alone, which a careful
coordinator would refer the client to (``relevant``) and which shut the client out by
their own eligibility text (``excluded``); see bench/quality/JUDGING.md. Nothing here knows
the matcher: a service is a candidate when it has a location within the radius of the
ZIP's centre and either its categories or its words mention the need (broad keyword lists
written for recall, below) or a query word. Candidates come out nearest first.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.datasets import DATASETS, imported, service_sites  # noqa: E402

#: Broad word stems per need, for gathering only (recall over precision: the judge decides).
KEYWORDS = {
    "food": r"food|pantr|meal|grocer|snap\b|wic\b|kitchen|nutrition|produce|lunch|breakfast|"
    r"dinner|soup|hunger|feed|calfresh|food stamp|commodit|brown bag|farmers",
    "housing": r"hous|rent|evict|landlord|tenant|apartment|homeowner|home owner|mortgage|"
    r"foreclos|homebuy|section 8|voucher|lease|relocat|utility|utilities|home repair|weatheriz",
    "shelter": r"shelter|homeless|bed|overnight|transitional|drop-in|drop in|safe haven|"
    r"code blue|warming|sleep|unhoused|street|emergency housing|motel",
    "transportation": r"transport|ride|bus\b|buses|van\b|paratransit|taxi|shuttle|transit|"
    r"token|fare|car\b|vehicle|driv|escort|mobility|travel",
    "mental-health": r"mental|counsel|therap|psych|depress|anxiety|crisis|suicid|trauma|grief|"
    r"behavioral|emotional|support group|wellness|stress|bereave",
    "substance-use": r"substance|drug|alcohol|addict|detox|recovery|sober|opioid|opiate|heroin|"
    r"methadone|buprenorph|suboxone|narcotic|aa\b|na\b|12.step|rehab|dui|dwi",
    "financial-aid": r"financ|money|cash|assist|rent|utilit|bill|energy|liheap|tax|benefit|"
    r"emergency fund|grant|loan|budget|credit|debt|bank|welfare|tanf|ssi\b|ssdi|income",
    "health": r"health|clinic|medical|doctor|dental|dentist|hospital|nurs|prenatal|pregnan|"
    r"hiv|vision|eye|pharmac|prescript|immuniz|vaccin|screening|primary care|insurance|"
    r"medicaid|medicare|wic\b",
    "legal": r"legal|law|attorney|lawyer|court|evict|tenant|landlord|immigra|asylum|visa|"
    r"expunge|record|custody|divorce|protective order|advoca|rights|citizenship|paralegal",
    "employment": r"job|employ|work|career|resume|training|vocation|hire|hiring|internship|"
    r"apprentice|workforce|labor|occupation",
    "education": r"educat|school|ged\b|literacy|tutor|class|esl\b|english|college|adult ed|"
    r"learn|diploma|academ|scholar|computer",
    "childcare": r"child care|childcare|day care|daycare|preschool|pre-k|head start|"
    r"after.?school|infant|toddler|nursery|babysit",
    "goods": r"cloth|furniture|diaper|formula|household|goods|donat|thrift|coat|shoe|"
    r"hygiene|toiletr|school supplies|appliance|bedding",
    "utilities": r"utilit|electric|gas bill|water bill|heating|energy|liheap|shut.?off|"
    r"weatheriz|phone service",
    "disability": r"disab|blind|deaf|wheelchair|accessib|special needs|developmental",
    "veterans": r"veteran|military|va\b|vfw",
}


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _clip(text: str | None, size: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= size else text[: size - 1] + "…"


def gather(session, point: tuple[float, float], needs: list[str], query: str | None,
           radius_km: float, limit: int) -> list[dict[str, Any]]:  # fmt: skip
    from sqlalchemy import select

    from resource_directory.models import ServiceTaxonomy, TaxonomyTerm

    patterns = [KEYWORDS[n] for n in needs if n in KEYWORDS]
    query_words = [w for w in re.findall(r"[a-z0-9]+", (query or "").lower()) if len(w) > 2]
    patterns += [re.escape(w[:-1] if len(w) > 4 and w.endswith("s") else w) for w in query_words]
    wanted = re.compile(r"\b(?:" + "|".join(patterns) + ")", re.I) if patterns else None
    terms: dict[str, list[str]] = {}
    for service_id, name in session.execute(
        select(ServiceTaxonomy.service_id, TaxonomyTerm.name).join(
            TaxonomyTerm, TaxonomyTerm.id == ServiceTaxonomy.taxonomy_term_id
        )
    ):
        terms.setdefault(service_id, []).append(name)
    nearest: dict[str, tuple[float, Any]] = {}
    rows = service_sites(session)
    for service, org, lat, lon, site in rows:
        km = _distance_km(point[0], point[1], lat, lon)
        if km <= radius_km and (service.id not in nearest or km < nearest[service.id][0]):
            nearest[service.id] = (km, (service, org, site))
    found = []
    for service_id, (km, (service, org, site)) in sorted(nearest.items(), key=lambda i: i[1][0]):
        text = " ".join(
            filter(None, [service.name, org, service.description, *terms.get(service_id, [])])
        )
        if wanted is not None and not wanted.search(text):
            continue
        found.append(
            {
                "id": service.external_id,
                "km": round(km, 1),
                "name": service.name,
                "organization": org,
                "site": site,
                "categories": sorted(set(terms.get(service_id, []))),
                "description": _clip(service.description, 600),
                "eligibility": _clip(service.eligibility_description, 400),
                "ages": [service.minimum_age, service.maximum_age],
                "fees": _clip(service.fees_description, 150),
            }
        )
        if len(found) >= limit:
            break
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", choices=list(DATASETS))
    parser.add_argument("--zip", required=True)
    parser.add_argument("--need", action="append", default=[])
    parser.add_argument("--query")
    parser.add_argument("--radius", type=float, default=10.0)
    parser.add_argument("--limit", type=int, default=80)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--db", help="reuse this folder's imported database (q.db)")
    args = parser.parse_args()
    from resource_directory.geo import lookup_zip

    place = lookup_zip(args.zip)
    if place is None:
        parser.error(f"unknown ZIP {args.zip!r}")
    dataset = DATASETS[args.dataset]
    folder = args.db or tempfile.mkdtemp(prefix="rd-gather-")
    Path(folder).mkdir(parents=True, exist_ok=True)
    if args.db and (Path(folder) / "q.db").exists():
        from resource_directory.app import create_app
        from resource_directory.db import db

        app = create_app(
            {"DATABASE_URL": f"sqlite:///{folder}/q.db", "SECRET_KEY": "q"}, instance_path=folder
        )
        with app.app_context():
            found = gather(db.session, (place.lat, place.lon), args.need, args.query,
                           args.radius, args.limit)  # fmt: skip
    else:
        with imported(dataset, folder) as (_app, _actor, context):
            found = gather(context.session, (place.lat, place.lon), args.need, args.query,
                           args.radius, args.limit)  # fmt: skip
    if args.json:
        print(json.dumps(found, indent=1, ensure_ascii=False))
        return
    for c in found:
        print(f"[{c['id']}] {c['name']} — {c['organization']} ({c['km']} km)")
        if c["categories"]:
            print(f"   categories: {'; '.join(c['categories'])[:300]}")
        print(f"   {c['description']}")
        if c["eligibility"]:
            print(f"   eligibility: {c['eligibility']}")
        if any(c["ages"]):
            print(f"   ages: {c['ages']}")
    print(f"{len(found)} candidates")


if __name__ == "__main__":
    main()
