"""Reading agency files: hashing, encoding detection and newline handling, streamed."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

CHUNK = 1 << 20


def inside(folder: Path, path: Path) -> bool:
    """Is ``path`` a regular file within ``folder`` once every symlink is followed? (Not a
    resource path of "../../x.csv", an absolute one, a symlink out of the folder, or a
    FIFO that would block the reader forever.)"""
    try:
        resolved = path.resolve(strict=True)
        return resolved.is_relative_to(folder.resolve(strict=True)) and resolved.is_file()
    except (OSError, RuntimeError):  # missing, a symlink loop
        return False


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


#: A UTF-8 file with some damaged lines (a stray Windows-1252 byte pasted in, a file cut
#: inside a character): read line by line, each damaged line on its own (see
#: :func:`decode_line`), and reported by number.
UTF8_BY_LINE = "utf-8, damaged lines apart"
#: At most this many damaged lines are named in the warning; the rest are counted.
NAMED_LINES = 1000
_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n|$)")


#: Byte-order marks of the UTF-16 and UTF-32 encodings (UTF-32's first: it begins like
#: UTF-16's), and the codec that reads each (and drops its mark).
_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def detect_encoding(path: Path) -> tuple[str, str | None]:
    """('utf-8-sig' | 'utf-8' | 'utf-16' | 'utf-32' | 'cp1252' | UTF8_BY_LINE, problem) —
    from the whole file.

    Clean UTF-8 (with or without a BOM) is read as that. A file in which no line is both
    non-ASCII and valid UTF-8, and that decodes as Windows-1252, is a Windows-1252 file. Any
    other file is UTF-8 with damaged lines: the rest of it is read exactly, and the problem
    names each damaged line and how it was read. Every answer but clean UTF-8 comes with a
    problem to report.
    """
    with path.open("rb") as handle:
        head = handle.read(4)
    for mark, encoding in _UNICODE_BOMS:  # a spreadsheet saved as "Unicode text"
        if head.startswith(mark):
            if _first_error(path, encoding) is None:
                return encoding, None
            return encoding, f"not valid {encoding.upper()}: invalid bytes replaced"
    bom = head.startswith(codecs.BOM_UTF8)
    if _first_error(path, "utf-8") is None:  # the usual case, found at the decoder's speed
        return ("utf-8-sig" if bom else "utf-8"), None
    damaged: list[tuple[int, str]] = []
    any_utf8 = False
    for number, line in enumerate(_lines(path), 1):
        try:
            any_utf8 |= not line.decode("utf-8").isascii()
        except UnicodeDecodeError:
            damaged.append((number, decode_line(line)[1]))
    if not any_utf8 and not bom and _first_error(path, "cp1252") is None:
        return "cp1252", f"not valid UTF-8 (line {damaged[0][0]} first); read as Windows-1252"
    named = ", ".join(f"{number} ({how})" for number, how in damaged[:NAMED_LINES])
    more = f" and {len(damaged) - NAMED_LINES} more" if len(damaged) > NAMED_LINES else ""
    return UTF8_BY_LINE, f"UTF-8 with {len(damaged)} damaged line(s): {named}{more}"


def decode_line(line: bytes) -> tuple[str, str]:
    """(text, how) of a line that is not valid UTF-8: as Windows-1252 when it has no valid
    UTF-8 character beyond ASCII and decodes so (one pasted from a Windows program), else
    as UTF-8 with each invalid byte replaced by U+FFFD."""
    replaced = line.decode("utf-8", errors="replace")
    if not _cut_inside_a_character(line) and all(ord(c) < 0x80 or c == "\ufffd" for c in replaced):
        try:
            return line.decode("cp1252"), "read as Windows-1252"
        except UnicodeDecodeError:
            pass
    return replaced, "invalid bytes replaced with \ufffd"


def _cut_inside_a_character(line: bytes) -> bool:
    """Does the line end inside a UTF-8 character (a file cut short), its only damage?"""
    try:
        line.rstrip(b"\r\n").decode("utf-8")
    except UnicodeDecodeError as error:
        return error.reason == "unexpected end of data"
    return False


def _lines(path: Path) -> Iterator[bytes]:
    """The file's physical lines (CRLF, lone CR or LF each end one), terminators kept."""
    rest = b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            data = rest + chunk
            # A CR at the chunk's end may be the first half of a CRLF: keep it for the next.
            cut = max(data.rfind(b"\n"), data.rfind(b"\r", 0, len(data) - 1))
            if cut < 0:
                rest = data
                continue
            yield from _split(data[: cut + 1])
            rest = data[cut + 1 :]
    if rest:
        yield from _split(rest)


