"""The in-memory search index: what ranking needs for every active listing, by place and word.

A listing here is one service at one location. The index keeps, for each:

- its point, in numpy arrays sorted by a grid cell of ``CELL_DEGREES`` so the listings near a
  client are a handful of contiguous slices (one per row of cells);
- its needs as a bit mask (one bit per need slug), tested for all candidates at once, with
  masks of the signs of each: needs the agency filed under one of its own terms, under two
  or more, and those its name says (the others were read from its words, not from its
  categories);
- the facts scoring reads — eligibility rules, languages, hours, time zone, last verified
  date, accessibility, situations served (and those its name is for), referrals and
  capacity — shared between
  listings that have the same ones;
- word postings (word → sorted service numbers) over the service's name, description,
  eligibility, organization and category names, so a free-text query is answered for
  every candidate with a few binary searches, and typos by comparing the query word with
  the vocabulary once, not with every listing.

Display text (description, address, phones) stays in the database: a search completes only
the few results it returns (see :mod:`.details`). The index is built from a few streaming
queries and rebuilt when the directory's data version moves (see :mod:`.freshness`).
"""

from __future__ import annotations

import gc
import json
import math
import re
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import count, product
from typing import Any

import numpy as np
from geopy.distance import EARTH_RADIUS
from rapidfuzz import fuzz, process
from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from ..eligibility import named_audience
from ..eligibility.parse import DESCRIBED
from ..eligibility.situation import rule_situations, text_situations
from ..geo import bounding_box
from ..models import (
    EligibilityRule,
    Language,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceTaxonomy,
    TaxonomyTerm,
    directory_version,
)
from ..taxonomy import (
    NEED_SLUGS,
    NEEDS_BY_SLUG,
    OPEN_ELIGIBILITY,
    VOCABULARIES,
    audience_ages,
    classify_text,
    direct_needs,
    indirect_kinds,
    needs_for_term,
    needs_for_terms,
    says_who,
)
from .kinds import indirect_kind
from .need_model import NEED_COLUMNS, NeedModel
from .scoring import REFERRAL_FACTOR, accessibility

#: Edge of a grid cell in degrees: about 5.5 km north–south, so a 25 km search reads ~10 rows.
CELL_DEGREES = 0.05
_COLUMNS = int(360 / CELL_DEGREES) + 2
#: Bit of each need slug in a listing's need mask.
NEED_BITS = {slug: 1 << position for position, slug in enumerate(NEED_SLUGS)}
#: A query word matches a listing word at this rapidfuzz ratio: a dropped or doubled letter
#: passes ("grocry"), a changed letter in a short word does not ("dental" ≠ "mental").
QUERY_THRESHOLD = 88
#: Shorter query words must match exactly ("GED", "WIC", "tax").
TYPO_MIN_LENGTH = 5
_STOPWORDS = frozenset({"a", "an", "and", "the", "of", "for", "to", "in", "with", "help"})
#: Endings dropped to find a query word's stem: "groceries" and "grocery" both begin "grocer".
_SUFFIXES = ("ies", "ing", "ed", "es", "s", "y")
_WORD = re.compile(r"[a-z0-9]+")
#: Query words whose scores are kept for later searches: one byte (the number of its best
#: ratio) per listing each, 1.2 MB at a million listings.
WORDS_KEPT = 64
#: Need-model bars whose masks are kept (a search uses one; tuning tries a few).
SAID_BARS_KEPT = 8
_BATCH = 10_000


def _need_words() -> dict[str, tuple[tuple[re.Pattern[str], int], ...]]:
    """Each need's words and phrases (see :class:`~resource_directory.taxonomy.Need`), by
    their first word: a name's words are looked up once, and only the phrases whose first
    word it has are searched for in it."""
    by_head: dict[str, tuple[tuple[re.Pattern[str], int], ...]] = {}
    for slug in NEED_SLUGS:
        for phrase in NEEDS_BY_SLUG[slug].words:
            head = _WORD.findall(phrase.lower())[0]
            pattern = re.compile(r"\b" + re.escape(phrase.lower()) + r"\b")
            by_head[head] = (*by_head.get(head, ()), (pattern, NEED_BITS[slug]))
    return by_head


_NEED_WORDS = _need_words()
_NEED_HEADS = frozenset(_NEED_WORDS)


def needs_named(found: set[str], name: str) -> int:
    """Mask of the needs whose words a lower-case ``name`` (with words ``found``) says."""
    mask = 0
    for head in found & _NEED_HEADS:
        for pattern, bit in _NEED_WORDS[head]:
            if not mask & bit and pattern.search(name):
                mask |= bit
    return mask


def words(text: str | None) -> list[str]:
    """The searchable words of a text: lower case, letters and digits, no filler words."""
    if not text:
        return []
    return [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]


@dataclass(frozen=True, slots=True, eq=False)
class RuleView:
    """An eligibility rule as the evaluator reads it (one object per distinct rule, so
    identity is equality)."""

    kind: str
    values: dict[str, Any]
    confidence: float
    quote: str


