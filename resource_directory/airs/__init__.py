"""The AIRS / 211 LA County taxonomy ("airs"), which 211 directories file services under.

Its codes map to needs through the taxonomy's own tree (:mod:`.branches`: the most
specific prefix wins, as for Open Eligibility); its well-known terms' names map to codes
(:mod:`.names`), so an export that gives names rather than codes reaches the same needs.
A code may carry target populations after a "*" ("RX-8450.7000 * YS-2000.9500": residential
treatment for women); each part is a code of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from .branches import BRANCHES, COUNSELING, INDIRECT, SERVES_MENTAL_ILLNESS
from .names import TERMS

VOCABULARY = "airs"

#: One code: "B", "BD", "BD-1800", "BD-1800.2000", "BD-1800.2000-250", "…-250.15", under
#: one of the taxonomy's ten top levels (so "MH" or "ID" in a category column is no code).
CODE = re.compile(r"[BDFHJLNPRTY][A-Z]?(?:-\d{4}(?:\.\d{4}(?:-\d{3}(?:\.\d{2})?)?)?)?")
_CODES = re.compile(rf"\s*{CODE.pattern}\*?(?:\s*[,;*]\s*{CODE.pattern}\*?)*\s*[,;]?\s*")
_NAME_PART = re.compile(r"\s+\*\s+")
_WORD = re.compile(r"[a-z0-9&]+")


def parse_codes(text: str) -> list[str] | None:
    """The codes a text lists ("BD-1800.2000; BH-1800 * YV-3000", "BD-2600.1500*"), or
    None when it is not a list of codes (a term's name, say)."""
    if not text or not _CODES.fullmatch(text):
        return None
    return CODE.findall(text)


def is_code(code: str) -> bool:
    return bool(CODE.fullmatch(code))


def _under(code: str, prefix: str) -> bool:
    if not code.startswith(prefix):
        return False
    rest = code[len(prefix) :]
    # "B" holds "BD"; below the second level a branch's codes go on with "-" or ".".
    return not rest or (len(prefix) == 1 and rest[0].isalpha()) or rest[0] in "-."


def _most_specific(code: str, table: dict[str, object]) -> object | None:
    for end in range(len(code), 0, -1):
        prefix = code[:end]
        if prefix in table and _under(code, prefix):
            return table[prefix]
    return None


def needs_for_code(code: str) -> tuple[str, ...]:
    """The needs one code means (its most specific branch's), or ()."""
    found = _most_specific(code, BRANCHES)
    return found if isinstance(found, tuple) else ()


def needs_for_codes(codes: Iterable[str]) -> tuple[str, ...]:
    """The needs a service filed under these codes offers, in code order; counselling on a
    service filed under substance use is that treatment's (:data:`.branches.COUNSELING`)."""
    codes = list(codes)
    found = [(code, needs_for_code(code)) for code in codes]
    counseling_is_treatment = any(
        "substance-use" in needs for code, needs in found if not _under_any(code, COUNSELING)
    ) and not any(_under_any(code, SERVES_MENTAL_ILLNESS) for code in codes)
    kept = (
        need
        for code, needs in found
        if not (counseling_is_treatment and _under_any(code, COUNSELING))
        for need in needs
    )
    return tuple(dict.fromkeys(kept))


def _under_any(code: str, prefixes: tuple[str, ...]) -> bool:
    return any(_under(code, prefix) for prefix in prefixes)


def indirect_kinds(codes: Iterable[str]) -> frozenset[str]:
    """The kinds of indirect listing the codes mark (:data:`.branches.INDIRECT`)."""
    return frozenset(k for k in (_most_specific(c, INDIRECT) for c in codes) if k)


def is_service_code(code: str) -> bool:
    """Does the code name a kind of service (not a target population)?"""
    return is_code(code) and not code.startswith("Y")


def _key(name: str) -> str:
    """A name as it is matched: lower case, words only, plural endings dropped."""
    words = _WORD.findall(name.casefold())
    return " ".join(
        w[:-3] + "y" if w.endswith("ies") else w[:-1] if w.endswith("s") and not w.endswith("ss")
        else w
        for w in words
    )  # fmt: skip


@cache
def _by_name() -> dict[str, str]:
    found: dict[str, str] = {}
    for code, *names in TERMS:
        for name in names:
            found.setdefault(_key(name), code)
    return found


@cache
def _names() -> dict[str, str]:
    return {code: name for code, name, *_ in TERMS}


def code_for_name(name: str) -> str | None:
    """The code of a term the table knows by this name ("Food Pantries", "Food Stamps")."""
    return _by_name().get(_key(name))


def name_of(code: str) -> str | None:
    """The taxonomy's name of a well-known term."""
    return _names().get(code)


def terms_in(text: str) -> list[tuple[str, str]]:
    """(code, name) of each term a category value names, by its codes or by its name
    ("Food Pantries * Older Adults" is two); names the table does not know give none."""
    codes = parse_codes(text)
    if codes is None:
        codes = [c for c in map(code_for_name, _NAME_PART.split(text.strip())) if c]
        return [(code, name_of(code) or code) for code in codes]
    return [(code, name_of(code) or code) for code in codes]


__all__ = [
    "VOCABULARY",
    "code_for_name",
    "indirect_kinds",
    "is_code",
    "is_service_code",
    "name_of",
    "needs_for_code",
    "needs_for_codes",
    "parse_codes",
    "terms_in",
]
