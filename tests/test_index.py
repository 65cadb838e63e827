"""The in-memory search index: same answers as brute force, refreshed after imports."""

from __future__ import annotations

import random
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from resource_directory.app import create_app, search_index
from resource_directory.db import Database, db
from resource_directory.geo import Geocoder, distance_km, locate
from resource_directory.matching import ClientProfile
from resource_directory.matching import rank as rank_module
from resource_directory.matching.index import DirectoryIndex
from resource_directory.operations import Context, import_listings
from resource_directory.schema import upgrade_database
from resource_directory.taxonomy import NEED_SLUGS

from .conftest import ADMIN, FIXTURES, ROOT, rank

AT = datetime(2026, 11, 24, 10, 30, tzinfo=ZoneInfo("America/New_York"))
NEW_PANTRY = "Northside Test Pantry"


def client(needs=("food",), zip_code="21218", **facts):
    facts.setdefault("at", AT)
    return ClientProfile(location=locate(None, Geocoder(), zip_code=zip_code), needs=needs, **facts)


def write_new_listing(path):
    """A one-listing flat file: a pantry the fixture directory does not have."""
    header = (FIXTURES / "flat_small.csv").read_text(encoding="utf-8").splitlines()[0]
    row = (
        f"n-L1,n-O1,Northside Test Org,n-S1,{NEW_PANTRY},Groceries for families.,food,n-P1,"
        "Main,1 New St,Baltimore,MD,21218,39.3270,-76.6050,410-555-0150,,,Mon-Fri 9am-5pm,"
        ",English,Free,,,2026-10-01"
    )
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    return path


def test_nearby_finds_exactly_the_listings_within_the_radius(session):
    import_listings(ADMIN, Context(session), ROOT / "data" / "resources.csv", source="demo")
    index = DirectoryIndex.build(session)
    rng = random.Random(3)
    for _ in range(40):
        lat, lon = rng.uniform(38.9, 39.7), rng.uniform(-77.1, -76.3)
        radius = rng.choice([0.5, 2.0, 5.0, 12.0, 40.0])
        rows, distances = index.nearby(lat, lon, radius)
        found = {index.listings[r].listing_id for r in rows}
        expected = {
            item.listing_id
            for item in index.listings
            if distance_km(lat, lon, item.lat, item.lon) <= radius
        }
        assert found == expected
        for row, km in zip(rows, distances, strict=True):
            item = index.listings[row]
            assert km == pytest.approx(distance_km(lat, lon, item.lat, item.lon), abs=1e-6)


def points_index(points):
    """An index of one listing per (lat, lon), with nothing else to it."""
    import numpy as np

    from resource_directory.matching.index import IndexedListing, ServiceFacts

    services = [
        ServiceFacts(n, f"S{n}", "O", f"Service {n}", None, ("food",), (), (), ())
        for n in range(len(points))
    ]
    listings = [
        IndexedListing(f"L{n}", lat, lon, False, services[n], (), None, None)
        for n, (lat, lon) in enumerate(points)
    ]
    empty = np.empty(0, np.int32)
    return DirectoryIndex(1, services, listings, {}, empty, np.zeros(1, np.int64))


@pytest.mark.parametrize(
    ("client", "listing", "radius"),
    [
        ((39.825412, -76.6), (39.825412 + 24.98 / 111.195, -76.6), 25.0),  # a hair inside
        ((61.0, 10.0), (61.0, 19.2), 500.0),  # far north, wide: the box's longitudes
        ((51.9, -179.95), (51.9, 179.95), 10.0),  # across the antimeridian
        ((89.9, 0.0), (89.9, 180.0), 50.0),  # across the pole
    ],
)
def test_nearby_at_the_edges_of_the_grid(client, listing, radius):
    index = points_index([listing])
    expected = distance_km(*client, *listing)
    assert expected <= radius
    rows, distances = index.nearby(*client, radius)
    assert list(rows) == [0]
    assert distances[0] == pytest.approx(expected)