@dataclass(frozen=True, slots=True)
class Hours:
    """One schedule row: enough for open-now and for showing the hours as written."""

    freq: str | None
    byday: str | None
    opens_at: str | None
    closes_at: str | None
    description: str | None
    #: When in the year and how often the row holds (read by open-now).
    valid_from: date | None = None
    valid_to: date | None = None
    season_from: str | None = None
    season_to: str | None = None
    interval: int | None = None
    dtstart: date | None = None


@dataclass(slots=True)
class ServiceFacts:
    """What scoring reads about a service, the same at each of its locations."""

    number: int
    service_id: str
    organization_id: str
    name: str
    #: When the listing was last checked with the agency.
    verified: date | None
    needs: tuple[str, ...]
    rules: tuple[RuleView, ...]
    #: (ISO code, name) of each language the service is offered in.
    languages: tuple[tuple[str | None, str | None], ...]
    hours: tuple[Hours, ...]
    #: Client situations its rules single out, and those its words name (bit masks of
    #: :mod:`resource_directory.eligibility.situation`).
    situations_by_rule: int = 0
    situations_by_text: int = 0
    #: Whether the agency takes referrals now ("open", "waitlist", "closed"), and the places
    #: it last said it has (and when).
    accepting_referrals: str = "open"
    capacity: int | None = None
    capacity_updated: date | None = None
    #: Needs (bit masks) the agency filed under one of its own terms, and under two or
    #: more: the rest were read from the listing's words, not from its categories.
    needs_backed: int = 0
    needs_deep: int = 0
    #: Needs its name says ("Code Blue Shelter", "Substance Abuse Program").
    needs_named: int = 0
    #: What kind of indirect listing it is (a helpline, a volunteer programme …), if any:
    #: see :mod:`.kinds`.
    indirect: str | None = None
    #: Situations it is made for, by its very name ("Geriatric Psychiatry", "Youth
    #: Services") or by its age-group categories (only "Teens" and "Children").
    made_for: int = 0


@dataclass(slots=True)
class IndexedListing:
    """One service at one location, as ranking sees it."""

    listing_id: str
    lat: float
    lon: float
    confidential: bool
    service: ServiceFacts
    #: The hours that apply here: the listing's own, else the service's, else the site's.
    hours: tuple[Hours, ...]
    time_zone: str | None
    accessibility: str | None

    @property
    def service_id(self) -> str:
        return self.service.service_id

    @property
    def organization_id(self) -> str:
        return self.service.organization_id

    @property
    def name(self) -> str:
        return self.service.name

    @property
    def verified(self) -> date | None:
        return self.service.verified


