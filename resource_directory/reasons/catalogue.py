"""The message catalogue: every reason code and its English message, marked for translation.

One entry per code, in Python ``%(name)s`` format. ``%(quote)s`` is the listing's own words
(shown as written in every language); other names are the reason's parameters, and their
name says how each is shown (see :mod:`.render`). ``N_`` and ``NP_`` only mark messages for
``pybabel extract`` (``babel.cfg``); a face translates them when it renders a reason. A new
code needs an entry here, a sample in ``tests/test_reasons.py`` and a fresh ``messages.pot``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated when rendered."""
    return message


@dataclass(frozen=True)
class Plural:
    """A message whose form follows its ``count`` parameter."""

    singular: str
    plural: str


def NP_(singular: str, plural: str) -> Plural:
    """Mark a message with a plural form for extraction."""
    return Plural(singular, plural)


_ELIGIBILITY = {
    "eligibility.none_listed": N_("no eligibility requirements listed"),
    "eligibility.listed": N_("eligibility: “%(quote)s”"),
    "eligibility.preference": N_("“%(quote)s” — served, not required"),
    "eligibility.ask": N_("“%(quote)s” — ask"),
    "eligibility.ask_agency": N_("“%(quote)s” — ask the agency"),
    # TRANSLATORS: %(reason)s is another reason; %(quote)s the group the client is in.
    "eligibility.qualifies_instead": N_("%(reason)s; “%(quote)s” qualifies instead"),
    "eligibility.others_may_be_served": N_("%(reason)s; other groups may be served too — ask"),
    "eligibility.age.not_given": N_("“%(quote)s” — client's age not given"),
    "eligibility.age.client_is": N_("“%(quote)s” — client is %(age)s"),
    "eligibility.children.not_given": N_("“%(quote)s” — client's children not given"),
    "eligibility.children.ages_not_given": N_(
        "“%(quote)s” — ages of the client's children not given"
    ),
    "eligibility.children.none": N_("“%(quote)s” — client has no children in the household"),
    "eligibility.children.are": N_("“%(quote)s” — client's children are %(ages)s"),
    "eligibility.children.aged": N_("“%(quote)s” — client has children aged %(ages)s"),
    "eligibility.gender.not_given": N_("“%(quote)s” — client's gender not given"),
    # TRANSLATORS: %(gender)s is what the client said, as they said it.
    "eligibility.gender.ask": N_("“%(quote)s” — ask (client's gender: %(gender)s)"),
    "eligibility.gender.client_is": N_("“%(quote)s” — client's gender: %(gender)s"),
    "eligibility.residency.location_not_known": N_("“%(quote)s” — client's location not known"),
    "eligibility.residency.zip": N_("“%(quote)s” — client's ZIP: %(place)s"),
    "eligibility.residency.city": N_("“%(quote)s” — client's city: %(place)s"),
    "eligibility.residency.county": N_("“%(quote)s” — client's county: %(place)s"),
    "eligibility.residency.state": N_("“%(quote)s” — client's state: %(place)s"),
    "eligibility.residency.area": N_("“%(quote)s” — client's area: %(place)s"),
    "eligibility.residency.zip_not_known": N_("“%(quote)s” — client's ZIP not known"),
    "eligibility.residency.city_not_known": N_("“%(quote)s” — client's city not known"),
    "eligibility.residency.county_not_known": N_("“%(quote)s” — client's county not known"),
    "eligibility.residency.state_not_known": N_("“%(quote)s” — client's state not known"),
    "eligibility.income.area_median": N_(
        "“%(quote)s” — area median income limits are not in this directory; ask"
    ),
    "eligibility.income.not_given": N_("“%(quote)s” — client's income not given"),
    "eligibility.income.household_size_not_given": N_("“%(quote)s” — household size not given"),
    # TRANSLATORS: "client's $30,000 for 3 is 120% of the 2025 federal poverty guideline…"
    "eligibility.income.share_of_poverty": N_(
        "“%(quote)s” — client's %(income)s for %(size)s is %(share)s%% of the %(year)s "
        "federal poverty guideline (limit %(limit)s)"
    ),
    "eligibility.income.below_poverty": N_(
        "“%(quote)s” — client's %(income)s for %(size)s is below the %(year)s federal "
        "poverty guideline (%(limit)s)"
    ),
    "eligibility.income.yearly": N_("“%(quote)s” — client's income %(income)s a year"),
    "eligibility.income.monthly": N_("“%(quote)s” — client's income %(income)s a month"),
    "eligibility.income.limit_unknown": N_("“%(quote)s” — income limit unknown — ask"),
    "eligibility.veteran.yes": N_("“%(quote)s” — client is a veteran"),
    "eligibility.veteran.no": N_("“%(quote)s” — client is not a veteran"),
    "eligibility.veteran.not_given": N_("“%(quote)s” — client's veteran status not given"),
    "eligibility.veteran.military": N_("“%(quote)s” — ask about military service"),
    "eligibility.veteran.family_may_qualify": N_(
        "“%(quote)s” — client is not a veteran; family members may qualify — ask"
    ),
    "eligibility.pregnancy.yes": N_("“%(quote)s” — client is pregnant"),
    "eligibility.pregnancy.no": N_("“%(quote)s” — client is not pregnant"),
    "eligibility.pregnancy.not_given": N_("“%(quote)s” — not asked whether the client is pregnant"),
    "eligibility.pregnancy.new_parents": N_("“%(quote)s” — ask (new parents)"),
    "eligibility.pregnancy.new_mothers_may_qualify": N_(
        "“%(quote)s” — client is not pregnant; new mothers may qualify — ask"
    ),
    "eligibility.disability.yes": N_("“%(quote)s” — client has a disability"),
    "eligibility.disability.no": N_("“%(quote)s” — client has no disability"),
    "eligibility.disability.not_given": N_("“%(quote)s” — not asked about disability"),
    "eligibility.housing.not_given": N_("“%(quote)s” — client's housing situation not given"),
    # TRANSLATORS: %(housing)s is one of "homeless", "at risk", "housed".
    "eligibility.housing.client_is": N_("“%(quote)s” — client is %(housing)s"),
    # TRANSLATORS: %(needs)s names needs ("mental health"), in lower case.
    "eligibility.sought": N_("“%(quote)s” — client is seeking %(needs)s help"),
    "eligibility.sought_despite": N_("%(reason)s, yet client is seeking %(needs)s help — ask"),
    # TRANSLATORS: %(words)s is what the coordinator typed, as typed ("heroin detox").
    "eligibility.stated": N_("“%(quote)s” — request says “%(words)s”"),
    "eligibility.stated_despite": N_("%(reason)s, yet the request says “%(words)s” — ask"),
    # TRANSLATORS: %(substances)s lists substances ("alcohol, opioids"), in lower case.
    "eligibility.substance.which": N_(
        "“%(quote)s” — for %(substances)s; ask which substance the client uses"
    ),
    "eligibility.substance.named": N_("“%(quote)s” — client named %(substances)s"),
    # TRANSLATORS: %(documents)s lists documents ("photo ID, proof of address").
    "eligibility.document.bring": N_("bring: %(documents)s (“%(quote)s”)"),
    "eligibility.document.unnamed": N_("bring: documents (“%(quote)s”)"),
}

