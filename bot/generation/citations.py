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

# "[P1]", "[P1, P3]", "[p2; P4]", "[P 5]", "[P1 og P2]"
_CITE_GROUP = re.compile(r"\[\s*[Pp]\s*\d+(?:\s*(?:[,;]|og)\s*[Pp]?\s*\d+)*\s*\]")
_CITE_ID = re.compile(r"[Pp]?\s*(\d+)")

# One section number: 4, 25-1, 5 a, 5a (letters a-h only so "§ 4 i loven" is not "§ 4i").
_NUM = r"\d+(?:-\d+)?(?:\s?[a-h](?![\wæøå]))?"
# "§ 4", "§§ 2 og 3", "§§ 2, 3 og 4", "§§ 2–4", "§§ 30-1 til 30-6", "§ 5 a"
_SECTION_REF = re.compile(
    rf"(§§?)\s*({_NUM}(?:\s*(?:,|og|eller|til|–|—)\s*{_NUM})*)",
)
_NUM_RE = re.compile(_NUM)
_RANGE_SPLIT = re.compile(r"\s*(,|og|eller|til|–|—)\s*")

# A law name right before a § ("krisesenterlova § 4") or after it ("§ 4 i kommuneloven").
_LAW_WORD = r"[a-zæøå][a-zæøå\-]*?(?:lov|lova|loven|lovens|lovas|forskrift|forskrifta|forskriften)|pbl"
_LAW_BEFORE = re.compile(rf"({_LAW_WORD})\s*$", re.IGNORECASE)
_LAW_AFTER = re.compile(
    rf"^[^§.\n]{{0,40}}?\b(?:i|etter|jf\.?|ifølge)\s+({_LAW_WORD})\b", re.IGNORECASE
)
_GENERIC_LAW = {"lov", "forskrift"}  # "loven § 4": names no particular law
_ALIASES = {"pbl": "bygningslov"}

_URL = re.compile(r"https?://[^\s<>()\]]+")


def normalise_section(number: str) -> str:
    """'§ 5 a' / '5a' / '§25-1' -> '5a' / '25-1': the comparable form of a section number."""
    return re.sub(r"[\s§]", "", number).lower()


def law_stem(word: str) -> str:
    """'krisesenterlova', 'krisesenterloven' -> 'krisesenterlov'; the key for comparing law names."""
    word = word.lower().strip("-")
    if word in _ALIASES:
        return _ALIASES[word]
    for suffix in ("ens", "as", "en", "a", "s"):
        if word.endswith(suffix) and (word[: -len(suffix)].endswith(("lov", "forskrift"))):
            return word[: -len(suffix)]
    return word


def _expand(numbers: str) -> list[str]:
    """All section numbers in a list like '2, 3 og 4' or a range '2–4' (ranges of plain numbers)."""
    parts = _RANGE_SPLIT.split(numbers)
    found: list[str] = []
    previous: str | None = None
    range_pending = False
    for part in parts:
        if part in (",", "og", "eller"):
            continue
        if part in ("til", "–", "—"):
            range_pending = True
            continue
        match = _NUM_RE.fullmatch(part.strip())
        if not match:
            continue
        current = normalise_section(part)
        if range_pending and previous and previous.isdigit() and current.isdigit():
            low, high = int(previous), int(current)
            if 0 < high - low <= 30:
                found.extend(str(n) for n in range(low + 1, high))
        found.append(current)
        previous, range_pending = current, False
    return found


def _numbers(sign: str, numbers: str) -> list[str]:
    """Section numbers after '§' (one) or '§§' (a list or range; '§§ 2-4' is read as 2 to 4)."""
    if sign == "§":
        first = _NUM_RE.match(numbers)
        return [normalise_section(first.group(0))] if first else []
    single = re.fullmatch(r"(\d+)-(\d+)", numbers.strip())
    if single and int(single.group(1)) < int(single.group(2)):
        return _expand(f"{single.group(1)}–{single.group(2)}")
    return _expand(numbers)


@dataclass(frozen=True)
class SectionMention:
    """A § the text names, with the law named beside it (stem) or None when no law is named."""

    section: str
    law: str | None


def section_mentions(text: str) -> list[SectionMention]:
    """Every § the text names, e.g. 'kommuneloven § 25-1' -> SectionMention('25-1', 'kommunelov')."""
    mentions: list[SectionMention] = []
    for match in _SECTION_REF.finditer(text or ""):
        law: str | None = None
        before = _LAW_BEFORE.search(text[max(0, match.start() - 60) : match.start()])
        after = _LAW_AFTER.search(text[match.end() : match.end() + 80])
        if before:
            law = law_stem(before.group(1))
        elif after:
            law = law_stem(after.group(1))
        if law in _GENERIC_LAW:
            law = None
        mentions.extend(SectionMention(s, law) for s in _numbers(match.group(1), match.group(2)))
    return mentions


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
    for mention in section_mentions(text):
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
