"""Matcher v0: need fit, distance, age eligibility, reasons, ordering invariants."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from resource_directory.errors import UnknownNeed
from resource_directory.geo import Geocoder, locate
from resource_directory.matching import ClientProfile
from resource_directory.operations import Context, import_listings
from resource_directory.operations.match_request import parse_match_request

from .conftest import ADMIN, english, rank, write_flat

#: Tuesday 10:30 in Baltimore: the fixture's pantry and its Tuesday delivery are both open.
TUESDAY_MORNING = datetime(2026, 11, 24, 10, 30, tzinfo=ZoneInfo("America/New_York"))


def profile(needs, *, zip_code="21218", **facts):
    facts.setdefault("at", TUESDAY_MORNING)
    return ClientProfile(location=locate(None, Geocoder(), zip_code=zip_code), needs=needs, **facts)


def names(response):
    return [r.name for r in response.results]


def test_results_fit_the_need_and_are_ordered_by_fit_then_distance(session, small_directory):
    response = rank(session, profile(("food", "transportation"), age=67))
    assert names(response) == ["Senior Grocery Delivery", "Weekly Food Pantry"]
    first, second = response.results
    assert first.score > second.score  # serves both needs
    assert first.needs == ("food", "transportation")
    assert english(first.reasons)[:4] == (
        "offers food, transportation", "serves seniors", "under 100 m away",
        "“Seniors 60+” — client is 67",
    )  # fmt: skip
    assert first.eligibility == "eligible" and first.open_now is True
    assert "open now, until noon" in english(first.reasons)


def test_nearer_service_ranks_higher_for_equal_fit(session, small_directory):
    response = rank(session, profile(("shelter",), zip_code="21201", age=20))
    assert names(response) == ["Youth Emergency Beds", "Confidential Shelter"]
    assert response.results[0].distance_km < response.results[1].distance_km


def test_clearly_excluded_services_are_left_out_unless_asked(session, small_directory):
    response = rank(session, profile(("food",), age=30))
    assert names(response) == ["Weekly Food Pantry"]  # the 60+ delivery is not shown
    response = rank(session, profile(("food",), age=30, include_ineligible=True))
    assert names(response) == ["Weekly Food Pantry", "Senior Grocery Delivery"]
    excluded = response.results[-1]
    assert excluded.eligibility == "ineligible"
    assert "“Seniors 60+” — client is 30" in english(excluded.reasons)


def test_unknown_facts_make_maybe_not_exclusion(session, small_directory):
    response = rank(session, profile(("food",)))
    by_name = {r.name: r for r in response.results}
    assert by_name["Senior Grocery Delivery"].eligibility == "maybe"
    assert "“Seniors 60+” — client's age not given" in english(
        by_name["Senior Grocery Delivery"].reasons
    )
    assert by_name["Weekly Food Pantry"].eligibility == "eligible"
    # An eligible result outranks an equally fitting, equally near "maybe".
    assert names(response)[0] == "Weekly Food Pantry"


def test_radius_limits_results(session, small_directory):
    far = rank(session, profile(("mental-health",), zip_code="21201", radius_km=5))
    assert names(far) == []
    near = rank(session, profile(("mental-health",), zip_code="21201", radius_km=25))
    assert names(near) == ["Sliding-Scale Counseling"]
    assert 10 < near.results[0].distance_km < 25


def test_confidential_location_is_never_given_away(session, small_directory):
    response = rank(session, profile(("shelter",), zip_code="21217"))
    safe = next(r for r in response.results if r.name == "Confidential Shelter")
    assert "Secret" not in safe.address and "999" not in safe.address
    assert safe.address.startswith("Confidential location — call for address")
    assert (safe.lat, safe.lon) == (39.3064, -76.6393)  # ZIP 21217's centre, not the site
    assert any("confidential site" in reason for reason in english(safe.reasons))


def test_language_reasons(session, small_directory):
    response = rank(session, profile(("food",), language="es"))
    reasons = {r.name: english(r.reasons) for r in response.results}
    assert "services in Spanish" in reasons["Weekly Food Pantry"]
    assert any("'es' not listed" in reason for reason in reasons["Senior Grocery Delivery"])


def test_free_text_query_is_typo_tolerant(session, small_directory):
    response = rank(session, profile((), query="grocry delivery"))
    assert names(response)[0] == "Senior Grocery Delivery"


def test_a_query_alone_fits_less_than_the_need_asked_for_with_it(session, small_directory):
    """Asked for transportation and "grocery": the grocery delivery ranks first; a pantry
    that only matches the word ("Groceries every week") is still found, lower."""
    response = rank(session, profile(("transportation",), query="grocery"))
    by_name = {r.name: r for r in response.results}
    both, words_only = by_name["Senior Grocery Delivery"], by_name["Weekly Food Pantry"]
    assert "offers transportation" in english(both.reasons)
    assert "offers transportation" not in english(words_only.reasons)
    assert any(r.startswith("mentions") for r in english(words_only.reasons))
    assert both.score > words_only.score


def test_order_is_deterministic(session, small_directory):
    runs = [names(rank(session, profile(("food", "shelter")))) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]


def test_unknown_need_lists_the_valid_ones():
    with pytest.raises(UnknownNeed) as caught:
        parse_match_request({"zip": "21218", "needs": ["food", "dental"]})
    assert caught.value.fields["needs"] == [
        "unknown need 'dental'; valid needs are: food, housing, shelter, transportation, "
        "mental-health, substance-use, financial-aid, health, legal, employment, education, "
        "childcare."
    ]


def test_at_most_two_services_per_organization_in_the_first_ten(session, tmp_path):
    import csv

    from .conftest import FIXTURES

    with (FIXTURES / "flat_small.csv").open() as handle:
        header = next(csv.reader(handle))
    rows = []
    for i in range(14):
        org = "big" if i < 6 else f"small{i}"
        # The big organization's services sit right at the client; the others further out.
        lat = 39.3265 if org == "big" else 39.3265 + 0.01 * i
        rows.append({
            "listing_id": f"L{i}", "organization_id": org, "organization": f"Org {org}",
            "service_id": f"S{i}", "service": f"Pantry {i:02d}", "needs": "food",
            "location_id": f"P{i}", "zip": "21218", "lat": lat, "lon": -76.6048,
        })  # fmt: skip
    path = tmp_path / "many.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    import_listings(ADMIN, Context(session), path, source="many")
    results = rank(session, profile(("food",), radius_km=50)).results
    top_orgs = [r.organization for r in results[:10]]
    assert top_orgs.count("Org big") == 2
    assert [r.organization for r in results[10:]] == ["Org big"] * 4  # moved down, not dropped
    assert len(results) == 14
    scores = [r.score for r in results[:2]]
    assert scores == sorted(scores, reverse=True)


def test_ranking_invariants_on_the_bundled_dataset(session):
    """For many clients: deterministic, excluded last, diverse top ten, needs and radius held."""
    import random
    from collections import Counter

    from resource_directory.taxonomy import NEED_SLUGS

    from .conftest import ROOT

    import_listings(ADMIN, Context(session), ROOT / "data" / "resources.csv", source="demo")
    rng = random.Random(5)
    zips = ["21201", "21205", "21213", "21218", "21224", "21229", "21204", "21401", "21044"]
    for _ in range(25):
        needs = tuple(rng.sample(NEED_SLUGS, rng.choice([1, 2])))
        client = profile(
            needs, zip_code=rng.choice(zips), age=rng.choice([None, 17, 30, 67]),
            veteran=rng.choice([None, True, False]), radius_km=rng.choice([5.0, 15.0, 40.0]),
            include_ineligible=True,
        )  # fmt: skip
        first = rank(session, client).results
        assert [r.service_id for r in first] == [
            r.service_id for r in rank(session, client).results
        ]
        statuses = [r.eligibility for r in first]
        if "ineligible" in statuses:
            assert all(s == "ineligible" for s in statuses[statuses.index("ineligible") :])
        shown = [r for r in first if r.eligibility != "ineligible"]
        top = Counter(r.organization_id for r in shown[:10])
        per_org = Counter(r.organization_id for r in shown)
        if sum(min(count, 2) for count in per_org.values()) >= 10:  # enough to fill ten
            assert max(top.values(), default=0) <= 2
        for result in first:
            assert set(result.needs) & set(needs), result
            assert result.distance_km <= client.radius_km
        for better, worse in zip(shown, shown[1:], strict=False):
            assert better.score >= worse.score or better.organization_id != worse.organization_id


def test_query_words_match_whole_words(session, small_directory):
    def found(query):
        return names(rank(session, profile((), query=query, radius_km=40)))

    assert found("weekly") == ["Weekly Food Pantry"]
    assert found("weekyl") == []  # letters swapped in a short word: too far
    assert found("weekl") == ["Weekly Food Pantry"]  # a dropped letter is forgiven
    assert found("fam") == []  # short words must match exactly: "GED" is not "aged"
    # The organization's name counts: both of Test Harbor Pantry's services.
    assert sorted(found("pantry")) == ["Senior Grocery Delivery", "Weekly Food Pantry"]
    assert found("therapy") == ["Sliding-Scale Counseling"]
    assert found("dental") == []  # not "rental", not "mental"


def test_need_fit_prefers_a_service_focused_on_the_need():
    import numpy as np

    from resource_directory.matching import scoring

    matched = np.array([1, 1, 0, 2])
    fit = scoring.need_fit(matched, np.array([1, 5, 3, 2]), 2, scoring.NEED_SIGNS * matched)
    assert fit[0] == pytest.approx(0.5)  # one of two needs, and all it does
    assert 0.5 * (1 - scoring.BROAD_SERVICE_DISCOUNT) < fit[1] < fit[0]  # a side line
    assert fit[2] == 0
    assert fit[3] == pytest.approx(1.0)


def test_need_fit_counts_each_need_by_the_evidence_for_it():
    import numpy as np

    from resource_directory.matching import scoring

    one = np.array([1, 1, 1])
    # No sign (read from its words only), one (an own term), two (two own terms, or one and
    # its name): full marks.
    fit = scoring.need_fit(one, one, 1, np.array([0, 1, 2]))
    base, per_sign = scoring.NEED_EVIDENCE
    assert base + scoring.NEED_SIGNS * per_sign == pytest.approx(1.0)
    assert list(fit) == pytest.approx([base, base + per_sign, 1.0])
    # Two needs with three signs in all: one fully shown, one by a single sign.
    two = scoring.need_fit(np.array([2]), np.array([2]), 2, np.array([3]))
    assert two[0] == pytest.approx((2 * base + 3 * per_sign) / 2)


def test_more_conditions_to_check_rank_a_maybe_lower():
    from resource_directory.matching import scoring

    one = scoring.final_score(0.5, "open", 1.0, "maybe", 1, 1.0)
    three = scoring.final_score(0.5, "open", 1.0, "maybe", 3, 1.0)
    eligible = scoring.final_score(0.5, "open", 1.0, "eligible", 0, 1.0)
    assert eligible > one > three
    assert three == pytest.approx(one * scoring.EACH_MORE_QUESTION**2, abs=1e-4)


def test_every_component_that_moved_a_result_is_explained(session, small_directory):
    results = {r.name: r for r in rank(session, profile(("food",))).results}
    delivery, pantry = results["Senior Grocery Delivery"], results["Weekly Food Pantry"]
    # A broader service, fit a bit less.
    assert "also offers transportation" in english(delivery.reasons)
    assert "also offers transportation" not in english(pantry.reasons)
    assert "wheelchair access: “Wheelchair accessible”" in english(pantry.reasons)
    counselling = rank(session, profile(("mental-health",), radius_km=40)).results[0]
    assert "hours not known — call ahead" in english(counselling.reasons)
    partly = rank(session, profile((), query="grocery zebra")).results
    # Any word may match ("zebra" is in no listing); none matches the whole query.
    assert "Senior Grocery Delivery" in {r.name for r in partly}
    assert not any("mentions “grocery zebra”" in english(r.reasons) for r in partly)
    some = rank(session, profile(("food",), query="grocery zebra")).results
    assert any("mentions some of “grocery zebra”" in english(r.reasons) for r in some)


@pytest.fixture
def categories_alone(monkeypatch):
    """Need fit from the categories alone: the need model reads services' different names
    a little differently, and these tests isolate one other component."""
    from resource_directory.matching import scoring

    monkeypatch.setattr(scoring, "MODEL_SHARE", 0.0)


def import_services(session, tmp_path, rows):
    """Import services at one spot that differ only in the given columns."""
    import_listings(
        ADMIN, Context(session), write_flat(tmp_path / "services.csv", rows), source="test"
    )


def file_under(session, service_name, *terms):
    """File a service under more Open Eligibility (code, name) terms of the agency's own."""
    from sqlalchemy import select

    from resource_directory.models import Service, ServiceTaxonomy, TaxonomyTerm

    service = session.scalars(select(Service).where(Service.name == service_name)).one()
    for code, name in terms:
        term = TaxonomyTerm(taxonomy="open-eligibility", code=code, name=name)
        session.add_all([term, ServiceTaxonomy(service_id=service.id, term=term)])
    session.flush()


