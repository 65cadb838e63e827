"""The needs vocabulary: client-facing slugs mapped to taxonomy terms, synonyms and words.

Codes are Open Eligibility's (101 Emergency, 102 Food, 103 Housing … 111 Legal). A term
belongs to the need whose code prefix matches it most specifically, so "103-01 Emergency
Shelter" is *shelter* although it sits under "103 Housing", and "106-05-06 Transportation
for Healthcare" is *transportation* although it sits under "106-05 Help Pay for Healthcare".
Child care lives under "108-04 Daytime Care"; "108-05" is End-of-Life Care (hospice,
bereavement), whatever name a directory's export gives that node.

A term means the same wherever a directory's tree files it: "Health Education" (family
planning, nutrition, parenting classes) is health care under "109 Education" as under
"106 Health"; "Homebuyer Education" and "Foreclosure Counseling" are housing help under
"107 Money" as under "103 Housing"; "Counseling" (individual, family, group counselling) is
mental health care, unless the service is filed under substance use, where it is that
treatment's counselling. Clothes, books and supplies for school are goods, not schooling.
Audience facets ("121-12 Mental Illness", "116-10", "121-11 Alcohol Use Disorder") say who
is served, not what is offered: a shelter for people with mental illness is a shelter.

211 directories file under the AIRS / 211 LA County taxonomy ("airs"), read the same way
through its own tree (:mod:`resource_directory.airs`); a service's needs are those of its
terms in either vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from . import airs
from .errors import UnknownNeed

OPEN_ELIGIBILITY = "open-eligibility"
AIRS = airs.VOCABULARY
#: The vocabularies whose codes the needs vocabulary reads.
VOCABULARIES = (OPEN_ELIGIBILITY, AIRS)
#: A source vocabulary that tags whom a service is for, not what it does ("Service
#: Eligibility" in ORServices: "Seniors (55+)", "Women/Girls", "Homeless").
_WHO_VOCABULARY = re.compile(r"eligib|audience|population|demographic|age\s*group", re.I)


def says_who(taxonomy: str) -> bool:
    """Does a source's own vocabulary tag whom a service is for? Its terms are eligibility,
    not needs. (Open Eligibility, despite its name, files what services do.)"""
    return taxonomy not in VOCABULARIES and bool(_WHO_VOCABULARY.search(taxonomy))


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
        # Homebuyer education and foreclosure counselling, wherever the tree files them.
        ("103", "101-02-03", "108-06-03", "107-03-02", "107-03-03", "109-03-04-02", "109-03-04-03"),
        (
            "housing",
            "rent",
            "rental",
            "tenant",
            "renter",
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
        # Psychiatric emergencies, counselling and learning about mental health.
        ("106-07", "101-07", "106-13", "106-09-01", "108-09-01", "106-04-08", "109-03-07-07"),
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
        ("106-01", "103-09-02"),
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
        ("107", "101-02", "103-03", "106-05", "102-06", "109-03-04"),
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
        # Nursing homes filed under short-term housing, hospice and end-of-life pain care,
        # health education filed under education.
        ("106", "104-04", "103-09-01", "108-05-03", "108-05-04", "109-03-07"),
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

#: Codes under a need's branch that name no need of the vocabulary: books, clothes and
#: supplies for school are goods (Help Pay for School keeps "education" for fees and loans).
NO_NEED: tuple[str, ...] = ("109-02-01", "109-02-03", "109-02-06")
#: "Counseling" on a service filed under substance use is that treatment's counselling, not
#: mental health care, unless the service also serves people with a mental illness or
#: treats it alongside (these audience facets lift the exception).
COUNSELING: tuple[str, ...] = ("106-09-01", "108-09-01")
SERVES_MENTAL_ILLNESS: tuple[str, ...] = ("121-05", "121-12", "116-10", "132-06")

#: Open Eligibility audience facets and the ages (min, max; None = no limit) each says a
#: service is for: the age groups, and the families and pregnant women who bring adults
#: along with the children ("Teens, Children, Families with Children" is not a youth-only
#: service).
AGE_GROUPS: dict[str, tuple[int, int | None]] = {
    "112-02": (31, 54),  # Adults
    "112-04": (13, 19),  # Teens
    "112-05": (0, 1),  # Infants
    "112-06": (2, 12),  # Children
    "112-07": (55, None),  # Seniors
    "121-01": (13, None),  # Pregnancy
    "122-01": (0, None),  # Families with Children
}

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
def _prefix_table() -> list[tuple[str, str | None]]:
    pairs: list[tuple[str, str | None]] = [
        (prefix, need.slug) for need in NEEDS for prefix in need.prefixes
    ]
    pairs += [(prefix, None) for prefix in NO_NEED]
    return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)


def need_for_code(code: str) -> str | None:
    """The need a taxonomy code belongs to (most specific prefix wins), or None."""
    for prefix, slug in _prefix_table():
        if code == prefix or code.startswith(prefix + "-"):
            return slug
    return None


def needs_for_codes(codes: Iterable[str]) -> tuple[str, ...]:
    """The needs a service filed under these Open Eligibility codes offers, in code order:
    each code's need (:func:`need_for_code`), read with the service's other codes for
    counselling (:data:`COUNSELING`)."""
    codes = list(codes)
    found = [(code, need_for_code(code)) for code in codes]
    counseling_is_treatment = any(
        slug == "substance-use" for code, slug in found if code not in COUNSELING
    ) and not any(_under(code, SERVES_MENTAL_ILLNESS) for code in codes)
    kept = (
        slug
        for code, slug in found
        if slug is not None and not (counseling_is_treatment and _under(code, COUNSELING))
    )
    return tuple(dict.fromkeys(kept))


def audience_ages(codes: Iterable[str]) -> tuple[int, int | None] | None:
    """The ages a service's age-group facets span together (None when it has none): a
    service filed only under "Teens" and "Children" is for ages 2 to 19."""
    groups = [AGE_GROUPS[code] for code in codes if code in AGE_GROUPS]
    if not groups:
        return None
    highs = [high for _, high in groups]
    return min(low for low, _ in groups), None if None in highs else max(highs)  # type: ignore[type-var]


def _under(code: str, prefixes: tuple[str, ...]) -> bool:
    return any(code == p or code.startswith(p + "-") for p in prefixes)


def needs_for_terms(terms: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The needs a service's (taxonomy, code) terms mean: its Open Eligibility codes' and its
    AIRS codes' (each read with the service's other codes of its vocabulary); other
    vocabularies are not read."""
    by_vocabulary: dict[str, list[str]] = {OPEN_ELIGIBILITY: [], AIRS: []}
    for taxonomy, code in terms:
        if taxonomy in by_vocabulary:
            by_vocabulary[taxonomy].append(code)
    return tuple(
        dict.fromkeys(
            [
                *needs_for_codes(by_vocabulary[OPEN_ELIGIBILITY]),
                *airs.needs_for_codes(by_vocabulary[AIRS]),
            ]
        )
    )


