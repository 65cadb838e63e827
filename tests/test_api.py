"""POST /api/match: the match --json contract, and 400s that name each bad field."""

import pytest

RESULT_KEYS = {
    "service_id", "source", "external_id", "name", "organization", "address", "lat", "lon",
    "distance_km", "score", "needs", "eligibility", "reasons", "reason_codes", "open_now",
}  # fmt: skip


def test_match_returns_the_contract(client, small_directory):
    response = client.post(
        "/api/match",
        json={"zip": "21218", "needs": ["food"], "age": 67, "at": "2026-11-24T10:30:00"},
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["client"] == {"lat": 39.3265, "lon": -76.6048, "precision": "zip"}
    assert [r["name"] for r in body["results"]] == [
        "Senior Grocery Delivery",
        "Weekly Food Pantry",
    ]
    first = body["results"][0]
    assert RESULT_KEYS <= set(first)
    assert (first["source"], first["external_id"], first["eligibility"]) == (
        "test",
        "t-S2",
        "eligible",
    )
    assert first["needs"] == ["food", "transportation"]
    assert "“Seniors 60+” — client is 67" in first["reasons"]


def test_reason_codes_stand_beside_the_reasons(client, small_directory):
    body = client.post(
        "/api/match",
        json={"zip": "21218", "needs": ["food"], "age": 67, "at": "2026-11-24T10:30:00"},
    ).get_json()
    for result in body["results"]:
        assert len(result["reason_codes"]) == len(result["reasons"])
        assert all(isinstance(code, str) and "." in code for code in result["reason_codes"])
    first = body["results"][0]
    said = dict(zip(first["reason_codes"], first["reasons"], strict=True))
    assert said["eligibility.age.client_is"] == "“Seniors 60+” — client is 67"
    assert said["need.also_offers"] == "also offers transportation"
    assert said["open.until"] == "open now, until noon"


def test_match_by_address_and_by_point(client, small_directory):
    by_address = client.post(
        "/api/match", json={"address": "100 Test St, Baltimore, MD 21218", "needs": ["food"]}
    ).get_json()
    assert by_address["client"]["precision"] == "zip"
    by_point = client.post(
        "/api/match",
        json={"lat": 39.3265, "lon": -76.6048, "needs": ["food"], "limit": 1, "radius_km": 2},
    ).get_json()
    assert by_point["client"]["precision"] == "point"
    assert len(by_point["results"]) == 1


@pytest.mark.parametrize(
    ("body", "field", "text"),
    [
        ({"needs": ["food"]}, "address", "give an address, a zip, or lat and lon"),
        ({"zip": "21218"}, "needs", "choose at least one need"),
        ({"zip": "21218", "needs": ["dental"]}, "needs", "valid needs are: food"),
        ({"zip": "2121", "needs": ["food"]}, "zip", "5-digit"),
        ({"zip": "00000", "needs": ["food"]}, "zip", "not in the ZIP table"),
        ({"lat": 39.3, "needs": ["food"]}, "lon", "give both lat and lon"),
        ({"lat": 95, "lon": 0, "needs": ["food"]}, "lat", "less than or equal to 90"),
        ({"zip": "21218", "needs": ["food"], "age": "old"}, "age", "Not a valid integer"),
        ({"zip": "21218", "needs": ["food"], "age": -3}, "age", "greater than or equal to 0"),
        ({"zip": "21218", "needs": "food"}, "needs", "Not a valid list"),
        ({"zip": "21218", "needs": ["food"], "colour": "red"}, "colour", "Unknown field"),
        ({"zip": "21218", "needs": ["food"], "at": "yesterday"}, "at", "Not a valid datetime"),
        ({"address": "nowhere at all", "needs": ["food"]}, "address", "could not locate"),
    ],
)
def test_bad_requests_get_400_naming_the_field(client, body, field, text):
    response = client.post("/api/match", json=body)
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert field in errors, errors
    assert text in " ".join(errors[field])


def test_several_bad_fields_are_all_reported(client):
    response = client.post("/api/match", json={"age": "x", "household_size": 0})
    assert response.status_code == 400
    assert {"age", "household_size", "address", "needs"} <= set(response.get_json()["errors"])


def test_body_must_be_a_json_object(client):
    assert client.post("/api/match", data="zip=21218").status_code == 400
    response = client.post("/api/match", json=["food"])
    assert response.status_code == 400
    assert response.get_json()["errors"] == {"_body": ["expected a JSON object."]}


def test_needs_vocabulary(client):
    slugs = [n["slug"] for n in client.get("/api/needs").get_json()]
    assert slugs[:3] == ["food", "housing", "shelter"] and len(slugs) == 12


def test_situation_fields_are_validated_and_used(client, small_directory):
    bad = client.post(
        "/api/match",
        json={
            "zip": "21218",
            "needs": ["shelter"],
            "housing_status": "couch",
            "children_ages": [40],
        },
    )
    assert bad.status_code == 400
    assert {"housing_status", "children_ages.0"} <= set(bad.get_json()["errors"])
    body = client.post(
        "/api/match",
        json={"zip": "21217", "needs": ["shelter"], "age": 30, "gender": "female",
              "children_ages": [3], "housing_status": "homeless", "include_ineligible": True},
    ).get_json()  # fmt: skip
    by_name = {r["name"]: r for r in body["results"]}
    assert by_name["Youth Emergency Beds"]["eligibility"] == "ineligible"
    assert by_name["Confidential Shelter"]["eligibility"] != "ineligible"


def _assert_json_error(response, status, code):
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"code", "message", "errors"}
    assert body["code"] == code and body["message"]
    return body


