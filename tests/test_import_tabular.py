"""Mapped spreadsheets and JSON feeds: every source format, mapping checks, exact errors,
and the shipped mappings on the real files they were written for."""

import csv
import dataclasses
import shutil
from collections import Counter
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from importers import detect_format, read_file
from importers import tabular as tabular_reader
from importers.records import (
    LanguageRecord,
    LocationRecord,
    OrganizationRecord,
    PhoneRecord,
    ServiceAtLocationRecord,
    ServiceRecord,
)
from resource_directory.errors import ImportRejected
from resource_directory.models import (
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from resource_directory.operations import Context, import_listings

from .conftest import ADMIN, FIXTURES, REAL_DATA, ROOT

TABULAR = FIXTURES / "tabular"
SITES = TABULAR / "sites.csv"
SITES_MAPPING = TABULAR / "sites.yaml"
MAPPINGS = ROOT / "importers" / "mappings"
HARBOR, SAFE = "harbor-pantry-30e816a8", "safe-harbor-1279dead"
PANTRY_SERVICE = "ddcd117df043430d"


def problems(found):
    return [(p.file, p.line, p.column, p.code) for p in found]


def counts(session):
    return [
        session.scalar(select(func.count()).select_from(model))
        for model in (Organization, Location, Service, ServiceAtLocation)
    ]


def without_schedules(record):
    return dataclasses.replace(record, schedules=())


# -- one source, read exactly ------------------------------------------------------------


def test_csv_rows_become_exact_records():
    parsed = read_file(SITES, mapping=SITES_MAPPING)
    assert parsed.format == "tabular" and parsed.default_source == "Test Feed"
    assert parsed.report.errors == []
    assert problems(parsed.report.warnings) == [
        ("sites.csv", 4, "latitude", "invalid_coordinates"),
        ("sites.csv", 3, "hours", "unparseable_hours"),  # "Bring ID"
    ]
    records = parsed.records
    assert list(records.service_at_locations) == ["P1", "P2", "S1"]  # X1 is closed: excluded
    assert records.organizations == {
        HARBOR: OrganizationRecord(HARBOR, "Harbor Pantry"),
        SAFE: OrganizationRecord(SAFE, "Safe Harbor"),
    }
    # P2's blank program takes the default and so shares P1's service.
    assert list(records.services) == [PANTRY_SERVICE, "f965ff00612336d7"]
    assert records.services[PANTRY_SERVICE] == ServiceRecord(
        external_id=PANTRY_SERVICE,
        organization_external_id=HARBOR,
        name="Food pantry",
        eligibility_description="Residents of Baltimore City",
        languages=(LanguageRecord("English", "en"), LanguageRecord("Spanish", "es")),
        needs=("food",),
        assured_date=date(2024, 3, 15),
    )
    assert records.services["f965ff00612336d7"].needs == ("shelter",)  # "showers" dropped
    p1, p2, s1 = (records.service_at_locations[k] for k in ("P1", "P2", "S1"))
    assert without_schedules(p2) == ServiceAtLocationRecord(
        external_id="P2",
        service_external_id=PANTRY_SERVICE,
        location_external_id=p2.location_external_id,
        phones=(PhoneRecord("+14105550102", None, "voice"),),
        hours="Sat 10am-1pm; Bring ID",
    )
    assert p2.origin.line == 3
    assert records.locations[p1.location_external_id] == LocationRecord(
        external_id=p1.location_external_id,
        organization_external_id=HARBOR,
        name=None,
        address_1="12 Main St, Suite 2",
        address_2=None,
        city="Baltimore",
        state="MD",
        postal_code="21218",
        county="Baltimore city",
        latitude=39.3289,
        longitude=-76.6205,
        geocode_precision="point",
        time_zone="America/New_York",
    )
    oak = records.locations[p2.location_external_id]
    assert (oak.address_1, oak.geocode_precision) == ("40 Oak Ave", "zip")  # "n/a" is empty
    boston = records.locations[s1.location_external_id]
    assert (boston.postal_code, boston.geocode_precision, boston.state) == ("02134", "zip", "MA")


def _sites_rows():
    with SITES.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_tsv_and_xlsx_give_the_same_records(tmp_path):
    expected = read_file(SITES, mapping=SITES_MAPPING).records

    tsv = tmp_path / "sites.tsv"
    tsv.write_text("\n".join("\t".join(row) for row in _sites_rows()) + "\n", encoding="utf-8")
    parsed = read_file(tsv, mapping=SITES_MAPPING)
    assert parsed.records == expected
    assert problems(parsed.report.warnings) == [
        ("sites.tsv", 4, "latitude", "invalid_coordinates"),
        ("sites.tsv", 3, "hours", "unparseable_hours"),  # "Bring ID"
    ]

    # A workbook as people make them: a notes sheet first, a title above the header, and
    # typed cells (a ZIP that lost its zero as a number, coordinates as floats, a date).
    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["Exported for the test"])
    sheet = book.create_sheet("Sites")
    sheet.append(["Harbor network sites"])
    sheet.append([])
    header, *rows = _sites_rows()
    sheet.append(header)
    for row in rows:
        typed: list = [v or None for v in row]
        for i, column in enumerate(header):
            if column in ("zipcode", "latitude", "longitude") and row[i]:
                typed[i] = float(row[i]) if "." in row[i] else int(row[i])
            if column == "checked" and row[i]:
                typed[i] = datetime.strptime(row[i], "%m/%d/%Y")
        sheet.append(typed)
    xlsx = tmp_path / "sites.xlsx"
    book.save(xlsx)
    mapping = tmp_path / "sites_xlsx.yaml"
    mapping.write_text(SITES_MAPPING.read_text() + "sheet: Sites\nheader_row: 3\n")
    parsed = read_file(xlsx, mapping=mapping)
    assert parsed.report.errors == []
    assert parsed.records == expected
    assert problems(parsed.report.warnings) == [
        ("sites.xlsx", 6, "latitude", "invalid_coordinates"),
        ("sites.xlsx", 5, "hours", "unparseable_hours"),
    ]