_SITUATION = {
    "situation.serves.veterans": N_("serves veterans"),
    "situation.serves.pregnant_women": N_("serves pregnant women"),
    "situation.serves.people_with_disabilities": N_("serves people with disabilities"),
    "situation.serves.seniors": N_("serves seniors"),
    "situation.serves.young_people": N_("serves young people"),
    "situation.serves.people_without_a_home": N_("serves people without a home"),
    "situation.serves.people_about_to_lose_their_home": N_("helps people about to lose their home"),
    "situation.serves.families_with_children": N_("serves families with children"),
    "situation.serves.childrens_ages": N_("serves children of the ages of the client's"),
    "situation.made_for.veterans": N_("made for veterans — client is not a veteran"),
    "situation.made_for.pregnant_women.man": N_("made for pregnant women — client is a man"),
    "situation.made_for.pregnant_women.not_pregnant": N_(
        "made for pregnant women — client is not pregnant"
    ),
    "situation.made_for.seniors": N_("made for seniors — client is %(age)s"),
    "situation.made_for.young_people": N_("made for young people — client is %(age)s"),
    "situation.made_for.people_without_a_home": N_(
        "made for people without a home — client is housed"
    ),
    "situation.made_for.families_with_children": N_(
        "made for families with children — client has no children"
    ),
    # TRANSLATORS: %(ages)s lists ages: "0, 7".
    "situation.made_for.other_ages": N_(
        "made for children of other ages — client's children are %(ages)s"
    ),
}

