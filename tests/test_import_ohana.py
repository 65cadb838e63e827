"""Ohana CSV folders: exact records and problems, database round trips, the real exports."""

import shutil
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from importers import ohana, read_file
from importers.records import (
    LanguageRecord,
    LocationRecord,
    PhoneRecord,
    ScheduleRecord,
    ServiceAreaRecord,
    ServiceRecord,
    TermRecord,
)
from resource_directory.errors import ImportRejected
from resource_directory.models import Location, Organization, Phone, Schedule, Service
from resource_directory.operations import Context, import_listings
from resource_directory.taxonomy import direct_needs, indirect_kinds, needs_for_terms

from .conftest import ADMIN, FIXTURES, REAL_DATA

GOOD = FIXTURES / "ohana" / "good"
BAD = FIXTURES / "ohana" / "bad"
CHARMCARE = REAL_DATA / "bchd-charmcare-baltimore" / "icarol-csv"
SMC = REAL_DATA / "ohana-smc-sample" / "sample-csv"


def problems(found):
    return [(p.file, p.line, p.column, p.code) for p in found]


def counts(session):
    return {
        model.__tablename__: session.scalar(select(func.count()).select_from(model))
        for model in (Organization, Location, Service, Phone, Schedule)
    }


@pytest.fixture(scope="module")
def good():
    return read_file(GOOD, format="ohana")


# -- detection ---------------------------------------------------------------------------


def test_sniff_wants_the_three_core_files_and_no_datapackage(tmp_path):
    assert ohana.sniff(GOOD)
    assert not ohana.sniff(GOOD / "services.csv")
    assert not ohana.sniff(tmp_path / "missing")
    folder = tmp_path / "hsds"
    shutil.copytree(GOOD, folder)
    (folder / "datapackage.json").write_text("{}")
    assert not ohana.sniff(folder)
    (folder / "datapackage.json").unlink()
    (folder / "services.csv").unlink()
    assert not ohana.sniff(folder)


# -- the synthetic good folder -------------------------------------------------------------


def test_good_folder_reads_with_warnings_only(good):
    assert not good.report.errors
    assert problems(good.report.warnings) == [
        ("organizations.csv", 1, "internal_note", "unknown_column"),
        ("addresses.csv", 4, "postal_code", "repaired_zip"),
        ("services.csv", 7, "status", "invalid_value"),
        ("services.csv", 8, "location_id", "missing_location"),  # no location, no program
        ("phones.csv", 7, "number", "invalid_phone"),
    ]
    records = good.records
    assert list(records.organizations) == ["1", "2", "3"]
    assert list(records.locations) == ["10", "11", "12", "13", "14"]
    assert list(records.services) == ["100", "101", "102", "103", "104"]
    # One listing per service that has a location; 104 belongs to its program's organization.
    assert list(records.service_at_locations) == ["100", "101", "102", "103"]
    assert records.services["104"].organization_external_id == "1"


def test_location_with_address_schedules_phones_and_languages(good):
    location = good.records.locations["10"]
    assert location == LocationRecord(
        external_id="10",
        organization_external_id="1",
        name="Harbor Center",
        address_1="100 Light St",
        address_2="Suite 2",
        city="Baltimore",
        state="MD",
        postal_code="21202",
        county="Baltimore city",
        latitude=39.2904,
        longitude=-76.6122,
        geocode_precision="point",
        time_zone="America/New_York",
        accessibility="Disabled parking, Ramp, Wheelchair accessible",
        description="Walk-in center.\nSecond line of the description.",
        transportation="Bus 3 stops in front.",
        # The service's own phone (row 2) went to the service, the contact's (row 4) nowhere.
        phones=(PhoneRecord("+14105550102", None, "fax"),),
        schedules=(
            ScheduleRecord(freq="WEEKLY", byday="MO", opens_at="09:00", closes_at="17:00"),
            ScheduleRecord(freq="WEEKLY", byday="TU", opens_at="09:00", closes_at="17:00"),
            ScheduleRecord(description="Closed every year on January 1", notes="closed"),
        ),
        languages=(LanguageRecord("English", "en"), LanguageRecord("Spanish", "es")),
    )
    assert location.origin.line == 2
    assert good.records.locations["11"].origin.line == 4  # after a two-line row


