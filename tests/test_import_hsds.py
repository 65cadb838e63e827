"""HSDS import: 3.x CSV tables and JSON, 1.x/2.x datapackages, broken packages, real examples."""

from __future__ import annotations

import copy
import json
import shutil
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from importers import detect_format, read_file
from importers.records import (
    LanguageRecord,
    LocationRecord,
    OrganizationRecord,
    PhoneRecord,
    ScheduleRecord,
    ServiceAreaRecord,
    ServiceAtLocationRecord,
    ServiceRecord,
    TermRecord,
)
from resource_directory.errors import ImportRejected
from resource_directory.models import (
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceTaxonomy,
)
from resource_directory.operations import Context, import_listings

from .conftest import ADMIN, FIXTURES, REAL_DATA

HSDS = FIXTURES / "hsds"
HSDS3_CSV = HSDS / "hsds3_csv"
HSDS3_JSON = HSDS / "hsds3_organizations.json"
HSDS1 = HSDS / "hsds1"
BROKEN = HSDS / "hsds3_bad"

EXAMPLES = REAL_DATA / "openreferral-hsds-examples"
SPEC_CSV = EXAMPLES / "hsds3-spec-examples" / "csv"
SPEC_JSON = EXAMPLES / "hsds3-spec-examples" / "json"
HSDS11_SAMPLE = EXAMPLES / "hsds1.1-sample-datapackage" / "all_resources"
ORSERVICES = REAL_DATA / "orservices-dc-hsds" / "datapackage"
ILAO = REAL_DATA / "hsds-transformer-legal-aid" / "ilao-output-hsds"


def uid(prefix: str, n: int) -> str:
    """The fixtures' HSDS 3 ids: UUIDs, kept as external ids as they are."""
    return f"{prefix}000000-0000-4000-8000-{n:012d}"


O1, O2 = uid("a1", 1), uid("a1", 2)
S1, S2, S3 = uid("a2", 1), uid("a2", 2), uid("a2", 3)
L1, L2 = uid("a3", 1), uid("a3", 2)
SL1, SL2 = uid("a4", 1), uid("a4", 2)
BALTIMORE = {"city": "Baltimore", "state": "MD", "county": "Baltimore city"}


def counts(session) -> dict[str, int]:
    return {
        model.__tablename__: session.scalar(select(func.count()).select_from(model))
        for model in (Organization, Location, Service, ServiceAtLocation, Phone, Schedule)
    }


def problems(found) -> list[tuple]:
    return sorted((p.file, p.line or 0, p.column or "", p.code) for p in found)


# -- HSDS 3 CSV ---------------------------------------------------------------------------


