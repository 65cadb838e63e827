"""Reasons into words: a reason's message from the catalogue, translated, its values shown
the way the reader's locale writes them.

No Flask here: a face passes the translations and locale it uses (``resource_directory.i18n``
does for the web pages, the API and the CLI). A parameter's name says how its value is
shown (``_SHOWN``): money ("$12,000"), months ("Nov 2024"), days ("Nov 3"), clock times
("5 pm", "noon", "tomorrow 9 am", "Tue Nov 25, 5 pm"), need slugs as their labels; a
reason inside a reason is rendered in turn, anything else as ``str``. English is written
exactly as the engines wrote it before reasons were data; other locales use babel's
formats (``17:00``, ``US$12.000``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from gettext import NullTranslations
from typing import Any, Protocol

from babel import Locale
from babel.dates import format_skeleton, format_time
from babel.numbers import format_currency, format_decimal

from ..taxonomy import NEEDS_BY_SLUG
from . import Reason
from .catalogue import HOUSING, MESSAGES, ON_DAY, SUBSTANCES, TOMORROW, Plural

__all__ = ["render"]


class Translations(Protocol):
    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...


@dataclass(frozen=True)
class _Reader:
    translations: Translations
    locale: str
    english: bool

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)


def render(
    reason: Reason, translations: Translations | None = None, locale: str | Locale = "en"
) -> str:
    """The reason's text, translated by ``translations`` (none: English) for ``locale``."""
    tag = str(locale)
    reader = _Reader(translations or NullTranslations(), tag, tag.split("_")[0] == "en")
    return _render(reason, reader)


def _render(reason: Reason, reader: _Reader) -> str:
    message = MESSAGES[reason.code]
    params = dict(reason.params)
    if isinstance(message, Plural):
        text = reader.translations.ngettext(message.singular, message.plural, params["count"])
    else:
        text = reader.gettext(message)
    shown = {name: _show(name, value, params, reader) for name, value in params.items()}
    if reason.quote is not None:
        shown["quote"] = reason.quote
    return text % shown


def _show(name: str, value: Any, params: Mapping[str, Any], reader: _Reader) -> str:
    if isinstance(value, Reason):
        return _render(value, reader)
    shown = _SHOWN.get(name)
    return str(value) if shown is None else shown(value, params, reader)


def _money(value: float, params: Mapping[str, Any], reader: _Reader) -> str:
    if reader.english:
        return f"${value:,.0f}"
    pattern = Locale.parse(reader.locale).currency_formats["standard"].pattern
    return format_currency(
        value, "USD", pattern.replace(".00", ""), locale=reader.locale, currency_digits=False
    )


def _decimals(places: int) -> Callable[[float, Mapping[str, Any], _Reader], str]:
    def shown(value: float, params: Mapping[str, Any], reader: _Reader) -> str:
        if reader.english:
            return f"{value:.{places}f}"
        return format_decimal(value, "0." + "0" * places if places else "0", locale=reader.locale)

    return shown


def _month(value: date, params: Mapping[str, Any], reader: _Reader) -> str:
    return (
        f"{value:%b %Y}" if reader.english else format_skeleton("yMMM", value, locale=reader.locale)
    )


def _day(value: date, params: Mapping[str, Any], reader: _Reader) -> str:
    if reader.english:
        return f"{value:%b} {value.day}"
    return format_skeleton("MMMd", value, locale=reader.locale)


def _clock(moment: datetime, params: Mapping[str, Any], reader: _Reader) -> str:
    """A local time, with its day when it is not today (``params["now"]``); midnight is the
    end of the day it closes."""
    time = (
        _english_time(moment)
        if reader.english
        else format_time(moment, "short", locale=reader.locale)
    )
    local_now = params["now"].astimezone(moment.tzinfo)
    if moment.date() == local_now.date() or (moment.hour, moment.minute) == (0, 0):
        return time
    if moment.date() == local_now.date() + timedelta(days=1):
        return reader.gettext(TOMORROW) % {"time": time}
    if reader.english:
        day = f"{moment:%a %b} {moment.day}"
    else:
        day = format_skeleton("MMMEd", moment, locale=reader.locale)
    return reader.gettext(ON_DAY) % {"day": day, "time": time}


def _english_time(moment: datetime) -> str:
    """'5 pm', '10:30 am', 'noon', 'midnight'."""
    if (moment.hour, moment.minute) == (12, 0):
        return "noon"
    if (moment.hour, moment.minute) == (0, 0):
        return "midnight"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes} {'am' if moment.hour < 12 else 'pm'}"


def _needs(slugs: tuple[str, ...], params: Mapping[str, Any], reader: _Reader) -> str:
    spanish = reader.locale.split("_")[0] == "es"
    labels = (NEEDS_BY_SLUG[s].label_es if spanish else NEEDS_BY_SLUG[s].label for s in slugs)
    return ", ".join(label.lower() for label in labels)


def _numbers(values: tuple[int, ...], params: Mapping[str, Any], reader: _Reader) -> str:
    return ", ".join(map(str, values))


def _documents(names: tuple[str, ...], params: Mapping[str, Any], reader: _Reader) -> str:
    # The parser's names are catalogue messages (``DOCUMENTS``); any other is shown as is.
    return ", ".join(reader.gettext(name) for name in names)


def _substances(names: tuple[str, ...], params: Mapping[str, Any], reader: _Reader) -> str:
    return ", ".join(reader.gettext(SUBSTANCES.get(name, name)) for name in names)


def _housing(status: str, params: Mapping[str, Any], reader: _Reader) -> str:
    return reader.gettext(HOUSING.get(status, status.replace("_", " ")))


def _language(name: str | None, params: Mapping[str, Any], reader: _Reader) -> str:
    """The listing's name for the language in English; the locale's own name elsewhere."""
    if not reader.english:
        found = Locale.parse(reader.locale).languages.get(params.get("code") or "")
        if found:
            return found
    return str(name)


#: How a parameter is shown, by its name; parameters not named here are shown as ``str``.
_SHOWN: dict[str, Callable[[Any, Mapping[str, Any], _Reader], str]] = {
    "income": _money,
    "limit": _money,
    "share": _decimals(0),
    "km": _decimals(1),
    "month": _month,
    "day": _day,
    "until": _clock,
    "opens": _clock,
    "needs": _needs,
    "ages": _numbers,
    "documents": _documents,
    "housing": _housing,
    "substances": _substances,
    "language": _language,
}