def test_a_service_named_for_a_group_the_client_is_not_in_ranks_lower(
    session, tmp_path, categories_alone
):
    import_services(session, tmp_path, [
        {"service": "Geriatric Counseling", "needs": "mental-health"},
        {"service": "Counseling Center", "needs": "mental-health"},
    ])  # fmt: skip

    young = rank(session, profile(("mental-health",), age=34))
    assert names(young) == ["Counseling Center", "Geriatric Counseling"]
    assert "made for seniors — client is 34" in english(young.results[1].reasons)
    # A name is not a rule: still shown, as a question to ask before sending the client.
    assert young.results[1].eligibility == "maybe"
    # The same service is lifted for a senior, and left alone when the age is not given.
    older = rank(session, profile(("mental-health",), age=70))
    assert names(older) == ["Geriatric Counseling", "Counseling Center"]
    assert "serves seniors" in english(older.results[0].reasons)
    unknown = rank(session, profile(("mental-health",)))
    assert unknown.results[0].score == unknown.results[1].score


def test_a_need_shown_by_more_signs_ranks_higher(session, tmp_path, categories_alone):
    """Signs that a service offers a need: each of the agency's own terms for it (up to
    two), and its name saying it; a need read only from its description has none."""
    from resource_directory.matching.index import DirectoryIndex

    import_services(session, tmp_path, [
        {"service": "Northside Clinic", "needs": "mental-health"},
        {"service": "Eastside Clinic", "needs": "mental-health"},
        {"service": "Westside Counseling", "needs": "mental-health"},
        {"service": "Southside Clinic", "description": "Counseling for adults."},
    ])  # fmt: skip
    # Eastside is also filed under an outpatient mental health term of the agency's own.
    file_under(session, "Eastside Clinic", ("106-07-01", "Outpatient care"))

    index = DirectoryIndex.build(session)
    response = rank(session, profile(("mental-health",)), index=index)
    assert names(response) == [
        "Eastside Clinic", "Westside Counseling", "Northside Clinic", "Southside Clinic"
    ]  # fmt: skip
    east, west, north, south = response.results
    assert east.score == west.score > north.score > south.score
    # Southside's need was read from its words (no needs column): the reasons say so.
    assert "mental health: inferred, not in the agency's own categories" in english(south.reasons)
    assert not any(
        "inferred" in reason for r in (east, west, north) for reason in english(r.reasons)
    )


