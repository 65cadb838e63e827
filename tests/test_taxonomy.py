"""Need slugs ↔ Open Eligibility codes, and needs read from a listing's words."""

import pytest

from resource_directory.taxonomy import NEEDS_BY_SLUG, classify_text, need_for_code


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
