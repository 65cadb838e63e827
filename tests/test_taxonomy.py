"""Need slugs ↔ Open Eligibility codes, and needs read from a listing's words."""

import pytest

from resource_directory.taxonomy import (
    NEEDS_BY_SLUG,
    audience_ages,
    classify_text,
    need_for_code,
    needs_for_codes,
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
