"""Open now / until / next opening, across midnight, in the listing's time zone."""

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from resource_directory.schedules import opening_status, parse_hours

from .conftest import english

NY = "America/New_York"
LA = "America/Los_Angeles"


@dataclass
class Row:
    freq: str | None
    byday: str | None
    opens_at: str | None
    closes_at: str | None


def rows(text):
    return [Row(r.freq, r.byday, r.opens_at, r.closes_at) for r in parse_hours(text).rules]


def at(text, zone=NY):
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def status(text, moment, zone=NY):
    return opening_status(rows(text), moment, zone)


def test_weekday_hours():
    monday_noon = at("2026-11-23T12:00")
    open_ = status("Mon–Fri 9am–5pm", monday_noon)
    assert open_.open_now is True
    assert english(open_.reason(monday_noon)) == "open now, until 5 pm"
    evening = at("2026-11-23T18:30")
    closed = status("Mon–Fri 9am–5pm", evening)
    assert closed.open_now is False
    assert english(closed.reason(evening)) == "closed now; opens tomorrow 9 am"
    friday_night = at("2026-11-27T20:00")
    assert english(status("Mon–Fri 9am–5pm", friday_night).reason(friday_night)) == (
        "closed now; opens Mon Nov 30, 9 am"
    )


def test_ranges_across_midnight():
    text = "Fri 8pm–2am"
    saturday_1am = at("2026-11-28T01:00")  # still Friday night's opening
    assert status(text, saturday_1am).open_now is True
    assert english(status(text, saturday_1am).reason(saturday_1am)) == "open now, until 2 am"
    assert status(text, at("2026-11-28T02:30")).open_now is False
    assert english(status(text, at("2026-11-27T21:00")).reason(at("2026-11-27T21:00"))) == (
        "open now, until tomorrow 2 am"
    )


def test_time_zone_of_the_listing_not_of_the_server():
    utc_moment = datetime(2026, 11, 23, 22, 0, tzinfo=UTC)  # 5 pm New York, 2 pm Los Angeles
    assert status("Mon–Fri 9am–5pm", utc_moment, NY).open_now is False
    la = status("Mon–Fri 9am–5pm", utc_moment, LA)
    assert la.open_now is True and la.until.tzinfo == ZoneInfo(LA)


def test_around_the_clock_and_nth_weekday():
    moment = at("2026-11-25T03:00")
    assert english(status("24/7", moment).reason(moment)) == "open now, around the clock"
    third_saturday = at("2026-11-21T10:00")  # 21 Nov 2026 is the 3rd Saturday
    assert status("3rd Saturday 9–11am", third_saturday).open_now is True
    assert status("3rd Saturday 9–11am", at("2026-11-28T10:00")).open_now is False
    nxt = status("3rd Saturday 9–11am", at("2026-11-22T10:00"))
    assert nxt.next_open == at("2026-12-19T09:00")
    assert status("last Friday 1pm-3pm", at("2026-11-27T14:00")).open_now is True


def test_unknown_hours_are_not_guessed():
    moment = at("2026-11-23T12:00")
    assert status("By appointment", moment).open_now is None
    assert status("Call for hours", moment).open_now is None
    assert status("Monday - Friday", moment).open_now is None  # days without hours
    assert opening_status([], moment, NY).reason(moment) is None