def test_json_records_at_a_path_with_nested_values():
    parsed = read_file(TABULAR / "feed.json", mapping=TABULAR / "feed.yaml")
    assert parsed.report.errors == []
    assert problems(parsed.report.warnings) == [
        ("feed.json", None, "data.locations[1].geo.lat", "projected_coordinates"),
        ("feed.json", None, "data.locations[2].address.zip", "missing_location"),
        ("feed.json", None, "data.locations[2].phones", "invalid_phone"),
    ]
    records = parsed.records
    assert list(records.service_at_locations) == ["101", "102", "103"]
    east = records.service_at_locations["101"]
    assert east.hours == "Tuesday 11am-1pm" and east.origin.line is None
    assert [p.number for p in east.phones] == ["+14105550111", "+14105550112"]
    service = records.services[east.service_external_id]
    assert (service.name, service.needs, service.needs_inferred) == ("Hot meals", ("food",), False)
    assert [lang.code for lang in service.languages] == ["en", "es"]
    east_site = records.locations[east.location_external_id]
    assert (east_site.postal_code, east_site.state, east_site.latitude) == ("21205", "MD", 39.3051)
    west = records.locations[records.service_at_locations["102"].location_external_id]
    assert (west.latitude, west.longitude, west.geocode_precision) == (39.2851, -76.6405, "point")
    # No point and no ZIP, but an address: kept, without coordinates.
    north = records.locations[records.service_at_locations["103"].location_external_id]
    assert (north.address_1, north.latitude, north.geocode_precision) == ("3 Elm St", None, None)
    assert records.service_at_locations["102"].hours is None  # an empty list of hours


def test_a_mapping_is_required_and_never_sniffed(tmp_path):
    assert tabular_reader.sniff(SITES) is False
    assert detect_format(SITES, SITES_MAPPING) == "tabular"
    parsed = read_file(SITES, format="tabular")
    assert problems(parsed.report.errors) == [("sites.csv", None, None, "invalid_mapping")]


# -- errors ------------------------------------------------------------------------------


