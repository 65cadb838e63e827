"""Open now / until / next opening, across midnight, in the listing's time zone."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
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


def seasonal(text, moment, zone=NY):
    """Open-now on the parser's own rules, which carry their seasons and intervals."""
    return opening_status(parse_hours(text).rules, moment, zone)


def test_a_season_is_not_open_out_of_season():
    text = "Late January to April 15: Mon & Wed 5–8pm, Sat 9am–1pm"
    december_monday = at("2026-12-07T18:00")
    closed = seasonal(text, december_monday)
    assert closed.open_now is False and closed.next_open is None
    assert seasonal(text, at("2027-03-01T18:00")).open_now is True  # a Monday in season
    assert seasonal(text, at("2027-04-17T10:00")).open_now is False  # the Saturday after
    # "late January" is rough: around the 25th nobody can tell whether it has begun
    assert seasonal(text, at("2027-01-25T18:00")).open_now is None
    # a season that wraps the new year
    winter = "Nov 1 – Mar 31: 7pm–7am nightly"
    assert seasonal(winter, at("2026-12-24T23:00")).open_now is True
    assert seasonal(winter, at("2026-07-04T23:00")).open_now is False
    opens = seasonal(winter, at("2026-10-30T12:00"))
    assert opens.open_now is False and opens.next_open == at("2026-11-01T19:00")


def test_the_school_year_is_told_where_it_can_be():
    text = "Mon–Fri 2:30–6:30pm during the school year"
    assert seasonal(text, at("2026-11-23T15:00")).open_now is True
    assert seasonal(text, at("2026-07-14T15:00")).open_now is False
    assert seasonal(text, at("2026-09-01T15:00")).open_now is None  # the first week or so


def test_dates_with_years_hold_only_between_them():
    text = "Nov 1, 2025 – Mar 31, 2026: daily 9am-5pm"
    assert seasonal(text, at("2026-01-10T12:00")).open_now is True
    assert seasonal(text, at("2026-11-10T12:00")).open_now is False


def test_every_other_week_is_not_guessed():
    text = "Every other Friday 3–5pm"
    assert seasonal(text, at("2026-11-27T16:00")).open_now is None
    thursday = seasonal(text, at("2026-11-26T16:00"))
    assert thursday.open_now is False and thursday.next_open is None
    # beside hours that hold every week, those are still told
    both = "Mon–Thu 9am–5pm; every other Friday 9am–1pm"
    assert seasonal(both, at("2026-11-23T12:00")).open_now is True

    @dataclass
    class Anchored:  # an HSDS row that says which weeks: every other from its dtstart
        freq: str = "WEEKLY"
        byday: str = "FR"
        opens_at: str = "15:00"
        closes_at: str = "17:00"
        interval: int = 2
        dtstart: date = date(2026, 11, 20)

    assert opening_status([Anchored()], at("2026-12-04T16:00"), NY).open_now is True
    assert opening_status([Anchored()], at("2026-11-27T16:00"), NY).open_now is False
