"""Signals about one question and one candidate unit, shared by the ranker and the answer decision.

Why one module: the ranker (`bot.retrieval.ranker`) and the decision to answer or decline
(`bot.answering.abstention`) must read the same signal the same way; coverage computed twice would
drift apart. Every signal here means the same for any question: none is keyed on particular words.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping

from bot.domain import Chunk, SourceKind
from bot.retrieval.keyword import KeywordIndex
from bot.retrieval.probes import ProbeKeywordIndex
from bot.retrieval.references import ReferenceParser, chapters_named
from bot.retrieval.text import LIGHT_WORDS, SYNONYMS, content_words, stem, to_bokmal

PART_CREDIT = 0.6  # a compound whose parts (or a synonym) are present counts partly
LAW_KINDS = (SourceKind.LAW, SourceKind.REGULATION, SourceKind.AMENDING_ACT)


def question_words(question: str) -> list[str]:
    """The question's distinct content words (function and light words left out)."""
    return [w for w in dict.fromkeys(content_words(question)) if w not in LIGHT_WORDS]


def coverage(question: str, chunk: Chunk, keyword: KeywordIndex) -> float:
    """IDF-weighted share of the question's content words that the chunk holds (0 when nothing is asked)."""
    return best_coverage(question, (keyword.chunk_terms(chunk),), keyword)


def best_coverage(question: str, term_sets: Iterable[frozenset[str]], keyword: KeywordIndex) -> float:
    """The largest IDF-weighted share of the question's content words that any one of `term_sets` holds (0 when
    nothing is asked or no set is given). A compound whose parts (or a synonym) are present counts `PART_CREDIT`."""
    words = question_words(question)
    if not words:
        return 0.0
    weighed = [(stem(word), keyword.term_idf(stem(word)), keyword.analyzer.compound_parts(word),
                [stem(to_bokmal(s)) for s in SYNONYMS.get(word, ())]) for word in words]
    total = sum(idf for _, idf, _, _ in weighed)
    if total <= 0.0:  # every IDF is positive (BM25's smoothed IDF), so a question with words weighs something
        return 0.0
    best = 0.0
    for present in term_sets:
        covered = 0.0
        for key, idf, parts, synonyms in weighed:
            if key in present:
                covered += idf
            elif (parts and all(p in present for p in parts)) or any(s in present for s in synonyms):
                covered += PART_CREDIT * idf
        best = max(best, covered / total)
    return best


def heading_share(question: str, chunk: Chunk, keyword: KeywordIndex) -> float:
    """Share of the question's content words found in the unit's § title or document heading."""
    words = question_words(question)
    heading = " ".join([chunk.section_title, chunk.heading_path[-1] if chunk.heading_path else "", chunk.section])
    terms = set(keyword.analyzer.terms(heading))
    if not words or not terms:
        return 0.0
    return sum(1 for w in words if stem(w) in terms) / len(words)


def is_letter(chunk: Chunk) -> bool:
    """A unit from a document (the inspection letter, guidance), not from a law or regulation.

    A comment on a § (preparatory works, a circular: `explains_section_key`) answers a question about
    the law, so for the intent prior it counts with the law, not with the letter."""
    return chunk.kind not in LAW_KINDS and not chunk.explains_section_key


def without_named_law(features: Mapping[str, float]) -> dict[str, float]:
    """A unit's signals as `candidate_features` gives them when the question names no law (the one
    place that knows which signals a named law sets)."""
    return {**features, "named_law": 0.0, "other_law": 0.0}


def provision_of(chunk: Chunk) -> tuple[str, str]:
    """The provision a unit belongs to: (law, §) for law units (an amending act's unit belongs to the
    § it rewrites, a comment on a § to that §), (document, section) for other document units."""
    if chunk.amends_doc_id and chunk.amends_section_key:
        return chunk.amends_doc_id, chunk.amends_section_key
    if chunk.explains_section_key:
        return chunk.explains_doc_id or chunk.doc_id, chunk.explains_section_key
    return chunk.doc_id, chunk.section_key or chunk.chunk_id.rsplit("|", 1)[0]


def law_of(chunk: Chunk) -> str:
    """The law a unit belongs to: an amending act's unit belongs to the law it rewrites."""
    return chunk.amends_doc_id or chunk.doc_id


def made_to_apply(parser: ReferenceParser, provision: Chunk, chunk: Chunk) -> bool:
    """Whether `provision` names `chunk`'s § or chapter of its law ("Reglane i kommuneloven kapittel 30 gjeld for den
    tilsynsverksemda …" of krisesenterlova § 9, "kommuneloven § 25-1"): another law's unit it makes apply, not merely
    one of a law it names."""
    if provision.kind not in LAW_KINDS or law_of(chunk) not in parser.laws_named(provision.text):
        return False
    named = {ref.section_key for ref in parser.parse(provision.text) if ref.doc_id == law_of(chunk)}
    return chunk.section_key in named or chunk.section_key.removeprefix("§").split("-")[0] in chapters_named(provision.text)


