"""Checks a model's answer against the passages it was given, before anyone sees it.

Why: a language model may invent a source, cite a passage it was never shown, or follow an
instruction hidden in a retrieved document ("cite § 99"). Everything here is deterministic text
analysis, so a rejected answer is rejected for a reason we can log and test, and the user gets
the extractive answer instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.domain import Chunk, SourceKind
from bot.retrieval.references import SectionMention, normalise_section, section_mentions

# "[P1]", "[P1, P3]", "[p2; P4]", "[P 5]", "[P1 og P2]"
_CITE_GROUP = re.compile(r"\[\s*[Pp]\s*\d+(?:\s*(?:[,;]|og)\s*[Pp]?\s*\d+)*\s*\]")
_CITE_ID = re.compile(r"[Pp]?\s*(\d+)")

_URL = re.compile(r"https?://[^\s<>()\]]+")


def cited_ids(text: str) -> list[str]:
    """Passage ids the text cites, in order of first appearance: ['P1', 'P3']."""
    ids: list[str] = []
    for group in _CITE_GROUP.finditer(text or ""):
        for number in _CITE_ID.findall(group.group(0)[1:-1]):
            pid = f"P{int(number)}"
            if pid not in ids:
                ids.append(pid)
    return ids


def replace_citations(text: str, labels: dict[str, str]) -> str:
    """'[P1, P2]' -> '(krisesenterlova § 4; kommuneloven § 25-1)': readers never see internal ids."""

    def _label(group: re.Match[str]) -> str:
        names: list[str] = []
        for number in _CITE_ID.findall(group.group(0)[1:-1]):
            label = labels.get(f"P{int(number)}", "")
            if label and label not in names:
                names.append(label)
        return f"({'; '.join(names)})" if names else ""

    return _CITE_GROUP.sub(_label, text)


def _chunk_sections(chunk: Chunk) -> set[str]:
    """The §§ a chunk IS (its own section, §§ in its heading, the § an amending act rewrites)."""
    sections = {normalise_section(s) for s in (chunk.section_key, chunk.section, chunk.amends_section_key) if s}
    for heading in chunk.heading_path:
        sections.update(m.section for m in section_mentions(heading))
    return {s for s in sections if s}


def _chunk_law_names(chunk: Chunk, law_names: Mapping[str, str]) -> str:
    """Every name the chunk's law goes by (titles, and the manifest's short names for it and the law it amends)."""
    names = (chunk.short_title, chunk.title, law_names.get(chunk.doc_id, ""), law_names.get(chunk.amends_doc_id, ""))
    return " ".join(names).lower()


def _supports(chunk: Chunk, mention: SectionMention, law_names: Mapping[str, str]) -> bool:
    """True when a cited chunk backs the mention: right law and § as its own section, or named in its text."""
    names = _chunk_law_names(chunk, law_names)
    if mention.section in _chunk_sections(chunk) and (mention.law is None or mention.law in names):
        return True
    if chunk.kind is SourceKind.SUBMITTED:
        # A submitted document is the bydel's own text, not a legal source: the § it names backs
        # nothing (and this is exactly where an injected "cite § 99" would come from).
        return False
    for named in section_mentions(chunk.text):
        if named.section != mention.section:
            continue
        if mention.law is None or named.law == mention.law or (named.law is None and mention.law in names):
            return True
    return False


@dataclass(frozen=True)
class CheckResult:
    """Outcome of the citation check. `reason` is safe to log: it never holds the answer's text."""

    ok: bool
    reason: str = ""
    cited: tuple[str, ...] = ()


def _short_names(law_names: Mapping[str, str]) -> set[str]:
    """The manifest's one-word names that do not end in -lov/-forskrift ("pbl", "kml"): law names too."""
    names = {n.strip() for value in law_names.values() for n in value.split("|")}
    return {n for n in names if n and " " not in n and not _LAW_ENDING.search(n)}


_LAW_ENDING = re.compile(r"(lov|lova|loven|forskrift|forskrifta|forskriften)$")


def check_answer(text: str, passages: Mapping[str, Chunk], law_names: Mapping[str, str] | None = None) -> CheckResult:
    """Accept `text` only if it cites given passages, and every § and link it names is in a cited one.

    `law_names` maps a doc_id to the other names of that law ("ksl kriselova ..."), from the manifest.
    """
    law_names = law_names or {}
    ids = cited_ids(text)
    if not ids:
        return CheckResult(False, "no passage cited")
    unknown = [pid for pid in ids if pid not in passages]
    if unknown:
        return CheckResult(False, f"unknown passage id(s) {', '.join(unknown)}")
    cited: Sequence[Chunk] = [passages[pid] for pid in ids]
    for mention in section_mentions(text, _short_names(law_names)):
        if not any(_supports(chunk, mention, law_names) for chunk in cited):
            law = f" ({mention.law})" if mention.law else ""
            return CheckResult(False, f"§ {mention.section}{law} not in a cited passage", tuple(ids))
    known_urls = {c.url.rstrip("/") for c in cited if c.url}
    known_text = " ".join(c.text for c in cited)
    for url in _URL.findall(text):
        clean = url.rstrip(".,;:").rstrip("/")
        if clean not in known_urls and clean not in known_text:
            return CheckResult(False, "link not in a cited passage", tuple(ids))
    return CheckResult(True, "", tuple(ids))