def test_locations_without_coordinates_virtual_or_mail_only(good):
    locations = good.records.locations
    pantry = locations["11"]
    assert (pantry.latitude, pantry.longitude, pantry.geocode_precision) == (
        39.3009,
        -76.5799,
        "zip",
    )
    assert pantry.description == "A food pantry."  # short_desc when there is no description
    online = locations["12"]
    assert online.location_type == "virtual"
    assert (online.latitude, online.address_1, online.postal_code) == (None, None, None)
    assert online.phones == (
        PhoneRecord("+18005550123", None, "voice"),  # hotline
        PhoneRecord("+14105550124", None, "textphone"),  # tty
    )
    boston = locations["13"]
    assert (boston.postal_code, boston.state, boston.geocode_precision) == ("02134", "MA", "zip")
    # Only a mail address: placed by its ZIP, but a PO box is not shown as the street.
    outreach = locations["14"]
    assert (outreach.address_1, outreach.city, outreach.postal_code) == (None, "Baltimore", "21218")
    assert outreach.geocode_precision == "zip"


def test_services_fields_terms_and_needs(good):
    services = good.records.services
    assert services["100"] == ServiceRecord(
        external_id="100",
        organization_external_id="1",
        name="Family Counseling",
        description="Counseling for families.",
        url="https://harbor.example.org/counseling",
        email="counsel@harbor.example.org",
        fees_description="Sliding scale",
        eligibility_description="Families with children; Baltimore residents",
        languages=(LanguageRecord("English", "en"), LanguageRecord("Spanish", "es")),
        needs=("mental-health",),
        application_process="Call to apply",
        interpretation_services="Phone interpreters",
        terms=(
            TermRecord("106-07-01", "Counseling", "open-eligibility", "106-07"),
            TermRecord("112-03", "Families", "open-eligibility", "112"),
        ),
        service_areas=(ServiceAreaRecord("Baltimore City"), ServiceAreaRecord("Baltimore County")),
        phones=(PhoneRecord("+14105550101", "12", "voice", "Intake"),),
    )
    groceries = services["101"]
    assert groceries.status == "inactive"  # defunct
    assert groceries.eligibility_description == "Residents of ZIP 21205\nand 21213"
    assert (groceries.needs, groceries.needs_inferred) == (("food",), False)
    # The languages field's notes are not languages: they describe interpretation.
    assert groceries.languages == (LanguageRecord("Spanish", "es"),)
    assert groceries.interpretation_services == "Language Line available"
    assert groceries.schedules == (
        ScheduleRecord(freq="WEEKLY", byday="SA", opens_at="10:00", closes_at="12:30"),
        ScheduleRecord(
            opens_at="10:00",
            closes_at="14:00",
            description="Open 10:00–14:00 on November 27, 2025",
            valid_from=date(2025, 11, 27),
            valid_to=date(2025, 11, 27),
        ),
    )
    assert (services["102"].needs, services["102"].needs_inferred) == (("mental-health",), True)
    assert services["103"].terms == (
        TermRecord("103-03", "Pay for Housing", "open-eligibility", "103"),
    )
    assert services["103"].needs == ("financial-aid",)
    assert good.records.organizations["1"].phones == (
        PhoneRecord("+14105550100", None, "voice", "Main office"),
    )


# -- the synthetic bad folder --------------------------------------------------------------


