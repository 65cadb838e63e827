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
    query: str | None = None
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


def test_a_gender_named_as_an_alternative_of_its_own_is_one_alternative():
    assert judge("Seniors 60+ or women", gender="male", age=70).status == "eligible"
    assert judge("Seniors 60+ or women", gender="female", age=40).status == "eligible"
    assert judge("Seniors 60+ or women", gender="male").status == "maybe"
    assert judge("Seniors 60+ or women", gender="male", age=40).status == "ineligible"


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
        # A band that ends in childhood serves children whatever the need: an adult can only
        # be bringing one.
        ("Ages 2-5.", {"age": 26, "children_ages": (3,), "needs": ("food",)}, "eligible"),
        # Not about children: the client's own age still decides.
        ("Youth, ages 14-24.", {"age": 30, "children_ages": (15,)}, "ineligible"),
        ("Ages 18 and older.", {"age": 26, "children_ages": (3,), "needs": ("childcare",)},
         "eligible"),
        # A teenager asking for herself is judged on her own age; a teenage mother is
        # served through her child.
        ("Youth 12 to 18", {"age": 17, "children_ages": ()}, "eligible"),
        ("Children, ages 3-5.", {"age": 17, "children_ages": (4,)}, "eligible"),
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


def test_asking_for_substance_use_help_does_not_say_which_substance():
    text = "Ages 18 and older. Must be opiate dependent."
    asked = judge(text, age=38, needs=("substance-use",))
    assert (asked.status, asked.open_questions) == ("maybe", 1)
    assert "“opiate dependent” — for opioids; ask which substance the client uses" in english(
        asked.reasons
    )
    assert judge(text, age=38, needs=("food",)).status == "maybe"
    # A group that names no substance is met by asking for that help.
    assert judge("Substance abusers", needs=("substance-use",)).status == "eligible"


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
    # Neither group met: excluded; one not known: a question.
    assert _status(seniors_or_disabled, age=40, disability=False) == "ineligible"
    assert _status(seniors_or_disabled, age=40) == "maybe"


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
    assert _status(text, age=41, disability=False) == "ineligible"
    assert _status(text, age=41) == "maybe"
    assert _status(text, age=41, disability=True) == "eligible"


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


# -- a clause of alternatives: one met settles it ------------------------------------------


@pytest.mark.parametrize(
    ("text", "facts", "status"),
    [
        # One alternative met: eligible whatever the other's facts (disability not asked).
        ("Age 65+ or disabled", {"age": 67}, "eligible"),
        ("Age 65+ or disabled", {"age": 67, "disability": False}, "eligible"),
        ("Age 65+ or disabled", {"age": 40, "disability": True}, "eligible"),
        ("Age 65+ or disabled", {"age": 40}, "maybe"),
        ("Age 65+ or disabled", {"age": 40, "disability": False}, "ineligible"),
        ("seniors 60 and over or adults with disabilities", {"age": 61}, "eligible"),
        ("seniors 60 and over or adults with disabilities", {"age": 30, "disability": True},
         "eligible"),
        ("seniors 60 and over or adults with disabilities", {"age": 30, "disability": False},
         "ineligible"),
        ("veterans or their spouses", {"veteran": True}, "eligible"),
        ("veterans or their spouses", {"veteran": False}, "maybe"),  # a spouse may qualify
        ("low income or over 62", {"age": 70}, "eligible"),
        ("low income or over 62", {"age": 40, "annual_income": 12_000, "household_size": 2},
         "eligible"),
        ("low income or over 62", {"age": 40}, "maybe"),
        # A clause that names others too ("… and their families") excludes no one.
        ("Seniors 60+ and their families", {"age": 40}, "maybe"),
        ("Seniors 60+ or people awaiting surgery", {"age": 40}, "maybe"),
    ],
)  # fmt: skip
def test_one_met_alternative_settles_the_clause(text, facts, status):
    assert judge(text, **facts).status == status


