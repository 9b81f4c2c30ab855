"""How well one quotable sentence answers the question on its own: the gate for secondary quotes.

Why a second score beside the ranking score in `sentences.score_units`: that score carries a rank
prior and bonuses so the *best* quote comes from what retrieval trusted most. Whether a *further*
quote is worth the reader's time is a different question: it must cover the question's content
about as well as the best one, judged by the sentence itself (and its § heading), not by where its
chunk ranked. Two things make this work for Norwegian legal text:

* rare terms weigh more than common ones (IDF squared): "tolk" or "budsjett" say what a question is
  about far more than "plan" or "kommune", which occur in hundreds of §§;
* fixed expressions count as one concept: when the question's "individuell plan" stands together in
  a retrieved passage and is a fixed expression in the corpus, a sentence with only "individuell" (as in "individuell tilrettelegging") does
  not cover it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.retrieval.features import PART_CREDIT  # a synonym, or all parts of a compound, stand in this much
from bot.retrieval.keyword import KeywordIndex
from bot.retrieval.text import LIGHT_WORDS, SYNONYMS, content_words, stem, to_bokmal

DISTINCT_POWER = 2.0  # IDF exponent: the rarest words of a question decide what it is about
IDF_CAP = 5.0  # rarer than ~5 chunks in 600 says more about the asker's wording ("familie") than the topic
HEADING_BONUS = 0.5  # a concept also named in the unit's § heading adds this much (max 1 + this)
LOOSE_PHRASE = 0.3  # share of credit for the words of a phrase found apart from each other
PHRASE_MIN_CHUNKS = 3  # a word pair is a fixed expression when it stands together in this many chunks
PHRASE_SHARE = 0.2  # ... and in this share of the chunks that hold the rarer word
MIN_ASKED_SHARE = 1 / 3  # asked sentences with less of the concept weight take their topic from the scene (hand-set)


@dataclass(frozen=True)
class Concept:
    """One thing the question asks about: a single term or a phrase of adjacent terms. `alternatives`
    maps a term to stems that stand in for it (domain synonyms, or the parts of a compound)."""

    terms: tuple[str, ...]
    weight: float
    alternatives: tuple[tuple[str, tuple[str, ...]], ...] = ()


def term_sequence(text: str) -> list[str]:
    """Stemmed content terms of `text` in order (no compound parts), light verbs and numbers left out."""
    return [stem(w) for w in content_words(text) if w not in LIGHT_WORDS and not w.isdigit()]


def pairs_of(sequence: Sequence[str]) -> set[tuple[str, str]]:
    return {(a, b) for a, b in zip(sequence, sequence[1:], strict=False) if a != b}


def _question_terms(question: str, keyword: KeywordIndex) -> list[tuple[str, float, tuple[str, ...]]]:
    """(stem, idf, alternatives) per distinct content word. A word the sources use only through a
    synonym ("SF" for statsforvalteren) is as specific as that synonym, not as rare as the abbreviation."""
    out: dict[str, tuple[str, float, tuple[str, ...]]] = {}
    for word in content_words(question):
        if word in LIGHT_WORDS or word.isdigit():
            continue
        key = stem(word)
        synonyms = tuple(stem(to_bokmal(s)) for s in SYNONYMS.get(word, ()))
        idf = min([keyword.term_idf(key), *(keyword.term_idf(s) for s in synonyms), IDF_CAP])
        parts = keyword.analyzer.compound_parts(word)
        out.setdefault(key, (key, idf, synonyms + ((("+".join(parts)),) if parts else ())))
    return list(out.values())


def is_phrase(first: str, second: str, keyword: KeywordIndex) -> bool:
    """Do the two stems form a fixed expression in the corpus: adjacent in several chunks, and in a
    good share of the chunks holding the rarer of them ("individuell plan", "nære relasjonar")?"""
    together = keyword.pair_frequency(first, second)
    alone = min(keyword.document_frequency(first), keyword.document_frequency(second)) or 1
    return together >= PHRASE_MIN_CHUNKS and together >= PHRASE_SHARE * alone


def concepts(question: str, keyword: KeywordIndex, passages: Iterable[str]) -> list[Concept]:
    """The question's concepts. Adjacent question terms form a phrase when some retrieved passage
    holds them adjacent too (the passages tell which word pairs are fixed expressions here)."""
    asked = _question_terms(question, keyword)
    if not asked:
        return []
    seen: set[tuple[str, str]] = set()
    for text in passages:
        seen |= pairs_of(term_sequence(text))
    groups = [[asked[0]]]
    for previous, current in zip(asked, asked[1:], strict=False):
        if (previous[0], current[0]) in seen and is_phrase(previous[0], current[0], keyword):
            groups[-1].append(current)
        else:
            groups.append([current])
    return [Concept(tuple(t for t, _, _ in g), sum(i for _, i, _ in g) ** DISTINCT_POWER,
                    tuple((t, alt) for t, _, alt in g if alt)) for g in groups]


def asked_concepts(question: str, asked: str, keyword: KeywordIndex, passages: Iterable[str]) -> list[Concept]:
    """The concepts of what is asked (`asked`: the question's asked sentences), or of the whole question
    when those carry less than `MIN_ASKED_SHARE` of the whole question's concept weight.

    Why: what is asked decides which sentence answers ("Vi har ikke kommet langt med den nye
    samarbeidsavtalen. Hva anbefalte SF?" asks for the recommendation, not for the sentence echoing the
    scene); but an asked sentence that names next to nothing specific ("Vi har en bruker som trenger tolk.
    Hva må kommunen sørge for?": 13 % of the weight) leaves its topic to the scene."""
    passages = list(passages)
    whole = concepts(question, keyword, passages)
    if asked == question:
        return whole
    own = concepts(asked, keyword, passages)
    total = sum(c.weight for c in whole)
    return own if total and sum(c.weight for c in own) >= MIN_ASKED_SHARE * total else whole


def _present(term: str, concept: Concept, present: set[str]) -> float:
    if term in present:
        return 1.0
    for alternative in dict(concept.alternatives).get(term, ()):
        if all(part in present for part in alternative.split("+")):
            return PART_CREDIT
    return 0.0


def _credit(concept: Concept, present: set[str], pairs: set[tuple[str, str]], keyword: KeywordIndex) -> float:
    """1 when the concept is there (a phrase: with its words together), partial for loose words."""
    if len(concept.terms) == 1:
        return _present(concept.terms[0], concept, present)
    if pairs_of(concept.terms) & pairs:
        return 1.0
    mass = sum(keyword.term_idf(t) for t in concept.terms) or 1.0
    return LOOSE_PHRASE * sum(keyword.term_idf(t) * _present(t, concept, present) for t in concept.terms) / mass


def relevance(text: str, heading: str, question_concepts: Sequence[Concept], keyword: KeywordIndex) -> float:
    """Share (0..1) of the question's concept weight that `text` covers, its heading adding a bonus."""
    total = sum(c.weight for c in question_concepts)
    if not total:
        return 0.0
    own_seq = term_sequence(text)
    head_seq = term_sequence(heading) if heading else []
    own, own_pairs = set(own_seq) | set(keyword.analyzer.terms(text)), pairs_of(own_seq)
    head, head_pairs = set(head_seq), pairs_of(head_seq)
    score = 0.0
    for concept in question_concepts:
        score += concept.weight * (_credit(concept, own, own_pairs, keyword)
                                   + HEADING_BONUS * _credit(concept, head, head_pairs, keyword))
    return score / ((1 + HEADING_BONUS) * total)