def test_hsds3_csv_package_reads_every_field_the_records_hold():
    parsed = read_file(HSDS3_CSV)  # auto-detected
    assert (parsed.format, parsed.default_source) == ("hsds", "harbor-test-hsds3")
    assert not parsed.report.errors and not parsed.report.warnings
    records = parsed.records
    assert records.organizations == {
        O1: OrganizationRecord(
            O1, "Harbor Food Bank", alternate_name="HFB",
            description="Emergency groceries for Baltimore families.",
            email="info@harborfood.example.org", website="https://www.harborfood.example.org",
            phones=(PhoneRecord("+14105550101", None, "voice", "Main line"),),
        ),
        # A description that only repeats the name says nothing (HSDS 3 exports must fill it).
        O2: OrganizationRecord(O2, "Northside Counseling", website="https://northside.example.org"),
    }  # fmt: skip
    assert records.locations == {
        L1: LocationRecord(
            L1, O1, "Harbor Food Bank Warehouse", "1200 Key Hwy", "Dock 3", **BALTIMORE,
            postal_code="21230", latitude=39.2712, longitude=-76.5968, geocode_precision="point",
            time_zone="America/New_York",
            accessibility="Wheelchair ramp at the loading dock. Ring the bell.",
            description="Loading dock entrance.", transportation="Bus 22 to Key Hwy",
            # Closing at 00:00 is the end of the day.
            schedules=(ScheduleRecord("WEEKLY", "MO", opens_at="08:00", closes_at="24:00"),),
            languages=(LanguageRecord("English", "en"),),
        ),
        # The physical address wins over the postal one; no point → the ZIP's centre.
        L2: LocationRecord(
            L2, O2, "Northside Office", "3100 Greenmount Ave", None, **BALTIMORE,
            postal_code="21218", latitude=39.3265, longitude=-76.6048, geocode_precision="zip",
            time_zone="America/New_York", phones=(PhoneRecord("+14105550104", None, "fax"),),
        ),
    }  # fmt: skip
    assert records.services == {
        S1: ServiceRecord(
            S1, O1, "Weekly Food Pantry", description="Free groceries every week.",
            url="https://harborfood.example.org/pantry", email="pantry@harborfood.example.org",
            fees_description="Households: 0 USD per visit",  # from its cost_option row
            eligibility_description="Residents of Baltimore City", needs=("food",),
            assured_date=date(2025, 1, 15), alternate_name="Pantry",
            application_process="Walk in with ID",
            interpretation_services="Spanish interpreter on Tuesdays", minimum_age=18,
            terms=(
                TermRecord("102", "Food", "open-eligibility"),
                TermRecord("102-01", "Food Pantry", "open-eligibility", parent_code="102"),
            ),
            service_areas=(ServiceAreaRecord("Baltimore City", "Residents of Baltimore City"),),
        ),
        S2: ServiceRecord(
            S2, O2, "Youth Counseling", description="Talk therapy for teens.",
            fees_description="Sliding scale", status="temporarily closed",
            languages=(LanguageRecord("Spanish", "es"), LanguageRecord("Vietnamese", "vi")),
            # The vocabulary comes from the taxonomy row the term's taxonomy_id names; the
            # need from the term's name (the source's own filing, so not inferred).
            needs=("mental-health",), application_process="Call to book", minimum_age=12,
            maximum_age=17, terms=(TermRecord("LC-7", "Counseling", "Local Categories"),),
            schedules=(
                ScheduleRecord(
                    "MONTHLY", "1SA", opens_at="10:00", closes_at="14:00",
                    valid_from=date(2025, 1, 1), valid_to=date(2025, 12, 31), notes="Bring ID",
                ),
            ),
        ),
        # No service_at_location and no location at all: kept as a service, with no listing.
        S3: ServiceRecord(
            S3, O2, "Online Support Group", description="A weekly video call for parents.",
            url="https://northside.example.org/group", needs_inferred=True,
        ),
    }  # fmt: skip
    assert records.service_at_locations == {
        SL1: ServiceAtLocationRecord(
            SL1, S1, L1, description="Pantry at the warehouse",
            phones=(PhoneRecord("+14105550102", "12", "voice"),),
            schedules=(
                ScheduleRecord(
                    "WEEKLY", "TU,TH", opens_at="09:00", closes_at="12:00",
                    description="Tuesdays and Thursdays 9-12",
                ),
            ),
        ),
        # The phone names service + location, not the listing: found by that pair.
        SL2: ServiceAtLocationRecord(
            SL2, S2, L2, phones=(PhoneRecord("+14105550103", None, "text", "Text us"),)
        ),
    }  # fmt: skip
    assert [records.locations[L1].origin.file, records.locations[L1].origin.line] == [
        "locations.csv",
        2,
    ]


def test_row_order_of_child_tables_does_not_change_the_records(tmp_path):
    """The directory keeps no order among a record's phones, schedules, languages or terms,
    so neither do the records: an export that lists them otherwise reads back the same."""
    package = tmp_path / "package"
    package.mkdir()
    for source in HSDS3_CSV.iterdir():
        lines = source.read_text().splitlines(keepends=True)
        if source.suffix == ".csv":
            lines = lines[:1] + lines[:0:-1]
        (package / source.name).write_text("".join(lines))
    reordered, original = read_file(package).records, read_file(HSDS3_CSV).records
    for table, records in original.tables().items():
        assert reordered.tables()[table] == records, table


def test_datapackage_json_path_reads_the_same_package():
    folder, descriptor = read_file(HSDS3_CSV), read_file(HSDS3_CSV / "datapackage.json")
    assert folder.records == descriptor.records
    assert folder.file_hash == descriptor.file_hash


