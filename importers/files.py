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


def detect_encoding(path: Path) -> tuple[str, str | None]:
    """('utf-8-sig' | 'utf-8' | 'cp1252', problem) — decided by reading the whole file.

    UTF-8 is tried first because cp1252 decodes any byte string: a file that is not valid
    UTF-8 is read as cp1252 and the answer says so, so the report can warn about it.
    """
    with path.open("rb") as handle:
        head = handle.read(3)
        if head == codecs.BOM_UTF8:
            return "utf-8-sig", None
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        offset = 0
        try:
            while chunk := handle.read(CHUNK):
                decoder.decode(chunk)
                offset += len(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return "cp1252", f"not valid UTF-8 at byte {offset + exc.start}; read as Windows-1252"
    return "utf-8", None


@contextmanager
def open_text(path: Path, encoding: str) -> Iterator[TextIO]:
    """Open for the csv module: universal newlines off (csv handles CRLF and lone CR)."""
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
        try:
            yield text
        finally:
            text.detach()
