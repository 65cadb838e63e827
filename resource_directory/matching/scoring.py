"""How a result's score is made: the weights and each component, in one place.

score = (Σ weight × component) × eligibility factor × availability factor, rounded to 4
places. Every component is between 0 and 1 and every one that moved a result is named in
its reasons:

- need_fit: share of the requested needs the service offers (through its taxonomy terms),
  each counted by how surely the agency's own terms say it (``NEED_EVIDENCE``), a little
  less when they are a small part of what it offers, or how well a free-text
  query matches its words (half as much when needs were asked for too, or when the
  query's own words name a need the service does not offer: "tax preparation" at a meal
  delivery service), whichever is higher;
- distance: halves every ``DISTANCE_HALF_KM``;
- situation: the service is made for someone in the client's situation (veteran, pregnant,
  senior, without a home…): 1 when its rules single that out, less when only its words do;
- query: share of the free-text query's words the service's words contain (so "home
  delivered meals" lifts meal delivery among food services);
- open: open now, opening within a day, closed for longer, hours unknown;
- language: offered in the client's language, not listed, or others listed;
- freshness: last verified within ``FRESH_DAYS``, fading to 0 at ``STALE_DAYS``;
- accessibility: stated wheelchair access, nothing stated, stated lack of it.

The eligibility factor puts a "maybe" below an equally good "eligible", and a "maybe" with
more conditions left to check below one with fewer; ineligible results are left out unless
asked for, and then come last. The availability factor puts a service
whose agency asks not to refer for now, has a waiting list or has said it has no places
left below one that takes referrals; a service whose name or age-group categories say it
is for a group the client is clearly not in (``MADE_FOR_OTHERS``) is lowered the same way.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np

from ..eligibility.evaluate import ELIGIBLE, INELIGIBLE, MAYBE
from ..reasons import Reason
from ..schedules import OpenStatus

#: How much each component weighs in a result's score. Learned from the dev judgments of
#: bench/quality (``bench/tune_ranking.py``: coordinate ascent on recall@10, full intake and
#: structured facts alike), not tuned by hand; the test split was never read.
WEIGHTS = {
    "need_fit": 0.2,
    "distance": 0.08,
    "situation": 0.15,
    "query": 0.4,
    "open": 0.04,
    "language": 0.04,
    "freshness": 0.03,
    "accessibility": 0.03,
}
#: Multiplier for each eligibility verdict: a "maybe" ranks below an equally good "eligible"
#: (most "maybe" verdicts are a fact the client was not asked, not a doubt about the fit).
ELIGIBILITY_FACTOR = {ELIGIBLE: 1.0, MAYBE: 0.9, INELIGIBLE: 0.0}
#: Multiplier for each unsettled eligibility condition after the first: a service with
#: three conditions to check with the agency is less likely to take the client than one
#: with a single one.
EACH_MORE_QUESTION = 0.95
#: Need fit of a service that matches the query but none of the needs asked for with it
#: (a food pantry that mentions GED classes, for a client who asked for education).
QUERY_ONLY_FIT = 0.3
#: Share of need fit that comes from the need model (how surely the service's own words say
#: the need, :mod:`.need_model`) rather than from its categories; a service its categories
#: do not file under the need is a candidate when its words say it at least
#: ``MODEL_CANDIDATE`` surely.
MODEL_SHARE = 0.5
MODEL_CANDIDATE = 0.7
#: A condition the client's entered facts meet counts for the service (a listing that says
#: whom it serves, and serves this client, above one that says nothing): this much more per
#: condition met, up to ``MET_COUNTED`` of them.
MET_BONUS = 0.03
MET_COUNTED = 2
#: Need fit below this is no fit (the model gives every service some chance of every need).
LEAST_NEED_FIT = 1e-6
#: How much typed words count for a service of the need they imply, by the model's
#: reading of it ("eviction" at a tenants' rights clinic that never says "eviction").
QUERY_INTENT = 0.3
#: Multiplier for whether the agency takes referrals now.
REFERRAL_FACTOR = {"open": 1.0, "waitlist": 0.8, "closed": 0.4}
#: Multiplier when the agency said within ``CAPACITY_DAYS`` that no places are left.
NO_PLACES_FACTOR, CAPACITY_DAYS = 0.7, 14
#: Share of need fit a service loses when the requested needs are only a small part of what
#: it offers (a hospital filed under ten needs vs a clinic for just this one).
BROAD_SERVICE_DISCOUNT = 0.3
#: How much a need a service offers counts, by the signs that it does: (base, added by each
#: sign). The signs are its being filed under one of the agency's own terms for the need,
#: under two or more (a clinic filed under outpatient treatment, psychiatric care and
#: counselling does mental health care more surely than a health department programme whose
#: only sign of it is "counseling"), and its name saying so ("Code Blue Shelter"). A need
#: only inferred (read from the listing's words, not from its categories) has no sign;
#: ``NEED_SIGNS`` of them are full marks.
NEED_EVIDENCE = (0.8, 0.1)
NEED_SIGNS = 2
#: Multiplier for a service whose very name or age-group categories say it is for a group
#: the client's own facts rule out ("Geriatric Psychiatry", or only "Teens" and "Children",
#: for a 34-year-old): not excluded, since these are not rules, but below services for all.
MADE_FOR_OTHERS = 0.75
#: Multiplier for an indirect listing (an information line, a volunteer or donation
#: programme, an administrative or funding office: :mod:`.kinds`), below direct providers.
#: The dev judgments are indifferent to it (1.0 scored 0.0006 higher, within their noise):
#: it is set by the judging rule that such listings are not what the client asked for.
#: Values moved by the tuner by less than 0.001 of recall were left where they were.
INDIRECT_FACTOR = 0.85
#: Distance at which the distance component has halved.
DISTANCE_HALF_KM = 3.5
#: Open-hours component: open now, opening within a day, closed longer or hours unknown.
OPEN_SCORE = {"open": 1.0, "soon": 0.6, "later": 0.2, "unknown": 0.4}
OPENS_SOON = timedelta(hours=24)
#: A listing checked within this many days counts as fresh; older ones fade to zero at STALE.
FRESH_DAYS, STALE_DAYS = 180, 730
#: Freshness of a listing nobody has verified.
NEVER_VERIFIED = 0.3
#: Accessibility component: nothing stated.
ACCESS_UNKNOWN = 0.5
#: At most this many services of one organization among the first ten results.
PER_ORGANIZATION_IN_TOP_TEN = 2
#: Below this the open and language components are not known until a listing is scored;
#: the best they can add is this much.
BEST_OPEN_AND_LANGUAGE = WEIGHTS["open"] + WEIGHTS["language"]


def known_part(
    need_fit: np.ndarray,
    distance_km: np.ndarray,
    situation: np.ndarray,
    query: np.ndarray,
    freshness: np.ndarray,
    access: np.ndarray,
) -> np.ndarray:
    """The weighted components known before a listing is scored, for many at once."""
    return (
        WEIGHTS["need_fit"] * need_fit
        + WEIGHTS["distance"] * np.power(0.5, distance_km / DISTANCE_HALF_KM)
        + WEIGHTS["situation"] * situation
        + WEIGHTS["query"] * query
        + WEIGHTS["freshness"] * freshness
        + WEIGHTS["accessibility"] * access
    )


def need_fit(
    matched: np.ndarray, offered: np.ndarray, wanted: int, signs: np.ndarray
) -> np.ndarray:
    """Share of the ``wanted`` needs a service offers (``matched`` of them), each counted by
    the evidence for it (``signs`` of them in all, at most ``NEED_SIGNS`` per need, see
    ``NEED_EVIDENCE``), less a little when those are a small part of the ``offered`` needs:
    a service focused on what the client asked for ranks above one where it is a side
    line."""
    base, per_sign = NEED_EVIDENCE
    evidence = base * matched + per_sign * signs
    focus = matched / np.maximum(offered, 1)
    return evidence / wanted * (1 - BROAD_SERVICE_DISCOUNT * (1 - focus))


def blend_need_fit(filed: np.ndarray, said: np.ndarray) -> np.ndarray:
    """Need fit from the categories (``filed``, :func:`need_fit`) and from the need model
    (``said``, 0–1): no fit unless the categories file the service under the need or its
    words say it surely enough."""
    blended = (1 - MODEL_SHARE) * filed + MODEL_SHARE * said
    return np.where((filed > 0) | (said >= MODEL_CANDIDATE), blended, 0.0)


def final_score(
    known: float,
    open_class: str,
    language: float,
    eligibility: str,
    open_questions: int,
    availability: float,
    met: int = 0,
) -> float:
    raw = known + WEIGHTS["open"] * OPEN_SCORE[open_class] + WEIGHTS["language"] * language
    factor = ELIGIBILITY_FACTOR[eligibility] * EACH_MORE_QUESTION ** max(open_questions - 1, 0)
    factor *= 1 + MET_BONUS * min(met, MET_COUNTED)
    return round(raw * factor * availability, 4)


#: What the agency said about referrals, when it is not simply taking them.
_REFERRALS = {
    "closed": Reason("availability.not_referring"),
    "waitlist": Reason("availability.waitlist"),
}


def availability(
    accepting_referrals: str, capacity: int | None, updated: date | None, today: date
) -> tuple[float, list[Reason]]:
    """(factor, reasons) for whether the agency can take the client now."""
    factor, reasons = REFERRAL_FACTOR[accepting_referrals], []
    if (said := _REFERRALS.get(accepting_referrals)) is not None:
        reasons.append(said)
    if capacity is not None:
        current = updated is None or (today - updated).days <= CAPACITY_DAYS
        if capacity == 0:
            factor *= NO_PLACES_FACTOR if current else 1.0
        reasons.append(_places(capacity, updated, current))
    return factor, reasons


def _places(capacity: int, updated: date | None, current: bool) -> Reason:
    """How many places the agency said are left, and on which day when it said so."""
    if capacity:
        if updated is None:
            return Reason.of("availability.places", count=capacity)
        return Reason.of("availability.places_on", count=capacity, day=updated)
    if updated is None:
        return _NO_PLACES
    code = "availability.no_places_on" if current else "availability.no_places_on_outdated"
    return Reason.of(code, day=updated)


_NO_PLACES = Reason("availability.no_places")


def freshness(verified_days: np.ndarray, today: date) -> np.ndarray:
    """1 when checked recently, fading to 0 for very old listings (days since 1 Jan 1 AD;
    0 = never verified)."""
    age = today.toordinal() - verified_days
    fading = 1 - (age - FRESH_DAYS) / (STALE_DAYS - FRESH_DAYS)
    score = np.clip(fading, 0.0, 1.0)
    return np.where(verified_days == 0, NEVER_VERIFIED, score)


def freshness_reason(verified: date | None, today: date) -> Reason | None:
    if verified is None:
        return _NEVER_VERIFIED
    age = (today - verified).days
    if age <= FRESH_DAYS:
        return None
    code = "freshness.stale" if age >= STALE_DAYS else "freshness.old"
    return Reason(code, (("month", verified),))


_NEVER_VERIFIED = Reason("freshness.never_verified")


def accessibility(text: str | None) -> float:
    """Stated wheelchair access ranks a little higher; stated lack of it a little lower."""
    if not text:
        return ACCESS_UNKNOWN
    lowered = text.lower()
    if "not " in lowered or "no " in lowered or "stairs only" in lowered:
        return 0.0
    return 1.0


def accessibility_reason(text: str | None) -> Reason | None:
    """What the accessibility component took from the listing, when it says anything."""
    if not text:
        return None
    code = "accessibility.none" if accessibility(text) == 0 else "accessibility.wheelchair"
    return Reason(code, (), text)


def open_class(opening: OpenStatus, when: datetime) -> str:
    if opening.open_now is None:
        return "unknown"
    if opening.open_now:
        return "open"
    if opening.next_open is not None and opening.next_open - when <= OPENS_SOON:
        return "soon"
    return "later"


def language_fit(
    languages: tuple[tuple[str | None, str | None], ...], wanted: str | None
) -> tuple[float, list[Reason]]:
    """(language component, reasons): full marks when no language was asked for."""
    if not wanted:
        return 1.0, []
    for code, name in languages:
        if code == wanted:
            return 1.0, [Reason.of("language.offered", code=code, language=name)]
    if languages:
        return 0.0, [Reason.of("language.not_listed", code=wanted)]
    return 0.5, [_LANGUAGES_NOT_LISTED]


_LANGUAGES_NOT_LISTED = Reason("language.none_listed")
_UNDER_100_M = Reason("distance.under_100_m")


def distance_reason(km: float, confidential: bool) -> Reason:
    if confidential:
        return Reason("distance.confidential", (("km", km),))
    return Reason("distance.within", (("km", km),)) if km >= 0.1 else _UNDER_100_M