def _split(data: bytes) -> Iterator[bytes]:
    for match in _LINE.finditer(data):
        if match.group():
            yield match.group()


def _first_error(path: Path, encoding: str) -> int | None:
    """Byte offset of the first byte the encoding cannot decode, or None."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(CHUNK):
                decoder.decode(chunk)
                offset += len(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return offset + exc.start
    return None


class _ByLine(io.TextIOBase):
    """A UTF-8 file with damaged lines as text: each line decoded on its own."""

    def __init__(self, path: Path):
        self._path = path
        self.seek(0)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if (offset, whence) != (0, io.SEEK_SET):
            raise io.UnsupportedOperation("a damaged UTF-8 file is read again from its start")
        self._lines = _lines(self._path)
        self._first = True
        self._pending = ""
        return 0

    def _next_line(self) -> str:
        line = next(self._lines, None)
        if line is None:
            return ""
        if self._first:
            self._first = False
            line = line.removeprefix(codecs.BOM_UTF8)
        try:
            return line.decode("utf-8")
        except UnicodeDecodeError:
            return decode_line(line)[0]

    def readline(self, size: int | None = -1) -> str:
        if self._pending:
            line, self._pending = self._pending, ""
            return line
        return self._next_line()

    def read(self, size: int | None = -1) -> str:
        if size is None or size < 0:
            return "".join(iter(self.readline, ""))
        parts, length = [self._pending], len(self._pending)
        while length < size and (line := self._next_line()):
            parts.append(line)
            length += len(line)
        text = "".join(parts)
        self._pending = text[size:]
        return text[:size]


@contextmanager
def open_text(path: Path, encoding: str) -> Iterator[TextIO]:
    """Open for the csv module: universal newlines off (csv handles CRLF and lone CR)."""
    if encoding == UTF8_BY_LINE:
        with _ByLine(path) as text:
            yield text  # type: ignore[misc]
        return
    errors = "replace" if encoding in {"utf-16", "utf-32"} else "strict"
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="")
        try:
            yield text
        finally:
            text.detach()


def read_all_text(path: Path, encoding: str) -> str:
    """A small file's whole text, decoded as :func:`detect_encoding` decided."""
    with open_text(path, encoding) as handle:
        return handle.read()


#: How deep JSON data may nest: records are a few levels deep, and a thousand levels make
#: Python's parser (and any walk over what it read) fail with RecursionError.
MAX_JSON_DEPTH = 100
_LONG_NUMBER = re.compile(r"-?\d{1000,}")


class UnreadableJson(ValueError):
    """JSON that cannot be read: why (``str``), the line when known, and the error code."""

    def __init__(self, message: str, line: int | None = None, code: str = "invalid_json"):
        super().__init__(message)
        self.line, self.code = line, code


