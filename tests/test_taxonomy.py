"""Need slugs ↔ Open Eligibility and AIRS codes, and needs read from a listing's words."""

import pytest

from resource_directory import airs
from resource_directory.airs.branches import BRANCHES, INDIRECT
from resource_directory.airs.names import TERMS
from resource_directory.taxonomy import (
    INDIRECT_KINDS,
    NEEDS_BY_SLUG,
    audience_ages,
    classify_text,
    direct_needs,
    files_a_service,
    indirect_kinds,
    need_for_code,
    needs_for_codes,
    needs_for_term,
    needs_for_terms,
)


@pytest.mark.parametrize(
    ("code", "need"),
    [
        ("108-04-04", "childcare"),  # Daytime Care > Childcare
        ("108-04-04-02", "childcare"),  # Help Pay for Childcare
        ("108-04-02", "childcare"),  # Afterschool Care
        ("109-04", "childcare"),  # Preschool
        ("108-05-03", "health"),  # End-of-Life Care > Hospice, not child care
        ("108-05-01", None),  # Bereavement: no need of the vocabulary
        ("106-05-06", "transportation"),  # Help Pay for Healthcare > Transportation for Healthcare
        ("107-01-03-06", "transportation"),
        ("107-01-06-02", "transportation"),  # Help Pay for Transit > Bus Passes
        ("106-05-01", "financial-aid"),  # Disability Benefits stays money
        ("103-09-01", "health"),  # Short-Term Housing > Nursing Home is not a shelter bed
        ("103-09", "shelter"),
        ("108-07-03", "shelter"),  # Physical Safety > Temporary Shelter
        ("108-07-02", "food"),
        ("108-06-05", "employment"),  # Navigating the System > Help Find Work
        # A term means the same wherever the tree files it.
        ("109-03-07", "health"),  # Education > Health Education
        ("109-03-07-02", "health"),  # … > Family Planning
        ("106-04-04", "health"),
        ("107-03-03", "housing"),  # Financial Education > Homebuyer Education
        ("107-03-02", "housing"),  # … > Foreclosure Counseling
        ("109-03-04-03", "housing"),
        ("103-05-02", "housing"),
        ("107-03", "financial-aid"),  # Financial Education as a whole stays money
        ("107-03-01", "financial-aid"),  # Credit Counseling
        ("106-09-01", "mental-health"),  # Prevent & Treat > Counseling
        ("106-09-02", "health"),  # HIV Treatment
        ("109-02-03", None),  # Help Pay for School > Clothes for School: goods
        ("109-02-06", None),  # Supplies for School
        ("109-02-04", "education"),  # Financial Aid & Loans for school
        # Audience facets say who is served, not what is offered.
        ("121-12", None),  # Mental Illness
        ("121-05", None),  # PTSD
        ("116-10", None),
        ("121-11", None),  # Alcohol Use Disorder
        ("132-06", None),  # Co-occurring Mental Health Treatment Provided
    ],
)
def test_code_belongs_to_the_most_specific_need(code, need):
    assert need_for_code(code) == need


def test_childcare_need_term_is_the_childcare_node():
    assert NEEDS_BY_SLUG["childcare"].term == ("108-04-04", "Childcare")
    assert need_for_code(NEEDS_BY_SLUG["childcare"].term[0]) == "childcare"


@pytest.mark.parametrize(
    "text",
    [
        "Bus lines #3 and #11 stop nearby.",
        "Volunteers are needed to work in the office.",
        "Offices at the University of Maryland School of Law.",
        "Hospital beds for overnight stays.",
        "Credit union classes; bills paid on time.",
    ],
)
def test_words_that_usually_mean_something_else_infer_no_need(text):
    assert classify_text(text) == []


def test_telling_words_still_infer_needs():
    assert classify_text("Emergency shelter and a food pantry") == ["food", "shelter"]


def test_a_shelter_for_people_with_mental_illness_is_a_shelter():
    assert needs_for_codes(["103-09", "121-12"]) == ("shelter",)


def test_counseling_is_mental_health_care():
    assert needs_for_codes(["106-09-01", "112-04"]) == ("mental-health",)


