"""The needs vocabulary: client-facing slugs mapped to taxonomy terms, synonyms and words.

Codes are Open Eligibility's (101 Emergency, 102 Food, 103 Housing … 111 Legal). A term
belongs to the need whose code prefix matches it most specifically, so "103-01 Emergency
Shelter" is *shelter* although it sits under "103 Housing", and "106-05-06 Transportation
for Healthcare" is *transportation* although it sits under "106-05 Help Pay for Healthcare".
Child care lives under "108-04 Daytime Care"; "108-05" is End-of-Life Care (hospice,
bereavement), whatever name a directory's export gives that node.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .errors import UnknownNeed

OPEN_ELIGIBILITY = "open-eligibility"


@dataclass(frozen=True)
class Need:
    slug: str
    label: str
    label_es: str
    #: (code, name) of the term a listing tagged with this slug is linked to.
    term: tuple[str, str]
    #: Open Eligibility code prefixes that mean this need.
    prefixes: tuple[str, ...]
    #: Words and phrases that signal this need in a listing's name or description. Words
    #: that often mean something else ("credit counseling", "bus lines", "volunteer work",
    #: "hospital beds", "School of Law") are left out: a listing read wrongly is worse than
    #: one left for its categories to describe.
    words: tuple[str, ...]


NEEDS: tuple[Need, ...] = (
    Need(
        "food",
        "Food",
        "Comida",
        ("102", "Food"),
        ("102", "101-03", "101-02-01", "108-07-02"),
        (
            "food",
            "pantry",
            "meal",
            "meals",
            "groceries",
            "grocery",
            "snap",
            "wic",
            "kitchen",
            "nutrition",
            "produce",
            "lunch",
            "breakfast",
            "dinner",
            "soup",
        ),
    ),
    Need(
        "housing",
        "Housing",
        "Vivienda",
        ("103", "Housing"),
        ("103", "101-02-03", "108-06-03"),
        (
            "housing",
            "rent",
            "rental",
            "tenant",
            "landlord",
            "eviction",
            "apartment",
            "homeownership",
            "foreclosure",
            "home repair",
            "rehousing",
            "section 8",
            "voucher",
        ),
    ),
    Need(
        "shelter",
        "Shelter",
        "Refugio",
        ("101-04", "Emergency Shelter"),
        ("101-04", "103-01", "103-07", "103-09", "101-06-02", "108-07-03", "108-07-05-02"),
        (
            "shelter",
            "emergency housing",
            "warming center",
            "safe house",
            "transitional housing",
            "drop-in center",
        ),
    ),
    Need(
        "transportation",
        "Transportation",
        "Transporte",
        ("105", "Transit"),
        # Rides to the doctor, transit fares and school buses are rides, whoever pays.
        ("105", "101-02-04", "106-05-06", "107-01-03-06", "107-01-06", "107-01-05-05", "109-02-05"),
        (
            "transportation",
            "transit",
            "ride",
            "rides",
            "paratransit",
            "medical transport",
            "bus pass",
            "taxi",
            "shuttle",
            "car repair",
        ),
    ),
    Need(
        "mental-health",
        "Mental health",
        "Salud mental",
        ("106-07", "Mental Health"),
        ("106-07", "101-07", "106-13", "121-05", "121-12", "116-10"),
        (
            "mental health",
            "counseling",
            "counselling",
            "therapy",
            "therapist",
            "psychiatric",
            "psychiatry",
            "depression",
            "anxiety",
            "trauma",
            "peer support",
            "behavioral health",
            "suicide",
        ),
    ),
    Need(
        "substance-use",
        "Substance use",
        "Uso de sustancias",
        ("106-01", "Substance Use Disorder"),
        ("106-01", "103-09-02", "121-10", "121-11"),
        (
            "substance",
            "addiction",
            "recovery",
            "detox",
            "opioid",
            "alcohol",
            "drug",
            "naloxone",
            "narcan",
            "methadone",
            "buprenorphine",
            "sober",
        ),
    ),
    Need(
        "financial-aid",
        "Financial aid",
        "Ayuda financiera",
        ("107", "Money"),
        ("107", "101-02", "103-03", "106-05", "102-06"),
        (
            "financial",
            "cash assistance",
            "utility",
            "utilities",
            "energy assistance",
            "rent assistance",
            "tax",
            "taxes",
            "vita",
            "emergency assistance",
            "budget",
            "debt",
            "money",
        ),
    ),
    Need(
        "health",
        "Health care",
        "Salud",
        ("106", "Health"),
        # Nursing homes filed under short-term housing, hospice and end-of-life pain care.
        ("106", "104-04", "103-09-01", "108-05-03", "108-05-04"),
        (
            "health",
            "clinic",
            "medical",
            "doctor",
            "dental",
            "dentist",
            "vision",
            "prenatal",
            "vaccine",
            "vaccination",
            "hiv",
            "primary care",
            "nurse",
            "pharmacy",
            "prescription",
        ),
    ),
    Need(
        "legal",
        "Legal help",
        "Ayuda legal",
        ("111", "Legal"),
        ("111", "103-08"),
        (
            "legal",
            "lawyer",
            "attorney",
            "court",
            "expungement",
            "immigration",
        ),
    ),
    Need(
        "employment",
        "Jobs and employment",
        "Empleo",
        ("110", "Work"),
        ("110", "108-06-05"),
        (
            "employment",
            "job",
            "jobs",
            "career",
            "resume",
            "workforce",
            "hiring",
            "job training",
            "apprenticeship",
        ),
    ),
    Need(
        "education",
        "Education",
        "Educación",
        ("109", "Education"),
        ("109",),
        (
            "education",
            "ged",
            "literacy",
            "tutoring",
            "esl",
            "english classes",
            "adult education",
            "computer class",
        ),
    ),
    Need(
        "childcare",
        "Child care",
        "Cuidado de niños",
        ("108-04-04", "Childcare"),
        # Child care, after- and before-school care, preschool, finding and paying for it.
        ("108-04-02", "108-04-03", "108-04-04", "108-04-06", "108-06-02", "107-01-01", "109-04"),
        (
            "child care",
            "childcare",
            "daycare",
            "day care",
            "preschool",
            "head start",
            "after-school",
            "after school",
            "babysitting",
        ),
    ),
)

NEEDS_BY_SLUG: dict[str, Need] = {need.slug: need for need in NEEDS}
NEED_SLUGS: tuple[str, ...] = tuple(NEEDS_BY_SLUG)


def validate_needs(slugs: list[str]) -> list[str]:
    """Return the slugs normalised and de-duplicated, or raise :class:`UnknownNeed`."""
    cleaned = list(dict.fromkeys(s.strip().lower() for s in slugs if s and s.strip()))
    unknown = [s for s in cleaned if s not in NEEDS_BY_SLUG]
    if unknown:
        raise UnknownNeed(unknown, NEED_SLUGS)
    return cleaned


@cache
def _prefix_table() -> list[tuple[str, str]]:
    pairs = [(prefix, need.slug) for need in NEEDS for prefix in need.prefixes]
    return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)


def need_for_code(code: str) -> str | None:
    """The need a taxonomy code belongs to (most specific prefix wins), or None."""
    for prefix, slug in _prefix_table():
        if code == prefix or code.startswith(prefix + "-"):
            return slug
    return None


def needs_for_terms(terms: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The needs a service's (taxonomy, code) terms mean; other vocabularies are not read."""
    found = (need_for_code(code) for taxonomy, code in terms if taxonomy == OPEN_ELIGIBILITY)
    return tuple(dict.fromkeys(slug for slug in found if slug is not None))


@cache
def _word_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [
        (need.slug, re.compile(r"\b(?:" + "|".join(map(re.escape, need.words)) + r")\b", re.I))
        for need in NEEDS
    ]


def classify_text(*texts: str | None) -> list[str]:
    """Needs a listing's own words point to, for listings that carry no taxonomy terms."""
    blob = " ".join(t for t in texts if t)
    return [slug for slug, pattern in _word_patterns() if pattern.search(blob)]