def test_stopping_early_gives_the_same_page_as_scoring_everything(session, monkeypatch):
    """The bound-ordered scoring stops once the page cannot change: check it never changes."""
    import_listings(ADMIN, Context(session), ROOT / "data" / "resources.csv", source="demo")
    index = DirectoryIndex.build(session)
    rng = random.Random(8)
    zips = ["21201", "21205", "21213", "21218", "21224", "21229", "21204", "21044"]
    profiles = [
        client(
            tuple(rng.sample(NEED_SLUGS, rng.choice([1, 2]))),
            zip_code=rng.choice(zips),
            age=rng.choice([None, 17, 30, 67]),
            veteran=rng.choice([None, True]),
            language=rng.choice([None, "es"]),
            radius_km=rng.choice([3.0, 10.0, 40.0]),
            query=rng.choice([None, None, "groceries", "rent"]),
            limit=rng.choice([5, 10, 20]),
        )  # fmt: skip
        for _ in range(30)
    ]
    pruned = [rank(session, p, index).results for p in profiles]
    monkeypatch.setattr(rank_module, "_page_is_settled", lambda settled, limit: False)
    for profile, fast in zip(profiles, pruned, strict=True):
        full = rank(session, profile, index).results
        assert [(r.service_id, r.score) for r in fast] == [(r.service_id, r.score) for r in full]


def test_search_sees_an_import_without_a_restart(session, tmp_path):
    import_listings(ADMIN, Context(session), FIXTURES / "flat_small.csv", source="test")
    session.commit()
    before = rank(session, client())
    assert NEW_PANTRY not in [r.name for r in before.results]
    version = search_index().get(session).version

    import_listings(ADMIN, Context(session), write_new_listing(tmp_path / "new.csv"), source="new")
    session.commit()
    after = rank(session, client())
    assert NEW_PANTRY in [r.name for r in after.results]
    assert search_index().get(session).version > version