def test_counseling_in_substance_use_treatment_is_that_treatment():
    assert needs_for_codes(["106-01-01-01", "106-09-01"]) == ("substance-use",)
    assert needs_for_codes(["106-09-01", "106-01"]) == ("substance-use",)


def test_counseling_for_people_with_a_mental_illness_too_stays_mental_health():
    codes = ["106-01-01-01", "106-09-01", "121-12"]
    assert needs_for_codes(codes) == ("substance-use", "mental-health")
    assert needs_for_codes(["106-01", "106-09-01", "132-06"]) == ("substance-use", "mental-health")


def test_needs_for_terms_reads_only_open_eligibility_codes_with_their_context():
    terms = [
        ("open-eligibility", "106-01"),
        ("open-eligibility", "106-09-01"),
        ("other", "121-12"),
    ]
    assert needs_for_terms(terms) == ("substance-use",)


@pytest.mark.parametrize(
    "text",
    [
        "Volunteer executives provide free phone counseling to businesses and entrepreneurs.",
        "Provides individual counseling and workshops on starting and managing businesses.",
        "Also provides HUD home purchase counseling.",
        "Credit counseling and budget classes.",
        "Homeownership counseling for first time home buyers.",
    ],
)
def test_counseling_about_money_homes_or_business_is_not_mental_health(text):
    assert "mental-health" not in classify_text(text)


def test_counseling_still_means_mental_health_on_its_own():
    assert classify_text("Information and referral by phone; crisis counseling.") == [
        "mental-health"
    ]
    # Another sentence's topic does not count against it.
    text = "Helps with housing applications. Offers individual and family counseling."
    assert classify_text(text) == ["housing", "mental-health"]
    # Nor does a topic hide the need's other words.
    assert "mental-health" in classify_text("Credit counseling and therapy for depression.")


@pytest.mark.parametrize(
    ("codes", "ages"),
    [
        (["112-04", "112-06"], (2, 19)),  # teens and children only
        (["112-07"], (55, None)),
        (["112-04", "112-02"], (13, 54)),
        # Families and pregnant women come with the children: adults are served too.
        (["112-04", "112-05", "122-01"], (0, None)),
        (["106-07", "132-09"], None),  # no age-group facet: nothing said
    ],
)
def test_audience_facets_span_the_ages_a_service_is_for(codes, ages):
    assert audience_ages(codes) == ages


# -- the AIRS / 211 LA County taxonomy ---------------------------------------------------


