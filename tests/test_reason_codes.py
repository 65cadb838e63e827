"""The engines say only catalogued codes, and every catalogued code is one they say: the
ranking over the bundled dataset for many varied clients, and the engines called directly
for the rarer reasons. The faces word reasons with Flask-Babel's translations."""

import random
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import force_locale

from resource_directory.eligibility import evaluate_rules
from resource_directory.eligibility.parse import HEDGED
from resource_directory.eligibility.situation import ruled_out, situation_fit
from resource_directory.geo import Geocoder, GeoPoint, locate
from resource_directory.i18n import render_reason
from resource_directory.matching import ClientProfile, scoring
from resource_directory.operations import Context, import_listings
from resource_directory.reasons import Reason
from resource_directory.reasons.catalogue import MESSAGES
from resource_directory.schedules import OpenStatus
from resource_directory.taxonomy import NEED_SLUGS

from .conftest import ADMIN, ROOT, RuleView, rank, write_flat

NY = ZoneInfo("America/New_York")
BALTIMORE = GeoPoint(39.3265, -76.6048, "zip", "21218", "Baltimore", "Baltimore city", "MD")
NOWHERE = GeoPoint(39.3, -76.6, "point")
#: ZIP codes across the bundled dataset's metro area.
ZIPS = ("21218", "21201", "21224", "21204", "21401", "21044", "21157", "21014", "21230")
QUERIES = (None, "diapers", "tax preparation", "home delivered meals", "eviction", "GED")
MOMENTS = ("2026-03-11T14:00", "2026-11-23T18:30", "2026-11-27T20:00", "2026-11-28T01:00",
           "2026-11-22T11:45", "2026-06-01T07:00")  # fmt: skip


def codes(reasons) -> set[str]:
    """The codes of some reasons and of the reasons inside them."""
    found = set()
    for reason in reasons:
        found.add(reason.code)
        found |= codes(value for _, value in reason.params if isinstance(value, Reason))
    return found


def varied_clients(count: int, seed: int = 7):
    rng = random.Random(seed)
    for _ in range(count):
        needs = tuple(rng.sample(NEED_SLUGS, rng.choice([0, 1, 1, 2, 3])))
        query = rng.choice(QUERIES)
        yield dict(
            needs=needs or (() if query else (rng.choice(NEED_SLUGS),)),
            query=query,
            age=rng.choice([None, 4, 17, 19, 30, 34, 45, 61, 67, 80]),
            household_size=rng.choice([None, 1, 3, 6]),
            annual_income=rng.choice([None, 0.0, 9000.0, 24000.0, 52000.0, 120000.0]),
            veteran=rng.choice([None, True, False]),
            disability=rng.choice([None, True, False]),
            pregnant=rng.choice([None, True, False]),
            housing_status=rng.choice([None, "homeless", "at_risk", "housed"]),
            children_ages=rng.choice([None, (), (1,), (3, 9), (15,)]),
            gender=rng.choice([None, "female", "male", "nonbinary", "xyz"]),
            language=rng.choice([None, None, "es", "zh", "ase"]),
            radius_km=rng.choice([5.0, 15.0, 40.0]),
            limit=rng.choice([5, 20, 50]),
            at=datetime.fromisoformat(rng.choice(MOMENTS)).replace(tzinfo=NY),
            include_ineligible=rng.random() < 0.5,
            zip_code=rng.choice(ZIPS),
        )


def ranked_codes(session) -> set[str]:
    """Every code the ranking says over the bundled dataset, for 150 varied clients."""
    import_listings(ADMIN, Context(session), ROOT / "data" / "resources.csv", source="demo")
    found: set[str] = set()
    for facts in varied_clients(150):
        where = locate(session, Geocoder(), zip_code=facts.pop("zip_code"))
        for result in rank(session, ClientProfile(location=where, **facts)).results:
            found |= codes(result.reasons)
    return found


def rule(kind, values, quote="the listing's words", confidence=1.0):
    return RuleView(kind, values, confidence, quote)


def judged(kind, values, confidence=1.0, quote="the listing's words", **facts):
    client = ClientProfile(location=facts.pop("location", BALTIMORE), **facts)
    return evaluate_rules([rule(kind, values, quote, confidence)], client).reasons


