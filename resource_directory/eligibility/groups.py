"""Disabilities (with their types) and named groups that have no client fact of their own."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .hits import Hit, entry, hit, scan, vocabulary
from .problems import BEHAVIOURAL_ADDICTION, EVERY, SUBSTANCE_USE, substances_in

# People words a condition may lead with: "people with disabilities", "those living with HIV".
_WHO = (
    r"(?:(?:persons?|people|individuals?|those|anyone|clients|patients|residents)\s+"
    r"(?:who\s+(?:are|have|has)\s+(?:been\s+)?|with\s+(?:an?\s+)?|living\s+with\s+|"
    r"diagnosed\s+with\s+(?:an?\s+)?|suffering\s+from\s+)?)?"
)
_ADJ = {
    "physical": "physical",
    "physically": "physical",
    "developmental": "developmental",
    "developmentally": "developmental",
    "intellectual": "intellectual",
    "intellectually": "intellectual",
    "visual": "visual",
    "visually": "visual",
    "hearing": "hearing",
    "psychiatric": "mental illness",
    "emotional": "mental illness",
    "emotionally": "mental illness",
    # "Mentally disabled" covers both readings: either type qualifies.
    "mental": "intellectual+mental illness",
    "mentally": "intellectual+mental illness",
    "learning": "",
    "cognitive": "",
    "sensory": "",
}
_ADJS = "|".join(_ADJ)
# "physical, mental or developmental disabilities": each adjective names one type.
_DISABILITY_LIST = re.compile(
    rf"\b{_WHO}(?P<adjs>(?:(?:{_ADJS})(?:\s*,\s*(?:and\s+|or\s+|and/or\s+)?|\s*/\s*|"
    rf"\s+(?:and|or|and/or|&)\s+))*(?:{_ADJS}))\s+(?:disabilit(?:y|ies)|disabled|"
    r"impairments?|impaired|handicaps?|handicapped|challenges)\b",
    re.I,
)
_TYPES = [
    (
        r"(?:(?:serious|severe|major|chronic|persistent|prolonged)(?:\s*(?:,|and|&)?\s*"
        r"(?:serious|severe|major|chronic|persistent|prolonged))*\s+(?:mental\s+illness(?:es)?|"
        r"psychiatric\s+(?:disorders?|illness(?:es)?|disabilit(?:y|ies))|mentally\s+ill)|"
        r"(?-i:SPMI|SMI))",
        "serious mental illness",
    ),
    (
        r"(?:mental(?:ly)?\s+ill(?:ness(?:es)?)?|psychiatric\s+(?:disorders?|illness(?:es)?|"
        r"conditions?)|mental\s+(?:health\s+)?(?:disorders?|conditions|diagnosis)|"
        r"mental\s+health\s+(?:issues|problems|needs)|emotionally\s+disturbed|"
        r"psychological\s+illness(?:es)?|emotional\s+disturbances?|"
        # "emotional problems", "psychiatric or behavioral problems"
        r"(?:emotional|psychiatric|behaviou?ral)(?:\s*(?:,|/|or|and|and/or)\s*(?:emotional|"
        r"psychiatric|behaviou?ral))*\s+(?:problems?|issues|disorders?))",
        "mental illness",
    ),
    (
        r"(?:developmental(?:ly)?\s+(?:delays?|disorders?)|autism|autistic|"
        r"developmentally\s+delayed)",
        "developmental",
    ),
    (r"(?:mental(?:ly)?\s+retard(?:ation|ed)|intellectual(?:ly)?\s+impaired)", "intellectual"),
    (r"(?:mobility\s+impair\w*|wheelchair\s+users?|wheel-?chair\s+bound)", "physical"),
    (
        r"(?:legally\s+blind|blind(?:ness)?|low\s+vision|vision\s+(?:loss|impairments?)|"
        r"visual\s+impairments?)",
        "visual",
    ),
    (r"(?:deaf(?:-blind)?|hard\s+of\s+hearing|hearing\s+(?:loss|impairments?))", "hearing"),
    (
        r"(?:disabilit(?:y|ies)|disabled|handicap(?:ped|s)?|special\s+needs|brain\s+injur(?:y|ies)|"
        r"head\s+(?:injur(?:y|ies)|trauma))",
        "",
    ),
]
_DISABILITY = re.compile(
    rf"\b{_WHO}(?:" + "|".join(f"(?P<v{i}>{p})" for i, (p, _) in enumerate(_TYPES)) + r")\b",
    re.I,
)

# Substances a group may be defined by: "heroin users", "addicted to alcohol or drugs".
_DRUG = (
    r"(?:drugs?|alcohol|chemical(?:ly)?|opiates?|opioids?|heroin|cocaine|crack|"
    r"meth(?:amphetamines?)?|amphetamines?|stimulants?|marijuana|cannabis|narcotics?)"
)
# An addiction to a behaviour (sex, gambling, gaming …) is not substance use: it is a
# problem group of its own.
_BEHAVIOURS = (
    r"sex|sexual|love|gambling|porn|pornography|shopping|gaming|video\s+games|the\s+internet|"
    r"internet|food|work"
)
_NOT_BEHAVIOUR = rf"(?!\s+to\s+(?:{_BEHAVIOURS}))"
_DRUGS = rf"{_DRUG}(?:\s*(?:,\s*)?(?:and|&|/|or|and/or|,)\s*{_DRUG})*"
_ORIGIN = r"(?:\s+(?:descent|origin|heritage|community|population))?"
_GROUPS = [
    (r"students?|enrolled\s+in\s+(?:school|college|an?\s+(?:college|university))", "students"),
    (
        r"immigrants?(?:\s+to\s+the\s+(?:U\.S\.|US|United\s+States))?|foreign[- ]born|"
        r"non-?citizens|undocumented",
        "immigrants",
    ),
    (r"refugees?|asylees?|asylum[- ]seekers|(?:refugee|asylum|asylee)\s+status", "refugees"),
    (
        r"(?:survivors?|victims?)\s+of\s+(?:domestic|intimate\s+partner|family)\s+(?:violence|"
        r"abuse)|(?:domestic|intimate\s+partner)\s+violence(?:\s+(?:survivors?|victims?))?|"
        r"battered(?:\s+(?:persons?|spouses?))?",
        "domestic violence survivors",
    ),
    (
        r"(?:survivors?|victims?)\s+of\s+(?:rape|incest|sexual\s+(?:assault|abuse|violence))|"
        r"sexual\s+(?:assault|violence|abuse)(?:\s+(?:survivors?|victims?))?|sexually\s+abused|"
        r"rape|incest",
        "sexual assault survivors",
    ),
    (
        r"(?:(?:survivors?|victims?)\s+of\s+)?(?:human\s+|sex\s+|labor\s+)?trafficking"
        r"(?:\s+(?:survivors?|victims?))?|trafficked",
        "trafficking survivors",
    ),
    (
        r"crime\s+victims?|victims?\s+of\s+(?:a\s+)?(?:violent\s+)?crimes?|"
        r"(?:survivors?|victims?)\s+of\s+(?:abuse\s+or\s+crime|crime\s+or\s+abuse|violence|torture)|"
        r"gun\s+violence",
        "crime victims",
    ),
    (
        r"(?:living\s+with|with|has|have|diagnosed\s+with)\s+(?:end[- ]stages?\s+|advanced\s+)?"
        r"HIV(?:\s*(?:/|or|and)\s*AIDS)?|"
        r"HIV\s*(?:\+|[- ]positive|[- ]infected)(?:\s*/\s*AIDS)?|(?:living\s+with|with)\s+AIDS|"
        r"(?:infected|affected)\s+(?:or\s+affected\s+)?(?:by|with)\s+HIV(?:\s*/\s*AIDS)?",
        "people with HIV",
    ),
    (
        r"LGBTQ?I?A?\+?|GLBTQ?|(?:lesbians?|gays?|bisexuals?|transgender(?:ed)?|queer)"
        r"(?:\s*,?\s*(?:and\s+|or\s+|&\s+)?(?:lesbians?|gays?|bisexuals?|transgender(?:ed)?|"
        r"queer|questioning))+",
        "LGBTQ",
    ),
    (
        r"ex-?offenders?|returning\s+citizens|(?:formerly|previously)\s+incarcerated|"
        r"ex-?felons?|offenders/ex-offenders|(?:people|persons)\s+with\s+(?:an?\s+)?(?:\w+\s+)?"
        r"criminal\s+records?",
        "ex-offenders",
    ),
    (
        r"inmates|incarcerated|in\s+(?:jail|prison)(?:\s+or\s+(?:jail|prison))?|prisoners|detainees",
        "incarcerated",
    ),
    (
        r"juvenile\s+(?:(?:male|female)\s+)?offenders?|adjudicated|court[- ](?:ordered|involved)|"
        r"by\s+court\s+order|"
        r"(?:involved\s+(?:in|with)|in)\s+the\s+(?:juvenile\s+)?(?:justice|court)\s+system|"
        r"delinquent|(?:juveniles?|youths?)\s*,?\s*(?:who\s+are\s+)?(?:involved\s+(?:in|with)|in)\s+the\s+"
        r"(?:juvenile\s+)?(?:justice|court)\s+system",
        "justice-involved",
    ),
    (
        r"(?:family\s+)?caregivers?|care\s*givers?|(?<!child )(?<!day )care\s+providers",
        "caregivers",
    ),
    (
        r"uninsured|without\s+(?:health\s+|medical\s+)?insurance|"
        r"(?:no|not)\s+(?:health\s+|medical\s+)?insur(?:ance|ed)",
        "uninsured",
    ),
    (r"under-?insured", "underinsured"),
    (
        r"medicaid(?:\s+(?:recipients?|eligible|enrollees?|holders?))?|medical\s+assistance"
        r"(?:\s+recipients?)?|receiving\s+(?-i:MA)|health\s*choice",
        "Medicaid recipients",
    ),
    (r"medicare(?:\s+(?:recipients?|beneficiaries|benefits))?", "Medicare recipients"),
    (r"(?-i:SNAP)(?:\s+recipients?)?|food\s+stamps?(?:\s+recipients?)?", "SNAP recipients"),
    (r"(?-i:TANF|TCA)(?:\s+(?:recipients?|benefits))?|welfare\s+recipients?", "TANF recipients"),
    (r"(?-i:SSI)(?:\s+recipients?)?|supplemental\s+security\s+income", "SSI recipients"),
    (r"(?-i:SSDI)(?:\s+recipients?)?", "SSDI recipients"),
    (
        rf"(?:{_BEHAVIOURS})\s+(?:addicts?|addictions?|addicted|compulsions?)|(?:addicted|"
        rf"addictions?)\s+to\s+(?:{_BEHAVIOURS})(?:\s+behaviou?rs?)?|(?:compulsive|problem|"
        r"pathological)\s+(?:gambl(?:ing|ers?)|gamers?|sexual\s+behaviou?rs?)|gamblers",
        BEHAVIOURAL_ADDICTION,
    ),
    (
        r"substance\s+(?:abusers?|abusing|abused|abuse(?:\s+(?:problems?|issues|disorders?))?|"
        rf"use\s+disorders?|use)|(?:{_DRUGS}[- ](?:addicted|addictions?|addicts?|dependent|"
        r"dependant|dependency|dependence|abusers?|abuse|misuse|problems|users?|use\s+"
        rf"disorders?))|(?:addicted|addictions?)(?:\s+to\s+{_DRUGS})?{_NOT_BEHAVIOUR}|"
        r"(?<!sex\s)(?<!gambling\s)(?<!love\s)addicts?|"
        r"alcoholics?|alcoholism|(?:in|seeking)\s+recovery|recovering|IV\s+drug\s+users?",
        "substance use",
    ),
    (r"unemployed|underemployed|job\s+seekers|jobless|displaced\s+workers", "unemployed"),
    (
        r"(?:migrant|seasonal)(?:\s+and\s+seasonal)?\s+farm\s*workers|farm\s*workers|"
        r"agricultural\s+workers",
        "farmworkers",
    ),
    (r"first[- ]time\s+home\s*-?buyers|prospective\s+homeowners", "first-time homebuyers"),
    (r"homeowners?|owner[- ]occupants?", "homeowners"),
    (
        r"non-?profits?(?:\s+(?:organizations?|agencies|groups))?|tax[- ]exempt\s+organizations|"
        r"501\s*\(?c\)?\s*\(?3\)?(?:\s+(?:organizations?|agencies))?",
        "nonprofits",
    ),
    (r"small\s+business(?:es)?(?:\s+owners)?", "small businesses"),
    (
        r"(?:children|youth|kids)\s+in\s+foster\s+(?:care|homes?)|foster\s+(?:youth|children|"
        r"care\s+youth)|in\s+foster\s+care",
        "foster youth",
    ),
    (rf"(?:latin[oa]s?|latinx|hispanics?|hispanic/latino){_ORIGIN}", "Latino"),
    (rf"(?:native\s+americans?|american\s+indians?|alaska\s+natives?){_ORIGIN}", "Native American"),
    (r"tenants|renters", "renters"),
]
_GROUP_ENTRIES = [(f"{_WHO}(?:{p})", label) for p, label in _GROUPS]
_GROUP = vocabulary(_GROUP_ENTRIES)


def _disability_list(match: re.Match[str]) -> Hit:
    words = re.findall(rf"\b(?:{_ADJS})\b", match["adjs"], re.I)
    types = [t for w in words for t in _ADJ[w.lower()].split("+")] if words else []
    return _disability_hit(match, types)


def _disability(match: re.Match[str]) -> Hit:
    index = int(next(k for k, v in match.groupdict().items() if v)[1:])
    return _disability_hit(match, [_TYPES[index][1]])


def _disability_hit(match: re.Match[str], types: list[str]) -> Hit:
    # An untyped word ("disabled", "learning disabilities") means any disability.
    values: dict[str, object] = {"disability": True}
    if all(types):
        values["types"] = sorted(set(types))
    return hit("disability", values, match)


def _group(match: re.Match[str]) -> list[Hit]:
    label = entry(match, _GROUP_ENTRIES)
    values: dict[str, object] = {"groups": [label]}
    # "Opiate dependent", "Alcoholics": the substance defines the group; "alcohol or drug
    # dependent" names every one, so none in particular.
    substances = substances_in(match.group()) if label == SUBSTANCE_USE else frozenset()
    if substances and not EVERY <= substances:
        values["substances"] = sorted(substances)
    hits = [hit("other_population", values, match)]
    # "Juvenile male offenders": the gender word inside the group still says who is served.
    gender = re.search(r"\b(?P<g>male|female)\b", match.group(), re.I)
    if gender:
        hits.append(hit("gender", {"genders": [gender["g"].lower()]}, match))
    return hits


def find_groups(clause: str, offset: int) -> Iterator[Hit]:
    """Disability hits first (lists, then single terms), then named groups."""
    yield from scan(_DISABILITY_LIST, clause, offset, _disability_list)
    yield from scan(_DISABILITY, clause, offset, _disability)
    yield from scan(_GROUP, clause, offset, _group)