_SERVICE = {
    "need.offers": N_("offers %(needs)s"),
    "need.inferred": N_("%(needs)s: inferred, not in the agency's own categories"),
    "need.also_offers": N_("also offers %(needs)s"),
    "need.not_filed_under": N_("not filed under %(needs)s"),
    # TRANSLATORS: %(query)s is the client's own search words.
    "query.mentions": N_("mentions “%(query)s”"),
    "query.mentions_some": N_("mentions some of “%(query)s”"),
    "distance.within": N_("within %(km)s km"),
    "distance.under_100_m": N_("under 100 m away"),
    "distance.confidential": N_(
        "about %(km)s km away (confidential site: measured to its ZIP code's centre)"
    ),
    # TRANSLATORS: %(until)s and %(opens)s are times: "5 pm", "tomorrow 9 am", "Tue Nov 25, 5 pm".
    "open.until": N_("open now, until %(until)s"),
    "open.around_the_clock": N_("open now, around the clock"),
    "open.closed": N_("closed now"),
    "open.closed_opens": N_("closed now; opens %(opens)s"),
    "open.hours_not_known": N_("hours not known — call ahead"),
    # TRANSLATORS: %(language)s is a language's name.
    "language.offered": N_("services in %(language)s"),
    # TRANSLATORS: %(code)s is an ISO 639 code such as "es".
    "language.not_listed": N_("language '%(code)s' not listed — ask about interpretation"),
    "language.none_listed": N_("languages not listed — ask"),
    "accessibility.wheelchair": N_("wheelchair access: “%(quote)s”"),
    "accessibility.none": N_("not wheelchair accessible (“%(quote)s”)"),
    # TRANSLATORS: %(month)s is a month and year: "Nov 2024".
    "freshness.old": N_("last verified %(month)s"),
    "freshness.stale": N_("last verified %(month)s — call to confirm"),
    "freshness.never_verified": N_("never verified — call to confirm"),
    "availability.not_referring": N_("not taking referrals now — call before referring"),
    "availability.waitlist": N_("waiting list — call first"),
    "kind.referral": N_("an information and referral line: it points to other services"),
    "kind.volunteer": N_("a volunteer programme, not a service for clients"),
    "kind.donation": N_("a donation programme: it collects goods or money"),
    "kind.administrative": N_("an administrative office, not where the service is given"),
    "kind.funding": N_("a funding or umbrella organization: it supports other services"),
    "availability.no_places": N_("no places available"),
    # TRANSLATORS: %(day)s is a month and day: "Nov 3".
    "availability.no_places_on": N_("no places available on %(day)s"),
    "availability.no_places_on_outdated": N_("no places available on %(day)s — may have changed"),
    "availability.places": NP_("%(count)s place available", "%(count)s places available"),
    "availability.places_on": NP_(
        "%(count)s place available on %(day)s", "%(count)s places available on %(day)s"
    ),
}

#: Every reason code → its English message.
MESSAGES: dict[str, str | Plural] = {**_ELIGIBILITY, **_SITUATION, **_SERVICE}

#: A client's housing situation, as a reason shows it.
HOUSING = {"homeless": N_("homeless"), "at_risk": N_("at risk"), "housed": N_("housed")}
#: The substances a group or a request names (``eligibility/problems.py``).
SUBSTANCES = {
    "alcohol": N_("alcohol"),
    "opioids": N_("opioids"),
    "stimulants": N_("stimulants"),
    "cannabis": N_("cannabis"),
    "drugs": N_("drugs"),
}
#: The documents the eligibility parser names (``eligibility/statements.py``).
DOCUMENTS = (
    N_("proof of income"),
    N_("proof of address"),
    N_("proof of identity"),
    N_("proof of age"),
    N_("photo ID"),
    N_("Social Security card"),
    N_("birth certificate"),
    N_("insurance card"),
    N_("referral"),
)
# TRANSLATORS: a time tomorrow: "tomorrow 9 am".
TOMORROW = N_("tomorrow %(time)s")
# TRANSLATORS: a time on another day: "Tue Nov 25, 5 pm".
ON_DAY = N_("%(day)s, %(time)s")


def msgids() -> Iterator[str]:
    """Every message a translation needs (plural messages by their singular)."""
    for message in MESSAGES.values():
        yield message.singular if isinstance(message, Plural) else message
    yield from HOUSING.values()
    yield from SUBSTANCES.values()
    yield from DOCUMENTS
    yield from (TOMORROW, ON_DAY)
