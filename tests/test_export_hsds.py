"""HSDS 3 export: exact rows, confidential and inactive records, the CLI, validation with
frictionless against the official schema, and a round trip through the HSDS reader."""

import csv
import json

import frictionless
import pytest
from click.testing import CliRunner
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from resource_directory.cli import cli
from resource_directory.hsds import resource
from resource_directory.models import (
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceTaxonomy,
    Source,
    TaxonomyTerm,
)
from resource_directory.operations import Context, import_listings
from resource_directory.operations.export import CONFIDENTIAL_ADDRESS, TABLES, export_hsds

from .conftest import ADMIN, FIXTURES, ROOT

DATASET = ROOT / "data" / "resources.csv"
BUNDLED_COUNTS = {
    "organization": 236, "service": 566, "location": 385, "service_at_location": 720,
    "address": 385, "phone": 720, "schedule": 773, "language": 855, "service_area": 0,
    "accessibility": 249, "taxonomy": 1, "taxonomy_term": 12, "attribute": 725,
}  # fmt: skip


def read_table(outdir, name):
    with open(outdir / resource(name)["path"], encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def readable(session, rows, *, drop=("id",)):
    """Rows with the records' ids shown as their external ids (terms as codes), empty cells
    and the random ids of child rows left out, in a stable order."""
    names = {}
    for model in (Organization, Service, Location, ServiceAtLocation):
        names.update(session.execute(select(model.id, model.external_id)).all())
    names.update(session.execute(select(TaxonomyTerm.id, TaxonomyTerm.code)).all())
    shown = [
        {key: names.get(value, value) for key, value in row.items() if value and key not in drop}
        for row in rows
    ]
    return sorted(shown, key=lambda row: list(row.values()))


def assert_valid(outdir):
    report = frictionless.validate(outdir / "datapackage.json")
    problems = report.flatten(["taskName", "rowNumber", "fieldName", "type", "message"])
    assert report.valid, "\n".join(map(str, problems[:20]))


def test_small_directory_rows(session, small_directory, tmp_path):
    summary = export_hsds(ADMIN, Context(session), tmp_path)
    assert summary.counts == {
        "organization": 4, "service": 5, "location": 4, "service_at_location": 5,
        "address": 4, "phone": 5, "schedule": 5, "language": 6, "service_area": 0,
        "accessibility": 1, "taxonomy": 1, "taxonomy_term": 12, "attribute": 6,
    }  # fmt: skip
    assert readable(session, read_table(tmp_path, "organization"), drop=()) == [
        # HSDS 3 requires a description; the flat file has none, so the name stands in.
        {"id": "t-O1", "name": "Test Harbor Pantry", "description": "Test Harbor Pantry"},
        {"id": "t-O2", "name": "Test Youth Shelter", "description": "Test Youth Shelter"},
        {"id": "t-O3", "name": "Test Counseling Collective",
         "description": "Test Counseling Collective"},
        {"id": "t-O4", "name": "Test Safe Haven", "description": "Test Safe Haven"},
    ]  # fmt: skip
    services = read_table(tmp_path, "service")
    assert all(len(s["last_modified"]) == 20 and s["last_modified"][-1] == "Z" for s in services)
    assert readable(session, services, drop=("last_modified",)) == [
        {"id": "t-S1", "organization_id": "t-O1", "name": "Weekly Food Pantry",
         "description": "Groceries every week for local families.",
         "url": "https://pantry.example.org", "email": "help@pantry.example.org",
         "status": "active", "fees_description": "Free",
         "eligibility_description": "No eligibility requirements", "assured_date": "2026-10-01"},
        {"id": "t-S2", "organization_id": "t-O1", "name": "Senior Grocery Delivery",
         "description": "Free grocery delivery for older adults.", "status": "active",
         "fees_description": "Free", "eligibility_description": "Seniors 60+",
         "minimum_age": "60", "assured_date": "2026-09-15"},
        {"id": "t-S3", "organization_id": "t-O2", "name": "Youth Emergency Beds",
         "description": "Overnight beds for young people.", "status": "active",
         "fees_description": "Free", "eligibility_description": "Youth 14–24",
         "minimum_age": "14", "maximum_age": "24", "assured_date": "2025-03-01"},
        {"id": "t-S4", "organization_id": "t-O3", "name": "Sliding-Scale Counseling",
         "description": "<script>alert('x')</script> Talk therapy for adults.",
         "url": "https://www.counsel.example.org", "status": "active",
         "fees_description": "Sliding scale",
         "eligibility_description": "Household income at or below 200% FPL",
         "assured_date": "2024-06-01"},
        {"id": "t-S5", "organization_id": "t-O4", "name": "Confidential Shelter",
         "description": "Shelter for survivors of domestic violence.", "status": "active",
         "fees_description": "Free", "eligibility_description": "Women and children",
         "assured_date": "2026-01-01"},
    ]  # fmt: skip
    assert readable(session, read_table(tmp_path, "location"), drop=()) == [
        {"id": "t-P1", "location_type": "physical", "organization_id": "t-O1",
         "name": "Main site", "latitude": "39.3265", "longitude": "-76.6048"},
        {"id": "t-P2", "location_type": "physical", "organization_id": "t-O2",
         "latitude": "39.2946", "longitude": "-76.6252"},
        {"id": "t-P3", "location_type": "physical", "organization_id": "t-O3",
         "latitude": "39.4072", "longitude": "-76.6038"},
        {"id": "t-P4", "location_type": "physical", "organization_id": "t-O4"},  # no point
    ]  # fmt: skip
    assert readable(session, read_table(tmp_path, "phone")) == [
        {"service_at_location_id": "t-L1", "number": "+14105550101", "type": "voice"},
        {"service_at_location_id": "t-L2", "number": "+14105550102", "type": "voice"},
        {"service_at_location_id": "t-L3", "number": "+14105550103", "type": "voice"},
        {"service_at_location_id": "t-L4", "number": "+14105550104", "extension": "7",
         "type": "voice"},
        {"service_at_location_id": "t-L5", "number": "+14105550105", "type": "voice"},
    ]  # fmt: skip
    week, every_day = "MO,TU,WE,TH,FR", "MO,TU,WE,TH,FR,SA,SU"
    assert readable(session, read_table(tmp_path, "schedule")) == [
        {"service_at_location_id": "t-L1", "freq": "WEEKLY", "byday": week,
         "description": "Mon–Fri 9am–5pm", "opens_at": "09:00:00", "closes_at": "17:00:00"},
        {"service_at_location_id": "t-L2", "freq": "WEEKLY", "byday": "TU",
         "description": "Tuesdays 10:00–12:00", "opens_at": "10:00:00",
         "closes_at": "12:00:00"},
        # Open until midnight ("24:00") is written as a closing time of 00:00.
        {"service_at_location_id": "t-L3", "freq": "WEEKLY", "byday": every_day,
         "description": "24/7", "opens_at": "00:00:00", "closes_at": "00:00:00"},
        {"service_at_location_id": "t-L4", "description": "By appointment",
         "notes": "by appointment"},
        {"service_at_location_id": "t-L5", "freq": "WEEKLY", "byday": every_day,
         "description": "24/7", "opens_at": "00:00:00", "closes_at": "00:00:00"},
    ]  # fmt: skip
    assert readable(session, read_table(tmp_path, "attribute")) == [
        {"link_id": f"t-S{n}", "taxonomy_term_id": code, "link_type": "service_category",
         "link_entity": "service"}
        for n, code in [(1, "102"), (2, "102"), (2, "105"), (3, "101-04"), (4, "106-07"),
                        (5, "101-04")]
    ]  # fmt: skip
    assert readable(session, read_table(tmp_path, "accessibility"), drop=("id",)) == [
        {"location_id": "t-P1", "description": "Wheelchair accessible"}
    ]
    assert_valid(tmp_path)


def test_confidential_site_address_and_point_are_in_no_file(session, small_directory, tmp_path):
    export_hsds(ADMIN, Context(session), tmp_path)
    secret = session.scalar(select(Location).where(Location.external_id == "t-P4"))
    assert secret.confidential and secret.latitude is not None
    leaks = ["999 Secret", "Secret Ln", f"{secret.latitude}", f"{secret.longitude}",
             "39.309", "-76.644"]  # fmt: skip
    for path in tmp_path.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not [leak for leak in leaks if leak in text], path.name
    addresses = {row["location_id"]: row for row in read_table(tmp_path, "address")}
    assert {k: v for k, v in addresses[secret.id].items() if v} == {
        "id": addresses[secret.id]["id"], "location_id": secret.id,
        "address_1": CONFIDENTIAL_ADDRESS, "city": "Baltimore", "region": "Baltimore city",
        "state_province": "MD", "postal_code": "21217", "country": "US",
        "address_type": "physical",
    }  # fmt: skip


def test_inactive_records_and_their_children_are_left_out(session, small_directory, tmp_path):
    for model, external_id in ((Service, "t-S2"), (Organization, "t-O3"), (Location, "t-P2")):
        session.execute(update(model).where(model.external_id == external_id).values(active=False))
    export_hsds(ADMIN, Context(session), tmp_path)

    def ids(table, column="id"):
        return sorted(
            row[column] for row in readable(session, read_table(tmp_path, table), drop=())
        )

    assert ids("organization") == ["t-O1", "t-O2", "t-O4"]
    # t-S4's organization is inactive, so the service goes too.
    assert ids("service") == ["t-S1", "t-S3", "t-S5"]
    assert ids("location") == ["t-P1", "t-P3", "t-P4"]
    location = {r["id"]: r for r in readable(session, read_table(tmp_path, "location"), drop=())}
    assert "organization_id" not in location["t-P3"]  # its organization is not exported
    assert ids("service_at_location") == ["t-L1", "t-L5"]
    assert ids("address", "location_id") == ["t-P1", "t-P3", "t-P4"]
    assert ids("phone", "service_at_location_id") == ["t-L1", "t-L5"]
    assert ids("schedule", "service_at_location_id") == ["t-L1", "t-L5"]
    assert ids("attribute", "link_id") == ["t-S1", "t-S3", "t-S5"]
    assert ids("language", "service_id") == ["t-S1", "t-S1", "t-S3"]
    assert_valid(tmp_path)  # no reference points at a record left out


def test_one_query_per_table_and_identical_repeats(session, small_directory, tmp_path,
                                                   query_counter):  # fmt: skip
    export_hsds(ADMIN, Context(session), tmp_path / "a")
    selects = [s for s in query_counter if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == len(TABLES)
    export_hsds(ADMIN, Context(session), tmp_path / "b")
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_cli_exports_and_refuses_a_non_empty_folder(app, small_directory, tmp_path):
    out = tmp_path / "hsds"
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "hsds", str(out)], obj=app)
    assert result.exit_code == 0, result.output
    assert f"exported HSDS 3 package to {out}:" in result.output
    assert ["service_at_location", "5"] in [line.split() for line in result.output.splitlines()]
    assert (out / "datapackage.json").exists() and (out / "services.csv").exists()

    result = runner.invoke(cli, ["export", "hsds", str(out), "--json"], obj=app)
    assert result.exit_code == 2
    assert f"error: OUTDIR {out} is not empty; use --force" in result.output

    result = runner.invoke(cli, ["export", "hsds", str(out), "--json", "--force"], obj=app)
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["outdir"] == str(out)
    assert body["tables"]["service"] == 5 and list(body["tables"]) == [t.name for t in TABLES]

    (tmp_path / "file").write_text("x")
    result = runner.invoke(cli, ["export", "hsds", str(tmp_path / "file")], obj=app)
    assert result.exit_code == 2  # a file, not a folder


