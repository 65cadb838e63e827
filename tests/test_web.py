"""Coordinator pages: the search form, explained results, escaping, service details."""

import html

from sqlalchemy import select

from resource_directory.app import create_app
from resource_directory.models import Service


def search(client, **form):
    data = {"where": "21218", "needs": ["food"], "at": "2026-11-24T10:30", **form}
    return client.post("/search", data=data)


def test_search_form_renders_without_javascript(client):
    page = client.get("/").get_data(as_text=True)
    assert '<form method="post" action="/search"' in page
    assert 'name="needs" value="mental-health"' in page
    assert "<script" not in page  # the whole page works without JavaScript
    assert "https://" not in page.split("<body>")[0]  # nothing from a CDN


def test_search_lists_ranked_explained_results(client, small_directory):
    response = search(client, age="67", language="es")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 services found" in page
    # Both fit and are open; the delivery is made for seniors (the client is 67), the
    # pantry serves in Spanish: each result says so.
    assert page.index("Senior Grocery Delivery") < page.index("Weekly Food Pantry")
    assert "serves seniors" in page
    assert "open now, until 5 pm" in page
    assert html.escape("“Seniors 60+” — client is 67") in page or "client is 67" in page
    assert "Likely eligible" in page
    assert "(410) 555-0102" in page and "Tuesdays 10:00–12:00" in page
    assert "100 Test St, Baltimore, MD 21218" in page
    assert "services in Spanish" in page
    assert "the centre of ZIP 21218" in page
    assert 'value="67"' in page  # the form keeps what was typed


def test_client_facts_stay_out_of_urls(client, small_directory):
    page = search(client, age="67").get_data(as_text=True)
    assert "age=67" not in page
    assert 'method="post"' in page


def test_listing_text_is_escaped(client, small_directory):
    page = search(client, needs=["mental-health"], radius_km="40").get_data(as_text=True)
    assert "Sliding-Scale Counseling" in page
    service_id = page.split('href="/services/')[1].split('"')[0]
    detail = client.get(f"/services/{service_id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Talk therapy" in detail
    assert "<script>alert" not in detail


def test_service_detail_page(client, session, small_directory):
    service = session.scalar(select(Service).where(Service.external_id == "t-S2"))
    page = client.get(f"/services/{service.id}").get_data(as_text=True)
    assert "Senior Grocery Delivery" in page and "Test Harbor Pantry" in page
    assert "Seniors 60+" in page and "Ages 60+" in page
    assert "(410) 555-0102" in page and "Wheelchair accessible" in page
    assert "2026-09-15" in page
    assert client.get("/services/no-such-id").status_code == 404


def test_confidential_address_never_rendered(client, session, small_directory):
    service = session.scalar(select(Service).where(Service.external_id == "t-S5"))
    page = client.get(f"/services/{service.id}").get_data(as_text=True)
    assert "Confidential location — call for address" in page
    assert "999 Secret Ln" not in page
    results = search(client, needs=["shelter"], where="21217").get_data(as_text=True)
    assert "999 Secret Ln" not in results


def test_invalid_search_shows_errors_next_to_fields(client):
    response = client.post("/search", data={"where": "", "age": "abc"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "give an address, a zip, or lat and lon." in page
    assert "Not a valid integer." in page
    assert "choose at least one need" in page
    bad_zip = client.post("/search", data={"where": "00000", "needs": ["food"]})
    assert "ZIP code 00000 is not in the ZIP table." in bad_zip.get_data(as_text=True)


def test_search_query_count_does_not_grow_with_results(client, small_directory, query_counter):
    def details_queries():
        found = [q for q in query_counter if q.startswith(("SELECT service_at_location.id",
                                                           "SELECT phone."))]  # fmt: skip
        query_counter.clear()
        return len(found)

    search(client, needs=["food", "shelter", "mental-health"], radius_km="40")  # many results
    assert details_queries() == 2  # one for the services and sites, one for their phones
    search(client, needs=["transportation"])  # one result, already shown above
    assert details_queries() == 0  # remembered until the next import
    search(client, needs=["legal", "employment"], radius_km="40")
    assert details_queries() <= 2


def test_demo_banner_only_for_demo_data(client, session, small_directory):
    assert "Demonstration data" not in client.get("/").get_data(as_text=True)


def test_csrf_is_enforced_on_the_search_form(database_url, tmp_path):
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "x"}, instance_path=str(tmp_path))
    client = app.test_client()
    assert client.post("/search", data={"where": "21218", "needs": ["food"]}).status_code == 400
    page = client.get("/").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(
        "/search", data={"where": "21218", "needs": ["food"], "csrf_token": token}
    )
    assert response.status_code == 200


def test_security_headers(client):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_service_id_no_database_can_hold_is_not_found(client, small_directory):
    for service_id in ("%00", "abc%00def"):
        response = client.get(f"/services/{service_id}")
        assert response.status_code == 404
        assert "no service" in response.get_data(as_text=True)


def test_the_search_form_body_is_bounded(client):
    limit = client.application.config["CLIENT_REQUEST_MAX_BYTES"]
    response = client.post("/search", data={"where": "21218", "query": "x" * limit})
    assert response.status_code == 413
    assert f"({limit:,} bytes)" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_the_match_api_body_is_bounded(client):
    limit = client.application.config["CLIENT_REQUEST_MAX_BYTES"]
    needs = ["food"] * (limit // 8)
    response = client.post("/api/match", json={"zip": "21218", "needs": needs})
    assert response.status_code == 413
    body = response.get_json()
    assert body["code"] == "request_entity_too_large"
    assert body["errors"] == {"_body": [f"the request body is larger than this address accepts "
                                        f"({limit:,} bytes)."]}  # fmt: skip


def test_pages_with_client_facts_are_never_stored(client, small_directory):
    facts = {"where": "21218", "needs": ["food"], "age": "67"}
    assert client.post("/search", data=facts).headers["Cache-Control"] == "no-store"
    assert client.post("/search", data={"age": "67"}).headers["Cache-Control"] == "no-store"
    for body in ({"zip": "21218", "needs": ["food"], "age": 67}, {"age": 67}):
        assert client.post("/api/match", json=body).headers["Cache-Control"] == "no-store"
    assert "Cache-Control" not in client.get("/").headers
    assert "Cache-Control" not in client.get("/api/needs").headers
