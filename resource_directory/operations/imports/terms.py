"""The taxonomy terms an import links services to: their ids (created as needed), the
link rows, and how a link reads in the audit trail."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from importers.records import ServiceRecord

from ...models import TaxonomyTerm
from ...taxonomy import NEEDS_BY_SLUG, OPEN_ELIGIBILITY
from ..taxonomy import ensure_terms, find_terms


class TermLinks:
    def __init__(self, session: Session):
        self.session = session
        #: (taxonomy, code) → term id, for the terms seen so far.
        self.ids: dict[tuple[str, str], str] = {}
        #: term id → "taxonomy:code".
        self.labels: dict[str, str] = {}

    def rows(self, service_id: str, r: ServiceRecord):
        """The service's own terms, plus the need terms its needs imply.

        A need term the source did not file the service under (read from its text, or from
        another vocabulary's term names) is marked inferred, so exports leave it out and a
        re-import of an export reads the same terms back.
        """
        terms = self.ids
        linked: dict[str, bool] = {}
        for term in r.terms:
            linked.setdefault(terms[(term.taxonomy, term.code)], False)
        for slug in r.needs:
            code = NEEDS_BY_SLUG[slug].term[0]
            linked.setdefault(terms[(OPEN_ELIGIBILITY, code)], r.needs_inferred or bool(r.terms))
        for term_id, inferred in linked.items():
            yield {"service_id": service_id, "taxonomy_term_id": term_id, "inferred": inferred}

    def ensure(self, services: Iterable[ServiceRecord], dry_run: bool) -> None:
        """Create the taxonomy terms this chunk's services use that are not known yet (a dry
        run only looks them up; a term it would create stands in under a made-up id)."""
        new = {
            (t.taxonomy, t.code): t
            for s in services
            for t in s.terms
            if (t.taxonomy, t.code) not in self.ids
        }
        if dry_run:
            self.ids.update(find_terms(self.session, list(new.values())))
            for taxonomy, code in new:
                self.ids.setdefault((taxonomy, code), f"new:{taxonomy}:{code}")
            for need in NEEDS_BY_SLUG.values():
                key = (OPEN_ELIGIBILITY, need.term[0])
                self.ids.setdefault(key, f"new:{key[0]}:{key[1]}")
        elif new or not self.ids:
            self.ids.update(ensure_terms(self.session, list(new.values())))
        self.labels.update((i, f"{t}:{c}") for (t, c), i in self.ids.items())

    def describe(self, row: dict[str, Any]) -> str:
        """A term link as the audit trail shows it: "open-eligibility:102 (inferred)"."""
        term_id = row["taxonomy_term_id"]
        if term_id not in self.labels:
            self.labels.update(term_names(self.session, [term_id]))
        label = self.labels.get(term_id, term_id)
        return f"{label} (inferred)" if row["inferred"] else label


def term_names(session: Session, ids: Iterable[str]) -> dict[str, str]:
    """ "taxonomy:code name" of each term id, to show term links in the audit trail."""
    found: dict[str, str] = {}
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), 500):
        stmt = select(TaxonomyTerm.id, TaxonomyTerm.taxonomy, TaxonomyTerm.code).where(
            TaxonomyTerm.id.in_(wanted[start : start + 500])
        )
        found.update((i, f"{taxonomy}:{code}") for i, taxonomy, code in session.execute(stmt))
    return found