def test_a_service_filed_only_for_children_and_teens_ranks_lower_for_an_adult(
    session, tmp_path, categories_alone
):
    from resource_directory.matching.index import DirectoryIndex

    import_services(session, tmp_path, [
        {"service": "Eastside Clinic", "needs": "mental-health"},
        {"service": "Westside Clinic", "needs": "mental-health"},
    ])  # fmt: skip
    file_under(session, "Eastside Clinic", ("112-04", "Teens"), ("112-06", "Children"))
    index = DirectoryIndex.build(session)

    adult = rank(session, profile(("mental-health",), age=34), index=index)
    assert names(adult) == ["Westside Clinic", "Eastside Clinic"]
    assert "made for young people — client is 34" in english(adult.results[1].reasons)
    # A teenager finds it made for them; a parent of a teenager is not steered away.
    teen = rank(session, profile(("mental-health",), age=16), index=index)
    assert names(teen) == ["Eastside Clinic", "Westside Clinic"]
    assert "serves young people" in english(teen.results[0].reasons)
    parent = rank(session, profile(("mental-health",), age=45, children_ages=(15,)), index=index)
    assert parent.results[0].score == parent.results[1].score


def test_a_query_alone_that_names_a_need_prefers_services_offering_it(session, tmp_path):
    """ "tax preparation" names financial aid: a pantry whose volunteers also mention it
    is still found, below the tax clinic, and says why."""
    import_services(session, tmp_path, [
        {"service": "Harbor Pantry", "needs": "food",
         "description": "Groceries weekly; volunteers also offer tax preparation."},
        {"service": "Free Tax Clinic", "needs": "financial-aid",
         "description": "Free tax preparation for working families."},
    ])  # fmt: skip
    response = rank(session, profile((), query="tax preparation"))
    assert names(response) == ["Free Tax Clinic", "Harbor Pantry"]
    clinic, pantry = response.results
    assert clinic.score > pantry.score
    assert "not filed under financial aid" in english(pantry.reasons)
    assert not any(r.startswith("not filed") for r in english(clinic.reasons))
    # A query that names no need is matched on its words alone, at full weight.
    words_only = rank(session, profile((), query="volunteers")).results
    assert [r.name for r in words_only] == ["Harbor Pantry"]
    assert not any(r.startswith("not filed") for r in english(words_only[0].reasons))
    assert words_only[0].score > pantry.score