@pytest.mark.parametrize(
    ("code", "needs"),
    [
        ("BD-1800.2000", ("food",)),  # Food Pantries
        ("BD-5000.8300", ("food",)),  # Soup Kitchens
        ("BH-1800", ("shelter",)),  # Emergency Shelter, under Housing/Shelter
        ("BH-1800.8500-185", ("shelter",)),  # Extreme Weather Shelters
        ("BH-8600", ("shelter",)),  # Transitional Housing/Shelter
        ("BH-7000.4600", ("housing",)),  # Low Income/Subsidized Rental Housing
        ("BH-3800.7000", ("housing", "financial-aid")),  # Rent Payment Assistance
        ("FT-3600", ("legal",)),  # Immigration/Naturalization Legal Services
        ("FT-4500.1800", ("legal", "housing")),  # under Landlord/Tenant Assistance
        ("FP-0700.5000", ("legal",)),  # Mediation
        ("FP-0500", ()),  # Advocacy is not legal help as such
        ("RP-1500.1400-800", ("mental-health",)),  # Suicide Prevention Hotlines
        ("RF-3300", ("mental-health",)),  # Individual Counseling
        ("RX-1700", ("substance-use",)),  # Detoxification
        ("PN-8100.0500-070", ("substance-use",)),  # Alcohol Use Disorder Support Groups
        ("PN-8100", ()),  # Support Groups as such
        ("BT-4500.6500-500", ("transportation",)),  # Non-Emergency Medical Transportation
        ("BV-8900.9300", ("financial-aid",)),  # Utility Service Payment Assistance
        ("NT", ("financial-aid",)),  # Temporary Financial Assistance
        ("BM-6500.1500", ()),  # Clothing: goods
        ("BM-0500", ("transportation",)),  # Automobiles
        ("LV-1600", ("health",)),  # Dental Care
        ("LH-5100.6500", ("health", "financial-aid")),  # Prescription Expense Assistance
        ("ND-3500.3600", ("employment",)),  # Job Search/Placement
        ("ND-9200", ()),  # Volunteer Service Programs: no job
        ("NL-6000.2000", ("food", "financial-aid")),  # Food Stamps/SNAP
        ("NL-6000.9500", ("food",)),  # WIC
        ("NL-5000.5000", ("health",)),  # Medicaid
        ("NS-1800.8000", ("financial-aid",)),  # SSDI
        ("NS-8000.5000", ("health",)),  # Medicare
        ("H", ("education",)),
        ("HH-0500.8000-150", ("education",)),  # English as a Second Language
        ("HD-1800", ("childcare",)),  # Early Childhood Education
        ("PH-1250.1800", ("childcare",)),  # Extended Child Care
        ("NL-3000.1500", ("childcare",)),  # Child Care Expense Assistance
        ("DT-8800", ("financial-aid",)),  # Tax Preparation Assistance
        ("DM-1800.5000", ("housing",)),  # Mortgage Delinquency and Default Counseling
        ("R", ()),  # which of mental health or substance use, it does not say
        ("TJ-3000", ()),  # Information and Referral
        ("PX", ()),  # Volunteer Opportunities
        ("TI-1800.2000", ()),  # Food Donation Programs: for donors
        ("YB-8000", ()),  # Older Adults: an audience
        ("YV-3000", ()),  # Homeless People
        ("BDX-1800", ()),  # no code of the taxonomy
    ],
)
def test_airs_code_belongs_to_its_most_specific_branch(code, needs):
    assert airs.needs_for_code(code) == needs
    assert needs_for_terms([("airs", code)]) == needs


def test_every_airs_branch_names_needs_of_the_vocabulary():
    named = {need for needs in BRANCHES.values() for need in needs}
    assert named <= set(NEEDS_BY_SLUG)
    assert all(airs.is_code(prefix) for prefix in [*BRANCHES, *INDIRECT])
    assert all(airs.is_code(code) for code, *_ in TERMS)


def test_both_vocabularies_are_read_and_others_are_not():
    terms = [("open-eligibility", "102-04"), ("airs", "BH-1800"), ("mine", "BD-1800")]
    assert needs_for_terms(terms) == ("food", "shelter")
    assert needs_for_term("airs", "FT-4500") == ("legal", "housing")
    assert needs_for_term("open-eligibility", "103-01") == ("shelter",)
    assert needs_for_term("mine", "103-01") == ()


def test_airs_counseling_in_a_substance_use_programme_is_its_treatment():
    assert airs.needs_for_codes(["RX-8450.8100", "RF-3300"]) == ("substance-use",)
    # … unless the programme also serves people with a mental illness.
    assert airs.needs_for_codes(["RX-8450.8100", "RF-3300", "YF-5000.2100"]) == (
        "substance-use",
        "mental-health",
    )
    assert airs.needs_for_codes(["RF-3300"]) == ("mental-health",)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("BD-1800.2000", ["BD-1800.2000"]),
        ("BD-1800.2000; BD-5000.8300", ["BD-1800.2000", "BD-5000.8300"]),
        ("LH-2600, TJ-3000.1500 * YB-8000", ["LH-2600", "TJ-3000.1500", "YB-8000"]),
        ("RP-1400.8000-020.15", ["RP-1400.8000-020.15"]),
        ("BD-2600.1500*", ["BD-2600.1500"]),  # a reviewer's mark
        ("L", ["L"]),
        ("Food Pantries", None),
        ("MH (Mental Health)", None),
        ("MH", None),  # no top level of the taxonomy
        ("", None),
    ],
)
def test_airs_codes_are_parsed_from_category_cells(text, codes):
    assert airs.parse_codes(text) == codes