# -- HSDS 3 JSON --------------------------------------------------------------------------


def test_hsds3_json_organizations_give_the_same_records_as_the_csv_tables():
    from_json, from_csv = read_file(HSDS3_JSON), read_file(HSDS3_CSV)
    assert from_json.format == "hsds" and from_json.default_source is None
    assert not from_json.report.errors and not from_json.report.warnings
    for table, records in from_csv.records.tables().items():
        assert list(from_json.records.tables()[table].items()) == list(records.items()), table
    assert from_json.records.services[S1].origin.line is None


def test_hsds3_json_single_service_list_and_paginated_response(tmp_path):
    document = json.loads(HSDS3_JSON.read_text())
    organization = document["contents"][1]
    service = copy.deepcopy(organization["services"][0])
    service["organization"] = {"id": O2, "name": "Northside Counseling"}
    service["service_at_locations"][0]["location"] = organization["locations"][0]
    expected = read_file(HSDS3_CSV).records
    for shape in (service, [service], {"total_items": 1, "contents": [service]}):
        path = tmp_path / "service.json"
        path.write_text(json.dumps(shape))
        parsed = read_file(path)
        assert not parsed.report.errors
        records = parsed.records
        assert list(records.services) == [S2] and records.services[S2] == expected.services[S2]
        assert records.service_at_locations == {SL2: expected.service_at_locations[SL2]}
        # Nested under the listing, not its organization: the location has no organization.
        assert records.locations[L2].organization_external_id is None


def test_json_that_is_not_hsds_listings_is_an_error(tmp_path):
    path = tmp_path / "terms.json"
    path.write_text(json.dumps({"contents": [{"id": "t1", "code": "102", "term_uri": "x"}]}))
    errors = read_file(path, "hsds").report.errors
    assert [(e.file, e.code) for e in errors] == [("terms.json", "empty_file")]
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "s1",\n "name": }')
    errors = read_file(broken, "hsds").report.errors
    assert [(e.line, e.code) for e in errors] == [(2, "invalid_json")]


# -- HSDS 1.x -----------------------------------------------------------------------------


def test_hsds1_package_maps_renamed_tables_and_fields():
    parsed = read_file(HSDS1 / "datapackage.json")
    assert (parsed.format, parsed.default_source) == ("hsds", "eastside-test-hsds1")
    assert not parsed.report.errors and not parsed.report.warnings
    records = parsed.records
    # organization.url → website; the descriptor's stale "resources/…" path is found anyway.
    assert records.organizations["O1"].website == "https://eastside.example.org"
    assert records.locations["L1"] == LocationRecord(
        "L1", "O1", "Eastside Family Shelter", "1500 E Monument St", None, **BALTIMORE,
        postal_code="21205", latitude=39.3001, longitude=-76.5801, geocode_precision="point",
        time_zone="America/New_York", accessibility="ramp: At the side entrance",
        description="Family rooms.",
    )  # fmt: skip
    # A weekday-only regular_schedule row of a location; weekday 7 is Sunday (1 = Monday).
    assert records.locations["L2"].schedules == (
        ScheduleRecord("WEEKLY", "SU", opens_at="09:00", closes_at="12:00"),
    )
    assert records.locations["L2"].address_2 == "Rear door"
    assert records.services["S1"] == ServiceRecord(
        "S1", "O1", "Family Shelter Beds",
        description="Emergency beds for families with children.", fees_description="Free",
        eligibility_description="family; female",  # the eligibility table's rows
        languages=(LanguageRecord("English", "en"), LanguageRecord("Spanish", "es")),
        needs=("housing", "shelter"), application_process="Call the intake line",
        terms=(  # from the inline taxonomy_ids and the service_taxonomy table
            TermRecord("103", "Housing", "open-eligibility"),
            TermRecord("103-01", "Emergency Shelter", "open-eligibility", parent_code="103"),
        ),
        phones=(PhoneRecord("+14105550201", None, "voice", "Intake"),),
    )  # fmt: skip
    assert records.services["S2"].schedules == (
        ScheduleRecord("WEEKLY", "SA", opens_at="11:00", closes_at="13:00"),
    )
    assert (records.services["S2"].needs, records.services["S2"].needs_inferred) == (
        ("food",),
        True,
    )
    assert records.services["S3"].service_areas == (
        ServiceAreaRecord("Baltimore City", "City residents"),
    )
    assert records.services["S3"].status == "inactive"
    assert records.service_at_locations == {
        "SL1": ServiceAtLocationRecord(
            "SL1", "S1", "L1", phones=(PhoneRecord("+14105550202", "5", "voice"),),
            schedules=(
                ScheduleRecord(
                    description="Closed for a holiday, 2025-12-25 to 2025-12-25",
                    valid_from=date(2025, 12, 25), valid_to=date(2025, 12, 25), notes="holiday",
                ),
                ScheduleRecord("WEEKLY", "MO", opens_at="17:00", closes_at="08:00"),
            ),
        ),
        # S2 names a location but has no services_at_location row: it still gets a listing.
        "S2@L2": ServiceAtLocationRecord("S2@L2", "S2", "L2"),
    }  # fmt: skip
    assert "S3" not in {r.service_external_id for r in records.service_at_locations.values()}