def test_bad_folder_reports_every_problem_where_it_is():
    parsed = read_file(BAD, format="ohana")
    assert problems(parsed.report.errors) == [
        ("organizations.csv", 4, "name", "missing_required"),
        ("organizations.csv", 5, "id", "duplicate_id"),
        ("services.csv", 6, None, "too_many_values"),
        ("services.csv", 7, "name", "missing_required"),
        ("services.csv", 8, "id", "duplicate_id"),
        ("addresses.csv", 3, "location_id", "duplicate_id"),
        ("regular_schedules.csv", 1, "closes_at", "missing_column"),
        ("addresses.csv", 4, "location_id", "unknown_reference"),
        ("locations.csv", 4, "organization_id", "unknown_reference"),
        ("locations.csv", 6, "latitude", "invalid_number"),
        ("service_categories.json", None, None, "unknown_reference"),
        ("service_categories.json", None, None, "unknown_reference"),
        ("services.csv", 4, "location_id", "unknown_reference"),
        ("services.csv", 12, "taxonomy_ids", "unknown_reference"),
        ("phones.csv", 3, "service_id", "unknown_reference"),
        ("phones.csv", 4, None, "missing_required"),
        ("holiday_schedules.csv", 3, "location_id", "unknown_reference"),
    ]
    messages = [e.message for e in parsed.report.errors]
    assert messages[1] == "id '1' is already used on line 2"
    assert messages[8] == "organization '99' is not in organizations.csv"
    assert messages[10] == "service '100' names taxonomy.csv row '42', which is not in taxonomy.csv"
    assert messages[11] == "service '999' is not in services.csv"
    assert problems(parsed.report.warnings) == [
        ("organizations.csv", None, None, "bad_encoding"),
        ("locations.csv", 7, "postal_code", "missing_location"),
        ("phones.csv", 5, "number_type", "invalid_value"),
        ("holiday_schedules.csv", 2, "start_date", "invalid_date"),
    ]
    # Rows that refer to a row left out for its own error are not reported again.
    records = parsed.records
    assert records.organizations["1"].name == "Café Harbor"  # read as Windows-1252
    assert (list(records.locations), list(records.services)) == (["10", "14"], ["100", "105"])
    assert records.services["105"].description == 'with "quotes"\nover\nthree lines'


def test_missing_file_and_missing_columns_stop_the_read(tmp_path):
    folder = tmp_path / "folder"
    shutil.copytree(GOOD, folder)
    (folder / "services.csv").unlink()
    text = (folder / "locations.csv").read_text()
    (folder / "locations.csv").write_text(text.replace("id,organization_id,", "id,org,", 1))
    parsed = read_file(folder, format="ohana")
    assert problems(parsed.report.errors) == [
        ("locations.csv", 1, "organization_id", "missing_column"),
        ("services.csv", None, None, "missing_required"),
    ]
    assert not any(parsed.records.tables().values())


def test_undecodable_bytes_are_reported_and_broken_json_is_an_error(tmp_path):
    folder = tmp_path / "folder"
    shutil.copytree(GOOD, folder)
    (folder / "contacts.csv").unlink()
    with (folder / "programs.csv").open("ab") as handle:
        handle.write(b"8,1,Caf\x81,\n")  # 0x81 is undefined in Windows-1252 too
    (folder / "service_categories.json").write_text('{"100": ["7"')
    parsed = read_file(folder, format="ohana")
    # Bytes that are neither UTF-8 nor Windows-1252 are replaced and reported, not fatal.
    assert problems(parsed.report.errors) == [
        ("service_categories.json", 1, None, "invalid_json"),
    ]
    encoding = [w for w in parsed.report.warnings if w.code == "bad_encoding"]
    assert [(w.file, w.message.split(":")[0]) for w in encoding] == [
        ("programs.csv", "UTF-8 with 1 damaged line(s)")
    ]


def test_hour_and_date_parsers():
    from importers.ohana.schedules import clock, parse_day

    assert [clock(t) for t in ("08:00", "9am", "4:00 PM", "3pm", "0830", "12 a.m.")] == [
        "08:00", "09:00", "16:00", "15:00", "08:30", "00:00",
    ]  # fmt: skip
    assert [clock(t) for t in ("9", "25:00", "13pm", "noon", "")] == [None] * 5
    assert parse_day("January 01, 0001") == date(1, 1, 1)
    assert parse_day("12/24/15") == parse_day("12/24/2015") == date(2015, 12, 24)
    assert parse_day("2015-13-01") is None


# -- the database ----------------------------------------------------------------------------


