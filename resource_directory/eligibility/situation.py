"""How specifically a service serves the client's situation, and how well it answers a query.

Eligibility says whether a client *may* use a service; this module says whether the service
was *made for* someone in the client's situation. Among housing services, a 52-year-old
veteran behind on rent is better served by a veterans' housing programme or an eviction
prevention fund than by a first-time homebuyer workshop, although all three are "housing"
and none excludes him. The signals are the service's own eligibility rules (a veterans-only
rule is the strongest sign) and its own words (name and description).

Both functions take plain values, so the matcher can call them on whatever it indexes:

- :func:`situation_fit` → (0–1, reasons): 1 when the rules single out the client's
  situation, ``TEXT_ONLY`` when only the listing's words mention it, 0 otherwise;
- :func:`query_match` → (0–1, reasons): the share of the query's telling words that begin a
  word of the listing, with light stemming ("home delivered meals" finds "Delivers
  groceries to the homebound"; "dental" never finds "mental").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

#: Score when a situation is named only in the listing's words, not in its rules.
TEXT_ONLY = 0.6
#: A client of this age or older is a senior; a rule with a minimum this high serves seniors.
SENIOR_AGE, SENIOR_RULE_MIN = 60, 50
#: A client of this age or younger is young; a rule capped this low serves the young.
YOUTH_AGE, YOUTH_RULE_MAX = 24, 25


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
    label: str
    #: Does the client have this situation?
    applies: Callable[[Situation], bool]
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


_SIGNALS = (
    _Signal(
        "serves veterans",
        lambda c: c.veteran is True,
        lambda kind, v: kind == "veteran" and bool(v.get("veteran") or v.get("military")),
        _words(r"veterans?\b", r"military\b", r"armed\s+forces", r"VA\b"),
    ),
    _Signal(
        "serves pregnant women",
        lambda c: c.pregnant is True,
        lambda kind, v: kind == "pregnancy" and bool(v.get("pregnant")),
        _words(r"pregnan", r"prenatal", r"maternity", r"obstetric", r"WIC\b", r"expectant"),
    ),
    _Signal(
        "serves people with disabilities",
        lambda c: c.disability is True,
        lambda kind, v: kind == "disability" and bool(v.get("disability")),
        _words(r"disabilit", r"disabled", r"homebound", r"wheelchair", r"paratransit", r"handicap"),
    ),  # fmt: skip
    _Signal(
        "serves seniors",
        lambda c: c.age is not None and c.age >= SENIOR_AGE,
        lambda kind, v: kind == "age" and _min_age(v) >= SENIOR_RULE_MIN,
        _words(
            r"seniors?\b",
            r"elderly",
            r"older\s+adults?",
            r"aging\b",
            r"aged\b",
            r"homebound",
            r"retire",
        ),
    ),  # fmt: skip
    _Signal(
        "serves young people",
        lambda c: c.age is not None and c.age <= YOUTH_AGE,
        lambda kind, v: kind == "age" and (v.get("max") or 999) <= YOUTH_RULE_MAX,
        _words(
            r"youths?\b", r"teens?\b", r"teenage", r"adolescen", r"young\s+(?:adults?|women|men)"
        ),
    ),
    _Signal(
        "serves people without a home",
        lambda c: c.housing_status == "homeless",
        lambda kind, v: kind == "housing_status" and bool(v.get("homeless")),
        _words(r"homeless"),
    ),
    _Signal(
        "helps people about to lose their home",
        lambda c: c.housing_status == "at_risk",
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
        "serves families with children",
        lambda c: bool(c.children_ages),
        lambda kind, v: kind == "household" and bool(v.get("children")),
        _words(
            r"families\s+with\s+children",
            r"mothers?\s+(?:and|with)\s+(?:their\s+)?children",
            r"parents?\s+(?:and|with)\s+(?:their\s+)?children",
            r"family\s+shelter",
        ),
    ),  # fmt: skip
)


def situation_fit(
    client: Situation,
    texts: Iterable[str | None],
    rules: Iterable[tuple[str, Mapping[str, Any]]] = (),
) -> tuple[float, list[str]]:
    """(0–1, reasons): how specifically the service serves the client's situation.

    ``texts`` are the listing's own words (service name, description, eligibility text);
    ``rules`` its eligibility rules as (kind, values). The best signal counts: a rule that
    singles out one of the client's situations scores 1, the listing's words ``TEXT_ONLY``.
    Only situations the client stated count, so a client who said nothing scores 0
    everywhere and the ranking is unchanged.
    """
    rule_bits = rule_situations(rules)
    text_bits = text_situations(texts)
    return situation_from_bits(client_situations(client), rule_bits, text_bits)


def client_situations(client: Situation) -> int:
    """Bit mask of the situations the client stated (one bit per signal)."""
    return sum(1 << i for i, signal in enumerate(_SIGNALS) if signal.applies(client))


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


def situation_from_bits(client: int, rules: int, texts: int) -> tuple[float, list[str]]:
    """(0–1, reasons) from the three masks.

    Each of the client's situations the service serves counts ``situation_score``; more of
    them count more (1 − Π(1 − score): a clinic for pregnant teenagers fits a pregnant
    17-year-old better than a youth centre does), never above 1.
    """
    if not client or not (client & (rules | texts)):
        return 0.0, []
    remaining, reasons = 1.0, []
    for i, signal in enumerate(_SIGNALS):
        score = situation_score(client, rules, texts, 1 << i)
        if score:
            remaining *= 1 - score
            reasons.append(signal.label)
    return 1 - remaining, reasons


def situation_score(client: int, rules: int, texts: int, bit: int) -> float:
    """One situation's score: 1 when a rule singles it out, ``TEXT_ONLY`` when only words do,
    0 when the client is not in it or the service does not name it."""
    if not client & bit:
        return 0.0
    return 1.0 if rules & bit else TEXT_ONLY if texts & bit else 0.0


#: One bit per situation signal.
SITUATION_BITS = tuple(1 << i for i in range(len(_SIGNALS)))


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


#: Query words that name no service ("help with rent" is about rent).
_GENERIC = frozenset(
    "a an and the of for to in on with help free need needs get find service services "
    "assistance program programs my me i".split()
)
#: Endings dropped to find a word's stem: "groceries" and "grocery" both begin "grocer".
_SUFFIXES = ("ies", "ing", "ed", "es", "s", "y")
_MIN_STEM = 4


def query_match(query: str | None, texts: Iterable[str | None]) -> tuple[float, list[str]]:
    """(0–1, reasons): the share of the query's telling words found in the listing's words.

    A query word is found when its stem begins a word of the listing: "diapers" finds
    "diaper", "delivered" finds "delivers", "home" finds "homebound". Stems shorter than
    four letters must match a whole word ("GED", "tax"), so "dental" never finds "mental"
    and "GED" never finds "aged".
    """
    wanted = [w for w in _tokens(query or "") if w not in _GENERIC]
    if not wanted:
        return 0.0, []
    vocabulary = {w for text in texts if text for w in _tokens(text)}
    found = [w for w in wanted if _found(w, vocabulary)]
    if not found:
        return 0.0, []
    return len(found) / len(wanted), [f"mentions {', '.join(found)}"]


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def stem(word: str) -> str:
    """The word without a plural, verb or -y ending, when four letters or more remain."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


def _found(word: str, vocabulary: set[str]) -> bool:
    if word in vocabulary:
        return True
    stem_ = stem(word)
    if len(stem_) < _MIN_STEM:
        return False
    return any(known.startswith(stem_) for known in vocabulary)
