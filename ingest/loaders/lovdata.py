"""Consolidated Lovdata laws and regulations (XHTML) → one chunk per `article.legalArticle`.

Why this shape: citations must name the § exactly as Lovdata does (`data-name`, never the
positional `id`, which shifts when a § is added), keep ledd and bokstav for pinpoints, and keep
footnotes and amendment notes out of the quotable text but available as metadata.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from bot.domain import Chunk, Passage
from bot.texts import ingest_parsing as texts
from ingest.chunking import collapse, join_passages, make_chunk_id, split_ledd, split_passages
from ingest.loaders.lovdata_common import (
    LovdataHeader,
    classes,
    clean,
    document_body,
    has_class,
    url_from_lovdata_path,
)
from ingest.loaders.lovdata_notes import note_text, pending_change
from ingest.loaders.meta import DocumentMeta

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LISTS = frozenset({"ol", "ul"})
_MIN_SECTION_CHARS = 120


def _child_lists(el: ET.Element) -> list[ET.Element]:
    """Lists directly below `el` (not lists inside those lists: they are handled recursively)."""
    found: list[ET.Element] = []
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if child.tag in _LISTS:
            found.append(child)
        else:
            found.extend(_child_lists(child))
    return found


def _list_passages(list_el: ET.Element, ledd: int | None, prefix: str = "") -> list[Passage]:
    """List items as separate passages; letters become `bokstav`, numbers stay in the text.

    A list inside a numbered item (pbl § 11-7 nr. 5 a, b) keeps its parent's number as prefix.
    """
    passages: list[Passage] = []
    for li in list_el:
        if li.tag != "li":
            continue
        label = (li.get("data-name") or li.get("data-li-identifier") or "").strip().rstrip(".)")
        bokstav = label if label.isalpha() and len(label) <= 2 and not prefix else None
        marker = "" if bokstav else (f"{prefix}{label}. " if label else "– ")
        text = collapse(_text_without_lists(li))
        if text:
            passages.append(Passage(text=marker + text, ledd=ledd, bokstav=bokstav))
        for nested in _child_lists(li):
            passages.extend(_list_passages(nested, ledd, prefix=f"{prefix}{label}." if label else prefix))
    return passages


def _text_without_lists(el: ET.Element) -> str:
    """Inline text of an element, leaving out nested lists, continuation paragraphs and notes."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        skip = child.tag in _LISTS or child.tag in _HEADINGS or has_class(child, "leddfortsettelse")
        skip = skip or bool(classes(child) & {"footnotereference", "footnotes", "footnote", "changesToParent"})
        if not skip:
            parts.append(" " if child.tag == "br" else _text_without_lists(child))
        parts.append(child.tail or "")
    return "".join(parts)


def ledd_passages(legal_p: ET.Element, ledd: int | None) -> list[Passage]:
    """One ledd: its own text, then each list item, then any text that continues after the list."""
    passages: list[Passage] = []
    own = collapse(_text_without_lists(legal_p))
    if own:
        passages.append(Passage(text=own, ledd=ledd))
    for child in legal_p:
        if not isinstance(child.tag, str):
            continue
        if child.tag in _LISTS:
            passages.extend(_list_passages(child, ledd))
        elif has_class(child, "leddfortsettelse"):
            text = clean(child)
            if text:
                passages.append(Passage(text=text, ledd=ledd))
        else:  # a list wrapped in another inline element: never drop its items
            for nested in _child_lists(child):
                passages.extend(_list_passages(nested, ledd))
    return passages


def footnotes_of(article: ET.Element) -> list[str]:
    """Footnotes as `[1] Frå 1 jan 2010 iflg. res. ...` (metadata, never part of the text)."""
    result = []
    for note in article.iter():
        if not has_class(note, "footnote"):
            continue
        parts = [note.text or ""]
        for child in note:
            if not has_class(child, "footnoteLabel"):
                parts.append("".join(child.itertext()))
            parts.append(child.tail or "")
        body = collapse("".join(parts))
        label = note.get("data-name", "")
        result.append(f"[{label}] {body}" if label else body)
    return result


def section_heading(section: ET.Element) -> str:
    for child in section:
        if child.tag in _HEADINGS:
            return clean(child)
    return ""


def article_header(article: ET.Element) -> tuple[str, str]:
    """(`§ 25-1`, `Internkontroll`) from the article's header spans."""
    value = title = ""
    for el in article.iter("span"):
        if has_class(el, "legalArticleValue") and not value:
            value = clean(el)
        elif has_class(el, "legalArticleTitle") and not title:
            title = clean(el)
    return value, title


def _walk(el: ET.Element, path: list[str], out: list[tuple[ET.Element, list[str]]]) -> None:
    """Collect legalArticles (and free-standing sections with text) with their chapter headings."""
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if has_class(child, "legalArticle"):
            out.append((child, path))
        elif child.tag == "section":
            heading = section_heading(child)
            sub_path = path + [heading] if heading else path
            if any(c.tag == "article" and classes(c) & {"legalP", "defaultP"} for c in child):
                out.append((child, sub_path))
            _walk(child, sub_path, out)
        elif child.tag not in _HEADINGS and child.tag != "footer":
            _walk(child, path, out)


