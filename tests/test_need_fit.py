"""Need fit that generalises: the need model, typed words' relevance and intent, and
indirect listings."""

from __future__ import annotations

import numpy as np
import pytest

from resource_directory.geo import Geocoder, locate
from resource_directory.matching import ClientProfile
from resource_directory.matching.index import words
from resource_directory.matching.kinds import indirect_kind
from resource_directory.matching.need_model import NEED_COLUMNS, NeedModel
from resource_directory.operations import Context, import_listings
from resource_directory.taxonomy import intake_needs

from .conftest import ADMIN, english, rank, write_flat

MODEL = NeedModel.shipped()


def chance(text: str, need: str) -> float:
    return float(MODEL.probabilities(MODEL.rows(words(text)))[NEED_COLUMNS[need]])


@pytest.mark.parametrize(
    ("text", "need", "other"),
    [
        # What a service does, whatever it was filed under.
        ("Hospice care and bereavement support for the terminally ill", "health", "childcare"),
        ("Emergency food pantry: groceries every Tuesday", "food", "housing"),
        ("Code Blue emergency shelter beds for men", "shelter", "food"),
        ("GED classes and adult literacy", "education", "shelter"),
        ("Job training and resume help", "employment", "food"),
        ("Free legal representation for tenants facing eviction", "legal", "food"),
    ],
)
def test_the_need_model_reads_what_a_service_does(text, need, other):
    assert chance(text, need) >= 0.5
    assert chance(text, need) > chance(text, other)


def test_the_batch_reads_as_each_text_alone():
    texts = ["Soup kitchen hot meals", "Outpatient counseling and therapy", ""]
    rows = [MODEL.rows(words(t)) for t in texts]
    word_rows = np.array([r for each in rows for r in each], dtype=np.int64)
    owners = np.array([i for i, each in enumerate(rows) for _ in each], dtype=np.int64)
    together = MODEL.batch(word_rows, owners, len(texts))
    for i, each in enumerate(rows):
        assert together[i] == pytest.approx(MODEL.probabilities(each), abs=1e-5)


@pytest.mark.parametrize(
    ("text", "needs"),
    [
        ("eviction notice", {"housing", "legal"}),
        ("utility shut-off", {"financial-aid", "housing"}),
        ("shutoff", {"financial-aid", "housing"}),
        ("detox", {"substance-use"}),
        ("GED", {"education"}),
        ("protective order", {"legal"}),
        ("prenatal care", {"health"}),
        ("grief group", {"mental-health"}),
        ("a warm coat", set()),
    ],
)
def test_intake_words_imply_needs(text, needs):
    assert set(intake_needs(text)) == needs


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Information and Referral Line", "referral"),
        ("Senior Helpline", "referral"),
        ("Food Bank Volunteer Program", "volunteer"),
        ("Clothing Donations", "donation"),
        ("Department of Aging, Administrative Office", "administrative"),
        ("Community Foundation Grants", "funding"),
        ("Suicide Crisis Hotline", None),  # direct help for a crisis
        ("Weekly Food Pantry", None),
        ("Volunteer Income Tax Assistance", None),  # free tax preparation for clients
    ],
)
def test_indirect_listings_are_told_by_their_names(name, kind):
    assert indirect_kind(name) == kind


def client(needs=(), **facts):
    facts.setdefault("radius_km", 5)
    return ClientProfile(location=locate(None, Geocoder(), zip_code="21218"), needs=needs, **facts)


def test_any_query_word_may_match_and_more_matched_words_rank_higher(session, tmp_path):
    path = write_flat(
        tmp_path / "q.csv",
        [
            {"service": "Utility Assistance", "description": "Help paying gas and electric bills"},
            {"service": "Utility Shut-off Prevention", "description": "Stops a shut-off notice"},
            {"service": "Weekly Food Pantry", "description": "Groceries every week"},
        ],
    )
    import_listings(ADMIN, Context(session), path, source="test")
    found = [r.name for r in rank(session, client(query="utility shut-off")).results]
    assert found[0] == "Utility Shut-off Prevention"
    assert "Utility Assistance" in found  # "utility" alone finds it
    assert "Weekly Food Pantry" not in found


def test_a_direct_provider_ranks_above_a_helpline_for_the_same_need(session, tmp_path):
    path = write_flat(
        tmp_path / "d.csv",
        [
            {"service": "Food Helpline", "description": "Call for food pantries", "needs": "food"},
            {"service": "Food Pantry", "description": "Groceries for families", "needs": "food"},
        ],
    )
    import_listings(ADMIN, Context(session), path, source="test")
    results = rank(session, client(("food",))).results
    assert [r.name for r in results] == ["Food Pantry", "Food Helpline"]
    assert "an information and referral line: it points to other services" in english(
        results[1].reasons
    )


def test_a_service_filed_under_another_need_is_found_by_its_words(session, tmp_path):
    """An agency filed its pantry only under financial aid: its words say food."""
    path = write_flat(
        tmp_path / "w.csv",
        [
            {
                "service": "Emergency Food Pantry",
                "description": "Free groceries and hot meals for families in need",
                "needs": "financial-aid",
            }
        ],
    )
    import_listings(ADMIN, Context(session), path, source="test")
    (result,) = rank(session, client(("food",))).results
    assert "food" in result.needs
    assert "offers food" in english(result.reasons)


def test_a_service_made_for_a_situation_nobody_asked_about_is_not_lifted(session, tmp_path):
    """A 67-year-old asking for food: meals for the homebound are not lifted by her age
    unless she cannot get out; a pantry open to all comes first."""
    path = write_flat(
        tmp_path / "h.csv",
        [
            {"service": "Meals for Homebound Seniors", "needs": "food",
             "description": "Meals delivered to older adults who cannot leave home",
             "eligibility": "Seniors 60+"},
            {"service": "Community Food Pantry", "needs": "food",
             "description": "Groceries for anyone in need"},
        ],
    )  # fmt: skip
    import_listings(ADMIN, Context(session), path, source="test")
    asked = [r.name for r in rank(session, client(("food",), age=67)).results]
    assert asked == ["Community Food Pantry", "Meals for Homebound Seniors"]
    homebound = rank(session, client(("food",), age=67, disability=True)).results
    assert homebound[0].name == "Meals for Homebound Seniors"
