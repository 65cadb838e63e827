"""Cleaning of single values shared by every importer: phones, URLs, dates, languages."""

from __future__ import annotations

import re
from datetime import date

from .records import ImportReport, Origin, PhoneRecord

_DIGITS = re.compile(r"\d")
_EXTENSION = re.compile(r"\s*(?:ext\.?|extension|x|#)\s*(\d{1,6})\s*$", re.I)

LANGUAGE_CODES = {
    "english": "en",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "french": "fr",
    "chinese": "zh",
    "mandarin": "zh",
    "cantonese": "yue",
    "korean": "ko",
    "vietnamese": "vi",
    "russian": "ru",
    "arabic": "ar",
    "amharic": "am",
    "haitian creole": "ht",
    "creole": "ht",
    "portuguese": "pt",
    "tagalog": "tl",
    "hindi": "hi",
    "urdu": "ur",
    "farsi": "fa",
    "persian": "fa",
    "somali": "so",
    "swahili": "sw",
    "yoruba": "yo",
    "igbo": "ig",
    "nepali": "ne",
    "german": "de",
    "italian": "it",
    "polish": "pl",
    "japanese": "ja",
    "asl": "ase",
    "american sign language": "ase",
    "sign language": "sgn",
    "tigrinya": "ti",
    "bengali": "bn",
    "ukrainian": "uk",
    "dari": "prs",
    "pashto": "ps",
    "burmese": "my",
}


def normalize_phone(raw: str) -> tuple[str, str | None] | None:
    """'(410) 555-0142 ext. 12' → ('+14105550142', '12'); None when not a NANP number."""
    extension = None
    match = _EXTENSION.search(raw)
    if match:
        extension = match.group(1)
        raw = raw[: match.start()]
    digits = "".join(_DIGITS.findall(raw))
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or digits[0] in "01":
        return None
    return f"+1{digits}", extension


def format_phone(e164: str, extension: str | None = None) -> str:
    """'+14105550142' → '(410) 555-0142'; other numbers are shown as stored."""
    if e164.startswith("+1") and len(e164) == 12:
        shown = f"({e164[2:5]}) {e164[5:8]}-{e164[8:]}"
    else:
        shown = e164
    return f"{shown} ext. {extension}" if extension else shown


_URL = re.compile(r"^(?:https?://)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?(?:[/?#]\S*)?$", re.I)


def normalize_url(raw: str) -> str | None:
    """Add a scheme to 'www.x.org'; None for text that is not a web address."""
    value = raw.strip()
    if not _URL.match(value):
        return None
    if not re.match(r"^https?://", value, re.I):
        value = "https://" + value
    return value


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.I)


def normalize_email(raw: str) -> str | None:
    value = raw.strip()
    return value if _EMAIL.match(value) else None


def parse_date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def parse_bool(raw: str) -> bool | None:
    value = raw.strip().lower()
    if value in {"yes", "y", "true", "t", "1", "x"}:
        return True
    if value in {"no", "n", "false", "f", "0", ""}:
        return False
    return None


def parse_languages(raw: str) -> list[tuple[str, str | None]]:
    """'English, Spanish and ASL' → [('English','en'), ('Spanish','es'), ('ASL','ase')]."""
    found: list[tuple[str, str | None]] = []
    for part in re.split(r"[,;/]|\band\b|\bor\b|\+", raw, flags=re.I):
        words = part.strip(" .")
        if not words:
            continue
        lowered = words.lower()
        code = LANGUAGE_CODES.get(lowered)
        name = words
        if code is None:
            # "Spanish interpretation available" → Spanish
            for known, known_code in LANGUAGE_CODES.items():
                if re.search(rf"\b{re.escape(known)}\b", lowered):
                    code, name = known_code, known.title() if known != "asl" else "ASL"
                    break
        if (name, code) not in found:
            found.append((name, code))
    return found


def read_phones(
    raw: str | None, report: ImportReport, origin: Origin, column: str, type: str = "voice"
) -> tuple[PhoneRecord, ...]:
    """One or more numbers separated by ';' → phone records; bad ones kept and reported."""
    phones = []
    for part in (p.strip() for p in (raw or "").split(";")):
        if not part:
            continue
        parsed = normalize_phone(part)
        if parsed is None:
            report.warn(
                origin.file, origin.line, column, "invalid_phone",
                f"{part!r} is not a 10-digit US phone number; kept as written",
            )  # fmt: skip
            phones.append(PhoneRecord(number=part))
        else:
            phones.append(PhoneRecord(number=parsed[0], extension=parsed[1], type=type))
    return tuple(phones)


#: How agencies say whether they take referrals now → "open", "waitlist" or "closed".
REFERRALS = {
    "open": "open", "yes": "open", "accepting": "open", "accepting referrals": "open",
    "waitlist": "waitlist", "wait list": "waitlist", "waiting list": "waitlist",
    "closed": "closed", "no": "closed", "full": "closed", "do not refer": "closed",
    "not accepting": "closed", "not accepting referrals": "closed",
}  # fmt: skip


def parse_referrals(raw: str) -> str | None:
    """ "open", "waitlist" or "closed" for the ways agencies say it; None when unclear."""
    return REFERRALS.get(" ".join(raw.lower().replace("-", " ").split()))


#: Digits read of a whole number: more are beyond every column's range, and Python refuses
#: to convert thousands of them (a guard against slow conversions).
COUNT_DIGITS = 20


def parse_count(raw: str) -> int | None:
    """A whole number of places (0 or more), or None. A number of more than
    :data:`COUNT_DIGITS` digits is read as 10^COUNT_DIGITS: larger than any column holds,
    for the limits check to refuse, without converting all its digits."""
    text = raw.strip().replace(",", "")
    if not (text.isascii() and text.isdigit()):
        return None
    digits = text.lstrip("0") or "0"
    return int(digits) if len(digits) <= COUNT_DIGITS else 10**COUNT_DIGITS
