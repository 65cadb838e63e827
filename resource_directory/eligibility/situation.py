"""How specifically a service serves the client's situation.

Eligibility says whether a client *may* use a service; this module says whether the service
was *made for* someone in the client's situation. Among housing services, a 52-year-old
veteran behind on rent is better served by a veterans' housing programme or an eviction
prevention fund than by a first-time homebuyer workshop, although all three are "housing"
and none excludes him. The signals are the service's own eligibility rules (a veterans-only
rule is the strongest sign) and its own words (name and description).

The functions take plain values and bit masks (one bit per situation), so the search
index works a service's masks out once and a search combines them for many services:

- :func:`situation_score` → 0–1: each of the client's situations a service singles out in
  its rules counts 1, one its words name ``TEXT_ONLY``; more of them count more;
- :func:`situation_reasons` → which of the client's situations the service serves
  (``situation.serves.veterans``);
- :func:`ruled_out` → the situations the client's own facts rule out (a 34-year-old is no
  senior: ``situation.made_for.seniors``): a service whose very name is for one of them
  ("Geriatric Psychiatry") fits less;

A service for children (a day care for ages 2–5) serves a parent only through the children's
ages — one signal per stage of childhood (:data:`CHILD_STAGES`) — never as "young people":
a 22-year-old mother of an infant is not what a day care for toddlers was made for.
- :func:`situation_fit` → both, from a client and a listing's texts and rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from ..reasons import Reason
from .evaluate import GENDER_WORDS

#: Score when a situation is named only in the listing's words, not in its rules.
TEXT_ONLY = 0.6
#: A client of this age or older is a senior; a rule with a minimum this high serves seniors.
SENIOR_AGE, SENIOR_RULE_MIN = 60, 50
#: A client of this age or younger is young; a rule capped this low serves the young.
YOUTH_AGE, YOUTH_RULE_MAX = 24, 25
#: A client older than this is clearly no longer served as a young person.
ADULT_FROM = 30
#: A band ending below this serves children, whom a parent brings: not young people.
TEEN_FROM = 13
#: Ages of children by stage (infants, preschool, school age, teens): a service for
#: children serves a parent whose child is of a stage it serves, and no other parent.
CHILD_STAGES = ((0, 1), (2, 5), (6, 12), (13, 17))


def _not_young(client: Situation) -> Reason | None:
    """An adult, unless they have children young enough for a youth service (a parent may
    seek it for them)."""
    if client.age is None or client.age <= ADULT_FROM:
        return None
    if any(child <= YOUTH_RULE_MAX for child in client.children_ages or ()):
        return None
    return Reason.of("situation.made_for.young_people", age=client.age)


#: Gender words of a man who cannot be pregnant (a trans man can).
_MEN = GENDER_WORDS["male"] - GENDER_WORDS["transgender"]


def _not_pregnant(client: Situation) -> Reason | None:
    """Services for pregnant women often serve new mothers too (WIC, pregnancy centres):
    only a man, or a woman neither pregnant nor with children, is clearly not served."""
    if (client.gender or "").strip().lower() in _MEN:
        return Reason("situation.made_for.pregnant_women.man")
    if client.pregnant is False and client.children_ages == ():
        return Reason("situation.made_for.pregnant_women.not_pregnant")
    return None


def _not_senior(client: Situation) -> Reason | None:
    if client.age is not None and client.age < SENIOR_RULE_MIN:
        return Reason.of("situation.made_for.seniors", age=client.age)
    return None


def _when(said: Callable[[Situation], bool], code: str) -> Callable[[Situation], Reason | None]:
    """A fact that rules a group out, said by ``code``, when ``said`` holds for the client."""
    reason = Reason(code)
    return lambda client: reason if said(client) else None


class Situation(Protocol):
    """The client facts read here (``ClientProfile`` has them all)."""

    age: int | None
    veteran: bool | None
    pregnant: bool | None
    disability: bool | None
    housing_status: str | None
    gender: str | None
    children_ages: tuple[int, ...] | None


@dataclass(frozen=True)
class _Signal:
    #: What a service that serves it does (``situation.serves.veterans``).
    serves: Reason
    #: Does the client have this situation?
    applies: Callable[[Situation], bool]
    #: Has the client said something that clearly rules it out (a 34-year-old is no
    #: senior)? Then a service whose very name says it is for that group fits less, and
    #: this says why (``situation.made_for.seniors``).
    ruled_out: Callable[[Situation], Reason | None]
    #: Does an eligibility rule (kind, values) single it out?
    rule: Callable[[str, Mapping[str, Any]], bool]
    #: Words in the listing that name it.
    words: re.Pattern[str]


def _words(*patterns: str) -> re.Pattern[str]:
    compiled = re.compile(r"\b(?:" + "|".join(patterns) + r")", re.I)
    _PARTS[compiled] = patterns
    return compiled


#: The word patterns each signal's pattern was made of.
_PARTS: dict[re.Pattern[str], tuple[str, ...]] = {}


def _min_age(values: Mapping[str, Any]) -> int:
    return values.get("min") or 0


def _young_band(kind: str, values: Mapping[str, Any]) -> bool:
    """An age band for teenagers or young adults ("Youth 14-24"), not for children."""
    high = values.get("max")
    return kind == "age" and high is not None and TEEN_FROM <= high <= YOUTH_RULE_MAX


def _stage(low: int, high: int) -> _Signal:
    """Serving children of ages ``low``–``high``: met through the client's children."""

    def has_child(client: Situation) -> bool:
        return any(low <= child <= high for child in client.children_ages or ())

    def ruled_out(client: Situation) -> Reason | None:
        if client.children_ages == ():
            return _NO_CHILDREN
        if client.children_ages:
            return Reason.of("situation.made_for.other_ages", ages=tuple(client.children_ages))
        return None

    def rule(kind: str, values: Mapping[str, Any]) -> bool:
        # A band of minors ("Children ages 2-5", "under 19"); a parent is served through it.
        top = values.get("max")
        return (
            kind == "age"
            and top is not None
            and top <= 18
            and _min_age(values) <= high
            and (low <= top)
        )

    return _Signal(_SERVES_CHILDREN, has_child, ruled_out, rule, _STAGE_WORDS[(low, high)])


