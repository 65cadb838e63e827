"""services.csv → a service record and its one listing (Ohana: a service has one location).

The service's organization is its location's (or, for a service without a location, its
program's). accepted_payments, funding_sources, required_documents and wait_time have no
field in the directory's records and are not read; keywords only help classify a service
that has no categories.

A service's needs come from its categories, Open Eligibility's and AIRS codes alike. Only a
service filed under no kind of service at all (none, only audience facets such as "112 Age
Group", or AIRS codes that name no need, such as volunteer opportunities) has its needs
read from its own words, and then from its name, keywords and the parts of its
description about the service, never from the volunteers, donations or bus-line asides.
"""

from __future__ import annotations

from resource_directory.taxonomy import (
    NEED_SLUGS,
    NEEDS_BY_SLUG,
    OPEN_ELIGIBILITY,
    classify_text,
    files_a_service,
    needs_for_terms,
)

from ..normalize import normalize_email, normalize_url
from ..records import (
    LocationRecord,
    ServiceAreaRecord,
    ServiceAtLocationRecord,
    ServiceRecord,
    TermRecord,
)
from .categories import Categories, is_service_category
from .locations import languages
from .sections import eligibility_notes, service_text
from .tables import Row
from .values import Folder, split_list, text

#: Ohana's service statuses; the directory keeps only whether a service still runs.
STATUSES = {"active": "active", "inactive": "inactive", "defunct": "inactive"}


def read_services(
    folder: Folder,
    locations: dict[str, LocationRecord],
    programs: dict[str, str],
    categories: Categories,
) -> tuple[dict[str, ServiceRecord], dict[str, ServiceAtLocationRecord]]:
    services: dict[str, ServiceRecord] = {}
    listings: dict[str, ServiceAtLocationRecord] = {}
    report = folder.report
    for row in folder.rows("services.csv"):
        errors = len(report.errors)
        location = folder.target(row, "location_id", "locations.csv", locations)
        program = folder.target(row, "program_id", "programs.csv", programs)
        terms = categories.for_service(folder, row)
        if len(report.errors) > errors:
            continue
        if location is not None:
            organization = locations[location].organization_external_id
        elif program is not None and not row.get("location_id"):
            organization = programs[program]
        else:
            if not (row.get("location_id") or row.get("program_id")):
                report.warn(
                    row.file, row.line, "location_id", "missing_location",
                    f"service {row.get('id')!r} has no location_id (nor a program), so it "
                    "belongs to no organization; skipped",
                )  # fmt: skip
            continue  # else it names a row left out for its own errors
        ext = row.get("id")
        services[ext] = _service(folder, row, organization, terms)
        if location is not None:
            listings[ext] = ServiceAtLocationRecord(
                external_id=ext,
                service_external_id=ext,
                location_external_id=location,
                origin=row.origin,
            )
    return services, listings


def _service(
    folder: Folder, row: Row, organization: str, terms: tuple[TermRecord, ...]
) -> ServiceRecord:
    needs = needs_for_terms((t.taxonomy, t.code) for t in terms)
    inferred = not any(files_a_service(t.taxonomy, t.code) for t in terms)
    words = (row.get("name"), service_text(row.get("description")), row.get("keywords"))
    if inferred:
        needs = tuple(classify_text(*words))
    else:
        needs += _refined(terms, classify_text(row.get("name")))
    eligibility = [row.get(c) for c in ("eligibility", "audience") if row.get(c)]
    notes = eligibility_notes(row.get("eligibility"), row.get("description"))
    if notes:
        eligibility.append(notes)
    spoken, language_notes = languages(row.get("languages"))
    return ServiceRecord(
        external_id=row.get("id"),
        organization_external_id=organization,
        name=row.get("name"),
        alternate_name=text(row, "alternate_name"),
        description=text(row, "description"),
        url=folder.cleaned(row, "website", normalize_url),
        email=folder.cleaned(row, "email", normalize_email),
        fees_description=text(row, "fees"),
        eligibility_description="; ".join(eligibility) or None,
        application_process=text(row, "application_process"),
        interpretation_services=text(row, "interpretation_services") or language_notes,
        languages=spoken,
        status=_status(folder, row),
        needs=tuple(slug for slug in NEED_SLUGS if slug in needs),
        needs_inferred=inferred,
        terms=terms,
        service_areas=tuple(
            ServiceAreaRecord(name) for name in split_list(row.get("service_areas"))
        ),
        origin=row.origin,
    )


def _refined(terms: tuple[TermRecord, ...], from_text: list[str]) -> tuple[str, ...]:
    """Needs the service's name points to within a node it is filed under only as a whole.

    A "Head Start Program" filed under "109 Education" alone is preschool, which the
    taxonomy files as "109-04" (child care): its name says which part of the branch it is.
    So is "Acorn Housing Corporation" filed under "107-03 Financial Education" alone:
    homebuyer education ("107-03-03", housing). A need counts when one of its codes lies
    under a service category the service is filed under; needs outside the nodes the agency
    chose are never added, and descriptions are not read (a clinic's description mentions
    vans and counselling in passing).
    """
    nodes = [
        t.code for t in terms if t.taxonomy == OPEN_ELIGIBILITY and is_service_category(t.code)
    ]
    return tuple(
        slug
        for slug in from_text
        if any(
            p.startswith(node + "-") or (p == node and "-" not in node)
            for p in NEEDS_BY_SLUG[slug].prefixes
            for node in nodes
        )
    )


def _status(folder: Folder, row: Row) -> str:
    raw = row.get("status")
    status = STATUSES.get(raw.lower()) if raw else "active"
    if status is None:
        folder.report.warn(
            row.file, row.line, "status", "invalid_value",
            f"status {raw!r} is not active, inactive or defunct; read as active",
        )  # fmt: skip
        return "active"
    return status
