"""Amending acts from Norsk Lovtidend (e.g. LOV-2025-06-20-42) → one chunk per amended §.

Why: until Lovdata publishes a newer consolidated text, the new wording of a changed § exists
only inside the amending act, as `article.change` blocks ("§ 3 første og andre ledd skal lyde:")
and `article.futureLegalArticle` for new §§. Chunking them per amended § with `amends_doc_id`
and `amends_section_key` lets answers show the coming wording next to the current one.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.domain import Chunk, Passage, SourceKind
from bot.texts import ingest_parsing as texts
from ingest.chunking import join_passages, make_chunk_id, split_ledd, split_passages
from ingest.loaders.lovdata import _list_passages, article_header, ledd_passages, section_heading
from ingest.loaders.lovdata_common import (
    LovdataHeader,
    act_id_from_ref,
    clean,
    document_body,
    has_class,
    url_from_lovdata_path,
)
from ingest.loaders.meta import DocumentMeta

_PART_REF = re.compile(r"/(§[^/\s;]+)(?:/ledd/(\d+))?")
_KEY = re.compile(r"^§\s*(\d+(?:-\d+)?)\s*([a-zA-Z]*)$")
_IN_FORCE_WORDS = re.compile(r"i\s*kraft|gjeld(?:er)?\s+fr[åa]", re.IGNORECASE)
_CHANGE_ATTRS = ("data-change-part", "data-add-new-part", "data-move-part", "data-delete-part", "data-repeal-part")


def display_section(key: str) -> str:
    """`§5a` → `§ 5 a`, `§25-1` → `§ 25-1` (Lovdata's display form)."""
    match = _KEY.match(key)
    if not match:
        return key
    return f"§ {match.group(1)}" + (f" {match.group(2)}" if match.group(2) else "")


def short_date(iso: str) -> str:
    """`2026-01-01` → `1.1.2026`."""
    year, month, day = iso.split("-")
    return f"{int(day)}.{int(month)}.{year}"


@dataclass
class _Amended:
    key: str
    chapter: str
    url: str
    title: str = ""
    target_doc: str = ""
    passages: list[Passage] = field(default_factory=list)


def _targets(change: ET.Element) -> tuple[list[str], dict[str, list[int]]]:
    """Section keys a change touches (in order) and the new ledd numbers it gives wording to."""
    keys: list[str] = []
    ledd: dict[str, list[int]] = {}
    for attr in _CHANGE_ATTRS:
        for ref in (change.get(attr) or "").split():
            target = ref.split(";;")[0]  # a move names "from;;to": the § it comes from
            for match in _PART_REF.finditer(target):
                key = match.group(1)
                if key not in keys:
                    keys.append(key)
                if match.group(2) and attr in ("data-change-part", "data-add-new-part"):
                    ledd.setdefault(key, []).append(int(match.group(2)))
                break
    return keys, {k: sorted(set(v)) for k, v in ledd.items()}


def _collect(section_el: ET.Element, chapter: str, url: str, amended: dict[str, _Amended]) -> None:
    for change in section_el.iter("article"):
        if not has_class(change, "change"):
            continue
        keys, ledd_numbers = _targets(change)
        instructions = [Passage(text=clean(c)) for c in change if has_class(c, "defaultP") and clean(c)]
        future = [c for c in change if has_class(c, "futureLegalArticle")]
        for article in future:
            key = article.get("data-name") or ""
            if key and key not in keys:
                keys.append(key)
        if not keys:
            continue
        for key in keys:
            amended.setdefault(key, _Amended(key=key, chapter=chapter, url=url))
        # The instruction ("§ 3 første og andre ledd skal lyde:") belongs to every § it names.
        for key in keys:
            amended[key].passages.extend(instructions)
        legal_ps = [c for c in change if has_class(c, "legalP")]
        if legal_ps:
            target = amended[keys[0]]
            numbers = ledd_numbers.get(keys[0], [])
            for index, legal_p in enumerate(legal_ps):
                ledd = numbers[index] if len(numbers) == len(legal_ps) else index + 1
                target.passages.extend(ledd_passages(legal_p, ledd))
        for article in future:
            target = amended[article.get("data-name") or keys[0]]
            _, target.title = article_header(article)
            ledd = 0
            for child in article:
                if has_class(child, "legalP"):
                    ledd += 1
                    target.passages.extend(ledd_passages(child, ledd))


def parse_amending(root: ET.Element, header: LovdataHeader, meta: DocumentMeta, path: Path) -> list[Chunk]:
    """Chunks of an amending act: one per amended § plus one per other part (e.g. in-force rules)."""
    body = document_body(root, path)
    doc_id = meta.doc_id or header.doc_id
    in_force = meta.in_force or header.in_force
    amends = meta.amends or (header.changes_documents[0] if header.changes_documents else "")
    base = dict(
        source_id=meta.source_id or doc_id,
        doc_id=doc_id,
        kind=SourceKind.AMENDING_ACT,
        title=meta.title or header.title,
        short_title=meta.short_title or header.short_title or header.title,
        language=meta.language or header.language,
        in_force=in_force,
        last_changed=header.last_changed or meta.last_changed,
        audience=meta.audience,
        bydel=meta.bydel,
    )
    label = texts.NEW_WORDING_FROM.format(date=short_date(in_force)) if in_force else texts.NEW_WORDING
    chunks: list[Chunk] = []
    for section_el in body.iter("section"):
        chapter = section_heading(section_el)
        url = meta.url or url_from_lovdata_path(section_el.get("data-lovdata-URL") or "")
        document_changes = [c for c in section_el.iter("article") if has_class(c, "document-change")]
        if document_changes:
            amended: dict[str, _Amended] = {}
            for doc_change in document_changes:
                target_doc = act_id_from_ref(doc_change.get("data-document") or "") or amends
                before = set(amended)
                _collect(doc_change, chapter, url, amended)
                for key in set(amended) - before:
                    amended[key].target_doc = target_doc
            for item in amended.values():
                chunks.extend(_amended_chunks(item, base, label, item.target_doc or amends))
        else:
            chunks.extend(_part_chunks(section_el, chapter, url, base))
    return chunks


def _amended_chunks(item: _Amended, base: dict[str, Any], label: str, target_doc: str) -> list[Chunk]:
    display = display_section(item.key)
    section = f"{display} ({label})"
    header = " ".join(p for p in (display, item.title, f"({label})") if p)
    return [
        Chunk(
            **base,
            chunk_id=make_chunk_id(base["doc_id"], item.key, part),
            section_key=item.key,
            section=section,
            section_title=item.title,
            heading_path=[item.chapter, header] if item.chapter else [header],
            text=join_passages(header, window),
            passages=window,
            url=item.url,
            amends_doc_id=target_doc,
            amends_section_key=item.key,
        )
        for part, window in enumerate(split_ledd(item.passages), start=1)
    ]


def _part_chunks(section_el: ET.Element, chapter: str, url: str, base: dict[str, Any]) -> list[Chunk]:
    """A part of the act that changes no § (typically «II»: in force, transitional rules)."""
    passages: list[Passage] = []
    for child in section_el:
        if has_class(child, "legalP") or has_class(child, "defaultP"):
            passages.extend(ledd_passages(child, None))
        elif child.tag in ("ol", "ul"):
            passages.extend(_list_passages(child, None))
    if not passages:
        return []
    key = section_el.get("data-name") or chapter
    title = texts.IN_FORCE_PART if any(_IN_FORCE_WORDS.search(p.text) for p in passages) else ""
    header = " ".join(p for p in (chapter, title) if p)
    return [
        Chunk(
            **base,
            chunk_id=make_chunk_id(base["doc_id"], key, part),
            section_key=key,
            section=chapter,
            section_title=title,
            heading_path=[header],
            text=join_passages(header, window),
            passages=window,
            url=url,
        )
        for part, window in enumerate(split_passages(passages), start=1)
    ]