_SERVES_CHILDREN = Reason("situation.serves.childrens_ages")
_NO_CHILDREN = Reason("situation.made_for.families_with_children")


#: Words in a listing that name the children of each stage it serves.
_STAGE_WORDS = {
    (0, 1): _words(r"infants?\b", r"babies", r"newborns?", r"toddlers?"),
    (2, 5): _words(r"toddlers?", r"preschool", r"pre-?k\b", r"head\s+start", r"pre-?school"),
    (6, 12): _words(r"after-?school", r"school-?age"),
    (13, 17): _words(r"teens?\b", r"teenage", r"adolescen"),
}

_SIGNALS = (
    _Signal(
        Reason("situation.serves.veterans"),
        lambda c: c.veteran is True,
        _when(lambda c: c.veteran is False, "situation.made_for.veterans"),
        lambda kind, v: kind == "veteran" and bool(v.get("veteran") or v.get("military")),
        _words(r"veterans?\b", r"military\b", r"armed\s+forces", r"VA\b"),
    ),
    _Signal(
        Reason("situation.serves.pregnant_women"),
        lambda c: c.pregnant is True,
        _not_pregnant,
        lambda kind, v: kind == "pregnancy" and bool(v.get("pregnant")),
        _words(r"pregnan", r"prenatal", r"maternity", r"obstetric", r"WIC\b", r"expectant"),
    ),
    _Signal(
        Reason("situation.serves.people_with_disabilities"),
        lambda c: c.disability is True,
        lambda c: None,  # "wheelchair", "paratransit": names that say how, not for whom
        lambda kind, v: kind == "disability" and bool(v.get("disability")),
        _words(r"disabilit", r"disabled", r"homebound", r"wheelchair", r"paratransit", r"handicap"),
    ),  # fmt: skip
    _Signal(
        Reason("situation.serves.seniors"),
        lambda c: c.age is not None and c.age >= SENIOR_AGE,
        _not_senior,
        lambda kind, v: kind == "age" and _min_age(v) >= SENIOR_RULE_MIN,
        _words(
            r"seniors?\b",
            r"elderly",
            r"geriatric",
            r"older\s+adults?",
            r"aging\b",
            r"aged\b",
            r"homebound",
            r"retire",
        ),
    ),  # fmt: skip
    _Signal(
        Reason("situation.serves.young_people"),
        lambda c: c.age is not None and c.age <= YOUTH_AGE,
        _not_young,
        _young_band,
        _words(
            r"youths?\b",
            r"teens?\b",
            r"teenage",
            r"adolescen",
            r"juvenile",
            r"young\s+(?:adults?|women|men)",
        ),
    ),
    _Signal(
        Reason("situation.serves.people_without_a_home"),
        lambda c: c.housing_status == "homeless",
        _when(lambda c: c.housing_status == "housed", "situation.made_for.people_without_a_home"),
        lambda kind, v: kind == "housing_status" and bool(v.get("homeless")),
        _words(r"homeless"),
    ),
    _Signal(
        Reason("situation.serves.people_about_to_lose_their_home"),
        lambda c: c.housing_status == "at_risk",
        lambda c: None,
        lambda kind, v: kind == "housing_status" and bool(v.get("at_risk")),
        _words(
            r"evict",
            r"foreclos",
            r"behind\s+on\s+(?:rent|mortgage)",
            r"rent(?:al)?\s+assist",
            r"shut-?offs?",
            r"turn-?offs?",
            r"at\s+risk\s+of\s+(?:homeless|losing)",
        ),
    ),  # fmt: skip
    _Signal(
        Reason("situation.serves.families_with_children"),
        lambda c: bool(c.children_ages),
        lambda c: _NO_CHILDREN if c.children_ages == () else None,
        lambda kind, v: kind == "household" and bool(v.get("children")),
        _words(
            r"families\s+with\s+children",
            r"mothers?\s+(?:and|with)\s+(?:their\s+)?children",
            r"parents?\s+(?:and|with)\s+(?:their\s+)?children",
            r"family\s+shelter",
        ),
    ),  # fmt: skip
    *(_stage(low, high) for low, high in CHILD_STAGES),
)


