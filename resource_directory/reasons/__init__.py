"""Reasons as data: why a service fits a client, or might not, before it is put in words.

The engines (eligibility, schedules, matching) say why with a :class:`Reason` — a stable
dotted code, the raw values the sentence needs and the listing's own words it quotes —
never with English text, so a face can show it in the reader's language. The codes and
their English messages live in one catalogue (:mod:`.catalogue`); :func:`.render.render`
turns a reason into text. Reasons are values: hashable (evaluations are cached, reasons
de-duplicated) and cheap to make, since a search makes them for every candidate it scores
and renders only those it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Reason"]


@dataclass(frozen=True, slots=True)
class Reason:
    #: Dotted and stable ("eligibility.age.client_is"); clients of the API may rely on it.
    code: str
    #: (name, value) pairs of raw values: numbers, dates, datetimes, need slugs (tuples of
    #: them), strings the client gave, and the reasons a composed reason builds on.
    params: tuple[tuple[str, Any], ...] = ()
    #: The listing's own words, shown verbatim in every language.
    quote: str | None = None

    @classmethod
    def of(cls, code: str, quote: str | None = None, /, **params: Any) -> Reason:
        """A reason from keyword parameters, in the order given."""
        return cls(code, tuple(params.items()), quote)

    def get(self, name: str, default: Any = None) -> Any:
        """One parameter's value (``default`` when it has none)."""
        for key, value in self.params:
            if key == name:
                return value
        return default

    @property
    def values(self) -> dict[str, Any]:
        """The parameters as a dict."""
        return dict(self.params)