def test_import_and_reimport_of_the_good_folder(session):
    first = import_listings(ADMIN, Context(session), GOOD, format="ohana", source="ohana-test")
    assert (first.organizations, first.locations, first.services) == (3, 5, 5)
    assert (first.created, first.updated) == (3 + 5 + 5 + 4, 0)
    before = counts(session)
    again = import_listings(ADMIN, Context(session), GOOD, format="ohana", source="ohana-test")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 17)
    assert counts(session) == before

    counseling = session.scalar(select(Service).where(Service.external_id == "100"))
    assert sorted((t.term.code, t.inferred) for t in counseling.terms) == [
        # the need's own term, implied by the source's 106-07-01: ours, so left out of exports
        ("106-07", True),
        ("106-07-01", False),
        ("112-03", False),
    ]
    assert counseling.locations[0].location.name == "Harbor Center"
    center = session.scalar(select(Location).where(Location.external_id == "10"))
    assert sorted((s.byday, s.opens_at, s.notes) for s in center.schedules if s.byday) == [
        ("MO", "09:00", None),
        ("TU", "09:00", None),
    ]
    online = session.scalar(select(Location).where(Location.external_id == "12"))
    assert (online.location_type, online.latitude, online.addresses) == ("virtual", None, [])


def test_rejected_folder_writes_nothing(session):
    import_listings(ADMIN, Context(session), GOOD, format="ohana", source="ohana-test")
    session.commit()
    before = counts(session)
    with pytest.raises(ImportRejected) as caught:
        import_listings(ADMIN, Context(session), BAD, format="ohana", source="ohana-test")
    assert len(caught.value.report.errors) == 17
    session.rollback()
    assert counts(session) == before


# -- the real exports ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def charmcare():
    return read_file(CHARMCARE, format="ohana")


@pytest.fixture(scope="module")
def smc():
    return read_file(SMC, format="ohana")


@pytest.mark.realdata
def test_charmcare_reads_whole(charmcare):
    assert ohana.sniff(CHARMCARE)
    assert charmcare.report.errors == []
    records = charmcare.records
    # SOURCE.md counts 1,876 services; one of them (services.csv line 7662, "good food 4 u",
    # description "made up to test") has no location_id and no program, so it belongs to no
    # organization; a service needs one, so it is skipped with a warning.
    assert (len(records.organizations), len(records.locations)) == (748, 1482)
    assert (len(records.services), len(records.service_at_locations)) == (1875, 1875)
    assert Counter(w.code for w in charmcare.report.warnings) == {
        "invalid_phone": 22,  # vanity numbers ("(800) AGE-DIAL"), "(311)    -", a short one
        "invalid_website": 3,  # a trailing "." or "`"
        "missing_location": 2,  # the service above; location 863 (no ZIP, no point)
    }
    precision = Counter(loc.geocode_precision for loc in records.locations.values())
    assert precision == {"point": 1349, "zip": 132, None: 1}

    services = records.services.values()
    with_oe = sum(1 for s in services if any(t.taxonomy == "open-eligibility" for t in s.terms))
    assert with_oe == 1734  # every service service_categories.json names
    # service_icarol_categories.json names 1,849, all of them services of services.csv
    # (every service with Open Eligibility categories among them).
    assert sum(1 for s in services if any(t.taxonomy == "airs" for t in s.terms)) == 1849
    assert sum(1 for s in services if s.terms) == 1849
    # Filed under a kind of service (Open Eligibility 101–111, or an AIRS code that names a
    # need): needs come from the categories alone. Open Eligibility alone files 1,615; the
    # AIRS codes file 114 more that were classified from their words before.
    assert sum(1 for s in services if not s.needs_inferred) == 1729
    # The AIRS codes add needs the crosswalk to Open Eligibility left out: 627 services
    # change needs, 569 of them only gaining some. Food stamps are food as well as money
    # (NL-6000.2000), landlord/tenant help is housing as well as legal help (FT-4500).
    assert records.services["141601"].needs == ("food", "financial-aid")
    assert records.services["140689"].needs == ("housing", "legal")
    airs_terms = {t.code: t.name for t in records.services["141601"].terms if t.taxonomy == "airs"}
    assert airs_terms["NL-6000.2000"] == "Food Stamps/SNAP"  # named by taxonomy_mapping.csv
    # Hospice (108-05-03) is health care, not child care; day care (108-04-04) is child care.
    assert records.services["140704"].needs == ("childcare",)
    assert records.services["142995"].needs == ("health",)
    # Filed under "109 Education" as a whole, a Head Start programme's name says preschool.
    assert records.services["141914"].needs == ("education", "childcare")
    # "See notes." brings in the rules of the description's ELIGIBILITY section.
    assert records.services["140259"].eligibility_description.startswith(
        "See notes.; Men ages 21 years and older, with mental illness"
    )
    # Filed under "107-03 Financial Education" as a whole, a housing agency's name says
    # homebuyer education (housing); the categories' own needs stay.
    assert records.services["142645"].needs == ("housing", "financial-aid")
    # "Counseling" to small businesses or for a home purchase is no mental health care.
    assert records.services["141004"].needs == ()
    assert records.services["140277"].needs == ("housing",)
    # Audience facets add no need: a shelter for women with a mental illness is a shelter;
    # its AIRS codes also file it under mental health residential support (RR-8800.5100).
    lodge = records.services["140442"]
    facets = [(t.taxonomy, t.code) for t in lodge.terms if t.taxonomy == "open-eligibility"]
    assert needs_for_terms(facets) == ("shelter",)
    assert lodge.needs == ("shelter", "mental-health")
    # Counselling in a substance use programme that also serves mental illness is both.
    assert records.services["143182"].needs == ("mental-health", "substance-use")
    shelter = records.services["143903"]
    assert shelter.terms == (
        TermRecord("BH-8600", "Transitional Housing/Shelter", "airs"),  # "143903": ["BH-8600"]
        TermRecord("103-09", "Short-Term Housing", "open-eligibility", "103"),
    )
    assert (shelter.needs, shelter.organization_external_id) == (("shelter",), "139776")
    assert [p.description for p in records.services["140239"].phones] == [
        "Director's voice mail", "Legal Aid", "Legal Aid - Baltimore Line", None,
    ]  # fmt: skip


