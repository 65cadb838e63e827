"""Taxonomy terms: the needs vocabulary's, and those imported files bring."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from importers.records import TermRecord

from ..models import TaxonomyTerm
from ..taxonomy import NEEDS, OPEN_ELIGIBILITY


def ensure_need_terms(session: Session) -> dict[str, str]:
    """Create the need slugs' taxonomy terms if missing; return {slug: term id}."""
    ids = ensure_terms(session, [])
    return {need.slug: ids[(OPEN_ELIGIBILITY, need.term[0])] for need in NEEDS}


def ensure_terms(session: Session, terms: Iterable[TermRecord]) -> dict[tuple[str, str], str]:
    """Get or create every term (and the need terms); return {(taxonomy, code): id}."""
    wanted = {(t.taxonomy, t.code): t for t in terms}
    for need in NEEDS:
        code, name = need.term
        wanted.setdefault((OPEN_ELIGIBILITY, code), TermRecord(code=code, name=name))
    found: dict[tuple[str, str], TaxonomyTerm] = {}
    keys = list(wanted)
    for start in range(0, len(keys), 500):
        batch = keys[start : start + 500]
        for term in session.scalars(
            select(TaxonomyTerm).where(tuple_(TaxonomyTerm.taxonomy, TaxonomyTerm.code).in_(batch))
        ):
            found[(term.taxonomy, term.code)] = term
    for key, record in wanted.items():
        if key not in found:
            found[key] = TaxonomyTerm(taxonomy=record.taxonomy, code=record.code, name=record.name)
            session.add(found[key])
    session.flush()
    for key, record in wanted.items():
        parent = found.get((record.taxonomy, record.parent_code)) if record.parent_code else None
        if parent is not None and found[key].parent_id is None:
            found[key].parent_id = parent.id
    session.flush()
    return {key: term.id for key, term in found.items()}
