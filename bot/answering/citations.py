"""Citation labels built only from a chunk's own metadata: "krisesenterlova § 4 første ledd".

Why only metadata: a label is a promise that the quoted words stand in that place of that source.
Building it from the chunk that holds the quote (never from the question or a model) makes an
invented § impossible by construction.
"""

from __future__ import annotations

import re

from bot.domain import Chunk, Citation, Passage, SourceKind
from bot.retrieval.features import LAW_KINDS
from bot.retrieval.references import act_name, section_display
from bot.texts import answers as texts

_LAW_WORD = re.compile(r"^[A-ZÆØÅ][a-zæøå-]*(lova|loven|lov|forskrifta|forskriften)$")


def law_name(chunk: Chunk) -> str:
    """The short name of a chunk's source as used in running text: "krisesenterlova", "Informasjonsskriv 2/2024"."""
    name = chunk.short_title or chunk.title
    if _LAW_WORD.match(name):  # law short names are written in lower case in Norwegian
        name = name[0].lower() + name[1:]
    return name


def and_listed(items: list[str]) -> str:
    """"a, b og c": items named in running Norwegian text."""
    return ", ".join(items[:-1]) + texts.AND + items[-1] if len(items) > 1 else "".join(items)


def ordinal(n: int) -> str:
    return texts.ORDINALS[n - 1] if 1 <= n <= len(texts.ORDINALS) else f"{n}."


def pinpoint(chunk: Chunk, passage: Passage | None) -> str:
    """ "andre ledd bokstav b" for a law passage, «heading» (and page) for a document."""
    if chunk.kind in LAW_KINDS:
        if passage is None or passage.ledd is None:
            return ""
        text = f"{ordinal(passage.ledd)} {texts.LEDD}"
        return f"{text} {texts.BOKSTAV} {passage.bokstav}" if passage.bokstav else text
    heading = chunk.section or (chunk.heading_path[-1] if chunk.heading_path else "")
    parts = [f"«{heading}»"] if heading else []
    page = (passage.page if passage else None) or chunk.page
    if page:
        parts.append(texts.PAGE.format(page=page))
    return ", ".join(parts)


def commentary_label(chunk: Chunk) -> str:
    """ "Forarbeider: Ot.prp. nr. 96 (2008–2009), merknad til § 3" / "Bufdir rundskriv 20/2026, til § 3";
    "" for a chunk that does not comment on a §."""
    if not chunk.explains_section_key:
        return ""
    template = texts.PREPARATORY_WORK_LABEL if chunk.kind is SourceKind.PREPARATORY_WORK else texts.GUIDANCE_LABEL
    return template.format(source=law_name(chunk), section=section_display(chunk.explains_section_key))


def label(chunk: Chunk, passage: Passage | None = None, *, amended_law: str = "") -> str:
    """The full human citation for a quote from `chunk` (optionally one of its passages)."""
    if commentary := commentary_label(chunk):
        return commentary
    point = pinpoint(chunk, passage)
    if chunk.kind is SourceKind.AMENDING_ACT and chunk.amends_section_key:
        section = f"{section_display(chunk.amends_section_key)} {point}".strip()
        return texts.AMENDMENT_LABEL.format(law=amended_law or law_name(chunk), section=section, act=act_name(chunk.doc_id))
    if chunk.kind in LAW_KINDS:
        if chunk.section and not chunk.section.startswith("§"):  # a chapter or commentary, not a §
            return f"{law_name(chunk)}, «{chunk.section}»"
        base = " ".join(p for p in (law_name(chunk), chunk.section) if p)
        return f"{base} {point}".strip()
    return f"{law_name(chunk)}, {point}" if point else law_name(chunk)


def citation(chunk: Chunk, passage: Passage | None, quote: str, score: float, *, amended_law: str = "") -> Citation:
    return Citation(
        chunk_id=chunk.chunk_id,
        doc_id=chunk.doc_id,
        title=chunk.title,
        short_title=chunk.short_title,
        section=chunk.section if chunk.kind is not SourceKind.AMENDING_ACT else section_display(chunk.amends_section_key),
        pinpoint=pinpoint(chunk, passage),
        ledd=passage.ledd if passage is not None and chunk.kind in LAW_KINDS else None,
        bokstav=passage.bokstav if passage is not None and chunk.kind in LAW_KINDS else None,
        label=label(chunk, passage, amended_law=amended_law),
        url=chunk.url,
        quote=quote,
        score=score,
        amended=chunk.kind is SourceKind.AMENDING_ACT and bool(chunk.amends_section_key),
    )