@pytest.mark.realdata
def test_smc_sample_reads_with_schedules(smc):
    assert smc.report.errors == []
    assert problems(smc.report.warnings) == [
        ("phones.csv", 48, "number", "invalid_phone"),  # 123-456-7890 in the test rows
        ("phones.csv", 52, "number", "invalid_phone"),
    ]
    records = smc.records
    assert (len(records.organizations), len(records.locations), len(records.services)) == (
        8,
        22,
        23,
    )
    example = records.locations["22"]
    assert [s.byday for s in example.schedules if s.freq] == [
        "MO",
        "TU",
        "WE",
        "TH",
        "FR",
        "SA",
        "SU",
    ]
    assert [s.description for s in example.schedules if not s.freq] == [
        "Closed every year on January 1",
        "Open 10:00–16:00 on December 24, 2015",
        "Closed every year from June 1 to September 1",
    ]
    passports = records.services["22"]
    assert [(s.byday, s.opens_at, s.closes_at) for s in passports.schedules if s.freq] == [
        ("MO", "08:00", "12:00"),
        ("MO", "14:00", "16:00"),
        ("WE", "10:00", "15:00"),
    ]
    assert [t.code for t in passports.terms] == [
        "105",
        "108",
        "108-05",
        "108-05-01",
        "111",
        "111-05",
    ]
    assert records.locations["20"].location_type == "virtual"
    assert (records.services["20"].status, records.services["21"].status) == ("inactive",) * 2


@pytest.mark.realdata
def test_charmcare_imports_once_then_changes_nothing(session):
    first = import_listings(ADMIN, Context(session), CHARMCARE, format="ohana", source="charmcare")
    assert first.created == 748 + 1482 + 1875 + 1875
    again = import_listings(ADMIN, Context(session), CHARMCARE, format="ohana", source="charmcare")
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)


