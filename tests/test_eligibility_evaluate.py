"""Tri-state evaluation of every rule kind: eligible, maybe (fact missing), ineligible."""

from dataclasses import dataclass, field

import pytest

from resource_directory.eligibility import evaluate_rules
from resource_directory.eligibility.poverty import poverty_line
from resource_directory.geo import GeoPoint

from .conftest import english, rule_views

BALTIMORE_CITY = GeoPoint(39.3265, -76.6048, "zip", "21218", "Baltimore", "Baltimore city", "MD")
TOWSON = GeoPoint(39.40, -76.60, "zip", "21204", "Towson", "Baltimore County", "MD")


@dataclass
class Client:
    age: int | None = None
    gender: str | None = None
    household_size: int | None = None
    annual_income: float | None = None
    veteran: bool | None = None
    disability: bool | None = None
    pregnant: bool | None = None
    housing_status: str | None = None
    children_ages: tuple[int, ...] | None = None
    needs: tuple[str, ...] = ()
    location: GeoPoint | None = field(default=None)


def judge(text, **facts):
    rules = [r for r in rule_views(text) if r.kind != "unparsed"]  # the understood part alone
    return evaluate_rules(rules, Client(**facts))


@pytest.mark.parametrize(
    ("text", "facts", "status", "reason"),
    [
        ("Women only", {"gender": "female"}, "eligible", "client's gender: female"),
        ("Women only", {"gender": "Male"}, "ineligible", "client's gender: male"),
        ("Women only", {}, "maybe", "client's gender not given"),
        ("Women only", {"gender": "prefers not to say"}, "maybe", "ask"),
        ("Veterans only", {"veteran": True}, "eligible", "client is a veteran"),
        ("Veterans only", {"veteran": False}, "ineligible", "client is not a veteran"),
        ("Veterans only", {}, "maybe", "veteran status not given"),
        ("Veterans and their families", {"veteran": False}, "maybe", "family members"),
        ("Residents of Baltimore County only", {"location": TOWSON}, "eligible",
         "client's county: Baltimore County"),
        ("Residents of Baltimore County only", {"location": BALTIMORE_CITY}, "ineligible",
         "client's county: Baltimore city"),
        ("Baltimore City residents", {"location": BALTIMORE_CITY}, "eligible", "Baltimore city"),
        ("Must live in ZIP codes 21201, 21218", {"location": BALTIMORE_CITY}, "eligible",
         "client's ZIP: 21218"),
        ("Residents of Baltimore County only", {}, "maybe", "location not known"),
        ("Households with children under 18", {"children_ages": (4, 12)}, "eligible",
         "children aged 4, 12"),
        ("Households with children under 18", {"children_ages": ()}, "ineligible",
         "no children"),
        ("Households with children under 5", {"children_ages": (7,)}, "ineligible",
         "children are 7"),
        ("Pregnant women", {"pregnant": True}, "eligible", "client is pregnant"),
        ("Pregnant women", {"pregnant": False}, "ineligible", "client is not pregnant"),
        ("People experiencing homelessness", {"housing_status": "homeless"}, "eligible",
         "client is homeless"),
        ("People experiencing homelessness", {"housing_status": "housed"}, "ineligible",
         "client is housed"),
        ("People experiencing homelessness", {}, "maybe", "housing situation not given"),
        ("Must bring photo ID and proof of address", {}, "eligible", "bring:"),
    ],
)  # fmt: skip
def test_rule_kinds(text, facts, status, reason):
    result = judge(text, **facts)
    assert result.status == status, result
    assert reason in english(result.reasons)[0], english(result.reasons)


def test_income_against_the_federal_poverty_guidelines():
    limit = 2 * poverty_line(3)  # 200 % for a household of three
    below = judge("Household income at or below 200% FPL", household_size=3,
                  annual_income=limit - 1, location=BALTIMORE_CITY)  # fmt: skip
    assert below.status == "eligible"
    assert "2025 federal poverty guideline" in english(below.reasons)[0]
    above = judge("Household income at or below 200% FPL", household_size=3,
                  annual_income=limit + 1, location=BALTIMORE_CITY)  # fmt: skip
    assert above.status == "ineligible"
    assert judge("Household income at or below 200% FPL", annual_income=20000).status == "maybe"
    assert judge("Household income at or below 200% FPL", household_size=2).status == "maybe"
    assert poverty_line(1) == 15_650 and poverty_line(4) == 32_150