def test_a_clause_of_alternatives_is_one_condition():
    met = judge("Age 65+ or disabled. Baltimore City residents.", age=67)
    assert (met.status, met.met, met.open_questions) == ("maybe", 1, 1)
    unsettled = judge("Age 65+ or disabled", age=40)
    assert (unsettled.met, unsettled.open_questions) == (0, 1)
    assert english(unsettled.reasons)[0] == "“disabled” — not asked about disability"


# -- groups defined by a problem: met only when the request states it ----------------------


@pytest.mark.parametrize(
    ("text", "facts", "status", "reason"),
    [
        ("Must be opiate dependent", {"needs": ("substance-use",), "query": "heroin detox"},
         "eligible", "“opiate dependent” — request says “heroin”"),
        ("Must be opiate dependent", {"needs": ("substance-use",), "query": "fentanyl"},
         "eligible", "request says"),
        ("Must be opiate dependent", {"needs": ("substance-use",), "query": "drinking"},
         "ineligible", "“opiate dependent” — client named alcohol"),
        ("For people addicted to heroin", {"needs": ("substance-use",)}, "maybe",
         "ask which substance"),
        ("Alcoholics", {"needs": ("substance-use",), "query": "heroin"}, "ineligible",
         "“Alcoholics” — client named opioids"),
        ("Alcoholics", {"needs": ("substance-use",), "query": "alcohol"}, "eligible",
         "request says “alcohol”"),
        ("Heroin users", {"needs": ("substance-use",), "query": "drinks and uses cocaine"},
         "ineligible", "client named alcohol, stimulants"),
        ("women with alcohol use disorder", {"gender": "female", "query": "drinking problem"},
         "eligible", "“alcohol use disorder” — request says “drinking”"),
        # "drugs" is any drug but alcohol: a client who names only "drugs" is asked which.
        ("Men recovering from drug addiction", {"gender": "male", "query": "meth"},
         "eligible", "request says “meth”"),
        ("Any IV drug user", {"needs": ("substance-use",), "query": "alcohol"}, "maybe",
         "client named alcohol"),
        ("Opiate addicts", {"needs": ("substance-use",), "query": "drugs"}, "maybe",
         "client named drugs"),
        ("Alcohol or drug dependent adults", {"age": 30, "needs": ("substance-use",)},
         "eligible", "client is seeking substance use help"),
        # A behaviour's addiction is not a substance's: asking about heroin does not state it.
        ("Sex addicts", {"needs": ("substance-use",), "query": "heroin methadone"}, "maybe",
         "ask the agency"),
        ("Addiction to gambling", {"needs": ("substance-use",), "query": "gambling debts"},
         "eligible", "request says “gambling”"),
        ("HIV positive", {"needs": ("health",), "query": "HIV"}, "eligible",
         "“HIV positive” — request says “HIV”"),
        ("HIV positive", {"needs": ("health",)}, "maybe", "ask the agency"),
        ("diagnosed with serious mental illness", {"needs": ("mental-health",)}, "maybe",
         "not asked about disability"),
        ("diagnosed with serious mental illness", {"query": "schizophrenia"}, "eligible",
         "request says “schizophrenia”"),
        ("survivors of domestic violence", {"needs": ("shelter",)}, "maybe", "ask the agency"),
        ("survivors of domestic violence", {"needs": ("shelter",),
                                            "query": "fleeing domestic violence"},
         "eligible", "request says “domestic violence”"),
    ],
)  # fmt: skip
def test_a_problem_defined_group_is_met_only_when_the_request_states_it(
    text, facts, status, reason
):
    found = judge(text, **facts)
    assert found.status == status, english(found.reasons)
    assert any(reason in said for said in english(found.reasons)), english(found.reasons)


def test_a_clearly_excluded_substance_programme_is_never_eligible():
    for text, query in [
        ("Alcoholics", "heroin"),
        ("Alcoholics", "crack cocaine"),
        ("Alcoholics only", "meth and fentanyl"),
        ("Heroin users", "drinking, cocaine"),
        ("Heroin users", "alcohol"),
    ]:
        found = judge(text, needs=("substance-use",), query=query)
        assert found.status == "ineligible", (text, query)


# -- children's age bands, in every source's wording ---------------------------------------


