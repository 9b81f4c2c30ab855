"""PDF documents via pypdf: text per page, then headings and paragraphs like a text letter.

Why per page: a citation of a PDF report must say which page the quoted paragraph is on, so
every line keeps its page number through the structure step.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError, PyPdfError

from bot.errors import SourceError
from bot.texts import ingest_parsing as texts
from ingest.loaders.structure import Section, structure_lines

log = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns loudly about harmless quirks


def pdf_pages(path: Path) -> list[str]:
    """Text of each page; corrupt, encrypted or image-only PDFs raise `SourceError`."""
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(texts.ENCRYPTED_PDF.format(file=path.name))
        pages = [page.extract_text() or "" for page in reader.pages]
    except FileNotDecryptedError as exc:
        raise SourceError(texts.ENCRYPTED_PDF.format(file=path.name), detail=str(exc)) from exc
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError, AssertionError) as exc:
        # pypdf signals damaged structure with several exception types; all mean "cannot read".
        raise SourceError(texts.CORRUPT_PDF.format(file=path.name), detail=f"{type(exc).__name__}: {exc}") from exc
    if not any(p.strip() for p in pages):
        raise SourceError(texts.SCANNED_PDF.format(file=path.name))
    return pages


def pdf_sections(path: Path) -> list[Section]:
    lines: list[tuple[str, int | None]] = []
    for number, page in enumerate(pdf_pages(path), start=1):
        lines.extend((line, number) for line in page.replace("\r", "").split("\n"))
    return structure_lines(lines, infer_paragraphs=True)
