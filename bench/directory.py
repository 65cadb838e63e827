"""A generated directory of N services for the matching benchmarks, written straight to the
database (the importer's speed is measured by bench/import_bench.py, not here).

Shape, so that searches see what they would in a real national directory:

- organizations of 1–5 services each, at one site (a fifth have a second site, where
  every service of theirs is offered too); sites spread over the standard ZIP codes of
  the whole country from 100,000 services on (a 25 km search in a city then sees hundreds
  to thousands), of Maryland, DC, Virginia and Delaware below that (a regional 211), or,
  for a *dense* directory, of one metro area whatever the size (``METRO``: every search
  then has thousands of candidates within its radius);
- 1–2 needs per service (of the 12), filed under the need's Open Eligibility term;
- eligibility text drawn from phrases agencies write (none for two in five services),
  parsed by the same parser as imports, so the rule mix is what the matcher meets;
- hours from common patterns (a fifth unknown), languages, last-verified dates over three
  years, accessibility notes, and descriptions worded per need.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from functools import cache

from sqlalchemy.orm import Session

from importers.prose import hours_to_schedules
from resource_directory.eligibility.parse import parse_eligibility
from resource_directory.geo import distance_km
from resource_directory.geo.zipcodes import ZipInfo, _table
from resource_directory.models import (
    Address,
    EligibilityRule,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceTaxonomy,
    Source,
    TaxonomyTerm,
    bump_directory_version,
)
from resource_directory.operations.bulk import BulkInserter, fast_id
from resource_directory.taxonomy import NEEDS, OPEN_ELIGIBILITY

ELIGIBILITY = [
    ("", 40),
    ("No eligibility requirements; open to all.", 6),
    ("Seniors 60 and older", 6),
    ("Adults 18+", 5),
    ("Youth ages 14-24", 3),
    ("Children ages 2-5 and their parents", 2),
    ("Women and children", 3),
    ("Men 18 and over", 2),
    ("Veterans and their families", 3),
    ("Household income at or below 200% of the federal poverty level", 6),
    ("Income below 50% of area median income", 2),
    ("Pregnant women and mothers of infants under 12 months", 2),
    ("People with disabilities", 3),
    ("Must be homeless or at risk of homelessness", 3),
    ("Photo ID and proof of address required", 5),
    ("Residents of {county}", 6),
    ("Residents of {city} with a household income under $40,000 a year", 2),
    ("Families with children under 18", 3),
]
HOURS = [
    ("Mon-Fri 9am-5pm", 30),
    ("Monday through Friday 8:30 am to 4:30 pm", 10),
    ("24/7", 8),
    ("Tue, Thu 10am-2pm", 8),
    ("Mon-Sat 8:00-20:00", 8),
    ("3rd Saturday 9am-12pm", 4),
    ("Wednesdays 5pm-7pm", 5),
    ("By appointment", 7),
    ("", 20),
]
LANGUAGES = [((), 20), ((("en", "English"),), 50), ((("en", "English"), ("es", "Spanish")), 30)]
ACCESSIBILITY = [
    (None, 60),
    ("Wheelchair accessible entrance", 30),
    ("Not wheelchair accessible", 10),
]
DESCRIPTIONS = {
    "food": "Free groceries, fresh produce and hot meals; emergency food boxes weekly.",
    "housing": "Rental assistance, housing counseling and help finding affordable apartments.",
    "shelter": "Emergency shelter beds, showers and case management for people without housing.",
    "transportation": "Rides to medical appointments, bus passes and wheelchair van service.",
    "mental-health": "Counseling, therapy and psychiatric care; crisis support and groups.",
    "substance-use": "Outpatient addiction treatment, recovery support, medication-assisted care.",
    "financial-aid": "Help paying utility bills, emergency cash and free tax preparation.",
    "health": "Primary care clinic, dental care, vaccinations and prenatal visits.",
    "legal": "Free legal advice on eviction, benefits, immigration and family law.",
    "employment": "Job training, resume help, interview coaching and job placement.",
    "education": "GED classes, adult literacy, English as a second language and tutoring.",
    "childcare": "Licensed day care, after school programs and help paying for child care.",
}
EXTRA_WORDS = (
    "diapers clothing furniture laundry vouchers seniors veterans youth families "
    "interpreters weekend evening walk-in delivery outreach mobile bilingual"
).split()
START = datetime(2026, 1, 1, tzinfo=UTC)
CHUNK = 20_000


def weighted(rng: random.Random, choices: list[tuple]) -> object:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


#: Below this many services, a directory covers a region (as a state's 211 does), not the
#: whole country, so that searches see a realistic number of services nearby.
NATIONAL_FROM = 100_000
REGION = ("MD", "DC", "VA", "DE")
#: A dense directory's area: the ZIP codes whose centre is within this many km of this
#: point (downtown Baltimore: 73 ZIP codes, from Towson to Glen Burnie).
METRO = (39.2904, -76.6122, 25.0)


@cache
def standard_zips(services: int = NATIONAL_FROM, dense: bool = False) -> list[ZipInfo]:
    """The ZIP codes a directory of this size spreads over (and its clients live in)."""
    states = None if services >= NATIONAL_FROM else REGION
    lat, lon, km = METRO
    return [
        info
        for info in _table().values()
        if info.standard
        and info.county
        and (
            distance_km(lat, lon, info.lat, info.lon) <= km
            if dense
            else states is None or info.state in states
        )
    ]


@cache
def rules_for(text: str) -> tuple:
    return tuple(parse_eligibility(text))


@cache
def hours_for(text: str) -> tuple:
    return hours_to_schedules(text) if text else ()


def generate_directory(
    session: Session, services: int, seed: int = 7, dense: bool = False
) -> dict[str, int]:
    """Write ``services`` services (and their organizations, sites, rules…); return counts.

    ``dense``: every site in one metro area (``METRO``) instead of a region or the country.
    """
    rng = random.Random(seed)
    stamp = START
    source_id = fast_id()
    BulkInserter(session, Source.__table__).insert(
        [{"id": source_id, "name": f"bench-{services}", "created_at": stamp}]
    )
    term_ids = _terms(session)
    writers = {
        table.name: BulkInserter(session, table)
        for table in (
            Organization.__table__,
            Location.__table__,
            Address.__table__,
            Service.__table__,
            ServiceAtLocation.__table__,
            ServiceTaxonomy.__table__,
            EligibilityRule.__table__,
            Language.__table__,
            Schedule.__table__,
            Phone.__table__,
        )  # fmt: skip
    }
    counts = dict.fromkeys(writers, 0)
    rows = _rows(rng, services, source_id, term_ids, stamp, dense)
    for chunk in _chunks(rows):
        for table, rows in chunk.items():
            counts[table] += writers[table].insert(rows)
    bump_directory_version(session)
    session.commit()
    return counts


def _terms(session: Session) -> dict[str, str]:
    rows = [
        {"id": fast_id(), "code": need.term[0], "name": need.term[1], "taxonomy": OPEN_ELIGIBILITY}
        for need in NEEDS
    ]
    BulkInserter(session, TaxonomyTerm.__table__).insert(rows)
    return {need.slug: row["id"] for need, row in zip(NEEDS, rows, strict=True)}


def _chunks(rows: Iterator[tuple[str, dict]]) -> Iterator[dict[str, list[dict]]]:
    chunk: dict[str, list[dict]] = {}
    size = 0
    for table, row in rows:
        chunk.setdefault(table, []).append(row)
        size += 1
        if size >= CHUNK and table == "service_at_location":
            yield _ordered(chunk)
            chunk, size = {}, 0
    if chunk:
        yield _ordered(chunk)


def _ordered(chunk: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Parents before children (foreign keys are checked per statement)."""
    order = ["organization", "location", "address", "service", "service_at_location",
             "service_taxonomy", "eligibility_rule", "language", "schedule", "phone"]  # fmt: skip
    return {table: chunk[table] for table in order if table in chunk}


