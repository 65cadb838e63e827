"""Situation fit: services made for the client's situation."""

from dataclasses import dataclass

import pytest

from resource_directory.eligibility.situation import (
    TEXT_ONLY,
    client_situations,
    rule_situations,
    ruled_out,
    situation_fit,
    situation_score,
)

from .conftest import english


@dataclass
class Client:
    age: int | None = None
    veteran: bool | None = None
    pregnant: bool | None = None
    disability: bool | None = None
    housing_status: str | None = None
    gender: str | None = None
    children_ages: tuple[int, ...] | None = None


def test_a_rule_singling_out_the_situation_scores_highest():
    score, reasons = situation_fit(
        Client(veteran=True), ["Housing Program"], [("veteran", {"veteran": True})]
    )
    assert (score, english(reasons)) == (1.0, ["serves veterans"])


def test_the_listings_words_alone_score_less():
    score, reasons = situation_fit(
        Client(housing_status="at_risk"), ["Eviction Prevention", "Helps tenants facing eviction"]
    )
    assert (score, english(reasons)) == (TEXT_ONLY, ["helps people about to lose their home"])


def test_serving_more_of_the_clients_situations_fits_better():
    teen = Client(age=17, pregnant=True)
    youth, _ = situation_fit(teen, ["Drop-in centre for teens"])
    both, reasons = situation_fit(teen, ["Prenatal care for pregnant teens"])
    assert youth == TEXT_ONLY
    assert youth < both < 1.0
    assert english(reasons) == ["serves pregnant women", "serves young people"]


@pytest.mark.parametrize(
    ("client", "texts", "rules"),
    [
        (Client(age=70), ["Accessibility Modifications"], [("age", {"min": 60})]),
        (Client(pregnant=True), ["Baltimore City Health Dept., WIC"], []),
        (Client(disability=True), ["Delivers groceries to the homebound"], []),
        (Client(housing_status="homeless"), ["Shelter"], [("housing_status", {"homeless": True})]),
        (Client(children_ages=(4, 8)), ["Shelter for mothers and their children"], []),
        (Client(age=19), ["Drop-in center"], [("age", {"min": 14, "max": 24})]),
    ],
)
def test_each_situation_is_recognised(client, texts, rules):
    assert situation_fit(client, texts, rules)[0] > 0


@pytest.mark.parametrize(
    ("client", "texts", "rules"),
    [
        # Nothing stated about the client: no service is lifted.
        (Client(), ["Veterans Housing Program"], [("veteran", {"veteran": True})]),
        # Not a veteran, not a senior: veterans' and seniors' services are not lifted.
        (Client(veteran=False, age=40), ["Veterans and seniors"], [("age", {"min": 60})]),
        # An adults' service is not a youth service.
        (Client(age=19), ["Job training"], [("age", {"min": 18})]),
        (Client(children_ages=()), ["Families with children"], [("household", {"children": True})]),
    ],
)
def test_situations_the_client_does_not_have_score_nothing(client, texts, rules):
    assert situation_fit(client, texts, rules) == (0.0, [])


@pytest.mark.parametrize(
    ("client", "said"),
    [
        (Client(age=34), [
            "made for seniors — client is 34", "made for young people — client is 34",
        ]),
        # Between the two: not clearly no senior, but clearly no longer young.
        (Client(age=55), ["made for young people — client is 55"]),
        (Client(veteran=False), ["made for veterans — client is not a veteran"]),
        (Client(gender="male"), ["made for pregnant women — client is a man"]),
        # A mother of an infant is often served by pregnancy centres and WIC; not by a
        # service for older children.
        (Client(gender="female", pregnant=False, children_ages=(1,)), [
            "made for children of other ages — client's children are 1",
        ]),
        (Client(pregnant=False, children_ages=()), [
            "made for pregnant women — client is not pregnant",
            "made for families with children — client has no children",
        ]),
        (Client(housing_status="housed"), ["made for people without a home — client is housed"]),
        (Client(), []),  # nothing said rules nothing out
        # A parent may seek a youth service for a child.
        (Client(age=45, children_ages=(15,)), [
            "made for seniors — client is 45",
            "made for children of other ages — client's children are 15",
        ]),
    ],
)  # fmt: skip
def test_groups_the_clients_own_facts_rule_out(client, said):
    assert [english(reason) for _, reason in ruled_out(client)] == said


# -- services for children serve a parent through the children's ages ----------------------

DAY_CARE = (["Little Steps Day Care"], [("age", {"min": 2, "max": 5})])


def test_a_service_for_children_does_not_serve_a_young_parent_as_young_people():
    """A day care for ages 2-5 is not "for young people" to a 22-year-old mother."""
    score, said = situation_fit(Client(age=22, children_ages=(0,)), *DAY_CARE)
    assert (score, said) == (0.0, [])
    score, said = situation_fit(Client(age=22), *DAY_CARE)
    assert (score, said) == (0.0, [])


@pytest.mark.parametrize(
    ("children", "served"),
    [((3,), True), ((0, 4), True), ((0,), False), ((7, 9), False), ((), False), (None, False)],
)
def test_a_service_for_children_serves_a_parent_whose_child_is_of_its_ages(children, served):
    score, said = situation_fit(Client(age=31, children_ages=children), *DAY_CARE)
    assert (score > 0) == served
    assert (english(said) == ["serves children of the ages of the client's"]) == served


def test_a_band_for_teenagers_and_young_adults_still_serves_young_people():
    _, said = situation_fit(Client(age=19), ["Drop-in"], [("age", {"min": 16, "max": 24})])
    assert english(said) == ["serves young people"]
    # A teenager's band serves a teenager, and a parent through a teenage child.
    _, said = situation_fit(Client(age=16), ["Teen club"], [("age", {"min": 13, "max": 17})])
    assert english(said) == ["serves young people"]
    _, said = situation_fit(
        Client(age=44, children_ages=(15,)), ["Club"], [("age", {"min": 13, "max": 17})]
    )
    assert english(said) == ["serves children of the ages of the client's"]


def test_the_categories_age_groups_for_children_are_no_youth_service():
    """The index reads "Children" (2-12) from a listing's categories as an age band."""
    bits = rule_situations([("age", {"min": 2, "max": 12})])
    young_mother = client_situations(Client(age=22, children_ages=(0,)))
    assert situation_score(young_mother, bits, 0) == 0
    assert situation_score(client_situations(Client(age=30, children_ages=(8,))), bits, 0) == 1