def test_dollar_income_limits():
    assert judge("Income below $35,000 per year", annual_income=30000).status == "eligible"
    assert judge("Income below $35,000 per year", annual_income=40000).status == "ineligible"


def test_soft_rules_never_exclude():
    # "live or work in" is read with confidence 0.5: a resident elsewhere may still work there.
    result = judge("Children under 5 and pregnant women", age=30, pregnant=False)
    assert result.status != "ineligible"


def test_each_unsettled_condition_is_counted():
    assert judge("Seniors 60+", age=70).open_questions == 0
    assert judge("Seniors 60+ living in Baltimore County").open_questions == 2
    one = judge("Veterans only")
    assert (one.status, one.open_questions) == ("maybe", 1)


@pytest.mark.parametrize(
    "text",
    ["Ex-offender, drug addicted, or homeless women", "Homeless or low-income women"],
)
def test_a_gender_closing_a_list_of_alternatives_applies_to_each(text):
    assert judge(text, gender="male").status == "ineligible"
    assert judge(text, gender="female", housing_status="homeless").status != "ineligible"


def test_a_gender_named_as_an_alternative_of_its_own_excludes_no_one():
    assert judge("Seniors 60+ or women", gender="male", age=70).status == "eligible"
    assert judge("Seniors 60+ or women", gender="male", age=40).status == "maybe"


def test_one_exclusion_decides_and_leads_the_reasons():
    result = judge("Seniors 60+ living in Baltimore County", age=70, location=BALTIMORE_CITY)
    assert result.status == "ineligible"
    assert "client's county: Baltimore city" in english(result.reasons)[0]
    assert any("client is 70" in reason for reason in english(result.reasons))


# -- age bands of the children served -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "facts", "status"),
    [
        # A day care's "Ages 2-5" is the child's age: a 26-year-old mother of a 3-year-old fits.
        ("Ages 2-5.", {"age": 26, "children_ages": (3,), "needs": ("childcare",)}, "eligible"),
        ("Children, ages 3-5.", {"age": 26, "children_ages": (3,)}, "eligible"),
        ("Children, ages 3-5.", {"age": 40, "children_ages": (10, 14)}, "ineligible"),
        ("Children, ages 3-5.", {"age": 40, "children_ages": ()}, "ineligible"),
        # Children's ages not asked: maybe, never ineligible for the parent's own age.
        ("Ages 2-5.", {"age": 26, "needs": ("childcare",)}, "maybe"),
        ("Children, ages 3-5.", {"age": 26}, "maybe"),
        # Not about children: the client's own age still decides.
        ("Ages 2-5.", {"age": 26, "children_ages": (3,), "needs": ("food",)}, "ineligible"),
        ("Youth, ages 14-24.", {"age": 30, "children_ages": (15,)}, "ineligible"),
        ("Ages 18 and older.", {"age": 26, "children_ages": (3,), "needs": ("childcare",)},
         "eligible"),
        # A teenager asking for herself is judged on her own age.
        ("Children, ages 3-5.", {"age": 17, "children_ages": (4,)}, "ineligible"),
    ],
)  # fmt: skip
def test_age_band_of_children_is_judged_against_the_childrens_ages(text, facts, status):
    assert judge(text, **facts).status == status


def test_childrens_age_reason_names_the_children():
    evaluation = judge("Children, ages 3-5.", age=26, children_ages=(3, 9))
    assert english(evaluation.reasons) == ("“Children, ages 3-5” — client's children are 3, 9",)


# -- alternatives ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("Men, women, or men/women with children.", {"gender": "male", "children_ages": ()}),
        ("Men, women, or men/women with children.", {"gender": "female", "children_ages": ()}),
        (
            "Women facing unplanned pregnancy but do not want an abortion, or women with young "
            "children who need material assistance.  Also men who desire mentoring.",
            {"gender": "female", "pregnant": False, "children_ages": (1,)},
        ),
    ],
)
def test_populations_offered_as_alternatives_never_exclude(text, facts):
    assert judge(text, **facts).status != "ineligible"


# -- groups defined by the need sought -------------------------------------------------------


