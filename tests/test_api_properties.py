"""Requests of every shape: the match API answers 200 or a 4xx with a JSON error, and the
search form 200 or a 4xx page — never a 5xx — on SQLite and on PostgreSQL.

Bodies mix the fields a request may hold, with values of the right type and of every other
(text with NUL or lone surrogates, huge and fractional numbers, dates at the ends of the
calendar, nesting), unknown fields, and raw bytes that are not JSON at all.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from resource_directory.taxonomy import NEED_SLUGS

#: One app and directory serve every example of a test (nothing a match does is kept).
PROPERTY_SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

_TEXT = st.text(
    st.characters(codec=None, categories=None), max_size=60
)  # surrogates and NUL included
#: Text a form can carry (a browser cannot send half a surrogate pair).
_FORM_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
_NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0, 1, 59.9, 60.0, -1, 2**63, 10**400]),
)
_SCALARS = st.one_of(st.none(), st.booleans(), _NUMBERS, _TEXT)
_ANY_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)),
    max_leaves=12,
)
_OFFSETS = st.one_of(
    st.none(), st.builds(timezone, st.timedeltas(timedelta(hours=-23), timedelta(hours=23)))
)


def _moments(first: datetime, last: datetime):
    return st.datetimes(min_value=first, max_value=last, timezones=_OFFSETS)


#: Any moment, and often one within weeks of either end of the calendar (open-now looks
#: ahead and converts between time zones from there).
_MOMENTS = st.one_of(
    _moments(datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59)),
    _moments(datetime(1, 1, 1), datetime(1, 3, 1)),
    _moments(datetime(9999, 11, 1), datetime(9999, 12, 31, 23, 59)),
    _moments(datetime(2026, 1, 1), datetime(2027, 1, 1)),
)
_NEEDS = st.lists(st.one_of(st.sampled_from(NEED_SLUGS), _TEXT), max_size=16)
_NUMBER_TEXT = st.one_of(_NUMBERS.map(str), st.sampled_from(["59.9", " 60 ", "1e999999999", "NaN"]))

_SMALL_INTS = st.integers(-5, 130)
_SMALL_REALS = st.floats(-10, 200_000, allow_nan=False)

#: For each field: values a client might send (mostly good, or near the edges), then
#: values of other kinds the field must refuse by name.
_FIELD_VALUES = {
    "zip": (st.sampled_from(["21218", "21217", "00000", "2121", " 21218-1234 "]), _TEXT),
    "address": (
        st.sampled_from(["100 Test St, Baltimore, MD 21218", "Baltimore, MD"]),
        st.one_of(_TEXT, _FORM_TEXT),
    ),
    "where": (st.sampled_from(["21218", "Baltimore, MD", ""]), _TEXT),
    "lat": (st.floats(39.0, 39.6), st.one_of(st.floats(-100, 100), _NUMBER_TEXT)),
    "lon": (st.floats(-76.9, -76.3), st.one_of(st.floats(-200, 200), _NUMBER_TEXT)),
    "needs": (st.lists(st.sampled_from(NEED_SLUGS), min_size=1, max_size=4), _NEEDS),
    "query": (st.sampled_from(["food pantry", "rent help", "bed tonight"]), _TEXT),
    "age": (_SMALL_INTS, st.one_of(_NUMBERS, _NUMBER_TEXT)),
    "household_size": (st.integers(0, 12), st.one_of(_NUMBERS, _NUMBER_TEXT)),
    "annual_income": (_SMALL_REALS, st.one_of(_NUMBERS, _NUMBER_TEXT)),
    "children_ages": (
        st.lists(st.integers(0, 18), max_size=5),
        st.lists(st.one_of(_NUMBERS, _NUMBER_TEXT), max_size=25),
    ),
    "veteran": (st.one_of(st.none(), st.booleans()), _TEXT),
    "disability": (st.booleans(), _TEXT),
    "pregnant": (st.booleans(), _NUMBERS),
    "housing_status": (st.sampled_from(["homeless", "at_risk", "housed"]), _TEXT),
    "gender": (st.sampled_from(["female", "male", "non-binary"]), _TEXT),
    "language": (st.sampled_from(["es", "en", "ase", "zz"]), _TEXT),
    "radius_km": (st.floats(0.1, 500), st.one_of(_NUMBERS, _NUMBER_TEXT)),
    "limit": (st.integers(1, 200), st.one_of(_NUMBERS, _NUMBER_TEXT)),
    "at": (_MOMENTS.map(datetime.isoformat), _TEXT),
    "include_ineligible": (st.booleans(), _TEXT),
}
_WHERE = st.sampled_from(
    [{"zip": "21218"}, {"where": "21217"}, {"lat": 39.3265, "lon": -76.6048},
     {"address": "100 Test St, Baltimore, MD 21218"}]
)  # fmt: skip


@st.composite
def match_bodies(draw):
    """A JSON value: mostly a good request (a place and a need) with a few fields set to
    values of their own kind or of any kind, and perhaps unknown fields; sometimes any
    JSON at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(_ANY_JSON)
    body = {**draw(_WHERE), "needs": draw(_FIELD_VALUES["needs"][0])}
    for name in sorted(draw(st.sets(st.sampled_from(sorted(_FIELD_VALUES)), max_size=6))):
        usual, odd = _FIELD_VALUES[name]
        body[name] = draw(st.one_of(usual, usual, usual, odd, _ANY_JSON))
    if draw(st.integers(0, 4)) == 0:
        body.update(draw(st.dictionaries(_TEXT, _ANY_JSON, max_size=2)))
    return body