def test_bad_rows_are_reported_exactly_and_reject_the_import(session):
    before = counts(session)
    with pytest.raises(ImportRejected) as caught:
        import_listings(ADMIN, Context(session), TABULAR / "bad_sites.csv", mapping=SITES_MAPPING)
    report = caught.value.report
    assert problems(report.errors) == [
        ("bad_sites.csv", 3, "agency", "missing_required"),
        ("bad_sites.csv", 5, "site_id", "duplicate_id"),
        ("bad_sites.csv", 6, "latitude", "invalid_number"),
        ("bad_sites.csv", 7, None, "too_many_values"),
    ]
    assert [e.message for e in report.errors][:3] == [
        "organization is required",
        "listing_id 'P1' is already used on line 2",
        "latitude '39.29x' is not a number",
    ]
    assert problems(report.warnings) == [
        ("bad_sites.csv", 4, "site_id", "duplicate_id"),
        ("bad_sites.csv", 8, "zipcode", "missing_location"),
        ("bad_sites.csv", 9, "zipcode", "missing_location"),
    ]
    assert report.warnings[0].message == "the row repeats line 2 exactly; skipped"
    session.rollback()
    assert counts(session) == before

    parsed = read_file(TABULAR / "bad_sites.csv", mapping=SITES_MAPPING)
    assert list(parsed.records.service_at_locations) == ["P1", "P6"]  # P5 cannot be placed
    p6 = parsed.records.locations[parsed.records.service_at_locations["P6"].location_external_id]
    assert (p6.address_1, p6.latitude) == ("7 Bay St", None)


def test_mapping_errors_name_the_mapping_file_key_and_value():
    parsed = read_file(SITES, mapping=TABULAR / "bad_mapping.yaml")
    found = problems(parsed.report.errors)
    assert found == [
        ("bad_mapping.yaml", 3, "colour", "invalid_mapping"),
        ("bad_mapping.yaml", 1, "format", "invalid_mapping"),
        ("bad_mapping.yaml", 2, "need", "invalid_mapping"),
        ("bad_mapping.yaml", 5, "fields.organisation", "invalid_mapping"),
        ("bad_mapping.yaml", 6, "fields.zip.zfill", "invalid_mapping"),
        ("bad_mapping.yaml", 7, "fields.phone.join", "invalid_mapping"),
        ("bad_mapping.yaml", 8, "fields.city", "invalid_mapping"),
        ("bad_mapping.yaml", 9, "fields.hours.columns", "invalid_mapping"),
        ("bad_mapping.yaml", 9, "fields.hours", "invalid_mapping"),
        ("bad_mapping.yaml", 4, "fields", "invalid_mapping"),
    ]
    messages = [e.message for e in parsed.report.errors]
    assert messages[1] == "format: 'csvx': choose csv|tsv|xlsx|json"
    assert messages[2].startswith("need: 'snacks': not a need slug (valid: food, ")
    assert messages[3].startswith("fields.organisation: 'organisation': not a flat-format field")
    assert messages[5] == "fields.phone.join: 'phone': must be a list of column names"
    assert messages[-1].startswith("fields: ['city', 'hours', 'organisation', 'phone', 'zip']")
    assert parsed.records.service_at_locations == {}


def test_columns_the_file_lacks_are_named_with_a_suggestion():
    parsed = read_file(SITES, mapping=TABULAR / "unknown_columns.yaml")
    assert problems(parsed.report.errors) == [
        ("unknown_columns.yaml", 3, "fields.organization", "missing_column"),
        ("unknown_columns.yaml", 5, "fields.zip", "missing_column"),
        ("unknown_columns.yaml", 6, "fields.hours", "missing_column"),
    ]
    assert [e.message for e in parsed.report.errors] == [
        "fields.organization: 'agency_name' is not a column of sites.csv; did you mean 'agency'?",
        "fields.zip: 'zip_code' is not a column of sites.csv; did you mean 'zipcode'?",
        "fields.hours: 'opening' is not a column of sites.csv",
    ]


