"""Domain exceptions, raised in the logic layer and mapped once to HTTP status / exit code."""

from __future__ import annotations

from collections.abc import Iterable


class DirectoryError(Exception):
    """Base class: a problem the user can act on, with a message fit to show them."""

    #: HTTP status the API answers with; the CLI exits 2 for bad input, 1 otherwise.
    status = 400


class InvalidInput(DirectoryError):
    """A request whose fields are wrong. ``fields`` maps each field to its messages."""

    def __init__(self, fields: dict[str, list[str]]):
        self.fields = fields
        super().__init__(
            "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in sorted(fields.items()))
        )


class UnknownNeed(InvalidInput):
    def __init__(self, unknown: Iterable[str], valid: Iterable[str]):
        self.unknown = sorted(set(unknown))
        self.valid = list(valid)
        super().__init__(
            {
                "needs": [
                    f"unknown need {', '.join(repr(u) for u in self.unknown)}; "
                    f"valid needs are: {', '.join(self.valid)}."
                ]
            }
        )


class GeocodeFailed(DirectoryError):
    """The client's location could not be found (never answered with a made-up point)."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.fields = {field: [message]}
        super().__init__(f"{field}: {message}")


class ImportRejected(DirectoryError):
    """An import had fatal errors; nothing was written. ``report`` lists every error."""

    status = 422

    def __init__(self, report):
        self.report = report
        super().__init__(f"import rejected: {len(report.errors)} error(s); nothing was written")


class NotFound(DirectoryError):
    status = 404
