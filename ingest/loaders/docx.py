"""Word documents (.docx) via python-docx: heading styles give the sections.

Why styles: Word marks headings with styles ("Heading 1", in Norwegian Word "Overskrift 1"),
which is far more reliable than guessing from the text; lists and tables become passages.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import ParseError

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import OpcError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError

from bot.domain import BULLET, Passage
from bot.errors import SourceError
from bot.texts import ingest_parsing as texts
from bot.zipcheck import ZipLimitError, check_zip
from ingest.chunking import collapse
from ingest.loaders.structure import Section

_HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "tittel"}


def _open(path: Path) -> DocxDocument:
    try:
        check_zip(path)  # a zip bomb is refused from the directory, before python-docx inflates it
    except ZipLimitError as exc:
        raise SourceError(texts.DOCX_TOO_LARGE.format(file=path.name), detail=str(exc)) from exc
    except zipfile.BadZipFile as exc:
        raise SourceError(texts.CORRUPT_DOCX.format(file=path.name), detail=f"{type(exc).__name__}: {exc}") from exc
    try:
        return docx.Document(str(path))
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError, ParseError, LxmlError) as exc:
        # A missing part, a broken zip or broken XML inside it all mean the same to the user.
        raise SourceError(texts.CORRUPT_DOCX.format(file=path.name), detail=f"{type(exc).__name__}: {exc}") from exc


def _blocks(document: DocxDocument) -> list[Paragraph | Table]:
    """Paragraphs and tables in document order (python-docx lists them separately)."""
    return list(document.iter_inner_content())


def _level(paragraph: Paragraph) -> int | None:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if name.lower() in _TITLE_STYLES:
        return 0
    match = _HEADING_STYLE.match(name.strip())
    return int(match.group(1)) if match else None


def _is_list(paragraph: Paragraph) -> bool:
    name = ((paragraph.style.name if paragraph.style is not None else "") or "").lower()
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    return numbered or "list" in name or "liste" in name


def _table_rows(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = collapse(cell.text)
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows


def docx_title(path: Path) -> str:
    """The document's Title paragraph, else its core-properties title, else ``."""
    document = _open(path)
    for block in _blocks(document):
        if isinstance(block, Paragraph) and _level(block) == 0 and block.text.strip():
            return collapse(block.text)
    return collapse(document.core_properties.title or "")


def _bold_heading(paragraph: Paragraph, text: str) -> bool:
    """A short paragraph set entirely in bold, without final punctuation: a heading typed by hand."""
    runs = [r for r in paragraph.runs if r.text.strip()]
    bold = bool(runs) and all(r.bold or (r.style is not None and r.style.font.bold) for r in runs)
    return bold and len(text) <= 90 and not text.endswith((".", ",", ";", ":"))


def docx_sections(path: Path) -> list[Section]:
    """Sections by heading style; documents without any use short all-bold paragraphs instead."""
    document = _open(path)
    blocks = _blocks(document)
    styled = any(isinstance(b, Paragraph) and (_level(b) or 0) > 0 for b in blocks)
    sections: list[Section] = [Section(path=[])]
    stack: list[tuple[int, str]] = []
    for block in blocks:
        if isinstance(block, Table):
            sections[-1].passages.extend(Passage(text=row) for row in _table_rows(block))
            continue
        text = collapse(block.text)
        if not text:
            continue
        level = _level(block)
        if level is None and not styled and _bold_heading(block, text):
            level = 1
        if level == 0:
            continue  # the title names the document, it is not a section
        if level is not None:
            stack = [(lvl, t) for lvl, t in stack if lvl < level] + [(level, text)]
            sections.append(Section(path=[t for _, t in stack]))
            continue
        sections[-1].passages.append(Passage(text=BULLET + text if _is_list(block) else text))
    return [s for s in sections if s.passages]


def docx_text(path: Path) -> str:
    document = _open(path)
    parts: list[str] = []
    for block in _blocks(document):
        if isinstance(block, Table):
            parts.extend(_table_rows(block))
        elif block.text.strip():
            parts.append(block.text)
    return "\n".join(parts)