def test_every_api_error_is_json(client):
    _assert_json_error(client.get("/api/nowhere"), 404, "not_found")
    wrong_method = client.get("/api/match")
    body = _assert_json_error(wrong_method, 405, "method_not_allowed")
    assert body["message"] == "GET is not allowed here; use POST."
    assert "POST" in wrong_method.headers["Allow"]
    _assert_json_error(client.post("/api/match", json={"needs": []}), 400, "invalid_input")
    body = _assert_json_error(
        client.post("/api/match", json={"zip": "21218", "needs": ["dental"]}), 400, "unknown_need"
    )
    assert "valid needs are" in body["errors"]["needs"][0]


def test_an_unexpected_failure_is_still_json(database_url, tmp_path, monkeypatch):
    from resource_directory.app import create_app
    from resource_directory.web import api

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(api, "match_services", broken)
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "x"}, instance_path=str(tmp_path))
    response = app.test_client().post("/api/match", json={"zip": "21218", "needs": ["food"]})
    body = _assert_json_error(response, 500, "internal_server_error")
    assert "a bug" not in body["message"]


def test_json_nested_a_thousand_levels_deep_is_a_400(client):
    for nested in ("[" * 5000 + "]" * 5000, '{"needs": ' + "[" * 5000 + "]" * 5000 + "}"):
        response = client.post("/api/match", data=nested, content_type="application/json")
        body = _assert_json_error(response, 400, "invalid_input")
        assert body["errors"]["_body"] == ["not valid JSON: the JSON is nested too deeply."]


def test_a_body_that_is_not_json_says_so(client):
    response = client.post("/api/match", data=b"\xff{", content_type="application/json")
    assert "not valid JSON" in _assert_json_error(response, 400, "invalid_input")["message"]
    response = client.post("/api/match", data='{"zip": "21218",', content_type="application/json")
    assert "not valid JSON" in _assert_json_error(response, 400, "invalid_input")["message"]


@pytest.mark.parametrize("age", [59.9, "59.9"])
def test_a_fractional_age_is_refused_as_number_or_text(client, age):
    response = client.post("/api/match", json={"zip": "21218", "needs": ["food"], "age": age})
    body = _assert_json_error(response, 400, "invalid_input")
    assert body["errors"] == {"age": ["must be a whole number."]}


@pytest.mark.parametrize("age", [60, 60.0, "60", " 60 "])
def test_a_whole_age_is_taken_as_number_or_text(client, small_directory, age):
    response = client.post("/api/match", json={"zip": "21218", "needs": ["food"], "age": age})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "at", ["9999-12-31T23:00:00", "0001-01-01T00:30:00", "0001-01-01T00:00:00+14:00"]
)
def test_an_at_near_the_ends_of_the_calendar_is_a_400(client, small_directory, at):
    response = client.post("/api/match", json={"zip": "21218", "needs": ["food"], "at": at})
    body = _assert_json_error(response, 400, "invalid_input")
    assert body["errors"] == {"at": ["must be between the years 1900 and 2999."]}


def test_the_last_and_first_years_allowed_are_answered(client, small_directory):
    for at in ("2999-12-31T23:59:00-12:00", "1900-01-01T00:00:00+14:00"):
        response = client.post("/api/match", json={"zip": "21218", "needs": ["food"], "at": at})
        assert response.status_code == 200, response.get_json()


def test_needs_are_bounded_by_the_vocabulary(client):
    body = _assert_json_error(
        client.post("/api/match", json={"zip": "21218", "needs": ["food"] * 13}),
        400,
        "invalid_input",
    )
    assert body["errors"] == {"needs": ["at most 12 needs (one of each)."]}


def test_unknown_needs_are_quoted_a_few_at_a_time():
    from resource_directory.errors import UnknownNeed

    message = UnknownNeed([f"made-up-{i}" for i in range(3_000_000)], ["food"]).fields["needs"][0]
    assert message.startswith("unknown need 'made-up-0', 'made-up-1', ")
    assert "and 2999995 more" in message
    assert len(message) < 200
    long = UnknownNeed(["x" * 100_000], ["food"]).fields["needs"][0]
    assert len(long) < 100 and "x…'" in long


@pytest.mark.parametrize("text", ["a\x00b", "\ud800"])
@pytest.mark.parametrize("field", ["address", "query", "gender"])
def test_text_no_database_can_store_is_refused_by_name(client, field, text):
    body = {"zip": "21218", "needs": ["food"], field: text}
    errors = _assert_json_error(client.post("/api/match", json=body), 400, "invalid_input")
    assert errors["errors"][field][0].startswith("contains a")


def test_needs_that_are_all_blank_are_no_needs(client):
    body = _assert_json_error(
        client.post("/api/match", json={"zip": "21218", "needs": [" ", ""]}), 400, "invalid_input"
    )
    assert body["errors"]["needs"][0].startswith("choose at least one need")
