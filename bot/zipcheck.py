"""Limits on zip containers (DOCX is one), checked from the central directory before any parsing.

Why: only the compressed size of an upload is limited, and a 97 KB .docx can hold gigabytes of XML
(a zip bomb) that python-docx would read and parse into memory. The central directory lists every
entry with its uncompressed size, and Python's zipfile never inflates an entry past the size the
directory declares (it fails with a CRC error instead), so summing the declared sizes bounds the
work. Reading the directory costs a few kilobytes, whatever the archive claims.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ZipLimits:
    max_entries: int = 1_000  # a large Word document has a few dozen parts
    max_total_bytes: int = 100 * 1_048_576  # everything, images included (python-docx loads all parts)
    max_entry_bytes: int = 25 * 1_048_576  # one part, e.g. word/document.xml (about 5,000 pages of text)


class ZipLimitError(ValueError):
    """The archive is over a limit; `reason` is a stable key ("entries", "total", "entry")."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def check_zip(source: bytes | Path, limits: ZipLimits = ZipLimits()) -> None:
    """Raise `ZipLimitError` when the archive is over `limits`, `zipfile.BadZipFile` when it is no zip."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    with zipfile.ZipFile(stream) as archive:
        entries = archive.infolist()
        if len(entries) > limits.max_entries:
            raise ZipLimitError("entries", f"{len(entries)} entries > {limits.max_entries}")
        total = 0
        for entry in entries:
            if entry.file_size > limits.max_entry_bytes:
                raise ZipLimitError("entry", f"{entry.filename!r} inflates to {entry.file_size} bytes")
            total += entry.file_size
            if total > limits.max_total_bytes:
                raise ZipLimitError("total", f"entries inflate to more than {limits.max_total_bytes} bytes")