def _raw_bodies():
    nested = st.integers(1, 3000).map(lambda depth: "[" * depth + "]" * depth)
    return st.one_of(
        st.binary(max_size=200),
        nested,
        nested.map(lambda inner: f'{{"zip": "21218", "needs": {inner}}}'),
        st.integers(60_000, 70_000).map(lambda size: json.dumps({"query": "x" * size})),
    )


def _assert_answered(response):
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    body = response.get_json()
    # --hypothesis-show-statistics shows how the examples were answered.
    event(f"{response.status_code} {body.get('code') if isinstance(body, dict) else ''}")
    if response.status_code >= 400:
        assert set(body) == {"code", "message", "errors"}, body
        assert isinstance(body["message"], str) and body["message"]
    else:
        assert "results" in body


@PROPERTY_SETTINGS
@given(body=match_bodies())
def test_any_match_body_is_answered_or_refused_as_json(client, small_directory, body):
    _assert_answered(client.post("/api/match", json=body))


@settings(PROPERTY_SETTINGS, max_examples=40)
@given(raw=_raw_bodies())
def test_any_raw_body_is_answered_or_refused_as_json(client, small_directory, raw):
    _assert_answered(client.post("/api/match", data=raw, content_type="application/json"))


_FORM_FIELDS = (
    "where", "needs", "query", "age", "household_size", "annual_income", "radius_km",
    "language", "gender", "at", "housing_status", "veteran", "disability", "pregnant",
    "include_ineligible", "children_ages", "something_else",
)  # fmt: skip
_FORM_VALUES = st.one_of(
    _FORM_TEXT,
    _NUMBER_TEXT,
    st.sampled_from([*NEED_SLUGS, "yes", "no", "on", "21218", "2026-11-24T10:30"]),
    _MOMENTS.map(datetime.isoformat),
)


@settings(PROPERTY_SETTINGS, max_examples=80)
@given(
    form=st.dictionaries(
        st.sampled_from(_FORM_FIELDS), st.lists(_FORM_VALUES, min_size=1, max_size=14)
    )
)
def test_any_search_form_post_is_answered_or_refused(client, small_directory, form):
    response = client.post("/search", data=form)
    assert response.status_code in (200, 400), response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
