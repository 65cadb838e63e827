"""The mapping file: how a spreadsheet's or JSON feed's columns become flat-format fields.

Loaded from YAML or JSON and checked as a whole before any row is read; every problem is an
``invalid_mapping`` error naming the mapping file, the key (``fields.zip.zfill``) and its
line, and the value. See the package docstring for the format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from resource_directory.taxonomy import NEEDS_BY_SLUG

from ..flat import COLUMN_ALIASES, COLUMNS
from ..records import ImportReport
from .specs import MAPPING_ONLY, FieldSpec, SpecChecker, text

FORMATS = ("csv", "tsv", "xlsx", "json")
EXTENSIONS = {".csv": "csv", ".txt": "csv", ".tsv": "tsv", ".tab": "tsv", ".xlsx": "xlsx",
              ".xlsm": "xlsx", ".json": "json"}  # fmt: skip
TOP_KEYS = ("format", "records", "sheet", "header_row", "delimiter", "source", "need",
            "constants", "fields", "include", "exclude", "empty_values")  # fmt: skip


@dataclass(frozen=True)
class Mapping:
    path: Path
    format: str
    fields: dict[str, FieldSpec]
    records: str | None = None
    sheet: str | None = None
    header_row: int = 1
    delimiter: str | None = None
    source: str | None = None
    needs: tuple[str, ...] = ()
    include: dict[str, frozenset[str]] = field(default_factory=dict)
    exclude: dict[str, frozenset[str]] = field(default_factory=dict)
    empty_values: frozenset[str] = frozenset()
    #: Where each key was written ("fields.zip" → line), for messages.
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def column_uses(self) -> list[tuple[str, str]]:
        """(key, column) for every column the mapping reads, to check against the file."""
        uses = [(f"fields.{t}", c) for t, spec in self.fields.items() for c in spec.sources]
        for name in ("include", "exclude"):
            uses += [(f"{name}.{c}", c) for c in getattr(self, name)]
        return uses


#: A mapping is a page of keys: at most this many YAML aliases (a "billion laughs" of
#: aliases of aliases expands to gigabytes), this deep, and this long.
MAX_ALIASES, MAX_DEPTH, MAX_MAPPING_BYTES = 20, 32, 1 << 20


def load_mapping(path: Path, data_path: Path, report: ImportReport) -> Mapping | None:
    """Read and check a mapping file; None (after reporting every problem) when unusable."""
    checker = _Checker(path.name, report)
    try:
        if path.stat().st_size > MAX_MAPPING_BYTES:
            raise ValueError(f"it is over {MAX_MAPPING_BYTES:,} bytes")
        raw_text = path.read_text(encoding="utf-8-sig")
        if path.suffix.lower() == ".json":
            raw = json.loads(raw_text)
            if _depth(raw) > MAX_DEPTH:
                raise ValueError(f"it is nested over {MAX_DEPTH} levels deep")
        else:
            _check_yaml_shape(raw_text)
            raw = yaml.safe_load(raw_text)
            checker.lines = _key_lines(raw_text)
    except RecursionError:
        report.error(path.name, None, None, "invalid_mapping", "cannot read the mapping: "
                     f"it is nested over {MAX_DEPTH} levels deep")  # fmt: skip
        return None
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        report.error(path.name, None, None, "invalid_mapping", f"cannot read the mapping: {exc}")
        return None
    if not isinstance(raw, dict):
        checker.bad("", raw, "the mapping must be an object of keys (format, fields, …)")
        return None
    mapping = checker.mapping(path, data_path, raw)
    return None if checker.failed else mapping


def _check_yaml_shape(text: str) -> None:
    """Refuse, before building anything, YAML with too many aliases or too deep."""
    aliases = depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise ValueError(f"it uses over {MAX_ALIASES} YAML aliases")
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise ValueError(f"it is nested over {MAX_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _depth(value: object, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


class _Checker(SpecChecker):
    def mapping(self, path: Path, data_path: Path, raw: dict[str, Any]) -> Mapping:
        for key in raw:
            if key not in TOP_KEYS:
                self.bad(str(key), raw[key], f"unknown key (known: {', '.join(TOP_KEYS)})")
        fmt = raw.get("format") or EXTENSIONS.get(data_path.suffix.lower())
        if fmt not in FORMATS:
            self.bad("format", raw.get("format", data_path.suffix), f"choose {'|'.join(FORMATS)}")
        if raw.get("records") is not None and fmt != "json":
            self.bad("records", raw["records"], "only a JSON file has a records path")
        header_row = raw.get("header_row", 1)
        if not isinstance(header_row, int) or isinstance(header_row, bool) or header_row < 1:
            self.bad("header_row", header_row, "must be a row number from 1")
        delimiter = raw.get("delimiter")
        if delimiter == "tab":
            delimiter = "\t"
        if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
            self.bad("delimiter", delimiter, "must be one character (or 'tab')")
        needs = self.needs(raw.get("need"))
        fields = self.fields(raw.get("fields"), raw.get("constants") or {})
        return Mapping(
            path=path,
            format=fmt or "csv",
            fields=fields,
            records=self.string("records", raw.get("records")),
            sheet=self.string("sheet", raw.get("sheet")),
            header_row=header_row if isinstance(header_row, int) else 1,
            delimiter=delimiter,
            source=self.string("source", raw.get("source")),
            needs=needs,
            include=self.filters("include", raw.get("include")),
            exclude=self.filters("exclude", raw.get("exclude")),
            empty_values=frozenset(self.values("empty_values", raw.get("empty_values"))),
            lines=self.lines,
        )

    def string(self, key: str, value: Any) -> str | None:
        if value is None or isinstance(value, str) and value.strip():
            return value
        self.bad(key, value, "must be a non-empty text")
        return None

    def needs(self, value: Any) -> tuple[str, ...]:
        slugs = self.values("need", value)
        for slug in slugs:
            if slug not in NEEDS_BY_SLUG:
                self.bad("need", slug, f"not a need slug (valid: {', '.join(NEEDS_BY_SLUG)})")
        return tuple(s for s in slugs if s in NEEDS_BY_SLUG)

    def filters(self, key: str, value: Any) -> dict[str, frozenset[str]]:
        if value is None:
            return {}
        if not isinstance(value, dict) or not value:
            self.bad(key, value, "must map column names to the value(s) to keep or skip")
            return {}
        return {str(c): frozenset(self.values(f"{key}.{c}", v)) for c, v in value.items()}

    def fields(self, raw: Any, constants: Any) -> dict[str, FieldSpec]:
        specs: dict[str, FieldSpec] = {}
        if not isinstance(raw, dict) or not raw:
            self.bad("fields", raw, "must map flat fields (listing_id, organization …) to columns")
            raw = {}
        if not isinstance(constants, dict):
            self.bad("constants", constants, "must map flat fields to fixed values")
            constants = {}
        for target, value in constants.items():
            key = f"constants.{target}"
            target = COLUMN_ALIASES.get(target, target)
            if self.target(key, target) and target in raw:
                self.bad(key, value, "is also under fields; give it once")
            elif target in COLUMNS:
                specs[target] = self.constant(key, target, value)
        for written, value in raw.items():
            target = COLUMN_ALIASES.get(written, written)
            if self.target(f"fields.{written}", target):
                spec = self.spec(f"fields.{written}", target, value)
                if spec is not None:
                    specs[target] = spec
        if isinstance(raw, dict) and raw and "listing_id" not in raw:
            self.bad("fields", sorted(raw), "listing_id is required: a stable id for each row")
        return specs

    def target(self, key: str, target: Any) -> bool:
        if target in COLUMNS or target in MAPPING_ONLY and key.startswith("fields."):
            return True
        valid = ", ".join((*COLUMNS, *MAPPING_ONLY))
        self.bad(key, target, f"not a flat-format field (valid: {valid})")
        return False

    def constant(self, key: str, target: str, value: Any) -> FieldSpec:
        if isinstance(value, dict | list):
            self.bad(key, value, "a constant must be a single value")
        return FieldSpec(target, "value", value=text(value))


def _key_lines(source: str) -> dict[str, int]:
    """Dotted key → 1-based line in a YAML mapping file (top level and one level down)."""
    lines: dict[str, int] = {}

    def walk(node: Any, prefix: str, depth: int) -> None:
        if not isinstance(node, yaml.MappingNode) or depth > 2:
            return
        for key, value in node.value:
            name = f"{prefix}{key.value}"
            lines[name] = key.start_mark.line + 1
            walk(value, name + ".", depth + 1)

    try:
        walk(yaml.compose(source), "", 0)
    except yaml.YAMLError:  # pragma: no cover - safe_load already parsed it
        pass
    return lines