#: Open Eligibility's service branches (101 Emergency … 111 Legal); the codes after them
#: (112 Age Group, 116 Disability, 123 Housing status …) describe who is served, not what.
SERVICE_BRANCHES = frozenset(str(code) for code in range(101, 112))


def files_a_service(taxonomy: str, code: str) -> bool:
    """Does the term say what the service offers, so that its needs are the terms' alone
    and not read from its words?

    Any Open Eligibility service branch does (an audience facet does not). An AIRS code does
    when it names a need: those that name none are mostly indirect (information and
    referral, volunteers, donations) or too broad ("R"), and an export often gives one
    such label alone ("Volunteer Opportunities" on a food pantry), so the listing's own
    words still say what it does, read as such (inferred); :func:`indirect_kinds` tells
    the ranking what the code said.
    """
    if taxonomy == OPEN_ELIGIBILITY:
        return code.split("-", 1)[0] in SERVICE_BRANCHES
    return taxonomy == AIRS and bool(airs.needs_for_code(code))


def needs_for_term(taxonomy: str, code: str) -> tuple[str, ...]:
    """The needs one term means on its own (no other codes of the service read with it)."""
    if taxonomy == OPEN_ELIGIBILITY:
        found = need_for_code(code)
        return (found,) if found else ()
    return airs.needs_for_code(code) if taxonomy == AIRS else ()


#: Open Eligibility codes that mark an indirect listing ("108-09-02 Help Hotlines").
OPEN_ELIGIBILITY_INDIRECT: dict[str, str] = {"108-09-02": airs.branches.HOTLINE}
#: Every kind :func:`indirect_kinds` may return; all but "hotline" send the client elsewhere.
INDIRECT_KINDS: frozenset[str] = frozenset(airs.branches.INDIRECT.values()) | frozenset(
    OPEN_ELIGIBILITY_INDIRECT.values()
)


def indirect_kinds(terms: Iterable[tuple[str, str]]) -> frozenset[str]:
    """The kinds of indirect listing a service's (taxonomy, code) terms say it is, if any:
    "information-referral", "hotline", "volunteer", "donation", "funding", "administrative",
    "organizational" (:data:`INDIRECT_KINDS`).

    A kind says what one of the service's codes is, not that the service is nothing else: a
    pantry that also refers callers is filed under both, and a crisis line ("hotline") is
    the direct help for a crisis. :func:`direct_needs` says which needs come from the rest.
    """
    kinds: set[str] = set()
    airs_codes = []
    for taxonomy, code in terms:
        if taxonomy == AIRS:
            airs_codes.append(code)
        elif taxonomy == OPEN_ELIGIBILITY and _under(code, tuple(OPEN_ELIGIBILITY_INDIRECT)):
            kinds.update(k for p, k in OPEN_ELIGIBILITY_INDIRECT.items() if _under(code, (p,)))
    return frozenset(kinds) | airs.indirect_kinds(airs_codes)


