"""The words and phrases of opening-hours prose, and the tokenizer that finds them.

Tokens keep their offsets in the original text so unparsed fragments and rule
descriptions can quote it verbatim; nothing is rewritten before tokenizing (HTML tags,
entities and literal ``\\n`` escapes from scraped sources are tokens like any other).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .seasons import DateWords

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ALL_DAYS = frozenset(range(7))

_DAY_WORDS: dict[str, int] = {}
for _index, _names in enumerate(
    (
        "m mon monday lunes",
        "tu tue tues tuesday martes",
        "w wed weds wednesday miercoles miércoles",
        "th thu thur thurs thursday jueves",
        "f fr fri friday viernes",
        "sa sat saturday sabado sábado",
        "su sun sunday domingo",
    )
):
    for _name in _names.split():
        _DAY_WORDS[_name] = _index
        if len(_name) > 3:  # "Tuesdays", "Mondays"; short forms take no plural
            _DAY_WORDS[_name + "s"] = _index

_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}

_CONNECTORS = {
    "to": "range",
    "through": "range",
    "thru": "range",
    "until": "range",
    "til": "range",
    "till": "range",
    "and": "list",
    "y": "list",  # Spanish "lunes y miércoles"
    "a": "a",  # Spanish "lunes a viernes" when between days, otherwise filler
}

# Words that add nothing to a schedule once its days and times are read.
_FILLER = frozenset(
    "hours hrs open opens from only every each weekly the on at is are or also otherwise for "
    "office beginning starting starts distribution distributions "
    "est edt et cst cdt pst pdt local time between de please in during".split()
)

# One- and two-letter day abbreviations are ordinary words or letters in running text;
# they only count when capitalised ("M-F", "Tu/Th", "Sa").
_SHORT_DAYS = frozenset({"m", "w", "f", "tu", "th", "sa", "su", "fr"})

# Run-together capitalised day letters: "MWF", "TTh", "MTF", "WTh" (T alone is Tuesday).
_COMPACT_DAYS = re.compile(r"(?:M|Tu|T(?!h)|W|Th|F|Sa|Su){2,}")
_COMPACT_CODES = {"M": 0, "Tu": 1, "T": 1, "W": 2, "Th": 3, "F": 4, "Sa": 5, "Su": 6}

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# A number after a month is its day unless it starts a time range ("June 9-12", "June 9am")
_NOT_TIME = (
    r"(?!\s*(?:[-\u2010-\u2015~]|to|through|thru|until|till?)\s*\d)(?!\s*[ap]\.?m\b)"
    r"(?![\d:.]\d)"
)
_MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_PARTS = {"early": "early", "mid": "mid", "late": "late", "end": "end", "beginning": "start",
          "start": "start"}  # fmt: skip

_PHRASES: tuple[tuple[str, str], ...] = (
    # flags first: they contain words that are tokens of their own ("closed", "call", "24")
    (
        "holiday",
        r"(?:closed|not\s+open|no\s+service)\s+(?:on\s+)?(?:all\s+|most\s+|major\s+|"
        r"federal\s+|national\s+|public\s+|legal\s+|bank\s+|state\s+|government\s+)*holidays|"
        r"except\s+(?:on\s+)?(?:all\s+|major\s+|federal\s+|national\s+|public\s+)*holidays|"
        r"holidays\s*:?\s*closed",
    ),
    (
        "appt",
        r"(?:please\s+)?call\s+(?:for|to\s+make|to\s+schedule)\s+(?:an?\s+)?appointments?|"
        r"call\s+to\s+schedule|(?:by|with)\s+appointments?(?:\s+only)?|by\s+appt\.?|"
        r"appointments?\s+(?:only|required|needed|necessary)|schedule\s+an?\s+appointment|"
        r"appointments?|appts?\b\.?",
    ),
    (
        "call",
        r"(?:please\s+|must\s+)?call\s+(?:us\s+)?(?:for|about)\s+(?:(?:current|this|more)\s+)?"
        r"(?:hours|times|schedule|details|information|info|availability)|call\s+to\s+inquire|"
        r"(?:must\s+)?call\s+(?:\d+\s+\w+\s+)?ahead|call\s+first|"
        r"(?:hours|times|schedule)\s+(?:may\s+)?vary|varies|vary",
    ),
    (
        "appt",
        # booking notes: "book 48 hours ahead", "reserve 2 days in advance"
        r"(?:must\s+)?(?:book|reserve|schedule|request)(?:\s+(?:rides?|trips?|visits?|it))?"
        r"(?:\s+at\s+least)?(?:\s+(?:\d+|one|two|three|four|five|a|24-48|48-72))?(?:\s+"
        r"(?:business\s+)?(?:hours?|hrs?|days?|weeks?))?\s+(?:ahead|in\s+advance)"
        r"(?:\s+of\s+time)?|reservations?\s+(?:are\s+)?(?:required|needed|necessary)",
    ),
    (
        "always",
        r"24\s*/\s*7(?:\s*/\s*365)?|24\s*x\s*7|24\s*hours?\s*(?:a|per)\s*day\s*,?\s*"
        r"(?:7|seven)\s*days\s*(?:a|per)\s*week",
    ),
    # every other week: the weeks are not said, so open-now cannot tell which
    (
        "interval",
        r"every\s+other(?!\s+day)(?:\s+week)?|alternat(?:e|ing)(?:\s+weeks)?|"
        r"bi-?weekly|every\s+(?:two|2)\s+weeks",
    ),
    (
        "season",
        r"(?:(?:when|while)\s+school\s+is\s+in\s+session|(?:during\s+)?(?:the\s+)?"
        r"(?:school|academic)\s+year|school\s*days|(?:during\s+)?tax\s+(?:season|time)|"
        r"(?:during\s+(?:the\s+)?)?(?:summer|winter|spring|fall|autumn)(?:\s+months)?)"
        r"(?:\s+only)?",
    ),
    (
        "date",
        rf"(?:(?P<part>early|mid|late|end\s+of|beginning\s+of|start\s+of)[\s-]*(?:of\s+)?)?"
        rf"(?P<mon>{_MONTHS})\.?(?:\s+(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?{_NOT_TIME})?"
        rf"(?:,?\s+(?P<y>(?:19|20)\d\d))?|(?P<nm>1[0-2]|0?[1-9])/(?P<nd>3[01]|[12]\d|0?[1-9])"
        rf"(?:/(?P<ny>(?:19|20)?\d\d))?(?![\d/])",
    ),
    (
        "label",
        # what the hours are for: "Check-in 6pm–8pm", "Breakfast 7-8:30am", "Hotline 24/7"
        r"check[\s-]*ins?|sign[\s-]*(?:ups?|ins?)|pick[\s-]*ups?|call\s*(?:or|and|/)\s*text|"
        r"text\s*(?:or|and|/)\s*call|(?:crisis|phone|help|hot|intake|scheduling|appointment|"
        r"information|info|support|warm|call)[\s-]*lines?|(?:breakfast|brunch|dinner|supper|"
        r"meals?|snacks?)(?:\s+(?:is\s+|are\s+)?served)?|intake|registration|enrollment|"
        r"rides?|deliver(?:y|ies)|clinics?|hotline|helpline|phones?|calls?|texts?|pantry|"
        r"food\s+pantry|programs?|services?|classes|sessions?|groups?|visits?|visiting",
    ),
    (
        "filler",
        r"365\s+days\s+(?:a|per)\s+year|(?:office|business|operating|regular|opening)\s+"
        r"hours|hours\s+of\s+operation|walk[\s-]*ins?(?:\s+welcome)?|drop[\s-]*ins?|"
        r"every\s+week|each\s+week|&nbsp;",
    ),
    ("allday", r"24[\s-]*(?:hours?|hrs?)(?:\s*(?:a|per)\s*day)?|all\s+day"),
    (
        "dayset",
        r"(?:7|seven)\s*days(?:\s*(?:a|per)\s*week)?|every\s*day|daily|nightly|"
        r"every\s+night|week\s*days?|weekends?",
    ),
    ("part", r"mornings?|afternoons?|evenings?|nights?"),
    (
        "month",
        r"(?:of\s+)?(?:the|each|every)\s+month|of\s+(?:the\s+)?month|(?:per|a)\s+month|"
        r"monthly",
    ),
    ("lunch", r"(?:for\s+)?lunch(?:\s+break)?"),
    ("noon", r"(?:12\s*)?noon|midday"),
    ("midnight", r"(?:12\s*)?midnight"),
    ("closed", r"closed|closes"),
    ("sep", r"\\n|[;\n\r|()\[\]]|\.(?=\s|$)"),
    ("filler", r"<[^<>]*>|&(?!amp;)#?\w+;|[:.*\"'!?]"),
    ("comma", r","),
    ("list", r"&amp;|&|/|\+"),
    ("dash", r"[-\u2010-\u2015~]"),
    # numbers that are not clock times: dates, years, phone numbers, counts
    (
        "unknown",
        r"\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{3,}(?!\d|\s*[ap]\.?\s?m)|\(?\d{3}\)?[\s.-]*\d{3}[\s.-]*\d{4}|"
        r"\d+\s*(?:days?|hrs?|hours?|weeks?|months?|times|minutes?|mins?|years?|yrs?|%|\+)",
    ),
    ("ordinal", r"(?:[12]?\d|3[01])(?:st|nd|rd|th)(?![a-z])"),
    (
        "time",
        r"(?P<hm>\d{3,4})\s*(?P<mer1>[ap])\.?\s?m\b\.?|(?<![\d:])(?P<h>\d{1,2})"
        r"(?::(?P<m>\d{1,2}))?(?::\d{2})?(?![\d/])(?:\s*(?P<mer2>[ap])(?:\.?\s?m)?\.?"
        r"(?=[^a-z]|$|mon|tue|wed|thu|fri|sat|sun))?",
    ),
    ("word", r"[a-záéíóúñ]+"),
    ("unknown", r"\S"),
)
# Phrase kinds are whole words: "noon" must not match inside "afternoon".
_WORDLIKE = {"holiday", "appt", "call", "always", "allday", "dayset", "month", "lunch", "noon",
             "midnight", "closed", "interval", "season", "date", "label", "part"}  # fmt: skip
_TOKEN = re.compile(
    "|".join(
        f"(?P<k{i}>(?<![a-z0-9])(?:{p})(?![a-z]))" if kind in _WORDLIKE else f"(?P<k{i}>{p})"
        for i, (kind, p) in enumerate(_PHRASES)
    ),
    re.I,
)
_SENTENCE_END = re.compile(r"\.\s+[A-Z]")
_KIND = {f"k{i}": kind for i, (kind, _) in enumerate(_PHRASES)}


@dataclass(frozen=True)
class Token:
    kind: str
    start: int
    end: int
    value: Any = None


def tokenize(text: str) -> list[Token]:
    """Split hours text into typed tokens; words nobody knows come back as ``unknown``."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        token = _classify(_KIND[match.lastgroup or ""], match)
        if token.kind == "sep" and tokens and tokens[-1].kind == "day":
            if tokens[-1].end == token.start and text[token.start] == ".":
                token = Token("filler", token.start, token.end)  # "Mon. - Fri."
        if token.kind == "unknown" and tokens and tokens[-1].kind in {"time", "appt"}:
            if _SENTENCE_END.fullmatch(text, tokens[-1].end - 1, token.start + 1):
                # "9-11 a.m. Serves residents of…": the abbreviation's dot ends a sentence
                tokens.append(Token("sep", token.start, token.start, "."))
        tokens.append(token)
    return tokens


