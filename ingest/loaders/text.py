"""Plain text and Markdown documents → heading sections.

Why two readers in one module: both are line-based; plain text needs the heading heuristic
(letters exported from Word), Markdown has explicit `#` headings and list markers.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.domain import BULLET, Passage
from bot.errors import SourceError
from bot.texts import ingest_parsing as texts
from ingest.loaders.structure import Section, structure_lines

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_MD_INLINE = re.compile(r"(\*\*|__|`)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def read_text(path: Path) -> str:
    """Decode a text file: UTF-8 (with or without BOM), else Windows-1252 (older Norwegian files)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise SourceError(texts.FILE_MISSING.format(file=path.name), detail=str(exc)) from exc
    except OSError as exc:
        raise SourceError(texts.FILE_UNREADABLE.format(file=path.name, reason=exc.strerror), detail=str(exc)) from exc
    if b"\x00" in data:
        raise SourceError(texts.NOT_UTF8.format(file=path.name))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise SourceError(texts.EMPTY_FILE.format(file=path.name))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_sections(path: Path) -> list[Section]:
    return structure_lines([(line, None) for line in read_text(path).split("\n")])


def _md_inline(text: str) -> str:
    return _MD_INLINE.sub("", _MD_LINK.sub(r"\1", text)).strip()


def markdown_sections(path: Path) -> list[Section]:
    """`#` headings nest (the path keeps the chain); blank lines end paragraphs; list items are passages."""
    sections: list[Section] = [Section(path=[])]
    stack: list[tuple[int, str]] = []
    current: Passage | None = None
    in_code = False
    for raw in read_text(path).split("\n"):
        if raw.strip().startswith("```"):
            in_code = not in_code
            current = None
            continue
        heading = None if in_code else _MD_HEADING.match(raw)
        if heading:
            level, title = len(heading.group(1)), _md_inline(heading.group(2))
            stack = [(lvl, t) for lvl, t in stack if lvl < level] + [(level, title)]
            sections.append(Section(path=[t for _, t in stack]))
            current = None
            continue
        if not raw.strip():
            current = None
            continue
        item = _MD_ITEM.match(raw)
        text = _md_inline(raw[item.end():] if item else raw.lstrip("> "))
        if item or current is None:
            current = Passage(text=(BULLET + text) if item else text)
            sections[-1].passages.append(current)
        else:
            current.text = f"{current.text} {text}"
    return sections  # empty heading sections too: the first heading may be the document title
