"""Heading structure for plain text and PDF text, and heading sections → chunks for all documents.

Why heuristics: letters exported to text or PDF have no markup. Their headings are short lines
without final punctuation (a question mark is allowed: «Hva undersøkte vi?»), their paragraphs
are wrapped at a fixed width, and exports often put an empty line after every wrapped line.
Citations quote paragraphs under a heading, so both must be recovered reliably.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from bot.domain import BULLET, Chunk, Passage, with_list_items
from bot.privacy import redact
from ingest.chunking import DOCUMENT_CHUNK_CHARS, collapse, join_passages, make_chunk_id, pack_groups, render_passage
from ingest.loaders.meta import DocumentMeta

_BULLET = re.compile(r"^\s*([•●▪◦‣∙·■□➢►–\-*])\s+")
_SENTENCE_END = re.compile(r"[.!?:;»\")]$")
_HEADING_BAD_END = re.compile(r"[.,;:!]$")
_MAX_HEADING_CHARS = 90
_MAX_HEADING_WORDS = 12
_NO_DEHYPHEN = {"og", "eller", "til", "samt", "enn"}
# A heading on one §: "Til § 3", "Merknad til § 2", "12.3 Til § 3 Krav ...", "§ 6 a Opplysningsplikt".
_COMMENT_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:(?i:til|merknad(?:er)?\s+til|kommentar(?:ar|er)?\s+til)\s+)?"
    r"§\s*(\d+(?:-\d+)?)(?:\s*([a-z])\b)?"
)
_SECTION_REF = re.compile(r"^§?\s*(\d+(?:-\d+)?)\s*([a-z])?$")


@dataclass
class Section:
    """A heading (path of nested headings, without the document title) and its passages."""

    path: list[str]
    passages: list[Passage] = field(default_factory=list)
    anchor: str = ""  # the heading's id in an HTML page: the deep link is url#anchor


@dataclass
class _Line:
    text: str  # stripped
    raw: str
    page: int | None
    break_before: bool


def _logical_lines(lines: list[tuple[str, int | None]]) -> list[_Line]:
    """Drop blank lines but remember where a paragraph break was.

    "Double-spaced" exports put an empty line after every wrapped line and mark real paragraph
    breaks with a line holding only spaces; in that case only such lines count as breaks.
    """
    texts = [raw for raw, _ in lines if raw.strip()]
    empties = sum(1 for raw, _ in lines if raw == "")
    whitespace_only = sum(1 for raw, _ in lines if raw and not raw.strip())
    double_spaced = bool(texts) and empties >= 0.6 * len(texts) and whitespace_only > 0
    result: list[_Line] = []
    pending_break = True
    for raw, page in lines:
        if not raw.strip():
            if not double_spaced or raw != "":
                pending_break = True
            continue
        result.append(_Line(raw.strip(), raw.rstrip(), page, pending_break))
        pending_break = False
    return result


def _is_heading(line: _Line, prev: _Line | None, nxt: _Line | None, prev_is_heading: bool, typical: float) -> bool:
    text = line.text
    if len(text) < 2 or len(text) > _MAX_HEADING_CHARS or len(text.split()) > _MAX_HEADING_WORDS:
        return False
    if _BULLET.match(line.raw) or _HEADING_BAD_END.search(text):
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    if sum(c.isalpha() for c in text) < 2:
        return False
    if prev is not None and not (line.break_before or prev_is_heading or _SENTENCE_END.search(prev.text)):
        return False
    if nxt is not None and not nxt.break_before:
        if nxt.text[:1].islower():
            return False  # the sentence goes on in the next line
        if typical and len(text) >= 0.75 * typical:
            return False  # a full-width line: wrapped paragraph text, not a heading
    return True


def _join(previous: str, addition: str) -> str:
    """Rejoin a wrapped line; remove a hyphen only where a word was split across lines.

    "reetablerings-|fasen" → "reetableringsfasen"; "Nav-|kontoret" keeps its hyphen (a compound
    with a name or acronym); "plan- |og bygningsloven" keeps hyphen and space.
    """
    if previous.endswith("-") and addition[:1].islower():
        first_word = addition.split()[0]
        last_word = previous.split()[-1][:-1]
        if last_word.isalpha() and first_word not in _NO_DEHYPHEN:
            return previous + addition if not last_word.islower() else previous[:-1] + addition
    return f"{previous} {addition}"


def structure_lines(lines: list[tuple[str, int | None]], *, infer_paragraphs: bool = False) -> list[Section]:
    """Lines of text (with their PDF page) → heading sections with paragraph and bullet passages.

    `infer_paragraphs`: for PDF text, which has no blank lines, a short line ending a sentence
    also ends the paragraph.
    """
    logical = _logical_lines(lines)
    lengths = [len(line.text) for line in logical if len(line.text) > 20]
    typical = statistics.median(lengths) if lengths else 0
    sections: list[Section] = [Section(path=[])]
    current: Passage | None = None
    current_is_bullet = False
    prev_heading = False
    for index, line in enumerate(logical):
        prev = logical[index - 1] if index else None
        nxt = logical[index + 1] if index + 1 < len(logical) else None
        if _is_heading(line, prev, nxt, prev_heading, typical):
            sections.append(Section(path=[line.text]))
            current, prev_heading = None, True
            continue
        prev_heading = False
        bullet = _BULLET.match(line.raw)
        paragraph_end = bool(
            infer_paragraphs and prev is not None and _SENTENCE_END.search(prev.text)
            and len(prev.text) < 0.8 * typical
        )
        if current is not None and not line.break_before and not bullet:
            indented = line.raw[:1] in (" ", "\t")
            if not paragraph_end or (current_is_bullet and indented):
                current.text = _join(current.text, line.text)
                continue
        text = BULLET + _BULLET.sub("", line.raw, count=1).strip() if bullet else line.text
        current = Passage(text=text, page=line.page)
        current_is_bullet = bool(bullet)
        sections[-1].passages.append(current)
    return sections  # empty heading sections too: the first heading may be the document title


def commented_section(heading: str) -> str:
    """The data-name of the § a heading comments on ("Til § 6 a Opplysningsplikt" → "§6a"), or ""."""
    match = _COMMENT_HEADING.match(heading.strip())
    return f"§{match.group(1)}{match.group(2) or ''}" if match else ""


def section_key(reference: str) -> str:
    """A sidecar's "§ 3" / "3" / "§6a" as a data-name ("§3", "§6a"), or "" when it is not one."""
    match = _SECTION_REF.match(reference.strip())
    return f"§{match.group(1)}{match.group(2) or ''}" if match else ""