@pytest.mark.parametrize(
    ("name", "code", "needs"),
    [
        ("Food Pantries", "BD-1800.2000", {"food"}),
        ("food pantry", "BD-1800.2000", {"food"}),
        ("Food Stamps", "NL-6000.2000", {"food", "financial-aid"}),
        ("SNAP", "NL-6000.2000", {"food", "financial-aid"}),
        ("WIC", "NL-6000.9500", {"food"}),
        ("Landlord, Tenant", "FT-4500", {"legal", "housing"}),
        ("Landlord/Tenant Assistance", "FT-4500", {"legal", "housing"}),
        ("Evictions", "FT-4500", {"legal", "housing"}),
        ("Immigration", "FT-3600", {"legal"}),
        ("Residential Drug Abuse Treatment Facilities", "RX-8450.7000-750", {"substance-use"}),
        ("Information and Referral", "TJ-3000", set()),
        ("Older Adults", "YB-8000", set()),
        ("Shelter General", None, set()),  # a directory's own label
    ],
)
def test_well_known_term_names_reach_their_codes(name, code, needs):
    assert airs.code_for_name(name) == code
    assert set(needs_for_terms([("airs", c) for c, _ in airs.terms_in(name)])) == needs


def test_a_name_with_target_populations_is_each_term():
    assert airs.terms_in("Food Pantries * Older Adults") == [
        ("BD-1800.2000", "Food Pantries"),
        ("YB-8000", "Older Adults"),
    ]
    assert airs.terms_in("TJ-3000 * YB-8000") == [
        ("TJ-3000", "Information and Referral"),
        ("YB-8000", "Older Adults"),
    ]
    assert airs.terms_in("BD-1800.2000-620") == [("BD-1800.2000-620", "BD-1800.2000-620")]


@pytest.mark.parametrize(
    ("terms", "kinds"),
    [
        ([("airs", "TJ-3000.8000")], {"information-referral"}),  # Specialized I&R
        ([("airs", "TJ-3200")], {"information-referral"}),  # Information Lines
        ([("airs", "FT-4800")], {"information-referral"}),  # Lawyer Referral Services
        ([("airs", "RP-1500.1400-800")], {"hotline"}),  # Suicide Prevention Hotlines
        ([("open-eligibility", "108-09-02")], {"hotline"}),  # Help Hotlines
        ([("airs", "PX-1900")], {"volunteer"}),
        ([("airs", "ND-9200")], {"volunteer"}),
        ([("airs", "TI-1800.2000")], {"donation"}),  # Food Donation Programs
        ([("airs", "TD-1200")], {"funding"}),  # Charities/Grantmaking Organizations
        ([("airs", "TD-1100.9000")], {"administrative"}),
        ([("airs", "DF-4500")], {"administrative"}),  # Licensing/Certification
        ([("airs", "TP")], {"organizational"}),
        ([("airs", "BD-1800.2000"), ("airs", "TJ-3000")], {"information-referral"}),
        ([("airs", "RP-1500"), ("airs", "BD-1800.2000")], set()),  # direct services
        ([("open-eligibility", "102-04"), ("mine", "TJ-3000")], set()),
    ],
)
def test_indirect_kinds(terms, kinds):
    assert indirect_kinds(terms) == kinds
    assert kinds <= INDIRECT_KINDS


def test_direct_needs_leave_out_the_terms_of_indirect_listings():
    # A pantry that also refers callers offers food itself.
    assert direct_needs([("airs", "BD-1800.2000"), ("airs", "TJ-3000")]) == ("food",)
    # A child-care referral line and a lawyer referral service find the help elsewhere …
    referral = [("airs", "PH-2400.1500"), ("airs", "FT-4800")]
    assert needs_for_terms(referral) == ("childcare", "legal")
    assert direct_needs(referral) == ()
    # … a crisis line is the help itself.
    assert direct_needs([("airs", "RP-1500.1400")]) == ("mental-health",)


def test_files_a_service():
    assert files_a_service("open-eligibility", "104")  # Goods: filed, though needless
    assert not files_a_service("open-eligibility", "112-07")  # an age group
    assert files_a_service("airs", "BD-1800.2000")
    # An AIRS code that names no need leaves the listing's words to say what it does.
    assert not files_a_service("airs", "PX")
    assert not files_a_service("airs", "YB-8000")
    assert not files_a_service("mine", "BD-1800.2000")