def test_typed_words_do_not_lift_a_service_that_only_mentions_them_above_the_need(
    session, tmp_path
):
    """Housing asked for, "HIV" typed: the HIV housing programme first, a housing
    programme that never says "HIV" next, and the HIV clinic (no housing) after both."""
    import_services(session, tmp_path, [
        {"service": "HIV Testing Clinic", "needs": "health",
         "description": "HIV testing, PrEP and HIV primary care."},
        {"service": "Rental Assistance", "needs": "housing",
         "description": "Help with back rent and security deposits."},
        {"service": "Housing for People Living with HIV", "needs": "housing",
         "description": "Rental subsidies for people living with HIV."},
    ])  # fmt: skip
    response = rank(session, profile(("housing",), query="HIV"))
    assert names(response) == [
        "Housing for People Living with HIV", "Rental Assistance", "HIV Testing Clinic",
    ]  # fmt: skip


def test_a_name_saying_whom_a_place_is_for_makes_it_a_question(session, tmp_path):
    """ "Family Promise of …" and "… Family Housing" house families with children, a
    "Men's Shelter" men: for anyone else they are questions, never a plain "eligible";
    a "Family Services" agency serves everyone."""
    import_services(session, tmp_path, [
        {"organization": "Family Promise of Eastside", "service": "Emergency Shelter",
         "needs": "shelter"},
        {"organization": "Eastside Men's Shelter", "service": "Night Beds", "needs": "shelter"},
        {"organization": "Eastside Family Services", "service": "Shelter Beds",
         "needs": "shelter"},
    ])  # fmt: skip
    single_woman = rank(session, profile(("shelter",), age=40, gender="female",
                                         household_size=1))  # fmt: skip
    verdicts = {r.organization: r.eligibility for r in single_woman.results}
    assert verdicts == {"Family Promise of Eastside": "maybe", "Eastside Men's Shelter": "maybe",
                        "Eastside Family Services": "eligible"}  # fmt: skip
    mother = rank(session, profile(("shelter",), age=30, gender="female", children_ages=(4,)))
    verdicts = {r.organization: r.eligibility for r in mother.results}
    assert verdicts["Family Promise of Eastside"] == "eligible"


