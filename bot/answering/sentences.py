"""Pick the 1–3 passages or sentences to quote from the top hits.

Why whole ledd where possible: a ledd is the unit Norwegian law is cited by, and quoting it whole
keeps conditions and exceptions together. Long ledd and letter paragraphs are cut into sentences
so a Slack answer stays short. Scoring is IDF-weighted overlap with the question's terms, with a
prior for better-ranked hits, so the quote comes from what retrieval trusted most.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.domain import Chunk, Passage, SearchHit, SourceKind
from bot.retrieval.keyword import KeywordIndex

MAX_UNIT_CHARS = 330  # longer ledd are split into sentences
LEDD_KINDS = (SourceKind.LAW, SourceKind.REGULATION, SourceKind.AMENDING_ACT)  # quoted by whole ledd
COUNT_BONUS = 0.3  # "hvor mange ...?": sentences that state a number answer it
_COUNT_QUESTION = re.compile(r"\b(hvor|kor) mange\b|\bantall\b|\bhvor (stor|stort) (andel|del)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\b(\d+|én|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|tretten|fjorten|femten)\b",
                     re.IGNORECASE)
MAX_QUOTE_CHARS = 600  # total quoted text in one answer
MAX_UNITS = 3
RANK_PRIOR = (0.2, 0.1, 0.05, 0.0)  # bonus for units from the 1st, 2nd, 3rd ... hit
FOLLOWER_SHARE = 0.6  # a further unit must score at least this share of the best one

# A sentence ends at . ! ? followed by a space and a capital letter or digit, except after abbreviations.
_ABBREV = "".join(rf"(?<!\b{a}\.)" for a in ("jf", "nr", r"bl\.a", r"f\.eks", "ca", "mv", "pkt", "res", "st", "ikr", "kap", "dvs", "m\.m"))
_SENTENCE_END = re.compile(_ABBREV + r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9«•])")


@dataclass
class Unit:
    """A quotable piece: one passage or one sentence of it, with where it came from."""

    hit_index: int
    passage: Passage | None
    text: str
    order: int  # position inside the chunk
    score: float = 0.0


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def quotable_passages(chunk: Chunk) -> list[Passage]:
    """Passages worth quoting. In an amending act, lines without a ledd are editing instructions
    ("§ 2 andre og tredje ledd skal lyde:"), not law, so they are left out when ledd exist."""
    if chunk.kind is SourceKind.AMENDING_ACT and any(p.ledd is not None for p in chunk.passages):
        return [p for p in chunk.passages if p.ledd is not None]
    return list(chunk.passages)


def is_empty_section(chunk: Chunk) -> bool:
    """A § that is only a heading in the consolidated text (e.g. added by a law not yet applied)."""
    return chunk.kind in (SourceKind.LAW, SourceKind.REGULATION) and all(p.ledd is None for p in chunk.passages)


def units_of(hit: SearchHit, hit_index: int) -> list[Unit]:
    """Quotable units of a hit: its passages (sentences of long ones), else sentences of its text."""
    chunk = hit.chunk
    passages = quotable_passages(chunk) or [Passage(text=p) for p in re.split(r"\n\s*\n", chunk.text) if p.strip()]
    units: list[Unit] = []
    for passage in passages:
        text = " ".join(passage.text.split())
        if not text:
            continue
        whole = chunk.kind in LEDD_KINDS and len(text) <= MAX_UNIT_CHARS
        pieces = [text] if whole else split_sentences(text)
        for piece in pieces:
            units.append(Unit(hit_index, passage, piece, len(units)))
    return units


def score_units(units: Sequence[Unit], terms: Mapping[str, float], keyword: KeywordIndex, question: str = "") -> None:
    """IDF-weighted share of the question's terms in each unit, plus the rank prior (and a count bonus)."""
    counting = bool(_COUNT_QUESTION.search(question))
    total = sum(keyword.term_idf(t) * w for t, w in terms.items()) or 1.0
    for unit in units:
        present = set(keyword.analyzer.terms(unit.text))
        overlap = sum(keyword.term_idf(t) * w for t, w in terms.items() if t in present)
        prior = RANK_PRIOR[min(unit.hit_index, len(RANK_PRIOR) - 1)]
        unit.score = overlap / total + prior
        if counting and _NUMBER.search(unit.text):
            unit.score += COUNT_BONUS


def select(units: Sequence[Unit], *, in_order: bool = False, budget: int = MAX_QUOTE_CHARS) -> list[Unit]:
    """The best unit plus up to two more that score nearly as well and fit the length budget.

    `in_order=True` (a § named without further topic words) quotes the hit's passages from the top.
    """
    if not units:
        return []
    if in_order:
        chosen: list[Unit] = []
        used = 0
        for unit in units:
            if chosen and (used + len(unit.text) > budget or len(chosen) >= MAX_UNITS):
                break
            chosen.append(unit)
            used += len(unit.text)
        return chosen
    ranked = sorted(units, key=lambda u: (-u.score, u.hit_index, u.order))
    best = ranked[0]
    chosen = [best]
    used = len(best.text)
    for unit in ranked[1:]:
        if len(chosen) >= MAX_UNITS or unit.score < FOLLOWER_SHARE * best.score or unit.score <= RANK_PRIOR[-1]:
            break
        if used + len(unit.text) > budget or unit.text in {u.text for u in chosen}:
            continue
        chosen.append(unit)
        used += len(unit.text)
    return sorted(chosen, key=lambda u: (u.hit_index, u.order))


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary with an ellipsis: quotes must stay readable in Slack."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"