def _classify(kind: str, match: re.Match[str]) -> Token:
    start, end = match.start(), match.end()
    raw = match.group().lower()
    if kind == "sep":
        return Token("sep", start, end, match.group())
    if kind == "dayset":
        return Token("dayset", start, end, _dayset(raw))
    if kind == "ordinal":
        return Token("ordinal", start, end, int(raw[:-2]))
    if kind == "time":
        return _time_token(match, start, end)
    if kind == "word":
        return _word_token(match.group(), start, end)
    if kind == "date":
        return _date_token(match, start, end)
    if kind == "season":
        return Token("season", start, end, _season_key(raw))
    if kind == "interval":
        return Token("interval", start, end, 2)
    if kind in {"noon", "midnight"}:
        return Token("time", start, end, (12 if kind == "noon" else 0, 0, kind))
    return Token(kind, start, end)


def _date_token(match: re.Match[str], start: int, end: int) -> Token:
    if match.group("nm"):
        value = DateWords(int(match.group("nm")), int(match.group("nd")), _year(match["ny"]))
        return Token("date", start, end, value)
    month = match.group("mon")
    if month.lower() == "may" and month[0] == "m":
        return Token("unknown", start, end)  # "hours may change": only "May" is the month
    part, day, year = match.group("part"), match.group("d"), match.group("y")
    value = DateWords(
        _MONTH_NUMBERS[month.lower()[:3]],
        int(day) if day else None,
        int(year) if year else None,
        _PARTS[part.split()[0].lower()] if part else None,
    )
    return Token("date", start, end, value)


