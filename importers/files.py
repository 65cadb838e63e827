"""Reading agency files: hashing, encoding detection and newline handling, streamed."""

from __future__ import annotations

import codecs
import hashlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

CHUNK = 1 << 20


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


#: Mostly UTF-8 with some invalid bytes (a file pasted together from several sources):
#: read as UTF-8, each invalid byte becoming U+FFFD, and reported.
UTF8_REPLACE = "utf-8 with replacement"


def detect_encoding(path: Path) -> tuple[str, str | None]:
    """('utf-8-sig' | 'utf-8' | 'cp1252' | UTF8_REPLACE, problem) — from the whole file.

    UTF-8 is tried first; a file that is not valid UTF-8 but decodes as Windows-1252 is read
    as that; a file that is neither (mixed encodings) is read as UTF-8 with its invalid bytes
    replaced. Every answer but clean UTF-8 comes with a problem to report.
    """
    with path.open("rb") as handle:
        head = handle.read(3)
        if head == codecs.BOM_UTF8:
            return "utf-8-sig", None
    utf8_error = _first_error(path, "utf-8")
    if utf8_error is None:
        return "utf-8", None
    if _first_error(path, "cp1252") is None:
        return "cp1252", f"not valid UTF-8 at byte {utf8_error}; read as Windows-1252"
    return UTF8_REPLACE, (
        f"mixed encodings: not valid UTF-8 at byte {utf8_error} nor Windows-1252; "
        "invalid bytes were replaced with \ufffd"
    )


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


@contextmanager
def open_text(path: Path, encoding: str) -> Iterator[TextIO]:
    """Open for the csv module: universal newlines off (csv handles CRLF and lone CR)."""
    errors = "strict"
    if encoding == UTF8_REPLACE:
        encoding, errors = "utf-8", "replace"
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


def csv_rows(reader, width: int, file: str, report) -> Iterator[tuple[int, list[str]]]:
    """(line, values) of each non-blank row of a csv reader whose header had ``width`` columns.

    ``line`` is the row's first physical line (quoted fields may span several). A row with
    values beyond the header is reported as ``too_many_values`` and left out; a shorter row
    is yielded as it is (many writers drop trailing empty cells).
    """
    line = reader.line_num + 1
    for values in reader:
        if any(v.strip() for v in values):
            if any(v.strip() for v in values[width:]):
                report.error(
                    file, line, None, "too_many_values",
                    f"row has {len(values)} values but the header has {width} columns",
                )  # fmt: skip
            else:
                yield line, values
        line = reader.line_num + 1
