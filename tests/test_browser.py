"""The coordinator page in a real browser (Debian's Chromium driven by Playwright)."""

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from resource_directory.app import create_app
from resource_directory.db import db
from resource_directory.operations import Context, import_listings
from resource_directory.schema import upgrade_database

from .conftest import ADMIN, FIXTURES

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "instance" / "screenshots"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Chromium is not installed (apt-get install chromium)"
    ),
]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{folder / 'live.db'}", "SECRET_KEY": "browser-test"},
        instance_path=str(folder / "instance"),
    )
    with app.app_context():
        upgrade_database(db.engine)
        import_listings(ADMIN, Context(db.session), FIXTURES / "flat_small.csv", source="test")
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A fresh Chromium profile; JavaScript off, as the pages must work without it."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            java_script_enabled=False,
            args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run",
            ],
        )  # fmt: skip
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


def test_coordinator_searches_and_opens_a_service(live_server, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server + "/")
    page.fill("#where", "21218")
    page.check("input[name=needs][value=food]")
    page.check("input[name=needs][value=mental-health]")
    page.fill("#age", "67")
    page.fill("#radius_km", "40")
    page.fill("#at", "2026-11-24T10:30")  # a Tuesday morning: both pantries are open
    page.click("button[type=submit]")
    page.wait_for_selector(".result")
    assert page.url == live_server + "/search"  # facts were posted, not put in the URL
    titles = page.locator(".result h3").all_inner_texts()
    assert titles[0] == "Senior Grocery Delivery"
    assert "Sliding-Scale Counseling" in titles
    assert page.locator(".result").first.locator(".badge").inner_text() == "Likely eligible"
    page.screenshot(path=str(SCREENSHOTS / "search-results.png"), full_page=True)

    page.click("text=Sliding-Scale Counseling")
    description = page.locator(".description").inner_text()
    assert description.startswith("<script>alert('x')</script>")  # shown as text, not run
    assert all(url.startswith(live_server) for url in requests)  # nothing fetched elsewhere
    page.close()