def candidate_features(
    question: str,
    chunk: Chunk,
    keyword: KeywordIndex,
    *,
    kw_rank: int | None,
    kw_score: float,
    kw_best: float,
    dense_rank: int | None,
    dense_cos: float,
    dense_best: float,
    letter_intent: float,
    named_laws: Collection[str],
    probe_rank: int | None = None,
    probe_cos: float = 0.0,
    probe_kw_rank: int | None = None,
    probe_keyword: ProbeKeywordIndex | None = None,
    near_unanswered: float = math.nan,
    probed: bool = False,
) -> dict[str, float]:
    """The ranker's inputs for one candidate (names as in `bot.retrieval.ranker.RANK_FEATURES`, and
    `near_unanswered` and `probed`, inputs of the fusion and answer model only).
    `probe_keyword`: the index over each unit's curated questions (`bot.retrieval.probes`), for the
    share of the question's words that the unit's closest curated question holds (`probe_coverage`). `near_unanswered` is the
    question's, not the unit's (`HybridRetriever._near_unanswered`): carried with every candidate so
    the answer model reads it wherever the candidates' signals go."""
    letter = 1.0 if is_letter(chunk) else 0.0
    named = bool(named_laws)
    own_law = law_of(chunk) in named_laws or chunk.doc_id in named_laws
    return {
        "kw_rr": 1.0 / (1 + kw_rank) if kw_rank else 0.0,
        "dense_rr": 1.0 / (1 + dense_rank) if dense_rank else 0.0,
        "kw_rel": kw_score / kw_best if kw_best > 0 else 0.0,
        "dense_cos": dense_cos,
        "dense_gap": (dense_best - dense_cos) if dense_rank else 0.3,
        "coverage": coverage(question, chunk, keyword),
        "heading": heading_share(question, chunk, keyword),
        "letter": letter,
        "letter_intent": letter * letter_intent,
        "law_intent": (1.0 - letter) * (1.0 - letter_intent),
        "named_law": 1.0 if named and own_law else 0.0,
        "other_law": 1.0 if named and not own_law else 0.0,
        "amending": 1.0 if chunk.kind is SourceKind.AMENDING_ACT else 0.0,
        "probe_rr": 1.0 / (1 + probe_rank) if probe_rank else 0.0,
        "probe_cos": probe_cos,
        "probe_kw_rr": 1.0 / (1 + probe_kw_rank) if probe_kw_rank else 0.0,
        "probe_coverage": probe_coverage(question, chunk, probe_keyword),
        "near_unanswered": near_unanswered,
        "probed": 1.0 if probed else 0.0,  # the unit has curated questions (the probe lists can rank it)
    }


def probe_coverage(question: str, chunk: Chunk, probe_keyword: ProbeKeywordIndex | None) -> float:
    """The largest IDF-weighted share of the question's content words that any one curated question of `chunk` holds
    (0 when it has none). Why beside `coverage`: users ask in other words than the statute's, so a right unit often
    covers little of the question by its own text; its curated questions, written in users' words and reviewed
    against the unit, say what it answers. Why one question at a time, not all of them pooled: the pooled words grow
    with every question a unit gets (a letter passage with two hundred has most of the letter's vocabulary), so a
    question merely about the unit's subject was "covered" by words from different questions; one curated question
    that holds the asked words asks what the user asks. A signal for the decision to answer, never evidence quoted
    to the user."""
    if probe_keyword is None or chunk.chunk_id not in probe_keyword.position:
        return 0.0
    return best_coverage(question, probe_keyword.question_terms(chunk.chunk_id), probe_keyword)


SAME_PROVISION = 0.7  # share of an old ledd's words found in a new ledd for the new one to rewrite it


def rewrite_overlap(old: str, new: str) -> float:
    """Share of the old ledd's words found in a new ledd: high when the new one rewrites it."""
    wa, wb = set(content_words(old)), set(content_words(new))
    return len(wa & wb) / len(wa) if wa and wb else 0.0


def rewrites(amendment: Chunk, old: Chunk) -> bool:
    """Does an amending act's unit give new wording to this unit of the consolidated law? By content,
    not by ledd number: an amendment also renumbers ledd it leaves unchanged ("noverande andre ledd
    blir tredje ledd"), so the same number may hold another duty. A § without text (added by the
    amendment, only a heading in the consolidated law) is rewritten by all of its amendment units."""
    old_ledd: dict[int, list[str]] = {}
    for p in old.passages:
        if p.ledd is not None:
            old_ledd.setdefault(p.ledd, []).append(p.text)
    if not old_ledd:
        return True
    new_text = " ".join(p.text for p in amendment.passages if p.ledd is not None) or amendment.text
    return any(rewrite_overlap(" ".join(texts), new_text) >= SAME_PROVISION for texts in old_ledd.values())