def test_addiction_requirement_is_met_by_asking_for_substance_use_help():
    text = "Ages 18 and older. Must be opiate dependent."
    assert judge(text, age=38, needs=("substance-use",)).status == "eligible"
    assert judge(text, age=38, needs=("food",)).status == "maybe"


def test_mental_illness_requirement_is_met_by_asking_for_mental_health_care():
    text = "Persons ages 18-65, with a mental illness or emotional problem"
    sought = judge(text, age=34, needs=("mental-health",))
    assert sought.status == "eligible"
    assert (
        "“mental illness or emotional problem” — client is seeking mental health help"
        in english(sought.reasons)
    )
    assert judge(text, age=34, needs=("housing",)).status == "maybe"
    # A serious mental illness is a diagnosis to ask about, not shown by asking for care.
    serious = "Adults with a serious mental illness"
    assert judge(serious, age=34, needs=("mental-health",)).status == "maybe"


# --- alternatives and low income -----------------------------------------------------------


def _status(text, **facts):
    return judge(text, **facts).status


def test_one_alternative_met_is_enough():
    seniors_or_disabled = "Seniors 60+ or people with disabilities"
    reasons = english(judge(seniors_or_disabled, age=40, disability=True).reasons)
    assert any("qualifies instead" in reason for reason in reasons)
    assert _status(seniors_or_disabled, age=70, disability=False) == "eligible"
    assert _status(seniors_or_disabled, age=40, disability=True) == "eligible"
    # Neither group met: still only a "maybe" (the groups were read as alternatives).
    assert _status(seniors_or_disabled, age=40, disability=False) == "maybe"


def test_listing_men_and_women_leaves_out_no_one_without_children():
    text = "Men, women, or men/women with children"
    assert _status(text, gender="male", children_ages=()) == "eligible"
    assert _status(text, gender="female", children_ages=(4,)) == "eligible"


def test_a_group_inside_another_alternative_does_not_qualify_alone():
    # "women" spans both alternatives: a woman neither pregnant nor a mother stays "maybe".
    text = "Women facing an unplanned pregnancy, or women with children"
    assert _status(text, gender="female", pregnant=False, children_ages=()) == "maybe"
    assert _status(text, gender="female", pregnant=True, children_ages=()) == "eligible"


def test_below_the_poverty_guideline_is_low_income():
    assert _status("Low-income", annual_income=19_000, household_size=2) == "eligible"
    # Above the guideline, or without the household size, a coordinator would ask.
    assert _status("Low-income", annual_income=40_000, household_size=2) == "maybe"
    assert _status("Low-income", annual_income=19_000) == "maybe"
    # A conjunction is unchanged: "Low-income seniors" still needs the age.
    assert _status("Low-income seniors", age=41, annual_income=9_000, household_size=1) == "maybe"


def test_being_an_adult_is_not_an_alternative_group():
    text = "Adults 60 and older and adults with disabilities"
    assert _status(text, age=41, disability=False) == "maybe"


@pytest.mark.parametrize(
    "text", ["Open to adults, primarily ex-offenders", "Any adult, including ex-offenders"]
)
def test_a_group_named_as_a_preference_is_no_condition(text):
    """Served first or welcome is not required: not knowing asks nothing of the agency."""
    found = judge(text, age=34)
    assert found.status == "eligible" and found.open_questions == 0
    assert "“ex-offenders” — served, not required" in english(found.reasons)
    # Stated as the only people served, it stays a question.
    assert judge("Ex-offenders", age=34).status == "maybe"


def test_a_preference_the_clients_facts_rule_out_is_still_a_question():
    found = judge("Focus on women", gender="male")
    assert found.status == "maybe" and found.open_questions == 1


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("Seniors", {}),  # a vague word, not a hedged preference: still a question
        ("Women and children", {}),
        ("Free of charge to seniors 60+", {}),  # "free of charge" negates nothing
        ("Women in need of domestic violence services", {"gender": "female"}),
    ],
)
def test_conditions_that_stay_questions_when_the_client_did_not_say(text, facts):
    assert judge(text, **facts).status == "maybe"


def test_saying_no_disability_yet_asking_for_that_care_is_a_question():
    text = "Adults with a mental illness"
    found = judge(text, age=40, disability=False, needs=("mental-health",))
    assert found.status == "maybe"
    assert any("client is seeking mental health help — ask" in r for r in english(found.reasons))