def test_json_problems(tmp_path):
    mapping = tmp_path / "m.json"
    mapping.write_text('{"records": "meta", "fields": {"listing_id": "id", "zip": "where.zip"}}')
    parsed = read_file(TABULAR / "feed.json", mapping=mapping)
    assert problems(parsed.report.errors) == [("m.json", None, "records", "invalid_mapping")]
    assert "found dict" in parsed.report.errors[0].message

    mapping.write_text('{"records": "data.locations", "fields": {"listing_id": "id", '
                       '"organization": "name", "zip": "where.zip"}}')  # fmt: skip
    parsed = read_file(TABULAR / "feed.json", mapping=mapping)
    assert problems(parsed.report.errors) == [("m.json", None, "fields.zip", "missing_column")]

    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": 1,\n "name": "x"\n')
    parsed = read_file(broken, mapping=TABULAR / "feed.yaml")
    assert problems(parsed.report.errors) == [("broken.json", 3, None, "invalid_json")]

    listed = tmp_path / "listed.json"
    listed.write_text('[{"id": 1, "name": "A", "zip": "21218"}, "oops"]')
    mapping.write_text('{"fields": {"listing_id": "id", "organization": "name", '
                       '"service": {"value": "Meals"}, "zip": "zip"}}')  # fmt: skip
    parsed = read_file(listed, mapping=mapping)
    assert problems(parsed.report.errors) == [("listed.json", None, "[1]", "invalid_json")]
    assert list(parsed.records.service_at_locations) == ["1"]


# -- encodings and line endings ----------------------------------------------------------


def test_cp1252_crlf_and_lone_cr_files(tmp_path):
    text = SITES.read_text(encoding="utf-8").replace("Harbor Pantry", "Café Harbor")
    cp1252 = tmp_path / "cp1252.csv"
    cp1252.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    parsed = read_file(cp1252, mapping=SITES_MAPPING)
    assert problems(parsed.report.warnings) == [
        ("cp1252.csv", None, None, "bad_encoding"),
        ("cp1252.csv", 4, "latitude", "invalid_coordinates"),
        ("cp1252.csv", 3, "hours", "unparseable_hours"),  # "Bring ID"
    ]
    assert "read as Windows-1252" in parsed.report.warnings[0].message
    assert {o.name for o in parsed.records.organizations.values()} == {"Café Harbor", "Safe Harbor"}

    mac = tmp_path / "mac.csv"
    mac.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r").encode("utf-8"))
    parsed = read_file(mac, mapping=SITES_MAPPING)
    assert [(w.line, w.code) for w in parsed.report.warnings] == [
        (4, "invalid_coordinates"),
        (3, "unparseable_hours"),
    ]
    assert parsed.records.service_at_locations["S1"].origin.line == 4
    assert len(parsed.records.service_at_locations) == 3


# -- the database ------------------------------------------------------------------------


def test_import_then_reimport_changes_nothing(session, tmp_path):
    first = import_listings(ADMIN, Context(session), SITES, mapping=SITES_MAPPING)
    assert first.source == "Test Feed"
    assert (first.organizations, first.locations, first.services) == (2, 3, 2)
    assert (first.created, first.updated) == (2 + 3 + 2 + 3, 0)
    again = import_listings(ADMIN, Context(session), SITES, mapping=SITES_MAPPING)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 10)

    feed = import_listings(
        ADMIN, Context(session), TABULAR / "feed.json", mapping=TABULAR / "feed.yaml"
    )
    assert (feed.source, feed.created) == ("Kitchens", 3 + 3 + 3 + 3)
    moved = tmp_path / "feed.json"  # the same content elsewhere is the same listings
    shutil.copy(TABULAR / "feed.json", moved)
    again = import_listings(ADMIN, Context(session), moved, mapping=TABULAR / "feed.yaml")
    assert (again.created, again.updated) == (0, 0)


# -- taxonomy codes and names as terms ----------------------------------------------------

AIRS_CSV = """id,agency,program,zip,codes,category
1,North Pantry,Pantry,21218,BD-1800.2000 * YB-8000; TJ-3000,
2,Tenant Law,Evictions,21218,,"Landlord, Tenant"
3,Benefits Desk,SNAP help,21218,,Food Stamps
4,Volunteer Desk,Help us sort food,21218,PX,Volunteer Opportunities
5,Clinic,Walk-in clinic,21218,"LN-1500,LV-1600",Health-Clinics
6,Open Pantry,Groceries every week,21218,,Shelter General
"""
AIRS_MAPPING = """fields:
  listing_id: id
  organization: agency
  service: program
  zip: zip
  needs: {split: category, sep: ";", map: {Health-Clinics: health, Food Stamps: financial-aid},
          unmapped: drop}
  terms: {split: [codes, category], sep: ";", taxonomy: airs}
"""


