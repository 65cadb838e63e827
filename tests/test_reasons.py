"""Reasons as data: every catalogued code renders, in English as before and in Spanish; the
extracted messages.pot and the Spanish catalogue keep up with the catalogue."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from babel.messages.pofile import read_po
from babel.support import Translations

from resource_directory.i18n import TRANSLATIONS
from resource_directory.reasons import Reason
from resource_directory.reasons.catalogue import MESSAGES, Plural, msgids
from resource_directory.reasons.render import render

NY = ZoneInfo("America/New_York")
MONDAY_NOON = datetime(2026, 11, 23, 12, 0, tzinfo=NY)
QUOTE = "Seniors 60+"
AGE_40 = Reason.of("eligibility.age.client_is", QUOTE, age=40)
NO_DISABILITY = Reason("eligibility.disability.no", (), "adults with a mental illness")
SPANISH = Translations.load(str(TRANSLATIONS), ["es"])


def _parameters(code: str) -> bool:
    message = MESSAGES[code]
    text = message.singular if isinstance(message, Plural) else message
    return "%(" in text.replace("%(quote)s", "")


#: Sample parameters for every code whose message has some (the quote is added where the
#: message shows one).
SAMPLES = {
    "eligibility.qualifies_instead": {"reason": AGE_40},
    "eligibility.others_may_be_served": {"reason": AGE_40},
    "eligibility.age.client_is": {"age": 67},
    "eligibility.children.are": {"ages": (3, 9)},
    "eligibility.children.aged": {"ages": (3, 9)},
    "eligibility.gender.ask": {"gender": "two-spirit"},
    "eligibility.gender.client_is": {"gender": "female"},
    "eligibility.residency.zip": {"place": "21218"},
    "eligibility.residency.city": {"place": "Baltimore"},
    "eligibility.residency.county": {"place": "Baltimore city"},
    "eligibility.residency.state": {"place": "MD"},
    "eligibility.residency.area": {"place": None},
    "eligibility.income.share_of_poverty": {
        "income": 30000.0, "size": 3, "share": 112.4, "year": 2025, "limit": 53300.0,
    },
    "eligibility.income.below_poverty": {
        "income": 9000.0, "size": 2, "year": 2025, "limit": 21150.0,
    },
    "eligibility.income.yearly": {"income": 30000.0},
    "eligibility.income.monthly": {"income": 2500.0},
    "eligibility.housing.client_is": {"housing": "at_risk"},
    "eligibility.sought": {"needs": ("mental-health",)},
    "eligibility.sought_despite": {"reason": NO_DISABILITY, "needs": ("mental-health",)},
    "eligibility.stated": {"words": "heroin"},
    "eligibility.stated_despite": {"reason": NO_DISABILITY, "words": "schizophrenia"},
    "eligibility.substance.which": {"substances": ("opioids",)},
    "eligibility.substance.named": {"substances": ("alcohol", "stimulants")},
    "eligibility.document.bring": {"documents": ("photo ID", "proof of address")},
    "situation.made_for.seniors": {"age": 34},
    "situation.made_for.young_people": {"age": 34},
    "situation.made_for.other_ages": {"ages": (0, 7)},
    "need.offers": {"needs": ("food", "shelter")},
    "need.inferred": {"needs": ("mental-health",)},
    "need.also_offers": {"needs": ("transportation",)},
    "need.not_filed_under": {"needs": ("financial-aid",)},
    "query.mentions": {"query": "diapers"},
    "query.mentions_some": {"query": "grocery zebra"},
    "distance.within": {"km": 2.345},
    "distance.confidential": {"km": 1.25},
    "open.until": {"until": MONDAY_NOON.replace(hour=17), "now": MONDAY_NOON},
    "open.closed_opens": {"opens": datetime(2026, 11, 24, 9, 0, tzinfo=NY), "now": MONDAY_NOON},
    "language.offered": {"code": "es", "language": "Spanish"},
    "language.not_listed": {"code": "es"},
    "freshness.old": {"month": date(2024, 11, 3)},
    "freshness.stale": {"month": date(2023, 2, 1)},
    "availability.no_places_on": {"day": date(2026, 11, 3)},
    "availability.no_places_on_outdated": {"day": date(2026, 6, 1)},
    "availability.places": {"count": 4},
    "availability.places_on": {"count": 1, "day": date(2026, 11, 24)},
}  # fmt: skip


def sample(code: str) -> Reason:
    quote = QUOTE if "%(quote)s" in str(MESSAGES[code]) else None
    return Reason.of(code, quote, **SAMPLES.get(code, {}))


def test_every_code_with_parameters_has_a_sample():
    assert sorted(code for code in MESSAGES if _parameters(code) and code not in SAMPLES) == []
    assert sorted(set(SAMPLES) - set(MESSAGES)) == []


@pytest.mark.parametrize("code", sorted(MESSAGES))
@pytest.mark.parametrize(("translations", "locale"), [(None, "en"), (SPANISH, "es")])
def test_every_code_renders(code, translations, locale):
    text = render(sample(code), translations, locale)
    assert text and "%(" not in text and "%%" not in text, text
    if locale == "es":
        english = render(sample(code))
        assert text != english, text


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("eligibility.age.client_is", "“Seniors 60+” — client is 67"),
        ("eligibility.qualifies_instead",
         "“Seniors 60+” — client is 40; “Seniors 60+” qualifies instead"),
        ("eligibility.income.share_of_poverty", "“Seniors 60+” — client's $30,000 for 3 is 112% "
         "of the 2025 federal poverty guideline (limit $53,300)"),
        ("eligibility.income.monthly", "“Seniors 60+” — client's income $2,500 a month"),
        ("eligibility.children.are", "“Seniors 60+” — client's children are 3, 9"),
        ("eligibility.housing.client_is", "“Seniors 60+” — client is at risk"),
        ("eligibility.sought_despite", "“adults with a mental illness” — client has no "
         "disability, yet client is seeking mental health help — ask"),
        ("eligibility.residency.area", "“Seniors 60+” — client's area: None"),
        ("eligibility.document.bring", "bring: photo ID, proof of address (“Seniors 60+”)"),
        ("need.offers", "offers food, shelter"),
        ("distance.within", "within 2.3 km"),
        ("language.not_listed", "language 'es' not listed — ask about interpretation"),
        ("freshness.old", "last verified Nov 2024"),
        ("availability.no_places_on_outdated", "no places available on Jun 1 — may have changed"),
        ("availability.places", "4 places available"),
        ("availability.places_on", "1 place available on Nov 24"),
        ("open.until", "open now, until 5 pm"),
        ("open.closed_opens", "closed now; opens tomorrow 9 am"),
    ],
)  # fmt: skip
def test_english_is_written_as_before(code, text):
    assert render(sample(code)) == text


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(2026, 11, 23, 17, 0), "5 pm"),
        (datetime(2026, 11, 23, 22, 30), "10:30 pm"),
        (datetime(2026, 11, 23, 12, 0), "noon"),
        (datetime(2026, 11, 24, 0, 0), "midnight"),
        (datetime(2026, 11, 24, 9, 0), "tomorrow 9 am"),
        (datetime(2026, 11, 24, 10, 30), "tomorrow 10:30 am"),
        (datetime(2026, 11, 25, 17, 0), "Wed Nov 25, 5 pm"),
        (datetime(2026, 12, 1, 0, 5), "Tue Dec 1, 12:05 am"),
    ],
)
def test_clock_times(moment, shown):
    reason = Reason.of("open.until", until=moment.replace(tzinfo=NY), now=MONDAY_NOON)
    assert render(reason) == f"open now, until {shown}"


def test_spanish_uses_its_own_words_and_formats():
    def spanish(code):
        return render(sample(code), SPANISH, "es")

    assert spanish("open.until") == "abierto ahora, hasta 17:00"
    assert spanish("open.closed_opens") == "cerrado ahora; abre mañana a las 9:00"
    assert spanish("need.offers") == "ofrece comida, refugio"
    assert spanish("distance.within") == "a 2,3 km"
    assert spanish("language.offered") == "servicios en español"
    assert spanish("eligibility.income.yearly") == (
        "“Seniors 60+” — ingresos del cliente: 30.000\xa0US$ al año"
    )
    assert spanish("freshness.old") == "verificado por última vez en nov 2024"
    assert spanish("eligibility.document.bring") == (
        "traer: identificación con foto, comprobante de domicilio (“Seniors 60+”)"
    )
    # The listing's own words stay as written.
    assert "“Seniors 60+”" in spanish("eligibility.age.client_is")


def test_reasons_are_values():
    again = Reason.of("eligibility.qualifies_instead", QUOTE, reason=AGE_40)
    assert again == sample("eligibility.qualifies_instead") and hash(again) == hash(again)
    assert list(dict.fromkeys([again, AGE_40, again])) == [again, AGE_40]
    assert AGE_40.get("age") == 40 and AGE_40.get("other", "-") == "-"
    assert AGE_40.values == {"age": 40}
    with pytest.raises(AttributeError):
        AGE_40.code = "other"  # type: ignore[misc]


def _catalogue(path):
    with path.open("rb") as handle:
        return read_po(handle)


def test_the_template_holds_every_message():
    template = _catalogue(TRANSLATIONS / "messages.pot")
    extracted = {m.id[0] if isinstance(m.id, tuple) else m.id for m in template if m.id}
    assert sorted(set(msgids()) - extracted) == []
    plurals = {m.id for m in template if isinstance(m.id, tuple)}
    for message in MESSAGES.values():
        if isinstance(message, Plural):
            assert (message.singular, message.plural) in plurals


def test_the_spanish_catalogue_is_complete_and_compiled():
    spanish = _catalogue(TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po")
    template = _catalogue(TRANSLATIONS / "messages.pot")
    assert {m.id for m in template if m.id} == {m.id for m in spanish if m.id}
    for message in spanish:
        if not message.id or isinstance(message.id, tuple):
            continue
        assert message.string and "fuzzy" not in message.flags, message.id
        assert SPANISH.gettext(message.id) == message.string, "run make translations"