def direct_codes(session, tmp_path) -> set[str]:
    """Codes of reasons the bundled dataset may not give rise to, from the engines and a
    few listings made for them."""
    today = date(2026, 11, 24)
    said = [
        *judged("household", {}),
        *judged("veteran", {"veteran": True}, veteran=False),
        *judged("age", {"max": 5}, quote="Children, ages 3-5", age=30),
        *judged("document", {}),
        *judged("income", {"max_monthly": 2000}, annual_income=30000.0),
        *judged("veteran", {"veteran": True}, confidence=HEDGED),  # a preference
        *judged("veteran", {"military": True}),
        *judged("pregnancy", {"postpartum": True}),
        *judged("pregnancy", {"pregnant": True}, pregnant=False),
        *judged("disability", {"disability": True, "types": ["mental illness"]},
                disability=False, needs=("mental-health",)),
        *judged("residency", {"cities": ["Baltimore"]}),
        *judged("residency", {"states": ["MD"]}),
        *judged("residency", {}),
        *judged("residency", {"zips": ["21218"]}, location=NOWHERE),
        *judged("residency", {"cities": ["Baltimore"]}, location=NOWHERE),
        *judged("residency", {"counties": ["Baltimore city"]}, location=NOWHERE),
        *judged("residency", {"states": ["MD"]}, location=NOWHERE),
        *judged("residency", {"zips": ["21218"]}, location=None),
        *judged("other_population", {"groups": ["substance use"], "substances": ["opioids"]},
                needs=("substance-use",)),
        *judged("other_population", {"groups": ["substance use"], "substances": ["opioids"]},
                query="drinking"),
        *judged("other_population", {"groups": ["people with HIV"]}, query="HIV test"),
        *judged("disability", {"disability": True, "types": ["serious mental illness"]},
                disability=False, query="schizophrenia"),
        *[reason for _, reason in ruled_out(ClientProfile(BALTIMORE, housing_status="housed"))],
        *[reason for _, reason in ruled_out(ClientProfile(BALTIMORE, children_ages=(0,)))],
        *[reason for _, reason in ruled_out(
            ClientProfile(BALTIMORE, pregnant=False, children_ages=()))],
        *situation_fit(ClientProfile(BALTIMORE, children_ages=(3,)), ["Day care"],
                       [("age", {"min": 2, "max": 5})])[1],
        *scoring.availability("open", 0, None, today)[1],
        *scoring.availability("open", 3, None, today)[1],
        scoring.distance_reason(0.05, False),
        OpenStatus(False).reason(datetime(2026, 11, 24, 9, 0, tzinfo=NY)),
    ]  # fmt: skip
    listings = write_flat(tmp_path / "listings.csv", [
        {"service": "Clinic", "description": "Counseling."},  # a need read from its words
        {"service": "Harbor Pantry", "needs": "food",
         "description": "Groceries weekly; volunteers also offer tax preparation."},
        {"service": "Teen Counseling", "needs": "mental-health"},
        {"service": "Family Shelter", "needs": "shelter"},
        # Indirect listings, each of its kind.
        *({"service": name, "needs": "food"} for name in (
            "Food Helpline", "Food Drive Donations", "Food Bank Administrative Office",
            "Hunger Relief Foundation")),
    ])  # fmt: skip
    import_listings(ADMIN, Context(session), listings, source="test")
    for facts in (
        {"needs": ("mental-health",), "age": 34},
        {"query": "tax preparation"},
        {"needs": ("shelter",), "children_ages": ()},
        {"needs": ("food",), "limit": 50},
    ):
        for result in rank(session, ClientProfile(BALTIMORE, **facts)).results:
            said.extend(result.reasons)
    return codes(said)


def test_every_code_said_is_catalogued_and_every_catalogued_code_is_said(session, tmp_path):
    from_engines = direct_codes(session, tmp_path)
    assert sorted(from_engines - set(MESSAGES)) == []
    from_ranking = ranked_codes(session)
    assert sorted(from_ranking - set(MESSAGES)) == []
    missing = sorted(set(MESSAGES) - from_ranking - from_engines)
    assert missing == [], missing


def test_the_faces_word_reasons_in_the_apps_language(app):
    reason = Reason.of("need.offers", needs=("food", "shelter"))
    with app.test_request_context():
        assert render_reason(reason) == "offers food, shelter"
        with force_locale("es"):
            assert render_reason(reason) == "ofrece comida, refugio"
    assert app.jinja_env.filters["reason"] is render_reason
