"""Statements about the listing rather than the client: "no requirements", documents to bring,
phrases that say nothing restrictive ("all ages"), and others served alongside the client."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .hits import Hit, hit, scan

# "in need of food or clothing", "seeking information": wanting the service restricts nobody.
_NEEDING = (
    r"(?:\s+(?:in\s+need|needing|seeking|looking\s+for|wanting|interested\s+in|who\s+needs?|"
    r"who\s+wants?)\b(?:[^,;]|,(?!\s*(?:ages?\b|\d|who\b|including\b|but\b|except\b)))*)"
)
_NONE = re.compile(
    r"^\s*none(?:\s+required)?\s*$|\b(?:no\s+(?:eligibility\s+)?(?:requirements?|restrictions?|"
    r"criteria|limits\s+on\s+eligibility)|(?:open|available)\s+to\s+(?:all|everyone|anyone|"
    r"(?:the\s+)?(?:general\s+)?public|any\s+(?:person|individual|one)|any\s+interested\s+"
    rf"(?:person|people|individual)s?)(?:{_NEEDING}(?=$|[,;.])|(?!\s+(?:over|under|ages?|aged|"
    r"who|with|from|within|living|residing|between|in|\d)))|(?:the\s+)?general\s+public|"
    r"everyone\s+(?:is\s+)?(?:welcome|eligible)|all\s+(?:are\s+)?(?:welcome|eligible)|"
    r"anyone\s+(?:is\s+)?(?:eligible|welcome)|anyone(?:\s+who\s+(?:needs?|wants?)\s+(?:them|it|"
    rf"help|services?))?{_NEEDING}?(?=$|[,;.])|anyone\s+(?:can|may)\s+(?:participate|attend|"
    r"call|apply|use))",
    re.I,
)
# Understood, but restricting nobody.
_NOTHING = re.compile(
    r"\b(?:(?:children|youth|adolescents|kids|teens)(?:\s*,\s*(?:children|youth|adolescents|"
    r"kids|teens))*\s*,?\s*(?:(?:and|or|&)\s+)?adults(?:\s*,?\s*"
    r"(?:and|or|&)\s+seniors)?|adults\s*,?\s*(?:and|or|&)\s+(?:children|youth|adolescents)|child\s+or\s+adult|(?:of\s+|for\s+|serves?\s+)?(?:all|any)\s+ages?|all\s+(?:are\s+)?accepted|"
    r"no\s+residency\s+requirements?|no\s+(?:age|income|denominational|eligibility)\s+"
    r"(?:or\s+(?:age|income)\s+)?(?:limits?|limitations?|restrictions?|requirements?)|"
    r"regardless\s+of\s+(?:their\s+)?(?:age|income|religion|race|ability\s+to\s+pay|"
    r"economic\s+level)(?:\s*(?:,|or|and)\s*(?:age|income|religion|race|ability\s+to\s+pay|"
    r"economic\s+level))*|(?:any|all)\s+discharge\s+status(?:es)?|"
    # "in need of substance abuse or mental health services": wanting that treatment, which a
    # service offering it is only ever shown for. (A group named in between stays a
    # condition: "in need of domestic violence services".)
    r"(?:in\s+need\s+of|needing|seeking|who\s+(?:needs?|wants?|seeks?))\s+(?:(?:outpatient|"
    r"inpatient|substance\s+abuse|drug|alcohol|addictions?|mental\s+health|psychiatric|and/or|"
    r"and|or|/)\s*){1,8}(?:services?|care|treatment|counseling)(?:\s+or\s+both)?|"
    r"in\s+need(?:\s+of\s+"
    r"(?:services?|assistance|help))?|needing\s+services?|no\s+(?:photo\s+)?(?:ID|"
    r"identification|documents?|documentation)\s+(?:is\s+|are\s+)?(?:required|needed)|"
    r"(?:insurance|id)\s+(?:is\s+)?not\s+required|also\s+(?:welcome|accepted)|"
    # "(parents may call)": who may ask on the client's behalf, not who is served.
    r"(?:parents?|guardians?|caregivers?|family(?:\s+members)?|friends)(?:\s*(?:,|or|and|/)\s*"
    r"(?:parents?|guardians?|caregivers?|family(?:\s+members)?|friends))*\s+(?:may|can)\s+"
    r"(?:also\s+)?(?:call|apply|refer|ask|contact)|"
    # "Ex-offenders welcome if they meet the above criteria": the criteria already stated.
    r"(?:if|provided|as\s+long\s+as)\s+(?:they|you|he|she|the\s+client)\s+meets?\s+(?:all\s+)?(?:the\s+)?"
    r"(?:above|other|same|program|eligibility)\s+(?:criteria|requirements|guidelines)|any\s+(?:type|kind|"
    r"form)s?\s+of)\b",
    re.I,
)
# People served alongside the client: a population of their own, with no condition on it.
_OTHERS = re.compile(
    r"(?:\b(?:and|or|&|as\s+well\s+as|plus)\s+(?:their\s+|his\s+|her\s+)?|\b(?:their|his|her)\s+)"
    r"(?:(?:families|"
    r"family(?:\s+members)?|spouses?|partners|children|friends|loved\s+ones|dependents|"
    r"care\s*givers|relatives)(?:\s*(?:,|and|&|or|/)\s*)?)+(?=$|[^\w])|\b(?:and\s+)?(?:any\s+|all\s+)?"
    r"other\s+interested\s+(?:persons|people|individuals|parties|groups)|\b(?:and\s+)?anyone\s+"
    r"(?:else\s+)?interested",
    re.I,
)
_DOCUMENT_WORDS = {
    "income": "proof of income",
    "address": "proof of address",
    "residency": "proof of address",
    "residence": "proof of address",
    "identity": "proof of identity",
    "id": "photo ID",
    "identification": "photo ID",
    "age": "proof of age",
}
_PROOF_WORD = r"income|address|residency|residence|identity|\bID\b|identification|\bage\b"
_PROOF = rf"(?:current\s+|home\s+|household\s+)?(?:{_PROOF_WORD})"
_WHO_REFERS = r"(?:[^,;(]|\([^)]*\))+"
_DOCUMENT = re.compile(
    r"(?:\b(?:must|please|you\s+must|clients\s+must|should)\s+)?(?:\b(?:bring|provide|present|"
    r"show|have)\s+)?(?:\b(?:a|an|your|two\s+forms\s+of|valid|current|government[- ]issued|"
    r"state[- ]issued)\s+){0,4}(?:\b(?P<proof>proof\s+of\s+"
    rf"{_PROOF}(?:(?:\s*,\s*|\s+(?:and|or|&)\s+|\s*,\s*(?:and|or)\s+)(?:proof\s+of\s+)?{_PROOF})*)"
    r"|\b(?P<id>(?:photo|picture)\s+(?-i:ID|I\.D\.)|(?-i:ID|I\.D\.)|identification)\b"
    r"|\b(?P<ss>social\s+security\s+(?:cards?|numbers?))|\b(?P<bc>birth\s+certificates?)"
    r"|\b(?P<ins>(?:health\s+|medical\s+|medicaid\s+|medicare\s+)?insurance\s+cards?)"
    r"|\b(?P<ref>(?:a\s+)?referrals?(?:\s+(?:is|are))?(?:\s+(?:required|needed|necessary))?"
    rf"(?:\s+(?:from|by|through)\s+{_WHO_REFERS})?|requires?\s+(?:a\s+)?referral(?:\s+(?:from|by)\s+"
    rf"{_WHO_REFERS})?|(?:must\s+be\s+|be\s+|are\s+|is\s+)?referred\s+(?:by|from|through)\s+"
    rf"{_WHO_REFERS}))"
    r"(?:\s+(?:is\s+|are\s+)?(?:required|needed|necessary))?",
    re.I,
)


def _document(match: re.Match[str]) -> Hit:
    if match["proof"]:
        words = re.findall(_PROOF_WORD, match["proof"], re.I)
        documents = sorted({_DOCUMENT_WORDS[w.lower()] for w in words})
    else:
        key = next(k for k in ("id", "ss", "bc", "ins", "ref") if match[k])
        documents = [
            {
                "id": "photo ID",
                "ss": "Social Security card",
                "bc": "birth certificate",
                "ins": "insurance card",
                "ref": "referral",
            }[key]
        ]
    return hit("document", {"documents": documents}, match)


def find_statements(clause: str, offset: int) -> Iterator[Hit]:
    """No-requirement statements first, then restriction-free phrases, then documents."""
    yield from scan(_NONE, clause, offset, lambda m: hit("none", {}, m))
    yield from scan(_NOTHING, clause, offset, lambda m: hit("", {}, m))
    yield from scan(_DOCUMENT, clause, offset, _document)


def find_others(clause: str, offset: int) -> Iterator[Hit]:
    """People served alongside ("and their families"); run last so veterans' families win."""
    yield from scan(_OTHERS, clause, offset, lambda m: hit("others", {}, m))