def test_taxonomy_codes_and_names_are_terms_whose_needs_follow(tmp_path):
    (tmp_path / "airs.csv").write_text(AIRS_CSV)
    (tmp_path / "airs.yaml").write_text(AIRS_MAPPING)
    parsed = read_file(tmp_path / "airs.csv", mapping=tmp_path / "airs.yaml")
    assert parsed.report.errors == []
    by_name = {s.name: s for s in parsed.records.services.values()}
    pantry = by_name["Pantry"]
    assert [(t.taxonomy, t.code, t.name) for t in pantry.terms] == [
        ("airs", "BD-1800.2000", "Food Pantries"),
        ("airs", "TJ-3000", "Information and Referral"),
        ("airs", "YB-8000", "Older Adults"),
    ]
    assert (pantry.needs, pantry.needs_inferred) == (("food",), False)
    # Names of well-known terms in the category column reach their needs by the codes …
    assert by_name["Evictions"].needs == ("legal", "housing")
    # … beside the hand map's ("Food Stamps" is food as well as money).
    assert by_name["SNAP help"].needs == ("financial-aid", "food")
    assert [t.code for t in by_name["SNAP help"].terms] == ["NL-6000.2000"]
    assert by_name["Walk-in clinic"].needs == ("health",)
    # A volunteer listing's code names no need: its own words are read, as such.
    volunteer = by_name["Help us sort food"]
    assert [t.code for t in volunteer.terms] == ["PX"]
    assert (volunteer.needs, volunteer.needs_inferred) == (("food",), True)
    # A directory's own label is no AIRS term; the listing is read from its words.
    open_pantry = by_name["Groceries every week"]
    assert (open_pantry.terms, open_pantry.needs, open_pantry.needs_inferred) == (
        (), ("food",), True,
    )  # fmt: skip


def test_a_terms_field_must_name_its_taxonomy(tmp_path):
    (tmp_path / "airs.csv").write_text(AIRS_CSV)
    mapping = tmp_path / "bad.yaml"
    mapping.write_text(
        "fields:\n  listing_id: id\n  organization: agency\n  service: program\n"
        "  terms: codes\n  zip: {column: zip, taxonomy: airs}\n"
        "  needs: {split: codes, taxonomy: lcsh}\n"
    )
    parsed = read_file(tmp_path / "airs.csv", mapping=mapping)
    assert problems(parsed.report.errors) == [
        ("bad.yaml", 5, "fields.terms", "invalid_mapping"),
        ("bad.yaml", 6, "fields.zip.taxonomy", "invalid_mapping"),
        ("bad.yaml", 7, "fields.needs.taxonomy", "invalid_mapping"),
    ]
    constants = tmp_path / "constants.yaml"
    constants.write_text(
        "constants: {terms: BD}\nfields:\n  listing_id: id\n  organization: agency\n"
        "  service: program\n"
    )
    parsed = read_file(tmp_path / "airs.csv", mapping=constants)
    assert problems(parsed.report.errors) == [
        ("constants.yaml", 1, "constants.terms", "invalid_mapping"),
    ]


def test_open_eligibility_codes_as_terms(tmp_path):
    (tmp_path / "oe.csv").write_text("id,agency,program,zip,codes\n1,A,Beds,21218,101-04; 112-07\n")
    (tmp_path / "oe.yaml").write_text(
        "fields:\n  listing_id: id\n  organization: agency\n  service: program\n  zip: zip\n"
        "  terms: {split: codes, sep: ';', taxonomy: open-eligibility}\n"
    )
    parsed = read_file(tmp_path / "oe.csv", mapping=tmp_path / "oe.yaml")
    (service,) = parsed.records.services.values()
    assert [(t.taxonomy, t.code) for t in service.terms] == [
        ("open-eligibility", "101-04"),
        ("open-eligibility", "112-07"),
    ]
    assert service.needs == ("shelter",)


