"""Field specs: how one flat field is read from a row, and the checks of a spec as written.

A spec is a column name or an object with one source (column, join, first, split,
template, value) and options (sep, default, empty, map, unmapped, zfill, date, taxonomy);
see the package docstring.
"""

from __future__ import annotations

import reprlib
import string
from dataclasses import dataclass
from typing import Any

from resource_directory.taxonomy import AIRS, OPEN_ELIGIBILITY

from ..records import ImportReport

#: A bad value is quoted in its message this short (a value may be a whole YAML tree).
_SHOWN = reprlib.Repr()
_SHOWN.maxstring = _SHOWN.maxother = 120
_SHOWN.maxlist = _SHOWN.maxdict = 6
_SHOWN.maxlevel = 3
#: Where a field's value comes from: exactly one of these keys per spec.
SOURCE_KINDS = ("column", "join", "first", "split", "template", "value")
MODIFIERS = ("sep", "default", "empty", "map", "unmapped", "zfill", "date", "taxonomy")
#: Vocabularies a ``terms`` field may read its codes (or, for AIRS, its names) in.
TAXONOMIES = (AIRS, OPEN_ELIGIBILITY)
#: Fields a mapping may fill that are no column of the flat format.
MAPPING_ONLY = ("terms",)


@dataclass(frozen=True)
class FieldSpec:
    """How one flat field is read from a row."""

    target: str
    kind: str  # one of SOURCE_KINDS
    sources: tuple[str, ...] = ()  # columns / dotted paths read
    value: str = ""  # the constant of kind "value"
    template: str = ""
    sep: str | None = None
    default: str = ""
    empty: frozenset[str] = frozenset()  # casefolded
    map: dict[str, str] | None = None  # casefolded keys
    drop_unmapped: bool = False
    zfill: int | None = None
    dates: tuple[str, ...] = ()
    taxonomy: str | None = None  # the vocabulary of a ``terms`` field

    @property
    def label(self) -> str:
        """The source's name for this field, in messages about a row."""
        return "+".join(self.sources) or self.target