def test_format_auto_detects_each_shape():
    for path in (HSDS3_CSV, HSDS3_CSV / "datapackage.json", HSDS3_JSON, HSDS1, BROKEN):
        assert detect_format(path) == "hsds", path
    assert detect_format(FIXTURES / "flat_small.csv") == "flat"


# -- the database -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, created",
    [(HSDS3_CSV, 2 + 2 + 3 + 2), (HSDS3_JSON, 2 + 2 + 3 + 2), (HSDS1, 1 + 2 + 3 + 2)],
    ids=["hsds3-csv", "hsds3-json", "hsds1"],
)
def test_import_writes_records_and_reimport_changes_nothing(session, path, created):
    first = import_listings(ADMIN, Context(session), path)
    assert (first.created, first.updated) == (created, 0)
    before = counts(session)
    again = import_listings(ADMIN, Context(session), path)
    assert (again.source, again.created, again.updated, again.unchanged) == (
        first.source,
        0,
        0,
        created,
    )
    assert counts(session) == before
    # The service with no location is stored, without a listing.
    lonely = session.scalar(select(Service).where(Service.external_id.in_(["S3", S3])))
    assert lonely is not None and lonely.locations == []


def test_hsds3_import_stores_terms_phones_and_schedules(session):
    import_listings(ADMIN, Context(session), HSDS3_CSV)
    pantry = session.scalar(select(Service).where(Service.external_id == S1))
    links = session.scalars(select(ServiceTaxonomy).where(ServiceTaxonomy.service_id == pantry.id))
    assert sorted((link.term.taxonomy, link.term.code, link.inferred) for link in links) == [
        ("open-eligibility", "102", False),
        ("open-eligibility", "102-01", False),
    ]
    listing = pantry.locations[0]
    assert [(p.number, p.extension) for p in listing.phones] == [("+14105550102", "12")]
    assert [(s.byday, s.opens_at, s.closes_at) for s in listing.schedules] == [
        ("TU,TH", "09:00", "12:00")
    ]
    assert (pantry.minimum_age, pantry.maximum_age) == (18, None)


def test_broken_package_is_rejected_with_every_error_and_writes_nothing(session):
    before = counts(session)
    with pytest.raises(ImportRejected) as caught:
        import_listings(ADMIN, Context(session), BROKEN, source="broken")
    assert problems(caught.value.report.errors) == [
        ("attributes.csv", 1, "taxonomy_term_id", "missing_column"),
        ("locations.csv", 3, "latitude", "invalid_number"),
        ("organizations.csv", 3, "id", "duplicate_id"),
        ("organizations.csv", 4, "name", "missing_required"),
        ("phones.csv", 3, "service_id", "unknown_reference"),
        ("service_at_location.csv", 3, "location_id", "unknown_reference"),  # its point is bad
        ("service_at_location.csv", 4, "location_id", "unknown_reference"),
        ("services.csv", 3, "organization_id", "unknown_reference"),
        ("services.csv", 4, "name", "missing_required"),
        ("services.csv", 5, "", "too_many_values"),
    ]
    messages = {e.code: e.message for e in caught.value.report.errors}
    assert messages["duplicate_id"] == "organization id 'B-O1' is already used on line 2"
    assert "phone 'B-P2' refers to service 'B-S8', which is not in the file" in [
        e.message for e in caught.value.report.errors
    ]
    assert problems(caught.value.report.warnings) == [
        # A location's organization is optional: dropped, the location kept.
        ("locations.csv", 4, "organization_id", "unknown_reference"),
        ("phones.csv", 4, "service_id", "invalid_value"),  # names no record
        ("schedules.csv", 2, "weekday", "invalid_value"),  # read as hours prose
    ]
    session.rollback()
    assert counts(session) == before