@pytest.mark.realdata
def test_smc_sample_imports_with_schedules(session):
    summary = import_listings(ADMIN, Context(session), SMC, format="ohana", source="smc")
    assert (summary.organizations, summary.locations, summary.services) == (8, 22, 23)
    example = session.scalar(select(Location).where(Location.external_id == "22"))
    assert len(example.schedules) == 10
    closed = [s for s in example.schedules if s.notes == "closed"]
    assert len(closed) == 2 and all(s.valid_from is None for s in closed)


def test_a_name_refines_a_node_filed_as_a_whole_at_any_depth():
    from importers.ohana.services import _refined

    financial_education = (TermRecord("107-03", "Financial Education", "open-eligibility", "107"),)
    assert _refined(financial_education, ["housing"]) == ("housing",)  # 107-03-03 Homebuyer
    assert _refined(financial_education, ["food"]) == ()  # no food under Financial Education
    education = (TermRecord("109", "Education", "open-eligibility", None),)
    assert _refined(education, ["childcare", "education", "food"]) == ("childcare", "education")
    # An audience facet is no node the agency filed the service under.
    facet = (TermRecord("121-12", "Mental Illness", "open-eligibility", "121"),)
    assert _refined(facet, ["mental-health"]) == ()


def test_icarol_codes_are_airs_terms_named_by_the_crosswalk(tmp_path):
    folder = tmp_path / "folder"
    shutil.copytree(GOOD, folder)
    (folder / "service_icarol_categories.json").write_text(
        '{"100": ["PX"], "102": ["TJ-3000", "RP-1500.1400", "YB-8000"],'
        ' "103": ["BH-3800.7000"], "104": ["FT-4500", "FT-4500", "Tenants!"]}'
    )
    (folder / "taxonomy_mapping.csv").write_text(
        "211 Code,211 Name,Open Eligibility Name,taxonomy_id,,BCHD Approval ,\n"
        "RP-1500.1400,Crisis Intervention Hotlines/Helplines,Help Hotlines,108-09-02,,Yes,\n"
        "BH-3800.7000*,Rent Payment Assistance,Help Pay for Housing,103-03,note,,\n"
        ",Emergency Food,Emergency Food,102-02,,,\n"
    )
    parsed = read_file(folder, format="ohana")
    assert parsed.report.errors == []
    assert problems(w for w in parsed.report.warnings if w.file.endswith(".json")) == [
        ("service_icarol_categories.json", None, None, "invalid_value"),  # "Tenants!"
    ]
    services = parsed.records.services
    helpline = services["102"]
    assert [(t.taxonomy, t.code, t.name) for t in helpline.terms] == [
        ("airs", "RP-1500.1400", "Crisis Intervention Hotlines/Helplines"),  # the crosswalk's
        ("airs", "TJ-3000", "Information and Referral"),  # the taxonomy's well-known name
        ("airs", "YB-8000", "Older Adults"),
    ]
    # Filed under crisis lines now, not read from its words.
    assert (helpline.needs, helpline.needs_inferred) == (("mental-health",), False)
    terms = [(t.taxonomy, t.code) for t in helpline.terms]
    assert indirect_kinds(terms) == {"hotline", "information-referral"}
    assert direct_needs(terms) == ("mental-health",)  # a crisis line is direct for a crisis
    # Open Eligibility's "Pay for Housing" is money; the AIRS code says rent, housing too.
    assert services["103"].needs == ("housing", "financial-aid")
    assert services["104"].needs == ("housing", "legal")  # landlord/tenant help
    # A volunteer listing's code names no need: the Open Eligibility categories stand.
    assert services["100"].needs == ("mental-health",)
    again = read_file(folder, format="ohana")
    assert again.file_hash == parsed.file_hash
    (folder / "service_icarol_categories.json").write_text('{"100": ["PX"], "999": ["BD"]}')
    changed = read_file(folder, format="ohana")
    assert changed.file_hash != parsed.file_hash  # a changed code file is a changed folder
    assert problems(changed.report.errors) == [
        ("service_icarol_categories.json", None, None, "unknown_reference"),
    ]