def parse_json(text: str) -> Any:
    """``json.loads`` with Python's limits as :class:`UnreadableJson`: nesting deeper than
    :data:`MAX_JSON_DEPTH`, and numbers of more digits than Python converts (4,300: none
    fits in any column anyway, ``number_out_of_range``)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableJson(f"not valid JSON: {exc.msg}", exc.lineno) from None
    except RecursionError:
        data = None  # nested too deep for the parser: said below
    except ValueError:  # the only other: an integer too long to convert
        found = _LONG_NUMBER.search(text)
        line = text.count("\n", 0, found.start()) + 1 if found else None
        digits = f"{len(found.group().lstrip('-')):,}-digit " if found else ""
        raise UnreadableJson(
            f"a {digits}number is beyond any the directory can hold", line,
            "number_out_of_range",
        ) from None  # fmt: skip
    else:
        if not _deeper_than(data, MAX_JSON_DEPTH):
            return data
    raise UnreadableJson(f"the data is nested over {MAX_JSON_DEPTH} levels deep")


def _deeper_than(data: Any, limit: int) -> bool:
    """Does ``data`` nest lists and objects more than ``limit`` levels deep? (No recursion.)"""
    level: list[Any] = [data]
    for _ in range(limit):
        level = [
            child
            for item in level
            if isinstance(item, dict | list)
            for child in (item.values() if isinstance(item, dict) else item)
            if isinstance(child, dict | list)
        ]
        if not level:
            return False
    return True


#: The longest value a CSV file may hold: the csv module's own default, set explicitly
#: because the limit is the whole process's and a library may raise it.
FIELD_LIMIT = 131_072


def csv_reader(handle: TextIO, **options):
    """A csv reader of the file, with values limited to ``FIELD_LIMIT`` characters."""
    csv.field_size_limit(FIELD_LIMIT)
    return csv.reader(handle, **options)


def csv_rows(reader, width: int, file: str, report) -> Iterator[tuple[int, list[str]]]:
    """(line, values) of each non-blank row of a csv reader whose header had ``width`` columns.

    ``line`` is the row's first physical line (quoted fields may span several). A row with
    values beyond the header is reported as ``too_many_values`` and left out; a shorter row
    is yielded as it is (many writers drop trailing empty cells) — unless it is the last
    and no other row is short: a file cut mid-row (``truncated_row``), or a quote opened and
    never closed, which swallows the rest of the file (``unclosed_quote``). A row the csv
    module cannot read (a field over its size limit) is reported and ends the file.
    """
    line = reader.line_num + 1
    delimiter = reader.dialect.delimiter
    held: tuple[int, list[str]] | None = None
    short_before = False
    try:
        for values in reader:
            if any(v.strip() for v in values):
                if held is not None:  # not the last: yielded as it is
                    short_before |= len(held[1]) < width
                    yield held
                    held = None
                if any(v.strip() for v in values[width:]):
                    report.error(
                        file, line, None, "too_many_values",
                        f"row has {len(values)} values but the header has {width} columns",
                    )  # fmt: skip
                elif (
                    len(values) < width
                    and (at := _swallowing(values, width, delimiter)) is not None
                ):
                    report.error(file, line, None, "unclosed_quote", _unclosed(at, line))
                else:
                    held = line, values
            line = reader.line_num + 1
    except csv.Error as error:
        report.error(file, line, None, *_unreadable(error))
    if held is None:
        return
    first, values = held
    short = len(values) < width
    if not short or (short_before and not _spans_lines(values[-1])):
        yield held
    elif _spans_lines(values[-1]):  # the rest of the file read into one value
        report.error(file, first, None, "unclosed_quote", _unclosed(len(values), first))
    else:
        report.error(
            file, first, None, "truncated_row",
            f"the last row has {len(values)} of the header's {width} values: the file "
            "seems cut short",
        )  # fmt: skip


def _spans_lines(value: str) -> bool:
    return "\n" in value or "\r" in value


def _swallowing(values: list[str], width: int, delimiter: str) -> int | None:
    """The number (from 1) of a value that holds whole rows of the file — lines with at
    least half a row's delimiters — read into it by a quote not closed; or None."""
    if len(values) >= width:
        return None
    enough = max(2, (width - 1) // 2)
    for number, value in enumerate(values, 1):
        if _spans_lines(value):
            if any(line.count(delimiter) >= enough for line in value.splitlines()[1:]):
                return number
    return None


def _unclosed(value: int, line: int) -> str:
    return (
        f"a quote opened in value {value} of line {line} is not closed where it should be: "
        "the lines after it were read into that value"
    )


def csv_header(reader, file: str = "", report=None) -> list[str]:
    """The header row of a csv reader; [] (and the problem reported, given a report) if it
    cannot be read."""
    try:
        return next(reader, [])
    except csv.Error as error:
        if report is not None:
            report.error(file, 1, None, *_unreadable(error))
        return []


def _unreadable(error: csv.Error) -> tuple[str, str]:
    """(code, message) for a row the csv module refuses."""
    if "field larger than field limit" in str(error):
        return "field_too_large", (
            f"a value is longer than {FIELD_LIMIT:,} characters; the rest of the file is not read"
        )
    return "malformed_csv", f"unreadable CSV ({error}); the rest of the file is not read"
