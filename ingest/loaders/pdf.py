"""PDF documents via pypdf: text per page, then headings and paragraphs like a text letter.

Why per page: a citation of a PDF report must say which page the quoted paragraph is on, so
every line keeps its page number through the structure step.
"""

from __future__ import annotations

import logging
import re
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


_PAGE_NUMBER = re.compile(r"^(?:side\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:av|/)\s*\d{1,4})?$", re.IGNORECASE)
_EDGE = 3  # running headers/footers are among the first or last lines of a page


def _normalise(line: str) -> str:
    """A line with its digits blanked, so "Side 2 av 9" and "Side 3 av 9" count as the same line."""
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Remove page numbers and headers/footers repeated on most pages.

    Why: letters from Statsforvalteren repeat the sender, the case number and "Side N av M" on
    every page; left in, they look like headings and cut paragraphs that run across pages.
    """
    edge_counts: dict[str, int] = {}
    for lines in pages:
        content = [line for line in lines if line.strip()]
        for line in {_normalise(x) for x in content[:_EDGE] + content[-_EDGE:]}:
            edge_counts[line] = edge_counts.get(line, 0) + 1
    repeated = {line for line, count in edge_counts.items() if len(pages) >= 3 and count >= 0.6 * len(pages)}
    cleaned = []
    for lines in pages:
        content = [line for line in lines if line.strip()]
        edges = {id(x) for x in content[:_EDGE] + content[-_EDGE:]}
        cleaned.append([
            line for line in lines
            if not (id(line) in edges and (_normalise(line) in repeated or _PAGE_NUMBER.match(line.strip())))
        ])
    return cleaned


def pdf_sections(path: Path) -> list[Section]:
    pages = strip_running_lines([page.replace("\r", "").split("\n") for page in pdf_pages(path)])
    lines: list[tuple[str, int | None]] = []
    for number, page_lines in enumerate(pages, start=1):
        # The end of a page is not a paragraph break: drop the blank lines around it.
        text = "\n".join(page_lines).strip("\n ")
        lines.extend((line, number) for line in text.split("\n") if text)
    return structure_lines(lines, infer_paragraphs=True)