def _explained(path: list[str], meta: DocumentMeta) -> str:
    """The § a section explains: the nearest heading that names one, else the sidecar's only §."""
    if not meta.explains:
        return ""
    for heading in reversed(path):
        if key := commented_section(heading):
            return key
    keys = [k for k in (section_key(s) for s in meta.explains_sections) if k]
    return keys[0] if len(keys) == 1 else ""


def resolve_meta(path: Path, meta: DocumentMeta | None, first_heading: str) -> DocumentMeta:
    """Fill empty fields: doc_id from the file stem, title from the first heading or file name."""
    meta = meta or DocumentMeta()
    doc_id = meta.doc_id or path.stem
    title = meta.title or redact(first_heading) or path.stem.replace("_", " ").replace("-", " ")
    year = meta.year
    if year is None and re.match(r"^\d{4}", meta.published or ""):
        year = int(meta.published[:4])
    return meta.model_copy(update=dict(
        doc_id=doc_id,
        source_id=meta.source_id or doc_id,
        title=title,
        short_title=meta.short_title or title,
        language=meta.language or "nb",
        year=year,
    ))


def sections_to_chunks(sections: list[Section], meta: DocumentMeta) -> list[Chunk]:
    """One chunk per heading section (long ones split into windows of whole paragraphs).

    Identity numbers are masked here: nothing a document holds of that kind may reach the index.
    """
    chunks: list[Chunk] = []
    for section in sections:
        path = section.path[1:] if section.path[:1] == [meta.title] else section.path  # title is not a section
        path = [redact(h) for h in path]
        heading = path[-1] if path else ""
        passages = [p.model_copy(update={"text": redact(collapse(p.text))}) for p in section.passages if p.text.strip()]
        if not passages:
            continue
        windows = pack_groups(with_list_items(passages), lambda p: len(render_passage(p)), DOCUMENT_CHUNK_CHARS)
        explains = _explained(path, meta)
        url = f"{meta.url}#{section.anchor}" if meta.url and section.anchor else meta.url
        for part, window in enumerate(windows, start=1):
            chunks.append(Chunk(
                chunk_id=make_chunk_id(meta.doc_id, heading or "innledning", part),
                source_id=meta.source_id,
                doc_id=meta.doc_id,
                kind=meta.kind,
                title=meta.title,
                short_title=meta.short_title,
                section=heading,
                heading_path=[meta.title, *path],
                text=join_passages(heading, window),
                passages=window,
                language=meta.language,
                url=url,
                in_force=meta.in_force,
                last_changed=meta.last_changed,
                explains_doc_id=meta.explains if explains else "",
                explains_section_key=explains,
                published=meta.published,
                audience=meta.audience,
                bydel=meta.bydel,
                case_id=meta.case_id,
                item_id=meta.item_id,
                year=meta.year,
                page=window[0].page,
            ))
    return chunks
