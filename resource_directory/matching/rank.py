"""match_services: rank the services that fit a client's needs, near them, with reasons.

Matcher v0: candidates from SQL (bounding box + need terms), exact need fit from the
taxonomy, distance, and eligibility from the structured rules. The weights are here, in
one place.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from rapidfuzz import fuzz
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, selectinload

from ..eligibility import evaluate_rules
from ..eligibility.evaluate import ELIGIBLE, INELIGIBLE, MAYBE
from ..geo import bounding_box, distance_km
from ..listings import (
    display_address,
    display_hours,
    display_phones,
    listing_display_options,
    public_point,
    service_display_options,
)
from ..models import (
    EligibilityRule,
    Location,
    Service,
    ServiceAtLocation,
    ServiceTaxonomy,
    TaxonomyTerm,
)
from ..schedules import OpenStatus, opening_status
from ..taxonomy import NEEDS_BY_SLUG, OPEN_ELIGIBILITY, needs_for_terms
from .profile import ClientProfile
from .results import MatchResponse, MatchResult

#: How much each component weighs in a result's score (they sum to 1).
WEIGHTS = {
    "need_fit": 0.45,
    "distance": 0.3,
    "open": 0.1,
    "language": 0.05,
    "freshness": 0.05,
    "accessibility": 0.05,
}
#: A listing checked within this many days counts as fresh; older ones fade to zero at STALE.
FRESH_DAYS, STALE_DAYS = 180, 730
#: Open-hours component: open now, opening within a day, closed longer or hours unknown.
OPEN_SCORE = {"open": 1.0, "soon": 0.6, "later": 0.2, "unknown": 0.4}
OPENS_SOON = timedelta(hours=24)
#: Distance at which the distance component has halved.
DISTANCE_HALF_KM = 5.0
#: Multiplier for each eligibility verdict: a "maybe" ranks below an equally good "eligible".
ELIGIBILITY_FACTOR = {ELIGIBLE: 1.0, MAYBE: 0.8, INELIGIBLE: 0.0}
#: A free-text query matches a listing when rapidfuzz's partial ratio reaches this.
#: A query word matches a listing word at this rapidfuzz ratio: a dropped or doubled letter
#: passes ("grocry"), a changed letter in a short word does not ("dental" ≠ "mental").
QUERY_THRESHOLD = 88
#: Shorter query words must match exactly ("GED", "WIC", "tax").
TYPO_MIN_LENGTH = 5
_QUERY_STOPWORDS = frozenset({"a", "an", "and", "the", "of", "for", "to", "in", "with", "help"})
#: At most this many services of one organization among the first ten results.
PER_ORGANIZATION_IN_TOP_TEN = 2


@dataclass(frozen=True)
class _RuleView:
    kind: str
    values: dict
    confidence: float
    quote: str

    @classmethod
    def of(cls, rule: EligibilityRule) -> _RuleView:
        return cls(rule.kind, rule.values or {}, rule.confidence, rule.source_text or "")


def match_services(session: Session, profile: ClientProfile) -> MatchResponse:
    """Rank services for a client; ineligible ones only when asked for, and then last."""
    client = profile.location
    best: dict[str, MatchResult] = {}
    for listing in session.scalars(_candidates(profile)):
        result = _score(listing, profile)
        if result is None:
            continue
        if result.eligibility == INELIGIBLE and not profile.include_ineligible:
            continue
        kept = best.get(result.service_id)
        # One result per service: its nearest location.
        if kept is None or (result.distance_km, result.service_at_location_id) < (
            kept.distance_km,
            kept.service_at_location_id,
        ):
            best[result.service_id] = result
    ordered = sorted(best.values(), key=_sort_key)
    return MatchResponse(client=client, results=_diversify(ordered)[: profile.limit])


def _candidates(profile: ClientProfile):
    client = profile.location
    min_lat, max_lat, min_lon, max_lon = bounding_box(client.lat, client.lon, profile.radius_km)
    stmt = (
        select(ServiceAtLocation)
        .join(ServiceAtLocation.service)
        .join(ServiceAtLocation.location)
        .where(
            ServiceAtLocation.active,
            Service.active,
            Service.status == "active",
            Location.active,
            Location.latitude.between(min_lat, max_lat),
            Location.longitude.between(min_lon, max_lon),
        )
        .options(
            selectinload(ServiceAtLocation.service).options(*service_display_options()),
            *listing_display_options(),
        )
    )
    if profile.needs and not profile.query:
        prefixes = [p for slug in profile.needs for p in NEEDS_BY_SLUG[slug].prefixes]
        stmt = stmt.where(
            exists()
            .where(ServiceTaxonomy.service_id == Service.id)
            .where(TaxonomyTerm.id == ServiceTaxonomy.taxonomy_term_id)
            .where(TaxonomyTerm.taxonomy == OPEN_ELIGIBILITY)
            .where(or_(*(TaxonomyTerm.code == p for p in prefixes),
                       *(TaxonomyTerm.code.like(p + "-%") for p in prefixes)))
        )  # fmt: skip
    return stmt


def _score(listing: ServiceAtLocation, profile: ClientProfile) -> MatchResult | None:
    service, location = listing.service, listing.location
    client = profile.location
    distance = distance_km(client.lat, client.lon, location.latitude, location.longitude)
    if distance > profile.radius_km:
        return None
    service_needs = needs_for_terms((t.term.taxonomy, t.term.code) for t in service.terms)
    matched = [n for n in profile.needs if n in service_needs]
    reasons: list[str] = []
    fits: list[float] = []
    if profile.needs:
        fits.append(len(matched) / len(profile.needs))
        if matched:
            labels = ", ".join(NEEDS_BY_SLUG[n].label.lower() for n in matched)
            reasons.append(f"offers {labels}")
    if profile.query:
        query_fit = _query_fit(profile.query, service)
        if query_fit >= QUERY_THRESHOLD:
            fits.append(query_fit / 100)
            reasons.append(f"mentions “{profile.query}”")
        elif not matched:
            return None
    if not fits or max(fits) == 0:
        return None
    need_fit = max(fits)

    reasons.append(_distance_reason(distance, location.confidential))
    evaluation = evaluate_rules([_RuleView.of(r) for r in service.eligibility_rules], profile)
    reasons.extend(evaluation.reasons)
    language_fit, language_reasons = _language(service, profile.language)
    reasons.extend(language_reasons)
    hours = listing.schedules or service.schedules or location.schedules
    when = profile.at or datetime.now(UTC)
    opening = opening_status(hours, when, location.time_zone)
    if (said := opening.reason(when)) is not None:
        reasons.append(said)

    freshness, said = _freshness(service.assured_date, when)
    if said:
        reasons.append(said)
    accessible = _accessibility(location.accessibility)

    raw = (
        WEIGHTS["need_fit"] * need_fit
        + WEIGHTS["distance"] * _distance_score(distance)
        + WEIGHTS["open"] * OPEN_SCORE[_open_class(opening, when)]
        + WEIGHTS["language"] * language_fit
        + WEIGHTS["freshness"] * freshness
        + WEIGHTS["accessibility"] * accessible
    )
    score = round(raw * ELIGIBILITY_FACTOR[evaluation.status], 4)
    lat, lon = public_point(location)
    return MatchResult(
        service_id=service.id,
        service_at_location_id=listing.id,
        source=service.source.name if service.source else None,
        external_id=service.external_id,
        name=service.name,
        organization=service.organization.name,
        organization_id=service.organization_id,
        description=service.description,
        address=display_address(location),
        lat=lat,
        lon=lon,
        distance_km=round(distance, 2),
        score=score,
        needs=service_needs,
        eligibility=evaluation.status,
        reasons=tuple(reasons),
        open_now=opening.open_now,
        phones=display_phones(listing),
        hours=display_hours(listing),
        url=service.url,
        confidential=location.confidential,
    )


def _distance_score(km: float) -> float:
    return math.pow(0.5, km / DISTANCE_HALF_KM)


def _distance_reason(km: float, confidential: bool) -> str:
    if confidential:
        return f"about {km:.1f} km away (confidential site: measured to its ZIP code's centre)"
    return f"within {km:.1f} km" if km >= 0.1 else "under 100 m away"


def _query_fit(query: str, service: Service) -> float:
    """0–100: how well every word of the query matches a whole word of the listing.

    Word against word, so "dental" does not match "rental" and "GED" does not match
    "aged"; typos are forgiven only in longer words. The listing's category names count.
    """
    words = _words(query)
    if not words:
        return 0.0
    texts = [service.name, service.description, service.organization.name,
             *(link.term.name for link in service.terms)]  # fmt: skip
    vocabulary = {word for text in texts if text for word in _words(text)}
    scores = []
    for word in words:
        if word in vocabulary:
            scores.append(100.0)
            continue
        if len(word) < TYPO_MIN_LENGTH:
            return 0.0
        scores.append(max((fuzz.ratio(word, known) for known in vocabulary), default=0.0))
    return min(scores)


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _QUERY_STOPWORDS]


def _language(service: Service, language: str | None) -> tuple[float, list[str]]:
    """(language component, reasons): full marks when no language was asked for."""
    if not language:
        return 1.0, []
    codes = {lang.code for lang in service.languages if lang.code}
    if language in codes:
        name = next(lang.name for lang in service.languages if lang.code == language)
        return 1.0, [f"services in {name}"]
    if service.languages:
        return 0.0, [f"language {language!r} not listed — ask about interpretation"]
    return 0.5, ["languages not listed — ask"]


def _freshness(verified: date | None, when: datetime) -> tuple[float, str | None]:
    """(component, reason): 1 when checked recently, fading to 0 for very old listings."""
    if verified is None:
        return 0.3, "never verified — call to confirm"
    age = (when.date() - verified).days
    if age <= FRESH_DAYS:
        return 1.0, None
    if age >= STALE_DAYS:
        return 0.0, f"last verified {verified:%b %Y} — call to confirm"
    return 1 - (age - FRESH_DAYS) / (STALE_DAYS - FRESH_DAYS), f"last verified {verified:%b %Y}"


def _accessibility(text: str | None) -> float:
    """Stated wheelchair access ranks a little higher; stated lack of it a little lower."""
    if not text:
        return 0.5
    lowered = text.lower()
    if "not " in lowered or "no " in lowered or "stairs only" in lowered:
        return 0.0
    return 1.0


def _open_class(opening: OpenStatus, when: datetime) -> str:
    if opening.open_now is None:
        return "unknown"
    if opening.open_now:
        return "open"
    if opening.next_open is not None and opening.next_open - when <= OPENS_SOON:
        return "soon"
    return "later"


def _sort_key(result: MatchResult):
    rank = {ELIGIBLE: 0, MAYBE: 0, INELIGIBLE: 1}[result.eligibility]
    return (rank, -result.score, result.distance_km, result.name, result.service_id)


def _diversify(results: list[MatchResult]) -> list[MatchResult]:
    """At most two services per organization among the first ten; the rest move down.

    When too few other organizations qualify, the moved-down results fill the ten again.

    Ineligible results (shown only on request) stay after every other one.
    """
    shown = [r for r in results if r.eligibility != INELIGIBLE]
    excluded = [r for r in results if r.eligibility == INELIGIBLE]
    top: list[MatchResult] = []
    deferred: list[MatchResult] = []
    per_org: dict[str, int] = {}
    for result in shown:
        if len(top) >= 10:
            deferred.append(result)
            continue
        count = per_org.get(result.organization_id, 0)
        if count >= PER_ORGANIZATION_IN_TOP_TEN:
            deferred.append(result)
            continue
        per_org[result.organization_id] = count + 1
        top.append(result)
    return top + deferred + excluded