def direct_needs(terms: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The needs of a service's terms other than those that mark it information and
    referral, a volunteer, donation or funding listing, or an office (hotlines are direct for
    their topic): a service whose needs all come from such terms is an indirect listing."""
    kept = [
        (taxonomy, code)
        for taxonomy, code in terms
        if indirect_kinds([(taxonomy, code)]) <= {airs.branches.HOTLINE}
    ]
    return needs_for_terms(kept)


#: Counselling about something other than the mind: a sentence that says "counseling" next
#: to one of these is about business, money, a home, work, school, benefits or the law.
_OTHER_COUNSELING_TOPIC = re.compile(
    r"\b(?:business(?:es)?|entrepreneurs?|credit|debt|budget(?:ing)?|financial|finances|"
    r"money|housing|home ?ownership|home ?buy(?:ers?|ing)|home purchase|purchase|mortgages?|"
    r"foreclosures?|default|delinquency|tenants?|landlords?|careers?|employment|jobs?|"
    r"vocational|academic|college|admissions?|legal|benefits?|insurance|medicare|loans?|"
    r"tax(?:es)?|nutrition|lactation|breastfeeding|genetic)\b",
    re.I,
)
#: Words of a need that mean it only when their sentence is not about another topic.
_AMBIGUOUS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "mental-health": (re.compile(r"\bcounsell?ing\b", re.I), _OTHER_COUNSELING_TOPIC),
}
_SENTENCE = re.compile(r"(?<=[.;!?])\s+|\n+|\s+(?=\d\)\s)")


@cache
def _word_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [
        # A word or its plural: "tenants", "shelters", "vouchers".
        (need.slug, re.compile(r"\b(?:" + "|".join(map(re.escape, need.words)) + r")s?\b", re.I))
        for need in NEEDS
    ]


def classify_text(*texts: str | None) -> list[str]:
    """Needs a listing's own words point to, for listings that carry no taxonomy terms.

    "Counseling" means mental health care unless its sentence names another topic ("free
    counseling to small businesses", "home purchase counseling", "credit counseling").
    """
    blob = " ".join(t for t in texts if t)
    return [slug for slug, pattern in _word_patterns() if _says(slug, pattern, blob)]


def _says(slug: str, pattern: re.Pattern[str], blob: str) -> bool:
    if slug not in _AMBIGUOUS:
        return bool(pattern.search(blob))
    ambiguous, other_topic = _AMBIGUOUS[slug]
    for sentence in _SENTENCE.split(blob):
        for match in pattern.finditer(sentence):
            if not (ambiguous.fullmatch(match.group()) and other_topic.search(sentence)):
                return True
    return False


#: Words a coordinator types at intake for a problem, not a service, and the needs the
#: problem implies ("eviction" is a housing and a legal problem). Read as word stems.
INTAKE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"evict|landlord|tenant|lockout|locked out|back rent|rent arrear", ("housing", "legal")),
    (r"shut.?off|disconnect|utility|utilities|electric bill|gas bill|water bill|heating bill",
     ("financial-aid", "housing")),
    (r"foreclos|mortgage", ("housing", "legal")),
    (r"detox|withdrawal|overdose|opioid|opiate|heroin|fentanyl|cocaine|crack|meth\b|"
     r"alcohol|drinking|sober|relapse|methadone|suboxone|naloxone|narcan", ("substance-use",)),
    (r"\bged\b|hiset|high school diploma|literacy|esl\b|english class", ("education",)),
    (r"protective order|restraining order|peace order|custody|divorce|expunge|record seal|"
     r"immigra|deport|asylum|visa\b|green card|daca|citizenship|subpoena|court date",
     ("legal",)),
    (r"domestic violence|abuse|battered|stalking", ("shelter", "legal", "mental-health")),
    (r"prenatal|pregnan|postpartum|obstetric|ob.?gyn", ("health",)),
    (r"grief|bereave|suicid|depress|anxiety|panic|trauma|ptsd|psychiatr", ("mental-health",)),
    (r"food stamp|\bsnap\b|\bwic\b|hungry|groceries", ("food",)),
    (r"resume|job search|unemploy|laid off|work permit", ("employment",)),
    (r"homeless|sleeping outside|nowhere to sleep|kicked out|couch surf", ("shelter",)),
    (r"bus pass|ride to|medical ride|paratransit|car repair|gas card", ("transportation",)),
    (r"daycare|day care|babysit|after.?school", ("childcare",)),
)  # fmt: skip


@cache
def _intake_patterns() -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    return tuple((re.compile(r"\b(?:" + p + ")", re.I), needs) for p, needs in INTAKE_WORDS)


def intake_needs(text: str | None) -> tuple[str, ...]:
    """The needs an intake's typed words imply, in the vocabulary's order."""
    if not text:
        return ()
    found = {n for pattern, needs in _intake_patterns() if pattern.search(text) for n in needs}
    return tuple(slug for slug in NEED_SLUGS if slug in found)