class DirectoryIndex:
    """Every active listing with a point, searchable by distance, need mask and words."""

    def __init__(
        self,
        version: int,
        services: list[ServiceFacts],
        listings: list[IndexedListing],
        vocabulary: dict[str, int],
        postings: np.ndarray,
        offsets: np.ndarray,
    ):
        """``services`` in the order of their numbers; listings in any order."""
        self.version = version
        count = len(listings)
        ids = np.array([item.listing_id for item in listings], dtype=str)
        order = np.argsort(ids, kind="stable")  # a fixed order whatever the database's
        lat = np.fromiter((listings[i].lat for i in order), float, count)
        lon = np.fromiter((listings[i].lon for i in order), float, count)
        cells = _cell_keys(lat, lon)
        by_cell = np.argsort(cells, kind="stable")
        self.listings = [listings[i] for i in order[by_cell]]
        self.cells = cells[by_cell]
        self.lat = lat[by_cell]
        self.lon = lon[by_cell]
        self.lat_radians = np.radians(self.lat)
        self.lon_radians = np.radians(self.lon)
        self.cos_lat = np.cos(self.lat_radians)
        self.service_number = np.fromiter(
            (item.service.number for item in self.listings), np.int32, count
        )
        # Facts of the service, one row per listing (gathered through its service number).
        number = self.service_number
        #: Whether the listing's service is offered at other sites too.
        self.several_sites = np.bincount(number, minlength=len(services))[number] > 1
        self.need_mask = _column(services, lambda s: need_mask(s.needs), np.uint16)[number]
        self.needs_backed = _column(services, lambda s: s.needs_backed, np.uint16)[number]
        self.needs_deep = _column(services, lambda s: s.needs_deep, np.uint16)[number]
        self.needs_named = _column(services, lambda s: s.needs_named, np.uint16)[number]
        #: Each distinct day number (date.toordinal) listings were last verified on, 0 =
        #: never, and per listing the position of its day there: a search works out
        #: freshness per day, not per listing.
        self.verified_days, on_day = np.unique(
            _column(services, lambda s: s.verified.toordinal() if s.verified else 0, np.int32),
            return_inverse=True,
        )
        self.verified_on = on_day.astype(np.min_scalar_type(len(self.verified_days)))[number]
        self.situations_by_rule = _column(services, lambda s: s.situations_by_rule, np.uint16)[
            number
        ]
        self.situations_by_text = _column(services, lambda s: s.situations_by_text, np.uint16)[
            number
        ]
        self.made_for = _column(services, lambda s: s.made_for, np.uint16)[number]
        self.indirect = _column(services, lambda s: s.indirect is not None, bool)[number]
        #: How many conditions each listing's client could meet at most (its rules).
        self.rule_count = _column(services, lambda s: min(len(s.rules), 255), np.uint8)[number]
        #: What the best score of each listing is multiplied by for the agency's referrals.
        self.referral_factor = _column(
            services, lambda s: REFERRAL_FACTOR[s.accepting_referrals], float
        )[number]
        access = {text: accessibility(text) for text in {i.accessibility for i in listings}}
        self.access = np.fromiter((access[i.accessibility] for i in self.listings), float, count)
        self.set_need_probability(np.zeros((len(services), len(NEED_BITS)), dtype=np.float32))
        self.vocabulary = vocabulary
        self._vocabulary_words = list(vocabulary)
        # A query word is compared only with words of a length that could reach the typo
        # threshold, and finds the words its stem begins by bisection.
        self._words_by_length = _by_length(self._vocabulary_words)
        self._alphabetical = np.array(
            sorted(range(len(vocabulary)), key=self._vocabulary_words.__getitem__), np.int32
        )
        self._postings = postings
        self._offsets = offsets
        #: What searches work out that only an import can change: kept as long as this index
        #: (an import replaces it), and bounded. Plain dicts, no references back to the
        #: index, so a replaced index is freed by reference counting alone.
        self._word_cache = BoundedCache(4096)
        self._word_scores_kept = BoundedCache(WORDS_KEPT)
        #: Services are numbered from 0 to this.
        self.services_count = len(services)
        self.openings = BoundedCache(100_000)
        self.details = BoundedCache(50_000)

    def set_need_probability(self, table: np.ndarray) -> None:
        """(services × needs, ``NEED_SLUGS`` order) P(need) from the service's own words;
        kept by need too (contiguous columns: a search gathers one need's for thousands)."""
        self.need_probability_by_need = np.ascontiguousarray(table.T)
        self._said_masks = BoundedCache(SAID_BARS_KEPT)

    @property
    def need_probability(self) -> np.ndarray:
        """(services × needs) P(need): a view of the table kept by need."""
        return self.need_probability_by_need.T

    def __len__(self) -> int:
        return len(self.listings)

    # -- building -------------------------------------------------------------------------

    @classmethod
    def build(cls, session: Session) -> DirectoryIndex:
        """Read every active listing with a point (a few streaming queries, no ORM objects).

        The garbage collector is paused meanwhile: the build makes millions of objects and no
        reference cycles, so its passes would find nothing to free (they took a quarter of
        the build at 100,000 services). Whatever the rest of the process leaves meanwhile is
        collected once the build is done.
        """
        paused = gc.isenabled()
        gc.disable()
        try:
            version = directory_version(session)  # read first: a later import rebuilds
            builder = _Builder()
            builder.read_terms(session)
            builder.read_rules(session)
            builder.read_languages(session)
            builder.read_hours(session)
            builder.read_services(session)
            listings = builder.read_listings(session)
            postings, offsets = builder.postings()
            services = list(builder.services.values())
            index = cls(version, services, listings, builder.vocabulary, postings, offsets)
            index.set_need_probability(builder.need_probabilities())
            return index
        finally:
            if paused:
                gc.enable()

    # -- searching ------------------------------------------------------------------------

    def nearby(
        self,
        lat: float,
        lon: float,
        radius_km: float,
        needs: int = 0,
        said_at: float | None = None,
        matching: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(rows, ascending, and distances in km) of the listings within ``radius_km`` of a
        point.

        With ``needs`` (a need mask) or ``matching`` (a flag per listing row), only the
        listings filed under one of those needs — or, with ``said_at``, whose words the need
        model reads as one at least that surely (:meth:`needs_said`) — or flagged: tested on
        the grid cells' rows before any distance is worked out.
        """
        if not self.listings:
            return np.empty(0, np.int64), np.empty(0)
        min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius_km)
        first_row, last_row = _cell_row(min_lat), _cell_row(max_lat)
        cell_rows = np.arange(first_row, last_row + 1, dtype=np.int64) * _COLUMNS
        spans: list[tuple[int, int]] = []
        for west, east in _longitude_ranges(min_lon, max_lon):
            starts = np.searchsorted(self.cells, cell_rows + _cell_col(west), side="left")
            ends = np.searchsorted(self.cells, cell_rows + _cell_col(east), side="right")
            spans += [(s, e) for s, e in zip(starts.tolist(), ends.tolist(), strict=True) if e > s]
        if not spans:
            return np.empty(0, np.int64), np.empty(0)
        spans.sort()  # rows ascending, across the antimeridian too
        if needs or matching is not None:
            said = self.needs_said(said_at) if needs and said_at is not None else None
            rows = np.concatenate([self._offering(s, e, needs, said, matching) for s, e in spans])
        else:
            rows = np.concatenate([np.arange(s, e) for s, e in spans])
        distances = self._distances(lat, lon, rows)
        near = distances <= radius_km
        return rows[near], distances[near]

    def _offering(
        self, start: int, end: int, needs: int, said: np.ndarray | None, matching: np.ndarray | None
    ) -> np.ndarray:
        """The rows from ``start`` to ``end`` filed under one of ``needs`` or said to offer
        one (``said``, a need mask per row), or ``matching``."""
        offered = self.need_mask[start:end]
        if said is not None:
            offered = offered | said[start:end]
        found = (offered & needs) != 0
        if matching is not None:
            found |= matching[start:end]
        return np.flatnonzero(found) + start

    def _distances(self, lat: float, lon: float, rows: np.ndarray) -> np.ndarray:
        """Haversine distances, the formula of :func:`resource_directory.geo.distance_km`
        (worked out in place: the same operations, in the same order, on one buffer)."""
        phi = math.radians(lat)
        a = self.lat_radians.take(rows)
        a -= phi
        a /= 2
        np.sin(a, out=a)
        np.square(a, out=a)  # sin(dphi / 2) ** 2
        east = self.lon_radians.take(rows)
        east -= math.radians(lon)
        east /= 2
        np.sin(east, out=east)
        np.square(east, out=east)  # sin(dlambda / 2) ** 2
        across = self.cos_lat.take(rows)
        across *= math.cos(phi)
        across *= east
        a += across
        np.sqrt(a, out=a)
        np.minimum(a, 1.0, out=a)
        np.arcsin(a, out=a)
        a *= 2 * EARTH_RADIUS
        return a

    def query_fit(self, query: str, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per row: (0–1, how much of the query the service's words match, each query word
        weighted by its rarity in the directory — BM25's inverse document frequency — and
        by how closely it matched; 0–1, the share of the query's words it matches).

        Any word may match: "utility shut-off" finds "Utility Assistance". Word against
        word, so "dental" does not match "rental" and "GED" does not match "aged"; typos
        are forgiven only in longer words, and a longer word's stem may begin a listing's
        word ("delivered" finds "delivers", "diapers" finds "diaper").
        """
        wanted = list(dict.fromkeys(words(query)))
        if not wanted:
            return np.zeros(len(rows)), np.zeros(len(rows))
        relevance = np.zeros(len(rows))
        found_words = np.zeros(len(rows))
        weights = 0.0
        for (numbers, ratios, _), weight in zip(*self._query_scores(query), strict=True):
            found = numbers[rows]
            relevance += (weight * ratios / 100).take(found)  # per ratio, not per row
            weights += weight
            found_words += found != 0
        return relevance / weights, found_words / len(wanted)

    def query_matches(self, query: str) -> np.ndarray:
        """Per listing row: whether any query word matches one of its service's words (its
        relevance in :meth:`query_fit` is above 0)."""
        found = np.zeros(len(self.listings), dtype=bool)
        for numbers, _, _ in self._query_scores(query)[0]:
            found |= numbers != 0
        return found

    def said(self, services: np.ndarray, needs: tuple[str, ...]) -> np.ndarray:
        """(needs × services) P(need) from each service's own words, by service number."""
        columns = self.need_probability_by_need
        return np.stack([columns[NEED_COLUMNS[n]].take(services) for n in needs])

    def needs_said(self, at_least: float) -> np.ndarray:
        """Per listing row: the mask of the needs the need model gives its service at least
        ``at_least`` (kept per bar: a search tests it beside the filed needs' mask, and a
        row of its own is cheaper to read than the service's)."""
        found = self._said_masks.get(at_least)
        if found is None:
            by_service = np.zeros(self.services_count, np.uint16)
            for column, bit in zip(self.need_probability_by_need, NEED_BITS.values(), strict=True):
                by_service[column >= at_least] |= bit
            found = self._said_masks.put(at_least, by_service[self.service_number])
        return found

    def _query_scores(
        self, query: str
    ) -> tuple[list[tuple[np.ndarray, np.ndarray, int]], list[float]]:
        """Per distinct word of the query: its scores (:meth:`_word_scores`), and its weight,
        its rarity in the directory (BM25's inverse document frequency)."""
        scores = [self._word_scores(w) for w in dict.fromkeys(words(query))]
        total = self.services_count
        weights = [math.log(1 + (total - n + 0.5) / (n + 0.5)) for _, _, n in scores]
        return scores, weights

    def _word_scores(self, word: str) -> tuple[np.ndarray, np.ndarray, int]:
        """(per listing row, the number of the best ratio at which one of its service's
        words matches ``word``, 0 for none; the ratio of each number, 0 first; how many
        services match it). One byte a row where the ratios themselves would take eight a
        service: a search reads them for hundreds of thousands of rows. Kept per word."""
        found = self._word_scores_kept.get(word)
        if found is None:
            matches = self.word_matches(word)
            ratios = np.array([0.0, *sorted({score for _, score in matches})])
            number = {ratio: n for n, ratio in enumerate(ratios.tolist())}
            by_service = np.zeros(self.services_count, np.min_scalar_type(len(ratios)))
            # Lowest ratio first, so that a service with several matching words keeps its best.
            for word_id, score in reversed(matches):
                postings = self._postings[self._offsets[word_id] : self._offsets[word_id + 1]]
                by_service[postings] = number[score]
            matched = int(np.count_nonzero(by_service))
            found = (by_service[self.service_number], ratios, matched)
            found = self._word_scores_kept.put(word, found)
        return found

    def word_matches(self, word: str) -> tuple[tuple[int, float], ...]:
        """(word id, ratio) of the vocabulary words a query word matches, best first."""
        found = self._word_cache.get(word)
        if found is None:
            found = self._word_cache.put(word, self._find_word(word))
        return found

    def _find_word(self, word: str) -> tuple[tuple[int, float], ...]:
        """Exact words score 100. A short word also finds itself with an ending ("tax",
        "taxes", never "taxi"); a longer one finds close spellings (rapidfuzz) and words
        its stem begins ("delivered" → "delivers")."""
        vocabulary = self.vocabulary
        matches: dict[int, float] = {}
        if len(word) < TYPO_MIN_LENGTH:
            for suffix in _SUFFIXES:
                if (index := vocabulary.get(word + suffix)) is not None:
                    matches[index] = float(QUERY_THRESHOLD)
        else:
            # A word of digits alone shares no letter with one without digits: ratio 0.
            kinds = (False, True) if any(c.isdigit() for c in word) else (False,)
            for key in product(_lengths_near(len(word)), kinds):
                known, ids = self._words_by_length.get(key, ((), ()))
                close = process.extract(
                    word, known, scorer=fuzz.ratio, score_cutoff=QUERY_THRESHOLD, limit=None
                )
                matches.update((int(ids[at]), float(score)) for _, score, at in close)
            root = _stem(word)
            if len(root) >= TYPO_MIN_LENGTH - 1:
                for index in self._words_beginning(root):
                    matches.setdefault(index, float(QUERY_THRESHOLD))
        if (exact := vocabulary.get(word)) is not None:
            matches[exact] = 100.0
        return tuple(sorted(matches.items(), key=lambda pair: (-pair[1], pair[0])))

    def _words_beginning(self, root: str) -> list[int]:
        """Ids of the vocabulary words that begin with ``root``."""
        alphabetical, known = self._alphabetical, self._vocabulary_words.__getitem__
        first = bisect_left(alphabetical, root, key=known)
        last = bisect_left(alphabetical, root + "\uffff", lo=first, key=known)
        return alphabetical[first:last].tolist()


def _by_length(vocabulary: list[str]) -> dict[tuple[int, bool], tuple[list[str], np.ndarray]]:
    """(length, digits alone?) → (the vocabulary's words of that kind, their ids)."""
    ids: defaultdict[tuple[int, bool], list[int]] = defaultdict(list)
    for index, word in enumerate(vocabulary):
        ids[len(word), word.isdigit()].append(index)
    return {
        key: ([vocabulary[i] for i in found], np.array(found, np.int32))
        for key, found in ids.items()
    }


def _lengths_near(length: int) -> range:
    """The word lengths whose words a word of ``length`` letters could match at
    ``QUERY_THRESHOLD``: rapidfuzz's ratio is 100 × (1 − edits / total length), and it
    takes at least the difference of the lengths in edits."""
    slack = QUERY_THRESHOLD / 100 - 1e-9
    shortest = math.floor(length * slack / (2 - slack))
    longest = math.ceil(length * (2 - slack) / slack)
    return range(max(shortest, 1), longest + 1)


def _stem(word: str) -> str:
    """The word without a plural, verb or -y ending, when four letters or more remain."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= TYPO_MIN_LENGTH - 1:
            return word[: -len(suffix)]
    return word


class BoundedCache(dict):
    """A dict that empties itself when full: simple, and safe for threads under the GIL."""

    def __init__(self, capacity: int):
        super().__init__()
        self.capacity = capacity

    def put(self, key: Any, value: Any) -> Any:
        if len(self) >= self.capacity:
            self.clear()
        self[key] = value
        return value


def _column(services: list[ServiceFacts], value, dtype) -> np.ndarray:
    return np.fromiter((value(s) for s in services), dtype, len(services))


def need_mask(slugs: Iterable[str]) -> int:
    """The bit mask of some need slugs."""
    mask = 0
    for slug in slugs:
        mask |= NEED_BITS[slug]
    return mask


def _longitude_ranges(west: float, east: float) -> list[tuple[float, float]]:
    """A box's longitudes as ranges within [-180, 180] (two when it crosses the
    antimeridian)."""
    if east - west >= 360:
        return [(-180.0, 180.0)]
    if west < -180:
        return [(west + 360, 180.0), (-180.0, east)]
    if east > 180:
        return [(west, 180.0), (-180.0, east - 360)]
    return [(west, east)]


def _cell_row(lat: float) -> int:
    return int(math.floor((lat + 90.0) / CELL_DEGREES))


def _cell_col(lon: float) -> int:
    return int(math.floor((lon + 180.0) / CELL_DEGREES))


def _cell_keys(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    rows = np.floor((lat + 90.0) / CELL_DEGREES).astype(np.int64)
    cols = np.floor((lon + 180.0) / CELL_DEGREES).astype(np.int64)
    return rows * _COLUMNS + cols


class _Builder:
    """Reads the directory table by table; equal facts are stored once and shared."""

    def __init__(self) -> None:
        self.terms: dict[str, list[tuple[str, str, str, bool]]] = {}
        self.rules: dict[str, list[RuleView]] = {}
        self.languages: dict[str, list[tuple[str | None, str | None]]] = {}
        #: owner column → owner id → hours rows
        self.hours: dict[str, dict[str, list[Hours]]] = {"listing": {}, "service": {}, "site": {}}
        self.services: dict[str, ServiceFacts] = {}
        self.vocabulary: dict[str, int] = {}
        self._shared: dict[Any, Any] = {}
        self._dates: dict[str, date] = {}
        #: One string object per id, however many tables name it (a million services' ids
        #: would otherwise be held four or five times over while building).
        self._ids: dict[str, str] = {}
        self._phrases: dict[str, tuple[frozenset[str], int]] = {}
        self._org_audience: dict[str, tuple[RuleView, ...]] = {}
        self._rule_situations: dict[int, int] = {}
        self._needs: dict[tuple, tuple[tuple[str, ...], int, int, int]] = {}
        self._word_ids = array("I")
        self._word_services = array("I")
        #: The need model's rows for the words of each service's name and description.
        self._model = NeedModel.shipped()
        self._model_rows = array("I")
        self._model_services = array("I")

    def share(self, value: Any) -> Any:
        """One object for equal values (rule sets, hours, need tuples repeat a lot)."""
        return self._shared.setdefault(value, value)

    def read_terms(self, session: Session) -> None:
        stmt = select(
            ServiceTaxonomy.service_id,
            TaxonomyTerm.taxonomy,
            TaxonomyTerm.code,
            TaxonomyTerm.name,
            ServiceTaxonomy.inferred,
        ).join(TaxonomyTerm, TaxonomyTerm.id == ServiceTaxonomy.taxonomy_term_id)
        terms, share, ids = self.terms, self._shared.setdefault, self._ids.setdefault
        for service_id, *term in _stream(session, stmt):
            # (taxonomy, code, name, inferred): a few hundred, each stored once
            term = (term[0], term[1], term[2], bool(term[3]))
            terms.setdefault(ids(service_id, service_id), []).append(share(term, term))

    def read_rules(self, session: Session) -> None:
        stmt = select(
            EligibilityRule.service_id,
            EligibilityRule.kind,
            cast(EligibilityRule.values, Text),  # decoded once per distinct value below
            EligibilityRule.confidence,
            EligibilityRule.source_text,
        ).order_by(EligibilityRule.service_id, EligibilityRule.position, EligibilityRule.id)
        rules: dict[tuple, RuleView] = {}
        ids = self._ids.setdefault
        for service_id, *key in _stream(session, stmt):
            rule = rules.get(tuple(key))
            if rule is None:
                kind, values, confidence, quote = key
                rule = RuleView(kind, json.loads(values or "{}") or {}, confidence, quote or "")
                rules[tuple(key)] = rule
            self.rules.setdefault(ids(service_id, service_id), []).append(rule)

    def read_languages(self, session: Session) -> None:
        stmt = select(Language.service_id, Language.code, Language.name).where(
            Language.service_id.is_not(None)
        )
        languages, share, ids = self.languages, self._shared.setdefault, self._ids.setdefault
        for service_id, *language in _stream(session, stmt):
            language = tuple(language)  # (code, name)
            languages.setdefault(ids(service_id, service_id), []).append(share(language, language))

    def read_hours(self, session: Session) -> None:
        stmt = select(
            Schedule.service_at_location_id,
            Schedule.service_id,
            Schedule.location_id,
            Schedule.freq,
            Schedule.byday,
            Schedule.opens_at,
            Schedule.closes_at,
            Schedule.description,
            Schedule.valid_from,
            Schedule.valid_to,
            Schedule.season_from,
            Schedule.season_to,
            Schedule.interval,
            Schedule.dtstart,
        ).order_by(Schedule.id)
        for listing_id, service_id, site_id, *row in _stream(session, stmt):
            hours = self.share(Hours(*row))
            owner, key = (
                ("listing", listing_id)
                if listing_id
                else ("service", service_id)
                if service_id
                else ("site", site_id)
            )
            if key:
                self.hours[owner].setdefault(self._ids.setdefault(key, key), []).append(hours)

    def read_services(self, session: Session) -> None:
        """Every active service with what scoring reads of it, and its words as postings:
        name, description, eligibility, organization and category names (and the client
        situations they name)."""
        stmt = select(
            Service.id,
            Service.organization_id,
            Service.name,
            Service.assured_date,
            Service.description,
            Service.eligibility_description,
            Organization.name,
            Service.accepting_referrals,
            Service.capacity_available,
            Service.capacity_updated,
        ).join(Organization, Organization.id == Service.organization_id)
        stmt = stmt.where(Service.active, Service.status == "active")
        # A missing word gets the next id, inside the dict lookup (the hot loop of the build).
        vocabulary: defaultdict[str, int] = defaultdict(count().__next__)
        word_ids, word_services, services = self._word_ids, self._word_services, self.services
        find_words, share = _WORD.findall, self._shared.setdefault
        rules_of, languages_of, one_id = self.rules, self.languages, self._ids
        hours_of, terms_of = self.hours["service"], self.terms
        for row in _stream(session, stmt):
            (service_id, org_id, name, verified, description, eligibility, organization,
             referrals, capacity, capacity_updated) = row  # fmt: skip
            service_id = one_id.pop(service_id, service_id)
            terms = terms_of.pop(service_id, ())
            rules = tuple(rules_of.pop(service_id, ()))
            rules += self._named_audience(organization, rules)  # "Men's Shelter of Charlotte"
            rules = share(rules, rules)
            languages = tuple(sorted(languages_of.pop(service_id, ()), key=_language_order))
            hours = tuple(hours_of.pop(service_id, ()))
            needs, backed, deep, audience, indirect = self._needs_of(terms)
            facts = ServiceFacts(
                len(services), service_id, share(org_id, org_id), name, self._date(verified),
                needs, rules, share(languages, languages), share(hours, hours),
                self._rule_situations_of(rules), 0, share(referrals, referrals), capacity,
                self._date(capacity_updated), backed, deep,
            )  # fmt: skip
            services[service_id] = facts
            # Organization names, eligibility phrases and category names repeat from service
            # to service: their words and situations are worked out once each.
            name_text = name.lower()
            named = set(find_words(name_text))
            found = named.union(find_words(description.lower()) if description else ())
            found -= _STOPWORDS
            model_rows = self._model.rows(found)
            self._model_rows.extend(model_rows)
            self._model_services.extend([facts.number] * len(model_rows))
            facts.needs_named = needs_named(named, name_text)
            facts.indirect = indirect_kind(name) or indirect
            facts.situations_by_text = text_situations((name, description), found)
            facts.made_for = audience
            facts.situations_by_text |= audience
            if facts.situations_by_text:
                facts.made_for |= text_situations((name,), named)
            # An organization named for a group ("Youth Services of Tulsa", "U.S. Veterans
            # Initiative") runs its programmes for that group.
            facts.made_for |= self._phrase(organization)[1]
            if eligibility:
                phrase_words, situations = self._phrase(eligibility)
                found |= phrase_words
                facts.situations_by_text |= situations
            found |= self._phrase(organization)[0]
            for term in terms:
                if term[2] != term[1]:  # a term known only by its code has no words
                    found |= self._phrase(term[2])[0]
            ids = list(map(vocabulary.__getitem__, found))
            word_ids.extend(ids)
            word_services.extend([facts.number] * len(ids))
        self.vocabulary = dict(vocabulary)
        self.terms = self.rules = self.languages = {}

    def _named_audience(
        self, organization: str, rules: tuple[RuleView, ...]
    ) -> tuple[RuleView, ...]:
        """Whom an organization's name says its places are for, as questions, where the
        service's own rules do not say (importers read a service's own name the same way)."""
        found = self._org_audience.get(organization)
        if found is None:
            found = self._org_audience[organization] = tuple(
                RuleView(r.kind, r.values, r.confidence, r.text)
                for r in named_audience(organization, DESCRIBED)
            )
        return tuple(r for r in found if not any(rule.kind == r.kind for rule in rules))

    def _phrase(self, text: str) -> tuple[frozenset[str], int]:
        """(searchable words, situations named) of a text that recurs across services."""
        found = self._phrases.get(text)
        if found is None:
            found_words = frozenset(words(text))
            found = self._phrases[text] = (found_words, text_situations((text,), found_words))
        return found

    def _needs_of(self, terms) -> tuple[tuple[str, ...], int, int, int, str | None]:
        """(the needs a service's terms mean, in the vocabulary's order; the mask of those
        filed under one of the agency's own terms; the mask of those under two or more; the
        situations its age-group facets say it is for; the kind of indirect listing its
        codes say it is, when every need it is filed under comes from such a code).

        A source that files under its own vocabulary (neither Open Eligibility nor AIRS) has
        its needs linked as inferred terms; the needs its own terms' names say count as filed.
        """
        key = tuple(
            sorted((taxonomy, code, inferred, name) for taxonomy, code, name, inferred in terms)
        )
        found = self._needs.get(key)
        if found is None:
            needs = needs_for_terms((taxonomy, code) for taxonomy, code, _, _ in key)
            needs = tuple(s for s in NEED_SLUGS if s in needs)
            own = [(t, c) for t, c, inferred, _ in key if t in VOCABULARIES and not inferred]
            # Counted within each vocabulary: a directory that files a service under both
            # (CHARMcare's Open Eligibility categories are a crosswalk of its AIRS codes)
            # says the same thing twice, not twice as much.
            by_need: Counter[str | None] = Counter()
            for vocabulary in VOCABULARIES:
                by_need |= Counter(
                    need for t, c in own if t == vocabulary for need in needs_for_term(t, c)
                )
            other = [
                n
                for t, _, inferred, n in key
                if t not in VOCABULARIES and not inferred and not says_who(t)
            ]
            if other:
                by_need.update(set(classify_text(*other)))
            ages = audience_ages(c for t, c in own if t == OPEN_ELIGIBILITY)
            found = self._needs[key] = (
                needs,
                need_mask(n for n in needs if by_need[n] >= 1),
                need_mask(n for n in needs if by_need[n] >= 2),
                rule_situations([("age", {"min": ages[0], "max": ages[1]})]) if ages else 0,
                _indirect_by_codes([(t, c) for t, c, _, _ in key], needs),
            )
        return found

    def _rule_situations_of(self, rules: tuple[RuleView, ...]) -> int:
        found = self._rule_situations.get(id(rules))
        if found is None:
            found = self._rule_situations[id(rules)] = rule_situations(
                (r.kind, r.values) for r in rules
            )
        return found

    def read_listings(self, session: Session) -> list[IndexedListing]:
        """Each active service at each active site with a point."""
        stmt = (
            select(
                ServiceAtLocation.id,
                ServiceAtLocation.service_id,
                ServiceAtLocation.location_id,
                Location.latitude,
                Location.longitude,
                Location.confidential,
                Location.time_zone,
                Location.accessibility,
            )
            .join(Location, Location.id == ServiceAtLocation.location_id)
            .where(
                ServiceAtLocation.active,
                Location.active,
                Location.latitude.is_not(None),
                Location.longitude.is_not(None),
            )
        )
        listings = []
        append, share = listings.append, self._shared.setdefault
        services, listing_hours, site_hours = (
            self.services,
            self.hours["listing"],
            self.hours["site"],
        )
        for row in _stream(session, stmt):
            listing_id, service_id, site_id, lat, lon, confidential, time_zone, access = row
            facts = services.get(service_id)
            if facts is None:
                continue  # an inactive service
            own = listing_hours.get(listing_id)
            if own:
                hours = self.share(tuple(own))
            elif facts.hours:
                hours = facts.hours
            else:
                hours = self.share(tuple(site_hours.get(site_id, ())))
            append(
                IndexedListing(
                    listing_id,
                    lat,
                    lon,
                    bool(confidential),
                    facts,
                    hours,
                    share(time_zone, time_zone),
                    share(access, access),
                )
            )
        self.hours = {}
        return listings

    def _date(self, value: date | str | None) -> date | None:
        """A date as the driver gives it: a date (PostgreSQL) or ISO text (SQLite)."""
        if not value or isinstance(value, date):
            return value or None
        day = self._dates.get(value)
        if day is None:
            day = self._dates[value] = date.fromisoformat(value[:10])
        return day

    def need_probabilities(self) -> np.ndarray:
        """(services × needs) how surely each service's own words say each need."""
        rows = np.frombuffer(self._model_rows, dtype=np.uint32).astype(np.int64)
        owners = np.frombuffer(self._model_services, dtype=np.uint32).astype(np.int64)
        return self._model.batch(rows, owners, len(self.services))

    def postings(self) -> tuple[np.ndarray, np.ndarray]:
        """(service numbers grouped by word and ascending, start offset of each word)."""
        word_ids = np.frombuffer(self._word_ids, dtype=np.uint32)
        services = np.frombuffer(self._word_services, dtype=np.uint32).astype(np.int32)
        order = np.lexsort((services, word_ids))
        postings = services[order]
        counts = np.bincount(word_ids, minlength=len(self.vocabulary))
        offsets = np.zeros(len(self.vocabulary) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        return postings, offsets


#: The taxonomy's kinds of indirect listing, as :mod:`.kinds` names them.
_INDIRECT_KIND = {
    "information-referral": "referral", "hotline": "referral", "volunteer": "volunteer",
    "donation": "donation", "funding": "funding", "administrative": "administrative",
    "organizational": "administrative",
}  # fmt: skip


def _indirect_by_codes(terms: list[tuple[str, str]], needs: tuple[str, ...]) -> str | None:
    """The kind of indirect listing a service is by its codes: filed under needs, none of
    them by a code of a direct service (an information line filed under food and housing)."""
    kinds = indirect_kinds(terms)
    if not kinds or not needs or direct_needs(terms):
        return None
    return _INDIRECT_KIND[min(kinds)]


def _language_order(language: tuple[str | None, str | None]) -> tuple[str, str]:
    return (language[0] or "", language[1] or "")


def _stream(session: Session, stmt) -> Iterator[tuple]:
    """Rows as the driver's plain tuples, in batches, on the session's own connection.

    Building the index reads every listing; SQLAlchemy's per-row result processing would be
    a third of the build. The statements here select only values every driver returns in
    the same shape (text, numbers, booleans as 0/1 or True/False, JSON as text; dates as
    dates or ISO text, see `_Builder._date`).
    """
    connection = session.connection()
    sql = str(stmt.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    driver = connection.connection.dbapi_connection
    # On PostgreSQL a named cursor keeps the rows on the server until fetched.
    named = {"name": "index_build"} if connection.dialect.name == "postgresql" else {}
    cursor = driver.cursor(**named)  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        while batch := cursor.fetchmany(_BATCH):
            yield from batch
    finally:
        cursor.close()