#: One bit per signal, in the order of ``_SIGNALS``.
_BITS = tuple(1 << i for i in range(len(_SIGNALS)))


def situation_fit(
    client: Situation,
    texts: Iterable[str | None],
    rules: Iterable[tuple[str, Mapping[str, Any]]] = (),
) -> tuple[float, list[Reason]]:
    """(0–1, reasons): how specifically the service serves the client's situation.

    ``texts`` are the listing's own words (service name, description, eligibility text);
    ``rules`` its eligibility rules as (kind, values); scored as :func:`situation_score`.
    Only situations the client stated count, so a client who said nothing scores 0
    everywhere and the ranking is unchanged.
    """
    client_bits, rule_bits = client_situations(client), rule_situations(rules)
    text_bits = text_situations(texts)
    score = float(situation_score(client_bits, rule_bits, text_bits))
    return score, situation_reasons(client_bits, rule_bits, text_bits)


def client_situations(client: Situation) -> int:
    """Bit mask of the situations the client stated (one bit per signal)."""
    return sum(1 << i for i, signal in enumerate(_SIGNALS) if signal.applies(client))


def ruled_out(client: Situation) -> list[tuple[int, Reason]]:
    """(bit, reason: "made for seniors — client is 34") for each situation the client's
    facts rule out."""
    found: dict[Reason, int] = {}
    for bit, signal in zip(_BITS, _SIGNALS, strict=True):
        if signal.applies(client):
            continue  # facts at odds with each other rule nothing out
        if (reason := signal.ruled_out(client)) is not None:
            found[reason] = found.get(reason, 0) | bit  # one reason, however many bits
    return [(bits, reason) for reason, bits in found.items()]


