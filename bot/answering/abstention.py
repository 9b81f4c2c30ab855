"""Decide whether the retrieved chunks give a basis for answering, or the bot must decline.

Why two signals: rankers always return *something*, so rank alone says nothing about relevance.
(1) IDF-weighted coverage: how much of the question's specific vocabulary the best chunk actually
holds (a question about "festlokale" and "julebord" is not answered by a chunk that only shares
"bydel"). (2) Answer kind: questions asking for a phone number, opening hours, a price or a future
date need such a fact in the passage; laws and a past inspection letter rarely hold one, and a
passage that merely shares topic words must not be passed off as the answer.
The threshold is calibrated on our own questions (bench/eval/own.jsonl), see `tilsynsbot eval`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain import SearchHit
from bot.retrieval.keyword import KeywordIndex
from bot.retrieval.text import LIGHT_WORDS, SYNONYMS, content_words, stem, to_bokmal

COVERAGE_THRESHOLD = 0.33  # calibrated on dev.jsonl + bench/eval/own.jsonl: off-topic questions scored 0.16–0.31, answerable ones ≥ 0.35
PART_CREDIT = 0.6  # a compound whose parts (or synonyms) are present counts partly
TOP_HITS = 3

# What a question asks for, and what a passage must contain to answer that kind of question.
ANSWER_KINDS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    ("phone", re.compile(r"\btelefon\w*|\btlf\b|\bringe\b|\bnummeret til\b|\bmobilnummer"),
     re.compile(r"\b\d{2} ?\d{2} ?\d{2} ?\d{2}\b|\b\d{3} ?\d{2} ?\d{3}\b|\btelefon")),
    ("hours", re.compile(r"\båpningstid\w*|\bopningstid\w*|\båpent\b|\bstenger\b|\båpner\b"),
     re.compile(r"\bkl\.? ?\d|\b\d{1,2}[:.]\d{2}\b|døgn|\bheilårs|\bhelårs|åpningstid")),
    ("price", re.compile(r"\bkoste[rt]?\b|\bpris(en|er)?\b|\bleie\b|\bkostnad\w*|\bbetale\b|\bgebyr\w*|\blønn\b"),
     re.compile(r"\bkr\b|\bkroner\b|\bgratis\b|\bbetaling\b|\begenandel|\bvederlag|\bgebyr|\d+ ?,-|\blønn")),
    ("schedule", re.compile(r"\bneste\b|\bkommende\b|\bplanlagt\w*|\bi morgen\b|\bi morgon\b"),
     re.compile(r"\bneste\b|\bkommende\b|\bplanlagt|\bframtidig")),
    ("person", re.compile(r"\b(hvem|kven) er\b.*\b(leder|lederen|leiar|leiaren|ordfører\w*|ordførar\w*|direktør\w*|"
                          r"sjef\w*|byråd\w*|kontaktperson\w*)\b|\bhva heter\b|\bkva heiter\b|\b(hvem|kven) vant\b"),
     re.compile(r"\bheter\b|\bheiter\b|\bved navn\b")),
    ("address", re.compile(r"\badresse\w*|\be-?post\b|\bhvor ligger\b|\bkvar ligg\b"),
     re.compile(r"@|\b\d{4} [A-ZÆØÅ]|\bgate\b|\bveien\b|\badresse")),
)


_COUNTED = re.compile(r"\b(?:hvor|kor) mange ([^\W\d_]+)")
_COUNT_WORD = re.compile(r"\b((?!(?:19|20)\d\d\b)\d+|én|ett|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|"
                         r"tretten|fjorten|femten|alle|samtlige|flere|enkelte|ingen)\s+(?:av\s+\w+\s+)?(\w+)")


def _states_count(text: str, noun: str) -> bool:
    """Does the text give a number of `noun` ("tre bydeler", "12 av totalt 15 bydeler")? "Hvor mange X"
    is only answered by a number of X, not by any passage that shares the topic."""
    key = stem(to_bokmal(noun))[:5]
    return any(stem(to_bokmal(m.group(2).lower())).startswith(key) for m in _COUNT_WORD.finditer(text.lower()))


@dataclass
class Judgement:
    answerable: bool
    coverage: float
    reason: str = ""  # "" | "no_hits" | "coverage" | one of ANSWER_KINDS' names


def question_kind(question: str) -> str:
    text = question.lower()
    for name, asks, _ in ANSWER_KINDS:
        if asks.search(text):
            return name
    return ""


def coverage(question: str, hit: SearchHit, keyword: KeywordIndex) -> float:
    """IDF-weighted share of the question's content words that the hit's chunk holds."""
    words = [w for w in dict.fromkeys(content_words(question)) if w not in LIGHT_WORDS]
    if not words:  # nothing asked beyond function words ("?", "hei"): nothing to be covered
        return 0.0
    present = keyword.chunk_terms(hit.chunk)
    total = covered = 0.0
    for word in words:
        key = stem(word)
        idf = keyword.term_idf(key)
        total += idf
        if key in present:
            covered += idf
            continue
        parts = keyword.analyzer.compound_parts(word)
        synonyms = [stem(to_bokmal(s)) for s in SYNONYMS.get(word, ())]
        if (parts and all(p in present for p in parts)) or any(s in present for s in synonyms):
            covered += PART_CREDIT * idf
    return covered / total if total else 1.0


def judge(
    question: str, hits: Sequence[SearchHit], keyword: KeywordIndex, *, threshold: float = COVERAGE_THRESHOLD
) -> Judgement:
    """Answerable when a top hit covers enough of the question and holds the kind of fact asked for."""
    if not hits:
        return Judgement(False, 0.0, "no_hits")
    if any(h.exact_reference for h in hits):
        return Judgement(True, 1.0)
    top = hits[:TOP_HITS]
    best = max(coverage(question, h, keyword) for h in top)
    kind = question_kind(question)
    if kind:
        evidence = next(e for name, _, e in ANSWER_KINDS if name == kind)
        if not any(evidence.search(h.chunk.text.lower()) for h in top):
            return Judgement(False, best, kind)
    counted = _COUNTED.search(question.lower())
    if counted and not any(_states_count(h.chunk.text, counted.group(1)) for h in top):
        return Judgement(False, best, "count")
    if best < threshold:
        return Judgement(False, best, "coverage")
    return Judgement(True, best)