def test_each_server_process_notices_another_ones_import(tmp_path):
    """Two apps on one database (as two gunicorn workers): an import through one is seen by
    the other's next search, through the data version stamp."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    settings = {"DATABASE_URL": url, "SECRET_KEY": "s", "INDEX_CHECK_SECONDS": 0}
    worker_a = create_app(settings, instance_path=str(tmp_path))
    worker_b = create_app(settings, instance_path=str(tmp_path))
    with worker_a.app_context():
        upgrade_database(db.engine)
        import_listings(ADMIN, Context(db.session), FIXTURES / "flat_small.csv", source="test")
        db.session.commit()
    with worker_b.app_context():
        assert NEW_PANTRY not in [r.name for r in rank(db.session, client()).results]
    with worker_a.app_context():
        import_listings(
            ADMIN, Context(db.session), write_new_listing(tmp_path / "new.csv"), source="new"
        )
        db.session.commit()
    with worker_b.app_context():
        assert NEW_PANTRY in [r.name for r in rank(db.session, client()).results]
    for app in (worker_a, worker_b):
        Database.state(app).engine.dispose()


def test_query_matching_through_word_postings(session):
    import_listings(ADMIN, Context(session), FIXTURES / "flat_small.csv", source="test")
    index = DirectoryIndex.build(session)
    rows = list(range(len(index)))
    names = [item.name for item in index.listings]

    def matched(query):
        fit, _ = index.query_fit(query, rows)
        return {names[r] for r in rows if fit[r] >= 0.88}

    assert "Weekly Food Pantry" in matched("groceries")  # a plural's stem begins "groceries"
    assert "Weekly Food Pantry" in matched("grocries")  # a dropped letter is forgiven
    assert not matched("zzzzzz")
    assert not matched("pan")  # a short word must be a whole word: "pan" is not "pantry"


def test_a_replaced_index_is_freed_without_the_garbage_collector(session):
    """Large indexes are hidden from the cyclic collector (gc.freeze), so an index must hold
    no reference cycles, or every rebuild after an import would leak the old one."""
    import gc
    import weakref

    import_listings(ADMIN, Context(session), ROOT / "data" / "resources.csv", source="demo")
    index = DirectoryIndex.build(session)
    rank(session, client(("food", "shelter"), query="meals"), index)  # fill caches
    gone = weakref.ref(index)
    gc.disable()
    try:
        del index
        assert gone() is None
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("query", "name", "description", "share"),
    [
        ("home delivered meals", "Meals", "Delivers hot meals to homes", 1.0),
        ("meal tax", "Meals", "Free taxes help", 1.0),  # short words take an ending
        ("tax", "Taxi vouchers", "", 0.0),  # but stay whole words
        ("home delivered meals", "Meals On Wheels", "A hot lunch", 1 / 3),
        ("diapers", "Baby Pantry", "Provides formula and diaper packs", 1.0),
        ("GED", "Adult Learning", "FREE PRE-GED CLASSES", 1.0),
        ("help with tax preparation", "Free Tax Preparation", "", 1.0),
        # Short words must match whole words; a stem never matches a different word.
        ("GED", "Programs for the aged", "", 0.0),
        ("dental", "Mental health clinic", "", 0.0),
    ],
)
def test_query_words_found_in_a_listing(session, tmp_path, query, name, description, share):
    header = (FIXTURES / "flat_small.csv").read_text(encoding="utf-8").splitlines()[0]
    row = f"q-L1,q-O1,Query Test Org,q-S1,{name},{description},food,q-P1,,,,,21218,39.33,-76.6"
    path = tmp_path / "query.csv"
    path.write_text(f"{header}\n{row}{',' * (header.count(',') - row.count(','))}\n", "utf-8")
    import_listings(ADMIN, Context(session), path, source="query")
    index = DirectoryIndex.build(session)
    fit, found = index.query_fit(query, np.arange(len(index)))
    assert found[0] == pytest.approx(share)
    assert (fit[0] >= 0.88) == (share == 1.0)


def test_the_garbage_collector_runs_again_after_a_build_even_a_failed_one(session, monkeypatch):
    import gc

    from resource_directory.matching import index as index_module

    seen = []
    monkeypatch.setattr(
        index_module._Builder, "read_hours", lambda self, s: seen.append(gc.isenabled())
    )
    DirectoryIndex.build(session)
    assert seen == [False] and gc.isenabled()  # paused while building only

    def broken(self, s):
        raise RuntimeError("database went away")

    monkeypatch.setattr(index_module._Builder, "read_rules", broken)
    with pytest.raises(RuntimeError):
        DirectoryIndex.build(session)
    assert gc.isenabled()


def test_airs_terms_count_as_the_agency_s_own_filing():
    from resource_directory.matching.index import _Builder, need_mask

    terms = [
        ("airs", "BD-1800.2000", "Food Pantries", False),
        ("airs", "BD-5000.8300", "Soup Kitchens", False),
        ("airs", "FT-4500", "Landlord/Tenant Assistance", False),
        ("open-eligibility", "102", "Food", True),  # the need term the import links, inferred
    ]
    needs, backed, deep, _, _ = _Builder()._needs_of(terms)
    assert needs == ("food", "housing", "legal")
    assert backed == need_mask(["food", "housing", "legal"])
    assert deep == need_mask(["food"])  # filed twice: a pantry and a soup kitchen
    # The same filing in both vocabularies (a crosswalk's) counts once.
    twice = [("airs", "BD-1800.2000", "Food Pantries", False), ("open-eligibility", "102-04",
             "Food Pantry", False)]  # fmt: skip
    assert _Builder()._needs_of(twice)[1:3] == (need_mask(["food"]), 0)


def test_nearby_with_needs_or_a_query_keeps_exactly_the_listings_offering_them(session):
    """The test made on the grid's rows before distances keeps what filtering after would."""
    from resource_directory.matching.index import need_mask

    import_listings(ADMIN, Context(session), ROOT / "data" / "resources.csv", source="demo")
    index = DirectoryIndex.build(session)
    rng = random.Random(5)
    for _ in range(40):
        lat, lon = rng.uniform(39.1, 39.5), rng.uniform(-76.9, -76.4)
        radius = rng.choice([2.0, 10.0, 40.0])
        needs = need_mask(rng.sample(NEED_SLUGS, rng.choice([0, 1, 2])))
        query = rng.choice([None, "meals", "rent help", "grocries", "zzzz"])
        matching = index.query_matches(query) if query else None
        rows, distances = index.nearby(lat, lon, radius, needs=needs, matching=matching)
        every, every_km = index.nearby(lat, lon, radius)
        offering = (index.need_mask[every] & needs) != 0
        if matching is not None:
            offering |= matching[every]
        elif not needs:
            offering[:] = True  # nothing to test: every listing
        assert list(rows) == list(every[offering])
        assert list(distances) == list(every_km[offering])


@pytest.mark.parametrize("query", ["meals", "home delivered meals", "grocries", "a the", "rent"])
def test_query_matches_are_the_services_some_query_word_fits(session, query):
    import_listings(ADMIN, Context(session), ROOT / "data" / "resources.csv", source="demo")
    index = DirectoryIndex.build(session)
    rows = np.arange(len(index))
    fit, share = index.query_fit(query, rows)
    matches = index.query_matches(query)[rows]
    assert list(matches) == list(fit > 0) == list(share > 0)


