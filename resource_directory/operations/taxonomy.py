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
    wanted = _with_need_terms(terms)
    found = _existing(session, list(wanted))
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


def find_terms(session: Session, terms: Iterable[TermRecord]) -> dict[tuple[str, str], str]:
    """The ids of those of the terms (and need terms) that exist; creates nothing."""
    return {key: term.id for key, term in _existing(session, list(_with_need_terms(terms))).items()}


def _with_need_terms(terms: Iterable[TermRecord]) -> dict[tuple[str, str], TermRecord]:
    wanted = {(t.taxonomy, t.code): t for t in terms}
    for need in NEEDS:
        code, name = need.term
        wanted.setdefault((OPEN_ELIGIBILITY, code), TermRecord(code=code, name=name))
    return wanted


def _existing(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], TaxonomyTerm]:
    found: dict[tuple[str, str], TaxonomyTerm] = {}
    for start in range(0, len(keys), 500):
        batch = keys[start : start + 500]
        for term in session.scalars(
            select(TaxonomyTerm).where(tuple_(TaxonomyTerm.taxonomy, TaxonomyTerm.code).in_(batch))
        ):
            found[(term.taxonomy, term.code)] = term
    return found
