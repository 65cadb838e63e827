"""Domain exceptions, raised in the logic layer and mapped once to HTTP status / exit code.

:data:`OUTCOMES` is that one mapping: the web's error handler, the JSON API and the CLI all
read it (through :func:`outcome`), so a new exception is mapped in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class DirectoryError(Exception):
    """Base class: a problem the user can act on, with a message fit to show them."""

    #: What kind of problem, for programs (the JSON API's ``code``).
    code = "error"
    #: Field → messages, when the problem is in named fields of the request.
    fields: dict[str, list[str]] | None = None


class InvalidInput(DirectoryError):
    """A request whose fields are wrong. ``fields`` maps each field to its messages."""

    code = "invalid_input"

    def __init__(self, fields: dict[str, list[str]]):
        self.fields = fields
        super().__init__(
            "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in sorted(fields.items()))
        )


class UnknownNeed(InvalidInput):
    """Needs outside the vocabulary. The message quotes only the first few (shortened), so
    a request of a million made-up needs does not get a million back."""

    code = "unknown_need"
    #: How many unknown values a message quotes, and how much of each.
    SHOWN, SHOWN_CHARS = 5, 40

    def __init__(self, unknown: Iterable[str], valid: Iterable[str]):
        self.unknown = sorted(set(unknown))
        self.valid = list(valid)
        shown = ", ".join(repr(_shortened(u, self.SHOWN_CHARS)) for u in self.unknown[: self.SHOWN])
        if len(self.unknown) > self.SHOWN:
            shown += f" and {len(self.unknown) - self.SHOWN} more"
        super().__init__(
            {"needs": [f"unknown need {shown}; valid needs are: {', '.join(self.valid)}."]}
        )


def _shortened(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


class GeocodeFailed(DirectoryError):
    """The client's location could not be found (never answered with a made-up point)."""

    code = "geocode_failed"

    def __init__(self, field: str, message: str):
        self.field = field
        self.fields = {field: [message]}
        super().__init__(f"{field}: {message}")


class UnsupportedFormat(DirectoryError, ValueError):
    """A file whose format could not be detected, or is not one we read."""

    code = "unsupported_format"


class ImportRejected(DirectoryError):
    """An import had fatal errors; nothing was written but the record of its rejection.

    ``report`` lists every error; ``report.run_id`` is the rejected run's id (none for a
    dry run, which records nothing)."""

    code = "import_rejected"

    def __init__(self, report):
        self.report = report
        super().__init__(f"import rejected: {len(report.errors)} error(s); nothing was written")


class NotFound(DirectoryError):
    """No such record, or none the actor may see (the two are not told apart)."""

    code = "not_found"


class Forbidden(DirectoryError):
    """The actor may not do this (see :mod:`resource_directory.policy`)."""

    code = "forbidden"


@dataclass(frozen=True)
class Outcome:
    """What a face does with an exception: its HTTP status, its exit code, and whether the
    unit of work commits what the operation wrote before raising (a rejected import keeps
    the record of its rejection, and nothing else)."""

    http_status: int
    exit_code: int
    commit: bool = False


#: Exit codes: 1 rejected (nothing written), 2 bad usage or bad input.
OUTCOMES: dict[type[DirectoryError], Outcome] = {
    InvalidInput: Outcome(400, 2),
    GeocodeFailed: Outcome(400, 2),
    UnsupportedFormat: Outcome(400, 2),
    ImportRejected: Outcome(422, 1, commit=True),
    NotFound: Outcome(404, 1),
    Forbidden: Outcome(403, 1),
    DirectoryError: Outcome(400, 1),
}


def outcome(exc: DirectoryError) -> Outcome:
    """The outcome of ``exc``'s nearest class in :data:`OUTCOMES`."""
    for cls in type(exc).__mro__:
        if cls in OUTCOMES:
            return OUTCOMES[cls]
    raise TypeError(f"{type(exc).__name__} is not a DirectoryError")