def test_query_words_are_found_as_a_scan_of_the_whole_vocabulary_finds_them(session):
    """Lengths that cannot reach the threshold and words of digits alone are skipped, and
    stems looked up by bisection: the same matches as comparing with every word."""
    from rapidfuzz import fuzz

    from resource_directory.matching import index as index_module

    import_listings(ADMIN, Context(session), ROOT / "data" / "resources.csv", source="demo")
    index = DirectoryIndex.build(session)
    vocabulary = list(index.vocabulary)

    def scan(word):
        found = {}
        if len(word) >= index_module.TYPO_MIN_LENGTH:
            for number, known in enumerate(vocabulary):
                if (ratio := fuzz.ratio(word, known)) >= index_module.QUERY_THRESHOLD:
                    found[number] = ratio
            root = index_module._stem(word)
            if len(root) >= index_module.TYPO_MIN_LENGTH - 1:
                for number, known in enumerate(vocabulary):
                    if known.startswith(root):
                        found.setdefault(number, float(index_module.QUERY_THRESHOLD))
        return found

    rng = random.Random(2)
    words = [w for w in vocabulary if len(w) >= 4]
    tried = ["2110", "21218", "24hr", "meals2go"]
    for word in rng.sample(words, 150):
        at = rng.randrange(len(word))
        tried += [word, word[:at] + word[at + 1 :], word[:at] + word[at] + word[at:], word + "s"]
    for word in tried:
        expected = scan(word)
        if word in index.vocabulary:
            expected[index.vocabulary[word]] = 100.0
        found = dict(index._find_word(word)) if len(word) >= 5 else None
        if found is not None:
            assert found == expected, word


def test_putting_only_the_best_candidates_in_order_first_changes_nothing(session, monkeypatch):
    """The candidates past the first few are ordered only when a search reaches them."""
    import_listings(ADMIN, Context(session), ROOT / "data" / "resources.csv", source="demo")
    index = DirectoryIndex.build(session)
    rng = random.Random(9)
    profiles = [
        client(
            tuple(rng.sample(NEED_SLUGS, rng.choice([1, 2]))),
            zip_code=rng.choice(["21201", "21213", "21218", "21229"]),
            age=rng.choice([None, 17, 67]),
            radius_km=rng.choice([5.0, 40.0]),
            query=rng.choice([None, "meals"]),
            include_ineligible=rng.choice([False, True]),
            limit=rng.choice([5, 20, 100]),
        )  # fmt: skip
        for _ in range(30)
    ]
    ordered_first = [rank(session, p, index).results for p in profiles]
    monkeypatch.setattr(rank_module, "ORDERED_FIRST", 3)
    for profile, before in zip(profiles, ordered_first, strict=True):
        after = rank(session, profile, index).results
        assert [(r.service_at_location_id, r.score, r.reasons) for r in after] == [
            (r.service_at_location_id, r.score, r.reasons) for r in before
        ]


def test_each_service_is_kept_at_its_nearest_site_then_its_first_in_the_index():
    from resource_directory.matching.index import IndexedListing, ServiceFacts

    rng = random.Random(4)
    services = [
        ServiceFacts(n, f"S{n}", "O", f"Service {n}", None, ("food",), (), (), ())
        for n in range(40)
    ]
    # Points on a coarse grid, so that sites of one service are often equally far.
    listings = [
        IndexedListing(
            f"L{n:03d}",
            39.3 + rng.randint(0, 4) * 0.01,
            -76.6 + rng.randint(0, 4) * 0.01,
            False,
            rng.choice(services[:25] if n < 120 else services),
            (),
            None,
            None,
        )
        for n in range(160)
    ]
    empty = np.empty(0, np.int32)
    index = DirectoryIndex(1, services, listings, {}, empty, np.zeros(1, np.int64))
    rows, distances = index.nearby(39.32, -76.58, 10.0)
    keep = np.ones(len(rows), dtype=bool)
    kept = np.flatnonzero(rank_module._nearest_site(index, rows, distances, keep))
    best: dict[int, tuple[float, int, int]] = {}
    for at, (row, km) in enumerate(zip(rows.tolist(), distances.tolist(), strict=True)):
        number = int(index.service_number[row])
        best[number] = min(best.get(number, (km, row, at)), (km, row, at))
    assert sorted(kept.tolist()) == sorted(at for _, _, at in best.values())
    assert any(index.several_sites)