def text(value: Any) -> str:
    """A scalar from YAML / JSON / a spreadsheet as the text a flat field holds."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class SpecChecker:
    """Reads specs as written in a mapping file, reporting each problem as ``invalid_mapping``
    with the mapping file, the key (and its line) and the value."""

    def __init__(self, file: str, report: ImportReport) -> None:
        self.file, self.report = file, report
        self.lines: dict[str, int] = {}
        self.failed = False

    def bad(self, key: str, value: Any, problem: str) -> None:
        self.failed = True
        shown = f"{key}: {_SHOWN.repr(value)}: " if key else ""
        self.report.error(
            self.file, self.lines.get(key), key or None, "invalid_mapping", shown + problem
        )

    def values(self, key: str, value: Any) -> list[str]:
        """A scalar or a list of scalars, as casefolded text."""
        items = value if isinstance(value, list) else [] if value is None else [value]
        if any(isinstance(v, dict | list) for v in items):
            self.bad(key, value, "must be a value or a list of values")
            return []
        return [text(v).casefold() for v in items]

    def spec(self, key: str, target: str, value: Any) -> FieldSpec | None:
        if isinstance(value, str) and value.strip() and target not in MAPPING_ONLY:
            return FieldSpec(target, "column", (value.strip(),))
        if target in MAPPING_ONLY and not isinstance(value, dict):
            self.bad(key, value, "must be a spec naming its taxonomy: {split: …, taxonomy: airs}")
            return None
        if not isinstance(value, dict):
            self.bad(key, value, "must be a column name or a spec such as {column: …}")
            return None
        kinds = [k for k in SOURCE_KINDS if k in value]
        unknown = [k for k in value if k not in SOURCE_KINDS and k not in MODIFIERS]
        for name in unknown:
            self.bad(f"{key}.{name}", value[name],
                     f"unknown key (sources: {', '.join(SOURCE_KINDS)}; "
                     f"options: {', '.join(MODIFIERS)})")  # fmt: skip
        if len(kinds) > 1:
            self.bad(key, value, f"give one of {', '.join(kinds)}, not several")
            return None
        if not kinds and "default" not in value:
            self.bad(key, value, f"needs a source: one of {', '.join(SOURCE_KINDS)} or default")
            return None
        kind = kinds[0] if kinds else "value"
        sources: tuple[str, ...] = ()
        template = constant = ""
        given = value.get(kind)
        if kind in ("column", "split"):
            sources = self.names(f"{key}.{kind}", [given] if isinstance(given, str) else given)
            if len(sources) != 1 and kind == "column":
                self.bad(f"{key}.{kind}", given, "must be one column name")
        elif kind in ("join", "first"):
            sources = self.names(f"{key}.{kind}", given)
        elif kind == "template":
            template = given if isinstance(given, str) else ""
            sources = self.template_names(f"{key}.template", given)
        else:
            constant = text(value.get("value", value.get("default")))
        return FieldSpec(
            target, kind, sources, value=constant, template=template,
            sep=self.sep(f"{key}.sep", value.get("sep")),
            default=text(value.get("default")),
            empty=frozenset(self.values(f"{key}.empty", value.get("empty"))),
            map=self.value_map(f"{key}.map", value.get("map")),
            drop_unmapped=self.unmapped(f"{key}.unmapped", value.get("unmapped", "keep")),
            zfill=self.zfill(f"{key}.zfill", value.get("zfill")),
            dates=tuple(self.dates(f"{key}.date", value.get("date"))),
            taxonomy=self.taxonomy(key, target, kind, value.get("taxonomy")),
        )  # fmt: skip

    def taxonomy(self, key: str, target: str, kind: str, value: Any) -> str | None:
        if target not in MAPPING_ONLY:
            if value is not None:
                self.bad(f"{key}.taxonomy", value, "only a terms field has a taxonomy")
            return None
        if value not in TAXONOMIES:
            self.bad(f"{key}.taxonomy", value, f"must be one of {', '.join(TAXONOMIES)}")
            return None
        if kind not in ("column", "split", "first", "join"):
            self.bad(key, kind, "terms are read from columns (column, split, first or join)")
        return value

    def names(self, key: str, value: Any) -> tuple[str, ...]:
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            self.bad(key, value, "must be a list of column names")
            return ()
        return tuple(v.strip() for v in value)

    def template_names(self, key: str, value: Any) -> tuple[str, ...]:
        try:
            names = [n for _, n, _, _ in string.Formatter().parse(value) if n is not None]
        except (TypeError, ValueError, AttributeError):
            names = []
        if not names or not all(n.strip() for n in names):
            self.bad(key, value, "must be a text naming columns in braces: 'Hours: {hours}'")
            return ()
        return tuple(dict.fromkeys(names))

    def sep(self, key: str, value: Any) -> str | None:
        if value is None or isinstance(value, str) and value:
            return value
        self.bad(key, value, "must be a non-empty text")
        return None

    def value_map(self, key: str, value: Any) -> dict[str, str] | None:
        if value is None:
            return None
        if not isinstance(value, dict) or any(isinstance(v, dict | list) for v in value.values()):
            self.bad(key, value, "must map source values to values")
            return None
        return {text(k).casefold(): text(v) for k, v in value.items()}

    def unmapped(self, key: str, value: Any) -> bool:
        if value not in ("keep", "drop"):
            self.bad(key, value, "must be keep or drop")
        return value == "drop"

    def zfill(self, key: str, value: Any) -> int | None:
        if value is None or isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        self.bad(key, value, "must be a positive whole number")
        return None

    def dates(self, key: str, value: Any) -> list[str]:
        formats = value if isinstance(value, list) else [] if value is None else [value]
        if not all(isinstance(f, str) and "%" in f for f in formats):
            self.bad(key, value, "must be strftime format(s) such as '%m/%d/%Y'")
            return []
        return formats