def _rows(
    rng: random.Random,
    services: int,
    source_id: str,
    term_ids: dict[str, str],
    stamp: datetime,
    dense: bool = False,
) -> Iterator[tuple[str, dict]]:
    zips = standard_zips(services, dense)
    needs = list(DESCRIPTIONS)
    made = 0
    org_number = 0
    while made < services:
        org_number += 1
        org_id = fast_id()
        common = {"source_id": source_id, "active": True, "created_at": stamp, "updated_at": stamp}
        yield "organization", {"id": org_id, "name": f"Bench Organization {org_number}",
                               "external_id": f"O{org_number}", **common}  # fmt: skip
        sites = []
        for _ in range(2 if rng.random() < 0.2 else 1):
            info = rng.choice(zips)
            site_id = fast_id()
            sites.append(site_id)
            yield "location", {
                "id": site_id, "organization_id": org_id, "location_type": "physical",
                "name": f"{info.city} site", "latitude": info.lat + rng.uniform(-0.02, 0.02),
                "longitude": info.lon + rng.uniform(-0.02, 0.02), "geocode_precision": "rooftop",
                "time_zone": info.timezone, "confidential": False,
                "accessibility": weighted(rng, ACCESSIBILITY),
                "external_id": f"P{site_id[-12:]}", **common,
            }  # fmt: skip
            yield "address", {
                "id": fast_id(), "location_id": site_id,
                "address_1": f"{rng.randint(1, 9999)} Main St", "city": info.city,
                "region": info.county, "state_province": info.state, "postal_code": info.zip,
                "country": "US", "address_type": "physical",
            }  # fmt: skip
            yield "phone", {"id": fast_id(), "location_id": site_id,
                            "number": f"+1410555{rng.randint(100, 199):04d}"}  # fmt: skip
        county, city = info.county, info.city
        for _ in range(min(rng.randint(1, 5), services - made)):
            made += 1
            service_id = fast_id()
            wanted = rng.sample(needs, rng.choice([1, 1, 1, 2]))
            eligibility = str(weighted(rng, ELIGIBILITY)).format(county=county, city=city)
            extra = " ".join(rng.sample(EXTRA_WORDS, 2))
            verified = date(2026, 1, 1) - timedelta(days=rng.randint(0, 1100))
            yield "service", {
                "id": service_id, "organization_id": org_id,
                "name": f"{wanted[0].replace('-', ' ').title()} Program {made}",
                "description": " ".join(DESCRIPTIONS[n] for n in wanted) + f" Also: {extra}.",
                "status": "active", "eligibility_description": eligibility or None,
                "assured_date": verified, "external_id": f"S{made}", **common,
            }  # fmt: skip
            for site_id in sites:
                yield "service_at_location", {"id": fast_id(), "service_id": service_id,
                                              "location_id": site_id, **common}  # fmt: skip
            for need in wanted:
                yield "service_taxonomy", {
                    "id": fast_id(), "service_id": service_id,
                    "taxonomy_term_id": term_ids[need], "inferred": False,
                }  # fmt: skip
            for position, rule in enumerate(rules_for(eligibility)):
                yield "eligibility_rule", {
                    "id": fast_id(), "service_id": service_id, "position": position,
                    "kind": rule.kind, "values": rule.values, "source_text": rule.text,
                    "span_start": rule.start, "span_end": rule.end, "confidence": rule.confidence,
                }  # fmt: skip
            for code, name in weighted(rng, LANGUAGES):
                yield "language", {"id": fast_id(), "service_id": service_id,
                                   "code": code, "name": name}  # fmt: skip
            for row in hours_for(str(weighted(rng, HOURS))):
                yield "schedule", {
                    "id": fast_id(), "service_id": service_id, "freq": row.freq,
                    "byday": row.byday, "opens_at": row.opens_at, "closes_at": row.closes_at,
                    "description": row.description, "notes": row.notes,
                }  # fmt: skip