def test_terms_import_and_reimport_unchanged(session, tmp_path):
    (tmp_path / "airs.csv").write_text(AIRS_CSV)
    (tmp_path / "airs.yaml").write_text(AIRS_MAPPING)
    path, mapping = tmp_path / "airs.csv", tmp_path / "airs.yaml"
    first = import_listings(ADMIN, Context(session), path, mapping=mapping, source="airs")
    assert first.updated == 0 and first.created > 0
    terms = session.scalars(
        select(TaxonomyTerm.code).where(TaxonomyTerm.taxonomy == "airs").order_by(TaxonomyTerm.code)
    ).all()
    assert terms == ["BD-1800.2000", "FT-4500", "LN-1500", "LV-1600", "NL-6000.2000", "PX",
                     "TJ-3000", "YB-8000"]  # fmt: skip
    again = import_listings(ADMIN, Context(session), path, mapping=mapping, source="airs")
    assert (again.created, again.updated) == (0, 0)


# -- the shipped mappings on their real files --------------------------------------------

PANTRIES = REAL_DATA / "haarrrvest-food-pantries" / "raw_inputs"
REAL = {
    "capital_area_food_bank_dc": PANTRIES / "capital_area_food_bank_dc.json",
    "freshtrak": PANTRIES / "freshtrak.json",
    "second_harvest_of_silicon_valley_ca": PANTRIES / "second_harvest_of_silicon_valley_ca.json",
    "hud_hic_2019": REAL_DATA / "hud-hic-2019-shelterapp" / "HUD_scrapper" / "HUD_clean.csv",
    "dc_211": REAL_DATA / "sf-openreferral-data" / "211" / "211.csv",
    "sf_211": REAL_DATA / "sf-openreferral-data" / "211" / "sf_only.csv",
}
#: mapping → (organizations, locations, services, listings), warning code → count. The hours
#: parser's own ``unparseable_hours`` warnings are left to its tests.
EXPECTED = {
    "capital_area_food_bank_dc": (
        (334, 338, 338, 338),
        {"projected_coordinates": 338, "invalid_zip": 1},  # Web-Mercator metres, converted
    ),
    "freshtrak": (
        (793, 801, 801, 801),
        # 203 of the 209 (0, 0) agencies take their first event's point; 6 stay flagged.
        {
            "invalid_coordinates": 6,
            "coordinates_far_from_zip": 1,
            "invalid_zip": 1,
            "invalid_phone": 3,
        },
    ),
    "second_harvest_of_silicon_valley_ca": ((285, 286, 286, 286), {}),
    "hud_hic_2019": (
        (7242, 14262, 9917, 14262),
        {"repaired_zip": 1878, "missing_location": 16},  # 1,769 4-digit + 109 3-digit ZIPs
    ),
    "dc_211": (
        (411, 988, 1322, 1322),
        {
            "invalid_phone": 66,
            "invalid_website": 13,
            "missing_location": 5,
            "invalid_zip": 1,
            "repaired_zip": 1,
            "invalid_email": 1,
            "invalid_value": 1,  # a sentence in LanguagesOffered
        },
    ),
    "sf_211": (
        (723, 2179, 2307, 2307),
        {
            "invalid_zip": 57,
            "invalid_phone": 10,
            "missing_location": 5,
            "invalid_email": 2,
            "invalid_website": 1,
        },
    ),
}


@pytest.fixture(scope="module")
def real_parsed():
    """Each real file read once for the module (the database tests read them again)."""
    return {name: read_file(path, mapping=MAPPINGS / f"{name}.yaml") for name, path in REAL.items()}


@pytest.mark.realdata
@pytest.mark.parametrize("name", list(REAL))
def test_shipped_mapping_reads_its_real_file(real_parsed, name):
    parsed = real_parsed[name]
    assert parsed.report.errors == []
    sizes, warnings = EXPECTED[name]
    tables = parsed.records.tables()
    assert tuple(len(tables[t]) for t in tables) == sizes
    found = Counter(w.code for w in parsed.report.warnings if w.code != "unparseable_hours")
    for code, (count, _) in parsed.report.unlisted.items():  # beyond the first 1,000 listed
        found[code] += count
    assert found == warnings
    assert "bad_encoding" not in found  # the 211 exports are UTF-8 (sf_only.csv is ASCII)