def rule_situations(rules: Iterable[tuple[str, Mapping[str, Any]]]) -> int:
    """Bit mask of the situations some eligibility rules single out."""
    bits = 0
    for kind, values in rules:
        for i, signal in enumerate(_SIGNALS):
            if signal.rule(kind, values or {}):
                bits |= 1 << i
    return bits


def text_situations(texts: Iterable[str | None], words: Iterable[str] | None = None) -> int:
    """Bit mask of the situations a listing's words name.

    Runs for every service when the search index is built, over descriptions of up to
    several kilobytes, so patterns are tried only on those of the text's ``words`` (lower
    case; found here when not given) that begin with their first letters, and a pattern of
    several words then searches the whole text.
    """
    blob = " ".join(t for t in texts if t)
    if words is None:
        words = set(_TOKEN.findall(blob.lower()))
    parts_by_head = _PARTS_BY_HEAD
    bits = 0
    for word in [w for w in words if w[:3] in parts_by_head]:
        for part in parts_by_head[word[:3]]:
            if bits & part.signals == part.signals:
                continue  # nothing new to learn from this pattern
            if part.single_word.match(word) if part.single_word else part.text.search(blob):
                bits |= part.signals
    return bits


def situation_score(client: int, rules, texts):
    """0–1 from the masks (ints, or numpy arrays of them for many services at once).

    Each of the client's situations the service serves counts 1 when a rule singles it
    out and ``TEXT_ONLY`` when only its words do; more of them count more
    (1 − Π(1 − score): a clinic for pregnant teenagers fits a pregnant 17-year-old better
    than a youth centre does), never above 1. One situation served by a rule makes the
    product 0, so the score is 1; else it is read from ``_BY_WORDS`` (a search scores up
    to a few hundred thousand services: a pass over them per situation took longer).
    """
    return np.where(np.bitwise_and(rules, client) != 0, 1.0, _BY_WORDS.take(texts & client))


def _by_words() -> np.ndarray:
    """Per mask of situations served by words alone, 1 − Π(1 − ``TEXT_ONLY``): multiplied
    one situation after another, as a product over them is."""
    scores, remaining = [0.0], 1.0
    for _ in _BITS:
        remaining = remaining * (1 - TEXT_ONLY)
        scores.append(1 - remaining)
    return np.array([scores[bin(mask).count("1")] for mask in range(1 << len(_BITS))])


_BY_WORDS = _by_words()


def situation_reasons(client: int, rules: int, texts: int) -> list[Reason]:
    """The client's situations a service serves ("serves veterans")."""
    served = client & (rules | texts)
    found = (signal.serves for bit, signal in zip(_BITS, _SIGNALS, strict=True) if served & bit)
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class _Part:
    """One word pattern of the situation signals."""

    text: re.Pattern[str]
    #: The pattern for one lower-case word, when it spans a single word.
    single_word: re.Pattern[str] | None
    #: The signals it names ("homebound": disability and old age).
    signals: int


def _signal_parts() -> dict[str, tuple[_Part, ...]]:
    """The distinct word patterns of all signals, by their first two or three letters."""
    masks: dict[str, int] = {}
    for i, signal in enumerate(_SIGNALS):
        for part in _PARTS[signal.words]:
            masks[part] = masks.get(part, 0) | 1 << i
    by_head: dict[str, tuple[_Part, ...]] = {}
    for part, mask in masks.items():
        several = any(mark in part for mark in (r"\s", "-", " "))
        compiled = _Part(
            text=re.compile(r"\b(?:" + part + ")", re.I),
            single_word=None if several else re.compile(part.lower()),
            signals=mask,
        )
        head = re.match(r"[a-z]*", part.lower()).group()  # type: ignore[union-attr]
        if len(head) < 2:
            raise ValueError(f"situation word pattern {part!r} must start with two letters")
        by_head[head[:3]] = (*by_head.get(head[:3], ()), compiled)
    return by_head


_TOKEN = re.compile(r"[a-z0-9]+")
_PARTS_BY_HEAD = _signal_parts()