def parse_consolidated(root: ET.Element, header: LovdataHeader, meta: DocumentMeta, path: Path) -> list[Chunk]:
    """Chunks of a consolidated law/regulation. `meta` fields override what the file says."""
    body = document_body(root, path)
    doc_id = meta.doc_id or header.doc_id
    base = dict(
        source_id=meta.source_id or doc_id,
        doc_id=doc_id,
        kind=meta.kind,
        title=meta.title or header.title,
        short_title=meta.short_title or header.short_title or header.title,
        language=meta.language or header.language,
        in_force=header.in_force or meta.in_force,
        last_changed=header.last_changed or meta.last_changed,
        audience=meta.audience,
        bydel=meta.bydel,
    )
    reference_date = header.last_changed or header.in_force
    found: list[tuple[ET.Element, list[str]]] = []
    _walk(body, [], found)
    chunks: list[Chunk] = []
    for el, chapters in found:
        if has_class(el, "legalArticle"):
            chunks.extend(_article_chunks(el, chapters, base, reference_date))
        else:
            chunks.extend(_section_chunks(el, chapters, base))
    return chunks


def _article_chunks(article: ET.Element, chapters: list[str], base: dict[str, Any], reference_date: str) -> list[Chunk]:
    key = article.get("data-name") or ""
    section, title = article_header(article)
    section = section or key.replace("§", "§ ")
    heading = f"{section} {title}".strip()
    passages: list[Passage] = []
    ledd = 0
    extra: list[ET.Element] = []
    notes: list[ET.Element] = []
    for child in article:
        if not isinstance(child.tag, str):
            continue
        if has_class(child, "legalP"):
            ledd += 1
            passages.extend(ledd_passages(child, ledd))
        elif has_class(child, "changesToParent"):
            notes.append(child)
        elif child.tag in _LISTS:
            passages.extend(_list_passages(child, None))
        elif child.tag == "article" and not classes(child) & {"footnotes", "footnote"}:
            extra.append(child)
    for el in extra:
        text = clean(el)
        if text:
            passages.append(Passage(text=text))
    note_texts = [note_text(n) for n in notes]
    pending = pending_change(notes, reference_date)
    if not passages:
        placeholder = texts.NO_TEXT_IN_CONSOLIDATED.format(note=" ".join(note_texts)).strip()
        passages = [Passage(text=placeholder)]
    url = url_from_lovdata_path(article.get("data-lovdata-URL") or "")
    chunks = []
    for part, window in enumerate(split_ledd(passages), start=1):
        chunks.append(Chunk(
            **base,
            chunk_id=make_chunk_id(base["doc_id"], key, part),
            section_key=key,
            section=section,
            section_title=title,
            heading_path=[*chapters, heading],
            text=join_passages(heading, window),
            passages=window,
            url=url,
            footnotes=footnotes_of(article),
            amendment_notes=note_texts,
            pending_change=pending.note if pending else "",
            pending_change_act=pending.act_id if pending else "",
            pending_change_in_force=pending.in_force if pending else "",
        ))
    return chunks


_COMMENT_MARKER = re.compile(r"^Til\s+(§+\s*[\w-]+(?:\s[a-z]\b)?)")


def _section_chunks(section_el: ET.Element, chapters: list[str], base: dict[str, Any]) -> list[Chunk]:
    """Text that stands in a chapter outside any § (e.g. a regulation's commentary) is kept too.

    Commentary is grouped by its "Til § 3" markers, so each chunk says which § it explains.
    """
    heading = chapters[-1] if chapters else ""
    passages = [
        Passage(text=clean(c)) for c in section_el
        if c.tag == "article" and classes(c) & {"legalP", "defaultP"} and clean(c)
    ]
    if sum(len(p.text) for p in passages) < _MIN_SECTION_CHARS:
        return []  # e.g. "Vedlegg: se her for å lese loven på nordsamisk" – nothing to answer from
    key = section_el.get("data-name") or (section_el.get("data-lovdata-URL") or "").rsplit("/", 1)[-1]
    url = url_from_lovdata_path(section_el.get("data-lovdata-URL") or "")
    groups: list[tuple[str, list[Passage]]] = [("", [])]
    for passage in passages:
        marker = _COMMENT_MARKER.match(passage.text)
        if marker and len(passage.text) < 40:
            groups.append((passage.text, []))
        else:
            groups[-1][1].append(passage)
    chunks: list[Chunk] = []
    for label, group in groups:
        if not group:
            continue
        section = f"{heading}: {label}" if label else heading
        group_key = f"{key}/{label.replace('Til ', '').replace(' ', '')}" if label else key
        for part, window in enumerate(split_passages(group), start=1):
            chunks.append(Chunk(
                **base,
                chunk_id=make_chunk_id(base["doc_id"], group_key, part),
                section_key=group_key,
                section=section,
                heading_path=[*chapters, label] if label else list(chapters),
                text=join_passages(section, window),
                passages=window,
                url=url,
            ))
    return chunks