@pytest.mark.realdata
def test_real_details(real_parsed):
    capital = real_parsed["capital_area_food_bank_dc"]
    first = capital.report.warnings[0]
    assert (first.column, first.code) == ("[0].latitude", "projected_coordinates")
    assert "read as (38.778322, -76.888600)" in first.message
    hud = real_parsed["hud_hic_2019"]
    repaired = next(w for w in hud.report.warnings if w.code == "repaired_zip")
    assert (repaired.line, repaired.column) == (5, "Zip Code")
    assert repaired.message == "ZIP '1609' lost its leading zero(s); read as 01609"
    assert Counter(s.name for s in hud.records.services.values())["Emergency Shelter"] == 2820
    sf = real_parsed["sf_211"]
    private = [loc for loc in sf.records.locations.values() if loc.confidential]
    assert len(private) == 27 and all(loc.geocode_precision == "zip" for loc in private)
    # AIRS codes (TaxonomyCodes, on 20 rows) and term names (Tax) file 306 services; 33 of
    # the 2,307 change needs by them (the rest the hand map or their words already gave).
    services = list(sf.records.services.values())
    assert sum(1 for s in services if s.terms) == 306
    (counselling,) = [s for s in services if s.name.startswith("HAIGHT ASHBURY PSYCH") and s.terms]
    assert [t.code for t in counselling.terms] == ["RF-3300"]  # Tax "Individual Counseling"
    assert (counselling.needs, counselling.needs_inferred) == (("mental-health",), False)


@pytest.mark.realdata
def test_real_feeds_import_and_reimport_unchanged(session):
    for name in ("capital_area_food_bank_dc", "freshtrak", "second_harvest_of_silicon_valley_ca",
                 "dc_211", "sf_211"):  # fmt: skip
        sizes = EXPECTED[name][0]
        first = import_listings(
            ADMIN, Context(session), REAL[name], mapping=MAPPINGS / f"{name}.yaml"
        )
        assert (first.created, first.updated) == (sum(sizes), 0), name
        again = import_listings(
            ADMIN, Context(session), REAL[name], mapping=MAPPINGS / f"{name}.yaml"
        )
        assert (again.created, again.updated, again.unchanged) == (0, 0, sum(sizes)), name


@pytest.mark.realdata
def test_hud_imports_and_reimports_unchanged(session):
    path, mapping = REAL["hud_hic_2019"], MAPPINGS / "hud_hic_2019.yaml"
    first = import_listings(ADMIN, Context(session), path, mapping=mapping)
    assert first.source == "HUD Housing Inventory Count 2019"
    assert (first.created, first.updated) == (7242 + 14262 + 9917 + 14262, 0)
    again = import_listings(ADMIN, Context(session), path, mapping=mapping)
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)


# -- mappings and reports that could exhaust the machine ------------------------------------


def test_a_mapping_of_aliases_of_aliases_is_refused_before_it_is_built(tmp_path):
    """A 1 KB "billion laughs" of YAML aliases reached 11 GB; it is refused at once."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for before, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{before}'] * 9)}]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n")
    parsed = read_file(SITES, mapping=bomb)
    assert [(e.code, e.message) for e in parsed.report.errors] == [
        ("invalid_mapping", "cannot read the mapping: it uses over 20 YAML aliases"),
    ]
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 5000 + "]" * 5000)
    assert "nested over 32 levels" in read_file(SITES, mapping=deep).report.errors[0].message


def test_each_warning_code_lists_its_first_thousand_and_counts_the_rest(session, tmp_path):
    import csv as csv_module

    rows = list(csv_module.DictReader((FIXTURES / "flat_small.csv").open()))
    many = tmp_path / "many.csv"
    with many.open("w", newline="") as handle:
        writer = csv_module.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerow({**rows[0], "needs": ";".join(f"need{i}" for i in range(1500))})
    summary = import_listings(ADMIN, Context(session), many, source="many")
    unknown = [w for w in summary.warnings if w.code == "unknown_need"]
    assert len(unknown) == 1001
    assert unknown[-1].message == "500 more unknown_need warnings like those above, not listed"