def test_package_descriptor_is_the_hsds_schema_for_the_tables_written(
    session, small_directory, tmp_path
):
    export_hsds(ADMIN, Context(session), tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package" and package["version"] == "3.0.0"
    assert [r["name"] for r in package["resources"]] == [t.name for t in TABLES]
    phone = next(r for r in package["resources"] if r["name"] == "phone")
    assert phone["schema"]["fields"] == resource("phone")["schema"]["fields"]
    # The contact table is not exported, so the key pointing at it is dropped.
    assert {k["reference"]["resource"] for k in phone["schema"]["foreignKeys"]} == {
        "location", "organization", "service", "service_at_location",
    }  # fmt: skip
    for item in package["resources"]:
        header = (tmp_path / item["path"]).read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == [f["name"] for f in item["schema"]["fields"]]


def test_bundled_dataset_exports_a_valid_package(session, tmp_path):
    import_listings(ADMIN, Context(session), DATASET, source="demo")
    summary = export_hsds(ADMIN, Context(session), tmp_path)
    assert summary.counts == BUNDLED_COUNTS
    assert_valid(tmp_path)


def listings(session, source):
    """Every active listing of a source as comparable content: what a round trip keeps."""
    source_id = session.scalar(select(Source.id).where(Source.name == source))
    service = selectinload(ServiceAtLocation.service)
    location = selectinload(ServiceAtLocation.location)
    query = (
        select(ServiceAtLocation)
        .where(ServiceAtLocation.source_id == source_id, ServiceAtLocation.active)
        .options(
            service.selectinload(Service.organization).selectinload(Organization.phones),
            service.selectinload(Service.terms).selectinload(ServiceTaxonomy.term),
            service.selectinload(Service.languages),
            service.selectinload(Service.phones),
            service.selectinload(Service.schedules),
            location.selectinload(Location.addresses),
            location.selectinload(Location.phones),
            location.selectinload(Location.schedules),
            selectinload(ServiceAtLocation.phones),
            selectinload(ServiceAtLocation.schedules),
        )
    )
    rows = []
    for listing in session.scalars(query):
        s, place = listing.service, listing.location
        address = place.physical_address
        hidden = place.confidential or (address and address.address_1 == CONFIDENTIAL_ADDRESS)
        where = (address.city, address.state_province, address.postal_code) if address else None
        phones = [*listing.phones, *s.phones, *place.phones, *s.organization.phones]
        schedules = [*listing.schedules, *s.schedules, *place.schedules]
        rows.append((
            s.organization.name, s.name, s.description, s.url, s.email, s.fees_description,
            s.eligibility_description, s.minimum_age, s.maximum_age, s.assured_date,
            sorted((t.term.taxonomy, t.term.code) for t in s.terms),
            sorted((lang.name, lang.code) for lang in s.languages),
            place.name, place.accessibility,
            CONFIDENTIAL_ADDRESS if hidden else (address and address.address_1),
            where,
            None if hidden or place.latitude is None
            else (round(place.latitude, 6), round(place.longitude, 6)),
            sorted((p.number, p.extension or "", p.type or "") for p in phones),
            sorted((x.freq or "", x.byday or "", x.bymonthday or "", x.opens_at or "",
                    x.closes_at or "", x.description or "", x.notes or "") for x in schedules),
        ))  # fmt: skip
    return sorted(rows, key=repr)


def test_round_trip_through_the_hsds_reader(session, tmp_path):
    import_listings(ADMIN, Context(session), DATASET, source="demo")
    export_hsds(ADMIN, Context(session), tmp_path)
    package = tmp_path / "datapackage.json"
    first = import_listings(ADMIN, Context(session), package, format="hsds", source="roundtrip")
    assert first.errors == []
    assert (first.organizations, first.locations, first.services) == (236, 385, 566)
    again = import_listings(ADMIN, Context(session), package, format="hsds", source="roundtrip")
    assert (again.created, again.updated) == (0, 0)
    original, copied = listings(session, "demo"), listings(session, "roundtrip")
    assert len(copied) == 720
    assert copied == original


@pytest.mark.parametrize(
    ("fixture", "fmt"),
    [("ohana/good", "ohana"), ("hsds/hsds3_csv", "hsds"), ("hsds/hsds1", "hsds")],
)
def test_round_trip_keeps_other_formats_content(session, tmp_path, fixture, fmt):
    """Terms, schedules and phones read from Ohana or HSDS survive export → import."""
    import_listings(ADMIN, Context(session), FIXTURES / fixture, format=fmt, source="original")
    export_hsds(ADMIN, Context(session), tmp_path / "out")
    package = tmp_path / "out" / "datapackage.json"
    import_listings(ADMIN, Context(session), package, format="hsds", source="copy")
    again = import_listings(ADMIN, Context(session), package, format="hsds", source="copy")
    assert (again.created, again.updated) == (0, 0)
    assert listings(session, "copy") == listings(session, "original")