@pytest.mark.parametrize(
    ("text", "facts", "status", "reason"),
    [
        ("Children ages 2–5", {"age": 22, "children_ages": (3,)}, "eligible",
         "client's children are 3"),
        ("Children ages 2–5", {"age": 22, "children_ages": (0,)}, "ineligible",
         "client's children are 0"),
        ("Children ages 2 and up", {"age": 22, "children_ages": (0,)}, "ineligible",
         "client's children are 0"),
        ("Children ages 2 and up", {"age": 22}, "maybe", "ages of the client's children"),
        ("child under 19", {"age": 34}, "maybe", "ages of the client's children not given"),
        ("child under 19", {"age": 34, "children_ages": (10,)}, "eligible", "children are 10"),
        ("child under 19", {"age": 34, "children_ages": ()}, "ineligible", "no children"),
        ("for families with children under 6", {"age": 34, "children_ages": (3, 9)},
         "eligible", "children aged 3, 9"),
        ("for families with children under 6", {"age": 34, "children_ages": (9,)},
         "ineligible", "children are 9"),
        ("kids 5-12", {"age": 40, "children_ages": (7,)}, "eligible", "children are 7"),
        ("kids 5-12", {"age": 40, "children_ages": ()}, "ineligible", "no children"),
        ("youth 12 to 18 (parents may call)", {"age": 45, "children_ages": (15,)}, "eligible",
         "children are 15"),
        ("youth 12 to 18 (parents may call)", {"age": 16}, "eligible", "client is 16"),
        ("youth 12 to 18 (parents may call)", {"age": 45}, "maybe", "children not given"),
        ("infants and toddlers", {"age": 30, "children_ages": (1,)}, "eligible",
         "children are 1"),
        ("infants and toddlers", {"age": 30, "children_ages": (9,)}, "maybe", "children are 9"),
    ],
)  # fmt: skip
def test_a_childrens_age_band_is_judged_against_the_children(text, facts, status, reason):
    found = judge(text, **facts)
    assert found.status == status, english(found.reasons)
    assert any(reason in said for said in english(found.reasons)), english(found.reasons)
    assert not any(f"client is {facts['age']}" in said for said in english(found.reasons)) or (
        facts["age"] < 19
    )


# -- conditions met by the facts entered count for the service -----------------------------


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("People experiencing homelessness", {"housing_status": "homeless"}),
        ("Families at risk of eviction", {"housing_status": "at_risk"}),
        ("Households with children under 18", {"children_ages": (4,)}),
        ("Pregnant women", {"pregnant": True}),
        ("Postpartum women", {"children_ages": (0,)}),
        ("Adults with disabilities", {"age": 40, "disability": True}),
        ("Veterans only", {"veteran": True}),
    ],
)
def test_a_condition_met_by_an_entered_fact_counts_for_the_service(text, facts):
    found = judge(text, **facts)
    assert found.status == "eligible" and found.open_questions == 0
    assert found.met >= 1
    assert found.reasons and "no eligibility requirements" not in english(found.reasons)[0]


def test_statements_that_restrict_no_one_meet_nothing():
    assert judge("").met == 0
    assert judge("No requirements").met == 0
    assert judge("Bring photo ID").met == 0
    assert judge("Open to adults, primarily ex-offenders", age=34).met == 1  # the age alone


# -- a source's tags of whom a service is for ------------------------------------------------


def test_tags_are_alternatives_within_their_kind_and_questions_when_failed():
    from resource_directory.eligibility import tagged_rules

    from .conftest import RuleView

    tags = ["Youth (6-12)", "Teens (13-19)", "Women/Girls", "Health Conditions"]
    rules = [RuleView(r.kind, r.values, r.confidence, r.text) for r in tagged_rules(tags, 0.5)]
    assert sorted(r.kind for r in rules) == ["age", "age", "gender"]
    girl = evaluate_rules(rules, Client(age=15, gender="female"))
    assert (girl.status, girl.met) == ("eligible", 2)
    # A 40-year-old woman: no tag of her age; tags are not rules the agency wrote: ask.
    assert evaluate_rules(rules, Client(age=40, gender="female")).status == "maybe"
    assert evaluate_rules(rules, Client(age=15, gender="male")).status == "maybe"
