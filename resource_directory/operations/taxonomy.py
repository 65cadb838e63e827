"""Taxonomy terms the needs vocabulary relies on."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import TaxonomyTerm
from ..taxonomy import NEEDS, OPEN_ELIGIBILITY


def ensure_need_terms(session: Session) -> dict[str, str]:
    """Create the need slugs' taxonomy terms if missing; return {slug: term id}."""
    codes = {need.term[0]: need for need in NEEDS}
    found = {
        term.code: term
        for term in session.scalars(
            select(TaxonomyTerm).where(
                TaxonomyTerm.taxonomy == OPEN_ELIGIBILITY, TaxonomyTerm.code.in_(codes)
            )
        )
    }
    for code, need in codes.items():
        if code not in found:
            found[code] = TaxonomyTerm(code=code, name=need.term[1], taxonomy=OPEN_ELIGIBILITY)
            session.add(found[code])
    session.flush()
    return {need.slug: found[need.term[0]].id for need in NEEDS}
