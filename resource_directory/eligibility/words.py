"""Word lists the assembler uses to decide what is left over in a clause and how rules relate."""

from __future__ import annotations

import re

WORD = re.compile(r"[A-Za-z0-9$%'’]+")

#: Words that carry no condition of their own once the rules have been read out of a clause.
FILLER = frozenset(
    """
    a an the and or nor of for to in on at by as from with within into per via etc e g i ie w
    who whom whose that which those these this their they them its it his her he she you your
    is are be been being was were am must may can will should shall has have had having do does
    person persons people individual individuals client clients participant participants
    applicant applicants resident residents family families household households anyone
    anybody someone everyone members consumers
    eligible eligibility open only all any also welcome welcomed accepted accepts accept serves
    serve served serving available services service program programs provided required requires
    require
    years year yrs yr old ages age aged older over up above under younger below
    patients receive receives receiving live lives living reside resides residing
    diagnosed diagnosis suffering experiencing dealing affected documented currently
    problem problems issues
    """.split()
)
#: Words that make the rules beside them preferences, not requirements: soften, don't exclude.
HEDGES = frozenset(
    """
    including includes include primarily primary priority prioritized given focus focuses
    focused focusing preference preferred prefer prefers particularly especially mainly mostly
    most specifically geared toward towards target targets targeted generally typically usually
    """.split()
)
# Between two population rules: words that make the second describe the first (conjunction).
LINK = re.compile(
    r"\b(?:who|whom|whose|with|that|which|living|residing|in|of|experiencing|having|has|have|"
    r"diagnosed|suffering|from|are|is)\b",
    re.I,
)
# Between two population rules: words that may separate alternatives ("seniors, or people with…").
CONNECTOR = re.compile(r"\b(?:and|or|plus|as\s+well\s+as)\b|[&/]", re.I)
# Between two population rules: ", or" starts another item whatever qualified the first one
# ("women facing an unplanned pregnancy, or women with young children").
NEW_ITEM = re.compile(r"[,;]\s*(?:or|and/or)\s+$", re.I)
# A clause that adds people to those served: "Also men who desire mentoring."
ALSO = re.compile(r"\s*also\b(?!\s+see\b)", re.I)
# A clause that says the people it names are served too: "Ex-offenders also welcome",
# "Families are also served" (they are welcome, not the only ones served).
ALSO_SERVED = re.compile(
    r"\balso\s+(?:welcome[ds]?|accepted|served|eligible)\b|\b(?:are|is)\s+also\s+"
    r"(?:welcome[ds]?|accepted|served|eligible)\b",
    re.I,
)
GAP_WORDS = frozenset("and or plus as well also their the those other any all".split())
# A negation just before a rule turns it around ("no homeless clients", "not in recovery",
# "free of psychiatric problems"),
# and a condition makes it no requirement at all ("if client has history of substance abuse").
NEGATION = re.compile(
    r"(?:\b(?:no|not|cannot|\w+n['’]t|except(?:\s+for)?|excluding|other\s+than|never|nor|without)"
    r"\s+(?:[\w'/-]+\s+){0,2}|\bnon-?\s*|\b(?:if|unless)\s+(?:[\w'/-]+\s+){0,5}|"
    # "free of drug, alcohol, and psychiatric problems"
    r"\bfree\s+(?:of|from)\s+(?!charge|cost|fees?\b)(?:[\w'/-]+,?\s+){0,4})$",
    re.I,
)
# "Families of alcoholics": the group word describes someone else, not the client.
# Likewise after "supporting", "caring for" or "by" ("completed by a parent/guardian").
RELATION_OF = re.compile(
    r"(?:\b(?:famil(?:y|ies)|friends?|relatives?|members?|parents?|loved\s+ones?|spouses?|"
    r"caregivers?|survivors?)\s+(?:and\s+[\w-]+\s+)?of|\b(?:supporting|serving|working\s+with|"
    r"caring\s+for|care\s+for|(?<!affected\s)(?<!impacted\s)(?<!infected\s)by))\s+(?:an?\s+|the\s+|their\s+|his\s+|her\s+)?$",
    re.I,
)
# "persons whose spouse/partner is disabled": what follows describes the spouse.
ABOUT_SOMEONE_ELSE = re.compile(
    r"\bwhose\s+(?:spouse|partner|husband|wife|child|children|parents?|family|caregiver)\b", re.I
)
_ABBREVIATIONS = frozenset(
    "dept st mt ft dr mr mrs ms jr sr inc co corp no vs etc e.g i.e approx ave afr u.s d.c".split()
)
_BOUNDARY = re.compile(r"[;\n\r|]|[.!?](?=\s|$)")
_LAST_TOKEN = re.compile(r"([\w.]+)$")


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause: split at ";", line breaks and sentence ends, not "D.C."."""
    spans, start = [], 0
    for mark in _BOUNDARY.finditer(text):
        if mark.group() == ".":
            token = _LAST_TOKEN.search(text[start : mark.start()])
            word = token.group(1).lower().rstrip(".") if token else ""
            if (len(word) == 1 and word.isalpha()) or word in _ABBREVIATIONS:
                continue
        spans.append((start, mark.start()))
        start = mark.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]