def test_skip_invalid_imports_the_good_rows_and_lists_each_bad_one(session):
    summary = import_listings(ADMIN, Context(session), BROKEN, source="broken", skip_invalid=True)
    assert (summary.organizations, summary.locations, summary.services) == (1, 2, 1)
    assert len(summary.errors) == 10
    stored = {
        model.__tablename__: sorted(session.scalars(select(model.external_id)))
        for model in (Organization, Location, Service, ServiceAtLocation)
    }
    assert stored == {
        "organization": ["B-O1"],
        "location": ["B-L1", "B-L3"],
        "service": ["B-S1"],
        "service_at_location": ["B-SL1", "B-SL4"],
    }
    service = session.scalar(select(Service).where(Service.external_id == "B-S1"))
    assert [p.number for p in service.phones] == ["+14105550301"]
    # The misplaced schedule row was read as "Monday - Friday 8:30AM-5:00PM".
    assert [(s.byday, s.opens_at, s.closes_at) for s in service.schedules] == [
        ("MO,TU,WE,TH,FR", "08:30", "17:00")
    ]
    again = import_listings(ADMIN, Context(session), BROKEN, source="broken", skip_invalid=True)
    assert (again.created, again.updated) == (0, 0)


# -- real data ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def orservices():
    return read_file(ORSERVICES, "hsds")


@pytest.mark.realdata
def test_spec_examples_flag_their_impossible_coordinates():
    parsed = read_file(SPEC_CSV)
    assert parsed.format == "hsds" and not parsed.report.errors
    assert problems(parsed.report.warnings) == [
        ("addresses.csv", 2, "postal_code", "invalid_zip"),  # "ABC 1234"
        ("locations.csv", 2, "latitude", "invalid_coordinates"),  # 100, 101
        ("locations.csv", 2, "organization_id", "unknown_reference"),
        ("phones.csv", 2, "number", "invalid_phone"),  # a UK number in quotes
    ]
    location = parsed.records.locations["3a19ff88-4620-4d17-9830-ac1d859eb5d5"]
    assert (location.latitude, location.longitude, location.geocode_precision) == (None,) * 3
    service = parsed.records.services["ac148810-d857-441c-9679-408f346de14b"]
    assert (service.minimum_age, service.maximum_age) == (12, 100)
    for name in ("service_full", "organization_full", "service_at_location_full",
                 "service_at_location_list", "location", "tabular"):  # fmt: skip
        parsed = read_file(SPEC_JSON / f"{name}.json")
        assert parsed.format == "hsds" and not parsed.report.errors, name
        codes = Counter(w.code for w in parsed.report.warnings)
        assert codes["invalid_coordinates"] == 1, name
        assert parsed.records.locations["3a19ff88-4620-4d17-9830-ac1d859eb5d5"].latitude is None
    assert read_file(SPEC_JSON / "tabular.json").records == read_file(SPEC_CSV).records
    listed = read_file(SPEC_JSON / "service_list.json").records
    assert (len(listed.organizations), len(listed.services), len(listed.locations)) == (1, 1, 0)