def test_a_service_also_made_for_the_clients_situation_is_not_marked_down(session, tmp_path):
    """An "Aging and Disability Resource Center" serves a 40-year-old with a disability."""
    import_services(session, tmp_path, [
        {"service": "Aging and Disability Resource Center", "needs": "health"},
        {"service": "Senior Health Center", "needs": "health"},
    ])  # fmt: skip
    response = rank(session, profile(("health",), age=40, disability=True))
    by_name = {r.name: r for r in response.results}
    adrc, senior = by_name["Aging and Disability Resource Center"], by_name["Senior Health Center"]
    assert "serves people with disabilities" in english(adrc.reasons)
    assert not any(r.startswith("made for") for r in english(adrc.reasons))
    assert "made for seniors — client is 40" in english(senior.reasons)
    assert adrc.score > senior.score


def test_a_need_filed_under_the_sources_own_vocabulary_counts_as_filed(session, tmp_path):
    """A source filing under its own taxonomy (not Open Eligibility) has its needs linked
    as inferred; the needs its own terms' names say are its filing all the same."""
    from sqlalchemy import select, update

    from resource_directory.matching.index import DirectoryIndex
    from resource_directory.models import Service, ServiceTaxonomy, TaxonomyTerm

    import_services(session, tmp_path, [
        {"service": "Eastside Pantry", "needs": "food"},
        {"service": "Westside Pantry", "needs": "food"},
    ])  # fmt: skip
    session.execute(update(ServiceTaxonomy).values(inferred=True))
    for name, (code, term_name) in {
        "Eastside Pantry": ("BD-1800.2000", "Food Pantries"),
        "Westside Pantry": ("BM-6500.1500", "Clothing"),
    }.items():
        service = session.scalars(select(Service).where(Service.name == name)).one()
        term = TaxonomyTerm(taxonomy="airs", code=code, name=term_name)
        session.add_all([term, ServiceTaxonomy(service_id=service.id, term=term)])
    session.flush()

    response = rank(session, profile(("food",)), index=DirectoryIndex.build(session))
    east, west = response.results
    assert (east.name, west.name) == ("Eastside Pantry", "Westside Pantry")
    assert not any("inferred" in reason for reason in english(east.reasons))
    assert "food: inferred, not in the agency's own categories" in english(west.reasons)
    assert east.score > west.score


def test_a_seasonal_listing_is_closed_out_of_season(session, tmp_path):
    hours = "Late January to April 15: Mon & Wed 5–8pm, Sat 9am–1pm"
    import_services(session, tmp_path, [
        {"service": "Free Tax Preparation", "needs": "financial-aid", "hours": hours},
    ])  # fmt: skip
    zone = ZoneInfo("America/New_York")
    december_monday = datetime(2026, 12, 7, 18, 0, tzinfo=zone)
    march_monday = datetime(2027, 3, 1, 18, 0, tzinfo=zone)
    (out,) = rank(session, profile(("financial-aid",), at=december_monday)).results
    assert out.open_now is False
    (in_,) = rank(session, profile(("financial-aid",), at=march_monday)).results
    assert in_.open_now is True and "open now, until 8 pm" in english(in_.reasons)