def _year(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) + (2000 if len(text) == 2 else 0)


def _season_key(raw: str) -> str:
    if re.search(r"school\s*days", raw):
        return "schooldays"  # weekdays, in the school year
    for key in ("school", "academic", "tax", "summer", "winter", "spring", "fall", "autumn"):
        if key in raw:
            return {"academic": "school", "autumn": "fall"}.get(key, key)
    raise AssertionError(raw)


def _dayset(raw: str) -> frozenset[int]:
    if raw.startswith("week") and "end" not in raw:
        return frozenset(range(5))
    if "end" in raw:
        return frozenset({5, 6})
    return ALL_DAYS


def _time_token(match: re.Match[str], start: int, end: int) -> Token:
    if match.group("hm"):
        digits = match.group("hm")
        hour, minute, mer = int(digits[:-2]), int(digits[-2:]), match.group("mer1").lower()
        padded = False
    else:
        hour_text = match.group("h")
        hour, minute = int(hour_text), int(match.group("m") or 0)
        if match.group("m") is not None and len(match.group("m")) == 1:
            minute *= 10  # "10:0 AM" is a typo for 10:00, not 10:00 minus a digit
        mer = (match.group("mer2") or "").lower()
        padded = len(hour_text) == 2 and hour_text.startswith("0")
    if minute > 59 or hour > 24 or (mer and not 1 <= hour <= 12) or (hour == 24 and minute):
        return Token("unknown", start, end)
    # A bare integer with no minutes and no meridiem is only a time inside a range.
    bare = not mer and match.group("m") is None and not match.group("hm")
    style = mer or ("24h" if hour > 12 or hour == 0 or padded else "")
    return Token("time", start, end, (hour, minute, style or ("bare" if bare else "")))


def _word_token(word: str, start: int, end: int) -> Token:
    lower = word.lower()
    if _COMPACT_DAYS.fullmatch(word):
        days = re.findall(r"Tu|Th|Sa|Su|[MTWF]", word)
        return Token("dayset", start, end, frozenset(_COMPACT_CODES[d] for d in days))
    if lower in _DAY_WORDS and (lower not in _SHORT_DAYS or word[0].isupper()):
        return Token("day", start, end, _DAY_WORDS[lower])
    if lower in _ORDINAL_WORDS:
        return Token("ordinal", start, end, _ORDINAL_WORDS[lower])
    if lower in _CONNECTORS:
        return Token(_CONNECTORS[lower], start, end)
    if lower in _FILLER:
        return Token("filler", start, end)
    return Token("unknown", start, end)