@pytest.mark.realdata
def test_spec_examples_and_hsds11_sample_import_and_reimport_unchanged(session):
    spec = import_listings(ADMIN, Context(session), SPEC_CSV, source="spec")
    assert (spec.organizations, spec.locations, spec.services, spec.created) == (1, 1, 1, 4)
    sample = import_listings(ADMIN, Context(session), HSDS11_SAMPLE)
    assert sample.source == "human_services_data"  # the datapackage's name
    assert (sample.organizations, sample.locations, sample.services) == (10, 10, 13)
    assert sample.created == 10 + 10 + 13 + 13 and not sample.errors
    # 8 of its 10 locations have neither a point nor an address: kept, unplaced.
    assert Counter(w.code for w in sample.warnings) == {"missing_location": 8, "invalid_phone": 5}
    nested = import_listings(
        ADMIN, Context(session), SPEC_JSON / "organization_full.json", source="spec-json"
    )
    assert nested.created == 4
    for path, source in ((SPEC_CSV, "spec"), (HSDS11_SAMPLE, None),
                         (SPEC_JSON / "organization_full.json", "spec-json")):  # fmt: skip
        again = import_listings(ADMIN, Context(session), path, source=source)
        assert (again.created, again.updated) == (0, 0)


@pytest.mark.realdata
def test_orservices_broken_links_are_reported_precisely(orservices):
    errors = orservices.report.errors
    assert len(errors) == 4224
    assert {e.code for e in errors} == {"unknown_reference"}
    by_file = Counter(e.file for e in errors)
    assert by_file == {
        "service_attributes.csv": 1277,  # service ids that are not in services.csv
        "services_at_location.csv": 744 + 698,  # 746 rows; many miss both sides
        "phones.csv": 359 + 324 + 314,
        "physical_addresses.csv": 305,
        "schedules.csv": 155 + 36,
        "accessibility_for_disabilities.csv": 6,
        "services.csv": 6,  # organizations not in the file, or several ids in one cell
    }
    found = {(e.file, e.line, e.column): e.message for e in errors}
    assert found[("services_at_location.csv", 5, "service_id")] == (
        "service_at_location '4' refers to service '543129663940995', which is not in the file"
    )
    assert found[("services.csv", 1060, "organization_id")] == (
        "service '819907567165668' refers to organization '643509042901798,1102284383103447', "
        "which is not in the file"
    )
    assert found[("schedules.csv", 2, "service_id")] == (
        "schedule '1' refers to service '571421925629438', which is not in the file"
    )
    assert found[("physical_addresses.csv", 2, "location_id")] == (
        "address '1' refers to location '1095290768316947', which is not in the file"
    )
    assert ("services_at_location.csv", 2, "location_id") not in found  # both ends resolve
    warnings = Counter((w.file, w.code) for w in orservices.report.warnings)
    # Its schedule rows have times in valid_from/dtstart and days in freq: read as prose.
    assert warnings[("schedules.csv", "invalid_value")] == 311 + 233 + 103
    assert warnings[("locations.csv", "unknown_reference")] == 2


@pytest.mark.realdata
def test_orservices_imports_with_skip_invalid_and_reimports_unchanged(session):
    with pytest.raises(ImportRejected):
        import_listings(ADMIN, Context(session), ORSERVICES, source="orservices")
    session.rollback()
    summary = import_listings(
        ADMIN, Context(session), ORSERVICES, source="orservices", skip_invalid=True
    )
    # 6 services name no organization of the file; 735 of 1,490 listings resolve both ends.
    assert (summary.organizations, summary.locations, summary.services) == (57, 220, 495)
    assert len(summary.diffs["service_at_locations"].created) == 735
    open_eligibility = session.scalar(
        select(func.count()).select_from(ServiceTaxonomy).where(ServiceTaxonomy.inferred.is_(False))
    )
    assert open_eligibility > 1000  # its Open Eligibility terms, linked
    again = import_listings(
        ADMIN, Context(session), ORSERVICES, source="orservices", skip_invalid=True
    )
    assert (again.created, again.updated) == (0, 0)


