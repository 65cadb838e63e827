"""rank_services: rank the services that fit a client's needs, near them, with reasons.

Three steps, all over the in-memory index (:mod:`.index`):

1. candidates — listings within the radius (grid cells), offering a requested need (bit
   mask) or matching the free-text query (word postings); each service once, at its
   nearest location; the components known without scoring (need fit, distance,
   situation, query words, freshness, accessibility) computed for all of them at once;
2. scoring — eligibility, open now, language and availability for the candidates in order
   of the best score they could still reach, stopping once the results shown can no
   longer change;
3. details — description, address and phones of the results returned, from the database.

The weights and components are in :mod:`.scoring`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sqlalchemy.orm import Session

from ..eligibility import evaluate_rules
from ..eligibility.evaluate import ELIGIBLE, INELIGIBLE, MAYBE, Evaluation
from ..eligibility.situation import (
    client_situations,
    ruled_out,
    situation_reasons,
    situation_score,
)
from ..listings import hours_as_written
from ..reasons import Reason
from ..schedules import OpenStatus, opening_status
from ..taxonomy import NEED_SLUGS, classify_text, intake_needs
from . import scoring
from .details import ListingDetails, listing_details
from .index import (
    NEED_BITS,
    DirectoryIndex,
    IndexedListing,
    ServiceFacts,
    need_mask,
)
from .need_model import NEED_COLUMNS
from .profile import ClientProfile
from .results import MatchResponse, MatchResult
from .scoring import PER_ORGANIZATION_IN_TOP_TEN, WEIGHTS

__all__ = ["WEIGHTS", "rank_services"]

#: Bits set in each possible 16-bit need mask.
_BIT_COUNT = np.array([bin(mask).count("1") for mask in range(1 << 16)], dtype=np.int8)


def _bits(masks: np.ndarray) -> np.ndarray:
    """Bits set in each mask (``take``: twice as fast as indexing the table)."""
    return _BIT_COUNT.take(masks)


#: Scores are rounded to 4 places: a candidate's bound is compared with this much slack.
_ROUNDING = 1e-4
#: Candidates put in order before scoring (the rest only when a search needs them: on
#: directories of 100,000 services in one city, none scored more than 300).
ORDERED_FIRST = 1024


@dataclass(slots=True)
class _Candidates:
    """Per service (nearest location), parallel arrays, and ``order``, the order to score
    them in: best possible score first, the first ``ordered`` of them, the rest after in no
    order until a search needs them. The arrays stay as they were worked out (a search
    scores a few hundred candidates of up to a few hundred thousand)."""

    rows: np.ndarray
    distances: np.ndarray
    query_fit: np.ndarray
    query_share: np.ndarray
    known: np.ndarray
    #: Multiplier for a service whose name says it is for a group the client is not in.
    made_for_others: np.ndarray
    bound: np.ndarray
    order: np.ndarray
    ordered: int

    def order_up_to(self, count: int) -> None:
        """Put the candidates in order up to ``count`` (the rest at once, when needed)."""
        if count <= self.ordered:
            return
        rest = self.order[self.ordered :]
        self.order[self.ordered :] = rest[np.lexsort((self.rows[rest], -self.bound[rest]))]
        self.ordered = len(self.order)


@dataclass(slots=True)
class _Scored:
    listing: IndexedListing
    distance_km: float
    score: float
    eligibility: str
    reasons: tuple[Reason, ...]
    open_now: bool | None
    needs: tuple[str, ...] = ()

    @property
    def organization_id(self) -> str:
        return self.listing.organization_id


def rank_services(session: Session, profile: ClientProfile, index: DirectoryIndex) -> MatchResponse:
    """Rank services for a client; ineligible ones only when asked for, and then last."""
    when = profile.at or datetime.now(UTC)
    scorer = _Scorer(index, profile, when)
    candidates = _candidates(index, scorer)
    shown = _diversify(sorted(_score_enough(index, candidates, scorer), key=_sort_key))
    shown = shown[: profile.limit]
    details = _details(session, index, [s.listing.listing_id for s in shown])
    return MatchResponse(
        client=profile.location,
        results=[
            _result(s, details[s.listing.listing_id])
            for s in shown
            if s.listing.listing_id in details
        ],
    )


def _details(
    session: Session, index: DirectoryIndex, listing_ids: list[str]
) -> dict[str, ListingDetails]:
    """Details of the listings shown: remembered by the index (an import replaces it).

    A listing removed since the index was built has none (its search shows it no more).
    """
    remembered = ((i, index.details.get(i)) for i in listing_ids)
    found = {i: details for i, details in remembered if details is not None}
    missing = [i for i in listing_ids if i not in found]
    for listing_id, details in listing_details(session, missing).items():
        found[listing_id] = index.details.put(listing_id, details)
    return found


def _candidates(index: DirectoryIndex, scorer: _Scorer) -> _Candidates:
    profile, when = scorer.profile, scorer.when
    client = profile.location
    # Only a listing filed under a need asked for (or implied by the typed words), or whose
    # words the need model reads as one surely enough, or matching a word of the query, has
    # a need fit (below): the others are left out before their distances are worked out.
    implied = scorer.implied
    wanted_needs = tuple(n for n in NEED_SLUGS if n in profile.needs or n in implied)
    said_at = scoring.MODEL_CANDIDATE if scoring.MODEL_SHARE > 0 else None
    matching = index.query_matches(profile.query) if profile.query else None
    rows, distances = index.nearby(
        client.lat,
        client.lon,
        profile.radius_km,
        needs=need_mask(wanted_needs),
        said_at=said_at,
        matching=matching,
    )
    need_fit = np.zeros(len(rows))
    services, masks = index.service_number[rows], index.need_mask[rows]
    if profile.needs:
        wanted = need_mask(profile.needs)
        filed = _filed_fit(
            _bits(masks & wanted),
            _bits(masks),
            len(profile.needs),
            # Up to two signs per need: filed under the agency's own term for it, and under
            # a second one or named by the service's name (``needs_deep`` ⊆ ``needs_backed``).
            _bits(index.needs_backed[rows] & wanted)
            + _bits((index.needs_deep[rows] | index.needs_named[rows]) & masks & wanted),
        )
        said = index.said(services, profile.needs)
        # One need's mean is its own row (the same floats, without a pass over them).
        said = said[0] if len(said) == 1 else said.mean(axis=0)
        need_fit = scoring.blend_need_fit(filed, said)
    query_fit = query_share = np.zeros(len(rows))
    if profile.query:
        query_fit, query_share = index.query_fit(profile.query, rows)
        if implied:  # "eviction": housing and legal help, even where the words are not used
            meant = index.said(services, implied).max(axis=0)
            filed_implied = (masks & need_mask(implied)) != 0
            meant[~filed_implied & (meant < scoring.MODEL_CANDIDATE)] = 0.0
            query_fit = np.maximum(query_fit, scoring.QUERY_INTENT * meant)
        by_query = query_fit.copy()
        # The typed words reorder the services that fit the request. For a service that
        # only mentions them they count as much as the need model says it does what was
        # asked: "English classes" at an immigrant centre, for education, count; "HIV" at
        # an HIV clinic, for housing, hardly.
        if profile.needs:
            by_query *= scoring.QUERY_ONLY_FIT
            query_part = np.where(need_fit >= scoring.LEAST_NEED_FIT, 1.0, said)
        elif named := need_mask(scorer.query_needs):  # so is one not offering what they name
            offers = (masks & named) != 0
            query_part = np.where(offers, 1.0, scoring.QUERY_ONLY_FIT)
            by_query *= query_part
        else:
            query_part = np.ones(len(rows))
        need_fit = np.maximum(need_fit, by_query)
        query_weighed = query_fit * query_part
    else:
        query_weighed = query_fit
    fits = need_fit >= scoring.LEAST_NEED_FIT
    keep = np.flatnonzero(_nearest_site(index, rows, distances, fits))
    rows, distances = rows[keep], distances[keep]
    need_fit, query_fit, query_share = need_fit[keep], query_fit[keep], query_share[keep]
    query_weighed = query_weighed[keep]

    fresh = scoring.freshness(index.verified_days, when.date()).take(index.verified_on[rows])
    situation = situation_score(
        scorer.situations, index.situations_by_rule[rows], index.situations_by_text[rows]
    )
    made_for = index.made_for[rows]
    # A service made for a situation nobody asked the client about ("Meals for Homebound
    # Seniors" for a 67-year-old not asked about getting out) is not lifted for the client's
    # other situations: whether it fits is a question, not a reason to rank it first. (One
    # made for a situation the client is known to be out of, "Aging and Disability …" for a
    # 40-year-old with a disability, serves the other: the name says either.)
    situation[(made_for & np.uint16(scorer.not_known_situations)) != 0] = 0.0
    known = scoring.known_part(
        need_fit, distances, situation, query_weighed, fresh, index.access[rows]
    )
    made_for_others = np.ones(len(rows))
    also_for_client = (made_for & scorer.situations) != 0  # "Aging and Disability…"
    for bit, _ in scorer.ruled_out:
        made_for_others[((made_for & bit) != 0) & ~also_for_client] = scoring.MADE_FOR_OTHERS
    # In place, factor by factor in the same order (a factor of 1 leaves a float as it is).
    bound = known + scoring.BEST_OPEN_AND_LANGUAGE
    bound *= index.referral_factor.take(rows)
    met = np.minimum(index.rule_count[rows], scoring.MET_COUNTED)  # conditions met, at best
    by_met = 1 + scoring.MET_BONUS * np.arange(scoring.MET_COUNTED + 1, dtype=met.dtype)
    bound *= by_met.take(met)  # worked out per count met, not per row
    bound *= made_for_others
    bound[index.indirect[rows]] *= scoring.INDIRECT_FACTOR
    order, ordered = _best_first(bound, rows)
    return _Candidates(
        rows, distances, query_fit, query_share, known, made_for_others, bound, order, ordered
    )


def _filed_fit(
    matched: np.ndarray, offered: np.ndarray, wanted: int, signs: np.ndarray
) -> np.ndarray:
    """:func:`scoring.need_fit` of each row, read from a table of it for every count of
    needs matched, offered and signs a row can have: the same floats, without a dozen
    passes over a few hundred thousand rows."""
    shape = (wanted + 1, len(NEED_BITS) + 1, 2 * wanted + 1)
    grid = np.indices(shape, dtype=matched.dtype).reshape(3, -1)
    table = scoring.need_fit(grid[0], grid[1], wanted, grid[2])
    return table.take(np.ravel_multi_index((matched, offered, signs), shape))


def _best_first(bound: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, int]:
    """(an order of the candidates, how many of the first are in order): the highest bounds
    first, then by row — ``ORDERED_FIRST`` of them and every one tied with the last; the
    rest, all lower, after them in no order (a search rarely needs them)."""
    if len(bound) <= ORDERED_FIRST:
        return np.lexsort((rows, -bound)), len(bound)
    cut = np.partition(bound, len(bound) - ORDERED_FIRST)[len(bound) - ORDERED_FIRST]
    best = np.flatnonzero(bound >= cut)
    best = best[np.lexsort((rows[best], -bound[best]))]
    return np.concatenate([best, np.flatnonzero(bound < cut)]), len(best)


def _nearest_site(
    index: DirectoryIndex, rows: np.ndarray, distances: np.ndarray, keep: np.ndarray
) -> np.ndarray:
    """``keep`` (a flag per row) less all but one listing per service: its nearest location
    (then the first in index order). Only the listings of services at several sites are
    looked at, grouped by service with one sort of integers (no array as long as the
    directory: at a million services filling two took longer than the sort), and each
    group's least distance found at once. ``rows`` ascend (see
    :meth:`DirectoryIndex.nearby`): within a service, position order is row order."""
    several = np.flatnonzero(keep & index.several_sites[rows])
    if not len(several):
        return keep
    services = index.service_number[rows[several]].astype(np.int64)
    by_service = np.sort(services << 32 | np.arange(len(several)))  # then by position
    order, services = by_service & 0xFFFFFFFF, by_service >> 32
    km = distances[several[order]]
    first = np.empty(len(order), dtype=bool)
    first[0], first[1:] = True, services[1:] != services[:-1]
    group = np.cumsum(first) - 1
    nearest = np.flatnonzero(km == np.minimum.reduceat(km, np.flatnonzero(first))[group])
    of_group = group[nearest]
    firsts = np.empty(len(nearest), dtype=bool)
    firsts[0], firsts[1:] = True, of_group[1:] != of_group[:-1]
    found = keep.copy()
    found[several] = False
    found[several[order[nearest[firsts]]]] = True
    return found


def _score_enough(index: DirectoryIndex, candidates: _Candidates, scorer: _Scorer) -> list[_Scored]:
    """Score candidates, best bound first, until no unscored one could enter the results.

    A candidate's final score is at most its bound (open now, in the client's language,
    eligible). Once the results scored above every remaining bound fill the page — and the
    first ten after the per-organization cap — the rest cannot change what is shown.
    """
    profile = scorer.profile
    scored: list[_Scored] = []
    total = len(candidates.rows)
    done, batch = 0, max(2 * profile.limit, 32)
    while done < total:
        candidates.order_up_to(min(done + batch, total) + 1)  # and the next bound
        for at in candidates.order[done : min(done + batch, total)].tolist():
            result = scorer.score(
                index.listings[candidates.rows[at]],
                float(candidates.distances[at]),
                float(candidates.query_fit[at]),
                float(candidates.query_share[at]),
                float(candidates.known[at]),
                float(candidates.made_for_others[at]),
            )
            if result.eligibility != INELIGIBLE or profile.include_ineligible:
                scored.append(result)
        done, batch = min(done + batch, total), batch * 2
        if done < total and not profile.include_ineligible:
            ceiling = float(candidates.bound[candidates.order[done]]) + _ROUNDING
            settled = sorted((s for s in scored if s.score > ceiling), key=_sort_key)
            if _page_is_settled(settled, profile.limit):
                break
    return scored


def _page_is_settled(settled: list[_Scored], limit: int) -> bool:
    top, _ = _split_top_ten(settled)
    return len(settled) >= limit and len(top) >= min(10, limit)


class _Scorer:
    """Scores listings for one search; listings sharing rules or hours share the work, and
    what the client's profile says is worked out once for the whole search."""

    def __init__(self, index: DirectoryIndex, profile: ClientProfile, when: datetime):
        self.profile = profile
        self.when = when
        #: The client's situations (bit mask), those their facts rule out, and the needs a
        #: query asked alone names.
        self.situations = client_situations(profile)
        self.ruled_out = ruled_out(profile)
        #: The needs an intake's problem words imply ("eviction": housing, legal help).
        self.implied = intake_needs(profile.query)
        self.query_needs = _query_needs(profile, self.implied)
        #: The situations nobody asked the client about: neither theirs nor ruled out.
        ruled = 0
        for bits, _ in self.ruled_out:
            ruled |= bits
        self.not_known_situations = ~(self.situations | ruled) & 0xFFFF
        self._mentions = Reason.of("query.mentions", query=profile.query)
        self._mentions_some = Reason.of("query.mentions_some", query=profile.query)
        self._evaluations: dict[int, Evaluation] = {}
        self._situations: dict[tuple[int, int], list[Reason]] = {}
        self.index = index
        self._minute = int(when.timestamp() // 60)
        self._minute_start = when.replace(second=0, microsecond=0)

    def score(
        self,
        listing: IndexedListing,
        distance: float,
        query_fit: float,
        query_share: float,
        known: float,
        made_for_others: float = 1.0,
    ) -> _Scored:
        profile, service = self.profile, listing.service
        reasons: list[Reason] = []
        needs = self.needs_of(service)
        matched = tuple(n for n in profile.needs if n in needs)
        if matched:
            reasons.append(Reason("need.offers", (("needs", matched),)))
            if thin := tuple(n for n in matched if not service.needs_backed & NEED_BITS[n]):
                reasons.append(Reason("need.inferred", (("needs", thin),)))
            if others := tuple(n for n in needs if n not in matched):  # broader
                reasons.append(Reason("need.also_offers", (("needs", others),)))
        if profile.query and query_share >= 1:
            reasons.append(self._mentions)
            named = () if profile.needs else self.query_needs
            if named and not any(n in service.needs for n in named):
                reasons.append(Reason("need.not_filed_under", (("needs", named),)))
        elif profile.query and query_share > 0:
            reasons.append(self._mentions_some)
        if not service.made_for & self.not_known_situations:  # else not lifted (see above)
            reasons.extend(self._situation(service))
        if made_for_others < 1:
            reasons.extend(said for bit, said in self.ruled_out if service.made_for & bit)
        indirect = 1.0
        if service.indirect is not None:
            reasons.append(Reason(f"kind.{service.indirect}"))
            indirect = scoring.INDIRECT_FACTOR
        reasons.append(scoring.distance_reason(distance, listing.confidential))

        evaluation = self._evaluate(service.rules)
        reasons.extend(evaluation.reasons)
        status = evaluation.status
        if made_for_others < 1 and status == ELIGIBLE:
            status = MAYBE  # its name says it is for others: ask before sending the client
        language, said = scoring.language_fit(service.languages, profile.language)
        reasons.extend(said)
        opening = self._opening(listing)
        reasons.append(opening.reason(self.when) or _HOURS_NOT_KNOWN)
        if (said := scoring.accessibility_reason(listing.accessibility)) is not None:
            reasons.append(said)
        if (said := scoring.freshness_reason(listing.verified, self.when.date())) is not None:
            reasons.append(said)

        available, said = scoring.availability(
            service.accepting_referrals,
            service.capacity,
            service.capacity_updated,
            self.when.date(),
        )
        reasons.extend(said)
        open_class = scoring.open_class(opening, self.when)
        return _Scored(
            listing=listing,
            needs=needs,
            distance_km=round(distance, 2),
            score=scoring.final_score(
                known,
                open_class,
                language,
                status,
                evaluation.open_questions,
                available * made_for_others * indirect,
                evaluation.met,
            ),
            eligibility=status,
            reasons=tuple(reasons),
            open_now=opening.open_now,
        )

    def needs_of(self, service: ServiceFacts) -> tuple[str, ...]:
        """The needs a service offers: its categories', and those asked for that its words
        say surely enough by the need model (read from its words, so never "backed")."""
        unfiled = [n for n in self.profile.needs if n not in service.needs]
        if not unfiled:
            return service.needs
        said = self.index.need_probability_by_need
        sure = {
            n for n in unfiled if said[NEED_COLUMNS[n], service.number] >= scoring.MODEL_CANDIDATE
        }
        if not sure:
            return service.needs
        return tuple(n for n in NEED_SLUGS if n in sure or n in service.needs)

    def _situation(self, service: ServiceFacts) -> list[Reason]:
        key = (service.situations_by_rule, service.situations_by_text)
        found = self._situations.get(key)
        if found is None:
            found = self._situations[key] = situation_reasons(self.situations, *key)
        return found

    def _evaluate(self, rules) -> Evaluation:
        key = id(rules)
        if key not in self._evaluations:
            self._evaluations[key] = evaluate_rules(rules, self.profile)
        return self._evaluations[key]

    def _opening(self, listing: IndexedListing) -> OpenStatus:
        """Open now? Hours are kept to the minute, so the answer holds for the whole minute
        and is remembered by the index for every search in it."""
        key = (id(listing.hours), listing.time_zone, self._minute)
        found = self.index.openings.get(key)
        if found is None:
            found = opening_status(listing.hours, self._minute_start, listing.time_zone)
            self.index.openings.put(key, found)
        return found


_HOURS_NOT_KNOWN = Reason("open.hours_not_known")


def _query_needs(profile: ClientProfile, implied: tuple[str, ...]) -> tuple[str, ...]:
    """The needs typed words name ("tax preparation": financial aid), by the taxonomy's
    words, and those an intake's problem words imply."""
    if not profile.query:
        return ()
    said = set(classify_text(profile.query)) | set(implied)
    return tuple(n for n in NEED_SLUGS if n in said)


def _result(scored: _Scored, details: ListingDetails) -> MatchResult:
    listing = scored.listing
    return MatchResult(
        service_id=listing.service_id,
        service_at_location_id=listing.listing_id,
        source=details.source,
        external_id=details.external_id,
        name=listing.name,
        organization=details.organization,
        organization_id=listing.organization_id,
        description=details.description,
        address=details.address,
        # A confidential site's point is already its ZIP code's centre.
        lat=listing.lat,
        lon=listing.lon,
        distance_km=scored.distance_km,
        score=scored.score,
        needs=scored.needs,
        eligibility=scored.eligibility,
        reasons=scored.reasons,
        open_now=scored.open_now,
        phones=details.phones,
        hours=hours_as_written(listing.hours),
        url=details.url,
        confidential=listing.confidential,
    )


def _sort_key(result: _Scored):
    rank = {ELIGIBLE: 0, MAYBE: 0, INELIGIBLE: 1}[result.eligibility]
    listing = result.listing
    return (rank, -result.score, result.distance_km, listing.name, listing.service_id)


def _split_top_ten(results: list[_Scored]) -> tuple[list[_Scored], list[_Scored]]:
    """(first ten with at most two per organization, the rest in order)."""
    top: list[_Scored] = []
    deferred: list[_Scored] = []
    per_org: dict[str, int] = {}
    for result in results:
        count = per_org.get(result.organization_id, 0)
        if len(top) >= 10 or count >= PER_ORGANIZATION_IN_TOP_TEN:
            deferred.append(result)
            continue
        per_org[result.organization_id] = count + 1
        top.append(result)
    return top, deferred


def _diversify(results: list[_Scored]) -> list[_Scored]:
    """At most two services per organization among the first ten; the rest move down.

    When too few other organizations qualify, the moved-down results fill the ten again.
    Ineligible results (shown only on request) stay after every other one.
    """
    shown = [r for r in results if r.eligibility != INELIGIBLE]
    excluded = [r for r in results if r.eligibility == INELIGIBLE]
    top, deferred = _split_top_ten(shown)
    return top + deferred + excluded