@pytest.mark.realdata
def test_orservices_tags_of_whom_a_service_is_for_are_rules_not_needs(session):
    """ORServices tags services under "Service Eligibility" ("Seniors (55+)", "Homeless",
    "Health Conditions"): who is served, read as rules (questions), never as needs."""
    from resource_directory.models import EligibilityRule, Service

    import_listings(ADMIN, Context(session), ORSERVICES, source="orservices", skip_invalid=True)
    tagged = session.scalars(
        select(EligibilityRule).where(EligibilityRule.source_text.startswith("Seniors (55+"))
    ).all()
    assert len(tagged) > 10
    assert all(r.kind == "age" and r.values["min"] == 55 and r.confidence < 1 for r in tagged)
    # A service only tagged "Health Conditions" and "Homeless" (who it serves) is not filed
    # under health or shelter for that.
    from importers.hsds.terms import needs_for
    from importers.records import TermRecord

    who = (TermRecord("1", "Health Conditions", "Service Eligibility"),
           TermRecord("2", "Homeless", "Service Eligibility"))  # fmt: skip
    assert needs_for(who, "Tutoring", "Tutoring and homework help for students") == (
        ("education",),
        True,
    )
    assert session.scalar(select(func.count()).select_from(Service)) == 495


@pytest.mark.realdata
def test_ilao_transformer_output_imports_with_skip_invalid(session):
    parsed = read_file(ILAO / "datapackage.json")
    assert Counter(e.code for e in parsed.report.errors) == {
        "unknown_reference": 340 + 38 + 26,
        "missing_required": 185,  # service_at_location rows with a blank service_id
    }
    summary = import_listings(ADMIN, Context(session), ILAO, skip_invalid=True)
    assert summary.source == "human_services_data"
    # SOURCE.md: 33 organizations, 520 locations, 429 services, 520 service_at_location
    # rows. Only 89 services name an organization of the file (the rest are dropped);
    # locations keep their unknown organization as a warning; of the 297 listings that
    # resolve both ends, 47 belong to those 89 services. No location has a point or an
    # address, so all 520 are kept unplaced (missing_location).
    assert (summary.organizations, summary.locations, summary.services) == (33, 520, 89)
    assert len(summary.diffs["service_at_locations"].created) == 47
    assert Counter(w.code for w in summary.warnings)["missing_location"] == 520
    again = import_listings(ADMIN, Context(session), ILAO, skip_invalid=True)
    assert (again.created, again.updated) == (0, 0)


@pytest.mark.parametrize(
    ("name", "vocabulary"),
    [
        ("Open Eligibility", "open-eligibility"),
        ("OE", "open-eligibility"),
        ("AIRS", "airs"),
        ("AIRS/211 LA County Taxonomy", "airs"),
        ("211 LA", "airs"),
        ("Home repairs", "Home repairs"),
        ("", "unspecified"),
    ],
)
def test_vocabulary_names_of_the_taxonomies_needs_are_read_in(name, vocabulary):
    from importers.hsds.terms import vocabulary as read_vocabulary

    assert read_vocabulary(name) == vocabulary


# -- files outside the package, and files that are not files --------------------------------


def _package_with(tmp_path, resources):
    package = tmp_path / "package"
    shutil.copytree(HSDS3_CSV, package)
    descriptor = json.loads((package / "datapackage.json").read_text())
    descriptor["resources"] += resources
    (package / "datapackage.json").write_text(json.dumps(descriptor))
    return package


@pytest.mark.parametrize("where", ["../outside/phones.csv", "ABSOLUTE"])
def test_a_resource_path_out_of_the_package_is_refused(tmp_path, where):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "phones.csv").write_text("id,service_id,number\nX1,S1,410-555-0199\n")
    where = str(outside / "phones.csv") if where == "ABSOLUTE" else where
    package = _package_with(tmp_path, [{"name": "phone", "path": where}])
    parsed = read_file(package / "datapackage.json")
    assert [(e.code, e.column) for e in parsed.report.errors] == [("unsafe_path", "path")]
    assert "410-555-0199" not in json.dumps(
        [p.number for s in parsed.records.services.values() for p in s.phones]
    )


def test_a_symlink_out_of_the_package_and_a_fifo_are_not_read(tmp_path):
    import os

    outside = tmp_path / "secret.csv"
    outside.write_text("id,name\n1,secret\n")
    package = _package_with(tmp_path, [])
    (package / "linked.csv").symlink_to(outside)
    os.mkfifo(package / "phones_extra.csv")  # opening it would block for ever
    parsed = read_file(package)
    assert sorted((e.file, e.code) for e in parsed.report.errors) == [
        ("linked.csv", "unsafe_path"), ("phones_extra.csv", "unsafe_path"),
    ]  # fmt: skip
